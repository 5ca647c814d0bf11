// The sign-ins aggregator as it deploys: the app synthesized with userSignIns.eventSource and real bundling (the
// local esbuild, its table client split into a chunk loaded on the first batch), the aggregator's asset run as Lambda
// runs it (test/support/lambda-asset.ts: a user who owns none of its files, read-only code, Node 24 under its memory
// and timeout, the template's environment), fed SQS batches of Okta's Log Streaming envelopes; its writes reach the
// loopback AWS fake's DynamoDB through AWS_ENDPOINT_URL. In-process tests prove the tallies; this proves the asset.
// The app has "provisioning" too: the asset reads the ledger's key from Secrets Manager (its client a chunk of its
// own) and stores streamed provisioning events reduced, no login or reason in what it writes.
import { App } from 'aws-cdk-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_TALLIES_TABLE_ENV } from '../../functions/contract';
import { buildApp } from '../../lib/build-app';
import { startAwsFake, type AwsFake } from '../support/aws-fake';
import { provisioningConfig, writeConfig } from '../support/configs';
import { rawEvent } from '../functions/probe/provisioning/fixtures';
import {
  deployedFunction,
  lambdaSandbox,
  requireLambdaSandbox,
  type FunctionResource,
  type LambdaSandbox,
} from '../support/lambda-asset';
import { EVENT_SOURCE, streamBatches, streamMessage } from '../support/sign-in-stream';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** The ledger's key as the fake's Secrets Manager holds it, under the name the stack gives the aggregator. */
const KEY_SECRET = 'okta-synthetics/provisioning-key';

let aws: AwsFake;
let outdir: string;
let aggregator: LambdaSandbox;

beforeAll(async () => {
  requireLambdaSandbox();
  aws = await startAwsFake({ secrets: new Map([[KEY_SECRET, 'k'.repeat(64)]]) });
  outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-stream-asset-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const configPath = writeConfig({
    ...provisioningConfig(),
    userSignIns: { eventSource: EVENT_SOURCE },
    quorum: false,
  });
  const built = buildApp(app, { configPath, env: { CDK_DEFAULT_ACCOUNT: ACCOUNT, CDK_DEFAULT_REGION: REGION } });
  if (!built.ok) throw new Error(built.errors.join('; '));
  const assembly = app.synth();
  const [stack] = assembly.stacks;
  if (stack === undefined) throw new Error('no stack');
  const resources = (stack.template as { Resources: Record<string, FunctionResource & { Type: string }> }).Resources;
  const place = { account: ACCOUNT, region: REGION, resources };
  const [found] = Object.values(resources).filter(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName.endsWith('-sign-ins'),
  );
  if (found === undefined) throw new Error('no aggregator function in the template');
  aggregator = lambdaSandbox(deployedFunction(found, assembly.directory, place));
}, 300_000);

afterAll(async () => {
  aggregator?.remove();
  await aws?.close();
  if (outdir !== undefined) rmSync(outdir, { recursive: true, force: true });
});

describe("the sign-ins aggregator's asset", () => {
  it('tallies a batch of streamed sign-ins into the table, no identity in what it writes, warm and cold', async () => {
    const now = Date.now();
    // Batches of 40: the harness hands the event to the process in its arguments, which the kernel bounds.
    const [first, second] = streamBatches('app-denied', ['portal.user@acme.example'], now - 5 * 60_000, now, 40);
    expect(first?.Records.length).toBe(40);
    const cold = await aggregator.invoke({ event: first, env: { AWS_ENDPOINT_URL: aws.url } });
    expect(cold.error, cold.stderr).toBeUndefined();
    expect(cold.result).toEqual({ batchItemFailures: [] });
    // Each minute committed in one transaction, under the function's own role.
    const puts = aws.calls.filter((c) => c.operation === 'dynamodb.TransactWriteItems');
    expect(puts.length).toBeGreaterThan(0);
    // The table the template names in the function's environment, and no other.
    const table = aggregator.fn.env[SIGN_IN_TALLIES_TABLE_ENV];
    expect(table).toBeTruthy();
    const tables = puts.flatMap((c) => (c.input.TransactItems as { Put: { TableName: string } }[]).map((i) => i.Put));
    expect(new Set(tables.map((put) => put.TableName))).toEqual(new Set([table]));
    expect(JSON.stringify(puts)).not.toContain('@acme.example');
    // One line a batch in the function's log: counts only.
    expect(cold.stdout).toMatch(/"events":\d+/);
    expect(cold.stdout).not.toContain('@acme.example');

    // A warm environment: the chunk with the table's client is loaded once, and a second batch is written too.
    const warm = aggregator.start({ AWS_ENDPOINT_URL: aws.url });
    try {
      for (const batch of [second ?? first, first]) {
        const run = await warm.invoke(batch);
        expect(run.error, run.stderr).toBeUndefined();
        expect(run.result).toEqual({ batchItemFailures: [] });
      }
    } finally {
      warm.stop();
    }
  });

  it('asks SQS to deliver the whole batch again when the table cannot be written', async () => {
    const now = Date.now();
    // 20 Okta-sized events (2-3 KB each) stay under the 128 KB a spawned process's argument may hold.
    const [batch] = streamBatches('app-denied', [], now - 60_000, now, 20);
    const run = await aggregator.invoke({ event: batch, env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } });
    expect(run.error, run.stderr).toBeUndefined();
    const failed = (run.result as { batchItemFailures: { itemIdentifier: string }[] }).batchItemFailures;
    expect(failed.map((f) => f.itemIdentifier).sort()).toEqual(batch!.Records.map((r) => r.messageId).sort());
  });

  it('stores streamed provisioning events reduced, hashed under the key it reads, naming no one', async () => {
    const now = Date.now();
    const login = 'pat.leaver@example.com';
    const events = [0, 1, 2].map((n) =>
      rawEvent('application.provision.user.deactivate', {
        at: now - (n + 1) * 60_000,
        result: 'FAILURE',
        reason: `Unauthorized. Errors reported by remote server: Invalid OAuth token (user=${login})`,
        user: `00u1person${n}00000000a`,
        login,
      }),
    );
    const batch = { Records: events.map((event, n) => streamMessage(event, 100 + n)) };
    const before = aws.calls.length;
    const run = await aggregator.invoke({ event: batch, env: { AWS_ENDPOINT_URL: aws.url } });
    expect(run.error, run.stderr).toBeUndefined();
    expect(run.result).toEqual({ batchItemFailures: [] });
    const calls = aws.calls.slice(before);
    const keyReads = calls.filter((c) => c.operation === 'secretsmanager.GetSecretValue');
    expect(keyReads.map((c) => c.input.SecretId)).toEqual([KEY_SECRET]);
    const writes = JSON.stringify(calls.filter((c) => c.operation === 'dynamodb.TransactWriteItems'));
    expect(writes).toContain('#other');
    expect(writes).toContain('application.provision.user.deactivate');
    for (const secret of [login, 'Invalid OAuth token', '00u1person0']) expect(writes).not.toContain(secret);
    expect(run.stdout).toMatch(/"otherSkipped":0/);
  });
});
