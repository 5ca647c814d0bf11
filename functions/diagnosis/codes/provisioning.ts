// What each code of the provisioning family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// Provisioning to apps, as the System Log and the app listing tell it: an app whose accounts Okta can no longer
// create or remove, and leavers who may keep an account. Okta sends no notification of a failed provisioning, and
// its errors surface only on Dashboard > Tasks, which no public API lists. The detail names the app and counts,
// never a user or Okta's reason text (it can hold the user's login). A failed deactivation has no Retry (it becomes
// a manual deprovisioning task), so its remedy is work in the app itself. Okta's retries of an app's 429: "a maximum
// of 10 attempts", waiting Retry-After or 5 minutes and doubling (okta-developer-docs concepts/scim, "Handle SCIM
// server rate limiting").

const INTEGRATION = 'Applications > Applications > [app] > Provisioning > Integration';

const RETRY =
  "Then Dashboard > Tasks: select the app's failed tasks and Retry Selected. A failed deactivation has no Retry: " +
  'deactivate those accounts in the app itself, then resolve their deprovisioning tasks.';

const SEARCH =
  'Reports > System Log, eventType sw "application.provision" or eventType sw "application.integration" for the ' +
  "app, shows each failure with Okta's reason.";

export const PROVISIONING_CODES = {
  // Provisioning is the org's settings and its apps' (a connector's token, the app's URL, its rate limit, a user's
  // data): never Okta's downtime. The leavers' kept ledger is the probe's own state.
  PROVISIONING_CREDENTIAL_FAILED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['provisioning-failing'],
    title: 'Provisioning credential refused',
    summary:
      'The app refused the credential Okta provisions with (application.integration.authentication_failure, or a ' +
      '401/403 on a push or a deactivation): its API token or OAuth grant expired or was revoked. Until it is ' +
      'renewed no account is created, updated or deactivated in the app, while assignments in Okta carry on.',
    remedy:
      "Renew the token (or re-authorize the OAuth grant) in the app's own admin console, then in " +
      `${INTEGRATION} > Edit, enter it, Test API Credentials and Save. ${RETRY}`,
  },
  PROVISIONING_APP_UNREACHABLE: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['provisioning-failing'],
    title: 'Provisioning cannot reach the app',
    summary:
      "Okta's calls to the app's provisioning API time out, are refused, or answer 502/503/504: the app (or the " +
      'address Okta calls, its TLS certificate, a firewall in front of it) is down or moved.',
    remedy:
      `Check the base URL in ${INTEGRATION} (the SCIM connector base URL for a SCIM app), that the app is up and ` +
      "its certificate valid, and that its firewall allows Okta's IP ranges; then Test API Credentials. " +
      `${RETRY}`,
  },
  PROVISIONING_APP_RATE_LIMITED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['provisioning-failing'],
    callerOfApp:
      "{app} is slowing Okta down and Okta keeps retrying: a new joiner's {app} account may come hours late. Ask " +
      'the caller to wait; resetting the password will not help.',
    title: "The app's rate limit",
    summary:
      "The app (not Okta) answered 429 to Okta's provisioning calls: Okta tries again up to 10 times, waiting " +
      "the app's Retry-After or 5 minutes and doubling the wait each time, so it usually clears by itself; if the " +
      "10th also fails, the task fails for good. It is never the org's Okta rate limit.",
    remedy:
      "Nothing while it clears. If it lasts: ask the app's vendor for a higher API limit for the integration, and " +
      'spread large changes (a big group assigned, a profile mapping that touches everyone) over time. ' +
      `What is still failing later shows on Dashboard > Tasks (Retry Selected). ${SEARCH}`,
  },
  PROVISIONING_CONFIGURATION: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['provisioning-failing'],
    title: 'Provisioning configuration',
    summary:
      "The app's provisioning settings stop Okta: a matching user not found in the app, Deactivate Users off, or " +
      'a feature the integration does not support. The connection works; what it is asked to do does not.',
    remedy:
      'Open Applications > Applications > [app] > Provisioning > To App > Edit: turn on Create Users, Update User ' +
      'Attributes and Deactivate Users as the app supports them, and check Sign On > Application username format ' +
      `against the usernames the app holds (a matching user not found). ${RETRY}`,
  },
  PROVISIONING_USER_DATA: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    callerOfApp:
      "{app} refuses some people's details: their {app} account may be missing or out of date until IT fixes the " +
      'mapping. Resetting the password will not help.',
    title: 'Several users refused by the app',
    summary:
      "The app refused several users' data the same way (a schema or attribute refusal, a conflict with an " +
      'existing account), or every attempt in the window failed: an attribute mapping, not one person.',
    remedy:
      'Open Applications > Applications > [app] > Provisioning > To App > Attribute Mappings (and Directory > ' +
      'Profile Editor for the app): a required attribute left empty, a value the app refuses, a username format ' +
      `it rejects; an account that already exists in the app is linked by an import. ${RETRY}`,
  },
  PROVISIONING_FAILING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['provisioning-failing'],
    title: 'Provisioning failing',
    summary:
      'Okta failed to provision to the app, for a reason that names none of the known causes (a general ' +
      'failure, a remote query failing): accounts are not created, updated or deactivated.',
    remedy: `${SEARCH} Open Dashboard > Tasks for the app's failed tasks and their message. ${RETRY}`,
  },
  PROVISIONING_LEAVERS_OPEN: {
    owner: 'org',
    layer: 'configuration',
    severity: 'setting',
    alarms: ['provisioning-leavers'],
    title: 'Leavers may still have access',
    summary:
      'Okta failed to deactivate (or, with granular deprovisioning, delete or strip) the account of people ' +
      'unassigned from the app (application.provision.user.deactivate, .delete or .remove_entitlements FAILURE). ' +
      "Okta tries it once and never again (an app's 429 up to 10 times, counted here at the 10th refusal or " +
      "Okta's schedule has run out), so these accounts stay active in the app until someone deactivates them: a " +
      "security finding, counted here with the oldest one's age.",
    remedy:
      'First fix what failed (the credential, the connection). Then deactivate the accounts in the app itself: ' +
      'Dashboard > Tasks lists them as deprovisioning tasks (Reports > System Log, eventType eq ' +
      '"application.provision.user.deactivate" and outcome.result eq "FAILURE", names them). Resolve each task; ' +
      'leavers fixed by hand without marking the task are acknowledged with the CLI (docs/provisioning.md).',
  },
  PROVISIONING_NO_DEACTIVATION: {
    owner: 'org',
    layer: 'configuration',
    severity: 'setting',
    alarms: ['provisioning-leavers'],
    title: 'App never deactivates leavers',
    summary:
      'Okta creates accounts in this app (Create Users) but never deactivates them (no Deactivate Users): every ' +
      'person unassigned (application.user_membership.revoke or .remove) keeps an account until someone removes it ' +
      'by hand.',
    remedy:
      'If the integration supports it, turn on Applications > Applications > [app] > Provisioning > To App > ' +
      'Deactivate Users. Meanwhile deactivate the counted accounts in the app and resolve their deprovisioning ' +
      'tasks on Dashboard > Tasks; acknowledge any fixed by hand with the CLI (docs/provisioning.md).',
  },
  PROVISIONING_STATE_DAMAGED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    title: "Leavers' ledger damaged",
    summary:
      'The leavers kept between runs were read back out of bounds (the field is in the detail): they are not ' +
      'trusted, so open leavers are not known until the ledger is rebuilt.',
    remedy:
      "Restore the state from a backup, or remove it (the CLI's --history folder, the stack's state) to start " +
      "anew: leavers older than the System Log's 90 days are then lost, so check Dashboard > Tasks for the apps' " +
      'deprovisioning tasks.',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
