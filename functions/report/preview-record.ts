// What the deployed Preview run needs of Production, and what it publishes: the Preview schedule runs the same function
// apart from Production's runs (docs/decisions/preview-deployed.md), so Production's run keeps its latest verdict of
// each check the Preview org mirrors as a small kept record, and the Preview run pairs its own run with it
// (preview-pair.ts comparePreview). Pure: the Lambda reads and writes the records, this judges them. A record is read
// back as hostile input: anything of another shape is no verdict, never a crash.
import { CHECKS, DIAGNOSIS_CODES, METRICS, PREVIEW_SERVER, type CheckName, type DiagnosisCode } from '../contract';
import type { PreviewConfig } from '../config/preview-shape';
import type { CheckResult, MetricDatum, Report } from '../types';
import type { PreviewComparison } from './preview-pair';

/** Production's latest verdicts of the mirrored checks, as the Preview run reads them back. */
interface ProductionRecord {
  /** When Production's run started, ISO 8601. */
  readonly at: string;
  /** By `target/check`: "pass", "n/a", "skip" or "fail:<CODE>". */
  readonly checks: Readonly<Record<string, string>>;
  /** Mirrored checks left out to keep the record within its store's bound; absent when none was. */
  readonly left?: number;
}

/**
 * Production's verdict of each check of the targets the Preview org mirrors (`preview.pairs`' values), within
 * `maxChars` of JSON (an SSM Standard parameter's 4 KB): past it the rest are left out and counted, never cut mid-way.
 */
export function productionRecord(
  report: Report,
  preview: Pick<PreviewConfig, 'pairs'>,
  maxChars: number,
): ProductionRecord {
  const mirrored = new Set(Object.values(preview.pairs));
  const all = report.checks
    .filter((result) => mirrored.has(result.server))
    .map((result) => [`${result.server}/${result.check}`, verdictWord(result)] as const);
  const checks: Record<string, string> = {};
  let left = 0;
  for (const [key, word] of all) {
    checks[key] = word;
    if (JSON.stringify({ at: report.startedAt, checks, left: all.length }).length > maxChars) {
      delete checks[key];
      left += 1;
    }
  }
  return { at: report.startedAt, checks, ...(left > 0 && { left }) };
}

function verdictWord(result: CheckResult): string {
  return result.status === 'fail' ? `fail:${result.diagnosis.code}` : result.status;
}

const CODES: ReadonlySet<string> = new Set(DIAGNOSIS_CODES);
const CHECK_NAMES: ReadonlySet<string> = new Set(CHECKS);

/**
 * A kept record as Production's report of the mirrored checks (only what comparePreview reads: target, check,
 * status, code), or why it cannot be one: never written, of another shape, or older than `maxAgeMs` at `now`.
 */
export function productionReport(
  raw: unknown,
  now: number,
  maxAgeMs: number,
): { readonly report: Report; readonly left: number } | { readonly problem: string } {
  if (raw === undefined) return { problem: 'no Production run has kept its verdicts yet' };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: 'the record is not an object' };
  const { at, checks, left } = raw as Record<string, unknown>;
  const started = typeof at === 'string' ? Date.parse(at) : NaN;
  if (!Number.isFinite(started)) return { problem: 'the record has no time' };
  if (now - started > maxAgeMs) {
    const when = new Date(started).toISOString();
    return { problem: `Production's latest kept verdicts are from ${when}, too old to pair` };
  }
  if (typeof checks !== 'object' || checks === null || Array.isArray(checks))
    return { problem: 'the record has no checks' };
  const results = Object.entries(checks as Record<string, unknown>).flatMap(([key, word]): CheckResult[] => {
    const slash = key.lastIndexOf('/');
    const server = key.slice(0, slash);
    const check = key.slice(slash + 1);
    if (slash <= 0 || !CHECK_NAMES.has(check) || typeof word !== 'string') return [];
    return resultOf(server, check as CheckName, word);
  });
  const report: Report = {
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    orgUrl: '',
    checks: results,
    metrics: [],
  };
  return { report, left: typeof left === 'number' && Number.isInteger(left) && left > 0 ? left : 0 };
}

function resultOf(server: string, check: CheckName, word: string): CheckResult[] {
  const base = { server, check, latencyMs: null };
  if (word === 'pass') return [{ ...base, status: 'pass', diagnosis: null }];
  if (word === 'n/a' || word === 'skip') return [{ ...base, status: word, diagnosis: null, skipReason: '' }];
  const code = word.startsWith('fail:') ? word.slice(5) : '';
  if (!CODES.has(code)) return [];
  const diagnosis = { code: code as DiagnosisCode, summary: '', remedy: '', requestId: null };
  return [{ ...base, status: 'fail', diagnosis }];
}

