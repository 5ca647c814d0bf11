// The fast path and the multi-region quorum: page and OK times, pages per outage and pages that must not happen, in
// a simulated deployment of three regions and of one (the default) on a fake clock (scripts/bench/quorum-sim.ts says
// what runs for real and what is modelled). Synthesizes each deployment's stacks and evaluates each region's page
// composite with the rule synthesized for it, then plays each scenario at every phase of the minute (5 s apart)
// with several seeds. Writes its section of BENCHMARKS.md and prints it. Rerun: npm run bench:quorum
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { StackQuorum } from '../../functions/config/quorum';
import { QUORUM_HEADING, withSection } from './doc-section';
import { QUORUM_WATCH_SECONDS } from '../../functions/contract';
import { SUSPECT_SAMPLES, WINDOW_DOWN_SHARE, WINDOW_MIN_FAILED, WINDOW_ROUNDS } from '../../functions/quorum/window';
import { MODEL, simulate, TARGETS, type Scenario, type SimResult } from './quorum-sim';
import {
  allOk,
  always,
  between,
  firstAlarm,
  median,
  MIN,
  outage,
  outageStart,
  synthesizedRule,
  type Deployment,
  type OutageKind,
} from './quorum-scenarios';
import { blipSection, evaluationSection, phaseSection } from './quorum-sweeps';
import { fastPageWithinSeconds } from '../../functions/plan/quorum';

const BENCHMARKS = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const PHASES_S = Array.from({ length: 12 }, (_, i) => i * 5 + 0.5);
const SEEDS = [1, 2, 3];

interface Row {
  readonly scenario: string;
  readonly runs: number;
  readonly pageWorst?: number;
  readonly pageMedian?: number;
  readonly okWorst?: number;
  /** The most page messages one target's outage gave, across every region, in any run. */
  readonly pagesPerOutage?: number;
  /** OK messages of a page composite after its first page and before the fix, all runs: each a page cleared early. */
  readonly okBeforeFix?: number;
  readonly falsePages: number;
  readonly loneRegions?: string;
  /** The most regions whose latch of one target was in ALARM at once, in any run. */
  readonly mostLatched: number;
  /** The most changes of any region's view of the acting home in one run. */
  readonly actingChanges: number;
}

async function measureOutages(
  kind: OutageKind,
  d: Deployment,
  name: string,
  extra: Partial<Scenario> | ((start: number) => Partial<Scenario>) = {},
): Promise<Row> {
  const pages: number[] = [];
  const oks: number[] = [];
  let falsePages = 0;
  let pagesPerOutage = 0;
  let okBeforeFix = 0;
  let mostLatched = 0;
  let actingChanges = 0;
  let runs = 0;
  for (const phase of PHASES_S) {
    for (const seed of SEEDS) {
      const s = outage(kind, phase, typeof extra === 'function' ? extra(outageStart(phase)) : extra);
      const result = await simulate(s, d.settings, d.rule, seed * 1000 + phase);
      runs += 1;
      mostLatched = Math.max(mostLatched, result.mostLatched);
      actingChanges = Math.max(actingChanges, result.actingChanges);
      falsePages += result.notifications.filter((n) => n.state === 'ALARM' && n.at < s.start).length;
      const during = result.notifications.filter((n) => n.state === 'ALARM' && n.at >= s.start);
      for (const target of new Set(during.map((n) => n.target)))
        pagesPerOutage = Math.max(pagesPerOutage, during.filter((n) => n.target === target).length);
      okBeforeFix += okBefore(result, s.start, s.fix);
      const page = firstAlarm(result, s.start);
      const ok = allOk(result, s.fix);
      pages.push(page === undefined ? Infinity : page - s.start);
      oks.push(ok === undefined ? Infinity : ok - s.fix);
    }
  }
  return {
    scenario: `${name}, 12 phases x 3 seeds`,
    runs,
    pageWorst: Math.max(...pages),
    pageMedian: median(pages),
    okWorst: Math.max(...oks),
    pagesPerOutage,
    okBeforeFix,
    falsePages,
    mostLatched,
    actingChanges,
  };
}

