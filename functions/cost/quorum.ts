// What the quorum's fast path costs and asks of Okta, beside the run it extends: the run stays alive through its
// rounds (Lambda duration), each round writes one item and reads the peers' (DynamoDB, replicated to every region),
// each run reads its latches (DescribeAlarms) and publishes QuorumFailing to the home region (a round only when it
// adds a value to its UTC minute: functions/quorum/minute-dedupe.ts), and each target has a latch per region and a
// backstop in the home region. Pure: quantities from the config, prices from prices.ts.
import type { LoadedConfig } from '../config/parse';
import type { QuorumSettings } from '../config/quorum';
import { plannedChecks } from '../plan/checks';
import { FAST_CHECKS, FAST_REQUEST_CHECKS } from '../plan/check-table';
import { fastPathTiming, isHome } from '../plan/quorum';
import { roundBudget } from '../quorum/schedule';
import { SUSPECT_SAMPLES } from '../quorum/window';
import { regionPlan } from '../plan/region-plan';
import { PRICES, type UnitPrice } from './prices';

/** A 30-day month of one-minute runs (estimate.ts's month). */
const RUNS_PER_MONTH = 30 * 24 * 60;
/**
 * One fast round's wall time when Okta answers: each server's requests (discovery, token, then introspect and
 * /authorize) with the servers in parallel, the item's write and the peers' read.
 */
const FAST_ROUND_MS = 800;
/** Okta's smallest published /token limit a minute (rate-limit reference, the Free plan's org and custom servers). */
export const SMALLEST_TOKEN_LIMIT_PER_MINUTE = 300;
/** A verdict's bytes in the item (target id, state, code, two timestamps as JSON). */
const VERDICT_BYTES = 110;

export interface QuorumLoad {
  /**
   * Fast rounds a minute in one region, beside the run's own checks: the wall clock's grid as the loop's schedule takes
   * it (schedule.ts roundBudget, read by both), held by a run until the next one has written. A fraction when the
   * interval does not divide the minute (2.4 at 25 s); the most, a grid round in a run's first quarter round counted.
   */
  readonly roundsPerMinute: number;
  /**
   * Okta requests a minute the fast rounds add, in one region and in all: each round's discovery, token, introspect
   * (the Org server's) and /authorize (where a server has it); keys come from the cache and validate is local.
   */
  readonly oktaRequestsPerMinute: { readonly perRegion: number; readonly allRegions: number };
  /**
   * Calls a minute the fast rounds add to each server's /token bucket, from every region together, and what share
   * of the app's half of the smallest published limit that is (Okta: 300 a minute; an app may use 50% by default).
   */
  readonly tokenPerMinute: {
    readonly perServer: number;
    readonly percentOfAppShare: number;
    /**
     * The same while a region is in doubt (a request failed in its last rounds: each round samples SUSPECT_SAMPLES
     * times, the run's own first round included), with every region in doubt at once and offGridMax rounds off the
     * grid in the minute (a failure's confirmation, the rounds that show clean stretches stable): the most the fast
     * rounds ask of the bucket.
     */
    readonly inDoubt: { readonly perServer: number; readonly percentOfAppShare: number };
  };
  /**
   * Billed ms a run lasts with the fast path: until the next run of its region has written (a minute apart on average,
   * the schedule starting each anywhere in its minute), and the older run's next read of its item, half of
   * peerWatchMs on average.
   */
  readonly runMs: number;
  /** How soon an outage pages at this interval, at worst (plan/quorum.ts fastPathTiming, the plan's promise). */
  readonly pageWithinSeconds: number;
  /** How soon a server's configuration stopping users pages: a round later, never confirmed early. */
  readonly configPageWithinSeconds: number;
  /** How soon a fix is told, at worst. */
  readonly okWithinSeconds: number;
}

/** A count a minute as the text shows it: 2.4 rounds at 25 s, never 2.4000000000000004. */
const tenths = (n: number): number => Math.round(n * 10) / 10;

export function quorumLoad(config: LoadedConfig, settings: QuorumSettings): QuorumLoad {
  const budget = roundBudget(settings.checkEverySeconds);
  // Its times, not who pages (the fast path, always, where this load exists).
  const { by: _by, ...timing } = fastPathTiming(settings.checkEverySeconds);
  const roundsPerMinute = budget.gridRoundsPerMinute;
  const sent = plannedChecks(config.probe, FAST_CHECKS).filter((c) => FAST_REQUEST_CHECKS.has(c.check));
  const perRegion = tenths(sent.length * roundsPerMinute);
  const regions = Math.max(1, settings.regions.length);
  const tokenPerServer = tenths(roundsPerMinute * regions);
  // In doubt every round of the minute samples, the run's first one too (after the run's own checks), and rounds
  // off the grid may come between them (functions/quorum/schedule.ts): offGridMax more rounds' samples.
  const inDoubtPerServer = tenths((1 + roundsPerMinute + budget.offGridMax) * regions * SUSPECT_SAMPLES);
  const share = (calls: number): number => Math.round((calls / (SMALLEST_TOKEN_LIMIT_PER_MINUTE / 2)) * 1000) / 10;
  return {
    roundsPerMinute,
    oktaRequestsPerMinute: { perRegion, allRegions: tenths(perRegion * regions) },
    tokenPerMinute: {
      perServer: tokenPerServer,
      percentOfAppShare: share(tokenPerServer),
      inDoubt: {
        perServer: inDoubtPerServer,
        percentOfAppShare: share(inDoubtPerServer),
      },
    },
    runMs: 60_000 + budget.peerWatchMs / 2 + FAST_ROUND_MS,
    ...timing,
  };
}

