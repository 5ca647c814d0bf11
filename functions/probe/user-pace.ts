// One synthetic user's pace with Okta. Identity Engine limits "20 requests per user per 5 seconds and 10 requests per
// state token per 5 seconds"; past it a 429 goes to that user alone (okta-developer-docs reference/rl2-limits). A
// journey and the SAML apps checked in its session are one user to Okta, so they share one pace: the journey's
// requests are counted as they go (never delayed: its latency is Okta's), and the apps' requests in an Identity
// Engine session wait for a slot. Every window of USER_PACE.windowMs holds at most USER_PACE.perWindow of the user's
// requests, whatever Okta's window is aligned to; the apps stop USER_PACE.cleanupReserve short of it, so the journey's
// clean-up (two revocations and the session's close) always finds room. Why these numbers:
// docs/decisions/per-user-pacing.md. The clock and the wait are injected: tests never wait in real time.
import { APPS_PER_WINDOW, USER_PACE } from '../contract';
import type { Exchange } from './context';

/** Who sends: the journey (counted, never delayed) or the apps in its session (paced below the clean-up's reserve). */
type PaceLane = 'journey' | 'apps';

export interface PaceClock {
  readonly now: () => number;
  /** Waits `ms`; rejects when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A request that could not have its slot before the time it was given: nothing was sent. */
export class PaceError extends Error {
  override readonly name = 'PaceError';
}

export class UserPace {
  readonly #clock: PaceClock;
  /** Send times of the user's requests still inside a window, ascending. */
  readonly #slots: number[] = [];
  #waited = 0;
  #paced = 0;

  constructor(clock: PaceClock) {
    this.#clock = clock;
  }

  /** The journey's request, sent now: counted in the user's windows, never delayed. */
  note(): void {
    this.#insert(this.#clock.now());
  }

  /** The earliest time an app's request could go, were it asked now. */
  nextAt(lane: PaceLane = 'apps'): number {
    return this.#earliest(this.#clock.now(), lane === 'apps' ? APPS_PER_WINDOW : USER_PACE.perWindow);
  }

  /**
   * Reserves the app's next slot and waits for it. Throws PaceError, reserving nothing, when the slot is after
   * `latest` (the run could not finish what it starts) or `signal` aborts the wait.
   */
  async take(latest = Infinity, signal?: AbortSignal): Promise<void> {
    const now = this.#clock.now();
    const at = this.#earliest(now, APPS_PER_WINDOW);
    if (at > latest)
      throw new PaceError(`the user's next slot is ${Math.ceil((at - now) / 1000)} s away, past the run's time for it`);
    this.#insert(at);
    this.#paced += 1;
    if (at <= now) return;
    this.#waited += at - now;
    try {
      await this.#clock.sleep(at - now, signal);
    } catch {
      // The slot stays counted: a request Okta may still see, were it sent late, is never assumed unsent.
      throw new PaceError("the run's deadline came while the user's next slot was awaited");
    }
  }

  /** The apps' requests paced and the time they waited in all, ms: what the group reports. */
  get stats(): { readonly paced: number; readonly waitedMs: number } {
    return { paced: this.#paced, waitedMs: this.#waited };
  }

  /** Requests counted in the window that ends at `at` (for tests and the report). */
  inWindow(at: number): number {
    return this.#slots.filter((s) => s > at - USER_PACE.windowMs && s <= at).length;
  }

  #insert(at: number): void {
    this.#forget(this.#clock.now());
    const i = this.#slots.findIndex((s) => s > at);
    if (i < 0) this.#slots.push(at);
    else this.#slots.splice(i, 0, at);
  }

  #forget(now: number): void {
    while (this.#slots.length > 0 && this.#slots[0]! <= now - USER_PACE.windowMs) this.#slots.shift();
  }

  /**
   * The earliest time at or after `now` at which one more request keeps every window holding it at `limit` or below.
   * Where a slot can go changes only when an earlier one leaves its window (`slot + windowMs`): those are the
   * candidates.
   */
  #earliest(now: number, limit: number): number {
    this.#forget(now);
    const candidates = [now, ...this.#slots.map((s) => s + USER_PACE.windowMs).filter((t) => t > now)].sort(
      (a, b) => a - b,
    );
    for (const t of candidates) if (this.#fits(t, limit)) return t;
    // Unreachable: past the last slot's window every window is empty.
    return candidates[candidates.length - 1]!;
  }

  /** Whether a request at `t` keeps every window of windowMs that holds it at `limit` or below. */
  #fits(t: number, limit: number): boolean {
    const near = this.#slots.filter((s) => Math.abs(s - t) < USER_PACE.windowMs);
    // A window holding t starts in (t - windowMs, t]: the busiest starts at t or at one of the slots just before it.
    const starts = [t, ...near.filter((s) => s <= t)];
    return starts.every(
      (start) =>
        near.filter((s) => s >= start && s < start + USER_PACE.windowMs).length + (start <= t ? 1 : 0) <= limit,
    );
  }
}

/** Every user's pace in one run, by username (Okta's logins are case-insensitive). */
export class UserPaces {
  readonly #clock: PaceClock;
  readonly #paces = new Map<string, UserPace>();

  constructor(clock: PaceClock) {
    this.#clock = clock;
  }

  of(username: string): UserPace {
    const key = username.toLowerCase();
    let pace = this.#paces.get(key);
    if (pace === undefined) {
      pace = new UserPace(this.#clock);
      this.#paces.set(key, pace);
    }
    return pace;
  }
}

/**
 * Whether a session's Cookie header is Identity Engine's (`idx`): the per-user limit Okta documents is that engine's.
 */
export function identityEngineSession(cookie: string): boolean {
  return /(?:^|;\s*)idx=/.test(cookie);
}

/** The journey's exchange, each request counted in its user's pace as it goes. */
export function countedExchange(pace: UserPace, exchange: Exchange): Exchange {
  return (req) => {
    pace.note();
    return exchange(req);
  };
}

/**
 * An app's exchange in the journey's session: each request that carries an Identity Engine session (the user's, to
 * Okta) waits for its slot; the others (public metadata, the Management API's) are not the user's. Throws PaceError
 * when the slot is after `latest` or `signal` aborts the wait: nothing is sent then.
 */
export function pacedExchange(
  pace: UserPace,
  exchange: Exchange,
  bounds: { readonly latest?: number; readonly signal?: AbortSignal } = {},
): Exchange {
  return async (req) => {
    const cookie = req.headers?.cookie;
    if (typeof cookie === 'string' && identityEngineSession(cookie)) await pace.take(bounds.latest, bounds.signal);
    return exchange(req);
  };
}
