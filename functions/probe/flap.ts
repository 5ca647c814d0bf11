// Flap damping for page alarms. A page check alarms on one failing run and clears on one passing run, so
// a clean outage pages within 3 min and tells OK within 3 min. The price is a check that fails every other run: it
// would page on every failing run. The probe remembers (in the warm Lambda) where each page alarm's datapoints
// went: a check whose failures began twice within the window is flapping, and while it is, its passes are held
// back (not published). CloudWatch keeps a page alarm's state on a missing datapoint, so the alarm stays in ALARM
// through the flapping spell: one more page, not one per failing run. A clean outage is one spell: its first pass
// is published, OK within 3 min as before. A cold start forgets, which costs at most one extra page.
import type { MetricDatum } from '../types';
import { datumCheck } from '../plan/outputs';
import { breaches, watches, type BreachRule } from './metrics';

/** Runs a check's failure spells are remembered for: at least 3, and at least 15 minutes of runs. */
export function flapWindowRuns(scheduleMinutes: number): number {
  return Math.max(3, Math.ceil(15 / scheduleMinutes));
}

/** Failure spells (a failing run after a passing one, or the first) in the window that make a check flapping. */
const FLAPPING_SPELLS = 2;

export interface FlapDamper {
  /**
   * Records this run's outcome of the alarm `key` and says whether its datapoint goes out: a breach always does;
   * a pass is held while the key is flapping.
   */
  decide(key: string, breaching: boolean): 'publish' | 'hold';
}

export function createFlapDamper(windowRuns: number): FlapDamper {
  const history = new Map<string, boolean[]>();
  return {
    decide(key, breaching) {
      const runs = [...(history.get(key) ?? []), breaching].slice(-windowRuns);
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
 */
export function dampFlapping(
  damper: FlapDamper,
  metrics: readonly MetricDatum[],
  rules: readonly BreachRule[],
): { metrics: MetricDatum[]; held: Set<string> } {
  const out: MetricDatum[] = [];
  const held = new Set<string>();
  for (const datum of metrics) {
    const rule = rules.find((r) => watches(r, datum));
    if (
      rule === undefined ||
      damper.decide(`${rule.metric} ${JSON.stringify(rule.dimensions)}`, breaches(rule, datum)) === 'publish'
    ) {
      out.push(datum);
      continue;
    }
    // Named as withheldChecks names it (a gauge by its check), so one run line says one name for one alarm.
    held.add(`${datum.dimensions.Server ?? ''}/${datumCheck(datum) ?? datum.name}`);
  }
  return { metrics: out, held };
}
