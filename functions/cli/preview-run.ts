// `run` with a `preview` block: the Preview org probed by the same engine on the config derived from Production's,
// then each of its checks read beside Production's (functions/report/preview-pair.ts). Preview never changes the
// run's exit code, its JUnit or its history line: a Preview failure is a warning for the morning, never a page.
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEPT_KEYS, KEPT_RECORD_MAX_CHARS, type CheckName } from '../contract';
import type { PreviewConfig } from '../config/preview-shape';
import { resolveLocalCredentials } from '../credentials/local';
import { secretValues, userSecretValues } from '../credentials/secret-values';
import { resolveLocalUsers } from '../credentials/user-secrets';
import type { JourneyStateStore } from '../probe/sign-in/store';
import { runProbe } from '../probe/engine';
import {
  keptReleasesOf,
  releasesOnceADay,
  RELEASE_NOTES_TIMEOUT_MS,
  type KeptReleases,
} from '../probe/feed/preview-releases';
import { createMemoryKeptStore } from '../probe/kept-store';
import { comparePreview, type PreviewComparison, type PreviewReleases } from '../report/preview-pair';
import { previewStep } from '../report/preview-record';
import { errnoText } from '../read-file';
import { createFileKeptStore } from './kept-state-file';
import { redactAll } from '../text/redact';
import type { Logger } from '../text/logger';
import { keepPreviewSummary, keptPreviewSummary } from './preview-summary';
import { terminalSafe } from '../text/terminal';
import { wrap } from '../text/wrap';
import type { CredentialResult, Report, UserCredentialResult } from '../types';

/** What `run` needs to probe the Preview org: its config, its own journeys' state (its users are not Production's). */
export interface PreviewRun {
  readonly config: PreviewConfig;
  readonly journeyState: JourneyStateStore;
  /** The Preview org's state folder, where Okta's release notes are kept for a day; none: kept by this process only. */
  readonly stateDir?: string;
  /** `run --history DIR`: where the latest comparison is kept for `status-page`'s Preview line. */
  readonly history?: string;
  /** `run --secrets aws`: the Preview secrets read from Secrets Manager; none: the local files and variables. */
  readonly secrets?: {
    readonly credentials: ReadonlyMap<string, CredentialResult>;
    readonly users: ReadonlyMap<string, UserCredentialResult>;
  };
}

/** The Preview org's run, with the secrets its outputs are scrubbed of. */
interface PreviewProbed {
  readonly config: PreviewConfig;
  readonly stateDir?: string;
  readonly history?: string;
  readonly report: Report;
  readonly secrets: readonly string[];
}

/** One cycle of the Preview org, with the checks `run --check` named (the Preview org has the same). */
export async function probePreview(
  run: PreviewRun | undefined,
  env: NodeJS.ProcessEnv,
  checks: ReadonlySet<CheckName> | undefined,
): Promise<PreviewProbed | undefined> {
  if (run === undefined) return undefined;
  const probe = run.config.probe;
  const credentials = run.secrets?.credentials ?? resolveLocalCredentials(probe, env);
  const users = run.secrets?.users ?? resolveLocalUsers(probe, env);
  const scrubbed: string[] = [];
  const report = await runProbe(probe, {
    credentials,
    users,
    scrubbed,
    journeyState: run.journeyState,
    ...(checks !== undefined && { checks }),
  });
  return {
    config: run.config,
    ...(run.stateDir !== undefined && { stateDir: run.stateDir }),
    ...(run.history !== undefined && { history: run.history }),
    report,
    secrets: [...secretValues(credentials), ...userSecretValues(users), ...scrubbed],
  };
}

/**
 * Every secret of both runs, and the pairs of the two scrubbed of them (none without a Preview org). Okta's Preview
 * release notes are read only when a check fails in Preview alone, to name the release it started with.
 */
