// docs/integration-health.md's claims, each held by a test (test/support/claims.ts), as docs-claims.test.ts holds
// status-page.md's and integrations.md's. A sentence about Okta, AWS or Let's Encrypt cannot be tested here: it is kept
// only beside the source the doc names. What this file alone holds (the judge's thresholds, as the table states them)
// is tested below the tables.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config/parse';
import { grantAdvice, INTEGRATION_HEALTH } from '../../functions/contract';
import { readIntegrationEvent, type IntegrationEvent } from '../../functions/probe/integrations/events';
import { judgeHookLists } from '../../functions/probe/integrations/hooks';
import { judgeIntegrations } from '../../functions/probe/integrations/judge';
import { cited, held, itCitesFacts, itHoldsClaims, type Claim, type OutsideFact } from '../support/claims';

const DOC = 'docs/integration-health.md';
const INT = 'test/functions/probe/integrations';
const SIM = `${INT}/simulator.test.ts`;
const DOMAINS = `${INT}/domains.test.ts`;
const HOOKS = `${INT}/hooks.test.ts`;
const TLS = `${INT}/hook-tls.integration.test.ts`;
const STREAM_RUN = `${INT}/stream-run.test.ts`;
const AGGREGATOR = 'test/functions/lambda/integration-stream.test.ts';
const CONFIG = 'test/functions/config/integrations.test.ts';
const SCENARIOS = 'test/functions/cli/integration-scenarios.test.ts';
const CLI_DOMAINS = 'test/functions/cli/integration-domains.test.ts';
const CLI_HOOKS = 'test/functions/cli/integration-hooks.test.ts';
const STACK = 'test/lib/integration-health.test.ts';
const STACK_STREAM = 'test/lib/integration-stream.test.ts';
const SELF = 'test/functions/integration-health-claims.test.ts';
const RULES = `${INT}/rules.test.ts`;
const SIM_TRUST = `${INT}/sim-hook-trust.test.ts`;
const LIFETIME = `${INT}/domain-lifetime.test.ts`;
const OUR_NETWORK = `${INT}/our-network.test.ts`;
const OWN_VPC = 'test/functions/lambda/own-vpc.test.ts';

