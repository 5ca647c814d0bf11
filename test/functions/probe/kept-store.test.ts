// The kept records' stores: what the inventory remembers between runs lives where the next run finds it,
// as the journeys' state does: this process's memory, a file beside --history, an SSM parameter (the fake on loopback).
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileKeptStore, KEPT_DIR } from '../../../functions/cli/kept-state-file';
import type { KeptStore } from '../../../functions/kept-state';
import { createSsmKeptStore } from '../../../functions/lambda/kept-state-ssm';
import { createMemoryKeptStore, defaultKeptStore, storeFailure } from '../../../functions/probe/kept-store';
import { startAwsFake, type AwsFake } from '../../support/aws-fake';

let aws: AwsFake;
let dir: string;
beforeAll(async () => {
  aws = await startAwsFake();
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-kept-'));
});
afterAll(async () => {
  await aws.close();
  rmSync(dir, { recursive: true, force: true });
});
const ssm = (): SSMClient =>
  new SSMClient({
    endpoint: aws.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
    maxAttempts: 1,
  });

describe.each([
  ['memory', (): KeptStore => createMemoryKeptStore(), (): KeptStore | undefined => undefined],
  ['file beside --history', (): KeptStore => createFileKeptStore(dir), (): KeptStore => createFileKeptStore(dir)],
  [
    'SSM parameter',
    (): KeptStore => createSsmKeptStore('/okta-synthetics/kept', { client: ssm() }),
    (): KeptStore => createSsmKeptStore('/okta-synthetics/kept', { client: ssm() }),
  ],
])('the %s store', (_name, make, anotherProcess) => {
  it("gives back what was written, nothing before, and a copy: never the caller's object", async () => {
    const store = make();
    const key = `k${Math.random().toString(36).slice(2, 8)}`;
    expect(await store.read(key)).toBeUndefined();
    const value = { tokens: [{ id: '00Tx', expiresAt: '2026-11-24T00:00:00.000Z' }] };
    await store.write(key, value);
    const read = await store.read(key);
    expect(read).toEqual(value);
    expect(read).not.toBe(value);
    // A new process (or a cold-started sandbox) finds it where it was written.
    const next = anotherProcess();
    if (next !== undefined) expect(await next.read(key)).toEqual(value);
    expect(store.where(key)).toMatch(new RegExp(`${key}|memory`));
  });
});

describe('where each record lives', () => {
  it(
    'the CLI writes DIR/kept/<key>.json, owner-only; a file that is not a record is an error to read, not a ' + 'crash',
    async () => {
      const store = createFileKeptStore(dir);
      await store.write('api-tokens', { tokens: [] });
      expect(readdirSync(join(dir, KEPT_DIR))).toContain('api-tokens.json');
      expect(statSync(join(dir, KEPT_DIR, 'api-tokens.json')).mode & 0o077).toBe(0);
      writeFileSync(join(dir, KEPT_DIR, 'broken.json'), '{not json');
      await expect(store.read('broken')).rejects.toThrow();
    },
  );

  it('the Lambda writes the SSM parameter <path>/<key>, as a String', async () => {
    await createSsmKeptStore('/okta-synthetics/kept', { client: ssm() }).write('api-tokens', { tokens: [] });
    expect(aws.ssmParameters.get('/okta-synthetics/kept/api-tokens')?.value).toBe('{"tokens":[]}');
  });

  it('a run given no store keeps its records with its cache (a warm Lambda), else for itself only', async () => {
    const cache = {};
    await defaultKeptStore(cache).write('k', 1);
    expect(await defaultKeptStore(cache).read('k')).toBe(1);
    expect(await defaultKeptStore(undefined).read('k')).toBeUndefined();
  });
});

describe('a store failure in words', () => {
  it("tells a nameless failure by what failed, a write as a write, and keeps an SDK error's name", () => {
    expect(storeFailure(new Error('disk full'), 'write')).toBe('write error');
    expect(storeFailure(new Error('disk full'), 'read')).toBe('read error');
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    expect(storeFailure(throttled, 'write')).toBe('ThrottlingException');
  });
});
