// The Lambda's deployment contract: what the stack (lib/) sets and the handler (functions/lambda/) reads.
// Kept here so synth never loads the handler or the AWS SDK clients to learn a name.

/**
 * Environment variable that may hold the file-shape JSON configuration (no secrets: only secret names and ARNs).
 * The stack does not set it: a Lambda environment is capped at 4 KB, about a dozen servers. Tests and local runs do.
 */
export const CONFIG_ENV = 'OKTA_SYNTHETICS_CONFIG';
/**
 * The file the stack writes beside the probe's bundle (same JSON as CONFIG_ENV), read when CONFIG_ENV is unset.
 * Part of the asset: a configuration change is a new asset hash, so `cdk deploy` updates the function's code.
 */
export const CONFIG_FILE = 'okta-synthetics.config.json';
/**
 * The probe function's timeout, seconds: one run's hard limit, below the schedule's minute (lib/probe-function.ts's
 * default, read by `plan`).
 */
export const PROBE_TIMEOUT_SECONDS = 50;
/**
 * The streamed sign-ins' aggregator's memory, MB (lib/sign-in-stream.ts), which its cost is billed at
 * (functions/cost/stream.ts): a busy hour's batch of 10,000 events held while it is tallied (BENCHMARKS.md z and ae).
 */
export const AGGREGATOR_MEMORY_MB = 512;
/** Environment variable holding the CloudWatch namespace. */
export const NAMESPACE_ENV = 'NAMESPACE';
/** Environment variable holding the name of the maintenance-window SSM parameter (functions/lambda/maintenance.ts). */
export const MAINTENANCE_PARAMETER_ENV = 'MAINTENANCE_PARAMETER';
/** How long the run waits at the start of its minute, ms: each region after the first later (plan/concurrency.ts). */
export const START_OFFSET_ENV = 'START_OFFSET_MS';

/**
 * Environment variable holding the path of the sign-in journeys' state parameters
 * (functions/lambda/journey-state-ssm.ts).
 */
export const JOURNEY_STATE_PATH_ENV = 'JOURNEY_STATE_PATH';

/** The lease of journey <id> is the SSM parameter `${path}/${id}${JOURNEY_LEASE_SUFFIX}`, beside its state. */
export const JOURNEY_LEASE_SUFFIX = '-lease';
/** The SSM path under which each sign-in journey's state is one String parameter, `${path}/${id}`. */
export function journeyStatePath(prefix: string): string {
  return `/${prefix}/journey-state`;
}
/**
 * Environment variable holding the name of the sign-in journeys' state table
 * (functions/lambda/journey-state-dynamodb.ts).
 * Where it is set, the journeys' state lives there, and JOURNEY_STATE_PATH names only the SSM parameters it is carried
 * over from once.
 */
export const JOURNEY_TABLE_ENV = 'JOURNEY_TABLE';
/** The DynamoDB table holding each sign-in journey's state: partition key `journey`, sort key `item`. */
export function journeyTableName(prefix: string): string {
  return `${prefix}-journey-state`;
}
/**
 * The table's key and attribute names, for the stack and the store alike: the state is the item `state` of its
 * journey, a damaged one kept aside as `damaged#...` until `expires` (the table's TTL).
 */
export const JOURNEY_TABLE = {
  partitionKey: 'journey',
  sortKey: 'item',
  version: 'version',
  state: 'state',
  expires: 'expires',
  /**
   * On a state item whose journey's old SSM parameters may still exist (a delete after the carry-over failed): the
   * next claim of that version, in any sandbox, deletes them again.
   */
  ssmLeft: 'ssmLeft',
} as const;
/** The sort key of a journey's state item (a damaged one kept aside is `damaged#<hash>`). */
export const JOURNEY_STATE_ITEM = 'state';
/** Environment variable holding the path of the kept records' parameters (functions/lambda/kept-state-ssm.ts). */
export const KEPT_STATE_PATH_ENV = 'KEPT_STATE_PATH';
/**
 * The records checks keep between runs, each the SSM parameter `${path}/${key}`: the inventory's expiring API tokens.
 */