/** A page composite's OK messages after its own first page and before the fix: a page that left ALARM too soon. */
function okBefore(r: SimResult, start: number, fix: number): number {
  let count = 0;
  for (const key of new Set(r.notifications.map((n) => `${n.region}/${n.target}`))) {
    const mine = r.notifications.filter((n) => `${n.region}/${n.target}` === key);
    const paged = mine.find((n) => n.state === 'ALARM' && n.at >= start)?.at;
    if (paged !== undefined) count += mine.filter((n) => n.state === 'OK' && n.at > paged && n.at < fix).length;
  }
  return count;
}

async function measureNoPage(name: string, scenario: Scenario, d: Deployment): Promise<Row> {
  let falsePages = 0;
  let runs = 0;
  let mostLatched = 0;
  let actingChanges = 0;
  const lone = new Set<string>();
  for (const seed of SEEDS) {
    for (const phase of [0, 20, 40]) {
      const result = await simulate(scenario, d.settings, d.rule, seed * 7 + phase);
      runs += 1;
      mostLatched = Math.max(mostLatched, result.mostLatched);
      actingChanges = Math.max(actingChanges, result.actingChanges);
      falsePages += result.notifications.filter((n) => n.state === 'ALARM').length;
      for (const l of result.lone) lone.add(l.region);
    }
  }
  return { scenario: name, runs, falsePages, loneRegions: [...lone].join(', ') || 'none', mostLatched, actingChanges };
}

interface PartialRow {
  readonly rate: string;
  readonly deployment: string;
  readonly runs: number;
  readonly within150: number;
  readonly pageMedian: number;
  readonly pageWorst: number;
  readonly pages: number;
  /** OK messages of a page composite between its server's first page and the outage's end: a false recovery each. */
  readonly okWhileDown: number;
  /** The worst time from the outage's end to the last page composite's OK, of the runs that paged. */
  readonly okWorst: number;
}

/** A partial outage of /token at `rate` for 6 minutes: how often it pages within 150 s, and when. */
async function measurePartial(rate: number, d: Deployment, deployment: string): Promise<PartialRow> {
  const times: number[] = [];
  let pages = 0;
  let okWhileDown = 0;
  let okWorst = 0;
  let runs = 0;
  for (const phase of PHASES_S) {
    for (const seed of SEEDS) {
      const start = outageStart(phase);
      const end = start + 6 * MIN;
      const scenario: Scenario = {
        name: `partial ${rate}`,
        minutes: 14,
        okta: () => 'up',
        path: always,
        tokenErrorRate: (t) => (between(t, start, end) ? rate : 0),
      };
      const result = await simulate(scenario, d.settings, d.rule, seed * 1000 + phase);
      runs += 1;
      const page = firstAlarm(result, start);
      times.push(page === undefined || page > end ? Infinity : page - start);
      pages += result.notifications.filter((n) => n.state === 'ALARM' && n.at >= start).length;
      for (const target of TARGETS) {
        const mine = result.notifications.filter((n) => n.target === target);
        const paged = mine.find((n) => n.state === 'ALARM' && n.at >= start)?.at;
        if (paged !== undefined)
          okWhileDown += mine.filter((n) => n.state === 'OK' && n.at > paged && n.at < end).length;
      }
      if (firstAlarm(result, start) !== undefined) {
        const ok = allOk(result, end);
        okWorst = Math.max(okWorst, ok === undefined ? Infinity : ok - end);
      }
    }
  }
  const paged = times.filter((t) => Number.isFinite(t));
  return {
    rate: `${Math.round(rate * 100)}%`,
    deployment,
    runs,
    within150: times.filter((t) => t <= 150_000).length / runs,
    pageMedian: paged.length > 0 ? median(paged) : Infinity,
    pageWorst: Math.max(...times),
    pages,
    okWhileDown,
    okWorst,
  };
}

