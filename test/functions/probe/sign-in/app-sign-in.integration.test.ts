// The app behind Okta, through the engine against the simulator in real Chromium: the "browser" journey `page` signs
// in to the simulator's OIDC app from the app's own login URL, and the journey `wiki` to its SAML app through Okta's
// app link, each in its own session after its sign-in. A healthy run passes app-sign-in for both; each app scenario
// fails app-sign-in with the app as its owner, naming the audience, claim, certificate, clock or user, while Okta's
// part passes: the journey's sign-in and the SAML app's own check; where Okta refuses the app's own request, the
// finding is the catalogue's, never the app's and never a skip.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../../functions/credentials/user-secrets';
import { runProbe } from '../../../../functions/probe/engine';
import { findChromium } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import { verdictOf } from '../../../../functions/plan/verdict';
import { runLogLine } from '../../../../functions/report/run-line';
import { foldRunLine } from '../../../../functions/status-page/fold';
import { renderStatusHtml } from '../../../../functions/status-page/html';
import { watchedOf } from '../../../../functions/status-page/watched';
import type { CheckResult, ProbeConfig, Report } from '../../../../functions/types';
import { APP_SCENARIOS, WIKI_JOURNEY } from '../../../../sim/app-scenarios';
import { writeSimulatorConfig } from '../../../../sim/config';
import { PAGE_JOURNEY } from '../../../../sim/page-scenarios';
import { SIM_SAML_ID } from '../../../../sim/saml/scenarios';
import type { ScenarioName } from '../../../../sim/scenarios';
import { ORG_SERVER_ID, type CheckName } from '../../../../functions/contract';
import { useSimulator } from '../../../support/simulator';
import { launchChromium } from '../../../support/browser';
import { useTempDir } from '../../../support/temp-dir';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-app-');
afterEach(() => {
  sim().scenario = 'healthy';
});
beforeAll(() => {
  // Real Chromium is what this test is about: without it the journeys are "not run", never a pass.
  expect(findChromium(), 'Chromium (apt-get install chromium)').toBeDefined();
});

/**
 * One cycle of the scenario's config: the app journeys it tells of (both for healthy), the SAML app and its journey;
 * no server's own checks. One browser at a time where the scenario needs one: two Chromiums at once on a loaded
 * machine leave a widget unrendered past the journey's wait, which this test is not about.
 */
async function runScenario(name: ScenarioName, journeys: readonly string[]): Promise<Report> {
  return (await runScenarioWith(name, journeys)).report;
}

/**
 * The scenario's run, and the config it ran (the status page names its parts from it); `systemLog`: the org server
 * kept, reading the System Log, and only the log's check of its own.
 */
async function runScenarioWith(
  name: ScenarioName,
  journeys: readonly string[],
  systemLog = false,
): Promise<{ report: Report; probe: ProbeConfig }> {
  sim().scenario = name;
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir(), { browser: true }), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const saml = loaded.config.probe.samlApps ?? [];
  const keep = new Set([...journeys, ...saml.map((app) => app.signIn)]);
  const org = loaded.config.probe.servers
    .filter((s) => systemLog && s.id === ORG_SERVER_ID)
    .map((s) => ({ ...s, scopes: [...new Set([...s.scopes, 'okta.logs.read'])], systemLog: true as const }));
  const probe = {
    ...loaded.config.probe,
    servers: org,
    statusPageUrl: null,
    signIn: loaded.config.probe.signIn?.filter((j) => keep.has(j.id)),
  };
  const report = await runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache: createMemoryCache(),
    now: Date.now,
    ...(systemLog && { checks: new Set<CheckName>(['system-log', 'sign-in', 'app-sign-in', 'saml']) }),
  });
  return { report, probe };
}

const result = (report: Report, server: string, check: string): CheckResult | undefined =>
  report.checks.find((c) => c.server === server && c.check === check);

/** Okta's part: the journey signed in. */
function signedIn(report: Report, journey: string): void {
  const signIn = result(report, journey, 'sign-in');
  expect(signIn?.status, JSON.stringify(signIn)).toBe('pass');
}

