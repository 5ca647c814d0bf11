// `okta-synthetics status-page`: the status page the help desk opens while Okta is down, built from the runs that
// `run --history DIR` keeps: index.html (self-contained) and status.json (for an integration) in --out. --at builds
// it as it stood at a time, for a review; a time after the last run shows the page gone stale. Things are named by
// the config the runs used (or --config), each catalogue's apps by the records its runs kept beside the history.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatConfigErrors, loadConfigFile } from '../config/parse';
import { DAY_MS, STATUS_PAGE_KEYS } from '../contract';
import { errnoText } from '../read-file';
import { FORGET_AFTER_MS } from '../status-page/model';
import { buildStatusPage, type StatusPage } from '../status-page/page';
import type { PreviewSummary } from '../status-page/preview';
import { withCatalogueRecords, type WatchedPart } from '../status-page/watched';
import { wrapBlock } from '../text/wrap';
import type { ProbeConfig } from '../types';
import { createFileCatalogueStore } from './catalogue-file';
import { CouldNotRunError, EXIT, NAME, parseCommandArgs, runCommand, UsageError, type CommandIo } from './frame';
import { HistoryReadError, readHistory, skippedNote, type History } from './history';
import { replaceFile } from './replace-file';
import { keptPreviewSummary } from './preview-summary';
import { keptRunConfig, type RunConfig } from './run-config-file';

/** Every line it prints: read by a person, at a terminal or in cron's mail. */
const WIDTH = 80;

const USAGE = `Usage: ${NAME} status-page --history DIR --out DIR [--at TIME]
         [--config FILE]

The status page the help desk opens while Okta is down: each thing watched
(sign-in journeys, SAML apps and catalogues, authorization servers, their APIs,
real users' sign-ins, Okta's own feed) with its state and since when; for a
failure whose fault it is (Okta's, a setting on our side, or our monitoring's
own) and one sentence to read to callers. It says monitoring is stale when the
last run is more than 5 minutes old. With a "preview" block, Okta's next
release (the Preview org) has a line of its own that never changes the page's
state, from the comparison "run --history DIR" keeps.

      --history DIR   the runs kept by "run --history DIR" (the last ${FORGET_AFTER_MS / DAY_MS} days
                      are read)
      --out DIR       where index.html and status.json are written (made if
                      missing)
      --at TIME       the page as it stood then (2026-10-01T08:30:00Z); default
                      now. A time after the last run shows the page stale.
  -c, --config FILE   the config the runs probed: names each thing by kind and
                      people's name, and lists the SAML catalogues and APIs
                      before any of them fails; default: the config the last
                      "run --history DIR" used (without one, things are named
                      by id and kinds are read from the runs)

Exit codes: 0 the page was written (whatever it says), 2 usage error, 3 no page:
no such history folder, one unreadable, or no whole run line before --at.
`;

