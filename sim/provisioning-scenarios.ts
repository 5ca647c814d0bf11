// The simulator's provisioning scenarios: the org's apps provisioned by Okta (sim/provisioning.ts), each scenario a
// class of failure Okta's own sources describe (okta-developer-docs data/event-types.json, help.okta.com
// ref-apps-events, support.okta.com provisioning KBs), a healthy org, and a finding that closes. The org server reads
// the System Log (okta.logs.read) and the app listing (okta.apps.read); what the provisioning part reports is
// promised in each description.
import { ORG_SERVER_ID } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import type { ProvisioningFault, SimFaults } from './faults';

interface ProvisioningScenario {
  readonly description: string;
  readonly expect: readonly never[];
  readonly config: (cfg: ConfigFileJson) => ConfigFileJson;
  readonly faults: SimFaults;
}

/** The org server reads the System Log and the app listing, the two reads provisioning health makes. */
function withProvisioningReads(cfg: ConfigFileJson): ConfigFileJson {
  return {
    ...cfg,
    servers: cfg.servers.map((s) =>
      s.id === ORG_SERVER_ID
        ? { ...s, scopes: [...new Set([...s.scopes, 'okta.logs.read', 'okta.apps.read'])], systemLog: true }
        : s,
    ),
  };
}

const scenario = (description: string, provisioning: ProvisioningFault): ProvisioningScenario => ({
  description,
  expect: [],
  config: withProvisioningReads,
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
  ),
  'provisioning-general-failure': scenario(
    'Snowflake fails with a general failure (application.integration.general_failure, Internal Server Error) ' +
      'that names no known cause: PROVISIONING_FAILING on Snowflake.',
    'general-failure',
  ),
  'provisioning-app-rate-limited': scenario(
    'Slack answers 429 to every provisioning call, and rate_limit_exceeded events carry SUCCESS: Slack is named ' +
      "PROVISIONING_APP_RATE_LIMITED, transient, never the org's Okta rate limit.",
    'app-rate-limited',
  ),
  'provisioning-unreachable': scenario(
    'Box answers 503 and times out (api_query failures): Box is named PROVISIONING_APP_UNREACHABLE.',
    'unreachable',
  ),
  'provisioning-configuration': scenario(
    'Snowflake answers "Matching user not found" to profile pushes and deactivations: PROVISIONING_CONFIGURATION ' +
      'on Snowflake, its failed deactivations counted as leavers.',
    'configuration',
  ),
  'provisioning-no-deactivation': scenario(
    'People are unassigned from Legacy HR Portal, which creates accounts and never deactivates them ' +
      '(application.user_membership.revoke): each is a leaver (PROVISIONING_NO_DEACTIVATION).',
    'no-deactivation',
  ),
  'provisioning-finding-closes': scenario(
    "Snowflake's token fails for five minutes each half hour, failing one deactivation; six minutes on the admin " +
      'deprovisions the account by hand ("Manually Deprovisioned"): the leaver closes and stays closed.',
    'finding-closes',
  ),
  'provisioning-connection-disabled': scenario(
    "Slack's provisioning connection is disabled (/connections/default DISABLED): Slack is said disabled, never " +
      'failing.',
    'connection-disabled',
  ),
} satisfies Record<string, ProvisioningScenario>;
