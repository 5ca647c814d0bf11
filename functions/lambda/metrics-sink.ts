// The one module that talks to CloudWatch metrics. A run's datapoints go out in one batched PutMetricData;
// if CloudWatch cannot be reached, the same datapoints are written to stdout in Embedded Metric Format,
// which CloudWatch Logs turns into the same metrics: no datapoint is lost, so no alarm fires on a gap the
// probe itself caused.
import type { CloudWatchClient, MetricDatum as CloudWatchDatum, StandardUnit } from '@aws-sdk/client-cloudwatch';
import type { MetricDatum } from '../types';
import { budget } from '../deadline';

/** PutMetricData accepts at most 1000 datums per call. */
export const MAX_DATUMS_PER_CALL = 1000;
/** Standard resolution: alarms evaluate one-minute periods, high resolution would only cost more. */
const STORAGE_RESOLUTION = 60;
/** Upper bound of one PutMetricData attempt sequence, ms. */
export const PUBLISH_TIMEOUT_MS = 2500;

interface PublishOptions {
  readonly namespace: string;
  /** Timestamp of every datum: the run's start, so each run lands in its own one-minute period. */
  readonly timestamp: Date;
  /** Client to use; default one created on first use (maxAttempts 3). */
  readonly client?: CloudWatchClient;
  /** Where EMF lines go; default process.stdout (raw lines, so CloudWatch Logs extracts them). */
  readonly write?: (line: string) => void;
  /**
   * The run's end, epoch ms: a PutMetricData that would outlast it is cut short (and one with no time left never
   * starts), and its datums go out as EMF, so the run's finish keeps its time. Default: the call's cap alone.
   */
  readonly deadline?: number;
}

export interface PublishResult {
  /** Datums accepted by PutMetricData. */
  readonly published: number;
  /** Datums written as EMF because PutMetricData failed. */
  readonly emf: number;
  /** Why PutMetricData failed, when it did. */
  readonly error?: string;
}

/** The client this sandbox makes once, at its first publish: its module loads then, never at init. */
const sandbox: { client?: CloudWatchClient } = {};

async function defaultClient(): Promise<CloudWatchClient> {
  if (sandbox.client === undefined) {
    const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
    sandbox.client = new CloudWatchClient({ maxAttempts: 3 });
  }
  return sandbox.client;
}

/** Publishes every datum, through PutMetricData or, for a batch it refused, as EMF. Never rejects. */
export async function publishMetrics(metrics: readonly MetricDatum[], options: PublishOptions): Promise<PublishResult> {
  if (metrics.length === 0) return { published: 0, emf: 0 };
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  let published = 0;
  let emf = 0;
  let error: string | undefined;
  for (const batch of chunks(metrics, MAX_DATUMS_PER_CALL)) {
    try {
      const client = options.client ?? (await defaultClient());
      const { PutMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
      await client.send(
        new PutMetricDataCommand({
          Namespace: options.namespace,
          MetricData: batch.map((d) => toCloudWatchDatum(d, options.timestamp)),
        }),
        { abortSignal: budget(options.deadline ?? Infinity, PUBLISH_TIMEOUT_MS) },
      );
      published += batch.length;
    } catch (cause) {
      error ??= cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
      for (const line of toEmfLines(batch, options.namespace, options.timestamp)) write(line);
      emf += batch.length;
    }
  }
  return error === undefined ? { published, emf } : { published, emf, error };
}

function toCloudWatchDatum(datum: MetricDatum, timestamp: Date): CloudWatchDatum {
  return {
    MetricName: datum.name,
    Dimensions: Object.entries(datum.dimensions).map(([Name, Value]) => ({ Name, Value })),
    Value: datum.value,
    Unit: datum.unit as StandardUnit,
    Timestamp: timestamp,
    StorageResolution: STORAGE_RESOLUTION,
  };
}

/**
 * The datums as CloudWatch Embedded Metric Format lines, one per dimension set: EMF puts dimension values
 * in the line's root, so datums with different dimension values cannot share a line.
 */
export function toEmfLines(metrics: readonly MetricDatum[], namespace: string, timestamp: Date): string[] {
  const groups = new Map<string, MetricDatum[]>();
  for (const datum of metrics) {
    const key = JSON.stringify(Object.entries(datum.dimensions).sort(([a], [b]) => a.localeCompare(b)));
    const group = groups.get(key) ?? [];
    group.push(datum);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => {
    const dimensions = (group[0] as MetricDatum).dimensions;
    const values = new Map<string, { unit: string; values: number[] }>();
    for (const datum of group) {
      const entry = values.get(datum.name) ?? { unit: datum.unit, values: [] };
      entry.values.push(datum.value);
      values.set(datum.name, entry);
    }
    const line: Record<string, unknown> = {
      _aws: {
        Timestamp: timestamp.getTime(),
        CloudWatchMetrics: [
          {
            Namespace: namespace,
            Dimensions: [Object.keys(dimensions)],
            Metrics: [...values].map(([Name, { unit }]) => ({
              Name,
              Unit: unit,
              StorageResolution: STORAGE_RESOLUTION,
            })),
          },
        ],
      },
      ...dimensions,
    };
    for (const [name, entry] of values) line[name] = entry.values.length === 1 ? entry.values[0] : entry.values;
    return JSON.stringify(line);
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