/** Background noise for `hours` a seed: every request fails with `rate`, retried once. Pages counted. */
async function measureNoise(rate: number, hours: number, d: Deployment): Promise<{ hours: number; pages: number }> {
  let pages = 0;
  for (const seed of SEEDS) {
    const scenario: Scenario = {
      name: 'noise',
      minutes: hours * 60,
      okta: () => 'up',
      path: always,
      errorRate: () => rate,
    };
    const result = await simulate(scenario, d.settings, d.rule, seed * 31);
    pages += result.notifications.filter((n) => n.state === 'ALARM').length;
  }
  return { hours: hours * SEEDS.length, pages };
}

const seconds = (ms: number | undefined): string =>
  ms === undefined ? '' : Number.isFinite(ms) ? (ms / 1000).toFixed(1) : 'never';

function table(rows: readonly Row[]): string[] {
  return [
    '| Scenario | Runs | Page, worst (s) | Page, median (s) | OK after the fix, worst (s) | Pages per ' +
      'outage, most | OK before the fix, all runs | Pages that must not happen | Regions that warned alone ' +
      '| Latches in ALARM at once, most ' +
      '| Acting-home changes, most |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.runs} | ${seconds(r.pageWorst)} | ${seconds(r.pageMedian)} | ${seconds(r.okWorst)} ` +
        `| ${r.pagesPerOutage ?? ''} | ${r.okBeforeFix ?? ''} | ${r.falsePages} | ${r.loneRegions ?? ''} | ${r.mostLatched} | ${r.actingChanges} ` +
        `|`,
    ),
  ];
}

/**
 * Okta's own faults, the same for any deployment: each kind of outage, and one with every invocation delivered twice
 * (Lambda's asynchronous delivery may repeat one, and two overlapping runs must not page twice).
 */
async function oktaOutages(d: Deployment): Promise<Row[]> {
  return [
    await measureOutages('5xx', d, 'Okta down (every request 5xx)'),
    await measureOutages('refused', d, 'Okta down (every connection refused)'),
    await measureOutages('flapping', d, 'Okta flapping (5xx 30 s, answering 30 s, for 5 min)'),
    await measureOutages('token', d, '/token down (5xx) while discovery answers'),
    await measureOutages('flapping40', d, 'Okta flapping (5xx 40 s, answering 40 s, four times)'),
    await measureOutages('policy', d, "An access policy denying every token (the org's configuration, Okta up)"),
    await measureOutages('5xx', d, 'Okta down (5xx), every invocation delivered twice (overlapping runs)', {
      duplicateShare: 1,
    }),
  ];
}

/**
 * A region's schedule stopped 75 s before the outage, as section v stops it: no new invocation (Lambda throttles an
 * asynchronous invocation it has no concurrency for, "returns the event to the queue and attempts to run the function
 * again for up to 6 hours", the retry interval growing "to a maximum of 5 minutes": Lambda developer guide, "How Lambda
 * handles errors and retries with asynchronous invocation"), while the run already started goes on, holding its
 * rounds to its timeout since no next run writes. Stopped minutes before the outage, that run had ended long before
 * it, and the simulation said 31.4 s where the deployment paged at 73.8 s: the held run saw the outage's first
 * seconds, ended, and its item kept the home alive for freshSeconds.
 */
const stoppedBefore =
  (stopped: string) =>
  (start: number): Partial<Scenario> => ({ alive: (region, t) => region !== stopped || t < start - 75_000 });

/**
 * An outage while part of the three-region deployment itself fails (replication, a region's probe or path, the
 * table): the quorum exists to page through these, so each is measured on its own.
 */
