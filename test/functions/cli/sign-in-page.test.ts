// The hosted sign-in page as people see it, through the built CLI: the simulator serves the real Sign-In Widget from
// npm under Okta's CSP, and Debian's Chromium signs in through it as the "browser" journey. Each page scenario shows
// its own finding on that journey while the "idx" journey of the same app, over the API, passes; a healthy page
// signs in (the widget completing a sign-in is itself a test of the simulator's IDX API), with a TOTP code where the
// app's policy asks for one.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../functions/types';
import { revealsSecret } from '../../../functions/text/redact';
import { writeSimulatorConfig } from '../../../sim/config';
import { OLD_WIDGET_VERSION } from '../../../sim/endpoints/hosted-page';
import { PAGE_JOURNEY, PAGE_SCENARIOS } from '../../../sim/page-scenarios';
import { startSimulator } from '../../../sim/server';
import { harErrors } from '../../support/har-schema';
import { buildOnce, runCli, STACK_LINE, type CliOutcome } from './helpers';

const NAMES = Object.keys(PAGE_SCENARIOS) as (keyof typeof PAGE_SCENARIOS)[];
/** What --har left in its folder: each file's name and content. */
type HarFolder = ReadonlyMap<string, Buffer>;
const outcomes = new Map<string, { cli: CliOutcome; report: Report | undefined; secrets: string[]; har: HarFolder }>();

async function probe(name: keyof typeof PAGE_SCENARIOS): Promise<void> {
  const sim = await startSimulator({ scenario: name, port: 0 });
  const dir = mkdtempSync(join(tmpdir(), `okta-synthetics-${name}-`));
  try {
    const config = await writeSimulatorConfig(sim, dir);
    const folder = join(dir, 'har');
    const cli = await runCli(['run', '--config', config, '--json', '--har', folder]);
    // A run that printed no report leaves it undefined: the test then shows its stderr.
    const report = cli.stdout.trimStart().startsWith('{') ? (JSON.parse(cli.stdout) as Report) : undefined;
    const user = sim.clients.signIn.pageUser;
    const har = new Map(readdirSync(folder).map((file) => [file, readFileSync(join(folder, file))] as const));
    outcomes.set(name, { cli, report, secrets: [user.password, user.totpSecret], har });
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  await buildOnce();
  const queue = [...NAMES];
  const worker = async (): Promise<void> => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) await probe(name);
  };
  // 21 page scenarios through the built CLI, two at a time: 20 s each on a loaded machine.
  await Promise.all([worker(), worker()]);
}, 420_000);

const checkOf = (report: Report | undefined, server: string, check: string) =>
  report?.checks.find((c) => c.server === server && c.check === check);
const signInOf = (report: Report | undefined, server: string) => checkOf(report, server, 'sign-in');
/** The code a scenario promises on a server's check, or null. */
const promised = (name: keyof typeof PAGE_SCENARIOS, server: string, check = 'sign-in'): string | null =>
  (PAGE_SCENARIOS[name].expect as readonly { server: string; check: string; code: string }[]).find(
    (e) => e.server === server && e.check === check,
  )?.code ?? null;

