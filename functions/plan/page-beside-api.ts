// The hosted sign-in page beside the API: a "browser" journey failing on its page while an "idx" or "authn" journey of
// the same app (the same server and client) passed in the same run tells that the page is broken while Okta's APIs
// answer: the org's page and its customization, never an Okta outage, unless Okta's own asset failed (the Sign-In
// Widget from Okta's CDN) or Okta's status feed reports an incident. Whose it is comes from the code registry's rows
// (`hostedPage`, `oktaSays`) through verdictOf; the CLI's report and the status page both tell it from here.
import type { DiagnosisCode, FaultOwner } from '../contract';
import { codeRow } from '../diagnosis/registry';
import type { SignInConfig, SignInFlow } from '../types';
import { verdictOf } from './verdict';

/** A journey as the line needs it: its flow, and its app (its server and client). */
export type PageApp = Pick<SignInConfig, 'id' | 'flow' | 'server' | 'clientId'>;

/** The flows that sign in to the app over Okta's APIs, never loading the page. */
const API_FLOWS: readonly SignInFlow[] = ['idx', 'authn'];

/** What one run said of a journey's sign-in: passed (fresh, not carried), or failed with its code and detail. */
export type JourneyRun =
  | { readonly passed: true }
  | { readonly passed: false; readonly code: DiagnosisCode; readonly detail?: string | undefined };

export interface PageBesideApi {
  /** The browser journey whose page failed. */
  readonly page: string;
  /** The API journeys of the same app that passed in the same run. */
  readonly apis: readonly string[];
  /** The page's finding. */
  readonly code: DiagnosisCode;
  readonly owner: FaultOwner;
  /** Why it is not the org's page: Okta's own asset failed, or Okta's status feed reports an incident. */
  readonly okta?: 'asset' | 'status';
}

/** Okta's CDN path of the Sign-In Widget (ok14static.oktacdn.com/assets/js/sdk/okta-signin-widget/7.49.0/js/...). */
const WIDGET_CDN_PATH = '/assets/js/sdk/okta-signin-widget/';

/**
 * Whether a finding's detail tells Okta's own asset failing on Okta's side: its first URL on Okta's CDN
 * (*.oktacdn.com), or the widget's CDN path on the org's own origin (where the simulator serves it), and the answer a
 * 5xx or no answer at all. A 4xx there is a file the CDN does not hold: the version the org's page pins (the Admin
 * Console's widget version), which the org changes, so the page stays the org's.
 */
function isOktaAsset(detail: string | undefined, orgUrl: string): boolean {
  const url = /https?:\/\/[^\s'"<>]+/.exec(detail ?? '')?.[0];
  if (url === undefined || !URL.canParse(url)) return false;
  if (/ answered 4\d\d\b/.test(detail?.slice(detail.indexOf(url) + url.length) ?? '')) return false;
  const asset = new URL(url);
  if (asset.hostname === 'oktacdn.com' || asset.hostname.endsWith('.oktacdn.com')) return true;
  return URL.canParse(orgUrl) && asset.origin === new URL(orgUrl).origin && asset.pathname.startsWith(WIDGET_CDN_PATH);
}

/**
 * Each browser journey that failed on its page while an API journey of its app passed, with whose it is. `feed`:
 * the code the status feed's check failed with in the same run, if it did. A page whose API journeys did not run, or
 * failed too, is not told.
 */
export function pagesBesideApis(
  journeys: readonly PageApp[],
  runOf: (id: string) => JourneyRun | undefined,
  context: { readonly orgUrl: string; readonly feed?: DiagnosisCode | undefined },
): PageBesideApi[] {
  const sameApp = (a: PageApp, b: PageApp): boolean => a.server === b.server && a.clientId === b.clientId;
  const feed = context.feed !== undefined && codeRow(context.feed).oktaSays === true ? context.feed : undefined;
  return journeys.flatMap((page): PageBesideApi[] => {
    const run = runOf(page.id);
    if (page.flow !== 'browser' || run === undefined || run.passed) return [];
    const hostedPage = codeRow(run.code).hostedPage;
    if (hostedPage === undefined) return [];
    const apis = journeys
      .filter((api) => API_FLOWS.includes(api.flow) && sameApp(api, page) && runOf(api.id)?.passed === true)
      .map((api) => api.id);
    if (apis.length === 0) return [];
    const told = { page: page.id, apis, code: run.code };
    if (hostedPage.oktaAsset !== undefined && isOktaAsset(run.detail, context.orgUrl))
      return [{ ...told, owner: hostedPage.oktaAsset, okta: 'asset' }];
    if (feed !== undefined) return [{ ...told, owner: verdictOf('status', feed).owner, okta: 'status' }];
    return [{ ...told, owner: verdictOf('sign-in', run.code).owner }];
  });
}

/** Whose it is, in the line's words. */
const OWNER_WORDS: Readonly<Record<FaultOwner, string>> = {
  okta: 'Okta',
  org: 'the org',
  probe: 'our probe',
  app: 'the app',
};

/** Why it is not the org's page, in the line's words. */
const OKTA_WORDS: Readonly<Record<NonNullable<PageBesideApi['okta']>, string>> = {
  asset: "but the asset that failed is Okta's own (the Sign-In Widget from Okta's CDN): Okta's, not the org's page",
  status: "but Okta's status feed reports an incident: Okta's, not the org's page",
};

/**
 * The line, one sentence: `name` gives a journey's people's name (the config's), else its id. The views add the
 * finding's remedy where the owner is the org.
 */
export function pageBesideApiLine(told: PageBesideApi, name: (id: string) => string = (id) => id): string {
  const apis = told.apis.map((id) => `"${name(id)}"`).join(', ');
  const head =
    `The hosted sign-in page is broken while Okta's APIs answer: "${name(told.page)}" failed on the page ` +
    `(${told.code}) while ${apis}, the same app signed in over the API, passed`;
  const whose =
    told.okta === undefined ? "the org's page and its customization, not an Okta outage" : OKTA_WORDS[told.okta];
  return `${head}; ${whose} (owner: ${OWNER_WORDS[told.owner]}).`;
}
