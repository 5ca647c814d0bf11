// The figures in the docs that drift as the code moves, computed from the code itself, per file: how many diagnosis
// codes there are, which Node the CLI and the Lambda need, how soon a failure pages (a server's, a journey's), what
// the example counts and costs (its plan's counts, its cost's lines: the README's numbers are `plan`'s and `cost`'s),
// how long the stack keeps the probe's run log, how large the probe's Lambda bundle is in all (built here with the
// options of the stack's bundling step, split at each import()). `npm run docs` writes them; the docs test fails when
// one is stale, and the README test fails on a figure in the README that is not one of these.
import { readFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import {
  CERTIFICATE_WARN_DAYS,
  DAY_MS,
  DIAGNOSIS_CODES,
  INTEGRATION_DOMAINS,
  INTEGRATION_HEALTH,
  DEFAULTS,
  INVENTORY,
  LIST_READ,
  PROVISIONING,
  PROVISIONING_STREAM,
  SAML_GROUP,
  SYSTEM_LOG,
  USER_SIGN_INS,
} from '../functions/contract';
import { renewalWarnDays } from '../functions/probe/integrations/domains-judge';
import { HOOK_READ } from '../functions/probe/integrations/hooks';
import { DEPLOY_DEFAULTS } from '../functions/config/schema';
import { PLACEHOLDER_GRACE_HOURS } from '../functions/contract';
import { SECRET_TTL_MS } from '../functions/credentials/secrets-manager';
import { PROBE_TIMEOUT_SECONDS } from '../functions/contract/deployment';
import { QUORUM_WATCH_SECONDS } from '../functions/contract/quorum';
import { HOLD_DEFAULT_SECONDS } from '../functions/cli/prove-latch';
import { fileURLToPath } from 'node:url';
import { loadConfigFile, parseConfig } from '../functions/config/parse';
import { STATUS_PAGE_VIEWS_PER_MONTH } from '../functions/cost/status-page';
import { STATUS_PAGE_MAX_NETWORKS } from '../functions/config/status-page-shape';
import {
  FORGET_AFTER_MS,
  MOST_CATALOGUE_APPS,
  MOST_GROUP_APPS,
  MOST_PROVISIONING_APPS,
  STALE_AFTER_MS,
} from '../functions/status-page/model';
import { regionPlan } from '../functions/plan/region-plan';
import { BROWSER_MEMORY_MB, BROWSER_TIMEOUT_SECONDS } from '../functions/plan/browser-part';
import { DEFAULT_DISCOVERED_APPS, MAX_SHARE_FACTOR, sessionsPerCadence, worstShare } from '../functions/plan/saml-load';
import { journeyPageWithinMinutes } from '../functions/plan/alarm-timing';
import { SIGN_IN_DEFAULT_EVERY_MINUTES } from '../functions/config/schema';
import { estimateCost, type CostEstimate } from '../functions/cost/estimate';
import { BENCHMARKED_PROFILE } from '../functions/cli/cost';
import type { LoadedConfig } from '../functions/config/parse';
import { DEAD_LETTER_DAYS, lambdaEntry, splitBuildOptions } from '../lib/lambda-defaults';
import { METRIC_DELIVERY } from '../lib/metric-stream';
import { ALARM_STATE_RETRY } from '../lib/alarm-state-stream';
import { flapWindowRuns } from '../functions/probe/flap';
import { MAINTENANCE_WAIT_MS } from '../functions/lambda/maintenance';
import { ITEM_LIFETIME_MS, MAX_PAGES as TALLY_PAGES } from '../functions/lambda/sign-in-tallies-dynamodb';
import { WINDOWS_MS } from '../functions/report/run-log';
import { quorumFigures } from './benchmark-figures';
import { probeMemory, STEP_MB, USABLE_SHARE } from '../functions/plan/probe-memory';
import { AGAIN_MS, KEPT_HOURS, MOST_READ } from '../functions/probe/provisioning/connections';
import { KEPT_MAX, RELEASE_NOTES_MAX_BYTES, RELEASES_KEPT_MS } from '../functions/probe/feed/preview-releases';
import { ROTATION_LOOKBACK_DAYS } from '../functions/probe/system-log/app-part';
import { LOCK_LOOKBACK_MS } from '../functions/probe/sign-in/lockout';
import { DAMAGED_KEPT_MS } from '../functions/lambda/journey-state-dynamodb';
import { DEFAULT_SLA_PERCENT, MAX_REQUEST_IDS } from '../functions/report/availability';
import { BACKOFF_MS, LOCKOUT_WINDOW_MS } from '../functions/probe/sign-in/state';
import { PAGE_RENDER_BUDGET_MS } from '../functions/probe/sign-in/flows/browser/page-facts';
import { RENDER_PATIENCE_MS } from '../functions/probe/sign-in/render-wait';
import {
  PAGE_TRACE_LIMITS,
  PAGE_TRACE_MAX_BYTES,
  SCREENSHOT_MAX_BYTES,
} from '../functions/probe/sign-in/flows/browser/evidence';
import { LOGS_BUCKET_PER_MINUTE } from '../functions/cost/estimate';
import { DEFAULT_WINDOW_MS } from '../functions/probe/inventory/api-tokens';
import { SAML_LEEWAY_SECONDS } from '../functions/probe/saml/judge';
import { MAX_SSO_PAGE_BYTES } from '../functions/probe/saml/page';
import { MAX_SAML_XML_BYTES, XML_LIMITS } from '../functions/probe/saml/xml';
import { MAX_APP_FINDINGS } from '../functions/probe/saml/group/judge';
import { INPUT_FILES, kilobytes } from '../functions/read-file';
import { STALE_DAYS } from '../functions/probe/feed/status';
import { FEED_WINDOW_MS } from '../functions/probe/feed/status-feed';
import { STREAM, STREAM_VISIBILITY_SECONDS } from '../lib/sign-in-stream';
import { QUORUM_DEFAULTS } from '../functions/config/quorum';
import { fastPageWithinSeconds, PEER_WATCH_MS, REPLICATION_MS } from '../functions/plan/quorum';
import { quorumLoad, SMALLEST_TOKEN_LIMIT_PER_MINUTE } from '../functions/cost/quorum';
import { OFF_GRID_MAX } from '../functions/quorum/schedule';
import { STABLE_REQUESTS, SUSPECT_SAMPLES, WINDOW_ROUNDS } from '../functions/quorum/window';
import { OK_STABLE_SECONDS } from '../functions/quorum/decide';
import { MAX_JWKS_CACHE_SECONDS } from '../functions/probe/cache';
import { KEY_EXPIRY_TTL_MS } from '../functions/probe/inventory/fetch';
import { GONE_REPORTED_MS } from '../functions/probe/inventory/token-memory';
import { inWords, lastSpan, part, share, span, spelled, times } from './prose';

let bundleBytes: number | undefined;

/**
 * The probe's Lambda bundle, bytes, every file as `cdk synth` builds it (minified, no source map counted); built once
 * a process.
 */
export function probeBundleBytes(): number {
  if (bundleBytes === undefined) {
    const built = buildSync({
      ...splitBuildOptions(lambdaEntry('probe')),
      outdir: 'bundle',
      write: false,
      metafile: false,
      logLevel: 'silent',
    });
    bundleBytes = built.outputFiles
      .filter((file) => file.path.endsWith('.mjs'))
      .reduce((total, file) => total + file.contents.length, 0);
  }
  return bundleBytes;
}

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** package.json's engines floor, "22.19". */
export const nodeFloor = (): string =>
  /(\d+\.\d+)/.exec((JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node)?.[1] ?? '';

/** The Lambda's Node major, from the runtime lib/lambda-defaults.ts sets ("24"). */
export const lambdaNode = (): string => /Runtime\.NODEJS_(\d+)_X/.exec(read('lib/lambda-defaults.ts'))?.[1] ?? '';

let loadedExample: LoadedConfig | undefined;

/** The committed example, as `plan` and `cost` read it (deploy form). */
export function exampleConfig(): LoadedConfig {
  if (loadedExample === undefined) {
    const example = loadConfigFile(
      fileURLToPath(new URL('../okta-synthetics.example.json', import.meta.url)),
      'deploy',
      {},
    );
    if (!example.ok) throw new Error(`okta-synthetics.example.json: ${example.errors.join('; ')}`);
    loadedExample = example.config;
  }
  return loadedExample;
}

/** The example's cost estimate, as `cost --config okta-synthetics.example.json` prints it. */
const exampleEstimate = (): CostEstimate => estimateCost(exampleConfig(), BENCHMARKED_PROFILE);

const usd = (n: number): string => `$${n.toFixed(2)}`;

/** The example's lines whose item starts with one of `items`, summed, USD a month. */
const linesCost = (...items: string[]): string =>
  usd(
    exampleEstimate()
      .regions.flatMap((r) => r.lines)
      .filter((l) => items.some((item) => l.item.startsWith(item)))
      .reduce((n, l) => n + l.monthly, 0),
  );

/** How often, in words: once an hour, every 2 hours. */
const everySpan = (s: number): string => (/^an? /.test(span(s)) ? `once ${span(s)}` : `every ${span(s)}`);

const seconds = (s: number): string => (s < 120 ? `${s} seconds` : `${s / 60} minutes`);

/** The probe function's memory in the example's deployment, MB, as `plan` sizes it. */
const exampleMemoryMb = (): string => String(probeMemory(exampleConfig()).mb);

/** How soon the example's deployment pages, from its plan: the fast path's seconds, or the alarms' minutes. */
export const pageWithin = (): string => seconds(regionPlan(exampleConfig()).page.pageWithinSeconds);

/** How soon a journey at the default cadence pages in the example's deployment (alarm-timing.ts). */
export function journeyPageWithin(): string {
  const { deploy } = exampleConfig();
  const minutes = journeyPageWithinMinutes(
    SIGN_IN_DEFAULT_EVERY_MINUTES,
    deploy.scheduleMinutes,
    deploy.quorum !== null,
  );
  return `${minutes} minutes`;
}

/** The alarm plan's times as docs/ state them, at the example's one-minute schedule ("60 s", "3 min"). */
const TIMING_FIGURES: Readonly<Record<string, () => string>> = {
  'fast-page-within': () => `${regionPlan(exampleConfig()).page.pageWithinSeconds} s`,
  'fast-ok-within': () => `${regionPlan(exampleConfig()).page.okWithinSeconds} s`,
  'config-page-within': () => `${regionPlan(exampleConfig()).page.configPageWithinSeconds} s`,
  'alarm-page-within': () => `${regionPlan(exampleConfig()).timing.pageWithinMinutes} min`,
  'alarm-ok-within': () => `${regionPlan(exampleConfig()).timing.okWithinMinutes} min`,
  'journey-page-within': () => journeyPageWithin().replace(' minutes', ' min'),
  'journey-every': () => String(SIGN_IN_DEFAULT_EVERY_MINUTES),
};

/** The fast path's load on Okta in the example's deployment, as `cost` states it. */
function exampleQuorumLoad(): ReturnType<typeof quorumLoad> {
  const { quorum } = exampleConfig().deploy;
  if (quorum === null) throw new Error('okta-synthetics.example.json: the fast path is off');
  return quorumLoad(exampleConfig(), quorum);
}

/** The fast path's settings and bounds as docs/alarms.md states them: its defaults, its rounds, its OK's stretch. */
const FAST_PATH_FIGURES: Readonly<Record<string, () => string>> = {
  'check-every': () => `${QUORUM_DEFAULTS.checkEverySeconds} s`,
  fresh: () => `${QUORUM_DEFAULTS.freshSeconds} s`,
  replication: () => `${REPLICATION_MS / 1000} s`,
  'peer-watch': () => `${PEER_WATCH_MS / 1000} s`,
  // The promise at the default interval first, then at two slower ones an admin may set.
  'page-at-intervals': () =>
    [QUORUM_DEFAULTS.checkEverySeconds, 10, 15].map((c) => `${fastPageWithinSeconds(c)} s at ${c} s`).join(', '),
  'window-rounds': () => String(WINDOW_ROUNDS),
  'suspect-samples': () => times(SUSPECT_SAMPLES),
  'off-grid-rounds': () => spelled(OFF_GRID_MAX),
  'ok-stable': () => `${OK_STABLE_SECONDS} s`,
  'stable-requests': () => String(STABLE_REQUESTS),
  'example-quorum-cost': () => linesCost('Quorum:'),
  'fast-rounds': () => spelled(exampleQuorumLoad().roundsPerMinute),
  'fast-token-share': () => `${exampleQuorumLoad().tokenPerMinute.percentOfAppShare}%`,
  'smallest-token-limit': () => String(SMALLEST_TOKEN_LIMIT_PER_MINUTE),
  'in-doubt-factor': () => {
    const { perServer, inDoubt } = exampleQuorumLoad().tokenPerMinute;
    return String(Math.round((inDoubt.perServer / perServer) * 10) / 10);
  },
};

/** The example's figures the README states: its plan's counts and its cost's lines, as `plan` and `cost` print them. */
const EXAMPLE_FIGURES: Readonly<Record<string, () => string>> = {
  'example-metrics': () => String(regionPlan(exampleConfig()).counts.metrics),
  'example-alarms': () => String(regionPlan(exampleConfig()).counts.alarms),
  'example-monthly': () => usd(exampleEstimate().total),
  'example-metrics-alarms-cost': () => linesCost('Custom metrics', 'Alarms', 'Quorum: latch', 'Quorum: backstop'),
  'example-lambda-cost': () => linesCost('Lambda', 'Quorum: Lambda'),
  'example-fast-path-lambda-cost': () => linesCost('Quorum: Lambda'),
  'example-synthetics-cost': () => usd(exampleEstimate().peers[0]?.monthly ?? 0),
};

/** How every reader of the System Log shares it, as each doc that reads the log states it. */
const LOG_FIGURES: Readonly<Record<string, () => string>> = {
  'log-reserve-share': () => share(SYSTEM_LOG.reservePercent),
  'log-page-limit': () => SYSTEM_LOG.pageLimit.toLocaleString('en-US'),
  'log-budget': () => `${SYSTEM_LOG.budgetMs / 1000} s`,
};

/**
 * Integration health's bounds and thresholds as docs/integration-health.md states them: the telephony shares, the
 * SMTP refusals, the domains' reads and the certificates' days (a shorter Let's Encrypt lifetime's share in whole days,
 * rounded down as the check's comparison against a fraction of a day never warns earlier).
 */
const INTEGRATION_FIGURES: Readonly<Record<string, () => string>> = {
  'telephony-min-sends': () => String(INTEGRATION_HEALTH.minSends),
  'telephony-failover-percent': () => String(INTEGRATION_HEALTH.failoverWarnPercent),
  'telephony-failure-percent': () => String(INTEGRATION_HEALTH.failureWarnPercent),
  'telephony-page-percent': () => String(INTEGRATION_HEALTH.failurePagePercent),
  'smtp-page-refusals': () => String(INTEGRATION_HEALTH.smtpPageRefusals),
  'domain-detail-reads': () => String(INTEGRATION_DOMAINS.maxDetailReads),
  'domain-retry-minutes': () => String(INTEGRATION_DOMAINS.retryMinutes),
  'domains-judged': () => String(INTEGRATION_DOMAINS.maxDomains),
  'okta-managed-warn-days': () => String(INTEGRATION_DOMAINS.oktaManagedWarnDays),
  'renewal-warn-days-64': () => String(Math.floor(renewalWarnDays(64))),
  'renewal-warn-days-45': () => String(Math.floor(renewalWarnDays(45))),
  'manual-warn-days': () => String(INTEGRATION_DOMAINS.manualWarnDays),
  'hook-cert-warn-days': () => String(HOOK_READ.certWarnDays),
  'log-pages-per-run': () => spelled(INTEGRATION_HEALTH.pagesPerRun),
  'window-events': () => INTEGRATION_HEALTH.maxWindowEvents.toLocaleString('en-US'),
  'hook-list-refused-minutes': () => spelled(HOOK_READ.refusedAgainMinutes),
  'hook-list-pages': () => String(HOOK_READ.maxPages),
  'hook-list-page-limit': () => String(HOOK_READ.pageLimit),
  'hook-hosts': () => String(HOOK_READ.maxHosts),
  'hook-concurrency': () => String(HOOK_READ.concurrency),
  'hook-timeout-seconds': () => String(HOOK_READ.timeoutMs / 1000),
  'log-reserve-share': LOG_FIGURES['log-reserve-share']!,
  'log-own-share': () => share(100 - SYSTEM_LOG.reservePercent),
  'log-page-limit': LOG_FIGURES['log-page-limit']!,
  'log-budget': LOG_FIGURES['log-budget']!,
  'log-budget-share': () => String(SYSTEM_LOG.budgetShareOfTimeout * 100),
  'timeout-seconds': () => String(DEFAULTS.timeoutMs / 1000),
  'logs-bucket-least': () => String(LOGS_BUCKET_PER_MINUTE.least),
  'logs-bucket-most': () => String(LOGS_BUCKET_PER_MINUTE.most),
  'domains-every': () => everySpan(INTEGRATION_DOMAINS.everyMinutes * 60),
  'hook-lists-every': () => everySpan(HOOK_READ.everyMinutes * 60),
  'backfill-every': () => span(PROVISIONING_STREAM.backfillEveryMinutes * 60),
};

/** The example with a status page, at its one run a minute and one region: its page's lines of `cost`. */
function statusPageLines(): CostEstimate['regions'][number]['lines'] {
  const example = JSON.parse(read('okta-synthetics.example.json')) as Record<string, unknown>;
  const parsed = parseConfig(
    { ...example, regions: ['us-east-1'], statusPage: { allowFrom: ['203.0.113.0/24'] } },
    { mode: 'deploy', baseDir: fileURLToPath(new URL('..', import.meta.url)), env: {} },
  );
  if (!parsed.ok) throw new Error(`okta-synthetics.example.json with a status page: ${parsed.errors.join('; ')}`);
  const lines = estimateCost(parsed.config, BENCHMARKED_PROFILE).regions[0]?.lines ?? [];
  return lines.filter((l) => l.item.startsWith('Status page'));
}

const pageLine = (item: string) => statusPageLines().find((l) => l.item === `Status page: ${item}`);

/** A group's sessions in its cadence at the journey's default, and the share of the default catalogue each checks. */
const groupSessions = (): number =>
  sessionsPerCadence({ everyMinutes: SAML_GROUP.everyMinutes, journeyEveryMinutes: SIGN_IN_DEFAULT_EVERY_MINUTES });
const discoveredShare = (): number => Math.ceil(DEFAULT_DISCOVERED_APPS / groupSessions());

/** What docs/status-page.md says the page costs, as `cost` prints it. */
const STATUS_PAGE_FIGURES: Readonly<Record<string, () => string>> = {
  'page-max-networks': () => String(STATUS_PAGE_MAX_NETWORKS),
  'page-runs-days': () => String(FORGET_AFTER_MS / 86_400_000),
  'page-group-apps': () => String(MOST_GROUP_APPS),
  'page-provisioning-apps': () => String(MOST_PROVISIONING_APPS),
  'page-catalogue-apps': () => MOST_CATALOGUE_APPS.toLocaleString('en-US'),
  'page-stale-minutes': () => String(STALE_AFTER_MS / 60_000),
  'page-views': () => STATUS_PAGE_VIEWS_PER_MONTH.toLocaleString('en-US'),
  'page-puts': () => (pageLine('S3 PUT requests')?.quantity ?? 0).toLocaleString('en-US'),
  'page-put-cost': () => usd(pageLine('S3 PUT requests')?.monthly ?? 0),
  'page-gets': () => (pageLine('S3 GET requests')?.quantity ?? 0).toLocaleString('en-US'),
  'page-monthly': () => usd(statusPageLines().reduce((n, l) => n + l.monthly, 0)),
};

/** Each file's inline figures, by marker name. */
export const FIGURES: Readonly<Record<string, Readonly<Record<string, () => string>>>> = {
  'README.md': {
    'diagnosis-code-count': () => String(DIAGNOSIS_CODES.length),
    'node-floor': nodeFloor,
    'lambda-node': lambdaNode,
    'page-within': pageWithin,
    'config-page-within': () => seconds(regionPlan(exampleConfig()).page.configPageWithinSeconds),
    'ok-within': () => seconds(regionPlan(exampleConfig()).page.okWithinSeconds),
    'journey-page-within': journeyPageWithin,
    'journey-every': () => String(SIGN_IN_DEFAULT_EVERY_MINUTES),
    ...EXAMPLE_FIGURES,
  },
  'docs/deploying.md': {
    'run-log-retention-days': () => String(DEPLOY_DEFAULTS.runLogRetentionDays),
    'fast-page-within': TIMING_FIGURES['fast-page-within']!,
    'check-every': FAST_PATH_FIGURES['check-every']!,
    'placeholder-grace-hours': () => String(PLACEHOLDER_GRACE_HOURS),
    'placeholder-grace': () => span(PLACEHOLDER_GRACE_HOURS * 3600),
    'damaged-kept-days': () => String(DAMAGED_KEPT_MS / DAY_MS),
    'example-memory-mb': exampleMemoryMb,
    'dead-letter-days': () => String(DEAD_LETTER_DAYS),
    'probe-timeout-seconds': () => String(PROBE_TIMEOUT_SECONDS),
    'fast-path-timeout-seconds': () => String(PROBE_TIMEOUT_SECONDS + QUORUM_WATCH_SECONDS),
    'latch-hold-minutes': () => String(HOLD_DEFAULT_SECONDS / 60),
    'secret-reread-minutes': () => String(SECRET_TTL_MS / 60_000),
    'lambda-node': lambdaNode,
    'browser-memory-mb': () => BROWSER_MEMORY_MB.toLocaleString('en-US'),
    'browser-timeout-seconds': () => String(BROWSER_TIMEOUT_SECONDS),
  },
  'docs/configuration.md': {
    'clock-tolerance-seconds': () => String(DEFAULTS.clockToleranceSeconds),
    'jwks-max-cache': () => span(MAX_JWKS_CACHE_SECONDS),
    'certificate-warn-days': () => String(CERTIFICATE_WARN_DAYS),
    'feed-stale-days': () => String(STALE_DAYS),
    'feed-window-days': () => String(FEED_WINDOW_MS / DAY_MS),
    'config-file-max': () => kilobytes(INPUT_FILES.config.maxBytes),
    'key-file-max': () => kilobytes(INPUT_FILES.key.maxBytes),
  },
  'docs/alarms.md': {
    ...TIMING_FIGURES,
    'placeholder-grace-hours': () => String(PLACEHOLDER_GRACE_HOURS),
    // The flap window at the example's schedule, and its floor at any schedule.
    'flap-window-runs': () => String(flapWindowRuns(exampleConfig().deploy.scheduleMinutes)),
    'flap-min-runs': () => String(flapWindowRuns(Number.POSITIVE_INFINITY)),
    'maintenance-wait-seconds': () => String(MAINTENANCE_WAIT_MS / 1000),
    'run-windows-minutes': () => inWords(WINDOWS_MS.map((ms) => String(ms / 60_000))),
    // The simulated deployment's times, as BENCHMARKS.md's sections t and w hold them (the bench takes minutes).
    ...quorumFigures(() => read('BENCHMARKS.md')),
    ...FAST_PATH_FIGURES,
    'latency-warn-ms': () => String(DEFAULTS.latencyWarnMs),
  },
  'docs/integration-health.md': INTEGRATION_FIGURES,
  // The sign-ins' polling and drop alarm, and the System Log look-up's bounds, as the settings hold them.
  'docs/user-sign-ins.md': {
    'drop-period-minutes': () => String(USER_SIGN_INS.dropWindow.periodMinutes),
    'drop-band-std-devs': () => String(USER_SIGN_INS.dropBandStdDevs),
    'drop-periods': () => spelled(USER_SIGN_INS.dropWindow.evaluationPeriods),
    'sign-in-pages': () => spelled(USER_SIGN_INS.pagesPerRun),
    'sign-in-page-events': () => (USER_SIGN_INS.pagesPerRun * SYSTEM_LOG.pageLimit).toLocaleString('en-US'),
    'list-item-kb': () => String(LIST_READ.maxItemBytes / 1024),
    'tally-pages': () => String(TALLY_PAGES),
    'log-reserve-share': LOG_FIGURES['log-reserve-share']!,
    'stream-batch': () => STREAM.batchSize.toLocaleString('en-US'),
    'stream-batch-window': () => `${STREAM.maxBatchingWindowSeconds} s`,
    'tally-lifetime': () => span(ITEM_LIFETIME_MS / 1000),
  },
  'docs/inventory.md': {
    'inventory-owners': () => String(INVENTORY.maxOwners),
    'api-token-warn-days': () => String(INVENTORY.apiTokenWarnDays),
    'inventory-max-apps': () => String(INVENTORY.maxApps),
    'expiry-warn-days': () => String(INVENTORY.expiryWarnDays),
    'inventory-pages': () => String(INVENTORY.maxPages),
    'inventory-page-limit': () => String(INVENTORY.pageLimit),
    'inventory-reserve-share': () => share(INVENTORY.reservePercent),
    'inventory-every': () => everySpan(INVENTORY.everyMinutes * 60),
    'hook-lookback': () => lastSpan(INVENTORY.hookLookbackMinutes * 60),
    'token-gone-warns': () => span(GONE_REPORTED_MS / 1000),
    'token-window-days': () => String(DEFAULT_WINDOW_MS / DAY_MS),
    'key-expiry-kept': () => span(KEY_EXPIRY_TTL_MS / 1000),
  },
  'docs/provisioning.md': {
    'max-lookback-hours': () => String(PROVISIONING.maxLookbackHours),
    'provisioning-pages': () => spelled(PROVISIONING.pagesPerRun),
    'stream-keep-hours': () => String(PROVISIONING_STREAM.keepHours),
    'stream-late-minutes': () => String(PROVISIONING_STREAM.lateMinutes),
    'stream-max-events': () => PROVISIONING_STREAM.maxEvents.toLocaleString('en-US'),
    'tally-pages': () => String(TALLY_PAGES),
    'log-budget': LOG_FIGURES['log-budget']!,
    'log-min-page': () => String(SYSTEM_LOG.minPageLimit),
    'log-reserve-share': LOG_FIGURES['log-reserve-share']!,
    'log-page-limit': LOG_FIGURES['log-page-limit']!,
    'stream-visibility': () => `${STREAM_VISIBILITY_SECONDS} s`,
    'stream-deliveries': () => times(STREAM.maxReceiveCount),
    'connections-read': () => String(MOST_READ),
    'connections-again': () => span(AGAIN_MS / 1000),
    'connections-kept-hours': () => String(KEPT_HOURS),
  },
  'docs/saml-apps.md': {
    'group-every-minutes': () => String(SAML_GROUP.everyMinutes),
    'group-concurrency': () => String(SAML_GROUP.concurrency),
    'group-max-concurrency': () => String(SAML_GROUP.maxConcurrency),
    'sso-bucket-per-minute': () => String(SAML_GROUP.ssoBucketPerMinute),
    'discovered-apps': () => DEFAULT_DISCOVERED_APPS.toLocaleString('en-US'),
    'metadata-kept': () => span(SAML_GROUP.metadataMaxAgeMs / 1000),
    'listing-kept': () => span(SAML_GROUP.discoverEveryMinutes * 60),
    'saml-reserve-share': () => share(SAML_GROUP.reservePercent),
    'overdue-factor': () => times(SAML_GROUP.overdueFactor),
    'unchecked-after': () => span(SAML_GROUP.uncheckedAfterMs / 1000),
    'group-journey-every': () => span(SIGN_IN_DEFAULT_EVERY_MINUTES * 60),
    'group-share-part': () => part(groupSessions()),
    'share-extra': () => part(Math.round(1 / (MAX_SHARE_FACTOR - 1))),
    'share-factor': () => String(MAX_SHARE_FACTOR),
    'discovered-share': () => String(discoveredShare()),
    'discovered-worst-share': () => String(worstShare(discoveredShare())),
    'app-findings': () => String(MAX_APP_FINDINGS),
    'saml-leeway': () => span(SAML_LEEWAY_SECONDS),
    'sso-page-max': () => kilobytes(MAX_SSO_PAGE_BYTES),
    'saml-xml-max': () => kilobytes(MAX_SAML_XML_BYTES),
    'saml-xml-depth': () => String(XML_LIMITS.depth),
    'saml-xml-attributes': () => String(XML_LIMITS.attributes),
    'saml-xml-namespaces': () => String(XML_LIMITS.namespaceDeclarations),
    'saml-xml-elements': () => XML_LIMITS.elements.toLocaleString('en-US'),
  },
  'docs/system-log.md': {
    'lag-seconds': () => String(SYSTEM_LOG.lagSeconds),
    'log-requests-per-run': () => String(SYSTEM_LOG.maxRequestsPerRun),
    'log-reserve-share': LOG_FIGURES['log-reserve-share']!,
    'change-lookback': () => lastSpan(SYSTEM_LOG.changeLookbackMinutes * 60),
  },
  'docs/status-page.md': STATUS_PAGE_FIGURES,
  // The journey's back-off, its page's render budget and its evidence's caps, and the browser function's memory.
  'docs/sign-in.md': {
    'password-backoff': () => span(BACKOFF_MS / 1000),
    'lockout-window': () => span(LOCKOUT_WINDOW_MS / 1000),
    'render-budget': () => `${PAGE_RENDER_BUDGET_MS / 1000} s`,
    'render-patience': () => `${RENDER_PATIENCE_MS / 1000} s`,
    'trace-requests': () => String(PAGE_TRACE_LIMITS.requests),
    'trace-console': () => String(PAGE_TRACE_LIMITS.console),
    'trace-navigations': () => String(PAGE_TRACE_LIMITS.navigations),
    'trace-max': () => kilobytes(PAGE_TRACE_MAX_BYTES),
    'screenshot-max': () => kilobytes(SCREENSHOT_MAX_BYTES),
    'browser-memory-mb': () => BROWSER_MEMORY_MB.toLocaleString('en-US'),
    'rotation-lookback-days': () => String(ROTATION_LOOKBACK_DAYS),
    'lock-lookback-days': () => String(LOCK_LOOKBACK_MS / DAY_MS),
  },
  'docs/preview.md': {
    'releases-kept': () => everySpan(RELEASES_KEPT_MS / 1000),
    'releases-kept-max': () => String(KEPT_MAX),
    'release-notes-max': () => kilobytes(RELEASE_NOTES_MAX_BYTES),
  },
  'docs/availability-report.md': {
    'sla-default': () => String(DEFAULT_SLA_PERCENT),
    // The target's down minutes in a month of average length (365.25 / 12 days).
    'sla-minutes': () => (((365.25 / 12) * 24 * 60 * (100 - DEFAULT_SLA_PERCENT)) / 100).toFixed(1),
    'request-ids': () => String(MAX_REQUEST_IDS),
  },
  // What the metric stream and the alarm states' rules retry and keep.
  'docs/integrations.md': {
    'firehose-retry': () => span(METRIC_DELIVERY.retrySeconds),
    'failed-retention-days': () => String(METRIC_DELIVERY.failedRetentionDays),
    'alarm-state-retry': () => span(ALARM_STATE_RETRY.maximumEventAgeInSeconds),
    'dead-letter-days': () => String(DEAD_LETTER_DAYS),
  },
  'docs/development.md': {
    'node-floor': nodeFloor,
    'lambda-node': lambdaNode,
  },
  'docs/performance.md': {
    // MB of 10^6 bytes, as `ls -l` and npm print sizes.
    'probe-bundle-mb': () => (probeBundleBytes() / 1e6).toFixed(2),
    'memory-step-mb': () => String(STEP_MB),
    'memory-free-part': () => part(Math.round(1 / (1 - USABLE_SHARE))),
    'example-memory-mb': exampleMemoryMb,
    'run-body-max': () => kilobytes(DEFAULTS.maxRunBodyBytes),
  },
};
