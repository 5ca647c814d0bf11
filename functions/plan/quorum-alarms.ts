// What the multi-region quorum asks of one region's alarms, asked by the alarm plan while it builds them
// (alarms.ts): which targets the quorum takes over, which composite each member alarm feeds (and so its severity),
// the latch and backstop of each target, what the status feed's and the stopped probe's alarms notify, and the words
// that say so. Every region's page composite of each paging target holds its latch instead of the region's check
// alarms, and only the acting home's probe sets its latch (the first live region in the quorum's order,
// functions/lambda/quorum-loop.ts): one Okta outage pages once, from the home region while its probe lives, from the
// next region within 60 s when it does not. The home region's page composite also holds the backstop and the
// target's page gauges (facts of the org the verdicts do not judge). In every region the region's own check alarms
// feed the warn composite: one region's own trouble warns, naming the region, and never pages. Okta's status feed
// reads the same from every region: its major incident pages from the home region and warns elsewhere
// (docs/decisions/multi-region-quorum.md).
import {
  DIMENSIONS,
  METRICS,
  QUORUM_FAILING_METRIC,
  QUORUM_HEALTHY_METRIC,
  QUORUM_LATCH_METRIC,
  QUORUM_REGION_DIMENSION,
  quorumBackstopAlarmName,
  quorumLatchAlarmName,
  STATUS_SERVER,
} from '../contract';
import type { ResolvedConfig } from '../config/resolved';
import type { QuorumSettings } from '../config/quorum';
import { truncate } from './alarm-text';
import type { AlarmSpec, ProbeMetricAlarm, QuorumMetricAlarm } from './alarm-spec';
import type { MemberAlarm } from './member-alarms';
import { browserJourneys } from './browser-part';
import { runsInOneRegion } from './journey-region';
import {
  BACKSTOP_PAGE_WITHIN_MINUTES,
  FAST_OK_WITHIN_SECONDS,
  fastPageWithinSeconds,
  isHome,
  regionOrder,
} from './quorum';
import { targetSubject } from './subject';

/** A latch or backstop as the quorum's readers (its cost, its IAM) name it: a view of its QuorumMetricAlarm. */
export interface QuorumAlarm {
  readonly name: string;
  readonly kind: 'latch' | 'backstop';
  readonly target: string;
  readonly description: string;
}

/** The latches and backstops of one region's alarms, as QuorumAlarm. */
export function quorumAlarmsOf(specs: readonly AlarmSpec[]): QuorumAlarm[] {
  return specs.flatMap((spec) =>
    spec.kind === 'metric' && (spec.source === 'latch' || spec.source === 'backstop')
      ? [{ name: spec.name, kind: spec.source, target: spec.server, description: spec.description }]
      : [],
  );
}

/** How the quorum places one region's alarms; null without a quorum (each alarm where its own severity puts it). */
interface RegionQuorum {
  readonly settings: QuorumSettings;
  /** Whether this region is the quorum's home. */
  readonly home: boolean;
  /**
   * Whether the quorum's latch pages for `target`, given whether any of its alarms would page: every target but
   * Okta's status feed (not a region's view), those one region of several runs (a journey and what signs in
   * through it), on which no quorum can agree, and a "browser" journey: the fast path runs in the probe's function,
   * which skips those journeys (browser-part.ts), so no verdict of theirs reaches the latch, and their own page
   * alarms page for them in every quorum setting.
   */
  takesOver(target: string, pages: boolean): boolean;
  /** A member alarm of a target the quorum takes over, with the severity of the composite it feeds here. */
  place(member: MemberAlarm): MemberAlarm;
  /** The status feed's major incident, which notifies by itself: it pages from the home region only. */
  placeStatus(alarm: ProbeMetricAlarm): ProbeMetricAlarm;
  /** Why the stopped probe only warns here, or undefined when it pages (the other regions need it for a quorum). */
  readonly probeDownWarns: string | undefined;
  /** The latch of a target the quorum takes over, and at home its backstop: members of its page composite. */
  alarms(target: string): QuorumMetricAlarm[];
  /** The page composite's words: its gauges named (the members beside the latch). */
  pageText(target: string, gauges: readonly string[]): string;
  /** The warn composite's words, its members named. */
  warnText(target: string, members: readonly string[]): string;
}

