// The one parser of run lines read back: from CloudWatch Logs (run-log.ts: the report, the notifier, `status`) and
// from `run --history` files (functions/cli/history.ts). Apart from run-line.ts, which writes them, so the
// notifier's bundle carries the parser without the probe's results and the diagnosis table.
import type { RunLogLine } from '../contract';
import { terminalSafe } from '../text/terminal';
import { asRunLine } from './run-line-shape';

/**
 * A run line, or undefined for anything else (EMF, START/END lines, a torn write, a member of the wrong type). Total:
 * whatever the text, it returns, and a line it returns has every member its type promises (run-line-shape.ts).
 */
export function parseRunLine(text: string): RunLogLine | undefined {
  let value: unknown;
  try {
    // A line written before its texts were made terminal-safe (or by anyone else) is read back without its controls.
    value = JSON.parse(text, (_key, member: unknown) => (typeof member === 'string' ? terminalSafe(member) : member));
  } catch {
    return undefined;
  }
  return asRunLine(value);
}
