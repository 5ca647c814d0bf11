// The simulator's provisioning scenarios: the org's apps provisioned by Okta (sim/provisioning.ts), each scenario a
// class of failure Okta's own sources describe (okta-developer-docs data/event-types.json, help.okta.com
// ref-apps-events, support.okta.com provisioning KBs), a healthy org, and a finding that closes. The org server reads
// the System Log (okta.logs.read) and the app listing (okta.apps.read); what the provisioning part reports is
// promised in each description.
import { ORG_SERVER_ID, type DiagnosisCode } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import type { ProvisioningFault, SimFaults } from './faults';

interface ProvisioningScenario {
  readonly description: string;
  readonly expect: readonly {
    readonly server: typeof ORG_SERVER_ID;
    readonly check: 'provisioning-health';
    readonly code: DiagnosisCode;
  }[];
  readonly config: (cfg: ConfigFileJson) => ConfigFileJson;
  readonly faults: SimFaults;
}

/**
 * Provisioning health on with its defaults, and the org server reading the System Log and the app listing, the two
 * reads it makes.
 */
function withProvisioning(cfg: ConfigFileJson): ConfigFileJson {
  return {
    ...cfg,
    provisioning: {},
    servers: cfg.servers.map((s) =>
      s.id === ORG_SERVER_ID
        ? { ...s, scopes: [...new Set([...s.scopes, 'okta.logs.read', 'okta.apps.read'])], systemLog: true }
        : s,
    ),
  };
}

/** A scenario of `fault`, promising the provisioning-health check's codes in the order it tells them. */
const scenario = (
  description: string,
  provisioning: ProvisioningFault,
  ...codes: DiagnosisCode[]
): ProvisioningScenario => ({
  description,
  expect: codes.map((code) => ({ server: ORG_SERVER_ID, check: 'provisioning-health', code })),
  config: withProvisioning,
  faults: { provisioning },
});

export const PROVISIONING_SCENARIOS = {
  'provisioning-healthy': scenario(
    'Okta creates, updates and deactivates accounts in Snowflake, Slack and Box, and creates them in Legacy HR ' +
      'Portal (no Deactivate Users) without a revoke; Team Wiki is SSO only: every provisioning app works, no leaver.',
    'healthy',
  ),
  'provisioning-credential-expired': scenario(
    "Snowflake's SCIM token expired: every call answers 401 (application.integration.authentication_failure and " +
      'failed pushes), and the leavers unassigned meanwhile keep their account (deactivate FAILURE): Snowflake is ' +
      'named with PROVISIONING_CREDENTIAL_FAILED and its leavers counted (PROVISIONING_LEAVERS_OPEN).',
    'credential-expired',
    'PROVISIONING_CREDENTIAL_FAILED',
    'PROVISIONING_LEAVERS_OPEN',
  ),
  'provisioning-one-user-data': scenario(
    "Box refuses one person's login as too long (Bad Request, long_username) every few minutes among healthy " +
      'pushes: one user counted, Box still works.',
    'one-user-data',
  ),
  'provisioning-several-users-data': scenario(
    "Box refuses three people's profile pushes a minute (Bad Request, an attribute value): a mapping, not one " +
      'person: Box is named PROVISIONING_USER_DATA.',
    'several-users-data',
    'PROVISIONING_USER_DATA',
  ),
  'provisioning-general-failure': scenario(
    'Snowflake fails with a general failure (application.integration.general_failure, Internal Server Error) ' +
      'that names no known cause: PROVISIONING_FAILING on Snowflake.',
    'general-failure',
    'PROVISIONING_FAILING',
  ),
  'provisioning-app-rate-limited': scenario(
    'Slack answers 429 to every provisioning call, and rate_limit_exceeded events carry SUCCESS: Slack is named ' +
      "PROVISIONING_APP_RATE_LIMITED, transient, never the org's Okta rate limit.",
    'app-rate-limited',
    'PROVISIONING_APP_RATE_LIMITED',
  ),
  'provisioning-unreachable': scenario(
    'Box answers 503 and times out (api_query failures): Box is named PROVISIONING_APP_UNREACHABLE, and the ' +
      'leavers whose deactivation failed meanwhile are counted (PROVISIONING_LEAVERS_OPEN).',
    'unreachable',
    'PROVISIONING_APP_UNREACHABLE',
    'PROVISIONING_LEAVERS_OPEN',
  ),
  'provisioning-configuration': scenario(
    'Snowflake answers "Matching user not found" to profile pushes and deactivations: PROVISIONING_CONFIGURATION ' +
      'on Snowflake, its failed deactivations counted as leavers.',
    'configuration',
    'PROVISIONING_CONFIGURATION',
    'PROVISIONING_LEAVERS_OPEN',
  ),
  'provisioning-no-deactivation': scenario(
    'People are unassigned from Legacy HR Portal, which creates accounts and never deactivates them ' +
      '(application.user_membership.revoke): each is a leaver (PROVISIONING_NO_DEACTIVATION).',
    'no-deactivation',
    'PROVISIONING_NO_DEACTIVATION',
  ),
  'provisioning-finding-closes': scenario(
    "Ten minutes before the scenario began Snowflake refused one leaver's deactivation (Bad Request: that " +
      "account's data, so Snowflake still works); just before it began the admin deprovisioned the account by hand " +
      '("Manually Deprovisioned"): the leaver closes and stays closed, nothing is told.',
    'finding-closes',
  ),
  'provisioning-connection-disabled': scenario(
    'Slack\'s provisioning connection is disabled (/connections/default DISABLED): Slack is said "connection ' +
      'disabled", never failing nor working; the other apps, which Okta serves no connection for, are never asked.',
    'connection-disabled',
  ),
} satisfies Record<string, ProvisioningScenario>;
