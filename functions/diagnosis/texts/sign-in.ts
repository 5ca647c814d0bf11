// A synthetic user's sign-in (issue 18): the user, the policies, the factor, and the ID token the app reads.
import type { DiagnosisTexts } from '../text';

export const SIGN_IN_TEXTS = {
  SIGN_IN_REJECTED: {
    title: 'Sign-in rejected',
    summary: 'Okta refused the synthetic user\'s username and password (401 E0000004 "Authentication failed", or invalid_grant at /token): a wrong or changed password, an unknown username, or a user that is suspended or deactivated (Okta answers all of them alike, so as not to reveal which users exist).',
    remedy:
      'In Directory > People, search for the username: a Suspended user needs More Actions > Unsuspend, a Deactivated one Activate; a Locked out one Unlock. If the user is Active, reset the password (Reset Password) and put the new one in the probe\'s secret or variable: the probe tries a new secret at its next run. It sent the refused password once and never sends it again, in any Lambda sandbox or CLI run (the journey\'s state keeps its fingerprint), so it spends one of the user\'s lockout attempts per wrong secret; check Reports > System Log (user.session.start, outcome FAILURE) for other attempts.',
  },
  PASSWORD_EXPIRED: {
    title: 'Password expired',
    summary: 'The synthetic user\'s password is expired (PASSWORD_EXPIRED, or "Password has expired." at /token): every sign-in now stops at the change-password step.',
    remedy:
      'Set a new password in Directory > People > [user] > Reset Password (or sign in once and change it), and update the probe\'s secret. To keep it from recurring, put the user in a group whose password policy never expires it: Security > Authentication > Password (Classic) or Security > Authenticators > Password > Actions > Edit (Identity Engine), "Password expires after" 0 days, with the policy ranked above the default.',
  },
  PASSWORD_EXPIRING: {
    title: 'Password expiring soon',
    summary: 'Okta warned that the synthetic user\'s password expires soon (PASSWORD_WARN): the journey still signs in, but it will fail once the password expires.',
    remedy:
      'Change the password before it expires (Directory > People > [user] > Reset Password) and update the probe\'s secret, or exclude the user from expiry: a password policy for its group with "Password expires after" 0 days (Security > Authentication > Password, or Security > Authenticators > Password on Identity Engine). The detail gives the days left.',
  },
  USER_LOCKED_OUT: {
    title: 'User locked out',
    summary: 'Okta reports the synthetic user locked out (LOCKED_OUT, or E0000069 "User Locked"): too many failed sign-ins under the password policy\'s lockout rule.',
    remedy:
      'In Directory > People > [user], click Unlock (Identity Engine: More Actions > Unlock user). Then find who failed to sign in (Reports > System Log, user.account.lock and user.session.start with outcome FAILURE): the probe spends at most two failed attempts per secret it is given, and while the user stays locked out tries once every 30 minutes, so more failures mean several wrong secrets in a row (fix the secret first) or someone else using the account.',
  },
  MFA_FACTOR_UNAVAILABLE: {
    title: 'No usable TOTP factor',
    summary: 'Okta demands MFA for this sign-in, but the probe cannot answer it: the user has no TOTP factor (token:software:totp) enrolled, only push or another factor the probe cannot use, or the probe was given no TOTP secret.',
    remedy:
      'Enroll a TOTP factor for the synthetic user (Okta Verify or Google Authenticator: sign in as the user, Settings > Security Methods, or reset its factors in Directory > People > [user] > More Actions > Reset Multifactor and enroll again), keep the base32 secret shown under "Can\'t scan?", and give it to the probe (totpSecretEnv, or "totpSecret" in its secret). If MFA should not be required, check the app\'s sign-on rules (Applications > [app] > Sign On, or Security > Authentication Policies on Identity Engine).',
  },
  MFA_ENROLLMENT_REQUIRED: {
    title: 'MFA enrollment demanded',
    summary: 'Okta asks the synthetic user to enroll a factor before signing in (MFA_ENROLL, or "The required authenticator cannot be used" for Direct Authentication): a factor enrollment policy now requires a factor the user does not have, or its factor was reset.',
    remedy:
      'Enroll the required factor for the user (TOTP, so the probe can answer it) and give the probe its secret. Review Security > Multifactor > Factor Enrollment (Classic) or Security > Authenticators > Enrollment (Identity Engine) for the policy that applies to the user\'s groups, and Directory > People > [user] for a factor reset.',
  },
  TOTP_REJECTED: {
    title: 'TOTP code rejected',
    summary: 'Okta refused the probe\'s TOTP code (403 E0000068 "Invalid Passcode/Answer", or direct_auth_invalid_otp): the user\'s TOTP factor was reset or re-enrolled with a new secret, or the probe\'s clock is off by more than a step.',
    remedy:
      'Check the clock first (the clock check of the same run; TOTP allows about 30 s). If it is right, the factor was reset: Directory > People > [user] shows the factor\'s enrollment date; re-enroll TOTP and give the probe the new base32 secret. A code is never sent twice in one 30 s step, but two probes (two regions) signing in as one user within a step collide: give each its own user.',
  },
  SIGN_IN_NOT_ALLOWED: {
    title: 'Sign-in not allowed for the app',
    summary: 'Okta refused the sign-in itself for this app: a sign-on or authentication policy denies it (direct_auth_policy_denied, password_auth_denied_policy), or the grant the flow needs is not enabled for the app or the authorization server (unauthorized_client, no matching access policy rule).',
    remedy:
      'For "direct": in Applications > [app] > General > General Settings > Edit > Grant type > Advanced, tick Resource Owner Password and MFA OTP (a Super Admin must), and on a custom server add them to an access policy rule (Security > API > Authorization Servers > [server] > Access Policies > [rule] > Edit > Advanced > Okta direct auth API grants). For "authn", allow Authorization Code on the app. Then check the app\'s sign-on rules (Applications > [app] > Sign On, or Security > Authentication Policies) for a Deny rule or a network zone matching the probe.',
  },
  USER_NOT_ASSIGNED: {
    title: 'User not assigned to the app',
    summary: 'Okta answered "User is not assigned to the client application.": the synthetic user signed in, but the app is not assigned to it (or to a group it is in), so no tokens are issued; users removed from the group fail the same way.',
    remedy:
      'In Applications > Applications > [app] > Assignments, click Assign > Assign to People (or Assign to Groups with a group the user is in) and add the synthetic user. Check whether a group rule or a directory import removed it.',
  },
  ID_TOKEN_MISSING_CLAIMS: {
    title: 'ID token lacks a claim the SP reads',
    summary: 'The synthetic user\'s ID token lacks a claim the service provider reads (requiredClaims): the SP then answers 401 or cannot match the user. In the code flow Okta issues a thin ID token, and /userinfo may hold the claim the token lacks.',
    remedy:
      'On a custom server, open Security > API > Authorization Servers > [server] > Claims and set the claim (e.g. email) to Include in token type "ID Token" with "Always" (not only at /userinfo), or add a custom claim with that name; check with the Token Preview tab for this app and user. On the Org server, request the scope that carries it (email, profile) or map it in Directory > Profile Editor. The detail says whether /userinfo had it.',
  },
  ID_TOKEN_AUDIENCE_MISMATCH: {
    title: 'ID token audience not the SP\'s',
    summary: 'The synthetic user\'s ID token has an aud other than the one the service provider expects (its client id, or the configured audience): the SP rejects it as meant for another app.',
    remedy:
      'An ID token\'s aud is always the client id of the app that asked for it: make the SP validate against Applications > [app] > General > Client ID, or point the SP (and the probe\'s clientId) at the app its users sign in to. If a proxy or an IdP routing rule sends users through another app, fix that app\'s assignment instead.',
  },
  ID_TOKEN_NONCE_MISMATCH: {
    title: 'ID token nonce mismatch',
    summary: 'The ID token\'s nonce is not the one this sign-in sent: the token belongs to another transaction (a replay, or a cache or proxy answering with someone else\'s token).',
    remedy:
      'Okta echoes the nonce of the /authorize request it answers, so look for what stands between the probe and Okta (a caching proxy, a gateway rewriting /authorize or /token). If the answer came from Okta directly, open a case with Okta Support quoting the X-Okta-Request-Id.',
  },
} satisfies DiagnosisTexts;
