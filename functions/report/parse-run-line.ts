// The one parser of run lines read back: from CloudWatch Logs (run-log.ts: the report, the notifier, `status`) and
// from `run --history` files (functions/cli/history.ts). Apart from run-line.ts, which writes them, so the
// notifier's bundle carries the parser without the probe's results and the diagnosis table.
import { RUN_LOG_MESSAGE, type RunLogLine } from '../contract';

/** A run line, or undefined for anything else (EMF, START/END lines, a torn write). */
export function parseRunLine(text: string): RunLogLine | undefined {
  try {
    const value = JSON.parse(text) as Partial<RunLogLine> | null;
    if (value === null || typeof value !== 'object' || value.message !== RUN_LOG_MESSAGE) return undefined;
    if (typeof value.startedAt !== 'string' || Number.isNaN(Date.parse(value.startedAt)) || !Array.isArray(value.failures)) return undefined;
    return value as RunLogLine;
  } catch {
    return undefined;
  }
}
