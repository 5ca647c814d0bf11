// The Lambda entry point: one probe run per scheduled invocation. Reads its configuration once per cold
// start, resolves credentials from Secrets Manager, runs every check before the invocation's own deadline,
// then publishes the metrics and logs the report in `finally`: a slow Okta yields TIMEOUT checks and
// datapoints, never a silent gap. The only throw is a broken configuration, a deployment bug that the
// function's Errors alarm reports.
import type { Context } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CONFIG_ENV,
  CONFIG_FILE,
  type ProbeInvocationResult,
  DEFAULT_NAMESPACE,
  JOURNEY_STATE_PATH_ENV,
  JOURNEY_TABLE_ENV,
  KEPT_STATE_PATH_ENV,
  MAINTENANCE_PARAMETER_ENV,
  NAMESPACE_ENV,
  START_OFFSET_ENV,
  SAML_APPS_TABLE_ENV,
  SIGN_IN_TALLIES_TABLE_ENV,
  OWN_SUBNETS_ENV,
  PROVISIONING_TABLE_ENV,
  PROVISIONING_KEY_SECRET_ENV,
  QUORUM_REGION_ENV,
  QUORUM_WATCH_ENV,
  HAR_BUCKET_ENV,
  STATUS_PAGE_BUCKET_ENV,
  STATUS_PAGE_PART_ENV,
  STATUS_PAGE_PART_KEYS,
  STATUS_PAGE_REGION_ENV,
  isPreviewEvent,
  type RunLogLine,
} from '../contract';
import type { PreviewInvocationResult } from './preview-run';
import { invocationResult, pendingServers, runLogLine } from '../report/run-line';
import { readResolvedConfig, type ResolvedConfig } from '../config/resolved';
import { secretValues, userSecretValues } from '../credentials/secret-values';
import { credentialsNotPutMetrics } from '../credentials/not-put';
import {
  createSecretsResolver,
  SECRET_STALE_MESSAGE,
  type SecretsResolver,
  type StaleSecret,
} from '../credentials/secrets-manager';
import type { CheckResult, CredentialResult, OwnNetwork, ProbeCache, Report, UserCredentialResult } from '../types';
import type { PublishResult } from './metrics-sink';
import {
  createMaintenanceReader,
  maintenanceAtPublish,
  runMetrics,
  type Maintenance,
  type MaintenanceReader,
} from './maintenance';
import { configOfRegion, runElsewhere, skippedHere } from '../plan/journey-region';
import { BROWSER_PART, browserPageParts, PROBE_PART_ENV, probeOfPart } from '../plan/browser-part';
import type { BrowserJourney } from '../status-page/browser-line';
import type { BreachRule } from '../probe/metrics';
import { applyPageFor, pageForOfTargets } from '../probe/unpaged';
import { createFlapDamper, dampFlapping, flapWindowRuns, flapWindows, type FlapDamper } from '../probe/flap';
import { sourceMappedStack } from './stack-trace';
import { invocationLogger, type InvocationIds } from './log';
import type { Logger } from '../text/logger';
import { budget, pause, type RunEnd } from '../deadline';
import { warmUpHttp } from '../probe/http';
import { plannedChecks } from '../plan/checks';
import { MAX_DATUMS_PER_CALL, PUBLISH_TIMEOUT_MS } from './metrics-sink';
import type { JourneyStateStore } from '../journey-state';
import { JOURNEY_FINISH_MS } from '../probe/session';
import { createMemoryCatalogueStore, createMemoryKeptStore, rememberingCatalogueStore } from '../probe/kept-store';
import type { CatalogueStore, KeptStore, ProvisioningStore, SignInTallyStore } from '../kept-state';
import { holdYoungGeneration } from '../probe/young-generation';
import { HarCapture } from '../har/capture';
import { createMemoryCache } from '../cache/read-through';

// Set before any run: it holds for the process (functions/probe/young-generation.ts).
holdYoungGeneration();

/** The least time kept back from the invocation's remaining time, ms: a one-server run's publish and log. */
export const SAFETY_MARGIN_MS = 3000;

/** Lambda gives a function one full vCPU at this memory, and a proportional share below it. */
const FULL_VCPU_MEMORY_MB = 1769;
/**
 * CPU a run spends after its deadline per planned check, ms at a full vCPU: settling every pending check and
 * request as TIMEOUT, its diagnosis, metrics, EMF and the run line. Measured in development with 90 hanging servers
 * (721 checks) against a mock dispatcher: 0.9-1.2 s in all at a full core; rounded up. BENCHMARKS.md section h
 * measures the whole at 256 MB's CPU share with Okta and CloudWatch hanging: the run line at 42.6 s of the 50 s
 * timeout, 530 ms of CPU from the checks' end to the run line.
 */
