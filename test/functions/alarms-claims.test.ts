// docs/alarms.md's claims, each held by a test (test/support/claims.ts), as docs-claims.test.ts holds status-page.md's
// and integrations.md's. Its generated blocks (the alarm list, the timing table, the sample notification, the
// metrics) are npm run docs's and held by it; this file holds the prose around them. A sentence about CloudWatch,
// PagerDuty or Microsoft cannot be tested here: it is kept only beside the source the doc names. What this file alone
// holds is tested below the tables.
import { describe, expect, it } from 'vitest';
import { RUN_LOG_MESSAGE, type RunLogLine } from '../../functions/contract';
import { EMPTY_STATE, evaluateRun, failureSeverity, markTold, untold } from '../../functions/notify/local-alarms';
import { cited, held, itCitesFacts, itHoldsClaims, type Claim, type OutsideFact } from '../support/claims';

const DOC = 'docs/alarms.md';
const MODEL = 'test/lib/alarm-model.test.ts';
const STACK_NOTIFIER = 'test/lib/notifier.test.ts';
const NOTIFIER = 'test/functions/lambda/notifier.test.ts';
const FRESHNESS = 'test/functions/notify/freshness.test.ts';
const MESSAGE = 'test/functions/notify/message.test.ts';
const FLAP = 'test/functions/probe/flap.test.ts';
const MAINTENANCE = 'test/functions/lambda/maintenance.test.ts';
const QUORUM = 'test/lib/quorum.test.ts';
const LOOP = 'test/functions/lambda/quorum-loop.test.ts';
const PARTIAL = 'test/functions/lambda/quorum-partial.test.ts';
const RATE = 'test/functions/lambda/quorum-rate.test.ts';
const NOTIFY_TEST = 'test/functions/cli/notify-test.test.ts';
const LOCAL_NOTIFY = 'test/functions/cli/local-notify.test.ts';
const LOCAL_ALARMS = 'test/functions/notify/local-alarms.test.ts';
const ROUTING = 'test/functions/config/routing.test.ts';
const SELF = 'test/functions/alarms-claims.test.ts';
const FIRE = 'test/lib/alarms-fire.test.ts';

