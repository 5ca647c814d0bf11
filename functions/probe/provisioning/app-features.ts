// An app of GET /api/v1/apps as provisioning sees it, from hostile input: whether Okta pushes accounts to it, and
// whether it deactivates them. `features` is the one signal every app carries (okta-management-openapi-spec
// dist/2024.08.0 management-minimal.yaml, Application.features, "Enabled app features", and its enum); the
// /connections/default answer exists only for a handful of apps (Google Workspace, Office 365, Org2Org, Slack, Zoom,
// Zscaler) and says 200 {"profile":{"authScheme":"UNKNOWN"},"status":"UNKNOWN"} for the others, so it can only add
// "disabled" to what the features say, and is asked only of those apps (connections.ts).
import type { Skipped } from './events';
import { cleanLabel } from './events';

/** Application.features' enum (management-minimal.yaml, 2024.08.0): any other value is counted, never trusted. */
export const APPLICATION_FEATURES = [
  'GROUP_PUSH',
  'IMPORT_NEW_USERS',
  'IMPORT_PROFILE_UPDATES',
  'IMPORT_USER_SCHEMA',
  'PROFILE_MASTERING',
  'PUSH_NEW_USERS',
  'PUSH_PASSWORD_UPDATES',
  'PUSH_PROFILE_UPDATES',
  'PUSH_USER_DEACTIVATION',
  'REACTIVATE_USERS',
  'OUTBOUND_DEL_AUTH',
  'DESKTOP_SSO',
  'FEDERATED_PROFILE',
  'SUPPRESS_ACTIVATION_EMAIL',
  'PUSH_PENDING_USERS',
  'MFA',
  'UPDATE_EXISTING_USERNAME',
  'EXCLUDE_USERNAME_UPDATE_ON_PROFILE_PUSH',
  'EXCHANGE_ACTIVE_SYNC',
  'IMPORT_SYNC',
  'IMPORT_SYNC_CONTACTS',
  'DEVICE_COMPLIANCE',
  'VPN_CONFIG',
  'IMPORT_SCHEMA_ENUM_VALUES',
  'SCIM_PROVISIONING',
  'DEVICE_FILTER_IN_SIGN_ON_RULES',
  'PROFILE_TEMPLATE_UPGRADE',
  'DEFAULT_PUSH_STATUS_TO_PUSH',
  'REAL_TIME_SYNC',
  'SSO',
  'AUTHN_CONTEXT',
  'JIT_PROVISIONING',
  'GROUP_SYNC',
  'OPP_SCIM_INCREMENTAL_IMPORTS',
  'IN_MEMORY_APP_USER',
  'LOG_STREAMING',
  'OAUTH_INTEGRATION',
  'IDP',
  'PUSH_NEW_USERS_WITHOUT_PASSWORD',
  'SKYHOOK_SERVICE',
  'ENTITLEMENT_MANAGEMENT',
  'PUSH_NEW_USERS_WITH_HASHED_PASSWORD',
] as const;
export type ApplicationFeature = (typeof APPLICATION_FEATURES)[number];

/** Features under which an assignment creates an account in the app (Provisioning > To App > Create Users). */
const CREATES: readonly ApplicationFeature[] = [
  'PUSH_NEW_USERS',
  'PUSH_PENDING_USERS',
  'PUSH_NEW_USERS_WITHOUT_PASSWORD',
  'PUSH_NEW_USERS_WITH_HASHED_PASSWORD',
];
/** Features under which Okta writes to the app at all: the app is part of provisioning health. */
const PUSHES: readonly ApplicationFeature[] = [
  ...CREATES,
  'PUSH_PROFILE_UPDATES',
  'PUSH_PASSWORD_UPDATES',
  'PUSH_USER_DEACTIVATION',
  'REACTIVATE_USERS',
  'GROUP_PUSH',
];