export const KEPT_KEYS = {
  apiTokens: 'api-tokens',
  /** Where the System Log's next poll starts (its `next` link), and the last events counted. */
  systemLog: 'system-log-cursor',
  /** Where the user-sign-ins check's own poll of the sign-in events starts, and the last events it counted. */
  userSignIns: 'user-sign-ins-cursor',
  /** The listed SAML apps as the inventory's app listing last told of them: found, and whether they provision. */
  listedSamlApps: 'saml-listed-apps',
  /** Where the provisioning-health check's own poll of the provisioning events starts, and the last events counted. */
  provisioning: 'provisioning-cursor',
  /** Where the integration-health check's own poll of the integrations' events starts, and the last events counted. */
  integrations: 'integration-health-cursor',
  /** Production's latest verdict of each check the Preview org mirrors, for the Preview run to pair with. */
  previewProduction: 'preview/production',
  /** When each pair's Preview failure began, so "Fails in Preview since" names the first run, not the last. */
  previewSince: 'preview/since',
  /** Okta's Preview release notes as the Preview run last read them, to read the feed once a day at most. */
  previewReleases: 'preview/releases',
  /**
   * The latest Preview comparison as the status page tells it (PreviewSummary): the Preview run writes it, the home
   * region's Production run reads it for the page's Preview line.
   */
  previewSummary: 'preview/summary',
} as const;
/**
 * The kept record of journey <id>'s SAML apps' verdicts, beside the journey's state and not in it: a level
 * below the other keys, so that no journey id (which has no "/") can name another record.
 */
export const samlVerdictsKey = (journeyId: string): string => `saml/${journeyId}`;
/**
 * The most a kept record (or a journey's state) holds, as JSON: an SSM Standard parameter's value, the smallest store.
 */
export const KEPT_RECORD_MAX_CHARS = 4096;
/** The SSM path under which each kept record is one String parameter, `${path}/${key}`. */
export function keptStatePath(prefix: string): string {
  return `/${prefix}/kept`;
}
/** The probe's log group, where its run lines are: the stack creates it, the availability report reads it. */
export function probeLogGroupName(prefix: string): string {
  return `/aws/lambda/${prefix}-probe`;
}
/**
 * The notifier's log group: its line of each alarm state change it handled (NOTIFIER_LOG_MESSAGES), which the
 * dashboards' "Alarm state changes" table reads, and the claim streams of the changes it sent.
 */
export function notifierLogGroupName(prefix: string): string {
  return `/aws/lambda/${notifierFunctionName(prefix)}`;
}
/** The notifier's function: its own errors alarm watches it by this name. */
export function notifierFunctionName(prefix: string): string {
  return `${prefix}-notifier`;
}
/** The queue of alarm changes EventBridge could not deliver to the notifier: its own alarm watches it by this name. */
export function notifierDeadLetterQueueName(prefix: string): string {
  return `${prefix}-notifier-dlq`;
}
/** Name of the SSM parameter that silences pages until the time it holds. */
export function maintenanceParameterName(prefix: string): string {
  return `/${prefix}/maintenance`;
}
/** How the placeholder starts: a secret still holding it has never been filled in. */
export const PLACEHOLDER_MARK = 'REPLACE-ME';
/** Value the stack stores in a secret it creates, until an operator puts the real credential in. */
export const SECRET_PLACEHOLDER = `${PLACEHOLDER_MARK}: put the PEM private key or client secret of this Okta app here`;

// The deployment's own alarms, named here (not in functions/plan/alarm-names.ts, which builds and parses every
// other alarm name) because the config refuses their first words as server ids, and the config never imports the plan.
/** The probe-liveness alarms (and the notifier's, which share the reserved words). */
type LivenessAlarm =
  | 'errors'
  | 'throttles'
  | 'heartbeat'
  | 'dlq'
  | 'maintenance'
  | 'probeDown'
  | 'silence'
  | 'notifierErrors'
  | 'notifierDlq'
  | 'alarmStatesDlq'
  | 'signInsDlq'
  | 'credentialsNotPut'
  | 'browserErrors'
  | 'browserHeartbeat'
  | 'browserDown'
  | 'browserSilence';

/** Names of the probe-liveness alarms of a deployment. */
export function liveness(prefix: string): Readonly<Record<LivenessAlarm, string>> {
  return {
    errors: `${prefix}-function-errors`,
    throttles: `${prefix}-function-throttles`,
    heartbeat: `${prefix}-heartbeat`,
    dlq: `${prefix}-dlq`,
    maintenance: `${prefix}-maintenance`,
    probeDown: `${prefix}-probe-down`,
    silence: `${prefix}-silence`,
    notifierErrors: `${prefix}-notifier-errors`,
    notifierDlq: `${prefix}-notifier-dlq`,
    // Only with metricStream's alarm states: the dead letters of their rules (functions/config/metric-stream-shape.ts
    // names the queue alike).
    alarmStatesDlq: `${prefix}-alarm-states-dlq`,
    // Only with Okta's Log Streaming (userSignIns.eventSource), in the home region: the aggregator's dead letters,
    // alarmed by the queue's own name (signInsDeadLetterQueueName).
    signInsDlq: signInsDeadLetterQueueName(prefix),
    credentialsNotPut: `${prefix}-credentials-not-put`,
    // Only with a "browser" journey: its function's own. Their first words are the probe's (function, heartbeat),
    // so they reserve no new server id: a server or journey named "browser" stays valid.
    browserErrors: `${prefix}-function-browser-errors`,
    browserHeartbeat: `${prefix}-heartbeat-browser`,
    // Its liveness as one alarm (errors or heartbeat), and what mutes its journeys: that or a maintenance window.
    browserDown: `${prefix}-function-browser-down`,
    browserSilence: `${prefix}-silence-browser`,
  };
}

