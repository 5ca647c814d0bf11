// Which part of the configuration each deployed function runs: the probe's everything but the "browser" journeys,
// the browser function those journeys' checks alone (no server's, SAML app's or status feed's check); and where each
// region's browser function keeps its part of the status page.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { browserPartKeyOf, STATUS_PAGE_PART_KEYS } from '../../../functions/contract';
import { BROWSER_PART, browserEveryMinutes, browserPageParts, probeOfPart } from '../../../functions/plan/browser-part';
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

describe("each region's browser part of the status page, in the home region's bucket", () => {
  function loaded(raw: Record<string, unknown>) {
    const result = loadConfigFile(writeConfig(raw), 'deploy', TEST_ENV);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    return result.config;
  }

  it("keeps the home region's part at its key from before, one region or several", () => {
    expect(browserPageParts(loaded(browserJourneyConfig()))).toMatchObject([
      { key: STATUS_PAGE_PART_KEYS.browser, home: true, journeys: [{ id: 'portal' }] },
    ]);
    const two = loaded({ ...browserJourneyConfig(), regions: ['eu-west-1', 'us-east-2'] });
    expect(browserPageParts(two)).toMatchObject([
      { region: 'eu-west-1', key: STATUS_PAGE_PART_KEYS.browser, home: true },
    ]);
  });

  it("gives another region's part a key of its own: a quorum's home not first runs no journey that names none", () => {
    // The quorum's home is us-east-2; a journey naming no region runs in the first of regions, eu-west-1.
    const config = loaded({
      ...browserJourneyConfig(),
      regions: ['eu-west-1', 'us-east-2'],
      quorum: { homeRegion: 'us-east-2' },
    });
    expect(browserPageParts(config)).toMatchObject([
      { region: 'eu-west-1', key: browserPartKeyOf('eu-west-1'), home: false, journeys: [{ id: 'portal' }] },
    ]);
    expect(browserPartKeyOf('eu-west-1')).not.toBe(STATUS_PAGE_PART_KEYS.browser);
  });
});
