// Every combination of the optional blocks deploys: each synthesized template (every region's stack and its nested
// stacks) is held to the quotas CloudFormation, IAM, EventBridge and Lambda enforce only at deploy time
// (functions/plan/template-quotas.ts, which `cdk synth` runs too, lib/app.ts), to the deploy rules `plan` runs, and
// to what each alarm can see (a redrive dead-letter queue's alarm, the heartbeat fed by Production's schedule alone,
// the browser function's heartbeat fed by its own schedule alone).
// Not 2^N synths: each block alone finds a block that cannot deploy by itself; all of them together holds every pair
// and triple (a quota two blocks meet together is met again, larger, when every block is on: each block only adds
// resources, policies, event types and variables, never removes one), once in one region and once in several (the
// quorum's stacks differ by region; a browser journey with its app and pageFor; vpc one region's subnets each, and
// one vpc for several regions refused), with the shortest and the longest schedule (which size the alarms' periods and
// the probe's timeout), Preview at 1, 5, 15 and 360 minutes (its alarms' periods and its alias's event age), and a
// browser journey at 1, 10, 60 and 360 minutes (its schedule's event age, its alarms' periods), with and without the
// quorum, and at 1,440 refused as plan refuses it.
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { INTEGRATION_EVENT_FILTERS, PROVISIONING_EVENT_TYPES, SIGN_IN_EVENT_TYPES } from '../../functions/contract';
import { loadConfigFile } from '../../functions/config/parse';
import { deployProblems, deployRegions } from '../../functions/plan/deploy-rules';
import { MAX_EVENT_PATTERN_LENGTH } from '../../functions/plan/event-patterns';
import { aggregatorEnvironment } from '../../functions/plan/stream-environment';
import { TEMPLATE_QUOTAS, templateQuotaProblems } from '../../functions/plan/template-quotas';
import { buildApp } from '../../lib/build-app';
import { assemblyQuotaProblems, assemblyTemplates } from '../../lib/template-quotas';
import { richestConfig, TEST_ENV, writeConfig } from '../support/configs';

const SOURCE = 'aws.partner/okta.com/acme/okta-synthetics';
const PREVIEW = {
  orgUrl: 'https://acme.oktapreview.com',
  servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
};
type Json = Record<string, unknown>;
/** The browser journey's app: signed in to after Okta, in the same browser session. */
const EXPENSES = {
  name: 'Expenses',
  protocol: 'oidc',
  loginUrl: 'https://expenses.acme.example/login',
  success: { path: '/home', text: 'Sign out' },
};
/** One region's subnets and security groups, their ids differing by region as AWS's do. */
const subnetsOf = (index: number): Json => ({
  subnetIds: [`subnet-0${index}23456789abcdef0`],
  securityGroupIds: [`sg-0${index}23456789abcdef0`],
});

/** The optional blocks, each as it adds itself to a config. */
const BLOCKS: Readonly<Record<string, (config: Json) => Json>> = {
  userSignIns: (c) => ({ ...c, userSignIns: { eventSource: SOURCE } }),
  provisioning: (c) => ({ ...c, provisioning: {} }),
  integrationHealth: (c) => ({ ...c, integrationHealth: {} }),
  preview: (c) => ({ ...c, preview: PREVIEW }),
  metricStream: (c) => ({
    ...c,
    metricStream: {
      to: 'datadog',
      endpointUrl: 'https://awsmetrics-intake.datadoghq.eu/v1/input',
      secret: 'okta-synthetics/metrics-key',
    },
  }),
  statusPage: (c) => ({ ...c, statusPage: { allowFrom: ['203.0.113.0/24'] } }),
  chat: (c) => ({ ...c, chat: { slack: [{ workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }] } }),
  alarmEndpoints: (c) => ({ ...c, alarmEndpoints: { warn: ['https://hooks.example.com/okta'] } }),
  // A journey of the hosted page in Chromium, signing in to its app after Okta and paging for Okta's faults and the
  // app's: the browser function, its schedule and its log group beside the probe.
  browser: (c) => {
    const journeys = (c.signIn ?? []) as Json[];
    const page = journeys.find((j) => j.redirectUri !== undefined)!;
    const browser = { ...page, id: 'page', flow: 'browser', username: 'page@acme.example', pageFor: ['okta', 'app'] };
    return { ...c, signIn: [...journeys, { ...browser, app: EXPENSES }] };
  },
  // A VPC belongs to one region: each region deployed gets subnets of its own.
  vpc: (c) => {
    const regions = (c.regions ?? []) as string[];
    return {
      ...c,
      vpc:
        regions.length > 1 ? Object.fromEntries(regions.map((region, i) => [region, subnetsOf(i + 1)])) : subnetsOf(0),
    };
  },
};

