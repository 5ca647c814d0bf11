// Provisioning health on Okta's Log Streaming, against the loopback AWS fake: Okta-shaped provisioning events in
// EventBridge envelopes (test/support/sign-in-stream.ts) go through the sign-ins' aggregator into the tallies table
// (TransactWriteItems, each minute's commit conditional on its version), delivered twice and to concurrent batches,
// and the provisioning-health check, with the org's userSignIns.eventSource, judges the app whose credential expired
// from the stored reductions: its leavers counted once, no login in the table. The log is polled only to fill what the
// stream lost (a process's first run, then hourly, and while a gap shows): a dead-lettered batch and a stream Okta
// deactivated are backfilled from it, and a batch redelivered late is read by when it arrived.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { DAY_MS, PROVISIONING, PROVISIONING_STREAM } from '../../../../functions/contract';
import { createDynamoSignInTallyStore } from '../../../../functions/lambda/sign-in-tallies-dynamodb';
import { aggregate, provisioningReader } from '../../../../functions/lambda/sign-ins-aggregator';
import { createMemoryProvisioningStore } from '../../../../functions/probe/kept-store';
import { isSkipped, readProvisioningApp, type ProvisioningApp } from '../../../../functions/probe/provisioning';
import { runProvisioningHealth } from '../../../../functions/probe/provisioning/run';
import { fakeClientConfig, startAwsFake, type AwsFake } from '../../../support/aws-fake';
import { pollingLog } from '../../../support/log-org';
import { EVENT_SOURCE, streamMessage } from '../../../support/sign-in-stream';
import { rawApp, rawEvent } from './fixtures';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const TABLE = 'okta-synthetics-sign-in-tallies';
const KEY = 'the ledger key, shared by the probe and the aggregator';
const NOW = Date.parse('2026-11-25T10:15:30Z');
const SNOWFLAKE = '0oa1snow0000000000a';
const PEOPLE = [1, 2, 3].map((n) => ({ user: `00u1person${n}00000000a`, login: `pat.leaver${n}@example.com` }));
const EXPIRED = 'Unauthorized. Errors reported by remote server: Invalid OAuth token (user=';

let aws: AwsFake;
beforeAll(async () => {
  aws = await startAwsFake();
});
afterAll(async () => {
  await aws.close();
});

const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

/** The org's System Log as a poll reads it (test/support/log-org.ts). */
const systemLog = (log: Record<string, unknown>[]) => pollingLog(log, privateKeyPem, NOW);

/** A deactivation refused for Snowflake's expired token, as Okta writes it, for `person` at `at`. */
function refused(person: number, at: number): Record<string, unknown> {
  const later = { user: `00u1later${String(person).padStart(10, '0')}a`, login: `pat.later${person}@example.com` };
  const p = PEOPLE[person] ?? later;
  return rawEvent('application.provision.user.deactivate', {
    at,
    result: 'FAILURE',
    reason: `${EXPIRED}${p.login})`,
    user: p.user,
    login: p.login,
    uuid: `e${String(person).padStart(8, '0')}-1111-11ee-0000-000000000000`,
  });
}

/** Snowflake's deactivations refused for its expired token, each leaver's, as Okta streams them. */
function snowflakeMessages(): { messageId: string; body: string }[] {
  return PEOPLE.map((_, n) => refused(n, NOW - (10 - n) * 60_000)).map((event, n) => streamMessage(event, n));
}