const CLAIMS: readonly Claim[] = [
  // The opening.
  held(
    "every run tells which of the org's own integrations on the sign-in path stop people silently",
    SCENARIOS,
    'pages for the registration hook (its item fails) and names it',
    'INTEGRATION_HOOK_BLOCKING',
    "toBe('fail')",
  ),
  held(
    "and whether the org's custom domains are verified and their certificates far from expiry, read-only",
    DOMAINS,
    'warns on a domain not verified, by its status, and never judges its certificate',
    'INTEGRATION_DOMAIN_NOT_VERIFIED',
    'FAILED_TO_VERIFY',
  ),
  // Turning it on.
  held(
    'It reads with the `org` server\'s key, so that server needs `"systemLog": true`; the config refuses the block ' +
      'otherwise, naming the fix.',
    CONFIG,
    'refuses the block without an "org" server reading the System Log, saying what to add',
    'add "systemLog": true',
    'integrationHealth',
  ),
  held(
    'it is advised, not required, and without it the config warns and the check says the domains are not read',
    CONFIG,
    "advises the domains' and the hook lists' scopes without requiring them",
    'okta.domains.read',
    'warnings',
  ),
  // The row above holds the config's warning; this one that the check then says the domains are not read.
  held(
    'it is advised, not required, and without it the config warns and the check says the domains are not read',
    DOMAINS,
    'says the domains are unread (a warning), and never "works", when the list could not be read',
    'scopes lack okta.domains.read',
  ),
  held(
    'a domain list that still answers 403 is told `INTEGRATION_DOMAINS_UNREAD`',
    CLI_DOMAINS,
    'says the domains unread when Okta refuses the list, never "works"',
    'INTEGRATION_DOMAINS_UNREAD',
    'HTTP 403',
  ),
  held(
    'Without them the config warns (naming the scope and the grant), the hooks are judged from the System Log alone, ' +
      'and each list is "not read" in the report.',
    CLI_HOOKS,
    'tells a list refused as unread, and advises the scopes when the org server lacks them',
    'INTEGRATION_HOOKS_UNREAD',
    'okta.inlineHooks.read',
    'n/a inline hooks list: not read',
  ),
  // The row above holds the CLI's advice and a list refused; this one each part of the sentence: the scope and the
  // grant named, the hooks judged from the log alone, each list not read.
  held(
    'Without them the config warns (naming the scope and the grant), the hooks are judged from the System Log alone, ' +
      'and each list is "not read" in the report.',
    SELF,
    "without the hook lists' scopes: warns naming scope and grant, judges the hooks from the log alone",
    'grant it in Applications > Applications > [app] >',
    'Okta API Scopes and give the app',
    'grantAdvice(scope)',
    "'INTEGRATION_HOOK_BLOCKING'",
    'n/a inline hooks list: not read',
    'n/a event hooks list: not read',
  ),
  // What it reads.
  held(
    '(Okta\'s SCIM `eventType eq "..." or ...`',
    SIM,
    'keeps the filter under 2,048 characters',
    'INTEGRATION_FILTER',
    'eventType eq',
  ),
  held(
    "polled from a cursor of its own and sharing the System Log's budget",
    STACK,
    'keeps its own log cursor; without the block, none',
    'integration-health-cursor',
  ),
  // The row above holds the cursor; this one the budget: the run reads through the System Log's one session, and a
  // session whose bucket is spent reads it nothing.
  held(
    "polled from a cursor of its own and sharing the System Log's budget",
    `${INT}/log-unread.test.ts`,
    'stays a skip when nothing beside the log was read or found',
    'new LogSession',
    '[throttled]',
  ),
  held(
    "a delivery's status is read from `category` by the four words above. An event that does not fit counts as " +
      '"unknown status" or "a ... hook", never as a failure.',
    SELF,
    "reads a delivery's status from category by its four words; any other is unknown status, no finding",
    'category',
    'of unknown status',
    "hook: 'type:other'",
  ),
  held(
    "No phone number, e-mail address, login, user id or Okta text is kept; a hook's `error_message` becomes its " +
      'class (timed out, answered an error, answer not processed), never its text.',
    SIM,
    'reads a failure whose debugData is of any type or size, keeping none of its text',
    'readIntegrationEvent',
    'error_message',
    'not.toMatch(/img|onerror/)',
  ),
  held(
    'An element that is not an event of these types, or lacks its id or time, is skipped and counted ' +
      '(`eventsSkipped`), never printed.',
    SIM,
    'skips %s, and says why',
    'readIntegrationEvent',
    "'torn'",
    "'not_ours'",
  ),
  // The row above holds each reason to skip; this one that the run counts them and prints none.
  held(
    'An element that is not an event of these types, or lacks its id or time, is skipped and counted ' +
      '(`eventsSkipped`), never printed.',
    STREAM_RUN,
    'skips and counts (eventsSkipped) what the log holds that is no event of ours',
    'eventsSkipped: 3',
    'not.toMatch(/TORN|NOT-OURS|yesterday/)',
  ),
  held(
    'When the System Log cannot be read in a run (its bucket exhausted, the scope or role refused), the hook lists, ' +
      'their certificates and the custom domains, which need no log, are still judged and told',
    CLI_DOMAINS,
    'judges the domains and the hook lists when the System Log cannot be read, its part said not read',
    'integration-log-throttled',
    'INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED',
    'System Log: not read this run',
  ),
  held(
    'With nothing found beside it, the check is skipped, as unknown, never "works"',
    `${INT}/log-unread.test.ts`,
    'stays a skip when nothing beside the log was read or found',
    'runIntegrationHealth',
    "notRun: 'skip'",
  ),
  held(
    '`GET /api/v1/domains`, whose answer is an object, `{ "domains": [...] }`',
    DOMAINS,
    'refuses a list that is not the { domains: [...] } object, naming what came instead',
    'readDomainList',
    'a bare array',
    'INTEGRATION_DOMAINS_UNREAD',
  ),
  held(
    'A verified domain listed without its certificate is read alone (`GET /api/v1/domains/{id}`), at most 10 a ' +
      'read; past that bound the rest are said not read, never judged.',
    DOMAINS,
    'says what its bounds left out: certificates not read alone, domains past the bound, elements skipped',
    'GET /api/v1/domains/{id}',
    '(at most 10 a read): not judged',
    '3 domains past the first 50: not judged',
  ),
  held(
    'the domains are read at most once an hour (a read that failed, again after 15 minutes) and judged against the ' +
      'clock every run',
    DOMAINS,
    'judges the kept read without a request until it is due, then reads again',
    'customDomains',
    '59 * MIN',
    '61 * MIN',
    'requests: 0',
  ),
  held(
    'an element that is not a domain (no id, a name that is no host name) is skipped and counted, a date that does ' +
      'not parse is said so, and neither is printed.',
    DOMAINS,
    'skips and counts elements that are no domain; keeps a date that does not parse as unparsed, never raw',
    'readDomainList',
    'skipped).toBe(4)',
    "'unparsed'",
  ),
  held(
    'An element that is no object is skipped and counted (`hooksSkipped`); a name is cut to one line of 80 ' +
      'characters without control characters or markup; nothing of a URI is kept but its host.',
    HOOKS,
    'skips what is no hook and keeps nothing raw of a name or a URL',
    'readHookList',
    'skipped).toBe(3)',
    'toBeLessThanOrEqual(80)',
  ),
  held(
    "a TLS handshake with the hook's host name, Node's own verification on, the certificate's `notAfter` read, then " +
      'the connection closed. Nothing is written: no request, no header, no secret.',
    TLS,
    'writes nothing to the socket but the handshake, and gives up at its timeout',
    'readCertificate',
    'received).toBeLessThan(2_000)',
  ),
  held(
    'Each host once (hooks sharing a host are named together)',
    TLS,
    'reads each active host once, names the expiring one with its days; a second run reads none',
    'readHookCerts',
    'certs.certs.size).toBe(2)',
    'telephony hook "Telephony"',
  ),
  held(
    'never connected to when it is not `https`',
    CLI_HOOKS,
    'pages for an expired certificate of the registration hook, and never connects to a URL on http',
    'integration-hook-url-http',
    'its URL is not https',
  ),
  held(
    'or resolves to a private, loopback, link-local or shared address (10/8, 172.16/12, 192.168/16, 127/8, ' +
      '169.254/16, 100.64/10, `::1`, `fc00::/7`, `fe80::/10`, site-local `fec0::/10`), a Teredo tunnel ' +
      '(`2001::/32`, RFC 4380, whatever IPv4 host it ends at)',
    HOOKS,
    '%s is never connected to',
    'isPrivateAddress',
    "'fec0::1'",
    "'2001:0:4136:e378:8000:63bf:f5ff:fffe'",
    "'10.1.2.3'",
    "'172.16.0.1'",
    "'192.168.1.1'",
    "'127.0.0.1'",
    "'169.254.169.254'",
    "'100.64.0.1'",
    "'::1'",
    "'fc00::1'",
    "'fe80::1'",
  ),
  held(
    'an address set apart from the internet (198.18/15, RFC 2544; 192.0.0/24, RFC 6890), or one of those carried in ' +
      'IPv6 (NAT64 `64:ff9b::/96`, RFC 6052; IPv4-compatible `::a.b.c.d` and mapped `::ffff:a.b.c.d`, RFC 4291; ' +
      '6to4 `2002::/16`, RFC 3056)',
    HOOKS,
    '%s is never connected to',
    'isPrivateAddress',
    "'198.18.0.1'",
    "'192.0.0.8'",
    "'64:ff9b::a00:1'",
    "'::10.0.0.1'",
    "'::ffff:10.0.0.1'",
    "'2002:a00:1::1'",
  ),
  held(
    "a run in a new process (each CLI run, a Lambda's cold start) reads the hour again from its start, so a failing " +
      'hook stays named.',
    SCENARIOS,
    'names the failing hook again in the next run, a new process on the same --history and state',
    'INTEGRATION_HOOK_CLAIMS_MISSING',
    'integration-token-hook-timeout',
  ),
  // Streamed.
  held(
    "the stack's EventBridge rule also carries the event types above (each family by a prefix), and the sign-ins' " +
      "aggregator reduces each event at once with this check's own reader",
    STACK_STREAM,
    "carries the integrations' events on the sign-ins' rule and tells the aggregator to count them",
    'INTEGRATION_EVENT_FILTERS',
    'SIGN_IN_EVENT_TYPES',
    'INTEGRATION_STREAM_ENV',
  ),
  held(
    'It keeps nothing per message: a count per minute and integration',
    AGGREGATOR,
    'stores a count per minute and integration, never a row a message, and nothing personal',
    'integrationsAMinute',
    'toHaveLength(integrationsAMinute.size)',
  ),
  held(
    'so a redelivered event is counted once',
    AGGREGATOR,
    'counts a batch delivered twice once',
    'storedIntegrationCounts',
    'total(twice.items)).toBe(total(once.items))',
  ),
  held(
    'An event that both the stream and the backfill read counts once',
    STREAM_RUN,
    'judges from the counts, the first run backfilling from the log, counting an event both read once',
    'runIntegrationHealth',
    '29 failed calls of 29',
  ),
  held(
    'so an event the stream lost is still counted from the poll',
    STREAM_RUN,
    'judges what the stream lost from the poll (a stream Okta deactivated)',
    'memoryTallyStore',
    '29 failed calls of 29',
  ),
  // What it tells.
  held(
    '| `INTEGRATION_HOOK_BLOCKING` | a password import or registration hook failed in the hour | pages',
    SIM,
    'pages for a registration hook and names it; warns for a token hook with requiredClaims, by its name',
    "severity: 'page'",
    'registration-hook-500',
  ),
  held(
    '| `INTEGRATION_HOOK_BLOCKING` | a password import or registration hook failed in the hour | pages',
    SELF,
    'pages for a failing password import hook as for a registration hook',
    'INTEGRATION_HOOK_BLOCKING:page',
    'com.okta.user.credential.password.import',
  ),
  held(
    '| `INTEGRATION_HOOK_CLAIMS_MISSING` | a token or SAML hook failed | warns, naming the hook |',
    SIM,
    'pages for a registration hook and names it; warns for a token hook with requiredClaims, by its name',
    "severity: 'warn'",
    'requiredClaims',
  ),
  held(
    '| `INTEGRATION_HOOK_CLAIMS_MISSING` | a token or SAML hook failed | warns, naming the hook |',
    SELF,
    'pages for a failing password import hook as for a registration hook; warns for a SAML hook',
    'INTEGRATION_HOOK_CLAIMS_MISSING:warn',
    'com.okta.saml.tokens.transform',
    'SAML enricher',
  ),
  held(
    "| `INTEGRATION_TELEPHONY_FAILING` | 20 % or more of a provider's sends (5 at least) failed | " +
      'warns; pages when most fail (more than 50 %) |',
    SELF,
    "warns on 20 % of a provider's sends failed, and pages only when most fail: half warns",
    'INTEGRATION_TELEPHONY_FAILING:warn',
    'INTEGRATION_TELEPHONY_FAILING:page',
    'phone(10, 0, 2)',
    'phone(10, 0, 6)',
  ),
  held(
    "A hook list or the custom domains that the probe's own network cannot fetch from Okta (its DNS, a proxy or " +
      "firewall before Okta) are told `NETWORK_ERROR`, the probe's own, never as a scope or an admin role to grant.",
    OUR_NETWORK,
    'tells each hook list unread as our own network, never a scope to grant',
    'NETWORK_ERROR',
    "ownerOf('NETWORK_ERROR')).toBe('probe')",
  ),
  held(
    "On the built-in simulator (the org's URL on loopback), whose hook listeners sign their own certificates, those " +
      "are read as the simulator's own on its loopback host alone, their dates and name still judged and their chain " +
      'not asked to reach a CA: `demo`, `sim` and `npm start` need no extra certificate',
    SIM_TRUST,
    'judges the healthy org green with the hook lists read: each certificate valid, never "not trusted"',
    "the simulator\\'s own certificate, signed by itself",
    'not trusted',
  ),
  held(
    'the rule is a target typed as a rule, else any other target that is not the group, a user or the policy, else ' +
      'the rule id in `debugContext.debugData`',
    RULES,
    "names a group rule by debugData's rule id when no target is the rule",
    'triggered_by_group_rule_id',
    'group rule (0pr1grouprule000x7)',
  ),
  held(
    'a rule none of them names is said so, never "unknown"',
    RULES,
    'says a rule the event does not name is unnamed, never a rule called "unknown"',
    'a group rule (the event named neither its name nor its id)',
  ),
  held(
    'an outcome `DENY` is a send Okta blocked itself, its toll-fraud and rate protection',
    SELF,
    'counts a send Okta blocked (DENY) on a line of its own, never as the provider failing, never a page',
    'outcome DENY',
    'denied(2)',
    'judgeIntegrations',
  ),
  held(
    "| `INTEGRATION_TELEPHONY_BLOCKED` | 20 % or more of a channel's sends (5 at least) blocked by Okta itself " +
      '(outcome `DENY`) | warns: no provider is at fault, but people got no code |',
    SELF,
    "warns when Okta blocked 20 % of a channel's sends itself (5 at least): people got no code",
    'INTEGRATION_TELEPHONY_BLOCKED:warn',
    'denied(5)',
  ),
  held(
    "| `INTEGRATION_SMTP_REFUSING` | the org's SMTP server refused 3 messages or more | pages",
    SELF,
    "pages on the org's SMTP server's third refusal, not its second",
    'INTEGRATION_SMTP_REFUSING:page',
    'refused(3)',
    'refused(2)',
  ),
  held(
    "| `INTEGRATION_IMPORT_STOPPED` | Import Safeguard stopped an app's import, a real-time sync failed, or an " +
      'import ended in failure | warns |',
    SIM,
    'warns on an import that ended in failure, with its starts and completions; names a healthy import',
    '2 imports ended in failure',
    'import-failed',
  ),
  held(
    "| `INTEGRATION_IMPORT_STOPPED` | Import Safeguard stopped an app's import, a real-time sync failed, or an " +
      'import ended in failure | warns |',
    SELF,
    'warns on an import Import Safeguard stopped, a real-time sync failed, an import ended in failure',
    'INTEGRATION_IMPORT_STOPPED:warn',
    'system.import.roadblock',
    'app.realtimesync.import_failed',
  ),
  held(
    "| `INTEGRATION_EMAIL_DOMAIN_UNVERIFIED` | the org's e-mail domain failed verification (its latest outcome in " +
      'the hour) | warns',
    SIM,
    "warns on the e-mail domain failing verification, and names where Okta's mail then comes from",
    'INTEGRATION_EMAIL_DOMAIN_UNVERIFIED',
    "'warn'",
    "outcome: { result: 'SUCCESS' }",
  ),
  held(
    "| `INTEGRATION_DOMAIN_CERT_EXPIRED` | a verified custom domain's certificate has expired | pages",
    DOMAINS,
    'pages on an expired certificate, with the fix by who renews it',
    'page INTEGRATION_DOMAIN_CERT_EXPIRED',
    'NOW - 3 * DAY',
  ),
  held(
    '| `INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED` | an Okta-managed certificate has less than 28 days left of a 90-day ' +
      'lifetime, the same share of a shorter one (19 of 64, 14 of 45) | warns',
    LIFETIME,
    'warns on a 90-day certificate with 27 days left, as before',
    'INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED',
    '27.5',
  ),
  held(
    "so the check takes the shortest lifetime Let's Encrypt could have issued it with and warns at the same share " +
      'of it: 28 days of 90, 19 of 64, 14 of 45',
    LIFETIME,
    'takes the shortest lifetime a certificate with that expiry could have been issued with',
    'oktaManagedLifetimeDays',
    'renewalWarnDays',
  ),
  held(
    "the check reads the lifetime from the certificate itself, so Let's Encrypt's opt-in 45-day and 6-day " +
      "profiles warn at the same share of their own lifetime, never at a default one's",
    LIFETIME,
    'never warns on the opt-in 6-day profile with 2 days left (a third of its lifetime); warns with 1 left',
    'toldOwn(6, 2)',
  ),
  held(
    '| `INTEGRATION_DOMAIN_CERT_EXPIRING` | a certificate the org uploaded (`MANUAL`) has less than 14 days left | ' +
      'warns',
    DOMAINS,
    'warns on an uploaded certificate within 14 days, naming the org as the one to renew it',
    'warn INTEGRATION_DOMAIN_CERT_EXPIRING',
    'MANUAL',
    '13 * DAY',
  ),
  held(
    "| `INTEGRATION_DOMAIN_NOT_VERIFIED` | a custom domain's validation has not started, is in progress or failed | " +
      'warns |',
    DOMAINS,
    'warns on a domain not verified, by its status, and never judges its certificate',
    'warn INTEGRATION_DOMAIN_NOT_VERIFIED',
    'FAILED_TO_VERIFY',
    'IN_PROGRESS',
  ),
  held(
    '| `INTEGRATION_DOMAINS_UNREAD` | the domain list could not be read (scope, admin role, throttled, not a list) | ' +
      'warns: nothing is known of the domains |',
    DOMAINS,
    'says the domains are unread (a warning), and never "works", when the list could not be read',
    'warn INTEGRATION_DOMAINS_UNREAD',
    'not.toMatch(/pass|works/)',
  ),
  held(
    "| `INTEGRATION_HOOK_CERT_EXPIRING` | an active hook's endpoint certificate expires within 14 days (hook, host, " +
      'days) | warns |',
    HOOKS,
    'warns of a certificate expiring within 14 days, naming the hook, the host and the days',
    'INTEGRATION_HOOK_CERT_EXPIRING',
    '5 * DAY',
    'expires in 5 days',
  ),
  held(
    "| `INTEGRATION_HOOK_CERT_EXPIRED` | an active hook's certificate is expired or not trusted (self-signed, wrong " +
      'name, chain) | pages for a password import or registration hook; warns for others |',
    HOOKS,
    'pages for an expired or untrusted certificate of a registration hook, warns for a token hook',
    'INTEGRATION_HOOK_CERT_EXPIRED',
    "'page'",
    "'warn'",
    'DEPTH_ZERO_SELF_SIGNED_CERT',
  ),
  held(
    "| `INTEGRATION_HOOK_URL_UNSAFE` | an active hook's URL is not https, does not parse, names an IP, or resolves " +
      'to a private address',
    HOOKS,
    'tells a URL on http, an IP literal and a private address as not checked; an inactive hook not at all',
    'INTEGRATION_HOOK_URL_UNSAFE',
    'http://claims.acme.com/okta',
    'https://10.0.0.7/okta',
  ),
  held(
    "or into the probe's own VPC: not checked | warns |",
    OWN_VPC,
    'warns of a hook whose host is inside the VPC, naming the block',
    'INTEGRATION_HOOK_URL_UNSAFE',
    'ownVpcReader',
    "its host resolves into the probe's own VPC",
  ),
  held(
    "Deployed with `vpc`, it also refuses a host resolving into one of its own VPC's CIDR blocks, IPv4 and IPv6, " +
      'public ones too, read from EC2 once a cold start',
    OWN_VPC,
    'refuses a hook host resolving into a public CIDR of its own VPC',
    'ownVpcReader',
  ),
  held(
    "while they cannot be read it connects to no hook's host, and each host's item says that the VPC's address " +
      'ranges could not be read.',
    OWN_VPC,
    'tells the hook that the ranges could not be read when DescribeSubnets fails',
    'ownVpcReader',
  ),
  held(
    "with `vpc` set, the guard refuses the VPC's own CIDR blocks, but a public range reached through peering, a " +
      'transit gateway or a VPN is connected to, as any public address is.',
    OWN_VPC,
    "reads the subnets' VPC and every CIDR block of it",
    'readOwnVpc',
  ),
  held(
    '| `INTEGRATION_HOOKS_UNREAD` | a hook list was refused (a scope, a role) or read in part | warns, never "works" |',
    HOOKS,
    'never says "works": a list unread warns, a list not asked is n/a, a host past the bound says so',
    'INTEGRATION_HOOKS_UNREAD',
    'not.toMatch(/works|permission/)',
  ),
  held(
    "Bounced e-mail is counted in the e-mail item, never a finding: a bounce is one person's mailbox, not an org " +
      'problem.',
    SIM,
    'counts bounces without telling them, names healthy things with their figures',
    'email-bounces',
    'bounces.told).toEqual([])',
    '6 bounced',
  ),
  held(
    'Healthy integrations are items with their figures ("token hook "Claims enricher" (cal...): 120 answers ' +
      'processed, none failed", "SMS via TWILIO: 120 sends, 120 delivered, 0 failed").',
    SELF,
    'names healthy integrations with the figures the doc shows',
    '120 answers processed, none failed',
    'SMS via TWILIO: 120 sends, 120 delivered, 0 failed',
  ),
  held(
    'Inline hooks, SMS and voice, and e-mail with no event in the hour are "not seen", and imports and rules, whose ' +
      'events Okta writes only on failure, are "none seen": never "works". E-mail domains and Workflows with no ' +
      'event in the hour are not named at all.',
    SELF,
    'says "not seen" of hooks, SMS and voice and e-mail',
    'not seen (no event in the window)',
    'none in error seen',
    'judgeIntegrations([], 0)',
  ),
  held(
    'An app whose imports started and completed in the hour, none failed, is named with those figures.',
    SIM,
    'warns on an import that ended in failure, with its starts and completions; names a healthy import',
    '1 import started, 1 completed, none failed',
  ),
  held(
    'each active inline hook is named by its listed name; one the log saw no call of in the hour is "active, not ' +
      'seen", never "works", and a certificate read is an item with its days left.',
    CLI_HOOKS,
    'names each active hook, "not seen" where the log saw no call, its certificate valid; never "works"',
    'active, not seen (no call in the window)',
    'works/',
  ),
  held(
    'An inactive hook is not judged: Okta never calls it.',
    HOOKS,
    'tells a URL on http, an IP literal and a private address as not checked; an inactive hook not at all',
    "status: 'INACTIVE'",
    "not.toContain('cal4')",
  ),
  held(
    'Each domain is named with its days left, the date, and who renews it',
    DOMAINS,
    'names a healthy domain with its days left and who renews it, Okta-managed and uploaded alike',
    '60 days left',
    '(2026-05-01)',
    'Okta renews it',
    'the org renews it',
  ),
  // What it publishes.
  held(
    'Two totals of the `org` server, each with one alarm; no hook, provider, app, rule or person is a dimension',
    STACK,
    'alarms on two totals of the org server, no other dimension: what stops people pages, the rest warns',
    'IntegrationsPaging',
    'IntegrationsWarning',
    "[{ Name: 'Server', Value: 'org' }]",
  ),
  held(
    '`IntegrationsPaging`: the integrations stopping people (the findings above that page). Alarm ' +
      "`integrations-paging`, in the server's page composite.",
    STACK,
    'alarms on two totals of the org server',
    'IntegrationsPaging',
    'integrations-paging',
    'orgintegrationspaging',
  ),
  held(
    'The integrations by name and their figures are in the report',
    SCENARIOS,
    'pages for the registration hook (its item fails) and names it, in JSON and as an admin reads it',
    'Sign-up checker',
    'failed calls',
  ),
  held(
    '`run --check integration-health` runs it alone',
    SCENARIOS,
    'runs alone under run --check integration-health',
    "'--check', 'integration-health'",
  ),
];

