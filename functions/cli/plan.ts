// `okta-synthetics plan --config FILE`: what deploying FILE creates and does, before `cdk deploy`: the checks per
// server, the metrics, every alarm by severity and what it watches, where each severity's notifications go, and
// the monthly cost. Read from the same plan the stack, the engine and the cost command use.
import { SEVERITIES } from '../contract';
import { estimateCost, type CostEstimate } from '../cost/estimate';
import { configOfRegion, journeyRegion } from '../plan/journey-region';
import { probeMemory } from '../plan/probe-memory';
import { BACKSTOP_PAGE_WITHIN_MINUTES } from '../plan/quorum';
import { regionPlan } from '../plan/region-plan';
import { alarmTiming, browserAlarmTiming, journeyPageWithinMinutes } from '../plan/alarm-timing';
import { accessAssertionScopes, plannedChecks } from '../plan/checks';
import { askOrg, orgAnswerLines, orgSecrets, type OrgAnswer } from './plan-org';
import { previewDeployment } from '../plan/preview';
import type { LoadedConfig } from '../config/parse';
import {
  BENCHMARKED_PROFILE,
  countsText,
  metricStreamCostText,
  previewCostText,
  quorumLines,
  readPositive,
  resourceLines,
  samlLines,
  systemLogLines,
} from './cost';
import { DEFAULT_DISCOVERED_APPS } from '../plan/saml-load';
import { loadOrExplain } from './load-config';
import { renderConfigWarnings, renderWidth, wrap } from './render';
import { wrapBlock } from '../text/wrap';
import { provisioningLines, provisioningPlan } from './provisioning';
import { latencyThreshold } from '../config/latency';
import { listsIpv6 } from '../config/status-page';
import { PRICES } from '../cost/prices';
import { EARLY_EVERY_MS } from '../probe/sign-in/state';
import { serverEndpoints } from '../probe/endpoints';
import { signInPageUrl } from '../config/sign-in';
import type { SignInConfig } from '../types';
import {
  APPS_SCOPE,
  DEFAULT_PAGE_FOR,
  grantAdvice,
  isAppId,
  PAGE_FOR_WORD,
  POLICIES_SCOPE,
  STATUS_PAGE_OUTPUT,
  type FaultOwner,
  type PageForWord,
} from '../contract';
import { inFlightLine, inFlightPlan } from '../plan/concurrency';
import { BROWSER_MEMORY_MB, browserEveryMinutes, browserJourneys } from '../plan/browser-part';
import {
  alarmStatesDeadLetterQueueName,
  alarmStatesRoute,
  alarmStatesStreamName,
  METRIC_STREAM_DESTINATION_SPECS,
  metricStreamName,
  PERCENTILE_METRICS,
  STREAMED_PERCENTILES,
} from '../config/metric-stream';
import {
  EXIT,
  parseCommandArgs,
  runCommand,
  terminalColumns,
  UsageError,
  useColor,
  type CommandIo,
  type Options,
} from './frame';

