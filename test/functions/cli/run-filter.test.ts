// run --server: probe only some servers of a config, in-process against the simulator.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { RunLogLine } from '../../../functions/contract';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { captureIo } from './helpers';
import type { Report } from '../../../functions/types';
import { CHECKS } from '../../../functions/contract';
import { writeSimulatorConfig } from '../../../sim/config';
import { useSimulator } from '../../support/simulator';

const sim = useSimulator();
let dir: string;
let config: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-filter-'));
  config = await writeSimulatorConfig(sim(), dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every line of a --history folder, in file order. */
function readHistory(history: string): RunLogLine[] {
  if (!existsSync(history)) return [];
  const files = readdirSync(history)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  return files.flatMap((f) =>
    readFileSync(join(history, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as RunLogLine),
  );
}

describe('run --server', () => {
  it('probes only the named servers; "okta" is the status feed', async () => {
    const io = captureIo();
    expect(await main(['run', '--config', config, '--server', 'default', '--server', 'okta', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as Report;
    expect([...new Set(report.checks.map((c) => c.server))]).toEqual(['default', 'okta']);
  });

  it('refuses an id the config does not have, with a did-you-mean, exit 2, nothing probed', async () => {
    const io = captureIo();
    expect(await main(['run', '--config', config, '--server', 'defualt'], io)).toBe(2);
    expect(io.err().replace(/\s+/g, ' ')).toMatch(
      /run: --server "defualt" is not in the config \(did you mean default\?\); the servers are org, default, portal, mobile, workforce, salesforce, okta/,
    );
    expect(io.out()).toBe('');
  });
});

// The report counts only what a limited run covered, so its line in the history says so.
describe('a limited run in the history', () => {
  it('records what --server and --check covered; a full run records nothing of the kind', async () => {
    const history = join(dir, 'history');
    const lines = async (args: string[]) => {
      const before = readHistory(history).length;
      expect(
        await main(['run', '--config', config, '--history', history, ...args, '--json'], captureIo()),
      ).toBeLessThanOrEqual(1);
      return readHistory(history).slice(before);
    };
    expect((await lines(['--server', 'default']))[0]?.covered).toEqual({ servers: ['default'] });
    expect((await lines(['--server', 'salesforce', '--check', 'saml']))[0]?.covered).toEqual({
      servers: ['portal', 'salesforce'],
      checks: ['saml'],
    });
    expect((await lines([]))[0]?.covered).toBeUndefined();
  });
});

describe('run --check', () => {
  it(
    'probes the named check and what it needs, nothing else: introspect sends token and introspect requests ' + 'only',
    async () => {
      sim().resetRequests();
      const io = captureIo();
      expect(await main(['run', '--config', config, '--check', 'introspect', '--json'], io), io.err()).toBe(0);
      const report = JSON.parse(io.out()) as Report;
      expect(report.checks.map((c) => `${c.server}/${c.check}`)).toEqual([
        'org/token',
        'org/introspect',
        'default/token',
        'default/introspect',
      ]);
      expect(io.err().replace(/\s+/g, ' ')).toContain('--check: also probing token, which introspect needs');
      const paths = sim().requests.map((r) => r.path);
      expect(paths.length).toBe(4);
      expect(paths.every((p) => /\/v1\/(token|introspect)$/.test(p))).toBe(true);
    },
  );

  it('validate brings token and keys; combined with --server', async () => {
    const io = captureIo();
    expect(await main(['run', '--config', config, '--server', 'default', '--check', 'validate', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as Report;
    expect(report.checks.map((c) => c.check)).toEqual(['keys', 'token', 'validate']);
  });

  it('a failed prerequisite is reported beside the check it skipped', async () => {
    sim().scenario = 'server-error';
    try {
      const io = captureIo();
      expect(await main(['run', '--config', config, '--server', 'default', '--check', 'validate', '--json'], io)).toBe(
        1,
      );
      const report = JSON.parse(io.out()) as Report;
      expect(report.checks.find((c) => c.check === 'token')?.diagnosis?.code).toBe('OKTA_SERVER_ERROR');
      expect(report.checks.find((c) => c.check === 'validate')).toMatchObject({ status: 'skip' });
    } finally {
      sim().scenario = 'healthy';
    }
  });

  it(
    'refuses an unknown check with a did-you-mean, and one no server of the run has, saying why (exit 2, ' +
      'nothing probed)',
    async () => {
      sim().resetRequests();
      const io = captureIo();
      expect(await main(['run', '--config', config, '--check', 'introspection'], io)).toBe(2);
      expect(io.err().replace(/\s+/g, ' ')).toContain(
        `run: --check "introspection" is not a check (did you mean introspect?); the checks are ${CHECKS.join(', ')}`,
      );
      const io2 = captureIo();
      expect(await main(['run', '--config', config, '--server', 'org', '--check', 'validate'], io2)).toBe(2);
      expect(io2.err().replace(/\s+/g, ' ')).toContain(
        'run: --check validate: no server of this run has it (custom authorization servers only',
      );
      expect(sim().requests).toEqual([]);
    },
  );
});