const FINISH_MS_PER_CHECK = 1.5;

/**
 * Time kept back from the invocation's remaining time, ms: enough to settle, publish (each PutMetricData batch
 * up to its own timeout, then EMF) and log before Lambda kills the run. It grows with the work left: the checks
 * to settle and the batches to publish, at the CPU share the function's memory buys. A fixed 3 s let 50-90
 * hanging servers write their run line after the kill.
 */
export function finishMarginMs(
  plannedCheckCount: number,
  memoryMb: number = FULL_VCPU_MEMORY_MB,
  journeys = false,
): number {
  const batches = Math.max(1, Math.ceil((plannedCheckCount * 2) / MAX_DATUMS_PER_CALL));
  const cpuScale = Math.max(1, FULL_VCPU_MEMORY_MB / memoryMb);
  // A journey cut short by the deadline still closes its session and writes its state.
  const work =
    1000 +
    batches * PUBLISH_TIMEOUT_MS +
    Math.ceil(plannedCheckCount * FINISH_MS_PER_CHECK * cpuScale) +
    (journeys ? JOURNEY_FINISH_MS : 0);
  return Math.max(SAFETY_MARGIN_MS, work);
}

export type { RunSummary } from '../report/run-line';
export { summarize } from '../report/run-line';

/**
 * Init: the HTTP client's first-use work (its parser compiled, a TLS context made), before the first invocation and
 * outside every check's clock: Lambda finishes init (this module's top level) before it calls the handler. Without
 * it, a cold start's first cycle reported 25-35 ms of our own CPU as Okta latency (BENCHMARKS.md, section g).
 * Reported in the first run's log line as initMs.
 */
const initStarted = performance.now();
await warmUpHttp();
export const initTimings = { httpWarmUpMs: Math.round(performance.now() - initStarted) };
/**
 * What one invocation has that the objects this sandbox keeps ask for while it runs: the stores opened once ask its
 * end at each call, the secrets' resolver tells a stale secret in its log.
 */
interface Current {
  /**
   * This invocation's logger, made anew by each: its request id, and its secrets once read and every one the run then
   * scrubbed (SAML apps' SSO secrets, the tokens it obtained), so a crash's stack is scrubbed with them.
   */
  readonly log: Logger;
  /** When this invocation's run must be done, epoch ms (set once its start offset is waited). */
  runEnd: number;
}

/**
 * What this sandbox keeps from one invocation to the next: made at init, so a cold start starts from nothing and a
 * warm invocation finds it as the last one left it. The module holds nothing else that changes after init.
 */
interface Sandbox {
  /** Until the first run's line is written: that line tells what init cost. */
  firstRun: boolean;
  /** Discovery documents, JWKS, token back-offs and the other warm state (probe/warm-state.ts), secrets. */
  readonly cache: ProbeCache;
  secrets?: SecretsResolver;
  /** The stack always names the parameter; the reader loads the SSM client with its first read, not at init. */
  maintenanceReader?: MaintenanceReader;
  loaded?: ResolvedConfig;
  /** The page alarms a maintenance window mutes, from this region's alarm plan, read with the first publish. */
  muted?: readonly BreachRule[];
  /** The targets whose failures this region's probe judges by their pageFor before it publishes (plan/alarms.ts). */
  unpagedTargets?: ReadonlySet<string>;
  /** Where each page alarm's recent datapoints went (probe/flap.ts). */
  flaps?: FlapDamper;
  /** The sign-in journeys' state: the stack's DynamoDB table, where the next sandbox finds it. */
  journeyState?: JourneyStateStore;
  /** What the inventory remembers across sandboxes (the API tokens it saw expiring): the stack's SSM parameters. */
  keptState?: KeptStore;
  /** Each group of SAML apps' records across sandboxes: the stack's DynamoDB table. */
  catalogueState?: CatalogueStore;
  /** Each group of SAML apps as this sandbox's runs last read it: the status page names its every app from it. */
  readonly seenCatalogues: Map<string, Map<string, unknown>>;
  signInTallies?: SignInTallyStore;
  provisioningState?: ProvisioningStore;
  /** The probe's own VPC's address ranges, with the config's `vpc`: read once a process when a hook host needs them. */
  ownNetwork?: () => Promise<OwnNetwork>;
  /** Apart from Production's: the Preview org's secrets and its discovery and keys. */
  previewSecrets?: SecretsResolver;
  readonly previewCache: ProbeCache;
  /** The invocation running now: the handler's first line replaces it. */
  current: Current;
}

