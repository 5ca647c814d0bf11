// The multi-region quorum's settings (`quorum` in the configuration): how many regions must agree before a page,
// how often each region checks within its run, how old a peer's verdict may be. The design and its numbers:
// docs/decisions/multi-region-quorum.md.
import { isObject, readLevel, readNumber, typeName, type Json, type Problems } from './readers';
import { QUORUM_DEFAULTS, QUORUM_SCHEMA, type QuorumSettings } from './quorum-shape';

export { QUORUM_DEFAULTS };

export type { QuorumSettings } from './quorum-shape';

/**
 * The most regions one quorum can hold: the backstop's metric math reads each region's QuorumFailing and
 * QuorumHealthy, and CloudWatch's PutMetricAlarm takes "a maximum of 10" metrics in an alarm's Metrics array.
 */
export const QUORUM_MAX_REGIONS = 5;

const QUORUM_FIELDS = QUORUM_SCHEMA.properties;

/**
 * Reads `quorum`. On by default with one-minute runs: with two or more `regions` the object only tunes it; with one
 * region (or none named) agree is 1, and that region's fast path pages as the stack always did, within 15 s instead
 * of 3 min. `false` (or null) turns it off: each region pages on its own alarms, as before the fast path.
 *
 * With one region and a schedule other than 1 minute, the default is off rather than an error: a config valid
 * before the fast path stays valid, and its pages keep the schedule's timing (plan and cost say the fast path is
 * off and why). Asked for explicitly, or with several regions (where the quorum is what keeps one region's trouble
 * from paging), a schedule other than 1 minute is an error naming both fixes.
 */
export function readQuorum(
  raw: Json,
  regions: readonly string[],
  scheduleMinutes: number,
  problems: Problems,
): QuorumSettings | null {
  const value = raw.quorum;
  if (value === false || value === null) return null;
  if (value !== undefined && value !== true && !isObject(value)) {
    problems.add(
      'quorum',
      `expected an object like { "agree": 2 }, true for the defaults, or false to turn the fast path off; ` +
        `got ${typeName(value)}`,
    );
    return null;
  }
  const given: Json | undefined = isObject(value) ? value : undefined;
  if (value === undefined && regions.length < 2 && scheduleMinutes !== 1) return null;
  if (regions.length > QUORUM_MAX_REGIONS) {
    problems.add(
      'regions',
      `${regions.length} regions: the fast path's backstop alarm reads two metrics of each region in one metric ` +
        `math expression, and CloudWatch allows at most 10 metrics in an alarm, so at most ${QUORUM_MAX_REGIONS} ` +
        `regions; list ${QUORUM_MAX_REGIONS} or fewer, or set "quorum": false to page from each region on its own`,
    );
  }
  const obj: Json = given ?? {};
  // agree is read by hand: its maximum is the count of regions, which no declaration can state.
  const read = readLevel(obj, QUORUM_FIELDS, problems, {
    parent: 'quorum',
    fields: {
      agree: 'own',
      checkEverySeconds: { unit: 'seconds between checks within a run' },
      freshSeconds: { unit: "seconds a peer's verdict counts" },
    },
  });
  if (scheduleMinutes !== 1) {
    problems.add(
      'quorum',
      `the fast path checks within one-minute runs: set scheduleMinutes to 1 (it is ${scheduleMinutes}), or ` +
        `set "quorum": false to page ${
          regions.length >= 2
            ? 'from each region on its own alarms (one ' + "region's own trouble then pages too)"
            : "on the schedule's own alarms"
        }`,
    );
  }
  const agree = readAgree(obj, regions.length, problems);
  const { checkEverySeconds, freshSeconds } = cadence(read, problems);
  const homeRegion = homeRegionOf(read.homeRegion, regions, problems);
  return {
    agree,
    checkEverySeconds,
    freshSeconds,
    ...(homeRegion !== undefined && { homeRegion }),
    regions: [...regions],
  };
}

/**
 * The quorum as one stack runs it, where that stack's region is known (the stack's synthesis, the Lambda): at least
 * one region, and its home named. A configuration naming no regions deploys one stack, in its own region, which is
 * then the quorum's only region and its home.
 */
export interface StackQuorum extends QuorumSettings {
  readonly homeRegion: string;
  readonly regions: readonly [string, ...string[]];
}

export function stackQuorum(settings: QuorumSettings, stackRegion: string): StackQuorum {
  const [first, ...rest] = settings.regions;
  if (first === undefined) return { ...settings, homeRegion: stackRegion, regions: [stackRegion] };
  return { ...settings, homeRegion: settings.homeRegion ?? first, regions: [first, ...rest] };
}

/** How many regions must agree: at most all of them, and never one alone when there are several. */
function readAgree(obj: Json, named: number, problems: Problems): number {
  // No regions named: one stack, in its own region.
  const count = Math.max(1, named);
  const most = count;
  const least = count >= 2 ? 2 : 1;
  // Its least is declared; its maximum is the count of regions.
  const agreeRaw = readNumber(obj, 'agree', problems, {
    min: QUORUM_FIELDS.agree.minimum,
    max: most,
    integer: true,
    unit:
      named === 0 ? "regions agreeing, of the one stack's own region" : `regions agreeing, of the ${named} in regions`,
    parent: 'quorum',
  });
  let agree = agreeRaw ?? Math.min(QUORUM_DEFAULTS.agree, most);
  if (agreeRaw !== undefined && agreeRaw < least) {
    problems.add(
      'quorum.agree',
      `must be at least 2 with ${count} regions: one region's own trouble (its NAT, its DNS) must ` +
        `never page by itself`,
    );
    agree = least;
  }
  return agree;
}

/** How often a run checks its peers, and how long a peer's verdict counts: longer than the checks are apart. */
function cadence(
  read: { checkEverySeconds?: number; freshSeconds?: number },
  problems: Problems,
): Pick<QuorumSettings, 'checkEverySeconds' | 'freshSeconds'> {
  const checkEverySeconds = read.checkEverySeconds ?? QUORUM_DEFAULTS.checkEverySeconds;
  const freshSeconds = read.freshSeconds ?? QUORUM_DEFAULTS.freshSeconds;
  if (freshSeconds <= checkEverySeconds) {
    problems.add(
      'quorum.freshSeconds',
      `${freshSeconds} s must exceed quorum.checkEverySeconds (${checkEverySeconds} s), or a live peer's ` +
        `verdict would expire between its checks; use ${checkEverySeconds * 2 + 5}`,
    );
  }
  return { checkEverySeconds, freshSeconds };
}

/**
 * The region whose backstop alarms watch the others: one of the deployed regions, by default the first. None when the
 * configuration names no regions: the one stack's own region, known only where it is deployed (stackQuorum).
 */
function homeRegionOf(home: string | undefined, regions: readonly string[], problems: Problems): string | undefined {
  if (home === undefined) return regions[0];
  if (regions.length === 0) {
    problems.add(
      'quorum.homeRegion',
      `"${home}" names a region, but the config lists no "regions": its one stack's own region is the home; list ` +
        `the regions in "regions", or leave homeRegion out`,
    );
    return undefined;
  }
  if (!regions.includes(home)) {
    problems.add(
      'quorum.homeRegion',
      `"${home}" is not in regions (${regions.join(', ')}): the backstop alarms live in one of the deployed regions`,
    );
    return regions[0];
  }
  return home;
}
