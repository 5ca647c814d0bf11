// Order statistics for the benchmark (medians and p90s of small samples, nearest-rank, no interpolation) and the
// number formats of its tables.

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);
export const p90 = (values: readonly number[]): number => quantile(values, 0.9);

/** Rounds to whole units for tables (ms, KB). */
export const round = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

export const kb = (bytes: number): string => `${round(bytes / 1024)} KB`;
export const ms = (value: number): string => `${round(value)} ms`;
/** A goal's verdict in the text. */
export const pass = (ok: boolean): string => (ok ? 'met' : '**not met**');
