// Stack traces in source terms, paid for only when there is one. The bundle ships its source map beside it
// (index.mjs.map) but the function does not run with --enable-source-maps, which parses the map at every cold
// start (BENCHMARKS.md, section d): on an error, this reads the map once and maps the bundle's frames itself
// with node:module's SourceMap.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

let cached: { readonly file: string; readonly map: SourceMap | null } | undefined;

function mapFor(file: string): SourceMap | null {
  if (cached?.file === file) return cached.map;
  let map: SourceMap | null;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    map = null; // no map beside this file (the TypeScript sources under test): the stack is already in source terms
  }
  cached = { file, map };
  return map;
}

/** `error`'s stack with every frame in `moduleUrl` (the bundle, by default this module's own file) at its source position. */
export function sourceMappedStack(error: unknown, moduleUrl: string = import.meta.url): string {
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  let file: string;
  try {
    file = fileURLToPath(moduleUrl);
  } catch {
    return stack;
  }
  const map = mapFor(file);
  if (map === null) return stack;
  const frame = new RegExp(`(?:file://)?${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`, 'g');
  return stack.replace(frame, (whole, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return whole;
    return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
