// The probe function's Preview mode (docs/decisions/preview-deployed.md): the Preview schedule invokes the same
// function with PREVIEW_EVENT every preview.everyMinutes, in the home region only. It probes the Preview org with the
// engine Production's runs use, on the Preview config derived from Production's, then pairs each check with
// Production's latest verdict, which Production's own run keeps (keepProductionVerdicts). It publishes totals only and
// one log line of its own (never a run line: the availability report, the notifier and the status page read those),
// and it never throws: a Preview org's outage, or our own failure to read Preview, is never the function's Errors,
// which page through probe-down.
import { KEPT_KEYS, KEPT_RECORD_MAX_CHARS, PREVIEW_LOG_MESSAGE, previewJourneyKey, previewKeptKey } from '../contract';
import type { PreviewConfig } from '../config/preview-shape';
import type { ResolvedConfig } from '../config/resolved';
import { secretValues, userSecretValues } from '../credentials/secret-values';
import type { SecretsResolver } from '../credentials/secrets-manager';
import type { JourneyStateStore } from '../journey-state';
import type { KeptStore } from '../kept-state';
import { plannedChecks } from '../plan/checks';
import { fetchPreviewReleases, releasesOnceADay, type KeptReleases } from '../probe/feed/preview-releases';
import { comparePreview, type PreviewComparison, type PreviewReleases } from '../report/preview-pair';
import { previewStep, previewTotals, productionRecord, productionReport } from '../report/preview-record';
import { previewSummaryOf, readPreviewSummary, type PreviewSummary } from '../status-page/preview';
import type { MetricDatum, Report } from '../types';
import { PUBLISH_TIMEOUT_MS } from './metrics-sink';
import { within } from '../deadline';
import type { Logger } from '../text/logger';
import type { createMemoryCache } from '../cache/read-through';

/**
 * Production's kept verdicts older than this many of its periods are not paired: a Production that stopped running
 * must not make a stale pass read as "Production next".
 */
const STALE_PERIODS = 3;
const MINUTE_MS = 60_000;
/** The most the summary's put may take, ms: as long as the totals' publish beside it. */
const KEEP_SUMMARY_MS = PUBLISH_TIMEOUT_MS;

/** What the Preview run is given by the handler: its stores and clients, each its own apart from Production's. */
interface PreviewRunDeps {
  readonly secrets: SecretsResolver;
  readonly cache: ReturnType<typeof createMemoryCache>;
  /** Production's kept records' store: the Preview run's own records live there under preview/. */
  readonly kept: KeptStore;
  /** The journeys' table store, when the stack gave one; the Preview journeys' items under their own keys. */
  readonly journeyState?: JourneyStateStore;
  readonly publish: (metrics: readonly MetricDatum[], startedAt: string) => Promise<void>;
  readonly runProbe: typeof import('../probe/engine').runProbe;
  /** When the checks must stop, epoch ms. */
  readonly deadline: number;
  readonly now?: () => number;
  /** Okta's Preview release notes feed, read once: the real one unless a test gives another. */
  readonly fetchReleases?: typeof fetchPreviewReleases;
  /** The invocation's logger: the Preview org's secrets are registered with it once read. */
  readonly log: Logger;
}

/** What the Preview run reports back to the invocation: its pairs' verdicts, never Production's result. */
export interface PreviewInvocationResult {
  readonly preview: true;
  readonly unavailable: boolean;
  readonly ahead: number;
  readonly failing: number;
}

/** One Preview run: probe, pair, publish the totals, log one line; a failure of ours is logged, never thrown. */
export async function runPreview(config: ResolvedConfig, deps: PreviewRunDeps): Promise<PreviewInvocationResult> {
  const none: PreviewInvocationResult = { preview: true, unavailable: false, ahead: 0, failing: 0 };
  const preview = config.preview;
  if (preview === undefined) {
    deps.log.warn(PREVIEW_LOG_MESSAGE, {
      problem: 'invoked for the Preview org, but the bundled config has none: redeploy the stack',
    });
    return none;
  }
  try {
    const probe = preview.probe;
    const usersRead = deps.secrets.resolveUsers(probe.signIn ?? [], deps.deadline);
    const credentials = await deps.secrets.resolve(probe.servers, deps.deadline);
    const users = await usersRead;
    deps.log.registerSecrets([...secretValues(credentials), ...userSecretValues(users)]);
    const report = await deps.runProbe(probe, {
      credentials,
      users,
      scrubbed: deps.log.secrets,
      deadline: deps.deadline,
      cache: deps.cache,
      scheduleMinutes: preview.everyMinutes,
      keptState: prefixedKept(deps.kept),
      ...(deps.journeyState !== undefined && { journeyState: previewJourneys(deps.journeyState) }),
    });
    deps.log.appendKeys({ runId: report.startedAt });
    const comparison = await paired(config, preview, report, deps);
    const run = { checkedAt: report.startedAt, everyMinutes: preview.everyMinutes };
    // Beside the totals' publish and no longer than it may take: the run still ends within its finish margin. Kept
    // only when something was judged: paired with no verdict of Production's, an empty comparison would read as
    // "Preview mirrors Production", so the line stays as it was and goes stale, saying so.
    const judged = comparison.withProduction || comparison.compared.unavailable !== undefined;
    await Promise.all([
      deps.publish(previewTotals(report, comparison.compared), report.startedAt),
      judged ? keepSummary(deps.kept, comparison, run, deps.log) : undefined,
    ]);
    // The logger's secrets grew with every value the run scrubbed (ProbeOptions.scrubbed): the line is scrubbed of all.
    deps.log.info(PREVIEW_LOG_MESSAGE, lineOf(report, comparison));
    return {
      preview: true,
      unavailable: comparison.compared.unavailable !== undefined,
      ahead: comparison.compared.pairs.filter((p) => p.verdict === 'preview-ahead').length,
      failing: report.checks.filter((c) => c.status === 'fail').length,
    };
  } catch (error) {
    deps.log.error(PREVIEW_LOG_MESSAGE, { problem: `the Preview run failed: ${String(error)}` });
    return none;
  }
}

