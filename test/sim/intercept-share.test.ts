// An intercept answering a share of the requests it matches, each on its own: a partial outage as Okta's incident
// reports describe them, not the all-or-nothing one the probe's round-by-round verdict was first measured against.
import { describe, expect, it } from 'vitest';
import { interceptFor, type Intercept } from '../../sim/faults';
import { seeded } from '../support/seeded';

const partial = (share?: number): Intercept => ({
  server: 'org',
  endpoint: 'token',
  answer: { kind: 'html', status: 503, title: 'Service Unavailable', message: 'Try again later.' },
  ...(share !== undefined ? { share } : {}),
});

describe('an intercept with a share', () => {
  it('answers about that share of the matching requests, and serves the rest', () => {
    const random = seeded(11);
    let answered = 0;
    for (let i = 0; i < 10_000; i += 1)
      if (interceptFor({ intercept: [partial(0.4)] }, 'org', 'token', random) !== undefined) answered += 1;
    expect(answered / 10_000).toBeGreaterThan(0.37);
    expect(answered / 10_000).toBeLessThan(0.43);
  });

  it('answers every matching request without a share, and none of another endpoint', () => {
    expect(interceptFor({ intercept: [partial()] }, 'org', 'token', () => 0.99)).toBeDefined();
    expect(interceptFor({ intercept: [partial(0.4)] }, 'org', 'discovery', () => 0)).toBeUndefined();
    expect(interceptFor({ intercept: [partial(0.4)] }, 'org', 'token', () => 0.4)).toBeUndefined();
  });
});
