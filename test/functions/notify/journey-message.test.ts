// The notifier's message for a sign-in journey: a journey's own words (its user masked, its app, its
// server), the Admin Console's Applications page, and never a secret or the whole username.
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { RUN_LOG_MESSAGE, type RunLogFailure, type RunLogLine } from '../../../functions/contract';
import { buildMessage, type AlarmChange } from '../../../functions/notify/message';
import { alarmSpecs } from '../../../functions/plan/alarms';
import { JOURNEY_USERS, journeyConfig, TEST_ENV, writeConfig } from '../../support/configs';

const PREFIX = 'okta-synthetics';
const loaded = loadConfigFile(writeConfig(journeyConfig()), 'deploy', TEST_ENV);
if (!loaded.ok) throw new Error(loaded.errors.join('; '));
/** The descriptions the stack gives the composites, as the alarm event carries them. */
const descriptions = new Map(alarmSpecs(loaded.config).map((spec) => [spec.name, spec.description]));

function change(name: string, state = 'ALARM', description = descriptions.get(name)): AlarmChange {
  return {
    alarmName: name,
    state,
    reason: 'Composite alarm rule evaluated to TRUE',
    timestamp: '2026-11-22T03:10:00.000Z',
    previousTimestamp: '2026-11-22T02:20:00.000Z',
    ...(description !== undefined && { description }),
  };
}

function run(failures: RunLogFailure[]): RunLogLine {
  return {
    level: 'WARN',
    message: RUN_LOG_MESSAGE,
    startedAt: '2026-11-22T03:09:00.000Z',
    durationMs: 900,
    orgUrl: 'https://acme.okta.com',
    passed: 10,
    failed: failures.length,
    skipped: 0,
    failures,
    metrics: { published: 20, emf: 0 },
  };
}

const locked: RunLogFailure = {
  server: 'portal',
  check: 'sign-in',
  code: 'USER_LOCKED_OUT',
  summary: 'The synthetic user is locked out.',
  remedy: 'Directory > People > the user > Unlock',
  requestId: 'req-locked',
  detail: 'status LOCKED_OUT',
};