const CLAIMS: readonly Claim[] = [
  held(
    'plans every alarm of a configuration without CDK',
    'test/functions/plan/alarms.test.ts',
    'is computed from the committed example without CDK',
    'regionPlan',
  ),
  held(
    "Each alarm's description is its runbook: what the check proves, the diagnosis codes it most often reports " +
      'with their titles',
    'test/functions/plan/alarms.test.ts',
    'gives unique names within CloudWatch limits, descriptions of at most 1024 characters naming likely codes',
    'regionPlan',
  ),
  held(
    'Warnings, gauges and the liveness alarms keep 2 failing runs of the last 3',
    'test/functions/plan/alarms.test.ts',
    'scales periods with the schedule: page checks on 1 of 1, warnings and liveness on 2 of 3',
    'alarmSpecs',
  ),
  held(
    "below 10 samples a run's p90 is its slowest request",
    MODEL,
    'never warns on one slow request among fast ones once a run has 10 or more',
  ),
  // Two severities.
  held(
    'Each server, journey, SAML app with `ownAlarm` and group of SAML apps has its own page composite and warn ' +
      'composite',
    MODEL,
    'gives each server a page composite and a warn composite, on their own topics, muted by the silence',
    'plannedChecks',
  ),
  held(
    'so a warning stuck in ALARM for hours (headroom low during a batch job) never hides a later outage of the same ' +
      'server: the page composite still goes from OK to ALARM and pages.',
    MODEL,
    'pages a later outage although a warning stayed in ALARM for hours on the same server',
  ),
  // The table.
  held(
    "`CheckSuccess` (Minimum) below 1 in 1 of 1 period: one failing run, already confirmed by the probe's in-run " +
      'retry; one passing run clears it.',
    MODEL,
    'pages a one-run outage once, then OK one run later',
  ),
  held(
    'kept: the alarm keeps its state, so a skipped check or a silent probe is never a pass, and never a page',
    MODEL,
    'keeps a failing server in ALARM through a dead probe (silence is never a pass)',
  ),
  held(
    'with `latencyWarnMs`: `ServerLatency` p90 above it in 2 of the last 3 runs (each run one period)',
    MODEL,
    'is a warn member on ServerLatency p90 with the configured threshold',
  ),
  held(
    'the status feed reports a major or critical incident (`StatusPageIndicator` ≥ 2), 2 of 3.',
    MODEL,
    'pages on a major Okta incident and only warns on a minor one or maintenance',
  ),
  held(
    "the probe function's `Invocations` below 1 in 2 of 3 periods: the schedule is disabled or cannot invoke",
    MODEL,
    'watches the probe: a heartbeat on Invocations (missing = breaching), Errors and Throttles',
  ),
  held(
    'with a `"browser"` journey: the browser function\'s (`<prefix>-browser`) `Invocations` below 1 in 2 of the ' +
      "last 3 periods, each period its schedule's cadence (10 min by default), so a run every 10 minutes is never " +
      'read as missing.',
    'test/functions/plan/alarms.test.ts',
    "warns when its schedule stops: Invocations over its cadence's periods, 2 of 3, missing data breaching",
  ),
  held(
    'the API checks still run and page, so it neither pages nor mutes them',
    'test/functions/plan/alarms.test.ts',
    'never pages nor mutes the API checks: only its own down alarm holds them, which mutes its journeys alone',
  ),
  held(
    'with a `"browser"` journey: the browser function\'s `Errors` ≥ 1 in 2 of the last 3 of the same periods',
    'test/functions/plan/alarms.test.ts',
    "warns when its schedule stops: Invocations over its cadence's periods, 2 of 3, missing data breaching",
  ),
  held(
    '`NumberOfMessagesSent` to the dead-letter queue ≥ 1 in 5 min: fires on each new lost run and returns to OK by ' +
      'itself; purging is housekeeping, not a reset.',
    MODEL,
    'warns on each new dead letter (NumberOfMessagesSent), not once until the queue is purged',
  ),
  held(
    "a secret has held the stack's placeholder for more than 24 h",
    MODEL,
    'warns once, never pages, when a secret holds the placeholder past the grace period',
  ),
  held(
    "the notifier's `Errors` ≥ 1 in 5 min.",
    STACK_NOTIFIER,
    "alarms on the notifier's errors (warn) and dead letters (page)",
  ),
  // The probe's own outage pages once.
  held(
    'or loses one run, no check alarm moves',
    MODEL,
    'never pages one lost run: the dead letter warns, no check alarm moves',
  ),
  held(
    'is the one page: it does not blame Okta for our outage',
    MODEL,
    'pages a dead probe exactly once, as "probe down", and blames no server',
  ),
  held(
    'a server still failing after the probe recovers pages once the extension has passed',
    MODEL,
    'still pages an Okta outage that outlasts a probe outage, once the extension has passed',
  ),
  held(
    'a one-run outage pages once and recovers, an outage pages within 3 min and tells OK within 3 min of the fix',
    MODEL,
    'pages an outage once, within the worst case, and tells OK within its worst case',
  ),
  held(
    'a failure that passed on its in-run retry stay quiet',
    MODEL,
    'never pages a failure that passed on its in-run retry',
  ),
  held(
    'maintenance silences (a window opened by the very run that first fails included) and pages a server still ' +
      'failing when it ends',
    MODEL,
    'silences a server failing in a window opened by the very run that first fails',
  ),
  // Latency.
  held(
    '(`latencyWarnMs`, 2000 ms by default, `null` for none)',
    'test/functions/config/latency.test.ts',
    'is on by default at 2000 ms',
  ),
  held(
    'one slow request in each of two runs of three warns, while one slow run never does',
    MODEL,
    'never warns on one slow run, nor on slow runs further apart than 2 of 3',
  ),
  held(
    'the alarm evaluates it anyway (`EvaluateLowSampleCountPercentile: evaluate`) instead of holding its state',
    MODEL,
    'is a warn member on ServerLatency p90 with the configured threshold, evaluated even on few samples',
  ),
  held(
    "The dashboard draws the threshold on the server's latency graph, beside the p90 the alarm watches.",
    MODEL,
    "draws the threshold on the server's latency graph beside the p90 the alarm watches",
  ),
  // Timing.
  held(
    'a page check whose failures began twice within the last 15 runs of its target (at least 3 runs; a ' +
      "journey's own runs, at its `everyMinutes`) is flapping, and while it is, its passes are held back (not " +
      'published)',
    FLAP,
    'holds the passes of a check whose failures began twice within the window',
  ),
  held(
    'The same timeline pages twice',
    MODEL,
    'pages a server failing every other run twice, not ten times',
    'createFlapDamper',
    'flapWindowRuns',
  ),
  held(
    'A clean outage is one spell: its first pass goes out',
    FLAP,
    'publishes every run of a clean outage, its first pass included',
  ),
  held(
    'the run line lists the held checks under `flapping`',
    FLAP,
    'holds back only the datapoints of the rules given, by their exact dimensions, and names the held checks',
    'createFlapDamper',
    'dampFlapping',
  ),
  held(
    'Page composites have no suppressor wait',
    MODEL,
    'scales periods and the heartbeat with scheduleMinutes %i; the suppressor wait (page 0, warn 1)',
    'alarmTiming',
  ),
  // The fast path.
  held(
    'discovery, a client-credentials token checked as the run checks it, and `/authorize` where the server has it',
    PARTIAL,
    'checks in each fast round what users use: the token call and /authorize, not only discovery',
    'FAST_CHECKS',
    'checkRow',
  ),
  held(
    'By default a target pages for what stops users, whoever caused it',
    RATE,
    "pages for the org's configuration by default (a policy denying the token), not with pageFor okta",
  ),
  held(
    "The probe's own credentials and settings warn with their diagnosis",
    RATE,
    "warns for the probe's own credentials by default (a rotated secret), pages with pageFor probe",
  ),
  held(
    'a journey, judged once a journey run, pages at its second failing run',
    RATE,
    "pages for a journey's sign-on policy at its second failing run",
  ),
  held('a 40% error rate on `/token` pages within 150 s', RATE, 'pages for a 40% /token error rate within 150 s'),
  held('2% noise never did', RATE, 'never pages for 2% of /token requests failing, over six hours'),
  held(
    "a 429 of our own stops a run's fast rounds",
    RATE,
    'backs off after a 429 of its own: no more checks in the run, and no page',
  ),
  held('a flapping Okta stays one page', PARTIAL, 'pages once for a flapping /token'),
  held(
    'each round reads the latch back and sets it again if moved (a second page rather than none)',
    RATE,
    'is read back each round and set again: a second page rather than none',
  ),
  held(
    '`okta-synthetics prove-latch` shows, once per region after the first deploy, whether your account keeps it',
    'test/functions/cli/prove-latch.test.ts',
    "builds a throwaway alarm of the latch's exact shape",
    'LATCH_SHAPE',
  ),
  held(
    '`"quorum": false` gives the stack of before: each page check\'s alarm pages through its composite',
    QUORUM,
    'with "quorum": false, pages on its own check alarms as before the fast path, with no table',
  ),
  held(
    'One outage sends one page message, where three regions sent three.',
    QUORUM,
    'gives one Okta outage one page message across the three stacks',
  ),
  held(
    "Okta's status-feed major incident pages from the home region, and warns elsewhere.",
    QUORUM,
    "routes Okta's major status incident to the notifier's page alias at home and its warn alias elsewhere",
  ),
  held(
    'a region failing alone is `lone` in its `quorum` log line',
    LOOP,
    'never latches for this region alone failing: it names itself lone',
    'runQuorum',
  ),
  held('and the next live region when it does not', LOOP, 'acts as home when the home has no item at all', 'runQuorum'),
  held(
    "counted only in a minute when fewer than `agree` regions' fast paths were healthy (`QuorumHealthy`)",
    'test/lib/quorum-backstop.test.ts',
    'counts nothing while the home region and a quorum of fast paths are healthy',
  ),
  held(
    "A latch a dead run left in ALARM is corrected by that region's next run (it reads its latches first).",
    LOOP,
    'clears a latch a dead run left set, in its first round, when the live regions are up',
    'runQuorum',
  ),
  // Maintenance silence.
  held(
    'while the time is in the future, publishes `MaintenanceWindow` = 1',
    MAINTENANCE,
    'publishes MaintenanceWindow = 1 only while open',
    'maintenanceMetrics',
  ),
  held(
    '`<prefix>-maintenance` goes to ALARM on it, tells the warn topic that pages are silenced, and is a member of ' +
      '`<prefix>-silence`',
    MODEL,
    'silences through an SSM parameter the probe reads: alarm, permission, outputs and a dashboard graph',
  ),
  held(
    'a missing, malformed, past or over-24-hour value, or an unreadable parameter',
    MAINTENANCE,
    'never silences on a value it cannot trust, and says why',
    'parseMaintenance',
  ),
  held(
    'or one unanswered 2 s after the checks end, silences nothing',
    'test/functions/lambda/maintenance-late.integration.test.ts',
    'the publish waits a bounded time, then goes on without a window and says why',
    'maintenanceAtPublish',
  ),
  held(
    'Never silenced: "the probe is not running"',
    MODEL,
    'never silences "the probe is not running" with a maintenance window',
  ),
  held(
    'the probe **withholds** the failing datapoints of every probe alarm a page composite of its region mutes',
    MODEL,
    'withholds in a maintenance window exactly the alarms the template mutes with its page composites',
    'alarmSpecs',
    'maintenanceWithheld',
  ),
  held(
    'the run line still lists each failure, marked `"withheld": "maintenance"`',
    MAINTENANCE,
    'withholds a failing page check during the window, and the run line still lists the failure, marked',
  ),
  held(
    'Passes are still published (an alarm in ALARM recovers)',
    MODEL,
    'lets a server paged before a window recover during it (passes are published)',
  ),
  held(
    'the stack grants `ssm:GetParameter` on it only and does not create it',
    MODEL,
    'silences through an SSM parameter the probe reads: alarm, permission, outputs',
  ),
  // Where notifications go.
  held(
    'its change also reaches the **notifier** (an EventBridge rule per severity)',
    STACK_NOTIFIER,
    "routes every alarm that notifies, except the notifier's own, to exactly the rule of its severity",
    'alarmSpecs',
  ),
  held(
    'People subscribe to message topics, pagers to alarm topics',
    MODEL,
    'has an alarm topic and a message topic per severity, all encrypted; e-mail subscribes to the message',
  ),
  held(
    'the same message as a custom notification, the recovery threaded under it',
    NOTIFIER,
    'renders chat as an Amazon Q custom notification, threaded by alarm',
    'NOTIFIER_DASHBOARD_ENV',
    'handler',
  ),
  held(
    "A URL that carries an integration key (PagerDuty's `/integration/<key>/enqueue`, Opsgenie's `?apiKey=`) is " +
      'refused in clear',
    ROUTING,
    'refuses %s in clear: its key would be written into the template',
  ),
  held(
    'CloudFormation resolves it at deploy time and the template holds only the reference',
    STACK_NOTIFIER,
    'subscribes pagers to the alarm topics, resolving a secret URL at deploy time',
  ),
  // It never loses a page.
  held(
    'A notification that fails is retried twice, then the raw alarm event goes to the same message topic',
    STACK_NOTIFIER,
    'invokes the notifier through one alias per severity, each falling back to its own message topic after 2',
  ),
  held(
    "Unreadable logs are not a failure: the message goes out with CloudWatch's reason and says the logs could not " +
      'be read.',
    NOTIFIER,
    'unreadable logs: still publishes, with the alarm reason and a note',
    'handler',
  ),
  held(
    'a log read that hangs gives up within 10 s, always leaving the publish 6 s, and the message goes out that way',
    NOTIFIER,
    'a log read that hangs gives up within 10 s, always leaving the publish 6 s of the invocation',
    'handler',
    '10_000',
    '6_000',
    'getRemainingTimeInMillis',
  ),
  held(
    'The runs are read newest first (windows of 1, 2, 4 and 8 minutes back',
    NOTIFIER,
    'reads the last 15 minutes of run lines, newest minute',
    'handler',
    'LOOKBACK_MS',
  ),
  held(
    'a change that arrives after the next one (an ALARM after its recovery, an OK after the next ALARM) is not sent',
    NOTIFIER,
    'sends nothing for an ALARM that arrives after its recovery, or after a newer ALARM',
    'handler',
  ),
  held(
    'a change more than 5 minutes late says so',
    FRESHNESS,
    'says how late a change arrived only past 5 minutes',
    'lateMinutes',
  ),
  held(
    'one whose state cannot be read is sent with a note',
    NOTIFIER,
    'state unreadable: still sends, and says the alarm may have changed',
    'handler',
  ),
  held('A change delivered twice is sent once', NOTIFIER, 'sends once for a change delivered twice', 'handler'),
  held(
    'addresses written `https[:]//host[.]tld` in both media',
    MESSAGE,
    'e-mail (plain text): every character as Okta sent it, the address defanged',
  ),
  held(
    'Nothing is sent for INSUFFICIENT_DATA, for an OK that follows no ALARM',
    NOTIFIER,
    'sends nothing for %s after %s (suppressed by %s)',
    'handler',
  ),
  // Testing the notification path.
  held(
    "It sets the first server's composite (`--server ID` for another) to ALARM with the reason " +
      '`okta-synthetics notify-test`',
    NOTIFY_TEST,
    'sets the warn composite of the first server to ALARM with the test reason',
    'NOTIFY_TEST_REASON',
  ),
  held('and sets it back to OK, even on Ctrl-C', NOTIFY_TEST, 'sets the alarm back to OK even when the wait is'),
  held(
    'It refuses to touch an alarm in ALARM for real, and to run while `<prefix>-silence` would mute it.',
    NOTIFY_TEST,
    'never touches an alarm in ALARM for real, nor tests while the silence composite would mute it',
  ),
  // Notifications without AWS.
  held(
    'a value is refused, naming the field and never quoting it',
    LOCAL_NOTIFY,
    'refuses a webhook URL written into the file, naming the field, never quoting the value',
    'writeSimulatorConfig',
  ),
  held(
    'an unset variable stops the run before anything is probed (exit 2)',
    LOCAL_NOTIFY,
    'an unset variable stops the run before anything is probed, naming the field and the variable',
  ),
  held(
    'a page alarm opens on one failing run (the probe has already retried it) and closes on the next run without a ' +
      'page failure',
    LOCAL_ALARMS,
    'a page check failing for three runs is told once, and its recovery once',
  ),
  held(
    'a warn alarm opens when 2 of the last 3 runs warned and closes when fewer do',
    LOCAL_ALARMS,
    'a warning opens in 2 of the last 3 runs and closes when fewer than 2 of 3 fail',
  ),
  held(
    'A server missing from a run (`--server`, a credential not put) keeps its state: no data is never a recovery.',
    LOCAL_ALARMS,
    'a server missing from a run (filtered, credential not put) keeps its state',
  ),
  held(
    'An Okta status incident warns (the run line does not say minor or major).',
    SELF,
    "warns, never pages, on an Okta status incident in the run's own alarms",
    'RUN_LOG_MESSAGE',
    'EMPTY_STATE',
  ),
  held(
    'Once per change, kept in `DIR/notifications.json`',
    LOCAL_NOTIFY,
    'keeps its state in DIR/notifications.json, with no secret in it',
    'STATE_FILE',
  ),
  held(
    "A channel that fails (HTTP error, unreachable) is said on stderr and told at the next run; the run's report and " +
      'exit code are not affected.',
    LOCAL_NOTIFY,
    'a channel that answers an error is told at the next run, and the run itself is not affected',
  ),
  held(
    'Nothing is sent while it is open; when it ends, what is still failing is told, and a recovery within it is ' +
      'told as OK.',
    LOCAL_ALARMS,
    'nothing is told during maintenance; a recovery within the window is told once it ends',
  ),
  held(
    'PagerDuty (Events API v2: one incident per alarm, resolved on recovery)',
    LOCAL_ALARMS,
    'PagerDuty: a critical trigger per alarm, resolved by the same dedup_key',
    'webhookBody',
  ),
  // Browser journeys.
  held(
    'A `"browser"` journey pages on its own alarm in every quorum setting: the fast path runs in the probe\'s ' +
      'function, which skips browser journeys, so no latch stands for one',
    'test/functions/plan/alarms.test.ts',
    '%s: its page composite holds its own sign-in and slow-page alarms, which page, and no latch',
    'regionPlan',
  ),
  held(
    '`sign-in` below 1 in 1 of 1 one-minute period, read the minute after the run, and the minutes between runs ' +
      'keep the state; `sign-in-widget`, and any other warning of the journey, below 1 in 2 of the last 3 periods of ' +
      "the function's cadence.",
    'test/functions/plan/alarms.test.ts',
    'every %i min: each warning evaluates 2 of 3 periods of the cadence, the page one run on one-minute periods',
    'browserAlarmTiming',
  ),
  held(
    "`sign-in` pages through the journey's page composite with the fast path on or off",
    FIRE,
    'pages on its sign-in failing every run, within its worst case, and tells OK after the fix',
    "play('sign-in fails'",
  ),
  held(
    'A sign-in page slower than its budget warns on one run (`sign-in-widget`) and pages only when most of the last ' +
      "hour's runs (at least 2 of 3) were slow",
    FIRE,
    'a page slow on every run pages, within the window of runs its plan states',
    "play('page slow')",
  ),
  held(
    'A sign-in page slower than its budget warns on one run (`sign-in-widget`) and pages only when most of the last ' +
      "hour's runs (at least 2 of 3) were slow",
    FIRE,
    'one slow run, after which the sign-in works, neither pages nor warns',
    "play('one slow run')",
  ),
  held(
    "pages only when most of the last hour's runs (by their start times, at least 2 of 3) found it",
    LOCAL_ALARMS,
    'a page slow on every run pages at most of the hour of runs',
    "a slow sign-in page in most of the last hour's runs",
  ),
  held(
    "a slower one repeats its last verdict at each run, as the probe's journeys do",
    'test/functions/probe/sign-in/journey.integration.test.ts',
    'runs every everyMinutes: a run in between repeats the verdict without a request',
  ),
  held(
    'Its alarms take that cadence, not `scheduleMinutes`',
    'test/functions/plan/alarms.test.ts',
    "takes the cadence of the function, its most frequent journey's: a slower journey repeats its verdict",
    'regionPlan',
  ),
  held(
    'On one-minute periods a run every 10 minutes left 2 of any 3 periods without a datapoint, so the ' +
      '`sign-in-widget` warning could never fire.',
    FIRE,
    'warns on an outdated widget, every run, within its worst case, and never pages',
    "play('widget outdated')",
  ),
  held(
    "the window the function's heartbeat keeps too",
    FIRE,
    'warns once, as its own function down, when its schedule stops or its runs fail (heartbeat, errors)',
    'browserDown',
  ),
  held(
    "Nothing mutes a browser journey but a maintenance window and its own function's liveness",
    'test/functions/plan/alarms.test.ts',
    'never pages nor mutes the API checks: only its own down alarm holds them, which mutes its journeys alone',
    'browserSilence',
  ),
  held(
    'it pages while the probe beside it is down',
    FIRE,
    'pages on its sign-in failing while the probe beside it is down',
    'probeDown',
  ),
  held(
    'so the first pass after a fix is published and OK comes within 12 minutes, after flapping too',
    FIRE,
    'tells OK within 15 minutes of the fix after flapping',
    'flapWindows',
  ),
  held(
    "a journey's own runs, at its `everyMinutes`",
    FLAP,
    "counts a journey's window in its own runs, not the schedule's",
    'everyMinutes',
  ),
  held(
    "so the journey's page composite holds its own `sign-in` alarm whether the quorum is on, off, or across several " +
      'regions',
    'test/lib/combinations.test.ts',
    'a browser journey every %i minutes, %s the quorum, deploys and each of its alarms can fire',
    'browserAlarmProblems',
  ),
  held(
    "Deployed, a browser journey's `everyMinutes` and `preview.everyMinutes` are at most 360",
    'test/functions/cli/deploy-rules.test.ts',
    'refuses a SAML app or a discovering group through a "browser" journey, and a browser or Preview cadence past',
    '360',
  ),
  held(
    '`plan` and `cdk synth` refuse more, naming the field',
    'test/lib/combinations.test.ts',
    'refuses a browser journey every 1,440 minutes, past the event age, in plan as in synth',
    'deployProblems',
  ),
  held(
    'A SAML app (or a group that discovers its apps) whose `signIn` is a browser journey is refused by both too',
    'test/functions/cli/deploy-rules.test.ts',
    'refuses a SAML app or a discovering group through a "browser" journey',
    'synthErrors',
  ),
  // Metrics.
  held(
    'Two deployments never share a metric: the namespace differs per prefix',
    ROUTING,
    'gives a deployment with a prefix of its own a namespace of its own, so two orgs never share datapoints',
  ),
];

