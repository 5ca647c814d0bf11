// What the System Log benches (integrations.ts, provisioning.ts) share: a loopback org that answers /api/v1/logs as
// Okta does for a poller (its SCIM filter's `eventType eq` and `sw`, `since` and then the `after` of the next link,
// which every page carries), and listings such as /api/v1/apps in pages whose next link stops at the end; and the
// simulator's config with the "org" server reading the log and a block of the bench's.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../functions/config/parse';
import type { ConfigFileJson } from '../../functions/config/schema';
import { LOCAL_CREDENTIAL_FILES } from '../../functions/credentials/local';
import { writeSimulatorConfig } from '../../sim/config';
import type { startSimulator } from '../../sim/server';

type Item = Record<string, unknown>;

interface LogOrg {
  readonly server: Server;
  readonly url: string;
  /** The org's System Log, oldest first: a bench pushes its events here. */
  readonly log: Item[];
}

/** Whether Okta's SCIM filter of a check (eventType eq / sw, joined by or) asks for an event type. */
function matches(filter: string, type: string): boolean {
  for (const [, op, value] of filter.matchAll(/eventType (eq|sw) "([^"]+)"/g))
    if (op === 'eq' ? type === value : type.startsWith(value ?? '\u0000')) return true;
  return false;
}

/** A page of the log for a query: from `since`, or after the `after` of the last page, its filter's events. */
function logPage(log: readonly Item[], query: URLSearchParams, limit: number): { page: Item[]; after: string } {
  const after = query.get('after');
  const since = Date.parse(query.get('since') ?? '') || 0;
  const filter = query.get('filter') ?? '';
  let start = 0;
  if (after !== null) start = log.findIndex((e) => e.uuid === after) + 1;
  else while (start < log.length && Date.parse(String(log[start]?.published)) < since) start += 1;
  const page: Item[] = [];
  let at = start;
  for (; at < log.length && page.length < limit; at += 1)
    if (matches(filter, String(log[at]?.eventType))) page.push(log[at]!);
  return { page, after: String(log[at - 1]?.uuid ?? after ?? '') };
}

/**
 * The loopback org: the log polled by `since` then `after`, each query answered with its filter's events, and each of
 * `listings` (by path) in pages; every next link on `origin`, the simulator's, which routes the org's paths here.
 */
export async function startLogOrg(
  origin: () => string,
  listings: Readonly<Record<string, Item[]>> = {},
): Promise<LogOrg> {
  const log: Item[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const next = new URLSearchParams(url.searchParams);
    next.delete('since');
    const listing = listings[url.pathname];
    let page: Item[];
    let more = true;
    if (listing === undefined) {
      const read = logPage(log, url.searchParams, limit);
      page = read.page;
      next.set('after', read.after);
    } else {
      const after = url.searchParams.get('after');
      const start = after === null ? 0 : listing.findIndex((e) => e.id === after) + 1;
      page = listing.slice(start, start + limit);
      more = start + limit < listing.length;
      next.set('after', String(page.at(-1)?.id ?? after ?? ''));
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(more && { link: `<${origin()}${url.pathname}?${next.toString()}>; rel="next"` }),
      'x-rate-limit-limit': '120',
      'x-rate-limit-remaining': '119',
      'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 60),
    });
    res.end(JSON.stringify(page));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, log, url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}` };
}

/** The servers with the "org" one reading the System Log, with these scopes besides. */
export function readingOrg(servers: ConfigFileJson['servers'], scopes: readonly string[]): ConfigFileJson['servers'] {
  return servers.map((s) =>
    s.id === 'org' ? { ...s, systemLog: true, scopes: [...new Set([...s.scopes, 'okta.logs.read', ...scopes])] } : s,
  );
}

/** The simulator's probe config with the "org" server reading the log (and `scopes`), and `blocks` at the top. */
export async function simLogProbe(
  sim: Awaited<ReturnType<typeof startSimulator>>,
  scopes: readonly string[],
  blocks: Record<string, unknown>,
) {
  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-bench-log-'));
  const path = await writeSimulatorConfig(sim, dir);
  const json = JSON.parse(readFileSync(path, 'utf8')) as ConfigFileJson & Record<string, unknown>;
  writeFileSync(path, JSON.stringify({ ...json, servers: readingOrg(json.servers, scopes), ...blocks }));
  const loaded = loadConfigFile(path, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config.probe;
}
