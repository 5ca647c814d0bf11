// The browser walk on every Sign-In Widget generation one package ships, in real Chromium against the simulator's
// hosted page: Gen2 (okta-sign-in.min.js) and Gen3 (okta-sign-in.next.js) for every page scenario of docs/sign-in.md,
// each with the same finding; the prompts the idx flow answers (Keep me signed in, the password expiry warning, an
// optional enrollment, the passkey promotion) answered on the page in both; a French page, whose refusals are judged
// by their i18n keys as the idx journey judges them; a Classic Engine org's widget over /api/v1/authn, its TOTP
// factor answered as the authn journey answers it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisCode } from '../../../../functions/contract';
import { browserSignIn } from '../../../../functions/probe/sign-in/flows/browser/walk';
import { findChromium } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import { type PageFacts } from '../../../../functions/probe/sign-in/flows/browser/page-facts';
import type { SignInWidget } from '../../../../sim/faults';
import { OLD_WIDGET_VERSION } from '../../../../sim/endpoints/hosted-page';
import { IDX_SCENARIOS } from '../../../../sim/idx-scenarios';
import { PAGE_JOURNEY, PAGE_SCENARIOS } from '../../../../sim/page-scenarios';
import type { ScenarioName } from '../../../../sim/scenarios';
import { startSimulator } from '../../../../sim/server';
import { codeAt, stepOf } from '../../../../sim/totp';

/** What one walk told: its finding (null: it landed at the app), the page's facts, and what the journey heard. */
interface Walked {
  readonly code: DiagnosisCode | null;
  readonly detail: string;
  readonly page: PageFacts;
  readonly heard: readonly (readonly [string, unknown])[];
  /** The widget's label files the page fetched (a language other than English). */
  readonly labels: readonly string[];
}

/** A walk of the page user through the simulator's hosted page, in the scenario, widget and language given. */
async function walkPage(scenario: ScenarioName, widget: SignInWidget, language = 'en'): Promise<Walked> {
  const sim = await startSimulator({ scenario, port: 0, signInPage: { widget, language } });
  try {
    const app = sim.clients.signIn.workforce;
    const user = sim.clients.signIn.pageUser;
    const query = new URLSearchParams({
      client_id: app.clientId,
      response_type: 'code',
      scope: 'openid profile email',
      redirect_uri: app.redirectUri,
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const heard: [string, unknown][] = [];
    const walked = await browserSignIn({
      chromium: findChromium(),
      authorizeUrl: `${sim.url}/oauth2/default/v1/authorize?${query.toString()}`,
      redirectUri: app.redirectUri,
      pageOrigins: [sim.url],
      username: user.username,
      password: user.password,
      hasTotpSecret: true,
      // Generous: Gen3's script is 4 MB, and a loaded machine parses it slowly. Nothing here judges the time.
      renderBudgetMs: 15_000,
      stepMs: 10_000,
      totp: () => Promise.resolve({ code: codeAt(user.totpSecret, stepOf(Date.now())) }),
      passwordStep: (a) => heard.push(['password', a.accepted]),
      totpAnswer: (a) => heard.push(['totp', a.accepted]),
      passwordExpiry: (days) => heard.push(['expiry', days]),
      enrollGrace: (graces) => heard.push(['grace', graces.length]),
      promotionSkipped: () => heard.push(['promotion', true]),
      secrets: () => [user.password],
    });
    const diagnosis = 'verdict' in walked ? walked.verdict.diagnosis : null;
    return {
      code: diagnosis?.code ?? null,
      detail: diagnosis?.detail ?? '',
      page: walked.page,
      heard,
      labels: sim.requests.filter((r) => r.path.includes('/labels/json/')).map((r) => r.path),
    };
  } finally {
    await sim.close();
  }
}

const GENERATIONS = ['gen2', 'gen3'] as const;
const PAGE_NAMES = Object.keys(PAGE_SCENARIOS) as (keyof typeof PAGE_SCENARIOS)[];
/** The prompts the idx flow answers, each served by a scenario of the IDX API the hosted page's widget talks to. */
const PROMPTS = ['idx-stay-signed-in', 'password-expiring', 'idx-enroll-grace', 'idx-passkey-promotion'] as const;
/** Refusals the idx journey names, on a page in French. */
const FRENCH = ['user-locked-out', 'idx-not-assigned-redirect', 'idx-network-policy'] as const;

const results = new Map<string, Walked>();
const keyOf = (scenario: string, widget: SignInWidget, language = 'en'): string => `${scenario} ${widget} ${language}`;

beforeAll(async () => {
  const queue: [ScenarioName, SignInWidget, string][] = [
    ...PAGE_NAMES.flatMap((name) => GENERATIONS.map((g) => [name, g, 'en'] as [ScenarioName, SignInWidget, string])),
    ...PROMPTS.flatMap((name) => GENERATIONS.map((g) => [name, g, 'en'] as [ScenarioName, SignInWidget, string])),
    ...FRENCH.flatMap((name) => GENERATIONS.map((g) => [name, g, 'fr'] as [ScenarioName, SignInWidget, string])),
    ['sign-in-page', 'gen3', 'fr'],
    ['sign-in-page', 'classic', 'en'],
    ['sign-in-page-totp', 'classic', 'en'],
    ['sign-in-page-totp-rejected', 'classic', 'en'],
  ];
  // Two Chromiums at a time: the machine is shared.
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift())
      results.set(keyOf(...next), await walkPage(...next));
  };
  await Promise.all([worker(), worker()]);
}, 900_000);

afterAll(() => results.clear());

