// The Lambdas' one structured logger. A line is one JSON object written whole to stdout, its level first and its
// message second: no runtime prefix, so Logs Insights reads it with jsonParse(@message) (the run log's queries) and
// with the notifier's parse (ALARM_STATE_CHANGES_QUERY) alike. Every text in it is scrubbed here, with the secrets
// the caller holds and the patterns every text gets (text/redact.ts), never at the call: no call can forget.
import { redactAll } from '../text/redact';

type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/** Writes one log line: `{"level", "message", ...fields}`, every text in it scrubbed with `secrets`. */
export function logLine(
  level: LogLevel,
  message: string,
  fields: Readonly<Record<string, unknown>> = {},
  secrets: readonly string[] = [],
): void {
  // redactAll, not redact: a line (the Preview run's, a stack) may hold texts longer than one detail's cap.
  const line = redactAll({ level, message, ...fields }, secrets);
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
