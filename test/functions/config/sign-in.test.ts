// The signIn list: its field names are a contract, each problem names the field and the fix, and no
// secret is ever read from the file or echoed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigMode } from '../../../functions/config/parse';
import { SIGN_IN_SCHEMA } from '../../../functions/config/schema';
import { resolvedConfigJson, type ResolvedConfig } from '../../../functions/config/resolved';
import { resolvedOf } from '../../support/server-configs';
import { LOCAL_CREDENTIAL_FILES as credentialFiles } from '../../../functions/credentials/local';

const PASSWORD = 'Corr3ct-H0rse-never-printed';
const TOTP = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const env = { OKTA_SECRET: 'server-secret-0000000000', OKTA_PROBE_PASSWORD: PASSWORD, OKTA_PROBE_TOTP: TOTP };

/** The issue's example, field for field. */
const portal = (extra: Record<string, unknown> = {}) => ({
  id: 'portal',
  server: 'default',
  flow: 'authn',
  clientId: '0oaPortal',
  redirectUri: 'https://portal.acme.example/callback',
  username: 'synthetic.user@acme.example',
  passwordEnv: 'OKTA_PROBE_PASSWORD',
  totpSecretEnv: 'OKTA_PROBE_TOTP',
  scopes: ['openid', 'profile', 'email'],
  requiredClaims: ['email'],
  ...extra,
});
const config = (signIn: unknown) => ({
  orgUrl: 'https://acme.okta.com',
  servers: [
    {
      id: 'default',
      clientId: '0oa-custom',
      scopes: ['probe'],
      audience: 'api://default',
      clientSecretEnv: 'OKTA_SECRET',
      authMethod: 'client_secret_basic',
    },
  ],
  signIn,
});
const parse = (signIn: unknown, mode: ConfigMode = 'cli', environment: NodeJS.ProcessEnv = env) =>
  parseConfig(config(signIn), { mode, baseDir: '/tmp', env: environment, credentialFiles });
const errorsOf = (signIn: unknown, mode: ConfigMode = 'cli', environment: NodeJS.ProcessEnv = env): string[] => {
  const result = parse(signIn, mode, environment);
  return result.ok ? [] : result.errors;
};

describe("signIn: the contract's fields", () => {
  it("reads the issue's example as written, with everyMinutes 5 by default", () => {
    const result = parse([portal()]);
    if (!result.ok) throw new Error(result.errors.join('; '));
    const { passwordEnv: _p, totpSecretEnv: _t, ...fields } = portal();

    expect(result.config.probe.signIn).toEqual([
      {
        ...fields,
        secrets: { from: 'env', passwordEnv: 'OKTA_PROBE_PASSWORD', totpSecretEnv: 'OKTA_PROBE_TOTP' },
        confidential: false,
        everyMinutes: 5,
      },
    ]);
  });

  it('defaults scopes to openid profile email, and a direct flow needs no redirectUri', () => {
    const { redirectUri: _r, scopes: _s, ...direct } = portal({ flow: 'direct', id: 'mobile', everyMinutes: 15 });
    const result = parse([direct]);
    if (!result.ok) throw new Error(result.errors.join('; '));

    expect(result.config.probe.signIn?.[0]).toMatchObject({
      flow: 'direct',
      scopes: ['openid', 'profile', 'email'],
      everyMinutes: 15,
    });
    expect(result.config.probe.signIn?.[0]).not.toHaveProperty('redirectUri');
  });

  it('accepts flow "idx" with its redirectUri, and refuses it without one (named at /v1/interact)', () => {
    const result = parse([portal({ flow: 'idx', id: 'workforce' })]);
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.signIn?.[0]).toMatchObject({ flow: 'idx', redirectUri: portal().redirectUri });
    const { redirectUri: _r, ...noRedirect } = portal({ flow: 'idx' });
    expect(errorsOf([noRedirect])).toEqual([
      expect.stringMatching(
        /^signIn\[0\]\.redirectUri: required: a Sign-in redirect URI of the app: the "idx" flow names it at \/v1\/interact/,
      ),
    ]);
  });

  it('has no signIn when the file has none', () => {
    const result = parse(undefined);
    expect(result.ok && result.config.probe.signIn).toBeUndefined();
  });
});