const walkOf = (scenario: string, widget: SignInWidget, language = 'en'): Walked => {
  const walked = results.get(keyOf(scenario, widget, language));
  if (walked === undefined) throw new Error(`no walk of ${keyOf(scenario, widget, language)}`);
  return walked;
};

/** The page journey's sign-in finding a page scenario promises, or null (it signs in). */
const promised = (name: keyof typeof PAGE_SCENARIOS): DiagnosisCode | null =>
  (PAGE_SCENARIOS[name].expect as readonly { server: string; check: string; code: DiagnosisCode }[]).find(
    (e) => e.server === PAGE_JOURNEY && e.check === 'sign-in',
  )?.code ?? null;

describe('every page scenario on Gen2 and Gen3', () => {
  it.each(PAGE_NAMES)('%s: the same finding on both generations, the one the scenario promises', (name) => {
    for (const widget of GENERATIONS) {
      const walked = walkOf(name, widget);
      // The slow page signs in, later than its held script: its SIGN_IN_PAGE_SLOW is the budget's, judged after.
      const expected = name === 'sign-in-page-slow' ? null : promised(name);
      expect(walked.code, `${widget}: ${walked.detail}`).toBe(expected);
    }
  });

  it('the slow page renders only after its held script, on both', () => {
    for (const widget of GENERATIONS) expect(walkOf('sign-in-page-slow', widget).page.renderMs).toBeGreaterThan(5000);
  });

  it('the pinned old widget signs in on both, its version read from the path the page pinned', () => {
    for (const widget of GENERATIONS)
      expect(walkOf('sign-in-page-old-widget', widget).page.widgetVersion).toBe(OLD_WIDGET_VERSION);
  });

  it('a form the walk cannot answer is named by its title and its remediations, on both', () => {
    for (const widget of GENERATIONS)
      expect(walkOf('sign-in-page-profile-update', widget).detail).toMatch(
        /the page showed "Additional Profile information" \(profile-update, skip\)/,
      );
  });

  it('the refused TOTP code is judged by its i18n key, typed once, on both', () => {
    for (const widget of GENERATIONS) {
      const walked = walkOf('sign-in-page-totp-rejected', widget);
      expect(walked.detail).toMatch(/after the TOTP code: .*\(authfactor\.challenge\.soft_token\.invalid_passcode\)/);
      expect(walked.heard.filter(([what]) => what === 'totp')).toEqual([['totp', false]]);
    }
  });
});

describe('the prompts the idx flow answers, answered on the page in both generations', () => {
  it.each(PROMPTS)('%s: signed in', (name) => {
    for (const widget of GENERATIONS) {
      const walked = walkOf(name, widget);
      expect(walked.code, `${widget}: ${walked.detail}`).toBeNull();
      expect(walked.heard).toContainEqual(['password', true]);
    }
  });

  it("the expiry warning's days are told to password-expiry, and nothing is typed into its new-password field", () => {
    for (const widget of GENERATIONS) {
      const walked = walkOf('password-expiring', widget);
      expect(walked.heard.filter(([what]) => what === 'expiry')).toEqual([['expiry', 5]]);
    }
  });

  it('the optional enrollment tells its grace, and the passkey promotion its skip', () => {
    for (const widget of GENERATIONS) {
      expect(walkOf('idx-enroll-grace', widget).heard).toContainEqual(['grace', 2]);
      expect(walkOf('idx-passkey-promotion', widget).heard).toContainEqual(['promotion', true]);
      // The promotion comes after the TOTP code, which Okta took.
      expect(walkOf('idx-passkey-promotion', widget).heard).toContainEqual(['totp', true]);
    }
  });
});

describe('a page in French', () => {
  it('signs in, the widget having loaded its French labels', () => {
    const walked = walkOf('sign-in-page', 'gen3', 'fr');
    expect(walked.code, walked.detail).toBeNull();
    expect(walked.labels.some((l) => /\/okta-signin-widget\/[0-9.]+\/labels\/json\/login_fr\.json$/.test(l))).toBe(
      true,
    );
  });

  it.each(FRENCH)("%s: the idx journey's code, read from the answer's i18n key, on both generations", (name) => {
    const idx = name === 'user-locked-out' ? 'USER_LOCKED_OUT' : IDX_SCENARIOS[name].expect[0]?.code;
    for (const widget of GENERATIONS) {
      const walked = walkOf(name, widget, 'fr');
      expect(walked.code, `${widget}: ${walked.detail}`).toBe(idx);
      expect(walked.labels.some((l) => l.endsWith('login_fr.json'))).toBe(true);
    }
  });
});

describe('a Classic Engine org', () => {
  it('signs in through the Classic widget (okta-sign-in.classic.js) over /api/v1/authn', () => {
    const walked = walkOf('sign-in-page', 'classic');
    expect(walked.code, walked.detail).toBeNull();
    expect(walked.heard).toContainEqual(['password', true]);
  });

  it("answers MFA_REQUIRED's TOTP factor: the code typed into Okta Verify's code form, taken once", () => {
    const walked = walkOf('sign-in-page-totp', 'classic');
    expect(walked.code, walked.detail).toBeNull();
    expect(walked.heard.filter(([what]) => what === 'totp')).toEqual([['totp', true]]);
  });

  it("a refused code is the authn journey's TOTP_REJECTED, typed once", () => {
    const walked = walkOf('sign-in-page-totp-rejected', 'classic');
    expect(walked.code, walked.detail).toBe('TOTP_REJECTED');
    expect(walked.detail).toMatch(/^after the TOTP code: /);
    expect(walked.heard.filter(([what]) => what === 'totp')).toEqual([['totp', false]]);
  });
});
