// A group's catalogue found through the Management API, read-only with the "org" server's credential
// (private_key_jwt, as the inventory reads): the fetch half and the pure reader of Okta's answers. Shapes and
// parameters from Okta's Management API spec (okta-management-openapi-spec, dist/current/management-minimal.yaml):
// - listAppLinks, GET /api/v1/users/{id}/appLinks (okta.users.read): "all app links for all direct or indirect
//   (through group membership) assigned apps"; {id} takes a login. Each AssignedAppLink names its appInstanceId. It
//   takes no `limit` nor `after` and sends no `Link: next`: every link in one array.
// - listApplications, GET /api/v1/apps (okta.apps.read): `q` "Searches for apps with name or label properties that
//   starts with the q value"; `filter` supports only id, status, credentials.signing.kid, settings.slo.enabled and
//   name (not user.id nor group.id); `limit` at most 200; pages by Link rel="next".
// - listAssignedApplicationsForGroup, GET /api/v1/groups/{groupId}/apps (okta.groups.read), `limit` (default 20).
// - Every app lists its enabled `features` (Application.features, okta-sdk-nodejs oas-spec/management.yaml): among
//   them PUSH_NEW_USERS when assigning a user creates an account in the app (okta/item.ts, PROVISIONING_FEATURES).
// - A SAML 2.0 app (`signOnMode` SAML_2_0) holds `credentials.signing.kid` and `settings.signOn`
//   (SamlApplicationSettingsSignOn: `audience`, `recipient`, `destination`, `ssoAcsUrl`); its metadata is
//   previewSAMLmetadataForApplication, GET /api/v1/apps/{appId}/sso/saml/metadata?kid=... (check-app.ts reads it),
//   which names the SSO URL.
import { SAML_GROUP } from '../../../contract';
import type { SamlDiscovery } from '../../../types';
import type { ServerContext } from '../../context';
import { runToken } from '../../okta/token';
import { finding, findingOf, type Finding } from '../../verdict';
import { objects, provisioningFeatures, record, text } from '../../okta/item';
import { InventoryReader } from '../../okta/management-read';
import { SAML_OVERRIDES, type FoundApp } from './apps';
import { DISCOVERY_SCOPES } from '../../../config/samlGroups';
import { maskedUsername } from '../../../plan/subject';

/** The Okta sign-on mode a group watches (SAML 1.1 and WS-Federation apps have no SAML 2.0 assertion to judge). */
const SAML_SIGN_ON_MODE = 'SAML_2_0';

/** What a discovery needs of the run: the "org" server (credential, endpoints, exchange) and the journey's user. */
export interface DiscoveryContext {
  readonly server: ServerContext;
  /** The login of the journey's synthetic user ("assigned"). */
  readonly username: string;
  /** The run's list of values no report may print: the token joins it. */
  readonly secrets: string[];
}

/**
 * The apps found, with how many items Okta listed before the active SAML 2.0 ones were kept (why a group can find
 * none).
 */
type Discovered =
  | { readonly apps: readonly FoundApp[]; readonly listed: number; readonly requests: number }
  | { readonly problem: Finding; readonly requests: number };

/** A Management API token of the scopes the discovery needs, or why Okta would not give one. */
export async function managementToken(
  ctx: DiscoveryContext,
  scopes: readonly string[],
): Promise<{ readonly token: string } | { readonly problem: Finding }> {
  const run = await runToken({ ...ctx.server, server: { ...ctx.server.server, scopes } });
  if (run.accessToken !== undefined) {
    ctx.secrets.push(run.accessToken);
    return { token: run.accessToken };
  }
  const found = findingOf(run) ?? finding('UNEXPECTED_RESPONSE', { detail: 'no token' });
  return { problem: discoveryFinding(found, `a token for ${scopes.join(' ')}`) };
}

/** Okta's refusal in a discovery's words: the code it gave is kept in the detail, after what was asked (once). */
export function discoveryFinding(found: Finding, what: string): Finding {
  if (found.detail === undefined) return { ...found, code: 'SAML_DISCOVERY_FAILED', detail: `${what}: ${found.code}` };
  return {
    ...found,
    code: 'SAML_DISCOVERY_FAILED',
    detail: `${found.detail.startsWith(`${what}:`) ? found.detail : `${what}: ${found.detail}`} (${found.code})`,
  };
}