describe('the hosted sign-in page in Chromium, through the CLI', () => {
  it.each(NAMES)('%s: the browser journey tells its finding while the idx journey passes', (name) => {
    const { cli, report, secrets } = outcomes.get(name)!;
    expect(cli.stderr).not.toMatch(STACK_LINE);
    expect(report, cli.stderr).toBeDefined();
    // The idx journey passes unless the scenario breaks the user for every journey (its TOTP reset).
    expect(signInOf(report, 'workforce')?.diagnosis?.code ?? null).toBe(promised(name, 'workforce'));
    const page = signInOf(report, PAGE_JOURNEY);
    expect(page?.diagnosis?.code ?? null, JSON.stringify(page)).toBe(promised(name, PAGE_JOURNEY));
    const widget = checkOf(report, PAGE_JOURNEY, 'sign-in-widget');
    const widgetPromised = promised(name, PAGE_JOURNEY, 'sign-in-widget');
    // Exactly: the simulator's journeys allow a busy machine's render (SIM_RENDER_BUDGET_SECONDS), so a slow page is
    // told only where the scenario holds the widget past the default budget.
    expect(widget?.diagnosis?.code ?? null, JSON.stringify(widget)).toBe(widgetPromised);
    expect(page?.observed).toMatchObject({ flow: 'browser', browserVersion: expect.stringMatching(/^Chromium \d+/) });
    // The password and the TOTP seed never reach the report, whatever the page said.
    expect(revealsSecret(cli.stdout, secrets)).toBe(false);
  });

  it('a healthy page signs in with the widget version the page loaded, and each time it took', () => {
    const page = signInOf(outcomes.get('sign-in-page')?.report, PAGE_JOURNEY);
    expect(page).toMatchObject({ status: 'pass', diagnosis: null });
    expect(page?.observed).toMatchObject({
      widgetVersion: expect.stringMatching(/^7\.\d+\.\d+$/),
      widgetRenderedMs: expect.any(Number),
      submittedMs: expect.any(Number),
      redirectedMs: expect.any(Number),
      cspViolations: 0,
      scriptErrors: 0,
      failedAssets: 0,
    });
  });

  it('names the blocked URL and directive, the throwing script and the missing asset', () => {
    const detail = (name: string): string =>
      signInOf(outcomes.get(name)?.report, PAGE_JOURNEY)?.diagnosis?.detail ?? '';
    expect(detail('sign-in-page-csp')).toMatch(
      /directive "script-src-elem" blocked http:\/\/localhost:\d+\/custom\/brand\.js/,
    );
    expect(detail('sign-in-page-script-error')).toMatch(/reading 'get'.*\/custom\/brand\.js/);
    expect(detail('sign-in-page-asset-missing')).toMatch(/okta-signin-widget\/7\.21\.0\/.* answered 404/);
    expect(detail('sign-in-page-hidden-submit')).toMatch(/submit button is hidden/);
    // A slow page that then signed in warns on the widget's check, never failing the sign-in.
    const slow = checkOf(outcomes.get('sign-in-page-slow')?.report, PAGE_JOURNEY, 'sign-in-widget');
    expect(slow?.diagnosis?.detail).toMatch(/rendered in \d+ ms, past the budget of 4000 ms/);
  });

  it('a TOTP-enrolled user signs in through the page: the widget lists the authenticators, the code is typed', () => {
    const { report } = outcomes.get('sign-in-page-totp')!;
    expect(signInOf(report, PAGE_JOURNEY)).toMatchObject({ status: 'pass', diagnosis: null });
    expect(checkOf(report, PAGE_JOURNEY, 'sign-in-widget')).toMatchObject({ status: 'pass', diagnosis: null });
  });

  it("a refused TOTP code is the page's words, TOTP_REJECTED, with the widget's own message", () => {
    const page = signInOf(outcomes.get('sign-in-page-totp-rejected')?.report, PAGE_JOURNEY);
    expect(page?.diagnosis?.detail).toMatch(/after the TOTP code: .*Your code doesn't match our records/);
    // The form's banner says only that the form has errors: the field's own message is quoted instead.
    expect(page?.diagnosis?.detail).not.toMatch(/We found some errors/);
  });

  it('a form the walk cannot answer is named, within its bounded wait, never waited on for ever', () => {
    const page = signInOf(outcomes.get('sign-in-page-profile-update')?.report, PAGE_JOURNEY);
    expect(page?.diagnosis?.detail).toMatch(/the page showed "Additional Profile information" \(profile-update[,)]/);
  });

  it('a pinned old widget warns of its version while the sign-in passes', () => {
    const { report } = outcomes.get('sign-in-page-old-widget')!;
    expect(signInOf(report, PAGE_JOURNEY)).toMatchObject({ status: 'pass', diagnosis: null });
    const widget = checkOf(report, PAGE_JOURNEY, 'sign-in-widget');
    expect(widget).toMatchObject({ status: 'warn', observed: { widgetVersion: OLD_WIDGET_VERSION } });
    expect(widget?.diagnosis?.detail).toMatch(/Sign-In Widget 6\.9\.0, older than 7\.x/);
    expect(widget?.diagnosis?.remedy).toMatch(/Okta Sign-In Widget Version section, click Edit/);
  });
});

describe('a refused TOTP code through the page', () => {
  it('is typed once: the run, and the next run of the same journey state, send no second code', async () => {
    const sim = await startSimulator({ scenario: 'sign-in-page-totp-rejected', port: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-page-totp-'));
    try {
      const config = await writeSimulatorConfig(sim, dir);
      const answers = (): number =>
        sim.requests.filter((r) => r.method === 'POST' && r.path === '/idp/idx/challenge/answer').length;
      const run = async (): Promise<Report> => {
        const cli = await runCli(['run', '--config', config, '--server', PAGE_JOURNEY, '--history', dir, '--json']);
        return JSON.parse(cli.stdout) as Report;
      };
      sim.resetRequests();
      const first = await run();
      expect(signInOf(first, PAGE_JOURNEY)?.diagnosis?.code).toBe('TOTP_REJECTED');
      // The password and one code: the walk never types a second.
      expect(answers()).toBe(2);
      const second = await run();
      // The journey's state holds the refused code: the next run types nothing, and says why.
      expect(answers()).toBe(2);
      expect(signInOf(second, PAGE_JOURNEY)?.status).not.toBe('pass');
    } finally {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The scenarios whose sign-in fails on the page: a warning beside a sign-in that passed (an old widget) is not one. */
/**
 * The page whose rendering the browser itself holds (a render-blocking script that never answers) has no frame to
 * capture: its trace says why no screenshot was kept.
 */
const UNPAINTED = 'sign-in-page-stalled';
const FAILING = NAMES.filter((name) => promised(name, PAGE_JOURNEY) !== null && name !== UNPAINTED);

/** The files of the browser journey's page that --har wrote: its screenshot and its page trace. */
const pageFilesOf = (har: HarFolder): { png: [string, Buffer][]; trace: [string, Buffer][] } => ({
  png: [...har].filter(([file]) => file.endsWith(`-${PAGE_JOURNEY}-sign-in.png`)),
  trace: [...har].filter(([file]) => file.endsWith(`-${PAGE_JOURNEY}-sign-in.page.har`)),
});

describe('what a failing page leaves beside the HARs (--har)', () => {
  it.each(FAILING)('%s: one screenshot of the page and one sanitized page trace, named as the HARs are', (name) => {
    const { cli, har, secrets } = outcomes.get(name)!;
    const { png, trace } = pageFilesOf(har);
    expect(
      png.map(([file]) => file),
      [...har.keys()].join(', '),
    ).toHaveLength(1);
    expect(trace).toHaveLength(1);
    const [pngName, image] = png[0]!;
    // The HARs' scheme: <run's start>-<journey>-<check>, the run's start with ':' and '.' made '-'.
    expect(pngName).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-page-sign-in\.png$/);
    expect(trace[0]![0]).toBe(pngName.replace(/\.png$/, '.page.har'));
    expect(image.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(image.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([image.readUInt32BE(16), image.readUInt32BE(20)]).toEqual([1280, 900]);
    const text = trace[0]![1].toString('utf8');
    expect(harErrors(JSON.parse(text))).toEqual([]);
    const log = (JSON.parse(text) as { log: Record<string, unknown> & { comment: string } }).log;
    expect(log).toMatchObject({ version: '1.2', _screenshot: { kept: true, fields: { holdingValue: 0 } } });
    expect(log.comment).toContain(`${PAGE_JOURNEY}/sign-in ${promised(name, PAGE_JOURNEY)!}`);
    expect(revealsSecret(text, secrets)).toBe(false);
    // Named on stderr under their own heading.
    expect(cli.stderr).toContain('The sign-in page at its failure');
  });

  it(`${UNPAINTED}: no screenshot (the browser never painted the page), and its trace says why`, () => {
    const { har, secrets } = outcomes.get(UNPAINTED)!;
    const { png, trace } = pageFilesOf(har);
    expect(png).toEqual([]);
    expect(trace).toHaveLength(1);
    const text = trace[0]![1].toString('utf8');
    expect(harErrors(JSON.parse(text))).toEqual([]);
    const log = (JSON.parse(text) as { log: Record<string, unknown> & { comment: string } }).log;
    expect(log).toMatchObject({
      _screenshot: { kept: false, why: expect.stringMatching(/the browser could not take it/) },
    });
    expect(log.comment).toContain(`${PAGE_JOURNEY}/sign-in SIGN_IN_PAGE_STALLED`);
    expect(revealsSecret(text, secrets)).toBe(false);
  });

  it('a healthy page leaves nothing: no screenshot, no page trace', () => {
    const { har } = outcomes.get('sign-in-page')!;
    expect(pageFilesOf(har)).toEqual({ png: [], trace: [] });
  });

  it('a sign-in that passed on an old widget leaves nothing either: the warning is not a failure of the page', () => {
    expect(promised('sign-in-page-old-widget', PAGE_JOURNEY, 'sign-in-widget')).toBe('SIGN_IN_WIDGET_OUTDATED');
    expect(pageFilesOf(outcomes.get('sign-in-page-old-widget')!.har)).toEqual({ png: [], trace: [] });
  });
});