/**
 * The apps whose provisioning connection Okta serves, by their key name (Application.name): okta-developer-docs,
 * guides/app-provisioning-connection ("Token: Okta Org2Org (okta_org2org), Zscaler 2.0 (zscalerbyz); OAuth 2.0:
 * Google Workspace (google), Microsoft Office 365 (office365), Okta Org2Org, Slack (slack), Zoom (zoomus)"). Any other
 * app answers UNKNOWN: asking it would spend a request of the apps bucket to learn nothing.
 */
export const CONNECTION_APPS: ReadonlySet<string> = new Set([
  'google',
  'office365',
  'okta_org2org',
  'slack',
  'zoomus',
  'zscalerbyz',
]);

/** An app as provisioning judges it: no user, no setting beyond its features. */
export interface ProvisioningApp {
  readonly id: string;
  /** The app's label, one line, bounded; its id when it has none. */
  readonly label: string;
  /** ACTIVE, INACTIVE, or what else Okta says, reduced. */
  readonly status: 'ACTIVE' | 'INACTIVE' | 'OTHER';
  /** The known features, each once, in the enum's order. */
  readonly features: readonly ApplicationFeature[];
  /** Values outside the enum: counted, never kept. */
  readonly unknownFeatures: number;
  /** Okta writes to the app (a push feature): SSO-only apps are not part of provisioning health. */
  readonly provisions: boolean;
  /** An assignment creates an account in the app. */
  readonly creates: boolean;
  /** Unassigning deactivates the account (PUSH_USER_DEACTIVATION, Provisioning > To App > Deactivate Users). */
  readonly deactivates: boolean;
  /** Okta serves the app's provisioning connection (its key name is in CONNECTION_APPS). */
  readonly hasConnection?: boolean;
  /** What /connections/default said (readConnection), when the caller read it: "disabled" is never failing. */
  readonly connection?: 'enabled' | 'disabled' | 'unknown';
}

/** The spec's enum names 42 features: a longer list is not Okta's, and only its start is read. */
const MOST_FEATURES = 64;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const KNOWN: ReadonlySet<string> = new Set(APPLICATION_FEATURES);

/** An item of GET /api/v1/apps, or why it was skipped. Never throws, whatever `raw` is. */
export function readProvisioningApp(raw: unknown): ProvisioningApp | Skipped {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { skipped: 'not_an_object' };
  const item = raw as Readonly<Record<string, unknown>>;
  const id = typeof item.id === 'string' && ID.test(item.id) ? item.id : null;
  if (id === null) return { skipped: 'torn' };
  const listed: readonly unknown[] = Array.isArray(item.features) ? item.features.slice(0, MOST_FEATURES) : [];
  const named = new Set(listed.filter((f): f is string => typeof f === 'string' && KNOWN.has(f)));
  const features = APPLICATION_FEATURES.filter((f) => named.has(f));
  const has = (list: readonly ApplicationFeature[]): boolean => list.some((f) => named.has(f));
  return {
    id,
    label: cleanLabel(item.label) ?? id,
    status: item.status === 'ACTIVE' || item.status === 'INACTIVE' ? item.status : 'OTHER',
    features,
    unknownFeatures: listed.length - listed.filter((f) => typeof f === 'string' && KNOWN.has(f)).length,
    provisions: has(PUSHES),
    creates: has(CREATES),
    deactivates: named.has('PUSH_USER_DEACTIVATION'),
    hasConnection: typeof item.name === 'string' && CONNECTION_APPS.has(item.name),
  };
}

/**
 * An app's provisioning connection (GET /api/v1/apps/{id}/connections/default, ProvisioningConnectionStatus):
 * "disabled" only when Okta says DISABLED; UNKNOWN, the answer for every app without the API, says nothing.
 */
export function readConnection(raw: unknown): 'enabled' | 'disabled' | 'unknown' {
  const status =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? (raw as Record<string, unknown>).status
      : undefined;
  return status === 'ENABLED' ? 'enabled' : status === 'DISABLED' ? 'disabled' : 'unknown';
}
