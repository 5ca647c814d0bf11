// The deployed "browser" journeys run in a function of their own, which holds Chromium (lib/browser-function.ts):
// the probe's function skips them, and the browser function runs them alone, with the same handler, configuration,
// journey state and metrics. Which part of the configuration a function runs is said by PROBE_PART_ENV; the CLI
// runs every journey itself and reads none of this.
import { browserPartKeyOf, STATUS_PAGE_PART_KEYS, type CheckName } from '../contract';
import type { LoadedConfig } from '../config/parse';
import type { ProbeConfig, SignInConfig } from '../types';
import { plannedChecks } from './checks';
import { journeyRegion } from './journey-region';
import { isDeploymentHome } from './quorum';

/** Set to BROWSER_PART on the browser function; unset on the probe's. */
export const PROBE_PART_ENV = 'OKTA_SYNTHETICS_PART';
export const BROWSER_PART = 'browser';

/**
 * The browser function's memory, MB: Chromium in one process beside the probe. Measured by `npm run bench:browser`
 * (BENCHMARKS.md, "The browser journey"): its peak is below half of this; the rest buys CPU, which Lambda gives in
 * proportion to memory (a full vCPU at 1,769 MB), and Chromium's page load and the widget's script are CPU bound.
 */
export const BROWSER_MEMORY_MB = 2048;
/**
 * The browser function's timeout, s: a cold start decompresses Chromium into /tmp (about 2 s) before the walk, and
 * a walk waits at most the render budget's wait and a few steps. Always below the 10-minute default cadence.
 */
export const BROWSER_TIMEOUT_SECONDS = 120;
/**
 * The browser run's duration `cost` prices, s: the cold run `npm run bench:browser` measured on the simulator's page
 * under the CPU Lambda gives 2,048 MB (1.16 vCPU, a cgroup limit: median 7.8 s, worst 8.1 s), rounded up: at a
 * 10-minute cadence most runs may start cold, and an org's page loads over the internet (BENCHMARKS.md section af).
 */
export const BROWSER_RUN_SECONDS = 9;

/**
 * Log bytes one browser run writes: its run line (340 bytes for one journey, measured by `npm run bench:browser`)
 * and Lambda's START, END and REPORT lines (about 300), rounded up.
 */
export const BROWSER_LOG_BYTES_PER_RUN = 1000;

/** The browser function's name (and its schedule's), and its log group's. */
export const browserFunctionName = (prefix: string): string => `${prefix}-browser`;
export const browserLogGroupName = (prefix: string): string => `/aws/lambda/${browserFunctionName(prefix)}`;

/** Is this journey one the browser function runs? */
function isBrowserJourney(journey: Pick<SignInConfig, 'flow'>): boolean {
  return journey.flow === 'browser';
}

/** The configuration's browser journeys: none, and the stack deploys no browser function. */
export function browserJourneys(probe: Pick<ProbeConfig, 'signIn'>): SignInConfig[] {
  return (probe.signIn ?? []).filter(isBrowserJourney);
}

/**
 * How often the browser function runs, minutes: its most frequent journey's everyMinutes (each journey's own
 * cadence is kept by its state, as in the probe); undefined without a browser journey.
 */
export function browserEveryMinutes(probe: Pick<ProbeConfig, 'signIn'>): number | undefined {
  const journeys = browserJourneys(probe);
  return journeys.length === 0 ? undefined : Math.min(...journeys.map((j) => j.everyMinutes));
}

/** What the region view of a configuration needs to place the browser journeys' parts of the page. */
interface PlacedConfig {
  readonly probe: Pick<ProbeConfig, 'signIn'>;
  readonly deploy: Pick<LoadedConfig['deploy'], 'quorum' | 'regions'>;
}

/** One region's browser function's part of the status page, in the home region's bucket. */
interface BrowserPagePart {
  /** The region whose browser function writes it; undefined: the one stack's, its region not named. */
  readonly region: string | undefined;
  /** Its one key in the page's bucket: the home's STATUS_PAGE_PART_KEYS.browser, another's browserPartKeyOf. */
  readonly key: string;
  /** Whether it is the home region's own, written beside the page rather than from another region. */
  readonly home: boolean;
  /** The browser journeys that region runs: the only entries the page takes from its line. */
  readonly journeys: readonly SignInConfig[];
}

/**
 * Each region that runs a "browser" journey, with the key its function's part is kept at in the home region's page
 * bucket (docs/decisions/status-page-browser.md): one object per region, each with one writer. None without one.
 */
export function browserPageParts(config: PlacedConfig): BrowserPagePart[] {
  const byRegion = new Map<string | undefined, SignInConfig[]>();
  for (const journey of browserJourneys(config.probe)) {
    const region = journeyRegion(journey, config.deploy);
    byRegion.set(region, [...(byRegion.get(region) ?? []), journey]);
  }
  return [...byRegion].map(([region, journeys]) => {
    const home = isDeploymentHome(config, region);
    const key = home || region === undefined ? STATUS_PAGE_PART_KEYS.browser : browserPartKeyOf(region);
    return { region, key, home, journeys };
  });
}

/** What one function of the stack runs of the configuration. */
interface ProbePart<P extends ProbeConfig> {
  readonly probe: P;
  /** The checks the run is narrowed to (ProbeOptions.checks); undefined: every planned check. */
  readonly checks?: ReadonlySet<CheckName>;
}

/**
 * The probe's share of the configuration for the function `part` names. The browser function runs its journeys'
 * checks alone: the servers stay in the configuration (a journey's issuer is its server's) but run no check, and
 * no SAML app, group or status feed is planned (nor read: the browser function reads its users' secrets alone). The
 * probe's function runs everything but those journeys.
 */
export function probeOfPart<P extends ProbeConfig>(probe: P, part: string | undefined): ProbePart<P> {
  const signIn = probe.signIn ?? [];
  if (part !== BROWSER_PART) {
    if (!signIn.some(isBrowserJourney)) return { probe };
    return { probe: { ...probe, signIn: signIn.filter((j) => !isBrowserJourney(j)) } };
  }
  const browser: P = { ...probe, signIn: signIn.filter(isBrowserJourney), samlApps: [], samlGroups: [] };
  const narrowed: P = { ...browser, statusPageUrl: null };
  const ids = new Set(narrowed.signIn?.map((j) => j.id));
  const checks = new Set(
    plannedChecks(narrowed)
      .filter((planned) => ids.has(planned.server))
      .map((planned) => planned.check),
  );
  return { probe: narrowed, checks };
}