async function threeRegionFaults(three: Deployment): Promise<Row[]> {
  return [
    await measureOutages('5xx', three, 'Replication stalled from 2 min, then Okta down (5xx): the backstop pages', {
      replicationStalled: (t) => t >= 2 * MIN,
    }),
    // The stall outlives the outage: the latch set before it is cleared by a region that reads no peer.
    await measureOutages(
      '5xx',
      three,
      'Okta down (5xx), replication stalled from 60 s into it to the end (past the fix): the latch pages',
      (start) => ({ replicationStalled: (t) => t >= start + MIN }),
    ),
    await measureOutages(
      '5xx',
      three,
      "eu-west-1's probe stopped 75 s before Okta goes down (5xx), its held run going on",
      stoppedBefore('eu-west-1'),
    ),
    await measureOutages('5xx', three, "eu-west-1's path blackholed from 2 min, then Okta down (5xx)", {
      path: (region, t) => (region === 'eu-west-1' && t >= 2 * MIN ? 'blackhole' : 'ok'),
    }),
    await measureOutages('5xx', three, "us-east-1's (home) path blackholed from 2 min, then Okta down (5xx)", {
      path: (region, t) => (region === 'us-east-1' && t >= 2 * MIN ? 'blackhole' : 'ok'),
    }),
    await measureOutages(
      '5xx',
      three,
      "us-east-1's (home) probe stopped 75 s before Okta goes down (5xx), its held run going on: eu-west-1 acts " +
        'as home',
      stoppedBefore('us-east-1'),
    ),
    await measureOutages(
      '5xx',
      three,
      "us-east-1's (home) and eu-west-1's probes stopped at 2 min, then Okta down (5xx): one region left, no quorum",
      { alive: (region, t) => region === 'ap-southeast-2' || t < 2 * MIN },
    ),
    await measureOutages(
      '5xx',
      three,
      "Okta down (5xx), us-east-1's (home) probe stopped from 90 s to 210 s into it: eu-west-1 takes over, " +
        'then hands back',
      (start) => ({ alive: (region, t) => region !== 'us-east-1' || t < start + 90_000 || t >= start + 210_000 }),
    ),
    await measureOutages('5xx', three, 'The verdict table down throughout, then Okta down (5xx): the backstop pages', {
      tableUp: () => false,
    }),
  ];
}

/** One region's path refused from 2 to 7 min, then blackholed to 12 min, the others' open: a lone region's view. */
const refusedThenBlackholed =
  (lone: string): Scenario['path'] =>
  (region, t) =>
    region !== lone
      ? 'ok'
      : between(t, 2 * MIN, 7 * MIN)
        ? 'refused'
        : between(t, 7 * MIN, 12 * MIN)
          ? 'blackhole'
          : 'ok';

/** Our own cause in every region (a rotated secret) from 2 min, Okta up: a failure that must never page. */
const rotatedSecret: Scenario = {
  name: 'own',
  minutes: 14,
  okta: () => 'up',
  path: always,
  ownCause: (t) => t >= 2 * MIN,
};
const healthyHour: Scenario = { name: 'healthy', minutes: 60, okta: () => 'up', path: always };

/**
 * What must not page in three regions while Okta is up: a lone region's failing path (the home's too) warns, it
 * never pages, and neither does our own cause.
 */
async function threeRegionNoPage(three: Deployment): Promise<Row[]> {
  return [
    await measureNoPage(
      'eu-west-1 refused 5 min, then blackholed 5 min (Okta up)',
      { name: 'lone', minutes: 14, okta: () => 'up', path: refusedThenBlackholed('eu-west-1') },
      three,
    ),
    await measureNoPage(
      'us-east-1 (home) refused 5 min, then blackholed 5 min (Okta up)',
      { name: 'lone home', minutes: 14, okta: () => 'up', path: refusedThenBlackholed('us-east-1') },
      three,
    ),
    await measureNoPage(
      "us-east-1's (home) probe stopped at 2 min, eu-west-1 refused from 4 min (Okta up)",
      {
        name: 'lone acting home',
        minutes: 14,
        okta: () => 'up',
        alive: (region, t) => region !== 'us-east-1' || t < 2 * MIN,
        path: (region, t) => (region === 'eu-west-1' && t >= 4 * MIN ? 'refused' : 'ok'),
      },
      three,
    ),
    await measureNoPage('A rotated secret in every region (INVALID_CLIENT, Okta up)', rotatedSecret, three),
    await measureNoPage('Healthy for an hour', healthyHour, three),
  ];
}

