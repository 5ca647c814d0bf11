// The maintenance silence, for the Lambda: an SSM parameter an operator sets to "<until> <reason>" (an ISO-8601
// UTC time, then free text) silences pages until that time, without a redeploy. Each run reads it and, while the
// window is open, publishes MaintenanceWindow = 1; the <prefix>-maintenance alarm on it is part of the silence
// composite that mutes the server alarms. The window ends by itself: after <until> the probe stops publishing.
// Anything unreadable never silences: a missing, malformed, past or over-long window means "not in maintenance".
// The SSM client is imported with the first read (ssm-get-parameter.ts), never at init: every run reads the
// parameter, but nothing needs the client before the handler's first call, where it loads beside the Secrets Manager
// client that needs the same SDK core (BENCHMARKS.md section q times both halves).
import type { SSMClient } from '@aws-sdk/client-ssm';
import { DIMENSIONS, MAINTENANCE_SERVER, METRICS } from '../contract';
import { withheldChecks, withholdBreaches, type BreachRule } from '../probe/metrics';
import type { MetricDatum } from '../types';
import { budget, within } from '../deadline';

/** The longest window honoured, hours: a typo'd year must not silence pages for a year. */
const MAINTENANCE_MAX_HOURS = 24;

/**
 * How long the publish waits for a read still unanswered once the checks are done, ms. The read itself may take
 * until the checks' deadline: it is sent first and needed only at the publish, so a CPU-starved run (90 servers
 * at 256 MB's share, BENCHMARKS.md section h) that answered it late still honours the window. A fixed 2 s cap on
 * the exchange missed it there: the answer came while the CPU signed 90 secret reads and started 722 checks.
 */
export const MAINTENANCE_WAIT_MS = 2000;

export type Maintenance =
  | { readonly active: true; readonly until: string; readonly reason: string }
  | { readonly active: false; /** Why a parameter that exists was not honoured. */ readonly ignored?: string };

/** Judges a parameter value at `now` (epoch ms). Pure. */
export function parseMaintenance(value: string | undefined, now: number): Maintenance {
  if (value === undefined || value.trim() === '') return { active: false };
  const [first = '', ...rest] = value.trim().split(/\s+/);
  const until = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(first)
    ? Date.parse(first)
    : Number.NaN;
  if (Number.isNaN(until)) {
    return {
      active: false,
      ignored:
        `"${first.slice(0, 40)}" is not an ISO-8601 time with a zone; write e.g. 2026-11-22T15:00:00Z Okta ` +
        `maintenance`,
    };
  }
  if (until <= now) return { active: false };
  if (until - now > MAINTENANCE_MAX_HOURS * 3_600_000) {
    return {
      active: false,
      ignored:
        `${first} is more than ${MAINTENANCE_MAX_HOURS} h ahead; silence at most ${MAINTENANCE_MAX_HOURS} h at ` +
        `a time`,
    };
  }
  return { active: true, until: new Date(until).toISOString(), reason: rest.join(' ').slice(0, 200) };
}

/** The datum a run publishes while the window is open (none otherwise: no cost outside windows). */
export function maintenanceMetrics(maintenance: Maintenance): MetricDatum[] {
  if (!maintenance.active) return [];
  const { name, unit } = METRICS.MaintenanceWindow;
  return [{ name, unit, dimensions: { [DIMENSIONS.Server]: MAINTENANCE_SERVER }, value: 1 }];
}

/**
 * What a run publishes under `maintenance`: its metrics, and while the window is open the MaintenanceWindow datum
 * without the datapoints that would breach a muted page alarm (`rules`: plan/alarms.ts maintenanceWithheld()).
 * The maintenance alarm and a page check's failure, first seen by the same run, would reach CloudWatch together
 * and race; withheld, the failure cannot page during the window, whatever the order. `withheld` names the checks
 * (`server/check`) for the run line.
 */
export function runMetrics(
  metrics: readonly MetricDatum[],
  maintenance: Maintenance,
  rules: readonly BreachRule[],
): { metrics: MetricDatum[]; withheld: Set<string> } {
  if (!maintenance.active) return { metrics: [...metrics], withheld: new Set() };
  const { publish, withheld } = withholdBreaches(metrics, rules);
  return { metrics: [...publish, ...maintenanceMetrics(maintenance)], withheld: withheldChecks(withheld) };
}

export interface MaintenanceReader {
  /**
   * Never rejects: an unreadable parameter is "not in maintenance", with the reason in `ignored`. The exchange
   * may last until `deadline` (epoch ms; the checks' deadline), or MAINTENANCE_WAIT_MS without one.
   */
  read(deadline?: number): Promise<Maintenance>;
}

/**
 * Costs nothing to make: the SSM client is loaded and made by the first read, and kept for the next (a warm
 * Lambda reuses its connection).
 */
export function createMaintenanceReader(
  parameterName: string,
  options: { client?: SSMClient; now?: () => number } = {},
): MaintenanceReader {
  const now = options.now ?? Date.now;
  let client = options.client;
  return {
    async read(deadline) {
      try {
        const ssm = await import('./ssm-get-parameter');
        client ??= new ssm.SSMClient({ maxAttempts: 2 });
        // Reckoned once the client is loaded: without a deadline, the whole wait is SSM's to answer in.
        const signal = budget(deadline ?? Date.now() + MAINTENANCE_WAIT_MS);
        return parseMaintenance(await ssm.getParameter(client, parameterName, signal), now());
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'ParameterNotFound') return { active: false };
        return { active: false, ignored: `GetParameter ${parameterName} failed: ${name ?? 'error'}` };
      }
    },
  };
}

/**
 * The window as the publish sees it: the read's answer, or, if it has not come `waitMs` after the checks ended,
 * no window (fail safe: a page during maintenance is noise, a silence outside one hides an outage), with why for
 * the run line. The maintenance alarm looks at the last 2 periods, so one run missing the window does not end a
 * silence.
 */
export async function maintenanceAtPublish(
  read: Promise<Maintenance>,
  parameterName: string,
  waitMs = MAINTENANCE_WAIT_MS,
): Promise<Maintenance> {
  return within(read, waitMs, () => ({
    active: false,
    ignored:
      `GetParameter ${parameterName} had not answered ${waitMs} ms after the checks ended: pages not ` +
      `silenced this run`,
  }));
}
