// Multi-region quorum in a simulated deployment, in real time: the stack synthesized for three regions, each region's
// probe asset run under Node 24 as Lambda runs it (a one-minute schedule starting each run anywhere in its minute, warm
// and cold starts, killed at its Timeout) against a loopback fake of the AWS it calls
// (test/support/quorum-deployment.ts says what runs and what is modelled); Okta the shared simulator, each region
// reaching it through its own path. Times the page (fault to the first SNS message of a page composite in ALARM) and
// the OK (fix to the last region's OK message) of total outages of the Org server and of the custom server at several
// phases of the minute, and checks that one region's own trouble never pages; then Okta's partial outages (/token or
// /authorize alone, 40% of /token, a flapping server, an outage while every invocation is delivered twice), an outage
// during a replication stall, and 2% noise, each with its pages counted. Writes its section of BENCHMARKS.md and prints
// it. About 80 minutes, root (the Lambda sandbox drops to uid 65534).
// Rerun: npm run bench:quorum-deploy
import { readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Intercept } from '../../sim/faults';
import { DEPLOY_REGIONS, startDeployment, type Deployment } from '../../test/support/quorum-deployment';
import { QUORUM_DEPLOY_HEADING, QUORUM_PARTIAL_HEADING, withSection, withSubsection } from './doc-section';
import { stallCase, waitFor } from './quorum-deploy-stall';
import { keptStallTables, stallSubheading, stallTable, type StallRow } from './stall-table';
import { QUORUM_DEFAULTS } from '../../functions/config/quorum';
import { fastPageWithinSeconds } from '../../functions/plan/quorum';

const BENCHMARKS = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const MIN = 60_000;
/**
 * The goals: a page within 15 s of a total or token-only outage's start (plan/quorum.ts fastPageWithinSeconds at the
 * default 7.5 s), OK within 90 s of its fix.
 */
const PAGE_GOAL_S = fastPageWithinSeconds(QUORUM_DEFAULTS.checkEverySeconds);
/** An outage while one region's probe or path is down: the regions left page, the goal before the 30 s one. */
const DEGRADED_GOAL_S = 60;
const OK_GOAL_S = 90;
/** How long an outage lasts at least: every region has paged and sees it, as in a real one. */
const OUTAGE_MS = 100_000;
/** How long the bench waits for a page or an OK before it writes "never". */
const GIVE_UP_MS = 4 * MIN;
const LONE = 'eu-west-1';

type Kind = '5xx' | 'reset';

/** Each outage, from its start to every region's OK: a page of its server outside all of these must not happen. */
const outageWindows: { target: string; from: number; to: number }[] = [];

interface Row {
  readonly scenario: string;
  readonly phaseS?: number;
  readonly pageS?: number;
  readonly okS?: number;
  /** Page composite ALARM messages that must not happen (another target's, or any in a no-page scenario). */
  readonly wrongPages: number;
  /** The outage's own page messages (ALARM), every region counted: 1 is one page. */
  readonly pages?: number;
  /** OK messages of its page composite between its first page and the fix: a page that cleared while it lasted. */
  readonly okWhileDown?: number;
  /** This outage's page goal, s (60 for a total one). */
  readonly goalS?: number;
  readonly note: string;
}

/**
 * An outage as a bench case: what it turns on and off, how long it lasts, and its page goal. `on` may keep changing
 * the simulator (a flapping outage) until `off`.
 */
interface Fault {
  readonly target: 'org' | 'default';
  readonly on: (d: Deployment) => void;
  readonly off: (d: Deployment) => void;
  readonly lastsMs: number;
  readonly goalS: number;
}

/** A fault of intercepts held from start to fix. */
const intercepting = (
  target: 'org' | 'default',
  list: Intercept[],
  lastsMs = OUTAGE_MS,
  goalS = PAGE_GOAL_S,
): Fault => ({
  target,
  on: (d) => {
    d.sim.intercepts = list;
  },
  off: (d) => {
    d.sim.intercepts = [];
  },
  lastsMs,
  goalS,
});

