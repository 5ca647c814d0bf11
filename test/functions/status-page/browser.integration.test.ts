// The status page as a person sees it: built by the CLI from runs kept against the simulator, opened from its file
// in Debian's Chromium (headless). It fails when the page asks for anything but itself, when its states are not
// visible as words on the screen, when a phone's 375 px width scrolls sideways, or when a secret of the config or
// the history reaches the page, and it watches the page turn stale in the viewer's browser with no run coming. An
// org whose provisioning to an app fails gets that app's line for callers, on a page read with the org gone.
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import type { RunLogLine } from '../../../functions/contract';
import { writeSimulatorConfig } from '../../../sim/config';
import { startSimulator } from '../../../sim/server';
import { launchChromium, watchedPage } from '../../support/browser';
import { useSimulator } from '../../support/simulator';
import { captureIo } from '../cli/helpers';

const sim = useSimulator();
let dir: string;
let browser: Browser;
let pageUrl: string;
let lastRun: number;
let secrets: string[];

/** A run kept with `scenario`, then a forged line after it planting the secrets in every text Okta's words reach. */
async function keepRuns(config: string): Promise<void> {
  const history = join(dir, 'history');
  for (const scenario of ['healthy', 'server-error'] as const) {
    sim().scenario = scenario;
    await main(['run', '--config', config, '--history', history], captureIo());
  }
  const file = readdirSync(history).find((f) => f.endsWith('.jsonl')) as string;
  const last = JSON.parse(readFileSync(join(history, file), 'utf8').trim().split('\n').at(-1)!) as RunLogLine;
  const planted: RunLogLine = {
    ...last,
    startedAt: new Date(Date.parse(last.startedAt) + 1000).toISOString(),
    failures: last.failures.map((f, i) => ({
      ...f,
      summary: secrets.join(' '),
      remedy: secrets.join(' '),
      detail: secrets.join(' '),
      oktaReason: secrets.join(' '),
      ...(i === 0 && { item: 'x' }),
    })),
  };
  appendFileSync(join(history, file), `${JSON.stringify(planted)}\n`);
  lastRun = Date.parse(planted.startedAt);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-status-browser-'));
  const { custom, signIn } = sim().clients;
  const users = [signIn.portalUser, signIn.mobileUser, signIn.workforceUser];
  secrets = [custom.clientSecret, custom.clientId, ...users.flatMap((u) => [u.password, u.totpSecret, u.username])];
  const config = await writeSimulatorConfig(sim(), join(dir, 'config'));
  await keepRuns(config);
  const out = join(dir, 'out');
  const at = new Date(lastRun + 60_000).toISOString();
  const io = captureIo();
  expect(
    await main(['status-page', '--history', join(dir, 'history'), '--out', out, '--at', at, '-c', config], io),
  ).toBe(0);
  pageUrl = pathToFileURL(join(out, 'index.html')).href;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The page opened at `width` with the viewer's clock at `now`; every request it made, for the test to judge. */
async function open(width: number, now: number): Promise<{ page: Page; requests: string[]; refused: string[] }> {
  const opened = await watchedPage(browser, width, (url) => url === pageUrl || url.startsWith('data:'));
  // What the page's own Content-Security-Policy refused: its style or script, were their hashes wrong.
  const refused: string[] = [];
  opened.page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  await opened.page.clock.setFixedTime(new Date(now));
  await opened.page.goto(pageUrl);
  return { ...opened, refused };
}

/** The texts shown on screen (a box of some size) among those matching `selector`. */
async function visibleTexts(page: Page, selector: string): Promise<string[]> {
  const shown: string[] = [];
  for (const element of await page.locator(selector).all()) {
    const box = await element.boundingBox();
    if (box !== null && box.width > 0 && box.height > 0) shown.push((await element.innerText()).trim());
  }
  return shown;
}

describe('the status page in Chromium', () => {
  it('asks for nothing but itself, and shows each state in words on the screen', async () => {
    const { page, requests, refused } = await open(1024, lastRun + 60_000);
    expect(requests.filter((url) => url !== pageUrl && !url.startsWith('data:'))).toEqual([]);
    expect(refused).toEqual([]);
    // The inline style applied (allowed by its hash): what only a stale page shows is hidden.
    expect(await visibleTexts(page, '.when-stale')).toEqual([]);
    const badges = await visibleTexts(page, '.badge .live');
    expect(badges).toContain('✗ FAILING');
    expect(badges).toContain('✓ WORKING');
    expect(await visibleTexts(page, '.banner')).toEqual([
      '✗ Something is failing: see below for what, whose fault, and what to tell callers.',
    ]);
    expect((await page.locator('body').innerText()).includes("Whose fault: Okta's side")).toBe(true);
    await page.close();
  });

  it('reads on a phone: nothing wider than 375 px', async () => {
    const { page } = await open(375, lastRun + 60_000);
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.body.scrollWidth]);
    expect(Math.max(...widths)).toBeLessThanOrEqual(375);
    await page.close();
  });

  it("turns stale in the viewer's browser when no run has come for five minutes", async () => {
    const { page } = await open(1024, lastRun + 10 * 60_000);
    expect(await page.locator('body').getAttribute('class')).toContain('stale');
    const badges = await visibleTexts(page, '.badge span');
    expect(new Set(badges)).toEqual(new Set(['? UNKNOWN']));
    expect((await visibleTexts(page, '.banner'))[0]).toMatch(/^⚠ MONITORING IS DOWN OR STALE/);
    // Nothing on the screen claims to work now: what worked is only "last known".
    const shown = await page.locator('main').innerText();
    expect(shown).not.toMatch(/WORKING|of \d+ working|is working|Everything watched/);
    expect(shown).toMatch(/last known: working since/);
    await page.close();
  });

  it('shows no secret of the config or the history, in its text or its HTML', async () => {
    const { page } = await open(1024, lastRun + 60_000);
    const text = await page.locator('body').innerText();
    const html = await page.content();
    const json = readFileSync(join(dir, 'out', 'status.json'), 'utf8');
    expect(secrets.length).toBeGreaterThan(5);
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(html).not.toContain(secret);
      expect(json).not.toContain(secret);
    }
    await page.close();
  });
});

