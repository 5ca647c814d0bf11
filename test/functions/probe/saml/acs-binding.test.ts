// The ACS is bound for every app: a form is accepted only when it posts to the ACS the app's config or Okta's settings
// name; with none, the discovered app is not checkable (with why), and the form judge accepts no destination at all.
import { describe, expect, it } from 'vitest';
import { checkApp, type AppCheckContext } from '../../../../functions/probe/saml/group/check-app';
import { judgeSsoAnswer } from '../../../../functions/probe/saml/sso';
import type { HttpResponse } from '../../../../functions/probe/http';

const PAGE = 'https://acme.okta.com/app/x/exk1/sso/saml';
const page = (action: string): HttpResponse => ({
  status: 200,
  headers: {},
  bodyTruncated: false,
  requestId: 'r',
  timings: { total: 0 },
  receivedAt: 0,
  body:
    `<body onload="document.forms[0].submit()"><form action="${action}" method="POST"><input type="hidden" ` +
    `name="SAMLResponse" value="UQ=="></form>`,
});
/** Destinations an unbound judge once took: any https URL. */
const DESTINATIONS = [
  'https://evil.example/acs',
  'https://acme.my.salesforce.com/',
  'https://acme.okta.com/acs',
  'https://127.0.0.1/',
  'https://xn--80ak6aa92e.com/',
];

describe(`the ACS binding (${DESTINATIONS.length} destinations, 1 discovered app without settings)`, () => {
  it(`accepts none of ${DESTINATIONS.length} https destinations when nothing names the ACS`, () => {
    for (const action of DESTINATIONS) {
      expect(
        judgeSsoAnswer({ orgUrl: 'https://acme.okta.com', acsField: 'recipient' }, PAGE, page(action)),
      ).toMatchObject({
        kind: 'failed',
        verdict: {
          diagnosis: {
            code: 'SAML_ACS_URL_MISMATCH',
            detail: expect.stringContaining('nothing names where it should go'),
          },
        },
      });
    }
  });

  it('accepts the one destination the ACS names', () => {
    expect(
      judgeSsoAnswer(
        { orgUrl: 'https://acme.okta.com', acsUrl: DESTINATIONS[1], acsField: 'recipient' },
        PAGE,
        page(DESTINATIONS[1] ?? ''),
      ),
    ).toMatchObject({ kind: 'form' });
  });

  it(
    'reports a discovered app whose settings name no ACS URL nor Recipient as not checkable, with why, before ' +
      'any request',
    async () => {
      let sent = 0;
      const ctx = { buckets: { heldBecause: () => undefined }, sent: () => void sent++ } as unknown as AppCheckContext;
      const outcome = await checkApp(
        ctx,
        { id: 'a', found: { appId: '0oa1abcdef', label: 'No ACS', kid: 'k', audience: 'https://sp.example' } },
        'sid=x',
      );
      expect(outcome).toMatchObject({
        kind: 'checked',
        verdict: { code: null, notRun: 'skip', detail: expect.stringContaining('not checkable') },
      });
      expect(sent).toBe(0);
    },
  );
});
