// Whom an alarm speaks for: a journey is named as a journey, with its user masked, never as a server.
import { describe, expect, it } from 'vitest';
import { loadConfigFile, type LoadedConfig } from '../../../functions/config/parse';
import { alarmSpecs } from '../../../functions/plan/alarms';
import {
  displayNameOfDescription,
  subjectOfDescription,
  journeySubject,
  maskedUsername,
  targetLabel,
  targetSubject,
} from '../../../functions/plan/subject';
import { exampleConfig, JOURNEY_USERS, journeyConfig, TEST_ENV, writeConfig } from '../../support/configs';

function load(config: unknown): LoadedConfig {
  const result = loadConfigFile(writeConfig(config), 'deploy', TEST_ENV);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

describe('maskedUsername', () => {
  it('keeps the first letter and the domain of a login, nothing else of its local part', () => {
    expect(maskedUsername('synthetic.user@acme.example')).toBe('s***@acme.example');
    expect(maskedUsername('jdoe')).toBe('j***');
    expect(maskedUsername('a@b@acme.example')).toBe('a***@acme.example');
    expect(maskedUsername(' x y@acme.example')).toBe('x***@acme.example');
  });
});

describe('targetSubject', () => {
  const { probe } = load(journeyConfig());

  it('names a journey by its masked user, its app and its server; a server and the feed as before', () => {
    expect(targetSubject(probe, 'portal')).toBe(
      'Sign-in journey "portal": synthetic user s***@acme.example at app 0oa8f5p9w3PoRt4L35d7 through server default',
    );
    expect(targetSubject(probe, 'mobile')).toBe(
      'Sign-in journey "mobile": synthetic user s***@acme.example at app 0oa8f5q1MoB1Le9X35d7 through server org',
    );
    expect(targetSubject(probe, 'default')).toBe('Authorization server "default" of https://acme.okta.com');
    expect(targetSubject(probe, 'okta')).toBe("Okta's status feed");
    expect(targetLabel(probe, 'portal')).toBe('portal (sign-in journey)');
    expect(targetLabel(probe, 'default')).toBe('default');
  });

  it("is read back from the composite's description by the notifier, for journeys only", () => {
    const config = load(journeyConfig());
    const composites = alarmSpecs(config).filter((spec) => spec.kind === 'composite' && spec.server !== undefined);
    const described = new Map(
      composites.map((spec) => [spec.name, subjectOfDescription(spec.description)?.id ?? null]),
    );
    expect(described.get('okta-synthetics-portal-page')).toBe('portal');
    expect(described.get('okta-synthetics-portal-warn')).toBe('portal');
    expect(described.get('okta-synthetics-mobile-page')).toBe('mobile');
    expect(described.get('okta-synthetics-default-page')).toBeNull();
    expect(described.get('okta-synthetics-org-page')).toBeNull();
    expect(
      subjectOfDescription(
        `${journeySubject({ id: 'p', username: 'u@x.example', clientId: '0oa1', server: 'org' })}: unavailable`,
      ),
    ).toEqual({
      kind: 'journey',
      id: 'p',
      subject: 'Sign-in journey "p": synthetic user u***@x.example at app 0oa1 through server org',
    });
  });

  it(
    "the journey's composites say a failed sign-in pages and an expiring password warns, never the whole " + 'username',
    () => {
      // Without the fast path: its page composite holds the journey's own page check (with it, the latch).
      const specs = alarmSpecs(load({ ...journeyConfig(), quorum: false }));
      const page = specs.find((spec) => spec.name === 'okta-synthetics-portal-page');
      const warn = specs.find((spec) => spec.name === 'okta-synthetics-portal-warn');
      expect(page).toMatchObject({
        kind: 'composite',
        members: ['okta-synthetics-portal-sign-in'],
        description: expect.stringMatching(
          /^Sign-in journey "portal": synthetic user s\*\*\*@acme\.example at app 0oa8f5p9w3PoRt4L35d7 through server default: unavailable/,
        ),
      });
      expect(warn).toMatchObject({
        kind: 'composite',
        members: ['okta-synthetics-portal-password-expiry', 'okta-synthetics-portal-unpaged-failure'],
        description: expect.stringMatching(/^Sign-in journey "portal": .*: a warning/),
      });
      // Direct Authentication has no password warning: its warn composite holds only its failures of a cause its
      // pageFor leaves out (probe/unpaged.ts).
      expect(specs.find((spec) => spec.name === 'okta-synthetics-mobile-warn')).toMatchObject({
        members: ['okta-synthetics-mobile-unpaged-failure'],
      });
      for (const spec of specs)
        expect(JSON.stringify(spec)).not.toMatch(
          new RegExp(`${JOURNEY_USERS.portal}|${JOURNEY_USERS.mobile}|Authorization server "(portal|mobile)"`),
        );
    },
  );

  it(
    'shows each target\'s display name ("name") beside its id: alarm descriptions, the page read back, the ' +
      "dashboard's labels",
    () => {
      const base = journeyConfig();
      const servers = (base.servers as Record<string, unknown>[]).map((s) =>
        s.id === 'default' ? { ...s, name: 'Payments API' } : s,
      );
      const signIn = (base.signIn as Record<string, unknown>[]).map((j) =>
        j.id === 'portal' ? { ...j, name: 'Employee portal' } : j,
      );
      const config = load({ ...base, servers, signIn });
      expect(targetSubject(config.probe, 'default')).toBe(
        'Authorization server "default" (Payments API) of https://acme.okta.com',
      );
      expect(targetLabel(config.probe, 'default')).toBe('Payments API (default)');
      expect(targetLabel(config.probe, 'portal')).toBe('Employee portal (portal, sign-in journey)');
      const page = alarmSpecs(config).find((spec) => spec.name === 'okta-synthetics-portal-page');
      expect(page?.description).toMatch(
        /^Sign-in journey "portal" \(Employee portal\): synthetic user s\*\*\*@acme\.example/,
      );
      expect(subjectOfDescription(page?.description)).toMatchObject({
        kind: 'journey',
        id: 'portal',
        subject: expect.stringContaining('(Employee portal)'),
      });
      expect(alarmSpecs(config).find((spec) => spec.name === 'okta-synthetics-default-page')?.description).toMatch(
        /^Authorization server "default" \(Payments API\) of /,
      );
    },
  );

  it(
    'takes a display name with parentheses in pairs ("Payments API (prod)") and reads it back from the page; ' +
      'refuses a lone or nested one, which would end the name early, naming the field',
    () => {
      const base = journeyConfig();
      const named = (name: string) =>
        (base.servers as Record<string, unknown>[]).map((s) => (s.id === 'default' ? { ...s, name } : s));
      const config = load({ ...base, servers: named('Payments API (prod)') });
      const description = alarmSpecs(config).find((spec) => spec.name === 'okta-synthetics-default-page')?.description;
      expect(description).toMatch(/^Authorization server "default" \(Payments API \(prod\)\) of /);
      expect(displayNameOfDescription(description, 'default')).toBe('Payments API (prod)');
      for (const name of ['Payments (EU', 'Payments ((EU))', 'Payments EU)'])
        expect(loadConfigFile(writeConfig({ ...base, servers: named(name) }), 'deploy', TEST_ENV), name).toMatchObject({
          ok: false,
          errors: [expect.stringMatching(/^servers\[1\]\.name: a display name of up to 60 characters, without quotes/)],
        });
    },
  );

  it('leaves a config without journeys as it was', () => {
    const specs = alarmSpecs(load(exampleConfig()));
    expect(specs.find((spec) => spec.name === 'okta-synthetics-default-page')?.description).toMatch(
      /^Authorization server "default" of https:\/\/acme\.okta\.com: unavailable/,
    );
  });
});