/**
 * The first words of the deployment's own alarm names (function, heartbeat, dlq, ..., credentials): a server or
 * journey with one of them as its id would own those alarms in `status` and in the notifier, so config refuses it.
 */
export const DEPLOYMENT_NAME_WORDS: readonly string[] = [
  ...new Set(Object.values(liveness('')).map((name) => name.slice(1).split('-')[0] ?? '')),
];

// The notifier Lambda's deployment contract (functions/lambda/notifier.ts).
/** The probe's log group, read with FilterLogEvents. */
export const NOTIFIER_LOG_GROUP_ENV = 'PROBE_LOG_GROUP';
/** The alarm name prefix (composites are `${prefix}-${server}-${severity}`). */
export const NOTIFIER_PREFIX_ENV = 'ALARM_PREFIX';
/** JSON object: severity -> SNS topic ARN. */
export const NOTIFIER_TOPICS_ENV = 'SEVERITY_TOPICS';
/** The CloudWatch dashboard's name, for links (the console address is built from the function's region). */
export const NOTIFIER_DASHBOARD_ENV = 'DASHBOARD_NAME';
/** The notifier's own log group: one stream per change notified, the claim that sends a duplicate event once. */
export const NOTIFIER_SENT_LOG_GROUP_ENV = 'SENT_LOG_GROUP';

/** Environment variable holding the name of the bucket for failed checks' sanitized HTTP traces (lambda/har-s3.ts). */
export const HAR_BUCKET_ENV = 'HAR_BUCKET';
/** Where in that bucket the traces are kept: the probe may put objects under it and nowhere else. */
export const HAR_KEY_PREFIX = 'har/';

/** Environment variable holding the name of this org's own status page's bucket (lambda/status-page-s3.ts). */
export const STATUS_PAGE_BUCKET_ENV = 'STATUS_PAGE_BUCKET';
/**
 * The status page's objects: the page, its facts for integrations, and the model the next run folds its line into
 * (status.json is a rendering the model cannot be read back from). The probe reads the model and writes all three,
 * and nothing else of the bucket; CloudFront reads them through its origin access control.
 */
export const STATUS_PAGE_KEYS = { html: 'index.html', json: 'status.json', model: 'status-model.json' } as const;
/**
 * The parts of the page another function writes, each its own object and its own writer: the browser journeys'
 * function of the page's own region keeps its last run line here, which the probe folds into the page it publishes
 * (it reads, never writes it). Another region's browser function keeps its own at browserPartKeyOf(region).
 */
export const STATUS_PAGE_PART_KEYS = { browser: 'parts/browser-run.json' } as const;
/**
 * The part another region's browser function keeps in the home region's page bucket: one object per region, so each
 * has one writer, named by the region beside the home's (which keeps its key from before other regions had one).
 */
export const browserPartKeyOf = (region: string): string => `parts/browser-run-${region}.json`;
/** Environment variable holding the one key of the page's bucket the browser function writes (its part). */
export const STATUS_PAGE_PART_ENV = 'STATUS_PAGE_PART';
/**
 * Environment variable holding the page bucket's region, on a browser function of another region: S3 answers a
 * request sent to another region's endpoint with a redirect the SDK does not follow unless told.
 */
export const STATUS_PAGE_REGION_ENV = 'STATUS_PAGE_REGION';
/** The stack output holding the status page's address: `plan` names it, docs/status-page.md reads it. */
export const STATUS_PAGE_OUTPUT = 'StatusPageUrl';
/** What the help desk's browser and CloudFront may keep of the page: nothing, so it never shows a stale state. */
export const STATUS_PAGE_CACHE_CONTROL = 'no-cache, no-store, must-revalidate, max-age=0';

/** Environment variable holding the name of the SAML groups' table (functions/lambda/catalogue-dynamodb.ts). */
export const SAML_APPS_TABLE_ENV = 'SAML_APPS_TABLE';
/** The DynamoDB table holding a record per app of each group of SAML apps: partition key `group`, sort key `app`. */
export function samlAppsTableName(prefix: string): string {
  return `${prefix}-saml-apps`;
}
/** The table's key and attribute names, for the stack and the store alike. */
export const SAML_APPS_TABLE = { partitionKey: 'group', sortKey: 'app', record: 'record', expires: 'expires' } as const;
/**
 * Environment variable naming the DynamoDB table of the provisioning-health check's open leavers (one item each, keyed
 * by hashes, never a user id); the ledger outlives every run, as Okta forgets a failed deactivation after 90 days.
 */
