// The harness of the probe function's Preview mode tests (test/functions/lambda/preview*.test.ts): a second loopback
// org for the Preview block beside the Lambda harness's Production one, and for the deployed page's Preview line the
// loopback AWS fake that keeps the Preview run's summary in SSM and the page in S3.
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { previewSecretName } from '../../functions/config/parse';
import {
  KEPT_KEYS,
  KEPT_STATE_PATH_ENV,
  keptStatePath,
  STATUS_PAGE_BUCKET_ENV,
  STATUS_PAGE_KEYS,
} from '../../functions/contract';
import type { Simulator } from '../../sim/server';
import { startAwsFake, useAwsFakeEnv, type AwsFake, type FakeServed } from './aws-fake';
import { awsQuotas, CALLS_PER_SECOND } from './aws-quotas';
import { lambdaConfig as lambdaConfigFor, useLambdaHarness, type LambdaHarness } from './lambda-harness';
import { useSimulator } from './simulator';
import { PAGE_LOG_MESSAGES } from '../../functions/lambda/probe';
import { useTempDir } from './temp-dir';
import { restoreEnv } from './env';

const NAMESPACE = 'OktaSyntheticsPreviewTest';
/** Parameter Store's higher throughput (10 PutParameter a second, aws-quotas.ts), the other quotas AWS's own. */
const HIGHER_THROUGHPUT = { ...CALLS_PER_SECOND, 'ssm.PutParameter': 10 };

/** What a test may set of the Preview block, for its own test only (undone after it). */
export interface PreviewOrg {
  /** The Preview org's address, when not the second simulator's (an unreachable one). */
  url?: string;
  /** The Preview org's cell (preview.oktaCell), when a test names it: Okta's status feed is then read for it. */
  cell?: string;
}

/**
 * Registers the hooks of a Preview test file: the Preview org's simulator, the Lambda harness whose config holds a
 * Preview block for it, and its secrets answered before each test.
 */
export function usePreviewHarness(): LambdaHarness & {
  readonly previewSim: () => Simulator;
  readonly org: PreviewOrg;
  readonly twoOrgs: (production: Simulator, other: Simulator) => Record<string, unknown>;
} {
  const org: PreviewOrg = {};
  const previewSim = useSimulator();

  /** Production's two servers (the custom one asking probe.read and probe.write) and a Preview block for `other`. */
  function twoOrgs(production: Simulator, other: Simulator): Record<string, unknown> {
    const base = lambdaConfigFor(production, { namespace: NAMESPACE, prefix: 'okta-synthetics' });
    const servers = (base.servers as Record<string, unknown>[]).map((server) =>
      server.id === 'org' ? server : { ...server, scopes: ['probe.read', 'probe.write'] },
    );
    return {
      ...base,
      servers,
      preview: {
        orgUrl: org.url ?? other.url,
        ...(org.cell !== undefined && { oktaCell: org.cell }),
        // The simulator's feed: a test never reads help.okta.com.
        releaseNotesUrl: other.releaseNotesUrl,
        servers: {
          org: { clientId: other.clients.org.clientId, keyId: other.clients.org.keyId, authMethod: 'private_key_jwt' },
          [production.clients.custom.serverId]: {
            authorizationServerId: other.clients.custom.serverId,
            clientId: other.clients.custom.clientId,
            authMethod: 'client_secret_basic',
          },
        },
      },
    };
  }

  const harness = useLambdaHarness({ namespace: NAMESPACE, config: (production) => twoOrgs(production, previewSim()) });
  // After each test: the harness's next beforeEach builds the config before this file's own runs.
  afterEach(() => {
    org.url = undefined;
    org.cell = undefined;
  });
  beforeEach(() => {
    const other = previewSim();
    other.scenario = 'healthy';
    harness.secretsManager
      .on(GetSecretValueCommand, { SecretId: previewSecretName('okta-synthetics', 'org') })
      .resolves({ SecretString: other.clients.org.privateKeyPem });
    harness.secretsManager
      .on(GetSecretValueCommand, { SecretId: previewSecretName('okta-synthetics', other.clients.custom.serverId) })
      .resolves({ SecretString: other.clients.custom.clientSecret });
  });
  return { ...harness, previewSim, org, twoOrgs };
}

