// The simulator's scenarios of the org's own integrations (sim/integrations.ts), each a failure Okta's own sources
// describe (okta-developer-docs concepts/inline-hooks and data/event-types.json; help.okta.com
// telephony-inline-hook; support.okta.com email delivery), a few bounces that are no org problem, and a healthy org.
// The org server reads the System Log (okta.logs.read); what the integration-health check reports is promised in
// each description.
import { DOMAINS_SCOPE, ORG_SERVER_ID, type DiagnosisCode } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import type { DomainFault, HookFault, IntegrationFault, SimFaults } from './faults';

interface IntegrationScenario {
  readonly description: string;
  readonly expect: readonly {
    readonly server: typeof ORG_SERVER_ID;
    /** The System Log's own check too, where the scenario's log cannot be read. */
    readonly check: 'integration-health' | 'system-log';
    readonly code: DiagnosisCode;
  }[];
  readonly config: (cfg: ConfigFileJson) => ConfigFileJson;
  readonly faults: SimFaults;
}

/** Integration health on, and the org server reading the System Log and the custom domains (okta.domains.read). */
function withIntegrationHealth(cfg: ConfigFileJson): ConfigFileJson {
  return {
    ...cfg,
    integrationHealth: {},
    servers: cfg.servers.map((s) =>
      s.id === ORG_SERVER_ID
        ? { ...s, scopes: [...new Set([...s.scopes, 'okta.logs.read', DOMAINS_SCOPE])], systemLog: true }
        : s,
    ),
  };
}

/** A scenario of `fault`, promising the integration-health check's codes in the order it tells them. */
const scenario = (description: string, fault: IntegrationFault, ...codes: DiagnosisCode[]): IntegrationScenario => ({
  description,
  expect: codes.map((code) => ({ server: ORG_SERVER_ID, check: 'integration-health', code })),
  config: withIntegrationHealth,
  faults: { integrations: fault },
});

/** A scenario of the custom domains' `fault` (sim/domains.ts), the integrations' events healthy beside it. */
const domainScenario = (description: string, fault: DomainFault, ...codes: DiagnosisCode[]): IntegrationScenario => ({
  ...scenario(description, 'healthy', ...codes),
  faults: { integrations: 'healthy', domains: fault },
});

/** The hook lists' scopes too (sim/hooks.ts): each active hook named, its endpoint's certificate read. */
function withHookLists(cfg: ConfigFileJson): ConfigFileJson {
  const on = withIntegrationHealth(cfg);
  const scopes = ['okta.inlineHooks.read', 'okta.eventHooks.read'];
  return {
    ...on,
    servers: on.servers.map((s) =>
      s.id === ORG_SERVER_ID ? { ...s, scopes: [...new Set([...s.scopes, ...scopes])] } : s,
    ),
  };
}

/** A scenario of the hook lists (and a healthy log), promising the check's codes in order. */
const hooksScenario = (
  description: string,
  hooks: HookFault | undefined,
  ...codes: DiagnosisCode[]
): IntegrationScenario => ({
  ...scenario(description, 'healthy', ...codes),
  config: withHookLists,
  faults: { integrations: 'healthy', ...(hooks !== undefined && { hooks }) },
});