/** The Preview report beside Production's kept verdicts, and since when each Preview failure runs. */
async function paired(
  config: ResolvedConfig,
  preview: PreviewConfig,
  report: Report,
  deps: PreviewRunDeps,
): Promise<{
  compared: PreviewComparison;
  /** Whether Production's kept verdicts were there to pair with: without them nothing is compared. */
  withProduction: boolean;
  production: string;
  left: number;
  since: Record<string, string>;
}> {
  const now = (deps.now ?? Date.now)();
  const maxAgeMs = STALE_PERIODS * config.deploy.scheduleMinutes * MINUTE_MS;
  const kept = productionReport(await readOrUndefined(deps.kept, KEPT_KEYS.previewProduction), now, maxAgeMs);
  // Without Production's verdicts each Preview check is paired with nothing: unavailable is still told.
  const production: Report =
    'report' in kept
      ? kept.report
      : { startedAt: report.startedAt, durationMs: 0, orgUrl: '', checks: [], metrics: [] };
  const first = comparePreview(production, report, preview);
  const step = previewStep(
    await readOrUndefined(deps.kept, KEPT_KEYS.previewSince),
    first,
    report.startedAt,
    KEPT_RECORD_MAX_CHARS,
  );
  const { since } = step;
  // Paired with nothing, no failure is known to begin or end: the kept "since" waits for Production's verdicts.
  if ('report' in kept) await keepSince(deps.kept, step, deps.log);
  const releases =
    step.aheadSince === undefined
      ? undefined
      : await keptPreviewReleases(deps, preview.releaseNotesUrl, now, step.aheadSince);
  return {
    compared: comparePreview(production, report, preview, since, releases),
    withProduction: 'report' in kept,
    production: 'report' in kept ? kept.report.startedAt : kept.problem,
    left: 'report' in kept ? kept.left : 0,
    since,
  };
}

/**
 * Since when each Preview failure runs, kept for the next run within the record's bound. Never thrown, never silent:
 * a pair left out, or a record not kept, is logged with what it costs (the next run dates those failures from itself).
 */
async function keepSince(
  kept: KeptStore,
  { since, record, left }: Pick<ReturnType<typeof previewStep>, 'since' | 'record' | 'left'>,
  log: Logger,
): Promise<void> {
  const where = kept.where(KEPT_KEYS.previewSince);
  if (left > 0)
    log.warn(PREVIEW_LOG_MESSAGE, {
      problem:
        `${left} of ${Object.keys(since).length} Preview failures' start not kept in ${where} (it holds at most ` +
        `${KEPT_RECORD_MAX_CHARS} characters; those failing in Preview alone and the oldest are kept): the next ` +
        'run dates those it left out from itself',
    });
  try {
    await kept.write(KEPT_KEYS.previewSince, record);
  } catch (error) {
    log.error(PREVIEW_LOG_MESSAGE, {
      problem:
        `the Preview failures' start not kept in ${where}: ${String(error)}; the next run dates each Preview ` +
        'failure from itself',
    });
  }
}

/**
 * The comparison kept for the status page's Preview line (the home region's Production run reads it back). Never
 * thrown: a record not kept costs the line (it goes stale, then says so), never the run, and is logged at ERROR.
 */
async function keepSummary(
  kept: KeptStore,
  { compared, since }: Pick<Awaited<ReturnType<typeof paired>>, 'compared' | 'since'>,
  run: { readonly checkedAt: string; readonly everyMinutes: number },
  log: Logger,
): Promise<void> {
  try {
    await within(
      kept.write(KEPT_KEYS.previewSummary, previewSummaryOf(compared, run, { since })),
      KEEP_SUMMARY_MS,
      () => {
        throw new Error(`no answer within ${KEEP_SUMMARY_MS} ms`);
      },
    );
  } catch (error) {
    const problem = `the Preview line's summary not kept for the status page: ${String(error)}`;
    log.error(PREVIEW_LOG_MESSAGE, { problem });
  }
}

