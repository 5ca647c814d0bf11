// The deployed browser journeys on the page: they run in a function of their own (plan/browser-part.ts), which keeps
// its last run line beside the page (STATUS_PAGE_PART_KEYS.browser), and the probe folds it into the page it publishes.
// The browser line's entries of each browser journey join the probe's line, so the fold reads one line as it reads
// the CLI's (where one run runs every journey): the same verdicts, the same words. Each journey's parts are dated by
// the browser's run, and a journey whose last browser run is older than its cadence allows (or that runs where this
// page is not published) is unknown, never working. Why the browser function writes its line and the probe alone
// writes the page: docs/decisions/status-page-browser.md.
import type { RunLogLine } from '../contract';
import { BROWSER_TIMEOUT_SECONDS } from '../plan/browser-part';
import { partKey } from './verdicts';

/** A browser journey as the page's publisher knows it from the config. */
export interface BrowserJourney {
  readonly id: string;
  /** Its cadence (signIn[].everyMinutes): how old its browser run may be. */
  readonly everyMinutes: number;
  /** False when another region runs it: its browser line is that region's, never read here. */
  readonly here: boolean;
}

/** What the publisher read of the browser function's part: its last run line, when one was read. */
export interface BrowserPart {
  readonly journeys: readonly BrowserJourney[];
  readonly line: RunLogLine | undefined;
}

/**
 * What the fold is told of the parts another function judged: when each was judged (by partKey), and the journeys
 * nobody judged lately, whose journey and app parts are unknown.
 */
export interface JudgedElsewhere {
  readonly judgedAt: ReadonlyMap<string, string>;
  readonly stale: readonly string[];
}

/**
 * A run of EventBridge Scheduler starts anywhere in its minute ("there can be a delay of several seconds between the
 * time the scheduled rule is triggered and the time the target service runs the target resource", EventBridge user
 * guide), and writes its line by its timeout.
 */
const SCHEDULE_SLACK_MS = 60_000;

/**
 * How old a browser journey's last browser run may be at the page's time, ms: its cadence, a minute of the schedule's
 * slack and the function's timeout, by which its line is written. Older, the journey's verdict is not shown.
 */
export const browserRunMaxAgeMs = (everyMinutes: number): number =>
  everyMinutes * 60_000 + SCHEDULE_SLACK_MS + BROWSER_TIMEOUT_SECONDS * 1000;

/** A browser line from ahead of the page's clock by more than this is not a run that happened: refused. */
const MOST_AHEAD_MS = 60_000;

/**
 * The probe's `line` with each browser journey's entries of the browser's line, when it is recent enough for that
 * journey at `at`; what the fold is told besides (when they were judged, and which are stale).
 */
export function withBrowserLine(
  line: RunLogLine,
  part: BrowserPart,
  at: Date,
): { readonly line: RunLogLine; readonly judged: JudgedElsewhere } {
  const browser = part.line;
  const ran = browser === undefined ? NaN : Date.parse(browser.startedAt);
  const recent = (journey: BrowserJourney): boolean =>
    journey.here &&
    Number.isFinite(ran) &&
    ran <= at.getTime() + MOST_AHEAD_MS &&
    at.getTime() - ran <= browserRunMaxAgeMs(journey.everyMinutes) &&
    (browser?.servers ?? []).some((s) => s.id === journey.id);
  const fresh = new Set(part.journeys.filter(recent).map((j) => j.id));
  const all = new Set(part.journeys.map((j) => j.id));
  // The probe's line names no browser journey (its function skips them); anything it says of one is dropped.
  const probe = only(line, (id) => !all.has(id));
  const taken = browser === undefined || fresh.size === 0 ? undefined : only(browser, (id) => fresh.has(id));
  const judgedAt = new Map<string, string>();
  if (browser !== undefined)
    for (const id of fresh)
      for (const kind of ['journey', 'app'] as const) judgedAt.set(partKey({ kind, id }), browser.startedAt);
  const join = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined =>
    a === undefined && b === undefined ? undefined : [...(a ?? []), ...(b ?? [])];
  const merged: RunLogLine = {
    ...probe,
    failures: [...probe.failures, ...(taken?.failures ?? [])],
    ...defined('servers', join(probe.servers, taken?.servers)),
    ...defined('pending', join(probe.pending, taken?.pending)),
    ...defined('flapping', join(probe.flapping, taken?.flapping)),
    ...defined('skippedChecks', join(probe.skippedChecks, taken?.skippedChecks)),
    ...defined('carriedChecks', join(probe.carriedChecks, taken?.carriedChecks)),
  };
  return { line: merged, judged: { judgedAt, stale: [...all].filter((id) => !fresh.has(id)) } };
}

/** `line` with only the entries of the targets `keep` names (its counts and the rest as they are). */
function only(line: RunLogLine, keep: (id: string) => boolean): RunLogLine {
  const entry = (e: string): boolean => keep(e.slice(0, e.indexOf('/')));
  return {
    ...line,
    failures: line.failures.filter((f) => keep(f.server)),
    ...defined(
      'servers',
      line.servers?.filter((s) => keep(s.id)),
    ),
    ...defined('pending', line.pending?.filter(keep)),
    ...defined('flapping', line.flapping?.filter(entry)),
    ...defined('skippedChecks', line.skippedChecks?.filter(entry)),
    ...defined('carriedChecks', line.carriedChecks?.filter(entry)),
  };
}

/** `{ [key]: value }`, or nothing when value is undefined (the line's optional members stay absent). */
function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