const USAGE = `Usage: okta-synthetics plan --config FILE [--json] [--discovered-apps N]
         [--history DIR] [--org [--secrets local|aws [--region R]
         [--profile NAME]]]

Shows what deploying FILE creates, before cdk deploy: the checks of each
server, the metrics, every alarm by severity (and which ones notify), where
pages and warnings go, the detection time and the monthly cost.

  -c, --config FILE   the configuration file (deploy form, or the local one you
                      run the probe with)
      --json          the plan as one JSON document
      --discovered-apps N
                      SAML apps each group with "discover" finds, for the
                      requests a minute and the cost (default
                      ${DEFAULT_DISCOVERED_APPS}: known only once Okta lists them)
      --history DIR   the folder "run --history DIR" keeps its records in:
                      warns of the discovered and listed SAML apps
                      Okta says provision users
      --org           also ask the org, read-only, for each accessAssertions
                      row's app, user, groups and zone (okta.apps.read,
                      okta.users.read, okta.groups.read, okta.networkZones.read,
                      each on a token of its own), with the "org" server's
                      credential as run reads it: one the org does not have
                      is refused with the field and the fix (exit 2); one it
                      could not be asked of (a scope not granted, a 429, Okta
                      down) is said "not checked". Without it, plan reads
                      nothing from Okta
      --secrets aws   with --org: read the "org" server's credential from
                      Secrets Manager, where the deployed probe reads it
                      (default local: its key file or variable)
      --region R      the region of that secret (default: the config's first
                      region); --profile NAME, the AWS profile
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  json: { type: 'boolean' },
  'discovered-apps': { type: 'string' },
  history: { type: 'string' },
  org: { type: 'boolean' },
  secrets: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export function runPlan(argv: string[], io: CommandIo): Promise<number> {
  return runCommand(io, () => plan(argv, io));
}

/**
 * One region's stack as it is deployed: each alarm with the severity of the composite it feeds (a composite's members
 * named), and the metrics its probes publish there.
 */
function stackOf(config: LoadedConfig, region: string | undefined) {
  const plan = regionPlan(config, region);
  return {
    /** Null: the configuration names no region (the stack's own). */
    region: region ?? null,
    alarms: plan.specs.map(({ name, kind, severity, notifies, ...spec }) => ({
      name,
      kind,
      severity,
      notifies,
      ...('members' in spec ? { members: spec.members } : {}),
    })),
    metrics: plan.metrics.filter((m) => m.published).map(({ name, dimensions }) => ({ name, dimensions })),
  };
}

/** Every region's stack, the first (the quorum's home) first. */
function stacksOf(config: LoadedConfig) {
  const { regions } = config.deploy;
  return (regions.length > 0 ? regions : [undefined]).map((region) => stackOf(config, region));
}

/** The plan of a configuration, as data. */
function planOf(config: LoadedConfig, discoveredApps?: number) {
  const { deploy } = config;
  const stacks = stacksOf(config);
  const [first] = stacks;
  if (first === undefined) throw new Error('plan: no region to plan');
  const checks = new Map<string, string[]>();
  for (const { server, check } of plannedChecks(config.probe))
    checks.set(server, [...(checks.get(server) ?? []), check]);
  const timing = alarmTiming(deploy.scheduleMinutes);
  const estimate = estimateCost(config, BENCHMARKED_PROFILE, discoveredApps === undefined ? {} : { discoveredApps });
  return {
    orgUrl: config.probe.orgUrl,
    prefix: deploy.prefix,
    namespace: deploy.namespace,
    regions: deploy.regions,
    scheduleMinutes: deploy.scheduleMinutes,
    checks: Object.fromEntries(checks),
    /** The metrics the first region's probes publish there. */
    metrics: first.metrics.length,
    /** The first region's metrics and alarms counted, as `cost` bills them (its regions[0].counts). */
    counts: regionPlan(config, deploy.regions[0]).counts,
    /** The first region's alarms. */
    alarms: first.alarms,
    stacks,
    notifications: notificationsPlan(deploy),
    /** Each server's latency alarm threshold, ms, or null for none. */
    latencyWarnMs: Object.fromEntries(
      config.probe.servers.map((server) => [server.id, latencyThreshold(config.probe, server)]),
    ),
    timing: {
      pageWithinMinutes: timing.pageWithinMinutes,
      okWithinMinutes: timing.okWithinMinutes,
      warnWithinMinutes: timing.warnWithinMinutes,
      probeDownWithinMinutes: timing.probeDownWithinMinutes,
      /** The slowest journey's page, at its everyMinutes; null without a journey. */
      journeyPageWithinMinutes: journeysPageWithin(config),
    },
    monthlyUsd: Math.round(estimate.total * 100) / 100,
    /** What the SAML apps ask of Okta a minute. */
    saml: estimate.saml,
    signIns: signInsPlan(config),
    /** The resource checks' requests to the organisation's APIs; null when no server lists one. */
    resources: estimate.resources,
    /** Requests to /api/v1/logs an hour against Okta's bucket; null when the "org" server does not read the log. */
    systemLog: estimate.systemLog,
    /** The fast path: its Okta requests a minute and AWS cost a month; null when it is off. */
    quorum: estimate.quorum,
    /** The probe's requests to Okta in flight at once, per region and in all, against Okta's concurrent limit. */
    inFlight: inFlightPlan(config.probe, deploy.regions),
    pageFor: estimate.quorum === null ? null : pageForPlan(config),
    /** Okta's status feed the probe reads (statusPageUrl); null when the status check is off. */
    statusFeed: config.probe.statusPageUrl,
    /** This org's own status page for the help desk (statusPage): where it is hosted and who reaches it. */
    statusPage: statusPagePlan(config),
    /** The namespace's metrics streamed to a vendor; null without metricStream. */
    metricStream: metricStreamPlan(config, estimate.metricStream),
    preview: previewPlan(config, estimate.preview),
  };
}

/**
 * The access assertions' rows, how many name their app by label, the scopes to grant the "org" server's app for them
 * (accessAssertionScopes), and with --org what the org answered; null without rows.
 */
function accessAssertionsPlan(config: LoadedConfig, org?: OrgAnswer | null) {
  const server = config.probe.servers.find((s) => (s.accessAssertions ?? []).length > 0);
  const rows = server?.accessAssertions ?? [];
  if (server === undefined || rows.length === 0) return null;
  return {
    rows: rows.length,
    byLabel: rows.filter((r) => !isAppId(r.app)).length,
    scopes: accessAssertionScopes(server),
    ...(org !== undefined && org !== null && { org }),
  };
}

/**
 * The access assertions in words: the scopes to grant, and what only the org knows (an id it has, a label one app
 * has): unchecked without --org, with where it is checked; with it, what the org answered.
 */
function accessAssertionsLines(plan: ReturnType<typeof accessAssertionsPlan>, org?: OrgAnswer | null): string[] {
  if (plan === null) return orgAnswerLines(org);
  const labels = plan.byLabel === 0 ? '' : `, ${plan.byLabel} naming the app by label`;
  const grant =
    `Grant the "org" server's app ${plan.scopes.join(' and ')}` +
    (plan.byLabel === 0 ? '' : ` (${APPS_SCOPE}: the run finds a labelled app's id with it)`) +
    `, with ${grantAdvice(POLICIES_SCOPE)}.`;
  const unasked =
    'Their shapes are checked; their apps, users, groups and zones are not checked against the org: plan reads ' +
    'nothing from Okta without --org. A run does, and tells one Okta does not know as ACCESS_ROW_REFUSED on its ' +
    'row alone (okta-synthetics run --check access-assertion).';
  return [
    `Access assertions: ${plan.rows} ${plan.rows === 1 ? 'row' : 'rows'}${labels}, in one policy simulation a run. ` +
      `${grant}${org === undefined ? ` ${unasked}` : ''}`,
    ...orgAnswerLines(org),
  ];
}