export const INTEGRATION_SCENARIOS = {
  'integration-healthy': scenario(
    'The token hook "Claims enricher" answers every call, SMS and calls through Twilio are delivered, mail is ' +
      'delivered, the custom domains (one Okta-managed, one uploaded) have months left: each named with its figures, ' +
      'imports and rules "none seen", nothing told.',
    'healthy',
  ),
  'integration-token-hook-timeout': scenario(
    'The token hook "Claims enricher" times out about half its calls (its error text holds a terminal escape, ' +
      'markup and an address, and one a minute in five is no text at all): tokens go out without its claims ' +
      '(INTEGRATION_HOOK_CLAIMS_MISSING, a warning naming the hook and requiredClaims).',
    'token-hook-timeout',
    'INTEGRATION_HOOK_CLAIMS_MISSING',
  ),
  'integration-registration-hook-500': scenario(
    'The registration hook "Sign-up checker" answers 500 to every call: people cannot sign up ' +
      '(INTEGRATION_HOOK_BLOCKING, which pages).',
    'registration-hook-500',
    'INTEGRATION_HOOK_BLOCKING',
  ),
  'integration-telephony-failover': scenario(
    "The telephony hook times out and half the SMS sends fail over to Okta's rate-limited providers: the hook " +
      '(INTEGRATION_HOOK_FAILING) and the SMS failover share (INTEGRATION_TELEPHONY_FAILOVER) warn.',
    'telephony-failover',
    'INTEGRATION_HOOK_FAILING',
    'INTEGRATION_TELEPHONY_FAILOVER',
  ),
  'integration-sms-undelivered': scenario(
    'Twilio reports three SMS in four as "Sms Failed": most codes never arrive (INTEGRATION_TELEPHONY_FAILING, ' +
      'which pages).',
    'sms-undelivered',
    'INTEGRATION_TELEPHONY_FAILING',
  ),
  'integration-sms-blocked': scenario(
    'Okta blocks half of the SMS sends itself (outcome DENY, its toll-fraud and rate protection): the provider is ' +
      'fine, but people asking for a code get none (INTEGRATION_TELEPHONY_BLOCKED, a warning).',
    'sms-blocked',
    'INTEGRATION_TELEPHONY_BLOCKED',
  ),
  'integration-smtp-refusing': scenario(
    "The org's own SMTP server refuses every message Okta sends (byo_email_server_error_response): every " +
      'activation and recovery e-mail fails (INTEGRATION_SMTP_REFUSING, which pages).',
    'smtp-refusing',
    'INTEGRATION_SMTP_REFUSING',
  ),
  'integration-email-bounces': scenario(
    "A message bounces every ten minutes among hundreds delivered: one person's mailbox, counted, never told as " +
      'an org problem.',
    'email-bounces',
  ),
  'integration-import-safeguard': scenario(
    'Import Safeguard stops the Workday import (58 % of assignments would go): new hires and leavers wait ' +
      '(INTEGRATION_IMPORT_STOPPED on Workday).',
    'import-safeguard',
    'INTEGRATION_IMPORT_STOPPED',
  ),
  // The import's start and end, and the e-mail domain's verification, are named in okta-developer-docs
  // data/event-types.json (system.import.start, system.import.complete, system.email_domain.verify); the catalogue
  // gives them no outcome field of their own, so a failure is outcome.result FAILURE, as every LogEvent carries it
  // (okta-sdk-nodejs oas-spec/management.yaml, LogOutcome). Unverified, Okta sends from noreply@okta.com
  // (okta-developer-docs guides/custom-url-domain).
  'integration-import-failed': scenario(
    'The Workday import starts every half hour and ends in failure (system.import.complete, outcome FAILURE): new ' +
      'hires and leavers wait (INTEGRATION_IMPORT_STOPPED on Workday, with its imports started and completed).',
    'import-failed',
    'INTEGRATION_IMPORT_STOPPED',
  ),
  'integration-email-domain-unverified': scenario(
    "Okta fails to verify the org's e-mail domain acme.example (system.email_domain.verify, outcome FAILURE): its " +
      'e-mails go out from noreply@okta.com (INTEGRATION_EMAIL_DOMAIN_UNVERIFIED).',
    'email-domain-unverified',
    'INTEGRATION_EMAIL_DOMAIN_UNVERIFIED',
  ),
  'integration-group-rule-error': scenario(
    'The group rule "Engineering by department" is in error: people stop joining its group ' +
      '(INTEGRATION_GROUP_RULE_ERROR).',
    'group-rule-error',
    'INTEGRATION_GROUP_RULE_ERROR',
  ),
  'integration-policy-rule-invalid': scenario(
    'Okta invalidated the policy rule "Office network only" (its network zone was deleted): people fall through to ' +
      'the rules below it (INTEGRATION_POLICY_RULE_INVALID).',
    'policy-rule-invalid',
    'INTEGRATION_POLICY_RULE_INVALID',
  ),
  'integration-workflows-limit': scenario(
    "The org's Workflows went over its step execution limit: flows are throttled (INTEGRATION_WORKFLOWS_LIMIT).",
    'workflows-limit',
    'INTEGRATION_WORKFLOWS_LIMIT',
  ),
  // The domains as GET /api/v1/domains lists them (okta-sdk-nodejs oas-spec/management.yaml, DomainListResponse,
  // DomainResponse: validationStatus, certificateSourceType, publicCertificate.expiration); a refused read is Okta's
  // 403 E0000006 (okta-developer-docs reference/error-codes).
  'integration-domain-renewal-failed': domainScenario(
    'The Okta-managed certificate of login.acme.example expires in 10 days: Okta renews well ahead, so its renewal ' +
      'failed (INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED, a warning naming the domain, its days left and who renews it).',
    'managed-renewal-failed',
    'INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED',
  ),
  'integration-domain-not-verified': domainScenario(
    "A third brand's domain, sso.acme-labs.example, failed validation: Okta serves nothing over it " +
      '(INTEGRATION_DOMAIN_NOT_VERIFIED).',
    'validation-failed',
    'INTEGRATION_DOMAIN_NOT_VERIFIED',
  ),
  'integration-domain-cert-expiring': domainScenario(
    'The certificate the org uploaded for id.acme-partners.example expires in 9 days, and Okta does not renew it ' +
      '(INTEGRATION_DOMAIN_CERT_EXPIRING, a warning naming the domain and the org as the one to renew it).',
    'manual-expiring',
    'INTEGRATION_DOMAIN_CERT_EXPIRING',
  ),
  'integration-domain-cert-expired': domainScenario(
    'The certificate the org uploaded for id.acme-partners.example expired 3 days ago: people reaching it get a ' +
      'certificate error (INTEGRATION_DOMAIN_CERT_EXPIRED, which pages).',
    'manual-expired',
    'INTEGRATION_DOMAIN_CERT_EXPIRED',
  ),
  'integration-domains-unreadable': domainScenario(
    "The org's custom domains answer 403 E0000006 (the app's admin role does not read them): said unread " +
      '(INTEGRATION_DOMAINS_UNREAD), never "works".',
    'unreadable',
    'INTEGRATION_DOMAINS_UNREAD',
  ),
  // The hooks as GET /api/v1/inlineHooks and /api/v1/eventHooks list them (okta-sdk-nodejs
  // oas-spec/management.yaml, InlineHook and EventHook: status, type, channel.config.uri); Okta requires an https
  // channel URI (okta-developer-docs concepts/inline-hooks).
  'integration-hooks-listed': hooksScenario(
    'The hook lists are read too: the token hook "Claims enricher" named with its calls, the registration and ' +
      'telephony hooks "not seen" (no call in the hour), each endpoint\'s certificate valid for months, the inactive ' +
      'import hook left out: nothing told.',
    undefined,
  ),
  'integration-hook-cert-expiring': hooksScenario(
    "The certificate of the token hook's endpoint expires in 5 days: named with its host and the days left before " +
      'its calls fail (INTEGRATION_HOOK_CERT_EXPIRING, a warning).',
    'cert-expiring',
    'INTEGRATION_HOOK_CERT_EXPIRING',
  ),
  'integration-hook-cert-expired': hooksScenario(
    "The registration hook's endpoint serves a certificate that expired yesterday: Okta's calls fail and people " +
      'cannot sign up (INTEGRATION_HOOK_CERT_EXPIRED, which pages).',
    'cert-expired',
    'INTEGRATION_HOOK_CERT_EXPIRED',
  ),
  'integration-hook-url-http': hooksScenario(
    "The telephony hook's URL is plain http, which Okta refuses: never connected to, told as not checked " +
      '(INTEGRATION_HOOK_URL_UNSAFE).',
    'url-http',
    'INTEGRATION_HOOK_URL_UNSAFE',
  ),
  'integration-hooks-unreadable': hooksScenario(
    'The inline hook list answers 403 (no admin role reads it): unread, never "works" (INTEGRATION_HOOKS_UNREAD); ' +
      'the System Log still judges the hooks.',
    'unreadable',
    'INTEGRATION_HOOKS_UNREAD',
  ),
  // The System Log's bucket spent: Okta's 429 E0000047 with X-Rate-Limit-* headers (okta-developer-docs
  // reference/rl-global-mgmt, /api/v1/logs).
  'integration-log-throttled': {
    description:
      "The System Log's bucket is exhausted (429) while the Okta-managed certificate of login.acme.example expires " +
      'in 10 days: the domain is still told (INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED), the hooks are named from their ' +
      'lists, and the log\'s part is said "not read this run", never "works" or "not seen".',
    expect: [
      { server: ORG_SERVER_ID, check: 'system-log', code: 'SYSTEM_LOG_THROTTLED' },
      { server: ORG_SERVER_ID, check: 'integration-health', code: 'INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED' },
    ],
    config: withHookLists,
    faults: { integrations: 'healthy', domains: 'managed-renewal-failed', logsRateLimited: true },
  },
} satisfies Record<string, IntegrationScenario>;
