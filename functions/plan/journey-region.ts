// Which region runs each journey. A synthetic user is signed in from one place only: each region's stack keeps its
// journeys' state and lease in its own SSM parameters, so two regions signing one user in would each spend its
// lockout attempts as if alone and send TOTP codes of the same 30-second step, which Okta refuses the second time.
// A journey runs in its "region" (default: the config's first), with the SAML apps and groups that sign in through
// it; every other region's probe skips them, and deploys no alarm or dashboard widget for them.
import type { CheckResult, ProbeConfig, SignInConfig } from '../types';
import { plannedChecks } from './checks';

/** What the region view needs of a configuration: the probe's entries and the regions deployed to. */
interface RegionalConfig {
  readonly probe: ProbeConfig;
  readonly deploy: { readonly regions: readonly string[] };
}

/** A target another region runs, and why this one skips it. */
interface RunElsewhere {
  /** The journey's, SAML app's or SAML group's id. */
  readonly id: string;
  /** The region that runs it. */
  readonly region: string;
  /** Said in the run's report for each of its checks. */
  readonly reason: string;
}

/** The region that runs the journey: its own "region", else the config's first; undefined without "regions". */
export function journeyRegion(
  journey: Pick<SignInConfig, 'region'>,
  deploy: { readonly regions: readonly string[] },
): string | undefined {
  return journey.region ?? deploy.regions[0];
}

/**
 * The configuration as the stack of `region` runs it: without the journeys another region runs, nor the SAML apps
 * and groups that sign in through them. One region, or none named: the configuration as it is.
 */
export function configOfRegion<C extends RegionalConfig>(config: C, region: string | undefined): C {
  const elsewhere = new Set(runElsewhere(config, region).map((target) => target.id));
  if (elsewhere.size === 0) return config;
  const { probe } = config;
  const here = <T extends { readonly id: string }>(list: readonly T[] | undefined): T[] | undefined =>
    list?.filter((entry) => !elsewhere.has(entry.id));
  const signIn = here(probe.signIn);
  const samlApps = here(probe.samlApps);
  const samlGroups = here(probe.samlGroups);
  return {
    ...config,
    probe: {
      ...probe,
      ...(signIn !== undefined && { signIn }),
      ...(samlApps !== undefined && { samlApps }),
      ...(samlGroups !== undefined && { samlGroups }),
    },
  };
}

/** The journeys, SAML apps and SAML groups the stack of `region` skips: another region runs them. */
export function runElsewhere(config: RegionalConfig, region: string | undefined): RunElsewhere[] {
  const { probe, deploy } = config;
  if (region === undefined || deploy.regions.length <= 1 || !deploy.regions.includes(region)) return [];
  const away = new Map<string, string>();
  for (const journey of probe.signIn ?? []) {
    const runs = journeyRegion(journey, deploy);
    if (runs !== undefined && runs !== region) away.set(journey.id, runs);
  }
  const out: RunElsewhere[] = [];
  for (const [id, runs] of away)
    out.push({ id, region: runs, reason: `runs in ${runs} (signIn "${id}" region): ${region}'s probe skips it` });
  for (const entry of [...(probe.samlApps ?? []), ...(probe.samlGroups ?? [])]) {
    const runs = away.get(entry.signIn);
    if (runs === undefined) continue;
    out.push({
      id: entry.id,
      region: runs,
      reason: `signs in through signIn "${entry.signIn}", which runs in ${runs}: ${region}'s probe skips it`,
    });
  }
  return out;
}

/**
 * Whether the target runs in one region of several: a journey, or an app or group that signs in through one. No
 * quorum of regions can agree on it, so its page composite pages from its own region's checks.
 */
export function runsInOneRegion(config: RegionalConfig, target: string): boolean {
  if (config.deploy.regions.length <= 1) return false;
  const { probe } = config;
  return (
    (probe.signIn ?? []).some((journey) => journey.id === target) ||
    [...(probe.samlApps ?? []), ...(probe.samlGroups ?? [])].some((entry) => entry.id === target)
  );
}

/** A skipped result for each check of what another region runs, with the reason: the run's report says why. */
export function skippedHere(probe: ProbeConfig, elsewhere: readonly RunElsewhere[]): CheckResult[] {
  const reasons = new Map(elsewhere.map((target) => [target.id, target.reason]));
  return plannedChecks(probe).flatMap(({ server, check }) => {
    const skipReason = reasons.get(server);
    return skipReason === undefined
      ? []
      : [{ server, check, latencyMs: null, status: 'skip' as const, diagnosis: null, skipReason }];
  });
}
