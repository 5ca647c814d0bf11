// `sim --config F`: what the simulator must serve for someone's own config (their servers, journeys and SAML apps by
// id), and what of the config it cannot play, named for the person, never dropped in silence. The config's secrets are
// never read: the simulator makes its own.
import type { ProbeConfig, SamlAppConfig, ServerConfig, SignInConfig } from '../types';
import type { TenantAppSpec, TenantFactor, TenantSamlAppSpec, TenantServerSpec, TenantSpec } from '../../sim/tenant';
import { newExternalKey } from '../../sim/tenant';
import { appFaultProtocols } from '../../sim/app-scenarios';
import { SCENARIOS, type ScenarioName } from '../../sim/scenarios';

/** Claims Okta stamps on every custom-AS access token (sim/tokens.ts): the rest are an admin's custom claims. */
const ACCESS_TOKEN_CLAIMS = ['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'uid', 'scp', 'sub'];
/** Claims the simulator's ID tokens can carry (sim/tokens.ts issueIdToken, userClaims). */
const ID_TOKEN_CLAIMS = [
  ...['sub', 'ver', 'iss', 'aud', 'iat', 'exp', 'jti', 'amr', 'idp', 'nonce', 'auth_time'],
  ...['name', 'preferred_username', 'email', 'email_verified'],
];
/** The simulator's catalogue apps a group of SAML apps discovers in place of the org's (sim/saml/catalogue.ts). */
export const SIM_GROUP_APPS = 3;
/** What every catalogue app's label starts with (catalogueApp: "Catalogue app 0000"). */
export const CATALOGUE_LABEL_PREFIX = 'Catalogue app';

/** The catalogue the simulator serves when a group discovers apps; none otherwise. */
export const discoveryCatalogue = (probe: ProbeConfig): { readonly apps: number } | undefined =>
  (probe.samlGroups ?? []).some((group) => group.discover !== undefined) ? { apps: SIM_GROUP_APPS } : undefined;

/** Okta's paths of a SAML app: the SSO URL /app/{name}/{externalKey}/sso/saml and the metadata. */
const SSO_PATH = /^\/app\/[^/]+\/([A-Za-z0-9]+)\/sso\/saml$/;
const METADATA_PATH = /^\/app\/([A-Za-z0-9]+)\/sso\/saml\/metadata$/;

interface TenantPlan {
  readonly spec: TenantSpec;
  /** What is served otherwise than the config says ("served as ..."), or not at all ("not simulated: ..."). */
  readonly notes: readonly string[];
}

/** The org the simulator plays for `probe`: every server, journey and SAML app of it. */
export function tenantPlan(probe: ProbeConfig): TenantPlan {
  const notes: string[] = [];
  const journeys = probe.signIn ?? [];
  const servers = probe.servers.map((server, index) => serverSpec(server, index, journeys, notes));
  journeys.forEach((journey, index) => journeyNotes(journey, index, probe.servers, notes));
  const samlApps = samlAppSpecs(probe.samlApps ?? [], journeys, notes);
  const apps = appSpecs(journeys, samlApps, notes);
  return {
    spec: {
      servers,
      journeys: journeys.map((journey) => ({
        flow: journey.flow,
        clientId: journey.clientId,
        ...(journey.redirectUri !== undefined && { redirectUri: journey.redirectUri }),
        username: journey.username,
        // The CLI reads a confidential app's secret from a variable only (never beside a secretsFile): served public.
        confidential: false,
        ...factorOf(journey),
      })),
      samlApps,
      ...(apps.length > 0 && { apps }),
    },
    notes,
  };
}

function serverSpec(
  server: ServerConfig,
  index: number,
  journeys: readonly SignInConfig[],
  notes: string[],
): TenantServerSpec {
  const where = `servers[${index}] "${server.id}"`;
  const isOrg = server.id === 'org';
  const auth = server.credential.kind === 'client_secret_basic' ? 'client_secret_basic' : 'private_key_jwt';
  if (isOrg && auth === 'client_secret_basic')
    notes.push(
      `${where}: authenticates with a client secret; the Org AS refuses it as Okta does (private_key_jwt only)`,
    );
  const scopes = [
    ...server.scopes,
    ...(server.authorize?.scopes ?? []),
    ...journeys.filter((journey) => journey.server === server.id).flatMap((journey) => journey.scopes),
  ];
  const claims = isOrg ? [] : server.requiredClaims.filter((claim) => !ACCESS_TOKEN_CLAIMS.includes(claim));
  if (claims.length > 0)
    notes.push(`${where}: served as a server whose tokens carry ${claims.join(', ')} (value "sim-<claim name>")`);
  if (server.issuer !== undefined)
    notes.push(`${where}: issuer served as the simulator's own (its URL, then /oauth2/${server.id})`);
  if (server.resources !== undefined && server.resources.length > 0)
    notes.push(
      `${where}: resources served as the simulator's stand-in APIs, accepting this server's tokens and answering ` +
        'the status each expects (your APIs are never called)',
    );
  const path = server.managementApi?.path.split('?')[0];
  if (path !== undefined && !/^\/api\/v1\/(users|groups|apps|logs|authorizationServers)$/.test(path))
    notes.push(`${where}: not simulated: managementApi path ${path} (the simulator answers it 404)`);
  const authorize = server.authorize;
  return {
    id: server.id,
    clientId: server.clientId,
    auth,
    ...(server.audience !== undefined && { audience: server.audience }),
    scopes: [...new Set(scopes)],
    claims,
    ...(authorize !== undefined && {
      authorize: { clientId: authorize.clientId ?? server.clientId, redirectUri: authorize.redirectUri },
    }),
  };
}

function journeyNotes(journey: SignInConfig, index: number, servers: readonly ServerConfig[], notes: string[]): void {
  const where = `signIn[${index}] "${journey.id}"`;
  const claims = journey.requiredClaims.filter((claim) => !ID_TOKEN_CLAIMS.includes(claim));
  if (claims.length > 0)
    notes.push(`${where}: not simulated: requiredClaims ${claims.join(', ')} (not in the simulator's ID tokens)`);
  const server = servers.find((s) => s.id === journey.server);
  if (journey.audience !== undefined && server?.audience !== undefined && journey.audience !== server.audience)
    notes.push(`${where}: audience ${journey.audience} differs from its server's: its tokens carry the server's`);
  if (journey.confidential)
    notes.push(`${where}: served as a public client (PKCE, no secret): confidential left out of the written config`);
  const factor = factorOf(journey).factor;
  const user = `${where}: served as user ${journey.username} with the simulator's password`;
  if (factor === undefined) notes.push(`${user}, no MFA (it names no TOTP secret)`);
  else if (factor.kind === 'passkey')
    notes.push(`${user} and TOTP seed, no passkey yet: Okta's passkey promotion offers one to "passkey enroll"`);
  else {
    const from = journey.secrets.from === 'env' ? 'totpSecretEnv' : "its secret's totpSecret";
    notes.push(`${user} and MFA: a TOTP seed (for ${from}) of ${TOTP_NAMES[factor.authenticator ?? 'default']}`);
  }
}

/** The authenticator a TOTP seed is served under, as people know it. */
const TOTP_NAMES = {
  'google-authenticator': 'Google Authenticator',
  'okta-verify': 'Okta Verify',
  default: 'the first TOTP authenticator Okta lists',
} as const;

/**
 * What the journey answers MFA with: its passkey, or a TOTP code where the config refers to a seed (totpSecretEnv; a
 * secrets file or Secrets Manager secret, whose "totpSecret" is never read here, may hold one: served as if it does).
 * A journey that names no seed signs in with the password alone.
 */
function factorOf(journey: SignInConfig): { readonly factor?: TenantFactor } {
  if (journey.authenticator === 'passkey') return { factor: { kind: 'passkey' } };
  if (journey.secrets.from === 'env' && journey.secrets.totpSecretEnv === undefined) return {};
  const authenticator = journey.totpAuthenticator;
  return { factor: { kind: 'totp', ...(authenticator !== undefined && { authenticator }) } };
}

function samlAppSpecs(apps: readonly SamlAppConfig[], journeys: readonly SignInConfig[], notes: string[]) {
  const taken = new Set<string>();
  return apps.map((app, index): TenantSamlAppSpec => {
    const sso = SSO_PATH.exec(new URL(app.ssoUrl).pathname);
    let externalKey = sso?.[1] ?? newExternalKey();
    let ssoPath = sso === null ? `/app/oktasim_app${index}_1/${externalKey}/sso/saml` : sso[0];
    if (taken.has(externalKey)) {
      externalKey = newExternalKey();
      ssoPath = `/app/oktasim_app${index}_1/${externalKey}/sso/saml`;
      notes.push(`samlApps[${index}] "${app.id}": its ssoUrl is another app's too: served at ${ssoPath}`);
    } else if (sso === null) notes.push(`samlApps[${index}] "${app.id}": ssoUrl served as ${ssoPath}`);
    taken.add(externalKey);
    const metadata = METADATA_PATH.exec(new URL(app.metadataUrl).pathname);
    const metadataPath = metadata?.[1] === externalKey ? metadata[0] : `/app/${externalKey}/sso/saml/metadata`;
    return {
      label: app.name ?? app.id,
      externalKey,
      ssoPath,
      metadataPath,
      username: journeys.find((journey) => journey.id === app.signIn)?.username ?? '',
      audience: app.audience,
      recipient: app.recipient,
      ...(app.destination !== undefined && { destination: app.destination }),
      ...(app.acsUrl !== undefined && { acsUrl: app.acsUrl }),
      nameIdFormat: app.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      attributes: app.requiredAttributes,
    };
  });
}

/**
 * Each journey's app (signIn[].app), served by a simulated app: an OIDC app signing in as the journey's client through
 * its server, reading the claims the simulator's ID tokens carry; a SAML app behind Okta's app link at the link's path
 * (a samlApps[] entry's own when the link is its SSO URL), with every attribute the config names.
 */
function appSpecs(
  journeys: readonly SignInConfig[],
  samlApps: readonly TenantSamlAppSpec[],
  notes: string[],
): TenantAppSpec[] {
  const taken = new Set(samlApps.map((app) => app.externalKey));
  return journeys.flatMap((journey, index): TenantAppSpec[] => {
    const app = journey.app;
    if (app === undefined) return [];
    const where = `signIn[${index}] "${journey.id}"`;
    const common = { journey: index, name: app.name, success: app.success, username: journey.username };
    if (app.protocol === 'oidc') {
      const unserved = app.claims.filter((claim) => !ID_TOKEN_CLAIMS.includes(claim));
      if (unserved.length > 0)
        notes.push(
          `${where}: not simulated: app.claims ${unserved.join(', ')} (not in the simulator's ID tokens: its ` +
            'simulated app does not read them)',
        );
      const claims = app.claims.filter((claim) => ID_TOKEN_CLAIMS.includes(claim));
      return [{ ...common, claims, kind: { protocol: 'oidc', server: journey.server, clientId: journey.clientId } }];
    }
    const path = new URL(app.loginUrl).pathname;
    const listed = samlApps.findIndex((saml) => saml.ssoPath === path);
    const own = listed >= 0 ? samlApps[listed] : undefined;
    if (own !== undefined && own.username !== journey.username)
      notes.push(
        `${where}: its app link is samlApps' "${own.label}", assigned to its journey's user only: Okta tells ` +
          `${journey.username} the app is not assigned`,
      );
    const sso = SSO_PATH.exec(path);
    let externalKey = own?.externalKey ?? sso?.[1] ?? newExternalKey();
    if (own === undefined && taken.has(externalKey)) externalKey = newExternalKey();
    taken.add(externalKey);
    const ssoPath =
      own?.ssoPath ??
      (sso !== null && sso[1] === externalKey ? sso[0] : `/app/oktasim_app${index}_1/${externalKey}/sso/saml`);
    return [
      {
        ...common,
        claims: app.claims,
        kind: { protocol: 'saml', ssoPath, externalKey, ...(listed >= 0 && { samlApp: listed }) },
      },
    ];
  });
}

/**
 * What an app scenario plays on someone's own config: its fault on each of the config's apps of the protocols it
 * changes (never the simulator's own config change, a journey to its own Expenses), or why it would play on none (the
 * run would pass). Undefined for a scenario without an app fault.
 */
export function appFaultPlan(
  probe: ProbeConfig,
  scenario: ScenarioName,
): { readonly note: string } | { readonly problem: string } | undefined {
  const protocols = appFaultProtocols(SCENARIOS[scenario]);
  if (protocols.length === 0) return undefined;
  const kinds = (joint: string) => protocols.map((protocol) => protocol.toUpperCase()).join(joint);
  const apps = (probe.signIn ?? []).flatMap((journey) =>
    journey.app !== undefined && protocols.includes(journey.app.protocol) ? [journey.app.name] : [],
  );
  if (apps.length === 0)
    return {
      problem:
        `--scenario ${scenario} is a fault of an ${kinds(' or ')} app behind Okta, and no journey of your config ` +
        `signs in to one (signIn[].app with "protocol": ${protocols.map((p) => `"${p}"`).join(' or ')}): the ` +
        `run would pass; add the app to a "browser" journey, or see the fault with "demo --scenario ${scenario}"`,
    };
  return { note: `--scenario ${scenario}: played by your config's ${kinds(' and ')} apps (${apps.join(', ')})` };
}
