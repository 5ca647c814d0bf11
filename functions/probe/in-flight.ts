// A cap on the run's requests to Okta in flight at once. Okta's concurrent-request limit is org-wide and shared with
// all the org's traffic: 75 in flight, 35 on Integrator Free (okta-developer-docs reference/rl2-concurrency). A
// probe that fires every check, journey, SAML app and inventory kind at once could take a large share of it at the
// top of every minute, and its own 429 would then read as Okta's. Waiting for a slot happens before a request is
// sent, so the latency a check measures is Okta's answer alone.

/** How many requests the run has in flight, and the wait for a slot once `limit` are. */
export class InFlight {
  readonly limit: number;
  #busy = 0;
  #peak = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.limit = Math.max(1, Math.floor(limit));
  }

  /** The most requests in flight at once so far. */
  get peak(): number {
    return this.#peak;
  }

  /**
   * Runs `work` in a slot. A signal that aborts while waiting lets `work` run at once without one: the send sees the
   * aborted signal and ends at once, and a run at its deadline must not wait on a slot to fail.
   */
  async run<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    const held = await this.#acquire(signal);
    try {
      return await work();
    } finally {
      if (held) this.#release();
    }
  }

  #acquire(signal: AbortSignal | undefined): Promise<boolean> {
    if (this.#busy < this.limit) return Promise.resolve(this.#take());
    if (signal?.aborted === true) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        const at = this.#waiting.indexOf(wake);
        if (at >= 0) this.#waiting.splice(at, 1);
        resolve(false);
      };
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.#take());
      };
      this.#waiting.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #take(): true {
    this.#busy += 1;
    this.#peak = Math.max(this.#peak, this.#busy);
    return true;
  }

  #release(): void {
    this.#busy -= 1;
    this.#waiting.shift()?.();
  }
}
