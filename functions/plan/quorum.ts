// The multi-region quorum, without CDK and without AWS: what a region's run judged of each target (its verdict),
// whether the regions' fresh verdicts agree on an outage (the latch), and how each region's alarms are re-wired so
// that only agreeing regions page (docs/decisions/multi-region-quorum.md). The stack (lib/quorum.ts), the probe's
// fast path (functions/lambda/quorum-*.ts), plan, cost and the simulated deployment all read this one file.
import { runsInOneRegion } from './journey-region';
import {
  DIMENSIONS,
  liveness,
  METRICS,
  QUORUM_FAILING_METRIC,
  QUORUM_HEALTHY_METRIC,
  QUORUM_LATCH_METRIC,
  QUORUM_REGION_DIMENSION,
  quorumBackstopAlarmName,
  quorumLatchAlarmName,
  STATUS_SERVER,
  type CheckName,
  type DiagnosisCode,
  type PageCause,
  DEFAULT_PAGE_FOR,
} from '../contract';
import type { ResolvedConfig } from '../config/resolved';
import type { QuorumSettings } from '../config/quorum';
import type { CheckResult } from '../types';
import { compositeAlarmName } from './alarm-names';
import { truncate } from './alarm-text';
import type { AlarmSpec, CompositeAlarmSpec } from './alarm-spec';
import { alarmSpecs } from './alarms';
import { alarmTiming } from './alarm-timing';
import { NEVER_PAGES, pageCause } from '../diagnosis/page-cause';
import {
  cleanRequests,
  isOutageCode,
  isPageCheck,
  STABLE_REQUESTS,
  windowDown,
  type RequestWindow,
} from './quorum-window';
import { targetSubject } from './subject';

/**
 * What a fast round checks: what users use, not only static metadata. Okta's incidents fail /token or /authorize
 * while discovery answers ("elevated authentication failure rates ... HTTP error codes (e.g., 500)"), and Okta's
 * rate-limit reference exempts discovery and /keys from its limits: they exercise no client authentication, no
 * token minting, no policy. Each round asks every server for a client-credentials token and checks it as the full run
 * does (validate for a custom server's JWT, introspect for the Org server's opaque token), and calls /authorize
 * without a user. The engine adds what they need (keys, from its cache). A check the round does not re-run (the
 * Management API, a journey) keeps its last result until the next run checks it again.
 */
export const FAST_CHECKS: ReadonlySet<CheckName> = new Set<CheckName>([
  'discovery',
  'token',
  'validate',
  'introspect',
  'authorize',
]);

/**
 * What one region's run says of one target: `down`, an outage-class failure of a page check (Okta answered 5xx or
 * malformed, timed out, or refused the connection); `own`, a page check failed for a cause of our own (a rotated
 * secret, an expired key, a policy: the same in every region, yet not Okta's outage); `up`, its page checks passed;
 * `unknown`, nothing judged (skipped, not configured).
 */
export type VerdictState = 'down' | 'up' | 'own' | 'unknown';

export interface Verdict {
  readonly state: VerdictState;
  /** The failing check's diagnosis, for down and own. */
  readonly code?: DiagnosisCode;
  /** When it was judged, ms since the epoch. */
  readonly at: number;
  /**
   * Until when a peer may count it, ms since the epoch: a target judged every round expires sooner than one judged
   * once a run.
   */
  readonly until: number;
  /**
   * Since when this region's rounds have passed every page check without a failed request, ms since the epoch: set on
   * the first clean round, also while the window still judges down by the rounds before it (then on a `down`
   * verdict). A latch clears only on regions up for OK_STABLE_SECONDS since then (absent on an `up` verdict of an item
   * written before it was kept: counted as stable).
   */
  readonly upSince?: number;
  /**
   * Which of this region's last four rounds (a minute: this one and the three before) judged it down, a bit each,
   * this round's the lowest (0b0011: this one and the one before). Absent in an item written before it was kept:
   * counted as confirmed.
   */
  readonly downRounds?: number;
  /**
   * Per page check that failed a request in this region's last rounds, each round's requests sent and failed
   * (quorum-window.ts): a partial outage judges the target down though no single round failed twice in a row.
   */
  readonly window?: RequestWindow;
}

