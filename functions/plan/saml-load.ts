// What a config's SAML apps ask of Okta and of the stack's table, before anything runs: the requests a
// minute on each of Okta's buckets (on average, and at most in one journey's session), and the DynamoDB reads and
// writes of the groups' records. `plan` and `cost` print it; BENCHMARKS.md measures the same against the simulator.
// Pure. A group that discovers its apps counts `discoveredApps` of them (the CLI's --discovered-apps, 1,000 by
// default: the yardstick), since the catalogue is known only once the Management API lists it.
import { APPS_PER_WINDOW, PROBE_TIMEOUT_SECONDS, SAML_GROUP, USER_PACE } from '../contract';
import type { ProbeConfig, SamlGroupConfig } from '../types';
import { ownAlarmApps } from './checks';

/** Apps a discovering group is counted with when the caller gives no number. */
export const DEFAULT_DISCOVERED_APPS = 1000;

/**
 * Bytes one app's item holds in the table (its record's JSON, keys, TTL), measured on the simulator's failing app: an
 * upper bound.
 */
const APP_ITEM_BYTES = 600;

/**
 * The most a session checks of a group, in shares: failing apps are rechecked within half a share more (the oldest
 * checked first), so a catalogue failing for good costs Okta at most this many times a healthy one
 * (probe/saml/group/select.ts reads it).
 */
export const MAX_SHARE_FACTOR = 1.5;

/** The most apps one session checks of a group whose share is `share`, whatever fails. */
export const worstShare = (share: number): number => Math.max(share, Math.floor(share * MAX_SHARE_FACTOR));

/** A 30-day month, minutes. */
const MONTH_MINUTES = 30 * 24 * 60;

interface GroupLoad {
  readonly id: string;
  readonly apps: number;
  /** True when `apps` counts apps the Management API will list (an assumption, DEFAULT_DISCOVERED_APPS unless told). */
  readonly assumed: boolean;
  /** Apps each of the journey's sessions checks, healthy. */
  readonly share: number;
  /** Requests a minute, on average: each app's SSO URL, its metadata (kept a day), and the catalogue's listing. */
  readonly perMinute: { readonly sso: number; readonly metadata: number; readonly management: number };
  /** Requests in one session at most: the share's SSO and metadata after a cold start, and a listing. */
  readonly peakPerSession: number;
  /** The same whatever fails: failing apps rechecked within MAX_SHARE_FACTOR shares. */
  readonly worstPerSession: number;
  /** Request units a month of the table: one Query a run (eventually consistent), a write per app checked. */
  readonly store: { readonly readUnits: number; readonly writeUnits: number; readonly bytes: number };
  /** The journey's user's pace, which the apps keep in an Identity Engine session (probe/user-pace.ts). */
  readonly userPace: UserPaceLoad;
}

/** What Identity Engine's per-user limit makes of a group: the apps' rate, and what a session holds at it. */
interface UserPaceLoad {
  /** The journey whose user the apps share. */
  readonly signIn: string;
  /**
   * True when the journey is Identity Engine's (flow "idx"); else the pace holds only if its org runs Identity Engine.
   */
  readonly identityEngine: boolean;
  /**
   * The apps' requests a second at the pace (APPS_PER_WINDOW per USER_PACE.windowMs), one SSO request an app at least.
   */
  readonly appsPerSecond: number;
  /** Seconds a session's share takes at that rate. */
  readonly shareSeconds: number;
  /** Seconds of a run left for the apps, about (runSecondsForApps). */
  readonly runSeconds: number;
  /** The most apps one session checks at the pace; the rest wait for the next session. */
  readonly appsPerSession: number;
  /** Whether a session's share fits in a run at the pace. */
  readonly fits: boolean;
  /** Minutes the whole catalogue takes at that many a session (the group's everyMinutes when the share fits). */
  readonly catalogueMinutes: number;
}

/**
 * The journey's sign-in before it hands its session over, s, about: ten requests, more with a TOTP step to wait for.
 */
const SIGN_IN_SECONDS = 3;
/**
 * The run's finish margin with a journey, s, about: the Lambda's settling, publishing and the journey's close
 * (lambda/probe.ts).
 */
const FINISH_SECONDS = 6;

/**
 * Seconds a run leaves its apps after the sign-in, about: the function's timeout, less its finish margin, the sign-in,
 * and what a group keeps before its deadline (an app's two requests at timeoutMs, the records' write, the session's
 * close).
 */
export const runSecondsForApps = (timeoutMs: number): number =>
  Math.max(0, PROBE_TIMEOUT_SECONDS - FINISH_SECONDS - SIGN_IN_SECONDS - (2 * timeoutMs) / 1000 - 4);

export interface SamlLoad {
  readonly groups: readonly GroupLoad[];
  /** Apps with their own alarm: checked in every session of their journey, their metadata every run. */
  readonly ownAlarm: { readonly apps: number; readonly perMinute: number };
  /** Every SAML request a minute to Okta, on average. */
  readonly perMinute: number;
  /** The most one run sends (every group's session at once). */
  readonly peakPerRun: number;
  /** The most one run sends whatever fails (every app of every group failing for good). */
  readonly worstPerRun: number;
  /** That worst run's share of the SSO bucket, percent. */
  readonly worstSsoBucketPercent: number;
  /** That peak's share of Okta's default /app/{app}/{key}/sso/saml bucket (750 a minute), percent. */
  readonly ssoBucketPercent: number;
}

