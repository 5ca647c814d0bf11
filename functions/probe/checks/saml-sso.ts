// What the app's SSO URL answers a signed-in user (issue 28), judged: Okta's auto-posting HTML form with the
// SAMLResponse, or why not. Pure. The form is Okta's (Versent/saml2aws pkg/provider/okta reads the same):
//   <form id="appForm" action="{ACS URL}" method="POST">
//     <input name="SAMLResponse" type="hidden" value="PD94...&#x2b;...&#x3d;"/><input name="RelayState" type="hidden" value=""/>
// with '+' and '=' written as character references. An unassigned user gets "403 App Not Assigned" ("you are not
// assigned this app in Okta", Okta support article "App Sign-on Error 403"); a session the app does not accept is
// sent to the sign-in page.
import { header, type HttpResponse } from '../http';
import { signInError } from './sign-in-judge';
import { failAnswer, type Verdict } from './verdict';

/** The SAMLResponse stays in memory, for the judge only: never observed, logged or reported (the user's attributes). */
export type SsoAnswer = { readonly kind: 'form'; readonly samlResponse: string; readonly action: string | undefined } | { readonly kind: 'failed'; readonly verdict: Verdict };

const failed = (verdict: Verdict): SsoAnswer => ({ kind: 'failed', verdict });

export function judgeSsoAnswer(res: HttpResponse): SsoAnswer {
  if (res.status === 403 || /not assigned this app|App Not Assigned/i.test(res.body)) {
    return failed(failAnswer('SAML_USER_NOT_ASSIGNED', res, `the SSO URL answered HTTP ${res.status}: "App Not Assigned"`));
  }
  if (res.status >= 300 && res.status < 400) {
    const location = header(res, 'location') ?? '';
    const where = URL.canParse(location) ? new URL(location).pathname : location.split('?')[0];
    return failed(failAnswer('SAML_SESSION_REFUSED', res, `the SSO URL redirected (HTTP ${res.status}) to ${where || '(no Location)'} instead of answering the form`));
  }
  const error = signInError(res);
  if (error !== null) return failed(error);
  const inputs = formInputs(res.body);
  const samlResponse = inputs.get('SAMLResponse');
  if (res.status === 200 && samlResponse !== undefined && samlResponse !== '') {
    return { kind: 'form', samlResponse, action: formAction(res.body) };
  }
  if (/id="okta-sign-in"|<title>[^<]*Sign In/i.test(res.body)) {
    return failed(failAnswer('SAML_SESSION_REFUSED', res, 'the SSO URL answered the sign-in page: the session was not accepted for this app'));
  }
  const title = /<title>([^<]{0,120})<\/title>/i.exec(res.body)?.[1]?.trim();
  return failed(failAnswer('SAML_RESPONSE_MISSING', res, `HTTP ${res.status}${title === undefined ? '' : `, page "${title}"`}: no form with a SAMLResponse${res.bodyTruncated ? ' (the answer was cut off)' : ''}`));
}

/** name -> value of every <input> of the page, character references decoded. */
function formInputs(html: string): Map<string, string> {
  const inputs = new Map<string, string>();
  for (const tag of html.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attributeOf(tag, 'name');
    if (name !== undefined) inputs.set(name, decodeReferences(attributeOf(tag, 'value') ?? ''));
  }
  return inputs;
}

const formAction = (html: string): string | undefined => {
  const tag = /<form\b[^>]*>/i.exec(html)?.[0];
  const action = tag === undefined ? undefined : attributeOf(tag, 'action');
  return action === undefined ? undefined : decodeReferences(action);
};

function attributeOf(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match === null ? undefined : (match[1] ?? match[2]);
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

export function decodeReferences(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (whole, ref: string) => {
    if (ref[0] === '#' && ref !== '#39') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}
