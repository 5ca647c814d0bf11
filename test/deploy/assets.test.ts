// What deploys, run as Lambda runs it: the app is synthesized with real bundling (the local esbuild), and each
// function's asset, unpacked as `cdk deploy` ships it, is run as Lambda runs it (test/support/lambda-asset.ts): by a
// user who owns none of its files, read-only, with only /tmp writable, Node 24 under the function's memory and
// timeout, the environment the template gives it; its AWS calls go through AWS_ENDPOINT_URL to a loopback fake, and
// Okta is the simulator. The probe's run line then feeds the notifier's asset: the whole path of a page.
import { App } from 'aws-cdk-lib';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CONFIG_FILE,
  INVENTORY_SCOPES,
  PLACEHOLDER_GRACE_HOURS,
  RUN_LOG_MESSAGE,
  SECRET_PLACEHOLDER,
  STATUS_PAGE_CACHE_CONTROL,
  STATUS_PAGE_KEYS,
  type RunLogFailure,
} from '../../functions/contract';
import { publishes } from '../../functions/plan/outputs';
import { plannedChecks } from '../../functions/plan/checks';
import { regionPlan } from '../../functions/plan/region-plan';
import { runStatus } from '../../functions/cli/status';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { buildApp } from '../../lib/build-app';
import { startAwsFake, type AwsFake, type FakeLogEvent } from '../support/aws-fake';
import { awsQuotas, CALLS_PER_SECOND } from '../support/aws-quotas';

/**
 * The fake's request quotas (AWS's, per second) at Parameter Store's standard throughput (3 PutParameter a second):
 * the journeys write their state to DynamoDB, so a run of three journeys no longer puts its leases and steps against
 * that account-wide rate (it did, and its throttled puts, retried for 5 s, ended in JOURNEY_STATE_UNAVAILABLE now
 * and then, until the tests asked for the higher throughput).
 */
const quotaLimits: Readonly<Record<string, number>> = CALLS_PER_SECOND;
import {
  deployedFunction,
  type FunctionResource,
  LAMBDA_UID,
  lambdaSandbox,
  NODE24,
  requireLambdaSandbox,
  unreadableByOthers,
  type DeployedFunction,
  type LambdaSandbox,
} from '../support/lambda-asset';
import { useSimulator } from '../support/simulator';
import { SIM_SAML_APP, samlMetadataUrl, samlSsoUrl } from '../../sim/saml/app';
import { writeConfig } from '../lib/helpers';

