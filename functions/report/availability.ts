// The availability report, computed from run lines: per server, every minute of the period is up, down by Okta's
// fault, down by the org's configuration, unmeasured (the probe was not running, or its own environment failed:
// never counted up or down) or in the operator's maintenance window (left out). Pure: the CLI reads the lines from
// a local history or CloudWatch Logs and hands them here; the text, JSON and HTML views only format the result.
import {
  STATUS_SERVER,
  type CheckName,
  type DiagnosisCode,
  type FaultOwner,
  type RunLogFailure,
  type RunLogLine,
  DAY_MS,
} from '../contract';
import { DIAGNOSES } from '../diagnosis';
import { AVAILABILITY_CHECKS } from '../plan/check-table';
import { verdictOf } from '../plan/verdict';
import type { Period } from './period';
import { MOST_TARGETS } from './run-line-shape';

const MINUTE = 60_000;

/** Okta's advertised uptime; the default target, configurable per report. */
export const DEFAULT_SLA_PERCENT = 99.99;
/** Request ids kept per incident: enough for a support case, bounded for a month-long incident. */
export const MAX_REQUEST_IDS = 50;

/**
 * What one minute of one server was. `carried`: a journey's (or its SAML app's) verdict repeated between its runs,
 * which measured nothing new: never counted up or down.
 */
type MinuteState = 'up' | CountedOwner | 'notRunning' | 'maintenance' | 'carried';
/**
 * The owners a down minute is counted for. The app's (a journey's app refusing what Okta gave it) is no downtime
 * check's finding: were one counted, the app is the org's, never Okta's.
 */
type CountedOwner = Exclude<FaultOwner, 'app'>;
const STATES: readonly MinuteState[] = ['notRunning', 'up', 'okta', 'org', 'probe', 'maintenance', 'carried'];
const CODE: Readonly<Record<MinuteState, number>> = {
  notRunning: 0,
  up: 1,
  okta: 2,
  org: 3,
  probe: 4,
  maintenance: 5,
  carried: 6,
};

export type Minutes = Readonly<Record<MinuteState, number>>;

interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly samples: number;
}

export interface DayAvailability {
  /** YYYY-MM-DD (UTC). */
  readonly date: string;
  readonly minutes: Minutes;
  /** Up over up and down minutes, percent; null when nothing was measured that day. */
  readonly availabilityPercent: number | null;
  /** Token request latency that day, ms. */
  readonly latency: Percentiles | null;
}

export interface ServerAvailability {
  readonly server: string;
  readonly minutes: Minutes;
  /** Up + down minutes: what the percentages are of. */
  readonly measuredMinutes: number;
  /** Up over measured, percent, every cause counted; null when nothing was measured. */
  readonly availabilityPercent: number | null;
  /** Up over measured counting only Okta's downtime, percent: what Okta's SLA is judged on. */
  readonly oktaAvailabilityPercent: number | null;
  readonly sla: {
    readonly targetPercent: number;
    /** Okta's downtime the target allows over the measured minutes. */
    readonly allowedMinutes: number;
    readonly usedMinutes: number;
    /** allowed - used; negative when the target was missed. */
    readonly leftMinutes: number;
    readonly met: boolean;
  };
  readonly days: readonly DayAvailability[];
  readonly latency: Percentiles | null;
  /**
   * A journey's sign-ins over the period by the authenticators that answered (the run lines' `via`), most runs first:
   * a journey moved to a passkey shows the share still signing in the old way. Absent when no run says.
   */
  readonly signedInWith?: readonly SignInShare[];
}

/** How many of a journey's sign-ins answered with these authenticators, and their share of its sign-ins. */
export interface SignInShare {
  readonly via: string;
  readonly runs: number;
  readonly percent: number;
}

/**
 * Distinct `via` kept per journey: a journey signs in one or two ways; the rest are counted together under
 * OTHER_VIA, so a forged history cannot grow the tally.
 */
const MOST_VIAS = 8;
export const OTHER_VIA = 'other';

