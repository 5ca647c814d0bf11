// The Lambdas' one structured logger. A line is one JSON object written whole to stdout, its level first and its
// message second: no runtime prefix, so Logs Insights reads it with jsonParse(@message) (the run log's queries) and
// with the notifier's parse (ALARM_STATE_CHANGES_QUERY) alike. Each handler makes one per invocation
// (invocationLogger): its lines carry that invocation's request id, function and region, never a warm sandbox's
// earlier ones, and every text in them is scrubbed of the secrets the run registered (text/logger.ts).
import type { Context } from 'aws-lambda';
import { Logger, type LogRecord } from '../text/logger';

/** What of Lambda's context the lines carry; a test's context may give none of it. */
export type InvocationIds = Partial<Pick<Context, 'awsRequestId' | 'functionName'>>;

/** `{"level", "message", ...the invocation's keys, ...the call's fields}`: a field of the call's wins over a key. */
function jsonLine({ level, message, keys, fields }: LogRecord): string {
  return `${JSON.stringify({ level, message, ...keys, ...fields })}\n`;
}

/**
 * A new logger for this invocation, its context appended once: Lambda's request id, the function (the runtime's
 * AWS_LAMBDA_FUNCTION_NAME when the context does not say) and the region. Made at the handler's start, before any
 * line, so not even a failed start logs under the previous invocation's id.
 */
export function invocationLogger(context: InvocationIds | undefined): Logger {
  const log = new Logger(jsonLine, (line) => void process.stdout.write(line));
  log.appendKeys({
    requestId: context?.awsRequestId,
    functionName: context?.functionName ?? process.env.AWS_LAMBDA_FUNCTION_NAME,
    region: process.env.AWS_REGION,
  });
  return log;
}
