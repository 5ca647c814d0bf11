// Multi-region quorum: page and OK times, and pages that must not happen, in a simulated deployment of three
// regions on a fake clock (scripts/bench/quorum-sim.ts says what runs for real and what is modelled). Synthesizes
// the three regions' stacks and evaluates each page composite with the rule synthesized for it, then plays each
// scenario at every phase of the minute (5 s apart) with several seeds. Writes its section of BENCHMARKS.md and
// prints it. Rerun: npm run bench:quorum
import { App } from 'aws-cdk-lib';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { QuorumSettings } from '../../functions/config/quorum';
import { buildApp } from '../../lib/build-app';
import { flatTemplate } from '../../test/lib/helpers';
import { alarmModel, evaluate } from '../../test/support/alarm-rules';
import { exampleConfig, TEST_ENV, writeConfig } from '../../test/support/configs';
import { QUORUM_HEADING, withSection } from './doc-section';
import { MODEL, simulate, type PageRule, type Scenario, type SimResult } from './quorum-sim';

const BENCHMARKS = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const PHASES_S = Array.from({ length: 12 }, (_, i) => i * 5);
const SEEDS = [1, 2, 3];
const MIN = 60_000;

/** The three stacks' page composites, synthesized with cdk-nag, as rules over their members in ALARM. */
function synthesizedRule(): { rule: PageRule; settings: QuorumSettings } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const result = buildApp(app, { configPath: writeConfig({ ...exampleConfig(), regions: REGIONS }), env: TEST_ENV });
  if (!result.ok || result.config.deploy.quorum === null) throw new Error(result.ok ? 'no quorum' : result.errors.join('; '));
  app.synth();
  const prefix = result.config.deploy.prefix;
  const models = new Map(result.stacks.map((stack) => [stack.region, alarmModel(flatTemplate(stack))]));
  const rule: PageRule = (region, target, members) => {
    const model = models.get(region);
    if (model === undefined) throw new Error(`no stack in ${region}`);
    return evaluate(model, new Set([...members].map((m) => `${prefix}-${m}`))).get(`${prefix}-${target}-page`) === 'ALARM';
  };
  return { rule, settings: result.config.deploy.quorum };
}

const always = (): 'ok' => 'ok';
const between = (t: number, from: number, to: number): boolean => t >= from && t < to;

/** An outage from 5 min + phase to 10 min + phase + 17 s (the fix at another phase than the start). */
function outage(kind: '5xx' | 'refused', phaseS: number, extra: Partial<Scenario> = {}): Scenario & { start: number; fix: number } {
  const start = 5 * MIN + phaseS * 1000;
  const fix = 10 * MIN + ((phaseS + 17) % 60) * 1000;
  return { name: `outage (${kind})`, minutes: 14, start, fix, okta: (t) => (between(t, start, fix) ? kind : 'up'), path: always, ...extra };
}

