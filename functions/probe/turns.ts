// The order a run's first wave leaves in. A fresh process runs every check's code for the first time, a millisecond or
// more each: started in one synchronous pass, the wave held the event loop until its last check had started, so a
// request already signed waited to connect, and the answers that came back first waited behind the wave's CPU. Started
// one per turn of the event loop, the connections and answers already under way are served between two starts.

/** Starts the work handed to it in order: the first at once, each later one a turn of the event loop after the last. */
export type TurnTaker = <T>(start: () => Promise<T>) => Promise<T>;

/**
 * A fresh taker. Each later start waits for a `setImmediate`, which Node runs after the loop's poll for I/O: a
 * connection opened, a signature done on the thread pool or an answer arrived is handled before the next start.
 */
export function turnTaker(): TurnTaker {
  let last: Promise<void> | undefined;
  return <T>(start: () => Promise<T>): Promise<T> => {
    if (last === undefined) {
      last = Promise.resolve();
      return start();
    }
    const turn = last.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    last = turn;
    return turn.then(start);
  };
}