export interface Incident {
  readonly fault: FaultOwner;
  /** ISO time of the first down minute. */
  readonly start: string;
  /** ISO time just after the last down minute. */
  readonly end: string;
  readonly minutes: number;
  readonly servers: readonly string[];
  readonly checks: readonly CheckName[];
  readonly codes: readonly { readonly code: DiagnosisCode; readonly title: string; readonly count: number }[];
  readonly httpStatuses: readonly number[];
  /** Okta's X-Okta-Request-Id of the failing answers, first ones first, at most MAX_REQUEST_IDS. */
  readonly requestIds: readonly string[];
  /** How many distinct request ids there were in all. */
  readonly requestIdCount: number;
}

export interface AvailabilityReport {
  readonly period: { readonly start: string; readonly end: string; readonly label: string; readonly minutes: number };
  /** Minutes one run stands for (the schedule). */
  readonly intervalMinutes: number;
  /**
   * The runs as they came: the median gap between them and the span from the first to the last, in seconds (a gap is
   * null with fewer than two runs). A history of runs 10 s apart is told so, not as the minute each stands for.
   */
  readonly cadence: RunCadence;
  readonly slaTargetPercent: number;
  /** Run lines inside the period. */
  readonly runs: number;
  readonly orgUrl: string | null;
  readonly servers: readonly ServerAvailability[];
  readonly incidents: readonly Incident[];
  /** Every server's latency per day: the request its run line times (a server's token, a journey's sign-in). */
  readonly latencyByDay: readonly { readonly date: string; readonly latency: Percentiles | null }[];
}

interface RunCadence {
  readonly gapSeconds: number | null;
  readonly spanSeconds: number;
}

interface AvailabilityOptions {
  readonly period: Period;
  readonly slaTargetPercent?: number;
  /** The servers to report (the config's); default every server the lines name. */
  readonly servers?: readonly string[];
  /** Minutes each run stands for; default the median gap between runs (the schedule). */
  readonly intervalMinutes?: number;
}

/** A server's failures in one run that make it unavailable, and the fault they add up to. */
interface Outage {
  readonly fault: CountedOwner;
  readonly failures: readonly RunLogFailure[];
}

/** Computes the report from lines in hand (a local history); the schedule is read from them when not given. */
export function computeAvailability(allLines: readonly RunLogLine[], options: AvailabilityOptions): AvailabilityReport {
  const lines = allLines.filter((line) => inPeriod(line, options.period));
  const accumulator = createAvailability({
    ...options,
    intervalMinutes: options.intervalMinutes ?? medianGapMinutes(lines),
    servers: options.servers ?? serversNamed(lines),
  });
  for (const line of lines) accumulator.add(line);
  return accumulator.result();
}

export interface Availability {
  /** One run line, in any order; lines outside the period are ignored. */
  add(line: RunLogLine): void;
  result(): AvailabilityReport;
}

/**
 * The report built line by line, so a month of a large deployment is never held in memory: per server, one byte per
 * minute (its state), the run that set it, and the token latencies. Lines may come in any order (pages of several
 * time slices read at once): a minute of a server keeps the state of the latest run covering that server. A run
 * limited by `run --server` covers only its servers, and one limited by `--check` proves a server down, never up
 * (a pass of some checks says nothing of the others): other servers keep their own minutes.
 */