/**
 * Okta's Preview releases, the feed read at most once a day (its last read kept under preview/releases); within the
 * run's deadline, and never thrown: a feed that does not answer costs the release's name, nothing else.
 */
export async function keptPreviewReleases(
  deps: PreviewRunDeps,
  url: string | null,
  now: number,
  began: number,
): Promise<PreviewReleases> {
  const keeper = {
    read: () => deps.kept.read(KEPT_KEYS.previewReleases),
    write: (kept: KeptReleases) => deps.kept.write(KEPT_KEYS.previewReleases, kept),
  };
  const at = { now, began, left: deps.deadline - now };
  return releasesOnceADay(url, at, keeper, deps.fetchReleases);
}

/** A kept record, or undefined when it cannot be read (the Preview run goes on without it). */
async function readOrUndefined(kept: KeptStore, key: string): Promise<unknown> {
  try {
    return await kept.read(key);
  } catch {
    return undefined;
  }
}

/** The Preview run's log line: its pairs that tell something, its counts, and what it paired with. */
function lineOf(report: Report, { compared, production, left }: Awaited<ReturnType<typeof paired>>) {
  const count = (verdict: string): number => compared.pairs.filter((p) => p.verdict === verdict).length;
  return {
    orgUrl: compared.orgUrl,
    startedAt: report.startedAt,
    ...(compared.unavailable !== undefined && { unavailable: compared.unavailable }),
    // Okta's incident on the Preview cell while the Preview org's checks pass: a warning of its own, as run tells it.
    ...(compared.incident !== undefined && { incident: compared.incident }),
    production,
    ...(left > 0 && { notCompared: left }),
    counts: {
      failing: report.checks.filter((c) => c.status === 'fail').length,
      ahead: count('preview-ahead'),
      notMirrored: count('not-mirrored'),
      ownSetup: count('preview-own'),
      previewPasses: count('preview-passes'),
      bothFail: count('both-fail'),
      mirrors: count('mirrors'),
    },
    pairs: compared.pairs
      .filter((p) => p.text !== undefined)
      .map(({ target, check, verdict, code, text }) => ({ target, check, verdict, code, text })),
  };
}

/** The Preview checks' kept records (a System Log cursor) under preview/, never Production's. */
function prefixedKept(kept: KeptStore): KeptStore {
  return {
    where: (key) => kept.where(previewKeptKey(key)),
    read: (key) => kept.read(previewKeptKey(key)),
    write: (key, value) => kept.write(previewKeptKey(key), value),
  };
}

/** The Preview journeys' state under their own keys: the Preview user's refusals are never Production's user's. */
function previewJourneys(store: JourneyStateStore): JourneyStateStore {
  return {
    where: (id) => store.where(previewJourneyKey(id)),
    read: (id) => store.read(previewJourneyKey(id)),
    claim: (id, version, state) => store.claim(previewJourneyKey(id), version, state),
    write: (id, state) => store.write(previewJourneyKey(id), state),
  };
}

/**
 * After Production's run: its verdict of each check the Preview org mirrors, kept for the Preview run. A failure is
 * logged at WARN and costs the next Preview run its pairs, never Production's run.
 */
export async function keepProductionVerdicts(
  config: ResolvedConfig,
  report: Report,
  kept: KeptStore,
  log: Logger,
): Promise<void> {
  if (config.preview === undefined) return;
  try {
    await kept.write(KEPT_KEYS.previewProduction, productionRecord(report, config.preview, KEPT_RECORD_MAX_CHARS));
  } catch (error) {
    log.warn("Production's verdicts not kept for the Preview run", { problem: String(error) });
  }
}

/** The Preview line's summary as the page reads it: none kept, one judged sound, or why none is told. */
interface KeptPreviewSummary {
  readonly summary: PreviewSummary | undefined;
  /** Ours to log at WARN: the record not read, or refused (never its text); the line then says not checked. */
  readonly problem?: string;
}

/**
 * The Preview run's latest summary for the home region's page (the Preview run, its record and the page all live in
 * the home region: docs/decisions/preview-deployed.md). Read back as hostile input (readPreviewSummary); never thrown.
 */
export async function keptPreviewSummary(kept: KeptStore): Promise<KeptPreviewSummary> {
  try {
    const raw = await kept.read(KEPT_KEYS.previewSummary);
    if (raw === undefined) return { summary: undefined };
    const summary = readPreviewSummary(raw);
    if (summary !== undefined) return { summary };
    const where = kept.where(KEPT_KEYS.previewSummary);
    return {
      summary: undefined,
      problem: `${where} is not a Preview summary of ours: the Preview line says not checked`,
    };
  } catch (error) {
    return { summary: undefined, problem: `the Preview line's summary not read: ${String(error)}` };
  }
}

/** The checks a Preview run plans, for its finish margin. */
export function previewCheckCount(config: ResolvedConfig): number {
  return config.preview === undefined ? 0 : plannedChecks(config.preview.probe).length;
}
