// latencyWarnMs: the threshold of each authorization server's latency alarm, for every server at the
// top level and per server, null turning the alarm off. Judged against timeoutMs: a request slower than the
// timeout fails as TIMEOUT and pages, so a threshold at or above it could never warn.
import { DEFAULTS } from '../contract';
import type { ProbeConfig, ServerConfig } from '../types';
import { isObject, type Json, type Problems } from './readers';
import { TOP_SCHEMA } from './schema';

/** The same declaration at the top level and on a server: the range the alarm's threshold may take. */
const DECLARED = TOP_SCHEMA.latencyWarnMs;

/** What latencyWarnMs counts, as its messages say, at the top level and on a server. */
export const LATENCY_UNIT = 'ms, or null for no latency alarm';

/**
 * The threshold of a config that writes no latencyWarnMs at the top level: DEFAULTS.latencyWarnMs, when it is below
 * the config's timeoutMs; null (off) when written null or when the timeout leaves it no room.
 */
export function defaultLatencyWarnMs(raw: Json, timeoutMs: number): number | null {
  if ('latencyWarnMs' in raw) return null;
  return DEFAULTS.latencyWarnMs < timeoutMs ? DEFAULTS.latencyWarnMs : null;
}

/** Every latencyWarnMs written (top level and servers[]) that is not below timeoutMs, named by its path. */
export function checkLatencyAgainstTimeout(raw: Json, timeoutMs: number, problems: Problems): void {
  const servers = Array.isArray(raw.servers) ? raw.servers : [];
  const places: [string, unknown][] = [
    ['latencyWarnMs', raw.latencyWarnMs],
    ...servers.map((entry: unknown, i): [string, unknown] => [
      `servers[${i}].latencyWarnMs`,
      isObject(entry) ? entry.latencyWarnMs : undefined,
    ]),
  ];
  for (const [path, value] of places) {
    if (typeof value !== 'number' || value < DECLARED.minimum || value > DECLARED.maximum || value < timeoutMs)
      continue;
    problems.add(
      path,
      `${value} ms is not below timeoutMs (${timeoutMs} ms): a request that slow fails as TIMEOUT and pages ` +
        `instead, so this alarm could never fire; lower it, raise timeoutMs, or write null for no latency alarm`,
    );
  }
}

/**
 * A server's latency alarm threshold, ms: its own latencyWarnMs, else the config's; null: no latency alarm, and no
 * ServerLatency metric either (the probe publishes it only for the alarm: a custom metric is billed by the month).
 */
export function latencyThreshold(
  probe: Pick<ProbeConfig, 'latencyWarnMs'>,
  server: Pick<ServerConfig, 'latencyWarnMs'>,
): number | null {
  return server.latencyWarnMs !== undefined ? server.latencyWarnMs : (probe.latencyWarnMs ?? null);
}
