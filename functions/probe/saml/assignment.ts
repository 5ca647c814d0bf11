// Whether the synthetic user is assigned a SAML app, asked of Okta only when the app's SSO walk lands on an error page
// (a redirect off the org, the app's custom error page, the sign-in page's failure-redirect): an unassigned user is
// sent to the app's custom error page (accessibility.errorRedirectUrl) exactly as a user an IdP routing rule sends
// away leaves the org, and only Okta can tell the two apart. Never asked of a healthy app: an org has hundreds of
// apps, and the Management API's buckets are the org's.
// - listAppLinks, GET /api/v1/users/{userId}/appLinks (okta.users.read; {userId} "An ID, login, or login shortname"):
//   "all app links for all direct or indirect (through group membership) assigned apps", each AssignedAppLink naming
//   its appName and appInstanceId (okta-sdk-nodejs oas-spec/management.yaml). One request answers for every app of
//   the journey's user, so a run asks it once per journey at most. getApplicationUser (GET
//   /api/v1/apps/{appId}/users/{userId}) would need the app's id and the user's id, which a listed app's URLs do not
//   carry (its SSO URL names the external key, exk..., not the id, 0oa...).
// - An app is known among the links by an id its URLs carry, else by the SSO URL's {appName}: an OIN app's name is
//   shared by its instances, so each instance of that name (at most MAX_CANDIDATES) is told apart by its public IdP
//   metadata (/app/{appId}/sso/saml/metadata, the Apps API's `_links.metadata`), which names the app's SSO URL.
// The fetch half reads; judgeLanding only judges.
import { SAML_GROUP } from '../../contract';
import type { SamlAppConfig } from '../../types';
import type { Exchange, ServerContext } from '../context';
import { InventoryReader } from '../okta/management-read';
import { objects, text } from '../okta/item';
import { OKTA_ID, oktaRefs } from '../okta/app-refs';
import { runToken } from '../okta/token';
import { failedStep, finding, type Verdict } from '../verdict';
import { parseIdpMetadata } from './metadata';

/** The scope that reads a user's app links: the "org" server's, as the user's status is read. */
export const ASSIGNMENT_SCOPE = 'okta.users.read';
/** Instances of the app's name told apart by their metadata, at most: more is an org this check does not guess in. */
const MAX_CANDIDATES = 3;

/** Where an SSO walk ended instead of the form: an error page of some kind. */
export interface Landing {
  /** "redirected (HTTP 302) to https://help.acme.example/no-access, off the org": what was seen, without a cause. */
  readonly said: string;
  /** The app's custom error page as the Management API names it; the sign-in page's failure-redirect; elsewhere. */
  readonly kind: 'error page' | 'failure redirect' | 'off the org';
}

/** An app link as read: its app's name and instance id, each hostile text. */
interface AppLink {
  readonly appName?: string;
  readonly appInstanceId?: string;
}

/** The user's app links, or why they could not be read. */
export type AppLinksRead = { readonly links: readonly AppLink[] } | { readonly unavailable: string };

/** Whether the user holds the app, and how that is known; undefined facts stay unknown. */
type Assignment = { readonly assigned: boolean; readonly how: string } | { readonly unknown: string };

/** The journey's user's app links, with the "org" server's key (private_key_jwt) on a token of okta.users.read. */
export async function readAppLinks(org: ServerContext, username: string): Promise<AppLinksRead> {
  const token = await runToken({ ...org, server: { ...org.server, scopes: [ASSIGNMENT_SCOPE] } });
  if (token.accessToken === undefined)
    return {
      unavailable: `the "${org.server.id}" server's token for ${ASSIGNMENT_SCOPE}: ${failedStep('token', token)}`,
    };
  const reader = new InventoryReader(org, 1);
  const what = `GET /api/v1/users/{login}/appLinks`;
  // One unpaged array at Okta (listAppLinks takes no limit nor after): read whole, never as pages of 200.
  const read = await reader.whole(
    token.accessToken,
    `/api/v1/users/${encodeURIComponent(username)}/appLinks`,
    what,
    SAML_GROUP.maxAppLinks,
  );
  if ('problem' in read) {
    const { code, detail } = read.problem;
    return { unavailable: `${what}: ${code}${detail === undefined ? '' : ` (${detail})`}` };
  }
  const links = objects(read.items).map((link) => {
    const appName = text(link, 'appName');
    const appInstanceId = text(link, 'appInstanceId');
    return { ...(appName !== undefined && { appName }), ...(appInstanceId !== undefined && { appInstanceId }) };
  });
  return { links };
}