/**
 * Of its last four rounds (a minute), how many a region must judge a target down, this one included, before its down
 * counts towards a page. One failed round is already two failed requests (the in-run retry), yet a round checks
 * about four requests of each server: with Okta's background errors one failing round would page a single region
 * many times a month (BENCHMARKS.md section t measures it). Two within the minute, not two in a row: an Okta failing
 * 30 s in every 60 can leave each failing round between passing ones (failing, passing, passing, failing...), and
 * must still page. A total outage pages within 60 s: its second failing round comes 20 s after the first.
 */
export const CONFIRM_ROUNDS = 2;

/** The rounds a verdict's `downRounds` remembers: a minute of rounds at the default 20 s, this one included. */
const REMEMBERED_ROUNDS = 4;

/** The down bits of a verdict's last four rounds, given the verdict before it (the round before, or the run). */
export function downRoundsAfter(before: Verdict | undefined, down: boolean): number {
  const earlier = before === undefined ? 0 : (before.downRounds ?? (before.state === 'down' ? 1 : 0));
  return ((earlier << 1) | (down ? 1 : 0)) & ((1 << REMEMBERED_ROUNDS) - 1);
}

/** Whether a region's verdict says the target is down, confirmed by CONFIRM_ROUNDS of its last four rounds. */
export function confirmedDown(verdict: Verdict): boolean {
  if (verdict.state !== 'down') return false;
  // A window judging down is itself a minute and more of requests: already confirmed.
  if (verdict.downRounds === undefined || windowDown(verdict.window) !== undefined) return true;
  let count = 0;
  for (let bit = 0; bit < REMEMBERED_ROUNDS; bit += 1) count += (verdict.downRounds >> bit) & 1;
  return count >= CONFIRM_ROUNDS;
}

/**
 * How long a region must see a target pass, round after round, before its "up" can clear a page. Two rounds at the
 * default 20 s pass within 40 s of each other: an Okta that flaps (40 s failing, 40 s answering) never shows three
 * passing rounds in a row, so its outage stays one page; a real fix shows them within 60 s, and the OK comes within
 * 90 s of it (docs/decisions/multi-region-quorum.md).
 */
export const OK_STABLE_SECONDS = 40;

/** Whether a region's fresh verdict counts towards clearing a latch at `now`: not down, and stably so. */
function stablyNotDown(verdict: Verdict): boolean {
  if (verdict.state === 'own') return true;
  return (
    verdict.state === 'up' &&
    verdict.at - (verdict.upSince ?? -Infinity) >= OK_STABLE_SECONDS * 1000 &&
    cleanRequests(verdict.window) >= STABLE_REQUESTS
  );
}

/** One region's item in the verdict table. */
export interface RegionVerdicts {
  readonly region: string;
  readonly writtenAt: number;
  /**
   * When the run that wrote it started. Two runs of one region overlap (a run holds its rounds until the next run has
   * written, the schedule starting each anywhere in its minute): the older stops when it reads a newer run's item.
   * Absent from an item written before runs overlapped: the older.
   */
  readonly runAt?: number;
  readonly verdicts: Readonly<Record<string, Verdict>>;
}

/**
 * The verdict of each target a run judged: from its page checks only (a warning never counts towards a page),
 * never from a carried verdict (an earlier run's). `validMs`: how long a peer may count each (see Verdict.until).
 * `pageFor`: the causes that page for each target (DEFAULT_PAGE_FOR when it has none): a failure of one of them is
 * `down`, of any other `own`. Okta's are always among them.
 */
