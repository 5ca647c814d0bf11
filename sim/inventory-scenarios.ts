// The simulator's inventory scenarios: one per finding and one per scope the inventory needs, each on
// the "org" server with "inventory" and the six scopes; each promises its diagnosis on its kind's check.
import { INVENTORY_SCOPES, ORG_SERVER_ID, type DiagnosisCode, type InventoryKind } from '../functions/contract';
import type { ConfigFileJson, ServerFileJson } from '../functions/config/schema';
import type { InventoryFaults, InventoryFinding } from './inventory';
import type { SimFaults } from './faults';
import { withOrgSystemLog } from './org-system-log';

interface InventoryScenario {
  readonly description: string;
  readonly expect: readonly {
    readonly server: typeof ORG_SERVER_ID;
    readonly check: InventoryKind;
    readonly code: DiagnosisCode;
  }[];
  readonly config: (cfg: ConfigFileJson) => ConfigFileJson;
  readonly faults: SimFaults;
  /** The scenario of a first run whose memory this one starts from (Scenario.after). */
  readonly after?: string;
}

const on = (check: InventoryKind, code: DiagnosisCode): InventoryScenario['expect'] => [
  { server: ORG_SERVER_ID, check, code },
];

/** The org server reads the inventory: the six scopes (and okta.users.read, which it has, for the tokens' owners). */
export function withInventory(cfg: ConfigFileJson): ConfigFileJson {
  const servers = cfg.servers.map(
    (s): ServerFileJson =>
      s.id === ORG_SERVER_ID
        ? { ...s, scopes: [...new Set([...s.scopes, ...Object.values(INVENTORY_SCOPES)])], inventory: true }
        : s,
  );
  return { ...cfg, servers };
}

/** The hooks' failed deliveries are read from the System Log: the org server reads it too. */
const withSystemLogToo = withOrgSystemLog;

const finding = (
  description: string,
  found: InventoryFinding,
  kind: InventoryKind,
  code: DiagnosisCode,
  extra: InventoryFaults = {},
): InventoryScenario => ({
  description,
  expect: on(kind, code),
  config: withInventory,
  faults: { inventory: { findings: [found], ...extra } },
});

const scopeScenario = (kind: InventoryKind): InventoryScenario => ({
  description:
    `The org server has "inventory", but ${INVENTORY_SCOPES[kind]} is not granted to its app: that kind is not ` +
    `read (a warning naming the scope); every other kind and check runs as before.`,
  expect: on(kind, 'INVENTORY_SCOPE_NOT_GRANTED'),
  config: withInventory,
  faults: { inventory: { scopesNotGranted: [INVENTORY_SCOPES[kind]] } },
});

