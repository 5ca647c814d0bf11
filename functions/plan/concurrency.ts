// What the probe asks of Okta's concurrent limit at once, and when each region starts. Okta's limit is org-wide, 75
// simultaneous transactions (35 on Integrator Free; okta-developer-docs reference/rl2-concurrency), shared with
// every app and user of the org. Each region's run caps its own requests in flight (maxInFlight); regions scheduled
// on the same minute would add their caps up at the same second, so each region after the first starts a few seconds
// later.
import { DEFAULTS, OKTA_CONCURRENCY } from '../contract';
import type { ProbeConfig } from '../types';

/** The most one region waits, ms: a region's run must still fit its 50 s timeout with room to spare. */
const STAGGER_MAX_MS = 5000;
/** The most the last region starts after the first, ms. */
const SPREAD_MAX_MS = 15_000;

/**
 * How long the run in `region` waits at the start of its minute: 0 for the first region (and for a stack of one),
 * then a step for each region after it, so no two regions' requests start at the same second.
 */
export function regionStartOffsetMs(regions: readonly string[], region: string | undefined): number {
  const index = region === undefined ? -1 : regions.indexOf(region);
  if (index <= 0) return 0;
  const step = Math.min(STAGGER_MAX_MS, Math.floor(SPREAD_MAX_MS / (regions.length - 1)));
  return index * step;
}

/** The probe's worst case in flight against Okta's limit, for plan. */
interface InFlightPlan {
  /** Each region's cap (maxInFlight). */
  readonly perRegion: number;
  readonly regions: number;
  /** Every region's cap at once: what the probe could hold of Okta's limit if the regions' runs overlapped. */
  readonly worstCase: number;
  /** Each region's start offset, seconds, in the regions' order. */
  readonly startOffsetsSeconds: Readonly<Record<string, number>>;
  readonly oktaLimit: number;
  readonly oktaLimitIntegratorFree: number;
}

export function inFlightPlan(probe: Pick<ProbeConfig, 'maxInFlight'>, regions: readonly string[]): InFlightPlan {
  const perRegion = probe.maxInFlight ?? DEFAULTS.maxInFlight;
  const count = Math.max(1, regions.length);
  return {
    perRegion,
    regions: count,
    worstCase: perRegion * count,
    startOffsetsSeconds: Object.fromEntries(regions.map((r) => [r, regionStartOffsetMs(regions, r) / 1000])),
    oktaLimit: OKTA_CONCURRENCY.default,
    oktaLimitIntegratorFree: OKTA_CONCURRENCY.integratorFree,
  };
}

/** "At most 8 requests to Okta in flight per region, 24 in all (3 regions, starting 0, 5 and 10 s into the minute)". */
export function inFlightLine(plan: InFlightPlan): string {
  const offsets = Object.values(plan.startOffsetsSeconds);
  const starts =
    plan.regions > 1
      ? `, ${plan.worstCase} in all (${plan.regions} regions, starting ${offsets.join(', ')} s into the minute)`
      : '';
  const share = Math.round((plan.worstCase / plan.oktaLimit) * 100);
  return (
    `At most ${plan.perRegion} requests to Okta in flight per run${starts}: ${share}% of Okta's org-wide limit of ` +
    `${plan.oktaLimit} (${Math.round((plan.worstCase / plan.oktaLimitIntegratorFree) * 100)}% of ` +
    `${plan.oktaLimitIntegratorFree} on Integrator Free), which every app and user shares (maxInFlight).`
  );
}
