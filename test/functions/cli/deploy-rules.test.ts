// plan and cost describe a deployment, so they refuse exactly what cdk synth refuses, in the same words (
// plan passed an inline clientSecret that synth refuses). Generated from the rules: every rule of DEPLOY_RULES has
// a config here that breaks it (a new rule without one fails the typecheck), and every place a secret could be
// pasted into a file you deploy from; each is fed to synth (buildApp), plan and cost.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { loadConfigFile } from '../../../functions/config/parse';
import { DEPLOY_RULES, deployProblems, deployRegions, type DeployRuleName } from '../../../functions/plan/deploy-rules';
import { buildApp, EXAMPLE_CONFIG_PATH, MAX_SERVERS } from '../../../lib/build-app';
import { journeyConfig, samlCatalogueConfig } from '../../support/configs';
import { captureIo } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, unknown>;
const example = (): Json & { servers: Json[] } =>
  JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Json & { servers: Json[] };
const custom = (): Json => example().servers[1]!;
const customs = (count: number): Json[] =>
  Array.from({ length: count }, (_, i) => ({ ...custom(), id: `aus${String(i).padStart(4, '0')}` }));
const samlApp = (id: string): Json => ({
  id,
  signIn: 'portal',
  audience: 'https://saml.salesforce.com',
  recipient: 'https://acme.my.salesforce.com/',
  ssoUrl: 'https://acme.okta.com/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml',
  metadataUrl: 'https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata',
});

/** A rule no file can break: why, and the test below that holds it so. */
interface Unreachable {
  readonly unreachable: string;
}

