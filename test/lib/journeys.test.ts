// The stack of a configuration with sign-in journeys: an "authn" journey whose secret the stack creates
// (a confidential app) and a "direct" one naming an existing secret. Their secrets, the probe's grant on them, their
// alarms in their own composites, their dashboard rows, cdk-nag and the CloudFormation validator, and what of the
// synthetic users reaches the template and the bundled config.
import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PLACEHOLDER_MARK } from '../../functions/contract';
import { createDynamoStateStore } from '../../functions/lambda/journey-state-dynamodb';
import { fakeClientConfig, startAwsFake } from '../support/aws-fake';
import type { CfnResource } from '../support/cfn-values';
import { glob, iamGate, roleStatements } from '../support/iam-policy';
import { buildApp } from '../../lib/build-app';
import type { OktaSyntheticsStack } from '../../lib/stack';
import { alarmModel, type AlarmModel } from '../support/alarm-rules';
import { templateErrors } from '../support/cfn-validate';
import { dashboardBody, flatTemplate, JOURNEY_USERS, journeyConfig, resources, TEST_ENV, writeConfig } from './helpers';

const P = 'okta-synthetics';
/** AWS's offline validator on a loaded 2-core machine: a cap, not a goal (test/lib/cfn-validate.test.ts). */
const VALIDATOR_TIMEOUT_MS = 240_000;
/** The CLI's variables and file, and the fields naming them: the CLI's only, none may reach the stack. */
const CLI_ONLY = [
  'PORTAL_PASSWORD_VAR',
  'PORTAL_TOTP_VAR',
  'PORTAL_CLIENT_SECRET_VAR',
  'passwordEnv',
  'totpSecretEnv',
  'clientSecretEnv',
  'keys/mobile-user.json',
];

function synth(context: Record<string, unknown> = {}): { app: App; stack: OktaSyntheticsStack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const result = buildApp(app, { configPath: writeConfig(journeyConfig()), env: TEST_ENV });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  const [stack] = result.stacks;
  if (stack === undefined) throw new Error('no stack');
  return { app, stack };
}

let stack: OktaSyntheticsStack;
let template: Template;
let text: string;
let model: AlarmModel;
beforeAll(() => {
  ({ stack } = synth());
  template = flatTemplate(stack);
  text = JSON.stringify(template.toJSON());
  model = alarmModel(template);
});

/** The stack's resources, nested stacks' aside, as roleStatements reads them. */
const stackResources = (): Record<string, CfnResource> =>
  Template.fromStack(stack).toJSON().Resources as Record<string, CfnResource>;

