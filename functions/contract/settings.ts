// Values the probe and the stack share: defaults, the certificate threshold, Okta's status indicator values, and
// how the management check and the System Log reader call Okta.

/** The management check's read-only call for each okta.*.read scope, in order of preference (one item each). */
export const MANAGEMENT_PATHS: Readonly<Record<string, string>> = {
  'okta.users.read': '/api/v1/users?limit=1',
  'okta.groups.read': '/api/v1/groups?limit=1',
  'okta.apps.read': '/api/v1/apps?limit=1',
  'okta.logs.read': '/api/v1/logs?limit=1',
  'okta.authorizationServers.read': '/api/v1/authorizationServers?limit=1',
};

/**
 * APIs one server's resource check may call each run: each is a request to the organisation's own API every minute
 * from every region, so a catalogue of endpoints belongs in the API's own tests, not here.
 */
export const MAX_RESOURCES = 10;

/**
 * The longest cadence of a function of the stack that runs on a schedule of its own (a "browser" journey's, the
 * Preview org's), minutes: its schedule keeps a run's event for one period, and Lambda's asynchronous invocation
 * config takes MaximumEventAgeInSeconds from 60 to 21,600 (6 hours), so a longer one fails at synth.
 */
export const MAX_EVENT_AGE_MINUTES = 360;

/** The scope the System Log look-up requests, alone, with the Org-AS server's credential. */
export const SYSTEM_LOG_SCOPE = 'okta.logs.read';

/** The scope the provisioning-health check reads the app listing with (each app's features), alone. */
export const APPS_SCOPE = 'okta.apps.read';
/** The scope that lists the org's inline hooks (integration health; advised, not required). */
export const INLINE_HOOKS_SCOPE = 'okta.inlineHooks.read';

/** How the System Log is read: bounded, stateless and polite to the org's other log readers. */
export const SYSTEM_LOG = {
  /**
   * Requests to /api/v1/logs per run, at most: its bucket is 20 to 120 a minute by plan, shared with the org's SIEM.
   */
  maxRequestsPerRun: 3,
  /**
   * Pages of the rate-limit and failover events a run polls, at most: the rest of maxRequestsPerRun is the failures'
   * look-up's. The sign-ins' and provisioning's pages come on top and are never taken by it: a backlog of rate-limit
   * events (or a log answering them slowly in full pages) once took every request of the run, and a first run read
   * none of its provisioning backlog.
   */
  rateLimitPages: 2,
  /** Okta writes events "near real-time": an `until` closer to now than this may miss events still being written. */
  lagSeconds: 30,
  /** Admin changes this far before the first failure are reported. */
  changeLookbackMinutes: 60,
  /**
   * No further request this run once Remaining falls below this percent of the bucket's Limit: the rest is the SIEM's.
   */
  reservePercent: 50,
  /** Events per page (Okta allows up to 1000). */
  pageLimit: 1000,
  /**
   * Events per page at least, when a first page of pageLimit did not arrive within the budget and a reader asks
   * smaller pages (halved each run it does not, doubled each run it does).
   */
  minPageLimit: 50,
  /**
   * Each part of a run's log look-up (the rate-limit read beside the checks; the failures explained after them) ends
   * within this, token and pages included: a slow log delays the run's metrics by at most this, not by up to three
   * timeoutMs. What it could not read is read next run.
   */
  budgetMs: 2000,
  /**
   * With a timeoutMs above the default (the config says Okta answers slowly from here), the budget is this share of
   * it, never less than budgetMs: still below one request's timeout, so a slow log never holds the run's metrics for
   * a whole request, let alone three.
   */
  budgetShareOfTimeout: 0.4,
} as const;

/**
 * How the probe reads Okta's list answers (the System Log's pages, the Management API's lists): element by element as
 * they arrive, never held whole (probe/http/json-array.ts), so a page's size is bounded by what Okta sends, not by
 * DEFAULTS.maxBodyBytes. A System Log page of 1,000 events is 1.7 MB and more (an Okta LogEvent is 1.7 KB with its
 * fields filled, more with a long user agent, IP chain or debug data); these bounds are the hostile answer's.
 */
