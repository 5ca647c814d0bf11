// The provisioning ledger's three homes hold what a run wrote for the next one, and the key user ids are hashed with:
// the Lambda's (a DynamoDB table and the Secrets Manager secret CloudFormation generated, on the loopback AWS fake),
// the CLI's (files beside --history, the key owner-only and kept), and this process's memory. A key that cannot be had
// is an error, never a key made up on the spot that would reopen every kept leaver.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileProvisioningStore } from '../../functions/cli/provisioning-state-file';
import type { ProvisioningStore } from '../../functions/kept-state';
import { createDynamoProvisioningStore } from '../../functions/lambda/provisioning-dynamodb';
import { createMemoryProvisioningStore } from '../../functions/probe/kept-store';
import { startAwsFake, type AwsFake } from '../support/aws-fake';

const SECRET = 'okta-synthetics/provisioning-key';
const KEY = 'k'.repeat(64);
let aws: AwsFake;
beforeAll(async () => {
  aws = await startAwsFake({ secrets: new Map([[SECRET, KEY]]) });
});
afterAll(() => aws.close());

const clients = () => {
  const common = {
    endpoint: aws.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
    maxAttempts: 1,
  };
  return { dynamo: new DynamoDBClient(common), secrets: new SecretsManagerClient(common) };
};

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-provisioning-stores-'));
const HOMES: [string, () => ProvisioningStore, () => ProvisioningStore][] = [
  [
    'Lambda (DynamoDB and Secrets Manager)',
    () => createDynamoProvisioningStore('okta-synthetics-provisioning', SECRET, clients()),
    () => createDynamoProvisioningStore('okta-synthetics-provisioning', SECRET, clients()),
  ],
  ['CLI (files beside --history)', () => createFileProvisioningStore(dir), () => createFileProvisioningStore(dir)],
];

describe.each(HOMES)('the %s ledger', (_name, make, anotherProcess) => {
  it("gives the next process what a run wrote, each app's entry as written, forgotten ones gone", async () => {
    const entry = { open: [{ user: 'a'.repeat(32), since: 1, kind: 'failed_deactivation' }], closed: [], full: false };
    await make().write(
      new Map([
        ['0oa1snow', entry],
        ['0oa1box', entry],
      ]),
      [],
    );
    await make().write(new Map(), ['0oa1box']);
    const read = await anotherProcess().read();
    expect([...read.keys()]).toEqual(['0oa1snow']);
    expect(read.get('0oa1snow')).toEqual(entry);
  });

  it('gives the same key to every process, 32 characters or more', async () => {
    const key = await make().key();
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(await anotherProcess().key()).toBe(key);
  });
});

describe('the keys', () => {
  it("keeps the CLI's key owner-only", async () => {
    await createFileProvisioningStore(dir).key();
    expect(statSync(join(dir, 'kept', 'provisioning-key')).mode & 0o077).toBe(0);
  });

  it('refuses a Lambda key it cannot read, rather than making one that reopens every kept leaver', async () => {
    const store = createDynamoProvisioningStore('t', 'no-such-secret', clients());
    await expect(store.key()).rejects.toThrow();
  });

  it('gives each process of memory a key of its own', async () => {
    expect(await createMemoryProvisioningStore().key()).not.toBe(await createMemoryProvisioningStore().key());
  });
});
