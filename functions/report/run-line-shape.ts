// Whether a parsed JSON value is a run line, judged member by member and bounded field by field, in the style of
// every store's reader (probe/stored-bounds.ts): the report, the notifier and `status` read lines written by other
// versions, by hand, or torn by a full disk, and anyone who can write a history folder can write any line. One
// wrong-typed member (`servers` as a string, `[null]`) crashed the report with exit 70; one out of bounds made it
// lie or swell: a latency of 1e300 ms printed as "1e+300", an id of 10,000 characters across the 80 columns, a
// hundred thousand server ids held a month of minutes each. A line is whole or it is skipped and counted, its first
// problem named; members a later version adds are kept, unread.
import {
  DAY_MS,
  PROVISIONING,
  RUN_LINE_INTEGRATION_ROLES,
  RUN_LINE_INTEGRATIONS_MAX,
  RUN_LINE_PROVISIONING_MAX,
  RUN_LINE_SIGN_IN_CHARS,
  RUN_LOG_MESSAGE,
  type RunLogLine,
} from '../contract';
import { isCount, isHttpStatus, isRecord, isText, isTime, type Problem } from '../probe/stored-bounds';

/** What is wrong with a value kept at `field`, or undefined. */
type Judge = (value: unknown, field: string) => Problem;

/**
 * More targets (servers, journeys, SAML apps) than any config probes: the report keeps a month of minutes for each
 * one a line names, so this bounds its memory (availability.ts keeps at most as many across the lines).
 */
export const MOST_TARGETS = 1000;
/** More failures than one run can list: a line holding them all would pass CloudWatch's 256 KB event. */
export const MOST_FAILURES = 10_000;
/** More checks than one run counts (passed, failed, skipped), and more metrics than it publishes. */
const MOST_CHECKS = 100_000;
/** The System Log changes a failure names: the writer keeps 5. */
const MOST_CHANGES = 16;
/** Apps of an org (25 pages of 200), leavers kept, and a leaver's age: the ledger's bounds, rounded up. */
const MOST_APPS = 10_000;
const MOST_LEAVERS = 100_000;
const MOST_LEAVER_HOURS = 24 * 366 * 10;

const judge =
  (ok: (value: unknown) => boolean, what: string): Judge =>
  (value, field) =>
    ok(value) ? undefined : `${field} is not ${what}`;
const matching = (pattern: RegExp, most: number) => (v: unknown) =>
  typeof v === 'string' && v.length <= most && pattern.test(v);

