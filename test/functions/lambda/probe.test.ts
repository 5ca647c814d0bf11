// The Lambda handler end to end: the real engine against the simulator on loopback, Secrets Manager and
// CloudWatch mocked at the SDK client.
import { PutMetricDataCommand, type MetricDatum as CloudWatchDatum } from '@aws-sdk/client-cloudwatch';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { planOfRegion } from '../../../functions/plan/region-plan';
import type { RunLogLine } from '../../../functions/contract';
import {
  LATEST_FAILURES_QUERY,
  PENDING_QUERY,
  PLACEHOLDER_GRACE_HOURS,
  RUN_LOG_MESSAGE,
} from '../../../functions/contract';
import { parseRunLine } from '../../../functions/report/parse-run-line';
import { RUN_LINE_FILTER } from '../../../functions/report/run-log';
import type { Report } from '../../../functions/types';
import {
  CUSTOM_SECRET,
  lambdaConfig as lambdaConfigFor,
  ORG_SECRET,
  useLambdaHarness,
} from '../../support/lambda-harness';
import { lambdaConfigEnv, lambdaReads } from '../../support/server-configs';
import { publishedOf } from '../../support/published';

const NAMESPACE = 'OktaSyntheticsTest';

const { sim, cloudwatch, secretsManager, stdout, putSecrets, invoke, lastReport, runLogs, jsonLines } =
  useLambdaHarness({
    namespace: NAMESPACE,
    config: () => lambdaConfig(),
  });

function lambdaConfig(): Record<string, unknown> {
  return lambdaConfigFor(sim(), { namespace: NAMESPACE, prefix: 'okta-synthetics', authorize: true });
}

/** The config the handler runs with: lambdaConfig as the harness hands it (lambdaConfigEnv: the fast path off). */
const handlerConfig = () => lambdaReads({ quorum: false, ...lambdaConfig() });

type Simple = { name: string; dimensions: Record<string, string>; value: number; unit: string };
const byKey = (a: Simple, b: Simple): number => JSON.stringify(a).localeCompare(JSON.stringify(b));

/**
 * What the handler publishes of a run: its report's datums, with pageFor applied to the targets its region's plan has
 * the probe judge (probe/unpaged.ts, whose rule its own tests hold): a failure of a cause pageFor leaves out is
 * withheld from its page alarm and told by the target's UnpagedFailure.
 */
function reportDatums(report: Report): Simple[] {
  return publishedOf(report, handlerConfig())
    .map((m) => ({ name: m.name, dimensions: { ...m.dimensions }, value: m.value, unit: m.unit }))
    .sort(byKey);
}

function publishedDatums(): { namespace: string; datums: CloudWatchDatum[] }[] {
  return cloudwatch()
    .commandCalls(PutMetricDataCommand)
    .map((call) => ({
      namespace: call.args[0].input.Namespace ?? '',
      datums: call.args[0].input.MetricData ?? [],
    }));
}

function simple(datums: readonly CloudWatchDatum[]): Simple[] {
  return datums
    .map((d) => ({
      name: d.MetricName ?? '',
      dimensions: Object.fromEntries((d.Dimensions ?? []).map((x) => [x.Name ?? '', x.Value ?? ''])),
      value: d.Value ?? NaN,
      unit: d.Unit ?? '',
    }))
    .sort(byKey);
}

/** Datums rebuilt from the EMF lines written to stdout. */
function emfDatums(): { namespaces: Set<string>; datums: Simple[] } {
  const namespaces = new Set<string>();
  const datums: Simple[] = [];
  for (const line of stdout.flatMap((chunk) => chunk.split('\n')).filter((l) => l.includes('"_aws"'))) {
    const emf = JSON.parse(line) as Record<string, unknown> & {
      _aws: {
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
      };
    };
    for (const directive of emf._aws.CloudWatchMetrics) {
      namespaces.add(directive.Namespace);
      const dimensions = Object.fromEntries((directive.Dimensions[0] ?? []).map((name) => [name, String(emf[name])]));
      for (const metric of directive.Metrics) {
        datums.push({ name: metric.Name, dimensions, value: emf[metric.Name] as number, unit: metric.Unit });
      }
    }
  }
  return { namespaces, datums: datums.sort(byKey) };
}

