// The README's claims, each held by a test (test/support/claims.ts): a claim is the README's own words, the test the
// one that fails when the code stops doing it. The figures are held apart (docs.integration.test.ts,
// readme-numbers.test.ts), and what this file alone holds is tested below the table.
import { describe, expect, it } from 'vitest';
import { CHECKS, type CheckName } from '../../functions/contract';
import { loadConfigFile } from '../../functions/config/parse';
import { checkRow, type CheckFamily } from '../../functions/plan/check-table';
import { regionPlan } from '../../functions/plan/region-plan';
import { cited, held, itCitesFacts, itHoldsClaims, read, words, type Claim, type OutsideFact } from '../support/claims';
import { samlCatalogueConfig, writeConfig } from '../support/configs';

const readme = words(read('README.md'));
const SELF = 'test/functions/readme-claims.test.ts';
const CLI = 'test/functions/cli';

/** The families of the checks an authorization server answers its apps with, which the README's first bullet names. */
const SERVER_FAMILIES: readonly CheckFamily[] = ['token', 'authorize'];

/**
 * The README's words for each check of those families and of the status feed, by the registry's check name; a check
 * the bullet leaves out says why instead.
 */
const SERVER_CHECK_WORDS: Partial<Record<CheckName, string | { readonly unsaid: string }>> = {
  discovery: 'Discovery',
  keys: 'signing keys',
  token: 'a client-credentials token',
  validate: 'validated as your API validates it',
  introspect: 'introspection',
  management: { unsaid: 'only a server with "managementApi" calls the Management API; the bullet names what apps ask' },
  authorize: '`/authorize`',
  'rate-limit': 'rate-limit headroom',
  clock: 'clock skew',
  certificate: 'the TLS certificate',
  status: "Okta's status feed",
};