const SERVICE_UNAVAILABLE = {
  kind: 'html',
  status: 503,
  title: 'Service Unavailable',
  message: 'The service is temporarily unavailable. Please try again later.',
} as const;

/** Okta failing every request of the Org server 40 s, then answering 40 s, four times over. */
function flapping(): Fault {
  let timer: NodeJS.Timeout | undefined;
  return {
    target: 'org',
    on: (d) => {
      let failing = true;
      d.sim.intercepts = [outage('org', '5xx')];
      timer = setInterval(() => {
        failing = !failing;
        d.sim.intercepts = failing ? [outage('org', '5xx')] : [];
      }, 40_000);
    },
    off: (d) => {
      clearInterval(timer);
      d.sim.intercepts = [];
    },
    lastsMs: 8 * 40_000,
    goalS: PAGE_GOAL_S,
  };
}

/** Global-table replication stalled from a minute before the Org server goes down, until the fix. */
function duringStall(): Fault {
  return {
    target: 'org',
    on: (d) => {
      d.sim.intercepts = [outage('org', '5xx')];
    },
    off: (d) => {
      d.sim.intercepts = [];
      d.quorum.stall(false);
    },
    lastsMs: 5 * MIN,
    goalS: 4 * 60,
  };
}

const log = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** A total outage of one server: every request to it answered 503 (an HTML error page) or its connection reset. */
function outage(target: 'org' | 'custom', kind: Kind): Intercept {
  return {
    server: target,
    endpoint: '*',
    answer:
      kind === '5xx'
        ? {
            kind: 'html',
            status: 503,
            title: 'Service Unavailable',
            message: 'The service is temporarily unavailable. Please try again later.',
          }
        : { kind: 'destroy' },
  };
}

const pageName = (d: Deployment, target: string): string => `${d.prefix}-${target}-page`;
const pageMessages = (d: Deployment, from: number, to = Infinity) =>
  d.quorum.messages.filter((m) => m.alarm.endsWith('-page') && m.at >= from && m.at < to);

/** Waits until `phaseS` seconds into the schedule's minute, at least `leadMs` from now. */
async function untilPhase(epoch: number, phaseS: number, leadMs = 5_000): Promise<void> {
  const earliest = Date.now() + leadMs;
  const minutes = Math.ceil((earliest - epoch - phaseS * 1000) / MIN);
  await sleep(Math.max(0, epoch + minutes * MIN + phaseS * 1000 - Date.now()));
}

/** Every region's page composite of `target` OK now: its last message, if any since `from`, is OK. */
function allOk(d: Deployment, target: string, from: number): boolean {
  return DEPLOY_REGIONS.every((region) => {
    const last = d.quorum.messages
      .filter((m) => m.region === region && m.alarm === pageName(d, target) && m.at >= from)
      .at(-1);
    return last === undefined || last.state === 'OK';
  });
}

async function measureOutage(
  d: Deployment,
  epoch: number,
  target: string,
  kind: Kind,
  phaseS: number,
  scenario: string,
  goalS = PAGE_GOAL_S,
): Promise<Row> {
  return measureFault(
    d,
    epoch,
    intercepting(
      target === 'org' ? 'org' : 'default',
      [outage(target === 'org' ? 'org' : 'custom', kind)],
      OUTAGE_MS,
      goalS,
    ),
    phaseS,
    scenario,
  );
}