/**
 * The Preview org (preview) as deployed: its schedule in the home region, its warn-only alarms and secrets, and its
 * runs' cost as `cost` adds up its "Preview:" lines. null without the block.
 */
function previewPlan(config: LoadedConfig, cost: CostEstimate['preview']) {
  const deployed = previewDeployment(config);
  if (deployed === null || cost === null) return null;
  return {
    ...deployed,
    issuers: config.preview?.issuers ?? {},
    monthlyUsd: Math.round(cost.monthly * 100) / 100,
    cost,
  };
}

/** The Preview org in words: where and how often it runs, what warns, its secrets, what its runs cost. */
function previewLines(preview: ReturnType<typeof planOf>['preview']): string[] {
  if (preview === null) return [];
  const secrets = preview.secrets.length > 0 ? preview.secrets.join(', ') : 'none (each named with secretName)';
  return [
    `Preview org (preview): ${preview.orgUrl}, probed by the schedule ${preview.schedule} every ` +
      `${preview.everyMinutes} min in ${preview.region ?? "the stack's region"} only, and by run beside Production. ` +
      `Its failures warn, never page: ${preview.alarms.join(', ')} notify the warn topic and no composite holds ` +
      `them; metrics ${preview.metrics.join(', ')} (totals, no per-check dimension).`,
    `Preview secrets the stack creates: ${secrets}; put them with okta-synthetics secrets put (docs/preview.md).`,
    ...previewIssuerLines(preview.issuers),
    ...previewCostText(preview.cost, 'the "Preview:" lines of okta-synthetics cost').slice(1),
  ];
}

/** The one line of the Preview issuers not inherited from a custom URL domain (previewIssuers), or none. */
export function previewIssuerLines(
  issuers: Readonly<Record<string, { production: string; preview: string }>>,
): string[] {
  const each = Object.entries(issuers).map(
    ([id, issuer]) => `${id} is checked for ${issuer.preview}, not Production's ${issuer.production}`,
  );
  if (each.length === 0) return [];
  return [
    `Preview issuers: ${each.join('; ')}. A custom URL domain belongs to one org, as a client id does: give ` +
      "preview.servers.<id>.issuer the Preview org's own custom domain if it has one (docs/preview.md).",
  ];
}

/**
 * How soon the slowest journey the probe's function runs pages (alarm-timing.ts journeyPageWithinMinutes); null
 * without one. The "browser" journeys page on their own alarms, said with their function (browserPlan).
 */
function journeysPageWithin(config: LoadedConfig): number | null {
  const { scheduleMinutes, quorum } = config.deploy;
  const browser = new Set(browserJourneys(config.probe).map((j) => j.id));
  const each = (config.probe.signIn ?? [])
    .filter((j) => !browser.has(j.id))
    .map((j) => journeyPageWithinMinutes(j.everyMinutes, scheduleMinutes, quorum !== null));
  return each.length === 0 ? null : Math.max(...each);
}

