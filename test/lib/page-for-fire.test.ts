// pageFor holds for a browser journey as for the API journeys: on the synthesized template and the alarm simulator
// (support/alarm-rules.ts), fed what the browser function publishes once a run (its checks' CheckSuccess through the
// Lambda's pageFor, probe/unpaged.ts), the app's refusal warns with "pageFor": ["okta"] and pages with ["okta", "app"];
// the synthetic user's expired password warns by default. The same holds without the fast path for an API journey.
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { CheckName, DiagnosisCode, FaultOwner } from '../../functions/contract';
import { loadConfigFile } from '../../functions/config/parse';
import { browserAlarmTiming } from '../../functions/plan/alarm-timing';
import { regionPlan } from '../../functions/plan/region-plan';
import { reportMetrics } from '../../functions/probe/metrics';
import { applyPageFor, pageForOfTargets } from '../../functions/probe/unpaged';
import type { CheckResult } from '../../functions/types';
import { simulate, simulation } from '../support/alarm-rules';
import { browserJourneyConfig, journeyConfig, writeConfig } from '../support/configs';
import { alarmMinutes, type Published } from '../support/published-metrics';
import { resources, synthTemplate } from './helpers';

const PREFIX = 'okta-synthetics';
const JOURNEY = 'portal';
const APP = {
  name: 'Expenses',
  protocol: 'oidc',
  loginUrl: 'https://expenses.example.com/login',
  success: { path: '/home' },
  claims: [],
};

/** The example's journeys, `portal` as `flow` with `extra` (its pageFor, its app). */
function configWith(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const [portal, ...others] = base.signIn as Record<string, unknown>[];
  return { ...base, signIn: [{ ...portal, ...extra }, ...others] };
}

function result(check: CheckName, outcome: DiagnosisCode | 'pass'): CheckResult {
  if (outcome === 'pass') return { server: JOURNEY, check, latencyMs: 900, status: 'pass', diagnosis: null };
  return {
    server: JOURNEY,
    check,
    latencyMs: 900,
    status: 'fail',
    diagnosis: { code: outcome, summary: 's', remedy: 'r', requestId: null },
  };
}

/**
 * Plays the journey every `every` min for `minutes`: healthy, then from `from` on the checks `failing` gives, each
 * run published as the Lambda publishes it (its region's plan: the page alarms, the targets it judges). What reached
 * the journey's page and warn composites.
 */
function play(raw: Record<string, unknown>, every: number, failing: () => CheckResult[], from: number, minutes = 120) {
  const loaded = loadConfigFile(writeConfig(raw), 'deploy', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const plan = regionPlan(loaded.config);
  const template: Template = synthTemplate(raw);
  const all = simulation(template);
  const watched = [...all.metric.keys()].filter((name) => name.startsWith(`${PREFIX}-${JOURNEY}-`));
  const sim = { ...all, metric: new Map([...all.metric].filter(([name]) => watched.includes(name))) };
  const namespace = String(
    resources(template, 'AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.MetricName === 'CheckSuccess')?.[1]
      .Properties.Namespace,
  );
  const published: Published[] = [];
  const healthy = (raw.signIn as { id: string; app?: unknown }[])[0]?.app
    ? [result('sign-in', 'pass'), result('app-sign-in', 'pass')]
    : [result('sign-in', 'pass')];
  for (let minute = 0; minute < minutes; minute += every) {
    const checks = minute >= from ? failing() : healthy;
    const { metrics } = applyPageFor(
      reportMetrics(checks),
      checks,
      plan.maintenance,
      new Set(plan.unpaged),
      pageForOfTargets(loaded.config.probe),
    );
    for (const m of metrics)
      if (m.dimensions.Server === JOURNEY)
        published.push({ namespace, name: m.name, dimensions: m.dimensions, minute, value: m.value });
  }
  const sent = simulate(sim, alarmMinutes(template, watched, published, minutes));
  const states = (severity: 'page' | 'warn') =>
    sent.filter((n) => n.alarm === `${PREFIX}-${JOURNEY}-${severity}`).map((n) => [n.minute - from, n.state]);
  return { page: states('page'), warn: states('warn') };
}

describe('a browser journey with an app: its pageFor decides whether the app refusing pages', () => {
  const EVERY = 10;
  const timing = browserAlarmTiming(EVERY);
  const refused = () => [result('sign-in', 'pass'), result('app-sign-in', 'APP_AUDIENCE_MISMATCH')];
  const browser = (pageFor: readonly FaultOwner[] | undefined) =>
    configWith(browserJourneyConfig(), { app: APP, ...(pageFor && { pageFor }) });

  it('with "pageFor": ["okta"], a refusal by the app warns and never pages', () => {
    const { page, warn } = play(browser(['okta']), EVERY, refused, 30);
    expect(page).toEqual([]);
    expect(warn.map(([, state]) => state)).toEqual(['ALARM']);
    expect(warn[0]![0]).toBeLessThanOrEqual(timing.pageWithinMinutes + timing.warnSuppressorWaitMinutes);
  });

  it('with "pageFor": ["okta", "app"], a refusal by the app pages within its worst case', () => {
    const { page } = play(browser(['okta', 'app']), EVERY, refused, 30);
    expect(page.map(([, state]) => state)).toEqual(['ALARM']);
    expect(page[0]![0]).toBeLessThanOrEqual(timing.pageWithinMinutes);
  });

  it("by default, the synthetic user's expired password warns as ours, and the org's refusal pages", () => {
    const expired = play(browser(undefined), EVERY, () => [result('sign-in', 'PASSWORD_EXPIRED')], 30);
    expect(expired.page).toEqual([]);
    expect(expired.warn.map(([, state]) => state)).toEqual(['ALARM']);
    const rejected = play(browser(undefined), EVERY, () => [result('sign-in', 'SIGN_IN_REJECTED')], 30);
    expect(rejected.page.map(([, state]) => state)).toEqual(['ALARM']);
  });
});

describe('an API journey without the fast path honours its pageFor the same way', () => {
  const api = (pageFor: readonly FaultOwner[] | undefined) =>
    configWith({ ...journeyConfig(), quorum: false }, { everyMinutes: 5, ...(pageFor && { pageFor }) });
  const expired = () => [result('sign-in', 'PASSWORD_EXPIRED')];

  it('warns of the synthetic user\'s expired password by default, and pages for it where pageFor names "probe"', () => {
    const byDefault = play(api(undefined), 5, expired, 30, 90);
    expect(byDefault.page).toEqual([]);
    expect(byDefault.warn.map(([, state]) => state)).toEqual(['ALARM']);
    const named = play(api(['okta', 'probe']), 5, expired, 30, 90);
    expect(named.page.map(([, state]) => state)).toEqual(['ALARM']);
  });
});