const CLAIMS: readonly Claim[] = [
  held(
    'the Lambda code ships built, so the synth bundles nothing',
    'test/deploy/package.test.ts',
    "bundles nothing at the consumer's synth: the probe's asset is the shipped build, the config beside it",
    'CONFIG_FILE',
  ),
  held(
    'runs one probe cycle against the built-in Okta simulator',
    `${CLI}/cli.test.ts`,
    'runs one cycle against the built-in simulator and exits 0',
    "runCli(['demo'])",
  ),
  held(
    'the quick lane: unit tests, and the built CLI on the simulator',
    'test/lanes.test.ts',
    'npm test is the quick lane (unit and first day)',
    'vitest run --project unit --project first-day',
  ),
  held(
    'or from cron, without AWS',
    `${CLI}/local-notify.test.ts`,
    'tells an outage once per channel, with the diagnosis',
    'received',
  ),
  held(
    'Every minute it does what your applications',
    'test/lib/stack.test.ts',
    'schedules a run every minute',
    'rate(1 minute)',
  ),
  held(
    'what to change in the Admin Console, and the `X-Okta-Request-Id` to quote to Okta Support',
    `${CLI}/render.test.ts`,
    'shows each check with status, latency and code, and under a failure its summary, remedy and request id',
    'renderReport',
  ),
  held(
    'known failure modes it is',
    'test/functions/docs.integration.test.ts',
    '%s: every generated block and figure is current',
    'regenerate',
  ),
  held(
    'An Okta outage pages within',
    `${CLI}/readme-numbers.test.ts`,
    "the README's outage and configuration page",
    'page-within',
  ),
  held(
    "Both are the notifier's own message for an outage run against the simulator, drawn by `npm run pictures`",
    'test/functions/docs.integration.test.ts',
    'shows the pictures it names, each one npm run pictures draws',
    'PICTURES',
  ),
  held(
    'the e-mail also links the dashboard',
    'test/functions/notify/message.test.ts',
    'ALARM: subject names server, code and observed detail; body has summary, remedy, request id, streak and',
    'buildMessage',
    'dashboardUrl',
  ),
  held(
    "the e-mail also links the dashboard and the run's logs",
    'test/functions/lambda/notifier.test.ts',
    'renders chat as an Amazon Q custom notification',
    'NOTIFIER_DASHBOARD_ENV',
  ),
  held(
    'Discovery, signing keys, a client-credentials token validated as your API validates it, introspection, ' +
      "`/authorize`, rate-limit headroom, clock skew, the TLS certificate, Okta's status feed.",
    SELF,
    "names the checks of the registry's token, /authorize and status-feed rows",
    'CHECKS',
    'checkRow',
  ),
  held(
    'a client-credentials token validated as your API validates it',
    'test/interop/okta-jwt-verifier.test.ts',
    'accepts a custom-AS access token for the expected audience',
    'verifyAccessToken',
  ),
  held(
    'A synthetic user signs in as the Sign-In Widget does',
    'test/functions/probe/sign-in/idx-judge.test.ts',
    'identify: the username',
    'identify',
  ),
  held(
    'answers MFA with TOTP or a passkey',
    `${CLI}/sim-config.test.ts`,
    "signs each journey in with its config's factor: the TOTP authenticator named, a passkey enrolled",
    'totpSecretEnv',
  ),
  held(
    'its ID token is judged as your app would judge it',
    'test/functions/probe/sign-in/judge.test.ts',
    "reports ID_TOKEN_AUDIENCE_MISMATCH when aud is not the SP's",
    'judgeIdToken',
  ),
  held(
    'a refused password is never retried into a lockout',
    `${CLI}/state-folder.test.ts`,
    'two one-off runs after a refused password',
    'sign-in-rejected',
  ),
  held(
    'Each assertion judged as its service provider would',
    'test/functions/probe/saml/judge.test.ts',
    'reports SAML_AUDIENCE_MISMATCH with both values',
    'SAML_AUDIENCE_MISMATCH',
  ),
  held(
    'for one app or a catalogue of thousands',
    'test/functions/probe/saml/group/simulator.integration.test.ts',
    'pages for the one app of 1,000 that fails, naming it alone',
    'apps: 1000',
  ),
  held(
    'The token at the API that refuses it',
    'test/functions/probe/servers/resource.test.ts',
    'names the claim at fault of a 401 invalid_token',
    'judgeResource',
  ),
  held(
    'the sanitized trace Okta Support asks for',
    'test/functions/har/build.test.ts',
    'keeps every name and replaces every credential value',
    'CLIENT_SECRET',
  ),
  held(
    'API tokens and certificates near expiry',
    'test/functions/probe/inventory/judges.test.ts',
    'warns of a certificate expiring within expiryWarnDays and pages for one expired, naming the app',
    'judgeAppCertificates',
  ),
  held(
    'log streams and event hooks that stopped',
    'test/functions/probe/inventory/judges.test.ts',
    'reports an ACTIVE, VERIFIED hook whose deliveries failed in the last hour',
    'judgeEventHooks',
  ),
  held(
    'agents down',
    'test/functions/probe/inventory/judges.test.ts',
    'pages for a pool with no operational agent',
    'judgeAgentPools',
  ),
  held(
    'which admin change came just before a failure',
    'test/functions/notify/message.test.ts',
    "ALARM: the page carries Okta's System Log reason and the admin change before the failure",
    'buildMessage',
    'changes',
  ),
  held(
    'Each app, factor and identity provider your people cannot get through, from the System Log',
    'test/functions/probe/system-log/sign-ins.test.ts',
    'names a failing federated IdP from auth_via_IDP',
    'auth_via_IDP',
  ),
  held(
    'Each app Okta can no longer create or deactivate accounts in',
    `${CLI}/provisioning-scenarios.test.ts`,
    'names the expired connector credential on its app and counts its leavers',
    'PROVISIONING_CREDENTIAL_FAILED',
  ),
  held(
    'the leavers who may keep access there, counted, never named',
    `${CLI}/provisioning-ack.test.ts`,
    "closes the app's leavers first seen by --before, says how many, names none",
    "'provisioning', 'ack'",
  ),
  held(
    "Each app's state, whose fault, what to tell callers",
    `${CLI}/status-page.test.ts`,
    'tells, at each run, the state and whose fault it is',
    'pageAt',
  ),
  held(
    'on a page that loads nothing from Okta and opens while Okta is down',
    'test/functions/status-page/browser.integration.test.ts',
    'asks for nothing but itself',
    'requests',
  ),
  held(
    '`npm start -- --scenario rate-limited` shows a failure',
    `${CLI}/cli.test.ts`,
    'runs from dist/cli.mjs directly, as npm start does, and shows a failure and its remedy for --scenario',
    "'--scenario', 'rate-limited'",
  ),
  held(
    '`npx --no-install okta-synthetics demo --list` lists them all',
    `${CLI}/demo-list.test.ts`,
    'lists every scenario once',
    'SCENARIO_NAMES',
  ),
  held(
    'A Lambda on a one-minute schedule probes your org with keys it reads from Secrets Manager',
    'test/lib/stack.test.ts',
    "hands the Lambda its configuration with the secrets' names and no secret material",
    'secrets_manager',
  ),
  held(
    'publishes its verdicts as CloudWatch metrics in one namespace',
    'test/lib/stack.test.ts',
    'grants PutMetricData only in its namespace',
    'cloudwatch:PutMetricData',
  ),
  held(
    'SNS and a notifier Lambda tell people (e-mail, Slack or Teams, PagerDuty, webhooks) with the diagnosis and ' +
      'the fix',
    'test/functions/notify/local-alarms.test.ts',
    'Slack and Teams carry the diagnosis and the remedy',
    'webhookBody',
  ),
  held(
    'probes once and prints each check, with the diagnosis and the fix under each failure',
    `${CLI}/render.test.ts`,
    'shows each check with status, latency and code',
    'renderReport',
  ),
  held(
    '`npx --no-install okta-synthetics init` writes a starter with a comment on each entry',
    `${CLI}/init.test.ts`,
    'writes a commented starter',
    "'init'",
  ),
  held(
    'The smallest real-org check: an API Services app in Okta with a public key and the `okta.users.read` scope',
    'test/functions/docs.integration.test.ts',
    'the smallest real-org check is ten lines the CLI takes as they are',
    'loadConfigFile',
  ),
  held(
    '`npx --no-install cdk bootstrap -c config=okta-synthetics.json` once per account and region, then ' +
      '`npx --no-install cdk deploy --all -c config=okta-synthetics.json`.',
    'test/functions/readme-cdk.integration.test.ts',
    'every option of every `npx --no-install cdk` command they show is one that command accepts',
    '--help',
  ),
  held(
    'no Docker',
    'test/deploy/no-docker.test.ts',
    'bundles every function with the local esbuild and never runs Docker',
    'CDK_DOCKER',
  ),
  held(
    'the checks, metrics, alarms, where notifications go and the monthly cost',
    `${CLI}/plan.test.ts`,
    '--json lists exactly the planned checks and alarms, and where each severity goes',
    'plannedChecks',
    'monthlyUsd',
  ),
  held(
    'it refuses what `cdk synth` would refuse, in the same words',
    `${CLI}/deploy-rules.test.ts`,
    'deploy rule %s',
    'DEPLOY_RULES',
    'synthErrors',
  ),
  held(
    '`npx --no-install okta-synthetics secrets put --config okta-synthetics.json`',
    `${CLI}/secrets.test.ts`,
    'puts each secret the stack created, under its name',
    'SecretId',
  ),
  held(
    '`npx --no-install okta-synthetics status --config okta-synthetics.json --invoke`: proof that what you ' +
      'deployed runs',
    `${CLI}/status.test.ts`,
    '--invoke runs each deployed function once',
    "'--invoke'",
  ),
  held(
    'The dashboard as `lib/dashboard.ts` lays it out, drawn by `npm run pictures` with a simulated day',
    'test/scripts/pictures-dashboard.integration.test.ts',
    "draws the example stack's dashboard as lib/dashboard.ts lays it out",
    'exampleWidgets',
    'dashboardBody',
  ),
  held(
    'Each server and journey has a **page** alarm',
    SELF,
    'each server, journey and group of SAML apps has',
    'regionPlan',
    'ownAlarm',
  ),
  held(
    'a **warn** alarm (capacity and hygiene: rate-limit headroom, clock skew, latency, certificates',
    'test/lib/stack.test.ts',
    'alarms on low rate-limit headroom, |clock skew| and the status feed',
    'RateLimitHeadroom',
    'ABS(m)',
  ),
  held(
    'where a listed app is counted unless `"ownAlarm": true` gives it its own',
    SELF,
    'each server, journey and group of SAML apps has',
    'ownAlarm',
    'app-0000',
  ),
  held(
    "a server's configuration stopping users (a sign-on policy, an assignment, an audience) within",
    `${CLI}/readme-numbers.test.ts`,
    "the README's outage and configuration page times are plan's",
    'config-page-within',
  ),
  held(
    'tells OK within',
    'test/lib/alarm-model.test.ts',
    'pages an outage once, within the worst case, and tells OK within',
    'okWithinMinutes',
  ),
  held(
    'of the fix, once, even from several regions',
    'test/lib/quorum.test.ts',
    'gives one Okta outage one page message across the three stacks',
    'alarmModel',
  ),
  held(
    "(up to 122 seconds while the regions' table does not replicate: CloudWatch's one-minute alarm decides then)",
    SELF,
    "bounds the OK in a replication stall by BENCHMARKS.md's worst",
    'BENCHMARKS.md',
  ),
  held(
    'A sign-in journey runs on its own cadence',
    `${CLI}/readme-numbers.test.ts`,
    "the README's journey page time is the alarm plan's, at the default cadence",
    'journeyPageWithinMinutes',
  ),
  held(
    'pages at its second failing run',
    'test/functions/lambda/quorum-rate.test.ts',
    "pages for a journey's sign-on policy at its second",
    'oneRegionRuns',
  ),
  held(
    "The probe's own trouble (a rotated secret) only warns",
    'test/functions/lambda/quorum-rate.test.ts',
    "warns for the probe's own credentials by default",
    'INVALID_CLIENT',
  ),
  held(
    'a maintenance window silences pages',
    'test/lib/alarm-model.test.ts',
    'silences server pages during a maintenance window',
    'maintenance',
  ),
  held(
    'silences pages without a redeploy',
    'test/lib/alarm-model.test.ts',
    'silences through an SSM parameter the probe reads',
    'MAINTENANCE_PARAMETER',
  ),
  held(
    'The metrics are CloudWatch metrics in one namespace (`OktaSynthetics` by default)',
    'test/functions/config/routing.test.ts',
    'gives a deployment with a prefix of its own a namespace of its own',
    'OktaSynthetics',
  ),
  held(
    "so the tools SREs already watch read them as they read any AWS service's, or take them streamed",
    'test/lib/metric-stream.test.ts',
    "streams the product's namespace and nothing else",
    'IncludeFilters',
  ),
  held(
    "each alarm topic also posts CloudWatch's alarm JSON to any HTTPS endpoint you list (`alarmEndpoints`)",
    'test/lib/notifier.test.ts',
    'subscribes pagers to the alarm topics',
    "Protocol === 'https'",
  ),
  held(
    'Every failure carries a code, a one-line cause and a remedy',
    'test/functions/diagnosis.test.ts',
    'explains %s with a title, a one-line summary and a remedy',
    'DIAGNOSES',
    'remedy',
  ),
  held(
    "and says whose fault it is (the org's configuration, Okta's, or the probe's own side)",
    'test/functions/config/page-for.test.ts',
    'puts every code under one owner, the one FAULTS names',
    'ownerOf',
  ),
  held(
    'The committed example (two authorization servers, one run a minute) costs',
    `${CLI}/readme-numbers.test.ts`,
    "the README states plan's metrics, alarms and monthly total",
    'example-monthly',
  ),
  held(
    'keeping each run alive between its quick checks of every server',
    `${CLI}/readme-numbers.test.ts`,
    "the README's Lambda and fast-path prices are cost's lines",
    'Quorum: Lambda duration',
  ),
  held(
    '(`"quorum": false` saves it)',
    'test/functions/cost/quorum.test.ts',
    'has no fast path, and no quorum line',
    'quorum: false',
    'estimateCost',
  ),
  held(
    '`plan` prints the same counts',
    `${CLI}/readme-numbers.test.ts`,
    'plan and cost say the counts in the same words',
    'countsText',
  ),
  held(
    '`cost --config FILE` prices your own file line by line',
    `${CLI}/cli.test.ts`,
    'prices a local (CLI) config without its secrets',
    "'cost'",
  ),
  held(
    'or later for the CLI, the CDK app and the tests',
    'test/functions/docs.integration.test.ts',
    'states the engines floor where "Which Node" is',
    'engines',
  ),
  held(
    'and so do `npm start`, `npm test` and `npx --no-install ...` in a clone',
    'test/functions/docs.integration.test.ts',
    'tests the Lambda under its own major',
    'devDependencies',
  ),
  held(
    'On an older system Node, npm warns `EBADENGINE` before any command of ours runs',
    SELF,
    "says in one line that npm's warnings on an older Node",
    'EBADENGINE',
  ),
];