export const LIST_READ = {
  /** Bytes one element may have: an event or an app is a few KB; EventBridge's largest event is 256 KB. */
  maxItemBytes: 256 * 1024,
  /** Nesting within one element: Okta's events and apps nest about six deep. */
  maxDepth: 32,
  /** Bytes one page may have: 1,000 events of 16 KB each. */
  maxPageBytes: 16 * 1024 * 1024,
  /**
   * Bytes one run reads of Okta's lists at most, every reader together (the System Log's, the inventory's, a group's
   * discovery, a user's app links: one budget, ServerContext.listBudget): what it reads is not held, so this bounds
   * the run's time and transfer, not its memory. A catalogue of 10,000 SAML apps of 6 KB (60 MB) and the System Log's
   * pages fit; past it a reader stops throttled, and the rest is read next run.
   */
  maxRunBytes: 128 * 1024 * 1024,
} as const;

/**
 * The provisioning-health check's settings (the config's provisioning) and bounds. It reads the provisioning events
 * through the System Log's session (its budget, its back-off, a cursor of its own) and the app listing on a token of
 * okta.apps.read alone. Leavers warn by default: a leaver who keeps access stops no one signing in.
 */
export const PROVISIONING = {
  /** Whether open leavers page (default: they warn, as failing apps do). */
  pageOnLeavers: false,
  /** How far back a run with no cursor (the first) reads the log, hours. */
  lookbackHours: 24,
  /** Okta's System Log keeps 90 days: a longer look back reads nothing more. */
  maxLookbackHours: 90 * 24,
  /**
   * Pages of provisioning events (1,000 each) a run reads, at most, on top of the look-up's and the sign-ins' pages:
   * a backlog (a first run's day) is read by the next runs from the kept cursor.
   */
  pagesPerRun: 3,
  /**
   * The window an app's provisioning is judged over, minutes: a warm probe keeps the events it read this long, so an
   * app that failed stays failing for an hour after its last failure, not only in the run that read it.
   */
  windowMinutes: 60,
  /** Events the window keeps, at most (memory bound; a few hundred bytes each). */
  maxWindowEvents: 20_000,
  /** Apps a page of GET /api/v1/apps asks (Okta's largest `limit` for apps). */
  appsPageLimit: 200,
  /** Pages of the app listing a run reads, at most: 5,000 apps. */
  appsMaxPages: 25,
  /**
   * The app listing is read again after this long (a warm probe keeps it): features change when an admin edits an
   * app, not every minute, and 25 pages every minute would take a quarter of the /api/v1/apps bucket.
   */
  appsEveryMinutes: 60,
  /** Apps named in the run line and the notification, at most; the rest are counted. */
  maxAppsNamed: 10,
} as const;

/**
 * Provisioning events from Okta's Log Streaming (the org server's userSignIns.eventSource with "provisioning"): the
 * sign-ins' aggregator stores each reduced event beside the minute's tallies, and the probe reads them back instead of
 * polling the log (probe/provisioning/stream.ts, docs/provisioning.md "On Okta's Log Streaming").
 */
