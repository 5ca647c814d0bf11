// The status page as a person sees it: built by the CLI from runs kept against the simulator, opened from its file
// in Debian's Chromium (headless). It fails when the page asks for anything but itself, when its states are not
// visible as words on the screen, when a phone's 375 px width scrolls sideways, or when a secret of the config or
// the history reaches the page, and it watches the page turn stale in the viewer's browser with no run coming. An
// org whose provisioning to an app fails gets that app's line for callers, on a page read with the org gone.
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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

/** When a catalogue's group of apps was last checked, as its head says (" at 08:03 UTC", " between ... and ..."). */
const WHEN = String.raw`(?: at \d{4}-\d\d-\d\d \d\d:\d\d UTC| between [^:]+:\d\d UTC and [^:]+:\d\d UTC)?`;

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
    // And by the border's style, not its colour alone: a failing part's is double, a working one's solid.
    const borderOf = (state: string) =>
      page
        .locator(`.part.${state}`)
        .first()
        .evaluate((el) => getComputedStyle(el).borderLeftStyle);
    expect([await borderOf('failing'), await borderOf('ok')]).toEqual(['double', 'solid']);
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

describe('the status page in Chromium: every app of a catalogue, by the label a caller names', () => {
  let healthyUrl = '';
  let bigUrl = '';
  const LABELS = Array.from({ length: 50 }, (_, i) => `Catalogue app ${String(i).padStart(4, '0')}`);

  // A catalogue of 50 SAML apps found through the Management API, every one healthy; the page built from its runs
  // without --config (the config the runs used names it). Then the same org with a catalogue of 1,000 apps kept.
  beforeAll(async () => {
    const org = await startSimulator({ scenario: 'saml-catalogue-discovered', port: 0 });
    const base = join(dir, 'catalogue');
    const history = join(base, 'history');
    const config = await writeSimulatorConfig(org, join(base, 'config'));
    // Every app in the journey's one session, as a group checked as often as its journey runs (5 minutes) is.
    const json = JSON.parse(readFileSync(config, 'utf8')) as { samlGroups: { everyMinutes?: number }[] };
    json.samlGroups[0]!.everyMinutes = 5;
    writeFileSync(config, JSON.stringify(json));
    try {
      expect(await main(['run', '--config', config, '--history', history], captureIo())).toBe(0);
    } finally {
      await org.close();
    }
    const at = new Date(Date.now() + 30_000).toISOString();
    const io = captureIo();
    expect(await main(['status-page', '--history', history, '--out', join(base, 'out'), '--at', at], io)).toBe(0);
    expect(io.err()).toBe('');
    healthyUrl = pathToFileURL(join(base, 'out', 'index.html')).href;

    // 1,000 apps kept for the same catalogue, the 7th failing, its run line naming it.
    const big = join(base, 'big');
    mkdirSync(join(big, 'kept', 'saml-groups'), { recursive: true, mode: 0o700 });
    const day = readdirSync(history).find((f) => f.endsWith('.jsonl')) as string;
    copyFileSync(join(history, day), join(big, day));
    const now = Date.now();
    const records = Array.from({ length: 1000 }, (_, i) => [
      `0oa${String(i).padStart(6, '0')}`,
      {
        first: now - 60_000,
        seen: now,
        at: now,
        code: i === 7 ? 'SAML_AUDIENCE_MISMATCH' : null,
        found: { appId: `0oa${String(i).padStart(6, '0')}`, label: `Big app ${String(i).padStart(4, '0')}` },
      },
    ]);
    writeFileSync(join(big, 'kept', 'saml-groups', 'portal-saml.json'), JSON.stringify(Object.fromEntries(records)));
    const args = ['status-page', '--history', big, '--out', join(big, 'out'), '--at', at, '--config', config];
    expect(await main(args, captureIo())).toBe(0);
    bigUrl = pathToFileURL(join(big, 'out', 'index.html')).href;
  }, 120_000);

  /** The page opened with `fragment` (a text fragment: Chromium's own finder, find-in-page's, scrolls to it). */
  async function openAt(url: string, width: number, fragment = ''): Promise<Page> {
    const opened = await watchedPage(browser, width, (u) => u.startsWith(url) || u.startsWith('data:'));
    await opened.page.goto(`${url}${fragment}`);
    expect(opened.requests.filter((u) => !u.startsWith(url) && !u.startsWith('data:'))).toEqual([]);
    return opened.page;
  }

  /** Whether the label's element is on the screen: inside the viewport and inside its box's visible part. */
  async function shown(page: Page, label: string): Promise<boolean> {
    const item = page.locator('.catalogue li', { hasText: label }).first();
    await item.waitFor();
    return item.evaluate((li) => {
      const r = li.getBoundingClientRect();
      const box = (li.closest('.catalogue') as Element).getBoundingClientRect();
      return (
        r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.top >= 0 && r.bottom <= innerHeight
      );
    });
  }

  it('names every app of a healthy catalogue on the page, under its catalogue, with what its check found', async () => {
    const page = await openAt(healthyUrl, 1024);
    const section = page.locator('section', { hasText: 'Catalogues of SAML apps' });
    const text = await section.innerText();
    expect(text).toMatch(/✓ WORKING\s+portal-saml/);
    expect(text).toContain('All 50 apps of portal-saml by name');
    // Each group says when its apps were last checked.
    const first = 'Catalogue app 0000 Catalogue app 0001 ';
    expect(text).toMatch(new RegExp(`50 ✓ passed their last check${WHEN}:\\s+${first}`));
    for (const label of LABELS) expect(text).toContain(label);
    // Each app is named by Okta's label, never by its app id.
    expect(text).not.toMatch(/0oa[A-Za-z0-9]/);
    expect(await section.locator('.catalogue li').count()).toBe(50);
    await page.close();
  });

  it("is found by Chromium's own text finder, which scrolls the label into view", async () => {
    for (const label of [LABELS[0]!, LABELS[42]!, LABELS[49]!]) {
      const page = await openAt(healthyUrl, 1024, `#:~:text=${encodeURIComponent(label)}`);
      expect(await shown(page, label), label).toBe(true);
      await page.close();
    }
  });

  it('keeps a page of 1,000 apps readable: one box of a few lines that scrolls, on a phone too', async () => {
    for (const width of [1024, 375]) {
      const page = await openAt(bigUrl, width);
      const box = page.locator('.catalogue');
      expect(await box.count()).toBe(1);
      expect(await box.locator('li').count()).toBe(1000);
      const size = await box.evaluate((b) => ({ height: b.clientHeight, content: b.scrollHeight }));
      expect(size.height).toBeLessThanOrEqual(16 * 16);
      expect(size.content).toBeGreaterThan(size.height * 4);
      // The whole page is a few screens at most, and nothing scrolls sideways.
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.body.scrollHeight]);
      expect(widths[0]).toBeLessThanOrEqual(width);
      expect(widths[1]).toBeLessThanOrEqual(4 * 800);
      const text = await page.locator('section', { hasText: 'Catalogues of SAML apps' }).innerText();
      expect(text).toContain('All 1000 apps of portal-saml by name');
      expect(text).toMatch(new RegExp(`1 ✗ did not pass its last check${WHEN}:\\s+Big app 0007`));
      expect(text).toContain('999 ✓ passed their last check');
      await page.close();
    }
    const page = await openAt(bigUrl, 1024, `#:~:text=${encodeURIComponent('Big app 0977')}`);
    expect(await shown(page, 'Big app 0977')).toBe(true);
    await page.close();
  });
});
