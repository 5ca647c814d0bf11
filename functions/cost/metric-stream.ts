// What streaming the namespace costs (metricStream): CloudWatch bills each metric update the stream sends (one a
// minute per metric that got a value that minute), Firehose each GB it ingests, each record rounded up to 5 KB.
// Derived from the metrics the plan publishes and the schedule; the delivery to the vendor is Firehose's own.
import type { LoadedConfig } from '../config/parse';
import {
  EXTRA_UPDATES_PER_PERCENTILE_METRIC,
  METRIC_STREAM_DESTINATION_SPECS,
  PERCENTILE_METRICS,
  STREAMED_PERCENTILES,
} from '../config/metric-stream';
import type { RegionPlan } from '../plan/region-plan';
import { PRICES, type UnitPrice } from './prices';

/** Firehose's billing unit: each record is rounded up to 5 KB ("Amazon Data Firehose pricing"). */
const FIREHOSE_RECORD_KB = 5;

/** The items of the stream's lines in each region: its summary adds them up across regions, as the total does. */
const ITEMS = {
  updates: 'Metric stream updates',
  percentiles: 'Metric stream percentiles',
  firehose: 'Firehose ingestion',
} as const;

/** One line of the stream's cost, as the estimate prices it. */
interface MetricStreamCostLine {
  readonly item: string;
  readonly quantity: number;
  readonly price: UnitPrice;
  readonly basis: string;
}

/**
 * The stream's updates a month: each published metric gets a value once a run, and the stream sends a metric's
 * minute once (CloudWatch user guide, "Set up a metric stream": "data is sent every minute").
 */
export function metricUpdatesPerMonth(metrics: number, runsPerMonth: number): number {
  return metrics * runsPerMonth;
}

/** The region's published metrics the stream sends with percentiles: each latency's name and dimension set. */
function percentileMetricsOf(plan: RegionPlan): number {
  const names: readonly string[] = PERCENTILE_METRICS;
  return plan.metrics.filter((m) => m.published && names.includes(m.name)).length;
}

/**
 * The lines of one region's stream, none without metricStream: `metrics` the plan's published every run, of which
 * the latencies go with percentiles. Firehose's GB are an upper bound: each update counted
 * as a record of its own, rounded up to 5 KB; the stream packs several updates into a record, so fewer are billed.
 */
export function metricStreamCostLines(
  config: LoadedConfig,
  metrics: number,
  plan: RegionPlan,
  runsPerMonth: number,
): MetricStreamCostLine[] {
  const settings = config.deploy.metricStream;
  if (settings === null) return [];
  const percentileMetrics = percentileMetricsOf(plan);
  const updates = metricUpdatesPerMonth(metrics, runsPerMonth);
  const percentileUpdates =
    metricUpdatesPerMonth(percentileMetrics, runsPerMonth) * EXTRA_UPDATES_PER_PERCENTILE_METRIC;
  const gb = ((updates + percentileUpdates) * FIREHOSE_RECORD_KB) / (1024 * 1024);
  const to = METRIC_STREAM_DESTINATION_SPECS[settings.to].title;
  return [
    {
      item: ITEMS.updates,
      quantity: updates,
      price: PRICES.metricStreamUpdate,
      basis: `${metrics} metrics x ${runsPerMonth} runs: each run's value of each metric, streamed to ${to}`,
    },
    {
      item: ITEMS.percentiles,
      quantity: percentileUpdates,
      price: PRICES.metricStreamUpdate,
      basis:
        `${percentileMetrics} latency metrics x ${runsPerMonth} runs: their ${STREAMED_PERCENTILES.join(', ')}, ` +
        'billed together as one more update',
    },
    {
      item: `${ITEMS.firehose} (to ${to})`,
      quantity: gb,
      price: PRICES.firehoseIngestGb,
      basis: `at most: each update a record of its own, rounded up to ${FIREHOSE_RECORD_KB} KB`,
    },
  ];
}

/** The stream in every region, as `plan` and `cost` both print it: its updates and its cost, all regions added. */
export interface MetricStreamSummary {
  /** Where it streams, in words. */
  readonly destination: string;
  readonly regions: number;
  /** Metric updates a month, all regions. */
  readonly updatesPerMonth: number;
  /** The latencies' percentiles, billed as more updates, all regions. */
  readonly percentileUpdatesPerMonth: number;
  /** USD a month, all regions: the sum of the regions' stream lines. */
  readonly monthly: number;
}

/** The stream's lines of every region added up; null without metricStream. */
export function metricStreamSummary(
  config: LoadedConfig,
  regions: readonly { readonly lines: readonly { item: string; quantity: number; monthly: number }[] }[],
): MetricStreamSummary | null {
  const settings = config.deploy.metricStream;
  if (settings === null) return null;
  const lines = regions.flatMap((r) => r.lines);
  const total = (keep: (item: string) => boolean, of: 'quantity' | 'monthly'): number =>
    lines.filter((l) => keep(l.item)).reduce((sum, l) => sum + l[of], 0);
  return {
    destination: METRIC_STREAM_DESTINATION_SPECS[settings.to].title,
    regions: regions.length,
    updatesPerMonth: total((item) => item === ITEMS.updates, 'quantity'),
    percentileUpdatesPerMonth: total((item) => item === ITEMS.percentiles, 'quantity'),
    monthly: total((item) => Object.values(ITEMS).some((i) => item === i || item.startsWith(`${i} (`)), 'monthly'),
  };
}
