// The provisioning-health check's result from the core's judgement: the findings (each app's failing cause, its
// leavers: probe/provisioning/findings.ts) in the order an admin acts on them, each app an item (the report, the run
// line's provisioningHealth, the notification), and only totals observed, so no app, user or reason is ever a metric
// dimension. Leavers are counted, never named: the core keeps no login, id or reason text to name them with. Pure.
import { PROVISIONING, type ProvisioningAppFacts, type ProvisioningAppState } from '../../contract';
import type { CheckItem, ProvisioningConfig } from '../../types';
import { provisioningFindings, type AppJudgement, type ProvisioningJudgement } from '.';
import { pass, type Judged, type Observed } from '../verdict';
import { plural } from './findings';
import type { AppsRead } from './listing';

/** What the run read, for the observed facts: totals only. */
interface ReadFacts {
  readonly events: number;
  /** Elements of the log skipped as no provisioning event of Okta's, by why. */
  readonly skipped: ReadonlyMap<string, number>;
  /** Whether the log was read to its end this run (not stopped by the budget or the bucket). */
  readonly complete: boolean;
  readonly apps: AppsRead;
  /** Why the ledger could not be written, when it could not: this run's changes are read again next run. */
  readonly written: string | undefined;
  /** Apps holding no leaver whose closings the ledger's bound of apps left out this run (ledger.ts), when any. */
  readonly appsNotKept?: number;
}

const HOUR_MS = 3_600_000;

/** An app as reports name one: its label and Okta's id. */
const appName = (app: AppJudgement): string => `${app.label} (${app.appId})`.slice(0, 160);

/** What the report says of an app: its state in words, never "works" without a call to the app that succeeded. */
function stateOf(app: AppJudgement): ProvisioningAppState {
  const v = app.verdict;
  if (v.state === 'disabled') return v.why;
  return v.state === 'unknown' ? 'no provisioning seen' : v.state;
}

/** The app as fields, for --json and the run line: its label, id, state, cause and the window's figure. */
function factsOf(app: AppJudgement): ProvisioningAppFacts {
  const v = app.verdict;
  return {
    label: app.label,
    id: app.appId,
    state: stateOf(app),
    ...(v.state === 'failing' && { cause: v.cause }),
    pushes: app.pushes,
    deactivations: app.deactivations,
    ...(app.oneUserData > 0 && { usersRefused: app.oneUserData }),
  };
}

/**
 * The figure behind a verdict, so nobody reads "works" without how much was seen: "12 pushes, 2 deactivations in
 * 60 minutes", and one user's data refused counted on the app, never named.
 */
function figureOf(facts: ProvisioningAppFacts): string {
  const calls =
    `${plural(facts.pushes, 'push', 'pushes')}, ${plural(facts.deactivations, 'deactivation', 'deactivations')} ` +
    `in ${PROVISIONING.windowMinutes} minutes`;
  return facts.usersRefused === undefined
    ? calls
    : `${calls}; ${plural(facts.usersRefused, "user's", "users'")} data refused`;
}

function toldOf(app: AppJudgement, facts: ProvisioningAppFacts): string {
  const v = app.verdict;
  if (v.state === 'disabled') return v.why;
  if (v.state === 'failing')
    return `failing (${v.cause.replaceAll('_', ' ')}${v.transient ? ', retried by Okta' : ''}; ${figureOf(facts)})`;
  if (v.state === 'works') return `works (${figureOf(facts)})`;
  // Calls seen, none succeeding: provisioning was seen, and not seen to work.
  return facts.pushes + facts.deactivations > 0
    ? `no provisioning seen to succeed (${figureOf(facts)})`
    : 'no provisioning seen';
}

function itemOf(app: AppJudgement, at: string): CheckItem {
  const v = app.verdict;
  const leavers = app.leavers.open > 0 || app.leavers.dropped;
  const status = v.state === 'failing' ? 'fail' : leavers ? 'warn' : v.state === 'works' ? 'pass' : 'n/a';
  const facts = factsOf(app);
  const [first] = provisioningFindings({ apps: [app], totals: EMPTY_TOTALS });
  return {
    item: `${appName(app)}: ${toldOf(app, facts)}`,
    status,
    ...(first !== undefined && { code: first.code }),
    lastChecked: at,
    carried: false,
    ...(app.leavers.open > 0 && {
      openLeavers: app.leavers.open,
      ...(app.leavers.oldestMs !== null && { oldestLeaverHours: Math.floor(app.leavers.oldestMs / HOUR_MS) }),
    }),
    provisioningApp: facts,
  };
}

const EMPTY_TOTALS: ProvisioningJudgement['totals'] = {
  apps: 0,
  failing: 0,
  disabled: 0,
  unknown: 0,
  openLeavers: 0,
  appsWithLeavers: 0,
  oldestLeaverMs: null,
};

/** The totals, the only numbers published (ProvisioningAppsFailing, ProvisioningOpenLeavers). */
function observedOf(judgement: ProvisioningJudgement, read: ReadFacts, settings: ProvisioningConfig): Observed {
  const t = judgement.totals;
  return {
    appsFailing: t.failing,
    openLeavers: t.openLeavers,
    appsWithLeavers: t.appsWithLeavers,
    oldestLeaverHours: t.oldestLeaverMs === null ? null : Math.floor(t.oldestLeaverMs / HOUR_MS),
    appsProvisioning: t.apps,
    appsDisabled: t.disabled,
    appsNotSeen: t.unknown,
    eventsRead: read.events,
    eventsSkipped: [...read.skipped.values()].reduce((n, c) => n + c, 0),
    appsSkipped: read.apps.skipped,
    ...(read.apps.connectionsUnread !== undefined && { connectionsUnread: read.apps.connectionsUnread }),
    ...(read.apps.connectionsStopped !== undefined && { connectionsNotRead: read.apps.connectionsStopped }),
    readAll: read.complete && read.apps.stopped === undefined,
    pagesOn: settings.pageOnLeavers,
    ...(read.written !== undefined && { ledgerNotWritten: read.written.slice(0, 300) }),
    ...(read.appsNotKept !== undefined && { ledgerAppsNotKept: read.appsNotKept }),
  };
}

/** The verdict: every finding, failing apps first; a pass with each app's item otherwise. */
export function provisioningJudged(
  judgement: ProvisioningJudgement,
  context: {
    readonly now: number;
    readonly secrets: readonly string[];
    readonly settings: ProvisioningConfig;
    readonly read: ReadFacts;
  },
): Judged {
  const at = new Date(context.now).toISOString();
  const rank = (i: CheckItem): number => (i.status === 'fail' ? 0 : i.status === 'warn' ? 1 : 2);
  const items = judgement.apps.map((app) => itemOf(app, at)).sort((a, b) => rank(a) - rank(b));
  const observed = observedOf(judgement, context.read, context.settings);
  const [first, ...also] = provisioningFindings(judgement);
  const secrets = context.secrets;
  if (first === undefined) return { judgement: pass(observed), items, secrets };
  return { judgement: { diagnosis: first, ...(also.length > 0 && { also }), observed }, items, secrets };
}
