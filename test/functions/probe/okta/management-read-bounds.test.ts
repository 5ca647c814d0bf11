// A Management API list read against hostile pages: each refused with a clear, bounded finding (what was asked, the
// page, the bound), never a RangeError from spreading 200,000 items, never more than the pages and items asked.
import { describe, expect, it } from 'vitest';
import { InventoryReader } from '../../../../functions/probe/okta/management-read';
import type { HttpOutcome, HttpRequest } from '../../../../functions/probe/http';

const ORG = 'https://acme.okta.com';
const answer = (body: string, headers: Record<string, string> = {}, bodyTruncated = false): HttpOutcome => ({
  ok: true,
  response: {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
    body,
    bodyTruncated,
    requestId: 'req1',
    timings: { total: 1 },
    receivedAt: 0,
  },
});
const next = (n: number): Record<string, string> => ({ link: `<${ORG}/api/v1/apps?after=${n}&limit=200>; rel="next"` });
/** A reader whose every page is `page(n)`. */
function reader(page: (n: number) => HttpOutcome): { read: InventoryReader; sent: () => number } {
  let sent = 0;
  const exchange = async (_req: HttpRequest): Promise<HttpOutcome> => page(sent++);
  return {
    read: new InventoryReader({ exchange, endpoints: { token: `${ORG}/oauth2/v1/token` } } as never, 1000),
    sent: () => sent,
  };
}
const items = (n: number): string => JSON.stringify(Array.from({ length: n }, () => ({})));

const CASES: Record<string, { page: (n: number) => HttpOutcome; detail: RegExp; items?: number }> = {
  'one page of 200,000 items': {
    page: () => answer(`[${'0,'.repeat(199_999)}0]`),
    detail: /page 1: the array holds more than the 200 elements asked/,
  },
  'one page of 201 items': {
    page: () => answer(items(201)),
    detail: /page 1: the array holds more than the 200 elements asked/,
  },
  'an object, not a list': { page: () => answer('{"id":"0oa1"}'), detail: /page 1: the answer is not a JSON array/ },
  'a string': { page: () => answer('"apps"'), detail: /page 1: the answer is not a JSON array/ },
  null: { page: () => answer('null'), detail: /page 1: the answer is not a JSON array/ },
  'a page past the byte cap': {
    page: () => answer('[{"id":"0oa1"', {}, true),
    detail: /page 1: the answer was cut off/,
  },
  'a good page, then 200,000 items': {
    page: (n) => (n === 0 ? answer(items(200), next(1)) : answer(`[${'0,'.repeat(199_999)}0]`)),
    detail: /page 2: the array holds more than the 200 elements asked/,
    items: 200,
  },
  'next links forever': {
    page: (n) => answer(items(200), next(n + 1)),
    detail: /stopped after 50 pages of 200/,
    items: 10_000,
  },
};

describe(`a Management API list against hostile pages (${Object.keys(CASES).length} answers)`, () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: a bounded finding, no throw`, async () => {
      const { read, sent } = reader(c.page);
      const got = await read.list('t', '/api/v1/apps?limit=200', 'the active apps', 50, 200);
      const finding = 'problem' in got ? got.problem : got.stopped;
      expect(finding?.detail).toMatch(c.detail);
      expect(finding?.detail).toMatch(/^the active apps: /);
      expect('items' in got ? got.items.length : 0).toBe(c.items ?? 0);
      expect(sent()).toBeLessThanOrEqual(50);
    });
  }
});
