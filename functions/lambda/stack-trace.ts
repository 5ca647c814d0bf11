// Stack traces in source terms, paid for only when there is one. The bundle ships its source map beside it
// (index.mjs.map, and each chunk's beside it) but the function does not run with --enable-source-maps, which parses the
// map at every cold start (BENCHMARKS.md, section d): on an error, this reads the map once and maps the bundle's frames
// itself with node:module's SourceMap.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | null>();

function mapFor(file: string): SourceMap | null {
  const known = maps.get(file);
  if (known !== undefined) return known;
  let map: SourceMap | null;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    map = null; // no map beside this file (the TypeScript sources under test): the stack is already in source terms
  }
  maps.set(file, map);
  return map;
}

/**
 * `error`'s stack with every frame of the bundle at its source position: the frames of `moduleUrl` (by default this
 * module's own file) and of every other .mjs file in its folder and below it (the probe's chunks), each by its own map.
 */
export function sourceMappedStack(error: unknown, moduleUrl: string = import.meta.url): string {
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  let file: string;
  try {
    file = fileURLToPath(moduleUrl);
  } catch {
    return stack;
  }
  const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const frame = new RegExp(
    `(?:file://)?(${escaped(file)}|${escaped(dirname(file))}/[^\\s:()]+\\.mjs):(\\d+):(\\d+)`,
    'g',
  );
  return stack.replace(frame, (whole, path: string, line: string, column: string) => {
    const map = mapFor(path);
    if (map === null) return whole;
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
    };
    if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined)
      return whole;
    return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