/** What a page test may make the AWS fake do, for its own test only (undone after it). */
export interface PageAws {
  /** Answers a call before the fake does: an AWS error for the summary's parameter, in a test that asks. */
  refuse?: (operation: string, name: unknown) => FakeServed | undefined;
  /** How long the fake holds each SSM read's answer, ms: a slow SSM, in a test that asks. */
  holdReads: number;
  /**
   * AWS's request quotas, a fresh second for each test. A Preview run puts 4 or 5 parameters at once, past Parameter
   * Store's standard 3 a second: its throttled puts are sent again after a back-off, a second or more of real time a
   * run. Each test runs at the higher throughput an account may set (aws-quotas.ts), as their claims are not about
   * the rate, unless it sets `awsQuotas()`, the standard throughput, to show the line gets through it.
   */
  quotas: ReturnType<typeof awsQuotas>;
}

/** What the probe's WARN lines of the status page said, from the JSON logger's lines: none go to stderr. */
export function pageProblems(jsonLines: readonly string[]): string {
  return jsonLines
    .map((line) => JSON.parse(line) as { level?: string; message?: string; problem?: string })
    .filter((line) => line.level === 'WARN' && line.message === PAGE_LOG_MESSAGES.problems)
    .map((line) => line.problem)
    .join('\n');
}

/**
 * Registers, in the describe block that calls it, the hooks of the deployed page's Preview line: the Preview run
 * keeps its summary in the kept records' SSM parameter and the home region's Production run reads it back for the
 * page it publishes to S3, both through the loopback AWS fake.
 */
export function usePreviewPage(): {
  readonly aws: () => AwsFake;
  readonly knobs: PageAws;
  /** The kept summary's parameter. */
  readonly summary: string;
  /** The page the last Production run published: its HTML and status.json. */
  page(): { html: string; json: { overall: string; preview?: { state: string; text: string } } };
  /** What the test writes to stderr from now on, chunk by chunk. */
  stderrOf(): string[];
} {
  const bucket = 'okta-synthetics-status-page';
  const dir = useTempDir('preview-page-');
  const env = { ...process.env };
  let fake: AwsFake | undefined;
  const knobs: PageAws = { holdReads: 0, quotas: awsQuotas() };
  beforeAll(async () => {
    fake = await startAwsFake({
      serve: (call) => knobs.refuse?.(call.operation, call.input.Name),
      holdMs: (operation) => (operation === 'ssm.GetParameter' ? knobs.holdReads : 0),
      quotas: (call, bodyBytes) => knobs.quotas(call, bodyBytes),
    });
  });
  afterAll(async () => {
    await fake?.close();
  });
  const aws = (): AwsFake => {
    if (fake === undefined) throw new Error('the AWS fake is not started yet: use it from a hook or a test');
    return fake;
  };
  beforeEach(() => {
    knobs.quotas = awsQuotas(Date.now, HIGHER_THROUGHPUT);
    useAwsFakeEnv(aws(), dir(), {
      AWS_REGION: 'us-east-1',
      [KEPT_STATE_PATH_ENV]: keptStatePath('okta-synthetics'),
      [STATUS_PAGE_BUCKET_ENV]: bucket,
    });
  });
  afterEach(() => {
    restoreEnv(env);
    knobs.refuse = undefined;
    knobs.holdReads = 0;
    aws().ssmParameters.clear();
    aws().s3Objects.clear();
  });
  return {
    aws,
    knobs,
    summary: `${keptStatePath('okta-synthetics')}/${KEPT_KEYS.previewSummary}`,
    page: () => {
      const object = (key: string) => aws().s3Objects.get(`${bucket}/${key}`)?.body.toString('utf8') ?? '';
      const json = JSON.parse(object(STATUS_PAGE_KEYS.json)) as {
        overall: string;
        preview?: { state: string; text: string };
      };
      return { html: object(STATUS_PAGE_KEYS.html), json };
    },
    stderrOf: () => {
      const said: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        said.push(String(chunk));
        return true;
      });
      return said;
    },
  };
}
