// The simulated org's inventory, in the shapes of Okta's Management API spec (okta-sdk-golang
// .generator/okta-management-APIs-oasv3-noEnums-inheritance.yaml: ApiToken, Application, JsonWebKey,
// IdentityProvider, IdPKeyCredential, LogStream, EventHook, AgentPool, Agent, User): a healthy org with three API
// tokens in use (one with the spec's own PT5M window), SAML apps and an OIDC app, a partner IdP, an EventBridge
// stream, a verified hook and an AD pool of two serving agents beside a deactivated and a hidden one (as
// real orgs have them); a scenario's finding changes one item. Every date is relative to the request's `now`.
import { DAY_MS } from '../functions/contract';
import type { InventoryFaults, InventoryFinding } from './faults';
import { SIM_ADMIN, type SimLogEvent } from './system-log';
import { SIM_SAML_APP } from './saml/app';
import { hookUri } from './hooks';

export type { InventoryFaults, InventoryFinding } from './faults';

const iso = (ms: number): string => new Date(ms).toISOString();
const has = (faults: InventoryFaults, finding: InventoryFinding): boolean =>
  faults.findings?.includes(finding) === true;

/** The service account that owns the tokens, and a person who left. */
const SIM_TOKEN_OWNER = { id: '00usvcokta000000x7', login: 'svc-okta@acme.example' } as const;
const SIM_LEAVER = { id: '00uleaver0000000x7', login: 'jane.doe@acme.example' } as const;
/** A service account an admin suspended: its token is still listed. */
const SIM_SUSPENDED = { id: '00ususpended000000x7', login: 'svc-hr@acme.example' } as const;

export function apiTokens(now: number, faults: InventoryFaults): unknown[] {
  const token = (
    id: string,
    name: string,
    daysLeft: number,
    userId: string = SIM_TOKEN_OWNER.id,
    tokenWindow = 'P30D',
  ) => ({
    clientName: 'Okta API',
    created: iso(now - 200 * DAY_MS),
    expiresAt: iso(now + daysLeft * DAY_MS),
    id,
    lastUpdated: iso(now - 200 * DAY_MS),
    name,
    network: { connection: 'ANYWHERE', include: [], exclude: [] },
    tokenWindow,
    userId,
    _link: { self: { href: `/api/v1/api-tokens/${id}`, hints: { allow: ['GET', 'DELETE', 'PUT'] } } },
  });
  // The list holds active tokens only (listApiTokens): a token that expired or whose owner went is not in it.
  const quarterly = has(faults, 'token-gone')
    ? []
    : [
        token(
          '00Tquarterly0000x7',
          'quarterly-export',
          has(faults, 'token-expired') ? -1.5 : has(faults, 'token-expiring') ? 4.5 : 25,
        ),
      ];
  const hrOwner = has(faults, 'token-owner-inactive')
    ? SIM_LEAVER.id
    : has(faults, 'token-owner-suspended')
      ? SIM_SUSPENDED.id
      : undefined;
  return [
    token('00Tterraform0000x7', 'terraform', 29.5),
    ...quarterly,
    // The spec's ApiTokenListMetadataResponse example: a PT5M window, used every minute by a deploy bot.
    token('00Tdeploybot0000x7', 'deploy-bot', 4 / (24 * 60), SIM_TOKEN_OWNER.id, 'PT5M'),
    ...(hrOwner !== undefined ? [token('00Thrsync00000000x7', 'hr-sync', 22, hrOwner)] : []),
  ];
}

export function user(id: string, faults: InventoryFaults): unknown | undefined {
  if (id === SIM_TOKEN_OWNER.id)
    return { id, status: 'ACTIVE', profile: { login: SIM_TOKEN_OWNER.login }, type: { id: 'oty1' } };
  if (id === SIM_LEAVER.id && has(faults, 'token-owner-inactive'))
    return { id, status: 'DEPROVISIONED', profile: { login: SIM_LEAVER.login }, type: { id: 'oty1' } };
  if (id === SIM_SUSPENDED.id && has(faults, 'token-owner-suspended'))
    return { id, status: 'SUSPENDED', profile: { login: SIM_SUSPENDED.login }, type: { id: 'oty1' } };
  return undefined;
}

