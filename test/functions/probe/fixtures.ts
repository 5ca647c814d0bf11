// Builds the HttpResponse a judge receives, without any network.
import type { HttpResponse } from '../../../functions/probe/http';

export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

export function answer(status: number, body: unknown = '', headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: typeof body === 'string' ? body : JSON.stringify(body),
    bodyTruncated: false,
    requestId: 'req-123',
    timings: { total: 42 },
    receivedAt: NOW,
  };
}
