// The maintenance silence, for the Lambda: an SSM parameter an operator sets to "<until> <reason>" (an ISO-8601
// UTC time, then free text) silences pages until that time, without a redeploy. Each run reads it and, while the
// window is open, publishes MaintenanceWindow = 1; the <prefix>-maintenance alarm on it is part of the silence
// composite that mutes the server alarms. The window ends by itself: after <until> the probe stops publishing.
// Anything unreadable never silences: a missing, malformed, past or over-long window means "not in maintenance".
// Static named imports on purpose: esbuild then keeps only GetParameter of the SSM client's ~150 commands
// (+80 KB minified). A dynamic import('@aws-sdk/client-ssm') bundles them all (+180 KB), and in a one-file
// bundle the whole file is parsed at cold start either way.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DIMENSIONS, MAINTENANCE_SERVER, METRICS } from '../contract';
import { withheldChecks, withholdBreaches, type BreachRule } from '../probe/metrics';
import type { MetricDatum } from '../types';

/** The longest window honoured, hours: a typo'd year must not silence pages for a year. */
export const MAINTENANCE_MAX_HOURS = 24;

/** Upper bound of one GetParameter exchange, ms, whatever the run's deadline. */
const FETCH_TIMEOUT_MS = 2000;

export type Maintenance =
  | { readonly active: true; readonly until: string; readonly reason: string }
  | { readonly active: false; /** Why a parameter that exists was not honoured. */ readonly ignored?: string };

/** Judges a parameter value at `now` (epoch ms). Pure. */
export function parseMaintenance(value: string | undefined, now: number): Maintenance {
  if (value === undefined || value.trim() === '') return { active: false };
  const [first = '', ...rest] = value.trim().split(/\s+/);
  const until = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(first) ? Date.parse(first) : Number.NaN;
  if (Number.isNaN(until)) {
    return { active: false, ignored: `"${first.slice(0, 40)}" is not an ISO-8601 time with a zone; write e.g. 2026-11-22T15:00:00Z Okta maintenance` };
  }
  if (until <= now) return { active: false };
  if (until - now > MAINTENANCE_MAX_HOURS * 3_600_000) {
    return { active: false, ignored: `${first} is more than ${MAINTENANCE_MAX_HOURS} h ahead; silence at most ${MAINTENANCE_MAX_HOURS} h at a time` };
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
export function runMetrics(metrics: readonly MetricDatum[], maintenance: Maintenance, rules: readonly BreachRule[]): { metrics: MetricDatum[]; withheld: Set<string> } {
  if (!maintenance.active) return { metrics: [...metrics], withheld: new Set() };
  const { publish, withheld } = withholdBreaches(metrics, rules);
  return { metrics: [...publish, ...maintenanceMetrics(maintenance)], withheld: withheldChecks(withheld) };
}

export interface MaintenanceReader {
  /** Never rejects: an unreadable parameter is "not in maintenance", with the reason in `ignored`. */
  read(deadline?: number): Promise<Maintenance>;
}

export function createMaintenanceReader(parameterName: string, options: { client?: SSMClient; now?: () => number } = {}): MaintenanceReader {
  const now = options.now ?? Date.now;
  let client = options.client;
  return {
    async read(deadline) {
      const budget = Math.max(1, Math.min(FETCH_TIMEOUT_MS, (deadline ?? Infinity) - now()));
      try {
        client ??= new SSMClient({ maxAttempts: 2 });
        const answer = await client.send(new GetParameterCommand({ Name: parameterName }), { abortSignal: AbortSignal.timeout(budget) });
        return parseMaintenance(answer.Parameter?.Value, now());
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'ParameterNotFound') return { active: false };
        return { active: false, ignored: `GetParameter ${parameterName} failed: ${name ?? 'error'}` };
      }
    },
  };
}
