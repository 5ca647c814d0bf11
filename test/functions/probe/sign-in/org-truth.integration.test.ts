// What a real Identity Engine org answers that a healthy simulator never says (sim/journey-scenarios.ts): each answer's
// diagnosis, what it costs in requests to Okta, and what the journey's state does with it over a day of runs.
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, ORG_SERVER_ID } from '../../../../functions/contract';
import { loadConfigFile } from '../../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../../functions/credentials/user-secrets';
import { runProbe } from '../../../../functions/probe/engine';
import { journeyDeviceToken } from '../../../../functions/probe/sign-in/device';
import { BACKOFF_MS, gate, outcomeOfCode, refusalAfter } from '../../../../functions/probe/sign-in/state';
import { createMemoryStateStore, type JourneyStateStore } from '../../../../functions/probe/sign-in/store';
import type { CheckResult, ProbeConfig } from '../../../../functions/types';
import { writeSimulatorConfig } from '../../../../sim/config';
import { IDX_JOURNEY, IDX_SCENARIOS } from '../../../../sim/idx-scenarios';
import { ENROLL_GRACE_SKIPS } from '../../../../sim/faults';
import { JOURNEY_SCENARIOS } from '../../../../sim/journey-scenarios';
import type { ScenarioName } from '../../../../sim/scenarios';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-org-truth-');
afterEach(() => {
  sim().scenario = 'healthy';
  sim().clockOffsetMs = 0;
});

/** The "idx" journey alone, every `everyMinutes`. */
async function idxJourney(everyMinutes?: number, withOrg = true): Promise<ProbeConfig> {
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const signIn = (loaded.config.probe.signIn ?? [])
    .filter((s) => s.id === IDX_JOURNEY)
    .map((s) => (everyMinutes === undefined ? s : { ...s, everyMinutes }));
  // The org server stays: its okta.users.read reads the user's status when Okta refuses a password.
  const servers = loaded.config.probe.servers.filter((s) => withOrg && s.id === ORG_SERVER_ID);
  return { ...loaded.config.probe, signIn, servers, statusPageUrl: null, samlApps: [] };
}

interface Run {
  readonly check: CheckResult;
  readonly checks: readonly CheckResult[];
  readonly paths: readonly string[];
}

async function run(
  probe: ProbeConfig,
  options: { now?: () => number; journeyState?: JourneyStateStore } = {},
): Promise<Run> {
  sim().resetRequests();
  const report = await runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache: createMemoryCache(),
    checks: new Set(['sign-in', 'device-assurance', 'enrollment-grace']),
    ...options,
  });
  const check = report.checks.find((c) => c.server === IDX_JOURNEY && c.check === 'sign-in');
  if (check === undefined) throw new Error('no sign-in check');
  return { check, checks: report.checks, paths: sim().requests.map((r) => r.path) };
}

const TOLD: Readonly<
  Record<
    string,
    {
      readonly expect: readonly { readonly server: string; readonly check: string; readonly code: string }[];
      readonly oktaRequests?: number;
    }
  >
> = { ...JOURNEY_SCENARIOS, ...IDX_SCENARIOS };
const COUNTED = Object.keys(TOLD).filter((name) => TOLD[name]?.oktaRequests !== undefined);

describe("a real org's answers: the promised diagnosis, for the promised number of requests", () => {
  it.each(COUNTED)('%s', async (name) => {
    const scenario = TOLD[name]!;
    sim().scenario = name as ScenarioName;
    const { checks, paths } = await run(await idxJourney());
    const promised = scenario.expect.find((e) => e.server === IDX_JOURNEY);
    expect(checks.find((c) => c.server === IDX_JOURNEY && c.check === promised?.check)?.diagnosis?.code).toBe(
      promised?.code,
    );
    expect(paths, paths.join(' ')).toHaveLength(scenario.oktaRequests ?? -1);
  });
});

