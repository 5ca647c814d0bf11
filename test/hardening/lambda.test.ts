// Lambda faults: the real handler and engine against the simulator (or a hostile org) on loopback, Secrets
// Manager mocked at the SDK client. CloudWatch is mocked too, except where its throttling must go through
// the SDK's own retries: there the real client talks to a throttling fake on 127.0.0.1.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeAlarmsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  NOTIFIER_LOG_GROUP_ENV,
  NOTIFIER_SENT_LOG_GROUP_ENV,
  NOTIFIER_PREFIX_ENV,
  NOTIFIER_TOPICS_ENV,
  RUN_LOG_MESSAGE,
} from '../../functions/contract';
import { handler as notify } from '../../functions/lambda/notifier';
import { readResolvedConfig } from '../../functions/config/resolved';
import { lambdaConfigEnv } from '../support/server-configs';
import { startHostileServer, type HostileServer } from '../support/hostile';
import { CUSTOM_SECRET, lambdaConfig as lambdaConfigFor, useLambdaHarness } from '../support/lambda-harness';
import { CLIENT_SECRET, leaks, PRIVATE_KEY, startEchoOrg } from './echo';
import { checkOf, expectCompleteReport } from './helpers';
import { isHealthy } from '../../functions/probe/results';
import { finishMarginMs } from '../../functions/lambda/probe';
import { plannedChecks } from '../../functions/plan/checks';
import type { Report } from '../../functions/types';
import { publishedOf } from '../support/published';

const NAMESPACE = 'OktaSyntheticsHardening';

const { sim, cloudwatch, secretsManager, stdout, putSecrets, invoke, lastReport, jsonLines, runLogs } =
  useLambdaHarness({
    namespace: NAMESPACE,
    config: (s) => lambdaConfig(s.url, s.statusFeedUrl),
  });
afterEach(() => {
  vi.doUnmock('@aws-sdk/client-cloudwatch');
});

function lambdaConfig(orgUrl: string, statusPageUrl: string, timeoutMs = 2000): Record<string, unknown> {
  return lambdaConfigFor(sim(), { namespace: NAMESPACE, orgUrl, statusPageUrl, timeoutMs });
}

/** The config the handler reads from the CONFIG_ENV the test set. */
function handlerConfig() {
  const read = readResolvedConfig(process.env.OKTA_SYNTHETICS_CONFIG ?? '', 'OKTA_SYNTHETICS_CONFIG');
  if ('problem' in read) throw new Error(read.problem);
  return read.config;
}

/** The probe config the handler reads from the CONFIG_ENV the test set. */
const probeConfig = () => handlerConfig().probe;

/** What the handler publishes of `report` (test/support/published.ts). */
const publishedOfRun = (report: Report) => publishedOf(report, handlerConfig());

const runLog = (): Record<string, unknown> => {
  const found = runLogs()[0];
  if (found === undefined) throw new Error('no run log line');
  return found;
};
const published = (): number =>
  cloudwatch()
    .commandCalls(PutMetricDataCommand)
    .reduce((n, call) => n + (call.args[0].input.MetricData?.length ?? 0), 0);