/** This org's own status page as deployed, or null without statusPage. */
function statusPagePlan(config: LoadedConfig) {
  const page = config.deploy.statusPage;
  if (page === null) return null;
  const { regions } = config.deploy;
  const home = config.deploy.quorum?.homeRegion ?? regions[0] ?? null;
  return {
    hosting: 'S3 behind CloudFront (origin access control), allowlist in a CloudFront Function',
    region: home,
    allowFrom: page.allowFrom,
    /** Whether the distribution answers over IPv6: only when allowFrom names an IPv6 network (listsIpv6). */
    ipv6: listsIpv6(page.allowFrom),
    output: STATUS_PAGE_OUTPUT,
  };
}

/** The two status things, told apart by their first words: Okta's feed the probe reads, the page this org publishes. */
function statusLines(p: Pick<ReturnType<typeof planOf>, 'statusFeed' | 'statusPage'>): string[] {
  const page = p.statusPage;
  return [
    p.statusFeed === null
      ? "Okta's status feed: not read (statusPageUrl is null)."
      : `Okta's status feed: ${p.statusFeed}, read each run (the okta status check).`,
    page === null
      ? "This org's own status page for the help desk: none (statusPage.allowFrom deploys one)."
      : `This org's own status page for the help desk: ${page.hosting}, in ${page.region ?? "the stack's region"}, ` +
        `published after each run; opens only from ${page.allowFrom.join(', ')}` +
        (page.ipv6
          ? ''
          : ', over IPv4 only (no IPv6 network listed: browsers that prefer IPv6 fall back to IPv4; list your ' +
            "offices' IPv6 networks to answer over IPv6 too)") +
        `; nothing of Okta in front. Its ` +
        `address is the stack output ${page.output} (cdk deploy prints it).`,
  ];
}

/**
 * The stream each region's stack deploys: its name, the namespace its one filter takes, where Firehose delivers, the
 * secret it reads the key from, and its updates and cost a month in all regions (cost's summary of its lines).
 */
function metricStreamPlan(config: LoadedConfig, cost: CostEstimate['metricStream']) {
  const settings = config.deploy.metricStream;
  if (settings === null || cost === null) return null;
  const route = alarmStatesRoute(settings);
  const { prefix } = config.deploy;
  return {
    name: metricStreamName(prefix),
    to: settings.to,
    destination: METRIC_STREAM_DESTINATION_SPECS[settings.to].title,
    deliveryUrl: settings.deliveryUrl,
    includeNamespaces: [config.deploy.namespace],
    outputFormat: settings.outputFormat,
    secret: settings.secret,
    /** Metric updates a month, all regions. */
    updatesPerMonth: cost.updatesPerMonth,
    /** The latencies' extra statistics, and the updates they add in all regions (billed as updates too). */
    percentiles: { statistics: [...STREAMED_PERCENTILES], metrics: [...PERCENTILE_METRICS] },
    percentileUpdatesPerMonth: cost.percentileUpdatesPerMonth,
    /**
     * Where the alarms' state changes go (the Firehose stream, its address), and the queue of those EventBridge could
     * not deliver (its alarm is among the stack's); null where they are not streamed.
     */
    alarmStates:
      route === null
        ? null
        : {
            ...(route.via === 'metric-stream'
              ? { stream: metricStreamName(prefix), deliveryUrl: settings.deliveryUrl }
              : { stream: alarmStatesStreamName(prefix), deliveryUrl: route.url }),
            deadLetterQueue: alarmStatesDeadLetterQueueName(prefix),
          },
    /** USD a month, all regions, as cost adds up its stream lines. */
    monthlyUsd: Math.round(cost.monthly * 100) / 100,
    cost,
  };
}

/** The stream in words: what it sends, where, with which key; what it costs in the words `cost` prints. */
function metricStreamLines(m: ReturnType<typeof metricStreamPlan>): string[] {
  if (m === null) return [];
  return [
    `Metric stream ${m.name}${m.cost.regions > 1 ? ` in each of the ${m.cost.regions} regions` : ''}: the namespace ` +
      `${m.includeNamespaces.join(', ')} only, as ${m.outputFormat}, through Firehose to ${m.destination} ` +
      `(${m.deliveryUrl}), the key read from the secret ${m.secret}, the ${m.percentiles.metrics.join(' and ')} ` +
      `with their ${m.percentiles.statistics.join(', ')}.`,
    m.alarmStates === null
      ? `Alarm states are not streamed to ${m.destination}: docs/integrations.md gives its route.`
      : `Alarm states: every state change of the stack's alarms, by EventBridge to Firehose ${m.alarmStates.stream} ` +
        `(${m.alarmStates.deliveryUrl}); one it cannot deliver within an hour goes to the queue ` +
        `${m.alarmStates.deadLetterQueue}, whose alarm warns.`,
    ...metricStreamCostText(m.cost, 'the "Metric stream" and "Firehose" lines of okta-synthetics cost').slice(1),
  ];
}

