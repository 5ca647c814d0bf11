// docs/preview.md's claims, each held by a test (test/support/claims.ts), as docs-claims.test.ts holds
// status-page.md's.
// Its scenario table is held by the scenarios' own test (sim/preview-scenarios.ts through the built CLI) and its field
// table by npm run docs; this file holds the prose around them. What Okta's sources say is kept beside the source the
// doc names.
import { describe } from 'vitest';
import { held, itHoldsClaims, type Claim } from '../support/claims';

const DOC = 'docs/preview.md';
const INIT = 'test/functions/cli/init.test.ts';
const PAIR = 'test/functions/report/preview-pair.test.ts';
const CLI = 'test/functions/cli/preview.test.ts';
const LAMBDA = 'test/functions/lambda/preview.test.ts';
const STACK = 'test/lib/preview.test.ts';
const PAGE = 'test/functions/status-page/preview.test.ts';
const SIM = 'test/functions/cli/preview-sim-config.test.ts';

const CLAIMS: readonly Claim[] = [
  held(
    "A run that reached nothing of the Preview org carries each failure's since on, in a new `run` process as in the " +
      'deployed run; a failure that passes once and comes back starts again.',
    'test/functions/report/preview-step.test.ts',
    'tells the same since, reads the feed on the same runs and says the same words, through both sides',
    'RUNS',
    'iso(T0 + 25 * HOUR + 10 * MINUTE)',
    'cliSide',
    'lambdaSide',
  ),
  held(
    'or last read before the failure began: a read of the feed is kept a day, but a failure newer than the read has ' +
      'the feed read again',
    'test/functions/lambda/preview-releases-kept.test.ts',
    'reads the feed again when the kept read predates the failure',
    'keptPreviewReleases',
    'NOW - HOUR',
  ),
  // The row above holds the read again; this one that a read is kept a day and no longer.
  held(
    'or last read before the failure began: a read of the feed is kept a day, but a failure newer than the read has ' +
      'the feed read again',
    'test/functions/lambda/preview-releases-kept.test.ts',
    'keeps a read a day: one a day old is read again',
    'keptPreviewReleases',
    '24 * HOUR',
  ),
  held(
    "Production's `issuer` is never inherited: a custom URL domain belongs to one org, as a client id does",
    'test/functions/config/preview.test.ts',
    "is not inherited from Production's custom URL domain: the Preview org's own is derived, as plan says",
    'issuer',
    'A custom URL domain belongs to one org, as a client id does',
  ),
  held(
    "unless its entry sets `issuer` (its own custom domain's)",
    'test/functions/config/preview.test.ts',
    "is the entry's own when it sets one",
    "issuer: 'https://login.preview.acme.example/oauth2/ausPdefault'",
  ),
  held(
    '`init --preview-org` says so',
    INIT,
    'with --preview-org, mirrors each starter entry in a preview block setting only what may differ',
    "'--preview-org'",
    'PREVIEW_ISSUER_SENTENCE',
  ),
  held(
    'each starter server and journey keyed by its Production id, with only the fields of its Production entry that a ' +
      'Preview entry may set',
    INIT,
    'with --preview-org, mirrors each starter entry in a preview block setting only what may differ',
    'PREVIEW_SERVER_FIELDS',
    'PREVIEW_SIGN_IN_FIELDS',
    'starter.servers.map((s) => s.id)',
  ),
  held(
    'A `--preview-org` that is the `--org` is refused.',
    INIT,
    'refuses a Preview org that is the Production org',
    "'--preview-org'",
    'is the Production org (--org)',
  ),
  held(
    '`init --help` lists the fields a Preview entry may set.',
    INIT,
    'says in its help which fields a Preview entry may set',
    "'init', '--help'",
    'PREVIEW_SERVER_FIELDS',
    'PREVIEW_SIGN_IN_FIELDS',
  ),
  held(
    '`run --secrets aws` probes the Preview org with those same secrets.',
    'test/functions/cli/one-file.test.ts',
    'run --secrets aws probes the Preview org with the Preview secrets the stack made',
    "'--secrets', 'aws'",
    'okta-synthetics/preview/org us-east-1',
  ),
  held(
    'a failure there is told as "Preview no longer mirrors Production" rather than "Production next"',
    PAIR,
    'a failing check the Preview entry made different: Preview no longer mirrors Production for it',
    'comparePreview',
    'Preview no longer mirrors Production',
    "not.toContain('Production next')",
  ),
  held(
    'an edge answering 503 to everything is "Preview unavailable" even though its Date header is right.',
    PAIR,
    'an edge answering 503 still passes the clock check: Preview is unavailable all the same',
    'comparePreview',
    'Preview unavailable',
    "pass('org', 'clock')",
  ),
  held(
    "Okta's status feed speaks of cells, never of an org, so it is never paired with Production's.",
    PAIR,
    'an incident while Preview passes: a warning of its own; the feed is never a pair nor "Production next"',
    'comparePreview',
    'incident()',
    "'default token mirrors'",
  ),
  held(
    "A Preview finding never pages: `run`'s exit code, `--junit` and the `--history` line are Production's alone",
    CLI,
    "a Preview finding never pages: the exit code, --junit, the --history line are Production's alone",
    "'--junit'",
    "'--history'",
    'toBe(0)',
  ),
  held(
    'a second simulator on its own loopback port plays the Preview org',
    SIM,
    'plays the Preview org on a second loopback simulator, never the real one',
    '127\\.0\\.0\\.1',
    'not.toBe(written.orgUrl)',
  ),
  held(
    '`okta-synthetics sim --scenario NAME` of a two-org scenario starts both simulators too',
    SIM,
    'sim --scenario of two orgs without --config: the config names the Preview org it also plays',
    "'--scenario', 'preview-edge-down'",
    'Its Preview org',
  ),
  held(
    'the schedule `<prefix>-preview`, every `preview.everyMinutes` (default 5), which runs the probe function in its ' +
      'Preview mode',
    STACK,
    'runs the Preview org from one schedule in the home region, every 5 minutes, with the Preview event',
    "'okta-synthetics-preview'",
    "'rate(5 minutes)'",
    'PREVIEW_EVENT',
  ),
  held(
    "the Preview org's secrets `<prefix>/preview/<id>` (read by the probe's role, by their own ARNs)",
    STACK,
    "lets the probe's role read the Preview secrets by their own ARNs, and no other secret",
    'PREVIEW_SECRETS',
    'secretsmanager:GetSecretValue',
  ),
  held(
    'two alarms that notify the **warn** topic by themselves and that no page composite holds',
    STACK,
    'warns only: its alarms notify the warn topic and no composite holds them',
    'okta-synthetics-preview-ahead-warn',
    'okta-synthetics-preview-unavailable-warn',
    "toEqual(['warn'])",
  ),
  held(
    'a Preview failure during an incident there is logged as `unavailable`',
    LAMBDA,
    "tells a Preview failure during Okta's incident on the Preview cell as Preview unavailable",
    "'preview-cell-incident'",
    'unavailable: true',
  ),
  held(
    "an incident on Production's cell is not the Preview cell's.",
    LAMBDA,
    "never takes Production's cell's incident for the Preview cell's",
    "'status-degraded'",
    'unavailable: false',
  ),
  held(
    'ends with the same row, its panels reading the home region whichever region is picked.',
    'test/lib/grafana-dashboard.test.ts',
    'graphs the Preview totals of the metric contract, Server "preview", in the home region alone',
    'dashboardOf',
    "['eu-west-1', 'us-east-1']",
    "toBe('eu-west-1')",
  ),
  held(
    "It never changes the page's overall state nor shows as failing, and it tells the help desk that nothing is " +
      'broken for users today.',
    PAGE,
    'tells each verdict in its own words, and none changes the overall state nor shows as failing',
    "toBe('ok')",
    'not.toMatch(/FAILING|failing|badge|banner/)',
  ),
  held(
    'which checks fail in Preview only, Production next, since when; "Preview org unavailable"; "Preview mirrors ' +
      'Production: nothing ahead", only when some check passed in both orgs ("Preview not compared with Production" ' +
      'when none did, as while our own DNS fails); or that it was not checked (yet, or since a time older than 3 of ' +
      'its periods).',
    PAGE,
    'tells each verdict in its own words, and none changes the overall state nor shows as failing',
    '1 check fails in Preview only, Production next',
    'Preview org unavailable',
    'Preview mirrors Production: nothing ahead',
    'Preview not compared with Production',
    "not.toContain('mirrors')",
    'Preview org not checked yet',
    'iso(16)',
    'Preview org not checked since',
  ),
  held(
    "It never changes the page's overall state nor shows as failing, and it tells the help desk that nothing is " +
      'broken for users today.',
    PAGE,
    'tells the help desk that nothing is broken for users today',
    'Nothing is broken for users today',
  ),
  held(
    "A record that cannot be read or is not one of ours is said in the probe's log and the line says not checked; " +
      'the page is published all the same.',
    LAMBDA,
    'publishes the page all the same when the summary cannot be read, and says so in a WARN line',
    'AccessDeniedException',
    "'not-checked'",
  ),
  held(
    "A record that cannot be read or is not one of ours is said in the probe's log and the line says not checked; " +
      'the page is published all the same.',
    LAMBDA,
    'refuses a hand-edited summary: the line says not checked, and a WARN line says why',
    'is not a Preview summary of ours',
    "state: 'not-checked'",
  ),
];

describe(`${DOC}, claim by claim`, () => {
  itHoldsClaims(DOC, CLAIMS);
});
