// What a deployment of a configuration costs a month, line by line, beside what the same checks cost on
// CloudWatch Synthetics, Datadog and Checkly. Pure: quantities come from the plan (metrics), the alarm plan
// (alarms) and the deploy settings (schedule, regions); prices from prices.ts; the run's duration, memory
// and log volume from the benchmark (BENCHMARKS.md) or the caller.
import {
  integrationStreamCostPerMillion,
  provisioningStreamCostPerMillion,
  streamCostPerMillion,
  type StreamCost,
} from './stream';
import {
  INTEGRATION_HEALTH,
  ORG_SERVER_ID,
  PROVISIONING,
  PROVISIONING_STREAM,
  SYSTEM_LOG,
  USER_SIGN_INS,
} from '../contract';
import type { LoadedConfig } from '../config/parse';
import { isTimed } from '../plan/check-table';
import { plannedChecks } from '../plan/checks';
import { serversFieldBytes } from '../report/run-line';
import { samlLoad, type SamlLoad } from '../plan/saml-load';
import { PEER_PRICES, PRICES, priceOf, type UnitPrice } from './prices';
import { regionPlan, STACK_REGION_LABEL, type PlanCounts } from '../plan/region-plan';
import { configOfRegion } from '../plan/journey-region';
import { probeMemory } from '../plan/probe-memory';
import { stackSecrets, type StackSecret } from '../plan/stack-secrets';
import { quorumCostLines, quorumLoad, type QuorumLoad } from './quorum';
import { statusPageCostLines } from './status-page';
import { metricStreamCostLines, metricStreamSummary, type MetricStreamSummary } from './metric-stream';
import { previewCostLines, previewCostSummary, type PreviewCostSummary } from './preview';
import { browserCostLines } from './browser';

/** A 30-day month, the month AWS's own examples use: 43,200 one-minute runs. */
const MINUTES_PER_MONTH = 30 * 24 * 60;

/** The cost target: at most this fraction of CloudWatch Synthetics for the same checks. */
export const GOAL_RATIO_VS_SYNTHETICS = 0.3;

/** A gibibyte: CloudWatch Logs bills GB of 2^30 bytes. */
const GB = 1024 ** 3;

/** What one probe run consumes; measured by `npm run bench` unless the caller knows better. */
export interface RunProfile {
  /** Billed duration of one invocation, ms (Lambda rounds up to the next ms). */
  readonly durationMs: number;
  /**
   * Lambda memory, MB. Absent: each region's size as the stack deploys it (plan/probe-memory.ts: the config's
   * memoryMb, else sized from the region's config).
   */
  readonly memoryMb?: number;
  /** Log bytes written per run: the handler's summary line plus Lambda's START/END/REPORT lines. */
  readonly logBytesPerRun: number;
  /** How long a warm Lambda reuses a secret before reading it again, minutes. */
  readonly secretCacheMinutes: number;
  /** Alarm notifications a month (state changes of the notifying alarms); each e-mails every subscriber. */
  readonly alarmNotificationsPerMonth: number;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  /** Price of one unit, USD. */
  readonly unitPrice: number;
  /** Units a month included in the price (SNS e-mail, Scheduler); 0 when none. */
  readonly freeQuantity: number;
  /** USD a month: (quantity - freeQuantity, at least 0) x unitPrice. */
  readonly monthly: number;
  /** Why the quantity is what it is. */
  readonly basis: string;
}

interface RegionCost {
  readonly region: string;
  /** The probe function's memory billed here, MB: the profile's, or the size the stack deploys in this region. */
  readonly memoryMb: number;
  /** The region plan's metrics and alarms, which the lines bill (cli/cost.ts countsText says how they reconcile). */
  readonly counts: PlanCounts;
  readonly lines: readonly CostLine[];
  readonly monthly: number;
}

interface PeerCost {
  readonly name: string;
  /** What is counted as one billed run, and how many a run of ours is worth. */
  readonly basis: string;
  readonly runsPerMonth: number;
  readonly unitPrice: number;
  readonly monthly: number;
  /** Our total divided by theirs. */
  readonly ratio: number;
}