export function judgeTargets(
  checks: readonly CheckResult[],
  at: number,
  validMs: number,
  pageFor: Readonly<Record<string, readonly PageCause[]>> = {},
): Record<string, Verdict> {
  const byTarget = new Map<string, CheckResult[]>();
  for (const check of checks) {
    if (check.server === STATUS_SERVER || check.carried !== undefined || !isPageCheck(check.check)) continue;
    byTarget.set(check.server, [...(byTarget.get(check.server) ?? []), check]);
  }
  const verdicts: Record<string, Verdict> = {};
  for (const [target, results] of byTarget) {
    const causes = new Set(Object.hasOwn(pageFor, target) ? pageFor[target] : DEFAULT_PAGE_FOR);
    // Okta's own faults page whatever pageFor says (the config reader refuses a pageFor without "okta").
    const pages = (code: DiagnosisCode): boolean => isOutageCode(code) || causes.has(pageCause(code));
    // Okta's announced operations (read-only mode) judge nothing: neither down nor our own.
    const failed = results.flatMap((r) =>
      r.status === 'fail' && !NEVER_PAGES.has(r.diagnosis.code) ? [r.diagnosis.code] : [],
    );
    const outage = failed.find(pages);
    const own = failed.find((code) => !pages(code));
    const state: VerdictState =
      outage !== undefined
        ? 'down'
        : own !== undefined
          ? 'own'
          : results.some((r) => r.status === 'pass')
            ? 'up'
            : 'unknown';
    const code = outage ?? own;
    verdicts[target] = { state, ...(code !== undefined ? { code } : {}), at, until: at + validMs };
  }
  return verdicts;
}

/** What the quorum concludes of one target, at one moment, from one region's view of the table. */
export interface TargetDecision {
  readonly target: string;
  /** Regions whose fresh verdict is down, in the configuration's order. */
  readonly down: readonly string[];
  /** Regions whose fresh verdict is up or own (they see no outage of Okta). */
  readonly notDown: readonly string[];
  /** Regions with no fresh verdict (silent, dead, or lagging): counted neither way. */
  readonly silent: readonly string[];
  /** The latch's state after this decision. */
  readonly latch: boolean;
  /** Regions failing while too few agree: each warns, naming itself, and never pages. */
  readonly lone: readonly string[];
}

/**
 * The latch of one target, with hysteresis: set when `agree` regions' fresh verdicts are down; cleared only when
 * enough fresh verdicts are stably not down (up for OK_STABLE_SECONDS) that `agree` can no longer be reached among
 * them (regions - agree + 1). A
 * quorum that merely goes stale (a peer's verdict ageing out between its checks, a dead region) holds the latch,
 * so an outage pages once, not once per gap; the live regions' fresh "up" clears it, whoever set it.
 */
export function decideTarget(
  settings: QuorumSettings,
  target: string,
  tables: readonly RegionVerdicts[],
  now: number,
  latched: boolean,
): TargetDecision {
  const regions = settings.regions.length > 0 ? settings.regions : tables.map((t) => t.region);
  const down: string[] = [];
  const notDown: string[] = [];
  const silent: string[] = [];
  let stable = 0;
  for (const region of regions) {
    const verdict = tables.find((t) => t.region === region)?.verdicts[target];
    // A down verdict not yet confirmed is neither down nor up: it sets nothing and clears nothing.
    const unconfirmed = verdict?.state === 'down' && !confirmedDown(verdict);
    if (verdict === undefined || verdict.until < now || verdict.state === 'unknown' || unconfirmed) silent.push(region);
    else if (verdict.state === 'down') down.push(region);
    else {
      notDown.push(region);
      if (stablyNotDown(verdict)) stable += 1;
    }
  }
  const set = down.length >= settings.agree;
  // Cleared only by regions whose checks have passed for OK_STABLE_SECONDS: a flapping Okta stays one page.
  const clear = stable >= regions.length - settings.agree + 1;
  const latch = set || (latched && !clear);
  return { target, down, notDown, silent, latch, lone: latch ? [] : down };
}

/** Every target any region judged, decided: the targets of every region's item, in first-seen order. */
export function decideAll(
  settings: QuorumSettings,
  tables: readonly RegionVerdicts[],
  now: number,
  latched: ReadonlySet<string>,
): TargetDecision[] {
  const targets = [...new Set(tables.flatMap((t) => Object.keys(t.verdicts)))];
  return targets.map((target) => decideTarget(settings, target, tables, now, latched.has(target)));
}

/** The quorum's order of regions: the home region first, then `regions` in the configuration's order. */
function regionOrder(settings: QuorumSettings): string[] {
  return settings.regions.length === 0
    ? []
    : [settings.homeRegion, ...settings.regions.filter((r) => r !== settings.homeRegion)];
}

