// docs/status-page.md's and docs/integrations.md's claims, each held by a test (test/support/claims.ts), as the
// README's are (readme-claims.test.ts). A sentence about the outside world (what CloudFront, Datadog, Grafana or
// Splunk do) cannot be tested here: it is kept only beside its source, in the "outside facts, cited" rows. What this
// file alone holds is tested below the tables.
import { describe, expect, it } from 'vitest';
import type { RunLogFailure, RunLogLine } from '../../functions/contract';
import { foldRunLine } from '../../functions/status-page/fold';
import { renderStatusHtml } from '../../functions/status-page/html';
import { STATUS_JSON_VERSION, statusJson } from '../../functions/status-page/json';
import { PART_KINDS } from '../../functions/status-page/model';
import { goodRunLine } from '../support/run-line-fixture';
import { cited, held, itCitesFacts, itHoldsClaims, read, words, type Claim, type OutsideFact } from '../support/claims';

const SP = 'test/functions/status-page';
const FOLD = `${SP}/fold.test.ts`;
const TRUTH = `${SP}/truth.test.ts`;
const HELP_DESK = `${SP}/help-desk.test.ts`;
const BROWSER = `${SP}/browser.integration.test.ts`;
const CLI_PAGE = 'test/functions/cli/status-page.test.ts';
const PLAN_PAGE = 'test/functions/cli/status-page-plan.test.ts';
const HOSTING = 'test/lib/status-page.test.ts';
const VIEWER = 'test/lib/status-page-viewer.test.ts';
const PUBLISH = 'test/functions/lambda/status-page-s3.test.ts';
const SELF = 'test/functions/docs-claims.test.ts';
const PREVIEW_LINE = `${SP}/preview.test.ts`;
const PREVIEW_CLI = 'test/functions/cli/preview.test.ts';
const PREVIEW_DEPLOYED = 'test/functions/lambda/preview.test.ts';

