// Every simulator scenario's outputs, written to one file with what varies between runs masked: the JSON report
// (checks, diagnoses, observed, metric data), the run line kept with --history, the terminal report, and the plan
// (metrics and alarm specs). A refactor that promises "no behaviour change" runs it before and after and diffs the
// two files: `npx --no-install tsx scripts/scenario-outputs.ts OUT.json`, then `diff before.json after.json`.
// It runs the built CLI (dist/cli.mjs, `node scripts/build.mjs` first) against the simulator on loopback only.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSimulatorConfig } from '../sim/config';
import { SCENARIO_NAMES, type ScenarioName } from '../sim/scenarios';
import { startSimulator } from '../sim/server';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/cli.mjs');

function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Loopback only: no proxy, and the status feed is the simulator's (the config it writes says so).
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Keys whose values are times, durations or ids that differ on every run. */
const VARYING_KEY =
  /(^|[a-z])(ms|Ms|At|at|p50|p90|p99|requestId|heldSince|lastJourney|expires|seen|since|until|connect|total|ttfb|dns|tls|download|Sum|Count|kid|kids|certificate|fingerprint|headroomPercent|remaining|skewSeconds)$/;
/** Metric data whose value is one of those: rate-limit headroom and clock skew move with the order of requests. */
const VARYING_METRIC = /Headroom|Skew/;

function mask(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => mask(v, key));
  if (typeof value === 'object' && value !== null) {
    // A metric datum in milliseconds (CheckLatency) varies with the machine; its name and dimensions do not.
    const datum = value as { unit?: unknown; name?: unknown };
    const timed = datum.unit === 'Milliseconds' || (typeof datum.name === 'string' && VARYING_METRIC.test(datum.name));
    // Whether a request reused a connection (timings.connect present) is the pool's business.
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'connect')
        .map(([k, v]) => [k, timed && k === 'value' ? '<n>' : mask(v, k)]),
    );
  }
  if (typeof value === 'number' && VARYING_KEY.test(key)) return '<n>';
  if (typeof value === 'string') return maskText(VARYING_KEY.test(key) && key !== 'at' ? '<s>' : value);
  return value;
}

function maskText(text: string): string {
  return (
    text
      .replace(/\d{4}-\d\d-\d\dT[\d:.]*(Z|…)?/g, '<time>')
      .replace(/\b[0-9A-F]{2}(:[0-9A-F]{2}){7,}…?/g, '<fingerprint>')
      .replace(/kids=[\w,…-]+/g, 'kids=<random>')
      .replace(/(headroomPercent|remaining|skewSeconds)=-?[\d.]+/g, '$1=<n>')
      .replace(/request id: [\w-]+/g, 'request id: <request-id>')
      .replace(/\(request [\w-]+\)/g, '(request <request-id>)')
      .replace(/\b0oa[A-Za-z0-9]{17}\b/g, '<client-id>')
      .replace(/[\w-]{30,}…?/g, '<random>')
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
      .replace(/\b\d+(\.\d+)? ?ms\b/g, '<n> ms')
      .replace(/\b\d+(\.\d+)? ?s\b/g, '<n> s')
      .replace(/\/tmp\/[\w.-]+/g, '<tmp>')
      .replace(/\breq[\w-]{10,}\b/g, '<request-id>')
      // Columns padded to the widest latency: the width varies with the numbers masked above.
      .replace(/ {2,}/g, '  ')
  );
}

/** One CLI run of `args` (the config's path appended) against a simulator of its own, started in `name`. */
async function againstSimulator(
  name: ScenarioName,
  dir: string,
  args: (config: string) => readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // A simulator each: two runs of one user within a 30-second step would send one TOTP code twice, which Okta (and
  // the simulator) refuses, and a run's outputs would then depend on the clock.
  const sim = await startSimulator({ scenario: name, port: 0 });
  try {
    return await cli(args(await writeSimulatorConfig(sim, dir)));
  } finally {
    await sim.close();
  }
}

async function outputsOf(name: ScenarioName): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), `scenario-outputs-${name}-`));
  try {
    const history = join(dir, 'history');
    const json = await againstSimulator(name, join(dir, 'a'), (config) => [
      'run',
      '--config',
      config,
      '--json',
      '--history',
      history,
    ]);
    const text = await againstSimulator(name, join(dir, 'b'), (config) => [
      'run',
      '--config',
      config,
      '--history',
      join(dir, 'history-text'),
    ]);
    const plan = await againstSimulator(name, join(dir, 'c'), (config) => ['plan', '--config', config, '--json']);
    const lines = readdirSync(history)
      .filter((file) => file.endsWith('.jsonl'))
      .flatMap((file) =>
        readFileSync(join(history, file), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{')),
      );
    const parse = (s: string): unknown => {
      try {
        return JSON.parse(s);
      } catch {
        return s;
      }
    };
    return mask({
      exit: [json.code, text.code, plan.code],
      report: parse(json.stdout),
      runLines: lines.map(parse),
      text: text.stdout.split('\n'),
      stderr: [json.stderr, text.stderr].map((s) => s.split('\n')),
      plan: parse(plan.stdout),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const out = process.argv[2];
if (out === undefined) {
  console.error('usage: tsx scripts/scenario-outputs.ts OUT.json [SCENARIO...]');
  process.exit(2);
}
const names = process.argv.length > 3 ? (process.argv.slice(3) as ScenarioName[]) : SCENARIO_NAMES;
const all: Record<string, unknown> = {};
for (const name of names) all[name] = await outputsOf(name);
writeFileSync(out, `${JSON.stringify(all, null, 1)}\n`);
console.log(`${names.length} scenarios written to ${out}`);
