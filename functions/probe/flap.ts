// Flap damping for page alarms. A page check alarms on one failing run and clears on one passing run, so
// a clean outage pages within 3 min and tells OK within 3 min. The price is a check that fails every other run: it
// would page on every failing run. The probe remembers (in the warm Lambda) where each page alarm's datapoints
// went: a check whose failures began twice within the window (its target's own runs) is flapping, and while it is,
// its passes are held back (not published). CloudWatch keeps a page alarm's state on a missing datapoint, so the
// alarm stays in ALARM through the flapping spell: one more page, not one per failing run. A clean outage is one
// spell: its first pass is published, OK within 3 min as before. A cold start forgets, which costs at most one extra
// page.
import type { MetricDatum, SignInConfig } from '../types';
import { datumCheck } from '../plan/outputs';
import { breaches, watches, type BreachRule } from './metrics';

/**
 * Runs a check's failure spells are remembered for, counted in its target's own runs (every `everyMinutes`): at least
 * 3, and at least 15 minutes of them. A pass is held at most the window less 2 runs after the last failure, so OK
 * still comes within 15 minutes of a fix wherever a run's own OK does (at a 10-minute cadence the window is 3 runs,
 * which never holds a pass: the first one after the fix is published).
 */
export function flapWindowRuns(everyMinutes: number): number {
  return Math.max(3, Math.ceil(15 / everyMinutes));
}

/**
 * Each target's flap window, in its own runs: a journey runs every its everyMinutes (no more often than the schedule
 * of the function running it: the probe's, or the browser function's), a server at every run of the schedule. A
 * window counted in the schedule's runs would span a journey's 15 runs: at 10 minutes, 150 minutes of held passes.
 */
export function flapWindows(
  probe: { readonly signIn?: readonly Pick<SignInConfig, 'id' | 'everyMinutes'>[] },
  scheduleMinutes: number,
): (server: string | undefined) => number {
  const journeys = new Map((probe.signIn ?? []).map((j) => [j.id, Math.max(j.everyMinutes, scheduleMinutes)]));
  return (server) => flapWindowRuns((server !== undefined ? journeys.get(server) : undefined) ?? scheduleMinutes);
}

/** Failure spells (a failing run after a passing one, or the first) in the window that make a check flapping. */
const FLAPPING_SPELLS = 2;

export interface FlapDamper {
  /**
   * Records this run's outcome of the alarm `key` and says whether its datapoint goes out: a breach always does;
   * a pass is held while the key is flapping. `windowRuns`: its target's window (flapWindows), the damper's own
   * when not given.
   */
  decide(key: string, breaching: boolean, windowRuns?: number): 'publish' | 'hold';
}

export function createFlapDamper(windowRuns: number): FlapDamper {
  const history = new Map<string, boolean[]>();
  return {
    decide(key, breaching, window = windowRuns) {
      const runs = [...(history.get(key) ?? []), breaching].slice(-window);
      history.set(key, runs);
      if (breaching) return 'publish';
      const spells = runs.filter((failed, i) => failed && (i === 0 || runs[i - 1] === false)).length;
      return spells >= FLAPPING_SPELLS ? 'hold' : 'publish';
    },
  };
}

/**
 * A run's metrics with the passes of flapping page alarms held back (`rules`: the page members, as
 * plan/alarms.ts maintenanceWithheld() lists them), and the held checks (`server/check`) for the run line.
 * `windowOf`: each target's window in its own runs (flapWindows); the damper's own for every target when not given.
 */
export function dampFlapping(
  damper: FlapDamper,
  metrics: readonly MetricDatum[],
  rules: readonly BreachRule[],
  windowOf?: (server: string | undefined) => number,
): { metrics: MetricDatum[]; held: Set<string> } {
  const out: MetricDatum[] = [];
  const held = new Set<string>();
  for (const datum of metrics) {
    const rule = rules.find((r) => watches(r, datum));
    if (
      rule === undefined ||
      damper.decide(
        `${rule.metric} ${JSON.stringify(rule.dimensions)}`,
        breaches(rule, datum),
        windowOf?.(datum.dimensions.Server),
      ) === 'publish'
    ) {
      out.push(datum);
      continue;
    }
    // Named as withheldChecks names it (a gauge by its check), so one run line says one name for one alarm.
    held.add(`${datum.dimensions.Server ?? ''}/${datumCheck(datum) ?? datum.name}`);
  }
  return { metrics: out, held };
}
