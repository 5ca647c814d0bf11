// The Preview org's line on the status page: each verdict told, in a section of its own that never changes the page's
// overall state and never looks like a failing part; a stale summary never says "mirrors"; a forged one is refused.
import { describe, expect, it } from 'vitest';
import type { RunLogLine } from '../../../functions/contract';
import { buildStatusPage, type StatusPage } from '../../../functions/status-page/page';
import type { PreviewComparison } from '../../../functions/report/preview-pair';
import { previewSummaryOf, readPreviewSummary, type PreviewSummary } from '../../../functions/status-page/preview';
import { goodRunLine } from '../../support/run-line-fixture';

const AT = new Date('2026-10-01T08:01:00.000Z');
const iso = (minutesBefore: number): string => new Date(AT.getTime() - minutesBefore * 60_000).toISOString();

/** A run a minute before the page's time, with the default server up or down. */
const runLine = (up: 0 | 1): RunLogLine => ({
  ...goodRunLine,
  startedAt: iso(1),
  servers: [{ id: 'default', up, ms: 100 }],
  failures: up === 1 ? [] : goodRunLine.failures,
});

const summary = (over: Partial<PreviewSummary> = {}): PreviewSummary => ({
  orgUrl: 'https://acme.oktapreview.com',
  checkedAt: iso(2),
  everyMinutes: 5,
  unavailable: false,
  ahead: [],
  moreAhead: 0,
  notMirrored: 0,
  ...over,
});

const AHEAD = summary({
  ahead: [{ target: 'default', check: 'custom-scope', code: 'INVALID_SCOPE', since: '2026-09-30T17:00:00.000Z' }],
});

/** The config names the default server "Payments API": the Preview line names it so. */
const WATCHED = [{ id: 'default', kind: 'server', name: 'Payments API' }] as const;

function page(up: 0 | 1, preview?: PreviewSummary): StatusPage {
  const built = buildStatusPage({ lines: [runLine(up)], at: AT, preview: { summary: preview }, watched: WATCHED });
  if (built === undefined) throw new Error('no page');
  return built;
}

const html = (built: StatusPage): string => built.files[0]?.body ?? '';
const json = (built: StatusPage): { overall: string; preview?: { state: string; text: string } } =>
  JSON.parse(built.files[1]?.body ?? '{}') as { overall: string; preview?: { state: string; text: string } };
/** The Preview section of the page, alone. */
const section = (built: StatusPage): string => /<section class="preview">.*?<\/section>/s.exec(html(built))?.[0] ?? '';

const VERDICTS: readonly (readonly [string, PreviewSummary | undefined, string, RegExp])[] = [
  [
    'ahead',
    AHEAD,
    'ahead',
    new RegExp(
      '1 check fails in Preview only, Production next: the custom-scope check of Payments API: Scope not allowed ' +
        '\\(INVALID_SCOPE\\), since 2026-09-30 17:00 UTC',
    ),
  ],
  ['unavailable', summary({ unavailable: true }), 'unavailable', /Preview org unavailable at its last check/],
  ['mirrors', summary(), 'mirrors', /Preview mirrors Production: nothing ahead/],
  [
    'not compared',
    summary({ bothPassed: 0 }),
    'not-compared',
    /Preview not compared with Production at its last check \(2026-10-01 07:59 UTC\): no check passed in both orgs/,
  ],
  ['none kept', undefined, 'not-checked', /Preview org not checked yet/],
  ['stale', summary({ checkedAt: iso(16) }), 'stale', /Preview org not checked since 2026-10-01 07:45 UTC/],
];

