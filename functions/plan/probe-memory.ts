// The probe function's memory for a config: the smallest size that keeps a third free above the peak the config is
// expected to reach, the peak modelled from BENCHMARKS.md's measurements. lib/probe-function.ts deploys it, `cost`
// bills it and `plan` shows it, so the three agree. Pure. The AWS Lambda Developer Guide ("Configure Lambda function
// memory"): "You can configure memory between 128 MB and 10,240 MB in 1-MB increments. At 1,769 MB, a function has
// the equivalent of one vCPU". Sizes here are multiples of 16 MB so that a small change to the model does not move
// the size a megabyte at a time. docs/decisions/probe-memory.md says why.
import type { LoadedConfig } from '../config/parse';
import { ORG_SERVER_ID } from '../contract';
import { DEFAULT_DISCOVERED_APPS } from './saml-load';

/** Lambda's bounds for a function's memory, MB. */
export const LAMBDA_MEMORY_MB = { min: 128, max: 10_240 } as const;
/** Sizes are multiples of this, MB. */
export const STEP_MB = 16;
/** The share of memory the peak may use: a third stays free for the garbage collector and a bad day. */
export const USABLE_SHARE = 2 / 3;

/**
 * The peak's parts, MiB, each from a bench (BENCHMARKS.md). `base`: section e2, the highest VmHWM of a held quorum
 * run of the example's two servers, at 176 and at 256 MB, rounded up. `perServer`: section h, 90 servers peaked 152 MB,
 * (152 - 114) / 88 servers, rounded up. `perJourney`: section p, a journey's session with one SAML app peaked 120 MB
 * against 114 without one, rounded up. `perSamlApp`: section p, 138 MB at 1,000 apps against 120 at one.
 * What grows with the org, held at its bound, section ad (`npm run bench:provisioning`), rounded up: `userSignIns`, the
 * user-sign-ins window's USER_SIGN_INS.maxRecords records (59.5 MiB; a streamed org's tallies hold less);
 * `provisioning`, a cold read of PROVISIONING_STREAM.maxEvents reductions (17.2 MiB; the polled window's
 * PROVISIONING.maxWindowEvents hold less).
 */
const PEAK_MODEL_MIB = {
  base: 114,
  baseServers: 2,
  perServer: 0.5,
  perJourney: 8,
  perSamlApp: 0.02,
  userSignIns: 60,
  provisioning: 18,
} as const;

/** What grows the probe's memory, counted from a config. */
interface MemoryLoad {
  readonly servers: number;
  readonly journeys: number;
  /** Listed apps, and DEFAULT_DISCOVERED_APPS for each group that discovers its apps (its catalogue is unknown). */
  readonly samlApps: number;
  /** Whether the "org" server judges real users' sign-ins (userSignIns), and provisioning health (provisioning). */
  readonly userSignIns?: boolean;
  readonly provisioning?: boolean;
}

export function memoryLoad(config: LoadedConfig): MemoryLoad {
  const { probe } = config;
  const discovering = (probe.samlGroups ?? []).filter((g) => g.discover !== undefined).length;
  const org = probe.servers.find((s) => s.id === ORG_SERVER_ID);
  return {
    servers: probe.servers.length,
    journeys: (probe.signIn ?? []).length,
    samlApps: (probe.samlApps ?? []).length + discovering * DEFAULT_DISCOVERED_APPS,
    userSignIns: org?.userSignIns !== undefined,
    provisioning: org?.provisioning !== undefined,
  };
}

/** The peak the model expects, MiB. */
export function expectedPeakMb(load: MemoryLoad): number {
  const m = PEAK_MODEL_MIB;
  return (
    m.base +
    Math.max(0, load.servers - m.baseServers) * m.perServer +
    load.journeys * m.perJourney +
    load.samlApps * m.perSamlApp +
    (load.userSignIns === true ? m.userSignIns : 0) +
    (load.provisioning === true ? m.provisioning : 0)
  );
}

/** The smallest multiple of STEP_MB, at least Lambda's minimum, that keeps a third free above `peakMb`. */
export function probeMemoryForPeak(peakMb: number): number {
  const needed = Math.ceil(peakMb / USABLE_SHARE / STEP_MB) * STEP_MB;
  return Math.min(LAMBDA_MEMORY_MB.max, Math.max(LAMBDA_MEMORY_MB.min, needed));
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

interface ProbeMemory {
  readonly mb: number;
  /** True when the config's memoryMb chose it. */
  readonly configured: boolean;
  readonly expectedPeakMb: number;
  /** One line: the size and why. */
  readonly reason: string;
}

export function probeMemory(config: LoadedConfig): ProbeMemory {
  const load = memoryLoad(config);
  const peak = expectedPeakMb(load);
  const sized = probeMemoryForPeak(peak);
  const given = config.deploy.memoryMb;
  const counted = [
    plural(load.servers, 'server'),
    plural(load.journeys, 'journey'),
    plural(load.samlApps, 'SAML app'),
    ...(load.userSignIns === true ? ["real users' sign-ins"] : []),
    ...(load.provisioning === true ? ['provisioning'] : []),
  ].join(', ');
  if (given !== null) {
    const note =
      given < sized ? `, below the ${sized} MB that keeps a third free above the expected ${Math.ceil(peak)} MiB` : '';
    return {
      mb: given,
      configured: true,
      expectedPeakMb: peak,
      reason: `${given} MB, set by memoryMb in the config${note}`,
    };
  }
  return {
    mb: sized,
    configured: false,
    expectedPeakMb: peak,
    reason: `${sized} MB: a third free above the expected peak of ${Math.ceil(peak)} MiB (${counted})`,
  };
}