export function samlLoad(
  probe: ProbeConfig,
  scheduleMinutes: number,
  discoveredApps: number = DEFAULT_DISCOVERED_APPS,
): SamlLoad {
  const journeyEvery = (signIn: string): number => probe.signIn?.find((j) => j.id === signIn)?.everyMinutes ?? 5;
  const identityEngine = (signIn: string): boolean => probe.signIn?.find((j) => j.id === signIn)?.flow === 'idx';
  const groups = (probe.samlGroups ?? []).map((group) => {
    const load = groupLoad(
      group,
      (probe.samlApps ?? []).filter((a) => a.group === group.id).length,
      journeyEvery(group.signIn),
      scheduleMinutes,
      discoveredApps,
    );
    return {
      ...load,
      userPace: userPaceLoad(group, load, journeyEvery(group.signIn), identityEngine(group.signIn), probe.timeoutMs),
    };
  });
  const own = ownAlarmApps(probe);
  const ownPerMinute = own.reduce((sum, app) => sum + 1 / journeyEvery(app.signIn) + 1 / scheduleMinutes, 0);
  const perMinute =
    groups.reduce((sum, g) => sum + g.perMinute.sso + g.perMinute.metadata + g.perMinute.management, 0) + ownPerMinute;
  const peakSso = groups.reduce((sum, g) => sum + g.share, 0) + own.length;
  const worstSso = groups.reduce((sum, g) => sum + worstShare(g.share), 0) + own.length;
  return {
    groups,
    ownAlarm: { apps: own.length, perMinute: round(ownPerMinute) },
    perMinute: round(perMinute),
    peakPerRun: groups.reduce((sum, g) => sum + g.peakPerSession, 0) + 2 * own.length,
    ssoBucketPercent: round((peakSso / SAML_GROUP.ssoBucketPerMinute) * 100),
    worstPerRun: groups.reduce((sum, g) => sum + g.worstPerSession, 0) + 2 * own.length,
    worstSsoBucketPercent: round((worstSso / SAML_GROUP.ssoBucketPerMinute) * 100),
  };
}

/**
 * Sessions the journey opens in one cadence of a group: the share of each is the catalogue over this. The probe's
 * selection (probe/saml-group/select.ts) and this load read the one rule, so the load is the share checked.
 */
export const sessionsPerCadence = (cadence: {
  readonly everyMinutes: number;
  readonly journeyEveryMinutes: number;
}): number => Math.max(1, Math.floor(cadence.everyMinutes / cadence.journeyEveryMinutes));

/**
 * The apps' pace after the journey's sign-in: their rate, a run's room for them, and how long the catalogue takes at
 * it.
 */
function userPaceLoad(
  group: SamlGroupConfig,
  load: Omit<GroupLoad, 'userPace'>,
  journeyEvery: number,
  identityEngine: boolean,
  timeoutMs: number,
): UserPaceLoad {
  const appsPerSecond = APPS_PER_WINDOW / (USER_PACE.windowMs / 1000);
  const runSeconds = runSecondsForApps(timeoutMs);
  const appsPerSession = Math.floor(runSeconds * appsPerSecond);
  const sessions = appsPerSession === 0 ? Infinity : Math.ceil(load.apps / appsPerSession);
  return {
    signIn: group.signIn,
    identityEngine,
    appsPerSecond: round(appsPerSecond),
    shareSeconds: Math.ceil(load.share / appsPerSecond),
    runSeconds: round(runSeconds),
    appsPerSession,
    fits: load.share <= appsPerSession,
    catalogueMinutes: load.share <= appsPerSession ? group.everyMinutes : sessions * journeyEvery,
  };
}

function groupLoad(
  group: SamlGroupConfig,
  listed: number,
  journeyEvery: number,
  scheduleMinutes: number,
  discoveredApps: number,
): Omit<GroupLoad, 'userPace'> {
  const assumed = group.discover !== undefined;
  const apps = listed + (assumed ? discoveredApps : 0);
  const sessions = sessionsPerCadence({ everyMinutes: group.everyMinutes, journeyEveryMinutes: journeyEvery });
  const share = Math.ceil(apps / sessions);
  // A listing: a token, the pages of apps, and the user's app links for "assigned".
  const listing = assumed
    ? 1 + Math.max(1, Math.ceil(apps / SAML_GROUP.pageLimit)) + (group.discover?.kind === 'assigned' ? 1 : 0)
    : 0;
  const runs = MONTH_MINUTES / scheduleMinutes;
  return {
    id: group.id,
    apps,
    assumed,
    share,
    perMinute: {
      sso: round(apps / group.everyMinutes),
      metadata: round(apps / (SAML_GROUP.metadataMaxAgeMs / 60_000)),
      management: round(listing / SAML_GROUP.discoverEveryMinutes),
    },
    peakPerSession: 2 * share + listing,
    worstPerSession: 2 * worstShare(share) + listing,
    store: {
      readUnits: Math.round(runs * Math.max(1, Math.ceil((apps * APP_ITEM_BYTES) / 4096)) * 0.5),
      writeUnits: Math.round(apps * (MONTH_MINUTES / group.everyMinutes) * Math.ceil(APP_ITEM_BYTES / 1024)),
      bytes: apps * APP_ITEM_BYTES,
    },
  };
}

const round = (value: number): number => Math.round(value * 100) / 100;
