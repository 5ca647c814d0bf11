// The "idx" journey against the simulator answering as a real Identity Engine org does (sim/idx-scenarios.ts):
// each answer of the Sign-In Widget's mocks ends in its own diagnosis, in Okta's words, and the probe sends nothing
// it should not (no username past a CAPTCHA, never a consent, never a request off the org).
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../../functions/credentials/user-secrets';
import { runProbe } from '../../../../functions/probe/engine';
import { forgetUsedSteps } from '../../../../functions/probe/sign-in/guard';
import type { CheckResult, ProbeConfig } from '../../../../functions/types';
import { writeSimulatorConfig } from '../../../../sim/config';
import {
  SIM_ADMIN_DENIED_TEXT,
  SIM_DEVICE_REQUIREMENTS,
  SIM_ROUTED_IDP,
} from '../../../../sim/endpoints/idx-org-answers';
import { IDX_JOURNEY, IDX_SCENARIOS } from '../../../../sim/idx-scenarios';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-idx-org-');
// Each test's run as a process of its own: a TOTP code one test sent would make the next test that sends one wait out
// the 30 s step in real time (the probe never sends two codes in one step), in whichever order they run. The scenarios
// that send a code (idx-totp-used, idx-totp-suspended) are answered whatever the code.
afterEach(() => {
  sim().scenario = 'healthy';
  forgetUsedSteps();
});

async function idxJourney(): Promise<ProbeConfig> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const signIn = (loaded.config.probe.signIn ?? []).filter((s) => s.id === IDX_JOURNEY);
  return { ...loaded.config.probe, signIn, servers: [], statusPageUrl: null, samlApps: [] };
}

async function signIn(scenario: keyof typeof IDX_SCENARIOS): Promise<CheckResult> {
  sim().scenario = scenario;
  const probe = await idxJourney();
  sim().resetRequests();
  const report = await runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache: createMemoryCache(),
  });
  const check = report.checks.find((c) => c.server === IDX_JOURNEY && c.check === 'sign-in');
  if (check === undefined) throw new Error('no sign-in check');
  return check;
}
const idxRequests = (): string[] =>
  sim()
    .requests.map((r) => r.path)
    .filter((p) => p.startsWith('/idp/idx/'));

describe('a real Identity Engine org\'s answers, through the "idx" journey', () => {
  // The IDX answers' scenarios (the TOTP seed's are totp-seed.test.ts's); the suspended TOTP one below. Those met by
  // `passkey enroll` sign in with a TOTP code too, and are test/functions/cli/passkey-enroll.test.ts's.
  it.each(
    (Object.keys(IDX_SCENARIOS) as (keyof typeof IDX_SCENARIOS)[]).filter(
      (name) =>
        name.startsWith('idx-') &&
        name !== 'idx-totp-suspended' &&
        !('command' in IDX_SCENARIOS[name]) &&
        IDX_SCENARIOS[name].expect[0]?.check === 'sign-in',
    ),
  )('%s: the promised diagnosis', async (name) => {
    const check = await signIn(name);
    expect(check.diagnosis?.code).toBe(IDX_SCENARIOS[name].expect[0]!.code);
    expect(check.diagnosis?.remedy).not.toBe('');
  });

  it(
    "quotes the admin's Deny message on one line, bounded, " + "without its markup, and never the help link's query",
    async () => {
      const detail = (await signIn('idx-access-denied-custom')).diagnosis?.detail ?? '';
      expect(detail).toContain(
        'the admin\'s message "Access to the Workforce Portal from outside the office is blocked. Call the ' +
          "help desk at extension 4357 and quote 'OKTA-DENY'.",
      );
      expect(detail).not.toMatch(/[\r\n<>]/);
      expect(detail.length).toBeLessThan(SIM_ADMIN_DENIED_TEXT.length);
      expect(detail).toContain('help link https://help.acme.example/okta');
      expect(detail).not.toContain('ticket=');
    },
  );

  it('names what the device assurance policy asks, and the identity provider a routing rule chose', async () => {
    const device = (await signIn('idx-device-assurance')).diagnosis?.detail ?? '';
    for (const requirement of SIM_DEVICE_REQUIREMENTS) expect(device).toContain(`"${requirement}"`);
    expect((await signIn('idx-idp-routing')).diagnosis?.detail).toContain(
      `"${SIM_ROUTED_IDP.name}" (${SIM_ROUTED_IDP.type})`,
    );
    expect(sim().requests.some((r) => r.path.startsWith('/sso/idps/'))).toBe(false);
  });

  it('sends nothing past a CAPTCHA: not the username, not the password', async () => {
    await signIn('idx-captcha');
    expect(idxRequests()).toEqual(['/idp/idx/introspect']);
  });

  it('never grants consent: the password and nothing after it', async () => {
    await signIn('idx-consent');
    expect(idxRequests()).toEqual(['/idp/idx/introspect', '/idp/idx/identify', '/idp/idx/challenge/answer']);
  });

  it('never writes a profile: names the required attribute Okta asks for, not the optional one', async () => {
    const detail = (await signIn('idx-profile-update')).diagnosis?.detail ?? '';
    expect(detail).toContain('Okta asks the user for "Cost center" (profile-update, required)');
    expect(detail).not.toContain('Secondary email');
    expect(idxRequests()).toEqual(['/idp/idx/introspect', '/idp/idx/identify', '/idp/idx/challenge/answer']);
  });

  it("tells Okta's network policy from a proxy's by Okta's request id", async () => {
    expect((await signIn('idx-network-policy')).diagnosis).toMatchObject({
      code: 'NETWORK_ZONE_DENIED',
      requestId: expect.any(String),
    });
    expect((await signIn('idx-proxy-block')).diagnosis).toMatchObject({
      code: 'NETWORK_POLICY_BLOCKED',
      requestId: null,
      detail: expect.stringContaining('introspect: Access denied by network policy (without X-Okta-Request-Id'),
    });
  });

  it(
    'a TOTP authenticator suspended after too many failures is one code sent, TOTP_SUSPENDED, not a reset ' + 'secret',
    async () => {
      const check = await signIn('idx-totp-suspended');
      expect(check.diagnosis?.code).toBe(IDX_SCENARIOS['idx-totp-suspended'].expect[0]!.code);
      expect(check.diagnosis?.detail).toContain(
        '"This factor is suspended for your account due to too many failed attempts"',
      );
      expect(idxRequests().filter((p) => p === '/idp/idx/challenge/answer')).toHaveLength(2);
    },
  );
});
