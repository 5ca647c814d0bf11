// A stored model read back (the Lambda's previous status-model.json from S3) as hostile input: anyone who can write
// the bucket can write anything, so every member is judged with its bounds and the first one out refuses the whole
// model. Refused, the model is built again from the next run: failing closed, the page says less, never more.
import { FAULT_OWNERS, RUN_LINE_INTEGRATION_ROLES } from '../contract';
import { isCode, isCount, isRecord } from '../probe/stored-bounds';
import {
  MOST_CATALOGUE_APPS,
  MOST_GROUP_APPS,
  MOST_LABEL,
  MOST_PARTS,
  MOST_RUNS,
  PART_KINDS,
  PART_STATES,
  STATUS_MODEL_VERSION,
  type StatusModel,
} from './model';

export type Judge = (value: unknown) => boolean;

export const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
export const time: Judge = (v) => typeof v === 'string' && ISO.test(v) && Number.isFinite(Date.parse(v));
export const oneOf =
  (allowed: readonly unknown[]): Judge =>
  (v) =>
    allowed.includes(v);
const label: Judge = (v) => typeof v === 'string' && v.length > 0 && v.length <= MOST_LABEL && !/[\r\n]/.test(v);
export const orgUrl: Judge = (v) =>
  typeof v === 'string' && v.length <= 256 && /^https?:\/\/[^\s/?#]+(\/\S*)?$/.test(v);

/** An object whose members pass their judges, the optional ones when present, and holding no other member. */
export const shape =
  (required: Readonly<Record<string, Judge>>, optional: Readonly<Record<string, Judge>> = {}): Judge =>
  (v) =>
    isRecord(v) &&
    Object.keys(v).every((key) => Object.hasOwn(required, key) || Object.hasOwn(optional, key)) &&
    Object.entries(required).every(([key, judge]) => judge(v[key])) &&
    Object.entries(optional).every(([key, judge]) => v[key] === undefined || judge(v[key]));

export const listOf =
  (item: Judge, most: number): Judge =>
  (v) =>
    Array.isArray(v) && v.length <= most && v.every(item);

const fault = shape({ code: isCode, owner: oneOf(FAULT_OWNERS) });
const app = shape({ label, state: oneOf(['failing', 'unknown']), since: time, fault });
const catalogueApp = shape({ label, state: oneOf(PART_STATES) }, { checkedAt: time });
const beside = shape(
  { api: (v) => typeof v === 'string' && ID.test(v), owner: oneOf(FAULT_OWNERS) },
  {
    okta: oneOf(['asset', 'status']),
  },
);
const part = shape(
  {
    id: (v) => typeof v === 'string' && ID.test(v),
    kind: oneOf(PART_KINDS),
    state: oneOf(PART_STATES),
    since: time,
    checkedAt: time,
  },
  {
    name: label,
    lastOkAt: time,
    role: oneOf(RUN_LINE_INTEGRATION_ROLES),
    fault,
    apps: listOf(app, MOST_GROUP_APPS),
    moreApps: (v) => isCount(v, 1_000_000),
    catalogue: listOf(catalogueApp, MOST_CATALOGUE_APPS),
    moreCatalogue: (v) => isCount(v, 1_000_000),
    beside,
  },
);
const model = shape({
  version: oneOf([STATUS_MODEL_VERSION]),
  orgUrl,
  lastRunAt: time,
  runs: (v) => isCount(v, MOST_RUNS),
  parts: listOf(part, MOST_PARTS),
});

/**
 * The model when every member has its type and bounds and no part is named twice; undefined otherwise. The one stored
 * format is the model itself (status-model.json): status.json is a rendering at a time, never read back.
 */
export function readStatusModel(raw: unknown): StatusModel | undefined {
  if (!model(raw)) return undefined;
  const read = raw as unknown as StatusModel;
  const keys = new Set(read.parts.map((p) => `${p.kind}/${p.id}`));
  if (keys.size !== read.parts.length) return undefined;
  // A part judged, or in its state, since a time after the model's last run is a forgery that would keep its state
  // for good.
  const last = Date.parse(read.lastRunAt);
  const honest = read.parts.every(
    (p) =>
      Date.parse(p.checkedAt) <= last &&
      Date.parse(p.since) <= last &&
      (p.lastOkAt === undefined || Date.parse(p.lastOkAt) <= last) &&
      (p.apps ?? []).every((app) => Date.parse(app.since) <= last) &&
      (p.catalogue ?? []).every((app) => app.checkedAt === undefined || Date.parse(app.checkedAt) <= last),
  );
  return honest ? read : undefined;
}