describe("the journey's device (X-Device-Token, okta-developer-docs guides/device-context)", () => {
  it('is at most 32 characters, the same for every run of a journey, another for another journey or secret', () => {
    const token = journeyDeviceToken(
      { password: 'pw', totpSecret: 'JBSWY3DPEHPK3PXP' },
      'https://acme.okta.com',
      'workforce',
    );
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(
      journeyDeviceToken({ password: 'other', totpSecret: 'JBSWY3DPEHPK3PXP' }, 'https://acme.okta.com', 'workforce'),
    ).toBe(token);
    expect(
      journeyDeviceToken({ password: 'pw', totpSecret: 'JBSWY3DPEHPK3PXP' }, 'https://acme.okta.com', 'portal'),
    ).not.toBe(token);
    expect(
      journeyDeviceToken({ password: 'pw', totpSecret: 'KRSXG5CTMVRXEZLU' }, 'https://acme.okta.com', 'workforce'),
    ).not.toBe(token);
  });
});

describe("Okta's answers that judged no secret: retried at the next run, within the lockout rules", () => {
  const T = Date.parse('2026-03-02T10:00:00Z');
  it("read-only mode and a proxy's block are retried at the next due run, never held", () => {
    for (const code of ['OKTA_READ_ONLY_MODE', 'NETWORK_POLICY_BLOCKED'] as const) {
      const refusal = refusalAfter(undefined, outcomeOfCode(code), code, 'fp', T);
      expect(gate({ last: { at: T, code }, refusal }, T + 5 * 60_000, 5, 'fp').kind).toBe('run');
    }
  });

  it('maintenance between two unreadable answers never buys a third: the second is still the last', () => {
    const first = refusalAfter(undefined, 'uncertain', 'TIMEOUT', 'fp', T);
    const readOnly = refusalAfter(
      first,
      outcomeOfCode('OKTA_READ_ONLY_MODE'),
      'OKTA_READ_ONLY_MODE',
      'fp',
      T + BACKOFF_MS,
    );
    expect(
      gate(
        { last: { at: T + BACKOFF_MS, code: 'OKTA_READ_ONLY_MODE' }, refusal: readOnly },
        T + BACKOFF_MS + 5 * 60_000,
        5,
        'fp',
      ).kind,
    ).toBe('run');
    const second = refusalAfter(readOnly, 'uncertain', 'TIMEOUT', 'fp', T + BACKOFF_MS + 5 * 60_000);
    expect(second.until).toBeNull();
  });
});

describe('a device assurance grace period: a warning saying when it ends, never a page', () => {
  it('continues past the grace notice, passes the sign-in, and warns with the date Okta gave', async () => {
    sim().scenario = 'idx-device-grace';
    const { check, checks, paths } = await run(await idxJourney());
    expect(check.diagnosis).toBeNull();
    expect(paths).toContain('/idp/idx/skip');
    const warning = checks.find((c) => c.check === 'device-assurance');
    expect(warning?.diagnosis).toMatchObject({
      code: 'DEVICE_ASSURANCE_GRACE',
      detail: expect.stringMatching(
        /grace period that ends \d{4}-\d{2}-\d{2}T00:00:00\.000Z; the policy asks: Update to macOS 14\.0/,
      ),
    });
  });
});

describe('an enrollment grace counted in skips: a warning from the first skip, the failure when none is left', () => {
  it('warns at each run with the skips left, then fails MFA_ENROLLMENT_REQUIRED once the grace is spent', async () => {
    sim().scenario = 'idx-enroll-grace';
    const probe = await idxJourney(5);
    const journeyState = createMemoryStateStore();
    const seen: { readonly signIn: string | null; readonly left: unknown }[] = [];
    const t0 = Date.parse('2026-03-02T00:00:00Z');
    for (let i = 0; i < ENROLL_GRACE_SKIPS + 1; i += 1) {
      // A run a day apart (midnight UTC), Okta's clock with the probe's: Okta prompts a grace's enrollment once daily.
      const at = t0 + i * DAY_MS;
      sim().clockOffsetMs = at - Date.now();
      const { check, checks, paths } = await run(probe, { now: () => at, journeyState });
      const warning = checks.find((c) => c.check === 'enrollment-grace');
      seen.push({
        signIn: check.diagnosis?.code ?? null,
        left: warning?.diagnosis?.code === 'ENROLLMENT_GRACE' ? warning.observed?.enrollSkipsLeft : warning?.status,
      });
      // One skip a run, never a second one in the same run.
      expect(paths.filter((p) => p === '/idp/idx/skip').length).toBe(i < ENROLL_GRACE_SKIPS ? 1 : 0);
      if (i >= ENROLL_GRACE_SKIPS - 1) continue;
      // The journey's next slot, the same day: no prompt, so no skip spent, and the sign-in passes.
      const later = at + 5 * 60_000;
      sim().clockOffsetMs = later - Date.now();
      const sameDay = await run(probe, { now: () => later, journeyState });
      expect(sameDay.check.diagnosis).toBeNull();
      expect(sameDay.paths).not.toContain('/idp/idx/skip');
    }
    expect(seen).toEqual([
      ...Array.from({ length: ENROLL_GRACE_SKIPS }, (_, i) => ({ signIn: null, left: ENROLL_GRACE_SKIPS - 1 - i })),
      { signIn: 'MFA_ENROLLMENT_REQUIRED', left: 'skip' },
    ]);
  });
});