export async function previewComparison(
  production: Report,
  preview: PreviewProbed | undefined,
  log: Logger,
): Promise<{ readonly secrets: readonly string[]; readonly compared?: PreviewComparison }> {
  log.registerSecrets(preview?.secrets ?? []);
  const secrets = log.secrets;
  if (preview === undefined) return { secrets };
  const first = comparePreview(production, preview.report, preview.config);
  const step = previewStep(await sinceBefore(preview), first, preview.report.startedAt, KEPT_RECORD_MAX_CHARS);
  const unkeptSince = await keepSince(preview, step.record);
  if (unkeptSince !== undefined) log.warn(`run: --history ${preview.history}: ${unkeptSince}\n`);
  // The deployed run's bound (an SSM parameter's 4 KB), so both sides keep the same failures' start.
  if (step.left > 0)
    log.warn(
      `run: ${step.left} Preview failures' start not kept (the record holds at most ${KEPT_RECORD_MAX_CHARS} ` +
        'characters; those failing in Preview alone and the oldest are kept): the next run dates those from itself\n',
    );
  const releases =
    step.aheadSince === undefined
      ? undefined
      : await previewReleases(preview.config.releaseNotesUrl, preview.stateDir, Date.now(), step.aheadSince);
  const compared = comparePreview(production, preview.report, preview.config, step.since, releases);
  const redacted = redactAll(compared, secrets);
  // Beside the run lines (--history), never in them: the availability report never counts Preview.
  if (preview.history !== undefined) {
    const run = { checkedAt: preview.report.startedAt, everyMinutes: preview.config.everyMinutes };
    const unkept = await keepPreviewSummary(preview.history, redacted, run, step.since);
    if (unkept !== undefined)
      log.warn(`run: --history ${preview.history}: the Preview comparison was not kept for status-page (${unkept})\n`);
  }
  return { secrets, compared: redacted };
}

/**
 * The since record (previewStep's) this process kept last, by --history folder and the Preview org's address: a
 * `run --every` loop keeps it between runs, and a --history write that failed costs nothing while this process runs.
 */
const sinceInProcess = new Map<string, unknown>();
const inProcessKey = (preview: PreviewProbed): string => `${preview.history ?? ''} ${preview.report.orgUrl}`;

/**
 * The since record before this run: this process's own, else the one kept beside --history (a cron run is a new
 * process each time), else the summary a version that kept none there wrote; an unreadable one is none.
 */
async function sinceBefore(preview: PreviewProbed): Promise<unknown> {
  const own = sinceInProcess.get(inProcessKey(preview));
  if (own !== undefined || preview.history === undefined) return own;
  const kept = await createFileKeptStore(preview.history)
    .read(KEPT_KEYS.previewSince)
    .catch(() => undefined);
  if (kept !== undefined) return kept;
  const { summary } = await keptPreviewSummary(preview.history);
  return Object.fromEntries((summary?.ahead ?? []).map((one) => [`${one.target}/${one.check}`, one.since]));
}

/** The since record kept in this process and beside --history; why the file was not written, or undefined. */
async function keepSince(preview: PreviewProbed, record: Record<string, string>): Promise<string | undefined> {
  sinceInProcess.set(inProcessKey(preview), record);
  if (preview.history === undefined) return undefined;
  const store = createFileKeptStore(preview.history);
  try {
    await store.write(KEPT_KEYS.previewSince, record);
    return undefined;
  } catch (error) {
    return (
      `${store.where(KEPT_KEYS.previewSince)} not written (${errnoText(error)}): this process remembers since when ` +
      'each Preview failure runs, a later one dates them from itself'
    );
  }
}

/** The release notes kept in the Preview org's state folder: read again a day after. */
const RELEASES_FILE = 'preview-release-notes.json';
/** A kept file larger than this is no file of ours (20 releases take a few hundred bytes). */
const RELEASES_FILE_MAX_BYTES = 64 * 1024;
/** What this process read, by the feed's address: a `run --every` loop reads the feed once a day. */
const readToday = createMemoryKeptStore();

