// The hosted sign-in page beside the API: a browser journey failing on its page while an idx or authn journey of the
// same app passed in the same run is told in one line, on the CLI's report and on the help desk's status page, as the
// org's page and its customization (with the finding's remedy), unless Okta's own asset failed or Okta's status feed
// reports an incident; and never when no API journey of the app ran, or it failed too.
import { describe, expect, it } from 'vitest';
import type { DiagnosisCode } from '../../functions/contract';
import { pageBesideApiText, pagesBesideReport } from '../../functions/cli/render';
import { diagnose } from '../../functions/diagnosis/diagnose';
import { runLogLine } from '../../functions/report/run-line';
import { foldRunLine } from '../../functions/status-page/fold';
import { renderStatusHtml } from '../../functions/status-page/html';
import { readStatusModel } from '../../functions/status-page/read';
import { watchedOf } from '../../functions/status-page/watched';
import type { CheckResult, ProbeConfig, Report, SignInConfig } from '../../functions/types';

const ORG = 'https://acme.okta.com';
const PLACE = { orgUrl: ORG, host: 'acme.okta.com', secrets: [] };
const CSP_DETAIL =
  'the Sign-In Widget never rendered: Content Security Policy directive "script-src-elem" blocked ' +
  'https://cdn.acme.example/brand.js';
const OKTA_ASSET_DETAIL =
  'the Sign-In Widget never rendered: https://ok14static.oktacdn.com/assets/js/sdk/okta-signin-widget/7.49.0/js/' +
  'okta-sign-in.min.js answered 503';

const journey = (id: string, flow: SignInConfig['flow'], clientId = '0oaweb'): SignInConfig =>
  ({ id, flow, server: 'default', clientId, username: `${id}@acme.example` }) as unknown as SignInConfig;

const WORKFORCE = journey('workforce', 'idx');
const PAGE = journey('page', 'browser');

const pass = (server: string, check: CheckResult['check'] = 'sign-in'): CheckResult => ({
  server,
  check,
  status: 'pass',
  diagnosis: null,
  latencyMs: 100,
});

const fail = (server: string, code: DiagnosisCode, detail: string, check: CheckResult['check'] = 'sign-in') =>
  ({
    server,
    check,
    status: 'fail',
    diagnosis: diagnose(code, { detail }, PLACE),
    latencyMs: 100,
  }) as CheckResult;

const report = (checks: readonly CheckResult[]): Report => ({
  startedAt: '2026-11-28T02:00:00.000Z',
  durationMs: 3000,
  orgUrl: ORG,
  checks,
  metrics: [],
});

const cliLine = (checks: readonly CheckResult[], journeys = [WORKFORCE, PAGE]): string =>
  pageBesideApiText(report(checks), journeys, { width: 400 });

const config = (journeys: readonly SignInConfig[]): ProbeConfig =>
  ({
    servers: [{ id: 'default' }],
    signIn: journeys,
    statusPageUrl: 'https://status.okta.com',
  }) as unknown as ProbeConfig;

/** The help desk's page after one run of `checks`, and its model read back as the Lambda reads it. */
function statusPage(checks: readonly CheckResult[], journeys = [WORKFORCE, PAGE]) {
  const model = foldRunLine(undefined, runLogLine(report(checks)), watchedOf(config(journeys)));
  const html = renderStatusHtml(model, new Date('2026-11-28T02:01:00.000Z'));
  return { model, html, readBack: readStatusModel(JSON.parse(JSON.stringify(model))) };
}

const BROKEN = "The hosted sign-in page is broken while Okta's APIs answer";