/** The one-region deployment: it has no peers to lose, so only Okta's faults, the table and the no-page cases. */
async function singleRegionRows(one: Deployment): Promise<Row[]> {
  return [
    ...(await oktaOutages(one)),
    await measureOutages('5xx', one, 'The verdict table down throughout, then Okta down (5xx)', {
      tableUp: () => false,
    }),
    await measureNoPage('A rotated secret (INVALID_CLIENT, Okta up)', rotatedSecret, one),
    await measureNoPage('Healthy for an hour', healthyHour, one),
  ];
}

interface PartialAndNoise {
  readonly partial: readonly PartialRow[];
  readonly noiseOne: { hours: number; pages: number };
  readonly noiseThree: { hours: number; pages: number };
}

/** Partial outages and background noise, both deployments side by side: the cases the request window judges. */
async function partialAndNoise(one: Deployment, three: Deployment): Promise<PartialAndNoise> {
  const partial: PartialRow[] = [];
  for (const rate of [0.1, 0.25, 0.4, 0.5]) {
    partial.push(await measurePartial(rate, one, 'one region'));
    partial.push(await measurePartial(rate, three, 'three regions'));
  }
  const noiseOne = await measureNoise(0.02, 6, one);
  const noiseThree = await measureNoise(0.02, 6, three);
  return { partial, noiseOne, noiseThree };
}

export async function quorumBench(): Promise<{ rows: Row[]; single: Row[]; section: string }> {
  const three: Deployment = synthesizedRule(REGIONS);
  const one: Deployment = synthesizedRule(['us-east-1']);
  const rows: Row[] = [
    ...(await oktaOutages(three)),
    ...(await threeRegionFaults(three)),
    ...(await threeRegionNoPage(three)),
  ];
  const single = await singleRegionRows(one);
  const section = [
    QUORUM_HEADING,
    '',
    ...method(three.settings, one.settings),
    '**Three regions**',
    '',
    ...table(rows),
    '',
    '**One region (the default)**',
    '',
    ...table(single),
    '',
    ...(await phaseSection(three, one, fastPageWithinSeconds(three.settings.checkEverySeconds))),
    ...(await blipSection(three, one)),
    ...(await evaluationSection(three)),
    ...partialSection(await partialAndNoise(one, three)),
    ...changesNote(),
    ...modelNote(),
  ].join('\n');
  return { rows, single, section };
}

/** How the runs were set up and what each column counts: the figures mean nothing without it. */
function method(settings: StackQuorum, single: StackQuorum): string[] {
  return [
    "Written by `npm run bench:quorum` (about 2 min). Two deployments of the example's two servers, as synthesized:",
    `three regions (us-east-1 home, eu-west-1, ap-southeast-2; quorum ${settings.agree} of ${settings.regions.length}), ` +
      `and one region (us-east-1), which gets the fast path by default (agree ${single.agree});`,
    `a check every ${settings.checkEverySeconds} s, verdicts fresh ${settings.freshSeconds} s.`,
    'An outage starts at 5 min + the phase (0.5-55.5 s, every 5 s: half a second, 3 s or 5.5 s after a grid round ' +
      'at 7.5 s; the sweep below takes every half second) and is fixed at 10 min + phase + 17 s; three seeds ' +
      'each.',
    "Page: from the outage's start to the first page composite's ALARM message; OK: from the fix to the last " +
      "region's OK message;",
    "pages per outage: the most ALARM messages one server's outage gave, every region counted (each server " +
      'has its own page);',
    "OK before the fix: a page composite's OK messages after its first page and before Okta's fix, over every run " +
      '(a page that left ALARM while Okta was still down, or between two failing spells of a flapping one).',
    "Every region's latch is in its page composite and only the acting home (the first region of us-east-1, " +
      'eu-west-1, ap-southeast-2 whose item is fresher',
    `than ${settings.freshSeconds} s and does not say its run ended with no run after it) sets it: latches in ` +
      `ALARM at once counts the regions whose latch of one server was set together (1: one page);`,
    "acting-home changes counts how often any region's view of the acting home changed after the first two " +
      'minutes (0: no flapping; a home that stops',
    'or returns changes it once in each live region).',
    '',
  ];
}