/** A config that breaks each deploy rule, and only that rule, or why no file can. */
const BREAKS: Readonly<Record<DeployRuleName, (() => Json) | Unreachable>> = {
  'known-region': () => ({ ...example(), regions: ['us-east-9'] }),
  'one-partition': () => ({ ...example(), regions: ['eu-west-1', 'cn-north-1'] }),
  'server-count': () => ({ ...example(), servers: customs(MAX_SERVERS + 1) }),
  // A catalogue: 2 servers, a journey and 120 SAML apps, each with its own alarms and row, make over 500 widgets (the
  // rule once counted servers only; counted in a group, the same apps take one row).
  'dashboard-and-outputs': () => ({
    ...journeyConfig(),
    samlApps: Array.from({ length: 120 }, (_, i) => ({ ...samlApp(`app${i}`), ownAlarm: true })),
  }),
  // The parser caps every id at 64 characters and the prefix at 40, so a file's longest alarm name is far under
  // CloudWatch's 255; the rule still guards a config built in code (test/functions/plan/alarm-names.test.ts).
  'alarm-names': { unreachable: 'ids of at most 64 characters and a prefix of at most 40' },
  // The fast path is on by default: one reserved run throttles the next while the first holds its rounds.
  'fast-path-concurrency': () => ({ ...example(), reservedConcurrency: 1 }),
  // A browser journey of the portal's app, mirrored on the Preview org: only Production's runs where Chromium is.
  'browser-journey': () => {
    const config = journeyConfig();
    const [portal] = config.signIn as Json[];
    return {
      ...config,
      signIn: [{ ...portal, flow: 'browser' }],
      preview: {
        orgUrl: 'https://acme.oktapreview.com',
        servers: { default: { authorizationServerId: 'ausPdefault', clientId: '0oaPdef', clientSecretEnv: 'X' } },
        signIn: { portal: { clientId: '0oaPportal', username: 'synthetic@acme.example', passwordEnv: 'P' } },
      },
    };
  },
  // A SAML app of the portal's user, through the portal's journey made "browser": no function would check it.
  'browser-saml': () => {
    const config = journeyConfig();
    const [portal, ...others] = config.signIn as Json[];
    return { ...config, signIn: [{ ...portal, flow: 'browser' }, ...others], samlApps: [samlApp('salesforce')] };
  },
  // The file's reader refuses a browser journey's or the Preview org's everyMinutes past 360, as the JSON Schema does
  // (the test below); the rule still guards a configuration built in code, handed to the stack as it is.
  'event-age': { unreachable: "the reader's bound on a browser journey's and the Preview org's everyMinutes" },
  // Without the fast path one run at a time suffices for Production; the Preview org's run needs one more.
  'preview-concurrency': () => ({
    ...example(),
    quorum: false,
    reservedConcurrency: 1,
    preview: {
      orgUrl: 'https://acme.oktapreview.com',
      servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
    },
  }),
  // The sign-ins stream splits its rule at EventBridge's 2,048 characters (functions/plan/event-patterns.ts): only an
  // event type longer than a whole pattern could break it, and the contract's are short
  // (test/lib/combinations.integration.test.ts holds every combination's patterns under the quota).
  'event-patterns': { unreachable: "the contract's event types, each far shorter than one pattern" },
  // The sign-ins aggregator is told every journey's username to leave out: 40 journeys of long usernames pass 4 KB.
  'lambda-environment': () => {
    const { signIn, ...rest } = journeyConfig() as Json & { signIn: Json[] };
    const [journey] = signIn;
    return {
      ...rest,
      servers: (rest.servers as Json[]).map((s) =>
        s.id === 'org' ? { ...s, systemLog: true, scopes: [...(s.scopes as string[]), 'okta.logs.read'] } : s,
      ),
      userSignIns: { eventSource: 'aws.partner/okta.com/acme/okta-synthetics' },
      signIn: Array.from({ length: 40 }, (_, i) => ({
        ...journey,
        id: `j${i}`,
        username: `synthetic.monitoring.user.number.${i}.of.the.acme.production.directory.${'x'.repeat(50)}@acme.example`,
      })),
    };
  },
  // One VPC's subnets for two regions: the second region's functions cannot attach to them.
  'vpc-regions': () => ({
    ...example(),
    regions: ['us-east-1', 'eu-west-1'],
    vpc: { subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'] },
  }),
  'secret-region': () => ({
    ...example(),
    servers: [{ ...custom(), secretName: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:okta/default-AbCdEf' }],
  }),
};

const SEED = 'JBSWY3DPEHPK3PXP';
const WEBHOOK = 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX';
/**
 * Each place a secret pasted into the file is refused by the config's deploy reading, with the value it must never
 * print.
 */
const PASTED_SECRETS: readonly (readonly [string, () => Json, string])[] = [
  [
    'an inline clientSecret on a server',
    () => ({ ...example(), servers: [{ ...custom(), clientSecret: 'do-not-deploy-me-0000000000' }] }),
    'do-not-deploy-me-0000000000',
  ],
  [
    'a password written into signIn[]',
    () => ({ ...journeyConfig(), signIn: [{ ...(journeyConfig().signIn as Json[])[0], password: 'Summer2026!' }] }),
    'Summer2026!',
  ],
  [
    'a TOTP seed in signIn[].totpSecretEnv',
    () => ({ ...journeyConfig(), signIn: [{ ...(journeyConfig().signIn as Json[])[0], totpSecretEnv: SEED }] }),
    SEED,
  ],
  [
    'a client secret written into samlApps[]',
    () => ({
      ...journeyConfig(),
      samlApps: [{ ...samlApp('salesforce'), clientSecret: 'do-not-deploy-me-0000000000' }],
    }),
    'do-not-deploy-me-0000000000',
  ],
  [
    'a webhook URL in localNotifications[] instead of ${VAR}',
    () => ({ ...example(), localNotifications: [{ kind: 'slack', url: WEBHOOK }] }),
    WEBHOOK,
  ],
  [
    'a PagerDuty integration URL in alarmEndpoints, in clear',
    () => ({
      ...example(),
      alarmEndpoints: { page: ['https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue'] },
    }),
    '0123456789abcdef0123456789abcdef',
  ],
];

function file(name: string, config: Json): string {
  const path = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.json`);
  writeFileSync(path, JSON.stringify({ ...config, $schema: undefined }));
  return path;
}

/** What cdk synth says of a config: the errors buildApp returns. */
function synthErrors(path: string, env: NodeJS.ProcessEnv = {}): readonly string[] {
  const result = buildApp(new App(), { configPath: path, env });
  return result.ok ? [] : result.errors;
}

/** What the deploy rules say of a config synth would load: its every problem but a bundled synth's, which is slow. */
function ruleErrors(path: string): readonly string[] {
  const loaded = loadConfigFile(path, 'deploy', {});
  return loaded.ok ? deployProblems(loaded.config, deployRegions(loaded.config, {})) : loaded.errors;
}

/** plan and cost on the file: exit 2, stdout empty, and exactly synth's problems on stderr. */
async function refusedAlike(path: string, secret?: string): Promise<void> {
  const expected = synthErrors(path);
  expect(expected.length).toBeGreaterThan(0);
  for (const command of ['plan', 'cost']) {
    const io = captureIo();
    expect(await main([command, '--config', path], io), command).toBe(2);
    // Each problem wraps at 80 columns: compared word for word, whatever the wrap.
    const oneLine = (text: string): string => text.replace(/\s+/g, ' ');
    expect(oneLine(io.err()), command).toBe(
      oneLine(
        `${path}: ${expected.length === 1 ? '1 problem' : `${expected.length} problems`}\n${expected.map((e) => `  - ${e}\n`).join('')}`,
      ),
    );
    expect(io.out(), command).toBe('');
    if (secret !== undefined) expect(io.err(), command).not.toContain(secret);
  }
}

describe('plan and cost refuse what cdk synth refuses, in its words', () => {
  const breakable = (Object.keys(DEPLOY_RULES) as DeployRuleName[]).flatMap((name) => {
    const breaks = BREAKS[name];
    return typeof breaks === 'function' ? [[name, breaks] as const] : [];
  });

  it.each(breakable)('deploy rule %s', async (name, breaks) => {
    const path = file(name, breaks());
    // Each case breaks its own rule, and only it: what synth says is that rule's judgement.
    const loaded = loadConfigFile(path, 'deploy', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(synthErrors(path)).toEqual(DEPLOY_RULES[name].judge(loaded.config, deployRegions(loaded.config, {})));
    await refusedAlike(path);
  });

  it('no file reaches the alarm-names rule: the longest prefix and ids give names well under 255 characters', () => {
    const longest = {
      ...example(),
      prefix: 'p'.repeat(40),
      servers: [example().servers[0], { ...custom(), id: 'a'.repeat(64) }],
    };
    const loaded = loadConfigFile(file('longest-names', longest), 'deploy', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(DEPLOY_RULES['alarm-names'].judge(loaded.config)).toEqual([]);
    // One character more in the id is refused by the parser, naming the field, before any rule runs.
    const longer = { ...longest, servers: [example().servers[0], { ...custom(), id: 'a'.repeat(65) }] };
    const refused = loadConfigFile(file('longer-id', longer), 'deploy', {});
    expect(refused.ok ? [] : refused.errors).toEqual([expect.stringMatching(/^servers\[1\]\.id: use 1-64 letters/)]);
  });

  it.each(PASTED_SECRETS.map(([what, config, secret]) => [what, config, secret] as const))(
    '%s, never quoted',
    async (what, config, secret) => {
      await refusedAlike(file(what, config()), secret);
    },
  );

  it(
    'refuses a SAML app or a discovering group through a "browser" journey, and a browser or Preview cadence past ' +
      "Lambda's event age, naming the field and the fix",
    () => {
      const browserPortal = (extra: Json = {}): Json => {
        const config = journeyConfig();
        const [portal, ...others] = config.signIn as Json[];
        return { ...config, signIn: [{ ...portal, flow: 'browser', ...extra }, ...others] };
      };
      const config = browserPortal();
      // Discovery lists the apps with the "org" server's token, which must read them.
      const servers = (config.servers as Json[]).map((s) =>
        s.id === 'org' ? { ...s, scopes: [...((s.scopes as string[] | undefined) ?? []), 'okta.apps.read'] } : s,
      );
      const saml = synthErrors(
        file('browser-saml-words', {
          ...config,
          servers,
          samlApps: [samlApp('salesforce')],
          samlGroups: [{ id: 'catalogue', signIn: 'portal', discover: 'assigned' }],
        }),
      );
      expect(saml).toEqual([
        expect.stringMatching(
          /^samlApps\[0\]\.signIn: "portal" is a "browser" journey, .*name a journey with flow "authn" or "idx"/,
        ),
        expect.stringMatching(/^samlGroups\[0\]\.signIn: "portal" is a "browser" journey, /),
      ]);
      // The same app through the same user's "idx" journey passes every rule (judged as synth judges, unbundled).
      expect(
        ruleErrors(file('idx-saml', { ...browserPortal({ flow: 'idx' }), samlApps: [samlApp('salesforce')] })),
      ).toEqual([]);

      // At the bound a browser journey and the Preview org deploy; a minute past it, each is refused by its field.
      const preview = (everyMinutes: number): Json => ({
        preview: {
          orgUrl: 'https://acme.oktapreview.com',
          servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
          everyMinutes,
        },
      });
      expect(ruleErrors(file('at-bound', { ...browserPortal({ everyMinutes: 360 }), ...preview(360) }))).toEqual([]);
      // Refused by the file's reader, as the JSON Schema refuses it, before any rule: plan and synth alike.
      const past = file('past-bound', { ...browserPortal({ everyMinutes: 361 }), ...preview(1440) });
      expect(synthErrors(past)).toEqual([
        'signIn[0].everyMinutes: 361 is too long for a "browser" journey: deployed, its schedule keeps a run\'s ' +
          'event for one period, and Lambda keeps an asynchronous event at most 21,600 s (360 minutes); set it to ' +
          '360 or less',
        "preview.everyMinutes: 1440 is out of range: use an integer from 1 to 360 (minutes between the Preview org's " +
          "runs: its schedule's event lasts one, 6 hours at most)",
      ]);
      const loaded = loadConfigFile(past, 'deploy', {});
      expect(loaded.ok ? [] : loaded.errors).toEqual(synthErrors(past));
      // An API journey's cadence is the probe's own run, whatever it is: no event of its own.
      expect(ruleErrors(file('idx-daily', browserPortal({ flow: 'idx', everyMinutes: 1440 })))).toEqual([]);
    },
  );

  it('names the region the user meant, and the partitions apart', () => {
    expect(synthErrors(file('us-east-9', (BREAKS['known-region'] as () => Json)()))).toEqual([
      'regions[0]: "us-east-9" is not an AWS region (did you mean us-east-1?); use a region code as the AWS ' +
        "console's region menu shows it, e.g. us-east-1 or eu-west-1",
    ]);
    expect(synthErrors(file('partitions', (BREAKS['one-partition'] as () => Json)()))).toEqual([
      "regions: one deployment's account lives in one partition, and these regions are in 2 (aws: eu-west-1; " +
        'aws-cn: cn-north-1); deploy each partition from a configuration file of its own',
    ]);
    // Without regions in the file, the CDK's default region is judged the same way.
    expect(synthErrors(file('unnamed', { ...example(), regions: [] }), { CDK_DEFAULT_REGION: 'eu-wset-1' })).toEqual([
      'region (CDK_DEFAULT_REGION or AWS_REGION, the config lists none): "eu-wset-1" is not an AWS region ' +
        "(did you mean eu-west-1?); use a region code as the AWS console's region menu shows it, e.g. " +
        'us-east-1 or eu-west-1',
    ]);
  });

  it(
    'counts every journey and SAML app against the ' +
      'dashboard, not servers only, and names the way out: a ' +
      'group',
    () => {
      expect(synthErrors(file('catalogue', (BREAKS['dashboard-and-outputs'] as () => Json)()))).toEqual([
        expect.stringMatching(
          /^servers, signIn, samlApps: 2 servers, 2 sign-in journeys, 120 SAML apps with ownAlarm and 0 groups of SAML apps are more than one deployment holds: the dashboard would hold 5\d\d widgets \(CloudWatch allows 500.*; count the SAML apps in a group instead \(leave "ownAlarm" out/,
        ),
      ]);
      const hundred = {
        ...journeyConfig(),
        samlApps: Array.from({ length: 80 }, (_, i) => ({ ...samlApp(`app${i}`), ownAlarm: true })),
      };
      expect(synthErrors(file('eighty-apps', hundred))).toEqual([]);
      // The same apps, and ten times as many, counted in the journey's default group: one row.
      expect(
        synthErrors(
          file('grouped-catalogue', {
            ...journeyConfig(),
            samlApps: Array.from({ length: 1200 }, (_, i) => samlApp(`app${i}`)),
          }),
        ),
      ).toEqual([]);
    },
  );

  it('plans and prices 1,000 SAML apps counted in a group, with the requests a minute they send to Okta', async () => {
    const grouped = file('grouped', samlCatalogueConfig(1000));
    expect(synthErrors(grouped)).toEqual([]);
    const plan = captureIo();
    expect(await main(['plan', '--config', grouped], plan)).toBe(0);
    expect(plan.out().replace(/\s+/g, ' ')).toMatch(
      /Okta requests of the SAML apps: 17\.4 a minute on average, at most 168 in one run \(11\.2 % of Okta's default/,
    );
    expect(plan.out().replace(/\s+/g, ' ')).toMatch(
      /portal-saml: 1,000 apps, 84 a session, 16\.7 SSO \+ 0\.690 metadata \+ 0 Management API requests a minute/,
    );
    const cost = captureIo();
    expect(await main(['cost', '--config', grouped], cost)).toBe(0);
    expect(cost.out()).toMatch(/DynamoDB writes \(on demand\)\s+720,000/);
  });

  it('still plans and prices the largest deployment synth accepts', async () => {
    const most = file('most', { ...example(), servers: customs(MAX_SERVERS) });
    expect(synthErrors(most)).toEqual([]);
    for (const command of ['plan', 'cost'])
      expect(await main([command, '--config', most], captureIo()), command).toBe(0);
  });
});
