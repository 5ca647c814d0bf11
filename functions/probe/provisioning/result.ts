// The provisioning-health check's result from the core's judgement: the findings (each app's failing cause, its
// leavers: probe/provisioning/findings.ts) in the order an admin acts on them, each app an item (the report, the run
// line's provisioningHealth, the notification), and only totals observed, so no app, user or reason is ever a metric
// dimension. Leavers are counted, never named: the core keeps no login, id or reason text to name them with. Pure.
import type { ProvisioningConfig } from '../../types';
import type { CheckItem } from '../../types';
import { provisioningFindings, type AppJudgement, type ProvisioningJudgement } from '.';
import { pass, type Judged, type Observed } from '../verdict';
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
}

const HOUR_MS = 3_600_000;

/** An app as reports name one: its label and Okta's id. */
const appName = (app: AppJudgement): string => `${app.label} (${app.appId})`.slice(0, 160);

function itemOf(app: AppJudgement, at: string): CheckItem {
  const v = app.verdict;
  const status = v.state === 'failing' ? 'fail' : app.leavers.open > 0 ? 'warn' : v.state === 'works' ? 'pass' : 'n/a';
  const told =
    v.state === 'failing'
      ? `failing (${v.cause.replaceAll('_', ' ')}${v.transient ? ', retried by Okta' : ''})`
      : v.state === 'disabled'
        ? v.why
        : v.state === 'works'
          ? 'works'
          : 'no provisioning seen';
  const [first] = provisioningFindings({ apps: [app], totals: EMPTY_TOTALS });
  return {
    item: `${appName(app)}: ${told}`,
    status,
    ...(first !== undefined && { code: first.code }),
    lastChecked: at,
    carried: false,
    ...(app.leavers.open > 0 && {
      openLeavers: app.leavers.open,
      ...(app.leavers.oldestMs !== null && { oldestLeaverHours: Math.floor(app.leavers.oldestMs / HOUR_MS) }),
    }),
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
    eventsRead: read.events,
    eventsSkipped: [...read.skipped.values()].reduce((n, c) => n + c, 0),
    appsSkipped: read.apps.skipped,
    readAll: read.complete && read.apps.stopped === undefined,
    pagesOn: settings.pageOnLeavers,
    ...(read.written !== undefined && { ledgerNotWritten: read.written.slice(0, 300) }),
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
