// Debian's Chromium, headless, driven by playwright-core (which never downloads a browser): a page looked at as a
// person sees it. Every request the page makes is routed through `requests`, so a test can fail a page that asks
// for anything but itself. No network: the flags keep Chromium's own background traffic (updates, sync) off.
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where Debian installs Chromium (.ci/run installs it where missing); CHROMIUM overrides it. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page at `width` px whose every request is recorded in `requests`, and answered only when `allow` says so. */
export async function watchedPage(
  browser: Browser,
  width: number,
  allow: (url: string) => boolean,
): Promise<{ readonly page: Page; readonly requests: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const requests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    requests.push(url);
    if (allow(url)) await route.continue();
    else await route.abort();
  });
  return { page, requests };
}
