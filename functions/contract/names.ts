// The names both sides key on: the CloudWatch namespace, metric and dimension names, the special server ids, the
// checks and the alarm severities.

/** Default CloudWatch namespace of every metric the probe publishes. */
export const DEFAULT_NAMESPACE = 'OktaSynthetics';

/** Metric names, with the unit, dimensions and meaning of each (README "Metrics" is generated from this). */
export const METRICS = {
  CheckSuccess: {
    name: 'CheckSuccess',
    unit: 'Count',
    dimensions: 'Server, Check',
    meaning:
      '1 when the check passed (or does not apply), 0 when it failed; nothing when it was skipped after a ' +
      'failed step. Not for a check whose gauge replaces it (clock, certificate).',
  },
  CheckLatency: {
    name: 'CheckLatency',
    unit: 'Milliseconds',
    dimensions: 'Server, Check',
    meaning: "Wall time of the check's own HTTP exchange, for the checks that make a request.",
  },
  RateLimitHeadroom: {
    name: 'RateLimitHeadroom',
    unit: 'Percent',
    dimensions: 'Server',
    meaning: "Remaining / Limit of the server's /token rate-limit bucket (/oauth2/v1/token or /oauth2/{id}/v1/token).",
  },
  StatusPageIndicator: {
    name: 'StatusPageIndicator',
    unit: 'None',
    dimensions: 'Server ("okta")',
    meaning: "Okta's status feed: 0 nothing open, 1 minor or maintenance, 2 major, 3 critical.",
  },
  ClockSkew: {
    name: 'ClockSkew',
    unit: 'Seconds',
    dimensions: 'Server',
    meaning: "Okta's Date header minus the probe's clock (signed).",
  },
  TlsCertificateDaysToExpiry: {
    name: 'TlsCertificateDaysToExpiry',
    unit: 'None',
    dimensions: 'Server (the first server)',
    meaning: "Days until the org URL's TLS certificate expires (its notAfter).",
  },
  OrgRateLimitViolations: {
    name: 'OrgRateLimitViolations',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      'Rate-limit violations of any endpoint of the org in the System Log window the run owns ' +
      '(system.org/operation.rate_limit.violation, core.concurrency.org.limit.violation); no per-URL ' +
      'dimension.',
  },
  OrgRateLimitWarnings: {
    name: 'OrgRateLimitWarnings',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      'Rate-limit warnings (and bursts) of any endpoint of the org in the System Log window the run owns; no ' +
      'per-URL dimension.',
  },
  ApiTokenDaysToExpiry: {
    name: 'ApiTokenDaysToExpiry',
    unit: 'None',
    dimensions: 'Server ("org")',
    meaning:
      "Days until the first of the org's API tokens stops working (its tokenWindow, 30 days by default, " +
      'after its last use; below 0 once one has or its owner is deactivated, 0 for one just gone from the ' +
      'list; a healthy token with a shorter window does not count); no per-token dimension.',
  },
  AppCertificateDaysToExpiry: {
    name: 'AppCertificateDaysToExpiry',
    unit: 'None',
    dimensions: 'Server ("org")',
    meaning:
      'Days until the first signing certificate of an active SAML/WS-Fed app expires (below 0: one has); no ' +
      'per-app dimension.',
  },
  IdpCertificateDaysToExpiry: {
    name: 'IdpCertificateDaysToExpiry',
    unit: 'None',
    dimensions: 'Server ("org")',
    meaning:
      "Days until the first active identity provider's last trust certificate expires (below 0: one has); no " +
      'per-IdP dimension.',
  },
  UnhealthyLogStreams: {
    name: 'UnhealthyLogStreams',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      'Log streams that are not ACTIVE (Okta deactivates one after failed deliveries), but for those an ' +
      'admin deactivated (with systemLog, read from the System Log).',
  },
  FailingEventHooks: {
    name: 'FailingEventHooks',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning: 'Event hooks that are INACTIVE or UNVERIFIED, or (with systemLog) failed deliveries in the last hour.',
  },
  UnhealthyAgentPools: {
    name: 'UnhealthyAgentPools',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      'Agent pools (AD, LDAP, ...) with a visible, active agent that is not OPERATIONAL (INACTIVE and hidden ' +
      'agents do not count).',
  },
  AgentPoolsDown: {
    name: 'AgentPoolsDown',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      'Agent pools none of whose visible, active agents serves (OPERATIONAL or DEGRADED): users mastered by ' +
      'them cannot sign in.',
  },
  PasswordDaysToExpiry: {
    name: 'PasswordDaysToExpiry',
    unit: 'None',
    dimensions: 'Server (a signIn id)',
    meaning:
      "Days until the synthetic user's password expires, when Okta warns of it (PASSWORD_WARN); nothing otherwise.",
  },
  SignInPageRenderPercent: {
    name: 'SignInPageRenderPercent',
    unit: 'Percent',
    dimensions: 'Server (a signIn id)',
    meaning:
      "The Sign-In Widget's render time on a walk that signed in, as a percent of the journey's render budget " +
      '(renderBudgetSeconds; 100 is the budget); nothing when the walk did not sign in.',
  },
  SamlCertificateDaysToExpiry: {
    name: 'SamlCertificateDaysToExpiry',
    unit: 'None',
    dimensions: 'Server (a samlApps id with ownAlarm)',
    meaning:
      "Days until the SAML app's signing certificate (the one that signed, else the metadata's soonest to " +
      'expire) expires; negative once it has.',
  },
  SamlSigningSha1: {
    name: 'SamlSigningSha1',
    unit: 'None',
    dimensions: 'Server (a samlApps id with ownAlarm)',
    meaning:
      'Whether the SAML app signs with SHA-1 (1) or SHA-2 (0), read from the signature of the last assertion judged.',
  },
  SamlAppsFailing: {
    name: 'SamlAppsFailing',
    unit: 'Count',
    dimensions: 'Server (a SAML app group id)',
    meaning:
      'Apps of the group whose latest check (fresh or carried) found no assertion its SP would accept; no ' +
      'per-app dimension.',
  },
  SamlAppsExpiring: {
    name: 'SamlAppsExpiring',
    unit: 'Count',
    dimensions: 'Server (a SAML app group id)',
    meaning:
      'Apps of the group whose signing certificate has fewer than expiryWarnDays days left (counted from ' +
      "each app's last reading, day by day).",
  },
  SamlCertificateSoonestDays: {
    name: 'SamlCertificateSoonestDays',
    unit: 'None',
    dimensions: 'Server (a SAML app group id)',
    meaning: "Days until the first signing certificate of the group's apps expires; negative once one has.",
  },
  SamlAppsOverdue: {
    name: 'SamlAppsOverdue',
    unit: 'Count',
    dimensions: 'Server (a SAML app group id)',
    meaning:
      'Apps of the group not checked within twice their cadence (everyMinutes): the runs could not keep up ' +
      "(time, Okta's rate limits) or discovery failed.",
  },
  SamlAppsUnchecked: {
    name: 'SamlAppsUnchecked',
    unit: 'Count',
    dimensions: 'Server (a SAML app group id)',
    meaning:
      'Apps of the group with no verdict of their own in the last day (never checked, or only carried ' +
      'since); a group whose catalogue is empty counts 1, for the apps it cannot see.',
  },
  SamlAppsSha1: {
    name: 'SamlAppsSha1',
    unit: 'Count',
    dimensions: 'Server (a SAML app group id)',
    meaning: 'Apps of the group whose last assertion judged was signed with SHA-1 (rsa-sha1 or a sha1 digest).',
  },
  MaintenanceWindow: {
    name: 'MaintenanceWindow',
    unit: 'Count',
    dimensions: 'Server ("all")',
    meaning: "1 per Lambda run while an operator's maintenance window is open; nothing otherwise.",
  },
  ServerLatency: {
    name: 'ServerLatency',
    unit: 'Milliseconds',
    dimensions: 'Server',
    meaning:
      "Every answered request of an authorization server's checks in a run (a timeout or connection error is " +
      'none), one datapoint each; only for servers whose latency is alarmed (latencyWarnMs): the alarm takes ' +
      'its p90.',
  },
  UserSignIns: {
    name: 'UserSignIns',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      "Real users' sign-ins to apps and to Okta in the user-sign-ins check's window (user.authentication.sso, " +
      'policy.evaluate_sign_on DENY, user.session.start), the synthetic users excluded; no per-app or per-user ' +
      'dimension.',
  },
  UserSignInFailureRate: {
    name: 'UserSignInFailureRate',
    unit: 'Percent',
    dimensions: 'Server ("org")',
    meaning:
      'Distinct real users who tried and never got in during the window, over all who tried (apps and Okta); ' +
      'nothing with no sign-ins.',
  },
  UserSignInsFailing: {
    name: 'UserSignInsFailing',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      'Apps, factors and federated IdPs whose distinct users fail at or above userSignIns.failureRate in the ' +
      'window (the per-app detail is in the run line and the notification); no per-app dimension.',
  },
  ProvisioningAppsFailing: {
    name: 'ProvisioningAppsFailing',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      'Apps whose provisioning fails (a refused credential, the app unreachable, its configuration, several users ' +
      'refused alike) in the provisioning-health check; the apps by name are in the run line and the notification, ' +
      'never a dimension.',
  },
  IntegrationsPaging: {
    name: 'IntegrationsPaging',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      "The org's own integrations failing so that people are stopped (a password import or registration hook, most " +
      "SMS or calls undelivered, the org's SMTP server refusing) in the integration-health check; named in the run " +
      'line and the notification, never a dimension.',
  },
  IntegrationsWarning: {
    name: 'IntegrationsWarning',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      "The org's own integrations failing without stopping people outright (a token or SAML hook, telephony failing " +
      'over, an import stopped, a rule in error, Workflows throttled) in the integration-health check; never a ' +
      'dimension.',
  },
  AccessAssertionsWeakened: {
    name: 'AccessAssertionsWeakened',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      'Rows of accessAssertions whose simulated outcome is weaker than asserted (fewer factors, phishing resistance ' +
      'dropped, ALLOW where DENY was expected) in the access-assertion check; the rows by name are in the run line ' +
      'and the notification, never a dimension.',
  },
  ProvisioningOpenLeavers: {
    name: 'ProvisioningOpenLeavers',
    unit: 'Count',
    dimensions: 'Server ("org")',
    meaning:
      'People unassigned from an app whose account there may still be active (a failed deactivation, or an app ' +
      'that never deactivates), kept across runs until closed or acknowledged; never named, no per-app dimension.',
  },
  PreviewFailingChecks: {
    name: 'PreviewFailingChecks',
    unit: 'Count',
    dimensions: 'Server ("preview")',
    meaning:
      "Checks failing in the Preview org's run (home region, every preview.everyMinutes); nothing while Preview is " +
      "unavailable. Totals only: the checks by name are in the Preview run's log line, never a dimension.",
  },
  PreviewAheadOfProduction: {
    name: 'PreviewAheadOfProduction',
    unit: 'Count',
    dimensions: 'Server ("preview")',
    meaning:
      'Checks failing in Preview while Production passes ("Fails in Preview since ...: Production next"), Preview ' +
      'entries that no longer mirror Production left out; warns, never pages.',
  },
  PreviewUnavailable: {
    name: 'PreviewUnavailable',
    unit: 'Count',
    dimensions: 'Server ("preview")',
    meaning:
      "1 when the Preview org answered no check (only Okta's edge or the network failed), 0 otherwise; warns, " +
      'never pages, never counted as downtime.',
  },
  UnpagedFailure: {
    name: 'UnpagedFailure',
    unit: 'Count',
    dimensions: 'Server',
    meaning:
      "1 when a page check of the target failed for a cause its pageFor leaves out (the probe's own, the app's " +
      'unless named): that failure warns, and its page alarm is not fed; 0 when its page checks ran otherwise. ' +
      'Only for a target whose page composite holds its own check alarms (a browser journey, or without the ' +
      'fast path).',
  },
  CredentialsNotPut: {
    name: 'CredentialsNotPut',
    unit: 'Count',
    dimensions: 'Server ("all")',
    meaning:
      "Servers and journeys whose secret has held the stack's placeholder longer than " +
      'PLACEHOLDER_GRACE_HOURS (not monitored); nothing otherwise.',
  },
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS]['name'];
export type MetricUnit = (typeof METRICS)[keyof typeof METRICS]['unit'];