/** Each journey's sign-ins an hour: on its cadence, and at worst (a check of its org failing for good). */
function signInsPlan(config: LoadedConfig) {
  return (config.probe.signIn ?? []).map((signIn) => ({
    ...signInsPerHour(signIn.id, signIn.everyMinutes, config.deploy.scheduleMinutes),
    /** The one region whose probe runs it (its "region", else the first); null without "regions". */
    region: journeyRegion(signIn, config.deploy) ?? null,
    /** The page a "browser" journey opens (its /authorize, without a query), and whether on a custom domain. */
    ...(signIn.flow === 'browser' && { page: signInPage(config, signIn) }),
  }));
}

/** The /authorize a browser journey opens: the page people use, on the custom domain its server's issuer names. */
function signInPage(
  config: LoadedConfig,
  signIn: SignInConfig,
): { readonly url: string; readonly customDomain: boolean } {
  const { orgUrl, servers } = config.probe;
  const issuer = servers.find((server) => server.id === signIn.server)?.issuer;
  const url = signInPageUrl(serverEndpoints(orgUrl, signIn.server, issuer).authorize, orgUrl, issuer);
  return { url: url.toString(), customDomain: url.origin !== new URL(orgUrl).origin };
}

/** Which page a browser journey signs in on, in one line. */
function signInPageLine(id: string, page: { readonly url: string; readonly customDomain: boolean }): string {
  return (
    `Sign-in page of ${id}: ${page.url}, ` +
    (page.customDomain
      ? "on the custom domain its server's issuer names (its certificate, CSP and brand)."
      : 'on orgUrl: its server names no issuer on a custom domain.')
  );
}

/**
 * With the fast path, which causes of each server's and journey's failures page (pageFor, or the default); the others
 * warn. Without it (the plan's null), every failure of a page check pages.
 */
function pageForPlan(config: LoadedConfig): Record<string, readonly PageForWord[]> {
  return Object.fromEntries(
    [...config.probe.servers, ...(config.probe.signIn ?? [])].map((entry) => [
      entry.id,
      inWords(entry.pageFor ?? DEFAULT_PAGE_FOR),
    ]),
  );
}

/** Owners as the config names them: the plan tells people their config. */
const inWords = (owners: readonly FaultOwner[]): PageForWord[] => owners.map((owner) => PAGE_FOR_WORD[owner]);

/** Where each severity's notifications go: its two topics, the people on the first, the pagers on the second. */
function notificationsPlan(deploy: LoadedConfig['deploy']) {
  return Object.fromEntries(
    SEVERITIES.map((severity) => [
      severity,
      {
        alarmTopic: `${deploy.prefix}-${severity}`,
        messageTopic: `${deploy.prefix}-${severity}-messages`,
        emails: deploy.alarmEmails,
        endpoints: deploy.alarmEndpoints[severity].map((e) => (e.kind === 'url' ? e.url : `secret ${e.secretName}`)),
        chat: [
          ...deploy.chat.slack
            .filter((c) => c.severities.includes(severity))
            .map((c) => `slack ${c.workspaceId}/${c.channelId}`),
          ...deploy.chat.teams
            .filter((c) => c.severities.includes(severity))
            .map((c) => `teams ${c.teamId}/${decodeURIComponent(c.channelId)}`),
        ],
      },
    ]),
  );
}

/** Each server's and journey's causes that page, in words: one line, the default named once. */
function pageForLine(pageFor: Readonly<Record<string, readonly PageForWord[]>>): string {
  const words: Record<PageForWord, string> = {
    okta: "Okta's faults",
    configuration: "the org's configuration",
    probe: "the probe's own credentials",
    app: "the app behind Okta (its refusal after Okta's part succeeded)",
  };
  const said = (causes: readonly PageForWord[]): string => causes.map((c) => words[c]).join(', ');
  const own = Object.entries(pageFor).filter(([, causes]) => causes.join() !== inWords(DEFAULT_PAGE_FOR).join());
  return (
    `Pages for ${said(inWords(DEFAULT_PAGE_FOR))} (a policy, an assignment, an audience that stops users); ` +
    "the probe's own " +
    `credentials and settings warn` +
    (own.length > 0
      ? `. Set by pageFor: ${own.map(([id, causes]) => `${id} pages for ${said(causes)}`).join('; ')}`
      : '') +
    '.'
  );
}

/**
 * A journey's sign-ins an hour: one each everyMinutes (no more often than the schedule), and at worst one more an hour,
 * the journey run before its slot while a check of its org fails (sign-in/state.ts, EARLY_EVERY_MS). Every other
 * fault (a wrong password, a 429, a skewed clock, a crash) only holds sign-ins back.
 */