interface SimApp {
  readonly id: string;
  readonly label: string;
  /** Okta's app name, the SSO URL's {appName}, when not the integration's own. */
  readonly name?: string;
  /** settings.signOn.audience of a SAML 2.0 app. */
  readonly audience?: string;
  /** Application.features. */
  readonly features?: readonly string[];
  readonly signOnMode: string;
  readonly kid: string;
  /** Days until the key it signs with expires. */
  readonly daysLeft: number;
}

export function apps(faults: InventoryFaults): SimApp[] {
  const saml = (i: number): SimApp => ({
    id: `0oasaml${String(i).padStart(11, '0')}`,
    label: `SAML app ${i}`,
    signOnMode: 'SAML_2_0',
    kid: `kidSaml${i}`,
    daysLeft: 300 + i,
  });
  return [
    {
      // The config's listed SAML app: its SSO URL names it and its external key, never this id (sim/saml/app.ts).
      id: '0oasalesforce0000x7',
      label: 'Salesforce',
      name: SIM_SAML_APP.appName,
      audience: SIM_SAML_APP.audience,
      // Provisioning > To App with Create Users on, as the discovered apps' (sim/saml/catalogue.ts).
      features:
        faults.listedAppProvisions === true ? ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION'] : [],
      signOnMode: 'SAML_2_0',
      kid: 'kidSalesforce',
      daysLeft: has(faults, 'app-cert-expired') ? -0.5 : has(faults, 'app-cert-expiring') ? 12.5 : 410,
    },
    {
      id: '0oaaws000000000000x7',
      label: 'AWS IAM Identity Center',
      signOnMode: 'SAML_2_0',
      kid: 'kidAws',
      daysLeft: 700,
    },
    { id: '0oaportal00000000x7', label: 'Portal', signOnMode: 'OPENID_CONNECT', kid: 'kidPortal', daysLeft: 90 },
    ...Array.from({ length: faults.extraSamlApps ?? 0 }, (_, i) => saml(i)),
  ];
}

export function appJson(app: SimApp): unknown {
  return {
    id: app.id,
    name: app.name ?? (app.signOnMode === 'OPENID_CONNECT' ? 'oidc_client' : 'salesforce'),
    label: app.label,
    status: 'ACTIVE',
    signOnMode: app.signOnMode,
    created: '2024-03-01T10:00:00.000Z',
    // Application.features, "Enabled app features" (okta-sdk-nodejs oas-spec/management.yaml): `[]` without
    // provisioning, as the spec's SAML examples list it.
    features: app.features ?? [],
    credentials: {
      signing: { kid: app.kid, use: 'sig', rotationMode: 'MANUAL' },
      userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
    },
    ...(app.audience !== undefined && { settings: { app: {}, signOn: { audience: app.audience } } }),
    _links: { self: { href: `/api/v1/apps/${app.id}` } },
  };
}

/** An app's key store: the key it signs with and a newer one generated ahead of a rotation (not yet active). */
export function appKeys(app: SimApp, now: number): unknown[] {
  const key = (kid: string, daysLeft: number) => ({
    created: iso(now - 300 * DAY_MS),
    lastUpdated: iso(now - 300 * DAY_MS),
    expiresAt: iso(now + daysLeft * DAY_MS),
    kid,
    kty: 'RSA',
    use: 'sig',
    e: 'AQAB',
    n: 'sim',
    x5c: ['MIIDsim'],
    'x5t#S256': `t-${kid}`,
  });
  return [key(app.kid, app.daysLeft), key(`${app.kid}Next`, app.daysLeft + 3650)];
}

