// What each code of the access family means (registry.ts, CodeRow in code-row.ts): whose it is, its layer, how its
// severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// A row of accessAssertions against Okta's policy simulation (okta-developer-docs guides/policy-simulation: the Access
// Testing Tool's API, POST /api/v1/policies/simulate) and the action of the rule it matched (GET
// /api/v1/policies/{policyId}/rules/{ruleId}). A simulation declares the device and the risk it evaluates: it never
// observes them, so every finding says what was declared. Nothing signs in and no user is touched.

/** Where an admin sees what the simulation saw, by hand. */
const TOOL = 'Reports > Access testing tool';
/** Where an app's authentication policy and its rules are edited. */
const POLICIES = 'Security > Authentication Policies';

export const ACCESS_CODES = {
  // The security finding: a weaker outcome than asserted. Its own alarm (access-weakened), paging by default.
  ACCESS_WEAKENED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['access-weakened'],
    title: 'Access weakened',
    summary:
      'Okta would now give this row less protection than asserted: fewer factors, phishing resistance dropped, or ' +
      'ALLOW where DENY was expected. No journey notices: the synthetic user still signs in. The simulation ' +
      'declares the device and risk of the row; it does not observe them.',
    remedy:
      `Open ${POLICIES}, find the policy and rule named in the detail, and compare them with the row: a rule edited, ` +
      `reordered above the one expected, or the app moved to another policy. Check who changed it in Reports > ` +
      `System Log (policy.lifecycle.update, policy.rule.update, application.policy.sign_on.update). Confirm with ` +
      `${TOOL}. If the change was meant, update the row.`,
  },
  ACCESS_STRONGER: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['access-assertion'],
    title: 'Access stronger than asserted',
    summary:
      'Okta would now ask this row for more than asserted (more factors, phishing resistance, or DENY where ALLOW ' +
      'was expected): no weaker, but not what the row says, and people may be stopped. The simulation declares the ' +
      'device and risk of the row; it does not observe them.',
    remedy:
      `Open ${POLICIES} for the policy and rule named in the detail; if the change was meant, update the row's ` +
      `"expect"; else restore the rule. ${TOOL} shows the same evaluation by hand.`,
  },
  ACCESS_CHANGED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['access-assertion'],
    title: 'Access matched elsewhere',
    summary:
      'Okta now matches this row to another policy or rule than asserted, with no weaker access or factors among ' +
      'what the row asserts: an app moved to another policy, or two rules reordered. The simulation declares the ' +
      'device and risk of the row; it does not observe them.',
    remedy:
      `Open ${POLICIES} and compare the policy and rule named in the detail with the row's; check the app's ` +
      `Sign On tab (User authentication > Authentication policy). If the change was meant, update the row.`,
  },
  // Okta refused the row's own values (an app, a user, a group or a zone it does not know, a group not assigned to
  // the app): "Api validation failed" (E0000001) in the guide's second example.
  ACCESS_ROW_REFUSED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    // The rows' ids: in a Preview org, Production's ids as written, which it may not have.
    subject: 'ids',
    alarms: ['access-assertion'],
    title: 'Access assertion refused by Okta',
    summary:
      'Okta refused to simulate the rows: a row names an app, user, group or network zone Okta does not know, or a ' +
      'group not assigned to the app. No row is judged this run.',
    remedy:
      "Check each row's ids against the Admin Console (Applications > Applications, Directory > People, Directory > " +
      "Groups, Security > Networks) and the app's Assignments; the detail gives Okta's words. Then run " +
      '"okta-synthetics plan" again.',
  },
  // Our monitoring's setup: the scope or the admin role of the "org" server's app.
  ACCESS_NOT_PERMITTED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'grant',
    alarms: ['access-assertion'],
    refusal: 'scope',
    title: 'Policy simulation not permitted',
    summary:
      "Okta refused the simulation to the monitoring's own app: okta.policies.read is not granted to it, or it has " +
      "no admin role that reads policies. Our setup, not the org's access: nothing is known of the rows this run.",
    remedy:
      'Grant okta.policies.read to the API Services app of the "org" server (Applications > Applications > [app] > ' +
      'Okta API Scopes) and give the app an admin role that reads policies (Security > Administrators > Roles: ' +
      'Read-only Administrator). Never a Super Administrator for a monitoring key.',
  },
  ACCESS_UNREAD: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['access-assertion'],
    title: 'Access assertions not read',
    summary:
      'The simulation or a matched rule could not be read: throttled, no answer in time, or an answer the probe ' +
      'cannot read. Nothing is known of the rows it concerns this run.',
    remedy:
      'Read the detail: a throttled Policy API bucket (Reports > Rate Limits), a timeout, or an answer the probe ' +
      'does not read (Okta marks policy simulation LIMITED_GA: its shape may change; report it with the request id).',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
