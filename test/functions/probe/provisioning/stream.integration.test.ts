// Provisioning health on Okta's Log Streaming, against the loopback AWS fake: Okta-shaped provisioning events in
// EventBridge envelopes (test/support/sign-in-stream.ts) go through the sign-ins' aggregator into the tallies table
// (TransactWriteItems, each minute's commit conditional on its version), delivered twice and to concurrent batches,
// and the provisioning-health check, with the org's userSignIns.eventSource, judges the app whose credential expired
// from the stored reductions: its leavers counted once, no login in the table, and not one use of the System Log
// session (no poll of /api/v1/logs).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVISIONING } from '../../../../functions/contract';
import { createDynamoSignInTallyStore } from '../../../../functions/lambda/sign-in-tallies-dynamodb';
import { aggregate, provisioningReader } from '../../../../functions/lambda/sign-ins-aggregator';
import { createMemoryCache } from '../../../../functions/probe/cache';
import { createMemoryProvisioningStore } from '../../../../functions/probe/kept-store';
import type { LogSession } from '../../../../functions/probe/okta/log-session';
import { isSkipped, readProvisioningApp, type ProvisioningApp } from '../../../../functions/probe/provisioning';
import { runProvisioningHealth } from '../../../../functions/probe/provisioning/run';
import { fakeClientConfig, startAwsFake, type AwsFake } from '../../../support/aws-fake';
import { EVENT_SOURCE, streamMessage } from '../../../support/sign-in-stream';
import { rawApp, rawEvent } from './fixtures';

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

/** A log session the streamed check must never touch: any use of it is a request to Okta's System Log. */
const noSession = new Proxy({} as LogSession, {
  get: (_, name) => {
    throw new Error(`the streamed check used the System Log session (${String(name)})`);
  },
});

/** Snowflake's deactivations refused for its expired token, each leaver's, as Okta streams them. */
function snowflakeMessages(): { messageId: string; body: string }[] {
  const events = PEOPLE.map((p, n) =>
    rawEvent('application.provision.user.deactivate', {
      at: NOW - (10 - n) * 60_000,
      result: 'FAILURE',
      reason: `${EXPIRED}${p.login})`,
      user: p.user,
      login: p.login,
    }),
  );
  return events.map((event, n) => streamMessage(event, n));
}

/** The check's context: the org streams its events; the app listing is the warm probe's cached one. */
function context(tallies: ReturnType<typeof createDynamoSignInTallyStore>) {
  const cache = createMemoryCache();
  const read = readProvisioningApp(rawApp(SNOWFLAKE, 'Snowflake', ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION']));
  if (isSkipped(read)) throw new Error('the app was not read');
  const apps: ProvisioningApp[] = [read];
  cache.set('provisioning-health:apps', { apps, skipped: 0, requests: 1 }, NOW + 3_600_000);
  const provisioning = { ...createMemoryProvisioningStore(), key: () => Promise.resolve(KEY) };
  const server = {
    id: 'org',
    provisioning: { pageOnLeavers: false, lookbackHours: PROVISIONING.lookbackHours },
    userSignIns: { minEvents: 1, failureRate: 0.5, eventSource: EVENT_SOURCE },
  };
  return { server, cache, provisioning, tallies, now: () => NOW } as unknown as Parameters<
    typeof runProvisioningHealth
  >[0];
}

describe("provisioning health on Okta's Log Streaming", () => {
  it('judges the expired credential from the stored events, its leavers once, without polling the log', async () => {
    const store = () => createDynamoSignInTallyStore(TABLE, new DynamoDBClient(fakeClientConfig(aws)));
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
    const judged = await runProvisioningHealth(ctx, noSession);
    const judgement = judged.judgement as { diagnosis?: { code: string; detail?: string }; observed: object };
    expect(judgement.diagnosis?.code).toBe('PROVISIONING_CREDENTIAL_FAILED');
    expect(judgement.diagnosis?.detail).toContain(SNOWFLAKE);
    expect(judgement.observed).toMatchObject({ openLeavers: 3, eventsRead: 3, eventsSkipped: 0, readAll: true });
    // A warm run reads on from where it stopped: the same events again count nothing twice.
    const again = await runProvisioningHealth(ctx, noSession);
    expect(again.judgement).toMatchObject({ observed: { openLeavers: 3 } });
  });

  it('skips, saying where, when the table cannot be read, and never polls instead', async () => {
    const client = new DynamoDBClient({ ...fakeClientConfig(aws), endpoint: 'http://127.0.0.1:9' });
    const judged = await runProvisioningHealth(context(createDynamoSignInTallyStore(TABLE, client)), noSession);
    expect(judged.judgement).toMatchObject({ notRun: 'skip' });
    expect(JSON.stringify(judged.judgement)).toContain(`the DynamoDB table ${TABLE}`);
  });
});