/** What Okta, AWS and Let's Encrypt do, kept beside the sources the doc names. */
const OUTSIDE: readonly OutsideFact[] = [
  cited(
    'of a token hook\'s failed call "Who can see this error? Administrators"',
    'okta-developer-docs `reference/token-hook`, before October 2025',
  ),
  cited(
    'An inline hook gets 3 seconds and at most one retry, the token and telephony hooks none',
    'okta-developer-docs `concepts/inline-hooks`',
  ),
  cited(
    '"The failover mechanism that uses the Okta telephony providers is heavily rate-limited"',
    'okta-developer-docs `guides/telephony-inline-hook`',
  ),
  cited(
    'a CAA record that leaves out `letsencrypt.org`, or network zones, stop the renewal',
    'okta-developer-docs `guides/custom-url-domain`',
  ),
  cited(
    '"cannot be manually renewed, and the custom domain needs to be recreated"',
    'support.okta.com, "Migrating to Okta-Managed Certificate"',
  ),
  cited('A multi-brand org has one domain a brand, up to three in all', 'guides/custom-url-domain'),
  cited("Every name and field is Okta's catalogue's", 'okta-developer-docs `data/event-types.json`'),
  cited('(okta-sdk-nodejs `oas-spec/management.yaml`, `DomainListResponse`)', 'okta-sdk-nodejs'),
  cited(
    "Neither list takes a paging parameter in Okta's spec (an org holds at most 100 inline hooks",
    'okta-developer-docs `concepts/inline-hooks`',
  ),
  cited('calls a hook by "an HTTPS POST request"', 'okta-developer-docs `concepts/inline-hooks`'),
  cited(
    'whose bucket Okta documents per minute, 20 requests on the smallest plans to 120 on Workforce',
    'developer.okta.com `reference/rl-global-mgmt`, as it stood in 2025',
  ),
  cited("EventBridge's $1 a million partner events", 'aws.amazon.com/eventbridge/pricing'),
  cited(
    '"Okta sends all System Log events to a configured log stream target. No event filtering is supported"',
    'help.okta.com "Log Streaming"',
  ),
  cited('Okta sends from `noreply@okta.com` until it is verified', 'okta-developer-docs guides/custom-url-domain'),
  cited("Its certificates are Let's Encrypt's", 'okta-developer-docs `guides/custom-url-domain`'),
  cited('which last 90 days by default', 'letsencrypt.org `docs/cert-lifetimes`'),
  cited(
    "Let's Encrypt shortens them to 64 days from 10 February 2027 and to 45 days from 16 February 2028",
    'letsencrypt.org, 2025-12-02, "From 90 to 45"',
  ),
  cited(
    "the third of a lifetime left at which Let's Encrypt advises a renewal",
    'letsencrypt.org `docs/integration-guide`',
  ),
  cited(
    "Okta's answer gives a certificate's expiry alone, not when it was issued",
    'okta-sdk-nodejs `DomainCertificateMetadata`',
  ),
  cited(
    "Okta logs no duration for a processed answer (the catalogue's `InlineHookDebugData` has none)",
    'data/event-types.json',
  ),
  cited('"Such delayed bounce events will not appear in syslog"', "the catalogue's `system.email.delivery`"),
];

