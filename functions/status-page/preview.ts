// The Preview org's line on the status page: what the latest comparison of Okta's next release (the Preview org) with
// Production found, told as a note of its own. It is never a part of the model: it never changes the page's overall
// state, never shows as failing, and the availability report never reads it. Nothing is broken for users while a
// check fails in Preview only, so the help desk is told so in as many words.
import type { DiagnosisCode } from '../contract';
import { DIAGNOSES } from '../diagnosis/table';
import { isCode, isCount } from '../probe/stored-bounds';
import type { PreviewComparison } from '../report/preview-pair';
import { ID, listOf, oneOf, orgUrl, shape, time } from './read';
import { MOST_LABEL } from './model';

/** The Preview-only failures named; the rest are counted, so a summary stays far below the kept store's 4 KB. */
const MOST_PREVIEW_AHEAD = 10;
/** A summary older than this many of the Preview checks' periods says "not checked since", never "mirrors". */
const PREVIEW_STALE_PERIODS = 3;

/** One check failing in the Preview org alone: Production is likely to get the same change next. */
interface PreviewAhead {
  /** Production's id of the target (a server, a journey). */
  readonly target: string;
  readonly check: string;
  readonly code: string;
  /** When the Preview failure began, ISO 8601. */
  readonly since: string;
}

/**
 * The latest Preview comparison as kept for the page (the one stored format of it): when it ran, how often it runs,
 * whether the Preview org could be judged, what fails there alone, and how many checks its own settings make differ.
 */
export interface PreviewSummary {
  readonly orgUrl: string;
  readonly checkedAt: string;
  readonly everyMinutes: number;
  readonly unavailable: boolean;
  readonly ahead: readonly PreviewAhead[];
  /** Preview-only failures past the first MOST_PREVIEW_AHEAD. */
  readonly moreAhead: number;
  /**
   * Checks failing in Preview for the Preview org's own setup: its entry asks Okta something Production's does not,
   * or the failure is of its own app, credential or user.
   */
  readonly notMirrored: number;
  /**
   * Checks that passed in both orgs: none, and nothing fails in Preview alone, is nothing compared (our own network
   * failing both, Production failing too), never "mirrors". Absent from a summary kept before it: read as before.
   */
  readonly bothPassed?: number;
}

const text: (most: number) => (v: unknown) => boolean = (most) => (v) =>
  typeof v === 'string' && v.length > 0 && v.length <= most && !/\p{Cc}/u.test(v);
const summaryShape = shape(
  {
    orgUrl,
    checkedAt: time,
    everyMinutes: (v) => isCount(v, 24 * 60) && v > 0,
    unavailable: oneOf([true, false]),
    ahead: listOf(
      shape({ target: (v) => typeof v === 'string' && ID.test(v), check: text(MOST_LABEL), code: isCode, since: time }),
      MOST_PREVIEW_AHEAD,
    ),
    moreAhead: (v) => isCount(v, 1_000_000),
    notMirrored: (v) => isCount(v, 1_000_000),
  },
  { bothPassed: (v) => isCount(v, 1_000_000) },
);

/**
 * The summary when every member has its type and bounds and no failure began after the run that found it; undefined
 * otherwise (a hand-edited file, a forged record): the page then says the Preview org was not checked.
 */
export function readPreviewSummary(raw: unknown): PreviewSummary | undefined {
  if (!summaryShape(raw)) return undefined;
  const read = raw as unknown as PreviewSummary;
  const at = Date.parse(read.checkedAt);
  return read.ahead.every((one) => Date.parse(one.since) <= at) ? read : undefined;
}

/**
 * The comparison as the page keeps it: each check failing in Preview alone, since when (the run's since record,
 * previewStep's, which the CLI's `run` and the deployed Preview run both keep), so the CLI's page and the deployed one
 * tell the same line. A "since" after the run (a forged record) is the run's own time.
 */
export function previewSummaryOf(
  compared: PreviewComparison,
  run: { readonly checkedAt: string; readonly everyMinutes: number },
  before: { readonly since?: Readonly<Record<string, string>> },
): PreviewSummary {
  const carried = new Map(Object.entries(before.since ?? {}));
  // Written as the reader reads it (ISO 8601 in UTC): a date Date.parse takes in another form is made that one, never
  // kept as written, so the page never refuses its own record.
  const sinceOf = (key: string): string => {
    const was: unknown = carried.get(key);
    const at = typeof was === 'string' ? Date.parse(was) : Number.NaN;
    return Number.isFinite(at) && at <= Date.parse(run.checkedAt) ? new Date(at).toISOString() : run.checkedAt;
  };
  const ahead = compared.pairs
    .filter((pair) => pair.verdict === 'preview-ahead' && pair.code !== undefined)
    .map((pair) => ({
      target: pair.target,
      check: pair.check,
      code: pair.code ?? 'OKTA_SERVER_ERROR',
      since: sinceOf(`${pair.target}/${pair.check}`),
    }));
  return {
    orgUrl: compared.orgUrl,
    checkedAt: run.checkedAt,
    everyMinutes: run.everyMinutes,
    unavailable: compared.unavailable !== undefined,
    ahead: ahead.slice(0, MOST_PREVIEW_AHEAD),
    moreAhead: Math.max(0, ahead.length - MOST_PREVIEW_AHEAD),
    notMirrored: compared.pairs.filter((pair) => pair.verdict === 'not-mirrored' || pair.verdict === 'preview-own')
      .length,
    bothPassed: compared.pairs.filter((pair) => pair.production === 'pass' && pair.preview === 'pass').length,
  };
}

