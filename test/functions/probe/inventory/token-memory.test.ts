// The API tokens the inventory saw expiring, remembered between runs: Okta's list holds active tokens
// only, so a token that expired or whose owner was deactivated vanishes, and only a memory of the list tells it.
import { describe, expect, it } from 'vitest';
import { judgeApiTokens, readApiTokens, type TokenOwner } from '../../../../functions/probe/inventory/api-tokens';
import {
  GONE_REPORTED_MS,
  nextTokenMemory,
  readTokenMemory,
  withTokenMemory,
  type TokenMemory,
} from '../../../../functions/probe/inventory/token-memory';
import { createMemoryKeptStore } from '../../../../functions/probe/kept-store';
import { failureSeverity } from '../../../../functions/plan/outputs';
import type { KeptStore } from '../../../../functions/kept-state';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number): string => new Date(ms).toISOString();
const token = (id: string, name: string, expiresAt: number, tokenWindow = 'P30D') => ({
  id,
  name,
  userId: '00uactive0000000001',
  expiresAt: at(expiresAt),
  tokenWindow,
  clientName: 'Okta API',
});
const owners = new Map<string, TokenOwner>([
  ['00uactive0000000001', { status: 'ACTIVE', login: 'svc-okta@acme.example' }],
]);
const EMPTY: TokenMemory = { tokens: [] };

describe('the memory of the tokens seen expiring', () => {
  const quarterly = token('00Tquarterly000001', 'quarterly-export', NOW + 2 * HOUR);
  const terraform = token('00Tterraform000001', 'terraform', NOW + 29 * DAY);

  it('remembers only the expiring tokens, with what a report needs and nothing secret', () => {
    const { memory, gone } = nextTokenMemory(EMPTY, readApiTokens([quarterly, terraform]), owners, NOW, 7, true);
    expect(gone).toEqual([]);
    expect(memory).toEqual({
      tokens: [
        {
          id: '00Tquarterly000001',
          name: 'quarterly-export',
          owner: 'svc-okta@acme.example',
          expiresAt: quarterly.expiresAt,
          tokenWindow: 'P30D',
        },
      ],
    });
  });

  it(
    'a token remembered as expiring and listed no more is gone: expired when past its expiry, else revoked or ' +
      'its owner deactivated',
    () => {
      const seen = nextTokenMemory(EMPTY, readApiTokens([quarterly, terraform]), owners, NOW, 7, true).memory;
      const later = NOW + 3 * HOUR;
      const { gone } = nextTokenMemory(seen, readApiTokens([terraform]), owners, later, 7, true);
      expect(gone).toEqual([expect.objectContaining({ id: '00Tquarterly000001', goneAt: later })]);
      const verdict = judgeApiTokens(readApiTokens([terraform]), owners, later, 7, gone);
      expect(verdict.findings.map((f) => f.code)).toEqual(['API_TOKEN_GONE']);
      expect(verdict.findings[0]?.detail).toMatch(
        /^token "quarterly-export" \(owner svc-okta@acme\.example\) was expiring and is no longer listed since .*: it expired .* unused for its whole P30D window, and Okta removed it/,
      );
      // A warning, published as "0 days to the first stop": the expiring alarm fires, never the page.
      expect(failureSeverity('api-tokens', 'API_TOKEN_GONE')).toBe('warn');
      expect(verdict.observed).toMatchObject({ soonestDays: 0, gone: 1 });
      const early = judgeApiTokens(
        [],
        owners,
        NOW + HOUR,
        7,
        nextTokenMemory(seen, [], owners, NOW + HOUR, 7, true).gone,
      );
      expect(early.findings[0]?.detail).toContain('it went before its expiry');
    },
  );

  it('reports a gone token for a day, then forgets it; a list not read whole takes no token for gone', () => {
    const seen = nextTokenMemory(EMPTY, readApiTokens([quarterly]), owners, NOW, 7, true).memory;
    const partial = nextTokenMemory(seen, [], owners, NOW + HOUR, 7, false);
    expect(partial.gone).toEqual([]);
    expect(partial.memory).toEqual(seen);
    const goneAt = NOW + 3 * HOUR;
    const first = nextTokenMemory(seen, [], owners, goneAt, 7, true);
    expect(nextTokenMemory(first.memory, [], owners, goneAt + GONE_REPORTED_MS - 1, 7, true).gone).toHaveLength(1);
    const after = nextTokenMemory(first.memory, [], owners, goneAt + GONE_REPORTED_MS, 7, true);
    expect(after).toEqual({ memory: EMPTY, gone: [] });
  });

  it('reports a token remembered as gone next year for a day from now, never for good', () => {
    const seen = nextTokenMemory(EMPTY, readApiTokens([quarterly]), owners, NOW, 7, true).memory;
    const forged = { tokens: seen.tokens.map((t) => ({ ...t, goneAt: NOW + 365 * DAY })) };
    const first = nextTokenMemory(forged, [], owners, NOW, 7, true);
    expect(first.gone.map((t) => t.goneAt)).toEqual([NOW]);
    expect(nextTokenMemory(first.memory, [], owners, NOW + GONE_REPORTED_MS, 7, true)).toEqual({
      memory: EMPTY,
      gone: [],
    });
    // A peer's clock a minute ahead is honest: kept as it is.
    const skewed = { tokens: seen.tokens.map((t) => ({ ...t, goneAt: NOW + 60_000 })) };
    expect(nextTokenMemory(skewed, [], owners, NOW, 7, true).gone.map((t) => t.goneAt)).toEqual([NOW + 60_000]);
  });

  it('reads anything unreadable as nothing remembered, and stays within one SSM parameter for a large org', () => {
    expect(readTokenMemory('not json')).toEqual(EMPTY);
    expect(readTokenMemory({ tokens: [{ id: 1 }, { id: 'x', expiresAt: 'soon' }, null] })).toEqual(EMPTY);
    const many = Array.from({ length: 300 }, (_, i) =>
      token(`00Tmany${String(i).padStart(11, '0')}`, `${'n'.repeat(200)}${i}`, NOW + (i + 1) * HOUR),
    );
    const { memory } = nextTokenMemory(EMPTY, readApiTokens(many), owners, NOW, 7, true);
    expect(memory.tokens.length).toBeGreaterThan(0);
    expect(JSON.stringify(memory).length).toBeLessThanOrEqual(4096);
    // The soonest first: those are the next to go.
    expect(memory.tokens[0]?.id).toBe('00Tmany00000000000');
  });
});