describe('signIn: problems name the field and the fix', () => {
  it("judges a journey's variables beside a secretName it refuses, as a server's are", () => {
    // A refused secretName once ended the journey's read: the variables' names were never judged.
    const errors = errorsOf([portal({ secretName: 'okta probe', passwordEnv: 'my password' })], 'deploy');
    expect(errors.map((e) => e.slice(0, e.indexOf(': ')))).toEqual(['signIn[0].secretName', 'signIn[0].passwordEnv']);
  });

  it('names an unknown server, a missing redirectUri for authn and a flow that does not exist', () => {
    expect(errorsOf([portal({ server: 'aus-missing' })])).toEqual([
      expect.stringMatching(
        /^signIn\[0\]\.server: "aus-missing" is not the id of any servers\[\] entry; use one of "default"/,
      ),
    ]);
    const { redirectUri: _r, ...noRedirect } = portal();
    expect(errorsOf([noRedirect])).toEqual([
      expect.stringMatching(/^signIn\[0\]\.redirectUri: required: a Sign-in redirect URI/),
    ]);
    expect(errorsOf([portal({ flow: 'okta-verify' })])).toEqual([
      'signIn[0].flow: expected one of idx, authn, direct, browser, got "okta-verify"',
    ]);
  });

  it(
    'refuses two journeys of one user (its login in any case), naming both entries and the fix; two users are ' +
      'fine',
    () => {
      const mobile = portal({
        id: 'mobile',
        flow: 'direct',
        redirectUri: undefined,
        username: 'Synthetic.User@ACME.example',
      });
      expect(errorsOf([portal(), mobile])).toEqual([
        expect.stringMatching(
          /^signIn\[1\]\.username: "Synthetic\.User@ACME\.example" is also the user of signIn\[0\] \("portal"\): .*locks it out; give "mobile" a synthetic user of its own, or keep one of the two journeys$/,
        ),
      ]);
      expect(errorsOf([portal(), { ...mobile, username: 'synthetic.user2@acme.example' }])).toEqual([]);
    },
  );

  it(
    'runs a journey of a two-region config in its "region", by default the first, and refuses a region not in ' +
      '"regions", naming them and the fix',
    () => {
      const regions = (list: string[], signIn: unknown) =>
        parseConfig({ ...config(signIn), regions: list }, { mode: 'cli', baseDir: '/tmp', env, credentialFiles });
      const two = regions(['us-east-1', 'eu-west-1'], [portal()]);
      expect(two.ok ? two.config.probe.signIn?.[0]?.region : two.errors).toBeUndefined();
      const named = regions(['us-east-1', 'eu-west-1'], [portal({ region: 'eu-west-1' })]);
      expect(named.ok ? named.config.probe.signIn?.[0]?.region : named.errors).toBe('eu-west-1');
      const refused = regions(['us-east-1', 'eu-west-1'], [portal({ region: 'ap-south-1' })]);
      expect(refused.ok ? [] : refused.errors).toEqual([
        'signIn[0].region: "ap-south-1" is not one of "regions" (us-east-1, eu-west-1): name one of them, or ' +
          'leave "region" out to run it in us-east-1',
      ]);
      const none = regions([], [portal({ region: 'eu-west-1' })]);
      expect(none.ok ? [] : none.errors).toEqual([
        expect.stringMatching(/^signIn\[0\]\.region: "eu-west-1" names a region, but the config lists no "regions"/),
      ]);
    },
  );

  it(
    'totpAuthenticator: the authenticator the seed belongs to, named exactly, refused for "direct" (its grant ' +
      'takes no choice)',
    () => {
      const result = parse([
        portal({ totpAuthenticator: 'okta-verify' }),
        portal({
          id: 'workforce',
          flow: 'idx',
          totpAuthenticator: 'google-authenticator',
          username: 'workforce.user@acme.example',
        }),
      ]);
      if (!result.ok) throw new Error(result.errors.join('; '));
      expect(result.config.probe.signIn?.map((s) => s.totpAuthenticator)).toEqual([
        'okta-verify',
        'google-authenticator',
      ]);
      const unset = parse([portal()]);
      if (!unset.ok) throw new Error(unset.errors.join('; '));
      expect(unset.config.probe.signIn?.[0]).toMatchObject({ id: 'portal' });
      expect(unset.config.probe.signIn?.[0]).not.toHaveProperty('totpAuthenticator');
      expect(errorsOf([portal({ totpAuthenticator: 'google' })])).toEqual([
        'signIn[0].totpAuthenticator: expected one of google-authenticator, okta-verify (the authenticator whose ' +
          'seed totpSecret is), got "google"',
      ]);
      expect(errorsOf([portal({ totpAuthenticator: 2 })])).toEqual([
        expect.stringMatching(/^signIn\[0\]\.totpAuthenticator: /),
      ]);
      const { redirectUri: _r, ...direct } = portal({ flow: 'direct', totpAuthenticator: 'okta-verify' });
      expect(errorsOf([direct])).toEqual([
        expect.stringMatching(
          /^signIn\[0\]\.totpAuthenticator: not used with flow "direct": Direct Authentication's MFA OTP grant takes only the code/,
        ),
      ]);
    },
  );

  it('refuses an id already used by a server or another journey, and scopes without openid', () => {
    expect(errorsOf([portal({ id: 'Default' })])).toEqual([
      expect.stringMatching(/^signIn\[0\]\.id: "Default" is already used by servers\[0\]\.id/),
    ]);
    expect(errorsOf([portal(), portal({ username: 'another.user@acme.example' })])).toEqual([
      expect.stringMatching(/^signIn\[1\]\.id: "portal" is already used by signIn\[0\]\.id/),
    ]);
    expect(errorsOf([portal({ scopes: ['profile'] })])).toEqual([
      'signIn[0].scopes: must include "openid": the journey judges the ID token',
    ]);
    expect(errorsOf([portal({ everyMinutes: 0 })])).toEqual([
      expect.stringMatching(/^signIn\[0\]\.everyMinutes: 0 is out of range/),
    ]);
  });

  it('refuses a password written in the file, without echoing it', () => {
    const errors = errorsOf([portal({ password: PASSWORD })]);

    expect(errors).toEqual([expect.stringMatching(/^signIn\[0\]\.password: never write a secret in the file/)]);
    expect(errors.join('\n')).not.toContain(PASSWORD);
  });

  it('CLI: the password variable must be set, and the TOTP variable must hold base32; neither value is echoed', () => {
    expect(errorsOf([portal()], 'cli', { ...env, OKTA_PROBE_PASSWORD: '' })).toEqual([
      'signIn[0].passwordEnv: the environment variable OKTA_PROBE_PASSWORD is empty: export ' +
        "OKTA_PROBE_PASSWORD=... before running (the field holds the variable's NAME)",
    ]);
    const errors = errorsOf([portal()], 'cli', { ...env, OKTA_PROBE_TOTP: 'otpauth://not-base32-1890' });
    expect(errors).toEqual([
      expect.stringMatching(/^signIn\[0\]\.totpSecretEnv: the variable's value is not a base32 TOTP secret/),
    ]);
    expect(errors.join('\n')).not.toContain('otpauth');
    const { passwordEnv: _p, ...noPassword } = portal();
    expect(errorsOf([noPassword])).toEqual([
      expect.stringMatching(/^signIn\[0\]\.passwordEnv: required: .*--secrets aws to read the secret <prefix>\/portal/),
    ]);
  });
});

describe("signIn: a secrets file for the CLI, the stack's JSON", () => {
  it('reads and judges the file once, when the config is loaded, and names its problems without its contents', () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-sign-in-'));
    try {
      writeFileSync(join(dir, 'user.json'), JSON.stringify({ password: PASSWORD, totpSecret: TOTP }));
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ password: PASSWORD, totpSecret: 'otpauth-1890' }));
      const { passwordEnv: _p, totpSecretEnv: _t, ...entry } = portal({ secretsFile: 'user.json' });
      const result = parseConfig(config([entry]), { mode: 'cli', baseDir: dir, env, credentialFiles });
      if (!result.ok) throw new Error(result.errors.join('; '));
      expect(result.config.probe.signIn?.[0]?.secrets).toEqual({
        from: 'file',
        secretsFile: join(dir, 'user.json'),
        judged: { kind: 'user', password: PASSWORD, totpSecret: TOTP },
      });

      const bad = parseConfig(config([{ ...entry, secretsFile: 'bad.json' }]), {
        mode: 'cli',
        baseDir: dir,
        env,
        credentialFiles,
      });
      const errors = bad.ok ? [] : bad.errors;
      expect(errors).toEqual([
        expect.stringMatching(/^signIn\[0\]\.secretsFile: the file it names: "totpSecret" is not a base32 TOTP secret/),
      ]);
      expect(errors.join('\n')).not.toContain(PASSWORD);
      expect(errorsOf([portal({ secretsFile: 'user.json' })])).toEqual([
        expect.stringMatching(/^signIn\[0\]: both secretsFile and variables/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("signIn: a secret typed where its variable's name or its file's path belongs is never quoted", () => {
  const unset = { OKTA_SECRET: 'server-secret-0000000000' };
  // A seed is shaped like a variable's name; it is refused as what it is, in every mode, never quoted.
  it.each(['cli', 'deploy'] as const)(
    'a base32 TOTP secret in totpSecretEnv (%s): refused as a secret, named by its field, not quoted',
    (mode) => {
      for (const seed of ['JBSWY3DPEHPK3PXP', 'jbswy3dpehpk3pxpjbswy3dp']) {
        const errors = errorsOf([portal({ totpSecretEnv: seed })], mode, { ...unset, OKTA_PROBE_PASSWORD: PASSWORD });
        expect(errors).toEqual([
          expect.stringMatching(
            /^signIn\[0\]\.totpSecretEnv: must be the NAME of an environment variable \(e\.g\. OKTA_PROBE_TOTP\), not its value: it looks like a base32 secret/,
          ),
        ]);
        expect(errors.join('\n')).not.toContain(seed);
      }
    },
  );

  it('an unset variable with a conventional name is named, with the command that sets it', () => {
    const errors = errorsOf([portal({ totpSecretEnv: 'OKTA_PROBE_TOTP' })], 'cli', {
      ...env,
      OKTA_PROBE_TOTP: undefined,
    });
    expect(errors).toEqual([
      'signIn[0].totpSecretEnv: the environment variable OKTA_PROBE_TOTP is not set: export ' +
        "OKTA_PROBE_TOTP=... before running (the field holds the variable's NAME)",
    ]);
  });

  it('a password in passwordEnv, a client secret in clientSecretEnv: named, never quoted', () => {
    const typed = 'Summer2026';
    const errors = errorsOf(
      [portal({ passwordEnv: typed, clientSecretEnv: 'Hunter2Hunter2', confidential: true })],
      'cli',
      unset,
    );
    expect(errors).toEqual([
      // Shaped like a name, but not an UPPER_CASE one: a password may be, so it is not quoted.
      expect.stringMatching(
        /^signIn\[0\]\.passwordEnv: the environment variable passwordEnv names \(not shown: not an UPPER_CASE name\) is not set/,
      ),
      expect.stringMatching(/^signIn\[0\]\.totpSecretEnv: /),
      expect.stringMatching(
        /^signIn\[0\]\.clientSecretEnv: the environment variable clientSecretEnv names \(not shown: not an UPPER_CASE name\) is not set/,
      ),
    ]);
    expect(errors.join('\n')).not.toMatch(/Summer2026|Hunter2Hunter2/);
  });

  it("${PWVAR} in passwordEnv is not expanded: the password it holds never becomes the field's value", () => {
    const errors = errorsOf([portal({ passwordEnv: '${PWVAR}' })], 'cli', { ...env, PWVAR: PASSWORD });
    expect(errors).toEqual([
      expect.stringMatching(
        /^signIn\[0\]\.passwordEnv: is not expanded: \$\{\.\.\.\} here would put the value of a variable/,
      ),
    ]);
    expect(errors.join('\n')).not.toContain(PASSWORD);
  });

  it("the user's JSON pasted into secretsFile: refused as not a path, without quoting it", () => {
    const pasted = JSON.stringify({ password: PASSWORD, totpSecret: TOTP });
    const { passwordEnv: _p, totpSecretEnv: _t, ...entry } = portal({ secretsFile: pasted });
    for (const mode of ['cli', 'deploy'] as const) {
      const errors = errorsOf([entry], mode);
      expect(errors, mode).toEqual(
        mode === 'cli'
          ? [
              expect.stringMatching(
                /^signIn\[0\]\.secretsFile: must be the PATH of a file holding the user's JSON secrets/,
              ),
            ]
          : [expect.stringMatching(/^signIn\[0\]\.secretsFile: must be the PATH/)],
      );
      expect(errors.join('\n')).not.toContain(PASSWORD);
      expect(errors.join('\n')).not.toContain(TOTP);
    }
  });
});

describe('signIn: the stack and the Lambda', () => {
  it("deploy: reads no variable; the resolved config carries the secret's name and no variable's", () => {
    const deployed = parse([portal({ confidential: true })], 'deploy', {});
    if (!deployed.ok) throw new Error(deployed.errors.join('; '));
    expect(deployed.config.probe.signIn?.[0]?.secrets).toEqual({ from: 'secrets_manager' });

    const json = resolvedConfigJson(
      deployed.config,
      new Map([
        ['default', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:s-AbCdEf'],
        ['portal', 'okta-synthetics/portal'],
      ]),
    );
    const lambda = JSON.parse(json) as { config: ResolvedConfig };

    expect(lambda.config.probe.signIn?.[0]).toMatchObject({
      id: 'portal',
      confidential: true,
      secrets: { from: 'secrets_manager', secretId: 'okta-synthetics/portal' },
      requiredClaims: ['email'],
    });
    const seeded = parse([portal({ totpAuthenticator: 'okta-verify' })], 'deploy', {});
    if (!seeded.ok) throw new Error(seeded.errors.join('; '));
    expect(
      resolvedOf(
        seeded.config,
        new Map([
          ['default', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:s-AbCdEf'],
          ['portal', 'okta-synthetics/portal'],
        ]),
      ).probe.signIn?.[0]?.totpAuthenticator,
    ).toBe('okta-verify');
    expect(json).not.toContain('OKTA_PROBE_PASSWORD');
  });
});

describe("signIn: a browser journey's render budget", () => {
  const browser = (extra: Record<string, unknown> = {}) => portal({ flow: 'browser', ...extra });

  it('says in the configuration reference the cadence each flow gets when everyMinutes is absent', () => {
    const described = SIGN_IN_SCHEMA.everyMinutes.description;
    const [, api, real] = /\(default (\d+); a "browser" journey (\d+)\)/.exec(described) ?? [];
    const read = (entry: Record<string, unknown>): unknown => {
      const result = parse([entry]);
      if (!result.ok) throw new Error(result.errors.join('; '));
      return result.config.probe.signIn?.[0]?.everyMinutes;
    };
    expect([read(portal()), read(browser())]).toEqual([Number(api), Number(real)]);
  });

  it('reads renderBudgetSeconds on a "browser" journey; absent, the default budget', () => {
    const set = parse([browser({ renderBudgetSeconds: 12 })]);
    const unset = parse([browser()]);
    if (!set.ok || !unset.ok) throw new Error('refused');
    expect(set.config.probe.signIn?.[0]?.renderBudgetSeconds).toBe(12);
    expect(unset.config.probe.signIn?.[0]).not.toHaveProperty('renderBudgetSeconds');
  });

  it('refuses it on a journey that renders no page, where it would do nothing, naming the field and the fix', () => {
    expect(errorsOf([portal({ renderBudgetSeconds: 12 })])).toContain(
      'signIn[0].renderBudgetSeconds: only a "browser" journey renders the sign-in page: set "flow": "browser", or ' +
        'remove renderBudgetSeconds',
    );
  });

  it.each([0, 61, 2.5, '4'])('refuses %j, naming the field', (value) => {
    expect(errorsOf([browser({ renderBudgetSeconds: value })]).join('\n')).toMatch(
      /^signIn\[0\]\.renderBudgetSeconds: /m,
    );
  });
});
