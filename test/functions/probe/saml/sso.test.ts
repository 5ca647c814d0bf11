// What the SAML app's SSO URL answers a signed-in user: Okta's auto-posting form (saml2aws reads
// the same shape) read as a browser reads it, where it posts the assertion, the steps on the way (redirects and
// intermediate forms on the org), Classic's "403 App Not Assigned" and step-up page, Identity Engine's sign-in page and
// its state, error pages, Okta's 5xx, and hostile pages.
import { describe, expect, it } from 'vitest';
import {
  failureRedirectOf,
  judgeSsoAnswer as judge,
  judgeSsoState,
  type SsoExpectation,
} from '../../../../functions/probe/saml/sso';
import { MAX_SSO_PAGE_BYTES, readSsoPage } from '../../../../functions/probe/saml/page';
import { answer } from '../fixtures';

const ORG = 'https://acme.okta.com';
const SSO = `${ORG}/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml`;
const ACS = 'https://acme.my.salesforce.com/';
const EXPECTED: SsoExpectation = { orgUrl: ORG, acsUrl: ACS, acsField: 'recipient' };
/** Okta's escaping: ESAPI-style references for every non-alphanumeric character of the action and the value. */
const ACTION = 'https&#x3a;&#x2f;&#x2f;acme.my.salesforce.com&#x2f;';
const VALUE = 'PD94bWwgdmVyc2lvbj0iMS4wIj8&#x2b;PHI&#x2f;Pg&#x3d;&#x3d;';
const form = (action = ACTION, value = VALUE, method = 'POST') =>
  `<form id="appForm" action="${action}" method="${method}"><input name="SAMLResponse" type="hidden" value="${value}"/><input ` +
  `name="RelayState" type="hidden" value=""/><noscript><input type="submit" ` +
  `value="Continue"/></noscript></form>`;
const page = (body: string) =>
  `<!DOCTYPE html><html lang="en"><head><title>Okta - Signing in...</title></head><body ` +
  `onload="document.forms[0].submit()">${body}</body></html>`;
const FORM = page(form());
const sso = (res: ReturnType<typeof answer>, expected: SsoExpectation = EXPECTED, url = SSO) =>
  judge(expected, url, res);
const diagnosisOf = (read: ReturnType<typeof judge>) => (read.kind === 'failed' ? read.verdict.diagnosis : null);

