// The token's chain rehearsed before a fresh process's first clock: against a server of this process only, with a
// client of its own, once per process, and through the passing path (the code the run will take).
import { describe, expect, it, vi } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { createDispatcher } from '../../../functions/probe/http';
import type { ProbeConfig, Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-rehearsal-');

async function probe(): Promise<ProbeConfig> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config.probe;
}

interface Sent {
  readonly origin: string;
  readonly path: string;
  readonly headers: string;
  readonly at: number;
}

/** Fresh modules (the rehearsal is once per process), and every request undici creates meanwhile. */
async function rehearsing<T>(
  act: (modules: {
    rehearseChain: typeof import('../../../functions/probe/rehearsal').rehearseChain;
    runProbe: typeof import('../../../functions/probe/engine').runProbe;
    plannedChecks: typeof import('../../../functions/plan/checks').plannedChecks;
  }) => Promise<T>,
): Promise<{ value: T; sent: Sent[] }> {
  const { default: diagnosticsChannel } = await import('node:diagnostics_channel');
  vi.resetModules();
  const { rehearseChain } = await import('../../../functions/probe/rehearsal');
  const { runProbe } = await import('../../../functions/probe/engine');
  const { plannedChecks } = await import('../../../functions/plan/checks');
  const sent: Sent[] = [];
  const seen = (message: unknown): void => {
    const { request } = message as { request: { origin: string; path: string; headers: string | string[] } };
    sent.push({ origin: String(request.origin), path: request.path, headers: String(request.headers), at: Date.now() });
  };
  diagnosticsChannel.subscribe('undici:request:create', seen);
  try {
    return { value: await act({ rehearseChain, runProbe, plannedChecks }), sent };
  } finally {
    diagnosticsChannel.unsubscribe('undici:request:create', seen);
  }
}

describe('rehearseChain()', () => {
  it("passes each kind of server's token and introspection against this process alone, once per process", async () => {
    const config = await probe();
    sim().resetRequests();
    const { value, sent } = await rehearsing(async ({ rehearseChain, runProbe, plannedChecks }) => {
      const first = rehearseChain(config, plannedChecks(config), runProbe);
      expect(rehearseChain(config, plannedChecks(config), runProbe)).toBe(first);
      return first;
    });
    // The simulator's config has the Org authorization server and custom ones: one of each kind is rehearsed.
    expect(value.map((c) => `${c.server}/${c.check}:${c.status}`).sort()).toEqual([
      'default/introspect:pass',
      'default/token:pass',
      'org/introspect:pass',
      'org/token:pass',
    ]);
    expect(sim().requests).toEqual([]);
    expect(sent).toHaveLength(4);
    const simOrigin = new URL(config.orgUrl).origin;
    expect(sent.every((s) => /^http:\/\/127\.0\.0\.1:\d+$/.test(s.origin) && s.origin !== simOrigin)).toBe(true);
    // Its own client and secret, never the run's credentials.
    const basic = `Basic ${Buffer.from('rehearsal:rehearsal-secret').toString('base64')}`;
    expect(sent.every((s) => s.headers.includes(basic))).toBe(true);
  });

  it('rehearses nothing for a run that fetches no token', async () => {
    const config = await probe();
    const { value, sent } = await rehearsing(({ rehearseChain, runProbe, plannedChecks }) =>
      rehearseChain(config, plannedChecks(config, new Set(['discovery', 'authorize'])), runProbe),
    );
    expect(value).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('runs in the preparation of a run without a dispatcher, before its clock; not in a run given one', async () => {
    const config = await probe();
    const credentials = resolveLocalCredentials(config, {});
    const simOrigin = new URL(config.orgUrl).origin;
    const rehearsed = (sent: readonly Sent[]): Sent[] =>
      sent.filter((s) => s.origin !== simOrigin && /\/v1\/(token|introspect)$/.test(s.path));

    const own = await rehearsing(({ runProbe }) => runProbe(config, { credentials }));
    expect(rehearsed(own.sent)).toHaveLength(4);
    const clock = Date.parse(own.value.startedAt);
    expect(rehearsed(own.sent).every((s) => s.at <= clock)).toBe(true);

    const given = await rehearsing(({ runProbe }) => runProbe(config, { credentials, dispatcher: createDispatcher() }));
    expect(given.sent.length).toBeGreaterThan(0);
    expect(given.sent.every((s) => s.origin === simOrigin)).toBe(true);
  });

  it("is bounded at 2 s: each request's timeout and the rehearsal's run deadline", async () => {
    const config = await probe();
    const handed: { timeoutMs: number; deadlineIn: number }[] = [];
    const { value } = await rehearsing(({ rehearseChain, plannedChecks }) =>
      rehearseChain(config, plannedChecks(config), (rehearsal, options) => {
        handed.push({ timeoutMs: rehearsal.timeoutMs, deadlineIn: (options.deadline ?? Infinity) - Date.now() });
        // Only its checks are read: an empty report, as a run with nothing planned tells.
        return Promise.resolve({ checks: [] } as unknown as Report);
      }),
    );
    expect(value).toEqual([]);
    expect(handed).toHaveLength(1);
    expect(handed[0]?.timeoutMs).toBeLessThanOrEqual(2000);
    expect(handed[0]?.deadlineIn).toBeGreaterThan(0);
    expect(handed[0]?.deadlineIn).toBeLessThanOrEqual(2000);
  });
});