export function createAvailability(
  options: AvailabilityOptions & { readonly intervalMinutes: number; readonly servers: readonly string[] },
): Availability {
  const { period } = options;
  const target = options.slaTargetPercent ?? DEFAULT_SLA_PERCENT;
  const total = Math.max(0, Math.round((period.end - period.start) / MINUTE));
  const interval = options.intervalMinutes;
  const servers = options.servers.filter((s) => s !== STATUS_SERVER);
  const tally: Tally = {
    servers,
    index: new Map(servers.map((s, i) => [s, i])),
    state: servers.map(() => new Uint8Array(total)),
    runOf: servers.map(() => new Int32Array(total).fill(-1)),
    runAt: [],
    outages: new Map(),
    latency: servers.map(() => new Map<number, number[]>()),
    signIns: servers.map(() => new Map<string, number>()),
  };
  let runs = 0;
  let latest = { at: -Infinity, orgUrl: null as string | null };

  return {
    add(line) {
      if (!inPeriod(line, period)) return;
      const at = Date.parse(line.startedAt);
      const run = runs;
      runs += 1;
      tally.runAt.push(at);
      if (at > latest.at) latest = { at, orgUrl: line.orgUrl };
      const byServer = outagesOf(line);
      if (byServer.size > 0) tally.outages.set(run, byServer);
      const listed = line.servers === undefined ? undefined : new Map(line.servers.map((s) => [s.id, s]));
      const first = Math.floor((at - period.start) / MINUTE);
      const codes = minuteCodes(line, servers, byServer, listed);
      stampMinutes(tally, codes, { run, at, first, last: Math.min(total, first + interval) });
      if (listed !== undefined) addSignIns(tally, listed);
      if (line.maintenance !== undefined || listed === undefined) return;
      addLatencies(tally, listed, Math.floor((at - period.start) / DAY_MS));
    },

    result() {
      return report(tally, { period, total, target, interval, runs, orgUrl: latest.orgUrl });
    },
  };
}

/**
 * The report from what the lines left: computed only when asked, so adding a line stays a few array writes however
 * many lines a month holds.
 */
function report(
  tally: Tally,
  facts: { period: Period; total: number; target: number; interval: number; runs: number; orgUrl: string | null },
): AvailabilityReport {
  const { period, total, target, interval, runs, orgUrl } = facts;
  const servers = tally.servers;
  const dayCount = Math.ceil(total / (DAY_MS / MINUTE));
  // Each server-day's latencies sorted once (a native typed-array sort); the month and the all-server days are
  // concatenations of those, sorted again.
  const sortedDays = tally.latency.map((days) =>
    Array.from({ length: dayCount }, (_, d) => Float64Array.from(days.get(d) ?? []).sort()),
  );
  const span = { period, total, dayCount, target };
  const serverReports = servers.map((server, i) => {
    const signIns = tally.signIns[i] as Map<string, number>;
    const base = serverReport(server, tally.state[i] as Uint8Array, sortedDays[i] as Float64Array[], span);
    return signIns.size === 0 ? base : { ...base, signedInWith: signInShares(signIns) };
  });
  const latencyByDay = Array.from({ length: dayCount }, (_, d) => ({
    date: dateOf(period.start + d * DAY_MS),
    latency: ranks(concat(sortedDays.map((days) => days[d] as Float64Array)).sort()),
  }));
  return {
    period: {
      start: new Date(period.start).toISOString(),
      end: new Date(period.end).toISOString(),
      label: period.label,
      minutes: total,
    },
    intervalMinutes: interval,
    cadence: cadenceOf(tally.runAt),
    slaTargetPercent: target,
    runs,
    orgUrl,
    servers: serverReports,
    incidents: incidents(servers, tally.state, tally.runOf, tally.outages, period.start, total),
    latencyByDay,
  };
}

/**
 * What createAvailability keeps between lines, per server: the state of every minute and the run that set it (for
 * the incidents' evidence), and the latencies by day. Typed arrays, so a month of minutes stays small.
 */
interface Tally {
  readonly servers: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly state: readonly Uint8Array[];
  readonly runOf: readonly Int32Array[];
  /** When each run started: a minute's run (runOf) tells whether a later line may overwrite it. */
  readonly runAt: number[];
  readonly outages: Map<number, Map<string, Outage>>;
  readonly latency: readonly Map<number, number[]>[];
  /** Each server's sign-ins measured (not carried) by their `via`. */
  readonly signIns: readonly Map<string, number>[];
}

type ListedServer = NonNullable<RunLogLine['servers']>[number];

/**
 * What one line says of each server's minutes, or undefined where it says nothing: a run limited to some servers
 * leaves the others alone, and one limited to some checks can prove a server down but never up.
 */
