// `npm start` and `demo` load the hosted sign-in page beside the API wherever the journey finds a Chromium (CI
// installs Debian's), and where none is found say so in exactly one line with how to get one: never a failure, never
// a pass. A page scenario's failure is told beside the idx journey that passed, as the org's page: a widget version
// the CDN does not hold is the org's pin, not Okta's asset failing.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../functions/types';
import { isHealthy } from '../../../functions/probe/results';
import { buildOnce, runCli, runDist, STACK_LINE, type CliOutcome } from './helpers';

/** A path where no Chromium is: OKTA_SYNTHETICS_CHROMIUM naming it finds none, whatever the machine has. */
const NO_CHROMIUM_HERE = { OKTA_SYNTHETICS_CHROMIUM: '/nonexistent/chromium' };

const runs: Record<string, CliOutcome> = {};

beforeAll(async () => {
  await buildOnce();
  const all: readonly [string, () => Promise<CliOutcome>][] = [
    ['start', () => runDist(['demo'])],
    ['json', () => runCli(['demo', '--json'])],
    ['none', () => runDist(['demo'], NO_CHROMIUM_HERE)],
    ['none-json', () => runCli(['demo', '--json'], NO_CHROMIUM_HERE)],
    ['csp', () => runCli(['demo', '--scenario', 'sign-in-page-csp'])],
    ['pinned-asset', () => runCli(['demo', '--scenario', 'sign-in-page-asset-missing'])],
    ['csp-json', () => runCli(['demo', '--json', '--scenario', 'sign-in-page-csp'])],
  ];
  const queue = [...all];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) runs[next[0]] = await next[1]();
  };
  await Promise.all([worker(), worker()]);
}, 240_000);

const oneLine = (text: string): string => text.replace(/\s+/g, ' ');
const NOT_CHECKED = /^Sign-in page not checked: .*$/gm;

describe('npm start and demo, with a Chromium', () => {
  it('add a browser journey of the idx journey app, which signs in through the page', () => {
    const { code, stdout, stderr } = runs['json']!;
    expect(stderr).not.toMatch(STACK_LINE);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const page = report.checks.find((c) => c.server === 'page' && c.check === 'sign-in');
    expect(page).toMatchObject({ status: 'pass', observed: { flow: 'browser' } });
    expect(report.checks.every(isHealthy)).toBe(true);
  });

  it('npm start shows it passing, and says nothing of a missing Chromium', () => {
    const { code, stdout } = runs['start']!;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^page {2}\(sign-in journey\)\n {2}PASS {2}sign-in /m);
    expect(stdout).toMatch(/\d+ passed, 0 failed, 0 skipped/);
    expect(stdout).not.toMatch(NOT_CHECKED);
  });
});

describe('npm start and demo, where no Chromium is found', () => {
  it('say so in exactly one line naming how to get one, run no browser journey, and still pass', () => {
    const { code, stdout } = runs['none']!;
    expect(code).toBe(0);
    expect(stdout.match(NOT_CHECKED)).toEqual([
      'Sign-in page not checked: fix OKTA_SYNTHETICS_CHROMIUM, or apt install chromium',
    ]);
    // One line of the demo's own, within its 80 columns.
    expect(Math.max(...(stdout.match(NOT_CHECKED) ?? []).map((line) => line.length))).toBeLessThanOrEqual(80);
    expect(stdout).not.toMatch(/^page {2}\(sign-in journey\)/m);
    expect(stdout).toMatch(/\d+ passed, 0 failed, 0 skipped/);
  });

  it('with --json, the line goes to stderr and the report holds no browser journey', () => {
    const { code, stdout, stderr } = runs['none-json']!;
    expect(code).toBe(0);
    expect(stderr.match(NOT_CHECKED)).toHaveLength(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.checks.some((c) => c.server === 'page')).toBe(false);
  });
});

describe('the page beside the API, through the built CLI', () => {
  it("a CSP-blocked page while the idx journey passed is the org's page, with the remedy", () => {
    const { code, stdout } = runs['csp']!;
    expect(code).toBe(1);
    expect(oneLine(stdout)).toContain(
      'The hosted sign-in page is broken while Okta\'s APIs answer: "page" failed on the page ' +
        '(SIGN_IN_PAGE_CSP_BLOCKED) while "workforce", the same app signed in over the API, passed; the org\'s page ' +
        'and its customization, not an Okta outage (owner: the org). Customizations > Brands > (the brand) > ' +
        'Settings > Content Security Policy',
    );
  });

  it('with --json, the report carries it as pageBesideApi, the line the terminal shows with it', () => {
    const report = JSON.parse(runs['csp-json']!.stdout) as { pageBesideApi?: unknown };
    expect(report.pageBesideApi).toEqual([
      {
        page: 'page',
        apis: ['workforce'],
        code: 'SIGN_IN_PAGE_CSP_BLOCKED',
        owner: 'org',
        line: expect.stringMatching(
          /^The hosted sign-in page is broken while Okta's APIs answer: .* Customizations > /,
        ),
      },
    ]);
  });

  it("a pinned widget version Okta's CDN path does not hold (404) is the org's page, not an Okta outage", () => {
    const { stdout } = runs['pinned-asset']!;
    expect(oneLine(stdout)).toContain(
      '(SIGN_IN_PAGE_ASSET_FAILED) while "workforce", the same app signed in over the API, passed; the org\'s page ' +
        'and its customization, not an Okta outage (owner: the org).',
    );
  });
});