export const PROVISIONING_STREAM = {
  /**
   * Hours a stored event is kept (the table's TTL): a probe that starts cold reads this far back at most, so events
   * outlive a day's outage of the probe. Longer costs nothing read, only storage of a few hundred bytes an event.
   */
  keepHours: 25,
  /**
   * A warm probe reads again from this many minutes before where its last read stopped. Reductions are stored by the
   * minute their batch arrived, not by their events' `published`, so a late delivery (a batch redelivered after its
   * 420 s visibility, a redrive of dead letters) lands after the last read whatever its events' age; the margin covers
   * only a batch that arrived before the last read and committed after it (the aggregator's 60 s timeout, and the
   * minute's rounding). The ledger and the judge count an event read twice once.
   */
  lateMinutes: 2,
  /** Events a run reads back, at most (memory: a few hundred bytes each); past it the newest are kept, told. */
  maxEvents: 50_000,
  /**
   * What the stream cannot give, the System Log can (it keeps 90 days): a stream Okta deactivated after two failed
   * deliveries (it has no replay), a batch in the aggregator's dead-letter queue, a read cut by a bound. The probe
   * polls the provisioning events from its own cursor (the polling path's) at its first run in a process, then at
   * least this often, and every run while a gap shows (the table unreadable, a read cut short, the last backfill not
   * drained).
   */
  backfillEveryMinutes: 60,
  /**
   * How old a streamed provisioning event the aggregator still stores, hours: what the System Log keeps, so a
   * redelivery or a redrive of dead letters is stored whatever its delay (the sign-ins' tallies keep an hour's).
   */
  maxAgeHours: 90 * 24,
} as const;

/**
 * The user-sign-ins check's defaults (the config's userSignIns): a quiet app is never judged, and a fifth of the
 * people who tried and never got in within a quarter of an hour is a failing app, far above the few percent of
 * mistyped passwords every org has.
 */
export const USER_SIGN_INS = {
  /** Sign-ins to an app (or factor, or IdP) in the window below which it is "not enough data". */
  minEvents: 20,
  /** Fraction of distinct users who never got in at or above which it fails. */
  failureRate: 0.2,
  /** The window judged, minutes: a warm probe keeps the sign-ins it read for this long. */
  windowMinutes: 15,
  /** Sign-in records a window keeps, at most (memory bound; about 200 bytes each). */
  maxRecords: 200_000,
  /**
   * Pages of sign-in events (1000 each) a run reads, at most, on top of the System Log look-up's own requests: an
   * org's backlog beyond that is read by the next runs, from the kept cursor.
   */
  pagesPerRun: 2,
  /** The drop alarm's band, standard deviations below the learnt level (CloudWatch's default width). */
  dropBandStdDevs: 2,
  /**
   * The drop alarm's window: periods of one judged window (each run publishes the quarter hour's count, so a period's
   * average is that level), two in a row below the band: a half-hour lull, never one slow period.
   */
  dropWindow: { periodMinutes: 15, evaluationPeriods: 2, datapointsToAlarm: 2 },
} as const;

/**
 * The System Log event types the user-sign-ins check judges (probe/system-log/sign-in-events.ts says why each): the
 * polling filter asks for these, and the stack's EventBridge rule on Okta's Log Streaming matches these, one list.
 */
export const SIGN_IN_EVENT_TYPES: readonly string[] = [
  'user.authentication.sso',
  'policy.evaluate_sign_on',
  'user.session.start',
  'user.authentication.auth_via_mfa',
  'user.authentication.auth_via_IDP',
  'user.authentication.auth_via_social',
  'user.authentication.auth_via_inbound_SAML',
  'application.policy.sign_on.deny_access',
];

/**
 * The System Log event types the provisioning health judges (okta-developer-docs data/event-types.json; the judge,
 * probe/provisioning/events.ts, says what each means): the polling filter asks for these, and an EventBridge rule on
 * Okta's Log Streaming would match these, one list.
 */