function minuteCodes(
  line: RunLogLine,
  servers: readonly string[],
  byServer: ReadonlyMap<string, Outage>,
  listed: ReadonlyMap<string, ListedServer> | undefined,
): (number | undefined)[] {
  const pending = new Set(line.pending ?? []);
  const covered = line.covered;
  return servers.map((server): number | undefined => {
    if (covered?.servers !== undefined && !covered.servers.includes(server)) return undefined;
    if (line.maintenance !== undefined) return CODE.maintenance;
    const measured = listed !== undefined ? listed.has(server) : !pending.has(server);
    const minute = !measured
      ? 'notRunning'
      : listed?.get(server)?.carried === 1
        ? 'carried'
        : (byServer.get(server)?.fault ?? 'up');
    return covered?.checks !== undefined && (minute === 'up' || minute === 'notRunning') ? undefined : CODE[minute];
  });
}

/**
 * A run's codes written over the minutes it stands for, unless a later run already wrote them: lines come in any
 * order, and the latest run covering a minute decides it.
 */
function stampMinutes(
  tally: Tally,
  codes: readonly (number | undefined)[],
  { run, at, first, last }: { run: number; at: number; first: number; last: number },
): void {
  for (let i = 0; i < tally.servers.length; i += 1) {
    const code = codes[i];
    if (code === undefined) continue;
    const states = tally.state[i] as Uint8Array;
    const setBy = tally.runOf[i] as Int32Array;
    for (let m = first; m < last; m += 1) {
      const previous = setBy[m] as number;
      if (previous >= 0 && (tally.runAt[previous] as number) > at) continue;
      states[m] = code;
      setBy[m] = run;
    }
  }
}

/** Each reported server's timed request of one run, kept by day so the report sorts a day's samples once. */
function addLatencies(tally: Tally, listed: ReadonlyMap<string, ListedServer>, day: number): void {
  for (const [id, entry] of listed) {
    const i = tally.index.get(id);
    if (i === undefined || typeof entry.ms !== 'number') continue;
    const days = tally.latency[i] as Map<number, number[]>;
    const samples = days.get(day);
    if (samples === undefined) days.set(day, [entry.ms]);
    else samples.push(entry.ms);
  }
}

/** Each reported journey's sign-in measured in this run, counted by the authenticators that answered. */
function addSignIns(tally: Tally, listed: ReadonlyMap<string, ListedServer>): void {
  for (const [id, entry] of listed) {
    const i = tally.index.get(id);
    if (i === undefined || entry.via === undefined || entry.carried === 1) continue;
    const counts = tally.signIns[i] as Map<string, number>;
    const via = counts.has(entry.via) || counts.size < MOST_VIAS ? entry.via : OTHER_VIA;
    counts.set(via, (counts.get(via) ?? 0) + 1);
  }
}

/** A journey's sign-ins by `via`, most first, with their share. */
function signInShares(counts: ReadonlyMap<string, number>): SignInShare[] {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([via, runs]) => ({ via, runs, percent: round4((100 * runs) / total) }));
}

/** One server's report: its days and its whole period, from its minutes and its latencies sorted per day. */
function serverReport(
  server: string,
  minutes: Uint8Array,
  sorted: Float64Array[],
  span: { period: Period; total: number; dayCount: number; target: number },
): ServerAvailability {
  const { period, total, dayCount, target } = span;
  const days: DayAvailability[] = [];
  for (let d = 0; d < dayCount; d += 1) {
    const counts = count(minutes, d * 1440, Math.min(total, (d + 1) * 1440));
    days.push({
      date: dateOf(period.start + d * DAY_MS),
      minutes: counts,
      availabilityPercent: percent(counts),
      latency: ranks(sorted[d] as Float64Array),
    });
  }
  const counts = count(minutes, 0, total);
  const judged = judgeSla(counts, target);
  return {
    server,
    minutes: counts,
    measuredMinutes: judged.measuredMinutes,
    availabilityPercent: percent(counts),
    oktaAvailabilityPercent: judged.oktaAvailabilityPercent,
    sla: judged.sla,
    days,
    latency: ranks(concat(sorted).sort()),
  };
}

