// The flags as Chromium obeys them: a page on one loopback origin reads another origin's answer that sends no CORS
// header. With @sparticuz/chromium's flags as the package gives them (--disable-web-security among them) Chromium lets
// the page read it, which no person's browser does; with the journey's flags it refuses, as a person's browser does,
// and the page's failure is there for the probe to see. Debian's Chromium, given the package's flags (the package's
// own binary runs in test/deploy/browser-asset.test.ts).
import chromium from '@sparticuz/chromium';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium as pw } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs } from '../../../../functions/probe/sign-in/chromium-args';
import { CHROMIUM } from '../../../support/browser';

const servers: Server[] = [];
const listen = async (answer: (port: number) => string): Promise<number> => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(answer((server.address() as AddressInfo).port));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

let api = 0;
let page = 0;
beforeAll(async () => {
  // Another origin (another port), answering without Access-Control-Allow-Origin.
  api = await listen(() => 'secret-of-another-origin');
  page = await listen(
    () =>
      `<!doctype html><title>wait</title><script>fetch('http://127.0.0.1:${api}/').then((r) => r.text())` +
      `.then((t) => { document.title = 'read:' + t; }, (e) => { document.title = 'refused:' + e.name; });</script>`,
  );
});
afterAll(() => {
  for (const s of servers) s.close();
});

/** The page's title once its cross-origin read settled, in Chromium launched with `args`. */
async function crossOriginRead(args: string[]): Promise<string> {
  const browser = await pw.launch({ executablePath: CHROMIUM, args, timeout: 30_000 });
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${page}/`);
    await tab.waitForFunction(() => document.title !== 'wait', undefined, { timeout: 20_000 });
    return await tab.title();
  } finally {
    await browser.close();
  }
}

describe("Chromium with the journey's flags", () => {
  it("refuses a cross-origin read that sends no CORS header, which the package's own flags let through", async () => {
    // The control: the package's flags, unfiltered, switch the same-origin policy off.
    expect(await crossOriginRead([...chromium.args, '--disable-gpu'])).toBe('read:secret-of-another-origin');
    expect(await crossOriginRead([...chromiumArgs(chromium.args), '--disable-gpu'])).toBe('refused:TypeError');
  }, 90_000);
});
