// What each code of the integrations family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// The org's own integrations on the sign-in path, as the System Log tells them: inline hooks, SMS and voice, e-mail,
// imports, group and policy rules, Workflows' step limit. Okta tells only the administrators who open the log ("Who
// can see this error? Administrators": okta-developer-docs concepts/inline-hooks). The detail names the hook, the
// provider, the app or the rule and counts; never a person, a phone number, an address or Okta's text. What a failed
// hook does is Okta's: a password import hook stops the sign-in, a registration hook denies the sign-up, a token or
// SAML hook lets the token or assertion go without its claims, a telephony hook falls back to Okta's own providers,
// which are "heavily rate limited" (help.okta.com telephony-inline-hook).

const HOOKS = 'Workflow > Inline Hooks';

const HOOK_LOG =
  'Reports > System Log, eventType eq "inline_hook.executed", shows each failure with its error for the hook.';

export const INTEGRATIONS_CODES = {
  INTEGRATION_HOOK_BLOCKING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-paging'],
    title: 'An inline hook stops sign-in or sign-up',
    summary:
      "A password import or registration inline hook is failing (timing out after Okta's 3 seconds, answering an " +
      'error, or an answer Okta cannot process): Okta stops the flow, so people whose password is imported cannot ' +
      'sign in, or people cannot register. Only administrators see the error.',
    remedy:
      `Check the hook's service named in the detail (its logs, its certificate, that it answers within 3 seconds) ` +
      `and its URL in ${HOOKS} > [hook]. ${HOOK_LOG}`,
  },
  INTEGRATION_HOOK_CLAIMS_MISSING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'Tokens issued without the hook’s claims',
    summary:
      'A token or SAML inline hook is failing: Okta still issues the token or assertion, without the claims or ' +
      'attributes the hook adds, so apps that need them refuse the user or fall back to a default role.',
    remedy:
      `Check the hook's service named in the detail and its URL in ${HOOKS} > [hook]. List the claims the hook ` +
      'adds in the server\'s "requiredClaims" in this config, so the token check itself fails when they are ' +
      `missing. ${HOOK_LOG}`,
  },
  INTEGRATION_HOOK_FAILING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'An inline hook is failing',
    summary:
      'An inline hook (a user import or telephony hook, or a type this version does not know) is failing: Okta ' +
      "goes on without its answer (an import without the hook's changes, an SMS through Okta's own providers).",
    remedy: `Check the hook's service named in the detail and its URL in ${HOOKS} > [hook]. ${HOOK_LOG}`,
  },
  INTEGRATION_TELEPHONY_FAILOVER: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'SMS and calls fail over to Okta',
    summary:
      "A share of SMS and voice sends went through Okta's own providers because the org's telephony hook failed: " +
      'that fallback is heavily rate limited, so MFA and recovery by phone fail for people once it is exhausted.',
    remedy:
      `Check the telephony hook in ${HOOKS} (its service, its provider's account and balance, that it answers ` +
      'within 3 seconds). Reports > System Log, eventType sw "system.sms.send_", shows is_sms_hook_failover.',
  },
  INTEGRATION_TELEPHONY_FAILING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'per finding',
    alarms: ['integrations-paging', 'integrations-warning'],
    title: 'SMS or calls not delivered',
    summary:
      'A telephony provider reports a share of the SMS or calls sent through it as failed (provider_status "Sms ' +
      'Failed", "Call Failed"): people waiting for a code by phone do not get it. It pages when most sends fail. ' +
      'A send Okta blocked itself (outcome DENY) is counted apart, never as the provider failing.',
    remedy:
      "Check the provider named in the detail: its status page, the org's account and sender numbers there, and " +
      `the telephony hook in ${HOOKS}. Reports > System Log, eventType eq "system.sms.receive_status", shows each ` +
      'delivery with its provider status; offer another factor in Security > Authenticators meanwhile.',
  },
  // Okta's own protection refusing the org's sends (outcome DENY): no provider's fault, but people get no code. Okta's
  // release notes name three causes: telephony rate limits (2022.06.0, events now DENY rather than
  // system.operation.rate_limit.violation), countries at risk of toll fraud (2022.10.0) and an abuse-detection model
  // (2023.01.0). None is a setting of the org, so the remedy names none: only Okta's advice against toll fraud.
  INTEGRATION_TELEPHONY_BLOCKED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'Okta blocked SMS or calls itself',
    summary:
      "Okta refused a share of the SMS or voice sends itself (outcome DENY): Okta's own protection, not a provider " +
      "and not a setting of the org. Okta's release notes name its causes: sends past its telephony rate limits " +
      '(2022.06.0), traffic to countries at risk of toll fraud (2022.10.0), and requests its toll-fraud and ' +
      'abuse-detection model finds unusual (2023.01.0). No provider was asked, but the people those sends were ' +
      'for got no code. A burst of sign-ups or resets to premium numbers (an SMS pumping attack) causes it.',
    remedy:
      'Reports > System Log, eventType sw "system.sms.send_" or "system.voice.send_" with outcome DENY, shows the ' +
      "numbers and countries Okta refused. If they are not your users', the sends are an attack on sign-up or " +
      'recovery: put a CAPTCHA in front of both (Identity Engine integrates hCaptcha and reCAPTCHA v2), as Okta ' +
      "advises against toll fraud. If they are your users', offer them another authenticator in Security > " +
      'Authenticators (Okta recommends an authenticator app, e-mail or FIDO2 over phone codes), and give Okta ' +
      'Support the refused events: only Okta can say why its protection refused them.',
  },
  INTEGRATION_SMTP_REFUSING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-paging'],
    title: "The org's SMTP server refuses Okta",
    summary:
      "Okta's mail to the org's own SMTP server is refused (byo_email_server_error_response): every activation, " +
      'password recovery and e-mail code fails for everyone until it accepts mail again.',
    remedy:
      'Check the SMTP server in Customizations > Emails > Email Provider (host, port, credentials or OAuth grant, ' +
      "and that it accepts Okta's connections), and use Send test email there. Reports > System Log, eventType eq " +
      '"system.email.delivery", shows each refusal.',
  },
  INTEGRATION_EMAIL_DOMAIN_UNVERIFIED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: "The org's e-mail domain failed verification",
    summary:
      "Okta could not verify the org's custom e-mail domain (system.email_domain.verify, outcome FAILURE): until it " +
      'is verified, Okta sends its e-mails (activation, password recovery, e-mail codes) from its default address ' +
      'noreply@okta.com, with default content, which people and mail filters may not expect.',
    remedy:
      'Open Customizations > Brands > [brand] > Domains tab > Emails section, check that the DNS records Okta ' +
      'provided for the e-mail domain are published as given at your domain provider, then click Verify (Okta polls ' +
      'the DNS records until it detects them, which may take up to 24 hours). Okta checks a verified domain once ' +
      'every 24 hours and e-mails super admins when a problem occurs.',
  },
  INTEGRATION_IMPORT_STOPPED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'An import stopped',
    summary:
      'Import Safeguard stopped an import that would unassign more people than its threshold and suspends the ' +
      'next ones, a real-time sync import failed (one record fails the whole import), or an import ended in ' +
      'failure (system.import.complete, outcome FAILURE): new hires are not created and leavers not deactivated ' +
      'until it runs again.',
    remedy:
      'Open the app named in the detail, Applications > Applications > [app] > Import: review what the import ' +
      'would change, then resume or cancel it; raise the threshold in Provisioning > To Okta > Import Safeguard ' +
      'only if the change was expected. For a real-time sync, fix the record named in the System Log and import ' +
      'again. For a failed import, Reports > System Log, eventType eq "system.import.complete", gives its reason; ' +
      "fix the app's connection (Provisioning > Integration, Test API Credentials) and select Import Now.",
  },
  INTEGRATION_GROUP_RULE_ERROR: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'A group rule is in error',
    summary:
      'A group rule fell into an error state or was invalidated (group.user_membership.rule.error or .invalidate): ' +
      'it no longer adds people to its groups, and those groups may grant apps.',
    remedy:
      'Open Directory > Groups > Rules, find the rule named in the detail (its status says ERROR or INVALID), fix ' +
      'its expression or the group it names, and activate it again.',
  },
  INTEGRATION_POLICY_RULE_INVALID: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'A policy rule was invalidated',
    summary:
      'Okta invalidated a policy rule in place (policy.rule.invalidate), for example when a network zone it uses ' +
      'was deleted or deactivated: people it applied to now fall through to the rules below it.',
    remedy:
      'Open the policy named in the detail (Security > Authentication Policies, Global Session Policy or the ' +
      "authorization server's Access Policies), edit the invalid rule's conditions (Security > Networks for a zone) " +
      'and save it.',
  },
  INTEGRATION_WORKFLOWS_LIMIT: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'Workflows near or over its step limit',
    summary:
      "The org's Workflows reached (violation) or approaches (warning) its step execution limit: after a violation " +
      'flows are throttled or blocked, and Workflows keeps no run history an API can read.',
    remedy:
      "Open the Workflows Console's usage of steps and find the flows that use most; contact Okta for a higher " +
      'limit if the use is expected.',
  },
  INTEGRATION_HOOK_CERT_EXPIRING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'A hook’s certificate expires soon',
    summary:
      "The TLS certificate of an active hook's endpoint expires within 14 days. Okta calls hooks over https only and " +
      'refuses an expired certificate: from that day every call fails, with what a failure of that hook does (a ' +
      'password import or registration hook stops sign-in or sign-up; a token hook drops its claims).',
    remedy:
      "Renew the certificate on the hook's service named in the detail (its host and the days left are there) and " +
      `deploy the full chain before the date; the hook's URL is in ${HOOKS} > [hook] (Workflow > Event Hooks for an ` +
      'event hook). Nothing changes in Okta.',
  },
  INTEGRATION_HOOK_CERT_EXPIRED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'per finding',
    alarms: ['integrations-paging', 'integrations-warning'],
    title: 'A hook’s certificate is expired or not trusted',
    summary:
      "The TLS certificate of an active hook's endpoint is expired, or not one a public CA vouches for the host " +
      "(self-signed, wrong name, incomplete chain): Okta's calls to it fail now. A password import or registration " +
      'hook then stops people signing in or up, so it pages; other hooks warn.',
    remedy:
      "Install a certificate from a public CA for the hook's host named in the detail, with its full chain, and " +
      `check it with an SSL checker; then ${HOOKS} > [hook] > Preview sends a test call. ${HOOK_LOG}`,
  },
  INTEGRATION_HOOK_URL_UNSAFE: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'A hook’s URL was not checked',
    summary:
      "An active hook's URL is not https (Okta's API requires an https URL, so Okta cannot call it), does not parse, " +
      'or names an IP address or a private, loopback or link-local network that the probe never connects to: its ' +
      'certificate was not checked.',
    remedy:
      `Open the hook named in the detail in ${HOOKS} (or Workflow > Event Hooks) and set its URL to the https ` +
      'address of the service on the public internet, as Okta reaches it. A hook that must stay on a private ' +
      'address is checked by its own service, not by this probe.',
  },
  // The list refused is the grant of our own key (a scope or a role), or a throttled read: never Okta's fault.
  INTEGRATION_HOOKS_UNREAD: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    alarms: ['integrations-warning'],
    title: 'The hook list could not be read',
    summary:
      "The probe's key could not list the org's inline or event hooks (a scope not granted, no admin role that reads " +
      "them, or a throttled read): the hooks' names and certificates are unknown this hour, never taken as working. " +
      "The System Log's judgement of the hooks still stands.",
    remedy:
      'Grant okta.inlineHooks.read and okta.eventHooks.read to the API Services app in Applications > Applications > ' +
      '[app] > Okta API Scopes, and give it the Read-only Administrator role (Security > Administrators); or remove ' +
      'the scopes from the "org" server to stop reading the lists.',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
