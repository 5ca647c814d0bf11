// The Preview org as the stack deploys it: one schedule in the home region every preview.everyMinutes, the same probe
// function run in its Preview mode (docs/decisions/preview-deployed.md), totals-only metrics, warn-only alarms and the
// Preview org's own secrets. The stack (lib/), `plan`, `cost` and the alarm plan all read this one file, so what
// people are told of the Preview org and what is deployed cannot differ.
import { METRICS, PREVIEW_SERVER, previewAlarmNames, previewScheduleName, type MetricName } from '../contract';
import type { PreviewConfig } from '../config/preview-shape';
import type { ProbeMetricAlarm } from './alarm-spec';
import { truncate } from './alarm-text';
import { MAX_EVALUATION_MINUTES } from './alarm-timing';
import { isDeploymentHome, regionOrder } from './quorum';
import { previewSecrets } from './stack-secrets';

/** A 30-day month's minutes, as cost bills (estimate.ts MINUTES_PER_MONTH). */
const MINUTES_PER_MONTH = 30 * 24 * 60;

/** Consecutive Preview runs failing before the ahead warning: one run's blip is no release. */
const AHEAD_RUNS = 2;
/** Consecutive Preview runs answering nothing before "Preview unavailable" warns. */
const UNAVAILABLE_RUNS = 3;

/** The config a Preview deployment is planned from: the Preview org, the deployment's names and regions. */
interface PreviewPlanned {
  readonly preview?: PreviewConfig;
  readonly deploy: {
    readonly prefix: string;
    readonly quorum: Parameters<typeof isDeploymentHome>[0]['deploy']['quorum'];
    readonly regions: readonly string[];
  };
}

/** Whether the stack of `region` runs the Preview org: with a `preview` block, in the home region only. */
export function deploysPreview(config: PreviewPlanned, region: string | undefined): boolean {
  return config.preview !== undefined && isDeploymentHome(config, region);
}

/** The Preview run's metrics, totals only: a Server dimension of one value, never a check or a target. */
export const PREVIEW_METRICS: readonly MetricName[] = [
  METRICS.PreviewFailingChecks.name,
  METRICS.PreviewAheadOfProduction.name,
  METRICS.PreviewUnavailable.name,
];

/** The Preview metrics as the region plan lists them. */
export function previewMetrics(): { name: MetricName; dimensions: Record<string, string> }[] {
  return PREVIEW_METRICS.map((name) => ({ name, dimensions: { Server: PREVIEW_SERVER } }));
}

/** Preview runs a month at everyMinutes. */
export function previewRunsPerMonth(everyMinutes: number): number {
  return Math.floor(MINUTES_PER_MONTH / everyMinutes);
}

/** Periods an alarm over `runs` consecutive Preview runs evaluates, within CloudWatch's day. */
function runsWithinADay(runs: number, everyMinutes: number): number {
  return Math.max(1, Math.min(runs, Math.floor(MAX_EVALUATION_MINUTES / everyMinutes)));
}

/**
 * The Preview org's alarms: each notifies the warn topic by itself and is no member of any composite, so neither a
 * Preview regression nor the Preview org's outage can page.
 */
export function previewAlarms(prefix: string, preview: Pick<PreviewConfig, 'everyMinutes'>): ProbeMetricAlarm[] {
  const names = previewAlarmNames(prefix);
  const every = preview.everyMinutes;
  const over = (runs: number) => {
    const n = runsWithinADay(runs, every);
    return { periodMinutes: every, evaluationPeriods: n, datapointsToAlarm: n };
  };
  const base = {
    kind: 'metric',
    source: 'probe',
    severity: 'warn',
    notifies: 'warn',
    dimensions: { Server: PREVIEW_SERVER },
    statistic: 'Maximum',
    comparison: 'greaterThanOrEqual',
    threshold: 1,
    // No Preview run, no finding: the function's own alarms tell a probe that stopped.
    missingData: 'notBreaching',
  } as const;
  return [
    {
      ...base,
      ...over(AHEAD_RUNS),
      name: names.ahead,
      metric: METRICS.PreviewAheadOfProduction.name,
      description: truncate(
        `Fails in Preview, Production next: a check fails in the Preview org while Production passes it, in ` +
          `${over(AHEAD_RUNS).evaluationPeriods} Preview runs in a row (every ${every} min). Okta ships each ` +
          'release to Preview about five days before Production. A warning, never a page. Which check, its code and ' +
          "Okta's reason: the run line's preview.pairs (the dashboard's Preview widget). First steps: " +
          "docs/preview.md, then Okta's Preview release notes and a case with Okta Support quoting the request id.",
      ),
    },
    {
      ...base,
      ...over(UNAVAILABLE_RUNS),
      name: names.unavailable,
      metric: METRICS.PreviewUnavailable.name,
      description: truncate(
        `Preview unavailable: the Preview org answered no check (only Okta's edge or the network failed) in ` +
          `${over(UNAVAILABLE_RUNS).evaluationPeriods} Preview runs in a row. Nothing of Production is judged ` +
          "from it and it is never downtime. A warning only: check the Preview org's own status and maintenance " +
          'windows (Preview cells have their own).',
      ),
    },
  ];
}

/** What `plan` says of the deployed Preview org: where and how often it runs, its alarms and its secrets. */
interface PreviewDeployment {
  readonly orgUrl: string;
  /** The home region, null when the configuration names none (the stack's own). */
  readonly region: string | null;
  readonly everyMinutes: number;
  readonly schedule: string;
  readonly runsPerMonth: number;
  readonly metrics: readonly string[];
  readonly alarms: readonly string[];
  readonly secrets: readonly string[];
}

/** The Preview org as deployed, or null without the block. */
export function previewDeployment(config: PreviewPlanned): PreviewDeployment | null {
  const { preview, deploy } = config;
  if (preview === undefined) return null;
  const home = (deploy.quorum !== null ? regionOrder(deploy.quorum)[0] : undefined) ?? deploy.regions[0] ?? null;
  return {
    orgUrl: preview.probe.orgUrl,
    region: home,
    everyMinutes: preview.everyMinutes,
    schedule: previewScheduleName(deploy.prefix),
    runsPerMonth: previewRunsPerMonth(preview.everyMinutes),
    metrics: [...PREVIEW_METRICS],
    alarms: previewAlarms(deploy.prefix, preview).map((a) => a.name),
    secrets: previewSecrets(deploy.prefix, preview).map((s) => s.name),
  };
}
