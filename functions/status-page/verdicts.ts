// What one run line says of each thing watched: a verdict per part it judged, from the line's `servers` (each
// target's availability), its failures' codes and checks (never their texts), and what it covered. The fold
// (fold.ts) turns verdicts into states with their since.
import { STATUS_SERVER, type DiagnosisCode, type RunLogFailure, type RunLogLine } from '../contract';
import { NEVER_PAGES, pageCause } from '../diagnosis/page-cause';
import { AVAILABILITY_CHECKS, checkRow } from '../plan/check-table';
import { isCode } from '../probe/stored-bounds';
import {
  MOST_LABEL,
  PROVISIONING_PART,
  USER_SIGN_INS_PART,
  type PartFault,
  type PartKind,
  type PartState,
  type StatusPart,
} from './model';

/** A part an earlier run or the config made known: its id and kind. */
type Known = Pick<StatusPart, 'id' | 'kind'>;

/** What a run judged of one part: its state and fault, and a group's apps that are not ok. */
export interface Verdict {
  readonly id: string;
  readonly kind: PartKind;
  readonly state: PartState;
  readonly fault?: PartFault;
  readonly apps?: ReadonlyMap<string, { readonly state: Exclude<PartState, 'ok'>; readonly fault: PartFault }>;
  /** Apps not ok that the line counts without naming them. */
  readonly moreApps?: number;
}

/** The kinds a run line's `servers` and `pending` name: one id is one of them. */
export const TARGET_KINDS: readonly PartKind[] = ['journey', 'saml-app', 'server'];

/** A part's key in the model: its kind and id, so that a server's APIs and the server are two parts. */
export const partKey = (part: { readonly kind: PartKind; readonly id: string }): string => `${part.kind}/${part.id}`;

/** Whose fault a code is, for the page: the paging table's cause, our own side named as monitoring. */
function faultOf(code: RunLogFailure['code']): PartFault {
  const cause = pageCause(code);
  return { code, owner: cause === 'okta' ? 'okta' : cause === 'configuration' ? 'org' : 'monitoring' };
}

/** A fault's state: our own side's failure, or Okta's announced maintenance, judged nothing about callers. */
function stateOf(fault: PartFault): Exclude<PartState, 'ok'> {
  return fault.owner === 'monitoring' || NEVER_PAGES.has(fault.code) ? 'unknown' : 'failing';
}

/**
 * A group's codes that warn of something ahead (a certificate expiring, a SHA-1 signature): the app signs people in
 * today, so the page does not call it failing. A listed target's `up` already tells a warning from a failure.
 */
const AHEAD = /_EXPIRING$|_GRACE$|_WARNING$|_HEADROOM_LOW$|_SHA1_SIGNATURE$/;

const OWNER_ORDER = { okta: 0, org: 1, monitoring: 2 } as const;

/** The fault that explains a target's failure: an availability check's first, Okta's before the org's before ours. */
function worstFault(failures: readonly RunLogFailure[]): PartFault | undefined {
  const availability = failures.filter((f) => AVAILABILITY_CHECKS.includes(f.check));
  return worstOf((availability.length > 0 ? availability : failures).map((f) => faultOf(f.code)));
}

function worstOf(faults: readonly PartFault[]): PartFault | undefined {
  return [...faults].sort((a, b) => OWNER_ORDER[a.owner] - OWNER_ORDER[b.owner])[0];
}

/** A run line's target (server, journey, listed SAML app) as a kind: its failures' checks say, else how it ran. */
function kindOf(
  server: NonNullable<RunLogLine['servers']>[number],
  failures: readonly RunLogFailure[],
  known: ReadonlyMap<string, PartKind>,
): PartKind {
  for (const f of failures) {
    const target = checkRow(f.check).target;
    if (target === 'journey') return 'journey';
    if (target === 'saml') return 'saml-app';
  }
  if (server.via !== undefined || server.steps !== undefined) return 'journey';
  return known.get(server.id) ?? 'server';
}

