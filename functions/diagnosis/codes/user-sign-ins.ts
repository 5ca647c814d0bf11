// What each code of the user-sign-ins family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// Real users' sign-ins as Okta's System Log records them (the user-sign-ins check): an app, a factor or a federated
// IdP that people cannot get through, and one user failing again and again, which is never an app's failure.

const SEARCH =
  'In Reports > System Log, search the event types in the detail for the last 15 minutes (outcome.result eq ' +
  '"FAILURE" or "DENY") and open a few: Outcome > Reason and the Debug Context say which rule, zone or factor refused.';

export const USER_SIGN_INS_CODES = {
  // Real users refused by the org's policies, zones, factors and IdPs: the org's settings or its vendors', never
  // counted as Okta's downtime (an Okta outage shows in the synthetic checks).
  USER_SIGN_INS_APP_FAILING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['user-sign-ins'],
    title: 'People cannot sign in to an app',
    summary:
      "Okta's System Log shows a share of the distinct people who tried to sign in to this app (or to Okta " +
      'itself) at or above the failure-rate threshold who never got in during the window (user.authentication.sso ' +
      'FAILURE, policy.evaluate_sign_on DENY, user.session.start FAILURE), while the synthetic users may be fine: ' +
      "the app's sign-on policy, a network zone, its federation or its own settings refuse real users.",
    remedy:
      'Read the top reasons in the detail. A sign-on policy DENY: Applications > Applications > [app] > Sign On > ' +
      'User authentication (the authentication policy and its rules, Security > Authentication Policies), and any ' +
      'rule changed lately (Reports > System Log, eventType sw "policy.rule."). A network zone: Security > ' +
      'Networks (a zone or blocklist that now matches your offices or VPN egress). Otherwise Applications > ' +
      `Applications > [app] > Sign On (certificate, ACS URL) and Assignments. ${SEARCH}`,
  },
  USER_SIGN_INS_FACTOR_FAILING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['user-sign-ins'],
    title: 'An MFA factor is failing',
    summary:
      "Okta's System Log shows a share of the distinct people verifying with this factor " +
      '(user.authentication.auth_via_mfa, the factor named by its debugData) at or above the threshold who ' +
      "never verified during the window: the factor's provider (Okta Verify push, SMS or voice delivery, a " +
      'third-party MFA such as Duo or RSA) is failing, not one app.',
    remedy:
      'Check the provider: status.okta.com for Okta Verify push and telephony, the vendor for a third-party factor ' +
      '(Security > Authenticators > [authenticator] > Actions > Edit: its integration settings and keys). Tell the ' +
      `help desk which factor fails, and offer users another enrolled authenticator meanwhile. ${SEARCH}`,
  },
  USER_SIGN_INS_IDP_FAILING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['user-sign-ins', 'user-sign-ins-drop'],
    title: 'A federated IdP is failing',
    summary:
      "Okta's System Log shows a share of the distinct people signing in through this identity provider " +
      '(user.authentication.auth_via_IDP, auth_via_social or auth_via_inbound_SAML) at or above the threshold ' +
      "who never got in during the window: the IdP, its signing certificate or Okta's settings for it refuse them.",
    remedy:
      'Open Security > Identity Providers > [the IdP]: check its signing certificate (expired or rotated by the ' +
      "IdP's owner), its issuer and endpoints, and its routing rule (Security > Identity Providers > Routing " +
      `rules). Ask the IdP's owner whether it is up. ${SEARCH}`,
  },
  USER_SIGN_INS_ONE_USER: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['user-sign-ins'],
    caller: 'One person keeps failing to sign in: their account or device needs IT, not a wider fix.',
    title: 'One user is failing again and again',
    summary:
      'One user failed to sign in many times in the window (the count is in the detail): counted as one person, ' +
      'so the app stays healthy. It is a forgotten password, a device or script retrying old credentials, or a ' +
      'password-spraying attempt at one account.',
    remedy:
      'Find the user in Reports > System Log (the app and event types in the detail, outcome FAILURE) and ' +
      'Directory > People > [user]: reset the password or clear the stale credential on their device or script; ' +
      'if the attempts come from unknown IPs, suspend the user and add the IPs to a blocklist zone (Security > ' +
      'Networks).',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