describe("a journey's page and warning", () => {
  it(
    'ALARM: says "sign-in journey", names the masked user, the app and the server, and links the Applications ' +
      'page',
    () => {
      const message = buildMessage({
        change: change('okta-synthetics-portal-page'),
        prefix: PREFIX,
        runs: [run([locked])],
      });
      expect(message.subject).toBe('ALARM sign-in journey okta-synthetics/portal: USER_LOCKED_OUT (status LOCKED_OUT)');
      expect(message.text).toContain(
        'Sign-in journey "portal": synthetic user s***@acme[.]example at app 0oa8f5p9w3PoRt4L35d7 through ' +
          'server default.',
      );
      expect(message.text).toContain('sign-in: USER_LOCKED_OUT');
      expect(message.text).toContain(
        'Okta Admin Console (Applications > Applications): https://acme-admin.okta.com/admin/apps/active',
      );
      expect(message.text).not.toMatch(/Authorization server "portal"|Authorization Servers/);
      expect(message.chat.content.title).toContain('sign-in journey okta-synthetics/portal');
      expect(JSON.stringify(message)).not.toContain(JOURNEY_USERS.portal);
    },
  );

  it("WARN: an expiring password reaches the warn composite's message as the same journey", () => {
    const expiring: RunLogFailure = {
      ...locked,
      check: 'password-expiry',
      code: 'PASSWORD_EXPIRING',
      detail: 'Okta warned that the password expires in 5 day(s)',
    };
    const message = buildMessage({
      change: change('okta-synthetics-portal-warn'),
      prefix: PREFIX,
      runs: [run([expiring])],
    });
    // Cut to SNS's 100 characters.
    expect(message.subject).toMatch(
      /^ALARM sign-in journey okta-synthetics\/portal: PASSWORD_EXPIRING \(Okta warned that the password .*\.\.\.$/,
    );
    expect(message.text).toContain('password-expiry: PASSWORD_EXPIRING');
    expect(message.text).toContain('Sign-in journey "portal": synthetic user s***@acme[.]example');
  });

  it("without runs to read, the composite's description still names the journey, not a server", () => {
    const message = buildMessage({
      change: change('okta-synthetics-mobile-page'),
      prefix: PREFIX,
      runs: null,
      logsError: 'AccessDenied',
    });
    expect(message.subject).toMatch(/^ALARM sign-in journey okta-synthetics\/mobile: /);
    expect(message.text).toContain(
      'Sign-in journey "mobile": synthetic user s***@acme[.]example at app 0oa8f5q1MoB1Le9X35d7 through server org',
    );
    expect(JSON.stringify(message)).not.toContain(JOURNEY_USERS.mobile);
  });

  it("without a description (an older event), the journey's checks in the runs still tell it is a journey", () => {
    const message = buildMessage({
      change: change('okta-synthetics-portal-page', 'ALARM', ''),
      prefix: PREFIX,
      runs: [run([locked])],
    });
    expect(message.subject).toMatch(/^ALARM sign-in journey okta-synthetics\/portal: USER_LOCKED_OUT/);
    expect(message.text).toContain('Sign-in journey "portal".');
  });

  it("a server's message is unchanged: no journey words, the Authorization Servers page", () => {
    const failure: RunLogFailure = {
      server: 'default',
      check: 'token',
      code: 'INVALID_CLIENT',
      summary: 's',
      remedy: 'r',
      requestId: 'req-1',
    };
    const message = buildMessage({
      change: change('okta-synthetics-default-page'),
      prefix: PREFIX,
      runs: [run([failure])],
    });
    expect(message.subject).toBe('ALARM okta-synthetics/default: INVALID_CLIENT');
    expect(message.text).not.toMatch(/journey/i);
    expect(message.text).toContain('https://acme-admin.okta.com/admin/oauth2/as');
  });

  it(
    'a SAML app\'s alarm says "SAML app", from its description and from its checks\' rows, never "sign-in ' +
      'journey"',
    () => {
      const withApp = loadConfigFile(
        writeConfig({
          ...journeyConfig(),
          samlApps: [
            {
              id: 'salesforce',
              signIn: 'portal',
              ssoUrl: 'https://acme.okta.com/app/acme_salesforce_1/exk1/sso/saml',
              metadataUrl: 'https://acme.okta.com/app/exk1/sso/saml/metadata',
              audience: 'https://saml.salesforce.com',
              recipient: 'https://acme.my.salesforce.com',
            },
          ],
        }),
        'deploy',
        TEST_ENV,
      );
      if (!withApp.ok) throw new Error(withApp.errors.join('; '));
      const description = alarmSpecs(withApp.config).find(
        (spec) => spec.name === 'okta-synthetics-salesforce-page',
      )?.description;
      const audience: RunLogFailure = {
        server: 'salesforce',
        check: 'saml',
        code: 'SAML_AUDIENCE_MISMATCH',
        summary: 's',
        remedy: 'r',
        requestId: 'req-saml',
      };
      for (const described of [description, '']) {
        const message = buildMessage({
          change: change('okta-synthetics-salesforce-page', 'ALARM', described),
          prefix: PREFIX,
          runs: [run([audience])],
        });
        expect(message.subject).toBe('ALARM SAML app okta-synthetics/salesforce: SAML_AUDIENCE_MISMATCH');
        expect(message.text).toContain('SAML app "salesforce"');
        expect(JSON.stringify(message)).not.toMatch(/sign-in journey|Sign-in journey/);
      }
    },
  );

  it('OK: the recovery names the journey too', () => {
    const message = buildMessage({
      change: change('okta-synthetics-portal-page', 'OK'),
      prefix: PREFIX,
      runs: [run([]), { ...run([locked]), startedAt: '2026-11-22T03:05:00.000Z' }],
    });
    expect(message.subject).toBe('OK sign-in journey okta-synthetics/portal: recovered after 50 min');
    expect(message.text).toContain('Recovered: sign-in USER_LOCKED_OUT');
  });
});