/** Each target of the line's `servers`: ok when up, else its worst fault's state. */
function targetVerdicts(line: RunLogLine, known: ReadonlyMap<string, PartKind>): Verdict[] {
  return (line.servers ?? []).map((server) => {
    const failures = line.failures.filter((f) => f.server === server.id);
    const kind = kindOf(server, failures, known);
    if (server.up === 1) return { id: server.id, kind, state: 'ok' };
    const fault = worstFault(failures);
    // Down without a failure to explain it: a line another writer made. Never ok, and no owner guessed.
    if (fault === undefined) return { id: server.id, kind, state: 'failing' };
    return { id: server.id, kind, state: stateOf(fault), fault };
  });
}

/** Okta's status feed: an incident it reports is Okta's; the feed unread is our side's, and judges nothing. */
function feedVerdict(line: RunLogLine): Verdict {
  const fault = worstFault(line.failures.filter((f) => f.server === STATUS_SERVER));
  return fault === undefined
    ? { id: STATUS_SERVER, kind: 'okta', state: 'ok' }
    : { id: STATUS_SERVER, kind: 'okta', state: stateOf(fault), fault };
}

/**
 * The APIs a server's token reaches (`resources`): failing when the line names their failure; once known, ok when the
 * server issued a token and they passed, unknown when it could not (their check needs its token).
 */
function apiVerdicts(line: RunLogLine, known: readonly Known[]): Verdict[] {
  const byServer = new Map<string, RunLogFailure[]>();
  for (const f of line.failures)
    if (f.check === 'resource') byServer.set(f.server, [...(byServer.get(f.server) ?? []), f]);
  const failing = [...byServer].map(([id, failures]): Verdict => {
    const fault = worstFault(failures) as PartFault;
    return { id, kind: 'api', state: stateOf(fault), fault };
  });
  const passing = known
    .filter((p) => p.kind === 'api' && !byServer.has(p.id))
    .flatMap((p): Verdict[] => {
      const server = line.servers?.find((s) => s.id === p.id);
      return server === undefined ? [] : [{ id: p.id, kind: 'api', state: server.up === 1 ? 'ok' : 'unknown' }];
    });
  return [...failing, ...passing];
}

/** Real users' sign-ins, judged from the System Log: one part, whatever server read it; ok once known and quiet. */
function userSignInVerdict(line: RunLogLine, known: readonly Known[]): Verdict | undefined {
  const fault = worstFault(line.failures.filter((f) => f.check === 'user-sign-ins'));
  if (fault !== undefined) return { id: USER_SIGN_INS_PART, kind: 'user-sign-ins', state: stateOf(fault), fault };
  const seen = known.some((p) => p.kind === 'user-sign-ins');
  if (!seen || line.covered !== undefined) return undefined;
  return { id: USER_SIGN_INS_PART, kind: 'user-sign-ins', state: 'ok' };
}

/**
 * Each group of SAML apps with a failure: its apps by label, and a failure of the group itself (no item). A group
 * known from earlier runs and covered without a failure is ok: its working apps are never listed in a line.
 */
function groupVerdicts(line: RunLogLine, known: readonly Known[]): Verdict[] {
  const groups = new Map<string, RunLogFailure[]>();
  for (const f of line.failures)
    if (checkRow(f.check).target === 'saml-group') groups.set(f.server, [...(groups.get(f.server) ?? []), f]);
  const failing = [...groups].map(([id, failures]): Verdict => {
    const apps = new Map<string, { state: Exclude<PartState, 'ok'>; fault: PartFault }>();
    for (const f of failures) {
      if (f.item === undefined || AHEAD.test(f.code)) continue;
      const label = f.item.slice(0, MOST_LABEL);
      const fault = faultOf(f.code);
      if (!apps.has(label)) apps.set(label, { state: stateOf(fault), fault });
    }
    const own = worstFault(failures.filter((f) => f.item === undefined));
    const failing = [...apps.values()].some((app) => app.state === 'failing');
    const state: PartState = failing ? 'failing' : own !== undefined ? stateOf(own) : apps.size > 0 ? 'unknown' : 'ok';
    // The group's own failure, else its worst app's: whose fault it is and what callers hear.
    const fault = own ?? worstOf([...apps.values()].filter((app) => app.state === 'failing').map((app) => app.fault));
    return { id, kind: 'saml-group', state, ...(fault !== undefined && { fault }), apps };
  });
  const quiet = known
    .filter((p) => p.kind === 'saml-group' && !groups.has(p.id) && covers(line, p.id))
    .map((p): Verdict => ({ id: p.id, kind: 'saml-group', state: 'ok' }));
  return [...failing, ...quiet];
}