const STATUS_PAGE: readonly Claim[] = [
  // The opening.
  held(
    'builds the page the help desk opens while Okta is down: each thing watched with its state and since when, ' +
      'whose fault a failure is, and one sentence to read to callers',
    FOLD,
    'tells each part its state, since when, and whose fault a failure is',
    'fold',
    "state: 'failing'",
    "owner: 'org'",
    "owner: 'okta'",
  ),
  held(
    'on a page that needs no sign-in and loads nothing from anywhere else',
    BROWSER,
    'asks for nothing but itself',
    'requests.filter',
    'expect(refused).toEqual([])',
  ),
  // What it shows.
  held(
    'It writes `site/index.html` and `site/status.json`',
    CLI_PAGE,
    'writes a folder of two files, index.html and status.json',
    "['index.html', 'status.json']",
  ),
  held(
    'from the runs of the last 7 days up to `--at` (default now)',
    CLI_PAGE,
    'folds only the runs of the 7 days',
    "'--at'",
    '7 * 24 * 3_600_000',
    'no whole run line in the 7 days before',
  ),
  held(
    '`--at` builds the page as it stood then, for a post-incident review',
    CLI_PAGE,
    'tells, at each run, the state and whose fault it is',
    'pageAt(run.startedAt)',
    'lastRunAt: run.startedAt',
  ),
  held(
    'a time after the last run shows the page stale',
    CLI_PAGE,
    'says monitoring is stale 10 minutes after',
    'stale: true',
    'MONITORING IS DOWN OR STALE',
  ),
  held(
    'The config names each thing by its kind and its `name` and lists the catalogues and APIs before any of them fails',
    FOLD,
    'names each part by kind and name, and lists the catalogue, the APIs and real users before any fails',
    'watchedOf(probe)',
    "'saml-group/catalogue:ok:Every app'",
    "'api/default:ok:Default'",
  ),
  held(
    '(a run line names its targets by id only, so without one a SAML app that never failed reads as a server)',
    FOLD,
    'without a config names each part by its id, and a SAML app that never failed reads as a server',
    "kind: 'server', id: 'salesforce'",
  ),
  held(
    'By default it is the config the last `run --history runs/` used, which `run` keeps in ' +
      '`runs/kept/run-config.json`; `--config` names another.',
    CLI_PAGE,
    'names journeys and servers as the config the runs used names them',
    "'--history', history",
    "'Server DEFAULT'",
    "'Journey PORTAL'",
  ),
  // The row above holds the default; this one the record it reads it from, `runs/kept/run-config.json`.
  held(
    'By default it is the config the last `run --history runs/` used, which `run` keeps in ' +
      '`runs/kept/run-config.json`; `--config` names another.',
    CLI_PAGE,
    'reads the config as runs with --secrets aws read it',
    "'kept', 'run-config.json'",
    "'Server DEFAULT'",
  ),
  // The rows above hold the default; this one that `--config` names another.
  held(
    'By default it is the config the last `run --history runs/` used, which `run` keeps in ' +
      '`runs/kept/run-config.json`; `--config` names another.',
    CLI_PAGE,
    'names things by the config --config names, over the one the runs used',
    "'--config', other",
    "'Other DEFAULT'",
  ),
  held(
    'Without either, things are named by their ids.',
    FOLD,
    'without a config names each part by its id',
    'model.parts.map(() => undefined)',
  ),
  held(
    "**Every thing watched**, grouped by kind: Okta's status feed, the sign-in journeys, each SAML app, each " +
      'catalogue of SAML apps (`samlGroups`), each authorization server and the APIs its tokens reach ' +
      "(`resources`), and real users' sign-ins (`userSignIns`).",
    FOLD,
    'names each part by kind and name',
    "'okta/okta:ok:'",
    "'journey/workforce:ok:Employees'",
    "'saml-app/salesforce:ok:Salesforce <CRM>'",
    "'saml-group/catalogue:ok:Every app'",
    "'api/default:ok:Default'",
    "'user-sign-ins/user-sign-ins:ok:'",
  ),
  held(
    'each inline hook and each SMS or voice provider the integration-health check judged in its last hour of the ' +
      'System Log, an entry of its own told by what the people it serves meet',
    HELP_DESK,
    'tells each hook and the SMS provider, the failing ones in the words callers use',
    "kind === 'integration'",
    "'sms-twilio:failing'",
    'People cannot sign up',
  ),
  held(
    'A hook quiet at night (the log read, no call of it) is not one left unchecked: it keeps what its last calls ' +
      'showed, and when, so a quiet hour never turns the page to "Some things could not be checked"',
    'test/functions/status-page/hooks-not-seen.test.ts',
    'quiet at night (the log read, no call) keeps what its last calls showed',
    'Some things could not be checked',
    "checkedAt: '2026-10-01T22:00:00.000Z'",
  ),
  held(
    'one never seen yet, or while the System Log could not be read, is `UNKNOWN`, never `WORKING`.',
    HELP_DESK,
    'keeps them through the stored model, and says unknown once the System Log goes unread',
    "toBe('unknown')",
    'org/integration-health',
  ),
  held(
    'An active inline hook Okta lists with no call in the hour is an entry too, "nothing seen of it in the last ' +
      'hour", never left off as if nobody watched it.',
    'test/functions/status-page/hooks-not-seen.test.ts',
    'is on the page as not seen in the last hour, never working',
    'nothing seen of it in the last hour',
    'calToken000000001:unknown',
  ),
  held(
    'Each group says when its apps were last checked ("passed their last check at 08:03 UTC"), and while the ' +
      'catalogue is not `WORKING` now it says "last known"; while it is `UNKNOWN` (this run could not check it, as ' +
      'while our own DNS fails) it says "unknown now" first, as `status.json` gives each of its apps `unknown`.',
    HELP_DESK,
    'tells what was last known of each app and when',
    '? unknown now; last known: 1 ✓ passed its last check at 2026-10-01 08:03 UTC:',
    "state: 'unknown', lastKnownState: 'ok'",
  ),
  held(
    'A catalogue of one app is told to callers by that app ("Sign-in to Salesforce was working at the last check, ' +
      '2026-10-01 08:01 UTC"), never by the catalogue\'s id.',
    HELP_DESK,
    'names a catalogue of one app by that app',
    'callerSentence',
    'Sign-in to Salesforce was working at the last check, 2026-10-01 08:01 UTC',
  ),
  held(
    'a pass repeated through a run that reached nothing (our DNS failing) is `UNKNOWN`, ours, with when it last ' +
      'worked.',
    HELP_DESK,
    'tells a pass carried through a run that reached nothing',
    'it was working at the last check before, 2026-10-01 08:01 UTC',
  ),
  held(
    'Okta\'s status feed passing is told as what it is: "Okta reports no incident on status.okta.com at the last ' +
      'check", never that Okta works',
    HELP_DESK,
    'says Okta reports no incident, never that Okta is working',
    'OKTA_SERVER_ERROR',
    "kind === 'okta'",
  ),
  held(
    'A catalogue of a thousand apps is one entry: its failing apps are named with whose fault and since when (the ' +
      'first 50, the rest counted).',
    FOLD,
    'groups a catalogue: its failing apps named up to the bound, the rest counted',
    'MOST_GROUP_APPS',
    '2000 - MOST_GROUP_APPS',
  ),
  held(
    'Below them, **every app of the catalogue by its label**, working ones included, grouped by what its own last ' +
      'check found (passed, did not pass, not checked yet or skipped)',
    BROWSER,
    'names every app of a healthy catalogue on the page, under its catalogue, with what its check found',
    'All 50 apps of portal-saml by name',
    "'.catalogue li'",
  ),
  held(
    'in a box of a dozen lines that scrolls: the page stays readable at a thousand apps',
    BROWSER,
    'keeps a page of 1,000 apps readable',
    'toBe(1000)',
    'toBeLessThanOrEqual(16 * 16)',
  ),
  held(
    'the help desk finds the app a caller names ("Salesforce") with the browser\'s find (Ctrl+F)',
    BROWSER,
    "is found by Chromium's own text finder",
    '#:~:text=',
  ),
  held(
    "The labels are Okta's, from the records the runs keep beside the history (`runs/kept/saml-groups/`); a listed " +
      'app is named by its `name`, else its id.',
    FOLD,
    "names each app by Okta's label, the config's name or id",
    "'Salesforce'",
    "'Workday'",
  ),
  held(
    'A section with more than 20 working entries folds them.',
    FOLD,
    "folds a section's working entries past 20",
    'html(20)',
    'html(21)',
    '<details>',
  ),
  held(
    'one entry, "Accounts Okta keeps in our apps". Each app Okta cannot create, change or remove accounts in is ' +
      "named by its label, with its cause's class",
    FOLD,
    'names each failing app by its label with its cause, since when, and a line for callers',
    'PROVISIONING_CREDENTIAL_FAILED',
    "label: 'Snowflake'",
  ),
  held(
    'The first 10 failing apps are named and the rest counted, so 200 failing apps are ten lines and "and 190 more".',
    FOLD,
    'names the first MOST_PROVISIONING_APPS of 200 failing apps and counts the rest',
    'MOST_PROVISIONING_APPS',
    '200 - MOST_PROVISIONING_APPS',
  ),
  held(
    'An app whose only finding is open leavers is not listed: it stops no caller',
    FOLD,
    'names each failing app by its label with its cause',
    'boxLeavers',
    "label: 'Snowflake'",
  ),
  held(
    "nor is an app whose connection is disabled, or that works with one user's data refused",
    'test/functions/cli/provisioning-scenarios.test.ts',
    "one user's bad data leaves the app working",
    'provisioning-one-user-data',
    "state: 'works'",
  ),
  held(
    'nor is an app whose connection is disabled',
    'test/functions/probe/provisioning/judge.test.ts',
    'says an inactive app or a disabled connection as such, never failing',
    "state: 'disabled'",
    'connection disabled',
  ),
  held(
    "The label is the run line's own field, never read back out of a sentence.",
    FOLD,
    "names an app by its line's label field",
    "'Workday (0oa1work) : failing'",
  ),
  held(
    "Never a login, a user, Okta's app id or Okta's reason text. The line clears with the run that no longer finds " +
      'the app failing',
    FOLD,
    'names each failing app by its label with its cause, since when, and a line for callers; clears with it',
    'provisioningRun(3, [boxLeavers], 0)',
  ),
  held(
    'a run that could not read Okta says so by whose fault that was',
    FOLD,
    "keeps the part through a run that did not judge it, and tells the check's own failure by its owner",
    "owner: 'okta'",
    'ORG_SCOPE_NOT_GRANTED',
  ),
  held(
    '**Its state**: `✓ WORKING`, `✗ FAILING` or `? UNKNOWN`, in words and symbols as well as colour (and border ' +
      'style)',
    BROWSER,
    'asks for nothing but itself, and shows each state in words on the screen',
    "'✗ FAILING'",
    "'✓ WORKING'",
    'borderOf',
  ),
  held(
    '**Whose fault** a failure is, from the one table the availability report and the paging read too',
    `${SP}/agreement.test.ts`,
    'agrees on every target, whoever owns the failure',
    'expectAgreement',
    "['okta', 'org', 'probe', 'up']",
  ),
  held(
    "**Okta's side** (an incident on Okta's status feed, Okta's 5xx, its keys)",
    TRUTH,
    "a refused connection from one place is ours, while Okta's 5xx is Okta's",
    'server-error',
    "owner: 'okta'",
  ),
  held(
    "**a setting on our side** (a SAML app's wrong audience, an access policy",
    CLI_PAGE,
    'tells, at each run, the state and whose fault it is',
    'NO_ACCESS_POLICY',
    'A setting on our side',
  ),
  held(
    "**our monitoring's own side** (the probe's credential, its synthetic user, its network or DNS, a check it " +
      'could not judge): then the thing is `UNKNOWN`, since nothing was learnt about it.',
    FOLD,
    "says our monitoring's own credential judged nothing (unknown)",
    'INVALID_CLIENT',
    "state: 'unknown', fault: { owner: 'probe' }",
  ),
  held(
    "A run whose own DNS fails shows every part `UNKNOWN`, never Okta's.",
    TRUTH,
    'a run whose own DNS failed (EAI_AGAIN) tells every part UNKNOWN',
    'EAI_AGAIN',
  ),
  held(
    'a check that did not run (one it needs failed, another region runs it) leaves its part `UNKNOWN`, never `WORKING`',
    TRUTH,
    "a SAML app skipped after its journey's sign-in failed is UNKNOWN",
    'sign-in-rejected',
    "state: 'unknown'",
  ),
  held(
    'a run of some servers or checks (`run --server`, `run --check`) changes only what it judged',
    TRUTH,
    "keeps every other part's state and since: run --check token erases nothing",
    "checks: ['token']",
    'covered',
  ),
  held(
    'one of some checks proves a thing failing but never working',
    FOLD,
    'proves a server working from a run of some servers, never from a run of some checks',
    "covered: { servers: ['default'] }",
    "covered: { checks: ['token'] }",
  ),
  held(
    "A journey's verdict carried between its runs and a flapping check's pass keep the part as it was, as the " +
      'alarms do',
    `${SP}/agreement.test.ts`,
    "agrees on a maintenance window's withheld failures, a flapping pass, verdicts carried between runs",
    'expectAgreement',
    "flapping: ['default/token']",
    'maintenance',
  ),
  held(
    'a failure a maintenance window withheld is `UNKNOWN`, as the availability report leaves its minute out',
    TRUTH,
    "keeps a flapping check's held-back pass FAILING; a maintenance window's withheld failure UNKNOWN",
    "withheld: 'maintenance'",
    "maintenance: { until: iso(60), reason: 'upgrade' }",
  ),
  held(
    "a failure only the home region sees is `UNKNOWN` (our monitoring's side) until the regions agree and the " +
      'latch holds, then `FAILING`',
    TRUTH,
    'a failure only the home region sees is UNKNOWN, ours',
    "lone: ['eu-west-1']",
    "state: 'unknown'",
    "owner: 'probe'",
  ),
  held(
    'until the regions agree and the latch holds, then `FAILING`',
    'test/functions/lambda/status-page-quorum.test.ts',
    "tells it FAILING, Okta's, once the latch holds",
    'quorumLatchAlarmName',
    "StateValue: 'ALARM'",
    "state: 'failing'",
  ),
  held(
    "a server the home did not judge is `WORKING` when a region's recent verdict says so",
    TRUTH,
    "tells a target the home did not judge (a journey another region runs) by the regions' items",
    "notDown: ['us-east-1']",
    "toBe('ok')",
  ),
  held(
    '**What to tell callers**: one sentence from a table by fault owner and kind',
    FOLD,
    "reads the caller a sentence from the table by owner and kind, never Okta's words",
    'because of a setting on our side',
    'OKTA-SUMMARY-TEXT',
  ),
  held(
    "The diagnosis code's own title is shown beside it for IT. Never Okta's words: no summary, detail or System " +
      'Log reason of a run line reaches the page.',
    FOLD,
    "reads the caller a sentence from the table by owner and kind, never Okta's words",
    'OKTA-SUMMARY-TEXT',
    'OKTA-REASON-TEXT',
  ),
  held(
    '**The time of the last run**, and a link to status.okta.com.',
    FOLD,
    'refreshes itself every minute, tells the time of the last run and links status.okta.com',
    '<a href="https://status.okta.com/">status.okta.com</a>',
    '2026-10-01 08:00 UTC',
  ),
  // The Preview org's line.
  held(
    "**Okta's next release (Preview org)**, with a [`preview` block](preview.md): a line of its own below the " +
      'things watched, from the latest comparison of the Preview org with Production.',
    PREVIEW_LINE,
    'tells the %s verdict in a section of its own and in status.json',
    'VERDICTS',
    'data-preview=',
  ),
  held(
    "It says which checks fail in Preview only, Production next, each by the config's name of its target and the " +
      'code\'s title ("1 check fails in Preview only, Production next: the validate check of Payments API: Granted ' +
      'scope missing (MISSING_SCOPE), since ..."), "Preview org unavailable", "Preview mirrors Production: nothing ' +
      'ahead", or "Preview org not checked yet".',
    PREVIEW_LINE,
    'tells the %s verdict in a section of its own and in status.json',
    'VERDICTS',
    'json(built).preview?.text',
  ),
  held(
    'A comparison in which no check passed in both orgs (our own DNS failing both, Production failing too) says ' +
      '"Preview not compared with Production", never "mirrors".',
    PREVIEW_LINE,
    'says "not compared", never "mirrors", when no check passed in both orgs',
    'previewSummaryOf',
    'bothPassed).toBe(0)',
    "verdict: 'both-fail'",
  ),
  held(
    "It never changes the page's overall state, never shows as failing (a neutral note, amber while a check fails " +
      'in Preview only), and the availability report never reads it',
    PREVIEW_LINE,
    'never changes the overall state (%s)',
    'overall',
    'not.toMatch(/FAILING|failing|badge|banner/)',
  ),
  held(
    'while a check fails in Preview only, it tells the help desk that nothing is broken for users today.',
    PREVIEW_LINE,
    'tells the help desk that nothing is broken for users today',
    'Nothing is broken for users today',
    'AHEAD',
  ),
  held(
    'A comparison older than 3 of the Preview org\'s periods (`preview.everyMinutes`) says "not checked since ' +
      '<time>", never "mirrors".',
    PREVIEW_LINE,
    'says "not checked since", never "mirrors"',
    'checkedAt: iso(15)',
    'checkedAt: iso(16)',
  ),
  held(
    '`run --history runs/` keeps the latest comparison in `runs/kept/preview-summary.json`, beside the run lines ' +
      'and never in them',
    PREVIEW_CLI,
    'run --history keeps the comparison beside the runs, never in them',
    "'--history', history",
    "'preview-summary.json'",
    'not.toContain(preview.url)',
  ),
  held(
    'a file there that is not one of ours (hand-edited) is said on stderr and skipped, and the line says not ' +
      'checked yet.',
    PREVIEW_CLI,
    'a hand-edited summary is said and skipped, never shown',
    '<script>alert(1)</script>',
    'preview-summary.json',
  ),
  held(
    'The deployed page shows the line too, from the summary the deployed Preview run keeps',
    PREVIEW_DEPLOYED,
    'tells a check failing in Preview only as "Production next" on the next page',
    'invokePreview',
    'Preview org not checked yet.',
  ),
  held(
    'keeps its run line beside the page (`parts/browser-run.json`, the one object of the bucket it may write)',
    HOSTING,
    'lets the browser function put its part, one key, and nothing else of the bucket',
    'STATUS_PAGE_PART_KEYS.browser',
    "'s3:PutObject'",
  ),
  held(
    'so the page tells a broken hosted page, and an app\'s refusal ("Sign-in to Expenses fails at Expenses; Okta ' +
      'works"), in the same words as `status-page` does.',
    `${SP}/browser-line.test.ts`,
    'says "Sign-in to Expenses fails at Expenses; Okta works", the journey working, as the CLI',
    'buildStatusPage',
    'cliJson',
  ),
  held(
    "that region's browser function keeps its line in the home region's bucket under a key of its own " +
      '(`parts/browser-run-<region>.json`, the one object it may write there)',
    HOSTING,
    'lets it put its own part in that bucket, one key, and nothing else of the bucket',
    'arn(AWAY)',
    "'s3:PutObject'",
  ),
  held(
    "and the probe reads every region's line, taking from each only the journeys its region runs.",
    PUBLISH,
    "takes a journey from its own region's part only, never from another region's line naming it",
    "of(aws, 'journey', 'far')",
    "toBe('unknown')",
  ),
  held(
    "Each journey's entries are dated by its region's browser run, not the probe's.",
    `${SP}/browser-line.test.ts`,
    "judges each region's journeys by their own region's run",
    'checkedAt: iso(at - MINUTE)',
  ),
  held(
    'A journey whose last browser run is older than its `everyMinutes` allows (plus a minute for the schedule and ' +
      "the function's timeout), or whose region's line is missing or not one of ours",
    `${SP}/browser-line.test.ts`,
    "shows the journey and its app unknown once the browser's run is older than the journey's cadence allows",
    'browserRunMaxAgeMs',
    "state: 'unknown'",
  ),
  held(
    'after each of its runs the deployed Preview run keeps its comparison in the kept record `preview/summary`, and ' +
      'the next Production run reads it for the page it publishes.',
    PREVIEW_DEPLOYED,
    'tells a check failing in Preview only as "Production next" on the next page',
    'invokePreview',
    "state: 'not-checked'",
  ),
  held(
    "The Preview run, that record and the page are all the home region's: the other regions publish no page",
    'test/lib/preview.test.ts',
    "names the Preview line's kept summary to the probe, and grants it by its own ARN in the home region only",
    'ssm:PutParameter',
    '/kept/',
  ),
  held(
    'A record that is not one of ours (hand-edited, forged) is refused and said in a WARN line, and the line says ' +
      'not checked yet.',
    PREVIEW_DEPLOYED,
    'refuses a hand-edited summary: the line says not checked, and a WARN line says why',
    'is not a Preview summary of ours',
    "state: 'not-checked'",
  ),
  held(
    "A record that cannot be read, or is not read within the page's time, is said in a WARN line, and the page is " +
      'published all the same, the line saying not checked yet.',
    PREVIEW_DEPLOYED,
    'publishes the page all the same when the summary cannot be read',
    'AccessDeniedException',
    "'not-checked'",
  ),
  held(
    "or is not read within the page's time",
    'test/functions/lambda/preview-page.integration.test.ts',
    'publishes the page within its time when SSM does not answer',
    'holdReads = 60_000',
    "not read within the page's time",
  ),
  held(
    'A Preview run that cannot keep its record logs it at ERROR and carries on.',
    PREVIEW_DEPLOYED,
    'keeps the Preview run going when %s cannot be kept',
    'KEPT_KEYS.previewSummary',
    'KEPT_KEYS.previewSince',
  ),
  held(
    'A record older than 3 of the Preview org\'s periods says "not checked since <time>".',
    PREVIEW_DEPLOYED,
    'says "not checked since" of a summary older than three Preview periods',
    'hourEarlier',
  ),
  held(
    '`preview` (with a `preview` block): the Preview org\'s line, `{ "state", "checkedAt", "text" }`, its ' +
      '`state` `ahead`, `unavailable`, `mirrors`, `not-compared` (no check passed in both orgs), `not-checked` or ' +
      '`stale`; never a part, never in `overall`.',
    PREVIEW_LINE,
    'tells the %s verdict in a section of its own and in status.json',
    'VERDICTS',
    'json(built).preview?.state',
  ),
  held(
    'The page never carries a secret, token, TOTP seed, password, login, user name, client id or request body',
    BROWSER,
    'shows no secret of the config or the history',
    'secrets.length).toBeGreaterThan(5)',
    'not.toContain(secret)',
  ),
  held(
    "it is built from codes, the config's ids and names and Okta's app labels, each escaped (a label holding " +
      '`<script>` stays text)',
    FOLD,
    'groups a catalogue: its failing apps named up to the bound, the rest counted, the label escaped',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    "not.toContain('<script>alert')",
  ),
  held(
    'It is one file: its style and its small script are inline, allowed by their hashes in a ' +
      "`Content-Security-Policy` (`default-src 'none'`)",
    FOLD,
    'embeds the last run for the inline script, allowed by its hash, and a noscript line',
    "default-src 'none'",
    'sha256-',
  ),
  held(
    'It refreshes itself every minute.',
    FOLD,
    'refreshes itself every minute',
    '<meta http-equiv="refresh" content="60">',
  ),
  // Staleness.
  held(
    "When the newest run is more than 5 minutes older than the page's time, the page says **monitoring is down or " +
      "stale**, shows every state as `? UNKNOWN` (the last known one kept in `status.json`'s `lastKnownState`)",
    FOLD,
    'is fresh up to five minutes after the last run and stale after, claiming nothing works',
    'staleAfterSeconds: 300',
    'jsonAt(model, 5)',
    'jsonAt(model, 10)',
  ),
  held(
    "the page embeds the last run's time and its inline script turns it stale in the browser once " +
      '`now - lastRun > 5 min` (an unreadable time is stale)',
    FOLD,
    "its inline script turns the page stale in the viewer's browser past five minutes, or on a time unread",
    'PAGE_SCRIPT',
    'START + 4 * 60_000',
    'START + 6 * 60_000',
    "'not a time'",
  ),
  held(
    "the page embeds the last run's time and its inline script turns it stale in the browser",
    BROWSER,
    "turns stale in the viewer's browser when no run has come for five minutes",
    'lastRun + 10 * 60_000',
    "'stale'",
  ),
  held(
    'With scripts off, a `<noscript>` line tells the reader to check the time of the last check.',
    SELF,
    'tells a reader with scripts off, in a noscript line, to check the time of the last check',
    'Check the time of the last check',
  ),
  held(
    'A history that is missing, empty, unreadable or holds only torn or forged lines gives no page: `status-page` ' +
      'says which folder and how to keep runs, and exits 3.',
    CLI_PAGE,
    'a %s history: no page, the folder and the fix named',
    "'missing'",
    "'empty'",
    "'torn'",
    "'forged'",
    'toBe(3)',
    'run --config FILE --history ${history}',
  ),
  held(
    'Lines it skips beside whole ones (torn, edited or of another shape) are said on stderr as `report` says them, ' +
      'and the page is written.',
    CLI_PAGE,
    'warns of the lines it skipped, as report does, and still writes the page',
    'skipped 1 line that is not a whole run line',
  ),
  held(
    'Every line it prints to stderr fits 80 columns, piped or at a terminal.',
    CLI_PAGE,
    'says every refusal within 80 columns, piped as at a terminal',
    '80',
  ),
  // status.json.
  held(
    'For a ServiceNow or Slack integration: the same facts, no HTML.',
    SELF,
    "shows status.json's members as the",
    'Object.keys(shown).sort()).toEqual(Object.keys(json).sort())',
  ),
  held(
    '`version` is checked first: a member added keeps it, a member changed or removed bumps it.',
    SELF,
    'keeps every member, and its type, that its version of status.json promised',
    'STATUS_JSON_VERSION',
    'STATUS_JSON_PROMISED',
  ),
  held(
    'Version 1 said `monitoring` where 2 says `probe`, the word the availability report and `pageFor` use.',
    'test/functions/config/page-for.test.ts',
    'is the one owner type',
    "the page's old word",
  ),
  held(
    'a provisioning app also has its own `caller` sentence',
    FOLD,
    'names each failing app by its label with its cause, since when, and a line for callers',
    'part?.apps?.named[0]?.caller',
  ),
  held(
    '`overall`: `stale`, else the worst state: `failing`, `unknown`, `ok`.',
    FOLD,
    'says overall stale above every',
    "['failing', 'unknown', 'ok']",
    "['stale', 'stale', 'stale']",
  ),
  held(
    '`runs`: how many runs the page was folded from (capped at a million).',
    FOLD,
    'counts the runs it folded, capped at a million',
    'MOST_RUNS',
    '1_000_000',
  ),
  held(
    '`status.json` is what the page says at its time (every state `unknown` once stale), never read back',
    FOLD,
    'reads back what it stored, the model, and never status.json',
    'readStatusModel(document)).toBeUndefined()',
  ),
  held(
    'the deployed probe keeps the model in `status-model.json` and folds each new run into it',
    PUBLISH,
    'folds the next run into the model the last one kept',
    'publishStatusPage',
    'STATUS_PAGE_KEYS.model',
    'runs: 2',
  ),
  held(
    '(read back as hostile input, every member bounded; refused, or of another version, the page is built again ' +
      'from the next run)',
    PUBLISH,
    'refuses a kept model that is %s, says so, and still publishes a fresh page',
    'STATUS_MODEL_MAX_BYTES',
    'not JSON: torn or forged',
    'not a model',
  ),
  held("`parts[].kind`: `okta` (Okta's status feed), `journey`, `app`", SELF, 'names every kind of part', 'PART_KINDS'),
  held(
    '`parts[].state`: `ok`, `failing` or `unknown`; `unknown` for every part while `stale`.',
    FOLD,
    'is fresh up to five minutes after the last run and stale after, claiming nothing works',
    "stale.parts.map(() => 'unknown')",
  ),
  held(
    "`parts[].fault`: `null`, or its `owner` (`okta`, `org`, `probe`: our monitoring's own side)",
    TRUTH,
    "a refused connection from one place is ours, while Okta's 5xx is Okta's",
    "owner: 'probe'",
    "owner: 'okta'",
  ),
  held(
    "`parts[].fault`: `null`, or its `owner` (`okta`, `org`, `probe`: our monitoring's own side)",
    FOLD,
    'tells each part its state, since when, and whose fault a failure is',
    "owner: 'org'",
  ),
  held(
    "`parts[].fault`: `null`, or its `owner` (`okta`, `org`, `probe`: our monitoring's own side)",
    TRUTH,
    "a SAML app skipped after its journey's sign-in failed is UNKNOWN",
    'fault: null',
  ),
  held(
    '`parts[].apps` (a `saml-group` and `provisioning` only): `notOk`, how many apps are not working, and `named`, ' +
      'the first 50 (provisioning: 10)',
    FOLD,
    'groups a catalogue: its failing apps named up to the bound',
    'MOST_GROUP_APPS',
    'moreApps',
  ),
  held(
    "`parts[].catalogue` (a `saml-group`, when its apps' records were read): every app, the first 10,000 by label",
    FOLD,
    'keeps the first MOST_CATALOGUE_APPS of a larger catalogue and counts the rest',
    'MOST_CATALOGUE_APPS',
    'moreCatalogue).toBe(5)',
  ),
  held(
    'each `{ "label", "state", "lastKnownState" }`: `lastKnownState` what its own last check found (`ok`, ' +
      "`failing`, or `unknown`: not checked yet, skipped, or by our monitoring's own failure)",
    FOLD,
    'shows every app on the page under its catalogue, working ones included, escaped, and in status.json',
    'catalogueOf',
    '<img src=x onerror=alert(1)>',
  ),
  // Who can reach it.
  held(
    'no Okta or OIDC sign-in stands in front of it, so it opens while Okta is down',
    HOSTING,
    'puts nothing of Okta in front',
    'LambdaFunctionAssociations',
    'Cognito',
  ),
  held(
    'Built by the CLI, it is a folder of two files',
    CLI_PAGE,
    'writes a folder of two files, index.html and status.json',
    "['index.html', 'status.json']",
  ),
  held(
    'Deployed, the stack publishes the same page after each run to hosting that only the networks in ' +
      '`statusPage.allowFrom` can reach',
    HOSTING,
    'answers only the listed networks',
    'ALLOW_FROM',
    'statusCode).toBe(403)',
    'FunctionAssociations',
  ),
  // Deployed.
  held(
    'With `statusPage`, `cdk deploy` adds a private S3 bucket behind a CloudFront distribution',
    HOSTING,
    'serves a private, encrypted, TLS-only bucket through origin access control',
    'RestrictPublicBuckets: true',
    'AWS::CloudFront::OriginAccessControl',
  ),
  held(
    'after each run the probe writes the page there (`index.html`, `status.json`, and `status-model.json`',
    PUBLISH,
    'starts afresh when no model is kept (NoSuchKey) and writes the page, its JSON and the model',
    'STATUS_PAGE_KEYS.html',
    "from: 'fresh'",
  ),
  held(
    '**The address** is the stack output `StatusPageUrl` (`https://<id>.cloudfront.net/`), printed by `cdk deploy`',
    HOSTING,
    "outputs the page's URL",
    'StatusPageUrl',
    'DomainName',
  ),
  held(
    '`plan` names it.',
    PLAN_PAGE,
    "plan names the hosting, the networks and the URL's output",
    "'plan', '--config', path",
  ),
  held(
    "With several `regions` there is one page, in the home region (the quorum's home, else the first of " +
      "`regions`), published by that region's probe.",
    HOSTING,
    'hosts and publishes in the home region only, with several regions: one URL',
    "regions: ['eu-west-1', 'us-east-2']",
    'other?.statusPage).toBeUndefined()',
  ),
  held(
    "It names each thing by the config's `name`, as the page `status-page` builds does, and lists every app of a " +
      "catalogue from the group's records as the probe's own run read them (no second read of the table); between " +
      "the group's runs it keeps the list it last published.",
    `${SP}/deployed-catalogue.test.ts`,
    'names a healthy catalogue app on the published page, and keeps the list on a run that read no group',
    'withCatalogueRecords',
  ),
  held(
    '**Who can open it**: only viewers whose address lies in `statusPage.allowFrom`, IPv4 or IPv6 CIDRs, checked ' +
      'at the edge by a CloudFront Function generated from the list',
    VIEWER,
    'lets an IPv6 viewer through only inside an IPv6 network',
    "lets(code, '2001:db8:1200::1')).toBe(true)",
    "lets(code, '2001:db8:1300::')).toBe(false)",
  ),
  held(
    'everyone else gets 403, two sentences saying that their network may not open the page and to ask its owners to ' +
      'add it, and nothing of the page',
    HOSTING,
    'refuses everyone else: 403 and two sentences at the edge, and the bucket to every caller but the page',
    '403',
    'REFUSAL_TEXT',
    "kind: 'anonymous'",
  ),
  held(
    "Before the probe's first publish (its first run after the deploy) the page answers 404 Not Found, never 403",
    HOSTING,
    'answers 404, kept by no cache, where the allowlist answers 403',
    'ErrorCode: 404',
    'ErrorCachingMinTTL: 0',
  ),
  held(
    'behind a proxy or a VPN, list its egress network',
    VIEWER,
    'lets an IPv4 viewer through only inside an IPv4 network',
    "lets(code, '203.0.114.0')).toBe(false)",
  ),
  held(
    'The page answers over IPv6 only when `allowFrom` lists an IPv6 network; with IPv4 networks alone it answers ' +
      'over IPv4 only',
    HOSTING,
    'is off for IPv4 networks only',
    "ipv6Of(['203.0.113.0/24', '198.51.100.7/32'])).toBe(false)",
  ),
  held(
    '(`plan` says which)',
    PLAN_PAGE,
    'plan says the page answers over IPv4 only when allowFrom lists no IPv6',
    'over IPv4 only',
  ),
  held(
    'Nothing of Okta stands in front of it, so it opens while Okta is down.',
    HOSTING,
    'puts nothing of Okta',
    'okta\\.com|oauth2',
  ),
  held(
    '**Add a network**: add its CIDR to `allowFrom` and deploy again.',
    HOSTING,
    'answers only the listed networks',
    'ALLOW_FROM.map',
  ),
  held(
    'Entries are strict: a network without host bits (`"10.1.0.0/16"`, not `"10.1.2.3/16"`), a single address as ' +
      '`/32` or `/128`, at most 100.',
    'test/functions/config/status-page.test.ts',
    'refuses %s, naming the entry and the fix',
    '10.1.2.3/16',
  ),
  held(
    "`0.0.0.0/0` and `::/0` are refused: the page names the org's apps and their failures.",
    HOSTING,
    'refuses the whole internet',
    '::\\/0',
  ),
  held(
    '`plan` and `cdk synth` refuse a bad entry alike, naming it',
    PLAN_PAGE,
    'plan refuses a CIDR that is not one, naming the field and the fix',
    '192.168.1.1/24',
    'has host bits set after its /24',
  ),
  held(
    '`cdk synth` refuse a bad entry alike',
    HOSTING,
    'refuses a CIDR that is not one at synth',
    '10.0.0.0/33',
    'is not a CIDR',
  ),
  held(
    '**Never stale in a cache**: CloudFront caches nothing and every answer says `Cache-Control: no-cache, ' +
      "no-store`; the page's Content-Security-Policy is sent as a header too, with `frame-ancestors 'none'`.",
    HOSTING,
    'serves a private, encrypted, TLS-only bucket through origin access control, never cached, with CSP',
    'STATUS_PAGE_CACHE_CONTROL',
    "default-src 'none'",
    '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  ),
  held(
    '**When publishing fails** (S3 refuses, the model kept is forged): the probe says so in a WARN line in its log ' +
      'group and carries on',
    PUBLISH,
    'says which writes failed and never throws when the grant is missing',
    'not written: AccessDenied 403',
    'page.written).toEqual([])',
  ),
  held(
    'A page that is not rewritten turns stale after five minutes and says monitoring is down.',
    BROWSER,
    "turns stale in the viewer's browser when no run has come for five minutes",
    '? UNKNOWN',
    'MONITORING IS DOWN OR STALE',
  ),
  // What it costs.
  held(
    'What the deployed page adds to the monthly bill is in `okta-synthetics cost`, in lines of its own ' +
      '("Status page: ...")',
    PLAN_PAGE,
    "cost prices the page in lines of its own, at the runs' rate, in the home region only",
    'Status page: S3 PUT requests',
    'pageLines(other?.lines ?? [])).toEqual([])',
  ),
  held(
    "With several regions each run also reads the quorum's items and latches, in two lines more.",
    PLAN_PAGE,
    'cost prices the page in lines of its own',
    "Status page: the quorum's items read",
    "Status page: the quorum's latches read",
  ),
  held(
    "With browser journeys, each probe run reads each region's browser line once more, and each browser run writes " +
      "its region's once, in lines of the region that runs them;",
    'test/functions/cost/status-page.test.ts',
    'bills a PUT each browser run and a GET each probe run',
    'quantity: browserRuns',
    'quantity: priced.invocationsPerMonth',
  ),
  held(
    'from another region than the home, that write also sends a few KB across regions (under a cent a month).',
    'test/functions/cost/status-page.test.ts',
    "bills another region's part in that region",
    'BROWSER_PART_BYTES_PER_RUN',
    'toBeLessThan(0.01)',
  ),
];

/** What CloudFront and browsers do, kept beside their source. */
const STATUS_PAGE_OUTSIDE: readonly OutsideFact[] = [
  cited(
    'CloudFront sees the address the request comes from',
    'decisions/status-page-hosting.md#what-aws-documents-that-the-choice-rests-on',
    'is the IP address of the viewer (client) that sent the request',
  ),
  cited("a dual-stack office's browsers, which prefer IPv6 (RFC 8305)", 'RFC 8305'),
  cited("(CloudFront's free tier would cover the views", 'https://aws.amazon.com/cloudfront/pricing/'),
  cited('Why this hosting and not WAF or a Lambda function URL', 'decisions/status-page-hosting.md'),
];

const STREAM = 'test/lib/metric-stream.test.ts';
const STREAM_CONFIG = 'test/functions/config/metric-stream.test.ts';
const STATE_STREAM = 'test/lib/alarm-state-stream.test.ts';
const DOC_TABLES = 'test/functions/config/integrations-doc.test.ts';
const STREAM_COST = 'test/functions/cost/metric-stream.integration.test.ts';
const GRAFANA = 'test/lib/grafana-dashboard.test.ts';
const DECISION = 'decisions/metric-export.md';

const INTEGRATIONS: readonly Claim[] = [
  // How it works.
  held(
    "with `metricStream` in the config, each region's stack adds a CloudWatch Metric Stream of the product's " +
      'namespace only, delivered by Amazon Data Firehose to the tool.',
    STREAM,
    "streams the product's namespace and nothing else",
  ),
  held(
    "The tool's key stays in Secrets Manager: Firehose reads it at delivery, the template names the secret only.",
    STREAM,
    'reads the key from Secrets Manager by its name',
  ),
  held(
    'Batches the tool refuses after 5 minutes of retries are kept 14 days in a private, encrypted bucket ' +
      '(`failed/`), and Firehose logs why in `/aws/kinesisfirehose/<prefix>-metrics`.',
    STREAM,
    'retries a batch the tool refuses for five minutes, then keeps it under failed/ and logs why',
  ),
  held('are kept 14 days in a private, encrypted bucket', STREAM, 'keeps failed batches private, encrypted, TLS only'),
  held(
    "the stream sends each metric's Minimum, Maximum, Sum and SampleCount, and for the latencies (`CheckLatency`, " +
      '`ServerLatency`) their p50, p90 and p99 too',
    STREAM,
    'streams the latencies with p50, p90 and p99',
  ),
  held(
    'EventBridge rules take every "CloudWatch Alarm State Change" of exactly the stack\'s alarms (by name, so ' +
      "another deployment whose prefix starts like this one's is not matched)",
    STREAM,
    "match every state change of exactly this stack's alarms, by name, and no other deployment's",
    'regionPlan',
  ),
  held(
    'send one JSON line each to Firehose: the source and kind (`"kind":"alarm-state"`), `alarm`, `state`, ' +
      '`previousState`, `time`, `region` and `account`. No reason text, no description.',
    STREAM,
    'deliver one short JSON line each to',
  ),
  held(
    "Splunk: into the metric stream's own Firehose stream",
    STREAM_CONFIG,
    "goes to Datadog's log intake of the metric intake's site, into Splunk's own stream, elsewhere nowhere",
    'alarmStatesRoute',
  ),
  held(
    "Datadog: a second Firehose stream, `<prefix>-alarm-states`, to Datadog's log intake of the same site, with the " +
      'same secret.',
    STREAM,
    "go to Datadog's log intake of the metric intake's site, with the same secret",
  ),
  held(
    "EventBridge's role may only put records into that one stream, and EventBridge may assume it only for these " +
      'rules of this account.',
    STATE_STREAM,
    'is assumed by EventBridge for each of these rules, never for another rule, account or principal',
  ),
  held(
    'A change it still cannot deliver after an hour of retries goes to the queue `<prefix>-alarm-states-dlq` ' +
      '(kept 14 days, to replay) instead of being dropped',
    STATE_STREAM,
    "dead-letters each rule's undelivered changes after an hour of retries",
  ),
  held(
    'and its alarm `<prefix>-alarm-states-dlq` warns',
    STATE_STREAM,
    'warns on each new dead letter, and plan lists that alarm',
    'regionPlan',
  ),
  held(
    "every alarm notifies its severity's SNS topics (docs/alarms.md). A tool hears them through an https " +
      'subscription to the alarm topic (`alarmEndpoints`, a URL holding a key given as `{ "secretName": ... }`)',
    'test/lib/notifier.test.ts',
    'subscribes pagers to the alarm topics, resolving a secret URL at deploy time',
  ),
  held(
    '`plan` names the stream, its one namespace, its destination and where alarm states go',
    STREAM_COST,
    'names the stream, its one namespace, the destination, the secret and its cost',
    'estimateCost',
  ),
  held('where alarm states go', STREAM_COST, 'says where alarm states are not streamed'),
  held(
    "`cost` adds its lines in each region: metric updates, the latencies' percentiles (one more update of each " +
      'latency metric a run',
    STREAM_COST,
    "bills every published metric's update each run, and Firehose's GB",
    'estimateCost',
    'invocationsPerMonth',
  ),
  held(
    "Both print the same sentence of the stream's updates and cost, every region's lines added up.",
    'test/functions/cli/plan-cost.test.ts',
    "prices a two-region metric stream as cost adds up its regions' lines",
  ),
  held(
    '| `to` | `"datadog"`, `"splunk"`, `"newrelic"`, `"dynatrace"` or `"http"` |',
    STREAM_CONFIG,
    'refuses an unknown destination with the list',
    'METRIC_STREAM_DESTINATIONS',
  ),
  held(
    "Datadog: your site's metrics intake, required (no site is guessed); New Relic defaults to its US intake",
    DOC_TABLES,
    'says New Relic defaults to its US intake and Datadog to none',
  ),
  held(
    'Splunk: your HEC address; Dynatrace: your environment; http: the receiver',
    STREAM_CONFIG,
    'asks for endpointUrl where only the user knows it',
  ),
  held(
    'A key written here is refused, not echoed',
    STREAM_CONFIG,
    'refuses the key itself where the secret name belongs, never echoing it',
  ),
  held(
    "from a file only you can read, so the key is never on a command line or in your shell's history",
    'test/functions/integrations-secret.integration.test.ts',
    "writes the secret's file as the doc's lines do",
  ),
  held(
    'For Splunk the JSON is `{"hec_token":"..."}`.',
    DOC_TABLES,
    'says what %s takes as the code sends it',
    'METRIC_STREAM_DESTINATION_SPECS',
    'METRIC_STREAM_DESTINATIONS',
  ),
  // Datadog.
  held(
    '`"metricStream": { "to": "datadog", "endpointUrl": "<your site\'s intake>", "secret": ' +
      '"okta-synthetics/datadog" }`: OpenTelemetry 1.0',
    DOC_TABLES,
    'says what %s takes as the code sends it',
    'METRIC_STREAM_DESTINATION_SPECS',
    'METRIC_STREAM_DESTINATIONS',
  ),
  held(
    '`endpointUrl` is required: an API key belongs to one site, so no site is assumed.',
    STREAM_CONFIG,
    "asks a Datadog team for its site's intake, never guessing US1",
  ),
  held(
    'on those sites any other address (the app, the API, the intake without its path) is refused, naming the field ' +
      "and the site's intake.",
    STREAM_CONFIG,
    'refuses a wrong EU1 address',
  ),
  held(
    'streamed with `metricStream`, as logs (`kind:alarm-state`), to the log intake for Firehose of the metric ' +
      "intake's site, `aws-kinesis-http-intake.logs.<site>` (US1, US3, US5, EU1, AP1, AP2, US1-FED)",
    DOC_TABLES,
    'names every Datadog site whose log intake takes the alarm states',
    'DATADOG_SITES',
  ),
  held(
    'An `endpointUrl` on any other host or site (one whose Firehose log intake the stack does not know) is refused ' +
      'by `plan` and `cdk synth`, naming the field and the sites.',
    STREAM_CONFIG,
    'refuses a site Datadog does not run, naming the field, the sites and the fix',
  ),
  held('is refused by `plan` and `cdk synth`', STREAM, "go to AP2's own log intake for an AP2 endpoint"),
  held(
    'a URL holding a key is stored as a secret and written `"alarmEndpoints": { "page": [{ "secretName": ' +
      '"okta-synthetics/datadog-sns" }] }`',
    'test/functions/config/routing.test.ts',
    'reads https URLs and secret references per severity',
  ),
  // Grafana.
  held(
    'pick the CloudWatch data source and the region',
    'test/functions/plan/grafana-file.test.ts',
    'reads CloudWatch through the data source and region the importer picks',
    'grafanaText',
  ),
  held(
    'It has every graph of the CloudWatch dashboard, with the same metrics, statistics and periods (a test holds ' +
      'them equal).',
    GRAFANA,
    'queries the same metrics, statistics and periods',
  ),
  held(
    'For your own config: `npm run grafana-dashboard -- --config okta-synthetics.json --out my-dashboard.json`.',
    DOC_TABLES,
    "says Grafana's dashboard of one's own config is the script's",
    'grafanaText',
  ),
  held(
    "as tables of the data source's Logs queries on the probe's log group (a test holds their titles and queries " +
      'equal)',
    GRAFANA,
    'has a table for every Logs Insights table, of the same title, log group and query',
  ),
  held(
    'both dashboards have the table "Alarm state changes" instead, read from the notifier\'s log group ' +
      '(`/aws/lambda/<prefix>-notifier`)',
    GRAFANA,
    "shows every composite's state changes",
    'ALARM_STATE_CHANGES_QUERY',
    'notifierLogGroupName',
  ),
  held(
    'newest first, with what the notifier did; a member alarm shows as the composite it turns.',
    'test/functions/lambda/notifier.test.ts',
    "writes each composite's change it handles as the line the dashboards' state table reads",
    'ALARM_STATE_CHANGES_QUERY',
    'NOTIFIER_LOG_MESSAGES',
  ),
  held(
    "The notifier's own two alarms (its errors, its dead-letter queue) notify the topics directly, never through " +
      "the notifier, so its log never holds their changes: each is one of the data source's alarm annotations, on " +
      'its own metric',
    'test/functions/plan/grafana-annotations.test.ts',
    'marks each alarm that notifies the topics directly by its metric',
    'directAlarmAnnotations',
    "dimensions: { QueueName: 'okta-synth-notifier-dlq' }",
  ),
  held(
    "each notifying alarm's change to ALARM (red) and to OK (green) whose notification was published",
    'test/functions/lambda/notifier.test.ts',
    'marks the Grafana graphs with each published change to ALARM and to OK',
  ),
  held(
    "as two of the data source's logs annotations on the same log group",
    GRAFANA,
    "shows every composite's state changes",
  ),
  held(
    'The alarm annotation is used for nothing else: it lists no composite',
    GRAFANA,
    "shows every composite's state changes",
    'ALARM_STATE_CHANGES_QUERY',
    'notifierLogGroupName',
  ),
  held(
    'The text beside each row is left out.',
    'test/functions/lambda/notifier.test.ts',
    "writes each composite's change it handles",
    'ALARM_STATE_CHANGES_QUERY',
    'NOTIFIER_LOG_MESSAGES',
  ),
  held(
    '**Metrics, stored in Grafana Cloud**: `"to": "http"`',
    STREAM_CONFIG,
    'refuses an unknown destination with the list, and points Grafana to its two routes',
    'METRIC_STREAM_DESTINATIONS',
  ),
  // Splunk.
  held(
    "Firehose's own Splunk destination posts JSON records, one metric update a line, to the HTTP Event " +
      "Collector's raw endpoint.",
    STREAM,
    "delivers to Splunk through Firehose's HEC destination",
  ),
  held(
    '**Alarm states**: streamed with `metricStream`, one JSON line each (`"kind":"alarm-state"`) in the same HEC ' +
      'input as the metric updates.',
    STREAM_CONFIG,
    "goes to Datadog's log intake of the metric intake's site, into Splunk's own stream",
    'alarmStatesRoute',
  ),
  // New Relic, Dynatrace, any https receiver.
  held(
    '`"metricStream": { "to": "newrelic", "secret": "okta-synthetics/newrelic" }`: OpenTelemetry 1.0 to New ' +
      "Relic's US intake",
    DOC_TABLES,
    'says New Relic defaults to its US intake and Datadog to none',
  ),
  held(
    '**Alarm states**: not streamed (no Firehose intake for events taking the same key is documented in the ' +
      'sources we could check)',
    STREAM_COST,
    'says where alarm states are not streamed',
  ),
  held(
    "OpenTelemetry 0.7 to Dynatrace's one intake, which learns the environment from `endpointUrl`.",
    STREAM,
    'sends Dynatrace the environment named in endpointUrl as dt-url, to its one intake',
  ),
  held(
    '"okta-synthetics/collector" }`: OpenTelemetry 1.0, Firehose\'s HTTP endpoint delivery',
    DOC_TABLES,
    'says what %s takes as the code sends it',
    'METRIC_STREAM_DESTINATION_SPECS',
    'METRIC_STREAM_DESTINATIONS',
  ),
  held(
    "the receiver's URL as an `alarmEndpoints` entry, where the alarm topic posts CloudWatch's alarm JSON",
    'test/lib/notifier.test.ts',
    'subscribes pagers to the alarm topics',
  ),
];

/** What Firehose, Datadog, Grafana, Splunk and New Relic do, kept beside their sources. */
const INTEGRATIONS_OUTSIDE: readonly OutsideFact[] = [
  cited('(no percentile can be rebuilt from the other four)', DECISION, 'rebuild an average but no percentile'),
  cited('(HEC reads one event a line)', DECISION, "which HEC's raw endpoint splits into events"),
  cited(
    "Matching the alarms' events costs nothing (AWS service events on the default bus)",
    DECISION,
    'A rule matching AWS service events on the default bus is not billed',
  ),
  cited(
    'up to five extra statistics bill as one update',
    DECISION,
    '"Streaming between one and five of these additional statistics for a particular metric is billed as an ' +
      'additional metric update"',
  ),
  cited(
    '(Firehose reads a secret of its own region only)',
    DECISION,
    '"must be in the same region as the Firehose stream"',
  ),
  cited(
    "A secret under your own KMS key also needs `kms:Decrypt` for Firehose's role.",
    DECISION,
    "A secret under a customer-managed KMS key also needs `kms:Decrypt` for Firehose's role",
  ),
  cited(
    "the only format Datadog's metric streams take in full",
    DECISION,
    '"Metric streaming only supports OpenTelemetry output format. Latest version is v1.0; v0.7 is supported but ' +
      'may result in missing metrics."',
  ),
  cited(
    'EU1 `https://awsmetrics-intake.datadoghq.eu/v1/input`',
    DECISION,
    "confirmed by aws-cdk-lib's `DatadogEndpoint` table (`METRICS_EU`, `LOGS_EU`)",
  ),
  cited('a key belongs to one site', DECISION, 'with the same API key (a key belongs to one site)'),
  cited(
    'turn on its collection of the namespace (`OktaSynthetics`)',
    'https://docs.datadoghq.com/integrations/amazon_web_services/',
  ),
  cited(
    "Grafana's CloudWatch data source reads the namespace directly; no stream is needed.",
    DECISION,
    "Grafana's CloudWatch data source reads metrics, Logs Insights queries and alarm history",
  ),
  cited(
    "Grafana's CloudWatch data source has no panel for an alarm's current state, and CloudWatch publishes no metric " +
      'of it',
    `${DECISION}#grafana`,
    "CloudWatch publishes no metric of an alarm's state",
  ),
  cited(
    "it lists no composite, nor any alarm whose statistic differs from its query's",
    `${DECISION}#grafana`,
    'so no composite and no alarm on a percentile or a math expression ever showed',
  ),
  cited(
    "with Grafana Cloud's AWS metric streams URL as `endpointUrl`",
    DECISION,
    'use `"to": "http"` with its AWS metric streams URL',
  ),
  cited(
    "Grafana OnCall's (IRM's) Amazon SNS integration URL",
    'https://grafana.com/docs/oncall/latest/integrations/amazon-sns/',
  ),
  cited(
    "Firehose waits for Splunk's acknowledgement of each batch",
    'https://docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkDestinationConfiguration.html',
  ),
  cited(
    'Splunk Observability Cloud: `"to": "http"` with your realm\'s ingest URL.',
    DECISION,
    "Splunk Observability Cloud users use `http` with their realm's ingest URL",
  ),
  cited(
    'EU accounts: `https://aws-api.eu01.nr-data.net/cloudwatch-metrics/v1`, which our sources did not confirm again',
    `${DECISION}#not-confirmed-in-stored-sources`,
    "New Relic's EU metric streams address (`aws-api.eu01.nr-data.net`) was not confirmed again",
  ),
  cited(
    "(an OpenTelemetry collector's Firehose receiver takes it)",
    DECISION,
    "Grafana Cloud and an OpenTelemetry collector's Firehose receiver take it",
  ),
  cited(
    "sent as Firehose's access key header",
    'https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html',
  ),
];

describe('docs/integrations.md, claim by claim', () => {
  itHoldsClaims('docs/integrations.md', INTEGRATIONS);
  // Outside facts, cited: what Firehose and each tool do cannot fail here; each stays only beside its source.
  itCitesFacts('docs/integrations.md', INTEGRATIONS_OUTSIDE);
});

/** The page of one run in which the SAML app Salesforce fails: its status.json, and Salesforce's part in it. */
function salesforcePage() {
  const failure: RunLogFailure = {
    server: 'salesforce',
    check: 'saml',
    code: 'SAML_AUDIENCE_MISMATCH',
    summary: 'Okta said so',
    remedy: 'Fix it',
    requestId: null,
  };
  const line: RunLogLine = {
    ...goodRunLine,
    servers: [...(goodRunLine.servers ?? []), { id: 'salesforce', up: 0, ms: 100 }],
    failures: [failure],
  };
  const watched = [{ kind: 'saml-app' as const, id: 'salesforce', name: 'Salesforce' }];
  const model = foldRunLine(undefined, line, watched);
  const at = new Date(Date.parse(line.startedAt) + 60_000);
  const json = statusJson(model, at);
  return { json, part: json.parts.find((p) => p.id === 'salesforce'), html: renderStatusHtml(model, at) };
}

/** Version 2's members, each kept by 3. */
const PROMISED_2 = {
  top: {
    version: 'number',
    generatedAt: 'string',
    lastRunAt: 'string',
    runs: 'number',
    stale: 'boolean',
    staleAfterSeconds: 'number',
    overall: 'string',
    orgUrl: 'string',
    parts: 'object',
  },
  part: {
    kind: 'string',
    id: 'string',
    name: 'string',
    state: 'string',
    lastKnownState: 'string',
    since: 'string',
    checkedAt: 'string',
    fault: 'object',
    caller: 'string',
  },
  fault: { owner: 'string', code: 'string', title: 'string' },
};
/**
 * What each version of status.json promised its readers (a ServiceNow or Slack integration): each member and its
 * type. A member added keeps the version; one removed, renamed or of another type must bump it, and add its row.
 */
const STATUS_JSON_PROMISED: Readonly<
  Record<number, { top: Record<string, string>; part: Record<string, string>; fault: Record<string, string> }>
> = {
  2: PROMISED_2,
  // 3 changed what a catalogue app's `state` means (its state now, where 2 gave its last check's): no member went.
  3: PROMISED_2,
};

describe('docs/status-page.md, claim by claim', () => {
  itHoldsClaims('docs/status-page.md', STATUS_PAGE);
  // Outside facts, cited: what CloudFront and browsers do cannot fail here; each stays only beside its source.
  itCitesFacts('docs/status-page.md', STATUS_PAGE_OUTSIDE);

  it("shows status.json's members as the page writes them: the example's every key, at every depth", () => {
    const example = /## status\.json[\s\S]*?```json\n([\s\S]*?)```/.exec(read('docs/status-page.md'))?.[1] ?? '{}';
    const shown = JSON.parse(example) as { parts: Record<string, unknown>[] };
    const { json, part } = salesforcePage();
    expect(Object.keys(shown).sort()).toEqual(Object.keys(json).sort());
    expect(Object.keys(shown.parts[0] ?? {}).sort()).toEqual(Object.keys(part ?? {}).sort());
    expect(Object.keys((shown.parts[0]?.fault ?? {}) as object).sort()).toEqual(Object.keys(part?.fault ?? {}).sort());
    expect(shown).toMatchObject({ version: json.version, staleAfterSeconds: json.staleAfterSeconds });
    expect(shown.parts[0]).toMatchObject({ kind: part?.kind, fault: { owner: part?.fault?.owner } });
  });

  it('keeps every member, and its type, that its version of status.json promised: removing one bumps it', () => {
    const promised = STATUS_JSON_PROMISED[STATUS_JSON_VERSION];
    expect(promised, `no members listed here for status.json version ${STATUS_JSON_VERSION}`).toBeDefined();
    const { json, part } = salesforcePage();
    const typed = (record: object | null | undefined) =>
      Object.fromEntries(
        Object.entries(record ?? {}).map(([key, value]) => [key, value === null ? 'null' : typeof value]),
      );
    // A member added keeps the version: only the promised ones are held.
    expect(typed(json)).toMatchObject(promised?.top ?? {});
    expect(typed(part)).toMatchObject(promised?.part ?? {});
    expect(typed(part?.fault)).toMatchObject(promised?.fault ?? {});
  });

  it('tells a reader with scripts off, in a noscript line, to check the time of the last check', () => {
    const noscript = /<noscript>([\s\S]*?)<\/noscript>/.exec(salesforcePage().html)?.[1] ?? '';
    expect(noscript).toMatch(/Check the time of the last check above: if it is more than 5 minutes ago/);
  });

  it('names every kind of part the page has, and no other', () => {
    const line = words(read('docs/status-page.md')).split('`parts[].kind`:')[1]?.split('- `parts[].state`')[0] ?? '';
    const named = [...line.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
    // `resources` is the config's field the APIs come from, named beside `api`.
    expect(named.filter((name) => name !== 'resources')).toEqual([...PART_KINDS]);
  });
});
