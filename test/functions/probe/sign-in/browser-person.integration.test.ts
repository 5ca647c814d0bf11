// The walk does what a person does, in real Chromium on the simulator's hosted page (the real Sign-In Widget 7.x):
// Okta's refusal on the redirect to the app read through Okta's catalogue as the authn journey reads it, before any
// page (a scope the server does not define), after a Classic sign-in (a user not assigned to the app) and after an
// Identity Engine one (an access policy rule without the Authorization Code grant); the seed's factor reached when the
// page shows another first (Okta Verify's push, on Gen2 and Gen3; a Classic beacon's last-used factor); Okta's
// invisible CAPTCHA left to the widget, and a visible challenge told as such.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSignIn } from '../../../../functions/probe/sign-in/flows/browser/walk';
import { findChromium } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import { type BrowserIo } from '../../../../functions/probe/sign-in/flows/browser/io';
import { pkce } from '../../../../functions/probe/okta/pkce';
import type { SignInWidget } from '../../../../sim/faults';
import type { TotpAuthenticator } from '../../../../functions/types';
import type { ScenarioName } from '../../../../sim/scenarios';
import { startSimulator, type Simulator } from '../../../../sim/server';
import { codeAt, stepOf } from '../../../../sim/totp';

/** The walk's result, and what the journey heard of the password and the code. */
type Result = Awaited<ReturnType<typeof browserSignIn>> & { readonly heard: readonly [string, boolean][] };

const sims: Simulator[] = [];
afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.close()));
});

interface Walk {
  readonly scenario: ScenarioName;
  readonly widget?: SignInWidget;
  readonly scope?: string;
  readonly totpAuthenticator?: TotpAuthenticator;
}

/** The page user's walk of the workforce app's /authorize on the simulator, as the journey builds it. */
async function walkOn(walk: Walk): Promise<Result> {
  const sim = await startSimulator({ scenario: walk.scenario, port: 0, signInPage: { widget: walk.widget ?? 'gen2' } });
  sims.push(sim);
  const { workforce, pageUser } = sim.clients.signIn;
  const url = new URL(`${sim.url}/oauth2/${sim.clients.custom.serverId}/v1/authorize`);
  url.search = new URLSearchParams({
    client_id: workforce.clientId,
    response_type: 'code',
    scope: walk.scope ?? 'openid profile email',
    redirect_uri: workforce.redirectUri,
    state: 'state-of-this-walk',
    nonce: 'nonce-of-this-walk',
    ...pkce().challenge,
  }).toString();
  const heard: [string, boolean][] = [];
  const io: BrowserIo = {
    chromium: findChromium(),
    authorizeUrl: url.toString(),
    redirectUri: workforce.redirectUri,
    pageOrigins: [sim.url],
    username: pageUser.username,
    password: pageUser.password,
    hasTotpSecret: true,
    totpAuthenticator: walk.totpAuthenticator,
    // Generous: a shared, loaded machine renders the widget in seconds; what is judged here is never the time.
    renderBudgetMs: 20_000,
    stepMs: 10_000,
    totp: () => Promise.resolve({ code: codeAt(pageUser.totpSecret, stepOf(Date.now())) }),
    totpAnswer: (answer) => heard.push(['totp', answer.accepted]),
    passwordStep: (answer) => heard.push(['password', answer.accepted]),
    secrets: () => [pageUser.password],
  };
  return { ...(await browserSignIn(io)), heard };
}

const codeOf = (result: Result | undefined): string | null =>
  result !== undefined && 'verdict' in result ? (result.verdict.diagnosis?.code ?? null) : null;
const detailOf = (result: Result | undefined): string =>
  result !== undefined && 'verdict' in result ? (result.verdict.diagnosis?.detail ?? '') : '';

const WALKS = {
  'undefined-scope': { scenario: 'sign-in-page', scope: 'openid probe.undefined' },
  'classic-not-assigned': { scenario: 'user-not-assigned', widget: 'classic' },
  'code-grant-denied gen2': { scenario: 'sign-in-page-code-grant-denied', widget: 'gen2' },
  'code-grant-denied gen3': { scenario: 'sign-in-page-code-grant-denied', widget: 'gen3' },
  'push-first gen2': { scenario: 'sign-in-page-push-first', widget: 'gen2' },
  'push-first gen3': { scenario: 'sign-in-page-push-first', widget: 'gen3' },
  'invisible captcha gen2': { scenario: 'sign-in-page-invisible-captcha', widget: 'gen2' },
  'invisible captcha gen3': { scenario: 'sign-in-page-invisible-captcha', widget: 'gen3' },
  'captcha challenge gen2': { scenario: 'sign-in-page-captcha-challenge', widget: 'gen2' },
  'captcha challenge gen3': { scenario: 'sign-in-page-captcha-challenge', widget: 'gen3' },
  'edge challenge': { scenario: 'sign-in-page-edge-challenge' },
  'integrity gen2': { scenario: 'sign-in-page-integrity', widget: 'gen2' },
  'integrity gen3': { scenario: 'sign-in-page-integrity', widget: 'gen3' },
  // Google Authenticator listed first (the user's last used), the seed Okta Verify's.
  'classic factor menu': { scenario: 'totp-seed-named', widget: 'classic', totpAuthenticator: 'okta-verify' },
} satisfies Record<string, Walk>;

