// What one run line says of each thing watched: a verdict per part it judged, from the line's `servers` (each
// target's availability), its failures' codes and checks (never their texts), what it covered and what it skipped;
// with several regions, what the quorum decided of each target. The fold (fold.ts) turns verdicts into states with
// their since. Every state is asked, never decided here: a failure's state, owner and severity are the code
// registry's (verdictOf), with the quorum's latch where several regions decide.
import {
  FAULT_OWNERS,
  STATUS_SERVER,
  type CheckName,
  type DiagnosisCode,
  type FaultOwner,
  type RunLogFailure,
  type RunLogLine,
} from '../contract';
import { quorumOwner, quorumState, verdictOf, type FailureVerdict } from '../plan/verdict';
import { APP_ANSWER_CODES, isOurs } from '../diagnosis/registry';
import { AVAILABILITY_CHECKS, checkRow } from '../plan/check-table';
import { isCode } from '../probe/stored-bounds';
import type { RegionVerdicts, TargetDecision } from '../quorum/decide';
import {
  MOST_LABEL,
  PROVISIONING_PART,
  USER_SIGN_INS_PART,
  type PageBeside,
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
  /** An integration's name and role as the run line gives them (Okta's name, not the config's). */
  readonly name?: string;
  readonly role?: StatusPart['role'];
  readonly apps?: ReadonlyMap<string, { readonly state: Exclude<PartState, 'ok'>; readonly fault: PartFault }>;
  /** Apps not ok that the line counts without naming them. */
  readonly moreApps?: number;
  /**
   * The line names it without judging it (a carried verdict, a flapping pass, a pass of a run limited to some
   * checks): a part already known keeps its state and since; a new one is unknown.
   */
  readonly held?: true;
  /** A browser journey's page broken while an API journey of its app passed (fold.ts, pagesBesideApis). */
  readonly beside?: PageBeside;
}

/**
 * What the quorum decided with several regions, read where the page is published: each target's decision (its latch
 * and the regions down, up and silent: decide.ts decideAll) and the regions' items it was made from.
 */
export interface QuorumView {
  readonly decisions: readonly TargetDecision[];
  readonly items: readonly RegionVerdicts[];
}

/** The kinds a run line's `servers` and `pending` name: one id is one of them. */
export const TARGET_KINDS: readonly PartKind[] = ['journey', 'saml-app', 'server'];

/** A part's key in the model: its kind and id, so that a server's APIs and the server are two parts. */
export const partKey = (part: { readonly kind: PartKind; readonly id: string }): string => `${part.kind}/${part.id}`;

/** What the registry says of a failure: its state, owner and severity. */
const verdictOfFailure = (f: Pick<RunLogFailure, 'check' | 'code' | 'severity'>): FailureVerdict =>
  verdictOf(f.check, f.code, undefined, undefined, f.severity);

/** A failure's fault: its code and the one owner every reader gives it. */
const faultOf = (f: Pick<RunLogFailure, 'check' | 'code' | 'severity'>): PartFault => ({
  code: f.code,
  owner: verdictOfFailure(f).owner,
});

/** What a failure says of its part: failing when it judged users' side, unknown when it judged nothing. */
const stateOf = (f: Pick<RunLogFailure, 'check' | 'code' | 'severity'>): Exclude<PartState, 'ok'> =>
  verdictOfFailure(f).state;

/** A warning of something ahead (a certificate expiring, a SHA-1 signature): the registry's alarm only warns. */
const warnsOnly = (f: Pick<RunLogFailure, 'check' | 'code' | 'severity'>): boolean =>
  verdictOfFailure(f).severity === 'warn';

/** Okta's before the org's before ours: FAULT_OWNERS' order, the availability report's. */
const rankOf = (owner: FaultOwner): number => FAULT_OWNERS.indexOf(owner);

/**
 * The failure that explains a part: one that judged users' side before one that judged nothing, an availability
 * check's first, Okta's before the org's before ours (the availability report's order).
 */
function worstFailure(failures: readonly RunLogFailure[]): RunLogFailure | undefined {
  const availability = failures.filter((f) => AVAILABILITY_CHECKS.includes(f.check));
  const rank = (f: RunLogFailure): number => (stateOf(f) === 'failing' ? 0 : 10) + rankOf(faultOf(f).owner);
  return [...(availability.length > 0 ? availability : failures)].sort((a, b) => rank(a) - rank(b))[0];
}

