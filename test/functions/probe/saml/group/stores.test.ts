// Where each group of SAML apps keeps its apps between runs: this process's memory, a file beside
// --history, a DynamoDB table (the fake on loopback, in DynamoDB's own protocol). Each gives back what was written,
// merges a run's apps into the rest, forgets the apps gone from the catalogue, and pages a group larger than a Query.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileCatalogueStore } from '../../../../../functions/cli/catalogue-file';
import { KEPT_DIR } from '../../../../../functions/cli/kept-state-file';
import type { CatalogueStore } from '../../../../../functions/kept-state';
import { createDynamoCatalogueStore } from '../../../../../functions/lambda/catalogue-dynamodb';
import { createMemoryCatalogueStore } from '../../../../../functions/probe/kept-store';
import { startAwsFake, type AwsFake } from '../../../../support/aws-fake';

let aws: AwsFake;
let small: AwsFake;
let dir: string;
beforeAll(async () => {
  aws = await startAwsFake();
  // Pages of 2 KB (about 12 apps) and three requests left unprocessed once: what a busy table answers.
  small = await startAwsFake({ dynamoPageBytes: 2048, dynamoUnprocessed: 3 });
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-catalogue-'));
});
afterAll(async () => {
  await Promise.all([aws.close(), small.close()]);
  rmSync(dir, { recursive: true, force: true });
});
const dynamo = (fake: AwsFake): DynamoDBClient =>
  new DynamoDBClient({
    endpoint: fake.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
    maxAttempts: 1,
  });
const record = (i: number) => ({
  at: 1_763_640_000_000 + i,
  first: 1_763_000_000_000,
  seen: 1_763_640_000_000,
  code: i % 7 === 0 ? 'SAML_AUDIENCE_MISMATCH' : null,
  detail: 'x'.repeat(60),
});

describe.each([
  ['memory', (): CatalogueStore => createMemoryCatalogueStore(), (s: CatalogueStore): CatalogueStore => s],
  [
    'file beside --history',
    (): CatalogueStore => createFileCatalogueStore(dir),
    (): CatalogueStore => createFileCatalogueStore(dir),
  ],
  [
    'DynamoDB table',
    (): CatalogueStore => createDynamoCatalogueStore('okta-synthetics-saml-apps', { client: dynamo(aws) }),
    (): CatalogueStore => createDynamoCatalogueStore('okta-synthetics-saml-apps', { client: dynamo(aws) }),
  ],
])('the %s store', (_name, make, anotherProcess) => {
  it(
    "keeps a run's apps beside the others, gives back " + 'copies, forgets the apps gone, and keeps groups apart',
    async () => {
      const store = make();
      const group = `g${Math.random().toString(36).slice(2, 8)}`;
      expect(await store.read(group)).toEqual(new Map());
      await store.write(
        group,
        new Map([
          ['a', record(1)],
          ['b', record(2)],
          ['c', record(3)],
        ]),
        [],
      );
      await store.write(group, new Map([['b', record(20)]]), ['c']);
      await store.write(`${group}-other`, new Map([['a', record(9)]]), []);
      const read = await anotherProcess(store).read(group);
      expect([...read.keys()].sort()).toEqual(['a', 'b']);
      expect(read.get('b')).toEqual(record(20));
      expect(store.where(group)).toMatch(new RegExp(`${group}|memory`));
    },
  );
});

describe("the Lambda's table", () => {
  it('writes an item per app with the group, the app, the record as JSON and a TTL a month ahead', async () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    await createDynamoCatalogueStore('t1', { client: dynamo(aws), now: () => now }).write(
      'portal-saml',
      new Map([['app-0007', record(7)]]),
      [],
    );
    const item = aws.dynamoTables.get('t1')?.get('portal-saml|app-0007');
    expect(item).toEqual({
      group: { S: 'portal-saml' },
      app: { S: 'app-0007' },
      record: { S: JSON.stringify(record(7)) },
      expires: { N: String((now + 30 * 86_400_000) / 1000) },
    });
  });

  it(
    'reads a group larger than a page, and sends again the items a busy table left unprocessed, 25 at most a ' + 'call',
    async () => {
      const store = createDynamoCatalogueStore('t2', { client: dynamo(small) });
      const apps = new Map(
        Array.from({ length: 60 }, (_, i) => [`app-${String(i).padStart(4, '0')}`, record(i)] as const),
      );
      await store.write('big', apps, []);
      const batches = small.calls.filter((c) => c.operation === 'dynamodb.BatchWriteItem');
      expect(batches.length).toBe(4);
      for (const call of batches)
        expect(((call.input.RequestItems as Record<string, unknown[]>).t2 ?? []).length).toBeLessThanOrEqual(25);
      const read = await store.read('big');
      expect(read.size).toBe(60);
      expect(small.calls.filter((c) => c.operation === 'dynamodb.Query').length).toBeGreaterThan(1);
    },
  );

  it('skips an item that is not JSON (a hand edit): that app is judged afresh, the others are read', async () => {
    const store = createDynamoCatalogueStore('t3', { client: dynamo(aws) });
    await store.write('g', new Map([['ok', record(1)]]), []);
    aws.dynamoTables.get('t3')?.set('g|bad', { group: { S: 'g' }, app: { S: 'bad' }, record: { S: '{not json' } });
    expect([...(await store.read('g')).keys()]).toEqual(['ok']);
  });
});

describe("the CLI's file", () => {
  it(
    "is DIR/kept/saml-groups/<group>.json, owner-only; a file that is not a group's record is an error to " +
      'read, not a crash',
    async () => {
      const store = createFileCatalogueStore(dir);
      await store.write('portal-saml', new Map([['a', record(1)]]), []);
      expect(readdirSync(join(dir, KEPT_DIR, 'saml-groups'))).toContain('portal-saml.json');
      expect(statSync(join(dir, KEPT_DIR, 'saml-groups', 'portal-saml.json')).mode & 0o077).toBe(0);
      writeFileSync(join(dir, KEPT_DIR, 'saml-groups', 'broken.json'), '[1, 2]');
      await expect(store.read('broken')).rejects.toThrow(/is not a SAML group's record/);
    },
  );
});
