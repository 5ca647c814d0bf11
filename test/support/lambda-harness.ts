// The harness of the Lambda-handler tests: the simulator on loopback, Secrets Manager and CloudWatch mocked
// at the SDK client, stdout captured, and the real engine wrapped to keep the reports it returned.
import type { InvocationIds } from '../../functions/lambda/log';
import { fileURLToPath } from 'node:url';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, vi } from 'vitest';
import { PREVIEW_EVENT, RUN_LOG_MESSAGE, type ProbeInvocationResult } from '../../functions/contract';
import type { PreviewInvocationResult } from '../../functions/lambda/preview-run';
import type { Report } from '../../functions/types';
import type { Simulator } from '../../sim/server';
import { useSimulator } from './simulator';
import { lambdaConfigEnv } from './server-configs';

export const ORG_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:okta-synthetics/org-AbCdEf';
export const CUSTOM_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:okta-synthetics/default-GhIjKl';

/** Absolute, because vi.doMock resolves a relative path against the file that calls it. */
const ENGINE = fileURLToPath(new URL('../../functions/probe/engine.ts', import.meta.url));

export interface LambdaConfigOptions {
  readonly namespace: string;
  readonly orgUrl?: string;
  readonly statusPageUrl?: string;
  readonly timeoutMs?: number;
  readonly prefix?: string;
  /** Give the Org AS an authorize check (the simulator's web client). */
  readonly authorize?: boolean;
}

/**
 * The deploy config behind the Lambda's OKTA_SYNTHETICS_CONFIG for the simulator's clients (lambdaConfigEnv resolves
 * it as the stack would): the Org AS by key, the custom AS by secret.
 */
export function lambdaConfig(sim: Simulator, options: LambdaConfigOptions): Record<string, unknown> {
  const { org, custom, web } = sim.clients;
  return {
    orgUrl: options.orgUrl ?? sim.url,
    statusPageUrl: options.statusPageUrl ?? sim.statusFeedUrl,
    timeoutMs: options.timeoutMs ?? 2000,
    namespace: options.namespace,
    ...(options.prefix !== undefined && { prefix: options.prefix }),
    servers: [
      {
        id: 'org',
        clientId: org.clientId,
        keyId: org.keyId,
        scopes: org.scopes,
        ...(options.authorize === true && { authorize: { clientId: web.clientId, redirectUri: web.redirectUri } }),
        secretName: ORG_SECRET,
        authMethod: 'private_key_jwt',
      },
      {
        id: custom.serverId,
        clientId: custom.clientId,
        scopes: custom.scopes,
        audience: custom.audience,
        requiredClaims: custom.requiredClaims,
        secretName: CUSTOM_SECRET,
        authMethod: 'client_secret_basic',
      },
    ],
  };
}

export interface LambdaHarness {
  /** The simulator, started for the file. */
  readonly sim: () => Simulator;
  /** The CloudWatch stub of the current test (a fresh one each test; restored after it). */
  readonly cloudwatch: () => AwsClientStub<CloudWatchClient>;
  readonly secretsManager: AwsClientStub<SecretsManagerClient>;
  /** Reports returned by the real engine during the current test. */
  readonly reports: readonly Report[];
  /** What the current test wrote to stdout, chunk by chunk. */
  readonly stdout: readonly string[];
  /** Answers the two secrets with these values. */
  putSecrets(orgPem: string, customSecret: string): void;
  /** Imports the handler afresh (with the wrapped engine) and invokes it. */
  /** `ids`: what of Lambda's context the invocation's log lines carry (its request id, its function). */
  invoke(remainingMs?: number, ids?: InvocationIds): Promise<ProbeInvocationResult>;
  /** Invokes it as the Preview schedule does (PREVIEW_EVENT), in the same module instance as invoke's. */
  invokePreview(remainingMs?: number): Promise<PreviewInvocationResult>;
  /** The report of the engine's last run; throws if it did not run. */
  lastReport(): Report;
  /** The stdout lines that are JSON (structured logs and EMF). */
  jsonLines(): string[];
  /** The run's structured log lines (not EMF). */
  runLogs(): Record<string, unknown>[];
}

/**
 * Registers the hooks of a Lambda-handler test file. Before each test: fresh AWS stubs answering the
 * simulator's secrets and accepting PutMetricData, OKTA_SYNTHETICS_CONFIG from `config`, stdout captured,
 * the module registry reset and the engine wrapped. After each: all of it undone, the simulator healthy again.
 */
export function useLambdaHarness(options: {
  namespace: string;
  config: (sim: Simulator) => Record<string, unknown>;
}): LambdaHarness {
  const sim = useSimulator();
  const secretsManager = mockClient(SecretsManagerClient);
  let cloudwatch: AwsClientStub<CloudWatchClient> | undefined;
  const reports: Report[] = [];
  const stdout: string[] = [];

  const putSecrets = (orgPem: string, customSecret: string): void => {
    secretsManager.on(GetSecretValueCommand, { SecretId: ORG_SECRET }).resolves({ SecretString: orgPem });
    secretsManager.on(GetSecretValueCommand, { SecretId: CUSTOM_SECRET }).resolves({ SecretString: customSecret });
  };

  beforeEach(() => {
    cloudwatch = mockClient(CloudWatchClient);
    cloudwatch.on(PutMetricDataCommand).resolves({});
    secretsManager.reset();
    putSecrets(sim().clients.org.privateKeyPem, sim().clients.custom.clientSecret);
    process.env.OKTA_SYNTHETICS_CONFIG = lambdaConfigEnv(options.config(sim()));
    process.env.NAMESPACE = options.namespace;
    reports.length = 0;
    stdout.length = 0;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    // The real engine, wrapped to keep what it reported.
    vi.resetModules();
    vi.doMock(ENGINE, async (importOriginal) => {
      const real = await importOriginal<typeof import('../../functions/probe/engine')>();
      return {
        ...real,
        runProbe: async (...args: Parameters<typeof real.runProbe>) => {
          const report = await real.runProbe(...args);
          reports.push(report);
          return report;
        },
      };
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.doUnmock(ENGINE);
    cloudwatch?.restore();
    sim().latencyMs = 0;
    sim().scenario = 'healthy';
  });
  // The unit lane shares a worker between files (vitest.config.ts): the next file's Secrets Manager is its own.
  afterAll(() => {
    secretsManager.restore();
    delete process.env.OKTA_SYNTHETICS_CONFIG;
    delete process.env.NAMESPACE;
  });

  const jsonLines = (): string[] => stdout.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{'));
  return {
    sim,
    cloudwatch: () => {
      if (cloudwatch === undefined) throw new Error('no CloudWatch stub outside a test');
      return cloudwatch;
    },
    secretsManager,
    reports,
    stdout,
    putSecrets,
    invoke: async (remainingMs = 50_000, ids = {}) => {
      const { handler } = await import('../../functions/lambda/probe');
      return (await handler({}, { ...ids, getRemainingTimeInMillis: () => remainingMs })) as ProbeInvocationResult;
    },
    invokePreview: async (remainingMs = 50_000) => {
      const { handler } = await import('../../functions/lambda/probe');
      return (await handler(PREVIEW_EVENT, { getRemainingTimeInMillis: () => remainingMs })) as PreviewInvocationResult;
    },
    lastReport: () => {
      const report = reports.at(-1);
      if (report === undefined) throw new Error('the engine was not run');
      return report;
    },
    jsonLines,
    runLogs: () =>
      jsonLines()
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.message === RUN_LOG_MESSAGE),
  };
}
