// sign-in-widget: the widget version the page loaded, judged against the newest major the widget's docs name; a
// warning only of a journey that signed in, and never "up to date" for a version not seen; what the page did wrong on
// a walk that signed in (slow, an enforced CSP block, a failed asset, a script error) warns there, never pages.
import { describe, expect, it } from 'vitest';
import { fail, judged, pass } from '../../../../functions/probe/verdict';
import {
  judgeWidgetVersion,
  NEWEST_WIDGET_MAJOR,
  pageAfterSignIn,
  widgetMajor,
} from '../../../../functions/probe/sign-in/widget-version';
import { verdictOf } from '../../../../functions/plan/verdict';
import { outcomeOf, toCheckResult } from '../../../../functions/probe/results';
import { reportMetrics } from '../../../../functions/probe/metrics';

const signedIn = (widgetVersion?: string) =>
  judged(pass({ flow: 'browser', ...(widgetVersion !== undefined && { widgetVersion }) }));

describe('judgeWidgetVersion', () => {
  it('passes the newest major, and warns SIGN_IN_WIDGET_OUTDATED of an older one, naming both', () => {
    expect(judgeWidgetVersion(signedIn(`${NEWEST_WIDGET_MAJOR}.49.0`)).judgement).toMatchObject({ diagnosis: null });
    const old = judgeWidgetVersion(signedIn('6.9.0')).judgement;
    expect(old).toMatchObject({
      diagnosis: { code: 'SIGN_IN_WIDGET_OUTDATED' },
      observed: { widgetVersion: '6.9.0', newestWidgetMajor: NEWEST_WIDGET_MAJOR },
    });
    expect('diagnosis' in old && old.diagnosis?.detail).toMatch(/Sign-In Widget 6\.9\.0, older than 7\.x/);
  });

  it('a version not seen is skipped, never a pass', () => {
    expect(judgeWidgetVersion(signedIn()).judgement).toMatchObject({ notRun: 'skip' });
  });

  it('a journey that did not sign in is skipped, its own diagnosis saying why', () => {
    const failed = judged(fail('SIGN_IN_PAGE_BLANK', 'blank', { widgetVersion: '5.0.0' }));
    expect(judgeWidgetVersion(failed).judgement).toMatchObject({ notRun: 'skip' });
  });

  it('reads a major from a version, and none from what is not one', () => {
    expect([widgetMajor('7.49.0'), widgetMajor('6.9'), widgetMajor('latest'), widgetMajor('7')]).toEqual([
      7,
      6,
      undefined,
      undefined,
    ]);
  });
});

describe('a page that signed in warns of what it did wrong, and never pages', () => {
  const onPage = (observed: Record<string, string | number>) =>
    judgeWidgetVersion(judged(pass({ flow: 'browser', widgetVersion: '7.49.0', ...observed })));

  it('one render past the budget followed by a sign-in is SIGN_IN_PAGE_SLOW on sign-in-widget: a warning', () => {
    const slow = onPage({ widgetRenderedMs: 5210, renderBudgetMs: 4000 }).judgement;
    expect(slow).toMatchObject({ diagnosis: { code: 'SIGN_IN_PAGE_SLOW' } });
    expect('diagnosis' in slow && slow.diagnosis?.detail).toMatch(/rendered in 5210 ms, past the budget of 4000 ms/);
    expect(verdictOf('sign-in-widget', 'SIGN_IN_PAGE_SLOW').severity).toBe('warn');
  });

  it('an enforced CSP block, a failed asset, a script error after a sign-in warn, the first of them named', () => {
    const csp = onPage({ cspViolations: 2, firstCspViolation: 'directive "font-src" blocked https://fonts.x/a.woff' });
    expect(csp.judgement).toMatchObject({ diagnosis: { code: 'SIGN_IN_PAGE_CSP_BLOCKED' } });
    expect(onPage({ failedAssets: 1 }).judgement).toMatchObject({ diagnosis: { code: 'SIGN_IN_PAGE_ASSET_FAILED' } });
    expect(onPage({ scriptErrors: 1 }).judgement).toMatchObject({ diagnosis: { code: 'SIGN_IN_PAGE_SCRIPT_ERROR' } });
    for (const code of ['SIGN_IN_PAGE_CSP_BLOCKED', 'SIGN_IN_PAGE_ASSET_FAILED', 'SIGN_IN_PAGE_SCRIPT_ERROR'] as const)
      expect(verdictOf('sign-in-widget', code).severity).toBe('warn');
  });

  it('an outdated widget is told before one slow render: the pinned version is the stronger evidence', () => {
    const both = judgeWidgetVersion(
      judged(pass({ flow: 'browser', widgetVersion: '6.9.0', widgetRenderedMs: 4378, renderBudgetMs: 4000 })),
    ).judgement;
    expect(both).toMatchObject({ diagnosis: { code: 'SIGN_IN_WIDGET_OUTDATED' } });
  });

  it('a page within its budget and without errors passes on to the widget version', () => {
    expect(pageAfterSignIn({ widgetRenderedMs: 900, renderBudgetMs: 4000, cspViolations: 0 })).toBeUndefined();
    expect(onPage({ widgetRenderedMs: 900, renderBudgetMs: 4000 }).judgement).toMatchObject({ diagnosis: null });
  });
});

