// The user-sign-ins check end to end on the simulator: each real-user scenario's promise is what the check reports,
// the events are read by polling Okta's `next` links from a cursor of the check's own, and a run that keeps its
// cursor reads only what Okta committed since.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfigFile } from '../../../../functions/config/parse';
import type { ConfigFileJson } from '../../../../functions/config/schema';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../../functions/credentials/user-secrets';
import { KEPT_KEYS } from '../../../../functions/contract';
import { runProbe } from '../../../../functions/probe/engine';
import { createMemoryKeptStore } from '../../../../functions/probe/kept-store';
import type { SentRequest } from '../../../../functions/types';
import { writeSimulatorConfig } from '../../../../sim/config';
import { USER_SIGN_IN_SCENARIOS } from '../../../../sim/user-sign-in-scenarios';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-user-sign-ins-');
afterEach(() => {
  sim().scenario = 'healthy';
  // Each run polls /api/v1/logs for pages: a file of runs within a minute would spend its bucket (60 a minute).
  sim().resetRateLimits();
});

async function probeOf(name: keyof typeof USER_SIGN_IN_SCENARIOS) {
  const path = await writeSimulatorConfig(sim(), dir());
  const json = JSON.parse(readFileSync(path, 'utf8')) as ConfigFileJson;
  writeFileSync(path, JSON.stringify(USER_SIGN_IN_SCENARIOS[name].config(json)));
  const loaded = loadConfigFile(path, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config.probe;
}

async function run(
  name: keyof typeof USER_SIGN_IN_SCENARIOS,
  opts: { kept?: ReturnType<typeof createMemoryKeptStore> } = {},
) {
  sim().scenario = name;
  const probe = await probeOf(name);
  const sent: SentRequest[] = [];
  const report = await runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache: createMemoryCache(),
    keptState: opts.kept ?? createMemoryKeptStore(),
    checks: new Set(['user-sign-ins']),
    onRequest: (r) => sent.push(r),
  });
  return { report, sent, check: report.checks.find((c) => c.check === 'user-sign-ins')! };
}

/** A read cut short by its page bound tells its counts as floors, and only such a read: "at least 12 of 40". */
const floor = (check: { observed?: Record<string, unknown> }): string =>
  check.observed?.readAll === false ? 'at least ' : '';

