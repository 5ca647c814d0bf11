// Least privilege for the monitoring key: for each okta.* scope the probe may ask for, the narrowest
// admin role Okta documents for reading it, and the custom admin role permission that reads it on a resource set.
// A service app needs both a granted scope and an admin role; a monitoring key's private key sits in Secrets
// Manager, so it never gets Super Administrator or Org Administrator. The remedies, the config's messages, init's
// comments and docs/ all read this one table.
//
// Sources: Okta's help, "Read-only administrators" (view access to users, groups, apps, reports, Okta settings, the
// System Log, authorization server scopes) and "Standard administrator roles and permissions" (Report Admin views
// the System Log; managing log streaming is Super Admin's alone); the Management API's permissions catalog
// (developer.okta.com/docs/api/openapi/okta-management/guides/permissions: okta.users.read, okta.groups.read,
// okta.apps.read, okta.authzServers.read, okta.identityProviders.read, okta.users.apitokens.read "view API tokens",
// okta.agents.read "view agent statuses"); okta-developer-docs concepts/role-assignment (a custom role is bound to
// a resource set; a standard role to the whole org). Okta documents no custom permission that reads the System Log,
// log streams or event hooks.

/** How a scope's reads are granted, as narrowly as Okta documents it. */
interface ScopeGrant {
  /**
   * The narrowest standard admin role for it: documented as reading it when `documented`, else the one to try first.
   */
  readonly standardRole: string;
  /** Whether Okta's help says that role reads it (users, groups, apps, the System Log, authorization servers). */
  readonly documented: boolean;
  /**
   * The custom admin role permission that reads it, and the resource set to bind it to; null when Okta documents none.
   */
  readonly custom: { readonly permission: string; readonly resources: string } | null;
}

const READ_ONLY = 'Read-only Administrator';

/** Every okta.* scope the probe asks for (management, System Log, inventory, API token owners). */
export const SCOPE_GRANTS: Readonly<Record<string, ScopeGrant>> = {
  'okta.users.read': {
    standardRole: READ_ONLY,
    documented: true,
    custom: { permission: 'okta.users.read', resources: 'all users' },
  },
  'okta.groups.read': {
    standardRole: READ_ONLY,
    documented: true,
    custom: { permission: 'okta.groups.read', resources: 'all groups' },
  },
  'okta.apps.read': {
    standardRole: READ_ONLY,
    documented: true,
    custom: { permission: 'okta.apps.read', resources: 'all apps' },
  },
  'okta.authorizationServers.read': {
    standardRole: READ_ONLY,
    documented: true,
    custom: { permission: 'okta.authzServers.read', resources: 'all authorization servers' },
  },
  'okta.logs.read': { standardRole: 'Report Administrator', documented: true, custom: null },
  'okta.idps.read': {
    standardRole: READ_ONLY,
    documented: false,
    custom: { permission: 'okta.identityProviders.read', resources: 'all identity providers' },
  },
  'okta.apiTokens.read': {
    standardRole: READ_ONLY,
    documented: false,
    custom: { permission: 'okta.users.apitokens.read', resources: 'all users' },
  },
  'okta.agentPools.read': {
    standardRole: READ_ONLY,
    documented: false,
    custom: { permission: 'okta.agents.read', resources: 'all agents' },
  },
  'okta.logStreams.read': { standardRole: READ_ONLY, documented: false, custom: null },
  'okta.eventHooks.read': { standardRole: READ_ONLY, documented: false, custom: null },
  // The custom domains (integration health). Okta's permission catalogue has okta.customizations.read ("read
  // customizations") but does not say it covers domains: no custom permission is advised.
  'okta.domains.read': { standardRole: READ_ONLY, documented: false, custom: null },
  'okta.inlineHooks.read': { standardRole: READ_ONLY, documented: false, custom: null },
  // Policy simulation and a policy's rules (access assertions): no stored source says which standard role reads them
  // through the API, nor a custom permission that does; Read-only Administrator views the org's settings.
  'okta.policies.read': { standardRole: READ_ONLY, documented: false, custom: null },
  // A network zone an access assertion names, read by `plan --org` alone (GET /api/v1/zones/{zoneId}): no stored
  // source says which standard role or custom permission reads zones through the API.
  'okta.networkZones.read': { standardRole: READ_ONLY, documented: false, custom: null },
};

/** Roles a monitoring key never gets: its key would administer the whole org. */
export const NEVER_FOR_MONITORING = ['Super Administrator', 'Org Administrator'] as const;

/**
 * What serves one scope, narrowest first: "Read-only Administrator, or a custom admin role with okta.apps.read on a
 * resource set of all apps"; where Okta does not say a standard role reads it, the custom role leads.
 */
export function grantAdvice(scope: string): string {
  const grant = SCOPE_GRANTS[scope];
  if (grant === undefined) return `a custom admin role whose permissions read what ${scope} covers`;
  const custom =
    grant.custom === null
      ? undefined
      : `a custom admin role with ${grant.custom.permission} on a resource set of ${grant.custom.resources}`;
  if (grant.documented) return custom === undefined ? grant.standardRole : `${grant.standardRole}, or ${custom}`;
  const tryRole = `${grant.standardRole} (Okta does not say which standard role reads it: try it)`;
  return custom === undefined ? tryRole : `${custom}, or ${tryRole}`;
}

/** What to do when a list still answers 403 with the role given: leave the kind unread, never widen the role. */
export const STILL_FORBIDDEN =
  `If the list still answers 403 E0000006, take its scope out of "scopes" in the configuration (that kind is ` +
  `then not read, N/A) and watch it another way: never give a monitoring key ${NEVER_FOR_MONITORING.join(' or ')}, ` +
  `since its private key, kept in Secrets Manager, would then administer the whole org.`;