/**
 * When each pair's Preview failure began, by `target/check`: the earlier record's time for a pair still failing in
 * Preview alone, this run's for a new one; a pair no longer failing is forgotten. The earlier record is hostile.
 */
function previewSince(previous: unknown, comparison: PreviewComparison, now: string): Record<string, string> {
  const before = typeof previous === 'object' && previous !== null ? (previous as Record<string, unknown>) : {};
  // Preview unavailable says nothing of the checks: the failures it had go on from where they were.
  if (comparison.unavailable !== undefined)
    return Object.fromEntries(Object.entries(before).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const since: Record<string, string> = {};
  for (const pair of comparison.pairs) {
    if (pair.verdict === 'mirrors' || pair.verdict === 'preview-passes' || pair.verdict === 'both-fail') continue;
    const key = `${pair.target}/${pair.check}`;
    const was = before[key];
    const at = typeof was === 'string' ? Date.parse(was) : Number.NaN;
    // Kept in one form, ISO 8601 in UTC, whatever form Date.parse took: the status page's reader accepts only that.
    since[key] = Number.isFinite(at) && at <= Date.parse(now) ? new Date(at).toISOString() : now;
  }
  return since;
}

/** One Preview run's bookkeeping, as the CLI and the deployed run both keep it. */
interface PreviewStep {
  /** Since when each pair failing in Preview runs, by `target/check` (comparePreview's `since`). */
  readonly since: Record<string, string>;
  /** The since record to keep for the next run, and how many pairs it left out to stay within its bound. */
  readonly record: Record<string, string>;
  readonly left: number;
  /** When the earliest failure ahead of Production began, epoch ms; absent: none is (the feed is not read). */
  readonly aheadSince?: number;
}

/**
 * One Preview run's bookkeeping, the same for the CLI and the deployed run (each reads and keeps the record its own
 * way: a file beside --history or this process's memory; an SSM parameter): from the since record kept before
 * (hostile), this run's pairs compared without a since, and its start, since when each Preview failure runs, the
 * record to keep within `maxChars`, and when the earliest failure ahead began (Okta's release notes are read only
 * then, and a kept read older than it cannot name its release).
 */
export function previewStep(
  previous: unknown,
  first: PreviewComparison,
  startedAt: string,
  maxChars: number,
): PreviewStep {
  const since = previewSince(previous, first, startedAt);
  const ahead = first.pairs.filter((p) => p.verdict === 'preview-ahead').map((p) => `${p.target}/${p.check}`);
  const { record, left } = keptSince(since, new Set(ahead), maxChars);
  if (ahead.length === 0) return { since, record, left };
  return { since, record, left, aheadSince: Math.min(...ahead.map((key) => Date.parse(since[key] ?? startedAt))) };
}

/**
 * The since record as kept, within `maxChars` of JSON (an SSM Standard parameter's 4 KB, about 60 pairs: past it
 * PutParameter refuses the whole record, and every failure's "since" restarted each run). The pairs failing in Preview
 * alone come first (`ahead`: "Production next", what the warning is about), then the longest-running; the rest are
 * left out and counted, never cut mid-way.
 */
export function keptSince(
  since: Readonly<Record<string, string>>,
  ahead: ReadonlySet<string>,
  maxChars: number,
): { readonly record: Record<string, string>; readonly left: number } {
  const ordered = Object.entries(since).sort(
    ([a, at], [b, bt]) => Number(ahead.has(b)) - Number(ahead.has(a)) || at.localeCompare(bt) || a.localeCompare(b),
  );
  const record: Record<string, string> = {};
  let left = 0;
  for (const [key, at] of ordered) {
    record[key] = at;
    if (JSON.stringify(record).length > maxChars) {
      delete record[key];
      left += 1;
    }
  }
  return { record, left };
}

/**
 * The Preview run's totals, one Server dimension ("preview"), no check or target: the checks failing in Preview, the
 * pairs failing in Preview alone ("Production next"), and whether Preview answered nothing at all. Unavailable, the
 * failing count is left out (the edge's failures are no finding of the checks).
 */
export function previewTotals(preview: Report, comparison: PreviewComparison): MetricDatum[] {
  const dimensions = { Server: PREVIEW_SERVER };
  const datum = (name: keyof typeof METRICS & `Preview${string}`, value: number): MetricDatum => ({
    name: METRICS[name].name,
    unit: METRICS[name].unit,
    dimensions,
    value,
  });
  if (comparison.unavailable !== undefined)
    return [datum('PreviewUnavailable', 1), datum('PreviewAheadOfProduction', 0)];
  return [
    datum('PreviewUnavailable', 0),
    datum('PreviewFailingChecks', preview.checks.filter((c) => c.status === 'fail').length),
    datum('PreviewAheadOfProduction', comparison.pairs.filter((p) => p.verdict === 'preview-ahead').length),
  ];
}