describe("judgeSsoAnswer: Okta's form, read as a browser reads it", () => {
  it("reads the SAMLResponse and the ACS URL from Okta's form, character references decoded", () => {
    expect(sso(answer(200, FORM, { 'content-type': 'text/html' }))).toEqual({
      kind: 'form',
      samlResponse: 'PD94bWwgdmVyc2lvbj0iMS4wIj8+PHI/Pg==',
      action: ACS,
    });
  });

  it(
    "decodes every HTML character reference: named (all of HTML's), decimal, hex, and a legacy one without its " +
      'semicolon',
    () => {
      const read = readSsoPage(
        `<form action="x"><input name="v" ` +
          `value="a&plus;b&equals;c&sol;d&#43;e&#x2B;f&amp;g&ampg&nbsp;h&NotNestedGreaterGreater;"></form>`,
      );
      expect(read.form?.controls).toEqual([{ name: 'v', value: 'a+b=c/d+e+f&g&ampg\u00a0h\u2aa2\u0338' }]);
    },
  );

  it("posts the first form: a second form's SAMLResponse is never judged", () => {
    const two = page(`${form(ACTION, 'Rmlyc3Q=')}${form('https://attacker.example/acs', 'U2Vjb25k')}`);
    expect(sso(answer(200, two))).toMatchObject({ kind: 'form', samlResponse: 'Rmlyc3Q=' });
    expect(readSsoPage(two).forms).toBe(2);
  });

  it(
    'ignores forms a browser never builds: in a comment, in a script, in <noscript> (scripting on), in ' + '<template>',
    () => {
      for (const hidden of [
        `<!-- ${form('https://attacker.example/acs', 'SGlkZGVu')} -->`,
        `<script>var x = '${form('https://attacker.example/acs', 'SGlkZGVu')}';</script>`,
        `<noscript>${form('https://attacker.example/acs', 'SGlkZGVu')}</noscript>`,
        `<template>${form('https://attacker.example/acs', 'SGlkZGVu')}</template>`,
      ]) {
        expect(sso(answer(200, page(`${hidden}${form()}`))), hidden.slice(0, 20)).toMatchObject({
          kind: 'form',
          action: ACS,
          samlResponse: 'PD94bWwgdmVyc2lvbj0iMS4wIj8+PHI/Pg==',
        });
      }
    },
  );

  it(
    'takes the controls the first form owns: a nested <form> tag is ignored, form="id" associates a control ' +
      'from elsewhere',
    () => {
      const read = readSsoPage(
        `<form id="appForm" action="a"><form action="b"><input name="inner" value="1"></form><input ` +
          `name="after" value="2"><input name="late" form="appForm" value="3"><input name="moved" form="other" ` +
          `value="4" id="x"><form id="other" action="c"></form>`,
      );
      expect(read.form?.controls).toEqual([
        { name: 'inner', value: '1' },
        { name: 'late', value: '3' },
      ]);
      expect(read.forms).toBe(2);
    },
  );

  it('refuses two SAMLResponse values in the first form: which one an SP reads is not defined', () => {
    const twice = page(form(ACTION, `${VALUE}"/><input name="SAMLResponse" value="QQ==`));
    expect(diagnosisOf(sso(answer(200, twice)))).toMatchObject({
      code: 'SAML_RESPONSE_MISSING',
      detail: expect.stringContaining('2 SAMLResponse values'),
    });
  });
});