/**
 * The acting home as `self` sees the table at `now`: the first region in the quorum's order whose fast path is
 * alive. Only the acting home sets its latch, so one outage pages once, and a dead home's page moves to the next
 * region within freshSeconds. `self` is alive (it is running); an earlier region is dead only when its item is
 * older than freshSeconds (or absent): a live region writes every checkEverySeconds, less than freshSeconds, so
 * replication lag and the gap between runs never make a live home look dead, and two regions never act at once.
 */
export function actingHome(
  settings: QuorumSettings,
  self: string,
  tables: readonly RegionVerdicts[],
  now: number,
): string {
  for (const region of regionOrder(settings)) {
    if (region === self) return self;
    const item = tables.find((t) => t.region === region);
    if (item !== undefined && now - item.writtenAt <= settings.freshSeconds * 1000) return region;
  }
  return self;
}

/** The quorum settings of a deployment, or null without one. */
function quorumOf(config: ResolvedConfig): QuorumSettings | null {
  return config.deploy.quorum;
}

/** Whether `region` (undefined: the stack's own, with `regions` empty) is the quorum's home. */
export function isHome(settings: QuorumSettings, region: string | undefined): boolean {
  return region === undefined || settings.regions.length === 0 || region === settings.homeRegion;
}

/** The alarms the quorum adds to one region's stack: a latch per paging target, and in the home region a backstop. */
export interface QuorumAlarm {
  readonly name: string;
  readonly kind: 'latch' | 'backstop';
  readonly target: string;
  readonly description: string;
}

/**
 * The targets with a page composite the quorum takes over: every one but Okta's status feed, which is not a region's
 * view, and those one region of several runs (a journey and what signs in through it), on which no quorum can agree.
 */
function pageTargets(specs: readonly AlarmSpec[], config: ResolvedConfig): CompositeAlarmSpec[] {
  return specs.filter(
    (s): s is CompositeAlarmSpec =>
      s.kind === 'composite' &&
      s.severity === 'page' &&
      s.server !== undefined &&
      s.server !== STATUS_SERVER &&
      !runsInOneRegion(config, s.server),
  );
}

