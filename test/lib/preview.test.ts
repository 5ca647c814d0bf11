// A config with a "preview" block deploys the Preview org: one schedule in the home region that runs the probe in its
// Preview mode, warn-only alarms that no composite holds, and the Preview org's secrets beside Production's, which the
// probe's role alone reads.
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_EVENT } from '../../functions/contract';
import { build, dashboardBody, flatTemplate, journeyConfig, resources } from './helpers';
import { deployedAlarms } from './template-alarms';

const preview = {
  orgUrl: 'https://acme.oktapreview.com',
  servers: {
    org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' },
    default: { authorizationServerId: 'ausPREVIEW', clientId: '0oaPDEF', clientSecretEnv: 'OKTA_PREVIEW_SECRET' },
  },
  signIn: { portal: { clientId: '0oaPPORTAL', username: 'synthetic@acme.example', passwordEnv: 'OKTA_PREVIEW_PW' } },
};
const REGIONS = ['us-east-1', 'eu-west-1'];
const PREVIEW_SECRETS = [
  'okta-synthetics/preview/org',
  'okta-synthetics/preview/ausPREVIEW',
  'okta-synthetics/preview/portal',
];

type Properties = Record<string, unknown>;
const schedules = (t: Template) => resources(t, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
const secretNames = (t: Template) => resources(t, 'AWS::SecretsManager::Secret').map(([, r]) => r.Properties.Name);

function stacksOf(config: unknown): { region: string; template: Template }[] {
  const { result } = build(config);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.stacks.map((stack) => ({ region: stack.region, template: flatTemplate(stack) }));
}

describe('the stack with a preview block, in two regions', () => {
  let home: Template;
  let away: Template;
  beforeAll(() => {
    const stacks = stacksOf({ ...journeyConfig(), regions: REGIONS, quorum: false, preview });
    home = stacks.find((s) => s.region === 'us-east-1')!.template;
    away = stacks.find((s) => s.region === 'eu-west-1')!.template;
  });

  it('runs the Preview org from one schedule in the home region, every 5 minutes, with the Preview event', () => {
    const previewSchedules = schedules(home).filter((s) => s.Name === 'okta-synthetics-preview');
    expect(previewSchedules).toHaveLength(1);
    const [schedule] = previewSchedules as Properties[];
    expect(schedule?.ScheduleExpression).toBe('rate(5 minutes)');
    expect(JSON.parse((schedule?.Target as { Input: string }).Input)).toEqual(PREVIEW_EVENT);
    // The same function as Production's schedule invokes, through its alias "preview" of $LATEST: the heartbeat
    // subtracts the alias's invocations (test/lib/alarms-fire.test.ts).
    const production = schedules(home).find((s) => s.Name === 'okta-synthetics-probe');
    const aliases = resources(home, 'AWS::Lambda::Alias').filter(([, a]) => a.Properties.Name === 'preview');
    expect(aliases).toHaveLength(1);
    const [[aliasId, alias]] = aliases as [[string, { Properties: Properties }]];
    expect((schedule?.Target as { Arn: unknown }).Arn).toEqual({ Ref: aliasId });
    expect(alias.Properties.FunctionVersion).toBe('$LATEST');
    expect({ 'Fn::GetAtt': [(alias.Properties.FunctionName as { Ref: string }).Ref, 'Arn'] }).toEqual(
      (production?.Target as { Arn: unknown }).Arn,
    );
    expect(schedules(away).map((s) => s.Name)).toEqual(['okta-synthetics-probe']);
  });

  it('warns only: its alarms notify the warn topic and no composite holds them', () => {
    const deployed = deployedAlarms(home);
    const names = ['okta-synthetics-preview-ahead-warn', 'okta-synthetics-preview-unavailable-warn'];
    for (const name of names) {
      expect(deployed.get(name)?.topics, name).toEqual(['warn']);
      const holders = [...deployed.values()].filter((a) => a.members.includes(name)).map((a) => a.name);
      expect(holders, name).toEqual([]);
    }
    // Totals only: the Server dimension "preview", never a check.
    for (const [, alarm] of resources(home, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
      names.includes(a.Properties.AlarmName as string),
    ))
      expect(alarm.Properties.Dimensions).toEqual([{ Name: 'Server', Value: 'preview' }]);
    expect([...deployedAlarms(away).keys()].filter((n) => n.includes('preview'))).toEqual([]);
  });

  it("creates the Preview org's secrets beside Production's, in the home region only", () => {
    expect(secretNames(home)).toEqual(
      expect.arrayContaining(['okta-synthetics/org', 'okta-synthetics/default', 'okta-synthetics/portal']),
    );
    expect(secretNames(home)).toEqual(expect.arrayContaining(PREVIEW_SECRETS));
    expect(secretNames(away).filter((n) => String(n).includes('/preview/'))).toEqual([]);
  });

  it("lets the probe's role read the Preview secrets by their own ARNs, and no other secret", () => {
    const previewIds = resources(home, 'AWS::SecretsManager::Secret')
      .filter(([, r]) => PREVIEW_SECRETS.includes(r.Properties.Name as string))
      .map(([id]) => id);
    expect(previewIds).toHaveLength(3);
    const statements = resources(home, 'AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement.filter((s) =>
        JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'),
      ),
    );
    const read = JSON.stringify(statements.map((s) => s.Resource));
    for (const id of previewIds) expect(read).toContain(`"Ref":"${id}"`);
    expect(read).not.toContain('"*"');
    expect(read).not.toMatch(/secret:okta-synthetics\/preview\/\*/);
  });

  it("keeps the Preview journey's state under its own key of the journeys' table", () => {
    const leading = JSON.stringify(
      resources(home, 'AWS::IAM::Policy').map(([, p]) => p.Properties.PolicyDocument),
    ).match(/"dynamodb:LeadingKeys":\[[^\]]*\]/)?.[0];
    expect(leading).toContain('"portal"');
    expect(leading).toContain('"preview/portal"');
  });

  it("names the Preview line's kept summary to the probe, and grants it by its own ARN in the home region only", () => {
    const ssm = (t: Template) =>
      resources(t, 'AWS::IAM::Policy').flatMap(([, p]) =>
        (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement.filter((s) =>
          JSON.stringify(s.Action).includes('ssm:PutParameter'),
        ),
      );
    const [statement, ...others] = ssm(home).filter((s) => JSON.stringify(s.Resource).includes('/kept/'));
    expect(others).toEqual([]);
    expect(statement?.Action).toEqual(['ssm:GetParameter', 'ssm:PutParameter']);
    const arns = JSON.stringify(statement?.Resource);
    // The Preview run writes it; Production's run reads it for the page: one role, this one parameter by its ARN.
    expect(arns).toContain(':parameter/okta-synthetics/kept/preview/summary"');
    expect(arns).not.toContain('*');
    // Without a kept check of Production's own, the path is still named: else each sandbox kept its own record.
    home.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ KEPT_STATE_PATH: '/okta-synthetics/kept' }) },
    });
    expect(JSON.stringify(ssm(away).map((s) => s.Resource))).not.toContain('preview/');
  });

  it("graphs the Preview totals and lists its findings on the home region's dashboard only", () => {
    const body = (t: Template) => JSON.stringify(dashboardBody(t));
    for (const metric of ['PreviewFailingChecks', 'PreviewAheadOfProduction', 'PreviewUnavailable'])
      expect(body(home)).toContain(`"${metric}","Server","preview"`);
    expect(body(home)).toContain('okta-synthetics preview run');
    expect(body(away)).not.toContain('Preview');
  });

  it('no longer warns that only run probes the Preview org', () => {
    const { result } = build({ ...journeyConfig(), preview });
    const [stack] = result.ok ? result.stacks : [];
    Annotations.fromStack(stack!).hasNoWarning('*', Match.stringLikeRegexp('Preview org'));
  });
});

describe('preview.everyMinutes', () => {
  it("is the Preview schedule's rate and its alarms' period", () => {
    const [only] = stacksOf({ ...journeyConfig(), preview: { ...preview, everyMinutes: 15 } });
    const schedule = schedules(only!.template).find((s) => s.Name === 'okta-synthetics-preview');
    expect(schedule?.ScheduleExpression).toBe('rate(15 minutes)');
    const ahead = resources(only!.template, 'AWS::CloudWatch::Alarm').find(
      ([, a]) => a.Properties.AlarmName === 'okta-synthetics-preview-ahead-warn',
    );
    expect(ahead?.[1].Properties.Period).toBe(900);
  });

  it('deploys nothing of a Preview org without the block', () => {
    const [only] = stacksOf(journeyConfig());
    expect(schedules(only!.template).map((s) => s.Name)).toEqual(['okta-synthetics-probe']);
    expect(secretNames(only!.template).filter((n) => String(n).includes('/preview/'))).toEqual([]);
  });
});
