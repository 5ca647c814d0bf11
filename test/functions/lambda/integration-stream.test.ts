// Integration health's events on Okta's Log Streaming: the sign-ins aggregator reduces each with the check's own
// reader and stores counts per minute and integration, never a row a message; the counts read back judge exactly as
// the polled events do; nothing personal or Okta's text is stored; a redelivered batch counts once; a damaged row is
// counted, never judged; provisioning's read of the same table leaves the counts alone.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aggregate, eitherReader, integrationReader } from '../../../functions/lambda/sign-ins-aggregator';
import { isSkipped, readIntegrationEvent, type IntegrationEvent } from '../../../functions/probe/integrations/events';
import { judgeIntegrations } from '../../../functions/probe/integrations/judge';
import { storedIntegrationCounts } from '../../../functions/probe/integrations/stream';
import { storedProvisioningEvents } from '../../../functions/probe/provisioning/stream';
import { integrationEvents } from '../../../sim/integrations';
import { oktaShaped } from '../../../sim/log-event-shape';
import { memoryTallyStore, streamMessage } from '../../support/sign-in-stream';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const MINUTES = 30;
const END = T0 + MINUTES * 60_000;

/** The simulator's events of a fault, Okta-sized, as SQS messages of a batch a minute. */
function batches(fault: Parameters<typeof integrationEvents>[0]): {
  details: unknown[];
  messages: ReturnType<typeof streamMessage>[][];
} {
  const details = integrationEvents(fault, T0, END).map((e) => oktaShaped(e));
  const messages: ReturnType<typeof streamMessage>[][] = [];
  // A batch a minute of `published`, as the stream's 60 s batching window gathers them.
  details.forEach((detail, n) => {
    const minute = Math.floor((Date.parse(String(detail.published)) - T0) / 60_000);
    (messages[minute] ??= []).push(streamMessage(detail, n));
  });
  return { details, messages };
}

// The aggregator logs a line a batch: kept from the test's output.
beforeEach(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
afterEach(() => vi.restoreAllMocks());

async function streamed(fault: Parameters<typeof integrationEvents>[0], times = 1) {
  const { store } = memoryTallyStore();
  const { details, messages } = batches(fault);
  for (let time = 0; time < times; time += 1)
    for (const batch of messages)
      expect(await aggregate({ Records: batch }, store, END, integrationReader)).toEqual({
        batchItemFailures: [],
      });
  const { items } = await store.others(Math.floor(T0 / 60_000), Math.floor(END / 60_000) + 1);
  return { details, items };
}

const polledEvents = (details: readonly unknown[]): IntegrationEvent[] =>
  details.map(readIntegrationEvent).flatMap((r) => (isSkipped(r) ? [] : [r]));

describe("the aggregator's integration counts", () => {
  it.each([
    'registration-hook-500',
    'smtp-refusing',
    'telephony-failover',
    'import-failed',
    'email-domain-unverified',
  ] as const)('judges %s from the stored counts exactly as from the polled events', async (fault) => {
    const { details, items } = await streamed(fault);
    const stored = storedIntegrationCounts(items);
    expect(stored.damaged).toBe(0);
    const fromStream = judgeIntegrations(stored.events, END);
    const fromPoll = judgeIntegrations(polledEvents(details), END);
    expect(fromStream.told.length).toBeGreaterThan(0);
    expect(fromStream.told).toEqual(fromPoll.told);
    expect(fromStream.items).toEqual(fromPoll.items);
  });

  it('stores a count per minute and integration, never a row a message, and nothing personal', async () => {
    const { details, items } = await streamed('smtp-refusing');
    const integrationsAMinute = new Set(
      polledEvents(details).map(
        ({ uuid: _u, published, ...rest }) => `${Math.floor(published / 60_000)}:${JSON.stringify(rest)}`,
      ),
    );
    expect(items).toHaveLength(integrationsAMinute.size);
    expect(integrationsAMinute.size).toBeLessThan(details.length);
    const text = JSON.stringify(items);
    for (const secret of ['+1555', '@acme.example', 'Relaying denied', '00u1intg', '<', 'phone_number'])
      expect(text).not.toContain(secret);
  });

  it("keeps one row for a minute's 500 deliveries", async () => {
    const { store } = memoryTallyStore();
    const [mail] = integrationEvents('healthy', T0, T0 + 60_000).filter((e) => e.eventType === 'system.email.delivery');
    const records = Array.from({ length: 500 }, (_, n) =>
      streamMessage(oktaShaped({ ...mail!, uuid: `mail-${String(n).padStart(6, '0')}` }), n),
    );
    await aggregate({ Records: records }, store, T0 + 60_000, integrationReader);
    const { items } = await store.others(0, Number.MAX_SAFE_INTEGER);
    expect(items).toEqual([
      expect.objectContaining({ n: 500, e: { k: 'email', status: 'delivered', smtpRefused: false } }),
    ]);
  });

  it('counts a batch delivered twice once', async () => {
    const once = await streamed('registration-hook-500');
    const twice = await streamed('registration-hook-500', 2);
    const total = (items: unknown[]) => storedIntegrationCounts(items).events.reduce((n, e) => n + (e.n ?? 1), 0);
    expect(total(twice.items)).toBe(total(once.items));
    expect(total(once.items)).toBe(polledEvents(once.details).length);
  });

  it('counts a damaged row as damaged and judges none of it', () => {
    const good = { ig: 1, m: 29_000_000, n: 4, e: { k: 'email', status: 'delivered', smtpRefused: false } };
    const hostile = [
      { ig: 1, m: 29_000_000, n: 4, e: { k: 'email', status: 'lost', smtpRefused: false } },
      { ig: 1, m: 29_000_000, n: -1, e: good.e },
      { ig: 1, m: 'soon', n: 1, e: good.e },
      { ig: 1, m: 29_000_000, n: 1, e: { k: 'hook', hook: '<b>x</b>', type: 'other', failed: true } },
      { ig: 1, m: 29_000_000, n: 1, e: 'hook' },
    ];
    const read = storedIntegrationCounts([good, ...hostile, { uuid: 'a provisioning reduction' }]);
    expect(read.damaged).toBe(hostile.length);
    expect(read.events).toEqual([expect.objectContaining({ k: 'email', n: 4 })]);
  });

  it("leaves provisioning's read of the same table its own, the counts not damaged ones of its", async () => {
    const { items } = await streamed('healthy');
    expect(items.length).toBeGreaterThan(0);
    expect(storedProvisioningEvents(items)).toEqual({ events: [], damaged: 0, cut: false });
  });

  it('reads with the first reader that knows the event', () => {
    const provisioning = (detail: unknown) => ((detail as { p?: unknown }).p === 1 ? { p: true } : undefined);
    const both = eitherReader(provisioning, integrationReader);
    const [hook] = integrationEvents('healthy', T0, T0 + 60_000).map((e) => oktaShaped(e));
    expect(both?.({ p: 1 })).toEqual({ p: true });
    expect(both?.(hook)).toEqual(expect.objectContaining({ ig: 1, n: 1 }));
    expect(both?.({ eventType: 'user.session.start' })).toBeUndefined();
    expect(eitherReader(undefined, integrationReader)).toBe(integrationReader);
  });
});