interface Row {
  readonly scenario: string;
  readonly runs: number;
  readonly pageWorst?: number;
  readonly pageMedian?: number;
  readonly okWorst?: number;
  readonly falsePages: number;
  readonly loneRegions?: string;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const firstAlarm = (r: SimResult, after: number): number | undefined => r.notifications.find((n) => n.state === 'ALARM' && n.at >= after)?.at;
/** When every region's composite is OK again: the last OK after the fix, when no ALARM follows it. */
function allOk(r: SimResult, fix: number): number | undefined {
  const after = r.notifications.filter((n) => n.at >= fix);
  return after.length === 0 ? undefined : Math.max(...after.map((n) => n.at));
}

async function measureOutages(kind: '5xx' | 'refused', rule: PageRule, settings: QuorumSettings, extra: Partial<Scenario> = {}, name?: string): Promise<Row> {
  const pages: number[] = [];
  const oks: number[] = [];
  let falsePages = 0;
  let runs = 0;
  for (const phase of PHASES_S) {
    for (const seed of SEEDS) {
      const s = outage(kind, phase, extra);
      const result = await simulate(s, settings, rule, seed * 1000 + phase, [0, 7_000, 23_000]);
      runs += 1;
      falsePages += result.notifications.filter((n) => n.state === 'ALARM' && n.at < s.start).length;
      const page = firstAlarm(result, s.start);
      const ok = allOk(result, s.fix);
      pages.push(page === undefined ? Infinity : page - s.start);
      oks.push(ok === undefined ? Infinity : ok - s.fix);
    }
  }
  return { scenario: name ?? `Okta down (${kind === '5xx' ? 'every request 5xx' : 'every connection refused'}), 12 phases x 3 seeds`, runs, pageWorst: Math.max(...pages), pageMedian: median(pages), okWorst: Math.max(...oks), falsePages };
}

async function measureNoPage(name: string, scenario: Scenario, rule: PageRule, settings: QuorumSettings): Promise<Row> {
  let falsePages = 0;
  let runs = 0;
  const lone = new Set<string>();
  for (const seed of SEEDS) {
    for (const phase of [0, 20, 40]) {
      const result = await simulate(scenario, settings, rule, seed * 7 + phase, [phase * 1000, 7_000, 23_000]);
      runs += 1;
      falsePages += result.notifications.filter((n) => n.state === 'ALARM').length;
      for (const l of result.lone) lone.add(l.region);
    }
  }
  return { scenario: name, runs, falsePages, loneRegions: [...lone].join(', ') || 'none' };
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '' : Number.isFinite(ms) ? (ms / 1000).toFixed(1) : 'never');

export async function quorumBench(): Promise<{ rows: Row[]; section: string }> {
  const { rule, settings } = synthesizedRule();
  const eu = (t: number, from: number, to: number, path: 'refused' | 'blackhole'): 'ok' | 'refused' | 'blackhole' => (between(t, from, to) ? path : 'ok');
  const rows: Row[] = [
    await measureOutages('5xx', rule, settings),
    await measureOutages('refused', rule, settings),
    await measureOutages('5xx', rule, settings, { alive: (region, t) => region !== 'eu-west-1' || t < 2 * MIN }, "eu-west-1's probe stopped at 2 min, then Okta down (5xx)"),
    await measureOutages('5xx', rule, settings, { path: (region, t) => (region === 'eu-west-1' && t >= 2 * MIN ? 'blackhole' : 'ok') }, "eu-west-1's path blackholed from 2 min, then Okta down (5xx)"),
    await measureOutages('5xx', rule, settings, { tableUp: () => false }, 'The verdict table down throughout, then Okta down (5xx): the backstop pages'),
    await measureNoPage('eu-west-1 refused 5 min, then blackholed 5 min (Okta up)', { name: 'lone', minutes: 14, okta: () => 'up', path: (region, t) => (region === 'eu-west-1' ? eu(t, 2 * MIN, 7 * MIN, 'refused') === 'refused' ? 'refused' : eu(t, 7 * MIN, 12 * MIN, 'blackhole') : 'ok') }, rule, settings),
    await measureNoPage('A rotated secret in every region (INVALID_CLIENT, Okta up)', { name: 'own', minutes: 14, okta: () => 'up', path: always, ownCause: (t) => t >= 2 * MIN }, rule, settings),
    await measureNoPage('Healthy for an hour', { name: 'healthy', minutes: 60, okta: () => 'up', path: always }, rule, settings),
  ];
  const table = [
    '| Scenario | Runs | Page, worst (s) | Page, median (s) | OK after the fix, worst (s) | Pages that must not happen | Regions that warned alone |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.scenario} | ${r.runs} | ${seconds(r.pageWorst)} | ${seconds(r.pageMedian)} | ${seconds(r.okWorst)} | ${r.falsePages} | ${r.loneRegions ?? ''} |`),
  ];
  const section = [
    QUORUM_HEADING,
    '',
    'Written by `npm run bench:quorum` (about a minute). Three regions (us-east-1 home, eu-west-1, ap-southeast-2),',
    `the example's two servers, quorum ${settings.agree} of ${settings.regions.length}, a check every ${settings.checkEverySeconds} s, verdicts fresh ${settings.freshSeconds} s.`,
    'An outage starts at 5 min + the phase (0-55 s, every 5 s) and is fixed at 10 min + phase + 17 s; three seeds each.',
    'Page: from the outage\'s start to the first page composite\'s ALARM message; OK: from the fix to the last region\'s OK message.',
    '',
    ...table,
    '',
    '**What is real and what is simulated.** Real: the fast-path loop the Lambda runs (`runQuorum`), the verdicts and',
    'the quorum decisions (`functions/plan/quorum.ts`), and each region\'s page composite rule as synthesized (with cdk-nag)',
    'for that region, evaluated by `test/support/alarm-rules.ts`. Simulated, on a fake clock (no real wait): the',
    `schedule (each region at its own second, jitter up to ${MODEL.scheduleJitterMs / 1000} s), cold starts (${MODEL.coldStartMs} ms, the first run and ${MODEL.coldShare * 100} % of the rest),`,
    `the Lambda timeout (${MODEL.lambdaTimeoutMs / 1000} s, ${MODEL.finishMarginMs / 1000} s margin), Okta's answers (${MODEL.answerMs} ms, a 5xx or refused connection retried once, a blackholed`,
    `request ${MODEL.timeoutMs / 1000} s twice), DynamoDB (${MODEL.dynamoMs} ms a call, replication ${MODEL.replicationMs[0]}-${MODEL.replicationMs[1]} ms), CloudWatch (${MODEL.cloudWatchMs} ms a call; the backstop`,
    `evaluated once a minute at second ${MODEL.evaluationSecond} on the last complete minute) and the composite + SNS (${MODEL.compositeAndSnsMs} ms). Not run here: the`,
    'engine\'s own HTTP checks against the Okta simulator, the bundled function under Node 24 in a Lambda-like process,',
    'and the AWS SDK against a loopback fake of the AWS APIs; section u runs those, in real time (`npm run bench:quorum-deploy`).',
  ].join('\n');
  return { rows, section };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { section } = await quorumBench();
  const doc = await readFile(BENCHMARKS, 'utf8');
  await writeFile(BENCHMARKS, withSection(doc, QUORUM_HEADING, section));
  process.stdout.write(`${section}\n`);
}