/**
 * The base every block is added to: the richest config (journeys, SAML apps and a group, the org server reading the
 * System Log, the inventory and the apps), which each block's own requirements are met by.
 */
function base(): Json {
  return richestConfig();
}
const withBlocks = (names: readonly string[], extra: Json = {}): Json =>
  names.reduce((config, name) => BLOCKS[name]!(config), { ...base(), ...extra });
const ALL = Object.keys(BLOCKS);

/** Each template of the config's synthesized assembly, and what the deploy rules and the quotas say of it. */
function judge(config: Json): { problems: string[]; templates: Map<string, Json>; ruleProblems: string[] } {
  const file = writeConfig(config);
  const loaded = loadConfigFile(file, 'deploy');
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const ruleProblems = deployProblems(loaded.config, deployRegions(loaded.config, TEST_ENV));
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const result = buildApp(app, { configPath: file, env: TEST_ENV });
  if (!result.ok) throw new Error(result.errors.join('; '));
  const assembly = app.synth();
  return {
    problems: assemblyQuotaProblems(assembly),
    templates: assemblyTemplates(assembly) as Map<string, Json>,
    ruleProblems,
  };
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/**
 * What each alarm can see, on one template: a redrive dead-letter queue's alarm counts what a redrive moves
 * (ApproximateNumberOfMessagesVisible: SQS's own move is not in NumberOfMessagesSent), and no schedule but
 * Production's feeds the heartbeat (another schedule of the probe invokes an alias the heartbeat subtracts).
 */
function alarmSemanticsProblems(template: Json): string[] {
  const all = (template as { Resources?: Resources }).Resources ?? {};
  const alarms = Object.values(all).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  const problems: string[] = [];
  for (const [, queue] of Object.entries(all).filter(([, r]) => r.Type === 'AWS::SQS::Queue')) {
    const target = (queue.Properties.RedrivePolicy as { deadLetterTargetArn?: { 'Fn::GetAtt': [string] } } | undefined)
      ?.deadLetterTargetArn?.['Fn::GetAtt'][0];
    const dlq = target === undefined ? undefined : (all[target]?.Properties.QueueName as string | undefined);
    if (dlq === undefined) continue;
    const watching = alarms.filter((a) => JSON.stringify(a.Properties.Dimensions ?? []).includes(`"${dlq}"`));
    if (!watching.some((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible'))
      problems.push(`${dlq}: a redrive dead-letter queue with no alarm on ApproximateNumberOfMessagesVisible`);
  }
  const heartbeat = alarms.find((a) => String(a.Properties.AlarmName).endsWith('-heartbeat'));
  const text = JSON.stringify(heartbeat?.Properties ?? {});
  for (const schedule of Object.values(all).filter((r) => r.Type === 'AWS::Scheduler::Schedule')) {
    const name = String(schedule.Properties.Name);
    if (name.endsWith('-probe')) continue;
    // The browser journeys' schedule invokes a function of its own, which the heartbeat does not count.
    const invoked = (schedule.Properties.Target as { Arn: { 'Fn::GetAtt'?: [string] } }).Arn['Fn::GetAtt']?.[0];
    const fn = invoked === undefined ? undefined : all[invoked];
    if (fn?.Type === 'AWS::Lambda::Function' && !String(fn.Properties.FunctionName).endsWith('-probe')) continue;
    const arn = (schedule.Properties.Target as { Arn: { Ref?: string } }).Arn;
    const alias = arn.Ref === undefined ? undefined : all[arn.Ref];
    const aliasName = alias?.Type === 'AWS::Lambda::Alias' ? String(alias.Properties.Name) : undefined;
    if (heartbeat !== undefined && (aliasName === undefined || !text.includes(`:${aliasName}`)))
      problems.push(`${name}: invokes the probe where the heartbeat counts it`);
  }
  return [...problems, ...browserHeartbeatProblems(all, alarms)];
}

/** A schedule's rate in minutes, as CDK writes it: rate(10 minutes), rate(1 hour), rate(6 hours), rate(1 day). */
function rateMinutes(expression: string): number {
  const [, n, unit] = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression) ?? [];
  return Number(n) * ({ minute: 1, hour: 60, day: 1440 }[unit ?? ''] ?? NaN);
}

/**
 * The browser function's heartbeat: on that function's Invocations alone, fed by its own schedule alone (no other
 * schedule invokes it), each period its schedule's rate, so a run every 10 minutes is not read as missing.
 */
function browserHeartbeatProblems(all: Resources, alarms: Resources[string][]): string[] {
  const problems: string[] = [];
  for (const [id, fn] of Object.entries(all)) {
    const name = String(fn.Properties.FunctionName);
    if (fn.Type !== 'AWS::Lambda::Function' || !name.endsWith('-browser')) continue;
    const heartbeat = alarms.find(
      (a) =>
        a.Properties.MetricName === 'Invocations' &&
        JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: name }]),
    );
    if (heartbeat === undefined) {
      problems.push(`${name}: no heartbeat alarm on its Invocations`);
      continue;
    }
    const feeding = Object.values(all).filter(
      (r) =>
        r.Type === 'AWS::Scheduler::Schedule' &&
        JSON.stringify((r.Properties.Target as { Arn: unknown }).Arn).includes(`"${id}"`),
    );
    if (feeding.length !== 1 || feeding[0]!.Properties.Name !== name)
      problems.push(`${name}: invoked by ${feeding.length} schedules, where its own alone feeds its heartbeat`);
    const minutes = rateMinutes(String(feeding[0]?.Properties.ScheduleExpression));
    if (heartbeat.Properties.Period !== minutes * 60)
      problems.push(
        `${name}: its heartbeat's period is ${String(heartbeat.Properties.Period)} s, its rate ${minutes} min`,
      );
  }
  return problems;
}