/** What the line says: a verdict of the table, or that there is nothing current to tell. */
type PreviewState = 'ahead' | 'unavailable' | 'mirrors' | 'not-compared' | 'not-checked' | 'stale';

export interface PreviewLine {
  readonly state: PreviewState;
  /** The Preview run the line tells of, when there is one. */
  readonly checkedAt: string | null;
  /** The line, plain text: the caller's escaping applies. */
  readonly text: string;
}

/** The line's heading, and the sentence that tells the help desk nothing is broken today. */
export const PREVIEW_HEADING = "Okta's next release (Preview org)";
const NOTHING_BROKEN =
  "Nothing is broken for users today: this is IT's early warning of a change Okta may bring to Production.";

const minute = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * A check failing in Preview alone, by the config's name of its target (`names`, by Production id; else its id) and
 * the code's title, the code beside it for IT: "the token check of Payments API: Scope not allowed (INVALID_SCOPE)".
 */
function aheadWords(one: PreviewAhead, names: ReadonlyMap<string, string>): string {
  const title = isCode(one.code) ? DIAGNOSES[one.code as DiagnosisCode].title : one.code;
  const code = title === one.code ? '' : ` (${one.code})`;
  return `the ${one.check} check of ${names.get(one.target) ?? one.target}: ${title}${code}, since ${minute(one.since)}`;
}

/**
 * The line at `at` from the latest summary (undefined: none kept, or one refused); `names`, people's name of each
 * target by its Production id (the config's "name").
 */
export function previewLine(
  summary: PreviewSummary | undefined,
  at: Date,
  names: ReadonlyMap<string, string> = new Map(),
): PreviewLine {
  // A summary from after the page's time (a page built --at an earlier time) says nothing of then.
  if (summary === undefined || Date.parse(summary.checkedAt) > at.getTime())
    return { state: 'not-checked', checkedAt: null, text: 'Preview org not checked yet.' };
  const { checkedAt } = summary;
  if (at.getTime() - Date.parse(checkedAt) > PREVIEW_STALE_PERIODS * summary.everyMinutes * 60_000)
    return {
      state: 'stale',
      checkedAt,
      text: `Preview org not checked since ${minute(checkedAt)}: nothing current is known of Okta's next release.`,
    };
  if (summary.unavailable)
    return {
      state: 'unavailable',
      checkedAt,
      text: `Preview org unavailable at its last check (${minute(checkedAt)}): nothing can be told of Okta's next release. ${NOTHING_BROKEN}`,
    };
  const differs =
    summary.notMirrored > 0
      ? ` ${summary.notMirrored} ${summary.notMirrored === 1 ? 'check fails' : 'checks fail'} in Preview for the ` +
        "Preview org's own setup (settings that no longer mirror Production's, its app, credential or user): " +
        "IT's to fix there."
      : '';
  const count = summary.ahead.length + summary.moreAhead;
  // Nothing passed in both orgs and nothing failed in Preview alone: nothing was compared (our own DNS failing both
  // orgs, Production failing too), and "mirrors" would claim what no check found.
  if (count === 0 && summary.bothPassed === 0)
    return {
      state: 'not-compared',
      checkedAt,
      text:
        `Preview not compared with Production at its last check (${minute(checkedAt)}): no check passed in both ` +
        "orgs, so nothing can be told of Okta's next release.",
    };
  if (count === 0 && summary.notMirrored === 0)
    return { state: 'mirrors', checkedAt, text: `Preview mirrors Production: nothing ahead (${minute(checkedAt)}).` };
  if (count === 0)
    return { state: 'mirrors', checkedAt, text: `Nothing ahead in Preview (${minute(checkedAt)}).${differs}` };
  const named = summary.ahead.map((one) => aheadWords(one, names));
  const more = summary.moreAhead > 0 ? `, and ${summary.moreAhead} more` : '';
  return {
    state: 'ahead',
    checkedAt,
    text:
      `${count} ${count === 1 ? 'check fails' : 'checks fail'} in Preview only, Production next: ` +
      `${named.join(', ')}${more}.${differs} ${NOTHING_BROKEN}`,
  };
}
