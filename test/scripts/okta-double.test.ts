// The CLI cycle's bench (scripts/bench/cli-double.ts) compares the probe's cycle against the simulator and against an
// independent double of Okta: the comparison holds only while every answer of the double passes the probe's checks,
// the same checks the simulator's config asks, and while the double refuses what Okta refuses (a double that
// answered anything would pass a probe that sent nothing right). And its arithmetic: the parts of a cycle add up to
// the cycle.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../functions/config/parse';
import { resolveLocalCredentials } from '../../functions/credentials/local';
import { runProbe } from '../../functions/probe/engine';
import type { Report } from '../../functions/types';
import { breakdown, criticalChain, type Cycle, type Exchange } from '../../scripts/bench/cycle-parts';
import { serversConfig } from '../../scripts/bench/servers-config';
import { startOktaDouble, type OktaDouble } from '../../scripts/bench/okta-double';
import { useSimulator } from '../support/simulator';
import { useTempDir } from '../support/temp-dir';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-double-');
let double: OktaDouble | undefined;
beforeAll(async () => {
  double = await startOktaDouble({ latencyMs: 0 });
});
afterAll(async () => {
  await double?.close();
});

/** The retry's pause, instant: nothing here times it. */
const pause = (): Promise<void> => Promise.resolve();

async function runAt(path: string): Promise<Report> {
  const loaded = loadConfigFile(path, 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const { probe } = loaded.config;
  return runProbe(probe, { credentials: resolveLocalCredentials(probe, {}), pause });
}

const statuses = (report: Report): string[] => report.checks.map((c) => `${c.server}/${c.check}: ${c.status}`);

describe('the independent Okta double', () => {
  it("passes every check the simulator's config of the CLI cycle asks, with the same results", async () => {
    const path = await double!.writeConfig(join(dir(), 'double'));
    const [atDouble, atSim] = await Promise.all([runAt(path), runAt(await serversConfig(sim(), join(dir(), 'sim')))]);
    expect(statuses(atDouble)).toEqual(statuses(atSim));
    // Plain http on loopback has no certificate to judge; every other check passes.
    expect(statuses(atDouble).filter((s) => !s.endsWith(': pass'))).toEqual(['org/certificate: n/a']);
    expect(atDouble.checks.find((c) => c.check === 'validate')?.observed).toMatchObject({ scp: 'probe.read' });
  });

  it("refuses a wrong client secret and an assertion signed under another key id, as Okta's /token does", async () => {
    const path = await double!.writeConfig(join(dir(), 'wrong'));
    const config = JSON.parse(await readFile(path, 'utf8')) as {
      servers: { id: string; clientSecret?: string; keyId?: string }[];
    };
    const servers = config.servers.map((s) =>
      s.id === 'org' ? { ...s, keyId: 'another-key' } : { ...s, clientSecret: `${s.clientSecret ?? ''}x` },
    );
    await writeFile(path, JSON.stringify({ ...config, servers }));
    const report = await runAt(path);
    const token = report.checks.filter((c) => c.check === 'token');
    expect(token.map((c) => [c.server, c.status, c.diagnosis?.requestId !== null])).toEqual([
      ['org', 'fail', true],
      ['default', 'fail', true],
    ]);
  });
});

const exchange = (name: string, created: number, ended: number, workMs = 2): Exchange => ({
  name,
  created,
  sent: created + 1,
  ended,
  connectMs: 0.5,
  arrived: created + 2,
  finished: created + 2 + 150 + workMs,
});

describe("the cycle's critical chain and its parts", () => {
  const cycle: Cycle = {
    cycleMs: 340,
    start: 1000,
    allPassed: true,
    checks: '',
    exchanges: [
      exchange('GET /oauth2/v1/keys', 1003, 1160),
      exchange('POST /oauth2/v1/token', 1010, 1170, 5),
      // Ends after the token's answer, before the introspect is sent: not what the introspect waited for.
      exchange('GET /.well-known/openid-configuration', 1004, 1172),
      exchange('POST /oauth2/v1/introspect', 1175, 1330, 3),
      exchange('GET /api/v1/users', 1172, 1325),
    ],
  };

  it('follows the last answer back to the token answer it was sent with', () => {
    expect(criticalChain(cycle.exchanges).map((e) => e.name)).toEqual([
      'POST /oauth2/v1/token',
      'POST /oauth2/v1/introspect',
    ]);
  });

  it("adds up to the cycle, with the server's work on the chain counted apart", () => {
    const { parts, serverWorkMs, chain } = breakdown(cycle);
    expect(chain).toBe('POST /oauth2/v1/token → POST /oauth2/v1/introspect');
    expect([...parts.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(cycle.cycleMs, 6);
    expect(serverWorkMs).toBeCloseTo(8, 6);
    expect(parts.get("the server's work")).toBeCloseTo(8, 6);
    expect(parts.get('the client, before the first request')).toBeCloseTo(10, 6);
    expect(parts.get('the client, between requests')).toBeCloseTo(5, 6);
    expect(parts.get('the client, after the last answer')).toBeCloseTo(10, 6);
  });
});
