// Section t's two sweeps, each over what the main tables fix: the outage's phase against the rounds (every half
// second of a minute, where the main tables start an outage half a second after a grid round), and the second at
// which CloudWatch evaluates the backstop (0-59 s after the minute it reads, where the main tables take 20 s): AWS
// documents that a standard alarm is evaluated every minute and no second, so a bound that assumes one is no bound.
import { MODEL, simulate, type CloudWatchTiming, type Scenario } from './quorum-sim';
import {
  allOk,
  always,
  between,
  firstAlarm,
  median,
  MIN,
  outage,
  outageStart,
  type Deployment,
} from './quorum-scenarios';

/** Every half second of a minute, a tenth of a second past each: just after a grid round at any interval. */
export const SWEEP_PHASES_S = Array.from({ length: 120 }, (_, i) => i * 0.5 + 0.1);

/** The page of one kind of outage at every phase: the worst, at which phase, and the median. */
export interface PhaseSweep {
  readonly runs: number;
  readonly worstMs: number;
  readonly worstPhaseS: number;
  readonly medianMs: number;
}

/** A total (every request 5xx) or token-only outage started at each phase, each with its own schedule (seeds). */
export async function pageAtEveryPhase(
  kind: '5xx' | 'token',
  d: Deployment,
  phases: readonly number[] = SWEEP_PHASES_S,
  seeds: readonly number[] = [1, 2],
): Promise<PhaseSweep> {
  const pages: { ms: number; phase: number }[] = [];
  for (const phase of phases) {
    for (const seed of seeds) {
      const s = outage(kind, phase);
      const page = firstAlarm(await simulate(s, d.settings, d.rule, seed * 1000 + Math.round(phase * 10)), s.start);
      pages.push({ ms: page === undefined ? Infinity : page - s.start, phase });
    }
  }
  const worst = pages.reduce((a, b) => (b.ms > a.ms ? b : a));
  return {
    runs: pages.length,
    worstMs: worst.ms,
    worstPhaseS: worst.phase,
    medianMs: median(pages.map((p) => p.ms)),
  };
}

/** How long the blips last that are started at every phase: around the confirmation's delay (2.5 s at 7.5 s). */
export const BLIP_SECONDS = [1, 2, 3, 4, 5, 6];

/**
 * A blip: every request 5xx for `seconds` from 5 min + the phase, Okta up before and after. What pages of it is the
 * price of the confirmation's delay: a blip still in progress when a round that saw it is confirmed pages.
 */
function blip(phaseS: number, seconds: number): Scenario {
  const start = outageStart(phaseS);
  return {
    name: `blip (${seconds} s)`,
    minutes: 8,
    okta: (t) => (between(t, start, start + seconds * 1000) ? '5xx' : 'up'),
    path: always,
  };
}

/** Of a blip of `seconds` started at every phase (one seed each), how many paged. */
export async function blipPages(
  d: Deployment,
  seconds: number,
  phases: readonly number[] = SWEEP_PHASES_S,
): Promise<{ readonly runs: number; readonly paged: number }> {
  let paged = 0;
  for (const phase of phases) {
    const result = await simulate(blip(phase, seconds), d.settings, d.rule, 3000 + Math.round(phase * 10));
    if (firstAlarm(result, outageStart(phase)) !== undefined) paged += 1;
  }
  return { runs: phases.length, paged };
}

/** The blip sweep's table: for each length, how many of the phases paged, both deployments. */
export async function blipSection(three: Deployment, one: Deployment): Promise<string[]> {
  const cells = async (d: Deployment): Promise<string> => {
    const counts: string[] = [];
    for (const seconds of BLIP_SECONDS) {
      const r = await blipPages(d, seconds);
      counts.push(`${r.paged} of ${r.runs}`);
    }
    return counts.join(' | ');
  };
  return [
    '**Blips at every phase.** Every request 5xx for a few seconds from 5 min + the phase, every half second of the ' +
      'minute, Okta up before and after, one seed each: how many of the phases paged. A failure is confirmed a ' +
      'round off the grid after the round that saw it (`confirmationAt`): a blip still failing then, in enough ' +
      'regions, pages, which is the price of a shorter confirmation.',
    '',
    `| Deployment | ${BLIP_SECONDS.map((n) => `${n} s`).join(' | ')} |`,
    `|---|${BLIP_SECONDS.map(() => '---:').join('|')}|`,
    `| three regions | ${await cells(three)} |`,
    `| one region | ${await cells(one)} |`,
    '',
  ];
}

