import { describe, expect, it } from 'vitest';
import { alarmSpecs, maintenanceWithheld } from '../../../functions/plan/alarms';
import { regionPlan } from '../../../functions/plan/region-plan';
import {
  alarmTiming,
  browserAlarmTiming,
  MAX_EVALUATION_MINUTES,
  sustainedWindow,
} from '../../../functions/plan/alarm-timing';
import { MAX_EVENT_AGE_MINUTES } from '../../../functions/plan/deploy-rules';
import { loadConfigFile } from '../../../functions/config/parse';
import { plannedChecks } from '../../../functions/plan/checks';
import { checkOutputs } from '../../../functions/plan/outputs';
import { liveness } from '../../../functions/contract';
import type {
  AlarmSpec,
  CompositeAlarmSpec,
  InfraMetricAlarm,
  ProbeMetricAlarm,
} from '../../../functions/plan/alarm-spec';
import {
  browserJourneyConfig,
  EXAMPLE_CONFIG_PATH,
  exampleConfig,
  journeyConfig,
  writeConfig,
} from '../../support/configs';

function load(raw: unknown) {
  const result = loadConfigFile(writeConfig(raw), 'deploy', {});
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

describe('the region plan', () => {
  const config = load(exampleConfig());

  it(
    "has the alarms each planned check's row declares (its CheckSuccess alarm, its gauges'), plus function and " +
      'DLQ alarms',
    () => {
      const metricAlarms = regionPlan(config).specs.filter((a) => a.kind === 'metric');
      const declared = plannedChecks(config.probe).flatMap(({ check }) =>
        checkOutputs(check).flatMap((output): string[] =>
          output.kind === 'success'
            ? ['CheckSuccess']
            : output.kind === 'gauge'
              ? output.gauge.alarms.map((a) => a.name)
              : [],
        ),
      );
      // Fewer CheckSuccess alarms than checks: a check whose gauge says it (clock, certificate) has the gauge's alone.
      expect(declared.filter((alarm) => alarm === 'CheckSuccess').length).toBeLessThan(
        plannedChecks(config.probe).length,
      );
      // + errors + throttles + heartbeat + dlq + maintenance + credentials-not-put + the notifier's errors and dead
      // letters
      // + a latency alarm per server (on by default)
      // + the fast path's (on by default) latch and backstop per server
      expect(metricAlarms).toHaveLength(declared.length + 6 + 2 + 2 + 2 * 2);
      expect(
        regionPlan(config)
          .alarms.filter((a) => a.kind === 'composite')
          .map((a) => a.name),
      ).toEqual([
        'okta-synthetics-probe-down',
        'okta-synthetics-silence',
        'okta-synthetics-org-page',
        'okta-synthetics-org-warn',
        'okta-synthetics-default-page',
        'okta-synthetics-default-warn',
        'okta-synthetics-okta-warn',
      ]);
    },
  );

  it('gives unique names within CloudWatch limits, descriptions of at most 1024 characters naming likely codes', () => {
    const alarms = regionPlan(load({ ...exampleConfig(), prefix: 'a'.repeat(40) })).alarms;
    expect(new Set(alarms.map((a) => a.name)).size).toBe(alarms.length);
    for (const alarm of alarms) {
      expect(alarm.name.length).toBeLessThanOrEqual(255);
      expect(alarm.description.length).toBeLessThanOrEqual(1024);
    }
    expect(alarms.find((a) => a.name.endsWith('-default-validate'))?.description).toMatch(/AUDIENCE_MISMATCH/);
  });

  it(
    "lets only composites, the DLQ, maintenance, credentials-not-put, the notifier's own and the major-status " +
      'alarm (a silent probe cannot trip it) notify; members come first',
    () => {
      const specs = alarmSpecs(config);
      const notifying = specs.filter((s) => s.notifies !== null).map((s) => `${s.name} ${s.notifies}`);
      expect(notifying).toEqual([
        'okta-synthetics-okta-status-major page',
        'okta-synthetics-probe-down page',
        'okta-synthetics-dlq warn',
        'okta-synthetics-maintenance warn',
        'okta-synthetics-credentials-not-put warn',
        'okta-synthetics-notifier-errors warn',
        'okta-synthetics-notifier-dlq page',
        'okta-synthetics-org-page page',
        'okta-synthetics-org-warn warn',
        'okta-synthetics-default-page page',
        'okta-synthetics-default-warn warn',
        'okta-synthetics-okta-warn warn',
      ]);
      const seen = new Set<string>();
      for (const spec of specs) {
        if (spec.kind === 'composite')
          for (const member of [...spec.members, ...(spec.suppressor ? [spec.suppressor.name] : [])])
            expect(seen).toContain(member);
        seen.add(spec.name);
      }
    },
  );

  it(
    'pages for availability and a major status incident, warns for capacity, hygiene, minor status and lost ' + 'runs',
    () => {
      // Without the fast path: each page check's alarm pages through its page composite.
      const severity = new Map(
        regionPlan(load({ ...exampleConfig(), quorum: false })).alarms.map((a) => [
          a.name.replace('okta-synthetics-', ''),
          a.severity,
        ]),
      );
      for (const name of [
        'org-discovery',
        'org-keys',
        'org-token',
        'org-introspect',
        'org-authorize',
        'default-validate',
        'okta-status-major',
        'heartbeat',
        'notifier-dlq',
      ]) {
        expect(severity.get(name), name).toBe('page');
      }
      for (const name of [
        'org-rate-limit',
        'org-headroom',
        'org-clock-skew',
        'okta-status',
        'okta-status-minor',
        'dlq',
        'notifier-errors',
      ]) {
        expect(severity.get(name), name).toBe('warn');
      }
      // With the fast path the latch pages for a server: its check alarms feed the warn composite, and say so.
      const fast = regionPlan(config).alarms;
      expect(fast.find((a) => a.name === 'okta-synthetics-org-discovery')).toMatchObject({
        severity: 'warn',
        description: expect.stringMatching(/^In us-east-1 it warns: the quorum-latch pages for org /),
      });
      expect(fast.find((a) => a.name === 'okta-synthetics-org-quorum-latch')?.severity).toBe('page');
    },
  );

  it(
    'names the alarms whose failures a maintenance window withholds: the members of muted page composites, ' +
      'never a major Okta incident',
    () => {
      const names = (specs: ReturnType<typeof alarmSpecs>) =>
        maintenanceWithheld(specs).map((a) => a.name.replace('okta-synthetics-', ''));
      // With the fast path the page composites hold the latch and backstop: the checks only warn, and keep
      // publishing in a window.
      expect(names(alarmSpecs(config))).toEqual([]);
      expect(names(alarmSpecs(load({ ...exampleConfig(), quorum: false })))).toEqual([
        'org-discovery',
        'org-keys',
        'org-token',
        'org-introspect',
        'org-authorize',
        'default-discovery',
        'default-keys',
        'default-token',
        'default-validate',
        'default-introspect',
      ]);
      // The System Log's rate-limit violations page through the org's composite: withheld too, by their gauge's
      // threshold.
      const raw = exampleConfig();
      const servers = (raw.servers as Record<string, unknown>[]).map((s, i) =>
        i === 0 ? { ...s, scopes: ['okta.users.read', 'okta.logs.read'], systemLog: true } : s,
      );
      // The fast path keeps a page gauge paging from home: withheld with it too.
      const withLog = maintenanceWithheld(alarmSpecs(load({ ...raw, servers })));
      expect(withLog.find((a) => a.name === 'okta-synthetics-org-org-rate-limit-violation')).toMatchObject({
        metric: 'OrgRateLimitViolations',
        comparison: 'greaterThanOrEqual',
        threshold: 1,
      });
    },
  );

  it(
    "puts a sign-in journey's lone page check in a page composite, so a maintenance window silences it (and " +
      'withholds its failures)',
    () => {
      const withJourney = alarmSpecs(
        load({
          ...exampleConfig(),
          quorum: false,
          signIn: [
            {
              id: 'portal',
              server: 'default',
              flow: 'authn',
              clientId: '0oaX',
              redirectUri: 'https://portal.acme.example/callback',
              username: 'u@acme.example',
              scopes: ['openid'],
            },
          ],
        }),
      );
      const find = (name: string) => withJourney.find((s) => s.name === `okta-synthetics-${name}`);
      expect(find('portal-sign-in')).toMatchObject({ notifies: null, severity: 'page' });
      expect(find('portal-page')).toMatchObject({
        kind: 'composite',
        members: ['okta-synthetics-portal-sign-in'],
        suppressor: { name: 'okta-synthetics-silence', waitMinutes: 0 },
      });
      expect(find('portal-warn')).toMatchObject({
        kind: 'composite',
        // Its failures of a cause its pageFor leaves out warn here (probe/unpaged.ts), as the latch leaves them.
        members: ['okta-synthetics-portal-password-expiry', 'okta-synthetics-portal-unpaged-failure'],
        suppressor: { waitMinutes: 1 },
      });
      expect(maintenanceWithheld(withJourney).map((a) => a.name)).toContain('okta-synthetics-portal-sign-in');
      // Only Okta's own major-incident report keeps notifying by itself: no window silences it.
      expect(find('okta-status-major')).toMatchObject({ notifies: 'page' });
    },
  );

  it(
    'scales periods with the schedule: page checks on 1 of 1, warnings and liveness on 2 of 3, missing data ' +
      'kept; page composites wait 0, warn 1',
    () => {
      for (const scheduleMinutes of [1, 5, 15, 60]) {
        const specs = alarmSpecs(load({ ...exampleConfig(), scheduleMinutes }));
        const find = (name: string) => specs.find((s) => s.name === `okta-synthetics-${name}`);
        expect(find('org-token')).toMatchObject({
          periodMinutes: scheduleMinutes,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          missingData: 'ignore',
        });
        expect(find('org-rate-limit')).toMatchObject({
          periodMinutes: scheduleMinutes,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          missingData: 'ignore',
        });
        expect(find('org-headroom')).toMatchObject({
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          missingData: 'ignore',
        });
        expect(find('heartbeat')).toMatchObject({
          periodMinutes: scheduleMinutes,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          missingData: 'breaching',
          comparison: 'lessThan',
          threshold: 1,
        });
        // No race left for a page composite (the probe withholds its members' failures in a window); warnings keep one
        // evaluation.
        expect(find('org-page')).toMatchObject({
          suppressor: { name: 'okta-synthetics-silence', waitMinutes: 0, extensionMinutes: 1 },
        });
        expect(find('org-warn')).toMatchObject({
          suppressor: { name: 'okta-synthetics-silence', waitMinutes: 1, extensionMinutes: 1 },
        });
      }
    },
  );

  it('states the worst cases of the alarm goals at the 1-minute schedule, and scales them with the period', () => {
    // Goals: page <= 3, OK <= 3, probe down <= 4.
    expect(alarmTiming(1)).toMatchObject({
      pageWithinMinutes: 3,
      okWithinMinutes: 3,
      warnWithinMinutes: 5,
      warnOkWithinMinutes: 4,
      probeDownWithinMinutes: 4,
    });
    for (const scheduleMinutes of [5, 15, 60]) {
      const t = alarmTiming(scheduleMinutes);
      expect(t.pageWithinMinutes).toBe(2 * scheduleMinutes + 1);
      expect(t.okWithinMinutes).toBe(2 * scheduleMinutes + 1);
      expect(t.warnWithinMinutes).toBe(3 * scheduleMinutes + 2);
      expect(t.probeDownWithinMinutes).toBe(3 * scheduleMinutes + 1);
    }
  });

  it('is computed from the committed example without CDK', () => {
    const result = loadConfigFile(EXAMPLE_CONFIG_PATH, 'deploy', {});
    expect(result.ok && regionPlan(result.config).alarms.length).toBeGreaterThan(20);
  });
});

describe("a browser journey's function: its own liveness alarms", () => {
  const specsOf = (raw: Record<string, unknown>) => regionPlan(load(raw)).specs;
  const browser = (specs: ReturnType<typeof specsOf>) =>
    specs.filter((s): s is InfraMetricAlarm => s.kind === 'metric' && s.source === 'browser-function');
  const withEvery = (everyMinutes: number) => {
    const config = browserJourneyConfig();
    const [portal, ...others] = config.signIn as Record<string, unknown>[];
    return { ...config, signIn: [{ ...portal, everyMinutes }, ...others] };
  };

  it("warns when its schedule stops: Invocations over its cadence's periods, 2 of 3, missing data breaching", () => {
    const specs = specsOf(browserJourneyConfig());
    const names = liveness('okta-synthetics');
    expect(browser(specs).map((s) => [s.name, s.metric])).toEqual([
      [names.browserErrors, 'Errors'],
      [names.browserHeartbeat, 'Invocations'],
    ]);
    const heartbeat = browser(specs).find((s) => s.metric === 'Invocations')!;
    expect(heartbeat).toMatchObject({
      severity: 'warn',
      // It notifies through the function's own down alarm (function-browser-down), as the probe's through probe-down.
      notifies: null,
      periodMinutes: 10,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparison: 'lessThan',
      threshold: 1,
      missingData: 'breaching',
    });
    expect(heartbeat.direct).toBeUndefined();
    // Its errors over the same periods: any error in 2 of the last 3.
    expect(browser(specs)[0]).toMatchObject({
      periodMinutes: 10,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      statistic: 'Sum',
      comparison: 'greaterThanOrEqual',
      threshold: 1,
      missingData: 'notBreaching',
    });
    // Its runbook's first steps: the schedule and the log group, by name.
    expect(heartbeat.description).toContain('the schedule named okta-synthetics-browser');
    expect(heartbeat.description).toContain('/aws/lambda/okta-synthetics-browser');
    expect(browser(specs)[0]!.description).toContain('/aws/lambda/okta-synthetics-browser');
  });

  it('never pages nor mutes the API checks: only its own down alarm holds them, which mutes its journeys alone', () => {
    const specs = specsOf(browserJourneyConfig());
    const names = liveness('okta-synthetics');
    const own = new Set(browser(specs).map((s) => s.name));
    const composites = specs.filter((s): s is CompositeAlarmSpec => s.kind === 'composite');
    const holding = composites.filter((c) => c.members.some((m) => own.has(m)));
    expect(holding.map((c) => [c.name, c.severity, c.notifies, c.members])).toEqual([
      [names.browserDown, 'warn', 'warn', [...own]],
    ]);
    expect(browser(specs).every((s) => s.severity === 'warn' && s.notifies === null)).toBe(true);
    // Its down alarm mutes its journeys' composites (with maintenance), and nothing else; the probe's silence
    // mutes every other composite and holds nothing of the browser function.
    const silence = composites.find((c) => c.name === names.browserSilence)!;
    expect(silence.members).toEqual([names.browserDown, names.maintenance]);
    expect(composites.filter((c) => c.members.includes(names.browserDown)).map((c) => c.name)).toEqual([
      names.browserSilence,
    ]);
    const mutedBy = (name: string) => composites.filter((c) => c.suppressor?.name === name).map((c) => c.name);
    expect(mutedBy(names.browserSilence)).toEqual(['okta-synthetics-portal-page', 'okta-synthetics-portal-warn']);
    expect(mutedBy(names.silence)).not.toContain('okta-synthetics-portal-page');
    expect(mutedBy(names.silence)).toContain('okta-synthetics-org-page');
  });

  it('says what probe-down did not check: the browser journeys still page, and nothing is claimed of Okta', () => {
    const names = liveness('okta-synthetics');
    for (const raw of [browserJourneyConfig(), { ...browserJourneyConfig(), quorum: false }]) {
      const probeDown = specsOf(raw).find((s) => s.name === names.probeDown)!;
      expect(probeDown.description).not.toContain('Okta is not known to be down');
      expect(probeDown.description).toContain('The browser journeys run in their own function and still page');
    }
    const without = specsOf(journeyConfig()).find((s) => s.name === names.probeDown)!;
    expect(without.description).not.toContain('browser');
  });

  it("takes its period from the journey's everyMinutes (at most 360), within CloudWatch's day", () => {
    expect(browser(specsOf(withEvery(15))).map((s) => s.periodMinutes)).toEqual([15, 15]);
    const longest = browser(specsOf(withEvery(360)))[1]!;
    expect(longest).toMatchObject({ periodMinutes: 360, evaluationPeriods: 3, datapointsToAlarm: 2 });
    expect(longest.periodMinutes * longest.evaluationPeriods).toBeLessThanOrEqual(1440);
    // Past Lambda's event age the journey is refused before any alarm is planned.
    expect(() => specsOf(withEvery(361))).toThrow(/signIn\[0\]\.everyMinutes: 361 is too long/);
  });

  it('is not planned without a browser journey', () => {
    expect(browser(specsOf(journeyConfig()))).toEqual([]);
  });
});

describe("a browser journey's own alarms: at its function's cadence, paging in every quorum setting", () => {
  const P = 'okta-synthetics';
  const withEvery = (everyMinutes: number, extra: Record<string, unknown> = {}) => {
    const config = browserJourneyConfig();
    const [portal, ...others] = config.signIn as Record<string, unknown>[];
    return { ...config, ...extra, signIn: [{ ...portal, everyMinutes }, ...others] };
  };
  const metric = (specs: readonly AlarmSpec[], name: string) =>
    specs.find((s): s is ProbeMetricAlarm => s.kind === 'metric' && s.name === name);
  const composite = (specs: readonly AlarmSpec[], name: string) =>
    specs.find((s): s is CompositeAlarmSpec => s.kind === 'composite' && s.name === name);
  const SETTINGS: readonly (readonly [string, Record<string, unknown>, string | undefined])[] = [
    ['one region, quorum omitted, every minute (the default)', {}, undefined],
    ['"quorum": false', { quorum: false }, undefined],
    ['three regions with the quorum', { regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] }, 'us-east-1'],
    ['one region with the quorum asked for', { regions: ['us-east-1'], quorum: { agree: 1 } }, 'us-east-1'],
  ];

  it.each(SETTINGS)(
    '%s: its page composite holds its own sign-in and slow-page alarms, which page, and no latch',
    (_n, extra, region) => {
      const specs = regionPlan(load(withEvery(10, extra)), region).specs;
      expect(composite(specs, `${P}-portal-page`)?.members).toEqual([
        `${P}-portal-sign-in`,
        `${P}-portal-sign-in-page-slow`,
      ]);
      // Slowness pages over most of the last hour's runs at the function's cadence, never on one run.
      expect(metric(specs, `${P}-portal-sign-in-page-slow`)).toMatchObject({
        severity: 'page',
        metric: 'SignInPageRenderPercent',
        dimensions: { Server: 'portal' },
        statistic: 'Maximum',
        comparison: 'greaterThan',
        threshold: 100,
        periodMinutes: 10,
        evaluationPeriods: 6,
        datapointsToAlarm: 4,
        missingData: 'ignore',
      });
      expect(metric(specs, `${P}-portal-sign-in-page-slow`)?.description).toContain('in 4 of the last 6 runs');
      expect(metric(specs, `${P}-portal-sign-in`)).toMatchObject({
        severity: 'page',
        periodMinutes: 1,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        missingData: 'ignore',
      });
      expect(specs.some((s) => s.name === `${P}-portal-quorum-latch`)).toBe(false);
      // The API journey beside it keeps what the quorum gives it (its latch with one region).
      if (extra.quorum === undefined && extra.regions === undefined)
        expect(composite(specs, `${P}-org-page`)?.members).toContain(`${P}-org-quorum-latch`);
    },
  );

  it('slowness pages over most of the last hour of runs, never one run, at every cadence a journey may take', () => {
    const seen = new Set<string>();
    for (let every = 1; every <= MAX_EVENT_AGE_MINUTES; every += 1) {
      const w = sustainedWindow(every);
      expect(w.periodMinutes).toBe(every);
      // Most of the runs (more than half), at least 2 of 3, and the hour at least: one run never decides it.
      expect(w.evaluationPeriods, `every ${every}`).toBeGreaterThanOrEqual(3);
      expect(w.datapointsToAlarm, `every ${every}`).toBe(Math.floor(w.evaluationPeriods / 2) + 1);
      expect(w.evaluationPeriods * every, `every ${every}`).toBeGreaterThanOrEqual(60);
      // Within CloudWatch's day, and no longer than an hour of runs unless 3 runs take longer.
      expect(w.evaluationPeriods * every, `every ${every}`).toBeLessThanOrEqual(MAX_EVALUATION_MINUTES);
      if (w.evaluationPeriods > 3) expect((w.evaluationPeriods - 1) * every).toBeLessThan(60);
      seen.add(`${w.datapointsToAlarm}/${w.evaluationPeriods}`);
    }
    expect([sustainedWindow(1), sustainedWindow(10), sustainedWindow(60)]).toEqual([
      { periodMinutes: 1, evaluationPeriods: 60, datapointsToAlarm: 31 },
      { periodMinutes: 10, evaluationPeriods: 6, datapointsToAlarm: 4 },
      { periodMinutes: 60, evaluationPeriods: 3, datapointsToAlarm: 2 },
    ]);
    expect(browserAlarmTiming(10)).toMatchObject({ sustained: sustainedWindow(10), sustainedWithinMinutes: 51 });
    expect(seen.size).toBeGreaterThan(3);
  });

  it.each([1, 10, 60, 360])(
    'every %i min: each warning evaluates 2 of 3 periods of the cadence, the page one run on one-minute periods',
    (every) => {
      const specs = regionPlan(load(withEvery(every))).specs;
      const widget = metric(specs, `${P}-portal-sign-in-widget`);
      expect(widget).toMatchObject({
        severity: 'warn',
        periodMinutes: every,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      });
      expect(composite(specs, `${P}-portal-warn`)?.members).toContain(`${P}-portal-sign-in-widget`);
      const timing = browserAlarmTiming(every);
      expect(timing.pageWithinMinutes).toBe(every + 2);
      expect(timing.warnWithinMinutes).toBe(3 * every + 2);
      expect(widget?.description).toContain(`within ${timing.warnWithinMinutes} min of the failure's start`);
      expect(metric(specs, `${P}-portal-sign-in`)?.description).toContain(
        `within ${timing.pageWithinMinutes} min of the failure's start`,
      );
      expect(metric(specs, `${P}-portal-sign-in`)?.description).toContain(
        `the browser function runs every ${every} min`,
      );
      // The function's own liveness keeps the same window as its journeys' warnings.
      expect(metric(specs, liveness(P).browserHeartbeat)).toMatchObject(timing.steady);
    },
  );

  it("takes the cadence of the function, its most frequent journey's: a slower journey repeats its verdict", () => {
    const config = browserJourneyConfig();
    const [portal, ...others] = config.signIn as Record<string, unknown>[];
    const two = {
      ...config,
      signIn: [
        { ...portal, everyMinutes: 60 },
        { ...portal, id: 'page', username: 'page@acme.example', everyMinutes: 15 },
        ...others,
      ],
    };
    const specs = regionPlan(load(two)).specs;
    for (const id of ['portal', 'page']) expect(metric(specs, `${P}-${id}-sign-in-widget`)?.periodMinutes).toBe(15);
    // The API journey keeps the probe's schedule.
    expect(metric(specs, `${P}-mobile-sign-in`)?.periodMinutes).toBe(1);
  });
});