describe('the probe Lambda handler', () => {
  it(
    "runs every planned check against a healthy org and publishes exactly the report's metrics in one " +
      'PutMetricData',
    async () => {
      const summary = await invoke();

      const report = lastReport();
      expect(summary).toMatchObject({ passed: report.checks.length, failed: 0, skipped: 0 });
      // Each check's verdict, for `status --invoke`.
      expect(summary.checks.map((c) => `${c.server}/${c.check}=${c.outcome}`)).toEqual(
        report.checks.map((c) => `${c.server}/${c.check}=${c.status}`),
      );
      const calls = publishedDatums();
      expect(calls).toHaveLength(1);
      expect(calls[0]?.namespace).toBe(NAMESPACE);
      expect(simple(calls[0]?.datums ?? [])).toEqual(reportDatums(report));
      for (const datum of calls[0]?.datums ?? []) {
        expect(datum.Timestamp).toEqual(new Date(report.startedAt));
        expect(datum.StorageResolution).toBe(60);
      }
      const logs = runLogs();
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({
        level: 'INFO',
        failed: 0,
        failures: [],
        metrics: { published: reportDatums(report).length, emf: 0 },
      });
    },
  );

  it('publishes only metrics the plan of its configuration knows', async () => {
    await invoke();
    const planned = new Set(
      planOfRegion(handlerConfig(), undefined).metrics.map((m) => `${m.name} ${JSON.stringify(m.dimensions)}`),
    );
    const published = simple(publishedDatums()[0]?.datums ?? []).map(
      (d) => `${d.name} ${JSON.stringify(d.dimensions)}`,
    );
    expect(published.filter((key) => !planned.has(key))).toEqual([]);
  });

  it('writes the same metrics as EMF lines when PutMetricData fails, so no datapoint is lost', async () => {
    cloudwatch()
      .on(PutMetricDataCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));

    await invoke();

    const { namespaces, datums } = emfDatums();
    expect(namespaces).toEqual(new Set([NAMESPACE]));
    expect(datums).toEqual(reportDatums(lastReport()));
    expect(runLogs()[0]).toMatchObject({
      level: 'ERROR',
      metrics: { published: 0, emf: reportDatums(lastReport()).length, publishError: 'Throttling: Rate exceeded' },
    });
  });

  it('reports SECRETS_UNAVAILABLE on the token checks when Secrets Manager fails, published as ours', async () => {
    secretsManager.reset();
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));

    const summary = await invoke();

    const report = lastReport();
    const tokens = report.checks.filter((c) => c.check === 'token');
    expect(tokens.map((c) => [c.server, c.diagnosis?.code])).toEqual([
      ['org', 'SECRETS_UNAVAILABLE'],
      ['default', 'SECRETS_UNAVAILABLE'],
    ]);
    expect(tokens[0]?.diagnosis?.detail).toContain('AccessDeniedException');
    expect(summary.failed).toBeGreaterThanOrEqual(2);
    const published = simple(publishedDatums()[0]?.datums ?? []);
    expect(published).toEqual(reportDatums(report));
    // Our own secret store failing warns as ours: the token's failure never reaches its page alarm.
    expect(published.filter((d) => d.name === 'CheckSuccess' && d.dimensions.Check === 'token')).toEqual([]);
    expect(published).toContainEqual({
      name: 'UnpagedFailure',
      dimensions: { Server: 'org' },
      value: 1,
      unit: 'Count',
    });
    const failures = runLogs()[0]?.failures as { server: string; check: string; code: string }[];
    expect(failures).toContainEqual(
      expect.objectContaining({ server: 'default', check: 'token', code: 'SECRETS_UNAVAILABLE' }),
    );
    // Down in the line's servers; the report reads SECRETS_UNAVAILABLE as the probe's side, not Okta's or the org's.
    expect(runLogs()[0]?.servers).toContainEqual({ id: 'default', up: 0, ms: null });
  });

  it(
    "a fresh deployment does not page: a secret still holding the stack's placeholder makes its server's " +
      'credential checks N/A, with the command that fills it',
    async () => {
      const { SECRET_PLACEHOLDER } = await import('../../../functions/credentials/secrets-manager');
      secretsManager.reset();
      putSecrets(SECRET_PLACEHOLDER, sim().clients.custom.clientSecret);

      const summary = await invoke();

      const org = lastReport().checks.filter((c) => c.server === 'org');
      const byCheck = new Map(org.map((c) => [c.check, c]));
      for (const check of ['token', 'introspect', 'rate-limit'] as const) {
        expect(byCheck.get(check), check).toMatchObject({
          status: 'n/a',
          skipReason: expect.stringMatching(/not configured yet.*placeholder.*put-secret-value/),
        });
      }
      // What needs no credential still runs: the server itself is watched from the first minute.
      expect(byCheck.get('discovery')).toMatchObject({ status: 'pass', latencyMs: expect.any(Number) });
      expect(byCheck.get('keys')).toMatchObject({ status: 'pass', latencyMs: expect.any(Number) });
      expect(summary.failed).toBe(0);
      // Nothing a page alarm watches breaches: every CheckSuccess published is 1.
      const published = cloudwatch()
        .commandCalls(PutMetricDataCommand)
        .flatMap((c) => c.args[0].input.MetricData ?? []);
      expect(published.filter((d) => d.MetricName === 'CheckSuccess' && d.Value !== 1)).toEqual([]);
      expect(runLogs()[0]).toMatchObject({ level: 'WARN', pending: ['org'], failed: 0 });
      // The availability report counts a pending server as unmeasured: it is not among the line's servers.
      expect(runLogs()[0]?.servers).toEqual([{ id: 'default', up: 1, ms: expect.any(Number) }]);
      // The dashboard's "Waiting for a credential" query reads exactly that field of the line.
      expect(PENDING_QUERY.join('\n')).toContain('run.pending');
      expect(lastReport().checks.find((c) => c.server === 'default' && c.check === 'token')?.status).toBe('pass');
    },
  );

  it(
    'a placeholder past the grace period (a prefix change, or a credential never put) warns once through ' +
      'CredentialsNotPut, and still never pages',
    async () => {
      const { SECRET_PLACEHOLDER } = await import('../../../functions/credentials/secrets-manager');
      secretsManager.reset();
      putSecrets(sim().clients.org.privateKeyPem, sim().clients.custom.clientSecret);
      const created = new Date(Date.now() - (PLACEHOLDER_GRACE_HOURS + 2) * 3_600_000);
      secretsManager
        .on(GetSecretValueCommand, { SecretId: ORG_SECRET })
        .resolves({ SecretString: SECRET_PLACEHOLDER, CreatedDate: created });

      const summary = await invoke();

      expect(summary.failed).toBe(0);
      const token = lastReport().checks.find((c) => c.server === 'org' && c.check === 'token');
      expect(token).toMatchObject({
        status: 'n/a',
        skipReason: expect.stringMatching(/^not monitored: .*since .*"<old prefix>\/org", with secretName/),
      });
      const published = cloudwatch()
        .commandCalls(PutMetricDataCommand)
        .flatMap((c) => c.args[0].input.MetricData ?? []);
      expect(published.filter((d) => d.MetricName === 'CheckSuccess' && d.Value !== 1)).toEqual([]);
      expect(published).toContainEqual(
        expect.objectContaining({
          MetricName: 'CredentialsNotPut',
          Value: 1,
          Dimensions: [{ Name: 'Server', Value: 'all' }],
        }),
      );
      expect(runLogs()[0]).toMatchObject({ level: 'WARN', pending: ['org'], failed: 0 });
    },
  );

  it(
    'a placeholder within the grace period publishes no ' + 'CredentialsNotPut: a first deployment stays quiet',
    async () => {
      const { SECRET_PLACEHOLDER } = await import('../../../functions/credentials/secrets-manager');
      secretsManager.reset();
      putSecrets(sim().clients.org.privateKeyPem, sim().clients.custom.clientSecret);
      secretsManager
        .on(GetSecretValueCommand, { SecretId: ORG_SECRET })
        .resolves({ SecretString: SECRET_PLACEHOLDER, CreatedDate: new Date(Date.now() - 3_600_000) });
      await invoke();
      const published = cloudwatch()
        .commandCalls(PutMetricDataCommand)
        .flatMap((c) => c.args[0].input.MetricData ?? []);
      expect(published.map((d) => d.MetricName)).not.toContain('CredentialsNotPut');
      expect(runLogs()[0]).toMatchObject({ pending: ['org'] });
    },
  );

  it(
    'the placeholder put back after a credential is SECRETS_UNAVAILABLE on the token check, not pending, and warns ' +
      "as ours: kept from the page alarm, told by the server's UnpagedFailure",
    async () => {
      const { SECRET_PLACEHOLDER } = await import('../../../functions/credentials/secrets-manager');
      secretsManager.reset();
      const orgPem = sim().clients.org.privateKeyPem;
      // The org secret held the key (its AWSPREVIOUS version) and now holds the placeholder again.
      secretsManager.on(GetSecretValueCommand).callsFake((input: { SecretId: string; VersionStage?: string }) => {
        if (input.SecretId.includes('default')) return { SecretString: sim().clients.custom.clientSecret };
        return { SecretString: input.VersionStage === 'AWSPREVIOUS' ? orgPem : SECRET_PLACEHOLDER };
      });

      const summary = await invoke();

      const token = lastReport().checks.find((c) => c.server === 'org' && c.check === 'token');
      expect(token).toMatchObject({
        status: 'fail',
        diagnosis: {
          code: 'SECRETS_UNAVAILABLE',
          detail: expect.stringMatching(/placeholder again, after holding a credential/),
        },
      });
      expect(summary.failed).toBeGreaterThanOrEqual(1);
      const published = cloudwatch()
        .commandCalls(PutMetricDataCommand)
        .flatMap((c) => c.args[0].input.MetricData ?? []);
      // Our own credential, never Okta's: the token's failure is kept from its page alarm (pageFor's default leaves
      // out the probe's faults) and the server's UnpagedFailure warns of it.
      const tokenDatum = (d: (typeof published)[number]): boolean =>
        d.MetricName === 'CheckSuccess' &&
        d.Dimensions?.some((x) => x.Name === 'Check' && x.Value === 'token') === true;
      const org = (d: (typeof published)[number]): boolean =>
        d.Dimensions?.some((x) => x.Name === 'Server' && x.Value === 'org') === true;
      expect(published.filter((d) => tokenDatum(d) && org(d))).toEqual([]);
      expect(published).toContainEqual(
        expect.objectContaining({
          MetricName: 'UnpagedFailure',
          Value: 1,
          Dimensions: [{ Name: 'Server', Value: 'org' }],
        }),
      );
      expect(runLogs()[0]?.pending).toBeUndefined();
      expect(JSON.stringify(runLogs())).not.toContain(orgPem.split('\n')[1]);
    },
  );

  it('keeps back a margin growing with the checks to settle and the CPU share, never under 3 s', async () => {
    const { finishMarginMs, SAFETY_MARGIN_MS } = await import('../../../functions/lambda/probe');
    expect(finishMarginMs(1)).toBeGreaterThanOrEqual(SAFETY_MARGIN_MS);
    expect(finishMarginMs(721, 256)).toBeGreaterThan(finishMarginMs(721, 1769));
    expect(finishMarginMs(721, 256)).toBeGreaterThan(finishMarginMs(22, 256));
    // 90 servers at 256 MB (section h's; the stack sizes them 240 MB, plan/probe-memory.ts): two PutMetricData
    // batches and 721 checks at 1/7 of a vCPU, within the 50 s timeout.
    expect(finishMarginMs(721, 256)).toBeGreaterThan(10_000);
    expect(finishMarginMs(721, 256)).toBeLessThan(25_000);
  });

  it('keeps time for a journey cut short by the deadline to close its session and write its state', async () => {
    const { finishMarginMs } = await import('../../../functions/lambda/probe');
    const { CLEANUP_TIMEOUT_MS, JOURNEY_FINISH_MS } = await import('../../../functions/probe/session');
    expect(JOURNEY_FINISH_MS).toBeGreaterThan(CLEANUP_TIMEOUT_MS);
    expect(finishMarginMs(22, 256, true) - finishMarginMs(22, 256, false)).toBe(JOURNEY_FINISH_MS);
  });

  it('ends checks still running at the deadline as TIMEOUT and still publishes their metrics', async () => {
    sim().latencyMs = 3000;
    const { finishMarginMs } = await import('../../../functions/lambda/probe');
    const started = Date.now();

    // 1 or 2 servers: at most 30 checks, so the run keeps at least 400 ms for its checks.
    const summary = await invoke(finishMarginMs(30) + 400);

    expect(Date.now() - started).toBeLessThan(2500);
    const report = lastReport();
    expect(summary.passed).toBe(0);
    expect(report.checks.some((c) => c.diagnosis?.code === 'TIMEOUT')).toBe(true);
    const published = simple(publishedDatums()[0]?.datums ?? []);
    expect(published).toEqual(reportDatums(report));
    expect(published).toContainEqual(
      expect.objectContaining({ name: 'CheckSuccess', dimensions: { Server: 'org', Check: 'discovery' }, value: 0 }),
    );
  });

  it('reads each secret once per cold start while the credential works', async () => {
    await invoke();
    await invoke();
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('rereads a secret after Okta answered invalid_client (it may have been rotated), and never logs it', async () => {
    const wrong = 'wrong-secret-0123456789-abcdefghij';
    secretsManager.reset();
    putSecrets(sim().clients.org.privateKeyPem, wrong);

    await invoke();
    expect(lastReport().checks.find((c) => c.server === 'default' && c.check === 'token')?.diagnosis?.code).toBe(
      'INVALID_CLIENT',
    );
    secretsManager.reset();
    putSecrets(sim().clients.org.privateKeyPem, sim().clients.custom.clientSecret);
    await invoke();

    expect(secretsManager.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([
      CUSTOM_SECRET,
    ]);
    expect(lastReport().checks.find((c) => c.server === 'default' && c.check === 'token')?.status).toBe('pass');
    const logged = stdout.join('');
    expect(logged).not.toContain(wrong);
    expect(logged).not.toContain(sim().clients.custom.clientSecret);
  });

  it("writes a RunLogLine holding every field the dashboard's Logs Insights query reads", async () => {
    sim().scenario = 'audience-mismatch';
    await invoke();
    const line = runLogs()[0] as unknown as RunLogLine;
    const failure = line.failures.find((f) => f.code === 'AUDIENCE_MISMATCH');
    expect(failure).toMatchObject({
      server: 'default',
      check: 'validate',
      summary: expect.any(String),
      remedy: expect.any(String),
    });
    expect(failure?.detail).toMatch(/api:\/\//);

    // `run.X` is a field of the line, `f.X` a field of one of its failures (the query unnests run.failures into f).
    const query = LATEST_FAILURES_QUERY.join('\n');
    const referenced = [...query.matchAll(/\b(run|f)\.(\w+)/g)].map((m) => [m[1] ?? '', m[2] ?? ''] as const);
    expect(referenced.map(([, field]) => field)).toEqual(
      expect.arrayContaining(['failed', 'failures', 'code', 'requestId', 'detail']),
    );
    // judgedAt is on a carried failure only: test/functions/report/run-line.test.ts writes one.
    const onCarriedOnly = ['judgedAt'];
    for (const [owner, field] of referenced) {
      if (owner === 'run') expect(line, `run.${field}`).toHaveProperty(field);
      else if (!onCarriedOnly.includes(field)) expect(failure, `f.${field}`).toHaveProperty(field);
    }
  });

  it(
    "writes the run line through the invocation's logger, its request id beside the run's fields, and the " +
      "readers' filter and parser still find it whole",
    async () => {
      sim().scenario = 'audience-mismatch';
      await invoke(undefined, { awsRequestId: 'run-line-request', functionName: 'okta-synthetics-probe' });
      const raw = jsonLines().find((text) => text.includes(`"message":"${RUN_LOG_MESSAGE}"`)) ?? '';
      // Level and message first, no runtime prefix: Logs Insights' jsonParse(@message) reads the whole line.
      expect(raw).toMatch(
        /^\{"level":"(INFO|WARN|ERROR)","message":"okta-synthetics run","requestId":"run-line-request",/,
      );
      expect(JSON.parse(raw)).toMatchObject({ functionName: 'okta-synthetics-probe' });
      // What FilterLogEvents matches (run-log.ts): a JSON filter on the message field alone, which the line keeps.
      expect(RUN_LINE_FILTER).toBe(`{ $.message = "${RUN_LOG_MESSAGE}" }`);
      const read = parseRunLine(raw);
      expect(read?.failures).toContainEqual(expect.objectContaining({ code: 'AUDIENCE_MISMATCH', check: 'validate' }));
      expect(read?.startedAt).toBe(lastReport().startedAt);
    },
  );

  it('never writes a secret, a key or a token to the log', async () => {
    await invoke();
    sim().scenario = 'audience-mismatch';
    await invoke();

    const logged = stdout.join('');
    expect(runLogs()[1]?.failures).toContainEqual(expect.objectContaining({ code: 'AUDIENCE_MISMATCH' }));
    expect(logged).not.toContain(sim().clients.custom.clientSecret);
    expect(logged).not.toContain('PRIVATE KEY');
    const keyBody = sim().clients.org.privateKeyPem.split('\n')[1] ?? 'unreachable';
    expect(logged).not.toContain(keyBody.slice(0, 32));
    expect(logged).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });

  it(
    'refuses a resolved config of another version with one clear line naming both versions (a stack and a ' +
      'function deployed from different versions), publishing nothing',
    async () => {
      const envelope = JSON.parse(lambdaConfigEnv(lambdaConfig())) as Record<string, unknown>;
      process.env.OKTA_SYNTHETICS_CONFIG = JSON.stringify({ ...envelope, version: 2 });

      const error: unknown = await invoke().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(
        'OKTA_SYNTHETICS_CONFIG holds a resolved configuration of version 2, and this function reads version 1: ' +
          'the stack that wrote it and this function come from different versions of okta-synthetics; deploy the ' +
          'stack and the function from one version (a deployment bug, not an Okta problem)',
      );
      expect(publishedDatums()).toEqual([]);
    },
  );

  it("refuses a config file an older stack wrote (the user's shape, no envelope), publishing nothing", async () => {
    process.env.OKTA_SYNTHETICS_CONFIG = JSON.stringify(lambdaConfig());

    const error: unknown = await invoke().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^OKTA_SYNTHETICS_CONFIG is not the resolved configuration this function/);
    expect((error as Error).message).toContain(
      '(an object with "format": "okta-synthetics/resolved-config", "version": 1)',
    );
    expect(publishedDatums()).toEqual([]);
  });
});
