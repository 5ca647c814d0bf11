// A browser journey's app (signIn[].app): its app-sign-in check is planned by `plan` (a CheckSuccess metric and an
// alarm in the journey's page composite) and priced by `cost` (one metric and one alarm more), from the registry's row
// alone; a journey without an app plans none.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { estimateCost } from '../../../functions/cost/estimate';
import { plannedChecks } from '../../../functions/plan/checks';
import { regionPlan } from '../../../functions/plan/region-plan';
import { BENCHMARKED_PROFILE } from '../../../functions/cli/cost';
import { browserJourneyConfig, TEST_ENV, writeConfig } from '../../support/configs';

const APP = {
  name: 'Portal',
  protocol: 'oidc',
  loginUrl: 'https://portal.acme.example/login',
  success: { path: '/home', cookie: 'portal_session' },
};

/** The browser journey config, its journey signing in to its app. */
function withApp(): Record<string, unknown> {
  const config = browserJourneyConfig();
  const [portal, ...others] = config.signIn as Record<string, unknown>[];
  return { ...config, signIn: [{ ...portal, app: APP }, ...others] };
}

function load(raw: Record<string, unknown>) {
  const loaded = loadConfigFile(writeConfig(raw), 'deploy', TEST_ENV);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.config;
}

const line = (raw: Record<string, unknown>, item: string) =>
  estimateCost(load(raw), BENCHMARKED_PROFILE).regions[0]!.lines.find((l) => l.item === item);

describe('app-sign-in in plan and cost', () => {
  it('plans app-sign-in on a journey with an app, with its alarm, and none on a journey without one', () => {
    const planned = (raw: Record<string, unknown>) =>
      plannedChecks(load(raw).probe)
        .filter((p) => p.check === 'app-sign-in')
        .map((p) => p.server);
    const alarms = (raw: Record<string, unknown>) =>
      regionPlan(load(raw))
        .specs.map((s) => s.name)
        .filter((name) => name.includes('app-sign-in'));

    expect(planned(withApp())).toEqual(['portal']);
    expect(planned(browserJourneyConfig())).toEqual([]);
    expect(alarms(withApp())).toEqual(['okta-synthetics-portal-app-sign-in']);
    expect(alarms(browserJourneyConfig())).toEqual([]);
  });

  it('prices its metric and its alarm: one more of each than the same config without the app', () => {
    const metrics = (raw: Record<string, unknown>) => line(raw, 'Custom metrics')?.quantity ?? 0;
    const alarms = (raw: Record<string, unknown>) => line(raw, 'Alarms (standard, per metric)')?.quantity ?? 0;

    expect(metrics(withApp()) - metrics(browserJourneyConfig())).toBe(1);
    expect(alarms(withApp()) - alarms(browserJourneyConfig())).toBe(1);
  });
});