/** Dimension names. */
export const DIMENSIONS = {
  /** "org" for the Org AS, the custom AS id otherwise, "okta" for the status feed. */
  Server: 'Server',
  /** One of CHECKS. */
  Check: 'Check',
} as const;

/** The server name under which the once-per-run status feed check reports. */
export const STATUS_SERVER = 'okta';

/** The Server dimension of the Preview org's totals: one value, no per-check dimension. */
export const PREVIEW_SERVER = 'preview';

/** The Server dimension of MaintenanceWindow: a maintenance silence covers the whole deployment. */
export const MAINTENANCE_SERVER = 'all';

/** The server id that means the Org authorization server. */
export const ORG_SERVER_ID = 'org';

/** Every check the probe can run, in report order. */
export const CHECKS = [
  'discovery',
  'keys',
  'token',
  'validate',
  'introspect',
  'management',
  'authorize',
  'rate-limit',
  'clock',
  'certificate',
  // The token at the API that consumes it (servers[].resources): the API's own answer, never Okta's.
  'resource',
  'status',
  // Okta's System Log, read with the "org" server's credential when it has "systemLog".
  'system-log',
  'org-rate-limit',
  'okta-failover',
  // Real users' sign-ins per app, factor and IdP, judged from the same log (the top-level "userSignIns").
  'user-sign-ins',
  // Provisioning to the org's apps, judged from the same log and the app listing (the top-level "provisioning").
  'provisioning-health',
  // The org's own integrations on the sign-in path, judged from the same log (the top-level "integrationHealth").
  'integration-health',
  // Who gets what: each row of the top-level "accessAssertions" asserted through Okta's policy simulation, one call a
  // run on the "org" server, never a sign-in.
  'access-assertion',
  // What will break next: the org's inventory, read every inventoryEveryMinutes on the "org" server.
  'inventory',
  'api-tokens',
  'app-certificates',
  'idp-certificates',
  'log-streams',
  'event-hooks',
  'agent-pools',
  'sign-in',
  // The app behind Okta, signed in to after the journey in its browser session (signIn[].app): the app's own answer.
  'app-sign-in',
  'password-expiry',
  'device-assurance',
  'enrollment-grace',
  'sign-in-widget',
  // A SAML app judged in a journey's session: the assertion as its SP judges it, the signing certificate.
  'saml',
  'saml-certificate',
  // A group of SAML apps: every app of a catalogue judged as the two checks above judge one, at a flat cost.
  'saml-apps',
] as const;
export type CheckName = (typeof CHECKS)[number];

/** Who an alarm wakes: page = an authorization server (or Okta) is unavailable; warn = capacity and hygiene. */
export const SEVERITIES = ['page', 'warn'] as const;
export type Severity = (typeof SEVERITIES)[number];