const OPTIONS = {
  history: { type: 'string' },
  out: { type: 'string' },
  at: { type: 'string' },
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface StatusPageDeps {
  /** For tests: the clock. */
  readonly now?: () => number;
}

export function runStatusPage(argv: string[], io: CommandIo, deps: StatusPageDeps = {}): Promise<number> {
  // Its refusals name a folder twice and the command that fills it; a person reads them whether at a terminal or in
  // cron's mail, so they are wrapped piped too, as report's notes are.
  const wrapped = { stderr: io.stderr, terminal: { stdout: io.terminal?.stdout ?? false, stderr: true } };
  return runCommand(wrapped, () => statusPage(argv, io, deps));
}

async function statusPage(argv: string[], io: CommandIo, deps: StatusPageDeps): Promise<number> {
  const values = parseCommandArgs('status-page', argv, OPTIONS);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (values.history === undefined || values.out === undefined)
    throw new UsageError(
      'status-page: name --history DIR (the runs "run --history DIR" kept) and --out DIR',
      'status-page',
    );
  const at = readAt(values.at, (deps.now ?? Date.now)());
  const say = (text: string): void => io.stderr(`${wrapBlock(text, WIDTH)}\n`);
  const runs = values.config === undefined ? await runsConfig(values.history, say) : undefined;
  const config = values.config ?? runs?.config;
  let watched: readonly WatchedPart[] = [];
  let previewBlock = false;
  if (config !== undefined) {
    // Its ids, kinds and names only: no credential is read, so a config the CLI runs with (inline secrets) is read
    // too, and one the runs read with --secrets aws is read as they read it.
    const loaded = loadConfigFile(config, runs?.mode ?? 'cli', io.env, { readCredentials: false });
    if (!loaded.ok && values.config !== undefined) {
      say(formatConfigErrors(loaded.errors, config));
      return EXIT.usage;
    }
    if (!loaded.ok)
      say(
        `status-page: ${config}, the config the runs in ${values.history} used, has ${loaded.errors.length} ` +
          `problem${loaded.errors.length === 1 ? '' : 's'} ("${NAME} run --config ${config}" names them): things ` +
          'are named by their ids',
      );
    else {
      watched = await withCatalogues(loaded.config.probe, values.history, at, say);
      previewBlock = loaded.config.preview !== undefined;
    }
  }
  const preview = await previewOf(values.history, previewBlock, say);
  const page = pageOf(values.history, at, { watched, preview }, say);
  const files = writePage(values.out, page);
  const { runs: count, lastRunAt } = page.model;
  io.stdout(`Wrote ${files.join(' and ')}: ${count} run${count === 1 ? '' : 's'}, the last at ${lastRunAt}\n`);
  return EXIT.ok;
}

/** The config `run --history DIR` last used, as it kept it; undefined (said why when it matters) when none. */
async function runsConfig(history: string, say: (text: string) => void): Promise<RunConfig | undefined> {
  try {
    return await keptRunConfig(history);
  } catch (error) {
    say(`status-page: ${errnoText(error)}: things are named by their ids unless --config names the config`);
    return undefined;
  }
}

/**
 * What the config watches, each group of SAML apps with its apps by label from the records its runs kept; a group
 * whose records cannot be read is said, and its working apps go unnamed.
 */
async function withCatalogues(
  probe: ProbeConfig,
  history: string,
  at: Date,
  say: (text: string) => void,
): Promise<readonly WatchedPart[]> {
  const store = createFileCatalogueStore(history);
  const records = new Map<string, ReadonlyMap<string, unknown>>();
  for (const group of probe.samlGroups ?? []) {
    try {
      records.set(group.id, await store.read(group.id));
    } catch (error) {
      say(`status-page: ${group.id}'s apps: ${errnoText(error)}: only its failing apps are named`);
    }
  }
  return withCatalogueRecords(probe, records, at.getTime());
}

/**
 * The Preview line's summary, as the last `run --history` with a `preview` block kept it: shown when the config has
 * the block or a summary is kept; one refused (hand-edited) is said and skipped, never shown.
 */
async function previewOf(
  history: string,
  block: boolean,
  say: (text: string) => void,
): Promise<{ readonly summary: PreviewSummary | undefined } | undefined> {
  const kept = await keptPreviewSummary(history);
  if (kept.refused !== undefined)
    say(`status-page: ${kept.refused}: skipped; the Preview line says not checked until a run keeps it again`);
  return block || kept.summary !== undefined || kept.refused !== undefined ? { summary: kept.summary } : undefined;
}

function readAt(text: string | undefined, now: number): Date {
  if (text === undefined) return new Date(now);
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)
    ? Date.parse(text)
    : NaN;
  if (!Number.isFinite(at))
    throw new UsageError(
      `status-page: --at expects an ISO time with its zone, e.g. 2026-10-01T08:30:00Z; got "${text}"`,
      'status-page',
    );
  return new Date(at);
}

/** The page of the runs up to `at`, folded in order; no page when there is none (never a page that claims green). */
function pageOf(
  dir: string,
  at: Date,
  told: Pick<Parameters<typeof buildStatusPage>[0], 'watched' | 'preview'>,
  say: (text: string) => void,
): StatusPage {
  const fix =
    `keep runs with "${NAME} run --config FILE --history ${dir}" (from cron, or with --every 60), ` +
    'then build the page again';
  const start = at.getTime() - FORGET_AFTER_MS;
  let history: History;
  try {
    history = readHistory(dir, { start, end: at.getTime() + 1, label: '' });
  } catch (error) {
    if (!(error instanceof HistoryReadError)) throw error;
    throw new CouldNotRunError(`status-page: --history ${dir}: ${error.message}: no page written; ${fix}`);
  }
  // Whole days are read: a run of the first day older than the window is dropped, as the deployed model forgets it.
  const lines = history.lines.filter((line) => {
    const time = Date.parse(line.startedAt);
    return time > start && time <= at.getTime();
  });
  const page = buildStatusPage({ lines, at, ...told });
  const skipped = skippedNote(history.skipped);
  if (page !== undefined) {
    // A torn or edited line is a run the page does not know of, as in report.
    if (skipped !== '') say(`status-page: --history ${dir}: ${skipped}`);
    return page;
  }
  const days = FORGET_AFTER_MS / DAY_MS;
  throw new CouldNotRunError(
    `status-page: --history ${dir}: no whole run line in the ${days} days before ${at.toISOString()}` +
      `${skipped !== '' ? `; ${skipped}` : ''}: no page written; ${fix}`,
  );
}

/**
 * The page's index.html and status.json written in `out`, their paths returned; the model is the deployed page's
 * store between runs, and a history is folded whole each time.
 */
function writePage(out: string, page: StatusPage): string[] {
  try {
    mkdirSync(out, { recursive: true });
    const written = page.files.filter((file) => file.key !== STATUS_PAGE_KEYS.model);
    // Readable by the web server that serves the folder: the page holds nothing secret.
    for (const file of written) replaceFile(join(out, file.key), file.body, 0o644);
    return written.map((file) => join(out, file.key));
  } catch (error) {
    throw new CouldNotRunError(`status-page: --out ${out}: cannot write the page (${errnoText(error)})`);
  }
}
