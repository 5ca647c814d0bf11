// Okta refusing the app's own request, which every person opening the app meets: an error on the app's redirect
// (seed 002: invalid_scope, no_matching_policy, user_not_assigned) or Okta's "App Not Assigned" page on a SAML app's
// link. A failure with the catalogue's code and owner, read as the sign-in's redirect is read; never a skip, never the
// app's, and repeated between the journey's runs as any kept verdict of the app.
import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../../../functions/plan/verdict';
import { carried, keptVerdict } from '../../../../functions/probe/cadence';
import { judgeAppSignIn, type AppVisit } from '../../../../functions/probe/sign-in/app-judge';
import { judgeAppOf, withKeptApp } from '../../../../functions/probe/sign-in/app-sign-in';
import { redirectError } from '../../../../functions/probe/sign-in/judge';
import { judged, pass } from '../../../../functions/probe/verdict';
import type { AppConfig } from '../../../../functions/types';

const OIDC: AppConfig = {
  name: 'Expenses',
  protocol: 'oidc',
  loginUrl: 'http://127.0.0.1:1/login',
  success: { path: '/home' },
  claims: [],
};
const SAML: AppConfig = {
  ...OIDC,
  name: 'Wiki',
  protocol: 'saml',
  loginUrl: 'http://127.0.0.1:2/app/wiki/exk1/sso/saml',
};
/** What the app shows for an error on its callback: many show a page of their own, often a 200. */
const appPage = { status: 200, path: '/callback', words: 'Sign-in failed.', cookies: [] };

const refusedOnRedirect = (error: string, description: string): AppVisit => ({
  handOff: { kind: 'redirect', code: false, error, description, requestId: 'reqAuthorize1', clientId: '0oaExpenses' },
  answer: appPage,
});

const codeOf = (judgement: ReturnType<typeof judgeAppSignIn>) =>
  'notRun' in judgement ? `skipped: ${judgement.reason}` : judgement.diagnosis?.code;

describe("Okta refusing the app's own request", () => {
  it.each([
    ['invalid_scope', 'One or more scopes are not configured for the authorization server resource.'],
    ['access_denied', 'Policy evaluation failed for this request, please check the policy configurations.'],
    ['access_denied', 'User is not assigned to the client application.'],
  ])("is a failure with the catalogue's code and owner for error=%s %s, never a skip nor the app's", (error, text) => {
    const catalogue = redirectError(new URLSearchParams({ error, error_description: text }), undefined);

    const judgement = judgeAppSignIn(OIDC, refusedOnRedirect(error, text));

    expect(codeOf(judgement)).toBe(catalogue?.diagnosis?.code);
    const code = 'notRun' in judgement ? undefined : judgement.diagnosis?.code;
    expect(code === undefined ? 'none' : verdictOf('app-sign-in', code).owner).not.toBe('app');
    expect('notRun' in judgement ? '' : judgement.diagnosis?.detail).toBe(
      `Okta refused Expenses's own sign-in request: its redirect to the app carried error=${error}: ${text}`,
    );
    expect('notRun' in judgement ? null : judgement.diagnosis?.requestId).toBe('reqAuthorize1');
  });

  it('reads Okta\'s "App Not Assigned" page on a SAML app\'s link as the user not assigned, not the app', () => {
    const words =
      "Sorry, you cannot access Wiki because you are not assigned this app in Okta. If you're wondering why this " +
      'is happening, please contact your administrator.';

    const judgement = judgeAppSignIn(SAML, { oktaPage: { status: 403, words, requestId: 'reqAppLink1' } });

    expect(codeOf(judgement)).toBe('SAML_USER_NOT_ASSIGNED');
    expect(verdictOf('app-sign-in', 'SAML_USER_NOT_ASSIGNED').owner).toBe('org');
    expect('notRun' in judgement ? '' : judgement.diagnosis?.detail).toMatch(
      /^Okta refused Wiki's own sign-in request\. Okta answered 403 on Wiki's link: "Sorry, you cannot access Wiki/,
    );
  });

  it("is repeated between the journey's runs as the app's kept verdict", () => {
    const visit = refusedOnRedirect('invalid_scope', 'One or more scopes are not configured.');
    const fresh = { ...judged(pass({ flow: 'browser' })), app: visit };
    const kept = keptVerdict(withKeptApp({ app: OIDC }, fresh), Date.parse('2026-11-28T08:00:00Z'), []);

    const repeated = judgeAppOf({ app: OIDC }, carried(kept)).judgement;

    expect('notRun' in repeated ? repeated.reason : repeated.diagnosis?.code).toBe('INVALID_SCOPE');
  });
});