const ACCOUNT = '123456789012';
/** What the process of a function sees of its place, printed before its handler loads. */
const INSPECT = [
  "import { writeFileSync } from 'node:fs';",
  "import { getHeapStatistics } from 'node:v8';",
  'const attempt = (path) => { try { writeFileSync(path, "x"); return true; } catch (error) { return error.code; } };',
  'const inside = { uid: process.getuid(), home: process.env.HOME ?? null, cwd: process.cwd(), heapLimitMb: ' +
    'Math.round(getHeapStatistics().heap_size_limit / 1048576), codeWritable: ' +
    "attempt(process.env.LAMBDA_TASK_ROOT + '/x'), tmpWritable: attempt('/tmp/x') };",
  "process.stdout.write('@@inside ' + JSON.stringify(inside) + '\\n');",
].join(' ');
const REGION = 'us-east-1';
const ORG_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:okta-synthetics/org-AbCdEf`;
const CUSTOM_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:okta-synthetics/default-GhIjKl`;
const PORTAL_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:okta-synthetics/portal-MnOpQr`;
const MOBILE_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:okta-synthetics/mobile-StUvWx`;
const WORKFORCE_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:okta-synthetics/workforce-YzAbCd`;

const sim = useSimulator();
let aws: AwsFake;
let outdir: string;
let functions: Map<string, DeployedFunction>;
/** Each function's code unpacked as Lambda unpacks it, by name. */
let sandboxes = new Map<string, LambdaSandbox>();
/** What Lambda's Invoke runs when a test deploys something else than the stack's assets. */
let invokable: Map<string, LambdaSandbox> | undefined;
let configPath = '';
let alarmNames: string[] = [];
let logLines: string[] = [];
/** What the probe's log group holds for the notifier, when a test sets it; else the probe's own run line. */
let feed: FakeLogEvent[] | null = null;
/** When the probe's run above logged its lines. */
let loggedAt = 0;
let planned: string[] = [];
/** What the fake's Secrets Manager holds, and when each current version was made (CreatedDate), by SecretId. */
const awsSecrets = new Map<string, string>();
const secretCreated = new Map<string, number>();
let templateResources: Record<string, { Type: string; Properties?: Record<string, unknown> }> = {};

/**
 * Runs a function's asset as Lambda runs it (test/support/lambda-asset.ts: as a user who owns none of its files, on a
 * read-only copy, under its memory and timeout), its AWS calls going to the fake; a failed invocation's message is
 * `result.thrown`.
 */
async function invoke(
  name: string,
  event: unknown,
  context: Record<string, unknown> = {},
  envOverride: Record<string, string> = {},
) {
  const sandbox = sandboxes.get(name);
  if (sandbox === undefined) throw new Error(`no function ${name}`);
  const run = await sandbox.invoke({ event, context, env: { AWS_ENDPOINT_URL: aws.url, ...envOverride } });
  const result = (
    run.error !== undefined ? { thrown: run.error.errorMessage, errorType: run.error.errorType } : run.result
  ) as Record<string, unknown>;
  return { result, elapsedMs: run.elapsedMs, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  expect(existsSync(NODE24), `${NODE24}: npm ci installs the node@24 devDependency`).toBe(true);
  const s = sim();
  const { org, custom, web, signIn } = s.clients;
  const userSecret = (user: { password: string; totpSecret: string }) =>
    JSON.stringify({ password: user.password, totpSecret: user.totpSecret });
  for (const [id, value] of [
    [ORG_SECRET, org.privateKeyPem],
    [CUSTOM_SECRET, custom.clientSecret],
    [PORTAL_SECRET, userSecret(signIn.portalUser)],
    [MOBILE_SECRET, userSecret(signIn.mobileUser)],
    [WORKFORCE_SECRET, userSecret(signIn.workforceUser)],
  ] as const)
    awsSecrets.set(id, value);
  aws = await startAwsFake({
    quotas: awsQuotas(Date.now, quotaLimits),
    secrets: awsSecrets,
    secretCreated: (id) => secretCreated.get(id),
    logEvents: () => feed ?? logLines.map((message) => ({ message, timestamp: loggedAt })),
    // Lambda's Invoke API (status --invoke): the function's asset run as Lambda runs it, its answer as Lambda gives it.
    invoke: async ({ functionName, qualifier, payload }) => {
      const sandbox = (invokable ?? sandboxes).get(functionName);
      if (sandbox === undefined)
        return {
          functionError: 'Unhandled',
          payload: { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${functionName}` },
        };
      const invokedFunctionArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}${qualifier !== undefined ? `:${qualifier}` : ''}`;
      const run = await sandbox.invoke({
        event: payload,
        context: { invokedFunctionArn },
        env: { AWS_ENDPOINT_URL: aws.url },
      });
      return run.error !== undefined
        ? { functionError: 'Unhandled', payload: { ...run.error, trace: [] } }
        : { payload: run.result ?? null };
    },
  });
  const config = {
    orgUrl: s.url,
    statusPageUrl: s.statusFeedUrl,
    timeoutMs: 5000,
    regions: [REGION],
    alarmEmails: ['oncall@acme.example'],
    servers: [
      // With the System Log: the asset reads it too, and the notifier's page carries what it said. With the
      // inventory: the asset reads what will break next.
      {
        id: 'org',
        clientId: org.clientId,
        keyId: org.keyId,
        scopes: [...org.scopes, 'okta.logs.read', ...Object.values(INVENTORY_SCOPES)],
        systemLog: true,
        inventory: true,
        authorize: { clientId: web.clientId, redirectUri: web.redirectUri },
        authMethod: 'private_key_jwt',
        secretName: ORG_SECRET,
      },
      {
        id: custom.serverId,
        clientId: custom.clientId,
        scopes: custom.scopes,
        audience: custom.audience,
        requiredClaims: custom.requiredClaims,
        authMethod: 'client_secret_basic',
        secretName: CUSTOM_SECRET,
      },
    ],
    signIn: [
      {
        id: 'portal',
        server: custom.serverId,
        flow: 'authn',
        clientId: signIn.portal.clientId,
        redirectUri: signIn.portal.redirectUri,
        username: signIn.portalUser.username,
        requiredClaims: ['email'],
        secretName: PORTAL_SECRET,
      },
      {
        id: 'mobile',
        server: 'org',
        flow: 'direct',
        clientId: signIn.mobile.clientId,
        username: signIn.mobileUser.username,
        requiredClaims: ['email'],
        secretName: MOBILE_SECRET,
      },
      {
        id: 'workforce',
        server: custom.serverId,
        flow: 'idx',
        clientId: signIn.workforce.clientId,
        redirectUri: signIn.workforce.redirectUri,
        username: signIn.workforceUser.username,
        requiredClaims: ['email'],
        secretName: WORKFORCE_SECRET,
      },
    ],
    // A SAML app in the portal journey's session.
    samlApps: [
      {
        id: 'salesforce',
        signIn: 'portal',
        ownAlarm: true,
        ssoUrl: samlSsoUrl(s.url),
        metadataUrl: samlMetadataUrl(s.url),
        audience: SIM_SAML_APP.audience,
        recipient: SIM_SAML_APP.recipient,
        requiredAttributes: ['email'],
        nameIdFormat: SIM_SAML_APP.nameIdFormat,
      },
    ],
    expiryWarnDays: 30,
    // This org's own status page: the probe's asset publishes it after its run (STATUS_PAGE_BUCKET).
    statusPage: { allowFrom: ['203.0.113.0/24', '2001:db8::/32'] },
    // Off: these tests judge the assets' own run. With the fast path (on by default) every run would go on checking
    // for 40 s of real time against a verdict table; its loop is played on a fake clock (npm run bench:quorum).
    quorum: false,
  };
  outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-assets-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  configPath = writeConfig(config);
  const built = buildApp(app, { configPath, env: { CDK_DEFAULT_ACCOUNT: ACCOUNT, CDK_DEFAULT_REGION: REGION } });
  if (!built.ok) throw new Error(built.errors.join('; '));
  alarmNames = regionPlan(built.config).alarms.map((a) => a.name);
  planned = plannedChecks(built.config.probe)
    .filter((c) => publishes(c.check, 'success'))
    .map((c) => `${c.server}/${c.check}`);
  const assembly = app.synth();
  const [stack] = assembly.stacks;
  if (stack === undefined) throw new Error('no stack');
  const resources = (
    stack.template as {
      Resources: Record<
        string,
        { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
      >;
    }
  ).Resources;
  templateResources = resources;
  functions = new Map(
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => {
        const fn = deployedFunction(r as unknown as FunctionResource, assembly.directory, {
          account: ACCOUNT,
          region: REGION,
          resources,
        });
        return [fn.name, fn] as const;
      }),
  );
  requireLambdaSandbox();
  sandboxes = new Map([...functions].map(([name, fn]) => [name, lambdaSandbox(fn)]));
});
afterAll(async () => {
  for (const sandbox of sandboxes.values()) sandbox.remove();
  await aws?.close();
  if (outdir !== undefined) rmSync(outdir, { recursive: true, force: true });
});

/** The journeys' table as the stack names it, in the fake's DynamoDB. */
const JOURNEY_TABLE_NAME = 'okta-synthetics-journey-state';
/** Journey `id`'s state as the asset wrote it to its item (its JSON), or undefined. */
const journeyState = (id: string): string | undefined =>
  aws.dynamoTables.get(JOURNEY_TABLE_NAME)?.get(`${id}|state`)?.state?.S as string | undefined;

/**
 * A fresh journey state in the fake DynamoDB, but for the TOTP step each journey last used: the earlier tests' codes
 * are still spent at Okta (the simulator) within their 30-second step, as they would be at a real org.
 */
function freshJourneyState(): void {
  const table = aws.dynamoTables.get(JOURNEY_TABLE_NAME) ?? new Map();
  for (const [key, item] of table) {
    const kept = (JSON.parse(String(item.state?.S ?? '{}')) as { totpStep?: number }).totpStep;
    if (kept === undefined || !key.endsWith('|state')) table.delete(key);
    else table.set(key, { ...item, state: { S: JSON.stringify({ totpStep: kept }) } });
  }
}

describe('the synthesized Lambda assets under Node 24', () => {
  it('every file of every asset is readable by others: Lambda runs the handler as a user who owns none of them', () => {
    expect([...functions.keys()].sort()).toEqual(['okta-synthetics-notifier', 'okta-synthetics-probe']);
    for (const fn of functions.values()) expect(unreadableByOthers(fn.assetDir), fn.name).toEqual([]);
    // The probe's configuration is the one file the stack adds to a bundle; it holds no secret, only their names.
    const probe = functions.get('okta-synthetics-probe')?.assetDir ?? '';
    expect(statSync(join(probe, CONFIG_FILE)).mode & 0o777).toBe(0o644);
    const staged = readFileSync(join(probe, CONFIG_FILE), 'utf8');
    for (const secret of awsSecrets.values()) expect(staged).not.toContain(secret);
    expect(existsSync(join(functions.get('okta-synthetics-notifier')?.assetDir ?? '', CONFIG_FILE))).toBe(false);
  });

  it(
    'the probe asset runs a whole cycle against the simulator: secrets read, every check published, one run ' +
      'line, no secret printed',
    async () => {
      sim().scenario = 'audience-mismatch';
      const { result, stdout, stderr } = await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });
      sim().scenario = 'healthy';

      expect(result).toMatchObject({ failed: expect.any(Number), passed: expect.any(Number) });
      expect(
        aws.calls
          .filter((c) => c.operation === 'secretsmanager.GetSecretValue')
          .map((c) => c.input.SecretId)
          .sort(),
      ).toEqual([CUSTOM_SECRET, ORG_SECRET, PORTAL_SECRET, MOBILE_SECRET, WORKFORCE_SECRET].sort());
      const metrics = aws.calls
        .filter((c) => c.operation === 'cloudwatch.PutMetricData')
        .flatMap(
          (c) =>
            c.input.MetricData as {
              MetricName: string;
              Dimensions: { Name: string; Value: string }[];
              Value: number;
            }[],
        );
      const success = metrics
        .filter((m) => m.MetricName === 'CheckSuccess')
        .map(
          (m) =>
            `${m.Dimensions.find((d) => d.Name === 'Server')?.Value}/${m.Dimensions.find((d) => d.Name === 'Check')?.Value}=${m.Value}`,
        );
      expect(success.map((s) => s.split('=')[0]).sort()).toEqual([...planned].sort());
      expect(success).toContain('default/validate=0');
      expect(success).toContain('org/token=1');
      expect(success).toContain('portal/sign-in=1');
      expect(success).toContain('mobile/sign-in=1');
      expect(success).toContain('workforce/sign-in=1');
      logLines = stdout.split('\n').filter((line) => line.includes(RUN_LOG_MESSAGE));
      loggedAt = Date.now();
      expect(logLines).toHaveLength(1);
      expect(JSON.parse(logLines[0] ?? '{}')).toMatchObject({
        failures: [expect.objectContaining({ server: 'default', check: 'validate', code: 'AUDIENCE_MISMATCH' })],
      });
      // A fresh process: the first run says what init spent warming the HTTP client, apart from every check's latency.
      expect(JSON.parse(logLines[0] ?? '{}')).toMatchObject({
        initMs: expect.any(Number),
        preparationMs: expect.any(Number),
      });
      const printed = `${stdout}\n${stderr}`;
      expect(printed).not.toContain(sim().clients.custom.clientSecret);
      expect(printed).not.toMatch(/-----BEGIN/);
      // The failed check's sanitized trace, put in the stack's bucket (HAR_BUCKET) and named in the run line.
      const put = aws.calls.find((c) => c.operation === 's3.PutObject' && String(c.input.Key).startsWith('har/'));
      expect(String(put?.input.Key)).toMatch(/^har\/\d{4}-\d{2}-\d{2}\/.*-default-validate\.har$/);
      expect(String(put?.input.Body)).not.toContain(sim().clients.custom.clientSecret);
      expect(JSON.parse(logLines[0] ?? '{}')).toMatchObject({
        failures: [expect.objectContaining({ har: `s3://${String(put?.input.Bucket)}/${String(put?.input.Key)}` })],
      });
      // This org's status page, published after the run line from that line: the first run starts afresh (S3 answers
      // NoSuchKey for the model), and the page names the failing target with its fault's owner, without Okta's words.
      const pageBucket = aws.calls.find((c) => c.operation === 's3.GetObject')?.input.Bucket;
      expect(pageBucket).toBeDefined();
      const page = (key: string) => aws.s3Objects.get(`${String(pageBucket)}/${key}`);
      expect(page(STATUS_PAGE_KEYS.html)?.contentType).toBe('text/html; charset=utf-8');
      expect(page(STATUS_PAGE_KEYS.html)?.cacheControl).toBe(STATUS_PAGE_CACHE_CONTROL);
      const status = JSON.parse(page(STATUS_PAGE_KEYS.json)?.body.toString() ?? '{}') as {
        lastRunAt: string;
        overall: string;
        parts: { id: string; state: string; fault: { code: string; owner: string } | null }[];
      };
      expect(status.lastRunAt).toBe((JSON.parse(logLines[0] ?? '{}') as { startedAt: string }).startedAt);
      expect(status.overall).toBe('failing');
      expect(status.parts).toContainEqual(
        expect.objectContaining({
          id: 'default',
          state: 'failing',
          fault: expect.objectContaining({ code: 'AUDIENCE_MISMATCH' }),
        }),
      );
      expect(page(STATUS_PAGE_KEYS.model)).toBeDefined();
      // Published whole: no WARN line of the page's, and nothing bare on stderr.
      expect(stdout).not.toMatch(/"message":"status page/);
      expect(stderr).not.toContain('status page');
      for (const key of Object.values(STATUS_PAGE_KEYS))
        expect(page(key)?.body.toString()).not.toContain(sim().clients.custom.clientSecret);
    },
  );

  it(
    'the probe asset signs the users in with MFA from their JSON secrets (authn, direct, idx), then reports a ' +
      'failing journey; no password printed',
    async () => {
      const outcome = async (scenario: 'sign-in-mfa' | 'user-not-assigned') => {
        sim().scenario = scenario;
        aws.calls.length = 0;
        // Each journey due now: the state the runs before left in SSM would have it repeat their verdict.
        freshJourneyState();
        const { stdout, stderr } = await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });
        sim().scenario = 'healthy';
        const metrics = aws.calls
          .filter((c) => c.operation === 'cloudwatch.PutMetricData')
          .flatMap(
            (c) =>
              c.input.MetricData as {
                MetricName: string;
                Dimensions: { Name: string; Value: string }[];
                Value: number;
              }[],
          );
        const journeys = metrics.filter(
          (m) =>
            m.MetricName === 'CheckSuccess' && m.Dimensions.some((d) => d.Name === 'Check' && d.Value === 'sign-in'),
        );
        const line = JSON.parse(stdout.split('\n').find((l) => l.includes(RUN_LOG_MESSAGE)) ?? '{}') as {
          failures?: { server: string; code: string }[];
        };
        return {
          journeys: journeys.map((m) => `${m.Dimensions.find((d) => d.Name === 'Server')?.Value}=${m.Value}`).sort(),
          line,
          printed: `${stdout}\n${stderr}`,
        };
      };
      const healthy = await outcome('sign-in-mfa');
      expect(healthy.journeys).toEqual(['mobile=1', 'portal=1', 'workforce=1']);
      const failing = await outcome('user-not-assigned');
      expect(failing.journeys).toEqual(['mobile=0', 'portal=0', 'workforce=0']);
      expect(
        failing.line.failures
          ?.filter((f) => f.code === 'USER_NOT_ASSIGNED')
          .map((f) => f.server)
          .sort(),
      ).toEqual(['mobile', 'portal', 'workforce']);
      const { portalUser, mobileUser, workforceUser } = sim().clients.signIn;
      for (const secret of [
        portalUser.password,
        portalUser.totpSecret,
        mobileUser.password,
        mobileUser.totpSecret,
        workforceUser.password,
        workforceUser.totpSecret,
      ])
        expect(`${healthy.printed}${failing.printed}`).not.toContain(secret);
    },
  );

  describe("the probe asset keeps each journey's state where the next sandbox finds it: a DynamoDB item", () => {
    const runLine = (stdout: string) =>
      JSON.parse(stdout.split('\n').find((l) => l.includes(RUN_LOG_MESSAGE)) ?? '{}') as {
        failures?: { server: string; check: string; code: string; detail?: string }[];
      };
    const authnAttempts = () => sim().requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/authn').length;
    afterEach(() => {
      sim().scenario = 'healthy';
      freshJourneyState();
    });

    it(
      'two cold starts after a refused password: one attempt ' + 'in all, and the second still reports the refusal',
      async () => {
        freshJourneyState();
        sim().scenario = 'sign-in-rejected';
        sim().resetRequests();
        await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });
        const second = await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });

        expect(authnAttempts()).toBe(1);
        // Within everyMinutes the second repeats the first's verdict; after it, "not sent again"
        // (test/functions/cli/journey-state.test.ts).
        const failures = runLine(second.stdout).failures?.filter((f) => f.check === 'sign-in') ?? [];
        expect(failures.map((f) => [f.server, f.code]).sort()).toEqual([
          ['mobile', 'SIGN_IN_REJECTED'],
          ['portal', 'SIGN_IN_REJECTED'],
          ['workforce', 'SIGN_IN_REJECTED'],
        ]);
        const state = journeyState('portal');
        expect(state).toContain('"outcome":"refused"');
        // The table holds the state now: the asset writes no journey parameter in SSM.
        expect([...aws.ssmParameters.keys()].filter((name) => name.includes('/journey-state/'))).toEqual([]);
        expect(state).not.toContain(sim().clients.signIn.portalUser.password);
        expect(journeyState('mobile')).toContain('"outcome":"refused"');
        expect(journeyState('workforce')).toContain('"outcome":"refused"');
        expect(sim().requests.filter((r) => r.path === '/idp/idx/challenge/answer')).toHaveLength(1);
      },
    );

    it(
      'a stale TOTP seed, cold start after cold start across six journey slots: at most 2 wrong codes per ' +
        'journey in all',
      async () => {
        freshJourneyState();
        sim().scenario = 'totp-rejected';
        sim().resetRequests();
        const slots = [0, 1, 2, 3, 4, 5].map((slot) => ({ TEST_CLOCK_OFFSET_MS: String(slot * 5 * 60_000) }));
        let last: Awaited<ReturnType<typeof invoke>> | undefined;
        // The earlier tests' TOTP step may still be the current one: the first slot then waits for the next (up to 30
        // s).
        for (const clock of slots) last = await invoke('okta-synthetics-probe', {}, { remainingMs: 50_000 }, clock);

        const sent = (path: string) => sim().requests.filter((r) => r.method === 'POST' && r.path === path).length;
        // authn: the one wrong code (a verify); idx: the password's answer and the one wrong code, in the first slot
        // only.
        expect(sent(`/api/v1/authn/factors/${sim().clients.signIn.portalUser.totpFactorId}/verify`)).toBe(1);
        expect(sent('/idp/idx/challenge/answer')).toBe(2);
        // Every journey's state holds the code's refusal (the direct flow's mfa-otp grant shares /token with the org
        // server's checks, so its count is read here): never sent again with this secret version.
        for (const id of ['portal', 'mobile', 'workforce'])
          expect(journeyState(id), id).toMatch(/"refusal":\{[^}]*"outcome":"refused"[^}]*"step":"totp"/);
        const failures = runLine(last?.stdout ?? '').failures?.filter((f) => f.check === 'sign-in') ?? [];
        expect(
          failures
            .map((f) => [f.server, f.code, /^not sent again: Okta refused the TOTP code/.test(f.detail ?? '')])
            .sort(),
        ).toEqual([
          ['mobile', 'TOTP_REJECTED', true],
          ['portal', 'TOTP_REJECTED', true],
          ['workforce', 'TOTP_REJECTED', true],
        ]);
      },
      180_000,
    );

    it(
      'a lockout Okta hides is diagnosed as locked, and the journey resumes after an unlock without a secret ' +
        'change',
      async () => {
        freshJourneyState();
        sim().scenario = 'sign-in-locked-hidden';
        const locked = await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });
        const lockedOut = runLine(locked.stdout).failures?.filter((f) => f.check === 'sign-in') ?? [];
        expect(lockedOut.map((f) => [f.server, f.code]).sort()).toEqual([
          ['mobile', 'USER_LOCKED_OUT'],
          ['portal', 'USER_LOCKED_OUT'],
          ['workforce', 'USER_LOCKED_OUT'],
        ]);
        expect(journeyState('portal')).toContain('"outcome":"blocked"');

        // An admin unlocks the users; the secret stays as it was. Past the locked-user back-off, a new sandbox signs
        // in.
        sim().scenario = 'healthy';
        const resumed = await invoke(
          'okta-synthetics-probe',
          {},
          { remainingMs: 20_000 },
          { TEST_CLOCK_OFFSET_MS: String(31 * 60_000) },
        );
        expect(
          runLine(resumed.stdout).failures?.filter((f) => f.check === 'sign-in' || f.check === 'password-expiry') ?? [],
        ).toEqual([]);
      },
      90_000,
    );

    it('two invocations at once: one sign-in per journey, and no TOTP code refused', async () => {
      freshJourneyState();
      aws.calls.length = 0;
      sim().scenario = 'sign-in-mfa';
      sim().resetRequests();
      // The earlier test's TOTP step may still be the current one: the journey then waits for the next step (up to
      // 30 s), so the invocations are given time for that wait and the sign-in after it.
      // The second starts once the first holds the portal journey's lease, the overlap a lease exists for: one run
      // signing in while the other stands aside. (Two runs that read the state in the same instant are the race
      // test/functions/probe/sign-in/journey-faults.integration.test.ts plays: the conditional put lets one claim.)
      // freshJourneyState above removed every lease, so the one found is the first run's.
      const first = invoke('okta-synthetics-probe', {}, { remainingMs: 50_000 });
      for (const started = Date.now(); !journeyState('portal')?.includes('"lease"') && Date.now() - started < 40_000; )
        await new Promise((resolve) => setTimeout(resolve, 20));
      const both = await Promise.all([first, invoke('okta-synthetics-probe', {}, { remainingMs: 50_000 })]);

      expect(authnAttempts()).toBe(1);
      expect(
        sim().requests.filter(
          (r) => r.path === `/api/v1/authn/factors/${sim().clients.signIn.portalUser.totpFactorId}/verify`,
        ),
      ).toHaveLength(1);
      const journeyFailures = both.flatMap(
        ({ stdout }) => runLine(stdout).failures?.filter((f) => f.check === 'sign-in') ?? [],
      );
      expect(journeyFailures).toEqual([]);
      // The lease's cost: each invocation reads each journey's item once, and the holder once more before its end's
      // write; the holder alone writes (its claims, then its end).
      const journeys = ['mobile', 'portal', 'workforce'];
      const keys = (operation: string) =>
        aws.calls
          .filter((c) => c.operation === operation && c.input.TableName === JOURNEY_TABLE_NAME)
          .map((c) => String(((c.input.Key ?? c.input.Item) as { journey: { S: string } }).journey.S));
      expect(keys('dynamodb.GetItem').sort()).toEqual(journeys.flatMap((id) => [id, id, id]).sort());
      expect(new Set(keys('dynamodb.PutItem'))).toEqual(new Set(journeys));
    });
  });

  it(
    "the probe asset judges a SAML app in the portal journey's session, then reports a failing one; no " +
      'SAMLResponse printed',
    async () => {
      const outcome = async (scenario: 'healthy' | 'saml-audience') => {
        // The journey runs each time (its state would otherwise repeat the last verdict until everyMinutes).
        freshJourneyState();
        sim().scenario = scenario;
        aws.calls.length = 0;
        const { stdout, stderr } = await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });
        sim().scenario = 'healthy';
        const metrics = aws.calls
          .filter((c) => c.operation === 'cloudwatch.PutMetricData')
          .flatMap(
            (c) =>
              c.input.MetricData as {
                MetricName: string;
                Dimensions: { Name: string; Value: string }[];
                Value: number;
              }[],
          );
        const ofApp = metrics.filter((m) => m.Dimensions.some((d) => d.Name === 'Server' && d.Value === 'salesforce'));
        const line = JSON.parse(stdout.split('\n').find((l) => l.includes(RUN_LOG_MESSAGE)) ?? '{}') as {
          failures?: { server: string; check: string; code: string }[];
          servers?: { id: string; up: number }[];
        };
        return { ofApp, line, printed: `${stdout}\n${stderr}` };
      };
      const healthy = await outcome('healthy');
      expect(healthy.ofApp.filter((m) => m.MetricName === 'CheckSuccess').map((m) => m.Value)).toEqual([1]);
      expect(healthy.ofApp.find((m) => m.MetricName === 'SamlCertificateDaysToExpiry')?.Value).toBeGreaterThan(3000);
      expect(healthy.line.servers?.find((s) => s.id === 'salesforce')).toMatchObject({ up: 1 });
      const failing = await outcome('saml-audience');
      expect(failing.ofApp.filter((m) => m.MetricName === 'CheckSuccess').map((m) => m.Value)).toEqual([0]);
      expect(failing.line.failures).toEqual([
        expect.objectContaining({ server: 'salesforce', check: 'saml', code: 'SAML_AUDIENCE_MISMATCH' }),
      ]);
      expect(failing.line.servers?.find((s) => s.id === 'salesforce')).toMatchObject({ up: 0 });
      // The SAMLResponse (base64 XML: "PD94bWwg...") and the user's attributes never reach the logs.
      expect(`${healthy.printed}${failing.printed}`).not.toContain('PD94bWwg');
      expect(`${healthy.printed}${failing.printed}`).not.toContain(sim().clients.signIn.portalUser.username);
      expect(journeyState('portal')).not.toContain('PD94bWwg');

      // A new sandbox before the journey is due again (every invocation here is a fresh process): the app's verdict
      // comes back from the journey's state in SSM, not from a fresh sign-in, though the simulator is healthy again.
      sim().resetRequests();
      const between = await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });
      const line = JSON.parse(between.stdout.split('\n').find((l) => l.includes(RUN_LOG_MESSAGE)) ?? '{}') as {
        failures?: { server: string; check: string; code: string }[];
      };
      expect(line.failures).toEqual([
        expect.objectContaining({ server: 'salesforce', check: 'saml', code: 'SAML_AUDIENCE_MISMATCH' }),
      ]);
      expect(sim().requests.filter((r) => r.path === '/api/v1/authn' || r.path.endsWith('/sso/saml'))).toEqual([]);
      freshJourneyState();
    },
  );

  it("the notifier asset turns the probe's run line into the page message, on the page message topic", async () => {
    expect(logLines).toHaveLength(1); // from the probe's run above
    const event = {
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      time: '2026-11-22T03:10:41Z',
      detail: {
        alarmName: 'okta-synthetics-default-page',
        state: {
          value: 'ALARM',
          reason: 'Composite alarm rule evaluated to TRUE',
          timestamp: '2026-11-22T03:10:41.000+0000',
        },
        previousState: { value: 'OK', timestamp: '2026-11-21T18:02:11.000+0000' },
      },
    };
    aws.alarms.set('okta-synthetics-default-page', { state: 'ALARM', since: Date.parse('2026-11-22T03:10:41.000Z') });
    const { result } = await invoke('okta-synthetics-notifier', event, {
      invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:okta-synthetics-notifier:page`,
    });
    expect(result).toMatchObject({ topic: `arn:aws:sns:${REGION}:${ACCOUNT}:okta-synthetics-page-messages` });
    expect(aws.calls.find((c) => c.operation === 'logs.FilterLogEvents')?.input).toMatchObject({
      logGroupName: '/aws/lambda/okta-synthetics-probe',
    });
    const publish = aws.calls.find((c) => c.operation === 'sns.Publish')?.input as Record<string, string> | undefined;
    expect(publish).toMatchObject({
      TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:okta-synthetics-page-messages`,
      MessageStructure: 'json',
    });
    expect(publish?.Subject).toMatch(/^ALARM okta-synthetics\/default: AUDIENCE_MISMATCH/);
    const { email, default: chat } = JSON.parse(publish?.Message ?? '{}') as { email: string; default: string };
    expect(email).toMatch(/X-Okta-Request-Id: \S+/);
    expect(email).toContain(
      `https://${REGION}.console.aws.amazon.com/cloudwatch/home?region=${REGION}#dashboards/dashboard/okta-synthetics-${REGION}`,
    );
    expect(JSON.parse(chat)).toMatchObject({ version: '1.0', source: 'custom' });
  });

  it(
    "the probe asset looks a failure up in Okta's System Log: the run line carries Okta's reason and the admin " +
      'change before it',
    async () => {
      sim().scenario = 'rule-deactivated';
      // The runs before this one read the log too, within the same minute: below half of its bucket left, the probe
      // leaves the rest to the org's other readers and explains nothing. This run starts from a quiet minute.
      sim().resetRateLimits();
      const { stdout } = await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });
      sim().scenario = 'healthy';

      const line = JSON.parse(stdout.split('\n').find((l) => l.includes(RUN_LOG_MESSAGE)) ?? '{}') as {
        failures?: { check: string; code: string; oktaReason?: string; changes?: string[] }[];
      };
      const token = line.failures?.find((f) => f.check === 'token');
      expect(token).toMatchObject({
        code: 'NO_ACCESS_POLICY',
        oktaReason: expect.stringContaining('no_matching_policy'),
      });
      expect(token?.changes?.[0]).toMatch(
        /^rule 'Probe client credentials' of policy 'Default' was deactivated by admin@acme\.example \d+ minutes? before token began failing/,
      );
      expect(sim().requests.filter((r) => r.path === '/api/v1/logs').length).toBeGreaterThan(0);
    },
  );

  it(
    'the probe asset reads the org inventory: an expired SAML certificate in the run line with the app and the ' +
      'fix, its gauge published without per-app dimension',
    async () => {
      sim().scenario = 'app-cert-expired';
      const before = aws.calls.length;
      const { stdout } = await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });
      sim().scenario = 'healthy';

      const line = JSON.parse(stdout.split('\n').find((l) => l.includes(RUN_LOG_MESSAGE)) ?? '{}') as {
        failures?: RunLogFailure[];
      };
      expect(line.failures?.find((f) => f.check === 'app-certificates')).toMatchObject({
        code: 'APP_CERT_EXPIRED',
        detail: expect.stringContaining('app "Salesforce"'),
        remedy: expect.stringContaining('SAML Signing Certificates'),
      });
      expect(sim().requests.some((r) => r.path === '/api/v1/apps/0oasalesforce0000x7/credentials/keys')).toBe(true);
      const metrics = aws.calls
        .slice(before)
        .filter((c) => c.operation === 'cloudwatch.PutMetricData')
        .flatMap(
          (c) =>
            c.input.MetricData as {
              MetricName: string;
              Dimensions: { Name: string; Value: string }[];
              Value: number;
            }[],
        );
      const gauge = metrics.find((m) => m.MetricName === 'AppCertificateDaysToExpiry');
      expect(gauge?.Dimensions).toEqual([{ Name: 'Server', Value: 'org' }]);
      expect(gauge?.Value).toBeLessThan(0);
    },
  );

  it(
    "the probe asset remembers the API tokens it saw expiring in SSM: after a cold start, one gone from Okta's " +
      'list is reported',
    async () => {
      sim().scenario = 'api-token-expiring';
      await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });
      const kept = aws.ssmParameters.get('/okta-synthetics/kept/api-tokens')?.value ?? '';
      expect(JSON.parse(kept)).toEqual({
        tokens: [expect.objectContaining({ id: '00Tquarterly0000x7', name: 'quarterly-export' })],
      });
      // A new sandbox (every invocation here is a fresh process): only the SSM parameter knows the token was listed.
      sim().scenario = 'api-token-gone';
      const { stdout } = await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });
      sim().scenario = 'healthy';

      const line = JSON.parse(stdout.split('\n').find((l) => l.includes(RUN_LOG_MESSAGE)) ?? '{}') as {
        failures?: RunLogFailure[];
      };
      expect(line.failures?.find((f) => f.check === 'api-tokens')).toMatchObject({
        code: 'API_TOKEN_GONE',
        detail: expect.stringContaining('token "quarterly-export"'),
      });
      expect(JSON.parse(aws.ssmParameters.get('/okta-synthetics/kept/api-tokens')?.value ?? '{}')).toEqual({
        tokens: [expect.objectContaining({ id: '00Tquarterly0000x7', goneAt: expect.any(Number) })],
      });
    },
  );

  describe('the notifier asset cannot be fooled by late, duplicate or slow deliveries', () => {
    const NAME = 'okta-synthetics-default-page';
    const PAGE_ALIAS = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:okta-synthetics-notifier:page`;
    const change = (state: 'ALARM' | 'OK', at: string, previous: 'ALARM' | 'OK') => ({
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      time: at,
      detail: {
        alarmName: NAME,
        state: {
          value: state,
          reason: `Composite alarm rule evaluated to ${state === 'ALARM' ? 'TRUE' : 'FALSE'}`,
          timestamp: at.replace('Z', '+0000'),
        },
        previousState: { value: previous, timestamp: '2026-11-22T01:00:00.000+0000' },
      },
    });
    const notifier = (event: unknown, remainingMs = 20_000) =>
      invoke('okta-synthetics-notifier', event, { invokedFunctionArn: PAGE_ALIAS, remainingMs });
    const publishes = (from: number) =>
      aws.calls
        .slice(from)
        .filter((c) => c.operation === 'sns.Publish')
        .map((c) => c.input as Record<string, string>);
    afterEach(() => {
      aws.hang.clear();
      feed = null;
    });

    it(
      'sends the recovery and not the ALARM that arrives ' + 'after it: the thread ends on OK, as the alarm is',
      async () => {
        const from = aws.calls.length;
        aws.alarms.set(NAME, { state: 'OK', since: Date.parse('2026-11-22T04:02:00Z') });
        const recovered = await notifier(change('OK', '2026-11-22T04:02:00Z', 'ALARM'));
        const late = await notifier(change('ALARM', '2026-11-22T04:00:00Z', 'OK'));
        expect(recovered.result).toMatchObject({ published: expect.any(Object) });
        expect(late.result).toMatchObject({
          skipped: expect.stringMatching(/^stale: the alarm is OK since 2026-11-22T04:02:00.000Z, not ALARM/),
        });
        expect(publishes(from).map((p) => p.Subject)).toEqual([
          expect.stringMatching(/^OK okta-synthetics\/default: recovered/),
        ]);
        expect(aws.calls.slice(from).find((c) => c.operation === 'cloudwatch.DescribeAlarms')?.input).toMatchObject({
          AlarmNames: [NAME],
        });
      },
    );

    it('sends one message for an event delivered twice at once, and once more for neither copy later', async () => {
      const from = aws.calls.length;
      aws.alarms.set(NAME, { state: 'ALARM', since: Date.parse('2026-11-22T05:00:00Z') });
      const event = change('ALARM', '2026-11-22T05:00:00Z', 'OK');
      const both = await Promise.all([notifier(event), notifier(event)]);
      const again = await notifier(event);
      expect(publishes(from)).toHaveLength(1);
      expect([...both, again].filter((r) => 'skipped' in r.result)).toHaveLength(2);
      expect(again.result).toMatchObject({ skipped: 'already sent (a duplicate event)' });
      const claim = aws.streams.get(
        '/aws/lambda/okta-synthetics-notifier|notified/okta-synthetics-default-page/ALARM/2026-11-22T050000+0000',
      );
      expect(claim?.events.map((e) => (JSON.parse(e.message) as { outcome: string }).outcome)).toEqual(['published']);
    });

    it('names the current cause when the log holds more than it reads: newest runs first', async () => {
      const from = aws.calls.length;
      const now = Date.now();
      aws.alarms.set(NAME, { state: 'ALARM', since: now - 20_000 });
      // 90 servers timing out for 12 minutes: run lines of about 150 KB, 1.8 MB in all, then the current cause.
      const run = (at: number, failures: RunLogFailure[]): FakeLogEvent => ({
        timestamp: at,
        message: JSON.stringify({
          level: 'WARN',
          message: RUN_LOG_MESSAGE,
          startedAt: new Date(at - 5_000).toISOString(),
          durationMs: 5000,
          orgUrl: 'https://acme.okta.com',
          passed: 0,
          failed: failures.length,
          skipped: 0,
          failures,
          metrics: { published: 1, emf: 0 },
        }),
      });
      const timeout = (server: string): RunLogFailure => ({
        server,
        check: 'token',
        code: 'TIMEOUT',
        summary: 'Okta did not answer in time.',
        remedy: 'r'.repeat(300),
        requestId: null,
        detail: `no answer within 5000 ms ${'x'.repeat(100)}`,
      });
      const old = Array.from({ length: 12 }, (_, i) =>
        run(now - (13 - i) * 60_000, ['default', ...Array.from({ length: 300 }, (_, k) => `server-${k}`)].map(timeout)),
      );
      const current = run(now - 30_000, [
        {
          server: 'default',
          check: 'validate',
          code: 'AUDIENCE_MISMATCH',
          summary: 's',
          remedy: 'fix the audience',
          requestId: 'aCdyPgD9x0MBkf0ktXX4oAAAAAQ',
          detail: 'token aud api://payments, expected api://default',
        },
      ]);
      feed = [...old, current];
      const at = new Date(now - 20_000).toISOString();
      const { result } = await notifier(change('ALARM', at, 'OK'));
      expect(result).toMatchObject({ published: expect.any(Object) });
      expect(publishes(from)[0]?.Subject).toMatch(/^ALARM okta-synthetics\/default: AUDIENCE_MISMATCH/);
    });

    it("a log read that hangs: the message goes out before the deadline, with CloudWatch's reason", async () => {
      const from = aws.calls.length;
      aws.alarms.set(NAME, { state: 'ALARM', since: Date.parse('2026-11-22T06:00:00Z') });
      aws.hang.add('logs.FilterLogEvents');
      const { result, elapsedMs } = await notifier(change('ALARM', '2026-11-22T06:00:00Z', 'OK'), 12_000);
      expect(elapsedMs).toBeLessThan(12_000);
      expect(result).toMatchObject({ published: expect.any(Object) });
      const { email } = JSON.parse(publishes(from)[0]?.Message ?? '{}') as { email: string };
      expect(email).toContain('CloudWatch: Composite alarm rule evaluated to TRUE');
      expect(email).toMatch(/recent runs could not be read/);
    });

    it(
      'a publish that hangs: the invocation fails before its deadline (Lambda retries, then sends the raw ' +
        'event), and a retry may send',
      async () => {
        aws.alarms.set(NAME, { state: 'ALARM', since: Date.parse('2026-11-22T07:00:00Z') });
        aws.hang.add('sns.Publish');
        const { result, elapsedMs } = await notifier(change('ALARM', '2026-11-22T07:00:00Z', 'OK'), 8_000);
        expect(elapsedMs).toBeLessThan(8_000);
        expect(result).toMatchObject({ thrown: expect.any(String) });
        aws.hang.clear();
        const retry = await notifier(change('ALARM', '2026-11-22T07:00:00Z', 'OK'));
        expect(retry.result).toMatchObject({ published: expect.any(Object) });
      },
    );
  });

  it(
    'the probe asset warns, never pages, when a secret has held the placeholder past the grace period: ' +
      'CredentialsNotPut, and its alarm notifies the warn topic',
    async () => {
      const kept = awsSecrets.get(ORG_SECRET) ?? '';
      awsSecrets.set(ORG_SECRET, SECRET_PLACEHOLDER);
      secretCreated.set(ORG_SECRET, Date.now() - (PLACEHOLDER_GRACE_HOURS + 1) * 3_600_000);
      const before = aws.calls.length;
      try {
        const { result, stdout } = await invoke('okta-synthetics-probe', {}, { remainingMs: 20_000 });
        expect(result).toMatchObject({ failed: 0 });
        const metrics = aws.calls
          .slice(before)
          .filter((c) => c.operation === 'cloudwatch.PutMetricData')
          .flatMap(
            (c) =>
              c.input.MetricData as {
                MetricName: string;
                Dimensions: { Name: string; Value: string }[];
                Value: number;
              }[],
          );
        expect(metrics).toContainEqual(
          expect.objectContaining({
            MetricName: 'CredentialsNotPut',
            Value: 1,
            Dimensions: [{ Name: 'Server', Value: 'all' }],
          }),
        );
        // Nothing a page alarm watches breaches.
        expect(metrics.filter((m) => m.MetricName === 'CheckSuccess' && m.Value !== 1)).toEqual([]);
        const line = JSON.parse(stdout.split('\n').find((l) => l.includes(RUN_LOG_MESSAGE)) ?? '{}') as {
          pending?: string[];
          failures?: unknown[];
        };
        expect(line).toMatchObject({ pending: ['org'], failures: [] });
      } finally {
        awsSecrets.set(ORG_SECRET, kept);
        secretCreated.delete(ORG_SECRET);
      }
      const alarm = Object.values(templateResources).find(
        (r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties?.AlarmName === 'okta-synthetics-credentials-not-put',
      );
      expect(alarm?.Properties).toMatchObject({
        MetricName: 'CredentialsNotPut',
        Dimensions: [{ Name: 'Server', Value: 'all' }],
      });
      const topics = JSON.stringify(alarm?.Properties?.AlarmActions);
      const warnTopic = Object.entries(templateResources).find(
        ([, r]) => r.Type === 'AWS::SNS::Topic' && r.Properties?.TopicName === 'okta-synthetics-warn',
      )?.[0];
      expect(warnTopic).toBeDefined();
      expect(topics).toContain(String(warnTopic));
    },
  );

  it(
    "bundles only the environment link of the SDK's credential chain, which is where Lambda puts the role's " +
      'credentials',
    () => {
      for (const name of ['okta-synthetics-probe', 'okta-synthetics-notifier']) {
        // The whole asset's code: the probe's is split into chunks that the SDK's clients land in.
        const dir = functions.get(name)?.assetDir ?? '';
        const bundle = readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .filter((file) => file.endsWith('.mjs'))
          .map((file) => readFileSync(join(dir, file), 'utf8'))
          .join('\n');
        // Markers of the links left out (web identity, container credentials, SSO profiles): present without the alias.
        expect(bundle, name).not.toMatch(/AWS_WEB_IDENTITY_TOKEN_FILE|AWS_CONTAINER_CREDENTIALS_FULL_URI|sso_session/);
        expect(bundle, name).toContain('AWS_SECRET_ACCESS_KEY');
      }
    },
  );

  it(
    'runs without --enable-source-maps, yet a failed run logs its stack in source terms, read from the map ' +
      'beside the bundle',
    async () => {
      expect(functions.get('okta-synthetics-probe')?.env.NODE_OPTIONS).toBeUndefined();
      const { result, stdout } = await invoke(
        'okta-synthetics-probe',
        {},
        {},
        { OKTA_SYNTHETICS_CONFIG: '{"orgUrl":' },
      );
      expect(result).toMatchObject({ thrown: expect.stringContaining('OKTA_SYNTHETICS_CONFIG is not valid JSON') });
      // The Lambdas' one logger writes its lines to stdout (functions/lambda/log.ts).
      const logged = JSON.parse(stdout.split('\n').find((line) => line.includes('probe run failed')) ?? '{}') as {
        stack?: string;
      };
      // A frame of the bundle (index.mjs:1:<column>) became the TypeScript file and line that threw.
      expect(logged.stack).toMatch(/functions\/lambda\/probe\.ts:\d+:\d+/);
      expect(logged.stack).not.toMatch(/index\.mjs:1:\d+/);
    },
  );

  it(
    'runs each function as a user who owns none of its files, with its memory as the heap limit, only /tmp ' +
      'writable and no HOME',
    async () => {
      for (const sandbox of sandboxes.values())
        expect(statSync(join(sandbox.taskRoot, 'index.mjs')).uid, sandbox.fn.name).not.toBe(LAMBDA_UID);
      // The probe's own process, seen from inside: the handler is replaced by a look at where it runs.
      const probe = sandboxes.get('okta-synthetics-probe');
      if (probe === undefined) throw new Error('no probe');
      const seen = await probe.invoke({
        event: {},
        env: {
          AWS_ENDPOINT_URL: aws.url,
          NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(INSPECT)}`,
        },
      });
      const inside = JSON.parse(/@@inside (.+)/.exec(seen.stdout)?.[1] ?? '{}') as Record<string, unknown>;
      expect(inside).toMatchObject({
        uid: LAMBDA_UID,
        home: null,
        codeWritable: 'EROFS',
        tmpWritable: true,
        cwd: probe.taskRoot,
      });
      // The old space is the memory less a tenth (Lambda's bootstrap); the young generation adds a little. Node's own
      // default here would be gigabytes.
      expect(inside.heapLimitMb).toBeGreaterThanOrEqual(probe.fn.memorySize - Math.floor(probe.fn.memorySize / 10));
      expect(inside.heapLimitMb).toBeLessThanOrEqual(probe.fn.memorySize * 1.2);
      expect(seen.error).toBeUndefined();
    },
  );

  describe(
    "status --invoke, the smoke check after a deploy: each function invoked through Lambda's API runs its " +
      'asset as Lambda runs it',
    () => {
      const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };
      const smoke = async () => {
        let out = '';
        let err = '';
        const endpoint = aws.url;
        const code = await runStatus(
          ['--config', configPath, '--region', REGION, '--invoke'],
          { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {} },
          {
            cloudWatch: (region) => new CloudWatchClient({ region, endpoint, credentials, maxAttempts: 1 }),
            logs: (region) => new CloudWatchLogsClient({ region, endpoint, credentials, maxAttempts: 1 }),
            lambda: (region) => new LambdaClient({ region, endpoint, credentials, maxAttempts: 1 }),
          },
        );
        return { code, out, err };
      };
      afterEach(() => {
        invokable = undefined;
        aws.alarms.clear();
      });

      it(
        "a healthy deployment: the probe's every check, the notifier's configuration read and nothing sent; exit " +
          '0, no secret printed',
        async () => {
          freshJourneyState();
          sim().scenario = 'healthy';
          for (const name of alarmNames) aws.alarms.set(name, { state: 'OK', since: Date.now() });
          const from = aws.calls.length;
          const { code, out, err } = await smoke();

          expect(err).toBe('');
          const calls = aws.calls.slice(from);
          expect(calls.filter((c) => c.operation === 'lambda.Invoke').map((c) => c.input.FunctionName)).toEqual(
            [...functions.keys()].sort().reverse(),
          );
          expect(out).toMatch(/^Invoked okta-synthetics-probe now: \d+ passed, 0 failed, 0 skipped\.$/m);
          const unwrapped = out.replace(/\n {4}/g, ' ');
          for (const check of planned) {
            const [server, name] = check.split('/');
            expect(unwrapped, check).toMatch(new RegExp(`^  ${server}: .*\\b${name} PASS`, 'm'));
          }
          expect(out).toContain(
            'Invoked okta-synthetics-notifier:page now: read its configuration, sent nothing (state ' +
              'INSUFFICIENT_DATA is not notified).',
          );
          expect(calls.some((c) => c.operation === 'sns.Publish')).toBe(false);
          expect(code).toBe(0);
          for (const secret of awsSecrets.values()) expect(out).not.toContain(secret);
        },
        120_000,
      );

      it(
        "a probe whose configuration only its owner may read (0600, as staged before): FAILED with Lambda's " +
          'error, exit 1',
        async () => {
          const probe = functions.get('okta-synthetics-probe');
          if (probe === undefined) throw new Error('no probe');
          const copy = mkdtempSync(join(tmpdir(), 'okta-synthetics-0600-'));
          cpSync(probe.assetDir, copy, { recursive: true });
          chmodSync(join(copy, CONFIG_FILE), 0o600);
          const broken = lambdaSandbox({ ...probe, assetDir: copy });
          try {
            invokable = new Map([...sandboxes, [probe.name, broken]]);
            for (const name of alarmNames) aws.alarms.set(name, { state: 'OK', since: Date.now() });
            const { code, out } = await smoke();
            expect(out.replace(/\n {4}/g, ' ')).toContain(
              'FAILED okta-synthetics-probe: Error: okta-synthetics.config.json is missing beside the handler',
            );
            expect(out).toContain('Invoked okta-synthetics-notifier:page now: read its configuration, sent nothing');
            expect(code).toBe(1);
          } finally {
            broken.remove();
            rmSync(copy, { recursive: true, force: true });
          }
        },
        120_000,
      );
    },
  );
});