/** What CloudWatch's second is swept over: 0-59 s after the minute, AWS's "every minute" at its soonest and latest. */
export const EVALUATION_SECONDS = [0, 10, 20, 30, 40, 50, 59];
/**
 * The fix's second of the UTC minute: every 4 s, and just after the minute's last round sampled (the backstop's, 2 s
 * before the minute ends), where the next minute's first round is the first to see it: the worst, by a sweep of
 * fixes 0.02-2 s after each round.
 */
export const FIX_SECONDS = [...Array.from({ length: 15 }, (_, i) => i * 4 + 0.3), 58.02, 59.9];

/** The two faults in which the backstop alone pages and clears: no latch can act. */
export type BackstopFault = 'stall' | 'table';

/**
 * Replication stalled from 2 min to the end (it never heals: the fix and the OK come while no region reads a peer),
 * or the verdict table down throughout; Okta down (5xx) from 5 min 0.5 s to 10 min + `fixS`.
 */
export function backstopScenario(fault: BackstopFault, fixS: number): Scenario & { start: number; fix: number } {
  const start = 5 * MIN + 500;
  const fix = 10 * MIN + fixS * 1000;
  return {
    name: `backstop (${fault})`,
    minutes: 14,
    start,
    fix,
    okta: (t) => (between(t, start, fix) ? '5xx' : 'up'),
    path: always,
    ...(fault === 'stall' ? { replicationStalled: (t: number) => t >= 2 * MIN } : { tableUp: () => false }),
  };
}

/** The backstop's worst OK and page over every fix second, at one CloudWatch timing. */
export interface BackstopSweep {
  readonly okWorstMs: number;
  readonly worstFixS: number;
  readonly pageWorstMs: number;
}

export async function backstopAtEveryFix(
  fault: BackstopFault,
  d: Deployment,
  cloudWatch: CloudWatchTiming,
  fixes: readonly number[] = FIX_SECONDS,
): Promise<BackstopSweep> {
  let okWorstMs = 0;
  let worstFixS = NaN;
  let pageWorstMs = 0;
  for (const fixS of fixes) {
    const s = backstopScenario(fault, fixS);
    const result = await simulate(s, d.settings, d.rule, Math.round(fixS * 10) + 7, cloudWatch);
    const ok = allOk(result, s.fix);
    const okMs = ok === undefined ? Infinity : ok - s.fix;
    if (okMs > okWorstMs) [okWorstMs, worstFixS] = [okMs, fixS];
    const page = firstAlarm(result, s.start);
    pageWorstMs = Math.max(pageWorstMs, page === undefined ? Infinity : page - s.start);
  }
  return { okWorstMs, worstFixS, pageWorstMs };
}

const seconds = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : 'never');

/** The phase sweep's rows: both deployments, both kinds of outage, against the page promised at their interval. */
export async function phaseSection(three: Deployment, one: Deployment, promiseS: number): Promise<string[]> {
  const rows: string[] = [];
  for (const [name, d] of [
    ['three regions', three],
    ['one region', one],
  ] as const) {
    for (const [kind, label] of [
      ['5xx', 'Okta down (every request 5xx)'],
      ['token', '/token down (5xx) while discovery answers'],
    ] as const) {
      const r = await pageAtEveryPhase(kind, d);
      rows.push(
        `| ${label} | ${name} | ${r.runs} | ${seconds(r.worstMs)} | ${r.worstPhaseS.toFixed(1)} | ` +
          `${seconds(r.medianMs)} | ${r.worstMs <= promiseS * 1000 ? 'met' : 'missed'} |`,
      );
    }
  }
  return [
    `**The page at every phase of the outage against the rounds.** The outage starts at 5 min + the phase, every ` +
      `half second of the minute (${SWEEP_PHASES_S[0]}-${SWEEP_PHASES_S.at(-1)} s: a tenth of a second after each ` +
      `grid round among them), two seeds each (each its own schedule); the goal is the page the plan promises at ` +
      `this interval (${promiseS} s).`,
    '',
    '| Outage | Deployment | Runs | Page, worst (s) | At phase (s) | Page, median (s) | Goal |',
    '|---|---|---:|---:|---:|---:|---|',
    ...rows,
    '',
  ];
}

