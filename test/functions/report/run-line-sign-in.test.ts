// The run line says how each journey signed in (the authenticators that answered Okta, its steps with their times), as
// data: Okta's words in it lose their control characters, the run's secrets are scrubbed, and each field is bounded,
// since the line is kept 400 days and scanned by Logs Insights. The dashboard's query reads exactly those fields.
import { describe, expect, it } from 'vitest';
import { RUN_LINE_SIGN_IN_CHARS, SIGN_INS_QUERY } from '../../../functions/contract';
import { asRunLine } from '../../../functions/report/run-line-shape';
import { runLogLine, runServers } from '../../../functions/report/run-line';
import type { CheckResult, Report } from '../../../functions/types';

const signIn = (observed: Record<string, string>, extra: Partial<CheckResult> = {}): CheckResult =>
  ({
    server: 'portal',
    check: 'sign-in',
    latencyMs: 1830,
    status: 'pass',
    diagnosis: null,
    observed: { flow: 'authn', ...observed },
    ...extra,
  }) as CheckResult;

const report = (checks: CheckResult[]): Report => ({
  startedAt: '2026-11-26T00:00:00.000Z',
  durationMs: 2000,
  orgUrl: 'https://acme.okta.com',
  checks,
  metrics: [],
});

describe("the run line's sign-in", () => {
  it('names the authenticators that answered and each step by its first word with its time, ms', () => {
    const line = runLogLine(
      report([
        signIn({
          authenticators: 'password + Google Authenticator',
          stepTimes: 'authn 175 ms > verify token:software:totp (GOOGLE) 90 ms > authorize 125 ms > token (code) 8 ms',
        }),
      ]),
    );
    expect(line.servers).toEqual([
      {
        id: 'portal',
        up: 1,
        ms: 1830,
        via: 'password + Google Authenticator',
        steps: 'authn 175, verify 90, authorize 125, token 8',
      },
    ]);
    expect(asRunLine(JSON.parse(JSON.stringify(line)))).toEqual(line);
    // Every field of a server the dashboard's query reads is on the line.
    const read = [...SIGN_INS_QUERY.join('\n').matchAll(/\bs\.(\w+)/g)].map((m) => m[1] ?? '');
    expect(read.length).toBeGreaterThan(2);
    for (const field of read) expect(line.servers?.[0], `s.${field}`).toHaveProperty(field);
  });

  it("keeps Okta's words as data: control characters dropped, secrets scrubbed, each field bounded", () => {
    const secret = 'hunter2-the-password';
    const line = runLogLine(
      report([
        signIn({
          authenticators: `password + TOTP code (\u001b[2J\u001b]8;;https://evil.example\u0007${secret})`,
          stepTimes: Array.from({ length: 60 }, (_, i) => `step${i}\r\n (x) ${i} ms`).join(' > '),
        }),
      ]),
      { secrets: [secret] },
    );
    const [portal] = line.servers ?? [];
    // eslint-disable-next-line no-control-regex
    const control = /[\u0000-\u001f\u007f]/;
    expect(portal?.via).not.toMatch(control);
    expect(portal?.via).not.toContain(secret);
    expect(portal?.steps).not.toMatch(control);
    expect(portal?.via?.length).toBeLessThanOrEqual(RUN_LINE_SIGN_IN_CHARS.via);
    expect(portal?.steps?.length).toBe(RUN_LINE_SIGN_IN_CHARS.steps);
    expect(portal?.steps?.endsWith('…')).toBe(true);
  });

  it('keeps every step of a long journey whose compact form fits, however long its labels', () => {
    const forms = [
      'identify (username and password) 210 ms',
      'select-authenticator-authenticate (Google Authenticator) 41 ms',
      'challenge-authenticator (Google Authenticator) 150 ms',
      'skip (device assurance grace period) 38 ms',
      'select-authenticator-authenticate (passkey (FIDO2 WebAuthn)) 40 ms',
      'skip (device assurance grace period) 39 ms',
      'select-authenticator-enroll (passkey (FIDO2 WebAuthn)) 44 ms',
      'enroll-authenticator (passkey (FIDO2 WebAuthn)) 160 ms',
    ];
    const stepTimes = ['interact 95 ms', 'introspect 61 ms', ...forms, 'token (interaction_code) 90 ms'].join(' > ');
    expect(stepTimes.length).toBeGreaterThan(500);
    const [portal] = runLogLine(report([signIn({ authenticators: 'password', stepTimes })])).servers ?? [];
    expect(portal?.steps).toBe(
      'interact 95, introspect 61, identify 210, select-authenticator-authenticate 41, challenge-authenticator 150, ' +
        'skip 38, select-authenticator-authenticate 40, skip 39, select-authenticator-enroll 44, ' +
        'enroll-authenticator 160, token 90',
    );
  });

  it('says nothing of a carried sign-in, which measured nothing this run, nor of a server', () => {
    const carried = signIn(
      { authenticators: 'passkey', stepTimes: 'interact 9 ms' },
      { carried: { judgedAt: '2026-11-25T23:55:00.000Z' } },
    );
    const token = { server: 'default', check: 'token', latencyMs: 80, status: 'pass', diagnosis: null } as const;
    const line = runLogLine(report([carried, token]));
    expect(line.servers).toEqual([
      { id: 'portal', up: 1, ms: 1830, carried: 1 },
      { id: 'default', up: 1, ms: 80 },
    ]);
  });

  it('asks every caller of runServers for its scrubber: one left out is a type error, not unscrubbed steps', () => {
    const withoutScrubber = (r: Report) =>
      // @ts-expect-error the scrubber is required (npm run typecheck fails on this line when it is not)
      runServers(r, []);
    expect(withoutScrubber).toBeTypeOf('function');
    const scrubbed = runServers(
      report([signIn({ authenticators: 'password hunter2', stepTimes: 'authn 175 ms' })]),
      [],
      (t) => t.replace('hunter2', '[REDACTED]'),
    );
    expect(JSON.stringify(scrubbed)).not.toContain('hunter2');
  });
});