/** The partial-outage table and the noise figures, with the window rule that explains them. */
function partialSection({ partial, noiseOne, noiseThree }: PartialAndNoise): string[] {
  const perMonth = (n: { hours: number; pages: number }): string =>
    `${n.pages} in ${n.hours} h (about ${((n.pages / n.hours) * 720).toFixed(1)} a month)`;
  return [
    '**Partial outages and noise.** Okta fails a share of `/token` requests for 6 minutes (each request on its own; ' +
      'the in-run retry sends a failed one again), 12 phases x 3 seeds each; paged within 150 s is the share of ' +
      'runs whose first page came within 150 s of the start. Each region judges a window of its own requests (the ' +
      `last ${WINDOW_ROUNDS} rounds: at least ${WINDOW_MIN_FAILED} failed, ${WINDOW_DOWN_SHARE * 100}% of those ` +
      `sent) and samples ${SUSPECT_SAMPLES} times a round while a request failed lately ` +
      '(docs/decisions/partial-outages.md). Pages, all runs: both servers fail, so 72 is one page per server per ' +
      'run. ' +
      'OK while it lasted: a page composite said OK after its first page and before the outage ended (a false ' +
      'recovery, each followed by a page again if the outage is still judged).',
    '',
    '| /token error rate | Deployment | Runs | Paged within 150 s | Page, median (s) | Page, worst (s) ' +
      '| Pages, all runs | OK while it lasted, all runs | OK after the outage ends, worst (s) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...partial.map(
      (p) =>
        `| ${p.rate} | ${p.deployment} | ${p.runs} | ${Math.round(p.within150 * 100)}% | ${seconds(p.pageMedian)} ` +
        `| ${seconds(p.pageWorst)} | ${p.pages} | ${p.okWhileDown} | ${seconds(p.okWorst)} |`,
    ),
    '',
    `Background noise, 2% of every request failing (each retried once), Okta otherwise up: one region, ` +
      `${perMonth(noiseOne)}; three regions, ${perMonth(noiseThree)}.`,
    '',
  ];
}

/**
 * What moved with the last change to the rules, each row measured by this bench on the code before it and after it
 * (docs/decisions/multi-region-quorum.md says why): kept by hand, since a run measures only the code it runs.
 */