export function idps(faults: InventoryFaults): unknown[] {
  return [
    {
      id: '0oapartneridp000x7',
      name: 'Partner SAML IdP',
      type: 'SAML2',
      status: 'ACTIVE',
      issuerMode: 'ORG_URL',
      created: '2023-05-01T00:00:00.000Z',
      protocol: {
        type: 'SAML2',
        credentials: {
          trust: {
            issuer: 'urn:partner:idp',
            audience: 'https://www.okta.com/saml2/service-provider/spsim',
            kid: has(faults, 'idp-cert-expired') || has(faults, 'idp-cert-expiring') ? 'kidPartnerOld' : 'kidPartner',
          },
        },
      },
    },
    {
      id: '0oagoogle00000000x7',
      name: 'Google',
      type: 'GOOGLE',
      status: 'ACTIVE',
      protocol: { type: 'OIDC', scopes: ['openid'] },
    },
  ];
}

export function idpKeys(now: number, faults: InventoryFaults): unknown[] {
  const key = (kid: string, daysLeft: number) => ({
    created: iso(now - 700 * DAY_MS),
    lastUpdated: iso(now - 700 * DAY_MS),
    expiresAt: iso(now + daysLeft * DAY_MS),
    kid,
    kty: 'RSA',
    use: 'sig',
    e: 'AQAB',
    n: 'sim',
    x5c: ['MIIDsim'],
    'x5t#S256': `t-${kid}`,
  });
  return [key('kidPartner', 500), key('kidPartnerOld', has(faults, 'idp-cert-expired') ? -3 : 9)];
}

export function logStreams(now: number, faults: InventoryFaults): unknown[] {
  return [
    {
      id: '0oa1orzg0CHSgPcjZ0g4',
      name: 'SIEM EventBridge',
      type: 'aws_eventbridge',
      status: streamInactive(faults) ? 'INACTIVE' : 'ACTIVE',
      created: '2022-10-21T16:59:59.000Z',
      lastUpdated: streamInactive(faults) ? iso(now - STREAM_DOWN_HOURS * 3_600_000) : '2022-10-21T17:15:10.000Z',
      settings: { accountId: '123456789012', eventSourceName: 'okta-siem', region: 'us-east-2' },
      _links: { self: { href: '/api/v1/logStreams/0oa1orzg0CHSgPcjZ0g4', method: 'GET' } },
    },
  ];
}

const SIM_STREAM = { id: '0oa1orzg0CHSgPcjZ0g4', name: 'SIEM EventBridge' } as const;
const STREAM_DOWN_HOURS = 6;
const streamInactive = (faults: InventoryFaults): boolean =>
  has(faults, 'stream-inactive') || has(faults, 'stream-deactivated-by-admin');

/**
 * The stream's deactivation, as the System Log records it: system.log_stream.lifecycle.deactivate, "a user or Okta
 * deactivated a log stream configuration" (okta-developer-docs data/event-types.json). That Okta deactivates one is
 * sourced; why (failed deliveries, here) and the actor Okta's own deactivation names (a SystemPrincipal, here) are not
 * published: the probe tells an admin's (a User) from any other actor, and needs no more.
 */
export function streamDeactivationEvents(faults: InventoryFaults | undefined, now: number): SimLogEvent[] {
  if (faults === undefined || !streamInactive(faults)) return [];
  const at = now - STREAM_DOWN_HOURS * 3_600_000;
  const byAdmin = has(faults, 'stream-deactivated-by-admin');
  return [
    {
      uuid: `5d3ac71v-0000-11f0-9a00-${(at / 1000).toString(16).padStart(12, '0')}`,
      published: iso(at),
      eventType: 'system.log_stream.lifecycle.deactivate',
      displayMessage: 'Log stream deactivated',
      severity: 'INFO',
      actor: byAdmin
        ? { id: '00u1simadmin00000x7', type: 'User', alternateId: SIM_ADMIN, displayName: 'Sim Admin' }
        : { id: 'okta-system', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System' },
      client: { ipAddress: '198.51.100.7' },
      outcome: { result: 'SUCCESS', reason: null },
      target: [
        {
          id: SIM_STREAM.id,
          type: 'LogStream',
          alternateId: 'unknown',
          displayName: SIM_STREAM.name,
          detailEntry: null,
        },
      ],
      transaction: { type: 'WEB', id: `reqStream${at}`, detail: {} },
      debugContext: { debugData: {} },
    },
  ];
}

const SIM_HOOK = { id: 'who1hrsync0000000x7', name: 'HR sync' } as const;

export function eventHooks(faults: InventoryFaults): unknown[] {
  return [
    {
      id: SIM_HOOK.id,
      name: SIM_HOOK.name,
      status: 'ACTIVE',
      verificationStatus: has(faults, 'hook-not-delivering') ? 'UNVERIFIED' : 'VERIFIED',
      created: '2025-02-01T00:00:00.000Z',
      createdBy: SIM_TOKEN_OWNER.id,
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: hookUri('/okta/events'), headers: [] } },
      events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'user.lifecycle.deactivate'] },
    },
  ];
}