export function signInsPerHour(
  id: string,
  everyMinutes: number,
  scheduleMinutes: number,
): { id: string; perHour: number; worstPerHour: number } {
  const perHour = Math.floor(60 / Math.max(everyMinutes, scheduleMinutes));
  return { id, perHour, worstPerHour: perHour + Math.ceil((60 * 60_000) / EARLY_EVERY_MS) };
}

/** The deployable config, its soft problems said as run says them (a scope advised but not listed); null: refused. */
function loadWithWarnings(file: string, io: CommandIo): ReturnType<typeof loadOrExplain> {
  const loaded = loadOrExplain(file, io);
  if (loaded !== null) io.stderr(renderConfigWarnings(loaded.warnings ?? [], file, { color: useColor(io, 'stderr') }));
  return loaded;
}

async function plan(argv: string[], io: CommandIo): Promise<number> {
  const values = parseCommandArgs('plan', argv, OPTIONS);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (values.config === undefined) throw new UsageError('plan: --config FILE is required', 'plan');
  const loaded = loadWithWarnings(values.config, io);
  if (loaded === null) return EXIT.usage;
  const source = orgSecrets(values);
  const org = values.org === true ? await askOrg(values.config, loaded.config, source, io) : undefined;
  if (org !== undefined && org !== null && 'exit' in org) return org.exit;
  const p = await fullPlan(loaded.config, values, org);
  const width = renderWidth(terminalColumns(io));
  if (values.json === true) {
    io.stdout(`${JSON.stringify(p, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [
    `okta-synthetics plan: ${values.config}`,
    `Probes ${p.orgUrl} every ${p.scheduleMinutes} min, in ${p.regions.length > 0 ? p.regions.join(', ') : "the CLI's default region"}; ` +
      `names start with ${p.prefix}, metrics in ${p.namespace}.`,
    '',
    'Checks:',
    ...checkLines(p.checks, width),
    '',
    ...alarmLines(p),
    latencyLine(p.latencyWarnMs),
    '',
    'Where notifications go:',
    ...notificationLines(p.notifications),
    '',
    timingLine(p),
    ...(p.pageFor === null ? [] : [pageForLine(p.pageFor)]),
    inFlightLine(p.inFlight),
    memoryLine(p.memory),
    ...browserLines(p.browser, p.regions),
    ...statusLines(p),
    costLine(p, values.config),
    ...p.signIns.map(
      (s) =>
        `Sign-ins of ${s.id}${runsIn(s.region, p.regions)}: ${s.perHour} an hour, ${s.worstPerHour} at worst (one ` +
        `early while a check of the org fails; a wrong password, a 429 or a crash only hold them back).`,
    ),
    ...p.signIns.flatMap((s) => ('page' in s && s.page !== undefined ? [signInPageLine(s.id, s.page)] : [])),
    ...samlLines(p.saml),
    ...provisioningLines(p.provisioning),
    ...systemLogLines(p.systemLog),
    ...resourceLines(p.resources),
    ...quorumLines(p.quorum, p.scheduleMinutes, `the "Quorum:" lines of okta-synthetics cost`),
    ...metricStreamLines(p.metricStream),
    ...previewLines(p.preview),
    ...accessAssertionsLines(p.accessAssertions, org),
    '',
  ];
  // At the terminal's width (80 on a pipe): the lists of alarms and the sentences ran to 330 columns.
  io.stdout(wrapBlock(lines.join('\n'), width));
  return EXIT.ok;
}

/** The estimate's total is every region's: said so, and per region when there are several. */
function costLine(p: { readonly monthlyUsd: number; readonly regions: readonly string[] }, config: string): string {
  return (
    `About $${p.monthlyUsd.toFixed(2)} a month` +
    (p.regions.length > 1
      ? ` in all, for ${p.regions.length} regions (okta-synthetics cost --config ${config} for each region's lines).`
      : ` (okta-synthetics cost --config ${config} for the lines).`)
  );
}

/** Each target's checks, its list wrapped under the list: the column fits the longest id (a journey's, often). */
function checkLines(checks: Readonly<Record<string, readonly string[]>>, width: number): string[] {
  const column = Math.max(...Object.keys(checks).map((id) => id.length));
  return Object.entries(checks).flatMap(([id, list]) =>
    wrap(list.join(', '), width, ' '.repeat(column + 4)).map((line, i) =>
      i === 0 ? `  ${id.padEnd(column)}  ${line.trimStart()}` : line,
    ),
  );
}

/**
 * Each region after the first: its alarm count, the alarms it has that the first has not and the reverse, and those
 * of both whose severity or topic is not the first's (the status feed's major incident pages only from the home).
 */
function regionDifferences(stacks: ReturnType<typeof planOf>['stacks']) {
  const first = stacks[0]?.alarms.map((a) => a.name) ?? [];
  const firstNames = new Set(first);
  const firstOf = new Map(stacks[0]?.alarms.map((a) => [a.name, a]) ?? []);
  return stacks.slice(1).map((stack) => {
    const names = stack.alarms.map((a) => a.name);
    const here = new Set(names);
    return {
      region: stack.region ?? '',
      alarms: names.length,
      only: names.filter((name) => !firstNames.has(name)),
      without: first.filter((name) => !here.has(name)),
      severities: stack.alarms
        .filter((a) => {
          const there = firstOf.get(a.name);
          return there !== undefined && (there.severity !== a.severity || there.notifies !== a.notifies);
        })
        .map(({ name, severity, notifies }) => ({ name, severity, notifies })),
    };
  });
}

/** The metrics and alarms: the first region's alarms by severity, then how each other region's differ. */
function alarmLines(p: Awaited<ReturnType<typeof fullPlan>>): string[] {
  return [
    ...wrap(`${p.regions.length > 1 ? `In ${p.regions[0]}: ` : ''}${countsText(p.counts)}`, 80, ''),
    ...SEVERITIES.map((severity) => {
      const notifying = p.alarms.filter((a) => a.notifies === severity).map((a) => a.name);
      return `  ${severity === 'page' ? 'Pages' : 'Warns'} through: ${notifying.join(', ')}`;
    }),
    ...p.regionAlarms.map(regionAlarmsLine),
  ];
}

function regionAlarmsLine(r: ReturnType<typeof regionDifferences>[number]): string {
  const same = r.only.length === 0 && r.without.length === 0 && r.severities.length === 0;
  return (
    `  Alarms in ${r.region}: ${r.alarms}` +
    (same
      ? ', the same.'
      : `${r.only.length > 0 ? `; also ${r.only.join(', ')}` : ''}` +
        `${r.without.length > 0 ? `; not ${r.without.join(', ')}` : ''}` +
        r.severities.map((a) => `; ${a.name} ${a.severity === 'page' ? 'pages' : 'warns'} here`).join('') +
        '.')
  );
}

/** The plan with what only the command's options give: the apps discovered, the kept records of a --history. */
async function fullPlan(
  config: LoadedConfig,
  values: { 'discovered-apps'?: string; history?: string },
  org?: OrgAnswer | null,
) {
  const discovered = readPositive(values['discovered-apps'], '--discovered-apps', 0, 100_000, 'plan');
  const base = planOf(config, discovered === undefined ? undefined : Math.round(discovered));
  return {
    ...base,
    /** How each region after the first differs from the first's alarms (`alarms`): a journey runs in one region. */
    regionAlarms: regionDifferences(base.stacks),
    /** SAML apps that provision users, discovered or listed (kept by a run with --history), and those not known. */
    provisioning: await provisioningPlan(config, values.history),
    /** The probe function's memory in each region and why, as the stack deploys it and `cost` bills it. */
    memory: memoryPlan(config),
    /** The browser journeys' function, in each region that runs one (lib/browser-function.ts); none without one. */
    browser: browserPlan(config),
    /** The access assertions' rows, the scopes they need, and with --org what the org answered; null without rows. */
    accessAssertions: accessAssertionsPlan(config, org),
  };
}

/** Each region's browser function, as the stack deploys it and `cost` bills it: a journey runs in one region. */
function browserPlan(config: LoadedConfig) {
  const { regions } = config.deploy;
  return (regions.length > 0 ? regions : [undefined]).flatMap((region) => {
    const { probe } = configOfRegion(config, region);
    const everyMinutes = browserEveryMinutes(probe);
    if (everyMinutes === undefined) return [];
    const journeys = browserJourneys(probe);
    // Each journey at its own cadence; between its runs the function repeats its verdict at the function's.
    const timing = browserAlarmTiming(everyMinutes);
    return [
      {
        region: region ?? null,
        functionName: `${config.deploy.prefix}-browser`,
        architecture: 'x86_64',
        memoryMb: BROWSER_MEMORY_MB,
        everyMinutes,
        journeys: journeys.map((j) => j.id),
        /** The slowest journey's page, on its own alarm at its first failing run, in every quorum setting. */
        pageWithinMinutes: Math.max(...journeys.map((j) => browserAlarmTiming(j.everyMinutes).pageWithinMinutes)),
        /** Its warnings' worst case, 2 failing runs of the last 3 at the function's cadence. */
        warnWithinMinutes: timing.warnWithinMinutes,
      },
    ];
  });
}

/** Where the browser journeys run, in one line each: their function, its architecture, memory and cadence. */
function browserLines(browser: ReturnType<typeof browserPlan>, regions: readonly string[]): string[] {
  return browser.map((b) => {
    const where = b.region !== null && regions.length > 1 ? ` in ${b.region}` : '';
    return (
      `Browser journeys (${b.journeys.join(', ')})${where}: the function ${b.functionName}, ${b.architecture}, ` +
      `${b.memoryMb} MB, with Chromium, every ${b.everyMinutes} min. Their own alarms page at a failing run, ` +
      `within ${b.pageWithinMinutes} min, whether the fast path is on or off (it runs in the probe's function, ` +
      `which skips them), and warn within ${b.warnWithinMinutes} min.`
    );
  });
}

/** Each region's probe memory (plan/probe-memory.ts on the region's config: a journey runs in one region). */
function memoryPlan(config: LoadedConfig) {
  const { regions } = config.deploy;
  return (regions.length > 0 ? regions : [undefined]).map((region) => {
    const { mb, configured, expectedPeakMb, reason } = probeMemory(configOfRegion(config, region));
    return { region: region ?? null, mb, configured, expectedPeakMb: Math.ceil(expectedPeakMb), reason };
  });
}

/** The memory and why, in one line: each region's when they differ. */
function memoryLine(memory: ReturnType<typeof memoryPlan>): string {
  const same = new Set(memory.map((m) => m.reason)).size === 1;
  return `Probe memory: ${same ? memory[0]?.reason : memory.map((m) => `${m.region}: ${m.reason}`).join('; ')}.`;
}

/** Where a journey runs, said when there are several regions: there only, with its alarms; the others skip it. */
function runsIn(region: string | null, regions: readonly string[]): string {
  if (region === null || regions.length <= 1) return '';
  const others = regions.filter((r) => r !== region);
  return ` (run in ${region} only, its alarms there; ${others.join(', ')} skip${others.length === 1 ? 's' : ''} it)`;
}

/** Each severity's people and pagers, by the topic each is on; who is missing said so. */
function notificationLines(notifications: ReturnType<typeof notificationsPlan>): string[] {
  return SEVERITIES.flatMap((severity) => {
    const n = notifications[severity] as {
      alarmTopic: string;
      messageTopic: string;
      emails: readonly string[];
      endpoints: string[];
      chat: string[];
    };
    return [
      `  ${severity}: people on ${n.messageTopic} (${
        [...n.emails.map((e) => `e-mail ${e}`), ...n.chat].join(', ') || 'nobody yet: add ' + 'alarmEmails or chat'
      })`,
      `  ${' '.repeat(severity.length)}  pagers on ${n.alarmTopic} (${n.endpoints.join(', ') || 'none configured'})`,
    ];
  });
}

/** How soon a failure pages, a recovery is told and a warning comes: the fast path's times when it is on. */
function timingLine(p: Pick<ReturnType<typeof planOf>, 'quorum' | 'timing'>): string {
  const journey = p.timing.journeyPageWithinMinutes;
  return p.quorum === null
    ? `A failure pages within ${p.timing.pageWithinMinutes} min` +
        (journey === null ? '' : ` (a journey's, on its own cadence, within ${journey} min)`) +
        `; recovery is told within ${p.timing.okWithinMinutes} ` +
        `min; a warning within ${p.timing.warnWithinMinutes} min; a stopped probe pages within ${p.timing.probeDownWithinMinutes} ` +
        `min.`
    : `An Okta outage pages within ${p.quorum.pageWithinSeconds} s, a server's configuration stopping users ` +
        `within ${p.quorum.configPageWithinSeconds} s (within ${BACKSTOP_PAGE_WITHIN_MINUTES} min if the fast path ` +
        `fails)` +
        (journey === null ? '' : `, a journey's at its second failing run, within ${journey} min`) +
        `; recovery is told within ${p.quorum.okWithinSeconds} s; ` +
        (`any other failing check warns within ${p.timing.warnWithinMinutes} min; a stopped probe pages ` +
          `within ${p.timing.probeDownWithinMinutes} `) +
        `min.`;
}

/** Which servers' latency warns and above what, or how to turn it on and what it costs. */
function latencyLine(thresholds: Readonly<Record<string, number | null>>): string {
  const on = Object.entries(thresholds).filter((entry): entry is [string, number] => entry[1] !== null);
  if (on.length === 0) {
    const usd = PRICES.customMetric.usd + PRICES.standardAlarmMetric.usd;
    return (
      `  Latency: not alarmed (set latencyWarnMs to warn when a server's p90 passes it; $${usd.toFixed(2)} a ` +
      `server a month).`
    );
  }
  const off = Object.keys(thresholds).filter((id) => thresholds[id] === null);
  return `  Latency warns when a server's p90 is above: ${on.map(([id, ms]) => `${id} ${ms} ms`).join(', ')}${off.length > 0 ? `; not alarmed: ${off.join(', ')}` : ''}.`;
}