describe('Lambda faults', () => {
  it(
    'Secrets Manager unavailable for one server: SECRETS_UNAVAILABLE on its token, the other server passes, ' +
      'metrics still published',
    async () => {
      secretsManager
        .on(GetSecretValueCommand, { SecretId: CUSTOM_SECRET })
        .rejects(Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailableException' }));

      const summary = await invoke();

      const report = lastReport();
      expectCompleteReport(report, probeConfig());
      const token = checkOf(report, 'default', 'token');
      expect(token.diagnosis?.code).toBe('SECRETS_UNAVAILABLE');
      expect(token.diagnosis?.detail).toMatch(/ServiceUnavailableException/);
      expect(report.checks.filter((c) => c.server === 'org' && !isHealthy(c))).toEqual([]);
      expect(summary.failed).toBeGreaterThan(0);
      expect(published()).toBe(publishedOfRun(report).length);
      expect(runLog()).toMatchObject({ level: 'WARN' });
    },
  );

  it(
    "an RSA key under 2048 bits in one server's secret: SECRETS_UNAVAILABLE on that server alone, the run " +
      'reports and publishes',
    async () => {
      const short = generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      putSecrets(short, sim().clients.custom.clientSecret);

      await invoke();

      const report = lastReport();
      expectCompleteReport(report, probeConfig());
      expect(checkOf(report, 'org', 'token').diagnosis).toMatchObject({
        code: 'SECRETS_UNAVAILABLE',
        detail: expect.stringMatching(/RSA key of 1024 bits.*2048 bits or more/),
      });
      expect(report.checks.filter((c) => c.server === 'default' && !isHealthy(c))).toEqual([]);
      expect(published()).toBe(publishedOfRun(report).length);
      expect(runLog()).toMatchObject({ level: 'WARN' });
    },
  );

  it(
    'the deadline reached mid-run (an endpoint that hangs): TIMEOUT on the hanging check, metrics published, ' +
      'the handler resolves in time',
    async () => {
      sim().scenario = 'timeout'; // the custom AS holds /introspect for three times the simulator's timeout
      process.env.OKTA_SYNTHETICS_CONFIG = lambdaConfigEnv(lambdaConfig(sim().url, sim().statusFeedUrl, 30_000));
      const remaining = finishMarginMs(plannedChecks(probeConfig()).length) + 1500;
      const started = Date.now();

      await invoke(remaining);

      expect(Date.now() - started).toBeLessThan(remaining + 2000);
      const report = lastReport();
      expectCompleteReport(report, probeConfig());
      expect(checkOf(report, 'default', 'introspect').diagnosis).toMatchObject({
        code: 'TIMEOUT',
        detail: expect.stringMatching(/deadline/),
      });
      expect(published()).toBe(publishedOfRun(report).length);
      expect(
        report.metrics.find(
          (m) => m.name === 'CheckSuccess' && m.dimensions.Server === 'default' && m.dimensions.Check === 'introspect',
        )?.value,
      ).toBe(0);
    },
  );

  describe('PutMetricData throttled', () => {
    let fake: Server;
    let attempts = 0;
    beforeAll(async () => {
      fake = createServer((req, res) => {
        attempts += 1;
        req.resume();
        req.on('end', () =>
          res
            .writeHead(429, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'Throttling;Sender' })
            .end(JSON.stringify({ __type: 'Throttling', message: 'Rate exceeded' })),
        );
      });
      await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', () => resolve()));
    });
    afterAll(async () => {
      fake.closeAllConnections();
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    });

    it('the SDK retries, then the EMF fallback writes the same metrics to stdout', async () => {
      cloudwatch().restore();
      const endpoint = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
      // The real client with its retry strategy, pinned to the loopback fake: nothing can reach AWS.
      vi.doMock('@aws-sdk/client-cloudwatch', async (importOriginal) => {
        const real = await importOriginal<typeof import('@aws-sdk/client-cloudwatch')>();
        class LoopbackCloudWatch extends real.CloudWatchClient {
          constructor(config: ConstructorParameters<typeof real.CloudWatchClient>[0] = {}) {
            super({
              ...config,
              endpoint,
              region: 'us-east-1',
              credentials: { accessKeyId: 'AKIDHARDENING', secretAccessKey: 'hardening' },
            });
          }
        }
        return { ...real, CloudWatchClient: LoopbackCloudWatch };
      });
      attempts = 0;

      await invoke();

      expect(attempts).toBeGreaterThanOrEqual(2);
      const report = lastReport();
      const emf = jsonLines()
        .filter((line) => line.includes('"_aws"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const datums = emf.flatMap((line) => {
        const directive = (line._aws as { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] })
          .CloudWatchMetrics[0];
        expect(directive?.Namespace).toBe(NAMESPACE);
        return (directive?.Metrics ?? []).map(
          (m) => `${m.Name} ${String(line.Server)} ${String(line.Check ?? '')} ${JSON.stringify(line[m.Name])}`,
        );
      });
      const expected = publishedOfRun(report).map(
        (m) => `${m.name} ${m.dimensions.Server} ${m.dimensions.Check ?? ''} ${m.value}`,
      );
      expect(datums.sort()).toEqual(expected.sort());
      expect(runLog()).toMatchObject({ level: 'ERROR', metrics: { published: 0, emf: publishedOfRun(report).length } });
    });
  });

  describe('an org that echoes credentials', () => {
    let org: HostileServer;
    beforeAll(async () => {
      org = await startEchoOrg();
    });
    afterAll(async () => {
      await org.close();
    });

    it('no secret, key or token in the logs, the EMF, the published metrics or the report', async () => {
      putSecrets(PRIVATE_KEY, CLIENT_SECRET);
      process.env.OKTA_SYNTHETICS_CONFIG = lambdaConfigEnv(lambdaConfig(org.url, `${org.url}/status/feed`));

      await invoke();

      const report = lastReport();
      expect(checkOf(report, 'default', 'introspect').diagnosis?.detail).toMatch(/Rejected request/);
      const everything = [
        stdout.join(''),
        JSON.stringify(report),
        JSON.stringify(
          cloudwatch()
            .commandCalls(PutMetricDataCommand)
            .map((c) => c.args[0].input),
        ),
      ].join('\n');
      expect(leaks(everything, sim().clients.custom.clientId)).toEqual([]);
      expect(everything).not.toMatch(/-----BEGIN/);
      expect(published()).toBe(publishedOfRun(report).length);
    });

    it("no secret, key or token in the notifier's message built from that run's log lines", async () => {
      putSecrets(PRIVATE_KEY, CLIENT_SECRET);
      process.env.OKTA_SYNTHETICS_CONFIG = lambdaConfigEnv(lambdaConfig(org.url, `${org.url}/status/feed`));
      await invoke();

      const text = await pageFrom(stdout.join(''));
      // The message carries the echoing answers' diagnoses (what the org sent back), scrubbed by the probe.
      expect(text).toContain('introspect');
      expect(leaks(text, sim().clients.custom.clientId)).toEqual([]);
      expect(text).not.toMatch(/-----BEGIN/);
    });
  });

  describe('an org that echoes a short client secret as its X-Okta-Request-Id', () => {
    // 20 characters of a request id's alphabet: the header's shape check alone lets it through.
    const SHORT_SECRET = 'k3Pq9ZxW2mR7vT5yL8nB';
    let org: HostileServer;
    beforeAll(async () => {
      org = await startHostileServer({
        upstream: sim().url,
        rules: [
          {
            match: '/oauth2/default/v1/token',
            behaviour: {
              kind: 'answer',
              answer: {
                status: 401,
                headers: { 'content-type': 'application/json', 'x-okta-request-id': SHORT_SECRET },
                body: JSON.stringify({
                  error: 'invalid_client',
                  error_description: 'The client secret supplied for a confidential client is invalid.',
                }),
              },
            },
          },
        ],
      });
    });
    afterAll(async () => {
      await org.close();
    });

    it('never reaches the report, the run line or the notification: the request id is [REDACTED]', async () => {
      putSecrets(PRIVATE_KEY, SHORT_SECRET);
      process.env.OKTA_SYNTHETICS_CONFIG = lambdaConfigEnv(lambdaConfig(org.url, `${org.url}/status/feed`));

      await invoke();

      const report = lastReport();
      const token = checkOf(report, 'default', 'token');
      expect(token.diagnosis?.code).toBe('INVALID_CLIENT');
      expect(token.diagnosis?.requestId).toBe('[REDACTED]');
      expect(JSON.stringify(report)).not.toContain(SHORT_SECRET);
      expect(runLog().failures).toContainEqual(
        expect.objectContaining({ server: 'default', check: 'token', requestId: '[REDACTED]' }),
      );
      expect(stdout.join('')).not.toContain(SHORT_SECRET);
      const text = await pageFrom(stdout.join(''));
      expect(text).toContain('X-Okta-Request-Id: [REDACTED]');
      expect(text).not.toContain(SHORT_SECRET);
    });
  });
});