const sandbox: Sandbox = {
  firstRun: true,
  cache: createMemoryCache(),
  ...(process.env[MAINTENANCE_PARAMETER_ENV] && {
    maintenanceReader: createMaintenanceReader(process.env[MAINTENANCE_PARAMETER_ENV]),
  }),
  seenCatalogues: new Map(),
  previewCache: createMemoryCache(),
  current: { log: invocationLogger(undefined), runEnd: Infinity },
};
/** A secret's last value standing in for a read that failed is told in the log, never used silently. */
const tellStale = (stale: StaleSecret): void => sandbox.current.log.warn(SECRET_STALE_MESSAGE, { ...stale });
const runEnd: RunEnd = () => sandbox.current.runEnd;

/**
 * The configuration the stack resolved (config/resolved.ts): from CONFIG_ENV when set (tests, local runs), else the
 * file the stack bundled beside the handler. Read, not parsed: the stack's parse already validated it.
 */
function config(): ResolvedConfig {
  if (sandbox.loaded !== undefined) return sandbox.loaded;
  const fromEnv = process.env[CONFIG_ENV];
  const source = fromEnv !== undefined ? CONFIG_ENV : CONFIG_FILE;
  let raw: string | undefined = fromEnv;
  if (raw === undefined) {
    try {
      raw = readFileSync(fileURLToPath(new URL(CONFIG_FILE, import.meta.url)), 'utf8');
    } catch {
      throw new Error(
        `${CONFIG_FILE} is missing beside the handler and ${CONFIG_ENV} is not set: redeploy the stack (a ` +
          `deployment bug, not an Okta problem)`,
      );
    }
  }
  const read = readResolvedConfig(raw, source);
  if ('problem' in read) throw new Error(read.problem);
  sandbox.loaded = read.config;
  return sandbox.loaded;
}

/** The time a run keeps after its start offset, ms: without it, the offset is skipped (a run matters more). */
const MIN_RUN_AFTER_OFFSET_MS = 30_000;

/**
 * The Lambda entry: a run, and on a failure of the whole run its stack in source terms before Lambda's own report.
 * The Preview schedule's event runs the Preview org instead (preview-run.ts), which never throws.
 */
export async function handler(
  event: unknown,
  context: Pick<Context, 'getRemainingTimeInMillis'> & InvocationIds,
): Promise<ProbeInvocationResult | PreviewInvocationResult> {
  const log = invocationLogger(context);
  sandbox.current = { log, runEnd: Infinity };
  try {
    if (isPreviewEvent(event)) return await previewRun(context);
    return await run(event, context);
  } catch (error) {
    log.error('probe run failed', { stack: sourceMappedStack(error) });
    throw error;
  }
}

/** An invocation's place and time: its region's share of the config, and when its checks and its run must end. */
interface Invocation {
  /** The quorum's name for this region, else the Lambda's. */
  readonly region: string | undefined;
  readonly probe: ResolvedConfig['probe'];
  readonly deploy: ResolvedConfig['deploy'];
  /** The checks another region runs, each saying why this one does not. */
  readonly skipped: readonly CheckResult[];
  /** The browser function's run: its journeys' checks alone, no server's credential read (plan/browser-part.ts). */
  readonly browser: boolean;
  /** The checks the run is narrowed to; undefined: every planned check. */
  readonly checks?: ReadonlySet<import('../contract').CheckName>;
  readonly namespace: string;
  /** When Lambda stops the invocation, epoch ms. */
  readonly invocationEnd: number;
  /** The fast path's watch, the timeout's last ms (0 without it). */
  readonly watchMs: number;
  /** When nothing of the run but the watch runs any more (ProbeOptions.endsBy). */
  readonly endsBy: number;
  /** When the checks stop, leaving the finish its margin. */
  readonly deadline: number;
}

/** What the run read and kept: the credentials it ran with and the exchanges of its checks. */
interface RunInputs {
  readonly credentials: ReadonlyMap<string, CredentialResult>;
  readonly users: ReadonlyMap<string, UserCredentialResult>;
  /** With the stack's trace bucket, the run's exchanges (a reference each) for the traces of what fails. */
  readonly capture: HarCapture | undefined;
}