/** Whether Okta's downtime over a server's measured minutes stayed within the SLA target, and by how much. */
function judgeSla(
  counts: Minutes,
  target: number,
): Pick<ServerAvailability, 'measuredMinutes' | 'oktaAvailabilityPercent' | 'sla'> {
  const measuredMinutes = counts.up + counts.okta + counts.org;
  const allowed = (measuredMinutes * (100 - target)) / 100;
  return {
    measuredMinutes,
    oktaAvailabilityPercent:
      measuredMinutes === 0 ? null : round4((100 * (measuredMinutes - counts.okta)) / measuredMinutes),
    sla: {
      targetPercent: target,
      allowedMinutes: round2(allowed),
      usedMinutes: counts.okta,
      leftMinutes: round2(allowed - counts.okta),
      met: counts.okta <= allowed,
    },
  };
}

function inPeriod(line: RunLogLine, period: Period): boolean {
  const at = Date.parse(line.startedAt);
  return at >= period.start && at < period.end;
}

/**
 * Each server's outage in a run: the failures of its availability checks and whose they are. Okta's fault wins
 * over the org's when both appear (a caller got no token either way, and Okta's part is what the SLA covers).
 * A server marked down with no such failure listed is put on the probe's side: nothing shows whose it was.
 */
function outagesOf(line: RunLogLine): Map<string, Outage> {
  const failuresBy = new Map<string, RunLogFailure[]>();
  for (const failure of line.failures) {
    if (!AVAILABILITY_CHECKS.includes(failure.check)) continue;
    failuresBy.set(failure.server, [...(failuresBy.get(failure.server) ?? []), failure]);
  }
  const out = new Map<string, Outage>();
  for (const [server, failures] of failuresBy) out.set(server, { fault: worstFault(failures), failures });
  for (const s of line.servers ?? []) {
    if (s.up === 0 && !out.has(s.id)) out.set(s.id, { fault: 'probe', failures: [] });
    // The line's own verdict wins: a server it counts up is up.
    if (s.up === 1) out.delete(s.id);
  }
  return out;
}

function worstFault(failures: readonly RunLogFailure[]): CountedOwner {
  // A failure that judged nothing of users (the check could not judge, our own side's) leaves the minute unmeasured.
  const faults = new Set(
    failures.map((f) => {
      const verdict = verdictOf(f.check, f.code, undefined, undefined, f.severity);
      return verdict.state === 'failing' ? verdict.owner : 'probe';
    }),
  );
  return faults.has('okta') ? 'okta' : faults.has('org') || faults.has('app') ? 'org' : 'probe';
}

/** Contiguous minutes in which at least one server was down for the same fault; one incident each. */
function incidents(
  servers: readonly string[],
  state: readonly Uint8Array[],
  runOf: readonly Int32Array[],
  outages: ReadonlyMap<number, ReadonlyMap<string, Outage>>,
  start: number,
  total: number,
): Incident[] {
  const found: Incident[] = [];
  for (const fault of ['okta', 'org', 'probe'] as const) {
    let open: { from: number; servers: Set<string>; evidence: Set<string>; failures: RunLogFailure[] } | undefined;
    const close = (to: number): void => {
      if (open === undefined) return;
      found.push(incidentOf(fault, start + open.from * MINUTE, start + to * MINUTE, open.servers, open.failures));
      open = undefined;
    };
    for (let m = 0; m < total; m += 1) {
      let down = false;
      for (let i = 0; i < servers.length; i += 1) {
        if ((state[i] as Uint8Array)[m] !== CODE[fault]) continue;
        const server = servers[i] as string;
        down = true;
        open ??= { from: m, servers: new Set(), evidence: new Set(), failures: [] };
        open.servers.add(server);
        const run = (runOf[i] as Int32Array)[m] as number;
        const key = `${run} ${server}`;
        if (!open.evidence.has(key)) {
          open.evidence.add(key);
          open.failures.push(...(outages.get(run)?.get(server)?.failures ?? []));
        }
      }
      if (!down) close(m);
    }
    close(total);
  }
  return found.sort((a, b) => a.start.localeCompare(b.start) || a.fault.localeCompare(b.fault));
}