export const PROVISIONING_EVENT_TYPES = [
  // Written on success and on failure: judged by outcome.result.
  'application.provision.user.push',
  'application.provision.user.push_profile',
  'application.provision.user.deactivate',
  'application.provision.user.reactivate',
  'application.provision.user.sync',
  'application.provision.user.verify_exists',
  // Errors whatever their outcome.result (a sample of rate_limit_exceeded carries SUCCESS).
  'application.integration.authentication_failure',
  'application.integration.rate_limit_exceeded',
  'application.integration.general_failure',
  'application.integration.api_query',
  'application.configuration.update',
  // A group push mapping's change that "cannot be retried", and the one that "will be retried".
  'application.provision.group_push.mapping.update.or.delete.failed.with.error',
  'application.provision.group_push.mapping.update.or.delete.failed',
  // A deprovisioning task resolved (its resolution), and an unassignment not yet deprovisioned.
  'application.provision.user.deprovision',
  'application.user_membership.deprovision',
  'application.user_membership.revoke',
  // The same user assigned to the same app again: a leaver no longer.
  'application.user_membership.add',
  'application.user_membership.restore',
  // A user removed from the app in Okta: what Okta's own KB queries for Deactivate Users.
  'application.user_membership.remove',
  // Granular deprovisioning (release 2026.07.3): the account deleted, or its managed groups and roles removed.
  'application.provision.user.delete',
  'application.provision.user.remove_entitlements',
  // Okta's password pushes (judged by outcome.result), and the issue one met, an error whatever its result
  // ("Issue pushing user password to external application", 2017.33).
  'application.provision.user.push_password',
  'application.provision.user.push_okta_password',
  'application.provision.user.password',
  // The app membership activated, and an import from the app (judged by outcome.result).
  'application.provision.user.activate',
  'application.provision.user.import',
  // The calls of group push: groups and their memberships in the app, judged by outcome.result.
  'application.provision.group.add',
  'application.provision.group.update',
  'application.provision.group.remove',
  'application.provision.group.import',
  'application.provision.group.verify_exists',
  'application.provision.group_membership.add',
  'application.provision.group_membership.update',
  'application.provision.group_membership.remove',
  'application.provision.group_membership.import',
  // A mapped app group that could not be renamed with its source group.
  'application.provision.group_push.mapping.app.group.renamed.failed',
] as const;
export type ProvisioningEventType = (typeof PROVISIONING_EVENT_TYPES)[number];

/** A day, ms: the unit of every expiry, report period and retention the code counts. */
export const DAY_MS = 86_400_000;
/**
 * How far ahead of this process's clock a time read back from any store may lie (a host whose clock is a few minutes
 * off) before the record is false: a time further ahead would hold, carry or report something for good.
 */
export const STORED_SKEW_MS = 5 * 60_000;

/** The certificate check warns when the org URL's certificate has fewer days left than this. */
export const CERTIFICATE_WARN_DAYS = 14;

/** Status feed indicator values, as published in StatusPageIndicator. */
export const STATUS_INDICATOR = { none: 0, minor: 1, major: 2, critical: 3 } as const;
export type StatusIndicator = keyof typeof STATUS_INDICATOR;

/**
 * Okta's org-wide limit of simultaneous transactions, shared with all the org's traffic (okta-developer-docs
 * reference/rl2-concurrency: "a default limit of 75 simultaneous transactions", 35 on the Integrator Free plan).
 */
export const OKTA_CONCURRENCY = { default: 75, integratorFree: 35 } as const;

