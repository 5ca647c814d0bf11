import { describe, expect, it } from 'vitest';
import { STATUS_SERVER } from '../../../functions/contract';
import { INVENTORY_SETTINGS } from '../../../functions/config/inventory';
import { plannedChecks } from '../../../functions/plan/checks';
import { chainHeads, judgedLater, laterTurns } from '../../../functions/probe/turns';
import type { ProbeConfig } from '../../../functions/types';

describe('laterTurns', () => {
  it('ends each wait a turn after the one before it, with I/O callbacks served between', async () => {
    const later = laterTurns();
    const told: string[] = [];
    const first = later().then(() => {
      told.push('first');
      setImmediate(() => told.push('callback of the first'));
    });
    const second = later().then(() => told.push('second'));
    expect(told).toEqual([]);
    await Promise.all([first, second]);
    expect(told).toEqual(['first', 'callback of the first', 'second']);
  });
});

describe('the chains of a run', () => {
  const config: ProbeConfig = {
    orgUrl: 'https://acme.okta.com',
    statusPageUrl: 'https://status.example.com/feed',
    timeoutMs: 2000,
    rateLimitWarnPercent: 10,
    clockSkewWarnSeconds: 60,
    ...INVENTORY_SETTINGS,
    servers: [
      {
        id: 'org',
        clientId: '0oaOrg',
        credential: { kind: 'client_secret_basic', from: 'inline', clientSecret: 'x' },
        scopes: ['okta.users.read'],
        requiredClaims: [],
      },
    ],
  };

  it('heads: the token (the introspection sends a request on it), never the keys (validate sends none)', () => {
    const plan = plannedChecks(config);
    const isHead = chainHeads(plan);
    expect(plan.filter((p) => isHead(p.server, p.check)).map((p) => p.check)).toEqual(['token']);
    // Planned without anything that sends on it, the token heads no chain.
    expect(chainHeads(plannedChecks(config, new Set(['token'] as const)))('org', 'token')).toBe(false);
  });

  it("judges a first-wave leaf's answer later, never a head's, a check that needs another, or a journey's", () => {
    const isHead = chainHeads(plannedChecks(config));
    expect(judgedLater(isHead, 'org', 'discovery')).toBe(true);
    expect(judgedLater(isHead, STATUS_SERVER, 'status')).toBe(true);
    expect(judgedLater(isHead, 'org', 'token')).toBe(false);
    expect(judgedLater(isHead, 'org', 'introspect')).toBe(false);
    expect(judgedLater(isHead, 'portal', 'sign-in')).toBe(false);
  });
});