async function measureFault(
  d: Deployment,
  epoch: number,
  fault: Fault,
  phaseS: number,
  scenario: string,
): Promise<Row> {
  const { target } = fault;
  await untilPhase(epoch, phaseS);
  const start = Date.now();
  fault.on(d);
  outageWindows.push({ target, from: start, to: Infinity });
  log(`${scenario}: fault on at phase ${phaseS} s`);
  const paged = (): typeof d.quorum.messages =>
    pageMessages(d, start).filter((m) => m.alarm === pageName(d, target) && m.state === 'ALARM');
  await waitFor(() => paged().length > 0, Math.max(GIVE_UP_MS, fault.goalS * 1000 + MIN));
  const page = paged()[0];
  await sleep(Math.max(0, start + fault.lastsMs - Date.now()));
  const fix = Date.now();
  fault.off(d);
  log(
    `${scenario}: fixed${
      page !== undefined
        ? `, paged after ${((page.at - start) / 1000).toFixed(1)} ` + `s by ${page.region}`
        : ', never paged'
    }`,
  );
  const ok = await waitFor(() => allOk(d, target, start), GIVE_UP_MS);
  const lastOk = pageMessages(d, fix)
    .filter((m) => m.alarm === pageName(d, target) && m.state === 'OK')
    .at(-1);
  const end = Date.now();
  outageWindows.splice(-1, 1, { target, from: start, to: end });
  const own = pageMessages(d, start, end).filter((m) => m.alarm === pageName(d, target));
  const alarmed = new Set(own.filter((m) => m.state === 'ALARM').map((m) => m.region));
  const wrong = pageMessages(d, start, end).filter(
    (m) => m.alarm !== pageName(d, target) && m.state === 'ALARM',
  ).length;
  await sleep(20_000);
  return {
    scenario,
    phaseS,
    ...(page !== undefined && { pageS: (page.at - start) / 1000 }),
    ...(ok && lastOk !== undefined && { okS: (lastOk.at - fix) / 1000 }),
    wrongPages: wrong,
    pages: own.filter((m) => m.state === 'ALARM').length,
    okWhileDown: own.filter((m) => m.state === 'OK' && page !== undefined && m.at > page.at && m.at < fix).length,
    goalS: fault.goalS,
    note: `paged in ${alarmed.size} of 3 regions${page !== undefined ? `, first ${page.region}` : ''}`,
  };
}

/** One region's own trouble: no page composite may say ALARM from its start to a minute after its end. */
async function measureNoPage(d: Deployment, scenario: string, work: () => Promise<void>): Promise<Row> {
  const start = Date.now();
  log(`${scenario}: start`);
  await work();
  await sleep(MIN);
  const pages = pageMessages(d, start).filter((m) => m.state === 'ALARM');
  const lone = new Set(
    d.invocations
      .filter((i) => i.startedAt >= start)
      .flatMap((i) => (i.quorum?.lone ?? []).map((t) => `${i.region}:${t}`)),
  );
  return { scenario, wrongPages: pages.length, note: `alone and warning: ${[...lone].sort().join(', ') || 'none'}` };
}

/** Okta's partial outages, as its incident reports describe them, a stall of the table, and noise. */
async function partialCases(d: Deployment, epoch: number): Promise<Row[]> {
  const org = (endpoint: 'token' | 'authorize', answer: Intercept['answer'], share?: number): Intercept[] => [
    { server: 'org', endpoint, answer, ...(share !== undefined ? { share } : {}) },
  ];
  const rows: Row[] = [];
  rows.push(
    await measureFault(d, epoch, intercepting('org', org('token', SERVICE_UNAVAILABLE)), 25, 'Org /token alone 503'),
  );
  rows.push(
    await measureFault(
      d,
      epoch,
      intercepting('org', org('token', { kind: 'destroy' })),
      40,
      'Org /token alone: every connection reset',
    ),
  );
  rows.push(
    await measureFault(
      d,
      epoch,
      intercepting('org', org('authorize', SERVICE_UNAVAILABLE), OUTAGE_MS + 30_000, 90),
      10,
      'Org /authorize alone 503',
    ),
  );
  rows.push(
    await measureFault(
      d,
      epoch,
      intercepting('org', org('token', SERVICE_UNAVAILABLE, 0.4), 5 * MIN, 150),
      33,
      'Org /token: 40% of requests 503, 5 minutes',
    ),
  );
  rows.push(await measureFault(d, epoch, flapping(), 48, 'Org server flapping: 503 40 s, answering 40 s, four times'));
  d.delivery.twice = true;
  rows.push(
    await measureFault(
      d,
      epoch,
      intercepting('org', org('token', SERVICE_UNAVAILABLE)),
      18,
      'Org /token alone 503, every invocation delivered twice (overlapping runs)',
    ),
  );
  d.delivery.twice = false;
  d.quorum.stall(true);
  log('replication stalled');
  await sleep(MIN);
  rows.push(await measureFault(d, epoch, duringStall(), 5, 'Replication stalled a minute, then Org server down (503)'));
  rows.push(
    await measureNoPage(d, '2% of every request 503 for 10 minutes (Okta otherwise up)', async () => {
      d.sim.intercepts = [{ server: 'any', endpoint: '*', answer: SERVICE_UNAVAILABLE, share: 0.02 }];
      await sleep(10 * MIN);
      d.sim.intercepts = [];
    }),
  );
  return rows;
}