function changesNote(): string[] {
  return [
    '**Before and after the last change** (a check every 7.5 s instead of 10 s, a failure confirmed a third of a',
    'round after it instead of half: 2.5 s instead of 5 s; the page within 15 s). The sweep of every half second:',
    'three regions 18.8 -> 13.7 s (/token alone 18.1 -> 13.1 s), one region 16.2 -> 11.7 s (15.6 -> 11.6 s). Three',
    'regions, the main table: total outage 18.3 -> 13.3 s (median 15.8 -> 9.6 s), OK 51.3 -> 48.8 s; /token alone',
    "18.2 -> 13.2 s; a policy denying every token (never confirmed early) 23.2 -> 18.2 s; eu-west-1's probe stopped",
    "18.9 -> 13.8 s, OK 53.7 -> 48.8 s; the home's path blackholed 26.2 -> 22.4 s, OK 60.5 -> 57.8 s; the home's",
    'probe stopped 75 s before 20.8 -> 13.3 s; the stall from 60 s into an outage: acting-home changes 2 -> 3, OK',
    '78.5 s as before. One region: total 15.8 -> 10.8 s, policy 20.7 -> 15.7 s, OK 53.7 -> 46.2 s. The backstop',
    'with CloudWatch reading the UTC minute is unchanged to the digit; reading the 60 s before, 70.7 -> 66.7 s at',
    'worst.',
    'Partial (a window of 6 rounds is 45 s now, not 60 s): 40% of /token at worst 60.7 -> 38.2 s (one region) and',
    '43.2 -> 30.7 s (three); 25% paged within 150 s in 97 -> 100% of runs with one region (worst 160.7 -> 83.2 s;',
    'one run paged again after an early OK: 73 pages), three regions worst 82.9 -> 88.2 s; 10% with one region:',
    'paged within 150 s in 33 -> 39% of runs, pages 47 -> 44, OKs while it lasted 20 -> 16; three regions 10 -> 13',
    'pages. Noise: none, before and after. What it costs (the blip table, run on both): a blip of every request',
    'failing pages where it did not, three regions 3 s 0 -> 8 of 120 phases, 4 s 0 -> 24, 5 s 0 -> 40, 6 s 13 -> 57;',
    'one region 3 s 3 -> 10, 4 s 4 -> 28, 5 s 5 -> 47, 6 s 15 -> 61; 2 s 0 -> 1 and 1 -> 1; 1 s 0 -> 0 and 1 -> 0.',
    '',
    '**Before and after the change before it** (a check every 10 s instead of 15 s, the acting home reading its ' +
      'peers every',
    '1.25 s instead of 2.5 s: the page within 20 s). The sweep of every half second: three regions 27.3 -> 18.8 s',
    '(/token alone 27.1 -> 18.1 s), one region 26.7 -> 16.2 s (15.6 s): at 15 s a new run whose checks fell just',
    "before a grid round skipped it (the grid's next comes a quarter round after the checks), a gap of up to 18.75 s.",
    'Three regions, the main table: total outage 26.3 -> 18.3 s (median 18.3 -> 15.8 s), OK 58.7 -> 51.3 s; /token',
    "alone 26.2 -> 18.2 s; a policy denying every token 33.2 -> 23.2 s; eu-west-1's probe stopped 26.5 -> 18.9 s, OK",
    "76.3 -> 53.7 s; the home's path blackholed 33.6 -> 26.2 s, OK 84.8 -> 60.5 s; the home's probe stopped 75 s",
    'before 25.9 -> 20.8 s, acting-home changes 4 -> 2. One region: total 23.3 -> 15.8 s, policy 30.7 -> 20.7 s, OK',
    'delivered twice 63.7 -> 48.7 s. The backstop (a stall from 2 min, the table down) is unchanged to the digit.',
    'Partial: 40% of /token at worst 75.7 -> 60.7 s (one region) and 55.8 -> 43.2 s (three); 25% paged within 150 s',
    'in 100 -> 97% of runs with one region (one run in 36 at 160.7 s); 10% with one region: paged within 150 s in',
    '25 -> 33% of runs, pages 34 -> 47, OKs while it lasted 13 -> 20. Noise: none, before and after.',
    '',
    "**Before and after the one before** (a check the rounds do not sample, the Org server's JWKS, no longer",
    "counts in a clean stretch's passing requests beside sampled checks that failed: it gained one a run at most",
    'and held the OK until it left the window), OK after the fix: three regions, total outage 81.3 -> 58.7 s,',
    '/token alone 57.1 -> 57.0 s, delivered twice 68.8 -> 57.4 s, the stall from 60 s into an outage 81.8 -> 78.5',
    "s, the home's path blackholed 90.0 -> 84.8 s, the home's probe stopped and back 88.7 -> 73.7 s; one region,",
    'total outage 81.8 -> 53.7 s. Pages and page times unchanged but for 0.1 s; 10% of /token failing paged within',
    '150 s in 6% of runs (3% before), 40% and more as before.',
    '',
    'Earlier changes and their figures (the page within 30 s, the ended mark): git history of this section.',
    '',
  ];
}

/**
 * What is run for real and what the simulation takes as given, so no reader takes a modelled figure for a measured
 * one.
 */