/** The hook's failed deliveries, every 10 minutes of the range asked for (event_hook.delivery, outcome FAILURE). */
export function hookDeliveryEvents(faults: InventoryFaults | undefined, since: number, until: number): SimLogEvent[] {
  if (faults === undefined || !has(faults, 'hook-failing')) return [];
  const step = 10 * 60_000;
  const events: SimLogEvent[] = [];
  for (let at = Math.ceil(since / step) * step; at < until; at += step) {
    events.push({
      uuid: `51a1h00c-0000-11f0-9a00-${(at / 1000).toString(16).padStart(12, '0')}`,
      published: iso(at),
      eventType: 'event_hook.delivery',
      displayMessage: 'Event hook delivery',
      severity: 'WARN',
      actor: { id: 'okta-system', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System' },
      client: { ipAddress: '198.51.100.23' },
      outcome: { result: 'FAILURE', reason: 'Read timed out after 3000 ms' },
      target: [
        { id: SIM_HOOK.id, type: 'EventHook', alternateId: null, displayName: SIM_HOOK.name, detailEntry: null },
      ],
      transaction: { type: 'WEB', id: `reqHook${at}`, detail: {} },
      debugContext: { debugData: {} },
    });
  }
  return events;
}

export function agentPools(now: number, faults: InventoryFaults): unknown[] {
  const down = has(faults, 'pool-down');
  const degraded = has(faults, 'pool-degraded');
  const allDegraded = has(faults, 'pool-all-degraded');
  const serving = (disrupted: boolean): string => (disrupted ? 'DISRUPTED' : allDegraded ? 'DEGRADED' : 'OPERATIONAL');
  const agent = (name: string, status: string, minutesAgo: number) => ({
    id: `ajd${name.replace(/\W/g, '')}`,
    name,
    operationalStatus: status,
    lastConnection: now - minutesAgo * 60_000,
    isHidden: false,
    isLatestGAedVersion: true,
    poolId: '0oa3eu7ekG8tjbD9J5s6',
    type: 'AD',
    updateStatus: 'Success',
    version: '3.19.0',
    _links: {},
  });
  return [
    {
      id: '0oa3eu7ekG8tjbD9J5s6',
      name: 'acme.local',
      type: 'AD',
      operationalStatus: down ? 'DISRUPTED' : degraded || allDegraded ? 'DEGRADED' : 'OPERATIONAL',
      disruptedAgents: down ? 2 : degraded ? 1 : 0,
      inactiveAgents: 1,
      agents: [
        agent('WIN-region1A-dc', serving(down), down ? 95 : 1),
        agent('WIN-region1B-dc', serving(down || degraded), down || degraded ? 240 : 1),
        // A domain controller decommissioned on purpose, and one an admin hid: neither serves, neither is a failure.
        agent('WIN-old-dc', 'INACTIVE', 40 * 24 * 60),
        { ...agent('WIN-lab-dc', 'DISRUPTED', 90 * 24 * 60), isHidden: true },
      ],
    },
  ];
}