// A config's id (servers[], signIn[], samlApps[], samlGroups[]: the schema's pattern) and the registry's names.
const ID = /^[A-Za-z0-9_-]+$/;
const CHECK = /^[a-z][a-z0-9-]*$/;
const id = judge(matching(ID, 64), "a config's id (at most 64 letters, digits, _ or -)");
const checkName = judge(matching(CHECK, 64), 'a check name');
const code = judge(matching(/^[A-Z][A-Z0-9_]*$/, 64), 'a diagnosis code');
const text = judge(isText, 'a text of at most 4096 characters');
/** A text a report prints on one line: no line break, at most `most` characters. */
const oneLine = (most: number): Judge => judge(matching(/^[^\r\n]*$/, most), `one line of at most ${most} characters`);
/** An ISO time as toISOString writes it, that Date can hold: a report computes with it and prints it. */
const time = judge(
  (v) => matching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 24)(v) && isTime(Date.parse(v as string)),
  'an ISO time (2026-10-01T08:00:00.000Z)',
);
/** A time a run measured, whole ms: none lasts a day, the longest `run --every` repeats. */
const ms = judge((v) => isCount(v, DAY_MS), 'a whole number of ms below a day');
const count = (most: number): Judge => judge((v) => isCount(v, most), `a whole count up to ${most}`);
const requestId = judge(
  (v) => v === null || v === '[REDACTED]' || matching(ID, 36)(v),
  'an X-Okta-Request-Id (at most 36 letters, digits, _ or -) or null',
);
// The probe's org, or the simulator's on loopback.
const orgUrl = judge(matching(/^https?:\/\/[^\s/?#]+(\/\S*)?$/, 256), 'an http(s) address of at most 256 characters');
const constant =
  (...allowed: readonly unknown[]): Judge =>
  (value, field) =>
    allowed.includes(value) ? undefined : `${field} is none of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
const orNull =
  (inner: Judge): Judge =>
  (value, field) =>
    value === null ? undefined : inner(value, field);

const listOf =
  (item: Judge, most: number): Judge =>
  (value, field) => {
    if (!Array.isArray(value)) return `${field} is not a list`;
    if (value.length > most) return `${field} holds ${value.length} entries, more than ${most}`;
    for (let i = 0; i < value.length; i += 1) {
      const problem = item(value[i], `${field}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/** An object whose members named in `required` pass their judge, and those in `optional` when present. */
const shape =
  (required: Readonly<Record<string, Judge>>, optional: Readonly<Record<string, Judge>> = {}): Judge =>
  (value, field) => {
    if (!isRecord(value)) return `${field} is not an object`;
    for (const [key, inner] of Object.entries(required)) {
      const problem = inner(value[key], `${field}.${key}`);
      if (problem !== undefined) return problem;
    }
    for (const [key, inner] of Object.entries(optional)) {
      const problem = value[key] === undefined ? undefined : inner(value[key], `${field}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

const server = shape(
  { id, up: constant(0, 1), ms: orNull(ms) },
  { carried: constant(1), via: oneLine(RUN_LINE_SIGN_IN_CHARS.via), steps: oneLine(RUN_LINE_SIGN_IN_CHARS.steps) },
);

const failure = shape(
  { server: id, check: checkName, code, summary: text, remedy: text, requestId },
  {
    item: text,
    httpStatus: judge(isHttpStatus, 'an HTTP status'),
    detail: text,
    oktaReason: text,
    changes: listOf(text, MOST_CHANGES),
    withheld: constant('maintenance'),
    severity: constant('page', 'warn'),
    judgedAt: time,
    har: judge(matching(/^s3:\/\/[a-z0-9.-]{3,63}\/[\w./-]{1,512}$/, 600), 'an s3:// address'),
  },
);

const provisioning = shape(
  {
    apps: listOf(
      shape({ app: oneLine(120), features: listOf(oneLine(40), 4) }, { listed: id, group: id }),
      RUN_LINE_PROVISIONING_MAX,
    ),
  },
  { more: count(MOST_CHECKS) },
);

/** An app of provisioningHealth: its label and id (a line before them, its item as text), state, cause and figure. */
const provisioningApp: Judge = (value, field) =>
  shape(
    { status: constant('fail', 'warn', 'pass', 'n/a') },
    {
      app: oneLine(160),
      label: oneLine(120),
      id,
      state: constant('works', 'failing', 'connection disabled', 'app inactive', 'no provisioning seen'),
      cause: judge(matching(/^[a-z_]+$/, 40), 'a reason class'),
      code,
      pushes: count(PROVISIONING.maxWindowEvents),
      deactivations: count(PROVISIONING.maxWindowEvents),
      usersRefused: count(PROVISIONING.maxWindowEvents),
      openLeavers: count(MOST_LEAVERS),
      oldestLeaverHours: count(MOST_LEAVER_HOURS),
    },
  )(value, field) ??
  (isRecord(value) && value.app === undefined && (value.label === undefined || value.id === undefined)
    ? `${field} names no app (its label and id)`
    : undefined);

const provisioningHealth = shape(
  {
    appsFailing: count(MOST_APPS),
    openLeavers: count(MOST_LEAVERS),
    apps: listOf(provisioningApp, RUN_LINE_PROVISIONING_MAX),
  },
  { appsNotSeen: count(MOST_APPS), appsDisabled: count(MOST_APPS), more: count(MOST_APPS) },
);

/** The org's hooks and telephony providers the integration-health check judged: ids, roles and Okta's names. */
const integrationHealth = shape(
  {
    parts: listOf(
      shape(
        { id, role: constant(...RUN_LINE_INTEGRATION_ROLES), status: constant('fail', 'warn', 'pass', 'n/a') },
        { name: oneLine(120), code, quiet: constant(true) },
      ),
      RUN_LINE_INTEGRATIONS_MAX,
    ),
  },
  { more: count(MOST_CHECKS) },
);

/** A check of a server, as `flapping`, `skippedChecks` and `carriedChecks` name it. */
const serverCheck = judge(matching(/^[A-Za-z0-9_-]{1,64}\/[a-z][a-z0-9-]{0,63}$/, 129), 'server/check');

const runLine = shape(
  {
    level: constant('INFO', 'WARN', 'ERROR'),
    message: constant(RUN_LOG_MESSAGE),
    startedAt: time,
    durationMs: ms,
    orgUrl,
    passed: count(MOST_CHECKS),
    failed: count(MOST_CHECKS),
    skipped: count(MOST_CHECKS),
    failures: listOf(failure, MOST_FAILURES),
    metrics: shape({ published: count(MOST_CHECKS), emf: count(MOST_CHECKS) }, { publishError: text }),
  },
  {
    preparationMs: ms,
    initMs: ms,
    pending: listOf(id, MOST_TARGETS),
    servers: listOf(server, MOST_TARGETS),
    maintenance: shape({ until: time, reason: text }),
    maintenanceIgnored: text,
    flapping: listOf(serverCheck, MOST_FAILURES),
    skippedChecks: listOf(serverCheck, MOST_FAILURES),
    carriedChecks: listOf(serverCheck, MOST_FAILURES),
    covered: shape({}, { servers: listOf(id, MOST_TARGETS), checks: listOf(checkName, MOST_TARGETS) }),
    provisioning,
    provisioningHealth,
    integrationHealth,
  },
);

/** The first member of the value out of its type or bounds ("line.servers[2].ms is not ..."), or undefined. */
export function runLineProblem(value: unknown): Problem {
  return runLine(value, 'line');
}

/** The value as a run line when every member the readers use has its type and bounds; undefined otherwise. */
export function asRunLine(value: unknown): RunLogLine | undefined {
  return runLineProblem(value) === undefined ? (value as RunLogLine) : undefined;
}