const results = new Map<keyof typeof WALKS, Result>();

beforeAll(async () => {
  const queue = Object.keys(WALKS) as (keyof typeof WALKS)[];
  // Two Chromiums at a time: the machine is shared.
  const worker = async (): Promise<void> => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift())
      results.set(name, await walkOn(WALKS[name]));
  };
  await Promise.all([worker(), worker()]);
}, 300_000);

describe("Okta's refusal on the redirect to the app", () => {
  it('before any page: a scope the server does not define is INVALID_SCOPE, as the authn journey reads it', () => {
    const result = results.get('undefined-scope');
    expect(codeOf(result), detailOf(result)).toBe('INVALID_SCOPE');
    expect(detailOf(result)).toMatch(/^the redirect to the app carried error=invalid_scope: One or more scopes/);
  });

  it("after a Classic sign-in: a user not assigned to the app is USER_NOT_ASSIGNED, with Okta's request id", () => {
    const result = results.get('classic-not-assigned');
    expect(codeOf(result), detailOf(result)).toBe('USER_NOT_ASSIGNED');
    const diagnosis = result !== undefined && 'verdict' in result ? result.verdict.diagnosis : null;
    expect(diagnosis?.requestId).toMatch(/\S/);
    expect(diagnosis?.httpStatus).toBe(302);
  });

  it('after an Identity Engine sign-in, on Gen2 and Gen3: "Policy evaluation failed" is SIGN_IN_NOT_ALLOWED', () => {
    for (const name of ['code-grant-denied gen2', 'code-grant-denied gen3'] as const) {
      const result = results.get(name);
      expect(codeOf(result), `${name}: ${detailOf(result)}`).toBe('SIGN_IN_NOT_ALLOWED');
      expect(detailOf(result)).toMatch(/carried error=access_denied: Policy evaluation failed for this request/);
    }
  });
});

describe("the seed's factor reached as a person reaches it", () => {
  it('Okta Verify\'s push sent first, on Gen2 and Gen3: "Verify with something else", then the code, signed in', () => {
    for (const name of ['push-first gen2', 'push-first gen3'] as const) {
      const result = results.get(name);
      expect(codeOf(result), `${name}: ${detailOf(result)}`).toBeNull();
      expect(result?.heard).toEqual([
        ['password', true],
        ['totp', true],
      ]);
      expect(result?.page.counts, JSON.stringify(result?.page)).toEqual({ csp: 0, scriptErrors: 0, assets: 0 });
    }
  });

  it("a Classic page showing another factor first: the seed's picked in the beacon's dropdown, signed in", () => {
    const result = results.get('classic factor menu');
    expect(codeOf(result), detailOf(result)).toBeNull();
    expect(result?.heard).toContainEqual(['totp', true]);
  });
});

describe("Okta's CAPTCHA on the identify form", () => {
  it('invisible, on Gen2 and Gen3: the widget runs it and the walk signs in, as a person does', () => {
    for (const name of ['invisible captcha gen2', 'invisible captcha gen3'] as const) {
      const result = results.get(name);
      expect(codeOf(result), `${name}: ${detailOf(result)}`).toBeNull();
      expect(result?.heard).toContainEqual(['password', true]);
      // Nothing the sign-in-widget check would tell: the vendor's script ran clean under the page's CSP.
      expect(result?.page.counts, JSON.stringify(result?.page)).toEqual({ csp: 0, scriptErrors: 0, assets: 0 });
    }
  });

  it('asking a visible challenge, on Gen2 and Gen3: SIGN_IN_PAGE_CAPTCHA, naming the challenge frame', () => {
    for (const name of ['captcha challenge gen2', 'captcha challenge gen3'] as const) {
      const result = results.get(name);
      expect(codeOf(result), `${name}: ${detailOf(result)}`).toBe('SIGN_IN_PAGE_CAPTCHA');
      expect(detailOf(result)).toMatch(/\/hcaptcha\/hcaptcha\.html/);
    }
  });
});

describe('what is in front of the page, told for what it is', () => {
  it("a CDN's challenge in front of the custom domain: SIGN_IN_PAGE_CAPTCHA naming the edge, never Okta's zone", () => {
    const result = results.get('edge challenge');
    expect(codeOf(result), detailOf(result)).toBe('SIGN_IN_PAGE_CAPTCHA');
    expect(detailOf(result)).toMatch(/Cloudflare \(cf-mitigated: challenge\)/);
  });

  it('a widget script refused by its integrity hash, on Gen2 and Gen3: SIGN_IN_PAGE_INTEGRITY_FAILED', () => {
    for (const name of ['integrity gen2', 'integrity gen3'] as const) {
      const result = results.get(name);
      expect(codeOf(result), `${name}: ${detailOf(result)}`).toBe('SIGN_IN_PAGE_INTEGRITY_FAILED');
      expect(detailOf(result)).toMatch(/\/js\/okta-sign-in\.(min|next)\.js was refused by the browser/);
    }
  });
});
