// The order a run's first wave leaves in, and the order its answers are judged in. A fresh process runs every
// check's code for the first time, a millisecond or more each: started in one synchronous pass, the wave held the
// event loop until its last check had started, so a request already signed waited to connect; and the wave's
// answers, arriving together, were judged one after another in one poll of the loop while the token's answer, which
// the introspection waits on, sat behind them. So the chains' heads (the token) start at once, the rest one per turn
// of the event loop, and a first-wave leaf's answer is judged a turn later, one per turn: what a chain waits on goes
// first, and connections and answers already under way are served between two pieces of work.
import { checkRow } from '../plan/check-table';
import type { PlannedCheck } from '../plan/checks';

/** A wait for the next turn handed out (laterTurns). */
export type LaterTurn = () => Promise<void>;

/**
 * Hands out turns: each wait ends a `setImmediate` after the one before it ended. Node runs an immediate after the
 * loop's poll for I/O, so a connection opened, a signature done or an answer arrived is handled between two turns.
 */
export function laterTurns(): LaterTurn {
  let last: Promise<void> = Promise.resolve();
  return () => (last = last.then(nextTurn));
}

/** The next turn of the event loop: after its poll for I/O (a `setImmediate`). */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Whether a planned check is the head of a chain: another planned check of its server with a request of its own
 * (timed) needs it. The token is, for the introspection and the Management API; the keys are not (validate sends
 * nothing).
 */
export function chainHeads(plan: readonly PlannedCheck[]): (server: string, check: PlannedCheck['check']) => boolean {
  const heads = new Map<string, Set<string>>();
  for (const p of plan)
    if (checkRow(p.check).timed)
      for (const needed of checkRow(p.check).needs) heads.set(p.server, (heads.get(p.server) ?? new Set()).add(needed));
  return (server, check) => heads.get(server)?.has(check) === true;
}

/**
 * Whether a check's answer is judged a turn later (laterTurns): a server's or the feed's check that needs nothing and
 * is no chain's head. Its answer is read and timed as it arrives; only its judging waits.
 */
export function judgedLater(isHead: ReturnType<typeof chainHeads>, server: string, check: PlannedCheck['check']) {
  const row = checkRow(check);
  return (row.target === 'server' || row.target === 'feed') && row.needs.length === 0 && !isHead(server, check);
}
