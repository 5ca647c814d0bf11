// sign-in-widget: the Sign-In Widget version the hosted sign-in page loaded (the "browser" flow reads it from the
// widget's path on Okta's CDN, okta-signin-widget/<version>/js/), judged against the newest major version the
// widget's documentation names. An older major is a warning of its own, never a page, while the journey passes: the
// admin pinned it in the Admin Console (developer.okta.com guides/style-the-widget/style-okta-hosted, "Change the
// Okta Sign-In Widget version": Okta recommends the highest Major Version and the latest Minor Version).
import {
  fail,
  judged,
  notSignedIn,
  pass,
  skip,
  type Judged,
  type Judgement,
  type Observed,
  type Verdict,
} from '../verdict';

/**
 * The newest major version of the Sign-In Widget the documentation names: okta/okta-signin-widget's README, "Using
 * the Okta CDN", gives the "Latest CDN production Javascript and CSS" as global.oktacdn.com/okta-signin-widget/7.49.0
 * (the version the simulator installs from npm), and the GitHub releases page it links lists 7.x as the current line.
 * Raise it when the README names a new major.
 */
export const NEWEST_WIDGET_MAJOR = 7;

/** The major of a version the page loaded ("7.49.0" is 7); undefined when it is not a version. */
export function widgetMajor(version: string): number | undefined {
  const major = /^(\d+)\.\d+(?:\.\d+)?$/.exec(version)?.[1];
  return major === undefined ? undefined : Number(major);
}

/**
 * The journey's run judged for the page it signed in on: what the page did wrong on the way though the sign-in worked
 * (an enforced CSP block, a failed asset, a script error, a render past the budget), else the widget it loaded;
 * skipped when it did not sign in or no version was seen. A warning, never a page: people signed in.
 */
export function judgeWidgetVersion(run: Judged): Judged {
  const j = run.judgement;
  if ('notRun' in j || j.diagnosis !== null) return notSignedIn(run) ?? run;
  // Every verdict of a walk that signed in carries its render against the budget: the window of runs the page alarm
  // counts (SignInPageRenderPercent) sees the fast runs and the slow ones, whatever else this run found.
  const render = renderOf(j.observed ?? {});
  const after = pageErrorsAfterSignIn(j.observed ?? {});
  if (after !== undefined) return judged(withRender(after, render));
  // One slow render says less than the version the admin pinned: it is told once the version is not outdated.
  const slow = slowAfterSignIn(j.observed ?? {});
  const version = j.observed?.widgetVersion;
  const major = typeof version === 'string' ? widgetMajor(version) : undefined;
  // Not seen is never "up to date": a page that loads the widget from elsewhere than Okta's CDN path tells nothing.
  // Its render is still published (the gauge's whenSkipped): a fast run of a self-hosted widget counts in the window.
  if (typeof version !== 'string' || major === undefined)
    return judged(
      withRender(
        slow ?? skip("the page loaded no Sign-In Widget from Okta's CDN path, so its version is unknown"),
        render,
      ),
    );
  const observed = { widgetVersion: version, newestWidgetMajor: NEWEST_WIDGET_MAJOR };
  if (major >= NEWEST_WIDGET_MAJOR) return judged(withRender(slow ?? pass(observed), render));
  return judged(
    withRender(
      fail(
        'SIGN_IN_WIDGET_OUTDATED',
        `the page loaded Sign-In Widget ${version}, older than ${NEWEST_WIDGET_MAJOR}.x, the newest major version ` +
          "the widget's documentation names",
        observed,
      ),
      render,
    ),
  );
}

/** The widget's render as a percent of the journey's budget (100: the budget), when the walk measured both. */
function renderOf(observed: Observed): Observed {
  const ms = observed['widgetRenderedMs'];
  const budget = observed['renderBudgetMs'];
  if (typeof ms !== 'number' || typeof budget !== 'number' || budget <= 0) return {};
  return { renderBudgetPercent: Math.round((100 * ms) / budget) };
}

const withRender = <J extends Judgement>(verdict: J, render: Observed): J => ({
  ...verdict,
  observed: { ...verdict.observed, ...render },
});

/**
 * What the page did wrong on a walk that signed in, from the journey's facts (flows/browser/page-facts.ts
 * pageObserved): the first of an enforced CSP block, a failed script, stylesheet or font, a script error, then a
 * render past the budget (one run on a loaded host may be slow: a warning, the window of runs is the alarm's).
 * Undefined when it did nothing wrong.
 */
export function pageAfterSignIn(observed: Observed): Verdict | undefined {
  return pageErrorsAfterSignIn(observed) ?? slowAfterSignIn(observed);
}

/** An enforced CSP block, a failed script, stylesheet or font, or a script error on a walk that signed in. */
function pageErrorsAfterSignIn(observed: Observed): Verdict | undefined {
  const count = (key: string): number => (typeof observed[key] === 'number' ? observed[key] : 0);
  const first = (key: string): string => (typeof observed[key] === 'string' ? `: ${observed[key]}` : '');
  const signedIn = 'people signed in on it';
  if (count('cspViolations') > 0)
    return fail(
      'SIGN_IN_PAGE_CSP_BLOCKED',
      `${signedIn}, but its CSP blocked ${count('cspViolations')}${first('firstCspViolation')}`,
    );
  if (count('failedAssets') > 0)
    return fail(
      'SIGN_IN_PAGE_ASSET_FAILED',
      `${signedIn}, but ${count('failedAssets')} asset(s) failed${first('firstFailedAsset')}`,
    );
  if (count('scriptErrors') > 0)
    return fail(
      'SIGN_IN_PAGE_SCRIPT_ERROR',
      `${signedIn}, but ${count('scriptErrors')} script error(s)${first('firstScriptError')}`,
    );
  return undefined;
}

/** A render past the budget on a walk that signed in. */
function slowAfterSignIn(observed: Observed): Verdict | undefined {
  const ms = observed['widgetRenderedMs'];
  const budget = observed['renderBudgetMs'];
  if (typeof ms !== 'number' || typeof budget !== 'number' || ms <= budget) return undefined;
  const slow = fail(
    'SIGN_IN_PAGE_SLOW',
    `the Sign-In Widget rendered in ${ms} ms, past the budget of ${budget} ms; people signed in on it`,
    { widgetRenderedMs: ms, renderBudgetMs: budget, ...renderOf(observed) },
  );
  // One run's slowness is a warning, whatever the host's load: the page alarm's window of runs decides a page.
  return slow.diagnosis === null ? slow : { ...slow, diagnosis: { ...slow.diagnosis, severity: 'warn' } };
}