/** Defaults shared by the CLI, the Lambda and the stack. */
export const DEFAULTS = {
  /** Per-request timeout, ms. */
  timeoutMs: 5000,
  /**
   * The run's requests to Okta in flight at once, at most: a tenth of Okta's org-wide concurrent limit (75; 35 on
   * Integrator Free, okta-developer-docs reference/rl2-concurrency), which every app and user of the org shares.
   */
  maxInFlight: 8,
  /**
   * A server's latency alarm threshold when the config writes none, ms (p90 above it in 2 of the last 3 runs warns;
   * null in the config turns it off). On by default because users expect it: every peer alerts on response time
   * (Checkly marks an API check degraded at 10 s by default, beside its 20 s failure). Ours must sit below timeoutMs
   * (a slower request fails as TIMEOUT and pages): a healthy Okta answers in a few hundred ms, so 2 s is a slowdown
   * people feel at sign-in, never noise. With a timeoutMs at or below it, there is no default alarm.
   */
  latencyWarnMs: 2000,
  /** Rate-limit headroom below this percent is RATE_LIMIT_HEADROOM_LOW. */
  rateLimitWarnPercent: 10,
  /**
   * Clock skew beyond this many seconds is CLOCK_SKEW. Okta's token verifiers allow 120 s, but a TOTP code is accepted
   * within ±30 s (one step): a clock 15 s off is warned of before it costs a code.
   */
  clockSkewWarnSeconds: 15,
  /** Certificates (a SAML app's signing certificate) warn with fewer days left than this (`expiryWarnDays`). */
  expiryWarnDays: 30,
  /** Leeway given to exp / iat / nbf when validating a token locally, seconds. */
  clockToleranceSeconds: 120,
  /** Okta's status feed (status.okta.com has no JSON API). */
  statusPageUrl: 'https://feeds.feedburner.com/OktaTrustRSS',
  /** Largest response body read, bytes; the rest is cut off, not buffered. */
  maxBodyBytes: 1024 * 1024,
  /**
   * Most answer bytes one run holds, all servers together: a healthy run of 90 servers reads about 3 MB, and the
   * function has 256 MB. Answers past it are cut off (and judged as truncated), never buffered. Each byte read is
   * held about three times over until a collection: the worst case (90 servers, every answer 0.5-4 MB) peaked at
   * 209-257 MB of 256 with 32 MB, 168-203 MB with 12 MB, 143-167 MB with 8 MB (BENCHMARKS.md section h). 8 MB
   * still holds the most a healthy run reads: a cold run of 90 servers (about 1 MB), the status feed and three
   * System Log pages, each capped at 1 MB.
   */
  maxRunBodyBytes: 8 * 1024 * 1024,
} as const;

/**
 * How long a secret may hold the stack's placeholder before the probe warns that its server is not monitored,
 * hours, from the placeholder version's creation. A first deployment often waits for another team to make the
 * Okta app and hand over its credential the same or the next working day: a warning sooner would come with
 * nearly every deployment and teach people to ignore the warn topic. After a `prefix` change (new secrets, the
 * credentials in the kept ones) this bounds the unnoticed blind time to a day.
 */
export const PLACEHOLDER_GRACE_HOURS = 24;

/**
 * The org inventory: each kind of item it reads on the "org" server with "inventory", and the scope that
 * read needs. Each kind is read with a token of its own scope when the first token is refused, so a scope not
 * granted degrades only its kind.
 */
export const INVENTORY_SCOPES = {
  'api-tokens': 'okta.apiTokens.read',
  'app-certificates': 'okta.apps.read',
  'idp-certificates': 'okta.idps.read',
  'log-streams': 'okta.logStreams.read',
  'event-hooks': 'okta.eventHooks.read',
  'agent-pools': 'okta.agentPools.read',
} as const;
export type InventoryKind = keyof typeof INVENTORY_SCOPES;
export const INVENTORY_KINDS = Object.keys(INVENTORY_SCOPES) as InventoryKind[];

/** The optional scope that lets the inventory read an API token owner's status (GET /api/v1/users/{id}). */
export const INVENTORY_OWNER_SCOPE = 'okta.users.read';

