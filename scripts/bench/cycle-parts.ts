// A CLI cycle's requests, each seen from both ends of the wire, and where the cycle's time went along its critical
// chain: the arithmetic of scripts/bench/cli-double.ts (section ag), apart from its processes and servers.

/** The latency both servers hold every answer for, ms. */
export const LATENCY_MS = 150;

/** One request of a cycle, seen from both ends (wall clock, ms). */
export interface Exchange {
  readonly name: string;
  readonly created: number;
  readonly sent: number;
  readonly ended: number;
  /** The connection's opening, within created..sent, when this request opened one. */
  readonly connectMs: number;
  readonly arrived: number;
  readonly finished: number;
}

export interface Cycle {
  readonly cycleMs: number;
  readonly start: number;
  readonly allPassed: boolean;
  /** Each check's server, name and status: equal between the servers when the cycles are comparable. */
  readonly checks: string;
  readonly exchanges: readonly Exchange[];
}

/**
 * The request whose answer a request is sent with, when Okta's API says so: introspect sends the token its server's
 * /token answered, the Management API is called with the Org AS's.
 */
function tokenRequestOf(name: string): string | undefined {
  if (/^POST \/oauth2\/(.+\/)?v1\/introspect$/.test(name)) return name.replace(/introspect$/, 'token');
  return name.startsWith('GET /api/v1/') ? 'POST /oauth2/v1/token' : undefined;
}

/**
 * The requests the cycle's end waited on: the last to end; before it, the token request whose answer it was sent
 * with, or else the last to end before it was created; and so on.
 */
export function criticalChain(exchanges: readonly Exchange[]): Exchange[] {
  const chain: Exchange[] = [];
  const latest = (before: number): Exchange | undefined =>
    exchanges
      .filter((e) => e.ended <= before)
      .reduce<Exchange | undefined>((a, e) => (a === undefined || e.ended > a.ended ? e : a), undefined);
  for (let last = latest(Infinity); last !== undefined; ) {
    chain.unshift(last);
    const created = last.created;
    const token = exchanges.find((e) => e.name === tokenRequestOf(last?.name ?? '') && e.ended <= created);
    last = token ?? latest(created);
  }
  return chain;
}

/** The server's own work on a request: its answer's time less the latency it holds every answer for. */
export const workOf = (e: Exchange): number => e.finished - e.arrived - LATENCY_MS;

/**
 * Where a cycle's time went along its critical chain, in parts that add up to the cycle: the client's work before,
 * between and after the chain's requests, and for each request its connection set-up, its wait in the client's
 * queue, the server's latency and work, the request's way to the server (loopback, the server's event loop) and
 * the answer's way back to the end of its body (loopback, the client's event loop: a busy client reads it late).
 */
export function breakdown(cycle: Cycle): { chain: string; parts: Map<string, number>; serverWorkMs: number } {
  const chain = criticalChain(cycle.exchanges);
  const parts = new Map<string, number>();
  const add = (part: string, ms: number): void => void parts.set(part, (parts.get(part) ?? 0) + ms);
  let clientAt = cycle.start;
  chain.forEach((e, i) => {
    add(i === 0 ? 'the client, before the first request' : 'the client, between requests', e.created - clientAt);
    add('connection set-up', e.connectMs);
    add("queued in the client's HTTP pool", e.sent - e.created - e.connectMs);
    add('the latency (150 ms an answer)', LATENCY_MS);
    add("the server's work", workOf(e));
    add("the request's way to the server", e.arrived - e.sent);
    add("the answer's way back, to its body's end", e.ended - e.finished);
    clientAt = e.ended;
  });
  add('the client, after the last answer', cycle.start + cycle.cycleMs - clientAt);
  const serverWorkMs = chain.reduce((sum, e) => sum + workOf(e), 0);
  return { chain: chain.map((e) => e.name).join(' → '), parts, serverWorkMs };
}

export const PART_ORDER = [
  'the client, before the first request',
  'connection set-up',
  "queued in the client's HTTP pool",
  'the latency (150 ms an answer)',
  "the server's work",
  "the request's way to the server",
  "the answer's way back, to its body's end",
  'the client, between requests',
  'the client, after the last answer',
];