/**
 * A page check's alarm is what the quorum's verdicts judge (judgeTargets): it warns in every region. A page gauge (an
 * expired API token, a rate-limit violation, an agent pool down) is a fact of the org, not a region's view of Okta:
 * it keeps paging, from the home region only.
 */
function judged(member: ProbeMetricAlarm): boolean {
  return member.metric === METRICS.CheckSuccess.name;
}

export function regionQuorum(config: ResolvedConfig, region: string | undefined): RegionQuorum | null {
  const settings = config.deploy.quorum;
  if (settings === null) return null;
  const prefix = config.deploy.prefix;
  const here = region ?? 'this region';
  const home = isHome(settings, region);
  const browser = new Set(browserJourneys(config.probe).map((journey) => journey.id));
  const subject = (target: string): string => targetSubject(config.probe, target);
  const short = (names: readonly string[]): string => names.map((m) => m.slice(prefix.length + 1)).join(', ');
  const warnsHere = (alarm: MemberAlarm, why: string): MemberAlarm => ({
    ...alarm,
    severity: 'warn',
    description: truncate(`In ${here} it warns: ${why} ${alarm.description}`),
  });
  // A stopped probe, the home's included, is that region's own trouble while the others can still reach a quorum
  // without it: it warns, naming the region, and the next live region acts as home. Where they cannot (two regions,
  // agree 2), it pages as before.
  const probeDownWarns =
    settings.regions.length - 1 >= settings.agree
      ? `In ${here} it warns: the other regions still reach a quorum of ${settings.agree} without it, and the ` +
        `first live region of ${regionOrder(settings).join(', ')} pages for an outage.`
      : undefined;
  return {
    settings,
    home,
    takesOver: (target, pages) =>
      pages && target !== STATUS_SERVER && !runsInOneRegion(config, target) && !browser.has(target),
    place: (member) => {
      if (member.severity !== 'page') return member;
      if (judged(member))
        return warnsHere(
          member,
          `the quorum-latch pages for ${member.server} once ${settings.agree} region(s) agree that Okta is ` + `down.`,
        );
      return home ? member : warnsHere(member, `the home region (${settings.homeRegion}) pages for it.`);
    },
    placeStatus: (alarm) =>
      home
        ? alarm
        : {
            ...alarm,
            severity: 'warn',
            notifies: 'warn',
            description: truncate(
              `${alarm.description} In ${here} it warns: the home region (${settings.homeRegion}) pages for it, ` +
                `once for every region.`,
            ),
          },
    probeDownWarns,
    alarms: (target) => {
      const latch = latchAlarm(prefix, target, settings, region);
      return home ? [latch, backstopAlarm(prefix, target, settings)] : [latch];
    },
    pageText: (target, gauges) => quorumPageText(subject(target), short(gauges), settings, here, home),
    warnText: (target, members) => regionWarnText(subject(target), here, home, settings, short(members)),
  };
}

function latchAlarm(
  prefix: string,
  target: string,
  settings: QuorumSettings,
  region: string | undefined,
): QuorumMetricAlarm {
  const here = region ?? 'this region';
  const home = isHome(settings, region);
  const several = settings.regions.length > 1;
  return member(target, 'latch', {
    name: quorumLatchAlarmName(prefix, target),
    metric: QUORUM_LATCH_METRIC,
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
      `Pages within ${fastPageWithinSeconds(settings.checkEverySeconds)} s of an outage's start, OK within ` +
      `${FAST_OK_WITHIN_SECONDS} s of the fix. ` +
      ('Its metric is never published: CloudWatch keeps the state the probe sets, and the next run clears a ' +
        'latch a dead run left set.'),
  });
}

/** What a latch and a backstop share: a member of the target's page composite, notifying no one itself. */
function member(
  target: string,
  source: QuorumMetricAlarm['source'],
  alarm: Pick<QuorumMetricAlarm, 'name' | 'metric' | 'description'>,
): QuorumMetricAlarm {
  return { ...alarm, kind: 'metric', source, server: target, severity: 'page', notifies: null };
}