describe('user-sign-ins on the simulator', () => {
  it.each(Object.keys(USER_SIGN_IN_SCENARIOS) as (keyof typeof USER_SIGN_IN_SCENARIOS)[])(
    '%s reports exactly what the scenario promises',
    async (name) => {
      const { check } = await run(name);
      const codes = check.status === 'fail' ? [check.diagnosis.code, ...(check.also ?? []).map((d) => d.code)] : [];
      expect(codes).toEqual(USER_SIGN_IN_SCENARIOS[name].expect.map((e) => e.code));
      expect(check.status).toBe(codes.length > 0 ? 'fail' : 'pass');
      const counted = (check.items ?? []).filter((i) => / sign-ins/.test(i.item));
      for (const { item } of counted) expect(item.includes('at least')).toBe(floor(check) !== '');
    },
    30_000,
  );

  it('names the failing app with its rate and reason, and keeps people out of what it publishes', async () => {
    const { check, report } = await run('user-sign-ins-app-denied');
    expect(check.status).toBe('fail');
    if (check.status !== 'fail') return;
    expect(check.diagnosis.detail).toMatch(
      new RegExp(`app 'Workday' \\(0oa1workday00000x7\\): ${floor(check)}\\d+ of \\d+ people could not sign in`),
    );
    expect(check.diagnosis.detail).toContain('sign-on policy DENY: Denied by sign-on policy');
    const published = JSON.stringify(report.metrics);
    expect(published).not.toMatch(/Workday|acme\.example|00u1user/);
    expect(report.metrics.map((m) => m.name)).toEqual(
      expect.arrayContaining(['UserSignIns', 'UserSignInFailureRate', 'UserSignInsFailing']),
    );
  }, 30_000);

  it(
    'moves no sign-in figure for an enrollment campaign: enrollment and recovery MFAs, in both spellings, are ' +
      'not sign-ins',
    async () => {
      const { check } = await run('user-sign-ins-enrollment-campaign');
      expect(check.status).toBe('pass');
      expect(check.observed).toMatchObject({ failing: 0 });
      // The campaign's failed enrollments (hundreds a window) count nowhere: Okta Verify's sign-ins failed none.
      const push = (check.items ?? []).find((i) => i.item.startsWith('factor OKTA_VERIFY_PUSH'));
      expect(push?.item).toMatch(/\d+ sign-ins, 0 failed(; the window was read in part)?\)$/);
      expect(push?.item.includes('at least')).toBe(floor(check) !== '');
    },
    30_000,
  );

  it("reads user.session.start's VERIFICATION_ERROR as a username or directory problem, not a factor", async () => {
    const { check } = await run('user-sign-ins-directory-error');
    expect(check.status).toBe('fail');
    if (check.status !== 'fail') return;
    expect(check.diagnosis.detail).toMatch(
      new RegExp(`^Okta sign-in \\(user\\.session\\.start\\): ${floor(check)}\\d+ of \\d+ people`),
    );
    expect(check.diagnosis.detail).toContain(
      'username or directory (user not found or not provisioned): VERIFICATION_ERROR',
    );
    expect(check.diagnosis.detail).not.toMatch(/MFA factor/);
  }, 30_000);

  it('reads application.policy.sign_on.deny_access: the app named, its reason the sign-on policy', async () => {
    const { check } = await run('user-sign-ins-deny-access');
    expect(check.status).toBe('fail');
    if (check.status !== 'fail') return;
    expect(check.diagnosis.detail).toMatch(
      new RegExp(`^app 'Workday' \\(0oa1workday00000x7\\): ${floor(check)}\\d+ of \\d+ people could not sign in`),
    );
    expect(check.diagnosis.detail).toContain('sign-on policy DENY: DENY');
  }, 30_000);

  it.each(['user-sign-ins-partner-idp-rotated', 'user-sign-ins-partner-idp-rotated-user-actor'] as const)(
    '%s: a partner IdP whose every sign-in fails is named failing, whichever actor Okta wrote',
    async (name) => {
      const { check, report } = await run(name);
      expect(check.status).toBe('fail');
      if (check.status !== 'fail') return;
      expect(check.diagnosis.code).toBe('USER_SIGN_INS_IDP_FAILING');
      const idp = [check.diagnosis, ...(check.also ?? [])].find((d) => d.detail?.includes('Fabrikam contractors'));
      expect(idp?.detail).toMatch(new RegExp(`${floor(check)}(\\d+) of \\1 people could not sign in`));
      expect(JSON.stringify(report.metrics)).not.toMatch(/Fabrikam|acme\.example|00u1user/);
    },
    30_000,
  );

  it("polls Okta's next links from a cursor of its own, and a later run reads only what is new", async () => {
    const kept = createMemoryKeptStore();
    const first = await run('user-sign-ins-healthy', { kept });
    const polls = first.sent.filter((r) => r.url.includes('/api/v1/logs') && r.url.includes('user.session.start'));
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.length).toBeLessThanOrEqual(2);
    const cursor = (await kept.read(KEPT_KEYS.userSignIns)) as { next: string };
    expect(cursor.next).toMatch(/\/api\/v1\/logs\?.*after=/);
    expect(Number(first.check.observed?.eventsRead)).toBeGreaterThan(1000);
    const second = await run('user-sign-ins-healthy', { kept });
    const resumed = second.sent.filter((r) => r.url.includes('/api/v1/logs') && r.url.includes('user.session.start'));
    expect(resumed[0]?.url).toBe(cursor.next);
    expect(second.check.observed?.resumed).toBe(true);
  }, 30_000);
});
