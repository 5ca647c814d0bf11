// `pageFor` where no latch judges: a target whose page composite holds its own check alarms (a "browser" journey in
// every quorum setting, every target with "quorum": false) is judged here by the rule the fast path's verdicts use
// (plan/verdict.ts pagesFor). A page check failing for a cause the target's pageFor leaves out (the probe's own TOTP
// seed or password, the app's refusal unless "app" is named) has its failing datapoint withheld from its page alarm,
// which keeps its state (page check alarms ignore missing data), and the target's UnpagedFailure tells its warn
// composite instead. A failure that pages is published as before; one run of both pages.
import { DIMENSIONS, METRICS, type FaultOwner } from '../contract';
import { pagesFor } from '../plan/verdict';
import type { CheckResult, MetricDatum, ProbeConfig } from '../types';
import { watches, type BreachRule } from './metrics';

/** A run's metrics with pageFor applied, and the checks whose failure warns instead of paging. */
interface PagedFor {
  /** What to publish: every datum but the withheld, with each judged target's UnpagedFailure. */
  readonly metrics: MetricDatum[];
  /** Checks (`server/check`) whose failing datapoint was withheld from their page alarm: they warn. */
  readonly warned: Set<string>;
}

/** Each server's and journey's pageFor, where the config gives one (the others page for DEFAULT_PAGE_FOR). */
export function pageForOfTargets(
  probe: Pick<ProbeConfig, 'servers' | 'signIn'>,
): (target: string) => readonly FaultOwner[] | undefined {
  const entries = new Map([...probe.servers, ...(probe.signIn ?? [])].map((entry) => [entry.id, entry.pageFor]));
  return (target) => entries.get(target);
}

/**
 * `rules`: the page alarms of the region's plan (plan/alarms.ts maintenanceWithheld, the page composites' members);
 * `targets`: those whose warn composite holds an UnpagedFailure alarm (plan/alarms.ts unpagedTargets), the only ones
 * judged here, so nothing is published that no alarm watches. A target whose page checks published nothing this run
 * (not due, skipped) publishes no UnpagedFailure either: its alarm keeps its state, as theirs do.
 */
export function applyPageFor(
  metrics: readonly MetricDatum[],
  checks: readonly CheckResult[],
  rules: readonly BreachRule[],
  targets: ReadonlySet<string>,
  pageFor: (target: string) => readonly FaultOwner[] | undefined,
): PagedFor {
  const out: MetricDatum[] = [];
  const warned = new Set<string>();
  /** Each judged target of the run, and whether one of its page checks failed for a cause it does not page for. */
  const judged = new Map<string, boolean>();
  for (const datum of metrics) {
    const server = datum.dimensions[DIMENSIONS.Server];
    const check = datum.dimensions[DIMENSIONS.Check];
    if (
      server === undefined ||
      check === undefined ||
      !targets.has(server) ||
      datum.name !== METRICS.CheckSuccess.name ||
      !rules.some((rule) => watches(rule, datum))
    ) {
      out.push(datum);
      continue;
    }
    const failed = checks.find((c) => c.server === server && c.check === check && c.status === 'fail');
    const code = failed?.diagnosis?.code;
    const unpaged =
      datum.value < 1 && failed !== undefined && code !== undefined && !pagesFor(failed.check, code, pageFor(server));
    judged.set(server, judged.get(server) === true || unpaged);
    if (unpaged) warned.add(`${server}/${check}`);
    else out.push(datum);
  }
  const { name, unit } = METRICS.UnpagedFailure;
  for (const [server, failed] of judged)
    out.push({ name, unit, dimensions: { [DIMENSIONS.Server]: server }, value: failed ? 1 : 0 });
  return { metrics: out, warned };
}
