// Late System Log events, as Okta describes them: a bounded query "may not include delayed events", a polling one
// returns every event in the order Okta committed it. The simulator commits a violation every 5 minutes 150 s late;
// runs a minute apart that keep their cursor count each one once, at the first run after Okta commits it.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfigFile } from '../../../../functions/config/parse';
import type { ConfigFileJson } from '../../../../functions/config/schema';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../../../functions/credentials/local';
import { runProbe } from '../../../../functions/probe/engine';
import { createMemoryKeptStore } from '../../../../functions/probe/kept-store';
import { KEPT_KEYS } from '../../../../functions/contract';
import { writeSimulatorConfig } from '../../../../sim/config';
import { LATE_COMMIT_MS, LATE_EVERY_MS } from '../../../../sim/system-log';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-late-events-');
afterEach(() => {
  sim().scenario = 'healthy';
  sim().clockOffsetMs = 0;
});

async function orgWithLog() {
  const path = await writeSimulatorConfig(sim(), dir());
  const json = JSON.parse(readFileSync(path, 'utf8')) as ConfigFileJson;
  const servers = json.servers
    .filter((s) => s.id === 'org')
    .map((s) => ({ ...s, scopes: [...new Set([...s.scopes, 'okta.logs.read'])], systemLog: true }));
  writeFileSync(
    path,
    JSON.stringify({ ...json, servers, signIn: undefined, samlApps: undefined, statusPageUrl: null }),
  );
  const loaded = loadConfigFile(path, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config.probe;
}

describe('late System Log events', () => {
  it('are counted once each, at the first run after Okta commits them, by runs that keep their cursor', async () => {
    sim().scenario = 'org-rate-limit-late';
    const probe = await orgWithLog();
    const kept = createMemoryKeptStore();
    // Runs 40 s into each minute from a 5-minute boundary T0: violations published at T0+10s and T0+5m10s are
    // committed at T0+2m40s and T0+7m40s.
    const t0 = Math.floor(Date.now() / LATE_EVERY_MS) * LATE_EVERY_MS - 60 * LATE_EVERY_MS;
    const counted: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const at = t0 + i * 60_000 + 40_000;
      sim().clockOffsetMs = at - Date.now();
      const report = await runProbe(probe, {
        credentials: resolveLocalCredentials(probe, {}),
        keptState: kept,
        now: () => at,
        checks: new Set(['system-log', 'org-rate-limit']),
      });
      const limits = report.checks.find((c) => c.check === 'org-rate-limit');
      counted.push(Number(limits?.observed?.violations ?? -1));
    }
    const committedAt = (n: number): number =>
      Math.floor((10_000 + n * LATE_EVERY_MS + LATE_COMMIT_MS - 40_000) / 60_000);
    const expected = counted.map((_, i) => (i === committedAt(0) || i === committedAt(1) ? 1 : 0));
    expect(counted).toEqual(expected);
    expect(counted.reduce((a, b) => a + b, 0)).toBe(2);
    // The cursor the runs kept is Okta's own next link.
    expect(await kept.read(KEPT_KEYS.systemLog)).toMatchObject({ next: expect.stringMatching(/\/api\/v1\/logs\?/) });
  });
});