/** Defaults and bounds of the inventory's reads: slow-changing facts, read politely on the org's shared buckets. */
export const INVENTORY = {
  /** Minutes between inventories (`inventoryEveryMinutes`): the facts change over days, the buckets are the org's. */
  everyMinutes: 60,
  /**
   * Certificates (apps', IdPs') warn with fewer days left than this (`expiryWarnDays`): one horizon with SAML apps'.
   */
  expiryWarnDays: DEFAULTS.expiryWarnDays,
  /** Okta's default API token window, days (a token unused this long expires): the window apiTokenWarnDays is for. */
  tokenWindowDays: 30,
  /**
   * API tokens warn with fewer days left than this (`apiTokenWarnDays`) of a tokenWindowDays window, the same share of
   * a shorter one.
   */
  apiTokenWarnDays: 7,
  /** Apps whose signing key is read per inventory, at most (`inventoryMaxApps`): one request each. */
  maxApps: 200,
  /** Items per page (Okta's most for apps, IdPs and log streams). */
  pageLimit: 200,
  /** Pages of one list, at most: 2,000 apps. */
  maxPages: 10,
  /** Token owners whose status is read per inventory, at most (only with okta.users.read). */
  maxOwners: 25,
  /** No further request to a bucket once Remaining falls below this percent of its Limit: the rest is the org's. */
  reservePercent: 50,
  /** Requests in flight at once for the per-app key reads. */
  concurrency: 4,
  /** How far back the System Log's event_hook.delivery failures are read, minutes. */
  hookLookbackMinutes: 60,
} as const;

/**
 * Defaults and bounds of a group of SAML apps: a catalogue checked in shares over its cadence, politely on the org's
 * buckets. Okta's published limits (help.okta.com "API rate limits"): /app/{app}/{key}/sso/saml 750 requests a minute
 * for the org; concurrent requests 15 (Developer free) to 75 (Enterprise, Workforce).
 */
export const SAML_GROUP = {
  /** Each app is checked at least this often, minutes (`samlGroups[].everyMinutes`). */
  everyMinutes: 60,
  /** Apps checked at once (`samlGroups[].concurrency`): well under the smallest org's 15 concurrent requests. */
  concurrency: 4,
  maxConcurrency: 10,
  /** An app's metadata is read again after this (and at once after a signature its certificates do not verify). */
  metadataMaxAgeMs: DAY_MS,
  /** The catalogue is listed again after this, minutes; a failed listing keeps the last one. */
  discoverEveryMinutes: 60,
  /** Items per page of a Management API list (Okta's most for apps). */
  pageLimit: 200,
  /** Pages of one list, at most: 10,000 apps. */
  maxPages: 50,
  /**
   * A user's app links read at most: Okta answers them in one unpaged array (listAppLinks), one a link of about half
   * a KB, so a user assigned the largest catalogue a group reads (10,000 apps) fits a page's bytes.
   */
  maxAppLinks: 10_000,
  /** No further request to a bucket once Remaining falls below this percent of its Limit: the rest is the org's. */
  reservePercent: 50,
  /** An app not checked within this many times its cadence is overdue (SamlAppsOverdue). */
  overdueFactor: 2,
  /**
   * An app with no verdict of its own for this long is unchecked (SamlAppsUnchecked): coverage, whatever the cadence.
   */
  uncheckedAfterMs: DAY_MS,
  /** A kept app not seen in the catalogue for this long is forgotten (DynamoDB's TTL in the stack). */
  forgetAfterMs: 7 * DAY_MS,
  /** Okta's default /app/{app}/{key}/sso/saml limit a minute, for the share `plan` and `cost` print. */
  ssoBucketPerMinute: 750,
} as const;

/**
 * The pace one synthetic user's requests keep (probe/user-pace.ts): Okta's documented per-user limit, with a margin
 * (docs/decisions/per-user-pacing.md). `plan` states it; the probe keeps it.
 */
export const USER_PACE = {
  /** Okta's own: Identity Engine's 20 requests per user per 5 seconds (rl2-limits). */
  oktaPerWindow: 20,
  /** The window both count in, ms. */
  windowMs: 5000,
  /**
   * The most of the user's requests the probe sends in any window: a quarter below Okta's, for latency jitter and
   * anyone else signing in as the user.
   */
  perWindow: 15,
  /** Kept free of the apps' requests in every window: the journey's clean-up (revoke two tokens, close the session). */
  cleanupReserve: 3,
} as const;

/** The SAML apps' share of a window: what they may send of the user's requests in any USER_PACE.windowMs. */
export const APPS_PER_WINDOW = USER_PACE.perWindow - USER_PACE.cleanupReserve;