describe('a day of runs with the org read-only for an hour', () => {
  const T0 = Date.parse('2026-03-02T00:00:00Z');
  const MIN = 60_000;
  const EVERY = 5;
  const READ_ONLY = { from: T0 + 10 * 60 * MIN, to: T0 + 11 * 60 * MIN };
  const passwordSteps = (paths: readonly string[]): number =>
    paths.filter((p) => p === '/idp/idx/challenge/answer').length;

  /** 288 runs five minutes apart, the org read-only 10:00-11:00 and `after` from 11:00 on. */
  async function day(
    after: ScenarioName,
  ): Promise<{ at: number; code: string | null; carried: boolean; passwords: number }[]> {
    const probe = await idxJourney(EVERY, false);
    const journeyState = createMemoryStateStore();
    const runs = [];
    for (let at = T0; at < T0 + 1440 * MIN; at += EVERY * MIN) {
      sim().scenario = at < READ_ONLY.from ? 'healthy' : at < READ_ONLY.to ? 'idx-read-only-mode' : after;
      // Okta's clock runs with the probe's: its tokens are stamped in the simulated day.
      sim().clockOffsetMs = at - Date.now();
      const { check, paths } = await run(probe, { now: () => at, journeyState });
      runs.push({
        at,
        code: check.diagnosis?.code ?? null,
        carried: check.carried !== undefined,
        passwords: passwordSteps(paths),
      });
    }
    return runs;
  }

  it(
    'comes back by itself at the first run after the hour, ' + 'having tried at every run of it; one device all day',
    async () => {
      // The journey's first sign-in ever is a new device; then one X-Device-Token all day: never another.
      await run(await idxJourney(EVERY, false));
      const devicesBefore = sim().newDeviceSignIns();
      const runs = await day('healthy');
      expect(sim().newDeviceSignIns() - devicesBefore).toBe(0);
      const during = runs.filter((r) => r.at >= READ_ONLY.from && r.at < READ_ONLY.to);
      expect(during.every((r) => r.code === 'OKTA_READ_ONLY_MODE' && !r.carried && r.passwords === 1)).toBe(true);
      const firstAfter = runs.find((r) => r.at >= READ_ONLY.to);
      expect(firstAfter).toMatchObject({ at: READ_ONLY.to, code: null, passwords: 1 });
      expect(runs.filter((r) => r.at >= READ_ONLY.to).every((r) => r.code === null)).toBe(true);
      expect(runs.reduce((n, r) => n + r.passwords, 0)).toBe(288);
    },
    60_000,
  );

  it('a password changed as the hour ends is sent once, and held until the secret changes', async () => {
    const runs = await day('sign-in-rejected-after-unlock');
    const after = runs.filter((r) => r.at >= READ_ONLY.to);
    expect(after[0]).toMatchObject({ code: 'SIGN_IN_REJECTED', passwords: 1 });
    expect(after.reduce((n, r) => n + r.passwords, 0)).toBe(1);
    expect(after.every((r) => r.code === 'SIGN_IN_REJECTED')).toBe(true);
  });
});
