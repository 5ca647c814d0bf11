// The integration-health check on Okta's Log Streaming (the org's userSignIns.eventSource): it judges from the
// aggregator's counts in the tallies table, polls the System Log only to fill the stream's gaps (a process's first
// run, then hourly, and while a gap shows), counts an event both paths read once, and falls back to the poll when the
// table cannot be read.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignInTallyStore } from '../../../../functions/kept-state';
import type { ServerConfig } from '../../../../functions/types';
import { aggregate, integrationReader } from '../../../../functions/lambda/sign-ins-aggregator';
import { runIntegrationHealth } from '../../../../functions/probe/integrations/run';
import { createMemoryKeptStore } from '../../../../functions/probe/kept-store';
import { integrationEvents } from '../../../../sim/integrations';
import { oktaShaped } from '../../../../sim/log-event-shape';
import { pollingLog } from '../../../support/log-org';
import { EVENT_SOURCE, memoryTallyStore, streamMessage } from '../../../support/sign-in-stream';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const NOW = Date.parse('2026-11-25T10:30:30Z');
const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

beforeEach(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
afterEach(() => vi.restoreAllMocks());

/** The registration hook answering 500 for the last half hour, as Okta writes it, in Okta's size. */
const EVENTS = integrationEvents('registration-hook-500', NOW - 30 * 60_000, NOW - 30_000).map((e) => oktaShaped(e));

/** The org's System Log as a poll reads it, counting the polls (test/support/log-org.ts). */
const systemLog = (log: Record<string, unknown>[]) => pollingLog(log, privateKeyPem, NOW);

/** The events streamed through the aggregator, a batch a minute, into a memory table. */
async function streamedTable(): Promise<SignInTallyStore> {
  const { store } = memoryTallyStore();
  const byMinute = new Map<number, { messageId: string; body: string }[]>();
  EVENTS.forEach((e, n) => {
    const minute = Math.floor(Date.parse(String(e.published)) / 60_000);
    byMinute.set(minute, [...(byMinute.get(minute) ?? []), streamMessage(e, n)]);
  });
  for (const [minute, records] of byMinute)
    await aggregate({ Records: records }, store, minute * 60_000 + 59_000, integrationReader);
  return store;
}

/** What the run would use only to list hooks or domains, which these scopes never ask for: any use throws. */
const unused = new Proxy({} as never, {
  get: (_, name) => {
    throw new Error(`the stream's run reached for ${String(name)}: no hook list or domain is asked for here`);
  },
});

function context(tallies: SignInTallyStore | undefined, at = NOW): Parameters<typeof runIntegrationHealth>[0] {
  const server = {
    id: 'org',
    // The log's scope alone: the hook lists and the custom domains are not asked for.
    scopes: ['okta.logs.read'],
    integrationHealth: {},
    userSignIns: { minEvents: 1, failureRate: 0.5, eventSource: EVENT_SOURCE },
  } as unknown as ServerConfig;
  return {
    server,
    config: { orgUrl: 'https://acme.okta.com' },
    cache: createMemoryCache(),
    kept: createMemoryKeptStore(),
    tallies,
    now: () => at,
    endpoints: unused,
    exchange: unused,
    credential: unused,
    orgServer: unused,
  } as Parameters<typeof runIntegrationHealth>[0];
}

/** The finding's code, if the check found one. */
const codeOf = (judged: Awaited<ReturnType<typeof runIntegrationHealth>>) =>
  'diagnosis' in judged.judgement ? judged.judgement.diagnosis?.code : undefined;

/** The hook's item: its failed calls of its total. */
const hookItem = (judged: Awaited<ReturnType<typeof runIntegrationHealth>>) =>
  judged.items?.find((i) => i.item.includes('Sign-up checker'))?.item;

describe('integration health on the stream', () => {
  it('judges from the counts, the first run backfilling from the log, counting an event both read once', async () => {
    const log = systemLog(EVENTS);
    const ctx = context(await streamedTable());
    const first = await runIntegrationHealth(ctx, log.session());
    expect(codeOf(first)).toBe('INTEGRATION_HOOK_BLOCKING');
    expect(log.polls()).toBeGreaterThan(0);
    // Both paths read every event: the failed calls are counted once, as the poll alone counts them.
    const polledOnly = await runIntegrationHealth(context(undefined), systemLog(EVENTS).session());
    expect(hookItem(first)).toBe(hookItem(polledOnly));
    expect(hookItem(first)).toMatch(/: 29 failed calls of 29 /);
  });

  it('reads no page of the log on a warm run within the hour of its backfill', async () => {
    const log = systemLog(EVENTS);
    const ctx = context(await streamedTable());
    await runIntegrationHealth(ctx, log.session());
    const polls = log.polls();
    const later = await runIntegrationHealth({ ...ctx, now: () => NOW + 60_000 }, log.session());
    expect(log.polls()).toBe(polls);
    expect(codeOf(later)).toBe('INTEGRATION_HOOK_BLOCKING');
    expect(hookItem(later)).toBe(hookItem(await runIntegrationHealth(context(undefined), systemLog(EVENTS).session())));
  });

  it('polls the log when the table cannot be read, and judges from it', async () => {
    const log = systemLog(EVENTS);
    const broken: SignInTallyStore = {
      ...memoryTallyStore().store,
      others: () => Promise.reject(new Error('AccessDeniedException')),
    };
    const ctx = context(broken);
    await runIntegrationHealth(ctx, log.session());
    const polls = log.polls();
    // Warm, and the table still unreadable: a gap shows, so this run polls again.
    const again = await runIntegrationHealth({ ...ctx, now: () => NOW + 60_000 }, log.session());
    expect(log.polls()).toBeGreaterThan(polls);
    expect(codeOf(again)).toBe('INTEGRATION_HOOK_BLOCKING');
    expect('observed' in again.judgement && again.judgement.observed?.readAll).toBe(true);
  });

  it('skips and counts (eventsSkipped) what the log holds that is no event of ours, printing none of it', async () => {
    const at = new Date(NOW - 60_000).toISOString();
    const hostile = [
      // No uuid, a time that does not parse, a type of another reader: each skipped, counted, never judged.
      { eventType: 'inline_hook.executed', published: at, displayMessage: 'TORN-NO-UUID' },
      { uuid: 'bad-time', eventType: 'inline_hook.executed', published: 'yesterday', displayMessage: 'TORN-TIME' },
      { uuid: 'not-ours', eventType: 'user.session.start', published: at, displayMessage: 'NOT-OURS' },
    ];
    const judged = await runIntegrationHealth(context(undefined), systemLog([...hostile, ...EVENTS]).session());
    expect(codeOf(judged)).toBe('INTEGRATION_HOOK_BLOCKING');
    expect('observed' in judged.judgement && judged.judgement.observed).toMatchObject({ eventsSkipped: 3 });
    expect(hookItem(judged)).toMatch(/: 29 failed calls of 29 /);
    expect(JSON.stringify(judged)).not.toMatch(/TORN|NOT-OURS|yesterday/);
  });

  it('judges what the stream lost from the poll (a stream Okta deactivated)', async () => {
    const ctx = context(memoryTallyStore().store);
    const judged = await runIntegrationHealth(ctx, systemLog(EVENTS).session());
    expect(codeOf(judged)).toBe('INTEGRATION_HOOK_BLOCKING');
    expect(hookItem(judged)).toMatch(/: 29 failed calls of 29 /);
  });
});