/**
 * The whole run's outages of each server at spread phases of the schedule's minute, and a lone region's path
 * failing while Okta is up: what section v answers for, before any region's probe fails.
 */
async function fullCases(d: Deployment, epoch: number): Promise<Row[]> {
  const rows: Row[] = [];
  rows.push(await measureNoPage(d, 'Healthy, 4 minutes', () => sleep(3 * MIN)));
  rows.push(await measureOutage(d, epoch, 'org', '5xx', 0, 'Org server down: every request 503'));
  rows.push(await measureOutage(d, epoch, 'default', 'reset', 15, 'Custom server down: every connection reset'));
  rows.push(await measureOutage(d, epoch, 'org', 'reset', 30, 'Org server down: every connection reset'));
  rows.push(await measureOutage(d, epoch, 'default', '5xx', 45, 'Custom server down: every request 503'));
  rows.push(await measureOutage(d, epoch, 'org', '5xx', 52, 'Org server down: every request 503'));
  const path = d.paths.get(LONE);
  rows.push(
    await measureNoPage(d, `${LONE}'s path refused 2 min, then blackholed 2 min (Okta up)`, async () => {
      await path?.setPath('refused');
      await sleep(2 * MIN);
      await path?.setPath('blackhole');
      await sleep(2 * MIN);
      await path?.setPath('open');
    }),
  );
  rows.push(...(await oneRegionDownCases(d, epoch)));
  return rows;
}

/**
 * An outage while one region cannot speak (its path blackholed, its probe or the home's not running): the quorum
 * must still page from the regions left, which is the point of having one.
 */
async function oneRegionDownCases(d: Deployment, epoch: number): Promise<Row[]> {
  const rows: Row[] = [];
  const path = d.paths.get(LONE);
  // One region's probe failing: its path blackholed (every check times out) from 75 s before the outage.
  await path?.setPath('blackhole');
  await sleep(75_000);
  rows.push(
    await measureOutage(
      d,
      epoch,
      'org',
      '5xx',
      20,
      `${LONE}'s path blackholed, then Org server down (503)`,
      DEGRADED_GOAL_S,
    ),
  );
  await path?.setPath('open');
  // One region's probe not running at all (throttled: no invocation) from 75 s before the outage.
  d.running.set(LONE, false);
  await sleep(75_000);
  rows.push(
    await measureOutage(
      d,
      epoch,
      'default',
      '5xx',
      37,
      `${LONE}'s probe not running, then custom server down (503)`,
      DEGRADED_GOAL_S,
    ),
  );
  d.running.set(LONE, true);
  rows.push(await homeStoppedCase(d, epoch));
  return rows;
}

