// An app that refused the sign-in after Okta handed off is told Okta's part first by the System Log, read by the
// run's own request id (the authorize hop's, the SAML app link's) and, for the ID token granted on the app's own
// request, by the app's client: "Okta issued the ID token (System Log event …, outcome SUCCESS)", or that the log had
// not shown it yet, or could not be read; never "works" from an event not seen. A run where no app refused asks
// nothing more.
import { describe, expect, it, vi } from 'vitest';
import { diagnose } from '../../../../functions/diagnosis';
import type { LogSession } from '../../../../functions/probe/okta/log-session';
import type { LogEvent } from '../../../../functions/probe/okta/log-events';
import { lookUpFailures, withFindings } from '../../../../functions/probe/system-log/look-up';
import type { CheckResult, ProbeConfig } from '../../../../functions/types';

const STARTED = Date.parse('2026-11-28T12:00:00Z');
const CLIENT = '0oaExpenses';

const refused = (
  protocol: 'oidc' | 'saml',
  code: 'APP_AUDIENCE_MISMATCH' | 'APP_CERTIFICATE_PINNED' | 'APP_UNAVAILABLE',
): CheckResult => ({
  server: protocol === 'oidc' ? 'page' : 'wiki',
  check: 'app-sign-in',
  status: 'fail',
  latencyMs: null,
  observed: {
    app: protocol === 'oidc' ? 'Expenses' : 'Wiki',
    protocol,
    ...(protocol === 'oidc' && { clientId: CLIENT }),
  },
  diagnosis: diagnose(code, { requestId: 'reqHandOff1', detail: "Okta's part succeeded (its redirect left Okta)" }),
});

const logEvent = (fields: Partial<LogEvent> & Pick<LogEvent, 'eventType'>): LogEvent => ({
  uuid: `u-${fields.eventType}-${fields.published ?? 0}`,
  published: STARTED + 1000,
  displayMessage: null,
  result: 'SUCCESS',
  reason: null,
  actor: { id: '00uSynthetic', alternateId: 'synthetic@acme.example', type: 'User' },
  targets: [],
  transactionId: null,
  debug: {},
  ...fields,
});

/** A log session answering each read from `answer`, as the one reader's session does. */
function session(answer: (filter: string) => LogEvent[] | null, partial = false) {
  const read = vi.fn(async (query: { filter: string }) => answer(query.filter));
  const fake = {
    read,
    get partial() {
      return partial;
    },
    get unavailable() {
      return answer('') === null ? { code: 'INSUFFICIENT_SCOPE', detail: 'okta.logs.read is not granted' } : undefined;
    },
  };
  return { session: fake as unknown as LogSession, read };
}

const config = { servers: [] } as unknown as ProbeConfig;

/** A grant of `client`'s on the app's back channel: refused (invalid_client), or its ID token issued. */
const grant = (client: string, result: 'SUCCESS' | 'FAILURE', after = 2000): LogEvent =>
  logEvent({
    eventType: result === 'FAILURE' ? 'app.oauth2.as.token.grant' : 'app.oauth2.as.token.grant.id_token',
    result,
    reason: result === 'FAILURE' ? 'invalid_client' : null,
    transactionId: `reqBackChannel${after}`,
    published: STARTED + after,
    actor: { id: client, alternateId: client, type: 'PublicClientApp' },
  });

