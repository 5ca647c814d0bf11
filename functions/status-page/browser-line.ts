// The deployed browser journeys on the page: they run in a function of their own in the region each names
// (plan/browser-part.ts), which keeps its last run line beside the page, one object per region
// (STATUS_PAGE_PART_KEYS.browser for the page's own, browserPartKeyOf(region) for another's), and the probe folds
// every region's into the page it publishes. Each browser line's entries of the journeys its region runs join the
// probe's line, so the fold reads one line as it reads the CLI's (where one run runs every journey): the same
// verdicts, the same words. Each journey's parts are dated by its own region's browser run, and a journey whose last
// browser run is older than its cadence allows, or whose region's line is missing or unreadable, is unknown, never
// working. Why the browser functions write their lines and the probe alone writes the page:
// docs/decisions/status-page-browser.md.
import type { RunLogLine } from '../contract';
import { BROWSER_TIMEOUT_SECONDS } from '../plan/browser-part';
import { partKey } from './verdicts';

/** A browser journey as the page's publisher knows it from the config. */
export interface BrowserJourney {
  readonly id: string;
  /** Its cadence (signIn[].everyMinutes): how old its browser run may be. */
  readonly everyMinutes: number;
  /** The key of the part its region's browser function keeps: its verdicts are taken from that line alone. */
  readonly part: string;
}

/** What the publisher read of the browser functions' parts: each part's last run line, by key, when one was read. */
export interface BrowserParts {
  readonly journeys: readonly BrowserJourney[];
  readonly lines: ReadonlyMap<string, RunLogLine>;
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
 * The probe's `line` with each browser journey's entries of its own region's browser line, when that line is recent
 * enough for the journey at `at`; what the fold is told besides (when they were judged, and which are stale).
 */
export function withBrowserLines(
  line: RunLogLine,
  parts: BrowserParts,
  at: Date,
): { readonly line: RunLogLine; readonly judged: JudgedElsewhere } {
  const recent = (journey: BrowserJourney): boolean => {
    const browser = parts.lines.get(journey.part);
    const ran = browser === undefined ? NaN : Date.parse(browser.startedAt);
    return (
      Number.isFinite(ran) &&
      ran <= at.getTime() + MOST_AHEAD_MS &&
      at.getTime() - ran <= browserRunMaxAgeMs(journey.everyMinutes) &&
      (browser?.servers ?? []).some((s) => s.id === journey.id)
    );
  };
  const fresh = parts.journeys.filter(recent);
  const all = new Set(parts.journeys.map((j) => j.id));
  // The probe's line names no browser journey (its function skips them); anything it says of one is dropped.
  const probe = only(line, (id) => !all.has(id));
  // From each part, the entries of the fresh journeys its region runs: never a journey another region's line names.
  const taken: RunLogLine[] = [];
  const judgedAt = new Map<string, string>();
  for (const [key, browser] of parts.lines) {
    const ids = new Set(fresh.filter((j) => j.part === key).map((j) => j.id));
    if (ids.size === 0) continue;
    taken.push(only(browser, (id) => ids.has(id)));
    for (const id of ids)
      for (const kind of ['journey', 'app'] as const) judgedAt.set(partKey({ kind, id }), browser.startedAt);
  }
  const fresher = new Set(fresh.map((j) => j.id));
  return { line: joined(probe, taken), judged: { judgedAt, stale: [...all].filter((id) => !fresher.has(id)) } };
}

/** The probe's line with the entries `taken` from the browser lines added (its counts and the rest as they are). */
function joined(probe: RunLogLine, taken: readonly RunLogLine[]): RunLogLine {
  const join = <T>(pick: (l: RunLogLine) => readonly T[] | undefined): T[] | undefined => {
    const lists = [probe, ...taken].map(pick);
    return lists.every((l) => l === undefined) ? undefined : lists.flatMap((l) => l ?? []);
  };
  return {
    ...probe,
    failures: [...probe.failures, ...taken.flatMap((t) => t.failures)],
    ...defined(
      'servers',
      join((l) => l.servers),
    ),
    ...defined(
      'pending',
      join((l) => l.pending),
    ),
    ...defined(
      'flapping',
      join((l) => l.flapping),
    ),
    ...defined(
      'skippedChecks',
      join((l) => l.skippedChecks),
    ),
    ...defined(
      'carriedChecks',
      join((l) => l.carriedChecks),
    ),
  };
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
