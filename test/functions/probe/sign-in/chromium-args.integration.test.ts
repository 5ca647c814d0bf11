// The flags as Chromium obeys them: a page on one loopback origin reads another origin's answer that sends no CORS
// header. With @sparticuz/chromium's flags as the package gives them (--disable-web-security among them) Chromium lets
// the page read it, which no person's browser does; with the journey's flags it refuses, as a person's browser does,
// and the page's failure is there for the probe to see. Debian's Chromium, given the package's flags (the package's
// own binary runs in test/deploy/browser-asset.test.ts). Mixed content likewise: an https: page (self-signed, on
// loopback) that loads an http: script runs it under the package's flags (--allow-running-insecure-content), and
// under the journey's Chromium refuses it, as a person's browser does, and the walk tells it as the asset that failed.
import chromium from '@sparticuz/chromium';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { chromium as pw } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs } from '../../../../functions/probe/sign-in/flows/browser/chromium-args';
import { failedAsset, pageCause, type PageFacts } from '../../../../functions/probe/sign-in/flows/browser/page-facts';
import { selfSignedCertificate } from '../../../../sim/saml/certificate';
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

/**
 * An https: page on loopback, under a certificate of its own, whose one script is `script`'s http: URL: its title
 * says whether the script ran ('ran') or was refused ('refused').
 */
async function listenTls(script: string): Promise<number> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Date.now();
  const cert = selfSignedCertificate({
    privateKey,
    commonName: 'login.acme.example',
    notBefore: now - 86_400_000,
    notAfter: now + 86_400_000,
    ipAddresses: ['127.0.0.1'],
  });
  const server = createTlsServer({ key: privateKey.export({ type: 'pkcs8', format: 'pem' }), cert }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>wait</title><script src="${script}" onerror="document.title='refused'"></script>`);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * The http: script's host: a name, not 127.0.0.1, which Chromium counts as trustworthy and never as mixed content.
 * Chromium resolves it to loopback (--host-resolver-rules): no request leaves the machine.
 */
const INSECURE_HOST = 'cdn.acme.example';

let api = 0;
let page = 0;
let tlsPage = 0;
beforeAll(async () => {
  // Another origin (another port), answering without Access-Control-Allow-Origin.
  api = await listen(() => 'secret-of-another-origin');
  const script = await listen(() => "document.title = 'ran';");
  tlsPage = await listenTls(`http://${INSECURE_HOST}:${script}/widget.js`);
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

/** The https: page's title once its http: script ran or was refused, and how the page's failed requests failed. */
async function mixedContent(args: string[]): Promise<{ title: string; failed: (string | undefined)[] }> {
  const browser = await pw.launch({
    executablePath: CHROMIUM,
    args: [...args, `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`],
    timeout: 30_000,
  });
  try {
    // The test's own certificate is not one Chromium trusts: accepted here, for this page alone (no flag of the
    // journey's, which never accepts a certificate error).
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const tab = await context.newPage();
    const failed: (string | undefined)[] = [];
    tab.on('requestfailed', (r) => failed.push(failedAsset(r.url(), r.resourceType(), r.failure()?.errorText ?? '')));
    await tab.goto(`https://127.0.0.1:${tlsPage}/`);
    await tab.waitForFunction(() => document.title !== 'wait', undefined, { timeout: 20_000 });
    return { title: await tab.title(), failed };
  } finally {
    await browser.close();
  }
}

describe("Chromium with the journey's flags", () => {
  it("refuses an http: script on an https: page (mixed content), which the package's own flags run", async () => {
    // The control: the package's flags, unfiltered, let the insecure script run.
    expect(await mixedContent([...chromium.args, '--disable-gpu'])).toEqual({ title: 'ran', failed: [] });
    const refused = await mixedContent([...chromiumArgs(chromium.args), '--disable-gpu']);
    expect(refused.title).toBe('refused');
    // The walk's finding: the script is the page's asset that failed, named as mixed content.
    const told = refused.failed.filter((f) => f !== undefined);
    expect(told).toEqual([
      expect.stringMatching(/^http:\/\/cdn\.acme\.example:\d+\/widget\.js failed \(mixed content/),
    ]);
    const page: PageFacts = { csp: [], scriptErrors: [], assets: told, counts: { csp: 0, scriptErrors: 0, assets: 1 } };
    expect(pageCause(page, 'the Sign-In Widget never rendered').diagnosis?.code).toBe('SIGN_IN_PAGE_ASSET_FAILED');
  }, 90_000);

  it("refuses a cross-origin read that sends no CORS header, which the package's own flags let through", async () => {
    // The control: the package's flags, unfiltered, switch the same-origin policy off.
    expect(await crossOriginRead([...chromium.args, '--disable-gpu'])).toBe('read:secret-of-another-origin');
    expect(await crossOriginRead([...chromiumArgs(chromium.args), '--disable-gpu'])).toBe('refused:TypeError');
  }, 90_000);
});
