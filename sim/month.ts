// A simulated month of probe runs: the run lines a deployment would have logged, one a minute, with the outages,
// probe gaps and maintenance windows a scenario names. Deterministic (no clock, no randomness), so the tests can
// compute the report's numbers by hand, and the same month feeds the README's screenshot and the benchmark.
import {
  RUN_LOG_MESSAGE,
  type CheckName,
  type DiagnosisCode,
  type RunLogFailure,
  type RunLogLine,
} from '../functions/contract';
import { AVAILABILITY_CHECKS } from '../functions/plan/check-table';

type MonthEvent =
  /** These servers ("*": all) fail `check` with `code` for `minutes` from `from`. */
  | {
      readonly kind: 'failure';
      readonly servers: readonly string[] | '*';
      readonly from: string;
      readonly minutes: number;
      readonly check: CheckName;
      readonly code: DiagnosisCode;
      readonly httpStatus?: number;
    }
  /** No run at all: the probe was not running. */
  | { readonly kind: 'probe-down'; readonly from: string; readonly minutes: number }
  /** The operator's maintenance window is open. */
  | { readonly kind: 'maintenance'; readonly from: string; readonly minutes: number; readonly reason?: string };

export interface MonthScenario {
  /** YYYY-MM, UTC. */
  readonly month: string;
  readonly servers: readonly string[];
  readonly events: readonly MonthEvent[];
  readonly orgUrl?: string;
  /** Minutes between runs. @default 1 */
  readonly everyMinutes?: number;
}

const MINUTE = 60_000;

/** The run lines of the month, oldest first. */
export function simulateMonth(scenario: MonthScenario): RunLogLine[] {
  const [year, month] = scenario.month.split('-').map(Number) as [number, number];
  const start = Date.UTC(year, month - 1, 1);
  const end = Date.UTC(year, month, 1);
  const every = (scenario.everyMinutes ?? 1) * MINUTE;
  const within = (event: MonthEvent, at: number): boolean => {
    const from = Date.parse(event.from);
    return at >= from && at < from + event.minutes * MINUTE;
  };
  const lines: RunLogLine[] = [];
  for (let at = start; at < end; at += every) {
    if (scenario.events.some((e) => e.kind === 'probe-down' && within(e, at))) continue;
    const minute = Math.floor((at - start) / MINUTE);
    const failures = failuresAt(scenario, at, minute, within);
    const window = scenario.events.find(
      (e): e is Extract<MonthEvent, { kind: 'maintenance' }> => e.kind === 'maintenance' && within(e, at),
    );
    const down = new Set(failures.filter((f) => AVAILABILITY_CHECKS.includes(f.check)).map((f) => f.server));
    lines.push({
      level: failures.length > 0 ? 'WARN' : 'INFO',
      message: RUN_LOG_MESSAGE,
      startedAt: new Date(at + 1200).toISOString(),
      durationMs: 900,
      orgUrl: scenario.orgUrl ?? 'https://acme.okta.com',
      passed: scenario.servers.length * 8 - failures.length,
      failed: failures.length,
      skipped: 0,
      failures,
      servers: scenario.servers.map((id, i) => ({
        id,
        up: down.has(id) ? 0 : 1,
        ms: failures.some((f) => f.server === id && f.code === 'TIMEOUT') ? null : latency(minute, i),
      })),
      ...(window !== undefined
        ? {
            maintenance: {
              until: new Date(Date.parse(window.from) + window.minutes * MINUTE).toISOString(),
              reason: window.reason ?? 'planned',
            },
          }
        : {}),
      metrics: { published: scenario.servers.length * 10, emf: 0 },
    });
  }
  return lines;
}

/** The failures the scenario's failure events put on the run at `at`, one per server each event names. */
function failuresAt(
  scenario: MonthScenario,
  at: number,
  minute: number,
  within: (event: MonthEvent, at: number) => boolean,
): RunLogFailure[] {
  const failures: RunLogFailure[] = [];
  for (const event of scenario.events) {
    if (event.kind !== 'failure' || !within(event, at)) continue;
    for (const server of event.servers === '*' ? scenario.servers : event.servers) {
      failures.push({
        server,
        check: event.check,
        code: event.code,
        summary: `simulated ${event.code}`,
        remedy: 'simulated',
        requestId:
          event.code === 'TIMEOUT' || event.code === 'NETWORK_ERROR' || event.code === 'SECRETS_UNAVAILABLE'
            ? null
            : requestId(minute, server, event.check),
        ...(event.httpStatus !== undefined ? { httpStatus: event.httpStatus } : {}),
      });
    }
  }
  return failures;
}

/** A request id shaped like Okta's (letters and digits), unique per minute, server and check. */
function requestId(minute: number, server: string, check: string): string {
  return `sim${minute.toString(36)}${server.replace(/[^A-Za-z0-9]/g, '')}${check.replace(/[^a-z]/g, '').slice(0, 4)}`;
}

/** Token latency, ms: a daily wave (busier in the afternoon UTC), a weekly bump and a small deterministic jitter. */
function latency(minute: number, server: number): number {
  const hour = (minute / 60) % 24;
  const day = Math.floor(minute / 1440);
  const wave = 40 * Math.max(0, Math.sin(((hour - 8) / 24) * 2 * Math.PI));
  const jitter = ((minute * 7919 + server * 104_729) % 97) - 48;
  const tail = (minute * 31 + server) % 211 === 0 ? 600 : 0;
  return Math.round(140 + wave + (day % 7 === 2 ? 35 : 0) + jitter / 2 + tail);
}