/**
 * The evaluation sweep's table: the backstop's worst OK after the fix for each CloudWatch second, with the minute it
 * reads (the complete UTC minute before, or the 60 s before the evaluation), and the bound it gives.
 */
export async function evaluationSection(three: Deployment): Promise<string[]> {
  const windows = [
    ['minute', 'the last complete UTC minute'],
    ['sliding', 'the 60 s before the evaluation'],
  ] as const;
  const faults = [
    ['stall', 'Replication stalled from 2 min, never healing, Okta down (5xx) from 5 min'],
    ['table', 'The verdict table down throughout, Okta down (5xx) from 5 min'],
  ] as const;
  const rows: string[] = [];
  let worst = { okMs: 0, fixS: NaN, second: NaN };
  let pageWorstMs = 0;
  for (const [fault, label] of faults) {
    for (const [window, reads] of windows) {
      const cells: string[] = [];
      for (const evaluationSecond of EVALUATION_SECONDS) {
        const r = await backstopAtEveryFix(fault, three, { evaluationSecond, window });
        cells.push(`${seconds(r.okWorstMs)} (:${r.worstFixS})`);
        pageWorstMs = Math.max(pageWorstMs, r.pageWorstMs);
        if (window === 'minute' && r.okWorstMs > worst.okMs)
          worst = { okMs: r.okWorstMs, fixS: r.worstFixS, second: evaluationSecond };
      }
      rows.push(`| ${label} | ${reads} | ${cells.join(' | ')} |`);
    }
  }
  const [latest = 59] = EVALUATION_SECONDS.slice(-1);
  return [
    "**The backstop against CloudWatch's second.** In a replication stall that outlives the fix, or with the " +
      'verdict table down, no latch can page or clear and the backstop alone does: its OK waits for a minute in ' +
      'which two regions published QuorumFailing 0, and for CloudWatch to read that minute. AWS evaluates a ' +
      'standard alarm "every minute" and documents no second, nor for its default sliding window whether the ' +
      'minute read is the UTC minute or the 60 s before the evaluation: both are swept, at each second ' +
      `${EVALUATION_SECONDS.join(', ')} s after the minute ends, the fix at ${FIX_SECONDS.length} seconds of its ` +
      `minute (every 4 s, and :58.02, just after the minute's last round sampled). ` +
      'Each cell: the OK after the fix at worst ' +
      '(s), with the fix second that gave it. Three regions, one seed per fix.',
    '',
    `| Fault | CloudWatch reads | ${EVALUATION_SECONDS.map((s) => `${s} s`).join(' | ')} |`,
    `|---|---|${EVALUATION_SECONDS.map(() => '---:').join('|')}|`,
    ...rows,
    '',
    `The worst: **${seconds(worst.okMs)} s** after the fix, CloudWatch reading the UTC minute ${worst.second} s ` +
      `after it ends and the fix at :${worst.fixS}. The bound is 2 + 60 + CloudWatch's second + the ` +
      `composite's: a fix just after the minute's last round (2 s before its end) is first seen in the next ` +
      `minute, whose datapoints CloudWatch reads that second after it ends: ${62 + latest + 1} s at ${latest} s, ` +
      `and 90 s only while CloudWatch reads a minute within ${90 - 62 - 1} s of its end (the main tables' ` +
      `${MODEL.evaluationSecond} s). No schedule of rounds closes it: a minute's clean datapoint is read only after ` +
      "that minute ends, so a fix early in its minute waits the rest of it and CloudWatch's second (60 + 59 s), " +
      'and one just after its last round a minute more of 2 s. The pages in the same runs came within ' +
      `${seconds(pageWorstMs)} s (goal 240 s in a stall).`,
    '',
  ];
}