export async function discoverApps(ctx: DiscoveryContext, discover: SamlDiscovery, token: string): Promise<Discovered> {
  const reader = new InventoryReader(ctx.server, 2 * SAML_GROUP.maxPages + 2);
  const done = (read: { apps: readonly FoundApp[]; listed: number } | { problem: Finding }): Discovered => ({
    ...read,
    requests: reader.requests,
  });
  const list = async (path: string, what: string): Promise<{ items: unknown[] } | { problem: Finding }> => {
    const read = await reader.list(token, path, what, SAML_GROUP.maxPages, SAML_GROUP.pageLimit);
    if ('problem' in read) return { problem: discoveryFinding(read.problem, what) };
    // A list cut short would drop apps still in the group: the listing is refused whole, and the last one kept.
    if (read.stopped !== undefined) return { problem: discoveryFinding(read.stopped, what) };
    return read;
  };
  const limit = `limit=${SAML_GROUP.pageLimit}`;
  switch (discover.kind) {
    case 'assigned': {
      const what = "the synthetic user's app links";
      // One unpaged array at Okta (listAppLinks takes no limit nor after, sends no next link): read whole.
      const links = await reader.whole(
        token,
        `/api/v1/users/${encodeURIComponent(ctx.username)}/appLinks`,
        what,
        SAML_GROUP.maxAppLinks,
      );
      if ('problem' in links) return done({ problem: discoveryFinding(links.problem, what) });
      const assigned = new Set(objects(links.items).flatMap((link) => text(link, 'appInstanceId') ?? []));
      const apps = await list(
        `/api/v1/apps?${new URLSearchParams({ filter: 'status eq "ACTIVE"' }).toString()}&${limit}`,
        'the active apps',
      );
      if ('problem' in apps) return done(apps);
      return done({ apps: readSamlApps(apps.items).filter((app) => assigned.has(app.appId)), listed: assigned.size });
    }
    case 'labelPrefix': {
      const apps = await list(
        `/api/v1/apps?${new URLSearchParams({ q: discover.labelPrefix }).toString()}&${limit}`,
        `the apps labelled "${discover.labelPrefix}..."`,
      );
      if ('problem' in apps) return done(apps);
      // q matches a name or a label that starts with it: the label is what the group names.
      return done({
        apps: readSamlApps(apps.items).filter((app) => app.label.startsWith(discover.labelPrefix)),
        listed: apps.items.length,
      });
    }
    case 'oktaGroupId': {
      const apps = await list(
        `/api/v1/groups/${encodeURIComponent(discover.oktaGroupId)}/apps?${limit}`,
        `the apps of Okta group ${discover.oktaGroupId}`,
      );
      if ('problem' in apps) return done(apps);
      return done({ apps: readSamlApps(apps.items), listed: apps.items.length });
    }
  }
}

/**
 * Why a discovery found no app to check, in the admin's terms: what was asked, what Okta listed, and the causes
 * that give an empty answer rather than a refusal. `listed` is unknown for a listing kept from an earlier run.
 * A custom admin role lists only the apps of its resource set: Okta answers 200 with fewer apps, never a 403.
 */
export function emptyReason(discover: SamlDiscovery, username: string, listed: number | undefined): string {
  const okta =
    listed === undefined
      ? ''
      : listed === 0
        ? 'Okta listed none'
        : `Okta listed ${listed}, none an active SAML 2.0 app`;
  const what =
    discover.kind === 'assigned'
      ? // Masked as everywhere but the Lambda's bundled config: this reason reaches the terminal and the run line kept.
        `no active SAML 2.0 app is assigned to the synthetic user ${maskedUsername(username)}`
      : discover.kind === 'labelPrefix'
        ? `no active SAML 2.0 app's label starts with "${discover.labelPrefix}" (the prefix is case-sensitive)`
        : `Okta group ${discover.oktaGroupId} is assigned no active SAML 2.0 app`;
  const role =
    "the probe's service app sees only the apps its admin role covers (Read-only Administrator sees every " +
    'app; a custom role only its resource set)';
  return `the group checks no app: ${what}${okta === '' ? '' : ` (${okta})`}; check samlGroups[].discover, and that ${role}`;
}

/** The scopes a discovery's token asks. */
export const discoveryScopes = (discover: SamlDiscovery): readonly string[] => DISCOVERY_SCOPES[discover.kind];

/**
 * The active SAML 2.0 apps of a list answer, as a group watches them. Hostile input: an item without an id is skipped,
 * a missing label or setting is judged on what there is (an OIN app's settings often name no audience: not checked).
 */
export function readSamlApps(items: unknown): FoundApp[] {
  return objects(items).flatMap((app): FoundApp[] => {
    const appId = text(app, 'id');
    if (appId === undefined || !/^[A-Za-z0-9]{6,40}$/.test(appId)) return [];
    if (text(app, 'signOnMode') !== SAML_SIGN_ON_MODE) return [];
    const status = text(app, 'status');
    if (status !== undefined && status !== 'ACTIVE') return [];
    const signOn = record(record(app.settings)?.signOn);
    const kid = text(record(record(app.credentials)?.signing), 'kid');
    // A CASB in front of the SP: Okta posts to, and asserts for, the override where one is set
    // (SamlApplicationSettingsSignOn's ssoAcsUrlOverride, audienceOverride, recipientOverride, destinationOverride,
    // "for CASB configuration": okta-sdk-nodejs oas-spec/management.yaml, help.okta.com CASB-config-guide). A Recipient
    // left unset follows the ACS URL Okta posts to (the override's, when set): unconfirmed against a live org, and the
    // safe reading of "the ACS URL is overridden".
    const overrides = SAML_OVERRIDES.filter((name) => text(signOn, name) !== undefined);
    const acsUrl = text(signOn, 'ssoAcsUrlOverride') ?? text(signOn, 'ssoAcsUrl');
    const audience = text(signOn, 'audienceOverride') ?? text(signOn, 'audience');
    const recipient = text(signOn, 'recipientOverride') ?? text(signOn, 'recipient') ?? acsUrl;
    const destination = text(signOn, 'destinationOverride') ?? text(signOn, 'destination');
    const errorRedirectUrl = text(record(app.accessibility), 'errorRedirectUrl');
    // The listing carries each app's enabled features: whether it creates users is known without a request per app.
    const provisions = provisioningFeatures(app.features);
    return [
      {
        appId,
        label: text(app, 'label') ?? appId,
        ...(kid !== undefined && { kid }),
        ...(audience !== undefined && { audience }),
        ...(recipient !== undefined && { recipient }),
        ...(destination !== undefined && { destination }),
        ...(acsUrl !== undefined && { acsUrl }),
        ...(overrides.length > 0 && { overrides }),
        ...(errorRedirectUrl !== undefined && URL.canParse(errorRedirectUrl) && { errorRedirectUrl }),
        ...(provisions.length > 0 && { provisions }),
      },
    ];
  });
}
