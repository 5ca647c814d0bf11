// The "browser" flow as a peer of the others: the org's hosted sign-in page walked in Chromium (walk.ts), the
// journey's app visited in the same session, and the code the page landed with exchanged as the authn flow's is.
import { DEFAULTS } from '../../../../contract';
import type { SignInConfig } from '../../../../types';
import { signInPageUrl } from '../../../../config/sign-in';
import { fail } from '../../../verdict';
import type { FlowResult } from '../../idx';
import { visitApp } from '../../app-sign-in';
import { userMasked } from '../../app-evidence';
import { authorizeRequest, exchangeCode } from '../code';
import type { JourneyKit } from '../kit';
import { findChromium } from './chromium';
import { PageRecorder } from './evidence';
import { PAGE_RENDER_BUDGET_MS, pageText } from './page-facts';
import { browserSignIn } from './walk';

/**
 * The org's hosted sign-in page in a browser: /authorize with state, nonce and PKCE, walked as a person walks it,
 * stopped at the redirect to the app; its code exchanged as the authn flow's is.
 */
export async function browserFlow(kit: JourneyKit): Promise<FlowResult> {
  const { signIn, server, orgUrl } = kit.ctx;
  const request = authorizeRequest(kit, {});
  const { redirectUri, state, nonce, verifier } = request;
  // The page people use: on the custom domain the server's issuer names, where it names one.
  const url = signInPageUrl(request.url.toString(), orgUrl, server.endpoints.issuer);
  kit.secrets.push(kit.credential.password);
  const stepMs = kit.ctx.timeoutMs ?? DEFAULTS.timeoutMs;
  const budgetMs = signIn.renderBudgetSeconds === undefined ? PAGE_RENDER_BUDGET_MS : signIn.renderBudgetSeconds * 1000;
  kit.steps.push('sign-in page (browser)');
  const index = kit.stepMs.push(0) - 1;
  const started = performance.now();
  const recorder = kit.ctx.keepPage === undefined ? undefined : new PageRecorder(() => kit.secrets, stepMs);
  const walked = await browserSignIn({
    chromium: findChromium(),
    authorizeUrl: url.toString(),
    redirectUri,
    pageOrigins: [...new Set([url.origin, new URL(orgUrl).origin, new URL(server.endpoints.authorize).origin])],
    username: signIn.username,
    password: kit.credential.password,
    hasTotpSecret: kit.credential.totpSecret !== undefined,
    renderBudgetMs: budgetMs,
    stepMs,
    totpAuthenticator: signIn.totpAuthenticator,
    totp: () => kit.totp(),
    totpAnswer: (answer) => kit.ctx.journey.totpAnswer(answer),
    passwordStep: (answer) => kit.passwordJudged(answer),
    // What the page's answers told, heard as the idx flow's are: the expiry warning's days, a grace skipped.
    ...kit.idxHeard(),
    secrets: () => kit.secrets,
    ...(recorder !== undefined && { watcher: recorder }),
    ...(signIn.app !== undefined && { afterSignIn: (tab) => visitJourneyApp(kit, tab, signIn.app!, stepMs) }),
  });
  // The app's time is the app's: never the sign-in page's step, nor the journey's latency.
  kit.stepMs[index] = Math.round(performance.now() - started - kit.appMs);
  kit.page = { facts: walked.page, budgetMs, ...(recorder !== undefined && { recorder }) };
  if ('verdict' in walked) return { verdict: walked.verdict };
  // Okta's refusal on the redirect (an error in place of the code) is the walk's finding already (walk.ts).
  const code = walked.landed.searchParams.get('code');
  if (code === null || walked.landed.searchParams.get('state') !== state)
    return { verdict: fail('UNEXPECTED_RESPONSE', 'the redirect to the app carried no code for this state') };
  return exchangeCode(kit, code, { redirectUri, verifier, nonce });
}

/** The journey's app, visited once in the signed-in browser's session (app-sign-in.ts); its time kept apart. */
async function visitJourneyApp(
  kit: JourneyKit,
  tab: import('playwright-core').Page,
  app: NonNullable<SignInConfig['app']>,
  stepMs: number,
) {
  const { orgUrl, server } = kit.ctx;
  const started = performance.now();
  kit.appVisit = await visitApp(tab, {
    app,
    oktaOrigins: [...new Set([new URL(orgUrl).origin, new URL(server.endpoints.authorize).origin])],
    stepMs,
    // The synthetic user's name is masked wherever the app's words echo it, as in every finding (docs/sign-in.md).
    told: (text) => userMasked(pageText(text, kit.secrets), kit.ctx.signIn.username),
    ...(kit.ctx.readAssertion !== undefined && { readAssertion: kit.ctx.readAssertion }),
  });
  kit.appMs = Math.round(performance.now() - started);
}
