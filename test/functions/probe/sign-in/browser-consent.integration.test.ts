// Okta's consent screen on the hosted page, in real Chromium against the simulator (sim/page-scenarios.ts,
// sign-in-page-consent): an app whose consent is required (okta-developer-docs guides/request-user-consent) shows the
// synthetic user "Allow Access" / "Don't Allow" until it is granted once. Gen2 and Gen3 render the IDX consent form;
// a Classic Engine org's widget shows it once Okta opened the session, from a CONSENT_REQUIRED transaction on a page
// of its own. The walk grants nothing on a person's behalf and names the consent, the app and its scopes: never a
// broken page, never an unexpected answer of Okta's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSignIn } from '../../../../functions/probe/sign-in/flows/browser/walk';
import { findChromium } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import type { SignInWidget } from '../../../../sim/faults';
import { startSimulator } from '../../../../sim/server';
import { codeAt, stepOf } from '../../../../sim/totp';

interface Walked {
  readonly code: string | null;
  readonly detail: string;
  /** What the walk sent after the password: a consent granted or refused would show here. */
  readonly consentPosts: readonly string[];
  readonly heard: readonly (readonly [string, unknown])[];
}

async function walkConsent(widget: SignInWidget): Promise<Walked> {
  const sim = await startSimulator({ scenario: 'sign-in-page-consent', port: 0, signInPage: { widget } });
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
      // Generous: a loaded machine parses Gen3's 4 MB script slowly. Nothing here judges the time.
      renderBudgetMs: 15_000,
      stepMs: 10_000,
      totp: () => Promise.resolve({ code: codeAt(user.totpSecret, stepOf(Date.now())) }),
      passwordStep: (a) => heard.push(['password', a.accepted]),
      totpAnswer: (a) => heard.push(['totp', a.accepted]),
      secrets: () => [user.password],
    });
    const diagnosis = 'verdict' in walked ? walked.verdict.diagnosis : null;
    return {
      code: diagnosis?.code ?? null,
      detail: diagnosis?.detail ?? '',
      consentPosts: sim.requests
        .filter((r) => r.method === 'POST' && /\/(consent|cancel)$/.test(r.path))
        .map((r) => r.path),
      heard,
    };
  } finally {
    await sim.close();
  }
}

const WIDGETS = ['gen2', 'gen3', 'classic'] as const;
const walks = new Map<SignInWidget, Walked>();

beforeAll(async () => {
  // One Chromium at a time: the machine is shared.
  for (const widget of WIDGETS) walks.set(widget, await walkConsent(widget));
}, 300_000);

afterAll(() => walks.clear());

const walkOf = (widget: SignInWidget): Walked => {
  const walked = walks.get(widget);
  if (walked === undefined) throw new Error(`no walk on ${widget}`);
  return walked;
};

describe("Okta's consent screen on the hosted page", () => {
  it.each(WIDGETS)('%s: SIGN_IN_CONSENT_REQUIRED naming the app and its scopes', (widget) => {
    const walked = walkOf(widget);
    expect(walked.code, walked.detail).toBe('SIGN_IN_CONSENT_REQUIRED');
    expect(walked.detail).toMatch(/the user to consent to email, phone for the app "Workforce Portal"/);
  });

  it.each(WIDGETS)('%s: nothing granted or refused on the user behalf', (widget) => {
    expect(walkOf(widget).consentPosts).toEqual([]);
  });

  it("classic: the consent is judged from the page Okta's redirect showed, the password taken", () => {
    const walked = walkOf('classic');
    expect(walked.detail).toMatch(/^after the password, once Okta said the sign-in succeeded: /);
    expect(walked.heard).toContainEqual(['password', true]);
  });
});