/**
 * Provisioning to the org's apps, one part: its apps failing by label with their cause (an app with leavers only is
 * IT's, on the dashboard: it stops no caller today), the rest of the line's count as more. Judged by a run whose line
 * carries the check's provisioningHealth, or the check's own failure (no item: it could not read Okta).
 */
function provisioningVerdict(line: RunLogLine): Verdict | undefined {
  const own = worstFault(line.failures.filter((f) => f.check === 'provisioning-health' && f.item === undefined));
  const health = line.provisioningHealth;
  const at = { id: PROVISIONING_PART, kind: 'provisioning' } as const;
  if (health === undefined) return own === undefined ? undefined : { ...at, state: stateOf(own), fault: own };
  const failing = health.apps.filter((app) => app.status === 'fail');
  const apps = new Map<string, { state: Exclude<PartState, 'ok'>; fault: PartFault }>();
  for (const app of failing) {
    // The line's own field, never our words parsed back: a line written before the fields names no label, and its
    // app is counted below, not named.
    const label = (app.label ?? '').replace(/\s+/g, ' ').trim().slice(0, MOST_LABEL);
    if (label === '' || app.code === undefined || !isCode(app.code) || apps.has(label)) continue;
    const fault = faultOf(app.code as DiagnosisCode);
    apps.set(label, { state: stateOf(fault), fault });
  }
  // Every failing app not named is counted: beyond the line's ten, an entry unreadable or of an older line, a label
  // two apps share.
  const moreApps = Math.max(0, health.appsFailing - apps.size);
  const fault = own ?? worstOf([...apps.values()].map((app) => app.fault));
  const state: PartState = apps.size > 0 || moreApps > 0 ? 'failing' : own !== undefined ? stateOf(own) : 'ok';
  const named = apps.size > 0 || moreApps > 0;
  return {
    ...at,
    state,
    ...(fault !== undefined && { fault }),
    ...(named && { apps }),
    ...(moreApps > 0 && { moreApps }),
  };
}

/** Every verdict the line gives; `known` names the kinds earlier runs found for the line's targets. */
export function runVerdicts(line: RunLogLine, known: readonly Known[]): Verdict[] {
  const kinds = new Map(known.filter((p) => TARGET_KINDS.includes(p.kind)).map((p) => [p.id, p.kind]));
  const pending = new Set(line.pending ?? []);
  const verdicts: Verdict[] = [
    ...targetVerdicts(line, kinds),
    // A server waiting for its credential was not probed: unknown, our own side.
    ...[...pending].map((id): Verdict => ({ id, kind: kinds.get(id) ?? 'server', state: 'unknown' })),
    ...apiVerdicts(line, known),
    ...groupVerdicts(line, known),
  ];
  const users = userSignInVerdict(line, known);
  if (users !== undefined) verdicts.push(users);
  const provisioning = provisioningVerdict(line);
  if (provisioning !== undefined) verdicts.push(provisioning);
  if (covers(line, STATUS_SERVER)) verdicts.push(feedVerdict(line));
  return verdicts;
}

/** Whether the run judged this target: a limited run (`run --server`) covers only what it names. */
export function covers(line: RunLogLine, id: string): boolean {
  const servers = line.covered?.servers;
  return servers === undefined || servers.includes(id);
}