/** Whether a discovered app, known by the id Okta's own listing gave it, is among the user's links. */
export function assignmentById(appId: string, read: AppLinksRead): Assignment {
  if ('unavailable' in read) return { unknown: read.unavailable };
  const how = 'GET /api/v1/users/{login}/appLinks';
  return read.links.some((l) => l.appInstanceId === appId)
    ? { assigned: true, how: `${how} names its id` }
    : { assigned: false, how: `${how} lists ${read.links.length} app link(s), none of it` };
}

/**
 * Whether the app is among the user's links: by an id its URLs carry, else by its name, each instance of that name
 * told apart by its public metadata (read through `exchange`, at most MAX_CANDIDATES).
 */
export async function assignmentOf(
  app: Pick<SamlAppConfig, 'ssoUrl' | 'metadataUrl'>,
  read: AppLinksRead,
  exchange: Exchange,
): Promise<Assignment> {
  if ('unavailable' in read) return { unknown: read.unavailable };
  const orgUrl = new URL(app.ssoUrl).origin;
  const refs = oktaRefs(app, orgUrl);
  const how = 'GET /api/v1/users/{login}/appLinks';
  if (read.links.some((l) => l.appInstanceId !== undefined && refs.ids.includes(l.appInstanceId)))
    return { assigned: true, how: `${how} names its id` };
  const named = [
    ...new Set(
      read.links.flatMap((l) =>
        l.appName === refs.name && l.appInstanceId !== undefined && OKTA_ID.test(l.appInstanceId)
          ? [l.appInstanceId]
          : [],
      ),
    ),
  ];
  if (refs.name === undefined && !refs.ids.some((id) => id.startsWith('0oa')))
    return { unknown: "the app's URLs are not of Okta's form: nothing to find it by among the user's app links" };
  if (named.length === 0) return { assigned: false, how: `${how} lists ${read.links.length} app link(s), none of it` };
  if (named.length > MAX_CANDIDATES)
    return { unknown: `${named.length} apps named ${refs.name ?? ''} are assigned to the user: not told apart` };
  for (const id of named) {
    const outcome = await exchange({
      method: 'GET',
      url: `${orgUrl}/app/${encodeURIComponent(id)}/sso/saml/metadata`,
      headers: { accept: 'application/xml, text/xml' },
    });
    if (!outcome.ok || outcome.response.status !== 200)
      return { unknown: `the metadata of ${id}, an app of the same name the user holds, could not be read` };
    const metadata = parseIdpMetadata(outcome.response.body);
    if (metadata.ok && metadata.metadata.ssoUrls.includes(app.ssoUrl))
      return { assigned: true, how: `${how} names ${id}, whose metadata names this SSO URL` };
  }
  return {
    assigned: false,
    how: `${how} names ${named.length} other app(s) of the name ${refs.name ?? ''}, none with this SSO URL`,
  };
}

/**
 * The SSO walk's error page judged with the user's assignment: not assigned is the app refusing an unassigned user,
 * and nothing else; assigned rules that out, and leaves the app's sign-on policy, or for a page off the org an IdP
 * routing rule; unknown keeps the walk's own verdict, and says why it could not tell.
 */
export function judgeLanding(landing: Landing, walked: Verdict, assignment: Assignment): Verdict {
  const found = walked.diagnosis;
  if (found === null) return walked;
  const facts = { requestId: found.requestId, ...(found.httpStatus !== undefined && { httpStatus: found.httpStatus }) };
  if ('unknown' in assignment)
    return {
      ...walked,
      diagnosis: {
        ...found,
        detail: `${found.detail ?? ''}; whether the user is assigned was not read: ${assignment.unknown}`,
      },
    };
  if (!assignment.assigned)
    return {
      diagnosis: finding('SAML_USER_NOT_ASSIGNED', {
        ...facts,
        detail:
          `the SSO URL ${landing.said}, and ${assignment.how}: not assigned: assign the synthetic user (or its ` +
          'group) to the app',
      }),
    };
  const cause =
    landing.kind === 'off the org'
      ? "an IdP routing rule, or the app's custom error page for a user its sign-on policy refuses (Reports > " +
        'System Log: policy.evaluate_sign_on names the rule)'
      : "the app's sign-on policy refused the user (Reports > System Log: policy.evaluate_sign_on names the rule)";
  return {
    diagnosis: finding('SAML_SESSION_REFUSED', {
      ...facts,
      detail: `the SSO URL ${landing.said}; the synthetic user is assigned to the app (${assignment.how}), so ${cause}`,
    }),
  };
}
