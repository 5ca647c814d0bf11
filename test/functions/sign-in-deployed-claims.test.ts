// docs/sign-in.md's claims about the deployed browser function (its role, its network, where its evidence goes, its
// Chromium's flags), each held by a test (test/support/claims.ts), as deploying-claims.test.ts holds deploying.md's.
import { describe } from 'vitest';
import { held, itHoldsClaims, type Claim } from '../support/claims';

const DOC = 'docs/sign-in.md';
const IAM = 'test/lib/browser-iam.test.ts';
const ARGS = 'test/functions/probe/sign-in/chromium-args.test.ts';
const CHROMIUM = 'test/functions/probe/sign-in/chromium-args.integration.test.ts';
const FIRES = 'test/lib/alarms-fire.test.ts';
const WIDGET = 'test/functions/probe/sign-in/widget-version.test.ts';
const WINDOW = 'test/functions/plan/alarms.test.ts';
const COST = 'test/functions/cost/browser.test.ts';

const CLAIMS: readonly Claim[] = [
  held('It runs as a role of its own, granted what a browser run reads and writes', IAM, 'is a role of its own'),
  held(
    "its browser journeys' users' secrets and no server's, their items in the journeys' table",
    IAM,
    "reads its browser journey's user secret, and no server's or other journey's",
  ),
  held(
    "its metrics, the maintenance parameter, its log group and the trace bucket's `har/` prefix",
    IAM,
    'grants exactly the actions a browser run takes, in the VPC',
    'cloudwatch:PutMetricData',
  ),
  held("nothing of the quorum's table or latches.", IAM, "takes nothing of the probe's: the quorum's table"),
  held(
    'With `vpc` it runs in those subnets and security groups, as the probe does',
    IAM,
    "runs in the config's subnets and security groups",
  ),
  held(
    "A failed journey's screenshot and page trace go to the trace bucket",
    IAM,
    "puts traces under the trace bucket's har/ prefix alone, and names the bucket",
    'HAR_BUCKET_ENV',
  ),
  held(
    "Its Chromium runs without the package's flags that switch off what a person's browser enforces " +
      '(`--disable-web-security`, `--allow-running-insecure-content`)',
    ARGS,
    "drop the package's --disable-web-security and --allow-running-insecure-content",
  ),
  held(
    'a cross-origin read without CORS, or an `http://` script on the page, fails in the probe as it fails for people.',
    CHROMIUM,
    'refuses a cross-origin read that sends no CORS header',
  ),
  held('One slow run on a loaded host is a warning, never a page.', FIRES, 'one slow run, after which the sign-in'),
  held(
    'One slow run on a loaded host is a warning, never a page.',
    WIDGET,
    "a slow run's finding is a warning by its judge's word",
    'SIGN_IN_PAGE_SLOW',
  ),
  held(
    'every walk that signed in publishes its render as a percent of its budget (`SignInPageRenderPercent`, 100 the ' +
      'budget)',
    WIDGET,
    'a fast run publishes its render too',
    'SignInPageRenderPercent',
  ),
  held(
    'a widget served from elsewhere than Okta\'s CDN path too (its version then goes unjudged, never "up to date")',
    WIDGET,
    "a fast run of a widget served from elsewhere than Okta's CDN publishes its render",
    "'skip'",
  ),
  held(
    "`<prefix>-<journey>-sign-in-page-slow` pages when it was over 100 in most of the last hour's runs at the " +
      "browser function's cadence",
    FIRES,
    'a page slow on every run pages, within the window of runs its plan states',
  ),
  held(
    'never fewer than 2 of 3 (4 of the last 6 at the default 10 minutes',
    WINDOW,
    'slowness pages over most of the last hour of runs',
    'sustainedWindow',
  ),
  held(
    "`cost` bills its metric and alarm with the journey's others",
    COST,
    "bills the slow page's render metric and its alarm",
  ),
];

describe("docs/sign-in.md's deployed browser function", () => {
  itHoldsClaims(DOC, CLAIMS);
});