/** The home region's probe not running from 75 s before an Org outage: the region whose composites page while alive. */
async function homeStoppedCase(d: Deployment, epoch: number): Promise<Row> {
  const home = d.settings.homeRegion;
  d.running.set(home, false);
  await sleep(75_000);
  const row = await measureOutage(
    d,
    epoch,
    'org',
    '5xx',
    8,
    `the home region ${home}'s probe not running, then Org server down (503)`,
    DEGRADED_GOAL_S,
  );
  d.running.set(home, true);
  return row;
}

const seconds = (s: number | undefined): string => (s === undefined ? 'never' : s.toFixed(1));

/**
 * `quick`: one outage after a minute's warm-up, to try the bench itself in five minutes; never for BENCHMARKS.md.
 * `partial`: only the partial outages, the stall and the noise (section w, half an hour).
 * `homeStopped` (with `quick`): instead, the home region's probe stopped 75 s before an Org outage, its held run going
 * on: the case a held home that ends alone decides, in seven minutes.
 */
export async function quorumDeployBench(quick = false, partial = false, homeStopped = false): Promise<string> {
  const started = Date.now();
  const d = await startDeployment({ seed: 7, log });
  const rows: Row[] = [];
  try {
    const epoch = Date.now() + 1_000;
    d.startSchedule(epoch);
    // Two minutes to warm up: the first runs are cold and the latches have no state yet.
    await sleep(quick ? MIN : 2 * MIN);
    if (partial) {
      rows.push(...(await partialCases(d, epoch)));
      await d.stopSchedule();
      return render(d, rows, (Date.now() - started) / MIN, QUORUM_PARTIAL_HEADING);
    }
    if (quick && homeStopped) {
      rows.push(await homeStoppedCase(d, epoch));
      await d.stopSchedule();
      return render(d, rows, (Date.now() - started) / MIN);
    }
    if (quick) {
      rows.push(await measureOutage(d, epoch, 'org', '5xx', 0, 'Org server down: every request 503'));
      await d.stopSchedule();
      return render(d, rows, (Date.now() - started) / MIN);
    }
    rows.push(...(await fullCases(d, epoch)));
    await d.stopSchedule();
  } finally {
    await d.close();
  }
  return render(d, rows, (Date.now() - started) / MIN);
}

/** One row per scenario, measured or not, so a reader sees the no-page cases beside the outages. */
function scenarioTable(rows: readonly Row[]): string[] {
  return [
    '| Scenario | Phase (s) | Page (s) | Goal (s) | OK after the fix (s) | Pages | OK while it lasted | Pages that ' +
      'must not happen | Note |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.phaseS ?? ''} | ${r.phaseS === undefined ? '' : seconds(r.pageS)} | ${r.goalS ?? ''} ` +
        `| ${r.phaseS === undefined ? '' : seconds(r.okS)} | ${r.pages ?? ''} | ${r.okWhileDown ?? ''} ` +
        `| ${r.wrongPages} | ${r.note} |`,
    ),
  ];
}

/**
 * The verdict on the goals, over the whole run: a page outside its own server's outage counts wherever it fell,
 * which no single row can see.
 */
function worstCase(d: Deployment, rows: readonly Row[]): string {
  const outages = rows.filter((r) => r.phaseS !== undefined);
  const missed = outages.filter((r) => (r.pageS ?? Infinity) > (r.goalS ?? PAGE_GOAL_S));
  const worstPage = Math.max(...outages.map((r) => r.pageS ?? Infinity));
  const worstOk = Math.max(...outages.map((r) => r.okS ?? Infinity));
  const wrong = d.quorum.messages.filter(
    (m) =>
      m.alarm.endsWith('-page') &&
      m.state === 'ALARM' &&
      !outageWindows.some((w) => m.alarm === `${d.prefix}-${w.target}-page` && m.at >= w.from && m.at <= w.to),
  ).length;
  return (
    `**Worst case:** page ${seconds(Number.isFinite(worstPage) ? worstPage : undefined)} s; each outage's page ` +
    `goal (${PAGE_GOAL_S} s for a total or token-only outage, ${DEGRADED_GOAL_S} s with one region's probe or ` +
    `path down, /authorize alone 90 s, a partial outage 150 s, during a stall 240 s) ` +
    `${missed.length === 0 ? 'met by every one' : `missed by ${missed.map((r) => r.scenario).join('; ')}`}; ` +
    `OK ${seconds(Number.isFinite(worstOk) ? worstOk : undefined)} s after the fix (goal ${OK_GOAL_S} s: ${worstOk <= OK_GOAL_S ? 'met' : 'missed'}); ` +
    (`${wrong} page(s) that must not happen in the whole run (any page composite's ALARM outside its own ` +
      `server's outage).`)
  );
}

