// The registry's rows for each synthetic user's sign-in journey (signIn in the config).
import type { CheckName } from '../../contract';
import type { CheckRow, Gauge, Runbook } from '../check-row';

/**
 * A journey check read from the journey's own run, untimed, whose one run's failure warns; a gauge of it may page
 * where its alarm counts a window of runs (the slow page).
 */
const warnsOnRun = (runbook: Runbook, gauges?: readonly [Gauge, ...Gauge[]]) =>
  ({
    timed: false,
    credential: false,
    outputs: { success: { severity: 'warn', runbook }, ...(gauges !== undefined && { gauges }) },
  }) as const;

export const SIGN_IN_ROWS = {
  'sign-in': {
    family: 'sign-in',
    target: 'journey',
    needs: [],
    availability: 'journeys listed in "signIn" in the config',
    timed: true,
    // The journey's own secrets (the user's), not the server's credential.
    credential: false,
    downtime: true,
    // A whole sign-in: what a person waits for.
    runLineLatency: true,
    outputs: {
      success: {
        severity: 'page',
        runbook: {
          meaning:
            'The synthetic user could not sign in to the app, or its ID token would be refused by the ' +
            'service provider: people are likely locked out too.',
        },
      },
    },
  },
  'app-sign-in': {
    family: 'sign-in',
    target: 'journey',
    // The app is visited in the journey's browser session, after its sign-in: the journey's run carries the visit.
    needs: ['sign-in'],
    appliesToJourney: (signIn) => signIn.app !== undefined,
    availability: 'signIn journeys with an "app" (flow "browser")',
    timed: false,
    credential: false,
    // The app's refusal stops that app's people, never Okta's service: not counted against the journey's availability.
    outputs: {
      success: {
        // With the fast path a failure of the app's pages only where the journey's pageFor names "app"; else it warns.
        severity: 'page',
        runbook: {
          meaning:
            "Okta's part of the sign-in succeeded, and the app behind Okta refused the synthetic user or failed: " +
            "people cannot get into that app while Okta's checks and System Log say success.",
          // Every code of the app's answer: the contract's one list of them.
        },
      },
    },
  },
  'password-expiry': {
    family: 'sign-in',
    target: 'journey',
    // Okta's warning during the journey: the Authentication API's PASSWORD_WARN, the IDX API's
    // reenroll-authenticator-warning (its daysToExpiry), which the hosted page's widget receives too. Direct
    // Authentication never warns.
    needs: ['sign-in'],
    appliesToJourney: (signIn) => signIn.flow === 'authn' || signIn.flow === 'idx' || signIn.flow === 'browser',
    availability:
      'signIn journeys with flow "authn", "idx" or "browser" (Direct Authentication never warns of an expiring ' +
      'password)',
    ...warnsOnRun(
      {
        meaning: "Okta warned that the synthetic user's password expires soon: the sign-in journey fails once it does.",
      },
      [
        {
          metric: 'PasswordDaysToExpiry',
          observed: 'daysToExpiry',
          // The check's own CheckSuccess warns the moment Okta does: a second alarm on the days would say it twice.
          alarms: [],
          dashboard: { title: 'synthetic user: days to password expiry', label: 'days', min: 0 },
        },
      ],
    ),
  },
  'device-assurance': {
    family: 'sign-in',
    target: 'journey',
    // Identity Engine's device assurance grace period (the IDX answer device-assurance-grace-period): only "idx" sees
    // it.
    needs: ['sign-in'],
    appliesToJourney: (signIn) => signIn.flow === 'idx',
    availability: 'signIn journeys with flow "idx" (only the IDX API shows a device assurance grace period)',
    timed: false,
    credential: false,
    outputs: {
      success: {
        severity: 'warn',
        runbook: {
          meaning:
            'A device assurance policy lets the synthetic user in only for its grace period: the sign-in ' +
            'journey fails once the grace ends.',
        },
      },
    },
  },
  'enrollment-grace': {
    family: 'sign-in',
    target: 'journey',
    // An authenticator enrollment grace period (by skips or by date), on select-authenticator-enroll's authenticators:
    // only "idx" sees it.
    needs: ['sign-in'],
    appliesToJourney: (signIn) => signIn.flow === 'idx',
    availability: 'signIn journeys with flow "idx" (only the IDX API shows an enrollment grace period)',
    timed: false,
    credential: false,
    outputs: {
      success: {
        severity: 'warn',
        runbook: {
          meaning:
            'An enrollment policy lets the synthetic user skip enrolling an authenticator only for a grace ' +
            'period, which the probe spends one skip a run: the sign-in journey fails once it is spent.',
        },
      },
    },
  },
  'sign-in-widget': {
    family: 'sign-in',
    target: 'journey',
    // The widget version the hosted page loaded: only "browser" loads the page.
    needs: ['sign-in'],
    appliesToJourney: (signIn) => signIn.flow === 'browser',
    availability: 'signIn journeys with flow "browser" (only the browser loads the Sign-In Widget)',
    // One run's finding: a warning, whatever it is (people signed in).
    ...warnsOnRun(
      {
        meaning:
          'The synthetic user signed in through the hosted sign-in page, but the page rendered past its budget, ' +
          'erred on the way (an enforced CSP block, a failed asset, a script error), or loads a Sign-In Widget ' +
          'older than the newest major version the admin pinned: people sign in, on a page to look at.',
      },
      [
        {
          metric: 'SignInPageRenderPercent',
          observed: 'renderBudgetPercent',
          // A widget served from elsewhere than Okta's CDN path leaves its version unjudged (a skip): its render
          // still counts in the window of runs.
          whenSkipped: true,
          alarms: [
            {
              // Slowness pages only when it lasts: one run on a busy host (ours or Okta's CDN) may render late and
              // people still sign in; most of the last hour's runs late is every person waiting on a blank page.
              name: 'sign-in-page-slow',
              severity: 'page',
              statistic: 'Maximum',
              comparison: 'greaterThan',
              threshold: 100,
              window: 'sustained',
              runbook: {
                meaning:
                  "The Sign-In Widget rendered past the journey's budget in {window}: people wait on a blank " +
                  'page at every sign-in, while one slow run only warns.',
                firstSteps:
                  'Load the sign-in page in a browser with its network panel open: slow custom scripts, styles or ' +
                  "fonts of the page, or the widget's own assets (then https://status.okta.com); raise the " +
                  "journey's renderBudgetSeconds if people accept the wait (docs/sign-in.md).",
              },
            },
          ],
          dashboard: { title: 'sign-in page: widget render, % of its budget', label: '%', min: 0 },
        },
      ],
    ),
  },
} as const satisfies Readonly<Partial<Record<CheckName, CheckRow>>>;
