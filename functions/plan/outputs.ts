// What each check outputs, derived from its registry row (check-row.ts `outputs`): the one answer every consumer
// reads. The plan's metrics (checks.ts), the data the probe publishes (probe/metrics.ts), the member alarms
// (member-alarms.ts), the dashboard (lib/dashboard.ts), cost (through the plan) and which check a datum speaks
// for (maintenance withholding and flap damping) all come from checkOutputs(): a check cannot publish a metric
// nobody alarms or graphs, and an information-only check publishes, alarms and costs nothing.
import { CHECKS, DIMENSIONS, METRICS, type CheckName, type DiagnosisCode, type Severity } from '../contract';
import type { CheckRow, Runbook, SuccessOutput, Told, ToldGauge } from './check-row';
import { checkRow } from './check-table';
import { codeRow, codesWhere, isUnjudged } from '../diagnosis/registry';
import type { ServerConfig } from '../types';

/** One metric a check publishes for its server (or journey, or the feed), with what alarms and graphs it. */
export type CheckOutput =
  /** CheckSuccess: 1 passed (or does not apply), 0 failed; watched by one alarm of the row's severity and runbook. */
  | { readonly kind: 'success'; readonly metric: 'CheckSuccess'; readonly alarm: Told<SuccessOutput> }
  /** CheckLatency: the wall time of the check's own exchange (timed checks); graphed, never alarmed alone. */
  | { readonly kind: 'latency'; readonly metric: 'CheckLatency' }
  /** A number the check observes, per server, with its alarms and graph. */
  | { readonly kind: 'gauge'; readonly metric: keyof typeof METRICS; readonly gauge: ToldGauge };

type OutputKind = CheckOutput['kind'];

/**
 * The codes an alarm's description names as its likely causes: those whose registry row names the alarm (`alarms`),
 * by its key: the check's name for its CheckSuccess alarm, the gauge alarm's name for a gauge's (one namespace:
 * code-registry.test.ts). A code's meaning stays in its row; the alarm only reads it.
 */
const causesOf = (alarm: string): readonly DiagnosisCode[] => codesWhere((row) => row.alarms?.includes(alarm) === true);

/** An alarm with its likely causes put in, by its key. */
const told = <T extends { readonly runbook: Runbook }>(alarm: T, key: string): Told<T> => ({
  ...alarm,
  runbook: { ...alarm.runbook, causes: causesOf(key) },
});

/** A row's outputs, in the order a run publishes them: CheckSuccess, CheckLatency, then each gauge. */
export function rowOutputs(row: CheckRow, check: CheckName): CheckOutput[] {
  if (row.outputs === 'information only') return [];
  const outputs: CheckOutput[] = [];
  if (row.outputs.success !== undefined)
    outputs.push({ kind: 'success', metric: 'CheckSuccess', alarm: told(row.outputs.success, check) });
  if (row.timed) outputs.push({ kind: 'latency', metric: 'CheckLatency' });
  for (const gauge of row.outputs.gauges ?? [])
    outputs.push({
      kind: 'gauge',
      metric: gauge.metric,
      gauge: { ...gauge, alarms: gauge.alarms.map((alarm) => told(alarm, alarm.name)) },
    });
  return outputs;
}

const OUTPUTS: Readonly<Record<CheckName, readonly CheckOutput[]>> = Object.fromEntries(
  CHECKS.map((check) => [check, rowOutputs(checkRow(check), check)]),
) as Record<CheckName, CheckOutput[]>;

/** What the check outputs, from its row. */
export function checkOutputs(check: CheckName): readonly CheckOutput[] {
  return OUTPUTS[check];
}

/** Whether the check publishes an output of this kind (CheckSuccess, CheckLatency, a gauge). */
export function publishes(check: CheckName, kind: OutputKind): boolean {
  return OUTPUTS[check].some((output) => output.kind === kind);
}

/** The gauges the check publishes, in the row's order. */
export function gaugesOf(check: CheckName): ToldGauge[] {
  return OUTPUTS[check].flatMap((output) => (output.kind === 'gauge' ? [output.gauge] : []));
}

/** The dimensions of an output's metric for `server`'s run of `check`: a gauge is per server, the others per check. */
export function outputDimensions(output: CheckOutput, server: string, check: CheckName): Record<string, string> {
  return output.kind === 'gauge'
    ? { [DIMENSIONS.Server]: server }
    : { [DIMENSIONS.Server]: server, [DIMENSIONS.Check]: check };
}

/** The check each gauge metric belongs to (a gauge metric is one check's: check-table.test.ts). */
const GAUGE_CHECK: ReadonlyMap<string, CheckName> = new Map(
  CHECKS.flatMap((check) => gaugesOf(check).map((gauge) => [METRICS[gauge.metric].name, check] as const)),
);

/**
 * The check a datum speaks for: its Check dimension, or the check whose gauge it is; undefined for neither
 * (ServerLatency).
 */
export function datumCheck(datum: {
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
}): CheckName | undefined {
  return (datum.dimensions[DIMENSIONS.Check] as CheckName | undefined) ?? GAUGE_CHECK.get(datum.name);
}

/**
 * Whom a failure of `check` with `code` wakes: the gauge alarm whose runbook names the code (org-rate-limit pages on
 * a violation and warns on a warning; where two alarms name it, as the status feed's minor and major do, the
 * lower, since a finding does not carry the reading), else the check's CheckSuccess alarm; without a code, what its
 * alarms wake. An information-only check never pages: its failure is a warning. Given the server the failure is of,
 * an alarm a setting makes page (provisioning.pageOnLeavers) pages, as the deployed one does (member-alarms.ts).
 * Given the finding's own severity (`found`), a code the registry decides per finding (two alarms name it, as a
 * provider's failing SMS warn or page by their share) takes it, as the judge counted it into one alarm's gauge.
 */
export function failureSeverity(
  check: CheckName,
  code?: DiagnosisCode,
  server?: ServerConfig,
  found?: Severity,
): Severity {
  if (isUnjudged(code)) return 'warn';
  // A code whose registry row is not fixed keeps the severity its result was given: the judge's, which picks between
  // the alarms that name it, or the one the failing server's setting gave it when the result was made.
  const rule = code === undefined ? 'alarm' : codeRow(code).severity;
  if (found !== undefined && (rule === 'per finding' || rule === 'setting')) return found;
  const alarms =
    code === undefined
      ? []
      : gaugesOf(check)
          .flatMap((gauge) => gauge.alarms)
          .filter((alarm) => alarm.runbook.causes.includes(code));
  const severity = (alarm: (typeof alarms)[number]): Severity =>
    server !== undefined && alarm.pagesWhen?.(server) === true ? 'page' : alarm.severity;
  const success = OUTPUTS[check].find((output) => output.kind === 'success');
  // A code the check's own CheckSuccess alarm names beside a gauge's (one slow render warns, a window of them pages)
  // is that alarm's too: one run's failure without its judge's word is the lower.
  const alsoSuccess =
    success?.kind === 'success' && code !== undefined && success.alarm.runbook.causes.includes(code)
      ? [success.alarm.severity]
      : [];
  if (alarms.length > 0) return [...alarms.map(severity), ...alsoSuccess].some((s) => s === 'warn') ? 'warn' : 'page';
  if (success?.kind === 'success') return success.alarm.severity;
  const any = gaugesOf(check).flatMap((gauge) => gauge.alarms);
  return any.length > 0 && any.every((alarm) => alarm.severity === 'page') ? 'page' : 'warn';
}