/** How the Lambda runs themselves fared: a page time means little if the probe was being killed or erroring. */
function invocationsSummary(d: Deployment): string {
  const runs = d.invocations;
  const cold = runs.filter((r) => r.cold);
  const timedOut = runs.filter((r) => r.error?.startsWith('Sandbox.Timedout'));
  const failed = runs.filter((r) => r.error !== undefined);
  const quorumErrors = runs.flatMap((r) => r.quorum?.errors ?? []);
  const initMax = Math.max(0, ...cold.map((r) => r.initMs ?? 0));
  const longest = Math.max(0, ...runs.map((r) => r.elapsedMs));
  return (
    `Invocations: ${runs.length}, ${cold.length} cold (init up to ${(initMax / 1000).toFixed(1)} s), the ` +
    `longest ${(longest / 1000).toFixed(1)} s; ` +
    (`${timedOut.length} killed at the Timeout, ${failed.length} failed; ${quorumErrors.length} fast-path ` +
      `port errors${quorumErrors.length > 0 ? ` (${[...new Set(quorumErrors)].slice(0, 3).join('; ')})` : ''}.`)
  );
}

function render(d: Deployment, rows: readonly Row[], minutes: number, heading = QUORUM_DEPLOY_HEADING): string {
  return [
    heading,
    '',
    `Written by \`npm run ${heading === QUORUM_DEPLOY_HEADING ? 'bench:quorum-deploy' : 'bench:quorum-partial'}\` ` +
      `(${Math.round(minutes)} min of real time, as root). The ` +
      `stack synthesized for us-east-1 (home),`,
    `eu-west-1 and ap-southeast-2 with real bundling; quorum ${d.settings.agree} of 3, a check every ${d.settings.checkEverySeconds} ` +
      `s, verdicts fresh ${d.settings.freshSeconds} s; the Org server and`,
    "the custom server `default`. Each region's probe asset runs as Lambda runs it " +
      '(test/support/lambda-asset.ts: Node 24, uid 65534,',
    "read-only code, the template's memory and environment, killed at its Timeout), on a one-minute schedule " +
      'that starts each run',
    'anywhere in its minute (EventBridge: no second-level precision), in a warm environment kept for 2-6 ' +
      'invocations, then a cold one. Its AWS calls go to one',
    'loopback fake, each served in the region it was signed for (test/support/quorum-aws.ts): the verdict ' +
      'table a global table',
    "(PutItem to the caller's replica, the others 1-2 s later; BatchGetItem reads the caller's), " +
      'SetAlarmState and DescribeAlarms',
    "on each region's latch alarms, QuorumFailing/QuorumHealthy kept and the home region's backstops " +
      'evaluated once a minute on',
    'the last whole minute, and each composite re-evaluated with its synthesized rule after every change, ' +
      'its transitions',
    'recorded as the SNS messages of its alarm actions. Okta is one simulator; each region reaches it ' +
      'through its own CONNECT',
    'proxy (HTTPS_PROXY), which a scenario refuses (nothing listens) or blackholes (accepts, never answers) alone.',
    '',
    'Page: from the fault to the first page composite ALARM message of that server, any region. OK: from the ' +
      'fix to the last',
    `region's OK message. An outage lasts ${OUTAGE_MS / 1000} s (/authorize alone ${OUTAGE_MS / 1000 + 30} s, ` +
      "40% of /token and a stall 5 min, flapping four 80 s cycles), at the phase of the schedule's minute " +
      "given; pages counts its page composite's ALARM messages (1: one page), OK while it lasted those that " +
      'cleared before the fix; the note says in how many regions it paged. The simulator answers a share of ' +
      'requests on its own for the 40% and 2% cases (`share` of an intercept, sim/faults.ts).',
    '',
    ...scenarioTable(rows),
    '',
    worstCase(d, rows),
    '',
    invocationsSummary(d),
    '',
    "Not modelled: the other metric alarms (the checks', the probe's Errors) are taken as OK, so no " +
      'suppressor mutes a page;',
    "a composite and its SNS message follow a member's change at once (CloudWatch takes a few seconds); " +
      'Lambda freezes a warm',
    'environment between invocations, this one keeps running (its idle sockets time out in real time).',
  ].join('\n');
}