describe('app-sign-in in Chromium against the simulator', () => {
  it('a healthy run signs in to the OIDC app and the SAML app: app-sign-in passes for both', async () => {
    const report = await runScenario('healthy', [PAGE_JOURNEY, WIKI_JOURNEY]);

    for (const journey of [PAGE_JOURNEY, WIKI_JOURNEY]) {
      signedIn(report, journey);
      const app = result(report, journey, 'app-sign-in');
      expect(app?.status, JSON.stringify(app)).toBe('pass');
    }
    expect(result(report, PAGE_JOURNEY, 'app-sign-in')?.observed).toMatchObject({ app: 'Expenses', appPath: '/home' });
    expect(result(report, WIKI_JOURNEY, 'app-sign-in')?.observed).toMatchObject({ app: 'Wiki', appPath: '/wiki' });
  }, 180_000);

  /** The scenarios where Okta refuses the app's own request: the catalogue's code and owner, not the app's. */
  const OKTA_REFUSED: ReadonlySet<string> = new Set(['app-scope-refused', 'app-not-assigned']);

  /** The scenarios whose cause only Okta's System Log shows: run with the log read, as the org server reads it. */
  const TOLD_BY_LOG: ReadonlySet<string> = new Set(['app-client-refused']);

  /** The scenarios of an app built another way, healthy: each passes (below). */
  const HEALTHY = ['app-form-post', 'app-single-page'] as const;
  type Failing = Exclude<keyof typeof APP_SCENARIOS, (typeof HEALTHY)[number]>;

  it.each(HEALTHY)(
    '%s: app-sign-in passes once the app settles, judged as any app is',
    async (name) => {
      const report = await runScenario(name, [PAGE_JOURNEY]);

      signedIn(report, PAGE_JOURNEY);
      const app = result(report, PAGE_JOURNEY, 'app-sign-in');
      expect(app?.status, JSON.stringify(app)).toBe('pass');
      expect(app?.observed).toMatchObject({ app: 'Expenses', appPath: '/home' });
    },
    180_000,
  );

  /** What each scenario's finding names: the audience, the claim, the certificate, the clock or the user. */
  const NAMED: Record<Failing, RegExp> = {
    'app-audience': /aud "0oa\w+"/,
    'app-missing-claim': /"email"/,
    'app-stale-certificate': /Okta signs with the certificate SHA-256 [0-9A-F:]{95}/,
    'app-clock-skew': /the assertion is valid from \S+Z to \S+Z/,
    // The user Okta named, masked as every finding masks the synthetic user's name.
    'app-unknown-user': /\b[pw]\*\*\*@example\.com\b/,
    'app-down': /answered 503/,
    // Okta's own event, the grant of the app's client refused, told first: the app's 502 is its credentials.
    'app-client-refused': new RegExp(
      "^Okta refused the app's own token request \\(System Log event app\\.oauth2\\.as\\.token\\.grant, outcome " +
        "FAILURE: invalid_client\\).*: the app's back channel to Okta, not its service\\. .*answered 502",
    ),
    'app-refused': /Expenses landed on \/callback, not \/home; answered 403.*"Access denied\."/,
    'app-redirects-away':
      /^Expenses sent the browser to https:\/\/idp-chooser\.expenses\.invalid\/choose: not followed$/,
    'app-scope-refused': new RegExp(
      "^Okta refused Expenses's own sign-in request: its redirect to the app carried error=invalid_scope: " +
        'One or more scopes are not configured',
    ),
    'app-not-assigned':
      /^Okta refused Wiki's own sign-in request\. Okta answered 403 on Wiki's link: .*not assigned this app/,
    // The Response's signature names Okta's certificate; the SP's own, in the EncryptedKey, is never named.
    'app-encrypted-assertion': new RegExp(
      "the assertion is encrypted \\(an EncryptedAssertion, to the app's own key\\): its audience, user and " +
        'attributes could not be read here; the Response is signed with the certificate SHA-256 [0-9A-F]{2}:',
    ),
  };

  it.each(Object.keys(NAMED) as Failing[])(
    "%s: app-sign-in fails naming its cause, owned by the app or by Okta's catalogue, while the sign-in passes",
    async (name) => {
      const servers = APP_SCENARIOS[name].expect.map((e) => e.server);
      const { report } = await runScenarioWith(name, servers, TOLD_BY_LOG.has(name));

      for (const { server, code } of APP_SCENARIOS[name].expect) {
        signedIn(report, server);
        const app = result(report, server, 'app-sign-in');
        expect(app?.diagnosis?.code, JSON.stringify(app)).toBe(code);
        // Okta refusing the app's own request is the catalogue's code, owned as the catalogue says: never the app's.
        const owner = verdictOf('app-sign-in', code).owner;
        if (OKTA_REFUSED.has(name)) expect(owner).not.toBe('app');
        else expect(owner).toBe('app');
        expect(app?.diagnosis?.detail).toMatch(NAMED[name]);
      }
      // The SAML app's own check, Okta's assertion as a careful SP judges it, passes.
      expect(result(report, SIM_SAML_ID, 'saml')?.status).toBe('pass');
    },
    180_000,
  );
});

