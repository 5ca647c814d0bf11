// A group of SAML apps judged as one check: every app's latest verdict, fresh or carried, counted (apps
// failing, apps whose certificate expires within expiryWarnDays, the soonest expiry, apps overdue, apps signing with
// SHA-1) and each app that needs action a finding of its own, named as its item (the inventory's pattern):
// the page names every app that broke with its own code, fix, request id and "failing since". Pure.
import { SAML_GROUP, type DiagnosisCode } from '../../../contract';
import type { CheckItem } from '../../../types';
import { verdictOf } from '../../../plan/verdict';
import { itemFinding } from '../../okta/item';
import { daysLeft, whenText } from '../../expiry';
import { finding, skip, type Finding, type Judged, type Observed } from '../../verdict';
import { itemName, type GroupApp, type KeptApp } from './apps';
import { overdueApps } from './select';

/**
 * App findings a run line holds for one group, at most: the rest are counted in one more (a CloudWatch Logs event
 * holds 256 KB).
 */
export const MAX_APP_FINDINGS = 25;

export interface GroupFacts {
  /** The catalogue this run, in its order. */
  readonly apps: readonly GroupApp[];
  /** Every app as kept after this run's checks. */
  readonly kept: ReadonlyMap<string, KeptApp>;
  /** The apps this run checked, with their SSO request's latency (ms from its own send). */
  readonly checked: ReadonlyMap<string, number | undefined>;
  /** Apps of this session's share it could not check, and why (time, a bucket held back): left for the next run. */
  readonly left?: { readonly apps: readonly GroupApp[]; readonly why: string };
  /** Why no app was checked this run (the journey not due, or no session), when none was. */
  readonly notChecked?: string;
  /**
   * The probe's own problem (the catalogue could not be listed, or no "org" token for the apps' metadata): one warning.
   */
  readonly discovery?: Finding;
  /** Why discovery, answered, found no app: the group watches nothing, and says so. */
  readonly emptyWhy?: string;
  readonly now: number;
  readonly expiryWarnDays: number;
  readonly everyMinutes: number;
  /** Requests this run sent for the group (metadata, SSO, discovery). */
  readonly requests: number;
  readonly share: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Whom a failing app's code wakes, as the group's alarms would: the page alarm counts every failing app. */
const isPage = (code: DiagnosisCode): boolean => verdictOf('saml-apps', code).severity === 'page';

export function judgeGroup(facts: GroupFacts): Judged {
  const { apps, kept, now } = facts;
  const read = readApps(facts);
  const { failing, expiring, sha1, days, items } = read;
  const overdue = overdueApps(apps, kept, now, facts.everyMinutes, SAML_GROUP.overdueFactor);
  // Coverage: an empty catalogue counts 1, the apps it cannot see, so that it warns rather than reading as all well.
  const uncheckedDay =
    apps.length === 0 ? 1 : overdueApps(apps, kept, now, SAML_GROUP.uncheckedAfterMs / 60_000, 1).length;

  const findings = groupFindings(facts, read, overdue);
  const soonestDays = days.length === 0 ? null : Math.min(...days);
  const observed: Observed = {
    apps: apps.length,
    checked: facts.checked.size,
    // A verdict kept from an earlier run; an app never checked yet has none to carry, and is counted apart.
    carried: items.filter((i) => i.carried && i.status !== 'unchecked').length,
    unchecked: items.filter((i) => i.status === 'unchecked').length,
    share: facts.share,
    failing: failing.length,
    expiring: expiring.length,
    soonestDays,
    overdue: overdue.length,
    uncheckedDay,
    sha1: sha1.length,
    // Apps whose sign-on settings carry a CASB override: their expected values are the overrides'.
    overrides: apps.filter((app) => overridesIn(app) !== '').length,
    left: facts.left?.apps.length ?? 0,
    ...(facts.left !== undefined && { leftBecause: facts.left.why }),
    requests: facts.requests,
    ...(facts.notChecked !== undefined && { notChecked: facts.notChecked }),
  };
  const [first, ...also] = findings;
  // Failing apps first, then warnings, as the CLI, the run line and the message list them.
  items.sort((a, b) => rank(a) - rank(b));
  // A group that checked no app, with no app's verdict to carry either, knows nothing: never a PASS.
  const nothingKnown = facts.checked.size === 0 && apps.length > 0 && observed.unchecked === apps.length;
  // No app checked this run (no session: its journey failed or was not due): every verdict is an earlier run's, so
  // the group's is too, and said so (its newest), never a fresh pass.
  const newest = Math.max(...apps.map((app) => kept.get(app.id)?.at ?? 0));
  const carriedOnly = facts.checked.size === 0 && !nothingKnown && newest > 0;
  return {
    ...(carriedOnly && { carried: { judgedAt: newest } }),
    judgement:
      first !== undefined
        ? { diagnosis: first, ...(also.length > 0 && { also }), observed }
        : nothingKnown
          ? skip(
              `no app of the group has been checked yet (${apps.length} unchecked` +
                `${facts.notChecked !== undefined ? `: ${facts.notChecked}` : ''}); the next run with a session checks them`,
              observed,
            )
          : { diagnosis: null, observed },
    items,
  };
}

/** The group's apps as their kept verdicts sort them: failing (oldest first), expiring (soonest first), on SHA-1. */
interface AppsRead {
  readonly failing: readonly { readonly app: GroupApp; readonly k: KeptApp & { code: DiagnosisCode } }[];
  readonly expiring: readonly { readonly app: GroupApp; readonly days: number; readonly k: KeptApp }[];
  readonly sha1: readonly GroupApp[];
  /** Days left of each app's signing certificate. */
  readonly days: readonly number[];
  /** Every app's item, in the catalogue's order. */
  readonly items: CheckItem[];
}

/** Each app's item, and where its kept verdict puts it: failing, expiring, signing with SHA-1. */
function readApps(facts: GroupFacts): AppsRead {
  const { apps, kept, now, expiryWarnDays } = facts;
  const failing: { app: GroupApp; k: KeptApp & { code: DiagnosisCode } }[] = [];
  const expiring: { app: GroupApp; days: number; k: KeptApp }[] = [];
  const sha1: GroupApp[] = [];
  const days: number[] = [];
  const items: CheckItem[] = [];
  for (const app of apps) {
    const k = kept.get(app.id);
    const left = k?.cert === undefined ? undefined : daysLeft(k.cert.notAfter, now);
    if (left !== undefined) days.push(left);
    const fails = k?.at !== undefined && k.code !== null && k.code !== undefined;
    if (fails) failing.push({ app, k: k as KeptApp & { code: DiagnosisCode } });
    const warns = left !== undefined && left < expiryWarnDays;
    if (warns && k !== undefined) expiring.push({ app, days: left, k });
    // An app that still signs with SHA-1 warns, as its own `saml-certificate` check would.
    const weak = k?.sha1 === true;
    if (weak) sha1.push(app);
    items.push(itemOf(app, k, facts.checked, fails, warns, left, weak));
  }
  failing.sort((a, b) => (a.k.since ?? now) - (b.k.since ?? now) || itemName(a.app).localeCompare(itemName(b.app)));
  expiring.sort((a, b) => a.days - b.days);
  return { failing, expiring, sha1, days, items };
}

/** The apps' findings (past the first few, one that sums up the rest), then the overdue apps' and the catalogue's. */
function groupFindings(facts: GroupFacts, read: AppsRead, overdue: readonly GroupApp[]): Finding[] {
  const { apps } = facts;
  const appFindings = appFindingsOf(facts, read);
  const shown = appFindings.slice(0, MAX_APP_FINDINGS);
  const rest = appFindings.slice(MAX_APP_FINDINGS);
  return [
    ...shown,
    ...(rest.length > 0 ? [restFinding(rest)] : []),
    // Apps left for the next run are a fact of this run (observed); they are a finding once they are overdue.
    ...(overdue.length > 0 ? [overdueFinding(overdue, facts)] : []),
    ...(facts.discovery !== undefined ? [emptied(facts.discovery, apps.length)] : []),
    ...(facts.discovery === undefined && apps.length === 0
      ? [
          finding('SAML_DISCOVERY_FAILED', {
            detail: facts.emptyWhy ?? 'the group checks no app: its catalogue is empty',
          }),
        ]
      : []),
  ];
}

/** A finding per app that needs action, the ones that page first. */
function appFindingsOf(facts: GroupFacts, { failing, expiring, sha1 }: AppsRead): Finding[] {
  const { now, expiryWarnDays } = facts;
  return [
    ...failing.map(({ app, k }) =>
      withAnswer(
        itemFinding(
          k.code,
          itemName(app),
          `: ${k.detail ?? k.code} (failing since ${iso(k.since ?? k.at ?? now)}; last checked ${iso(k.at ?? now)}${facts.checked.has(app.id) ? '' : ', carried'})${overridesIn(app)}`,
        ),
        k,
      ),
    ),
    ...expiring.map(({ app, days: left, k }) =>
      itemFinding(
        'SAML_CERT_EXPIRING',
        itemName(app),
        `: the signing certificate ${k.cert?.fingerprint ?? ''} expires ${whenText(left, iso(k.cert?.notAfter ?? now))}; ` +
          `expiryWarnDays is ${expiryWarnDays}`,
      ),
    ),
    ...sha1.map((app) =>
      itemFinding(
        'SAML_SHA1_SIGNATURE',
        itemName(app),
        ': its last assertion was signed with SHA-1 (rsa-sha1 or a sha1 digest)',
      ),
    ),
  ].sort((a, b) => Number(isPage(b.code)) - Number(isPage(a.code)));
}

const RANK: Readonly<Record<CheckItem['status'], number>> = {
  fail: 0,
  warn: 1,
  skip: 2,
  unchecked: 3,
  'n/a': 4,
  pass: 5,
};
const rank = (item: CheckItem): number => RANK[item.status];

function itemOf(
  app: GroupApp,
  k: KeptApp | undefined,
  checked: ReadonlyMap<string, number | undefined>,
  fails: boolean,
  warns: boolean,
  left: number | undefined,
  sha1: boolean,
): CheckItem {
  const latencyMs = checked.get(app.id);
  const status: CheckItem['status'] =
    k?.at === undefined ? 'unchecked' : fails ? 'fail' : warns || sha1 ? 'warn' : (k.notRun ?? 'pass');
  return {
    item: itemName(app),
    status,
    ...(fails && k?.code !== null && k?.code !== undefined && { code: k.code }),
    ...(!fails && warns && { code: 'SAML_CERT_EXPIRING' as const }),
    ...(!fails && !warns && sha1 && { code: 'SAML_SHA1_SIGNATURE' as const }),
    lastChecked: k?.at === undefined ? null : iso(k.at),
    carried: !checked.has(app.id),
    ...(fails && k?.since !== undefined && { failingSince: iso(k.since) }),
    ...(left !== undefined && { daysToExpiry: left }),
    ...(latencyMs !== undefined && { latencyMs }),
    ...('found' in app && app.found.provisions !== undefined && { provisions: app.found.provisions }),
  };
}

function withAnswer(found: Finding, k: KeptApp): Finding {
  return { ...found, requestId: k.requestId ?? null, ...(k.httpStatus !== undefined && { httpStatus: k.httpStatus }) };
}

/** The app findings past MAX_APP_FINDINGS, counted by code in one finding: every app is still in the report's items. */
function restFinding(rest: readonly Finding[]): Finding {
  const counts = new Map<DiagnosisCode, number>();
  for (const f of rest) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  const [code = 'SAML_RESPONSE_MISSING'] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  const byCode = [...counts].map(([c, n]) => `${c} ${n}`).join(', ');
  return finding(code, {
    detail:
      `and ${rest.length} more apps (${byCode}): every app with its own verdict is in the report (run --json) ` +
      `and the dashboard's table`,
  });
}

/** A refused discovery that leaves the group without an app says so: nothing is watched until it is fixed. */
function emptied(discovery: Finding, apps: number): Finding {
  if (apps > 0) return discovery;
  return { ...discovery, detail: `${discovery.detail ?? discovery.code}; the group checks no app until it is listed` };
}

function overdueFinding(overdue: readonly GroupApp[], facts: GroupFacts): Finding {
  const names = overdue.slice(0, 5).map(itemName).join(', ');
  const late = `${overdue.length} app(s) not checked within ${SAML_GROUP.overdueFactor} x ${facts.everyMinutes} min (${names}${
    overdue.length > 5 ? ` and ${overdue.length - 5} ` + `more` : ''
  })`;
  const why =
    facts.left !== undefined
      ? `; this run left ${facts.left.apps.length} for the next: ${facts.left.why}`
      : facts.notChecked !== undefined
        ? `; this run checked none: ${facts.notChecked}`
        : '';
  return finding('SAML_APPS_OVERDUE', { detail: `${late}${why}` });
}

/** What a discovered app's expected values follow, said beside its finding: its CASB overrides, if any. */
function overridesIn(app: GroupApp): string {
  const overrides = 'found' in app ? (app.found.overrides ?? []) : [];
  return overrides.length === 0
    ? ''
    : `; the app's sign-on settings carry ${overrides.join(', ')} (a CASB in front of the SP): the expected ` +
        `values are the overrides'`;
}