const CASES: readonly (readonly [string, Json])[] = [
  ...ALL.map((name) => [`${name} alone`, withBlocks([name])] as const),
  ['every block, one region, every minute', withBlocks(ALL)],
  // The quorum's fast path runs every minute alone (a deploy rule); the longest schedule goes without it.
  [
    'every block, three regions with the quorum, every minute',
    withBlocks(ALL, { regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] }),
  ],
  [
    'every block, two regions without the quorum, every 60 minutes, Preview every minute',
    withBlocks(ALL, {
      regions: ['us-east-1', 'eu-west-1'],
      quorum: false,
      scheduleMinutes: 60,
      preview: { ...PREVIEW, everyMinutes: 1 },
    }),
  ],
];

/** The config with its "browser" journey (the browser block's) every `everyMinutes`. */
const browserEvery = (config: Json, everyMinutes: number): Json => ({
  ...config,
  signIn: ((config.signIn ?? []) as Json[]).map((j) => (j.flow === 'browser' ? { ...j, everyMinutes } : j)),
});

/**
 * A "browser" journey's alarms as its function publishes: once a run, every `everyMinutes`. An alarm on more than
 * one datapoint must have periods of at least that (on shorter ones it could never see 2 runs of 3), and no latch
 * may stand for it: the fast path runs in the probe's function, which skips browser journeys.
 */
function browserAlarmProblems(template: Json, config: Json): string[] {
  const browser = ((config.signIn ?? []) as Json[]).filter((j) => j.flow === 'browser');
  if (browser.length === 0) return [];
  const every = Math.min(...browser.map((j) => (j.everyMinutes as number | undefined) ?? 10));
  const ids = new Set(browser.map((j) => String(j.id)));
  const all = (template as { Resources?: Resources }).Resources ?? {};
  return Object.values(all).flatMap((r) => {
    if (r.Type !== 'AWS::CloudWatch::Alarm') return [];
    const p = r.Properties;
    const server = (p.Dimensions as { Name: string; Value: unknown }[] | undefined)?.find((d) => d.Name === 'Server');
    if (String(p.AlarmName).endsWith('-quorum-latch') && [...ids].some((id) => String(p.AlarmName).includes(`-${id}-`)))
      return [`${String(p.AlarmName)}: a latch for a browser journey, which the fast path never judges`];
    if (server === undefined || !ids.has(String(server.Value))) return [];
    const window = (p.DatapointsToAlarm as number | undefined) ?? (p.EvaluationPeriods as number);
    return window > 1 && (p.Period as number) < every * 60
      ? [`${String(p.AlarmName)}: ${window} datapoints of ${String(p.Period)} s periods, a run every ${every} min`]
      : [];
  });
}