describe('the status page in Chromium, on provisioning, while Okta is down', () => {
  let provisioningUrl = '';

  // Runs kept against an org whose Snowflake connector's token expired; then Okta goes away entirely (the simulator
  // closed) before the page is built and opened: what the help desk reads needs nothing of Okta.
  beforeAll(async () => {
    const org = await startSimulator({ scenario: 'provisioning-credential-expired', port: 0 });
    const base = join(dir, 'provisioning');
    const config = await writeSimulatorConfig(org, join(base, 'config'));
    try {
      for (let i = 0; i < 2; i += 1)
        await main(['run', '--config', config, '--history', join(base, 'history')], captureIo());
    } finally {
      await org.close();
    }
    const at = new Date(Date.now() + 30_000).toISOString();
    const args = ['status-page', '--history', join(base, 'history'), '--out', join(base, 'out'), '--at', at];
    expect(await main([...args, '-c', config], captureIo())).toBe(0);
    provisioningUrl = pathToFileURL(join(base, 'out', 'index.html')).href;
  }, 120_000);

  it('tells the help desk which app new joiners may miss, since when, what to say, asking Okta nothing', async () => {
    const opened = await watchedPage(browser, 1024, (url) => url === provisioningUrl || url.startsWith('data:'));
    await opened.page.goto(provisioningUrl);
    expect(opened.requests.filter((url) => url !== provisioningUrl && !url.startsWith('data:'))).toEqual([]);
    const section = opened.page.locator('section', { hasText: 'Provisioning' });
    const shown = await section.innerText();
    expect(shown).toMatch(/✗ FAILING\s+Accounts Okta keeps in our apps \(provisioning\)/);
    expect(shown).toContain('Okta cannot keep accounts in 1 app');
    expect(shown).toMatch(/✗ FAILING Snowflake since \d{4}-\d\d-\d\d \d\d:\d\d UTC · A setting on our side/);
    expect(shown).toContain(
      'Tell callers: New joiners may not get a Snowflake account, and leavers may keep theirs: IT is fixing it.',
    );
    // Only the label and the cause's class: no Okta id, login or Okta's reason text.
    const text = await opened.page.locator('body').innerText();
    for (const never of [/0oa1snowflake/, /person\d+@acme\.example/, /Errors reported by remote server/, /00u1prov/])
      expect(text).not.toMatch(never);
    const box = await section.boundingBox();
    expect(box?.height).toBeGreaterThan(0);
    await opened.page.close();
  });
});