describe("Okta's part of an app's refusal by the System Log, in Chromium", () => {
  it("says first that Okta issued the ID token, by the authorize hop's request id and the app's client", async () => {
    const { report } = await runScenarioWith('app-audience', [PAGE_JOURNEY], true);

    signedIn(report, PAGE_JOURNEY);
    const app = result(report, PAGE_JOURNEY, 'app-sign-in');
    expect(app?.diagnosis?.code, JSON.stringify(app)).toBe('APP_AUDIENCE_MISMATCH');
    expect(app?.diagnosis?.requestId).toMatch(/^[\w-]{10,}$/);
    expect(app?.diagnosis?.detail).toMatch(
      /^Okta issued the ID token \(System Log event app\.oauth2\.as\.token\.grant\.id_token,/,
    );
    expect(app?.diagnosis?.detail).toMatch(
      /outcome SUCCESS\) after the code \(System Log event app\.oauth2\.as\.authorize\.code/,
    );
  }, 180_000);
});

describe("Okta's part of a SAML app's refusal by the System Log, in Chromium", () => {
  it("says first that Okta signed the user in to the app, and when Okta last rotated the app's key", async () => {
    const { report } = await runScenarioWith('app-stale-certificate', [WIKI_JOURNEY], true);

    signedIn(report, WIKI_JOURNEY);
    const app = result(report, WIKI_JOURNEY, 'app-sign-in');
    expect(app?.diagnosis?.code, JSON.stringify(app)).toBe('APP_CERTIFICATE_PINNED');
    expect(app?.diagnosis?.detail).toMatch(
      /^Okta signed the user in to the app \(System Log event user\.authentication\.sso, outcome SUCCESS/,
    );
    expect(app?.diagnosis?.detail).toMatch(
      /Okta last rotated Wiki's signing key at \S+Z \(System Log event app\.keys\.rotate/,
    );
  }, 180_000);
});

describe('the status page of an app refusing the sign-in, in Chromium', () => {
  it('says "Sign-in to Expenses fails at Expenses; Okta works" under the app, the journey working', async () => {
    const { report, probe } = await runScenarioWith('app-audience', [PAGE_JOURNEY]);
    const line = runLogLine(report);
    const model = foldRunLine(undefined, line, watchedOf(probe));
    const file = join(dir(), 'index.html');
    writeFileSync(file, renderStatusHtml(model, new Date(Date.parse(line.startedAt) + 30_000)));

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.clock.setFixedTime(new Date(Date.parse(line.startedAt) + 30_000));
      await page.goto(pathToFileURL(file).href);
      const app = await page.locator('section', { hasText: "Apps signed in to after Okta's part" }).innerText();
      const journeys = await page.locator('section', { hasText: 'Sign-in journeys' }).innerText();

      expect(app).toMatch(/✗ FAILING\s+Expenses \(page\)/);
      expect(app).toContain("Whose fault: The app's own side; Okta works (App expects another audience");
      expect(app).toContain('Tell callers: Sign-in to Expenses fails at Expenses; Okta works.');
      // Okta's part, the journey, works: the app's refusal is never told as the sign-in's.
      expect(journeys).toContain('✓ WORKING');
      expect(journeys).not.toContain('FAILING');
    } finally {
      await browser.close();
    }
  }, 180_000);
});
