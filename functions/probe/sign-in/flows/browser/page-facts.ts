// What the browser saw of the hosted page, kept bounded and scrubbed (a page is hostile input), and what it says:
// the journey's observed values, and why a widget could not be used (a blocked resource, a failed asset, a script
// error, else a blank page).
import { terminalSafe } from '../../../../text/terminal';
import { redact } from '../../../../text/redact';
import { codeRow } from '../../../../diagnosis/registry';
import { fail, type Observed, type Verdict } from '../../../verdict';

/**
 * The widget must render within this, ms: a person waits on a blank page until then. Measured at the CPU Lambda gives
 * the browser function (1.16 vCPU at 2,048 MB, a cgroup limit: BENCHMARKS.md section af), the simulator's page went
 * from its request to the widget's identify POST (rendered, filled and submitted, so more than the render) in 2.1 s at
 * worst, cold: this is nearly twice that, the rest for an org's page, whose widget comes over the internet.
 */
export const PAGE_RENDER_BUDGET_MS = 4000;

/** At most this many of each kind of page finding are kept, each at most PAGE_TEXT_MAX characters. */
const PAGE_FINDINGS_MAX = 5;
export const PAGE_TEXT_MAX = 200;

/**
 * A text from the page made fit to keep: markup and control characters gone, the run's secrets and anything shaped
 * like a token redacted, a URL's query and fragment dropped (a stateToken or code rides there), bounded.
 */
export function pageText(text: string, secrets: readonly string[]): string {
  const plain = terminalSafe(text.replace(/<[^>]*>?/g, ''))
    .replace(/[\n\t]+/g, ' ')
    .replace(/\b(https?:\/\/[^\s?#'"]+)[?#][^\s'"]*/g, '$1');
  const scrubbed = redact(plain, secrets).trim();
  return scrubbed.length > PAGE_TEXT_MAX ? `${scrubbed.slice(0, PAGE_TEXT_MAX - 1)}…` : scrubbed;
}

/** What the browser saw of the page, each list bounded (its count kept whole). */
export interface PageFacts {
  readonly csp: string[];
  readonly scriptErrors: string[];
  readonly assets: string[];
  /** How many of each were seen, beyond those kept. */
  readonly counts: { csp: number; scriptErrors: number; assets: number };
  widgetVersion?: string;
  browserVersion?: string;
  /** The bot protection's challenge frame the page showed the synthetic user (its origin and path), if it did. */
  captcha?: string;
  /** The first script or stylesheet the browser refused by its integrity hash (its URL), if any. */
  integrity?: string;
  renderMs?: number;
  submitMs?: number;
  redirectMs?: number;
}

/** The page's facts as the journey's observed values (its findings counted, the first of each quoted). */
export function pageObserved(page: PageFacts, budgetMs: number): Observed {
  return {
    ...(page.widgetVersion !== undefined && { widgetVersion: page.widgetVersion }),
    ...(page.browserVersion !== undefined && { browserVersion: page.browserVersion }),
    ...(page.renderMs !== undefined && { widgetRenderedMs: page.renderMs }),
    ...(page.submitMs !== undefined && { submittedMs: page.submitMs }),
    ...(page.redirectMs !== undefined && { redirectedMs: page.redirectMs }),
    renderBudgetMs: budgetMs,
    cspViolations: page.counts.csp,
    scriptErrors: page.counts.scriptErrors,
    failedAssets: page.counts.assets,
    ...(page.csp[0] !== undefined && { firstCspViolation: page.csp[0] }),
    ...(page.scriptErrors[0] !== undefined && { firstScriptError: page.scriptErrors[0] }),
    ...(page.assets[0] !== undefined && { firstFailedAsset: page.assets[0] }),
    ...(page.captcha !== undefined && { captchaChallenge: page.captcha }),
  };
}

/**
 * A walk that stopped on the page while the bot protection's challenge was on screen: the challenge is why (a person
 * solves it, the probe cannot), whatever the page's form then looked like. Only a finding of the page is retold: a
 * refused password or an answer Okta's catalogue names stays what it is.
 */
export function challengeFirst(verdict: Verdict, captcha: string | undefined): Verdict {
  const code = verdict.diagnosis?.code;
  if (captcha === undefined || code === undefined || code === 'SIGN_IN_PAGE_CAPTCHA') return verdict;
  if (codeRow(code).hostedPage === undefined) return verdict;
  return fail(
    'SIGN_IN_PAGE_CAPTCHA',
    `the page showed a bot protection challenge to the synthetic user (${captcha}); the walk stopped there ` +
      `(${verdict.diagnosis?.detail ?? code})`,
    verdict.observed,
  );
}

/**
 * Why the widget could not be used, from what the browser told: a blocked resource first (it explains the script
 * error it causes), then a failed asset, then a script error; else a blank page.
 */
export function pageCause(page: PageFacts, what: string): Verdict {
  const more = (n: number, kept: number): string => (n > kept ? ` (and ${n - kept} more)` : '');
  // A resource refused by its hash explains the script errors that follow it: the widget never defined.
  if (page.integrity !== undefined)
    return fail(
      'SIGN_IN_PAGE_INTEGRITY_FAILED',
      `${what}: ${page.integrity} was refused by the browser: its content does not match the page's integrity hash`,
    );
  if (page.csp[0] !== undefined)
    return fail('SIGN_IN_PAGE_CSP_BLOCKED', `${what}: ${page.csp[0]}${more(page.counts.csp, 1)}`);
  if (page.assets[0] !== undefined)
    return fail('SIGN_IN_PAGE_ASSET_FAILED', `${what}: ${page.assets[0]}${more(page.counts.assets, 1)}`);
  if (page.scriptErrors[0] !== undefined)
    return fail('SIGN_IN_PAGE_SCRIPT_ERROR', `${what}: ${page.scriptErrors[0]}${more(page.counts.scriptErrors, 1)}`);
  return fail('SIGN_IN_PAGE_BLANK', `${what}: the browser reported no blocked resource, script error or failed asset`);
}

export function keep(list: string[], key: 'csp' | 'scriptErrors' | 'assets', page: PageFacts, text: string): void {
  page.counts[key] += 1;
  if (list.length < PAGE_FINDINGS_MAX && !list.includes(text)) list.push(text);
}

/** The resource types a page's assets are: an answer of the sign-in API (xhr, fetch) is read by the walk instead. */
export const ASSET_TYPES: ReadonlySet<string> = new Set(['script', 'stylesheet', 'font']);

/**
 * A page's request that failed, told as a failed asset, or undefined: only the page's scripts, stylesheets and fonts
 * count, and a request the CSP blocked is told as the violation. An http: asset on the https: page is blocked by every
 * person's browser (mixed content; Chromium's failure says `mixed-content`): said in words, as the asset that failed.
 */
export function failedAsset(url: string, resourceType: string, why: string): string | undefined {
  if (why === 'csp' || why.includes('ERR_BLOCKED_BY') || !ASSET_TYPES.has(resourceType)) return undefined;
  if (why === 'mixed-content')
    return `${url} failed (mixed content: an http: ${resourceType} on the https: page, which browsers block)`;
  return `${url} failed (${why})`;
}
