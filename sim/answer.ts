// What an endpoint answers, as data. The router adds what every Okta answer carries (request id, Date)
// and applies the injected latency, so handlers stay pure functions of the request.
import { errorId } from './ids';

export type Answer =
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** Set-Cookie lines, one header each (a header map holds one value a name; Okta sets several cookies at once). */
      readonly cookies?: readonly string[];
      /** 'base64': the body is a binary file (a font, an image of the hosted page), sent decoded. */
      readonly bodyEncoding?: 'base64';
    }
  /** Destroy the socket without a byte of answer (a network failure as the client sees it). */
  | { readonly kind: 'destroy' };

const JSON_TYPE = 'application/json';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { kind: 'reply', status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** The OAuth 2.0 error shape Okta uses on /oauth2/* for protocol errors (RFC 6749 section 5.2). */
export function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): Answer {
  return json(status, { error, error_description: description }, headers);
}

/** The Okta API error envelope (Management API style), also used on /oauth2/* for some errors. */
export function oktaError(
  status: number,
  errorCode: string,
  errorSummary: string,
  headers: Record<string, string> = {},
): Answer {
  return json(status, { errorCode, errorSummary, errorLink: errorCode, errorId: errorId(), errorCauses: [] }, headers);
}

export function html(status: number, title: string, message: string): Answer {
  const body = `<!DOCTYPE html>\n<html><head><title>${escapeHtml(title)}</title></head>\n<body><h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p></body></html>\n`;
  return { kind: 'reply', status, headers: { 'Content-Type': 'text/html;charset=utf-8' }, body };
}

export function redirect(location: string): Answer {
  return { kind: 'reply', status: 302, headers: { Location: location }, body: '' };
}

/**
 * The answer as something in front of Okta gives it (a proxy, a WAF): without X-Okta-Request-Id, which the router
 * adds to every answer of Okta's. The empty value is the router's sign to leave it out.
 */
export function notFromOkta(answer: Answer): Answer {
  return withHeaders(answer, { [REQUEST_ID]: '' });
}

export const REQUEST_ID = 'X-Okta-Request-Id';

/**
 * Identity Engine clears Classic's session cookie beside the ones it sets: `sid=""` expired in 1970, as a real org
 * answers (okta-developer-docs packages/@okta/vuepress-site/.vuepress/public/docs/api/postman/
 * client-secret-rotation-key-mgmnt.json, an oktapreview Identity Engine org). A client must not take it for a session.
 */
export const CLEARED_SID = 'sid=""; Expires=Thu, 01-Jan-1970 00:00:10 GMT; Path=/';

/** The answer with these Set-Cookie lines, sent in this order after any it had. */
export function withCookies(answer: Answer, cookies: readonly string[]): Answer {
  return answer.kind === 'reply' ? { ...answer, cookies: [...(answer.cookies ?? []), ...cookies] } : answer;
}

export function withHeaders(answer: Answer, headers: Record<string, string>): Answer {
  return answer.kind === 'reply' ? { ...answer, headers: { ...answer.headers, ...headers } } : answer;
}

/** Text put into HTML, an attribute value included. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