function modelNote(): string[] {
  return [
    '**The scheduling model.** Every figure above starts each run anywhere in its minute, uniformly and each',
    'minute on its own: EventBridge "doesn\'t provide second-level precision in schedule expressions" (EventBridge',
    'user guide), and EventBridge Scheduler states no finer precision with its flexible time window off. The same',
    "bench under that model, with the design before it (rounds counted from each run's start, each run ending with",
    'its minute), measured a worst page of 83.8 s with three regions (68.4 s with one), a worst OK of 121.5 s after',
    'the fix, up to 4 pages for one outage and 14 acting-home changes in a healthy hour: the figures it had shown',
    'with 10 s of schedule jitter (34.8 s, 30.4 s, 87.3 s, one page) rested on the kinder model. Rounds now come on',
    "the wall clock's grid and a run holds them until the next run of its region has written",
    '(docs/decisions/multi-region-quorum.md).',
    '',
    "**A stopped probe's held run.** A stopped probe's last run goes on to its timeout, no next run coming. Stopped",
    "at 2 min, 3 min before the outage, that run had ended long before it, and the home's stopped probe paged",
    'within 31.4 s (eu-west-1 acting once its item aged); stopped 75 s before, as section v stops it, the held run',
    "saw the outage's first seconds and ended, its item kept the home acting for freshSeconds more, and the page",
    'came at 76.3 s (the deployment: 73.8 s). A run that ends with no run after it now says so in a last item, and',
    'its peers act at once: 36.3 s. Two pages in that row are a held home that paged before it ended, then',
    "eu-west-1 once it acted; the home's latch stays in ALARM while its probe stays stopped, so no OK.",
    '',
    '**What is real and what is simulated.** Real: the fast-path loop the Lambda runs (`runQuorum`), the verdicts and',
    "the quorum decisions (`functions/quorum/decide.ts`), and each region's page composite rule as synthesized " +
      '(with cdk-nag)',
    'for that region, evaluated by `test/support/alarm-rules.ts`. Simulated, on a fake clock (no real wait): the',
    `schedule (each run anywhere in its minute, uniformly over ${MODEL.startWindowMs / 1000} s and each minute on its own, as the EventBridge user guide allows; then its start offset of 0, 5 or 10 s as the Lambda waits it), cold starts (${MODEL.coldStartMs} ` +
      `ms, the first run and ${MODEL.coldShare * 100} % of the rest),`,
    `the Lambda timeout (${MODEL.lambdaTimeoutMs / 1000} s, ${MODEL.finishMarginMs / 1000} s margin; with peers ` +
      `${MODEL.lambdaTimeoutMs / 1000 + QUORUM_WATCH_SECONDS} s, the last ${QUORUM_WATCH_SECONDS} s the acting ` +
      `home's watch of its peers alone), Okta's ` +
      `answers (${MODEL.answerMs} ms, a 5xx or refused connection retried once, a blackholed`,
    `request ${MODEL.timeoutMs / 1000} s twice), DynamoDB (${MODEL.dynamoMs} ms a call, replication ${MODEL.replicationMs[0]}-${MODEL.replicationMs[1]} ` +
      `ms), CloudWatch (${MODEL.cloudWatchMs} ms a call; the backstop`,
    `evaluated once a minute at second ${MODEL.evaluationSecond} on the last complete minute in the main tables, ` +
      'at 0-59 s in the sweep above, with the ' +
      `expression of \`lib/quorum.ts\` written again in the simulation) and the composite + SNS (${MODEL.compositeAndSnsMs} ` +
      `ms). Not run here: the`,
    "engine's own HTTP checks against the Okta simulator, the bundled function under Node 24 in a Lambda-like process,",
    'and the AWS SDK against a loopback fake of the AWS APIs; section v runs those, in real time (`npm run ' +
      'bench:quorum-deploy`).',
  ];
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { section } = await quorumBench();
  const doc = await readFile(BENCHMARKS, 'utf8');
  await writeFile(BENCHMARKS, withSection(doc, QUORUM_HEADING, section));
  process.stdout.write(`${section}\n`);
}
