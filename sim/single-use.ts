// Single-use values the simulator hands out (codes, tokens, transactions): taken once, and only while unexpired.

/** The value under `key`, gone from the map once asked for; undefined when absent, expired or `key` is no string. */
export function takeLive<T extends { readonly exp: number }>(
  map: Map<string, T>,
  key: unknown,
  nowSeconds: number,
): T | undefined {
  if (typeof key !== 'string') return undefined;
  const value = map.get(key);
  map.delete(key);
  return value !== undefined && value.exp > nowSeconds ? value : undefined;
}
