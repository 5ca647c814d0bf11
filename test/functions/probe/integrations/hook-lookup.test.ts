// A hook host's DNS look-up that never answers: the certificate read ends at its bound, through the one timeout race
// (`within`), and what it tells is our own look-up's silence, never the hook's certificate nor Okta.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readCertificate } from '../../../../functions/probe/integrations/hook-tls';
import { HOOK_READ, judgeHookLists, readHookCerts, readHookList } from '../../../../functions/probe/integrations/hooks';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const NOW = Date.parse('2026-03-02T10:15:00.000Z');
/** A resolver that never answers, nor fails. */
const silentLookup = () => new Promise<never>(() => undefined);
const tokenHook = {
  id: 'cal1tokenhook0000x7',
  name: 'Claims enricher',
  status: 'ACTIVE',
  type: 'com.okta.oauth2.tokens.transform',
  channel: { config: { uri: 'https://claims.acme.com/okta' } },
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("a hook host's look-up that never answers", () => {
  it('ends at its bound, not before, told as our own look-up late', async () => {
    let read: unknown;
    void readCertificate({ host: 'claims.acme.com', port: 443 }, { timeoutMs: 3_000, lookup: silentLookup }).then(
      (r) => (read = r),
    );
    await vi.advanceTimersByTimeAsync(2_999);
    expect(read).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toEqual({ failure: 'lookup_late', code: 'DNS_TIMEOUT', ms: 3_000 });
    expect(vi.getTimerCount()).toBe(0); // the bound's timer is gone with it
  });

  it("is told as the probe's look-up, not a finding of the hook or of Okta, and tried again next run", async () => {
    const lists = { inline: readHookList([tokenHook], 'inline'), event: readHookList([], 'event') };
    const cache = createMemoryCache();
    const reading = readHookCerts(lists, { cache }, NOW, { lookup: silentLookup });
    await vi.advanceTimersByTimeAsync(HOOK_READ.timeoutMs);
    const certs = await reading;
    const judged = judgeHookLists(lists, certs, new Set([tokenHook.id]), NOW);
    expect(judged.told).toEqual([]);
    expect(judged.items).toEqual([
      expect.objectContaining({
        item:
          "certificate of claims.acme.com: not read: the probe's own DNS look-up of claims.acme.com got no answer " +
          `within ${HOOK_READ.timeoutMs / 1000} s (DNS_TIMEOUT): not checked`,
        status: 'n/a',
      }),
    ]);
    expect(cache.get('integration-health:cert:claims.acme.com:443', NOW)).toBeUndefined();
  });
});