export interface CostEstimate {
  readonly scheduleMinutes: number;
  /** Probe invocations a month in each region. */
  readonly invocationsPerMonth: number;
  readonly regions: readonly RegionCost[];
  /** USD a month, all regions. */
  readonly total: number;
  readonly peers: readonly PeerCost[];
  readonly goal: {
    readonly maxRatioVsSynthetics: number;
    readonly ratioVsSynthetics: number;
    readonly met: boolean;
  };
  readonly profile: RunProfile;
  /** What the config's SAML apps ask of Okta a minute, and of the groups' table. */
  readonly saml: SamlLoad;
  /**
   * What the resource checks ask of the organisation's own APIs (servers[].resources): requests a run in each region,
   * and a month in all regions; none is a request to Okta. Null when no server lists a resource.
   */
  readonly resources: { readonly perRun: number; readonly perMonth: number; readonly regions: number } | null;
  /** What the System Log's reads ask of Okta's /api/v1/logs bucket; null when the "org" server does not read it. */
  readonly systemLog: SystemLogLoad | null;
  /**
   * The multi-region quorum's fast path: what it asks of Okta a minute, and its share of `total` (USD a month, all
   * regions); null without one.
   */
  readonly quorum:
    | (QuorumLoad & {
        readonly agree: number;
        readonly regions: number;
        readonly monthly: number;
        readonly ratioVsSynthetics: number;
      })
    | null;
  /** The metric stream's updates and cost, all regions (the sum of their stream lines); null without one. */
  readonly metricStream: MetricStreamSummary | null;
  /** The Preview org's deployed runs and their cost (the "Preview:" lines, home region only); null without one. */
  readonly preview: PreviewCostSummary | null;
}

/**
 * A SAML app's SSO round trip from the probe's region, ms: what a group's share adds to a run (concurrency at a time).
 */
const SAML_ROUND_TRIP_MS = 300;

/** Probe invocations a month at the configured schedule. */
export function invocationsPerMonth(scheduleMinutes: number): number {
  return Math.floor(MINUTES_PER_MONTH / scheduleMinutes);
}

/**
 * GetSecretValue calls a month for one secret. A warm Lambda rereads a secret on the first run after its
 * cache expired, so the reread period is the cache lifetime rounded up to whole schedule periods. Cold
 * starts add a read each; at a 1-minute schedule the function stays warm and they are rare.
 */
export function secretReadsPerMonth(scheduleMinutes: number, cacheMinutes: number): number {
  const periods = Math.max(1, Math.ceil(cacheMinutes / scheduleMinutes));
  return Math.ceil(MINUTES_PER_MONTH / (periods * scheduleMinutes));
}

function line(item: string, quantity: number, price: UnitPrice, basis: string): CostLine {
  return {
    item,
    quantity,
    unit: price.unit,
    unitPrice: price.usd / price.per,
    freeQuantity: price.freePerMonth ?? 0,
    monthly: priceOf(price, quantity),
    basis,
  };
}