/** The page the notifier sends for the custom server's composite, from the run lines in `output`: subject and body. */
async function pageFrom(output: string): Promise<string> {
  const lines = output.split('\n').filter((line) => line.includes(RUN_LOG_MESSAGE));
  expect(lines.length).toBeGreaterThan(0);
  const logs = mockClient(CloudWatchLogsClient);
  const sns = mockClient(SNSClient);
  try {
    logs.on(FilterLogEventsCommand).resolves({ events: lines.map((message) => ({ message })) });
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    vi.stubEnv(NOTIFIER_PREFIX_ENV, 'okta-synthetics');
    vi.stubEnv(
      NOTIFIER_TOPICS_ENV,
      JSON.stringify({ page: 'arn:aws:sns:us-east-1:123456789012:p', warn: 'arn:aws:sns:us-east-1:123456789012:w' }),
    );
    vi.stubEnv(NOTIFIER_LOG_GROUP_ENV, '/aws/lambda/okta-synthetics-probe');
    vi.stubEnv(NOTIFIER_SENT_LOG_GROUP_ENV, '/aws/lambda/okta-synthetics-notifier');
    cloudwatch()
      .on(DescribeAlarmsCommand)
      .resolves({ CompositeAlarms: [{ AlarmName: 'okta-synthetics-default-page', StateValue: 'ALARM' }] });
    await notify({
      detail: {
        alarmName: 'okta-synthetics-default-page',
        state: { value: 'ALARM', reason: 'Composite alarm rule evaluated to TRUE' },
        previousState: { value: 'OK' },
      },
    });
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.Message).toBeDefined();
    return `${input?.Subject ?? ''}\n${input?.Message ?? ''}`;
  } finally {
    logs.restore();
    sns.restore();
    vi.unstubAllEnvs();
  }
}