/** The check's context: the org streams its events; the app listing is the warm probe's cached one. */
function context(tallies: ReturnType<typeof createDynamoSignInTallyStore>, at = NOW) {
  const cache = createMemoryCache();
  const read = readProvisioningApp(rawApp(SNOWFLAKE, 'Snowflake', ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION']));
  if (isSkipped(read)) throw new Error('the app was not read');
  const apps: ProvisioningApp[] = [read];
  cache.set('provisioning-health:apps', { apps, skipped: 0, requests: 1 }, at + 3 * 3_600_000);
  const provisioning = { ...createMemoryProvisioningStore(), key: () => Promise.resolve(KEY) };
  const server = {
    id: 'org',
    provisioning: { pageOnLeavers: false, lookbackHours: PROVISIONING.lookbackHours },
    userSignIns: { minEvents: 1, failureRate: 0.5, eventSource: EVENT_SOURCE },
  };
  return { server, cache, provisioning, tallies, now: () => at } as unknown as Parameters<
    typeof runProvisioningHealth
  >[0];
}

const openLeavers = (judged: { judgement: unknown }): unknown =>
  (judged.judgement as { observed?: { openLeavers?: number } }).observed?.openLeavers;

/** The aggregator's batch of `events` arriving at `at` into `table`, quietly. */
async function streamTo(table: string, events: Record<string, unknown>[], at: number): Promise<void> {
  const store = createDynamoSignInTallyStore(table, { client: new DynamoDBClient(fakeClientConfig(aws)) });
  const records = events.map((event, n) => streamMessage(event, n));
  const quietly = console.log;
  console.log = () => undefined;
  try {
    expect(await aggregate({ Records: records }, store, at, provisioningReader(KEY))).toEqual({
      batchItemFailures: [],
    });
  } finally {
    console.log = quietly;
  }
}

describe("provisioning health on Okta's Log Streaming", () => {
  it('judges the expired credential from the stored events, its leavers once, the quiet log polled once', async () => {
    const store = () => createDynamoSignInTallyStore(TABLE, { client: new DynamoDBClient(fakeClientConfig(aws)) });
    const reader = provisioningReader(KEY);
    const messages = snowflakeMessages();
    const quietly = console.log;
    console.log = () => undefined;
    try {
      // Two aggregators given the same batch at once, then Okta's copies again in another order.
      const answers = await Promise.all([
        aggregate({ Records: messages }, store(), NOW, reader),
        aggregate({ Records: messages }, store(), NOW, reader),
      ]);
      answers.push(await aggregate({ Records: [...messages].reverse() }, store(), NOW, reader));
      for (const answer of answers) expect(answer).toEqual({ batchItemFailures: [] });
    } finally {
      console.log = quietly;
    }
    const written = JSON.stringify(aws.calls.filter((c) => c.operation === 'dynamodb.TransactWriteItems'));
    for (const person of PEOPLE) {
      expect(written).not.toContain(person.login);
      expect(written).not.toContain(person.user);
    }
    expect(written).not.toContain('Invalid OAuth token');

    const ctx = context(store());
    const log = systemLog([]);
    const judged = await runProvisioningHealth(ctx, log.session());
    const judgement = judged.judgement as { diagnosis?: { code: string; detail?: string }; observed: object };
    expect(judgement.diagnosis?.code).toBe('PROVISIONING_CREDENTIAL_FAILED');
    expect(judgement.diagnosis?.detail).toContain(SNOWFLAKE);
    expect(judgement.observed).toMatchObject({ openLeavers: 3, eventsRead: 3, eventsSkipped: 0, readAll: true });
    // The first run of a process polls the log once for what the stream lost (nothing here).
    expect(log.polls()).toBe(1);
    // A warm run reads on from where it stopped: the same events again count nothing twice, and the log is not
    // polled again within the hour.
    const again = await runProvisioningHealth(ctx, log.session());
    expect(again.judgement).toMatchObject({ observed: { openLeavers: 3 } });
    expect(log.polls()).toBe(1);
  });

  it(
    'backfills from the log what the stream lost: a dead-lettered batch, a stream Okta deactivated, and reads a ' +
      'batch redelivered late by when it arrived',
    async () => {
      const table = `${TABLE}-gaps`;
      const tallies = () => createDynamoSignInTallyStore(table, { client: new DynamoDBClient(fakeClientConfig(aws)) });
      const [first, lost, third] = [0, 1, 2].map((n) => refused(n, NOW - (10 - n) * 60_000)) as [
        Record<string, unknown>,
        Record<string, unknown>,
        Record<string, unknown>,
      ];
      const log = systemLog([first, lost, third]);
      // The batch holding the second leaver failed five times: it is in the dead-letter queue, never stored.
      await streamTo(table, [first, third], NOW - 5 * 60_000);
      const ctx = context(tallies());
      const cold = await runProvisioningHealth(ctx, log.session());
      expect(openLeavers(cold)).toBe(3);

      // Okta deactivated the stream after two failed deliveries: a fourth leaver is only in the log. Within the hour
      // the warm probe reads the table alone; at the hour's backfill the log gives the leaver.
      log.append(refused(3, NOW + 2 * 60_000));
      expect(openLeavers(await runProvisioningHealth({ ...ctx, now: () => NOW + 5 * 60_000 }, log.session()))).toBe(3);
      const hourly = { ...ctx, now: () => NOW + PROVISIONING_STREAM.backfillEveryMinutes * 60_000 + 60_000 };
      expect(openLeavers(await runProvisioningHealth(hourly, log.session()))).toBe(4);

      // A batch redelivered two hours after its event (past the sign-ins' hour, and past where the warm probe read):
      // stored by its arrival, read by the next run.
      const late = NOW + PROVISIONING_STREAM.backfillEveryMinutes * 60_000 + 2 * 60_000;
      await streamTo(table, [refused(4, late - 2 * 3_600_000)], late);
      expect(openLeavers(await runProvisioningHealth({ ...ctx, now: () => late + 60_000 }, log.session()))).toBe(5);
    },
  );

  it('stores once a 3-day-old event delivered again an hour later, after the TTL cleared what expired', async () => {
    const table = `${TABLE}-late-copy`;
    const old = refused(0, NOW - 3 * DAY_MS);
    await streamTo(table, [old], NOW);
    // DynamoDB's TTL deletes an item at any time after its `expires` (developer guide, "Time to Live"): all it may
    // have deleted by the copy's arrival, gone.
    const again = NOW + 60 * 60_000;
    const items = aws.dynamoTables.get(table)!;
    for (const [key, item] of items) if (Number(item.expires?.N) * 1000 <= again) items.delete(key);
    await streamTo(table, [old], again);
    const store = createDynamoSignInTallyStore(table, { client: new DynamoDBClient(fakeClientConfig(aws)) });
    const stored = await store.others(Math.floor(NOW / 60_000) - 1, Math.floor(again / 60_000) + 1);
    expect(stored.items.map((e) => (e as { uuid?: string }).uuid)).toEqual([String(old.uuid)]);
  });

  it('judges from the log when the table cannot be read, and skips, saying where, when neither can', async () => {
    const client = new DynamoDBClient({ ...fakeClientConfig(aws), endpoint: 'http://127.0.0.1:9' });
    const unreadable = () => createDynamoSignInTallyStore(TABLE, { client });
    const log = systemLog([refused(0, NOW - 60_000)]);
    const fromLog = await runProvisioningHealth(context(unreadable()), log.session());
    expect(openLeavers(fromLog)).toBe(1);

    const down = systemLog([]);
    const session = down.session();
    Object.defineProperty(session, 'poll', { value: () => Promise.resolve(null) });
    const judged = await runProvisioningHealth(context(unreadable()), session);
    expect(judged.judgement).toMatchObject({ notRun: 'skip' });
    expect(JSON.stringify(judged.judgement)).toContain(`the DynamoDB table ${TABLE}`);
  });
});
