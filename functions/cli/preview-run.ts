// `run` with a `preview` block: the Preview org probed by the same engine on the config derived from Production's,
// then each of its checks read beside Production's (functions/report/preview-pair.ts). Preview never changes the
// run's exit code, its JUnit or its history line: a Preview failure is a warning for the morning, never a page.
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckName } from '../contract';
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
import { redactAll } from '../text/redact';
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
  own: readonly string[],
  stderr: (text: string) => void,
): Promise<{ readonly secrets: readonly string[]; readonly compared?: PreviewComparison }> {
  const secrets = [...new Set([...own, ...(preview?.secrets ?? [])])];
  if (preview === undefined) return { secrets };
  const since = await aheadSince(preview);
  let compared = comparePreview(production, preview.report, preview.config, since);
  const ahead = compared.pairs.filter((pair) => pair.verdict === 'preview-ahead');
  if (ahead.length > 0) {
    const began = Math.min(
      ...ahead.map((p) => Date.parse(since[`${p.target}/${p.check}`] ?? preview.report.startedAt)),
    );
    const releases = await previewReleases(preview.config.releaseNotesUrl, preview.stateDir, Date.now(), began);
    compared = comparePreview(production, preview.report, preview.config, since, releases);
  }
  // This process's own record of when each began: a `run --every` loop without --history keeps it between runs.
  for (const pair of compared.pairs) {
    const key = `${preview.report.orgUrl} ${pair.target}/${pair.check}`;
    if (pair.verdict !== 'preview-ahead') seenAhead.delete(key);
    else seenAhead.set(key, since[`${pair.target}/${pair.check}`] ?? preview.report.startedAt);
  }
  const redacted = redactAll(compared, secrets);
  // Beside the run lines (--history), never in them: the availability report never counts Preview.
  if (preview.history !== undefined) {
    const run = { checkedAt: preview.report.startedAt, everyMinutes: preview.config.everyMinutes };
    const unkept = await keepPreviewSummary(preview.history, redacted, run);
    if (unkept !== undefined)
      stderr(`run: --history ${preview.history}: the Preview comparison was not kept for status-page (${unkept})\n`);
  }
  return { secrets, compared: redacted };
}

/** Since when each check failing in Preview alone has failed, by `orgUrl target/check`, as this process saw it. */
const seenAhead = new Map<string, string>();

/**
 * Since when each Preview failure ahead began: the kept summary's (--history), else this process's own (a `run
 * --every` loop); a failure neither knows begins with this run.
 */
async function aheadSince(preview: PreviewProbed): Promise<Record<string, string>> {
  const kept = preview.history === undefined ? undefined : (await keptPreviewSummary(preview.history)).summary;
  const org = `${preview.report.orgUrl} `;
  const run = Date.parse(preview.report.startedAt);
  // Only a time before this run: a record of a run since replaced (another config, a clock set back) says nothing.
  const seen = [...seenAhead].flatMap(([key, at]) =>
    key.startsWith(org) && Date.parse(at) <= run ? [[key.slice(org.length), at] as const] : [],
  );
  return {
    ...Object.fromEntries(seen),
    ...Object.fromEntries((kept?.ahead ?? []).map((one) => [`${one.target}/${one.check}`, one.since])),
  };
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