async function run(
  _event: unknown,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<ProbeInvocationResult> {
  const at = await invocation(context);
  const { log } = sandbox.current;
  sandbox.current.runEnd = at.endsBy;
  const parameter = process.env[MAINTENANCE_PARAMETER_ENV];
  if (parameter) sandbox.maintenanceReader ??= createMaintenanceReader(parameter);
  // Sent first, before the secrets and the checks load the CPU, and given until the checks' deadline: its answer is
  // needed only at the publish. It never rejects.
  const maintenance: Promise<Maintenance> =
    sandbox.maintenanceReader?.read(at.deadline) ?? Promise.resolve({ active: false });
  const resolver = (sandbox.secrets ??= createSecretsResolver({ onStale: tellStale }));
  let inputs: RunInputs | undefined;
  let report: Report | undefined;
  try {
    const usersRead = resolver.resolveUsers(at.probe.signIn ?? [], at.deadline);
    const credentials = await resolver.resolve(at.browser ? [] : at.probe.servers, at.deadline);
    // A browser function without its Chromium is a broken deployment, not a journey's finding: the invocation fails
    // (its queue's alarm tells), as a broken configuration does.
    const unpacked = at.browser
      ? await (await import('../probe/sign-in/flows/browser/chromium')).unpackChromium()
      : undefined;
    if (unpacked !== undefined) throw new Error(unpacked);
    const users = await usersRead;
    inputs = { credentials, users, capture: process.env[HAR_BUCKET_ENV] ? new HarCapture() : undefined };
    log.registerSecrets([...secretValues(credentials), ...userSecretValues(users)]);
    report = await probeRun(at, inputs);
    log.appendKeys({ runId: report.startedAt });
    return invocationResult(report);
  } finally {
    if (report !== undefined && inputs !== undefined) {
      await publishRun(at, report, inputs, { read: maintenance, parameter: parameter ?? '' });
      // For the Preview run (the home region's bundle alone holds the Preview org): Production's latest verdicts.
      const kept = sandbox.keptState;
      if (config().preview !== undefined && kept !== undefined && !at.browser)
        await (await import('./preview-run')).keepProductionVerdicts(config(), report, kept, log);
      // Okta refused the credential: it may have been rotated, so read the secret again next run.
      for (const check of report.checks) {
        if (check.diagnosis?.code === 'INVALID_CLIENT') resolver.invalidate(check.server);
      }
      // The multi-region fast path, after the run's metrics are out (their alarms' timing is unchanged).
      if (at.deploy.quorum !== null && !at.browser) await fastPath(at, report, inputs);
    }
  }
}

/** The Preview schedule's invocation: the Preview org probed and paired with Production's kept verdicts. */
async function previewRun(context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<PreviewInvocationResult> {
  const { runPreview, previewCheckCount } = await import('./preview-run');
  const { runProbe } = await import('../probe/engine');
  const { publishMetrics } = await import('./metrics-sink');
  const memoryMb = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) || undefined;
  const journeys = (config().preview?.probe.signIn ?? []).length > 0;
  const invocationEnd = Date.now() + context.getRemainingTimeInMillis();
  sandbox.current.runEnd = invocationEnd;
  const deadline = invocationEnd - finishMarginMs(previewCheckCount(config()), memoryMb, journeys);
  const keptPath = process.env[KEPT_STATE_PATH_ENV];
  const kept = (sandbox.keptState ??= keptPath
    ? (await import('./kept-state-ssm')).createSsmKeptStore(keptPath, { runEnd })
    : createMemoryKeptStore());
  const table = process.env[JOURNEY_TABLE_ENV];
  const namespace = process.env[NAMESPACE_ENV] || DEFAULT_NAMESPACE;
  return runPreview(config(), {
    secrets: (sandbox.previewSecrets ??= createSecretsResolver({ onStale: tellStale })),
    cache: sandbox.previewCache,
    kept,
    ...(journeys &&
      table && { journeyState: (await import('./journey-state-dynamodb')).createDynamoStateStore(table) }),
    publish: async (metrics, startedAt) => {
      // After the checks' deadline, within the invocation's: the finish margin is what it spends.
      await publishMetrics(metrics, { namespace, timestamp: new Date(startedAt), deadline: invocationEnd });
    },
    runProbe,
    deadline,
    log: sandbox.current.log,
  });
}

/**
 * This region's share of the config and the invocation's times, once its place in the minute (regionStartOffsetMs)
 * is waited: before anything is sent, while the invocation keeps enough time for its run; the deadline counts from
 * after it.
 */
async function invocation(context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<Invocation> {
  // The journeys another region runs (and what signs in through them) are skipped here, each check saying why.
  const region = process.env[QUORUM_REGION_ENV] || process.env.AWS_REGION;
  const regional = configOfRegion(config(), region);
  const { deploy } = regional;
  // The probe's function skips the browser journeys, which the browser function runs alone (plan/browser-part.ts).
  const part = probeOfPart(regional.probe, process.env[PROBE_PART_ENV]);
  const { probe } = part;
  const elsewhere = runElsewhere(config(), region);
  // Said once a cold start, in the log group people read: why this region's run has no such checks running.
  if (sandbox.firstRun && elsewhere.length > 0)
    sandbox.current.log.info(RUNS_ELSEWHERE, { region, targets: elsewhere });
  const offsetMs = Number(process.env[START_OFFSET_ENV]) || 0;
  if (offsetMs > 0 && context.getRemainingTimeInMillis() > offsetMs + MIN_RUN_AFTER_OFFSET_MS) await pause(offsetMs);
  const memoryMb = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) || undefined;
  // Lambda stops the invocation at its timeout. Nothing of this run runs past endsBy but the fast path's watch, which
  // has the timeout's last QUORUM_WATCH_MS to itself (set with the fast path): its rounds until the next run writes.
  const watchMs = Number(process.env[QUORUM_WATCH_ENV]) || 0;
  const invocationEnd = Date.now() + context.getRemainingTimeInMillis();
  const endsBy = invocationEnd - watchMs;
  const deadline =
    endsBy - finishMarginMs(plannedChecks(probe, part.checks).length, memoryMb, (probe.signIn ?? []).length > 0);
  return {
    region,
    probe,
    deploy,
    skipped: skippedHere(probeOfPart(config().probe, process.env[PROBE_PART_ENV]).probe, elsewhere),
    browser: process.env[PROBE_PART_ENV] === BROWSER_PART,
    ...(part.checks !== undefined && { checks: part.checks }),
    namespace: process.env[NAMESPACE_ENV] || DEFAULT_NAMESPACE,
    invocationEnd,
    watchMs,
    endsBy,
    deadline,
  };
}

/** The probe run with the stores the stack gave this sandbox, the checks another region runs added as skipped. */
async function probeRun(at: Invocation, { credentials, users, capture }: RunInputs): Promise<Report> {
  const { probe } = at;
  const { runProbe } = await import('../probe/engine');
  await openStores(probe);
  const { journeyState, keptState, catalogueState, signInTallies, provisioningState, ownNetwork } = sandbox;
  const report = await runProbe(probe, {
    credentials,
    users,
    scrubbed: sandbox.current.log.secrets,
    ...(capture !== undefined && { har: capture }),
    deadline: at.deadline,
    endsBy: at.endsBy,
    ...(at.checks !== undefined && { checks: at.checks }),
    cache: sandbox.cache,
    scheduleMinutes: at.deploy.scheduleMinutes,
    ...(journeyState !== undefined && { journeyState }),
    keptState,
    catalogueState,
    ...(signInTallies !== undefined && { signInTallies }),
    ...(provisioningState !== undefined && { provisioningState }),
    ...(ownNetwork !== undefined && { ownNetwork }),
  });
  return at.skipped.length > 0 ? { ...report, checks: [...report.checks, ...at.skipped] } : report;
}

/**
 * The stores this sandbox keeps across invocations, opened once. Each store's module (and its AWS client) is imported
 * only where the stack gave it a place: a journey's SSM parameters, the kept records' SSM parameters, the groups'
 * DynamoDB table. A config without them loads none. Each asks the current run's end at each call (runEnd).
 */
async function openStores(probe: Invocation['probe']): Promise<void> {
  if ((probe.signIn ?? []).length > 0) sandbox.journeyState ??= await journeyStore();
  const keptPath = process.env[KEPT_STATE_PATH_ENV];
  sandbox.keptState ??= keptPath
    ? (await import('./kept-state-ssm')).createSsmKeptStore(keptPath, { runEnd })
    : createMemoryKeptStore();
  const table = process.env[SAML_APPS_TABLE_ENV];
  sandbox.catalogueState ??= rememberingCatalogueStore(
    table
      ? (await import('./catalogue-dynamodb')).createDynamoCatalogueStore(table, { runEnd })
      : createMemoryCatalogueStore(),
    sandbox.seenCatalogues,
  );
  const tallies = process.env[SIGN_IN_TALLIES_TABLE_ENV];
  if (tallies)
    sandbox.signInTallies ??= (await import('./sign-in-tallies-dynamodb')).createDynamoSignInTallyStore(tallies, {
      runEnd,
    });
  const ledger = process.env[PROVISIONING_TABLE_ENV];
  const ledgerKey = process.env[PROVISIONING_KEY_SECRET_ENV];
  if (ledger && ledgerKey)
    sandbox.provisioningState ??= (await import('./provisioning-dynamodb')).createDynamoProvisioningStore(
      ledger,
      ledgerKey,
      { runEnd },
    );
  // In a VPC: its module and EC2 client (half a MB of EC2's schemas) load, and EC2 is asked, only when a hook's host
  // is to be connected to; a run with no hook to read loads neither.
  const subnets = process.env[OWN_SUBNETS_ENV];
  if (subnets && sandbox.ownNetwork === undefined) {
    let reader: Promise<() => Promise<OwnNetwork>> | undefined;
    sandbox.ownNetwork = async () => {
      reader ??= import('./own-vpc').then(({ ownVpcReader, subnetIdsOf }) =>
        ownVpcReader(subnetIdsOf(subnets), { runEnd }),
      );
      return (await reader)();
    };
  }
}

/** The run's metrics published (a maintenance window's and a flapping alarm's withheld), its traces kept, its line. */
async function publishRun(
  at: Invocation,
  report: Report,
  inputs: RunInputs,
  maintenance: { readonly read: Promise<Maintenance>; readonly parameter: string },
): Promise<void> {
  const { credentials, users } = inputs;
  const { publishMetrics } = await import('./metrics-sink');
  const window = await maintenanceAtPublish(maintenance.read, maintenance.parameter);
  // The page alarms a window mutes, from the plan this region's stack deployed: their failures are withheld
  // meanwhile (with the fast path, a region's check alarms only warn, and their data stay).
  // The region's alarm plan loads here, with the first publish, never at init: the probe needs it for this alone.
  if (sandbox.muted === undefined || sandbox.unpagedTargets === undefined) {
    const plan = (await import('../plan/region-plan')).planOfRegion(config(), at.region);
    sandbox.muted = [...plan.maintenance];
    sandbox.unpagedTargets = new Set(plan.unpaged);
  }
  const { muted, unpagedTargets } = sandbox;
  // A page check failing for a cause its target's pageFor leaves out warns, where no latch judges (probe/unpaged.ts).
  const paged = applyPageFor(report.metrics, report.checks, muted, unpagedTargets, pageForOfTargets(at.probe));
  // A flapping page check keeps its alarm in ALARM: one page for the spell, not one per failing run.
  // Each target's window is counted in its own runs: a journey's at its everyMinutes, the browser function's too.
  const flaps = (sandbox.flaps ??= createFlapDamper(flapWindowRuns(at.deploy.scheduleMinutes)));
  const damped = dampFlapping(flaps, paged.metrics, muted, flapWindows(at.probe, at.deploy.scheduleMinutes));
  const { metrics: checked, withheld } = runMetrics(damped.metrics, window, muted);
  const metrics = [...checked, ...credentialsNotPutMetrics(credentials, users)];
  const published = await publishMetrics(metrics, {
    namespace: at.namespace,
    timestamp: new Date(report.startedAt),
    deadline: at.endsBy,
  });
  const hars = await keepTraces(report, inputs.capture, process.env[HAR_BUCKET_ENV], at.endsBy);
  const line = logReport(
    report,
    published,
    sandbox.current.log.secrets,
    [...pendingServers(credentials), ...pendingServers(users)],
    window,
    withheld,
    damped.held,
    hars,
  );
  sandbox.firstRun = false;
  // The browser function writes its own part of the page, which the probe folds into the page it publishes.
  if (at.browser) await keepBrowserPart(line, at);
  else await publishPage(line, process.env[STATUS_PAGE_BUCKET_ENV], at);
}

/** The multi-region fast path: the quorum's rounds after the run, each a run of the fast checks, and its log line. */
async function fastPath(at: Invocation, report: Report, { credentials, users }: RunInputs): Promise<void> {
  const { quorumAfterRun, logQuorum, FAST_CHECKS } = await import('./quorum-handler');
  const { runProbe } = await import('../probe/engine');
  const fast = async (until: number) =>
    (
      await runProbe(at.probe, {
        credentials,
        users,
        scrubbed: sandbox.current.log.secrets,
        deadline: until,
        checks: FAST_CHECKS,
        scheduleMinutes: at.deploy.scheduleMinutes,
      })
    ).checks;
  const watchUntil = at.watchMs > 0 ? at.invocationEnd - AFTER_WATCH_MS : undefined;
  const quorum = await quorumAfterRun(config(), at.namespace, report, { deadline: at.deadline, watchUntil }, fast);
  // Its errors are AWS's words, scrubbed all the same: every line this Lambda logs passes the one scrubber.
  if (quorum !== undefined) logQuorum(quorum, process.env.AWS_REGION ?? '', sandbox.current.log);
}

/** The log line naming what another region runs (plan/journey-region.ts), and why this one skips it. */
export const RUNS_ELSEWHERE = 'runs in another region';

/** The WARN line's message when a failed check's traces are not put: its links are lost, never the run. */
export const TRACES_NOT_KEPT = 'HTTP traces not kept';
/** The WARN lines' messages of this org's status page: not published at all, or published with problems. */
export const PAGE_LOG_MESSAGES = {
  notPublished: 'status page not published',
  problems: 'status page published with problems',
  /** The browser function's: its journeys' part of the page not kept, so the page shows them unknown. */
  partNotKept: "status page's browser part not kept",
} as const;

/** Time the traces may take at most, ms: their links are worth less than the run line written after them. */
const TRACE_BUDGET_MS = 5_000;
/** Time the fast path's watch leaves the invocation: its last read's latch call and its log line, ms. */
const AFTER_WATCH_MS = 1_500;
/** Time left for the run line and the fast path after the traces, ms. */
const AFTER_TRACES_MS = 3_000;

/**
 * The sanitized HTTP trace of each failed check, put in the stack's bucket: its S3 client is imported only when a check
 * failed. A put that fails or runs out of time costs its link, logged at WARN, never the run.
 */
async function keepTraces(
  report: Report,
  capture: HarCapture | undefined,
  bucket: string | undefined,
  endsBy: number,
): Promise<ReadonlyMap<string, string>> {
  const { log } = sandbox.current;
  if (capture === undefined || bucket === undefined || !report.checks.some((c) => c.status === 'fail'))
    return new Map();
  if (Math.min(TRACE_BUDGET_MS, endsBy - Date.now() - AFTER_TRACES_MS) <= 0) return new Map();
  try {
    const { putHars } = await import('./har-s3');
    const { kept, errors } = await putHars(
      report,
      capture,
      log.secrets,
      bucket,
      budget(endsBy - AFTER_TRACES_MS, TRACE_BUDGET_MS),
    );
    if (errors.length > 0) log.warn(TRACES_NOT_KEPT, { problem: errors.join('; ') });
    return kept;
  } catch (error) {
    log.warn(TRACES_NOT_KEPT, { problem: String(error) });
    return new Map();
  }
}

/**
 * One JSON line per run, through the invocation's logger: its level and message first, then the invocation's request
 * id, function and region, then the run's fields, with no runtime prefix, so CloudWatch Logs Insights discovers its
 * fields (the dashboard's "latest failures" query unnests `failures`) and the readers' filter (RUN_LINE_FILTER) finds
 * it by its message. Only diagnosis facts, each text scrubbed of every secret the run registered.
 */
function logReport(
  report: Report,
  published: PublishResult,
  secrets: readonly string[],
  pending: readonly string[],
  window: Maintenance,
  withheld: ReadonlySet<string>,
  flapping: ReadonlySet<string>,
  hars: ReadonlyMap<string, string>,
): RunLogLine {
  const { log } = sandbox.current;
  const line = runLogLine(report, {
    ...(hars.size > 0 ? { hars } : {}),
    secrets,
    pending,
    metrics: {
      published: published.published,
      emf: published.emf,
      ...(published.error !== undefined ? { publishError: published.error } : {}),
    },
    ...(window.active ? { maintenance: { until: window.until, reason: window.reason } } : {}),
    ...(!window.active && window.ignored !== undefined ? { maintenanceIgnored: window.ignored } : {}),
    ...(withheld.size > 0 ? { withheld } : {}),
    ...(flapping.size > 0 ? { flapping } : {}),
    ...(sandbox.firstRun ? { initMs: initTimings.httpWarmUpMs } : {}),
  });
  const { level, message, ...fields } = line;
  // Its texts were scrubbed with log.secrets just above (runLogLine): not a second time.
  log.scrubbedLine(level, message, fields);
  return line;
}

/** Time this org's status page may take at most, ms: after the run line, before the fast path's rounds. */
const PAGE_BUDGET_MS = 3_000;

/**
 * This org's own status page (statusPage), published after the run line with the line itself: its module and S3
 * client load only where the stack named a bucket. A failure is ours, logged at WARN, never the run's or a page.
 */
async function publishPage(line: RunLogLine, bucket: string | undefined, at: Invocation): Promise<void> {
  const { log } = sandbox.current;
  if (bucket === undefined || bucket === '') return;
  if (Math.min(PAGE_BUDGET_MS, at.endsBy - Date.now() - AFTER_TRACES_MS) <= 0) {
    log.warn(PAGE_LOG_MESSAGES.notPublished, { problem: 'no time left after the run' });
    return;
  }
  try {
    const { publishStatusPage } = await import('./status-page-s3');
    const { withCatalogueRecords } = await import('../status-page/watched');
    // With several regions the page tells what the quorum decided, never this region's run alone.
    // Read beside the kept model, within the page's budget: the fast path after it starts no later than before.
    const several = (at.deploy.quorum?.regions.length ?? 0) > 1;
    const quorum = several
      ? import('./quorum-handler')
          .then(({ readQuorumView }) => readQuorumView(config(), at.namespace))
          .catch(() => undefined)
      : undefined;
    // With a `preview` block (the home region's bundle alone has one, as the page is the home region's alone): the
    // Preview run's kept summary for the page's Preview line, read beside the kept model too.
    const kept = sandbox.keptState;
    const preview =
      config().preview === undefined
        ? undefined
        : kept === undefined
          ? Promise.resolve({ summary: undefined })
          : import('./preview-run').then(({ keptPreviewSummary }) => keptPreviewSummary(kept));
    const watched = withCatalogueRecords(config().probe, sandbox.seenCatalogues, Date.now());
    const context = { watched, quorum, preview, ...browserOfPage() };
    // Its time counted from here, never past the run's end less the margin after it.
    const signal = budget(at.endsBy - AFTER_TRACES_MS, PAGE_BUDGET_MS);
    const page = await publishStatusPage(line, bucket, signal, new Date(), undefined, context);
    if (page.problems.length > 0) log.warn(PAGE_LOG_MESSAGES.problems, { problem: page.problems.join('; ') });
  } catch (error) {
    log.warn(PAGE_LOG_MESSAGES.notPublished, { problem: String(error) });
  }
}

/**
 * Every "browser" journey, for the page, with the part its region's browser function keeps in this bucket (this
 * region's own or another's). Nothing without one.
 */
function browserOfPage(): { browser?: readonly BrowserJourney[] } {
  const journeys = browserPageParts(config()).flatMap(({ key, journeys: run }) =>
    run.map((j) => ({ id: j.id, everyMinutes: j.everyMinutes, part: key })),
  );
  return journeys.length > 0 ? { browser: journeys } : {};
}

/**
 * The browser function's part of the page: its run line put where the home region's probe reads it (the bucket, its
 * one key and the bucket's region, as the stack named them), within the page's budget. A failure is ours, logged at
 * WARN, never the run's.
 */
async function keepBrowserPart(line: RunLogLine, at: Invocation): Promise<void> {
  const { log } = sandbox.current;
  const bucket = process.env[STATUS_PAGE_BUCKET_ENV];
  if (bucket === undefined || bucket === '') return;
  const key = process.env[STATUS_PAGE_PART_ENV] || STATUS_PAGE_PART_KEYS.browser;
  const place = { bucket, key, region: process.env[STATUS_PAGE_REGION_ENV] || undefined };
  if (Math.min(PAGE_BUDGET_MS, at.endsBy - Date.now() - AFTER_TRACES_MS) <= 0) {
    log.warn(PAGE_LOG_MESSAGES.partNotKept, { problem: 'no time left after the run' });
    return;
  }
  try {
    const { keepBrowserLine } = await import('./status-page-s3');
    const kept = await keepBrowserLine(line, place, budget(at.endsBy - AFTER_TRACES_MS, PAGE_BUDGET_MS));
    if (kept.problem !== undefined) log.warn(PAGE_LOG_MESSAGES.partNotKept, { problem: kept.problem });
  } catch (error) {
    log.warn(PAGE_LOG_MESSAGES.partNotKept, { problem: String(error) });
  }
}

/**
 * The journeys' store the stack named: its DynamoDB table, the state of the SSM parameters it replaces carried over
 * once per journey (journey-state-dynamodb.ts); the SSM parameters alone for a stack deployed before the table; else
 * this sandbox's memory.
 */
async function journeyStore(): Promise<JourneyStateStore> {
  const path = process.env[JOURNEY_STATE_PATH_ENV];
  const table = process.env[JOURNEY_TABLE_ENV];
  const ssm = path ? (await import('./journey-state-ssm')).createSsmStateStore(path, { runEnd }) : undefined;
  if (table)
    return (await import('./journey-state-dynamodb')).createDynamoStateStore(table, {
      ...(ssm !== undefined && { carriedFrom: ssm }),
    });
  return ssm ?? (await import('../probe/sign-in/store')).createMemoryStateStore();
}