/**
 * The seconds of the UTC minute a stall's fix lands at by default: 50 (a minute late before, 90.0 s), 59 (just after
 * the minute's backstop round: the design's worst), and two more.
 */
const STALL_FIX_SECONDS = [50, 59, 20, 35];

/** `--stall`: only the never-healing stall, its fix at each of `fixSeconds` of the UTC minute (section w's table). */
export async function quorumStallBench(fixSeconds: readonly number[], evaluationSecond?: number): Promise<string> {
  const backstopEvaluationMs = evaluationSecond === undefined ? undefined : evaluationSecond * 1000;
  const started = Date.now();
  const d = await startDeployment({
    seed: 7,
    log,
    ...(backstopEvaluationMs !== undefined && { backstopEvaluationMs }),
  });
  const rows: StallRow[] = [];
  try {
    d.startSchedule(Date.now() + 1_000);
    await sleep(2 * MIN);
    for (const second of fixSeconds) rows.push(await stallCase(d, second, log));
    await d.stopSchedule();
  } finally {
    await d.close();
  }
  return stallTable(rows, (Date.now() - started) / MIN, evaluationSecond);
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain && process.argv.includes('--stall')) {
  const given = process.argv.find((a) => a.startsWith('--fix-seconds='));
  const fixSeconds =
    given === undefined ? STALL_FIX_SECONDS : given.slice('--fix-seconds='.length).split(',').map(Number);
  // `--evaluation-second=N`: CloudWatch reads the backstop's minute N s after it ends (20 by default; AWS says none).
  const evaluation = process.argv.find((a) => a.startsWith('--evaluation-second='));
  const evaluationSecond =
    evaluation === undefined ? undefined : Number(evaluation.slice('--evaluation-second='.length));
  const sub = await quorumStallBench(fixSeconds, evaluationSecond);
  // A run at chosen fix seconds is a probe of one case, not the table: only the default phases are written.
  if (given === undefined)
    await writeFile(
      BENCHMARKS,
      withSubsection(
        await readFile(BENCHMARKS, 'utf8'),
        QUORUM_PARTIAL_HEADING,
        stallSubheading(evaluationSecond),
        sub,
      ),
    );
  process.stdout.write(`${sub}\n`);
} else if (isMain) {
  const quick = process.argv.includes('--quick');
  const partial = process.argv.includes('--partial');
  const section = await quorumDeployBench(quick, partial, process.argv.includes('--home-stopped'));
  const heading = partial ? QUORUM_PARTIAL_HEADING : QUORUM_DEPLOY_HEADING;
  const doc = await readFile(BENCHMARKS, 'utf8');
  // The stall's tables are `--stall`'s, measured apart: the partial run keeps each.
  const kept = partial ? keptStallTables(doc, heading) : [];
  const next = kept.reduce(
    (d, [subheading, sub]) => withSubsection(d, heading, subheading, sub),
    withSection(doc, heading, section),
  );
  if (!quick) await writeFile(BENCHMARKS, next);
  process.stdout.write(`${section}\n`);
}
