// Which part of the configuration each deployed function runs: the probe's everything but the "browser" journeys,
// the browser function those journeys' checks alone (no server's, SAML app's or status feed's check).
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { BROWSER_PART, browserEveryMinutes, probeOfPart } from '../../../functions/plan/browser-part';
import { plannedChecks } from '../../../functions/plan/checks';
import { browserJourneyConfig, TEST_ENV, writeConfig } from '../../support/configs';

function probe(raw: Record<string, unknown>) {
  const loaded = loadConfigFile(writeConfig(raw), 'deploy', TEST_ENV);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.config.probe;
}

describe('the part of the configuration each function runs', () => {
  const config = probe(browserJourneyConfig());

  it("the probe's function: every journey but the browser's, every server", () => {
    const part = probeOfPart(config, undefined);
    expect(part.probe.signIn?.map((j) => j.id)).toEqual(['mobile']);
    expect(part.checks).toBeUndefined();
    expect(plannedChecks(part.probe).some((c) => c.server === 'portal')).toBe(false);
    expect(plannedChecks(part.probe).some((c) => c.server === 'org')).toBe(true);
  });

  it("the browser function: the browser journey's checks alone, its server kept for its issuer", () => {
    const part = probeOfPart(config, BROWSER_PART);
    expect(part.probe.signIn?.map((j) => j.id)).toEqual(['portal']);
    expect(part.probe.servers.map((s) => s.id)).toEqual(config.servers.map((s) => s.id));
    const run = plannedChecks(part.probe, part.checks);
    expect(run.length).toBeGreaterThan(0);
    expect(new Set(run.map((c) => c.server))).toEqual(new Set(['portal']));
  });

  it('runs as often as its most frequent browser journey, 10 minutes by default', () => {
    expect(browserEveryMinutes(config)).toBe(10);
    expect(browserEveryMinutes(probe({ ...browserJourneyConfig(), signIn: [] }))).toBeUndefined();
  });
});
