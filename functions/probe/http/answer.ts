// Reading an answer already received: its headers and its JSON body. Pure, for the checks' judges.
import type { HttpResponse } from './types';

/** First value of a header, case-insensitive. */
export function header(res: Pick<HttpResponse, 'headers'>, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as JSON, or undefined when it is not JSON (Okta's 5xx and /authorize error pages are HTML). */
export function parseJsonBody(res: Pick<HttpResponse, 'body' | 'bodyTruncated'>): unknown {
  if (res.bodyTruncated || res.body.trim() === '') return undefined;
  try {
    return JSON.parse(res.body) as unknown;
  } catch {
    return undefined;
  }
}