describe('every combination of the optional blocks deploys', () => {
  it.each(CASES)('%s: passes every deploy rule and every quota of every template', (_name, config) => {
    const { problems, ruleProblems, templates } = judge(config);
    expect(ruleProblems).toEqual([]);
    expect(problems).toEqual([]);
    expect(templates.size).toBeGreaterThan(0);
    expect([...templates.values()].flatMap(alarmSemanticsProblems)).toEqual([]);
    expect([...templates.values()].flatMap((t) => browserAlarmProblems(t, config))).toEqual([]);
  });

  // A browser journey's function runs on its own schedule: its event age, its alarms' periods and the quorum's
  // latch (which it must not have) follow its cadence, from every minute to the bound of Lambda's event age.
  it.each([1, 10, 60, 360].flatMap((every) => [[every, 'with'] as const, [every, 'without'] as const]))(
    'a browser journey every %i minutes, %s the quorum, deploys and each of its alarms can fire',
    (every, quorum) => {
      const config = browserEvery(withBlocks(['browser'], quorum === 'with' ? {} : { quorum: false }), every);
      const { problems, ruleProblems, templates } = judge(config);
      expect(ruleProblems).toEqual([]);
      expect(problems).toEqual([]);
      const all = [...templates.values()];
      expect(all.flatMap(alarmSemanticsProblems)).toEqual([]);
      expect(all.flatMap((t) => browserAlarmProblems(t, config))).toEqual([]);
      // The journey's warning is deployed at its cadence, in whichever template holds it.
      const widget = all
        .flatMap((t) => Object.values((t as { Resources?: Resources }).Resources ?? {}))
        .find((r) => r.Properties.AlarmName === 'okta-synthetics-page-sign-in-widget');
      expect(widget?.Properties).toMatchObject({ Period: every * 60, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    },
  );

  it('refuses a browser journey every 1,440 minutes, past the event age, in plan as in synth, and in code', () => {
    const config = browserEvery(withBlocks(['browser']), 1440);
    const file = writeConfig(config);
    // The file's reading, which plan and synth share, refuses it first, as the JSON Schema does.
    const loaded = loadConfigFile(file, 'deploy');
    const index = (config.signIn as Json[]).findIndex((j) => j.flow === 'browser');
    expect(loaded.ok ? [] : loaded.errors).toEqual([
      expect.stringMatching(new RegExp(`^signIn\\[${index}\\]\\.everyMinutes: 1440 is too long for a "browser"`)),
    ]);
    const result = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), {
      configPath: file,
      env: TEST_ENV,
    });
    expect(result.ok ? [] : result.errors).toEqual(loaded.ok ? [] : loaded.errors);
    // A configuration built in code, past the reader, still meets the deploy rule.
    const at = loadConfigFile(writeConfig(browserEvery(withBlocks(['browser']), 360)), 'deploy');
    if (!at.ok) throw new Error(at.errors.join('; '));
    const signIn = at.config.probe.signIn?.map((j) => (j.flow === 'browser' ? { ...j, everyMinutes: 1440 } : j));
    const built = { ...at.config, probe: { ...at.config.probe, ...(signIn !== undefined && { signIn }) } };
    expect(deployProblems(built, deployRegions(built, TEST_ENV))).toEqual([
      expect.stringMatching(new RegExp(`^signIn\\[${index}\\]\\.everyMinutes: 1440 minutes is past`)),
    ]);
  });

  it('refuses every block in three regions with one vpc for them all, in plan as in synth', () => {
    const config = { ...withBlocks(ALL, { regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] }), vpc: subnetsOf(0) };
    const file = writeConfig(config);
    const loaded = loadConfigFile(file, 'deploy');
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const ruleProblems = deployProblems(loaded.config, deployRegions(loaded.config, TEST_ENV));
    expect(ruleProblems).toEqual([expect.stringMatching(/^vpc: one set of subnets and security groups for 3 regions/)]);
    const result = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), {
      configPath: file,
      env: TEST_ENV,
    });
    expect(result.ok ? [] : result.errors).toEqual(ruleProblems);
  });

  it.each([1, 5, 15, 360])('every block with Preview every %i minutes deploys', (everyMinutes) => {
    const config = withBlocks(ALL);
    const { problems, ruleProblems, templates } = judge({ ...config, preview: { ...PREVIEW, everyMinutes } });
    expect(ruleProblems).toEqual([]);
    expect(problems).toEqual([]);
    expect([...templates.values()].flatMap(alarmSemanticsProblems)).toEqual([]);
  });

  it(
    "splits the sign-ins rule when userSignIns.eventSource, provisioning and integrationHealth's event types pass " +
      '2,048 characters together',
    () => {
      const { templates } = judge(withBlocks(['userSignIns', 'provisioning', 'integrationHealth']));
      const rules = [...templates.values()].flatMap((t) =>
        Object.values((t as { Resources: Record<string, { Type: string; Properties: Json }> }).Resources).filter(
          (r) => r.Type === 'AWS::Events::Rule' && String(r.Properties.Name).startsWith('okta-synthetics-sign-ins'),
        ),
      );
      // One pattern of them all was 2,125 characters: several rules, each within the quota, together every type.
      expect(rules.length).toBeGreaterThan(1);
      for (const rule of rules)
        expect(JSON.stringify(rule.Properties.EventPattern).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
      const types = rules.flatMap(
        (r) => (r.Properties.EventPattern as { detail: { eventType: unknown[] } }).detail.eventType,
      );
      expect(types).toEqual([
        ...SIGN_IN_EVENT_TYPES,
        ...PROVISIONING_EVENT_TYPES,
        ...INTEGRATION_EVENT_FILTERS.eq,
        ...INTEGRATION_EVENT_FILTERS.sw.map((prefix) => ({ prefix })),
      ]);
    },
  );
});

