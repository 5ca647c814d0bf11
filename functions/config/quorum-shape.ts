// The multi-region quorum's shape in the configuration: its validated settings and its JSON Schema, apart from
// config/quorum.ts (which reads them) so that schema.ts and the simulator reach the shape without the readers.

/**
 * The fast path's settings, filled with their defaults; null when it is off (`"quorum": false`, or one region on a
 * schedule other than 1 min).
 */
export interface QuorumSettings {
  /** Regions whose fresh verdicts must fail together before a page. @default 2 with two or more regions, 1 with one */
  readonly agree: number;
  /**
   * Seconds between one region's checks within its one-minute run, on the minute's grid: a whole or half second.
   * @default 7.5
   */
  readonly checkEverySeconds: number;
  /** A peer's verdict older than this is not counted (its region is silent, not failing). @default 45 */
  readonly freshSeconds: number;
  /**
   * The region holding the backstop alarms (the standard one-minute quorum). @default the first of `regions`; absent
   * when the configuration names no regions: the one stack's own region is its home (config/quorum.ts stackQuorum).
   */
  readonly homeRegion?: string;
  /** The regions taking part, in the configuration's order; empty when it names none (the stack's own region). */
  readonly regions: readonly string[];
}

export const QUORUM_DEFAULTS = {
  /** Two regions: one region's own path (its NAT, its DNS) can never page by itself. */
  agree: 2,
  /**
   * Eight checks a minute, on the minute's grid (0, 7.5, 15 ... 52.5 s past it): a failure is seen within 7.5 s of its
   * start plus one check's time, and with its confirmation a third of a round later an outage pages within 15 s
   * (plan/quorum.ts fastPageWithinSeconds), at every phase of the outage against the rounds (BENCHMARKS.md t; 18.8 s
   * at worst at 10 s). Each round more is an item write a minute per region and a /token call per server: 8 a minute
   * per region and server, 9% of Okta's smallest /token bucket from three regions with their runs' own (at 6 s, 11%:
   * over the 10% we hold to).
   */
  checkEverySeconds: 7.5,
  /** Two checks and a margin for replication lag and a slow check: a live peer's verdict is always this fresh. */
  freshSeconds: 45,
} as const;

/** The JSON Schema of `quorum`, for editors (scripts/config-schema.ts). */
export const QUORUM_SCHEMA = {
  type: ['object', 'boolean', 'null'],
  additionalProperties: false,
  description:
    'Stack: the fast path and, with several regions, the quorum: each region checks every checkEverySeconds ' +
    "within its run, shares its verdict through a DynamoDB global table, and pages when agree regions' fresh " +
    'verdicts fail (docs/decisions/multi-region-quorum.md). On by default with scheduleMinutes 1, one region ' +
    'included (it pages within 15 s, agree 1); false turns it off (each region pages on its own alarms, ' +
    'within 3 min). With one region and another schedule it is off; with several regions it needs ' +
    'scheduleMinutes 1.',
  properties: {
    _comment: { type: 'string', description: 'Free text for people; ignored.' },
    agree: {
      type: 'integer',
      minimum: 1,
      description:
        `Regions that must fail together before a page (default ${QUORUM_DEFAULTS.agree}; at least 2 with two or ` +
        'more regions, at ' +
        'most their number).',
    },
    checkEverySeconds: {
      type: 'number',
      minimum: 7.5,
      maximum: 30,
      // A whole or half second: every such interval is proven against `cost` (test/functions/cost/quorum-rounds),
      // its rounds fall on whole milliseconds (16.1 s is 16100.000000000002 ms in floating point), the plan's times
      // stay whole or half seconds (7.51 s read "22.509999999999998 s"), and the freshSeconds value the cadence
      // check suggests is a whole second (at 29.9 s it suggested 64.8, which freshSeconds, an integer, refuses).
      multipleOf: 0.5,
      description:
        "Seconds between a region's checks within its one-minute run, a whole or half second from 7.5 to 30 " +
        `(default ${QUORUM_DEFAULTS.checkEverySeconds}: ${60 / QUORUM_DEFAULTS.checkEverySeconds} a minute; a page ` +
        'within 15 s).',
    },
    freshSeconds: {
      type: 'integer',
      minimum: 15,
      maximum: 90,
      description:
        `A peer's verdict older than this is not counted (default ${QUORUM_DEFAULTS.freshSeconds}; above ` +
        'checkEverySeconds).',
    },
    homeRegion: {
      type: 'string',
      description:
        'The region, one of regions, holding the backstop alarms: the standard one-minute quorum for when ' +
        'the fast path fails (default the first of regions).',
    },
  },
} as const;
