// The multi-region quorum's alarms, without CDK and without AWS: what a fast round checks, the quorum's order of
// regions, and how each region's alarms are re-wired so that only agreeing regions page
// (docs/decisions/multi-region-quorum.md). The stack (lib/quorum.ts), plan and cost read it; the decisions that set
// the latch live in functions/quorum/.
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
} from '../contract';
import type { ResolvedConfig } from '../config/resolved';
import type { QuorumSettings } from '../config/quorum';
import { compositeAlarmName } from './alarm-names';
import { truncate } from './alarm-text';
import type { AlarmSpec, CompositeAlarmSpec } from './alarm-spec';
import { alarmSpecs } from './alarms';
import { alarmTiming } from './alarm-timing';
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

/** The quorum's order of regions: the home region first, then `regions` in the configuration's order. */
export function regionOrder(settings: QuorumSettings): string[] {
  return settings.regions.length === 0
    ? []
    : [settings.homeRegion, ...settings.regions.filter((r) => r !== settings.homeRegion)];
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