export const INVENTORY_SCENARIOS = {
  'inventory-healthy': {
    description:
      "The org server reads the inventory of a healthy org: API tokens in use (one with the spec's own PT5M " +
      'window, 4 minutes from expiry as always), certificates far from expiry, an active stream, a verified ' +
      'hook, two operational agents beside a deactivated and a hidden one. Nothing needs action.',
    expect: [],
    config: withInventory,
    faults: {},
  },
  'api-token-expiring': finding(
    'The API token "quarterly-export" has not been used for 25 days: it expires in 4 days.',
    'token-expiring',
    'api-tokens',
    'API_TOKEN_EXPIRING',
  ),
  'api-token-expired': finding(
    'The API token "quarterly-export" is listed past its expiresAt: calls made with it are refused. The spec ' +
      'lists active tokens only (api-token-gone is what follows); no source says Okta never lists one before ' +
      'removing it, so this is judged too.',
    'token-expired',
    'api-tokens',
    'API_TOKEN_EXPIRED',
  ),
  'api-token-gone': {
    ...finding(
      'The API token "quarterly-export", seen expiring in 4 days by the run before (api-token-expiring), is ' +
        'no longer listed: Okta lists active tokens only, so a token revoked, expired or whose owner was ' +
        'deactivated vanishes. The probe remembers it (beside --history; an SSM parameter when deployed) and ' +
        'warns for a day.',
      'token-gone',
      'api-tokens',
      'API_TOKEN_GONE',
    ),
    after: 'api-token-expiring',
  },
  'api-token-owner-inactive': finding(
    'The API token "hr-sync" belongs to a deprovisioned user: Okta refuses it although it is listed with 22 ' +
      'days left (Okta says it deprovisions such tokens at once; one still listed is judged too).',
    'token-owner-inactive',
    'api-tokens',
    'API_TOKEN_OWNER_INACTIVE',
  ),
  'api-token-owner-suspended': finding(
    'The API token "hr-sync" belongs to a SUSPENDED service account: Okta documents only a deactivated ' +
      'owner\'s tokens as ended, so this warns and never pages "every call is refused".',
    'token-owner-suspended',
    'api-tokens',
    'API_TOKEN_OWNER_STATUS',
  ),
  'app-cert-expiring': finding(
    'The Salesforce SAML app signs with a certificate that expires in 12 days.',
    'app-cert-expiring',
    'app-certificates',
    'APP_CERT_EXPIRING',
  ),
  'app-cert-expired': finding(
    'The Salesforce SAML app still signs with a certificate that expired 12 hours ago.',
    'app-cert-expired',
    'app-certificates',
    'APP_CERT_EXPIRED',
  ),
  'idp-cert-expiring': finding(
    "The partner SAML IdP's trust certificate expires in 9 days.",
    'idp-cert-expiring',
    'idp-certificates',
    'IDP_CERT_EXPIRING',
  ),
  'idp-cert-expired': finding(
    "The partner SAML IdP's trust certificate expired 3 days ago.",
    'idp-cert-expired',
    'idp-certificates',
    'IDP_CERT_EXPIRED',
  ),
  'log-stream-inactive': finding(
    'Okta deactivated the EventBridge log stream 6 hours ago: the SIEM is blind. Without "systemLog", who ' +
      'deactivated it is not known, and the warning says so.',
    'stream-inactive',
    'log-streams',
    'LOG_STREAM_INACTIVE',
  ),
  'log-stream-deactivated-by-okta': {
    ...finding(
      'Okta deactivated the EventBridge log stream 6 hours ago; with "systemLog", its ' +
        "system.log_stream.lifecycle.deactivate event's actor is Okta's SystemPrincipal: a warning naming " +
        'Okta.',
      'stream-inactive',
      'log-streams',
      'LOG_STREAM_INACTIVE',
    ),
    config: (cfg) => withSystemLogToo(withInventory(cfg)),
  },
  'log-stream-deactivated-by-admin': {
    description:
      'An admin deactivated the EventBridge log stream 6 hours ago; with "systemLog", its ' +
      "system.log_stream.lifecycle.deactivate event's actor is a User: deactivated on purpose, no failure.",
    expect: [],
    config: (cfg) => withSystemLogToo(withInventory(cfg)),
    faults: { inventory: { findings: ['stream-deactivated-by-admin'] } },
  },
  'event-hook-not-delivering': finding(
    'The "HR sync" event hook is UNVERIFIED: Okta sends it nothing.',
    'hook-not-delivering',
    'event-hooks',
    'EVENT_HOOK_NOT_DELIVERING',
  ),
  'event-hook-failing': {
    ...finding(
      'The "HR sync" event hook times out: with "systemLog", the System Log holds an event_hook.delivery ' +
        'failure every 10 minutes.',
      'hook-failing',
      'event-hooks',
      'EVENT_HOOK_FAILING',
    ),
    config: (cfg) => withSystemLogToo(withInventory(cfg)),
  },
  'agent-pool-down': finding(
    'Both AD agents of the acme.local pool are DISRUPTED: users mastered in AD cannot sign in.',
    'pool-down',
    'agent-pools',
    'AGENT_POOL_DOWN',
  ),
  'agent-pool-degraded': finding(
    'One of the two AD agents of the acme.local pool is DISRUPTED: the pool still works.',
    'pool-degraded',
    'agent-pools',
    'AGENT_POOL_DEGRADED',
  ),
  'agent-pool-all-degraded': finding(
    'Both serving AD agents of the acme.local pool are DEGRADED (the Management API spec says nothing of ' +
      'what DEGRADED does): the probe warns, and never pages on a status Okta does not call down.',
    'pool-all-degraded',
    'agent-pools',
    'AGENT_POOL_DEGRADED',
  ),
  'api-tokens-several': {
    description:
      'Two API tokens need action at once: "hr-sync" belongs to a deprovisioned user (a page) and ' +
      '"quarterly-export" expires in 4 days (a warning). Each is a diagnosis of its own, the page first.',
    expect: [
      { server: ORG_SERVER_ID, check: 'api-tokens', code: 'API_TOKEN_OWNER_INACTIVE' },
      { server: ORG_SERVER_ID, check: 'api-tokens', code: 'API_TOKEN_EXPIRING' },
    ],
    config: withInventory,
    faults: { inventory: { findings: ['token-expiring', 'token-owner-inactive'] } },
  },
  'inventory-listed-app-provisions': {
    description:
      'The listed SAML app (Salesforce, in samlApps) has Provisioning > To App > Create Users on: the app listing ' +
      "the inventory reads names PUSH_NEW_USERS in its features. The listing never holds the app's external key " +
      "(its SSO URL's); it is found by the SSO URL's app name and its audience. The run's report warns, no request " +
      'per app, and no check fails.',
    expect: [],
    config: withInventory,
    faults: { inventory: { listedAppProvisions: true } },
  },
  'inventory-scope-api-tokens': scopeScenario('api-tokens'),
  'inventory-scope-apps': scopeScenario('app-certificates'),
  'inventory-scope-idps': scopeScenario('idp-certificates'),
  'inventory-scope-log-streams': scopeScenario('log-streams'),
  'inventory-scope-event-hooks': scopeScenario('event-hooks'),
  'inventory-scope-agent-pools': scopeScenario('agent-pools'),
  'inventory-role-missing': {
    description:
      'The app holds an admin role that may not list API tokens: GET /api/v1/api-tokens answers 403 ' +
      'E0000006; every other kind is read.',
    expect: on('api-tokens', 'INVENTORY_ROLE_MISSING'),
    config: withInventory,
    faults: { inventory: { roleMissingFor: ['api-tokens'] } },
  },
  'inventory-throttled': {
    description:
      'An org of 253 SAML apps (two pages of 200) whose key-store bucket is below half its limit (another ' +
      'client of the org uses it): the inventory reads the keys already in flight and leaves the rest of the ' +
      'bucket to the org.',
    expect: on('app-certificates', 'INVENTORY_THROTTLED'),
    config: withInventory,
    faults: { inventory: { keysRemainingPercent: 40, extraSamlApps: 250 } },
  },
} satisfies Record<string, InventoryScenario>;