describe("the memory across processes, through the run's KeptStore", () => {
  const quarterly = token('00Tquarterly000001', 'quarterly-export', NOW + 2 * HOUR);

  it(
    "a second store reading the first's record (a new " + 'process, a cold start) knows the token was expiring',
    async () => {
      const records = new Map<string, unknown>();
      const persistent = (): KeptStore => ({
        where: () => 'a test record',
        read: (key) => Promise.resolve(records.get(key)),
        write: (key, value) => Promise.resolve(void records.set(key, JSON.parse(JSON.stringify(value)))),
      });
      await withTokenMemory(persistent(), { tokens: readApiTokens([quarterly]), owners, complete: true }, NOW, 7);
      const { gone, memory } = await withTokenMemory(
        persistent(),
        { tokens: [], owners, complete: true },
        NOW + 3 * HOUR,
        7,
      );
      expect(gone.map((t) => t.name)).toEqual(['quarterly-export']);
      expect(memory).toBe('1 remembered in a test record');
    },
  );

  it('a store that cannot be read or written never fails the kind: the facts say what was not known', async () => {
    const broken: KeptStore = {
      where: () => 'the SSM parameter /x/kept/api-tokens',
      read: () => Promise.reject(new Error('AccessDenied')),
      write: () => Promise.reject(new Error('AccessDenied')),
    };
    expect(
      await withTokenMemory(broken, { tokens: readApiTokens([quarterly]), owners, complete: true }, NOW, 7),
    ).toEqual({ gone: [], memory: expect.stringMatching(/^unreadable \(the SSM parameter \/x\/kept\/api-tokens\)/) });
    const readOnly: KeptStore = { ...createMemoryKeptStore(), write: () => Promise.reject(new Error('AccessDenied')) };
    expect(
      (await withTokenMemory(readOnly, { tokens: readApiTokens([quarterly]), owners, complete: true }, NOW, 7)).memory,
    ).toMatch(/^not written/);
  });

  it("writes only when the memory changed: a healthy org's inventory costs the store one read", async () => {
    const writes: string[] = [];
    const memory = createMemoryKeptStore();
    const counting: KeptStore = {
      ...memory,
      write: (key, value) => {
        writes.push(key);
        return memory.write(key, value);
      },
    };
    await withTokenMemory(counting, { tokens: [], owners, complete: true }, NOW, 7);
    expect(writes).toEqual([]);
    await withTokenMemory(counting, { tokens: readApiTokens([quarterly]), owners, complete: true }, NOW, 7);
    await withTokenMemory(counting, { tokens: readApiTokens([quarterly]), owners, complete: true }, NOW + 60_000, 7);
    expect(writes).toEqual(['api-tokens']);
  });
});
