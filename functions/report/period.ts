// The period a report covers: a calendar month (UTC) or a since/until pair. Pure; the CLI turns a bad value into a
// usage error naming the option.
export interface Period {
  /** Epoch ms, on a minute. */
  readonly start: number;
  /** Epoch ms, exclusive, on a minute; never later than the end of the minute the report was made in. */
  readonly end: number;
  /** How a person names it: "2026-10", or "2026-10-01T00:00Z to 2026-10-08T00:00Z". */
  readonly label: string;
}

export class PeriodError extends Error {}

const MINUTE = 60_000;

/** --month YYYY-MM: that month in UTC, cut at `now` when it is the current month. */
export function monthPeriod(month: string, now: number): Period {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(match?.[1]);
  const index = Number(match?.[2]) - 1;
  if (match === null || index < 0 || index > 11)
    throw new PeriodError(`--month must be YYYY-MM, e.g. ${new Date(now).toISOString().slice(0, 7)}; got "${month}"`);
  const start = Date.UTC(year, index, 1);
  if (start > now) throw new PeriodError(`--month ${month} has not started yet`);
  return { start, end: Math.min(Date.UTC(year, index + 1, 1), untilNow(now)), label: month };
}

/** --since / --until: a date (YYYY-MM-DD, midnight UTC) or an ISO time with a zone; until defaults to now. */
export function rangePeriod(since: string, until: string | undefined, now: number): Period {
  const start = floorMinute(parseTime(since, '--since'));
  const end = Math.min(until === undefined ? Infinity : floorMinute(parseTime(until, '--until')), untilNow(now));
  if (end <= start)
    throw new PeriodError(`--until must be after --since (and --since before now): got ${since} to ${until ?? 'now'}`);
  return { start, end, label: `${shortIso(start)} to ${shortIso(end)}` };
}

function parseTime(value: string, option: string): number {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? Date.parse(`${value}T00:00:00Z`)
    : /(Z|[+-]\d{2}:\d{2})$/.test(value)
      ? Date.parse(value)
      : Number.NaN;
  if (Number.isNaN(date))
    throw new PeriodError(
      `${option} must be a date (2026-10-01, midnight UTC) or an ISO time with a zone ` +
        `(2026-10-01T08:00:00Z); got "${value}"`,
    );
  return date;
}

/** The end of the minute in progress: a run that started in it is counted. */
function untilNow(now: number): number {
  return Math.ceil(now / MINUTE) * MINUTE;
}

function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

/** 2026-10-01T08:00Z */
export function shortIso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}