describe('the page beside the API on the CLI report', () => {
  it("tells a page failing while the idx journey of its app passed as the org's page, with the remedy", () => {
    const text = cliLine([
      pass('workforce'),
      fail('page', 'SIGN_IN_PAGE_CSP_BLOCKED', CSP_DETAIL),
      pass('okta', 'status'),
    ]);
    const line = text.replace(/\s+/g, ' ').trim();
    expect(line).toBe(
      `${BROKEN}: "page" failed on the page (SIGN_IN_PAGE_CSP_BLOCKED) while "workforce", the same app signed in ` +
        "over the API, passed; the org's page and its customization, not an Okta outage (owner: the org). " +
        diagnose('SIGN_IN_PAGE_CSP_BLOCKED', {}, PLACE).remedy.replace(/\s+/g, ' '),
    );
  });

  it('gives the JSON report the same line, with the journeys, the code and the owner as fields', () => {
    const checks = [pass('workforce'), fail('page', 'SIGN_IN_PAGE_CSP_BLOCKED', CSP_DETAIL)];
    const [told, ...more] = pagesBesideReport(report(checks), [WORKFORCE, PAGE]);
    expect(more).toEqual([]);
    expect(told).toMatchObject({ page: 'page', apis: ['workforce'], code: 'SIGN_IN_PAGE_CSP_BLOCKED', owner: 'org' });
    expect(told?.okta).toBeUndefined();
    expect(told?.line.replace(/\s+/g, ' ')).toBe(cliLine(checks).replace(/\s+/g, ' ').trim());
  });

  it('an authn journey of the same app counts too, named by its people name', () => {
    const portal = journey('portal', 'authn');
    const text = pageBesideApiText(
      report([pass('portal'), fail('page', 'SIGN_IN_PAGE_SCRIPT_ERROR', 'the widget never rendered: x')]),
      [portal, PAGE],
      { width: 400, names: new Map([['portal', 'Staff portal']]) },
    );
    expect(text).toContain('while "Staff portal", the same app signed in over the API, passed');
  });

  it('says nothing when no API journey of the app ran, it failed too, or it is another app', () => {
    const page = fail('page', 'SIGN_IN_PAGE_CSP_BLOCKED', CSP_DETAIL);
    expect(cliLine([page])).toBe('');
    expect(cliLine([fail('workforce', 'SIGN_IN_REJECTED', 'refused'), page])).toBe('');
    expect(cliLine([pass('workforce'), page], [journey('workforce', 'idx', '0oaother'), PAGE])).toBe('');
    // A direct journey never loads the app's redirect: it is no API journey of the page's app.
    expect(cliLine([pass('workforce'), page], [journey('workforce', 'direct'), PAGE])).toBe('');
    // An API journey's pass carried from an earlier run is not this run's.
    expect(cliLine([{ ...pass('workforce'), carried: { judgedAt: '2026-11-28T01:50:00.000Z' } }, page])).toBe('');
  });

  it("says nothing for a browser journey failing for want of a browser: that is ours, not the page's", () => {
    const text = cliLine([pass('workforce'), fail('page', 'BROWSER_UNAVAILABLE', 'Chromium would not start')]);
    expect(text).toBe('');
  });

  it("an asset of Okta's own CDN failing is Okta's, not the org's page, and gives no remedy of the org's", () => {
    const text = cliLine([pass('workforce'), fail('page', 'SIGN_IN_PAGE_ASSET_FAILED', OKTA_ASSET_DETAIL)]);
    const line = text.replace(/\s+/g, ' ').trim();
    expect(line).toContain("but the asset that failed is Okta's own (the Sign-In Widget from Okta's CDN)");
    expect(line).toMatch(/\(owner: Okta\)\.$/);
    // The org's own asset failing stays the org's.
    const own = cliLine([pass('workforce'), fail('page', 'SIGN_IN_PAGE_ASSET_FAILED', CSP_DETAIL)]);
    expect(own.replace(/\s+/g, ' ')).toContain('(owner: the org)');
    // No answer from Okta's CDN at all is Okta's too.
    const unreached = OKTA_ASSET_DETAIL.replace('answered 503', 'failed (net::ERR_CONNECTION_RESET)');
    expect(cliLine([pass('workforce'), fail('page', 'SIGN_IN_PAGE_ASSET_FAILED', unreached)])).toMatch(/owner: Okta/);
  });

  it("a widget version Okta's CDN does not hold (404) is the version the org's page pins: the org's", () => {
    const pinned = OKTA_ASSET_DETAIL.replace('answered 503', 'answered 404');
    const line = cliLine([pass('workforce'), fail('page', 'SIGN_IN_PAGE_ASSET_FAILED', pinned)]).replace(/\s+/g, ' ');
    expect(line).toContain("the org's page and its customization, not an Okta outage (owner: the org)");
    expect(line).not.toContain("Okta's own");
  });

  it("an incident on Okta's status feed in the same run makes it Okta's", () => {
    const feed = fail('okta', 'OKTA_STATUS_DEGRADED', 'indicator=2', 'status');
    const text = cliLine([pass('workforce'), fail('page', 'SIGN_IN_PAGE_BLANK', 'never rendered'), feed]);
    const line = text.replace(/\s+/g, ' ').trim();
    expect(line).toContain("but Okta's status feed reports an incident: Okta's, not the org's page (owner: Okta).");
  });
});

describe('the page beside the API on the status page', () => {
  it("says the line under the browser journey, its fault the org's, and the model reads back", () => {
    const { model, html, readBack } = statusPage([
      pass('workforce'),
      fail('page', 'SIGN_IN_PAGE_CSP_BLOCKED', CSP_DETAIL),
      pass('okta', 'status'),
    ]);
    const part = model.parts.find((p) => p.kind === 'journey' && p.id === 'page');
    expect(part).toMatchObject({
      state: 'failing',
      fault: { code: 'SIGN_IN_PAGE_CSP_BLOCKED', owner: 'org' },
      beside: { api: 'workforce', owner: 'org' },
    });
    expect(html).toContain(
      `${BROKEN.replace("'", '&#39;')}: &quot;page&quot; failed on the page (SIGN_IN_PAGE_CSP_BLOCKED)`,
    );
    expect(html).toContain('Content Security Policy: add the blocked origin');
    expect(readBack).toEqual(model);
  });

  it("Okta's own asset makes the journey's fault Okta's, as the line says", () => {
    const { model, html } = statusPage([
      pass('workforce'),
      fail('page', 'SIGN_IN_PAGE_ASSET_FAILED', OKTA_ASSET_DETAIL),
    ]);
    const part = model.parts.find((p) => p.kind === 'journey' && p.id === 'page');
    expect(part).toMatchObject({
      fault: { owner: 'okta' },
      beside: { api: 'workforce', owner: 'okta', okta: 'asset' },
    });
    expect(html).toContain('(owner: Okta).');
  });

  it('says nothing when the API journey failed too, or the config names no API journey of the app', () => {
    const page = fail('page', 'SIGN_IN_PAGE_CSP_BLOCKED', CSP_DETAIL);
    for (const { model, html } of [
      statusPage([fail('workforce', 'SIGN_IN_REJECTED', 'refused'), page]),
      statusPage([pass('workforce'), page], [journey('workforce', 'idx', '0oaother'), PAGE]),
    ]) {
      expect(model.parts.find((p) => p.id === 'page')?.beside).toBeUndefined();
      expect(html).not.toContain('The hosted sign-in page is broken');
    }
  });
});