describe('a stack with sign-in journeys', () => {
  it(
    'creates the secret of the journey without secretName, retained, holding a JSON placeholder with every ' +
      'member it reads',
    () => {
      const secrets = resources(template, 'AWS::SecretsManager::Secret').map(([, r]) => r.Properties.Name);
      // The two servers' and the portal user's; mobile names its own.
      expect(secrets.sort()).toEqual([`${P}/default`, `${P}/org`, `${P}/portal`]);
      template.hasResource('AWS::SecretsManager::Secret', {
        Properties: Match.objectLike({ Name: `${P}/portal` }),
        DeletionPolicy: 'RetainExceptOnCreate',
        UpdateReplacePolicy: 'Retain',
      });
      const [[, portal]] = resources(template, 'AWS::SecretsManager::Secret').filter(
        ([, r]) => r.Properties.Name === `${P}/portal`,
      ) as [[string, { Properties: { SecretString: string; Description: string } }]];
      const placeholder = JSON.parse(portal.Properties.SecretString) as Record<string, string>;
      expect(Object.keys(placeholder)).toEqual(['password', 'totpSecret', 'clientSecret']);
      for (const value of Object.values(placeholder)) expect(value.startsWith(PLACEHOLDER_MARK)).toBe(true);
      expect(portal.Properties.Description).toContain(
        'the synthetic user of the "portal" sign-in journey (s***@acme.example at app 0oa8f5p9w3PoRt4L35d7)',
      );
    },
  );

  it(
    'prints the Put command for a file holding the JSON secret with both keys, never a value on the command ' + 'line',
    () => {
      const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
      const put = Object.entries(outputs).find(([id]) => /^ProbeUserSecretportalPut/.test(id))?.[1].Value;
      expect(put).toBe(
        `aws secretsmanager put-secret-value --region us-east-1 --secret-id ${P}/portal --secret-string ` +
          `file://keys/okta-probe-portal-user.json  # keys/okta-probe-portal-user.json: {"password": "...", ` +
          `"totpSecret": "<base32 secret of the TOTP factor>", "clientSecret": "..."}`,
      );
      const shown = JSON.parse(String(put).split('.json: ')[1] ?? '') as Record<string, string>;
      expect(Object.keys(shown)).toEqual(['password', 'totpSecret', 'clientSecret']);
      // The existing secret of "mobile" has nothing to put through the stack.
      expect(Object.keys(outputs).some((id) => /UserSecretmobile/.test(id))).toBe(false);
    },
  );

  it("lets the probe read its secrets and the users', and nothing else in Secrets Manager", () => {
    const statements = resources(template, 'AWS::IAM::Policy').flatMap(
      ([, r]) =>
        (r.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
    );
    const secretReads = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));
    const resourcesRead = secretReads.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
    expect(resourcesRead).not.toContain('"*"');
    for (const name of ['Secretorg', 'Secretdefault', 'UserSecretportal'])
      expect(resourcesRead.some((r) => r.includes(`{"Ref":"Probe${name}`))).toBe(true);
    expect(resourcesRead.some((r) => r.includes(':secret:okta/prod/mobile-user-??????'))).toBe(true);
    expect(
      resourcesRead.every((r) => /^\{"Ref":"Probe(Secret|UserSecret)|:secret:okta\/prod\/mobile-user-\?{6}"/.test(r)),
    ).toBe(true);
  });

  it(
    "keeps the journeys' state in a table of their own, on demand, retained and recoverable, and reads " +
      'the SSM parameters it replaces, then deletes them, writing none',
    () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TableName: `${P}-journey-state`,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'journey', KeyType: 'HASH' },
          { AttributeName: 'item', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      });
      template.hasResource('AWS::DynamoDB::GlobalTable', {
        Properties: Match.objectLike({ TableName: `${P}-journey-state` }),
        DeletionPolicy: 'RetainExceptOnCreate',
        UpdateReplacePolicy: 'Retain',
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            JOURNEY_TABLE: `${P}-journey-state`,
            JOURNEY_STATE_PATH: `/${P}/journey-state`,
          }),
        },
      });
      const statements = resources(template, 'AWS::IAM::Policy').flatMap(
        ([, r]) => (r.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
      );
      const ssm = statements.filter((st) => JSON.stringify(st.Resource).includes('/journey-state/'));
      // Read once, then deleted: they hold the device cookie in plain text.
      expect(ssm.map((st) => st.Action)).toEqual([['ssm:GetParameter', 'ssm:DeleteParameter']]);
      const arns = JSON.stringify(ssm[0]?.Resource);
      for (const name of ['portal', 'portal-lease', 'mobile', 'mobile-lease'])
        expect(arns).toContain(`:parameter/${P}/journey-state/${name}"`);
      expect(arns).not.toContain('*');
      expect(text).not.toContain('ssm:PutParameter"');
      expect(resources(template, 'AWS::SSM::Parameter')).toEqual([]);
      template.hasOutput('*', {
        Value: Match.stringLikeRegexp(
          `^aws dynamodb delete-item .*--table-name ${P}-journey-state .*"journey":\\{"S":"<id>"\\}.*` +
            `&& aws ssm delete-parameters .*--names /${P}/journey-state/<id> /${P}/journey-state/<id>-lease$`,
        ),
      });
    },
  );

  it(
    "encrypts the journeys' table with a key of its own, rotated and retained, whose policy lets the account's " +
      "principals use it only through DynamoDB in its region, and whose use IAM gives the probe's role alone",
    () => {
      const [[keyId, key]] = resources(template, 'AWS::KMS::Key').filter(([, r]) =>
        String(r.Properties.Description).includes('journeys'),
      ) as [[string, { Properties: Record<string, unknown>; DeletionPolicy?: string }]];
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.DeletionPolicy).toBe('RetainExceptOnCreate');
      const replicas = resources(template, 'AWS::DynamoDB::GlobalTable').find(
        ([, r]) => r.Properties.TableName === `${P}-journey-state`,
      )?.[1].Properties as { SSESpecification: unknown; Replicas: { SSESpecification?: unknown }[] };
      expect(replicas.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(JSON.stringify(replicas.Replicas.map((r) => r.SSESpecification))).toContain(keyId);
      const statements = (
        key.Properties.KeyPolicy as {
          Statement: { Principal: { AWS: unknown }; Action: string | string[]; Condition?: unknown }[];
        }
      ).Statement;
      // Every statement names the account: IAM decides which of its principals may do what the statement lists.
      for (const st of statements) expect(JSON.stringify(st.Principal.AWS)).toMatch(/:iam::\d+:root"/);
      const crypto = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom'];
      const using = statements.filter((st) => [st.Action].flat().some((a) => crypto.includes(a)));
      expect(using).toHaveLength(1);
      const throughDynamo = {
        'kms:ViaService': `dynamodb.${stack.region}.amazonaws.com`,
        'kms:CallerAccount': TEST_ENV.CDK_DEFAULT_ACCOUNT,
      };
      expect(using[0]?.Condition).toEqual({ StringEquals: throughDynamo });
      const grants = statements.filter((st) => [st.Action].flat().includes('kms:CreateGrant'));
      expect(grants.map((st) => st.Condition)).toEqual([
        { StringEquals: throughDynamo, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      ]);
      // No other statement reaches the cryptographic actions or CreateGrant, by name or by a wildcard (kms:Create*
      // covers CreateGrant, and a grant made directly gives its grantee Decrypt outside DynamoDB).
      const admin = statements.filter((st) => st !== using[0] && !grants.includes(st));
      const guarded = [...crypto, 'kms:ReEncryptTo', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:CreateGrant'];
      const reached = admin.flatMap((st) => [st.Action].flat()).filter((a) => guarded.some((g) => glob(a, g, true)));
      expect(reached).toEqual([]);
      // The probe's role: the six actions DynamoDB needs, on this key only.
      const probeKms = resources(template, 'AWS::IAM::Policy')
        .filter(([, r]) => JSON.stringify(r.Properties.Roles).includes('ProbeRole'))
        .flatMap(
          ([, r]) => (r.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
        )
        .filter((st) => [st.Action].flat().some((a) => String(a).startsWith('kms:')));
      expect(probeKms.map((st) => st.Resource)).toEqual([{ 'Fn::GetAtt': [keyId, 'Arn'] }]);
      expect([probeKms[0]?.Action].flat().sort()).toEqual([
        'kms:CreateGrant',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
      ]);
    },
  );

  it("lets the probe get and put its own journeys' items (LeadingKeys), and no other item", async () => {
    const place = {
      account: TEST_ENV.CDK_DEFAULT_ACCOUNT,
      region: TEST_ENV.CDK_DEFAULT_REGION,
      resources: stackResources(),
    };
    const statements = roleStatements(place, () => true);
    const table = `${P}-journey-state`;
    const aws = await startAwsFake({
      quotas: false,
      iam: iamGate(statements, { account: TEST_ENV.CDK_DEFAULT_ACCOUNT, partitionKeys: { [table]: 'journey' } }),
    });
    try {
      const store = createDynamoStateStore(table, { client: new DynamoDBClient(fakeClientConfig(aws)) });
      for (const id of ['portal', 'mobile']) {
        await expect(store.claim(id, 0, { totpStep: 1 })).resolves.toBe(true);
        await expect(store.read(id)).resolves.toMatchObject({ version: 1 });
      }
      await expect(store.claim('someone-else', 0, { totpStep: 1 })).rejects.toThrow(
        /not authorized to perform: dynamodb:PutItem/,
      );
      await expect(store.read('someone-else')).rejects.toThrow(/not authorized to perform: dynamodb:GetItem/);
    } finally {
      await aws.close();
    }
  });

  it(
    'pages on a failed sign-in and warns on an expiring password, each journey in its own composites, muted ' +
      "like a server's",
    () => {
      const rule = (name: string): string | undefined => model.composites.get(name)?.rule;
      // The fast path (on by default) pages for a journey through its latch, set when its sign-in fails for Okta's
      // cause; the sign-in alarm itself warns, beside the password warning (Direct Authentication has none).
      expect(rule(`${P}-portal-page`)).toBe(
        `(ALARM("${P}-portal-quorum-latch") OR ALARM("${P}-portal-quorum-backstop"))`,
      );
      // Members in the check registry's order, which the one alarm plan builds them in.
      expect(rule(`${P}-portal-warn`)).toBe(`(ALARM("${P}-portal-sign-in") OR ALARM("${P}-portal-password-expiry"))`);
      expect(rule(`${P}-mobile-page`)).toBe(
        `(ALARM("${P}-mobile-quorum-latch") OR ALARM("${P}-mobile-quorum-backstop"))`,
      );
      expect(rule(`${P}-mobile-warn`)).toBe(`(ALARM("${P}-mobile-sign-in"))`);
      for (const name of [`${P}-portal-page`, `${P}-portal-warn`, `${P}-mobile-page`, `${P}-mobile-warn`]) {
        template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
          AlarmName: name,
          AlarmDescription: Match.stringLikeRegexp(
            `^Sign-in journey "(portal|mobile)": synthetic user s\\*\\*\\*@acme\\.example at app 0oa\\w+ ` +
              `through server (default|org): (unavailable|a warning)`,
          ),
          ActionsSuppressor: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Alarmssilence'), 'Arn'] },
          AlarmActions: [Match.anyValue()],
        });
      }
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${P}-portal-sign-in`,
        MetricName: 'CheckSuccess',
        Dimensions: [
          { Name: 'Check', Value: 'sign-in' },
          { Name: 'Server', Value: 'portal' },
        ],
        AlarmActions: Match.absent(),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${P}-portal-password-expiry`,
        MetricName: 'CheckSuccess',
        AlarmActions: Match.absent(),
      });
      // Each journey's alarms in a nested stack described as the journey's, not as an authorization server's.
      expect(stack.alarms.serverStacks.get('portal')?.templateOptions.description).toBe(
        `okta-synthetics: the alarms of sign-in journey "portal": synthetic user s***@acme.example at app ` +
          `0oa8f5p9w3PoRt4L35d7 through server default`,
      );
      expect(text).not.toMatch(/[Aa]uthorization server "(portal|mobile)"/);
    },
  );

  it('titles a row by its display name ("name") beside the id, for a journey and a server', () => {
    const base = journeyConfig();
    const servers = (base.servers as Record<string, unknown>[]).map((s) =>
      s.id === 'default' ? { ...s, name: 'Payments API' } : s,
    );
    const signIn = (base.signIn as Record<string, unknown>[]).map((j) =>
      j.id === 'portal' ? { ...j, name: 'Employee portal' } : j,
    );
    const result = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), {
      configPath: writeConfig({ ...base, servers, signIn }),
      env: TEST_ENV,
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const [named] = result.stacks;
    if (named === undefined) throw new Error('no stack');
    const widgets = dashboardBody(flatTemplate(named)).widgets;
    const titles = widgets.map((w) => w.properties.title);
    expect(titles).toContain('Employee portal (portal, sign-in journey): success rate per check (%)');
    expect(titles).toContain('Payments API (default): success rate per check (%)');
    const texts = widgets
      .filter((w) => w.type === 'text')
      .map((w) => (w.properties as { markdown?: string }).markdown ?? '');
    expect(texts.some((t) => t.startsWith('**Sign-in journey "portal" (Employee portal): synthetic user'))).toBe(true);
  });

  it(
    'gives each journey a dashboard row of its own: success, latency, days to password expiry (authn), and ' +
      'whom it signs in',
    () => {
      const widgets = dashboardBody(template).widgets;
      const titles = widgets.map((w) => w.properties.title);
      for (const id of ['portal', 'mobile']) {
        expect(titles).toContain(`${id} (sign-in journey): success rate per check (%)`);
        expect(titles).toContain(`${id} (sign-in journey): latency p50 / p90 (ms)`);
      }
      expect(titles).toContain('portal (sign-in journey): synthetic user: days to password expiry');
      expect(titles).not.toContain('mobile (sign-in journey): synthetic user: days to password expiry');
      const texts = widgets
        .filter((w) => w.type === 'text')
        .map((w) => (w.properties as { markdown?: string }).markdown ?? '');
      expect(texts).toContain(
        '**Sign-in journey "portal": synthetic user s***@acme.example at app 0oa8f5p9w3PoRt4L35d7 through ' +
          'server default**\n\nSigns in every 5 min (flow "authn"); the runs between repeat its last verdict.',
      );
      expect(
        texts.some((t) => t.startsWith('**Sign-in journey "mobile"') && t.includes('every 10 min (flow "direct")')),
      ).toBe(true);
      const success = widgets.find(
        (w) => w.properties.title === 'portal (sign-in journey): success rate per check (%)',
      );
      expect(JSON.stringify(success)).toContain('"CheckSuccess","Check","sign-in","Server","portal"');
    },
  );

  it(
    "keeps the users' logins out of the template and the CLI's names out of everything; only the bundled " +
      'config names the users',
    () => {
      const bundled = stack.probe.bundledConfig;
      for (const login of Object.values(JOURNEY_USERS)) expect(text).not.toContain(login);
      for (const name of CLI_ONLY) {
        expect(text).not.toContain(name);
        expect(bundled).not.toContain(name);
      }
      // The Lambda signs in as the user: its login is what it must know, and its secret's name, never a value.
      expect(JSON.parse(bundled)).toMatchObject({
        config: {
          probe: {
            signIn: [
              {
                id: 'portal',
                username: JOURNEY_USERS.portal,
                secrets: { from: 'secrets_manager', secretId: `${P}/portal` },
              },
              {
                id: 'mobile',
                username: JOURNEY_USERS.mobile,
                secrets: { from: 'secrets_manager', secretId: 'okta/prod/mobile-user' },
              },
            ],
          },
        },
      });
    },
  );

  it("has nothing cdk-nag flags, with cdk.json's feature flags as cdk synth runs", () => {
    const { context } = JSON.parse(readFileSync(join(import.meta.dirname, '../../cdk.json'), 'utf8')) as {
      context: Record<string, unknown>;
    };
    const { app } = synth(context);
    // An in-memory synth throws on any unacknowledged finding.
    expect(() => app.synth()).not.toThrow();
  });

  it(
    "passes AWS's CloudFormation validator, the main stack and each nested alarm stack",
    () => {
      const { stack: validated } = synth({ '@aws-cdk/core:validateAgainstDefaultRules': true });
      const stacks: { name: string; template: unknown }[] = [
        { name: validated.stackName, template: Template.fromStack(validated).toJSON() },
        ...[...validated.alarms.serverStacks].map(([id, nested]) => ({
          name: `${validated.stackName}/${id}`,
          template: Template.fromStack(nested as Stack).toJSON(),
        })),
      ];
      expect(stacks.map((s) => s.name)).toEqual(
        expect.arrayContaining([`${validated.stackName}/portal`, `${validated.stackName}/mobile`]),
      );
      for (const { name, template: t } of stacks) {
        // W3005: CDK's explicit DependsOn beside a GetAtt (see test/lib/cfn-validate.test.ts).
        expect({
          name,
          findings: templateErrors(t, name, validated.region, 'WARN').filter((f) => !f.startsWith('WARN W3005:')),
        }).toEqual({ name, findings: [] });
      }
    },
    VALIDATOR_TIMEOUT_MS,
  );
});