/** What other tools do with CloudWatch's alarms: the README points to the page that says it. */
const OUTSIDE: readonly OutsideFact[] = [
  cited(
    "as PagerDuty's Amazon CloudWatch integration takes it",
    'docs/alarms.md#where-notifications-go',
    "CloudWatch's alarm JSON (ALARM and OK), which PagerDuty's Amazon CloudWatch integration takes",
  ),
];

describe('README.md, claim by claim', () => {
  itHoldsClaims('README.md', CLAIMS);
  // Outside facts, cited: what PagerDuty takes cannot fail here.
  itCitesFacts('README.md', OUTSIDE);

  it('each server, journey and group of SAML apps has a page and a warn alarm; a listed app only with ownAlarm', () => {
    // Two listed apps under the portal journey: one counted in its default group, one with alarms of its own.
    const raw = samlCatalogueConfig(2) as { samlApps: Record<string, unknown>[] };
    const apps = raw.samlApps.map((app, i) => (i === 1 ? { ...app, ownAlarm: true } : app));
    const loaded = loadConfigFile(writeConfig({ ...raw, samlApps: apps }), 'deploy', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const composites = regionPlan(loaded.config)
      .alarms.map((alarm) => /^okta-synthetics-(.+)-(page|warn)$/.exec(alarm.name))
      .flatMap((m) => (m === null ? [] : [`${m[1]} ${m[2]}`]));
    const both = (id: string): string[] => [`${id} page`, `${id} warn`];
    for (const id of ['org', 'default', 'portal', 'mobile', 'portal-saml', 'app-0001'])
      expect(composites).toEqual(expect.arrayContaining(both(id)));
    expect(composites.filter((c) => c.startsWith('app-0000'))).toEqual([]);
    // Said as it is: the README once gave every SAML app a page and a warn alarm of its own.
    expect(readme).not.toContain('Each server, journey and SAML app has a **page** alarm');
  });

  it("names the checks of the registry's token, /authorize and status-feed rows, in its order, or says why not", () => {
    const bullet = readme.split('**Your authorization servers.**')[1]?.split('- **')[0] ?? '';
    const checks = CHECKS.filter(
      (check) => SERVER_FAMILIES.includes(checkRow(check).family) || checkRow(check).target === 'feed',
    );
    // A check the registry gains is named here (or said why not) before the README can pass; words for a check the
    // registry no longer has fail too.
    expect(checks.filter((check) => SERVER_CHECK_WORDS[check] === undefined)).toEqual([]);
    expect(Object.keys(SERVER_CHECK_WORDS).filter((check) => !checks.includes(check as CheckName))).toEqual([]);
    const said = checks.flatMap((check) => {
      const named = SERVER_CHECK_WORDS[check];
      return typeof named === 'string' ? [[check, named] as const] : [];
    });
    for (const [check, named] of said) expect(bullet, check).toContain(named);
    const at = said.map(([, named]) => bullet.indexOf(named));
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it("bounds the OK in a replication stall by BENCHMARKS.md's worst, measured by npm run bench:quorum", () => {
    // A timing is measured by a rerunnable script, never asserted in a test: the README says the bound it measured.
    const worst = /The worst: \*\*([\d.]+) s\*\* after the fix/.exec(read('BENCHMARKS.md'))?.[1];
    expect(worst).toBeDefined();
    expect(readme).toContain(`(up to ${Math.ceil(Number(worst))} seconds while the regions' table does not replicate`);
  });

  it("says in one line that npm's warnings on an older Node come before any command of ours, and link why", () => {
    const node = words(read('README.md').split('\n## Which Node\n')[1]?.split('\n## ')[0] ?? '');
    expect(node).toContain('npm warns `EBADENGINE` before any command of ours runs: harmless');
    expect(node).toContain('(docs/development.md#which-node)');
    expect(words(read('docs/first-steps.md'))).toContain('npm prints `EBADENGINE` warnings before the command runs');
    expect(words(read('docs/development.md'))).toContain('npm itself warns, before any command of ours runs');
  });
});
