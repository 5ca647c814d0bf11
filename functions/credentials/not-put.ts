// Secrets that have held the stack's placeholder past the grace period: their servers are not
// monitored. One deployment-wide datum while any is, which the <prefix>-credentials-not-put alarm watches: a
// warning, once, that ends when the credential is put (never a page: nothing is known to be wrong with Okta).
import { DIMENSIONS, MAINTENANCE_SERVER, METRICS } from '../contract';
import type { MetricDatum, NotConfigured } from '../types';

type Resolved = ReadonlyMap<string, { readonly kind: string } | NotConfigured>;

/** The servers and journeys whose placeholder is past the grace period, by id. */
export function credentialsNotPut(...results: readonly Resolved[]): string[] {
  return results.flatMap((map) =>
    [...map]
      .filter(([, c]) => c.kind === 'not-configured' && 'overdueSince' in c && c.overdueSince !== undefined)
      .map(([id]) => id),
  );
}

/** CredentialsNotPut = how many, while any (nothing otherwise: no datum, no cost). */
export function credentialsNotPutMetrics(...results: readonly Resolved[]): MetricDatum[] {
  const count = credentialsNotPut(...results).length;
  if (count === 0) return [];
  const { name, unit } = METRICS.CredentialsNotPut;
  return [{ name, unit, dimensions: { [DIMENSIONS.Server]: MAINTENANCE_SERVER }, value: count }];
}