function backstopAlarm(prefix: string, target: string, settings: QuorumSettings): QuorumMetricAlarm {
  const several = settings.regions.length > 1;
  return member(target, 'backstop', {
    name: quorumBackstopAlarmName(prefix, target),
    metric: QUORUM_FAILING_METRIC,
    description:
      `${target}: the standard one-minute quorum, for when the fast path fails (the table, SetAlarmState, ${several ? "a region's scheduler" : 'the scheduler'}): ` +
      (`in a minute when ${
        several
          ? `fewer than ${settings.agree} regions' fast paths were healthy (QuorumHealthy 1 throughout), so no ` +
            `acting home could latch, ${settings.agree} region(s)`
          : 'the fast path was not healthy ' + '(QuorumHealthy 1 throughout), the ' + 'region'
      } ` +
        `published QuorumFailing 1 throughout. `) +
      `Pages within ${BACKSTOP_PAGE_WITHIN_MINUTES} min; stays OK while the latch works.`,
  });
}

/** A metric of the deployment's namespace in one region: a contract metric, or one of the quorum's. */
export interface RegionMetric {
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** False for a latch's: its alarm watches it, nobody publishes it (the probe sets the alarm's state instead). */
  readonly published: boolean;
}

/**
 * The metrics the quorum's alarms in one region watch, by name and dimensions: each latch's QuorumLatch (never
 * published: the probe sets the alarm's state instead), and at home each region's QuorumFailing of each target and
 * QuorumHealthy, which the probes publish there every minute (a round when it adds a value to its minute).
 * `regions`: the quorum's regions, the stack's own when the configuration names none.
 */
export function quorumMetrics(specs: readonly AlarmSpec[], home: boolean, regions: readonly string[]): RegionMetric[] {
  const alarms = quorumAlarmsOf(specs);
  return [
    ...alarms
      .filter((a) => a.kind === 'latch')
      .map((a) => ({ name: QUORUM_LATCH_METRIC, dimensions: { [DIMENSIONS.Server]: a.target }, published: false })),
    ...alarms
      .filter((a) => a.kind === 'backstop')
      .flatMap((a) =>
        regions.map((r) => ({
          name: QUORUM_FAILING_METRIC,
          dimensions: { [DIMENSIONS.Server]: a.target, [QUORUM_REGION_DIMENSION]: r },
          published: true,
        })),
      ),
    ...(home
      ? regions.map((r) => ({
          name: QUORUM_HEALTHY_METRIC,
          dimensions: { [QUORUM_REGION_DIMENSION]: r },
          published: true,
        }))
      : []),
  ];
}

function quorumPageText(
  subject: string,
  gauges: string,
  settings: QuorumSettings,
  here: string,
  home: boolean,
): string {
  const order = regionOrder(settings);
  const who =
    settings.regions.length > 1
      ? `${settings.agree} of ${settings.regions.join(', ')} agreeing; ${
          home
            ? 'this home region pages once for ' + 'all while its probe lives'
            : `${here} pages once for all only while the regions before it (${order.slice(0, order.indexOf(here)).join(', ')}) ` +
              `are dead`
        }`
      : `seen from ${here}`;
  const backstopClause = `, within ${BACKSTOP_PAGE_WITHIN_MINUTES} min by the quorum-backstop if the fast path fails`;
  return truncate(
    `${subject}: unavailable, Okta's outage (${who}). ` +
      (`Pages within ${fastPageWithinSeconds(settings.checkEverySeconds)} s of the outage's start (the ` +
        `quorum-latch, checks every ${settings.checkEverySeconds} ` +
        `s)${home ? backstopClause : ''}; ` +
        `OK within ${FAST_OK_WITHIN_SECONDS} s of the fix. `) +
      `${gauges.length > 0 ? `Also pages for: ${gauges}. ` : ''}` +
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
  members: string,
): string {
  const several = settings.regions.length > 1;
  const latch = home
    ? ''
    : `An outage ${settings.agree} regions agree on pages once, from the home region (${settings.homeRegion}), ` +
      `or from the next live region in the quorum's order while it is dead. `;
  return truncate(
    `${subject}: a warning seen from ${here} (any of: ${members}). ` +
      (several
        ? `One region's failing checks warn and never page: a page needs ${settings.agree} regions agreeing ` +
          `that Okta is down. ${latch}Alone in ${here}, suspect this region's own path to Okta (its NAT, DNS, ` +
          `egress) or a cause of our own (a rotated secret, an expired key, a policy).`
        : "A failing page check warns here and pages through the page composite only when its cause is Okta's " +
          '(5xx, malformed, timeout, refused): a cause of our own (a rotated secret, an expired key, a policy) ' +
          'only warns.'),
  );
}
