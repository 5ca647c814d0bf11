// The passkey journey against the simulator's relying party: the workforce user's seeded passkey answers Okta's
// WebAuthn challenge run after run, each with a counter the journey's state wrote ahead and that only grows; and the
// diagnoses of a policy that wants a passkey from a TOTP journey, a counter the org holds ahead, a passkey bound to
// another domain. Every run is a new process: a new store object over the same folder, the process's memory forgotten.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileStateStore } from '../../../../functions/cli/journey-state-file';
import type { ServerContext } from '../../../../functions/probe/context';
import { send } from '../../../../functions/probe/http';
import { forgetUsedSteps } from '../../../../functions/probe/sign-in/guard';
import { runSignIn } from '../../../../functions/probe/sign-in/journey';
import { passed } from '../../../../functions/probe/verdict';
import type { ScenarioName } from '../../../../sim/scenarios';
import { simJourney, simPasskey, simServerContext, useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';

const sim = useSimulator({ scenario: 'idx-passkey' });
const temp = useTempDir('okta-synthetics-passkey-');
afterEach(() => vi.useRealTimers());

const MIN = 60_000;
const newDir = (): string => mkdtempSync(join(temp(), 'state-'));
let clock = Date.parse('2026-11-24T02:00:00.000Z');

/**
 * `runs` journeys of the workforce user 6 minutes apart under `scenario`, each a new process over one file store; the
 * signature counters of the assertions that reached the simulator, and each run's verdict.
 */
async function journeys(
  scenario: ScenarioName,
  runs: number,
  { passkey = true, dir = newDir(), urls = [] as string[] } = {},
) {
  sim().scenario = scenario;
  const journey = simJourney(sim(), 'idx');
  const signIn = { ...journey.signIn, ...(passkey && { authenticator: 'passkey' as const }) };
  const credential = { ...journey.credential, ...(passkey && { passkey: simPasskey(sim()) }) };
  const counters: number[] = [];
  const start = (clock += 2 * 24 * 60 * MIN);
  vi.useFakeTimers({ toFake: ['Date'], now: start });
  const verdicts = [];
  for (let run = 0; run < runs; run += 1) {
    vi.setSystemTime(start + run * 6 * MIN);
    forgetUsedSteps();
    const exchange: ServerContext['exchange'] = (req) => {
      urls.push(req.url);
      const answer = (req.json as { credentials?: { authenticatorData?: string } } | undefined)?.credentials;
      if (answer?.authenticatorData !== undefined)
        counters.push(Buffer.from(answer.authenticatorData, 'base64url').readUInt32BE(33));
      return send({ ...req, timeoutMs: 5_000 });
    };
    const store = createFileStateStore(dir);
    const server = simServerContext(sim(), exchange);
    verdicts.push(await runSignIn({ signIn, orgUrl: sim().url, server, credential, journeyState: store }));
  }
  const kept = await createFileStateStore(dir).read(signIn.id);
  return { counters, verdicts, kept: kept.state, dir };
}

// First: the counter-ahead runs below leave the seeded passkey's counter far ahead in the org.
describe("a passkey bound to the org's custom domain, at the Okta URL (related origins)", () => {
  const wellKnown = (urls: readonly string[]) => urls.filter((u) => u.endsWith('/.well-known/webauthn'));

  it("signs in when the custom domain's /.well-known/webauthn names the Okta URL, run after run", async () => {
    const urls: string[] = [];
    const { counters, verdicts } = await journeys('idx-passkey-related-origins', 2, { urls });
    expect(verdicts.map((v) => v.judgement)).toEqual([
      expect.objectContaining({ diagnosis: null }),
      expect.objectContaining({ diagnosis: null }),
    ]);
    expect(counters).toHaveLength(2);
    // Read once a run, from the RP ID (the simulator's custom domain), never from the org's host.
    expect(wellKnown(urls)).toEqual([
      `http://localhost:${new URL(sim().url).port}/.well-known/webauthn`,
      `http://localhost:${new URL(sim().url).port}/.well-known/webauthn`,
    ]);
  });

  it('refuses when the file names another origin only: PASSKEY_REFUSED, nothing signed or sent', async () => {
    const urls: string[] = [];
    const { counters, verdicts } = await journeys('idx-passkey-related-origins-unlisted', 1, { urls });
    expect(verdicts[0]!.judgement).toMatchObject({
      diagnosis: {
        code: 'PASSKEY_REFUSED',
        detail: expect.stringMatching(/does not name http:\/\/127\.0\.0\.1:\d+ .*globex-apac.*nothing was signed/),
      },
    });
    expect(counters).toEqual([]);
    expect(wellKnown(urls)).toHaveLength(1);
  });
});

describe('a journey that signs in with a passkey', () => {
  it('passes three runs in a row, each assertion with a counter above the last, kept in its state', async () => {
    const { counters, verdicts, kept } = await journeys('idx-passkey', 3);
    expect(verdicts.map((v) => v.judgement)).toEqual([
      expect.objectContaining({ diagnosis: null }),
      expect.objectContaining({ diagnosis: null }),
      expect.objectContaining({ diagnosis: null }),
    ]);
    expect(counters).toHaveLength(3);
    expect(counters[1]!).toBeGreaterThan(counters[0]!);
    expect(counters[2]!).toBeGreaterThan(counters[1]!);
    expect(kept).toMatchObject({ passkeyCounter: counters[2], passkeyAccepted: { counter: counters[2] } });
  });

  it('whose state was lost still signs above every counter it sent: a new folder passes after three runs', async () => {
    const before = await journeys('idx-passkey', 3);
    const after = await journeys('idx-passkey', 1);
    expect(passed(after.verdicts[0]!)).toBe(true);
    expect(after.counters[0]!).toBeGreaterThan(Math.max(...before.counters));
  });

  it('whose org holds the counter ahead after a success: PASSKEY_COUNTER_BEHIND once, then held', async () => {
    const first = await journeys('idx-passkey', 1);
    expect(passed(first.verdicts[0]!)).toBe(true);
    const { counters, verdicts } = await journeys('idx-passkey-counter-ahead', 3, { dir: first.dir });
    expect(verdicts[0]!.judgement).toMatchObject({
      diagnosis: {
        code: 'PASSKEY_COUNTER_BEHIND',
        detail: expect.stringMatching(
          /possibly a copy of the passkey.*possibly too .*AAGUID group.*hardware-protection/,
        ),
      },
    });
    // Held: one assertion for three runs, each telling the same.
    expect(counters).toHaveLength(1);
    expect(
      verdicts.slice(1).map((v) => ('diagnosis' in v.judgement ? v.judgement.diagnosis?.code : undefined)),
    ).toEqual(['PASSKEY_COUNTER_BEHIND', 'PASSKEY_COUNTER_BEHIND']);
  });

  it('with no memory of a success, refused: PASSKEY_REFUSED, never the counter named without proof', async () => {
    const { verdicts } = await journeys('idx-passkey-counter-ahead', 1);
    expect(verdicts[0]!.judgement).toMatchObject({ diagnosis: { code: 'PASSKEY_REFUSED' } });
  });

  it('bound to the custom domain while it signs in at the org URL: PASSKEY_REFUSED in Okta words', async () => {
    const { verdicts } = await journeys('idx-passkey-custom-domain', 1);
    expect(verdicts[0]!.judgement).toMatchObject({
      diagnosis: {
        code: 'PASSKEY_REFUSED',
        detail: expect.stringContaining('None of the WebAuthn authenticators the user has enrolled for'),
      },
    });
  });
});

describe('a journey with a TOTP code, under a policy that requires phishing resistance', () => {
  it('reports PHISHING_RESISTANCE_REQUIRED naming the two ways out, and sends no code', async () => {
    const { counters, verdicts } = await journeys('idx-phishing-resistant', 1, { passkey: false });
    expect(counters).toEqual([]);
    expect(verdicts[0]!.judgement).toMatchObject({
      diagnosis: {
        code: 'PHISHING_RESISTANCE_REQUIRED',
        detail: expect.stringMatching(/rule of the policy for the synthetic user's group.*passkey/),
      },
    });
  });
});
