// What the SAML app's SSO URL answers a signed-in user (issue 28): Okta's auto-posting form (saml2aws reads the same
// shape), "403 App Not Assigned", the sign-in page or its redirect, an error page, and Okta's 5xx.
import { describe, expect, it } from 'vitest';
import { decodeReferences, judgeSsoAnswer } from '../../../../functions/probe/checks/saml-sso';
import { answer } from './fixtures';

const FORM =
  '<html><body onload="document.forms[0].submit()"><form id="appForm" action="https&#x3a;&#x2f;&#x2f;acme.my.salesforce.com&#x2f;" method="POST">' +
  '<input name="SAMLResponse" type="hidden" value="PD94bWwgdmVyc2lvbj0iMS4wIj8&#x2b;PHI&#x2f;Pg&#x3d;&#x3d;"/><input name="RelayState" type="hidden" value=""/></form></body></html>';

describe('judgeSsoAnswer', () => {
  it('reads the SAMLResponse and the ACS URL from Okta\'s form, character references decoded', () => {
    const read = judgeSsoAnswer(answer(200, FORM, { 'content-type': 'text/html' }));
    expect(read).toEqual({ kind: 'form', samlResponse: 'PD94bWwgdmVyc2lvbj0iMS4wIj8+PHI/Pg==', action: 'https://acme.my.salesforce.com/' });
  });

  it('reports SAML_USER_NOT_ASSIGNED for Okta\'s "403 App Not Assigned" page', () => {
    const page = '<html><head><title>403 App Not Assigned</title></head><body>Sorry, you cannot access Salesforce because you are not assigned this app in Okta.</body></html>';
    const read = judgeSsoAnswer(answer(403, page, { 'x-okta-request-id': 'req-1' }));
    expect(read.kind === 'failed' && read.verdict.diagnosis).toMatchObject({ code: 'SAML_USER_NOT_ASSIGNED', httpStatus: 403 });
  });

  it('reports SAML_SESSION_REFUSED for a redirect to the sign-in page (path only, no fromURI) and for the page itself', () => {
    const redirected = judgeSsoAnswer(answer(302, '', { location: 'https://acme.okta.com/login/login.htm?fromURI=%2Fapp%2Fx' }));
    expect(redirected.kind === 'failed' && redirected.verdict.diagnosis).toMatchObject({ code: 'SAML_SESSION_REFUSED', detail: expect.stringMatching(/to \/login\/login\.htm instead/) });
    const page = judgeSsoAnswer(answer(200, '<html><head><title>Okta - Sign In</title></head><body><div id="okta-sign-in"></div></body></html>'));
    expect(page.kind === 'failed' && page.verdict.diagnosis?.code).toBe('SAML_SESSION_REFUSED');
  });

  it('reports SAML_RESPONSE_MISSING for a page with no form, with its title', () => {
    const read = judgeSsoAnswer(answer(200, '<html><head><title>Error</title></head><body>An error has occurred.</body></html>'));
    expect(read.kind === 'failed' && read.verdict.diagnosis).toMatchObject({ code: 'SAML_RESPONSE_MISSING', detail: expect.stringContaining('page "Error"') });
  });

  it('reports Okta\'s 5xx as OKTA_SERVER_ERROR', () => {
    const read = judgeSsoAnswer(answer(503, '<html><title>Service Unavailable</title></html>'));
    expect(read.kind === 'failed' && read.verdict.diagnosis?.code).toBe('OKTA_SERVER_ERROR');
  });
});

describe('decodeReferences', () => {
  it('decodes hex, decimal and named references and leaves unknown ones', () => {
    expect(decodeReferences('a&#x2b;b&#61;&amp;&quot;&#39;&nope;')).toBe('a+b=&"\'&nope;');
  });
});