/**
 * The integration-health check's bounds and thresholds (the config's integrationHealth). It reads the integrations'
 * events through the System Log's session (its budget, its back-off, a cursor of its own) and judges a window of them,
 * each event reduced to a few fields as it arrives.
 */
export const INTEGRATION_HEALTH = {
  /** Pages of events (1,000 each) a run reads, at most, on top of the log's other readers: a backlog waits. */
  pagesPerRun: 3,
  /** The window each integration is judged over, minutes: a warm probe keeps the reduced events this long. */
  windowMinutes: 60,
  /** Reduced events the window keeps, at most (memory bound; under a hundred bytes each). */
  maxWindowEvents: 50_000,
  /** Sends of a telephony provider in the window before a share of them is judged. */
  minSends: 5,
  /** The share of SMS and voice sends that failed over to Okta's providers that warns, percent. */
  failoverWarnPercent: 10,
  /** A provider's share of failed deliveries that warns, percent. */
  failureWarnPercent: 20,
  /** A provider's share of failed deliveries above which it pages: most sends fail (more than half), percent. */
  failurePagePercent: 50,
  /** Refusals of the org's own SMTP server in the window that page (one refusal may be a blip). */
  smtpPageRefusals: 3,
  /** Hooks, providers, apps and rules named in a result, at most; the rest are counted. */
  maxNamed: 20,
} as const;

/**
 * The scope of policy simulation and of a policy's rules (POST /api/v1/policies/simulate, GET
 * /api/v1/policies/{policyId}/rules/{ruleId}: okta-developer-docs guides/policy-simulation and the Policy API).
 */
export const POLICIES_SCOPE = 'okta.policies.read';

/**
 * The access assertions (the top-level "accessAssertions"): one simulation a run for every row, each matched rule
 * read once and kept by its id and lastUpdated.
 */
export const ACCESS_ASSERTIONS = {
  /**
   * Rows one simulation carries, at most. Okta documents no bound on the body's array; a run reads at most this many
   * rules besides, within the Policy API's bucket (100 a minute on a Workforce org), at half of which the reader stops.
   */
  maxRows: 25,
  /** Minutes a matched rule's action is kept: an edit in place is seen within this, a reassignment the next run. */
  ruleEveryMinutes: 5,
  /** Minutes before a rule read that failed is tried again (0: the next run). */
  ruleRetryMinutes: 0,
  /**
   * Days of the System Log searched for who changed a failing row's policy, rule or app: the log's retention (90 days:
   * okta-developer-docs reference/system-log-query). One page, newest first, a run with a failing row.
   */
  changeLookbackDays: 90,
  /** Requests to /api/v1/logs the rows' change look-up adds to the run's log session, at most. */
  logRequestsPerRun: 1,
  /** Minutes an app found by its label is kept: a relabelled app is found again within this. */
  labelEveryMinutes: 60,
  /**
   * Apps of GET /api/v1/apps?q= read for a label (one page): the label's app is among those whose name or label
   * starts so.
   */
  labelMatches: 20,
  /** Reads `plan --org` has in flight at once while it asks the org for the rows' apps, users, groups and zones. */
  orgLookupsInFlight: 4,
} as const;

/** An app's id as Okta writes it (0oa and 17 letters or digits): a row names its app by id, else by its label. */
export const isAppId = (app: string): boolean => /^0oa[A-Za-z0-9]{17}$/.test(app);

/**
 * The scope each of a row's values is read with by `plan --org`, read-only, each on a token of its own (a scope not
 * granted leaves that kind unchecked, never the others): GET /api/v1/apps/{id} (or ?q= for a label),
 * /api/v1/users/{id}, /api/v1/groups/{id}, /api/v1/zones/{id} (Okta's Management API: Applications, Users, Groups,
 * Network Zones).
 */
export const ACCESS_ORG_SCOPES = {
  app: APPS_SCOPE,
  user: 'okta.users.read',
  group: 'okta.groups.read',
  zone: 'okta.networkZones.read',
} as const;