interface QuorumCostLine {
  readonly item: string;
  readonly quantity: number;
  readonly price: UnitPrice;
  readonly basis: string;
}

/**
 * The fast path's lines in one region. `runMs`: the run's billed duration without the fast path (the
 * benchmark's); the fast path bills the difference up to QuorumLoad.runMs.
 */
export function quorumCostLines(
  config: LoadedConfig,
  region: string | undefined,
  runMs: number,
  memoryMb: number,
): QuorumCostLine[] {
  const settings = config.deploy.quorum;
  if (settings === null) return [];
  const load = quorumLoad(config, settings);
  const regions = Math.max(1, settings.regions.length);
  return [
    ...roundLines({ load, regions, servers: config.probe.servers.length, runMs, memoryMb }),
    ...alarmLines(config, settings, region, regions),
  ];
}

/** What the fast rounds' cost is computed from, in one region. */
interface RoundFacts {
  readonly load: QuorumLoad;
  readonly regions: number;
  readonly servers: number;
  /** The run's billed duration without the fast path, ms. */
  readonly runMs: number;
  readonly memoryMb: number;
}

/** A UTC minute, the backstop's period: a run sends its rounds' datapoints once in each minute its rounds reach. */
const MINUTE_MS = 60_000;

/**
 * The backstop's PutMetricData calls a run makes while its targets hold their values: one for each UTC minute its
 * rounds reach (minute-dedupe.ts). A run held load.runMs, starting anywhere in its minute, reaches 1 + runMs / 60 s
 * of them on average (about 2: held past the next run's start, it sees the next minute's first grid round). A round
 * whose value changes in its minute sends again: more while in trouble, but the steady state is what a month holds.
 */
export function backstopPublishesPerRun(load: Pick<QuorumLoad, 'runMs'>): number {
  return 1 + load.runMs / MINUTE_MS;
}

/** What the fast rounds bill: the run's longer life, the item each writes and the peers' it reads, the metric calls. */
function roundLines({ load, regions, servers, runMs, memoryMb }: RoundFacts): QuorumCostLine[] {
  // The run's own checks are a round of the table too: its item written, its peers' read.
  const rounds = RUNS_PER_MONTH * (1 + load.roundsPerMinute);
  const publishes = backstopPublishesPerRun(load);
  const extraMs = Math.max(0, load.runMs - runMs);
  const itemKb = Math.max(1, Math.ceil((servers * VERDICT_BYTES + 100) / 1024));
  return [
    {
      item: 'Quorum: Lambda duration',
      quantity: RUNS_PER_MONTH * (extraMs / 1000) * (memoryMb / 1024),
      price: PRICES.lambdaArmGbSecond,
      basis:
        `the run lives ${Math.round(extraMs / 1000)} s longer, holding ${tenths(load.roundsPerMinute)} fast rounds ` +
        'a minute until the next run has written',
    },
    // A global table bills each write once where it is made and once in every replica (replicated write units).
    {
      item: 'Quorum: DynamoDB writes',
      quantity: rounds * itemKb * regions,
      price: PRICES.dynamoWriteRequest,
      basis:
        `${tenths(1 + load.roundsPerMinute)} item writes a minute of ${itemKb} KB, by each of ${regions} ` +
        `region(s), all replicated here`,
    },
    {
      item: 'Quorum: DynamoDB reads',
      quantity: rounds * regions * 0.5,
      price: PRICES.dynamoReadRequest,
      basis: `the ${regions} regions' items each round (its own tells a run whether a newer one holds the rounds)`,
    },
    {
      item: 'Quorum: CloudWatch API calls',
      quantity: RUNS_PER_MONTH * (1 + publishes),
      price: PRICES.putMetricData,
      basis:
        `DescribeAlarms once a run, QuorumFailing to the home region once in each UTC minute a run's rounds reach ` +
        `(${tenths(publishes)} a run while every target holds its value; a change in the minute sends again; ` +
        'SetAlarmState only on a change)',
    },
  ];
}

/**
 * The alarms and metrics the fast path deploys in the region, as the region's plan counts them: a latch per paging
 * target, and in the home region the backstops and the metrics they read.
 */
function alarmLines(
  config: LoadedConfig,
  settings: QuorumSettings,
  region: string | undefined,
  regions: number,
): QuorumCostLine[] {
  const { counts } = regionPlan(config, region);
  return [
    {
      item: 'Quorum: latch alarms',
      quantity: counts.latchAlarmMetrics,
      price: PRICES.standardAlarmMetric,
      basis: 'one per paging target, never evaluated against data',
    },
    ...(isHome(settings, region)
      ? [
          {
            item: 'Quorum: backstop alarms',
            quantity: counts.backstopAlarmMetrics,
            price: PRICES.standardAlarmMetric,
            basis: `one per paging target, each reading ${regions} region(s)' QuorumFailing and QuorumHealthy`,
          },
          {
            item: 'Quorum: backstop metrics',
            quantity: counts.fastPathMetrics,
            price: PRICES.customMetric,
            basis: 'QuorumFailing per paging target and region, QuorumHealthy per region, in the home region',
          },
        ]
      : []),
  ];
}
