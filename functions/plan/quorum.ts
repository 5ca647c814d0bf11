// The multi-region quorum's order of regions, without CDK and without AWS (docs/decisions/multi-region-quorum.md):
// which region is home and in which order the others take over. What the quorum asks of each region's alarms is
// quorum-alarms.ts; the decisions that set the latch live in functions/quorum/.
import type { LoadedConfig } from '../config/parse';
import type { QuorumSettings } from '../config/quorum';

/** The quorum's order of regions: the home region first, then `regions` in the configuration's order. */
export function regionOrder(settings: QuorumSettings): string[] {
  const home = settings.homeRegion ?? settings.regions[0];
  return home === undefined ? [] : [home, ...settings.regions.filter((r) => r !== home)];
}

/** Whether `region` (undefined: the stack's own, with `regions` empty) is the quorum's home. */
export function isHome(settings: QuorumSettings, region: string | undefined): boolean {
  return region === undefined || settings.regions.length === 0 || region === settings.homeRegion;
}

/**
 * Whether `region` is the deployment's home: the quorum's, else the first of `regions` (or the one stack). What lives
 * once per deployment lives there: the sign-in stream's bus, this org's status page.
 */
export function isDeploymentHome(config: LoadedConfig, region: string | undefined): boolean {
  const quorum = config.deploy.quorum;
  const first = config.deploy.regions[0];
  return quorum !== null ? isHome(quorum, region) : region === undefined || first === undefined || region === first;
}