/** SMS events of one provider: `sends` sends, `failovers` of them failed over, then `failed` of them not delivered. */
function phone(sends: number, failovers: number, failed: number): IntegrationEvent[] {
  const base = { k: 'phone', channel: 'SMS', provider: 'TWILIO', blocked: false, published: 0 } as const;
  return Array.from({ length: sends }, (_, i): IntegrationEvent[] => [
    { ...base, uuid: `s${i}`, stage: 'send', failover: i < failovers, delivered: null },
    { ...base, uuid: `r${i}`, stage: 'status', failover: false, delivered: i >= failed },
  ]).flat();
}

/** `n` SMS sends Okta blocked itself (outcome DENY): no provider named, no delivery status after. */
function denied(n: number): IntegrationEvent[] {
  const deny = { k: 'phone', channel: 'SMS', provider: 'unknown', stage: 'send', failover: false } as const;
  return Array.from({ length: n }, (_, i) => ({
    ...deny,
    blocked: true,
    delivered: null,
    uuid: `d${i}`,
    published: 0,
  }));
}

const codes = (events: readonly IntegrationEvent[]): string[] =>
  judgeIntegrations(events, 0).told.map((t) => `${t.finding.code}:${t.severity}`);

describe('docs/integration-health.md, claim by claim', () => {
  itHoldsClaims(DOC, CLAIMS);
  // Outside facts, cited: what Okta, AWS and Let's Encrypt do cannot fail here; each stays only beside its source.
  itCitesFacts(DOC, OUTSIDE);

  it('warns on the failover share from 10 % of 5 sends or more', () => {
    expect(INTEGRATION_HEALTH.failoverWarnPercent).toBe(10);
    expect(INTEGRATION_HEALTH.minSends).toBe(5);
    expect(codes(phone(10, 1, 0))).toEqual(['INTEGRATION_TELEPHONY_FAILOVER:warn']);
    expect(codes(phone(20, 1, 0))).toEqual([]);
    expect(codes(phone(4, 4, 0))).toEqual([]);
  });

  it("warns on 20 % of a provider's sends failed, and pages only when most fail: half warns", () => {
    expect(codes(phone(10, 0, 2))).toEqual(['INTEGRATION_TELEPHONY_FAILING:warn']);
    expect(codes(phone(10, 0, 1))).toEqual([]);
    // Exactly half is not most.
    expect(codes(phone(10, 0, 5))).toEqual(['INTEGRATION_TELEPHONY_FAILING:warn']);
    expect(codes(phone(10, 0, 6))).toEqual(['INTEGRATION_TELEPHONY_FAILING:page']);
    expect(codes(phone(4, 0, 4))).toEqual([]);
  });

  it('counts a send Okta blocked (DENY) on a line of its own, never as the provider failing, never a page', () => {
    // Okta blocked 2 sends itself: the event names no provider, and no delivery status follows (none was sent).
    const judged = judgeIntegrations([...denied(2), ...phone(10, 0, 0)], 0);
    expect(judged.told).toEqual([]);
    expect(judged.totals.providers).toBe(1);
    expect(judged.items.map((i) => [i.item, i.status])).toEqual(
      expect.arrayContaining([
        [
          'SMS: 2 sends of 12 (17 %) blocked by Okta itself (outcome DENY: its toll-fraud and rate protection), ' +
            'not a provider failing',
          'n/a',
        ],
        ['SMS via TWILIO: 10 sends, 10 delivered, 0 failed', 'pass'],
      ]),
    );
    expect(judged.items.map((i) => i.item).join('\n')).not.toContain('SMS via unknown');
  });

  it("warns when Okta blocked 20 % of a channel's sends itself (5 at least): people got no code", () => {
    // 200 sends in an hour, every one blocked: no provider failed, and nobody got a code.
    expect(codes(denied(200))).toEqual(['INTEGRATION_TELEPHONY_BLOCKED:warn']);
    expect(codes([...denied(5), ...phone(20, 0, 0)])).toEqual(['INTEGRATION_TELEPHONY_BLOCKED:warn']);
    expect(codes([...denied(4), ...phone(1, 0, 0)])).toEqual([]);
    expect(codes([...denied(5), ...phone(21, 0, 0)])).toEqual([]);
  });

  it("pages on the org's SMTP server's third refusal, not its second", () => {
    const refused = (n: number): IntegrationEvent[] =>
      Array.from({ length: n }, (_, i) => ({
        k: 'email',
        status: 'blocked',
        smtpRefused: true,
        uuid: `e${i}`,
        published: 0,
      }));
    expect(codes(refused(2))).toEqual([]);
    expect(codes(refused(3))).toEqual(['INTEGRATION_SMTP_REFUSING:page']);
  });

  it('names healthy integrations with the figures the doc shows', () => {
    const hook = Array.from(
      { length: 120 },
      (_, i): IntegrationEvent => ({
        k: 'hook',
        hook: 'calHook1',
        name: 'Claims enricher',
        type: 'com.okta.oauth2.tokens.transform',
        failed: false,
        uuid: `h${i}`,
        published: 0,
      }),
    );
    const items = judgeIntegrations([...hook, ...phone(120, 0, 0)], 0).items.map((item) => item.item);
    expect(items).toContain('token hook "Claims enricher" (calHook1): 120 answers processed, none failed');
    expect(items).toContain('SMS via TWILIO: 120 sends, 120 delivered, 0 failed');
  });

  it('says "not seen" of hooks, SMS and voice and e-mail, "none seen" of imports and rules, and names no other', () => {
    const items = judgeIntegrations([], 0).items.map((item) => [item.item, item.status]);
    expect(items).toEqual([
      ['inline hooks: not seen (no event in the window)', 'n/a'],
      ['SMS and voice: not seen (no event in the window)', 'n/a'],
      ['e-mail: not seen (no event in the window)', 'n/a'],
      ['imports: no import stopped or failed seen', 'n/a'],
      ['group and policy rules: none in error seen', 'n/a'],
    ]);
  });

  it('pages for a failing password import hook as for a registration hook; warns for a SAML hook, naming it', () => {
    const failing = (hook: string, name: string, type: Extract<IntegrationEvent, { k: 'hook' }>['type']) =>
      [1, 2].map(
        (n): IntegrationEvent => ({
          k: 'hook',
          hook,
          name,
          type,
          failed: true,
          why: 'timeout',
          uuid: `${hook}${n}`,
          published: 0,
        }),
      );
    const told = (events: readonly IntegrationEvent[]) =>
      judgeIntegrations(events, 0).told.map((t) => `${t.finding.code}:${t.severity} ${t.finding.detail}`);
    expect(told(failing('cal1pwimport', 'Legacy passwords', 'com.okta.user.credential.password.import'))).toEqual([
      expect.stringMatching(/^INTEGRATION_HOOK_BLOCKING:page password import hook "Legacy passwords" \(cal1pwimport\)/),
    ]);
    expect(told(failing('cal1saml', 'SAML enricher', 'com.okta.saml.tokens.transform'))).toEqual([
      expect.stringMatching(/^INTEGRATION_HOOK_CLAIMS_MISSING:warn SAML assertion hook "SAML enricher" \(cal1saml\)/),
    ]);
  });

  it('warns on an import Import Safeguard stopped, a real-time sync failed, an import ended in failure', () => {
    const app = { k: 'import', app: '0oa1workday', name: 'Workday', published: 0 } as const;
    for (const why of ['safeguard', 'realtime', 'failed'] as const)
      expect(codes([{ ...app, why, uuid: why }]), why).toEqual(['INTEGRATION_IMPORT_STOPPED:warn']);
    expect(codes([{ ...app, why: 'completed', uuid: 'done' }])).toEqual([]);
    const roadblock = readIntegrationEvent({
      uuid: 'r1',
      published: '2026-03-02T10:00:00.000Z',
      eventType: 'system.import.roadblock',
      target: [{ id: '0oa1workday', type: 'AppInstance', displayName: 'Workday' }],
    });
    const realtime = readIntegrationEvent({
      uuid: 'r2',
      published: '2026-03-02T10:00:00.000Z',
      eventType: 'app.realtimesync.import_failed',
      target: [{ id: '0oa1workday', type: 'AppInstance', displayName: 'Workday' }],
    });
    expect([roadblock, realtime]).toMatchObject([{ why: 'safeguard' }, { why: 'realtime' }]);
  });

  it("reads a delivery's status from category by its four words; any other is unknown status, no finding", () => {
    const delivery = (category: unknown, uuid: string) =>
      readIntegrationEvent({
        uuid,
        published: '2026-03-02T10:00:00.000Z',
        eventType: 'system.email.delivery',
        outcome: { result: 'SUCCESS' },
        debugContext: { debugData: { category } },
      });
    const read = ['Delivered', 'Bounce', 'Blocked', 'Deferred', 'Processed', 42].map((c, i) => delivery(c, `m${i}`));
    expect(read.map((e) => ('status' in e ? e.status : e))).toEqual([
      'delivered',
      'bounce',
      'blocked',
      'deferred',
      'unknown',
      'unknown',
    ]);
    const judged = judgeIntegrations(read as IntegrationEvent[], 0);
    expect(judged.told).toEqual([]);
    expect(judged.items.map((i) => `${i.status} ${i.item}`)).toContainEqual(
      expect.stringMatching(/^pass e-mail: 1 delivered, 1 bounced, 1 blocked, 1 deferred, 2 of unknown status /),
    );
    // A hook's answer whose event names no hook of a known type: a hook known by its type, never a failure.
    const answered = readIntegrationEvent({
      uuid: 'h1',
      published: '2026-03-02T10:00:00.000Z',
      eventType: 'inline_hook.response.processed',
      outcome: { result: 'SUCCESS' },
      target: [{ id: 'not a hook', type: 'Unknown' }],
      debugContext: { debugData: { inline_hook_type: 'com.okta.something.new' } },
    });
    expect(answered).toMatchObject({ k: 'hook', hook: 'type:other', failed: false });
    expect(judgeIntegrations([answered as IntegrationEvent], 0).told).toEqual([]);
  });

  it("without the hook lists' scopes: warns naming scope and grant, judges the hooks from the log alone", () => {
    const parsed = parseConfig(
      {
        orgUrl: 'https://acme.okta.com',
        servers: [
          {
            id: 'org',
            clientId: '0oa1probe',
            authMethod: 'private_key_jwt',
            scopes: ['okta.logs.read'],
            systemLog: true,
          },
        ],
        integrationHealth: {},
      },
      { mode: 'deploy', baseDir: tmpdir(), env: {} },
    );
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    for (const scope of ['okta.inlineHooks.read', 'okta.eventHooks.read'])
      expect(parsed.warnings).toContainEqual(
        expect.stringContaining(
          `without ${scope}: add it to the "org" server's scopes, grant it in Applications > Applications > [app] > ` +
            `Okta API Scopes and give the app ${grantAdvice(scope)}`,
        ),
      );
    // Neither list asked: a failing hook the log saw is judged all the same, and each list is said not read.
    const failing = [1, 2].map(
      (n): IntegrationEvent => ({
        k: 'hook',
        hook: 'cal1signup',
        name: 'Sign-up checker',
        type: 'com.okta.user.pre-registration',
        failed: true,
        why: 'timeout',
        uuid: `signup${n}`,
        published: 0,
      }),
    );
    expect(judgeIntegrations(failing, 0).told.map((t) => t.finding.code)).toEqual(['INTEGRATION_HOOK_BLOCKING']);
    const lists = judgeHookLists(
      { inline: { notAsked: 'okta.inlineHooks.read' }, event: { notAsked: 'okta.eventHooks.read' } },
      { certs: new Map(), unchecked: 0 },
      new Set(['cal1signup']),
      0,
    );
    expect(lists.told).toEqual([]);
    expect(lists.items.map((i) => `${i.status} ${i.item}`)).toEqual([
      'n/a inline hooks list: not read (okta.inlineHooks.read is not in the "org" server\'s scopes)',
      'n/a event hooks list: not read (okta.eventHooks.read is not in the "org" server\'s scopes)',
    ]);
  });
});