describe("one slow run warns; the page's render feeds the window that pages", () => {
  const walk = (observed: Record<string, string | number>) =>
    judgeWidgetVersion(judged(pass({ flow: 'browser', widgetVersion: '7.49.0', ...observed })));
  const published = (observed: Record<string, string | number>) => {
    const result = toCheckResult({ server: 'portal', check: 'sign-in-widget' }, walk(observed), {
      orgUrl: 'https://acme.okta.com',
      host: 'acme.okta.com',
      secrets: [],
      servers: [],
    });
    return { result, data: reportMetrics([result]).map((d) => [d.name, d.value]) };
  };

  it("a slow run's finding is a warning by its judge's word, as the stack's CheckSuccess alarm is", () => {
    const { result, data } = published({ widgetRenderedMs: 5210, renderBudgetMs: 4000 });
    expect(result).toMatchObject({ diagnosis: { code: 'SIGN_IN_PAGE_SLOW', severity: 'warn' } });
    expect(outcomeOf(result)).toBe('warn');
    expect(verdictOf('sign-in-widget', 'SIGN_IN_PAGE_SLOW', undefined, undefined, 'warn').severity).toBe('warn');
    // Its render reaches the page alarm's window: 5210 ms of a 4000 ms budget is 130 %.
    expect(data).toEqual([
      ['CheckSuccess', 0],
      ['SignInPageRenderPercent', 130],
    ]);
  });

  it('a fast run publishes its render too, so the window counts the runs that were not slow', () => {
    expect(published({ widgetRenderedMs: 900, renderBudgetMs: 4000 }).data).toEqual([
      ['CheckSuccess', 1],
      ['SignInPageRenderPercent', 23],
    ]);
  });

  it("a fast run of a widget served from elsewhere than Okta's CDN publishes its render, never its success", () => {
    const selfHosted = judgeWidgetVersion(
      judged(pass({ flow: 'browser', widgetRenderedMs: 900, renderBudgetMs: 4000 })),
    );
    const result = toCheckResult({ server: 'portal', check: 'sign-in-widget' }, selfHosted, {
      orgUrl: 'https://acme.okta.com',
      host: 'acme.okta.com',
      secrets: [],
      servers: [],
    });
    // The version is not judged (not seen is never "up to date"), but the run's render counts in the slow window.
    expect(result.status).toBe('skip');
    expect(reportMetrics([result]).map((d) => [d.name, d.value])).toEqual([['SignInPageRenderPercent', 23]]);
  });

  it('whatever else the run found (an error on the page, an outdated widget), its render is published', () => {
    const render = { widgetRenderedMs: 2000, renderBudgetMs: 4000 };
    for (const observed of [{ ...render, scriptErrors: 1 }, render])
      expect(walk(observed).judgement).toMatchObject({ observed: { renderBudgetPercent: 50 } });
    const outdated = judgeWidgetVersion(
      judged(pass({ flow: 'browser', widgetVersion: '6.9.0', widgetRenderedMs: 6000, renderBudgetMs: 4000 })),
    ).judgement;
    expect(outdated).toMatchObject({
      diagnosis: { code: 'SIGN_IN_WIDGET_OUTDATED' },
      observed: { renderBudgetPercent: 150 },
    });
  });

  it('a walk that did not sign in publishes no render: its sign-in check pages, not the slow window', () => {
    const failed = judged(fail('SIGN_IN_PAGE_BLANK', 'blank', { widgetRenderedMs: 9000, renderBudgetMs: 4000 }));
    expect(judgeWidgetVersion(failed).judgement).not.toHaveProperty('observed.renderBudgetPercent');
  });
});