describe("judgeSsoAnswer: the form's action is where every user's assertion goes", () => {
  it.each([
    ['another host', 'https://attacker.example/acs', /to another host \(attacker\.example\)/],
    ['http', 'http://acme.my.salesforce.com/', /over http, in clear/],
    ['another path on the SP', 'https://acme.my.salesforce.com/old', /another URL on the SP's host/],
    ['a relative action (the org itself)', '/acs', /to another host \(acme\.okta\.com\)/],
  ])('reports SAML_ACS_URL_MISMATCH for %s, naming both values and the "Single sign-on URL"', (_, action, how) => {
    const found = diagnosisOf(sso(answer(200, page(form(action)))));
    expect(found).toMatchObject({ code: 'SAML_ACS_URL_MISMATCH', detail: expect.stringMatching(how) });
    expect(found?.detail).toContain(`"${action}"`);
    expect(found?.detail).toContain(`the SP's ACS URL (recipient) is "${ACS}"`);
    expect(found?.detail).toContain('"Single sign-on URL"');
  });

  it('reports a form sent by GET, and one without an action, and names acsUrl when the config sets it', () => {
    expect(diagnosisOf(sso(answer(200, page(form(ACTION, VALUE, 'GET')))))).toMatchObject({
      code: 'SAML_ACS_URL_MISMATCH',
      detail: expect.stringContaining('by GET'),
    });
    const noAction = page('<form method="POST"><input name="SAMLResponse" value="QQ=="></form>');
    expect(diagnosisOf(sso(answer(200, noAction)))).toMatchObject({
      code: 'SAML_ACS_URL_MISMATCH',
      detail: expect.stringContaining('(no action: the SSO page itself)'),
    });
    const acsUrl = 'https://acme.my.salesforce.com/?so=00D';
    expect(diagnosisOf(sso(answer(200, FORM), { ...EXPECTED, acsUrl, acsField: 'acsUrl' }))).toMatchObject({
      detail: expect.stringContaining(`(acsUrl) is "${acsUrl}"`),
    });
    expect(
      sso(answer(200, page(form('https://acme.my.salesforce.com/?so=00D'))), {
        ...EXPECTED,
        acsUrl,
        acsField: 'acsUrl',
      }).kind,
    ).toBe('form');
  });
});

describe('judgeSsoAnswer: the way to the form, on the org only', () => {
  it('follows a redirect on the org, relative or absolute', () => {
    expect(sso(answer(302, '', { location: '/app/acme_salesforce_1/0oa1b2c3/sso/saml' }))).toEqual({
      kind: 'follow',
      step: {
        method: 'GET',
        url: `${ORG}/app/acme_salesforce_1/0oa1b2c3/sso/saml`,
        why: 'redirect (HTTP 302) to /app/acme_salesforce_1/0oa1b2c3/sso/saml',
      },
    });
  });

  it('never follows a redirect off the org: SAML_SESSION_REFUSED with the origin only', () => {
    const found = diagnosisOf(sso(answer(302, '', { location: 'https://idp.partner.example/sso?SAMLRequest=abc' })));
    expect(found).toMatchObject({
      code: 'SAML_SESSION_REFUSED',
      detail: expect.stringContaining('https://idp.partner.example, off the org'),
    });
    expect(found?.detail).not.toContain('SAMLRequest=abc');
  });

  it(
    "names both readings of a redirect off the org when the app's custom error page is not known, and reads a " +
      'redirect to it as the app refusing the user',
    () => {
      const elsewhere = diagnosisOf(sso(answer(302, '', { location: 'https://help.acme.example/no-access?u=1' })));
      expect(elsewhere?.code).toBe('SAML_SESSION_REFUSED');
      expect(elsewhere?.detail).toContain('an IdP routing rule');
      expect(elsewhere?.detail).toContain("the app's custom error page (accessibility.errorRedirectUrl)");
      const known = { ...EXPECTED, errorRedirectUrl: 'https://help.acme.example/no-access' };
      const refused = diagnosisOf(sso(answer(302, '', { location: 'https://help.acme.example/no-access?u=1' }), known));
      expect(refused).toMatchObject({
        code: 'SAML_USER_NOT_ASSIGNED',
        detail: expect.stringContaining("the app's custom error page https://help.acme.example/no-access "),
      });
      expect(refused?.detail).not.toContain('u=1');
      // Another page of the same host is not the error page: the routing reading stays, saying it is not the page.
      const other = diagnosisOf(sso(answer(302, '', { location: 'https://help.acme.example/sso' }), known));
      expect(other).toMatchObject({
        code: 'SAML_SESSION_REFUSED',
        detail: expect.stringContaining("not the app's custom error page"),
      });
    },
  );

  it(
    "reports SAML_SESSION_REFUSED for Classic's redirect to the sign-in page (path only, no fromURI), and for " +
      'the page itself',
    () => {
      expect(
        diagnosisOf(sso(answer(302, '', { location: `${ORG}/login/login.htm?fromURI=%2Fapp%2Fx` }))),
      ).toMatchObject({
        code: 'SAML_SESSION_REFUSED',
        detail: expect.stringMatching(/to \/login\/login\.htm instead/),
      });
      expect(
        diagnosisOf(
          sso(
            answer(
              200,
              '<html><head><title>Okta - Sign In</title></head><body><div id="okta-sign-in"></div></body></html>',
            ),
          ),
        )?.code,
      ).toBe('SAML_SESSION_REFUSED');
    },
  );

  it(
    'posts an intermediate auto-submitted form on the org on, with its fields (saml2aws follow: a RelayState ' +
      '"resume" form)',
    () => {
      const resume = page(
        `<form action="${ORG}/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml" method="POST"><input ` +
          `type="hidden" name="RelayState" value="a&amp;b"></form>`,
      );
      expect(sso(answer(200, resume))).toEqual({
        kind: 'follow',
        step: {
          method: 'POST',
          url: SSO,
          form: { RelayState: 'a&b' },
          why: 'auto-submitted form (RelayState) to /app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml',
        },
      });
    },
  );

  it('never posts a form off the org: a SAMLRequest to another identity provider is SAML_SESSION_REFUSED', () => {
    const away = page(
      '<form action="https://idp.partner.example/saml" method="POST"><input type="hidden" name="SAMLRequest" ' +
        'value="abc"></form>',
    );
    expect(diagnosisOf(sso(answer(200, away)))).toMatchObject({
      code: 'SAML_SESSION_REFUSED',
      detail: expect.stringContaining('a SAMLRequest'),
    });
  });
});

describe('judgeSsoAnswer: not assigned, step-up, errors', () => {
  it('reports SAML_USER_NOT_ASSIGNED for Classic\'s "403 App Not Assigned" page', () => {
    const notAssigned =
      '<html><head><title>403 App Not Assigned</title></head><body>Sorry, you cannot access Salesforce ' +
      'because you are not assigned this app in Okta.</body></html>';
    expect(diagnosisOf(sso(answer(403, notAssigned, { 'x-okta-request-id': 'req-1' })))).toMatchObject({
      code: 'SAML_USER_NOT_ASSIGNED',
      httpStatus: 403,
    });
  });

  it(
    'reports SAML_STEP_UP_REQUIRED for Classic\'s step-up redirect and its "Extra Verification" page ' +
      "(gimme-aws-creds' fixture)",
    () => {
      expect(
        diagnosisOf(
          sso(
            answer(302, '', {
              location: `${ORG}/login/step-up/redirect?stateToken=00Wf8xZJ79mSoTYnJqXbvRegT8QB1EX1IBVk1TU7KI`,
            }),
          ),
        ),
      ).toMatchObject({ code: 'SAML_STEP_UP_REQUIRED', detail: expect.not.stringContaining('00Wf8x') });
      const extra =
        '<!DOCTYPE html><head><title>Example, Inc - Extra Verification</title></head><body class="auth ' +
        'okta-container"><script type="text/javascript">(function(){ var stateToken = ' +
        "'00Xg1Ci6KEli1338pWmP2gHUuYe0c_F4Nwd3fmoK9'; var authScheme = " +
        "'OAUTH2';})();</script></body></html>";
      expect(diagnosisOf(sso(answer(200, extra)))).toMatchObject({
        code: 'SAML_STEP_UP_REQUIRED',
        detail: expect.stringContaining('Extra Verification'),
      });
    },
  );

  it(
    "asks for the state of Identity Engine's sign-in page, its state token's JavaScript escapes decoded " +
      '(saml2aws: \\x2D)',
    () => {
      const widget =
        '<html><head><title>Acme - Sign In</title></head><body><div id="okta-sign-in"></div><script>var ' +
        'oktaData = ' +
        '{"signIn":{"stateToken":"02.id.abc\\x2Ddef\\u002Dghi","baseUrl":"https:\\/\\/acme.okta.com"}};' +
        '</script></body></html>';
      expect(sso(answer(200, widget))).toEqual({ kind: 'introspect', stateToken: '02.id.abc-def-ghi' });
    },
  );

  it(
    'reports SAML_RESPONSE_MISSING for a page with no form, ' + "with its title, and Okta's 5xx as OKTA_SERVER_ERROR",
    () => {
      expect(
        diagnosisOf(
          sso(answer(200, '<html><head><title>Error</title></head><body>An error has occurred.</body></html>')),
        ),
      ).toMatchObject({ code: 'SAML_RESPONSE_MISSING', detail: expect.stringContaining('page "Error"') });
      expect(diagnosisOf(sso(answer(503, '<html><title>Service Unavailable</title></html>')))?.code).toBe(
        'OKTA_SERVER_ERROR',
      );
    },
  );
});

describe("judgeSsoState: the sign-in page's state on Identity Engine", () => {
  /** okta-signin-widget playground/mocks/data/idp/idx/error-with-failure-redirect.json, as published. */
  const FAILURE_REDIRECT = {
    version: '1.0.0',
    stateHandle: '02FIw1p-XDmv8y8khuj1msN3f35lTnKcAd6T7ApUTO',
    expiresAt: '2021-04-08T17:47:32.000Z',
    intent: 'LOGIN',
    messages: {
      type: 'array',
      value: [
        {
          message: 'You are not allowed to access this app. To request access, contact an admin.',
          i18n: { key: 'idx.error.code.user_not_assigned' },
          class: 'ERROR',
        },
      ],
    },
    failure: {
      name: 'failure-redirect',
      href: 'http://localhost:3000/error.html?key=idx.error.code.user_not_assigned',
    },
  };
  const form = (name: string) => ({
    remediation: { type: 'array', value: [{ name, href: `${ORG}/idp/idx/${name}`, method: 'POST', value: [] }] },
  });

  it(
    'reports SAML_USER_NOT_ASSIGNED for the failure-redirect with idx.error.code.user_not_assigned, quoting ' + 'Okta',
    () => {
      expect(judgeSsoState(answer(200, FAILURE_REDIRECT)).diagnosis).toMatchObject({
        code: 'SAML_USER_NOT_ASSIGNED',
        detail: expect.stringMatching(/You are not allowed to access this app.*failure-redirect/),
      });
    },
  );

  it(
    'reads a failure-redirect without a message (failure-redirect-remediation.json) as the app refusing the user, ' +
      'not assigned or its policy, and says where it goes',
    () => {
      const { messages: _messages, ...bare } = FAILURE_REDIRECT;
      const res = answer(200, {
        ...bare,
        failure: { name: 'failure-redirect', href: 'https://help.acme.example/x?q=1' },
      });
      expect(judgeSsoState(res).diagnosis).toMatchObject({
        code: 'SAML_SESSION_REFUSED',
        detail: expect.stringMatching(
          /failure-redirect to https:\/\/help\.acme\.example\/x and no reason.*not assigned/,
        ),
      });
      expect(failureRedirectOf(res)).toBe('https://help.acme.example/x');
    },
  );

  it(
    'reports SAML_STEP_UP_REQUIRED when the state asks for an authenticator, SAML_SESSION_REFUSED when it asks ' +
      'who the user is',
    () => {
      expect(judgeSsoState(answer(200, form('challenge-authenticator'))).diagnosis?.code).toBe('SAML_STEP_UP_REQUIRED');
      expect(judgeSsoState(answer(200, form('select-authenticator-authenticate'))).diagnosis?.code).toBe(
        'SAML_STEP_UP_REQUIRED',
      );
      expect(judgeSsoState(answer(200, form('identify'))).diagnosis?.code).toBe('SAML_SESSION_REFUSED');
      expect(judgeSsoState(answer(404, '<html>Not Found</html>')).diagnosis?.code).toBe('SAML_SESSION_REFUSED');
    },
  );
});

describe('judgeSsoAnswer: hostile pages', () => {
  it('refuses a page past the cap before reading it', () => {
    const big = page(`${'<input '.repeat(MAX_SSO_PAGE_BYTES / 7)}${form()}`);
    expect(diagnosisOf(sso(answer(200, big)))).toMatchObject({
      code: 'SAML_RESPONSE_MISSING',
      detail: expect.stringContaining(`more than the ${MAX_SSO_PAGE_BYTES}`),
    });
  });

  it.each([
    ['unclosed input tags', '<input '.repeat(60_000)],
    ['unclosed attribute values', `<input name="SAMLResponse" value="${'&#x2b;'.repeat(60_000)}`],
    ['thousands of attributes', `<input ${Array.from({ length: 30_000 }, (_, i) => `a${i}`).join(' ')}>`],
    ['nested unclosed comments', '<!--'.repeat(100_000)],
    ['script escapes', `<script><!--<script>${'<!--<script>'.repeat(30_000)}`],
  ])('reads a page of %s within the cap to its end, finding no form', (_, hostile) => {
    expect(Buffer.byteLength(hostile)).toBeLessThan(MAX_SSO_PAGE_BYTES);
    expect(readSsoPage(hostile).form).toBeUndefined();
    expect(diagnosisOf(sso(answer(200, hostile)))?.code).toBe('SAML_RESPONSE_MISSING');
  });
});