/**
 * What a row of accessAssertions may assert of the factors, weakest first: the order judges weaker and stronger.
 * "password only": the rule asks one factor (Okta's factorMode 1FA); "two factors": 2FA; "phishing-resistant": a
 * possession factor with phishingResistant REQUIRED (Okta's access policy rule, actions.appSignOn.verificationMethod).
 */
export const FACTOR_REQUIREMENTS = ['password only', 'two factors', 'phishing-resistant'] as const;
export type FactorRequirement = (typeof FACTOR_REQUIREMENTS)[number];

/** The risk levels a simulation declares (policyContext.risk.level: the Policy API's simulation body). */
export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;

/**
 * The device platforms a simulation declares (policyContext.device.platform): the platforms of Okta's access policy
 * rules and device assurance (ANDROID, CHROMEOS, IOS, MACOS, WINDOWS), and DESKTOP_OTHER and MOBILE_OTHER for the
 * rest. Unconfirmed against the simulation's own enum, which no stored source lists.
 */
export const DEVICE_PLATFORMS = [
  'ANDROID',
  'CHROMEOS',
  'IOS',
  'MACOS',
  'WINDOWS',
  'DESKTOP_OTHER',
  'MOBILE_OTHER',
] as const;

/** The scope custom domains are read with (listCustomDomains and getCustomDomain: okta-sdk-nodejs oas-spec). */
export const DOMAINS_SCOPE = 'okta.domains.read';

/**
 * Integration health's reading of the org's custom domains (GET /api/v1/domains, then /api/v1/domains/{id} for a
 * verified domain listed without its certificate). A certificate's expiry moves in days: read hourly at most.
 */
export const INTEGRATION_DOMAINS = {
  /** Minutes between reads: a warm probe judges the last read against the clock in between. */
  everyMinutes: 60,
  /** Minutes before a read that failed (refused, throttled, malformed) is tried again. */
  retryMinutes: 15,
  /** Domains judged, at most: Okta allows three custom domains an org (guides/custom-url-domain); more is counted. */
  maxDomains: 50,
  /** Domains read one by one (/api/v1/domains/{id}) for their certificate, at most, a read. */
  maxDetailReads: 10,
  /**
   * Days before a 90-day Okta-managed certificate's expiry that warn, and the same share of a shorter lifetime (Let's
   * Encrypt's 64 days from 2027, 45 from 2028): Okta renews it itself, well before expiry, so one this close has failed
   * to renew (Okta documents no renewal lead).
   */
  oktaManagedWarnDays: 28,
  /** Days before a certificate the org uploaded (MANUAL) expires that warn: the org uploads the next one. */
  manualWarnDays: 14,
} as const;

/**
 * The event types integration health reads (okta-developer-docs data/event-types.json), one filter of Okta's SCIM
 * form: `eq` for a type, `sw` for a family (the SMS and voice sends, the Workflows limit's two levels).
 */
export const INTEGRATION_EVENT_FILTERS = {
  eq: [
    // Written only when an execution fails, with debugData.inline_hook_type and error_message.
    'inline_hook.executed',
    // Written for every answer Okta processed, "even when the processing is unsuccessful": the denominator.
    'inline_hook.response.processed',
    'system.sms.receive_status',
    'system.email.delivery',
    // A failed verification of the org's e-mail domain: Okta then sends from noreply@okta.com.
    'system.email_domain.verify',
    'system.import.roadblock',
    'app.realtimesync.import_failed',
    // Each import's start and end, the end's outcome.result FAILURE when it failed.
    'system.import.start',
    'system.import.complete',
    'group.user_membership.rule.error',
    'group.user_membership.rule.invalidate',
    'policy.rule.invalidate',
  ],
  sw: ['system.sms.send_', 'system.voice.', 'workflows.org.step_execution_limit.'],
} as const;