/** Okta's Preview releases, read at most once a day per feed (kept in this process and in the state folder). */
function previewReleases(
  url: string | null,
  stateDir: string | undefined,
  now: number,
  began: number,
): Promise<PreviewReleases> {
  const keeper = {
    read: async () => (await readToday.read(url ?? '')) ?? keptFile(stateDir, url ?? ''),
    async write(kept: KeptReleases) {
      await readToday.write(kept.url, kept);
      // A folder that refuses it costs the next process one more read of the feed; this process keeps it anyway.
      if (stateDir !== undefined) writeFileSync(join(stateDir, RELEASES_FILE), JSON.stringify(kept), { mode: 0o600 });
    },
  };
  return releasesOnceADay(url, { now, began, left: RELEASE_NOTES_TIMEOUT_MS }, keeper);
}

/** The release notes a run kept in the state folder, if they are a regular file of ours for this feed. */
function keptFile(stateDir: string | undefined, url: string): KeptReleases | undefined {
  if (stateDir === undefined) return undefined;
  try {
    const file = join(stateDir, RELEASES_FILE);
    const stats = lstatSync(file);
    if (!stats.isFile() || stats.size > RELEASES_FILE_MAX_BYTES) return undefined;
    return keptReleasesOf(JSON.parse(readFileSync(file, 'utf8')), url);
  } catch {
    return undefined;
  }
}

/**
 * The Preview section of the text report: each pair that tells something, a warning at most, and how many mirror
 * Production; "Preview unavailable" alone when the Preview org answered nothing.
 */
export function previewText(comparison: PreviewComparison, width: number): string {
  const head = `Preview: ${terminalSafe(comparison.orgUrl)} (warnings only, never a page)`;
  // The label in the table's column, the words wrapped under their first word, as the report's details are.
  const said = (text: string, label: string): string[] =>
    wrap(terminalSafe(text), width - 8, '').map((line, i) => (i === 0 ? `  ${label}  ${line}` : `        ${line}`));
  if (comparison.unavailable !== undefined) return [head, ...said(comparison.unavailable, 'WARN'), ''].join('\n');
  const incident = comparison.incident === undefined ? [] : said(comparison.incident, 'WARN');
  const told = comparison.pairs.filter((pair) => pair.text !== undefined);
  const mirrored = comparison.pairs.filter((pair) => pair.verdict === 'mirrors').length;
  const bothFail = comparison.pairs.filter((pair) => pair.verdict === 'both-fail').length;
  // The sentences every told pair ends with (when a release fails several checks: when Production follows, which
  // release), said once below them: nine checks made nine paragraphs of the same eight lines.
  const texts = told.map((pair) => (pair.text ?? '').split('. '));
  const shared = sharedTail(texts);
  const lines = [
    ...told.flatMap((pair, i) =>
      said(
        (texts[i] ?? []).slice(0, (texts[i]?.length ?? 0) - shared).join('. '),
        pair.verdict === 'preview-passes' ? 'INFO' : 'WARN',
      ),
    ),
    ...(shared === 0
      ? []
      : wrap(`Each of these ${told.length}: ${(texts[0] ?? []).slice(-shared).join('. ')}`, width, '        ')),
  ];
  const counts =
    `${mirrored} ${mirrored === 1 ? 'check agrees' : 'checks agree'} with Production` +
    (bothFail > 0 ? `; ${bothFail} failing in both (Production's verdict above)` : '');
  return [head, ...incident, ...lines, `  ${counts}`, ''].join('\n');
}

/** How many last sentences every one of two or more texts ends with alike; each keeps its first sentence. */
function sharedTail(texts: readonly (readonly string[])[]): number {
  const [first] = texts;
  if (first === undefined || texts.length < 2) return 0;
  const most = Math.min(...texts.map((sentences) => sentences.length)) - 1;
  let shared = 0;
  while (shared < most && texts.every((sentences) => sentences.at(-1 - shared) === first.at(-1 - shared))) shared += 1;
  return shared;
}