/** The verdict a part's worst failure gives, or undefined without one. */
function failedVerdict(at: Known, failures: readonly RunLogFailure[]): Verdict | undefined {
  const worst = worstFailure(failures);
  return worst === undefined ? undefined : { ...at, state: stateOf(worst), fault: faultOf(worst) };
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

/** Whether the line judged `check` of `id`: a limited run covers what it names, and a skipped check judged nothing. */
function judged(line: RunLogLine, id: string, check: CheckName): boolean {
  const { servers, checks } = line.covered ?? {};
  if (servers !== undefined && !servers.includes(id)) return false;
  if (checks !== undefined && !checks.includes(check)) return false;
  return !(line.skippedChecks ?? []).includes(`${id}/${check}`);
}

/**
 * The fault that explains a run that reached nothing: every failure it judged fresh is our side's (our DNS, our
 * network) and no target passed fresh. Then a verdict it only carried is what was last known, not what works now:
 * unknown, ours. Undefined when the run reached something.
 */
function reachedNothing(line: RunLogLine): PartFault | undefined {
  if ((line.servers ?? []).some((server) => server.up === 1 && server.carried !== 1)) return undefined;
  const fresh = line.failures.filter((f) => f.withheld === undefined && f.judgedAt === undefined);
  if (fresh.length === 0 || fresh.some((f) => !isOurs(f.code))) return undefined;
  return faultOf(fresh[0]!);
}

/**
 * A part whose verdict this run only carried: held (what it was last known to be stays, with when it was judged),
 * or, in a run that reached nothing, unknown and ours.
 */
function carriedVerdict(at: Known, line: RunLogLine): Verdict {
  const ours = reachedNothing(line);
  return ours === undefined ? { ...at, state: 'unknown', held: true } : { ...at, state: 'unknown', fault: ours };
}

/**
 * Each target of the line's `servers`. Up is ok, but only from a full run (one limited to some checks proves a target
 * down, never up, as the availability report counts it), a fresh verdict (a carried one was folded when it was
 * judged), and a pass the notifier believes (a flapping page check keeps its alarm, so the page keeps its state).
 * Down is its worst failure's state; down with no failure to explain it (a check skipped, one the line does not list)
 * judged nothing: unknown, never failing without a cause.
 */
function targetVerdicts(line: RunLogLine, known: ReadonlyMap<string, PartKind>): Verdict[] {
  const flapping = new Set((line.flapping ?? []).map((entry) => entry.slice(0, entry.indexOf('/'))));
  return (line.servers ?? []).flatMap((server): Verdict[] => {
    const failures = line.failures.filter((f) => f.server === server.id && f.withheld === undefined);
    const at = { id: server.id, kind: kindOf(server, failures, known) };
    const held: Verdict = { ...at, state: 'unknown', held: true };
    if (server.carried === 1) return [carriedVerdict(at, line)];
    if (server.up === 1)
      return [line.covered?.checks !== undefined || flapping.has(server.id) ? held : { ...at, state: 'ok' }];
    const withheld = line.failures.some((f) => f.server === server.id && f.withheld !== undefined);
    // A failure a maintenance window withheld is no datapoint for the alarms and a minute left out of the report:
    // neither working nor failing here either, whatever the page said before the window.
    if (failures.length === 0 && withheld) return [{ ...at, state: 'unknown' }];
    return [failedVerdict(at, failures) ?? { ...at, state: 'unknown' }];
  });
}

/** Okta's status feed: an incident it reports is Okta's; the feed unread is our side's, and judges nothing. */
function feedVerdict(line: RunLogLine): Verdict | undefined {
  if (!judged(line, STATUS_SERVER, 'status')) return undefined;
  const at = { id: STATUS_SERVER, kind: 'okta' } as const;
  return (
    failedVerdict(
      at,
      line.failures.filter((f) => f.server === STATUS_SERVER),
    ) ?? { ...at, state: 'ok' }
  );
}

/**
 * The APIs a server's token reaches (`resources`): failing when the line names their failure; once known, ok when the
 * server issued a token and they passed, unknown when it could not (their check needs its token).
 */
function apiVerdicts(line: RunLogLine, known: readonly Known[]): Verdict[] {
  const byServer = new Map<string, RunLogFailure[]>();
  for (const f of line.failures)
    if (f.check === 'resource') byServer.set(f.server, [...(byServer.get(f.server) ?? []), f]);
  const failing = [...byServer].flatMap(([id, failures]) => failedVerdict({ id, kind: 'api' }, failures) ?? []);
  const passing = known
    .filter((p) => p.kind === 'api' && !byServer.has(p.id) && judged(line, p.id, 'resource'))
    .flatMap((p): Verdict[] => {
      const server = line.servers?.find((s) => s.id === p.id);
      if (server === undefined || server.carried === 1) return [];
      return [{ id: p.id, kind: 'api', state: server.up === 1 ? 'ok' : 'unknown' }];
    });
  return [...failing, ...passing];
}

/**
 * Each journey's app (signIn[].app), judged by app-sign-in apart from the journey: the app refusing is failing, the
 * app's, while the journey (Okta's part) stays ok. A verdict the run only carried is held (what was last known stays,
 * with when it was judged); skipped (Okta's part failed, the app not visited) judged nothing: unknown; once known and
 * judged without a failure by a run that ran its journey, ok.
 */
function appVerdicts(line: RunLogLine, known: readonly Known[], quorum?: QuorumView): Verdict[] {
  const carried = new Set(line.carriedChecks ?? []);
  const byJourney = new Map<string, RunLogFailure[]>();
  for (const f of line.failures)
    if (f.check === 'app-sign-in' && f.withheld === undefined)
      byJourney.set(f.server, [...(byJourney.get(f.server) ?? []), f]);
  const ids = new Set([...byJourney.keys(), ...known.filter((p) => p.kind === 'app').map((p) => p.id)]);
  return [...ids].flatMap((id): Verdict[] => {
    const at = { id, kind: 'app' } as const;
    if (carried.has(`${id}/app-sign-in`)) return [carriedVerdict(at, line)];
    const failed = failedVerdict(at, byJourney.get(id) ?? []);
    if (failed !== undefined) return [failed];
    if ((line.skippedChecks ?? []).includes(`${id}/app-sign-in`))
      return [(quorum !== undefined ? appRefusedElsewhere(at, quorum) : undefined) ?? { ...at, state: 'unknown' }];
    const ran = (line.servers ?? []).some((server) => server.id === id);
    return ran && judged(line, id, 'app-sign-in') ? [{ ...at, state: 'ok' }] : [];
  });
}

/**
 * A journey's app judged only where its journey runs (one region, the journey's `region`): the home line skipped it,
 * and a fresh item of that region names the app's refusal (its journey's verdict carries the app's code). Its pass is
 * not told apart from a skip there, so only a refusal is taken: never "works" from what the home did not see.
 */
function appRefusedElsewhere(at: { id: string; kind: 'app' }, quorum: QuorumView): Verdict | undefined {
  const decision = quorum.decisions.find((d) => d.target === at.id);
  const fresh = decision === undefined ? [] : [...decision.down, ...decision.notDown];
  const code = fresh
    .map((region) => quorum.items.find((item) => item.region === region)?.verdicts[at.id]?.code)
    .find((c) => c !== undefined && APP_ANSWER_CODES.has(c));
  if (code === undefined) return undefined;
  const verdict = verdictOf('app-sign-in', code);
  return { ...at, state: verdict.state, fault: { code, owner: verdict.owner } };
}

/** Real users' sign-ins, judged from the System Log: one part, whatever server read it; ok once known and judged. */
function userSignInVerdict(line: RunLogLine, known: readonly Known[]): Verdict | undefined {
  const at = { id: USER_SIGN_INS_PART, kind: 'user-sign-ins' } as const;
  const failed = failedVerdict(
    at,
    line.failures.filter((f) => f.check === 'user-sign-ins'),
  );
  if (failed !== undefined) return failed;
  if (!known.some((p) => p.kind === 'user-sign-ins')) return undefined;
  // Skipped (the System Log unread), or left out of a limited run: nothing judged it.
  const skipped = (line.skippedChecks ?? []).some((entry) => entry.endsWith('/user-sign-ins'));
  if (skipped) return { ...at, state: 'unknown' };
  const { servers, checks } = line.covered ?? {};
  return servers === undefined && (checks === undefined || checks.includes('user-sign-ins'))
    ? { ...at, state: 'ok' }
    : undefined;
}

/**
 * Each group of SAML apps with a failure: its apps by label, and a failure of the group itself (no item). A group
 * known from earlier runs and judged without a failure is ok: its working apps are never listed in a line; a group
 * whose check was skipped or not run is unknown; one whose verdicts were all carried is held (carriedVerdict).
 */
function groupVerdicts(line: RunLogLine, known: readonly Known[]): Verdict[] {
  const groups = new Map<string, RunLogFailure[]>();
  for (const f of line.failures)
    if (checkRow(f.check).target === 'saml-group') groups.set(f.server, [...(groups.get(f.server) ?? []), f]);
  const failing = [...groups].map(([id, failures]): Verdict => {
    const apps = new Map<string, { state: Exclude<PartState, 'ok'>; fault: PartFault }>();
    for (const f of failures) {
      if (f.item === undefined || warnsOnly(f)) continue;
      const label = f.item.slice(0, MOST_LABEL);
      if (!apps.has(label)) apps.set(label, { state: stateOf(f), fault: faultOf(f) });
    }
    const own = failedVerdict(
      { id, kind: 'saml-group' },
      failures.filter((f) => f.item === undefined),
    );
    const failingApps = [...apps.values()].filter((app) => app.state === 'failing');
    const state: PartState =
      failingApps.length > 0 ? 'failing' : own !== undefined ? own.state : apps.size > 0 ? 'unknown' : 'ok';
    // The group's own failure, else its worst failing app's: whose fault it is and what callers hear.
    const fault =
      own?.fault ?? [...failingApps].sort((a, b) => rankOf(a.fault.owner) - rankOf(b.fault.owner))[0]?.fault;
    return { id, kind: 'saml-group', state, ...(fault !== undefined && { fault }), apps };
  });
  const quiet = known
    .filter((p) => p.kind === 'saml-group' && !groups.has(p.id))
    .flatMap((p): Verdict[] => {
      const covered = line.covered === undefined || judged(line, p.id, 'saml-apps');
      const skipped = (line.skippedChecks ?? []).includes(`${p.id}/saml-apps`);
      if (skipped) return [{ id: p.id, kind: 'saml-group', state: 'unknown' }];
      if ((line.carriedChecks ?? []).includes(`${p.id}/saml-apps`))
        return [carriedVerdict({ id: p.id, kind: 'saml-group' }, line)];
      return covered ? [{ id: p.id, kind: 'saml-group', state: 'ok' }] : [];
    });
  return [...failing, ...quiet];
}

/**
 * Provisioning to the org's apps, one part: its apps failing by label with their cause (an app with leavers only is
 * IT's, on the dashboard: it stops no caller today), the rest of the line's count as more. Judged by a run whose line
 * carries the check's provisioningHealth, or the check's own failure (no item: it could not read Okta).
 */
function provisioningVerdict(line: RunLogLine): Verdict | undefined {
  const at = { id: PROVISIONING_PART, kind: 'provisioning' } as const;
  const own = failedVerdict(
    at,
    line.failures.filter((f) => f.check === 'provisioning-health' && f.item === undefined),
  );
  const health = line.provisioningHealth;
  if (health === undefined) return own;
  const failing = health.apps.filter((app) => app.status === 'fail');
  const apps = new Map<string, { state: Exclude<PartState, 'ok'>; fault: PartFault }>();
  for (const app of failing) {
    // The line's own field, never our words parsed back: a line written before the fields names no label, and its
    // app is counted below, not named.
    const label = (app.label ?? '').replace(/\s+/g, ' ').trim().slice(0, MOST_LABEL);
    if (label === '' || app.code === undefined || !isCode(app.code) || apps.has(label)) continue;
    const code = app.code as DiagnosisCode;
    const failure = { check: 'provisioning-health' as const, code };
    apps.set(label, { state: stateOf(failure), fault: faultOf(failure) });
  }
  // Every failing app not named is counted: beyond the line's ten, an entry unreadable or of an older line, a label
  // two apps share.
  const moreApps = Math.max(0, health.appsFailing - apps.size);
  const named = apps.size > 0 || moreApps > 0;
  const fault =
    own?.fault ?? [...apps.values()].sort((a, b) => rankOf(a.fault.owner) - rankOf(b.fault.owner))[0]?.fault;
  const state: PartState = named ? 'failing' : (own?.state ?? 'ok');
  return {
    ...at,
    state,
    ...(fault !== undefined && { fault }),
    ...(named && { apps }),
    ...(moreApps > 0 && { moreApps }),
  };
}

/**
 * A target's verdict as the quorum decided it (the registry's quorumOwner). Latched (enough regions agreed): failing,
 * with the code a down region saw, Okta's when it is an outage's (a refused connection from several regions is Okta's,
 * not ours). Not latched, a failure of a code the quorum decides (an outage's) is one region's view: unknown, our
 * monitoring's, however the home's run judged it; a code it does not decide (the org's configuration, the same from
 * every region, which `pageFor` may leave out of the latch) stays as the home's line says. A target the home did not
 * judge (a journey another region runs) is ok when a region's fresh verdict is up and none is down.
 */
function quorumVerdict(line: Verdict | undefined, decision: TargetDecision, view: QuorumView): Verdict | undefined {
  const at = line ?? { id: decision.target, kind: 'server' as const };
  if (decision.latch) {
    const code =
      decision.down
        .map((region) => view.items.find((item) => item.region === region)?.verdicts[decision.target]?.code)
        .find((c) => c !== undefined) ?? line?.fault?.code;
    // A journey's app refusing is its app's part (appVerdicts), never the journey's: Okta's part of it works.
    if (code !== undefined && at.kind === 'journey' && APP_ANSWER_CODES.has(code)) return line;
    if (code === undefined) return { id: at.id, kind: at.kind, state: 'failing' };
    const { state, owner } = quorumState(code, { latched: true });
    return { id: at.id, kind: at.kind, state, fault: { code, owner } };
  }
  if (line?.state === 'failing' && line.fault !== undefined) {
    const owner = quorumOwner(line.fault.code, { latched: false });
    if (owner === line.fault.owner) return line;
    return { id: at.id, kind: at.kind, state: 'unknown', fault: { code: line.fault.code, owner } };
  }
  const unjudged = line === undefined || line.held === true || (line.state === 'unknown' && line.fault === undefined);
  const up = decision.notDown.some(
    (region) => view.items.find((item) => item.region === region)?.verdicts[decision.target]?.state === 'up',
  );
  if (unjudged && decision.down.length === 0 && up) return { id: at.id, kind: at.kind, state: 'ok' };
  return line;
}

/** The line's target verdicts as the quorum decided them, and the targets only the quorum's items speak for. */
function byQuorum(verdicts: Verdict[], view: QuorumView, known: ReadonlyMap<string, PartKind>): Verdict[] {
  const decided = new Map(view.decisions.map((d) => [d.target, d]));
  const out = verdicts.flatMap((v): Verdict[] => {
    const decision = TARGET_KINDS.includes(v.kind) ? decided.get(v.id) : undefined;
    const told = decision === undefined ? v : quorumVerdict(v, decision, view);
    return told === undefined ? [] : [told];
  });
  const seen = new Set(out.map((v) => v.id));
  for (const decision of view.decisions) {
    if (seen.has(decision.target) || decision.target === STATUS_SERVER) continue;
    const told = quorumVerdict(undefined, decision, view);
    if (told !== undefined) out.push({ ...told, kind: known.get(decision.target) ?? told.kind });
  }
  return out;
}

/**
 * Every verdict the line gives; `known` names the kinds earlier runs found for the line's targets; `quorum`, with
 * several regions, what the quorum decided of each target.
 */
export function runVerdicts(line: RunLogLine, known: readonly Known[], quorum?: QuorumView): Verdict[] {
  const kinds = new Map(known.filter((p) => TARGET_KINDS.includes(p.kind)).map((p) => [p.id, p.kind]));
  const listed = new Set((line.servers ?? []).map((s) => s.id));
  const targets: Verdict[] = [
    ...targetVerdicts(line, kinds),
    // A server waiting for its credential was not probed: unknown, our own side.
    ...(line.pending ?? [])
      .filter((id) => !listed.has(id))
      .map((id): Verdict => ({ id, kind: kinds.get(id) ?? 'server', state: 'unknown' })),
  ];
  const verdicts: Verdict[] = [
    ...(quorum === undefined ? targets : byQuorum(targets, quorum, kinds)),
    ...apiVerdicts(line, known),
    ...appVerdicts(line, known, quorum),
    ...groupVerdicts(line, known),
  ];
  const users = userSignInVerdict(line, known);
  if (users !== undefined) verdicts.push(users);
  const provisioning = provisioningVerdict(line);
  if (provisioning !== undefined) verdicts.push(provisioning);
  const feed = feedVerdict(line);
  if (feed !== undefined) verdicts.push(feed);
  return verdicts;
}

/**
 * Whether a part the line gave no verdict is one a full run would have named: a limited run (`run --server`,
 * `--check`) never turns the others unknown.
 */
export function isFullRun(line: RunLogLine): boolean {
  return line.covered === undefined;
}