/** What CloudWatch, Okta, PagerDuty and Microsoft do, kept beside the sources the doc names. */
const OUTSIDE: readonly OutsideFact[] = [
  cited(
    'CloudWatch calls a p90 of fewer than 100 samples too few to be statistically significant',
    'user guide, "Percentile-based alarms and low data samples": fewer than 10/(1-percentile)',
  ),
  cited(
    "5.3% of an app's 50% share of Okta's smallest `/token` limit (300 a minute",
    'decisions/partial-outages.md',
    "Okta's smallest published limit is 300 a minute, an app may use half by default",
  ),
  cited(
    'SetAlarmState is documented as temporary',
    'decisions/latch-state.md',
    'SetAlarmState "temporarily sets the state of an alarm for testing purposes',
  ),
  cited(
    'a composite set by SetAlarmState "returns to its actual state only once any of its children alarms change state"',
    'CloudWatch API reference, SetAlarmState',
  ),
  cited(
    'Office 365 connectors are retired',
    'Microsoft 365 Developer Blog, "Retirement of Office 365 connectors within Microsoft Teams"',
  ),
  cited("which PagerDuty's Amazon CloudWatch integration takes", 'PagerDuty\'s "Amazon CloudWatch Integration Guide"'),
  cited(
    'Lambda keeps an asynchronous event at most 21,600 s',
    'Lambda API reference, FunctionEventInvokeConfig: `MaximumEventAgeInSeconds` 60 to 21,600',
  ),
];