export const PROVISIONING_TABLE_ENV = 'PROVISIONING_TABLE';
/** The table of open leavers: partition key `group` (the ledger), sort key `app` (an entry's hashed key). */
export function provisioningTableName(prefix: string): string {
  return `${prefix}-provisioning`;
}
/** Environment variable naming the Secrets Manager secret holding the key the leavers' user ids are hashed with. */
export const PROVISIONING_KEY_SECRET_ENV = 'PROVISIONING_KEY_SECRET';
/** The secret of the leavers' hashing key: generated by CloudFormation, never in the template. */
export function provisioningKeySecretName(prefix: string): string {
  return `${prefix}/provisioning-key`;
}
/**
 * Environment variable naming the DynamoDB table of real users' sign-ins tallied per minute from Okta's Log Streaming
 * (userSignIns.eventSource): the aggregator writes it, the probe's user-sign-ins check reads its window from it.
 */
export const SIGN_IN_TALLIES_TABLE_ENV = 'SIGN_IN_TALLIES_TABLE';
/**
 * Environment variable set ("1") when the aggregator also counts integration health's events (the config's
 * integrationHealth with userSignIns.eventSource): the stream's rule carries them, and it stores their counts.
 */
export const INTEGRATION_STREAM_ENV = 'INTEGRATION_STREAM';
/**
 * Environment variable holding the probe's subnet ids (comma-separated), set with the config's `vpc`: the probe reads
 * its VPC's address ranges from them (lambda/own-vpc.ts), which the hooks' TLS read never connects into.
 */
export const OWN_SUBNETS_ENV = 'OWN_SUBNETS';
/** Environment variable holding the synthetic users' logins (JSON list) the aggregator leaves out. */
export const SIGN_IN_EXCLUDED_ENV = 'SIGN_IN_EXCLUDED_LOGINS';
/** The DynamoDB table of the sign-ins' per-minute tallies: partition key `minute`, sort key `part`. */
export function signInTalliesTableName(prefix: string): string {
  return `${prefix}-sign-in-tallies`;
}

/** The sign-ins aggregator's dead-letter queue: the batches it failed maxReceiveCount times (lib/sign-in-stream.ts). */
export function signInsDeadLetterQueueName(prefix: string): string {
  return `${prefix}-sign-ins-dlq`;
}
/**
 * The table's key and attribute names: one item per minute, per aggregator commit and per part of a commit's tally
 * (`part` = `<commit>#<n>`, the minute's version it made), its tally as JSON in `tally`, gone after `expires` (the
 * table's TTL).
 */
export const SIGN_IN_TALLIES_TABLE = {
  partitionKey: 'minute',
  sortKey: 'part',
  tally: 'tally',
  expires: 'expires',
} as const;

// The Preview org's deployed run (docs/decisions/preview-deployed.md): the same function, invoked by a schedule of its
// own in the home region with this event, probes the Preview org and pairs it with Production's latest verdicts.
/** The event the Preview schedule sends: the probe runs the Preview org instead of Production. */
export const PREVIEW_EVENT = { run: 'preview' } as const;
/** Whether an invocation's event asks for the Preview run (anything else is Production's run). */
export function isPreviewEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { run?: unknown }).run === PREVIEW_EVENT.run;
}
/**
 * The probe function's alias the Preview schedule invokes (Production's schedule invokes the function itself). Lambda
 * counts an alias's invocations under the dimensions FunctionName and Resource `<function>:<alias>` as well as in the
 * function's own Invocations, so the heartbeat subtracts them: only Production's schedule can keep it OK.
 */
export const PREVIEW_ALIAS = 'preview';
/** The Preview run's EventBridge Scheduler schedule, beside Production's `${prefix}-probe`. */
export function previewScheduleName(prefix: string): string {
  return `${prefix}-preview`;
}
/** The Preview org's warn-only alarms: never in a page composite, never on the page topic. */
export function previewAlarmNames(prefix: string): { readonly ahead: string; readonly unavailable: string } {
  return { ahead: `${prefix}-preview-ahead-warn`, unavailable: `${prefix}-preview-unavailable-warn` };
}
/**
 * The journeys' table key of a Preview journey: a Preview entry keeps its Production journey's id, and the two users'
 * refusals, leases and TOTP steps must never share an item. A journey id has no "/", so no Production id is one.
 */
export function previewJourneyKey(journeyId: string): string {
  return `preview/${journeyId}`;
}
/** The kept record of a Preview check (its System Log cursor): under preview/, never Production's record. */
export function previewKeptKey(key: string): string {
  return `preview/${key}`;
}
