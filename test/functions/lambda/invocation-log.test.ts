// One logger per invocation in each Lambda handler: a warm sandbox's second invocation logs under its own request id,
// never the first's, and still scrubs the secrets its sandbox read in the first (a key read once a sandbox is
// registered with every invocation's logger, not only the one that read it).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { PROVISIONING_KEY_SECRET_ENV, SIGN_IN_TALLIES_TABLE_ENV } from '../../../functions/contract';
import { stubNotifierEnv } from '../../support/notifier-doubles';
import { streamBatches } from '../../support/sign-in-stream';

const secretsManager = mockClient(SecretsManagerClient);
const dynamo = mockClient(DynamoDBClient);
// The unit lane shares a worker between files (vitest.config.ts): a stub left on a client's prototype would answer the
// next file's calls.
afterAll(() => [secretsManager, dynamo].forEach((stub) => stub.restore()));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  secretsManager.reset();
  dynamo.reset();
});

/** The JSON lines written to stdout meanwhile, parsed. */
function capture(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const text = String(chunk);
    if (text.startsWith('{"level"')) lines.push(JSON.parse(text) as Record<string, unknown>);
    return true;
  });
  return lines;
}

describe('a warm Lambda sandbox', () => {
  it("logs the notifier's second invocation under its own request id, not the first's", async () => {
    stubNotifierEnv('okta-synthetics', { page: 'arn:aws:sns:eu-west-1:111111111111:page' });
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    const { handler } = await import('../../../functions/lambda/notifier');
    const lines = capture();
    // A change CloudWatch sends nothing for either: skipped, one INFO line each, no AWS call.
    const change = {
      detail: {
        alarmName: 'okta-synthetics-default-page',
        state: { value: 'INSUFFICIENT_DATA', timestamp: '2026-11-22T03:10:00.000Z' },
        previousState: { value: 'OK', timestamp: '2026-11-22T03:00:00.000Z' },
      },
    };
    await handler(change, { awsRequestId: 'first-invocation', functionName: 'okta-synthetics-notifier' });
    await handler(change, { awsRequestId: 'second-invocation', functionName: 'okta-synthetics-notifier' });
    expect(lines.map(({ requestId, functionName, region }) => ({ requestId, functionName, region }))).toEqual([
      { requestId: 'first-invocation', functionName: 'okta-synthetics-notifier', region: 'eu-west-1' },
      { requestId: 'second-invocation', functionName: 'okta-synthetics-notifier', region: 'eu-west-1' },
    ]);
  });

  it("scrubs the aggregator's ledger key, read once a sandbox, from the second invocation's lines too", async () => {
    const key = 'ledger-hashing-key-7f3a9c1e5b2d4f6a8c0e';
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: key });
    // DynamoDB's refusal quotes the key back: the call that logs it passes no secret of its own.
    dynamo.onAnyCommand().rejects(new Error(`ValidationException: condition on ${key} failed`));
    vi.stubEnv(SIGN_IN_TALLIES_TABLE_ENV, 'okta-synthetics-sign-in-tallies');
    vi.stubEnv(PROVISIONING_KEY_SECRET_ENV, 'okta-synthetics/provisioning-key');
    // A fresh module: its sandbox state (the store, the key) starts cold, as a new sandbox's does.
    vi.resetModules();
    const { handler } = await import('../../../functions/lambda/sign-ins-aggregator');
    // Events of the last minutes: the aggregator counts only what arrives within its range of now.
    const [batch] = streamBatches(undefined, [], Date.now() - 5 * 60_000, Date.now());
    const lines = capture();
    for (const awsRequestId of ['cold-invocation', 'warm-invocation']) {
      const answer = await handler(batch!, { awsRequestId });
      expect(answer.batchItemFailures.length).toBeGreaterThan(0);
    }
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    const failed = lines.filter((line) => line.message === 'tallies not written');
    expect(failed).toHaveLength(2);
    for (const line of failed) {
      expect(JSON.stringify(line)).not.toContain(key);
      expect(line.error).toContain('[REDACTED]');
    }
    expect(failed.map((line) => line.requestId)).toEqual(['cold-invocation', 'warm-invocation']);
  });
});
