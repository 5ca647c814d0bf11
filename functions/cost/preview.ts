// What the Preview org's deployed run costs a month (preview), in the home region alone: its invocations of the same
// probe function every preview.everyMinutes (default 5), each run's duration, schedule, PutMetricData call, log line
// and secret reads. Its metrics, alarms and secrets are the plan's (plan/preview.ts) and so are billed on the region's
// "Custom metrics", "Alarms" and "Secrets Manager secrets" lines with every other; these lines are the runs'.
import type { LoadedConfig } from '../config/parse';
import { deploysPreview, previewRunsPerMonth } from '../plan/preview';
import { PRICES, type UnitPrice } from './prices';

/** Every Preview line's item starts so: the summary adds them up by it, and `plan` points at them by it. */
const PREVIEW_ITEM = 'Preview:';

/** One line of the Preview run's cost: what, how many, at which price, and why that many. */
interface PreviewCostLine {
  readonly item: string;
  readonly quantity: number;
  readonly price: UnitPrice;
  readonly basis: string;
}

/** What a Preview run is priced at: Production's run profile, and how often each of its secrets is read. */
interface PreviewRunProfile {
  /** A Production run's billed duration, ms: the Preview run asks the Preview org the same checks or fewer. */
  readonly runMs: number;
  readonly memoryMb: number;
  readonly logBytesPerRun: number;
  /** GetSecretValue calls a month for one secret read on a schedule of `everyMinutes` (estimate.ts). */
  readonly secretReadsPerMonth: (everyMinutes: number) => number;
}

/** The Preview run's lines for `region`: none without `preview`, or away from the home region. */
export function previewCostLines(
  config: Pick<LoadedConfig, 'preview' | 'deploy'>,
  region: string | undefined,
  profile: PreviewRunProfile,
): PreviewCostLine[] {
  const { preview } = config;
  if (preview === undefined || !deploysPreview(config, region)) return [];
  const every = preview.everyMinutes;
  const runs = previewRunsPerMonth(every);
  const secrets = preview.probe.servers.length + (preview.probe.signIn?.length ?? 0);
  const reads = secrets * profile.secretReadsPerMonth(every);
  return [
    {
      item: `${PREVIEW_ITEM} Lambda requests (arm64)`,
      quantity: runs,
      price: PRICES.lambdaRequest,
      basis: `the probe function run in its Preview mode every ${every} min, in the home region only`,
    },
    {
      item: `${PREVIEW_ITEM} Lambda duration (arm64)`,
      quantity: runs * (profile.runMs / 1000) * (profile.memoryMb / 1024),
      price: PRICES.lambdaArmGbSecond,
      basis: `${profile.runMs} ms x ${profile.memoryMb} MB per run: a Production run's, which asks as much or more`,
    },
    {
      item: `${PREVIEW_ITEM} EventBridge Scheduler invocations`,
      quantity: runs,
      price: PRICES.schedulerInvocation,
      basis: 'its own schedule; within the 14M free a month',
    },
    {
      item: `${PREVIEW_ITEM} PutMetricData requests`,
      quantity: runs,
      price: PRICES.putMetricData,
      basis: 'one call a run: its three totals',
    },
    {
      item: `${PREVIEW_ITEM} Secrets Manager API calls`,
      quantity: reads,
      price: PRICES.secretsApiCall,
      basis: `GetSecretValue of the Preview org's ${secrets} secrets on the warm cache's schedule`,
    },
    {
      item: `${PREVIEW_ITEM} KMS requests`,
      quantity: reads,
      price: PRICES.kmsRequest,
      basis: 'a Decrypt per GetSecretValue',
    },
    {
      item: `${PREVIEW_ITEM} CloudWatch Logs ingestion`,
      quantity: (runs * profile.logBytesPerRun) / 1024 ** 3,
      price: PRICES.logsIngestGb,
      basis: `${profile.logBytesPerRun} bytes per run line (kept records in SSM Standard parameters: free)`,
    },
  ];
}

/** The Preview run's share of the estimate, all regions (only the home region has lines); null without `preview`. */
export interface PreviewCostSummary {
  readonly everyMinutes: number;
  readonly runsPerMonth: number;
  /** USD a month of the "Preview:" lines. */
  readonly monthly: number;
}

export function previewCostSummary(
  config: Pick<LoadedConfig, 'preview'>,
  regions: readonly { readonly lines: readonly { item: string; monthly: number }[] }[],
): PreviewCostSummary | null {
  if (config.preview === undefined) return null;
  const monthly = regions
    .flatMap((r) => r.lines)
    .filter((l) => l.item.startsWith(PREVIEW_ITEM))
    .reduce((sum, l) => sum + l.monthly, 0);
  const every = config.preview.everyMinutes;
  return { everyMinutes: every, runsPerMonth: previewRunsPerMonth(every), monthly };
}