function incidentOf(
  fault: FaultOwner,
  from: number,
  to: number,
  servers: ReadonlySet<string>,
  failures: readonly RunLogFailure[],
): Incident {
  const codes = new Map<DiagnosisCode, number>();
  for (const f of failures) codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
  const requestIds = [...new Set(failures.flatMap((f) => (f.requestId !== null ? [f.requestId] : [])))];
  return {
    fault,
    start: new Date(from).toISOString(),
    end: new Date(to).toISOString(),
    minutes: Math.round((to - from) / MINUTE),
    servers: [...servers].sort(),
    checks: [...new Set(failures.map((f) => f.check))],
    codes: [...codes]
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => ({ code, title: DIAGNOSES[code]?.title ?? code, count: n })),
    httpStatuses: [...new Set(failures.flatMap((f) => (f.httpStatus !== undefined ? [f.httpStatus] : [])))].sort(),
    requestIds: requestIds.slice(0, MAX_REQUEST_IDS),
    requestIdCount: requestIds.length,
  };
}

function count(minutes: Uint8Array, from: number, to: number): Minutes {
  const tally = STATES.map(() => 0);
  for (let m = from; m < to; m += 1) tally[minutes[m] as number] = (tally[minutes[m] as number] as number) + 1;
  return Object.fromEntries(STATES.map((s) => [s, tally[CODE[s]] as number])) as Record<MinuteState, number>;
}

function percent(m: Minutes): number | null {
  const measured = m.up + m.okta + m.org;
  return measured === 0 ? null : round4((100 * m.up) / measured);
}

export function percentiles(samples: readonly number[]): Percentiles | null {
  return ranks(Float64Array.from(samples).sort());
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** p50, p90, p99 of samples already sorted ascending. */
function ranks(sorted: Float64Array): Percentiles | null {
  if (sorted.length === 0) return null;
  // Nearest rank: a value that was observed, never an interpolation between two runs.
  const at = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
  return { p50: at(50), p90: at(90), p99: at(99), samples: sorted.length };
}

/** The schedule, read from the runs: the median gap between consecutive runs, in whole minutes (at least 1). */
/** The median gap between the runs and their span, in whole seconds (runAt is in any order). */
function cadenceOf(runAt: readonly number[]): RunCadence {
  const times = [...runAt].sort((a, b) => a - b);
  const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)];
  return {
    gapSeconds: median === undefined ? null : Math.round(median / 1000),
    spanSeconds: times.length < 2 ? 0 : Math.round(((times.at(-1) as number) - (times[0] as number)) / 1000),
  };
}

function medianGapMinutes(lines: readonly RunLogLine[]): number {
  const times = lines.map((l) => Math.floor(Date.parse(l.startedAt) / MINUTE));
  const gaps = times
    .slice(1)
    .map((t, i) => t - (times[i] as number))
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  return Math.max(1, gaps[Math.floor(gaps.length / 2)] ?? 1);
}

/**
 * The servers the lines name, at most MOST_TARGETS: each is a month of minutes in memory, so lines naming a new id
 * each (a forged history) cannot grow the report without bound. A config's targets are named by every run, so the
 * ones named most often are kept.
 */
function serversNamed(lines: readonly RunLogLine[]): string[] {
  const named = new Map<string, number>();
  for (const line of lines) {
    const ids = new Set([...(line.servers ?? []).map((s) => s.id), ...line.failures.map((f) => f.server)]);
    for (const id of ids) named.set(id, (named.get(id) ?? 0) + 1);
  }
  named.delete(STATUS_SERVER);
  const kept = [...named].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MOST_TARGETS);
  return kept.map(([id]) => id).sort();
}

function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;
