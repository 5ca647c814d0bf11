// A Management API list read against hostile pages: each refused with a clear, bounded finding (what was asked, the
// page, the bound), never a RangeError from spreading 200,000 items, never more than the pages and items asked.
import { describe, expect, it } from 'vitest';
import { InventoryReader } from '../../../../functions/probe/okta/management-read';
import type { HttpOutcome, HttpRequest } from '../../../../functions/probe/http';
import { LIST_READ } from '../../../../functions/contract';

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

describe("the run's bytes of lists, one budget for every reader", () => {
  /** A page of `n` apps of Okta's size (6 KB each), with a next link while `more`. */
  const apps = (n: number, more: boolean, page: number): HttpOutcome =>
    answer(
      JSON.stringify(Array.from({ length: n }, (_, i) => ({ id: `0oa${page}x${i}`, pad: 'x'.repeat(6 * 1024 + 256) }))),
      {
        ...(more && next(page + 1)),
      },
    );
  const readerOn = (listBudget: { bytesLeft: number }) => {
    let sent = 0;
    const exchange = async (): Promise<HttpOutcome> => apps(200, sent < 49, sent++);
    const endpoints = { token: `${ORG}/oauth2/v1/token` };
    return new InventoryReader({ exchange, endpoints, listBudget } as never, 1000);
  };

  it("discovers a user's 10,000 SAML apps of 6 KB whole: links, then apps, in the run's budget", async () => {
    let page = 0;
    const link = { appName: 'app', appInstanceId: '0oa0000000000000000', label: 'An app', linkUrl: 'x'.repeat(400) };
    const exchange = async (req: HttpRequest): Promise<HttpOutcome> =>
      req.url.includes('/appLinks')
        ? answer(JSON.stringify(Array.from({ length: 10_000 }, () => link)))
        : apps(200, page < 49, page++);
    const read = new InventoryReader(
      {
        exchange,
        endpoints: { token: `${ORG}/oauth2/v1/token` },
        listBudget: { bytesLeft: LIST_READ.maxRunBytes },
      } as never,
      1000,
    );
    const links = await read.whole('t', '/api/v1/users/u/appLinks', 'links', 10_000);
    expect('items' in links && links.items.length).toBe(10_000);
    const got = await read.list('t', '/api/v1/apps?limit=200', 'apps', 50);
    expect('problem' in got ? got.problem : got.stopped).toBeUndefined();
    expect('items' in got && got.items.length).toBe(10_000);
  });

  it(
    "stops throttled, never malformed, when the run's budget runs low under a page, and the readers of a run " +
      'share it',
    async () => {
      const budget = { bytesLeft: 3 * 1024 * 1024 };
      const first = await readerOn(budget).list('t', '/api/v1/apps?limit=200', 'the active apps', 50);
      expect('items' in first && first.items.length).toBe(400);
      expect('stopped' in first && first.stopped).toMatchObject({
        code: 'INVENTORY_THROTTLED',
        detail: expect.stringMatching(/^the active apps: the run read its \d+ MB of Okta's lists/),
      });
      // The second reader of the same run finds the budget spent: it sends nothing.
      let sent = 0;
      const second = new InventoryReader(
        {
          exchange: async () => (sent++, apps(1, false, 0)),
          endpoints: { token: `${ORG}/oauth2/v1/token` },
          listBudget: budget,
        } as never,
        10,
      );
      const got = await second.list('t', '/api/v1/groups', 'groups');
      expect('problem' in got && got.problem.code).toBe('INVENTORY_THROTTLED');
      expect(sent).toBe(0);
    },
  );
});
