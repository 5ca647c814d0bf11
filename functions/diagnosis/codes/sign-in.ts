// What each code of the sign-in family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// A synthetic user's sign-in: the user, the policies, the factor, and the ID token the app reads.

/**
 * The synthetic user's own account stopping every sign-in of it, whatever its password (locked, not active, its
 * password expired or never set, no such user): the probe's setup, stopping nobody else.
 */
const CANNOT_SIGN_IN = {
  owner: 'probe',
  layer: 'setup',
  severity: 'alarm',
  subject: 'user',
  password: 'account',
} as const satisfies CodeRow;

export const SIGN_IN_CODES = {
  // A synthetic user's sign-in: the user's, the app's and the policies' settings are the org's.
  SIGN_IN_REJECTED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in'],
    subject: 'user',
    password: 'refused',
    aboutThePassword: true,
    toldByStatus: true,
    title: 'Sign-in rejected',
    summary:
      'Okta refused the synthetic user\'s username and password (401 E0000004 "Authentication failed", ' +
      'invalid_grant at /token, or "Password is incorrect" from the IDX API): a wrong or changed password, ' +
      'an unknown username, or a user that is suspended or deactivated (Okta answers all of them alike, so ' +
      'as not to reveal which users exist; Identity Engine answers a locked-out user so too).',
    remedy:
      'In Directory > People, search for the username: a Suspended user needs More Actions > Unsuspend, a ' +
      'Deactivated one Activate; a Locked out one Unlock. If the user is Active, reset the password (Reset ' +
      "Password) and put the new one in the probe's secret or variable: the probe tries a new secret at its " +
      'next run. It sent the refused password once and never sends it again, in any Lambda sandbox or CLI ' +
      "run (the journey's state keeps its fingerprint), so it spends one of the user's lockout attempts per " +
      'wrong secret; check Reports > System Log (user.session.start, outcome FAILURE) for other attempts.',
  },
  // The synthetic user's own state (its password, lock-out, activation, enrolment): it stops nobody else.
  PASSWORD_EXPIRED: {
    ...CANNOT_SIGN_IN,
    alarms: ['sign-in'],
    aboutThePassword: true,
    title: 'Password expired',
    summary:
      'The synthetic user\'s password is expired (PASSWORD_EXPIRED, "Password has expired." at /token, or ' +
      "the IDX API's change-password form): every sign-in now stops at the change-password step.",
    remedy:
      'Set a new password in Directory > People > [user] > Reset Password (or sign in once and change it), ' +
      "and update the probe's secret. To keep it from recurring, put the user in a group whose password " +
      'policy never expires it: Security > Authentication > Password (Classic) or Security > Authenticators ' +
      '> Password > Actions > Edit (Identity Engine), "Password expires after" 0 days, with the policy ' +
      'ranked above the default.',
  },
  PASSWORD_EXPIRING: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['password-expiry'],
    subject: 'user',
    title: 'Password expiring soon',
    summary:
      "Okta warned that the synthetic user's password expires soon (PASSWORD_WARN, or the IDX API's \"When " +
      'your password expires, you will have to change your password"): the journey still signs in, but it ' +
      'will fail once the password expires.',
    remedy:
      'Change the password before it expires (Directory > People > [user] > Reset Password) and update the ' +
      'probe\'s secret, or exclude the user from expiry: a password policy for its group with "Password ' +
      'expires after" 0 days (Security > Authentication > Password, or Security > Authenticators > Password ' +
      'on Identity Engine). The detail gives the days left.',
  },
  USER_LOCKED_OUT: {
    ...CANNOT_SIGN_IN,
    alarms: ['sign-in'],
    totp: 'blocked',
    aboutThePassword: true,
    title: 'User locked out',
    summary:
      'Okta reports the synthetic user locked out (LOCKED_OUT, E0000069 "User Locked", or from the IDX API ' +
      '"This factor is suspended for your account due to too many failed attempts"): too many failed ' +
      "sign-ins under the password policy's lockout rule.",
    remedy:
      'In Directory > People > [user], click Unlock (Identity Engine: More Actions > Unlock user). Then find ' +
      'who failed to sign in (Reports > System Log, user.account.lock and user.session.start with outcome ' +
      'FAILURE): the probe spends at most two failed attempts per secret it is given, and while the user ' +
      'stays locked out tries once every 30 minutes, so more failures mean several wrong secrets in a row ' +
      '(fix the secret first) or someone else using the account.',
  },
  USER_NOT_ACTIVE: {
    ...CANNOT_SIGN_IN,
    totp: 'blocked',
    title: 'User suspended or deactivated',
    summary:
      "Okta answered the password as a wrong one, but the synthetic user's status (read with " +
      'okta.users.read) is SUSPENDED or DEPROVISIONED: it cannot sign in at all, whatever its password.',
    remedy:
      'In Directory > People > [user]: Unsuspend a suspended user, or Activate a deactivated one (it then ' +
      'needs a new password and its TOTP factor enrolled again, so give the probe the new secret). Find who ' +
      'changed it in Reports > System Log (user.lifecycle.suspend, user.lifecycle.deactivate). The probe ' +
      'tries once every 30 minutes meanwhile, so the fix resumes the journey.',
  },
  USER_NOT_FOUND: {
    ...CANNOT_SIGN_IN,
    alarms: ['sign-in'],
    toldByStatus: true,
    title: 'User not found',
    summary:
      "No user of the org has the synthetic user's username: the Management API answers 404 for GET " +
      '/api/v1/users/{login}, or Identity Engine refuses the username at identify before any password is ' +
      'sent ("Authentication failed", errors.E0000004, as the Sign-In Widget\'s identify-unknown-user mock ' +
      'shows). No password was spent.',
    remedy:
      "Check the username in the config against Directory > People (the user's Username, not its e-mail when " +
      'they differ). If the user was deleted, add it again (Directory > People > Add person), assign it the ' +
      'app, and give the probe its new password and TOTP secret. The probe reads the status with the org ' +
      "server's okta.users.read; a 404 there means the user is missing, never a missing admin role.",
  },
  USER_PASSWORD_NOT_SET: {
    ...CANNOT_SIGN_IN,
    alarms: ['sign-in'],
    title: 'User has no usable password',
    summary:
      "The synthetic user's status (read with okta.users.read) is STAGED (never activated), PROVISIONED " +
      '(activated, password not set yet) or RECOVERY (a password reset in progress: "The user is then not ' +
      'able to sign in ... until they complete the reset flow", the Management API\'s resetPassword): no ' +
      "password can sign it in, so the refusal says nothing of the probe's secret.",
    remedy:
      'In Directory > People > [user]: Activate a STAGED user; for PROVISIONED or RECOVERY, use More Actions ' +
      '> Set password (or Reset password and complete it) with the password the probe holds, then check its ' +
      'status is Active. Find who changed it in Reports > System Log (user.lifecycle.activate, ' +
      'user.account.reset_password). The probe tries once every 30 minutes meanwhile, so the fix resumes the ' +
      'journey without a new secret.',
  },
  MFA_FACTOR_UNAVAILABLE: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in'],
    password: 'blocked',
    title: 'No usable TOTP factor',
    summary:
      'Okta demands MFA for this sign-in, but the probe cannot answer it: the user has no TOTP factor the ' +
      'probe holds the seed of (token:software:totp; on Identity Engine Google Authenticator, or Okta ' +
      'Verify\'s "Enter a code") enrolled or allowed by the policy, only push, SMS, voice or another factor ' +
      'the probe must not use, the probe was given no TOTP secret, or totpAuthenticator names an ' +
      'authenticator Okta does not offer. Only an enrollment that shows the shared secret can hold the ' +
      "probe's seed: Google Authenticator's on either engine, Okta Verify's on Classic only (on Identity " +
      'Engine Okta Verify offers a QR code, SMS or e-mail, and no seed).',
    remedy:
      'Enroll Google Authenticator for the synthetic user (sign in as the user, Settings > Security Methods ' +
      '> Set up, or reset its factors in Directory > People > [user] > More Actions > Reset Multifactor and ' +
      'enroll again), choose "Can\'t scan?" to see the base32 secret, and give it to the probe ' +
      '(totpSecretEnv, or "totpSecret" in its secret). On Identity Engine check Security > Authenticators: ' +
      "Google Authenticator active, and allowed by the app's authentication policy. When the user also has " +
      'Okta Verify, set totpAuthenticator to "google-authenticator" so the probe answers with the ' +
      "authenticator its seed belongs to. If MFA should not be required, check the app's sign-on rules " +
      '(Applications > [app] > Sign On, or Security > Authentication Policies on Identity Engine).',
  },
  MFA_ENROLLMENT_REQUIRED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['sign-in'],
    subject: 'user',
    password: 'blocked',
    title: 'MFA enrollment demanded',
    summary:
      'Okta asks the synthetic user to enroll a factor before signing in (MFA_ENROLL, "The required ' +
      'authenticator cannot be used" for Direct Authentication, or an IDX enrollment form): a factor ' +
      'enrollment policy now requires a factor the user does not have, or its factor was reset.',
    remedy:
      'Enroll the required factor for the user as a TOTP the probe can answer, and give the probe its ' +
      'secret: Google Authenticator (its enrollment shows the base32 secret under "Can\'t scan?"), or on ' +
      "Classic Okta Verify's TOTP; on Identity Engine Okta Verify enrolls by QR code, SMS or e-mail and " +
      'shows no secret, so a user who has Okta Verify also needs Google Authenticator (set totpAuthenticator ' +
      'to "google-authenticator"). Review Security > Multifactor > Factor Enrollment (Classic) or Security > ' +
      "Authenticators > Enrollment (Identity Engine) for the policy that applies to the user's groups, and " +
      'Directory > People > [user] for a factor reset. When the detail says the rule demands a ' +
      'phishing-resistant authenticator, no TOTP satisfies it: enroll a passkey for the synthetic user with ' +
      '`passkey enroll --journey <id>` (it answers that enrollment), and sign the journey in with it ' +
      '("authenticator": "passkey").',
  },
  // The synthetic user's profile lacks a value the org now requires: people with it filled sign in as before.
  PROFILE_UPDATE_REQUIRED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['sign-in'],
    formNotAnswered: true,
    subject: 'user',
    password: 'blocked',
    title: 'Profile update demanded at sign-in',
    summary:
      'Okta asks the synthetic user for profile attributes before it lets the sign-in finish (an IDX ' +
      'profile-update form, "Additional profile information" to the user): a user profile policy\'s ' +
      "enrollment form requires an attribute the user's profile lacks, and progressive profiling (on by " +
      'default) prompts for it. The probe never writes a profile, so the journey stops there; people whose ' +
      'profile lacks the value are asked the same at their next sign-in and can answer it.',
    remedy:
      'Fill in the attributes the detail names on the synthetic user: Directory > People > [user] > Profile > ' +
      'Edit. Then review Security > User Profile Policies > [the policy for the app] > Profile enrollment ' +
      'form: an input set to Required there (or added since the last run) is what Okta asks for, of every ' +
      'user who lacks it. An optional input does not stop the probe: it skips the form as a person may.',
  },
  // A rejected code is the probe's clock or its user's reset factor: the synthetic user's, stopping nobody else.
  TOTP_REJECTED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['sign-in'],
    subject: 'user',
    totp: 'refused',
    title: 'TOTP code rejected',
    summary:
      'Okta refused the probe\'s TOTP code (403 E0000068 "Invalid Passcode/Answer", direct_auth_invalid_otp, ' +
      'or from the IDX API "Your code doesn\'t match our records" or "Invalid code"): the user\'s TOTP ' +
      "factor was reset or re-enrolled with a new secret, the probe's clock is off by more than a step, or " +
      'the user has both Google Authenticator and Okta Verify and the code went to the one whose seed the ' +
      'probe does not hold.',
    remedy:
      'Check the clock first (the clock check of the same run; TOTP allows about 30 s). If the user has both ' +
      "TOTP authenticators, set totpAuthenticator to the one the seed belongs to (the journey's steps name " +
      "the one answered). Otherwise the factor was reset: Directory > People > [user] shows the factor's " +
      'enrollment date; re-enroll TOTP and give the probe the new base32 secret. A code is never sent twice ' +
      'in one 30 s step, but two probes (two regions) signing in as one user within a step collide: give ' +
      'each its own user.',
  },
  // Another sign-in of the same user used the step's code first: the probe's own deployment, or a person.
  TOTP_CODE_REUSED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['sign-in'],
    subject: 'user',
    title: 'TOTP code already used',
    summary:
      'Okta refused the probe\'s TOTP code as one already used ("Each code can only be used once. Please ' +
      'wait for a new code and try again.", authfactor.challenge.soft_token.used_passcode): another sign-in ' +
      'of the same user used the code of this 30-second step first. The seed is right; Okta may still have ' +
      'counted a failed MFA attempt, so the probe backs off 30 minutes before one more code.',
    remedy:
      'Give each journey, and each probe (each region or stack), a synthetic user of its own: two sign-ins ' +
      'of one user within a step collide. Check too that nobody signs in as the synthetic user by hand.',
  },
  SIGN_IN_NOT_ALLOWED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in'],
    password: 'blocked',
    title: 'Sign-in not allowed for the app',
    summary:
      'Okta refused the sign-in itself for this app: a sign-on or authentication policy denies it ' +
      '(direct_auth_policy_denied, password_auth_denied_policy; from the IDX API "You do not have permission ' +
      'to perform the requested action." or "Unable to login to [app] at this time"), or the grant the flow ' +
      'needs is not enabled for the app or the authorization server (unauthorized_client, no matching access ' +
      'policy rule).',
    remedy:
      'For "direct": in Applications > [app] > General > General Settings > Edit > Grant type > Advanced, ' +
      'tick Resource Owner Password and MFA OTP (a Super Admin must), and on a custom server add them to an ' +
      'access policy rule (Security > API > Authorization Servers > [server] > Access Policies > [rule] > ' +
      'Edit > Advanced > Okta direct auth API grants). For "authn", allow Authorization Code on the app. For ' +
      '"idx", open the app\'s authentication policy (Security > Authentication Policies > [policy] > Rules, ' +
      'or Applications > [app] > Sign On > User authentication) for a Deny rule, or a rule whose ' +
      "authenticators the user does not have. Then check the app's sign-on rules (Applications > [app] > " +
      'Sign On, or Security > Authentication Policies) for a Deny rule or a network zone matching the probe.',
  },
  INTERACTION_CODE_NOT_ENABLED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['sign-in'],
    subject: 'app',
    title: 'Interaction Code grant not enabled',
    summary:
      'Okta refused to start the "idx" sign-in: the Interaction Code grant is not enabled for the app ' +
      '(unauthorized_client "The client is not authorized to use the provided grant type"), for the org ' +
      '(access_denied "The requested feature (Interaction Code flow) isn\'t enabled in this environment"), ' +
      "or for the custom authorization server's access policy rule. Users of an embedded Sign-In Widget on " +
      'this app cannot sign in either.',
    remedy:
      'Three switches, in this order (Okta\'s guide "Implement the Interaction Code grant"): the org, ' +
      'Settings > Account > Embedded widget sign-in support > Edit, tick Interaction Code (a Super Admin ' +
      'must; turning it off and on again does not re-enable it on apps and servers); the app, Applications > ' +
      'Applications > [app] > General > General Settings > Edit > Grant type > Advanced, tick Interaction ' +
      'Code; a custom server, Security > API > Authorization Servers > [server] > Access Policies > [rule] > ' +
      'Edit > IF Grant type is > Advanced > Other grants, tick Interaction Code. The app needs nothing else: ' +
      'no password grant.',
  },
  USER_NOT_ASSIGNED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in'],
    subject: 'user',
    password: 'blocked',
    title: 'User not assigned to the app',
    summary:
      'Okta answered "User is not assigned to the client application." (or, from the IDX API, "User is not ' +
      'assigned to this application." or "You are not allowed to access this app. To request access, contact ' +
      'an admin." with a failure redirect): the app is not assigned to the synthetic user (or to a group it ' +
      'is in), so no tokens are issued; users removed from the group fail the same way.',
    remedy:
      'In Applications > Applications > [app] > Assignments, click Assign > Assign to People (or Assign to ' +
      'Groups with a group the user is in) and add the synthetic user. Check whether a group rule or a ' +
      'directory import removed it.',
  },
  // Identity Engine's policies and settings answering as configured: the org's.
  TOTP_SUSPENDED: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['sign-in'],
    subject: 'user',
    password: 'blocked',
    totp: 'blocked',
    title: 'TOTP authenticator suspended',
    summary:
      'Okta suspended the synthetic user\'s TOTP authenticator after too many failed attempts ("This factor ' +
      'is suspended for your account due to too many failed attempts", ' +
      "authfactor.challenge.suspended_factor, on Google Authenticator or Okta Verify's code): the secret " +
      'was not reset, the attempts ran out. Okta locks after 5 failed MFA attempts in a row (on Identity ' +
      'Engine the authenticator, and through the API the account); only a successful MFA resets the count.',
    remedy:
      'Find who failed first: Reports > System Log, eventType eq "user.authentication.auth_via_mfa" with ' +
      'outcome FAILURE for the synthetic user (another probe or region sharing the user, or a person). Then ' +
      'Directory > People > [user]: Unlock the user if it shows Locked out; a suspended authenticator shows ' +
      "user.mfa.factor.suspend in the log and is reactivated from the user's page. Reset the factor (More " +
      'Actions > Reset Multifactor) only if its secret really changed, and give the probe the new one. The ' +
      'probe backs off meanwhile instead of spending more attempts.',
  },
  DEVICE_ASSURANCE_GRACE: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['device-assurance'],
    title: 'Device assurance grace period',
    summary:
      'The synthetic user signs in, but Okta shows the device assurance grace period\'s notice ("Your device ' +
      'doesn\'t meet the security requirements. Fix the issue by {date} to prevent lockout.", ' +
      'idx.device_assurance.grace_period.warning.title.due_by_date): after that date the same policy denies ' +
      'the sign-in (DEVICE_ASSURANCE_DENIED).',
    remedy:
      'Before the date in the detail: in Security > Device assurance policies, find the policy the workforce ' +
      "app's authentication policy rule requires (Security > Authentication Policies > [policy] > [rule] > " +
      "Device assurance policy is) and exclude the synthetic user's group from that rule, or add a rule for " +
      "it above, or lengthen the grace period (the policy's Grace period for non-compliant devices). A probe " +
      'never meets a device posture check.',
  },
  ENROLLMENT_GRACE: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    alarms: ['enrollment-grace'],
    subject: 'user',
    title: 'Authenticator enrollment grace period',
    summary:
      'The synthetic user signs in, but an authenticator enrollment policy asks it to enroll an authenticator and ' +
      'lets it skip only for a grace period: a number of skips ("{0} skips remaining", ' +
      'oie.enrollment.policy.grace.period.required.in.number.of.skips) or a date. The probe skips once a run, so ' +
      "a grace meant for a person's sign-ins over days is spent in minutes; then the enrollment is required and " +
      'the journey fails MFA_ENROLLMENT_REQUIRED. The detail names each authenticator and what is left.',
    remedy:
      'Exclude the synthetic user from the enrollment: in Security > Authenticators > Enrollment, add a policy ' +
      "for the synthetic user's group above the one that asks, with the authenticators the detail names set to " +
      'Optional or Disabled (the user already has its password and TOTP). Or enroll the user in them by hand, ' +
      'where the probe can still answer its own factor. Lengthening the grace only delays the failure: a probe ' +
      'spends one skip a run.',
  },
  DEVICE_ASSURANCE_DENIED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in'],
    password: 'blocked',
    title: 'Device assurance denies the sign-in',
    summary:
      'The app\'s authentication policy requires a device that meets a device assurance policy ("Your device ' +
      'doesn\'t meet the security requirements", idx.error.code.access_denied.device_assurance.*): the probe ' +
      'runs on no managed device, so it can never satisfy that rule. The detail lists what Okta asked the ' +
      'device to change.',
    remedy:
      'Find the rule: Security > Authentication Policies > [the app\'s policy] > the rule whose "Device ' +
      'assurance policy is" condition names a policy (Security > Device Integrations > Device assurance ' +
      'policies lists them; Reports > System Log, eventType eq "policy.evaluate_sign_on" for the synthetic ' +
      'user, names the rule it matched). Exempt the synthetic user: add a rule ranked above it for the ' +
      'synthetic user\'s own group ("User\'s group membership includes" okta-synthetics) with the same ' +
      'authenticators and no device condition, or exclude the user from that rule ("AND User is" > Exclude). ' +
      'People keep the device rule; the journey measures the rest of the sign-in again.',
  },
  CAPTCHA_REQUIRED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in'],
    password: 'blocked',
    title: 'CAPTCHA on the sign-in form',
    summary:
      "Okta's identify form asks for a CAPTCHA (a captchaVerify field, hCaptcha or reCAPTCHA v2): CAPTCHA is " +
      "turned on for the org's sign-in page. A probe cannot solve one, so it sent nothing: neither the " +
      "username nor the password, and the user's lockout count is untouched.",
    remedy:
      'Security > General > CAPTCHA Integration > Edit lists the pages CAPTCHA guards: no setting exempts ' +
      'one user, so either clear the sign-in page there (people then see no CAPTCHA either) or accept that ' +
      'this journey cannot run on this org and monitor the sign-in with another flow ("authn" on an org that ' +
      'still allows the Authentication API). The detail names the CAPTCHA Okta asked for.',
  },
  // A routing rule sends the synthetic user to its identity provider, as it sends people: nobody is blocked, the
  // journey could not judge the sign-in (unjudged: a warning, never a page).
  IDP_ROUTING_REDIRECT: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    password: 'blocked',
    unjudged: true,
    title: 'Identity provider routing sends the user elsewhere',
    summary:
      'Okta sends the synthetic user to an external identity provider instead of asking for its password (an ' +
      'IDX redirect-idp form): an identity provider routing rule matched the user, the app, the network or ' +
      'the device. The probe signs in to Okta only and never follows a redirect off the org, so the journey ' +
      'stops there.',
    remedy:
      'Security > Identity Providers > Routing Rules: add a rule ranked above the one that matched, for the ' +
      'synthetic user ("AND User matches" its login, or its group), with "THEN Use this identity provider" ' +
      'Okta, or narrow the matching rule so it leaves the user out. The detail names the identity provider ' +
      'Okta chose. If people really sign in there, monitor that identity provider itself: this journey ' +
      "measures Okta's own sign-in.",
  },
  SIGN_IN_CONSENT_REQUIRED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in'],
    password: 'blocked',
    title: 'Consent screen in the sign-in',
    summary:
      "Okta asks the synthetic user to consent to the app's scopes before it issues tokens (an IDX consent " +
      'form: "Allow Access" or "Don\'t Allow"): the app, or one of its scopes, requires user consent. The ' +
      "probe never grants a scope on a person's behalf, so the journey stops there; people see the same " +
      'screen at their first sign-in. An admin-consent form means an admin must grant the scopes first.',
    remedy:
      'Sign in once as the synthetic user in a browser and choose Allow Access: Okta keeps the grant ' +
      '(Directory > People > [user] > Applications shows it) and asks no more. If no one should be asked, ' +
      'turn consent off: Applications > [app] > General > User Consent, clear "Require consent", and on a ' +
      'custom server Security > API > Authorization Servers > [server] > Scopes > [scope] > Edit > User ' +
      "consent Implicit. For admin consent, grant the app's scopes: Applications > [app] > Okta API Scopes " +
      '> Grant. The detail names the scopes Okta asked for.',
  },
  // The app's policy and the synthetic user's enrollments: the org's.
  PHISHING_RESISTANCE_REQUIRED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    password: 'blocked',
    title: 'Phishing-resistant authenticator required',
    summary:
      "The app's authentication policy requires a phishing-resistant authenticator (Okta offers only a " +
      'passkey or security key, FIDO2 WebAuthn, or Okta FastPass), and this journey signs in with a TOTP code, ' +
      'which is not one: Okta will never accept it here, whatever the seed. The journey sent nothing past the ' +
      'password; people without a passkey or FastPass are refused the same way (System Log: "Access has been ' +
      "denied because the policy requirements could not be satisfied by the users' current set of available " +
      'authenticator enrollments").',
    remedy:
      "Two ways out. Either exempt the synthetic user: in Security > Authentication Policies > [the app's " +
      'policy], add a rule above the phishing-resistant one for a group holding only the synthetic user, ' +
      'requiring "Password + Another factor" without the Phishing resistant constraint (the probe still ' +
      "proves the app's sign-in works). Or give the journey a passkey: enroll a software passkey for the user " +
      "(the org must offer Passkeys, FIDO2 WebAuthn, to the user's group in Security > Authenticators > " +
      'Enrollment), then set "authenticator": "passkey" and "passkeyFile" on the journey (docs/passkey.md).',
  },
  // The probe's own file or secret.
  PASSKEY_UNAVAILABLE: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'credential',
    factor: 'passkey',
    title: "The journey's passkey cannot be read",
    summary:
      'The journey signs in with a passkey ("authenticator": "passkey"), but its passkey could not be read: ' +
      'the passkeyFile is missing, unreadable or not a passkey file, or the deployed secret has no valid ' +
      '"passkey" member. No request was sent: not the username, not the password, so no lockout attempt is ' +
      'spent while the passkey is missing.',
    remedy:
      'Check the file the detail names (it must hold {"credentialId", "privateKey", "rpId"}, mode 0600), or ' +
      'enroll a new software passkey (docs/passkey.md). Deployed, put ' +
      'the passkey as the "passkey" member of the journey\'s secret in Secrets Manager (docs/passkey.md), ' +
      'beside "password".',
  },
  PASSKEY_REFUSED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    factor: 'passkey',
    totp: 'refused',
    title: "Okta refused the journey's passkey",
    summary:
      "Okta refused the passkey's assertion (the detail quotes Okta's words, e.g. \"None of the WebAuthn " +
      'authenticators the user has enrolled for was able to validate the assertion", ' +
      "authfactor.webauthn.error.assertion_validation_failure), or the probe would not sign for Okta's " +
      'challenge: the passkey is bound to another relying party (enrolled on the okta.com domain and used on ' +
      "a custom domain, or the reverse, and the RP ID's /.well-known/webauthn does not name the org URL among " +
      'its related origins), the authenticator demands user verification the enrollment lacks, or the ' +
      "user's passkey was reset. An assertion Okta refused is not sent again with this passkey: each refusal " +
      'is a failed MFA attempt.',
    remedy:
      "Compare the passkey's rpId (in its file or secret) with the org URL the journey signs in at: sign in " +
      "where it was enrolled, list the org URL among the RP ID's related origins (guides/custom-passkeys), or " +
      'enroll a new passkey there (docs/passkey.md). Check ' +
      'Directory > People > [user] > Security methods for the passkey, and Reports > System Log for the ' +
      "user's user.authentication.auth_via_mfa FAILURE events, whose reason names the check that failed. A " +
      'new passkey (a new credential id) resumes the journey at once.',
  },
  // The app's authentication policy, or the user's enrollments, offer no passkey: the org's.
  PASSKEY_NOT_OFFERED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    factor: 'passkey',
    title: 'Okta offered the passkey journey no passkey',
    summary:
      'The journey signs in with a passkey ("authenticator": "passkey"), but after the password Okta offered ' +
      "no passkey (FIDO2 WebAuthn), only the authenticators the detail names: the app's authentication policy " +
      'does not take a passkey, or the user has none enrolled that Okta accepts. The journey never answers ' +
      'with a TOTP code in its place, even when its secret holds a seed: a sign-in that passed on the old path ' +
      'would say nothing of the passkey.',
    remedy:
      "In Security > Authentication Policies > [the app's policy], check that the rule the synthetic user meets " +
      'allows Passkeys (FIDO2 WebAuthn) among its authenticators (a "Phishing resistant" constraint requires ' +
      'one). In Directory > People > [user] > Security methods, check that the passkey is enrolled; if not, ' +
      'run `passkey enroll` for the journey (docs/passkey.md). The detail lists what Okta offered instead.',
  },
  // A copy of the probe's private key signed elsewhere: the probe's own secret, however it spread.
  PASSKEY_COUNTER_BEHIND: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    subject: 'credential',
    factor: 'passkey',
    totp: 'refused',
    title: 'Passkey refused after a success: possibly a copy used elsewhere',
    summary:
      'Okta accepted this passkey before and refuses it now, while the probe signed exactly as then and its ' +
      "counter only grew. Possibly the org holds a signature counter ahead of the probe's: a copy of the " +
      "passkey's private key signed somewhere else (another probe, another region, a restored backup, or " +
      'someone who has the file). Okta words every refusal alike, so it may also be a rule added since: an ' +
      'AAGUID group or a hardware-protection requirement on the Passkeys authenticator that this software ' +
      'passkey does not meet. The probe fails once and stops: it never retries in a loop, which would be ' +
      'one failed MFA attempt each time.',
    remedy:
      'First look at Security > Authenticators > Passkeys (FIDO2 WebAuthn) for an AAGUID group or hardware ' +
      'protection added since the last success (Reports > System Log shows the change). If none: treat the ' +
      'passkey as exposed: delete it from the user (Directory > People > [user] > Security methods > ' +
      'Passkeys > Remove, or reset its authenticators), find who else holds the file or the secret, then ' +
      'enroll a new one (docs/passkey.md) and give each probe (each region or stack) a ' +
      'synthetic user of its own. Reports > System Log shows where the other signatures came from.',
  },
  // No enrollment offered: the enrollment policy or the promotion, the org's settings.
  PASSKEY_ENROLLMENT_NOT_OFFERED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    factor: 'passkey',
    title: 'Okta offered no passkey enrollment',
    summary:
      'Signed in with the password and TOTP code, the synthetic user was offered no passkey to enroll: the ' +
      "authenticator enrollment policy does not require Passkeys for the user's group, and the passkey promotion is " +
      'off, spent (its skip limit), or the user holds a passkey already. Okta prompts for an optional authenticator ' +
      'only after a required one is enrolled. Nothing was sent to enroll and no passkey file was written.',
    remedy:
      'Either turn on the passkey promotion (Security > Authenticators > Passkeys (FIDO2 WebAuthn): "Prompt users ' +
      'to enroll a passkey", skipCount 0, cooldown BY_SIGN_IN), or add a rule to Security > Authenticators > ' +
      'Enrollment for a group of only the synthetic user with Passkeys (FIDO2 WebAuthn) Required and no grace ' +
      'period. A user who holds a passkey already: remove it first (Directory > People > [user] > Security ' +
      'methods). Then enroll again.',
  },
  PASSKEY_ENROLLMENT_REFUSED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    factor: 'passkey',
    title: 'Okta refused to enroll the passkey',
    summary:
      "Okta was offered the software passkey and refused it: the FIDO2 (WebAuthn) authenticator's AAGUID allowlist " +
      "does not list this authenticator's AAGUID, or the org requires attestation (a certificate) which a " +
      'software authenticator has none of ("none" attestation). Nothing was stored: the passkey file was not ' +
      'written.',
    remedy:
      'In Security > Authenticators > Passkeys (FIDO2 WebAuthn) > Actions > Edit: either remove the AAGUID ' +
      'restriction, or add the AAGUID the detail names to the custom AAGUID list (Actions > AAGUID list > Add ' +
      'custom AAGUID, without an attestation certificate), and do not require attestation. Then enroll again.',
  },
  ID_TOKEN_MISSING_CLAIMS: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in'],
    title: 'ID token lacks a claim the SP reads',
    summary:
      "The synthetic user's ID token lacks a claim the service provider reads (requiredClaims): the SP then " +
      'answers 401 or cannot match the user. In the code flow Okta issues a thin ID token, and /userinfo may ' +
      'hold the claim the token lacks.',
    remedy:
      'On a custom server, open Security > API > Authorization Servers > [server] > Claims and set the claim ' +
      '(e.g. email) to Include in token type "ID Token" with "Always" (not only at /userinfo), or add a ' +
      'custom claim with that name; check with the Token Preview tab for this app and user. On the Org ' +
      'server, request the scope that carries it (email, profile) or map it in Directory > Profile Editor. ' +
      'The detail says whether /userinfo had it.',
  },
  ID_TOKEN_AUDIENCE_MISMATCH: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in'],
    title: "ID token audience not the SP's",
    summary:
      "The synthetic user's ID token has an aud other than the one the service provider expects (its client " +
      'id, or the configured audience): the SP rejects it as meant for another app.',
    remedy:
      "An ID token's aud is always the client id of the app that asked for it: make the SP validate against " +
      "Applications > [app] > General > Client ID, or point the SP (and the probe's clientId) at the app its " +
      "users sign in to. If a proxy or an IdP routing rule sends users through another app, fix that app's " +
      'assignment instead.',
  },
  // A nonce that does not match is Okta answering another request: Okta's.
  ID_TOKEN_NONCE_MISMATCH: {
    owner: 'okta',
    layer: 'service',
    severity: 'alarm',
    title: 'ID token nonce mismatch',
    summary:
      "The ID token's nonce is not the one this sign-in sent: the token belongs to another transaction (a " +
      "replay, or a cache or proxy answering with someone else's token).",
    remedy:
      'Okta echoes the nonce of the /authorize request it answers, so look for what stands between the probe ' +
      'and Okta (a caching proxy, a gateway rewriting /authorize or /token). If the answer came from Okta ' +
      'directly, open a case with Okta Support quoting the X-Okta-Request-Id.',
  },
  // The hosted page's customization (CSP, script, style) is the org's; Okta's own assets failing are said in the
  // detail, and the status feed speaks for an Okta outage. A browser that would not start is the probe's.
  SIGN_IN_PAGE_CSP_BLOCKED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in-widget'],
    hostedPage: {},
    title: "The sign-in page's Content Security Policy blocks what it needs",
    summary:
      "The browser refused a script, style or request of the org's hosted sign-in page because the page's " +
      'Content Security Policy does not allow its origin, and the widget could not be used. The API journeys ' +
      "may pass: Okta's APIs answer, people cannot sign in on the page.",
    remedy:
      'Customizations > Brands > (the brand) > Settings > Content Security Policy: add the blocked origin the ' +
      'detail names as a trusted origin, or serve the resource from an origin already allowed; then load ' +
      'https://<org>/ in a browser with its developer console open.',
  },
  SIGN_IN_PAGE_SCRIPT_ERROR: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in-widget'],
    hostedPage: {},
    title: 'A script of the sign-in page throws',
    summary:
      "An uncaught error in the hosted sign-in page's JavaScript stopped the Sign-In Widget from being used, " +
      'often custom code calling a Classic Engine widget API that the Identity Engine widget no longer has.',
    remedy:
      'Customizations > Brands > (the brand) > Pages > Sign-in page > Code editor: fix or remove the code the ' +
      'detail names (its message and script), or revert to the default page; custom code written for the ' +
      "Classic widget needs the Identity Engine widget's APIs (developer.okta.com, oie-upgrade-sign-in-widget).",
  },
  SIGN_IN_PAGE_ASSET_FAILED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in-widget'],
    hostedPage: { oktaAsset: 'okta' },
    title: 'An asset of the sign-in page fails to load',
    summary:
      'A script or stylesheet of the hosted sign-in page answered an error or never arrived, and the widget ' +
      'could not be used: a pinned widget version, a custom asset moved, or a CDN failing.',
    remedy:
      'Customizations > Brands > (the brand) > Pages > Sign-in page > Settings: check the Sign-In Widget ' +
      "version pinned, and the URLs of custom assets the detail names. An asset of Okta's CDN failing while " +
      "the org's pin is right is Okta's: check https://status.okta.com.",
  },
  SIGN_IN_PAGE_FORM_BLOCKED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    hostedPage: {},
    title: 'A person cannot complete the sign-in form',
    summary:
      'The Sign-In Widget rendered, but a field it needs is missing, or its button is hidden or covered, so a ' +
      "person cannot go on: often a style override written for the Classic widget's DOM.",
    remedy:
      'Customizations > Brands > (the brand) > Pages > Sign-in page > Code editor: remove or fix the CSS that ' +
      'hides or covers the element the detail names, then sign in at https://<org>/ to check.',
  },
  // One run past the budget warns (sign-in-widget's CheckSuccess, the finding's severity); most of the last hour's
  // runs past it page (the SignInPageRenderPercent alarm): a busy host renders one page late, people still sign in.
  SIGN_IN_PAGE_SLOW: {
    owner: 'org',
    layer: 'configuration',
    severity: 'per finding',
    alarms: ['sign-in-widget', 'sign-in-page-slow'],
    hostedPage: {},
    title: 'The sign-in page renders past its budget',
    summary:
      'The synthetic user signed in, but the Sign-In Widget took longer to render than its budget (4 seconds ' +
      'unless the journey sets renderBudgetSeconds): people wait on a blank page first.',
    remedy:
      'Load https://<org>/ in a browser with its network panel open: look for slow custom scripts, styles or ' +
      "fonts of the page, and the widget's own assets; if Okta's CDN is slow, check https://status.okta.com. " +
      "If people accept the page's wait, raise the journey's renderBudgetSeconds.",
  },
  SIGN_IN_PAGE_BLANK: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    hostedPage: {},
    title: 'The sign-in page is blank',
    summary:
      'The hosted sign-in page loaded and stopped working (nothing in flight, its DOM read again), but the ' +
      'Sign-In Widget never rendered and the browser reported no blocked resource, script error or failed asset ' +
      'that explains it.',
    remedy:
      'Load https://<org>/ in a browser with its developer console open; Customizations > Brands > (the brand) ' +
      "> Pages > Sign-in page: check the page's HTML still renders the widget, or revert to the default page.",
  },
  // Told only after the walk's whole patience (render-wait.ts): a busy host that renders late is SIGN_IN_PAGE_SLOW.
  SIGN_IN_PAGE_STALLED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    hostedPage: {},
    title: 'The sign-in page waits for a request that never answers',
    summary:
      'The hosted sign-in page loaded, but the Sign-In Widget never rendered: the page was still waiting for ' +
      "requests that never answered, each named with its type and whether the browser held the page's rendering " +
      "for it (a script or stylesheet in the page's head), while no blocked resource, script error or failed asset " +
      'explained it.',
    remedy:
      'Load https://<org>/ in a browser with its network panel open and find the requests the detail names: a ' +
      'custom script, stylesheet or font of the page (Customizations > Brands > (the brand) > Pages > Sign-in page) ' +
      "on a host that does not answer is the org's to fix, remove or load async; Okta's CDN not answering is " +
      "Okta's: check https://status.okta.com.",
  },
  SIGN_IN_PAGE_REDIRECTED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    hostedPage: {},
    title: 'The sign-in page went somewhere else',
    summary:
      "The browser left the org's hosted sign-in page for an origin that is not the org's or its custom domain, " +
      "or the app's redirect URI; the probe never follows it.",
    remedy:
      "Customizations > Brands > (the brand) > Pages > Sign-in page: check the page's code for a redirect, and " +
      'Security > Identity Providers > Routing Rules for a rule that sends the synthetic user away.',
  },
  // The org's bot protection (its CAPTCHA, or a challenge in front of its custom domain) covering the synthetic user:
  // its settings, which the org can change; the journey stops, as the idx journey does at CAPTCHA_REQUIRED.
  SIGN_IN_PAGE_CAPTCHA: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    hostedPage: {},
    password: 'blocked',
    title: "The sign-in page's bot protection challenges the synthetic user",
    summary:
      'The hosted sign-in page showed a CAPTCHA challenge (hCaptcha, reCAPTCHA, or a challenge in front of the ' +
      "custom domain) to the synthetic user, and the walk stopped there: the org's bot protection takes the probe " +
      'for a bot, as it is. People who pass its risk analysis sign in; the page was not checked past it.',
    remedy:
      "Okta's CAPTCHA integration is invisible until the provider's risk analysis asks for a challenge, and that " +
      "analysis follows the settings configured with the provider (Okta's CAPTCHAs API reference): exempt the " +
      "probe's egress address (the NAT address of the probe's VPC) in the provider's console (hCaptcha's or " +
      "Google's), or in the firewall or CDN in front of the custom domain the detail names. Security > General > " +
      'CAPTCHA Integration exempts no single user: clearing the sign-in page there removes the CAPTCHA for ' +
      'everyone. The detail names the challenge frame.',
  },
  // The page's own integrity hash against the file served: the page's pin, unless the file was rewritten on its way.
  SIGN_IN_PAGE_INTEGRITY_FAILED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in-widget'],
    hostedPage: {},
    title: "A script of the sign-in page is refused by the page's own integrity hash",
    summary:
      'The browser refused a script or stylesheet of the hosted sign-in page because its content does not match ' +
      'the integrity hash the page gives it (Subresource Integrity), so the widget could not be used. Every ' +
      "person's browser refuses it alike: the page's hash is stale (a widget version changed under a pinned " +
      'hash, or custom code pins the hash of another file), or something between the browser and the file ' +
      'rewrote it.',
    remedy:
      'Customizations > Brands > (the brand) > Pages > Sign-in page > Code editor: make the integrity attribute ' +
      "of the file the detail names match the file served (the Sign-In Widget's published hash for the pinned " +
      'version, or the custom asset as it now is), or remove the attribute from custom code. If the page is ' +
      "Okta's default and the hash is Okta's, check for a proxy or security product rewriting scripts on the " +
      "probe's network before opening a case with Okta Support.",
  },
  // The widget version the admin pinned: the org's setting, warned of by its own check (sign-in-widget), never a page.
  SIGN_IN_WIDGET_OUTDATED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['sign-in-widget'],
    title: 'The sign-in page pins an old Sign-In Widget',
    summary:
      'The synthetic user signed in through the hosted sign-in page, but the page loaded a Sign-In Widget of an ' +
      "older major version than the newest the widget's documentation names: the admin pinned it, and Okta " +
      'recommends the highest major version and the latest minor version.',
    remedy:
      'Customizations > Brands > (the brand) > Pages > Sign-in page > Configure: in the Okta Sign-In Widget ' +
      'Version section, click Edit, select the highest Major Version and the latest Minor Version, and Save. Then ' +
      "test the page's sign-in, sign-up and recovery flows and its custom CSS and JavaScript against the new version.",
  },
  // No Chromium, a /tmp that would not take it, a Chromium that crashed or stalled (an action the page did nothing to
  // block, left undone on a busy host): our machinery judged nothing of the page. A warning of ours, never a page
  // (unjudged: no CheckSuccess is published for it).
  BROWSER_UNAVAILABLE: {
    owner: 'probe',
    layer: 'setup',
    severity: 'alarm',
    unjudged: true,
    title: 'No browser to load the sign-in page',
    summary:
      'The "browser" journey needs Chromium, and none was found, it would not start (no room in /tmp to unpack ' +
      'it), it crashed, or it stalled (a field or button the page showed usable was not typed into or clicked ' +
      'within two steps): the sign-in page was not loaded or not judged, which says nothing about the org. A ' +
      'warning of ours, never a page.',
    remedy:
      'Install Chromium where the probe runs (apt-get install chromium), or set OKTA_SYNTHETICS_CHROMIUM to ' +
      "its executable; in Lambda, give the browser function's ephemeral storage room for Chromium. A stall: run " +
      'the CLI on a host less busy, or raise timeoutMs (each step of the page waits that long). The detail says ' +
      'which.',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
