// What each code of the inventory family means (registry.ts, CodeRow in code-row.ts): whose it is,
// its layer, how its severity is decided, what of our own setup it is about; its texts: title, summary, remedy.
import type { CodeRow } from '../code-row';
import type { DiagnosisCode } from '../../contract';
import { grantAdvice, INVENTORY_SCOPES, STILL_FORBIDDEN } from '../../contract';

// Its texts, in each row (title, summary, remedy):
// What will break next: one diagnosis per item of the org that needs action. The detail names the item
// (token and owner, app label, IdP name, stream name, hook name, pool name) and the days left or how long it has
// been down; the remedy is the Admin Console path. Reading the inventory is never a page: a missing scope or role
// degrades only its own kind of item.

export const INVENTORY_CODES = {
  // The org's inventory: its tokens, certificates, streams, hooks and agents are the org's to keep.
  API_TOKEN_EXPIRING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['api-token-expiring'],
    title: 'API token expiring',
    summary:
      'An Okta API token has not been used for weeks: it expires 30 days after its last use, and the job ' +
      'that uses it (a monthly export, a rarely run pipeline, a sync for new hires) will find it dead. Okta ' +
      'only colours it in the Admin Console, 7 days before.',
    remedy:
      'Find the job that uses the token named in the detail (Security > API > Tokens shows its name, owner ' +
      'and last use). If the job still needs it, run it (any call renews the token for 30 days) or create a ' +
      'new token under a service account and replace it; if nothing uses it, Revoke it. Better still, move ' +
      'the job to an API Services app with OAuth 2.0 scopes: its credentials never expire unused.',
  },
  API_TOKEN_EXPIRED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['api-token-expired'],
    title: 'API token expired',
    summary:
      'An Okta API token is past its expiry (30 days without use): every call made with it is refused with ' +
      '401 E0000011 "Invalid token provided".',
    remedy:
      'In Security > API > Tokens, Create Token (signed in as the service account that should own it), put ' +
      'the new value wherever the job named in the detail keeps it, and Revoke the old one. Consider an API ' +
      'Services app with OAuth 2.0 scopes instead: it has no 30-day expiry.',
  },
  API_TOKEN_OWNER_INACTIVE: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['api-token-expired'],
    title: 'API token owner deactivated',
    summary:
      'The user who created an API token is deactivated (DEPROVISIONED) or no longer exists: Okta ' +
      'deprovisions such a user\'s tokens ("If a user account is deactivated in Okta, any API token created ' +
      'by that user account is deprovisioned at the same time"), so every call made with this one is ' +
      'refused, although it is still listed.',
    remedy:
      'In Directory > People, find the owner named in the detail: reactivate the account if it is a service ' +
      'account, or create a new token signed in as an active service account (Security > API > Tokens > ' +
      'Create Token), replace it in the job that uses it, and Revoke the old one. Tokens owned by people ' +
      'leave with them: own integration tokens by a service account that is never deactivated.',
  },
  API_TOKEN_OWNER_STATUS: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    title: 'API token owner not active',
    summary:
      'The user who created an API token is neither ACTIVE nor deactivated (SUSPENDED, LOCKED_OUT, ' +
      "PASSWORD_EXPIRED, ...): Okta documents only a deactivated owner's tokens as ended, so whether calls " +
      'made with this one still work is not known. A warning, never a page.',
    remedy:
      'Check that the job using the token (named in the detail) still succeeds. In Directory > People, bring ' +
      'the owner back to Active if it is a service account (Unsuspend, Unlock, or reset its password), and ' +
      'own integration tokens by a service account that stays active; or move the job to an API Services app ' +
      'with OAuth 2.0 scopes, whose credentials have no owner.',
  },
  API_TOKEN_GONE: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['api-token-expiring'],
    title: 'API token gone while expiring',
    summary:
      'An API token the inventory saw expiring is no longer listed: Okta lists active tokens only, so a ' +
      'token that expired (unused for its whole window) or whose owner was deactivated vanishes instead of ' +
      'showing as expired. Reported for a day after it went; calls made with it are refused.',
    remedy:
      'If the token was revoked on purpose, nothing to do. Otherwise find the job that used the token named ' +
      'in the detail, create a new token under an active service account (Security > API > Tokens > Create ' +
      'Token) and put it where the job reads it; better, move the job to an API Services app with OAuth 2.0 ' +
      'scopes, whose credentials never expire unused. Reports > System Log (system.api_token.revoke, ' +
      'user.lifecycle.deactivate) says who or what ended it.',
  },
  APP_CERT_EXPIRING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['app-certificate-expiring'],
    title: 'App signing certificate expiring',
    summary:
      "An active app's SAML/WS-Fed signing certificate expires soon: once it does, the service provider " +
      "rejects every assertion and no one can sign in to the app. Okta never rotates a custom app's " +
      'certificate and e-mails only once, 60 days ahead.',
    remedy:
      'In Applications > Applications > [the app named in the detail] > Sign On > SAML Signing Certificates, ' +
      'Generate new certificate, give the new certificate (or the metadata URL) to the service provider, ' +
      'then Actions > Activate it once the SP trusts it. Coordinate the switch with the SP owner: an SP that ' +
      'does not know the new certificate rejects sign-ins from the moment it is active.',
  },
  APP_CERT_EXPIRED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['app-certificate-expired'],
    title: 'App signing certificate expired',
    summary:
      'An active app still signs with an expired certificate: service providers that check validity reject ' +
      'its assertions, and users cannot sign in to the app now.',
    remedy:
      'In Applications > Applications > [the app named in the detail] > Sign On > SAML Signing Certificates, ' +
      'Generate new certificate, Actions > Activate it, and send the new certificate (or the metadata URL) ' +
      'to the service provider at once.',
  },
  IDP_CERT_EXPIRING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['idp-certificate-expiring'],
    title: 'Identity provider certificate expiring',
    summary:
      "The trust certificate Okta uses to verify an identity provider's assertions expires soon: once it " +
      "does, that partner's users cannot sign in through it.",
    remedy:
      'Ask the partner for their new signing certificate now. In Security > Identity Providers > [the IdP ' +
      'named in the detail] > Actions > Configure, upload it as the IdP Signature Certificate (Okta keeps ' +
      'the old one until you save), and Save on the day the partner switches.',
  },
  IDP_CERT_EXPIRED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['idp-certificate-expired'],
    title: 'Identity provider certificate expired',
    summary:
      "An active identity provider's trust certificate has expired: Okta rejects that partner's assertions, " +
      'and its users cannot sign in.',
    remedy:
      "Get the partner's current signing certificate and upload it in Security > Identity Providers > [the " +
      'IdP named in the detail] > Actions > Configure > IdP Signature Certificate, then Save. If the IdP is ' +
      'no longer used, Deactivate it.',
  },
  LOG_STREAM_INACTIVE: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['user-sign-ins-drop', 'log-stream-down'],
    title: 'Log stream down',
    summary:
      'A log stream is not ACTIVE: Okta deactivates a stream after repeated failed deliveries, and the SIEM ' +
      'behind it (EventBridge, Splunk Cloud) has been receiving nothing since, without an alert.',
    remedy:
      'In Reports > Log Streaming, open the stream named in the detail and fix what the destination refused ' +
      '(an EventBridge partner event source deleted or its bus detached, a Splunk HEC token revoked), then ' +
      'Actions > Activate. Events Okta did not deliver are not sent again: backfill the gap from Reports > ' +
      'System Log or the /api/v1/logs API.',
  },
  EVENT_HOOK_FAILING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['event-hook-failing'],
    title: 'Event hook failing',
    summary:
      "Okta's System Log shows failed deliveries of an event hook in the last hour (event_hook.delivery): " +
      'Okta waits 3 seconds, retries once, then drops the event, so the system behind the hook is missing ' +
      'events.',
    remedy:
      'In Workflow > Event Hooks, open the hook named in the detail and check its endpoint: it must answer ' +
      '200 within 3 seconds (queue the work, answer first). Reports > System Log with eventType eq ' +
      '"event_hook.delivery" gives each failure\'s reason. Dropped events are not sent again: replay them ' +
      'from the System Log.',
  },
  EVENT_HOOK_NOT_DELIVERING: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['event-hook-failing'],
    title: 'Event hook not delivering',
    summary:
      'An event hook is INACTIVE or UNVERIFIED: Okta sends it no events at all, and the system behind it sees nothing.',
    remedy:
      'In Workflow > Event Hooks, open the hook named in the detail: Verify it if it is unverified (the ' +
      'endpoint must answer the one-time verification request), or Actions > Activate it if it was ' +
      'deactivated. If nothing uses it any more, Delete it so it stops being reported.',
  },
  AGENT_POOL_DOWN: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['agent-pool-down'],
    title: 'Agent pool down',
    summary:
      'No agent of an agent pool (AD, LDAP, RADIUS, ...) is operational: users mastered in that directory ' +
      'cannot sign in, and imports and provisioning stop.',
    remedy:
      'In Dashboard > Agents (or Directory > Directory Integrations > [directory] > Agents), see when each ' +
      'agent of the pool named in the detail last connected. On the agent hosts, start the Okta agent ' +
      'service (Windows Services: "Okta AD Agent"; ldap agent: the okta-ldap-agent service), check that they ' +
      'reach https://<org> through the proxy, and reinstall an agent whose token was revoked. Install a ' +
      'second agent on another host so one failure cannot stop sign-ins.',
  },
  AGENT_POOL_DEGRADED: {
    owner: 'org',
    layer: 'configuration',
    severity: 'alarm',
    alarms: ['agent-pool-degraded'],
    title: 'Agent pool degraded',
    summary:
      'Some agents of an agent pool are not operational: the pool still works, with less redundancy; one ' +
      'more failure stops sign-ins for the users of that directory.',
    remedy:
      'In Dashboard > Agents, find the agents of the pool named in the detail that are not operational and ' +
      'when they last connected; restart the Okta agent service on their hosts, or remove agents of ' +
      'decommissioned hosts.',
  },
  INVENTORY_SCOPE_NOT_GRANTED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    subject: 'grant',
    refusal: 'scope',
    title: 'Inventory scope not granted',
    summary:
      'Okta refused the scope one kind of inventory item needs (consent_required at /token, or 403 ' +
      'insufficient_scope): that kind is not read. Every other check and inventory item runs as before.',
    remedy:
      'In Applications > Applications > [the API Services app] > Okta API Scopes, click Grant beside the ' +
      'scope named in the detail. Or remove that scope from the "org" server\'s scopes in the configuration ' +
      'to stop reading that kind.',
  },
  INVENTORY_ROLE_MISSING: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    subject: 'grant',
    refusal: 'role',
    title: 'No admin role to read the inventory',
    summary:
      'Okta issued the token but the list call answered 403 E0000006: the service app holds no admin role ' +
      'that may read that kind of item. Every other check runs as before.',
    remedy: `In Applications > Applications > [the API Services app] > Admin roles, Edit assignments and give the narrowest role that reads the list the detail names, then Save changes (a scope alone is not enough: a service app needs the granted scope and an admin role). ${Object.values(
      INVENTORY_SCOPES,
    )
      .map((scope) => `${scope}: ${grantAdvice(scope)}`)
      .join(
        '; ',
      )}. A custom role is made in Security > Administrators > Roles, its resource set in Resources, and assigned to the app with both. ${STILL_FORBIDDEN}`,
  },
  INVENTORY_THROTTLED: {
    owner: 'probe',
    layer: 'reading',
    severity: 'alarm',
    refusal: 'throttled',
    title: 'Inventory read held back',
    summary:
      'The inventory stopped reading one kind of item: its rate-limit bucket answered 429 or fell below the ' +
      "half the probe leaves to the org's own clients, or the run's request budget ran out. It is read again " +
      'at the next inventory.',
    remedy:
      'Usually transient. If it lasts, see who uses the bucket named in the detail in Reports > Rate Limits, ' +
      'or lower "inventoryMaxApps" in the configuration so fewer app keys are read per inventory.',
  },
} as const satisfies Readonly<Partial<Record<DiagnosisCode, CodeRow>>>;
