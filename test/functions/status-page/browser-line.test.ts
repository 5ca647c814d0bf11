// The deployed page's browser journeys: the probe's run line and the browser function's last run line, built into one
// page as the Lambda builds it, say of the journey and its app what the CLI's page says of the one run that ran both;
// each dated by the browser's run, and unknown (never working) once that run is older than the journey's cadence
// allows. A journey another region runs is folded from that region's line alone.
import { describe, expect, it } from 'vitest';
import { browserPartKeyOf, STATUS_PAGE_PART_KEYS, type RunLogLine } from '../../../functions/contract';
import { runLogLine } from '../../../functions/report/run-line';
import { browserRunMaxAgeMs, type BrowserJourney } from '../../../functions/status-page/browser-line';
import { statusJson } from '../../../functions/status-page/json';
import type { StatusModel } from '../../../functions/status-page/model';
import { buildStatusPage } from '../../../functions/status-page/page';
import { watchedOf } from '../../../functions/status-page/watched';
import type { CheckResult, ProbeConfig, Report } from '../../../functions/types';

const START = Date.parse('2026-10-01T08:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const MINUTE = 60_000;

/** The probe's server `default`, and the browser journey `page` (every 10 minutes) signing in to "Expenses". */
const PROBE = {
  servers: [{ id: 'default' }],
  signIn: [
    {
      id: 'page',
      name: 'Expense journey',
      flow: 'browser',
      server: 'default',
      clientId: '0oaExpenses',
      everyMinutes: 10,
      app: {
        name: 'Expenses',
        protocol: 'oidc',
        loginUrl: 'https://expenses.example.com/login',
        success: { path: '/home' },
        claims: [],
      },
    },
  ],
  statusPageUrl: null,
} as unknown as Pick<ProbeConfig, 'servers' | 'signIn' | 'samlApps' | 'samlGroups' | 'statusPageUrl'>;
const watched = watchedOf(PROBE);
const HOME = STATUS_PAGE_PART_KEYS.browser;
const AWAY = browserPartKeyOf('us-east-2');
const JOURNEYS: readonly BrowserJourney[] = [{ id: 'page', everyMinutes: 10, part: HOME }];

const token: CheckResult = { server: 'default', check: 'token', latencyMs: 80, status: 'pass', diagnosis: null };
const signIn: CheckResult = { server: 'page', check: 'sign-in', latencyMs: 900, status: 'pass', diagnosis: null };
const refused: CheckResult = {
  server: 'page',
  check: 'app-sign-in',
  latencyMs: null,
  status: 'fail',
  diagnosis: { code: 'APP_AUDIENCE_MISMATCH', summary: 's', remedy: 'r', requestId: null, detail: 'd' },
};

const lineOf = (at: number, checks: readonly CheckResult[]): RunLogLine =>
  runLogLine({ orgUrl: 'https://acme.okta.com', startedAt: iso(at), durationMs: 100, checks, metrics: [] } as Report);

/**
 * The page as the deployed probe builds it: its own line, the browser's kept line beside it (the home region's part,
 * unless `parts` says which region's line is kept where).
 */
function deployed(
  prev: StatusModel | undefined,
  probeAt: number,
  browser: RunLogLine | undefined,
  at = probeAt,
  parts: { journeys: readonly BrowserJourney[]; lines: ReadonlyMap<string, RunLogLine> } = {
    journeys: JOURNEYS,
    lines: new Map(browser === undefined ? [] : [[HOME, browser]]),
  },
) {
  const page = buildStatusPage({ prev, lines: [lineOf(probeAt, [token])], at: new Date(at), watched, browser: parts });
  if (page === undefined) throw new Error('no page');
  return { model: page.model, json: statusJson(page.model, new Date(at)), html: page.files[0]!.body };
}

const part = (json: ReturnType<typeof statusJson>, kind: string) => json.parts.find((p) => p.kind === kind);

describe("the deployed page's browser journeys, from the browser function's line", () => {
  const browser = lineOf(START, [signIn, refused]);

  it('says "Sign-in to Expenses fails at Expenses; Okta works", the journey working, as the CLI\'s page does', () => {
    const { json, html } = deployed(undefined, START + MINUTE, browser);
    // The CLI's page: one run ran the server's check and the browser journey alike, when the browser's run did.
    const cli = buildStatusPage({
      lines: [lineOf(START, [token, signIn, refused])],
      at: new Date(START + MINUTE),
      watched,
    })!;
    const cliJson = statusJson(cli.model, new Date(START + MINUTE));

    expect(part(json, 'app')).toMatchObject({
      id: 'page',
      name: 'Expenses',
      state: 'failing',
      fault: { owner: 'app' },
    });
    expect(part(json, 'app')?.caller).toMatch(/^Sign-in to Expenses fails at Expenses; Okta works\./);
    expect(part(json, 'journey')).toMatchObject({ id: 'page', state: 'ok' });
    expect(html).toContain('Tell callers: Sign-in to Expenses fails at Expenses; Okta works.');
    for (const kind of ['journey', 'app'] as const) {
      const { state, fault, caller, name } = part(cliJson, kind)!;
      expect(part(json, kind)).toMatchObject({ state, fault, caller, name });
    }
  });

  it("dates the journey's parts by the browser's run, and folds that run once however many probe runs read it", () => {
    const first = deployed(undefined, START + MINUTE, browser);
    const again = deployed(first.model, START + 2 * MINUTE, browser);

    expect(part(first.json, 'app')).toMatchObject({ since: iso(START), checkedAt: iso(START) });
    expect(part(again.json, 'app')).toMatchObject({ state: 'failing', since: iso(START), checkedAt: iso(START) });
    expect(part(again.json, 'journey')).toMatchObject({ state: 'ok', checkedAt: iso(START) });
  });

  it("shows the journey and its app unknown once the browser's run is older than the journey's cadence allows", () => {
    const passing = lineOf(START, [signIn, { ...refused, status: 'pass', diagnosis: null }]);
    const fresh = deployed(undefined, START + MINUTE, passing);
    const late = START + browserRunMaxAgeMs(10) + 1;
    const { json } = deployed(fresh.model, late, passing);

    expect(part(fresh.json, 'journey')?.state).toBe('ok');
    expect(part(json, 'journey')).toMatchObject({ state: 'unknown', lastOkAt: iso(START) });
    expect(part(json, 'app')?.state).toBe('unknown');
    expect(part(json, 'journey')?.caller).toMatch(/^Nothing has checked sign-in \(Expense journey\) lately/);
    // Within the allowance the same line still speaks.
    const inTime = deployed(fresh.model, START + browserRunMaxAgeMs(10) - 1, passing);
    expect(part(inTime.json, 'journey')?.state).toBe('ok');
  });

  it('shows the journey unknown before its function has kept any line, and with a line from ahead of the clock', () => {
    const none = deployed(undefined, START + MINUTE, undefined);
    const ahead = deployed(undefined, START, lineOf(START + 10 * MINUTE, [signIn]));

    expect(part(none.json, 'journey')?.state).toBe('unknown');
    expect(part(ahead.json, 'journey')?.state).toBe('unknown');
  });

  it("folds a journey another region runs from that region's line, dated by that region's run", () => {
    const away = [{ ...JOURNEYS[0]!, part: AWAY }];
    const { json } = deployed(undefined, START + MINUTE, undefined, START + MINUTE, {
      journeys: away,
      lines: new Map([[AWAY, browser]]),
    });

    expect(part(json, 'app')).toMatchObject({ state: 'failing', fault: { owner: 'app' }, checkedAt: iso(START) });
    expect(part(json, 'app')?.caller).toMatch(/^Sign-in to Expenses fails at Expenses; Okta works\./);
    expect(part(json, 'journey')).toMatchObject({ state: 'ok', checkedAt: iso(START) });
  });

  it("never takes a journey's verdict from another region's line: its own region's missing is unknown", () => {
    const away = [{ ...JOURNEYS[0]!, part: AWAY }];
    // The home region's line names the journey passing; the journey is us-east-2's, whose line was not read.
    const passing = lineOf(START, [signIn, { ...refused, status: 'pass', diagnosis: null }]);
    const { json } = deployed(undefined, START + MINUTE, undefined, START + MINUTE, {
      journeys: away,
      lines: new Map([[HOME, passing]]),
    });

    expect(part(json, 'journey')?.state).toBe('unknown');
    expect(part(json, 'app')?.state).toBe('unknown');
  });

  it("judges each region's journeys by their own region's run: one stale while another is fresh", () => {
    const probe = {
      ...PROBE,
      signIn: [PROBE.signIn![0]!, { ...PROBE.signIn![0]!, id: 'far', name: 'Far journey', app: undefined }],
    } as typeof PROBE;
    const journeys = [...JOURNEYS, { id: 'far', everyMinutes: 10, part: AWAY }];
    const at = START + browserRunMaxAgeMs(10) + MINUTE;
    const fresh = lineOf(at - MINUTE, [signIn]);
    const old = lineOf(START, [{ ...signIn, server: 'far' }]);
    const page = buildStatusPage({
      lines: [lineOf(at, [token])],
      at: new Date(at),
      watched: watchedOf(probe),
      browser: {
        journeys,
        lines: new Map([
          [HOME, fresh],
          [AWAY, old],
        ]),
      },
    })!;
    const journey = (id: string) => page.model.parts.find((p) => p.kind === 'journey' && p.id === id);

    expect(journey('page')).toMatchObject({ state: 'ok', checkedAt: iso(at - MINUTE) });
    expect(journey('far')?.state).toBe('unknown');
  });

  it("takes only the browser journeys' entries of its line, and none of them from the probe's", () => {
    const forged = lineOf(START, [signIn, { ...token, status: 'fail', diagnosis: refused.diagnosis }]);
    const { json } = deployed(undefined, START + MINUTE, forged);

    expect(part(json, 'server')).toMatchObject({ id: 'default', state: 'ok' });
  });
});