describe("the status page's Preview line", () => {
  it.each(VERDICTS)('tells the %s verdict in a section of its own and in status.json', (_, kept, state, words) => {
    const built = page(1, kept);
    expect(section(built)).toMatch(words);
    expect(section(built)).toContain(`data-preview="${state}"`);
    expect(json(built).preview?.state).toBe(state);
    expect(json(built).preview?.text).toMatch(words);
  });

  it.each(VERDICTS)(
    'never changes the overall state (%s): a working page stays working, a failing one failing',
    (_, kept) => {
      for (const up of [1, 0] as const) {
        expect(json(page(up, kept)).overall).toBe(json(page(up)).overall);
        expect(html(page(up, kept))).toContain(/<div class="banner live (\w+)">/.exec(html(page(up)))?.[0]);
      }
      expect(json(page(1, kept)).overall).toBe('ok');
      // Never a part's badge, colour or banner.
      expect(section(page(1, kept))).not.toMatch(/FAILING|failing|badge|banner/);
    },
  );

  it('tells each verdict in its own words, and none changes the overall state nor shows as failing', () => {
    const told = (kept?: PreviewSummary): string => json(page(1, kept)).preview?.text ?? '';
    expect(told(AHEAD)).toMatch(
      /^1 check fails in Preview only, Production next: the custom-scope check of Payments API: .* since 2026-09-30/,
    );
    expect(told(summary({ unavailable: true }))).toContain('Preview org unavailable');
    expect(told(summary())).toContain('Preview mirrors Production: nothing ahead');
    // "mirrors" only when some check passed in both orgs.
    expect(told(summary({ bothPassed: 0 }))).toContain('Preview not compared with Production');
    expect(told(summary({ bothPassed: 0 }))).not.toContain('mirrors');
    expect(told(undefined)).toContain('Preview org not checked yet');
    // Stale past 3 of its periods (5 minutes each): 14 minutes old is still told, 16 is not.
    expect(told(summary({ checkedAt: iso(14) }))).toContain('Preview mirrors Production: nothing ahead');
    expect(told(summary({ checkedAt: iso(16) }))).toContain('Preview org not checked since 2026-10-01 07:45 UTC');
    for (const kept of [AHEAD, summary({ unavailable: true }), summary(), undefined]) {
      expect(json(page(1, kept)).overall).toBe('ok');
      expect(json(page(0, kept)).overall).toBe(json(page(0)).overall);
      expect(section(page(1, kept))).not.toMatch(/FAILING|failing|badge|banner/);
    }
  });

  it('tells the help desk that nothing is broken for users today while a check fails in Preview only', () => {
    expect(section(page(1, AHEAD))).toContain('Nothing is broken for users today');
  });

  it('says "not compared", never "mirrors", when no check passed in both orgs', () => {
    // Our own DNS failing: every check of both orgs failed alike, so the comparison paired them as both failing.
    const dns = { code: 'NETWORK_ERROR' as const };
    const compared: PreviewComparison = {
      orgUrl: 'https://acme.oktapreview.com',
      pairs: [
        { target: 'default', check: 'token', production: 'fail', preview: 'fail', verdict: 'both-fail', ...dns },
        { target: 'org', check: 'token', production: 'fail', preview: 'fail', verdict: 'both-fail', ...dns },
      ],
    };
    const kept = previewSummaryOf(compared, { checkedAt: iso(2), everyMinutes: 5 }, {});
    expect(kept.bothPassed).toBe(0);
    expect(readPreviewSummary(JSON.parse(JSON.stringify(kept)))).toEqual(kept);
    expect(section(page(1, kept))).toContain('Preview not compared with Production');
    expect(section(page(1, kept))).not.toMatch(/mirrors/);
    // A summary kept before the count is read as before.
    expect(section(page(1, summary()))).toMatch(/mirrors Production/);
  });

  it('says "not checked since", never "mirrors", once the summary is older than 3 of its periods', () => {
    expect(section(page(1, summary({ checkedAt: iso(15) })))).toMatch(/mirrors Production/);
    expect(section(page(1, summary({ checkedAt: iso(16) })))).not.toMatch(/mirrors/);
  });

  it('shows no Preview line without a preview block', () => {
    const built = buildStatusPage({ lines: [runLine(1)], at: AT });
    expect(built?.files[0]?.body).not.toContain('class="preview"');
    expect(JSON.parse(built?.files[1]?.body ?? '{}')).not.toHaveProperty('preview');
  });

  it('refuses a hand-edited summary: markup, control characters, unknown codes, members out of bounds', () => {
    const good = JSON.parse(JSON.stringify(AHEAD)) as Record<string, unknown>;
    expect(readPreviewSummary(good)).toEqual(AHEAD);
    const forged: unknown[] = [
      { ...good, ahead: [{ ...AHEAD.ahead[0], target: '<script>alert(1)</script>' }] },
      { ...good, ahead: [{ ...AHEAD.ahead[0], check: 'token\u001b[31m' }] },
      { ...good, ahead: [{ ...AHEAD.ahead[0], code: 'NOT_A_CODE' }] },
      { ...good, ahead: [{ ...AHEAD.ahead[0], since: '2099-01-01T00:00:00.000Z' }] },
      { ...good, everyMinutes: 0 },
      { ...good, unavailable: 'yes' },
      { ...good, extra: 1 },
      { ...good, ahead: Array.from({ length: 11 }, () => AHEAD.ahead[0]) },
      'not a record',
    ];
    for (const raw of forged) expect(readPreviewSummary(raw)).toBeUndefined();
  });

  it('escapes what it shows: a check name with markup stays text', () => {
    const odd = summary({ ahead: [{ ...AHEAD.ahead[0]!, check: 'a<b>c' }] });
    expect(section(page(1, odd))).toContain('a&lt;b&gt;c');
    expect(section(page(1, odd))).not.toContain('a<b>c');
  });
});

describe("the Preview summary's since", () => {
  const compared: PreviewComparison = {
    orgUrl: 'https://acme.oktapreview.com',
    pairs: [
      {
        target: 'default',
        check: 'validate',
        production: 'pass',
        preview: 'fail',
        verdict: 'preview-ahead',
        code: 'MISSING_SCOPE',
      },
    ],
  };
  const run = { checkedAt: iso(2), everyMinutes: 5 };
  const sinceOf = (before: Parameters<typeof previewSummaryOf>[2]) =>
    previewSummaryOf(compared, run, before).ahead[0]?.since;

  it("takes since when from the run's kept record of it, else the run's own time", () => {
    expect(sinceOf({ since: { 'default/validate': iso(30) } })).toBe(iso(30));
    expect(sinceOf({})).toBe(run.checkedAt);
  });

  it('starts a failure at the run itself when the kept since is after the run or no time at all', () => {
    expect(sinceOf({ since: { 'default/validate': iso(-60) } })).toBe(run.checkedAt);
    expect(sinceOf({ since: { 'default/validate': 'yesterday' } })).toBe(run.checkedAt);
    // What it keeps is read back as sound: the page never refuses its own record.
    expect(
      readPreviewSummary(previewSummaryOf(compared, run, { since: { 'default/validate': iso(-60) } })),
    ).toBeDefined();
  });
  it('keeps a since Date.parse took in another form as ISO 8601 in UTC, so its own reader takes the summary', () => {
    const other = new Date(Date.parse(iso(30)));
    for (const written of [other.toUTCString(), iso(30).replace('Z', '+00:00'), other.toISOString().slice(0, 10)]) {
      const kept = previewSummaryOf(compared, run, { since: { 'default/validate': written } });
      expect(kept.ahead[0]?.since, written).toBe(new Date(Date.parse(written)).toISOString());
      expect(readPreviewSummary(kept), written).toBeDefined();
    }
    expect(sinceOf({ since: { 'default/validate': 42 as unknown as string } })).toBe(run.checkedAt);
  });
});
