// Every entry of Okta's error catalogue that one of the probe's requests can receive gets its diagnosis:
// never UNEXPECTED_RESPONSE, never the generic code of its `error` where the catalogue names a cause with
// its own remedy. The entries and the requests that can receive them: test/data/okta-oauth2-error-catalogue.json.
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS_CODES } from '../../../functions/contract';
import { judgeEntry, readCatalogue } from '../../../scripts/catalogue';

const { published, entries } = readCatalogue();
const cases = entries.flatMap((entry) =>
  entry.reachedBy.map(
    (target) => [`${entry.id} (${entry.status} ${entry.error}) at ${target}`, entry, target] as const,
  ),
);

describe("Okta's error catalogue", () => {
  it.each(cases)('%s', (_name, entry, target) => {
    const outcomes = judgeEntry(entry, target);

    expect(outcomes).not.toContain('UNEXPECTED_RESPONSE');
    expect(outcomes).toEqual([entry.expect]);
  });

  it('holds entries from the published catalogue only, each once, each reachable by some request', () => {
    expect(published).toBe(476);
    const ids = entries.map((entry) => `${entry.shape}:${entry.id}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of entries) expect(entry.reachedBy.length, entry.id).toBeGreaterThan(0);
  });

  it('expects only real diagnosis codes, and uses every code that splits a generic one', () => {
    const expected = new Set(entries.map((entry) => entry.expect));
    for (const code of expected) expect([...DIAGNOSIS_CODES, 'PASS']).toContain(code);
    for (const specific of [
      'ORG_SCOPE_NOT_GRANTED',
      'SCOPE_REQUIRES_CONSENT',
      'SCOPE_DENIED_BY_POLICY',
      'NETWORK_ZONE_DENIED',
      'CLAIM_EVALUATION_FAILED',
      'INLINE_HOOK_FAILED',
      'UNKNOWN_CLIENT_ID',
      'CLIENT_AUTH_MALFORMED',
      'NOT_A_SERVICE_APP',
      'REQUEST_REJECTED',
    ] as const) {
      expect(expected, specific).toContain(specific);
    }
  });
});