describe("the sign-ins aggregator's environment, as plan counts it", () => {
  it('is the environment the stack deploys, variable for variable (the table by its name)', () => {
    const config = withBlocks(['userSignIns', 'provisioning', 'integrationHealth']);
    const { templates } = judge(config);
    const all = Object.assign(
      {},
      ...[...templates.values()].map(
        (t) => (t as { Resources: Record<string, { Type: string; Properties: Json }> }).Resources,
      ),
    ) as Record<string, { Type: string; Properties: Json }>;
    const fn = Object.values(all).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'okta-synthetics-sign-ins',
    );
    const variables = (fn?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const named = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => {
        const ref = (value as { Ref?: string }).Ref;
        return [key, ref === undefined ? value : all[ref]?.Properties.TableName];
      }),
    );
    const loaded = loadConfigFile(writeConfig(config), 'deploy');
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    expect(named).toEqual(aggregatorEnvironment(loaded.config, true));
  });
});

describe("the template quotas' judge", () => {
  const role = { Type: 'AWS::IAM::Role', Properties: {} };
  it('names a rule whose pattern passes 2,048 characters, the blocks that fill it and the way out', () => {
    const pattern = { detail: { eventType: Array.from({ length: 120 }, (_, i) => `event.type.number.${i}`) } };
    const [problem] = templateQuotaProblems('t.template.json', {
      Resources: { Rule: { Type: 'AWS::Events::Rule', Properties: { Name: 'x-sign-ins', EventPattern: pattern } } },
    });
    expect(problem).toContain("x-sign-ins's event pattern would be");
    expect(problem).toContain(`past EventBridge's ${TEMPLATE_QUOTAS.eventPatternChars}`);
    expect(problem).toContain('userSignIns.eventSource, provisioning and integrationHealth: the EventBridge rule');
    expect(problem).toContain('turn one of these blocks off');
  });

  it("sums a role's inline policies, its own and each AWS::IAM::Policy naming it, against IAM's 10,240", () => {
    const statement = (n: number) => ({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: `arn:aws:sqs:::${'q'.repeat(n)}`,
    });
    const policy = (n: number) => ({
      Type: 'AWS::IAM::Policy',
      Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [statement(n)] } },
    });
    expect(templateQuotaProblems('t', { Resources: { Role: role, A: policy(5000) } })).toEqual([]);
    const [problem] = templateQuotaProblems('t', { Resources: { Role: role, A: policy(5000), B: policy(5200) } });
    expect(problem).toContain("the role Role's inline policies would be");
  });

  it("counts a function's variables, names and values, against Lambda's 4 KB", () => {
    const fn = (value: string) => ({
      Type: 'AWS::Lambda::Function',
      Properties: { FunctionName: 'x-sign-ins', Environment: { Variables: { EXCLUDED: value } } },
    });
    expect(templateQuotaProblems('t', { Resources: { F: fn('a'.repeat(4000)) } })).toEqual([]);
    expect(templateQuotaProblems('t', { Resources: { F: fn('a'.repeat(4090)) } })[0]).toContain(
      "x-sign-ins's environment variables would be 4098 bytes",
    );
  });

  it('counts the resources of one template against 500', () => {
    const many = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`Q${i}`, { Type: 'AWS::SQS::Queue' }]));
    expect(templateQuotaProblems('t', { Resources: many })[0]).toContain('501 resources');
  });
});
