// Whether a parsed JSON value is a run line, judged member by member: the report, the notifier and
// `status` read lines written by other versions, by hand, or torn by a full disk, and one wrong-typed member
// (`servers` as a string, `[null]`, `failures: [null]`, `pending: 5`) crashed the report with exit 70. A line
// is whole or it is skipped and counted; members a later version adds are kept, unread.
import { RUN_LOG_MESSAGE, type RunLogLine } from '../contract';

type Judge = (value: unknown) => boolean;

const isString: Judge = (v) => typeof v === 'string';
const isCount: Judge = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf =
  (item: Judge): Judge =>
  (v) =>
    Array.isArray(v) && v.every(item);
const orNull =
  (judge: Judge): Judge =>
  (v) =>
    v === null || judge(v);

/** An object whose members named in `required` pass their judge, and those in `optional` when present. */
function shape(
  required: Readonly<Record<string, Judge>>,
  optional: Readonly<Record<string, Judge>> = {},
): (v: unknown) => boolean {
  return (v) =>
    isObject(v) &&
    Object.entries(required).every(([key, judge]) => judge(v[key])) &&
    Object.entries(optional).every(([key, judge]) => v[key] === undefined || judge(v[key]));
}

const isServer = shape(
  { id: isString, up: (v) => v === 0 || v === 1, ms: orNull(isCount) },
  { carried: (v) => v === 1, via: isString, steps: isString },
);

const isFailure = shape(
  {
    server: isString,
    check: isString,
    code: isString,
    summary: isString,
    remedy: isString,
    requestId: orNull(isString),
  },
  {
    item: isString,
    httpStatus: (v) => Number.isInteger(v),
    detail: isString,
    oktaReason: isString,
    changes: listOf(isString),
    withheld: (v) => v === 'maintenance',
    judgedAt: isString,
    har: (v) => typeof v === 'string' && /^s3:\/\/[a-z0-9.-]{3,63}\/[\w./-]{1,512}$/.test(v),
  },
);

const isRunLine = shape(
  {
    level: (v) => v === 'INFO' || v === 'WARN' || v === 'ERROR',
    message: (v) => v === RUN_LOG_MESSAGE,
    startedAt: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
    durationMs: isCount,
    orgUrl: isString,
    passed: isCount,
    failed: isCount,
    skipped: isCount,
    failures: listOf(isFailure),
    metrics: shape({ published: isCount, emf: isCount }, { publishError: isString }),
  },
  {
    preparationMs: isCount,
    initMs: isCount,
    pending: listOf(isString),
    servers: listOf(isServer),
    maintenance: shape({ until: isString, reason: isString }),
    maintenanceIgnored: isString,
    flapping: listOf(isString),
    covered: shape({}, { servers: listOf(isString), checks: listOf(isString) }),
    provisioning: shape(
      { apps: listOf(shape({ app: isString, features: listOf(isString) }, { listed: isString, group: isString })) },
      { more: isCount },
    ),
  },
);

/** The value as a run line when every member the readers use has its type; undefined otherwise. */
export function asRunLine(value: unknown): RunLogLine | undefined {
  return isRunLine(value) ? (value as RunLogLine) : undefined;
}
