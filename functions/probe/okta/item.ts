// What every kind of inventory item shares: a kind's verdict (one finding per item that needs action,
// and the facts its metrics read), and defensive readers of Okta's JSON: an item Okta sends without a field it
// should have is judged on what it has, never a crash. Which findings page is the registry's (plan/rows/inventory.ts).
import type { DiagnosisCode } from '../../contract';
import type { ListedProvisioning } from '../../types';
import { finding, jsonObject, type Finding, type Observed } from '../verdict';

/** One kind's judgement: a finding per item that needs action (healthy items are not listed) and its facts. */
export interface KindVerdict {
  readonly findings: readonly Finding[];
  readonly observed: Observed;
}

/** A kind that could not be read: why (a missing scope or role, a throttled bucket, Okta's error). */
interface KindUnavailable {
  readonly unavailable: Finding;
}

/** A kind's result, and the listed SAML apps its listing says provision users (app-certificates reads the listing). */
export type KindResult = (KindVerdict | KindUnavailable) & { readonly provisioning?: readonly ListedProvisioning[] };

/**
 * A finding about one item (a diagnosis each): `item` names it, for the run log, the dashboard and the
 * message's streak, and the detail a person reads begins with that name.
 */
export const itemFinding = (code: DiagnosisCode, item: string, rest: string): Finding =>
  finding(code, { item, detail: `${item}${rest}` });

/** How long ago an epoch-ms instant was, in the largest whole unit: "3 hours", "2 days". */
export function agoText(thenMs: number, now: number): string {
  const minutes = Math.max(0, Math.floor((now - thenMs) / 60_000));
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.floor(hours / 24)} days`;
}

/** The smallest of the numbers, or null for none: a kind's soonest expiry. */
export function soonest(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.min(...known);
}

/**
 * The features of an app (Application.features, "Enabled app features", okta-sdk-nodejs oas-spec/management.yaml)
 * under which an assignment creates an account in the app: Provisioning > To App > Create Users (PUSH_NEW_USERS),
 * and its variant for users not yet activated (PUSH_PENDING_USERS). The spec's "USER_PROVISIONING" is the name of
 * the feature object at /api/v1/apps/{appId}/features, which would cost a request per app.
 */
export const PROVISIONING_FEATURES = ['PUSH_NEW_USERS', 'PUSH_PENDING_USERS'] as const;
export type ProvisioningFeature = (typeof PROVISIONING_FEATURES)[number];

/** The provisioning features in an answer's `features`, hostile input: only the known names, each once. */
export function provisioningFeatures(features: unknown): ProvisioningFeature[] {
  if (!Array.isArray(features)) return [];
  return PROVISIONING_FEATURES.filter((name) => features.slice(0, MAX_FEATURES).includes(name));
}

/** The spec's enum names 31 features: a longer list is not Okta's, and only its start is read. */
const MAX_FEATURES = 64;

/** A JSON object's string field, or undefined. */
export function text(value: unknown, key: string): string | undefined {
  const field = record(value)?.[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}

/** A JSON object, or undefined (arrays and primitives are not). */
export const record = jsonObject;

/** The objects of a list answer; anything else in it is skipped. */
export function objects(body: unknown): Readonly<Record<string, unknown>>[] {
  return Array.isArray(body)
    ? body.flatMap((item: unknown) => {
        const r = record(item);
        return r === undefined ? [] : [r];
      })
    : [];
}

/** An item's name as a detail quotes it: Okta's text, one line, bounded. */
export function quote(name: string | undefined, fallback: string): string {
  const clean = (name ?? '')
    .replace(/[\r\n\t]+/g, ' ')
    .trim()
    .slice(0, 120);
  return clean === '' ? fallback : `"${clean}"`;
}

/** A kind's verdict with the reason its list stopped early, when it did: that stop warns beside the items. */
export function withStop(verdict: KindVerdict, stopped: Finding | undefined): KindVerdict {
  return stopped === undefined ? verdict : { ...verdict, findings: [...verdict.findings, stopped] };
}