describe('docs/alarms.md, claim by claim', () => {
  itHoldsClaims(DOC, CLAIMS);
  // Outside facts, cited: what CloudWatch, PagerDuty and Microsoft do cannot fail here; each stays beside its source.
  itCitesFacts(DOC, OUTSIDE);

  it("warns, never pages, on an Okta status incident in the run's own alarms", () => {
    const incident = { server: 'okta', check: 'status', code: 'OKTA_STATUS_DEGRADED' } as const;
    expect(failureSeverity(incident)).toBe('warn');
    const line = (minute: number): RunLogLine => ({
      level: 'WARN',
      message: RUN_LOG_MESSAGE,
      startedAt: new Date(Date.UTC(2026, 10, 23, 3, minute)).toISOString(),
      durationMs: 800,
      orgUrl: 'https://acme.okta.com',
      passed: 9,
      failed: 1,
      skipped: 0,
      failures: [{ ...incident, summary: 's', remedy: 'r', requestId: 'req-1' }],
      metrics: { published: 10, emf: 0 },
      servers: [{ id: 'org', up: 1, ms: 120 }],
    });
    let state = EMPTY_STATE;
    const told: string[] = [];
    for (const minute of [0, 1, 2]) {
      state = evaluateRun(state, line(minute), 'okta-synthetics');
      for (const pending of untold(state, 'slack:URL', ['page', 'warn'], 'okta-synthetics')) {
        told.push(`${pending.change.state} ${pending.alarmName}`);
        state = markTold(state, pending.alarmName, 'slack:URL');
      }
    }
    expect(told).toEqual(['ALARM okta-synthetics-okta-warn']);
  });
});