function regionLines(
  config: LoadedConfig,
  profile: RunProfile & { readonly memoryMb: number },
  saml: SamlLoad,
  region: string | undefined,
): CostLine[] {
  const { deploy } = config;
  const runs = invocationsPerMonth(deploy.scheduleMinutes);
  const plan = regionPlan(config, region);
  // Billed every hour: the plan's metrics but those published only at times, the fast path's on its own line.
  const metrics = plan.counts.metrics - plan.counts.metricsAtTimes - plan.counts.fastPathMetrics;
  const samlMs = samlShareMs(config, saml);
  const runMs = Math.ceil(profile.durationMs + samlMs);
  const gbSeconds = runs * (runMs / 1000) * (profile.memoryMb / 1024);
  const snsEmails = profile.alarmNotificationsPerMonth * deploy.alarmEmails.length;
  // PutMetricData takes up to 1,000 datums a call; the sink sends one batch a run.
  const putCalls = runs * Math.max(1, Math.ceil(metrics / 1000));

  return [
    line(
      'Custom metrics',
      metrics,
      PRICES.customMetric,
      "the plan's metrics published every run: each name + dimension set",
    ),
    ...alarmLines(plan.counts),
    line('Dashboard', 1, PRICES.dashboard, 'one per region; the first 3 in an account are free'),
    line('PutMetricData requests', putCalls, PRICES.putMetricData, `one batched call per run, ${runs} runs`),
    line('Lambda requests (arm64)', runs, PRICES.lambdaRequest, `one invocation every ${deploy.scheduleMinutes} min`),
    line(
      'Lambda duration (arm64)',
      gbSeconds,
      PRICES.lambdaArmGbSecond,
      `${runMs} ms x ${profile.memoryMb} MB per run${
        samlMs > 0 ? ` (${Math.ceil(samlMs)} ms of it the ` + `SAML groups' shares, on average)` : ''
      }`,
    ),
    line('EventBridge Scheduler invocations', runs, PRICES.schedulerInvocation, 'within the 14M free a month'),
    ...secretLines(config, profile, region),
    ...logLines(config, profile, runs),
    line(
      'SNS e-mail deliveries',
      snsEmails,
      PRICES.snsEmail,
      `${profile.alarmNotificationsPerMonth} notifications x ${deploy.alarmEmails.length} addresses; 1,000 free`,
    ),
    line(
      'SQS dead-letter queue requests',
      0,
      PRICES.sqsRequest,
      'only failed or undeliverable runs; none when healthy',
    ),
    ...tableLines(saml),
    ...quorumCostLines(config, region, runMs, profile.memoryMb).map((q) => line(q.item, q.quantity, q.price, q.basis)),
    ...statusPageCostLines(config, region, runs).map((p) => line(p.item, p.quantity, p.price, p.basis)),
    ...metricStreamCostLines(config, metrics, plan, runs).map((m) => line(m.item, m.quantity, m.price, m.basis)),
    ...besideProbeLines(config, region, runMs, profile),
  ];
}

/**
 * The runs of the functions beside the probe's own: the Preview org's, in the home region, priced at a Production
 * run's duration and memory; the browser journeys', in the region that runs them (cost/browser.ts).
 */
function besideProbeLines(
  config: LoadedConfig,
  region: string | undefined,
  runMs: number,
  profile: RunProfile & { readonly memoryMb: number },
): CostLine[] {
  return previewCostLines(config, region, {
    runMs,
    memoryMb: profile.memoryMb,
    logBytesPerRun: profile.logBytesPerRun,
    secretReadsPerMonth: (every) => secretReadsPerMonth(every, profile.secretCacheMinutes),
  })
    .concat(browserCostLines(config))
    .map((p) => line(p.item, p.quantity, p.price, p.basis));
}

/** What the SAML groups' shares add to a run, ms on average over the schedule. */
function samlShareMs({ probe, deploy }: LoadedConfig, saml: SamlLoad): number {
  // A journey's session also checks its groups' shares, concurrency apps at a time: one session every everyMinutes.
  return (probe.samlGroups ?? []).reduce((sum, group) => {
    const load = saml.groups.find((g) => g.id === group.id);
    const every = probe.signIn?.find((j) => j.id === group.signIn)?.everyMinutes ?? deploy.scheduleMinutes;
    return (
      sum +
      (load === undefined
        ? 0
        : (Math.ceil(load.share / group.concurrency) * SAML_ROUND_TRIP_MS * deploy.scheduleMinutes) /
          Math.max(every, deploy.scheduleMinutes))
    );
  }, 0);
}

/** The standard and composite alarms this region bills for: the plan's, the fast path's on its own lines. */
function alarmLines(counts: PlanCounts): CostLine[] {
  return [
    line(
      'Alarms (standard, per metric)',
      counts.alarmMetrics - counts.latchAlarmMetrics - counts.backstopAlarmMetrics,
      PRICES.standardAlarmMetric,
      'the alarm plan: per-check, gauge, latency, heartbeat, function and DLQ alarms (an anomaly band reads 3 metrics)',
    ),
    line(
      'Alarms (composite)',
      counts.compositeAlarms,
      PRICES.compositeAlarm,
      "the alarm plan: page and warn per server (page at the quorum's home only), probe-down, silence",
    ),
  ];
}

/** Why a rotating key is billed $3: the price it settles at after its first two yearly rotations. */
const KMS_ROTATION_BASIS =
  'rotated yearly, so $1 a month its first year, $2 its second, $3 from its third (each of the first two rotations ' +
  'adds $1 a month): $3 billed';

/** The credential secrets, their reads, and the KMS key and requests behind them. */
function secretLines(config: LoadedConfig, profile: RunProfile, region: string | undefined): CostLine[] {
  const { probe, deploy } = config;
  const servers = credentialSecrets(probe);
  const secretReads = servers * secretReadsPerMonth(deploy.scheduleMinutes, profile.secretCacheMinutes);
  const created = stackSecrets(config, region);
  return [
    line('Secrets Manager secrets', created.length, PRICES.secret, secretsBasis(created)),
    line(
      'Secrets Manager API calls',
      secretReads,
      PRICES.secretsApiCall,
      `GetSecretValue per server every ${profile.secretCacheMinutes} min (warm cache)`,
    ),
    line('KMS key', 1, PRICES.kmsKey, `the alarm topic's customer managed key; ${KMS_ROTATION_BASIS}`),
    ...((probe.signIn ?? []).length > 0
      ? [
          line(
            'KMS key (journey state)',
            1,
            PRICES.kmsKey,
            `the journeys' table key: it holds the DT device cookie; ${KMS_ROTATION_BASIS}`,
          ),
        ]
      : []),
    line(
      'KMS requests',
      secretReads + profile.alarmNotificationsPerMonth,
      PRICES.kmsRequest,
      'a Decrypt per GetSecretValue + a data key per encrypted alarm publish (upper bound)',
    ),
  ];
}

/** What the secrets line bills: the secrets the stack creates (plan/stack-secrets.ts), by what they hold. */
function secretsBasis(created: readonly StackSecret[]): string {
  const count = (holds: StackSecret['holds']): number => created.filter((s) => s.holds === holds).length;
  const parts = [
    `a credential per server (${count('server credential')})`,
    `per signIn journey (${count("journey's user")})`,
    ...(count('provisioning key') > 0 ? ["the provisioning ledger's hashing key"] : []),
    ...(count('Preview server credential') + count("Preview journey's user") > 0
      ? [`the Preview org's (${count('Preview server credential') + count("Preview journey's user")})`]
      : []),
  ];
  return `created by the stack: ${parts.join(', ')}; one named with secretName is the account's own`;
}

/** Credential secrets, each counted as a server in the run line. */
function credentialSecrets(probe: LoadedConfig['probe']): number {
  // One secret per server and one per sign-in journey (the user's JSON), each read on the same cache schedule.
  return probe.servers.length + (probe.signIn?.length ?? 0);
}

/** The run log's ingestion and its storage at the configured retention. */
function logLines({ probe, deploy }: LoadedConfig, profile: RunProfile, runs: number): CostLine[] {
  const servers = credentialSecrets(probe);
  // The run line lists every server (its up/down and token latency) for the availability report, and every journey
  // with the authenticators it answered with and its steps' times.
  const logBytesPerRun =
    profile.logBytesPerRun +
    serversFieldBytes(
      probe.servers.map((s) => s.id),
      (probe.signIn ?? []).map((s) => s.id),
    );
  const logGb = (runs * logBytesPerRun) / GB;
  const retention = deploy.runLogRetentionDays;
  return [
    line(
      'CloudWatch Logs ingestion',
      logGb,
      PRICES.logsIngestGb,
      `${logBytesPerRun} bytes per run (${servers} servers in the run line)`,
    ),
    line(
      'CloudWatch Logs storage',
      logGb * (retention / 30),
      PRICES.logsStoredGbMonth,
      `steady state at ${retention}-day retention (runLogRetentionDays, for the availability report)`,
    ),
  ];
}

/** The groups of SAML apps' table, when the config has a group: on demand, by request. */
function tableLines(saml: SamlLoad): CostLine[] {
  if (saml.groups.length === 0) return [];
  const apps = saml.groups.reduce((sum, g) => sum + g.apps, 0);
  const reads = saml.groups.reduce((sum, g) => sum + g.store.readUnits, 0);
  const writes = saml.groups.reduce((sum, g) => sum + g.store.writeUnits, 0);
  const bytes = saml.groups.reduce((sum, g) => sum + g.store.bytes, 0);
  return [
    line(
      'DynamoDB reads (on demand)',
      reads,
      PRICES.dynamoReadRequest,
      `one Query of each SAML group a run (${apps} apps)`,
    ),
    line('DynamoDB writes (on demand)', writes, PRICES.dynamoWriteRequest, 'a write per app each time it is checked'),
    line('DynamoDB storage', bytes / 1e9, PRICES.dynamoStorage, `${apps} apps' records`),
  ];
}

/** The same checks on the peers, from every region (location) we probe from. */
function peerCosts(config: LoadedConfig, regionCount: number, ours: number): PeerCost[] {
  const { probe, deploy } = config;
  const runs = invocationsPerMonth(deploy.scheduleMinutes) * regionCount;
  // A journey, and each SAML app in its session, runs every everyMinutes, not every schedule period (the
  // peers counted servers only, so a catalogue of SAML apps looked free on CloudWatch Synthetics).
  // A journey runs in one region whatever their number (plan/journey-region.ts): one canary, not one per region.
  const journeyRuns = new Map(
    (probe.signIn ?? []).map((signIn) => [
      signIn.id,
      invocationsPerMonth(Math.max(signIn.everyMinutes, deploy.scheduleMinutes)),
    ]),
  );
  const runsOf = (target: string): number =>
    journeyRuns.get(target) ?? journeyRuns.get(probe.samlApps?.find((app) => app.id === target)?.signIn ?? '') ?? runs;
  const targets = [
    ...probe.servers.map((s) => s.id),
    ...(probe.signIn ?? []).map((s) => s.id),
    ...(probe.samlApps ?? []).map((s) => s.id),
  ];
  const canaryRuns = targets.reduce((sum, target) => sum + runsOf(target), 0);
  // A peer's API test is one HTTP exchange with assertions; our derived checks (validate, rate-limit,
  // clock) become assertions on those, so only the checks that make a request are counted.
  const timed = plannedChecks(probe).filter(({ check }) => isTimed(check));
  const httpRuns = timed.reduce((sum, { server }) => sum + runsOf(server), 0);
  const peer = (name: string, basis: string, runsPerMonth: number, price: UnitPrice): PeerCost => {
    const monthly = priceOf(price, runsPerMonth);
    return {
      name,
      basis,
      runsPerMonth,
      unitPrice: price.usd / price.per,
      monthly,
      ratio: monthly > 0 ? ours / monthly : Infinity,
    };
  };
  return [
    peer(
      'CloudWatch Synthetics',
      `one canary per server, journey and SAML app (${targets.length}), each run a script of its checks, at ` +
        `its cadence`,
      canaryRuns,
      PEER_PRICES.cloudwatchSynthetics,
    ),
    peer(
      'Datadog API tests',
      `one API test per HTTP check (${timed.length}) per run of its target`,
      httpRuns,
      PEER_PRICES.datadogApiTest,
    ),
    peer(
      'Checkly API checks',
      `one API check per HTTP check (${timed.length}) per run of its target`,
      httpRuns,
      PEER_PRICES.checklyApiCheck,
    ),
  ];
}

/** The monthly cost of deploying `config`, per region and in total, beside the peers' cost for the same checks. */
export function estimateCost(
  config: LoadedConfig,
  profile: RunProfile,
  options: { readonly discoveredApps?: number } = {},
): CostEstimate {
  // No regions named: one stack, in a region only the deploy knows (undefined), headed by a label and never named.
  const regionNames = config.deploy.regions.length > 0 ? config.deploy.regions : [undefined];
  const saml = samlLoad(config.probe, config.deploy.scheduleMinutes, options.discoveredApps);
  // Every region runs the same stack but for the journeys (and the SAML apps signing in through them), which run in
  // their own region alone (plan/journey-region.ts): each region's lines, priced at us-east-1 list prices.
  const regions = regionNames.map((named) => {
    const here = configOfRegion(config, named);
    // The memory the stack deploys in this region (lib/probe-function.ts reads the same function), unless told.
    const memoryMb = profile.memoryMb ?? probeMemory(here).mb;
    const lines = regionLines(
      here,
      { ...profile, memoryMb },
      samlLoad(here.probe, here.deploy.scheduleMinutes, options.discoveredApps),
      named,
    );
    return {
      region: named ?? STACK_REGION_LABEL,
      memoryMb,
      counts: regionPlan(here, named).counts,
      lines,
      monthly: sum(lines.map((l) => l.monthly)),
    };
  });
  const total = sum(regions.map((r) => r.monthly));
  const peers = peerCosts(config, regions.length, total);
  const synthetics = peers[0];
  const ratioVsSynthetics = synthetics === undefined ? Infinity : synthetics.ratio;
  return {
    scheduleMinutes: config.deploy.scheduleMinutes,
    invocationsPerMonth: invocationsPerMonth(config.deploy.scheduleMinutes),
    regions,
    total,
    peers,
    goal: {
      maxRatioVsSynthetics: GOAL_RATIO_VS_SYNTHETICS,
      ratioVsSynthetics,
      met: ratioVsSynthetics <= GOAL_RATIO_VS_SYNTHETICS,
    },
    profile,
    saml,
    resources: resourceLoad(config, regions.length),
    systemLog: systemLogLoad(config, regions.length),
    quorum: quorumSummary(config, regions, synthetics?.monthly ?? 0),
    metricStream: metricStreamSummary(config, regions),
    preview: previewCostSummary(config, regions),
  };
}

/** Requests to /api/v1/logs an hour, all regions, against Okta's bucket for it. */
interface SystemLogLoad {
  /** A healthy run's: the rate-limit poll, and the sign-ins' poll when userSignIns is on. */
  readonly perHour: number;
  /** At most: every run failing (the look-up's reasons and changes) and the sign-ins' pages all full. */
  readonly worstPerHour: number;
  /** Okta's bucket for /api/v1/logs, a minute, by plan (reference/rl-global-mgmt): the least and the most. */
  readonly bucketPerMinute: { readonly least: number; readonly most: number };
  readonly userSignIns: boolean;
  /** Whether provisioning health polls its events too (the top-level "provisioning", without Log Streaming). */
  readonly provisioning: boolean;
  /**
   * With "provisioning" and userSignIns.eventSource: its events come through the same stream, not a poll, and cost
   * this much a million (functions/cost/stream.ts); null when they are polled or not read.
   */
  readonly provisioningStreamPerMillion: StreamCost | null;
  /** Whether integration health polls its events too ("integrationHealth", without Log Streaming). */
  readonly integrationHealth: boolean;
  /**
   * With "integrationHealth" and userSignIns.eventSource: its events come through the same stream, and cost this much
   * a million beyond EventBridge (functions/cost/stream.ts, BENCHMARKS.md section ae); null when polled or not read.
   */
  readonly integrationStreamPerMillion: StreamCost | null;
  /**
   * With userSignIns.eventSource: the sign-ins come from Okta's Log Streaming, not from a poll, and cost this much in
   * AWS a million events (functions/cost/stream.ts); null when they are polled.
   */
  readonly streamPerMillion: StreamCost | null;
  readonly regions: number;
}

/** Okta's /api/v1/logs bucket, requests a minute: 20 on the smallest plans, 120 on the largest. */
export const LOGS_BUCKET_PER_MINUTE = { least: 20, most: 120 } as const;

/** What the System Log's reads ask of Okta an hour: every region's stack reads the log on its own schedule. */
function systemLogLoad(config: LoadedConfig, regions: number): SystemLogLoad | null {
  const org = config.probe.servers.find((s) => s.id === ORG_SERVER_ID && s.systemLog === true);
  if (org === undefined) return null;
  const userSignIns = org.userSignIns !== undefined;
  const streamed = org.userSignIns?.eventSource !== undefined;
  // Streamed, the sign-ins are no poll of the log: only the rate-limit events' poll and the look-ups remain.
  const polled = userSignIns && !streamed;
  const runs = (60 / config.deploy.scheduleMinutes) * regions;
  // Provisioning health polls its own filter every run: one page when healthy, its pages when a backlog is read.
  // Streamed, the provisioning events come through the same rule and aggregator, and the log is polled to fill the
  // stream's gaps: a page each backfillEveryMinutes when healthy, its pages every run while a gap shows.
  const provisioning = org.provisioning !== undefined && !streamed;
  const provisioningStreamed = org.provisioning !== undefined && streamed;
  // Integration health the same: its own filter every run, or on the stream a backfill on provisioning's cadence.
  const integrations = org.integrationHealth !== undefined && !streamed;
  const integrationsStreamed = org.integrationHealth !== undefined && streamed;
  const backfillsAnHour = (60 / PROVISIONING_STREAM.backfillEveryMinutes) * regions;
  const backfills = (provisioningStreamed ? backfillsAnHour : 0) + (integrationsStreamed ? backfillsAnHour : 0);
  const pages =
    (polled ? USER_SIGN_INS.pagesPerRun : 0) +
    (org.provisioning !== undefined ? PROVISIONING.pagesPerRun : 0) +
    (org.integrationHealth !== undefined ? INTEGRATION_HEALTH.pagesPerRun : 0);
  return {
    perHour: Math.round(runs * (1 + (polled ? 1 : 0) + (provisioning ? 1 : 0) + (integrations ? 1 : 0)) + backfills),
    worstPerHour: Math.round(runs * (SYSTEM_LOG.maxRequestsPerRun + pages)),
    bucketPerMinute: LOGS_BUCKET_PER_MINUTE,
    userSignIns,
    provisioning,
    streamPerMillion: streamed ? streamCostPerMillion(config.deploy.scheduleMinutes) : null,
    provisioningStreamPerMillion: provisioningStreamed
      ? provisioningStreamCostPerMillion(config.deploy.scheduleMinutes)
      : null,
    integrationHealth: integrations,
    integrationStreamPerMillion: integrationsStreamed
      ? integrationStreamCostPerMillion(config.deploy.scheduleMinutes)
      : null,
    regions,
  };
}

/** The resource checks' requests to the organisation's APIs: one per listed resource a run, in every region. */
function resourceLoad(config: LoadedConfig, regions: number): CostEstimate['resources'] {
  const perRun = sum(config.probe.servers.map((server) => server.resources?.length ?? 0));
  if (perRun === 0) return null;
  return { perRun, perMonth: perRun * invocationsPerMonth(config.deploy.scheduleMinutes) * regions, regions };
}

/** The fast path's Okta load and its lines' share of the total, beside CloudWatch Synthetics for the same checks. */
function quorumSummary(
  config: LoadedConfig,
  regions: readonly RegionCost[],
  synthetics: number,
): CostEstimate['quorum'] {
  const settings = config.deploy.quorum;
  if (settings === null) return null;
  const monthly = sum(
    regions.flatMap((r) => r.lines.filter((l) => l.item.startsWith('Quorum: ')).map((l) => l.monthly)),
  );
  return {
    ...quorumLoad(config, settings),
    agree: settings.agree,
    regions: Math.max(1, settings.regions.length),
    monthly,
    ratioVsSynthetics: synthetics > 0 ? monthly / synthetics : Infinity,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
