// What a SAML app's two URLs name of Okta's side of it, for the kinds that look the app up in a Management API answer
// (the inventory's listing, the SAML app's assignment). The SSO URL is /app/{appName}/{externalKey}/sso/saml
// (okta-developer-docs guides/native-to-web-sso: "/app/{instanceName}/{externalKey}/sso/saml"), the Admin Console's
// Metadata URL /app/{externalKey}/sso/saml/metadata, the Management API's `_links.metadata`
// /app/{appId}/sso/saml/metadata (Okta's Apps API reference). Pure; every value is hostile.
import type { SamlAppConfig } from '../../types';

/** What a listed app's URLs name of Okta's side of it. */
interface OktaRefs {
  /** The SSO URL's {appName}, when the URL is the org's and of Okta's form. */
  readonly name?: string;
  /** The ids in its URLs (the SSO URL's key, the metadata URL's), each an Okta id's shape: an app id or a key. */
  readonly ids: readonly string[];
}

/** Okta's ids are 20 letters and digits (0oa..., exk...); a longer or other one is not Okta's. */
export const OKTA_ID = /^[A-Za-z0-9]{6,40}$/;
/** Okta's app names: letters, digits, "_" and "-" ("acme-dev_salesforce_1"), at most the spec's 255. */
const APP_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The app name and ids a listed app's SSO URL and metadata URL carry: only from a URL on the org (its origin), of
 * Okta's exact path (no dot segment, no encoded slash, nothing after), each part of an id's or a name's shape.
 */
export function oktaRefs(app: Pick<SamlAppConfig, 'ssoUrl' | 'metadataUrl'>, orgUrl: string): OktaRefs {
  const sso = pathParts(app.ssoUrl, orgUrl, 6, (p) => p[1] === 'app' && p[4] === 'sso' && p[5] === 'saml');
  const metadata = pathParts(
    app.metadataUrl,
    orgUrl,
    6,
    (p) => p[1] === 'app' && p[3] === 'sso' && p[4] === 'saml' && p[5] === 'metadata',
  );
  // An SSO URL whose key or name is not of Okta's shape is not Okta's: neither part is taken from it.
  const [name, key] =
    sso !== undefined && APP_NAME.test(sso[2] ?? '') && OKTA_ID.test(sso[3] ?? '') ? [sso[2], sso[3]] : [];
  const ids = [key, metadata?.[2]].filter((id): id is string => id !== undefined && OKTA_ID.test(id));
  return { ...(name !== undefined && { name }), ids: [...new Set(ids)] };
}

/** The path's segments ("" first) of a URL on the org, when there are `count` and `shape` holds; else undefined. */
function pathParts(
  value: string,
  orgUrl: string,
  count: number,
  shape: (parts: readonly string[]) => boolean,
): string[] | undefined {
  // Checked on the text as written: URL parsing resolves "/app/../" and would hide it.
  if (value.length > 2048 || /%2e|%2f|%5c|\\|\/\.\.?(\/|$|\?|#)/i.test(value) || !URL.canParse(value)) return undefined;
  if (!URL.canParse(orgUrl)) return undefined;
  const url = new URL(value);
  if (url.origin !== new URL(orgUrl).origin || url.username !== '' || url.password !== '') return undefined;
  const parts = url.pathname.split('/');
  return parts.length === count && shape(parts) ? parts : undefined;
}
