// `status-page` from the runs `run --history` keeps against the simulator: healthy runs, the org's own setting
// failing, Okta's 5xx, healthy again. At each --at time the page tells the state and whose fault it is, and ten
// minutes after the last run it says monitoring is stale; a history it cannot read gives no page at all. Without
// --config it names things by the config the runs used; it warns of lines it skipped, and every line it prints to
// stderr fits 80 columns, piped or not.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import type { RunLogLine } from '../../../functions/contract';
import { STATUS_JSON_VERSION, type StatusJson } from '../../../functions/status-page/json';
import { writeSimulatorConfig } from '../../../sim/config';
import type { ScenarioName } from '../../../sim/scenarios';
import { useSimulator } from '../../support/simulator';
import { goodRunLine } from '../../support/run-line-fixture';
import { captureIo } from './helpers';

const sim = useSimulator();
let dir: string;
let config: string;
/** Each phase's run: its scenario and when it started. */
const runs: { scenario: ScenarioName; startedAt: string }[] = [];
const PHASES: readonly ScenarioName[] = ['healthy', 'no-access-policy', 'server-error', 'healthy'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-status-page-'));
  config = await writeSimulatorConfig(sim(), join(dir, 'config'));
  for (const scenario of PHASES) {
    sim().scenario = scenario;
    await main(['run', '--config', config, '--history', join(dir, 'history')], captureIo());
    const lines = readdirSync(join(dir, 'history'))
      .filter((file) => file.endsWith('.jsonl'))
      .flatMap((file) =>
        readFileSync(join(dir, 'history', file), 'utf8')
          .trim()
          .split('\n'),
      );
    runs.push({ scenario, startedAt: (JSON.parse(lines.at(-1) as string) as RunLogLine).startedAt });
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The page at `at`: its exit code, status.json and index.html. */
async function pageAt(at: string, out = join(dir, `out-${at}`)) {
  const io = captureIo();
  const code = await main(
    ['status-page', '--history', join(dir, 'history'), '--out', out, '--at', at, '--config', config],
    io,
  );
  const json = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')) as StatusJson;
  return { code, json, html: readFileSync(join(out, 'index.html'), 'utf8'), io };
}

const later = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

/** The simulator's config with people's names for its journeys and servers, written beside `config`. */
function namedConfig(): string {
  const json = JSON.parse(readFileSync(config, 'utf8')) as {
    servers: { id: string; name?: string }[];
    signIn: { id: string; name?: string }[];
  };
  for (const server of json.servers) server.name = `Server ${server.id.toUpperCase()}`;
  for (const journey of json.signIn) journey.name = `Journey ${journey.id.toUpperCase()}`;
  const named = join(dir, 'config', 'named.json');
  writeFileSync(named, JSON.stringify(json));
  return named;
}
const server = (json: StatusJson) => json.parts.find((p) => p.kind === 'server' && p.id === 'default');

describe('status-page --history', () => {
  it('tells, at each run, the state and whose fault it is', async () => {
    const expected = [
      { state: 'ok', owner: undefined, code: undefined, words: /Everything watched is working/ },
      { state: 'failing', owner: 'org', code: 'NO_ACCESS_POLICY', words: /A setting on our side/ },
      { state: 'failing', owner: 'okta', code: 'OKTA_SERVER_ERROR', words: /Okta's side/ },
      { state: 'ok', owner: undefined, code: undefined, words: /Everything watched is working/ },
    ];
    for (const [i, run] of runs.entries()) {
      const { code, json, html } = await pageAt(run.startedAt);
      const want = expected[i]!;
      expect(code).toBe(0);
      expect(json).toMatchObject({ version: STATUS_JSON_VERSION, stale: false, lastRunAt: run.startedAt });
      expect(server(json)).toMatchObject({ state: want.state, since: run.startedAt });
      expect(server(json)?.fault?.owner).toBe(want.owner);
      expect(server(json)?.fault?.code).toBe(want.code);
      expect(html).toMatch(want.words);
    }
    // The config names the simulator's SAML app as one, though its runs pass and its line says only "salesforce".
    const { json } = await pageAt(runs[0]!.startedAt);
    expect(json.parts.find((p) => p.id === 'salesforce')?.kind).toBe('saml-app');
  });

  it('writes a folder of two files, index.html and status.json, and never the model it folds', async () => {
    const out = join(dir, 'two-files');
    await pageAt(runs[0]!.startedAt, out);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'status.json']);
  });

  it('says monitoring is stale 10 minutes after the last run, and claims nothing works', async () => {
    const { code, json, html } = await pageAt(later(runs.at(-1)!.startedAt, 10 * 60_000));
    expect(code).toBe(0);
    expect(json).toMatchObject({ stale: true, overall: 'stale' });
    expect(json.parts.every((p) => p.state === 'unknown')).toBe(true);
    expect(html).toMatch(/<body class="stale"/);
    expect(html).toContain('MONITORING IS DOWN OR STALE');
  });

  it('names things by the config --config names, over the one the runs used', async () => {
    const history = join(dir, 'other-history');
    sim().scenario = 'healthy';
    await main(['run', '--config', namedConfig(), '--history', history], captureIo());
    const json = JSON.parse(readFileSync(namedConfig(), 'utf8')) as { servers: { id: string; name?: string }[] };
    for (const server of json.servers) server.name = `Other ${server.id.toUpperCase()}`;
    const other = join(dir, 'config', 'other.json');
    writeFileSync(other, JSON.stringify(json));
    const out = join(dir, 'other-out');
    const io = captureIo();
    expect(await main(['status-page', '--history', history, '--out', out, '--config', other], io)).toBe(0);
    expect(io.err()).toBe('');
    const page = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')) as StatusJson;
    // The runs' kept config names it "Server DEFAULT"; the one --config names wins.
    expect(page.parts.find((p) => p.kind === 'server' && p.id === 'default')?.name).toBe('Other DEFAULT');
  });
});

describe('status-page without --config', () => {
  it('names journeys and servers as the config the runs used names them', async () => {
    const history = join(dir, 'named-history');
    sim().scenario = 'healthy';
    await main(['run', '--config', namedConfig(), '--history', history], captureIo());
    const out = join(dir, 'named-out');
    const io = captureIo();
    expect(await main(['status-page', '--history', history, '--out', out], io)).toBe(0);
    expect(io.err()).toBe('');
    const json = JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')) as StatusJson;
    const name = (kind: string, id: string) => json.parts.find((p) => p.kind === kind && p.id === id)?.name;
    expect(name('server', 'default')).toBe('Server DEFAULT');
    expect(name('journey', 'portal')).toBe('Journey PORTAL');
    // The config's word on kinds too: the simulator's SAML app is one though its runs pass.
    expect(json.parts.find((p) => p.id === 'salesforce')?.kind).toBe('saml-app');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<span class="name">Server DEFAULT</span>');
    expect(html).toContain('<span class="name">Journey PORTAL</span>');
  });

  it('reads the config as runs with --secrets aws read it: no local credential asked', async () => {
    const history = join(dir, 'named-history');
    const json = JSON.parse(readFileSync(namedConfig(), 'utf8')) as { servers: Record<string, unknown>[] };
    for (const server of json.servers) {
      server.authMethod = 'privateKeyFile' in server ? 'private_key_jwt' : 'client_secret_basic';
      for (const key of ['clientSecret', 'privateKeyFile']) delete server[key];
    }
    const deployed = join(dir, 'config', 'deployed.json');
    writeFileSync(deployed, JSON.stringify(json));
    const record = join(history, 'kept', 'run-config.json');
    const kept = readFileSync(record, 'utf8');
    try {
      writeFileSync(record, JSON.stringify({ config: deployed, mode: 'deploy' }));
      const io = captureIo();
      expect(await main(['status-page', '--history', history, '--out', join(dir, 'deployed-out')], io)).toBe(0);
      expect(io.err()).toBe('');
      const page = JSON.parse(readFileSync(join(dir, 'deployed-out', 'status.json'), 'utf8')) as StatusJson;
      expect(page.parts.find((p) => p.kind === 'server' && p.id === 'default')?.name).toBe('Server DEFAULT');
    } finally {
      writeFileSync(record, kept);
    }
  });

  it('warns of the lines it skipped, as report does, and still writes the page', async () => {
    const history = join(dir, 'named-history');
    const file = readdirSync(history).find((f) => f.endsWith('.jsonl')) as string;
    writeFileSync(join(history, file), `${readFileSync(join(history, file), 'utf8')}{"torn":\n`);
    const out = join(dir, 'skipped-out');
    const io = captureIo();
    expect(await main(['status-page', '--history', history, '--out', out], io)).toBe(0);
    expect(io.err().replace(/\s+/g, ' ')).toContain(
      `status-page: --history ${history}: skipped 1 line that is not a whole run line ` +
        '(torn, edited or of another shape)',
    );
    for (const line of io.err().split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });
});

describe('status-page refuses a history it cannot build a page from', () => {
  const forged = { ...goodRunLine, servers: 'everything up' };

  it.each([
    ['missing', undefined, /no folder .*missing/],
    ['empty', [], /no whole run line/],
    ['torn', ['{"level":"INFO","message":"okta-synthetics run","startedAt":"2026-'], /skipped 1 line that is not/],
    ['forged', [JSON.stringify(forged), JSON.stringify(forged)], /skipped 2 lines that are not whole run lines/],
  ] as const)('a %s history: no page, the folder and the fix named', async (name, lines, message) => {
    const history = join(dir, name);
    if (lines !== undefined) {
      mkdirSync(history, { recursive: true });
      writeFileSync(join(history, `${goodRunLine.startedAt.slice(0, 10)}.jsonl`), lines.map((l) => `${l}\n`).join(''));
    }
    const out = join(dir, `out-${name}`);
    const io = captureIo();
    const at = later(goodRunLine.startedAt, 60_000);
    expect(await main(['status-page', '--history', history, '--out', out, '--at', at], io)).toBe(3);
    expect(io.err().replace(/\s+/g, ' ')).toMatch(message);
    expect(io.err().replace(/\s+/g, ' ')).toContain(`--history ${history}`);
    expect(io.err().replace(/\s+/g, ' ')).toContain(`run --config FILE --history ${history}`);
    expect(existsSync(join(out, 'index.html'))).toBe(false);
  });

  it('folds only the runs of the 7 days before --at: an older run in the first day read gives no page', async () => {
    const history = join(dir, 'week-old');
    mkdirSync(history, { recursive: true });
    writeFileSync(join(history, `${goodRunLine.startedAt.slice(0, 10)}.jsonl`), `${JSON.stringify(goodRunLine)}\n`);
    const io = captureIo();
    const at = later(goodRunLine.startedAt, 7 * 24 * 3_600_000 + 60_000);
    const out = join(dir, 'out-week-old');
    expect(await main(['status-page', '--history', history, '--out', out, '--at', at], io)).toBe(3);
    expect(io.err().replace(/\s+/g, ' ')).toContain('no whole run line in the 7 days before');
    expect(existsSync(join(out, 'index.html'))).toBe(false);
  });

  it('says every refusal within 80 columns, piped as at a terminal', async () => {
    const bad = join(dir, 'bad-config.json');
    writeFileSync(bad, JSON.stringify({ orgUrl: 'https://acme.okta.com', servers: [{ id: 'a', bogus: 1 }], x: 2 }));
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const torn = join(dir, 'torn');
    const at = ['--at', later(goodRunLine.startedAt, 60_000)];
    const cases: [string[], number][] = [
      [['--history', join(dir, 'missing'), '--out', join(dir, 'o'), ...at], 3],
      [['--history', torn, '--out', join(dir, 'o'), ...at], 3],
      [['--history', join(dir, 'history'), '--out', join(dir, 'o'), '--config', bad], 2],
      [['--history', join(dir, 'history'), '--out', file], 3],
      [['--history', dir, '--out', dir, '--at', 'yesterday'], 2],
      [['--history', dir], 2],
      [['--histo', dir], 2],
    ];
    for (const [args, exit] of cases) {
      const io = captureIo();
      expect(await main(['status-page', ...args], io), args.join(' ')).toBe(exit);
      expect(io.err().length).toBeGreaterThan(0);
      for (const line of io.err().split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    }
  });

  it('refuses a missing option or an --at that is no time, naming it', async () => {
    const io = captureIo();
    expect(await main(['status-page', '--history', dir], io)).toBe(2);
    expect(io.err().replace(/\s+/g, ' ')).toMatch(/--out DIR/);
    const bad = captureIo();
    expect(await main(['status-page', '--history', dir, '--out', dir, '--at', 'yesterday'], bad)).toBe(2);
    expect(bad.err().replace(/\s+/g, ' ')).toMatch(/--at expects an ISO time .* got "yesterday"/);
  });
});
