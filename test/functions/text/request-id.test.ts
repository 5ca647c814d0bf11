// X-Okta-Request-Id is printed everywhere a failure is (CLI table and JSON, run line, dashboard, page): only a
// value shaped like Okta's request ids may pass; an echoed secret, token or markup is replaced whole.
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { send } from '../../../functions/probe/http';
import { requestIdIn, requestIdOf } from '../../../functions/text/request-id';
import { REDACTED } from '../../../functions/text/redact';

const ORG = 'https://acme.okta.com';

describe('requestIdOf', () => {
  it("keeps the request ids Okta sends (its docs' examples, 32 hex digits, a UUID)", () => {
    for (const id of [
      'WcrHpdduGgIbMK35lE2FwQAACWI',
      'reqVy8wsvmBQN27h4soUE3ZEnA',
      'aCdyPgD9x0MBkf0ktXX4oAAAAAQ',
      'b0473b2ad622651b6becabf069b98fce',
      '0f8fad5b-d9cb-469f-a165-70867728950e',
    ]) {
      expect(requestIdOf(id)).toBe(id);
    }
    expect(requestIdOf(' aCdyPgD9x0MBkf0ktXX4oAAAAAQ ')).toBe('aCdyPgD9x0MBkf0ktXX4oAAAAAQ');
  });

  it(
    'is null when there is no header, and [REDACTED] for anything else: tokens, secrets, Basic values, markup, ' +
      'new lines',
    () => {
      expect(requestIdOf(undefined)).toBeNull();
      expect(requestIdOf('')).toBeNull();
      for (const hostile of [
        'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwb2EifQ.c2lnbmF0dXJl',
        'Cu8kcM2xbhiW8YlNhEP6_XMm8g1yEyfcbV5GdgbV-secret-of-forty-plus',
        'MG9hMWIyYzNkNGU1ZjZnN2g4aTk6c2VjcmV0LXZhbHVl',
        '<!channel>',
        '[docs](https://evil.example)',
        'abc\nRemedy: call https://evil.example',
        'client_secret=abc',
      ]) {
        expect(requestIdOf(hostile), hostile).toBe(REDACTED);
      }
    },
  );

  it('is applied where the header is read: send() never returns an echoed credential as the request id', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const echoed = 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwb2EifQ.c2lnbmF0dXJl client_secret=s3cr3t-value';
    agent
      .get(ORG)
      .intercept({ path: '/oauth2/v1/token', method: 'POST' })
      .reply(400, '{}', { headers: { 'x-okta-request-id': echoed } });
    const outcome = await send({
      method: 'POST',
      url: `${ORG}/oauth2/v1/token`,
      form: { a: 'b' },
      timeoutMs: 1000,
      dispatcher: agent,
    });
    if (!outcome.ok) throw new Error(outcome.failure.message);
    expect(outcome.response.requestId).toBe(REDACTED);
  });

  it(
    "requestIdIn: [REDACTED] when the id is, holds or is a piece of one of the run's secrets (a short secret " +
      "has a request id's shape)",
    () => {
      const secret = 'k3Pq9ZxW2mR7vT5yL8nB';
      expect(requestIdOf(secret)).toBe(secret);
      for (const echoed of [secret, `req-${secret}`, secret.slice(0, 12), Buffer.from(secret).toString('base64url')]) {
        expect(requestIdIn(echoed, ['other-secret-value', secret]), echoed).toBe(REDACTED);
      }
      // Okta's own ids, and ids that share a few characters with a secret, stay.
      expect(requestIdIn('WcrHpdduGgIbMK35lE2FwQAACWI', [secret])).toBe('WcrHpdduGgIbMK35lE2FwQAACWI');
      expect(requestIdIn('k3Pq9Z', [secret])).toBe('k3Pq9Z');
      expect(requestIdIn(null, [secret])).toBeNull();
      expect(requestIdIn('req-1', [])).toBe('req-1');
    },
  );
});