async function told(checks: CheckResult[], s: LogSession): Promise<CheckResult[]> {
  const findings = await lookUpFailures(s, config, checks, STARTED, STARTED + 30_000);
  return withFindings(checks, findings);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const detailOf = (check: CheckResult | undefined): string =>
  check?.status === 'fail' ? (check.diagnosis.detail ?? '') : '';

describe("Okta's part of a refused sign-in to an app, by the System Log", () => {
  it('says first that Okta issued the ID token, by the events of its code and its grant for that client', async () => {
    const events = [
      logEvent({ eventType: 'app.oauth2.as.authorize.code', transactionId: 'reqHandOff1' }),
      // Another app's ID token: not this client's.
      logEvent({ eventType: 'app.oauth2.as.token.grant.id_token', transactionId: 'reqOther', targets: [] }),
      logEvent({
        eventType: 'app.oauth2.as.token.grant.id_token',
        transactionId: 'reqAppBackChannel',
        published: STARTED + 2000,
        targets: [{ type: 'AppInstance', id: CLIENT, displayName: 'Expenses', alternateId: 'Expenses' }],
      }),
    ];
    const { session: s, read } = session(() => events);

    const [check] = await told([refused('oidc', 'APP_AUDIENCE_MISMATCH')], s);

    expect(detailOf(check)).toMatch(
      new RegExp(
        '^' +
          escape('Okta issued the ID token (System Log event app.oauth2.as.token.grant.id_token, outcome SUCCESS)') +
          escape(' after the code (System Log event app.oauth2.as.authorize.code, outcome SUCCESS, ') +
          escape("X-Okta-Request-Id reqHandOff1). Okta's part succeeded"),
      ),
    );
    expect(read.mock.calls[0]?.[0].filter).toContain('transaction.id eq "reqHandOff1"');
    expect(read.mock.calls[0]?.[0].filter).toContain('eventType eq "app.oauth2.as.token.grant.id_token"');
  });

  it('says the log had not shown the ID token yet, and that its read stopped at its bound', async () => {
    const code = logEvent({ eventType: 'app.oauth2.as.authorize.code', transactionId: 'reqHandOff1' });
    const { session: s } = session(() => [code], true);

    const detail = detailOf((await told([refused('oidc', 'APP_AUDIENCE_MISMATCH')], s))[0]);

    expect(detail).toMatch(/the System Log had not shown the ID token yet \(its read stopped at its bound/);
    expect(detail).not.toMatch(/Okta issued the ID token/);
  });

  it("says the log could not be read, and why, when it was not: Okta's part told by the page alone", async () => {
    const { session: s } = session(() => null);

    const detail = detailOf((await told([refused('oidc', 'APP_AUDIENCE_MISMATCH')], s))[0]);

    expect(detail).toMatch(
      new RegExp(
        '^' +
          escape("Okta's System Log could not be read this run (okta.logs.read is not granted): ") +
          escape("Okta's part is told by the page alone"),
      ),
    );
  });

  it("tells a SAML app's single sign-on by the app link's request, and Okta's last rotation of its key", async () => {
    const rotatedAt = STARTED - 2 * 86_400_000;
    const { session: s, read } = session((filter) =>
      filter.includes('app.keys.rotate')
        ? [
            logEvent({
              eventType: 'app.keys.rotate',
              published: rotatedAt,
              targets: [{ type: 'AppInstance', id: 'exk1', displayName: 'Wiki', alternateId: 'oktasim_wiki' }],
            }),
          ]
        : [logEvent({ eventType: 'user.authentication.sso', transactionId: 'reqHandOff1' })],
    );

    const detail = detailOf((await told([refused('saml', 'APP_CERTIFICATE_PINNED')], s))[0]);

    expect(detail).toMatch(
      new RegExp(
        '^' +
          escape('Okta signed the user in to the app (System Log event user.authentication.sso, outcome SUCCESS, ') +
          escape('X-Okta-Request-Id reqHandOff1)'),
      ),
    );
    expect(detail).toContain(
      `Okta last rotated Wiki's signing key at ${new Date(rotatedAt).toISOString()} (System Log event app.keys.rotate`,
    );
    // The SAML app's own request id only: no ID token's grant is asked for.
    expect(read.mock.calls.map((c) => c[0].filter).join(' ')).not.toContain('token.grant.id_token');
  });

  it("reads Okta's outcome words: a policy's ALLOW beside the code is a success, never its part failing", async () => {
    const events = [
      logEvent({ eventType: 'policy.evaluate_sign_on', result: 'ALLOW', transactionId: 'reqHandOff1' }),
      logEvent({ eventType: 'app.oauth2.as.authorize.code', transactionId: 'reqHandOff1' }),
      logEvent({
        eventType: 'app.oauth2.as.token.grant.id_token',
        transactionId: 'reqAppBackChannel',
        published: STARTED + 2000,
        targets: [{ type: 'AppInstance', id: CLIENT, displayName: 'Expenses', alternateId: 'Expenses' }],
      }),
    ];
    const { session: s } = session(() => events);

    const detail = detailOf((await told([refused('oidc', 'APP_AUDIENCE_MISMATCH')], s))[0]);

    expect(detail).toMatch(/^Okta issued the ID token \(System Log event app\.oauth2\.as\.token\.grant\.id_token/);
    expect(detail).not.toMatch(/did not succeed/);
  });

  it("reads the Org authorization server's own types: app.oauth2.authorize.code and its ID token's grant", async () => {
    const events = [
      logEvent({ eventType: 'policy.evaluate_sign_on', result: 'ALLOW', transactionId: 'reqHandOff1' }),
      logEvent({ eventType: 'app.oauth2.authorize.code', transactionId: 'reqHandOff1' }),
      logEvent({
        eventType: 'app.oauth2.token.grant.id_token',
        transactionId: 'reqAppBackChannel',
        published: STARTED + 2000,
        actor: { id: CLIENT, alternateId: 'Expenses', type: 'PublicClientApp' },
      }),
    ];
    const { session: s, read } = session(() => events);

    const detail = detailOf((await told([refused('oidc', 'APP_AUDIENCE_MISMATCH')], s))[0]);

    expect(detail).toMatch(
      new RegExp(
        '^' +
          escape('Okta issued the ID token (System Log event app.oauth2.token.grant.id_token, outcome SUCCESS)') +
          escape(' after the code (System Log event app.oauth2.authorize.code, outcome SUCCESS, '),
      ),
    );
    expect(read.mock.calls[0]?.[0].filter).toContain('eventType eq "app.oauth2.token.grant.id_token"');
  });

  it('tells a CHALLENGE the session met as nothing, one with nothing after it as Okta asking for more', async () => {
    const challenge = logEvent({
      eventType: 'policy.evaluate_sign_on',
      result: 'CHALLENGE',
      transactionId: 'reqHandOff1',
    });
    const met = session(() => [
      challenge,
      logEvent({ eventType: 'user.authentication.sso', transactionId: 'reqHandOff1' }),
    ]);
    const unmet = session(() => [challenge]);

    const metDetail = detailOf((await told([refused('saml', 'APP_CERTIFICATE_PINNED')], met.session))[0]);
    const unmetDetail = detailOf((await told([refused('saml', 'APP_CERTIFICATE_PINNED')], unmet.session))[0]);

    expect(metDetail).toMatch(/^Okta signed the user in to the app/);
    expect(unmetDetail).toMatch(
      new RegExp(
        '^' +
          escape("Okta's System Log had not shown the single sign-on of X-Okta-Request-Id reqHandOff1 yet; ") +
          escape('on that request Okta asked for more (System Log event policy.evaluate_sign_on, outcome CHALLENGE)'),
      ),
    );
    expect(`${metDetail} ${unmetDetail}`).not.toMatch(/did not succeed/);
  });

  it("reads the app's back channel refused by Okta (invalid_client) from its event: APP_CLIENT_REFUSED", async () => {
    const events = [
      logEvent({ eventType: 'app.oauth2.as.authorize.code', transactionId: 'reqHandOff1' }),
      logEvent({
        eventType: 'app.oauth2.as.token.grant',
        result: 'FAILURE',
        reason: 'invalid_client',
        transactionId: 'reqAppBackChannel',
        published: STARTED + 2000,
        actor: { id: CLIENT, alternateId: 'Expenses', type: 'PublicClientApp' },
      }),
    ];
    const { session: s, read } = session(() => events);
    // The app's 502 after its token request: by its page alone, the app's service failing.
    const unavailable = refused('oidc', 'APP_UNAVAILABLE');

    const [check] = await told([unavailable], s);
    const detail = detailOf(check);

    // The app's 5xx is its credentials Okta refused, by Okta's own event: never "its service is failing".
    const diagnosis = check?.status === 'fail' ? check.diagnosis : undefined;
    expect([diagnosis?.code, diagnosis?.systemLog?.refinedFrom, diagnosis?.requestId]).toEqual([
      'APP_CLIENT_REFUSED',
      'APP_UNAVAILABLE',
      'reqHandOff1',
    ]);
    expect(diagnosis?.remedy).toContain('Client Credentials');
    expect(detail).toMatch(
      new RegExp(
        '^' +
          escape("Okta refused the app's own token request (System Log event app.oauth2.as.token.grant, outcome ") +
          escape('FAILURE: invalid_client) after the code'),
      ),
    );
    expect(read.mock.calls[0]?.[0].filter).toContain('eventType eq "app.oauth2.as.token.grant"');
  });

  it("keeps the app's own code when the refused grant is another client's, or Okta only issued ID tokens", async () => {
    const other = session(() => [grant('0oaSomeoneElse', 'FAILURE')]);
    const [elsewhere] = await told([refused('oidc', 'APP_UNAVAILABLE')], other.session);
    const issued = session(() => [grant(CLIENT, 'SUCCESS')]);
    const [after] = await told([refused('oidc', 'APP_AUDIENCE_MISMATCH')], issued.session);
    const codes = [elsewhere, after].map((c) => (c?.status === 'fail' ? c.diagnosis.code : c?.status));
    expect(codes).toEqual(['APP_UNAVAILABLE', 'APP_AUDIENCE_MISMATCH']);
  });

  it("tells the app's refused request though the journey's own exchange, by the same client, was granted", async () => {
    // A journey signing in with the app's client exchanges its own code after the app's visit: its grant comes later.
    const both = session(() => [grant(CLIENT, 'FAILURE', 2000), grant(CLIENT, 'SUCCESS', 4000)]);
    const [check] = await told([refused('oidc', 'APP_UNAVAILABLE')], both.session);
    expect(check?.status === 'fail' && check.diagnosis.code).toBe('APP_CLIENT_REFUSED');
    expect(detailOf(check)).toMatch(/^Okta refused the app's own token request/);
  });

  it('asks the log nothing on a run where no app refused', async () => {
    const { session: s, read } = session(() => []);
    const passed: CheckResult = {
      server: 'page',
      check: 'app-sign-in',
      status: 'pass',
      latencyMs: null,
      diagnosis: null,
    };

    await told([passed], s);

    expect(read).not.toHaveBeenCalled();
  });
});