export function quorumAlarms(config: ResolvedConfig, region: string | undefined): QuorumAlarm[] {
  const settings = quorumOf(config);
  if (settings === null) return [];
  const prefix = config.deploy.prefix;
  const here = region ?? 'this region';
  const home = isHome(settings, region);
  const several = settings.regions.length > 1;
  return pageTargets(alarmSpecs(config), config).flatMap((composite) => {
    const target = composite.server ?? '';
    const latch: QuorumAlarm = {
      name: quorumLatchAlarmName(prefix, target),
      kind: 'latch',
      target,
      description:
        `${target}: ${settings.agree} region(s) of ${settings.regions.join(', ') || here} agree that it is ` +
        `down (set by the probe in ${here} with SetAlarmState, ` +
        `each ${settings.checkEverySeconds} s; a verdict counts for ${settings.freshSeconds} s). ` +
        (several
          ? `Set only while ${here} is the acting home: the first of ${regionOrder(settings).join(', ')} whose ` +
            `fast path wrote within ${settings.freshSeconds} s (${
              home
                ? 'this home region, ' + 'while its probe lives'
                : `the home region ${settings.homeRegion} ` + `and any region before this one dead`
            }), ` +
            `so one outage pages once. `
          : '') +
        "Pages within 60 s of an outage's start, OK within 90 s of the fix. " +
        ('Its metric is never published: CloudWatch keeps the state the probe sets, and the next run clears a ' +
          'latch a dead run left set.'),
    };
    const backstop: QuorumAlarm = {
      name: quorumBackstopAlarmName(prefix, target),
      kind: 'backstop',
      target,
      description:
        `${target}: the standard one-minute quorum, for when the fast path fails (the table, SetAlarmState, ${several ? "a region's scheduler" : 'the scheduler'}): ` +
        (`in a minute when ${
          several
            ? `fewer than ${settings.agree} regions' fast paths were healthy (QuorumHealthy 1 throughout), so no ` +
              `acting home could latch, ${settings.agree} region(s)`
            : 'the fast path was not healthy ' + '(QuorumHealthy 1 throughout), the ' + 'region'
        } ` +
          `published QuorumFailing 1 throughout. `) +
        'Pages within 4 min; stays OK while the latch works.',
    };
    return home ? [latch, backstop] : [latch];
  });
}

/**
 * The metrics the quorum's alarms in one region watch, by name and dimensions: each latch's QuorumLatch (never
 * published: the probe sets the alarm's state instead), and at home each region's QuorumFailing of each target and
 * QuorumHealthy, which the probes publish there every round. `stackRegion` names the region of a stack whose
 * configuration names none.
 */
export function quorumMetrics(
  config: ResolvedConfig,
  region: string | undefined,
  stackRegion: string,
): { name: string; dimensions: Record<string, string> }[] {
  const settings = quorumOf(config);
  if (settings === null) return [];
  const regions = settings.regions.length > 0 ? settings.regions : [stackRegion];
  const alarms = quorumAlarms(config, region);
  return [
    ...alarms
      .filter((a) => a.kind === 'latch')
      .map((a) => ({ name: QUORUM_LATCH_METRIC, dimensions: { [DIMENSIONS.Server]: a.target } })),
    ...alarms
      .filter((a) => a.kind === 'backstop')
      .flatMap((a) =>
        regions.map((r) => ({
          name: QUORUM_FAILING_METRIC,
          dimensions: { [DIMENSIONS.Server]: a.target, [QUORUM_REGION_DIMENSION]: r },
        })),
      ),
    ...(isHome(settings, region)
      ? regions.map((r) => ({ name: QUORUM_HEALTHY_METRIC, dimensions: { [QUORUM_REGION_DIMENSION]: r } }))
      : []),
  ];
}

/**
 * One region's alarms with the quorum. Every region's page composite of each paging target holds its latch instead
 * of the region's check alarms, and only the acting home's probe sets its latch (the first live region in the
 * quorum's order, functions/lambda/quorum-loop.ts): one Okta outage pages once, from the home region while its probe
 * lives, from the next region within 60 s when it does not. The home region's page composite also holds the
 * backstop and the target's page gauges (facts of the org the verdicts do not judge). In every region the region's
 * own check alarms move to the warn composite: one region's own trouble warns, naming the region, and never pages.
 * Okta's status feed reads the same from every region: its major incident pages from the home region and warns
 * elsewhere.
 * Without a quorum, alarmSpecs unchanged.
 */
export function regionAlarmSpecs(config: ResolvedConfig, region: string | undefined): AlarmSpec[] {
  const specs = alarmSpecs(config);
  const settings = quorumOf(config);
  if (settings === null) return specs;
  const prefix = config.deploy.prefix;
  const timing = alarmTiming(config.deploy.scheduleMinutes);
  const added = quorumAlarms(config, region);
  const here = region ?? 'this region';
  const home = isHome(settings, region);
  const out: AlarmSpec[] = [];
  const pages = new Map(pageTargets(specs, config).map((c) => [c.server ?? '', c]));
  // A page check's alarm is what the quorum's verdicts judge (judgeTargets): it warns in every region. A page gauge
  // (an expired API token, a rate-limit violation, an agent pool down) is a fact of the org, not a region's view of
  // Okta: it keeps paging, from the home region only.
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const judged = (name: string): boolean => {
    const member = byName.get(name);
    return member?.kind === 'metric' && member.source === 'probe' && member.metric === METRICS.CheckSuccess.name;
  };
  const paging = (page: CompositeAlarmSpec): string[] => (home ? page.members.filter((m) => !judged(m)) : []);
  const warning = (page: CompositeAlarmSpec): string[] => page.members.filter((m) => !paging(page).includes(m));
  const movedTo = new Set<string>();
  for (const spec of specs) {
    if (
      spec.kind === 'metric' &&
      spec.source === 'probe' &&
      spec.server === STATUS_SERVER &&
      spec.notifies === 'page' &&
      !home
    ) {
      out.push({
        ...spec,
        notifies: 'warn',
        description: truncate(
          `${spec.description} In ${here} it warns: the home region (${settings.homeRegion}) pages for it, ` +
            `once for every region.`,
        ),
      });
      continue;
    }
    // A stopped probe, the home's included, is that region's own trouble while the others can still reach a quorum
    // without it: it warns, naming the region, and the next live region acts as home. Where they cannot (two
    // regions, agree 2), it pages as before.
    if (spec.name === liveness(prefix).probeDown && settings.regions.length - 1 >= settings.agree) {
      out.push({
        ...spec,
        notifies: 'warn',
        description: truncate(
          `${spec.description} In ${here} it warns: the other regions still reach a quorum of ${settings.agree} ` +
            `without it, and the first live region of ${regionOrder(settings).join(', ')} pages for an outage.`,
        ),
      });
      continue;
    }
    if (spec.kind !== 'composite' || spec.server === undefined) {
      out.push(spec);
      continue;
    }
    const page = pages.get(spec.server);
    if (page === undefined) {
      out.push(spec);
      continue;
    }
    if (spec === page) {
      out.push({
        ...spec,
        members: [...paging(spec), ...added.filter((a) => a.target === spec.server).map((a) => a.name)],
        description: quorumPageText(
          targetSubject(config.probe, spec.server),
          paging(spec),
          settings,
          here,
          home,
          prefix,
        ),
      });
      continue;
    }
    // The warn composite of a paging target: it now also holds this region's own page checks.
    movedTo.add(spec.server);
    const members = [...spec.members, ...warning(page)];
    out.push({
      ...spec,
      members,
      description: regionWarnText(targetSubject(config.probe, spec.server), here, home, settings, members, prefix),
    });
  }
  for (const [target, page] of pages) {
    if (movedTo.has(target)) continue;
    const members = warning(page);
    if (members.length === 0) continue;
    out.push({
      name: compositeAlarmName(prefix, target, 'warn'),
      kind: 'composite',
      server: target,
      severity: 'warn',
      notifies: 'warn',
      members,
      ...(page.suppressor !== undefined
        ? { suppressor: { ...page.suppressor, waitMinutes: timing.warnSuppressorWaitMinutes } }
        : {}),
      description: regionWarnText(targetSubject(config.probe, target), here, home, settings, members, prefix),
    });
  }
  return out;
}

function quorumPageText(
  subject: string,
  gauges: readonly string[],
  settings: QuorumSettings,
  here: string,
  home: boolean,
  prefix: string,
): string {
  const who =
    settings.regions.length > 1
      ? `${settings.agree} of ${settings.regions.join(', ')} agreeing; ${
          home
            ? 'this home region pages once for ' + 'all while its probe lives'
            : `${here} pages once for all only while the regions before it (${regionOrder(settings).slice(0, regionOrder(settings).indexOf(here)).join(', ')}) ` +
              `are dead`
        }`
      : `seen from ${here}`;
  return truncate(
    `${subject}: unavailable, Okta's outage (${who}). ` +
      (`Pages within 60 s of the outage's start (the quorum-latch, checks every ${settings.checkEverySeconds} ` +
        `s)${home ? ', within 4 min by the quorum-backstop if the fast path fails' : ''}; OK within 90 s of ` +
        `the fix. `) +
      `${gauges.length > 0 ? `Also pages for: ${gauges.map((m) => m.slice(prefix.length + 1)).join(', ')}. ` : ''}` +
      ('A cause of our own (a rotated secret, an expired key, a policy) warns instead. Muted while the probe ' +
        'itself is down or a maintenance window is open. First steps: the warn composite, for the failing ' +
        "check's diagnosis."),
  );
}

function regionWarnText(
  subject: string,
  here: string,
  home: boolean,
  settings: QuorumSettings,
  members: readonly string[],
  prefix: string,
): string {
  const several = settings.regions.length > 1;
  const latch = home
    ? ''
    : `An outage ${settings.agree} regions agree on pages once, from the home region (${settings.homeRegion}), ` +
      `or from the next live region in the quorum's order while it is dead. `;
  return truncate(
    `${subject}: a warning seen from ${here} (any of: ${members.map((m) => m.slice(prefix.length + 1)).join(', ')}). ` +
      (several
        ? `One region's failing checks warn and never page: a page needs ${settings.agree} regions agreeing ` +
          `that Okta is down. ${latch}Alone in ${here}, suspect this region's own path to Okta (its NAT, DNS, ` +
          `egress) or a cause of our own (a rotated secret, an expired key, a policy).`
        : "A failing page check warns here and pages through the page composite only when its cause is Okta's " +
          '(5xx, malformed, timeout, refused): a cause of our own (a rotated secret, an expired key, a policy) ' +
          'only warns.'),
  );
}
