// The fast path's loop on a fake clock: its ports are fakes, so each test says what the table, the latch and the
// checks did and asserts what the loop set, cleared and published.
import { describe, expect, it } from 'vitest';
import type { StackQuorum } from '../../../functions/config/quorum';
import { THREE_REGIONS } from '../../support/quorum-settings';
import { runQuorum } from '../../../functions/lambda/quorum-loop';
import type { QuorumPorts } from '../../../functions/lambda/quorum-ports';
import { OFF_GRID_MAX } from '../../../functions/quorum/schedule';
import type { RegionVerdicts, TargetVerdict } from '../../../functions/quorum/decide';
import { parseVerdict } from '../../../functions/quorum/verdict-item';
import type { CheckResult } from '../../../functions/types';

const SETTINGS = THREE_REGIONS;

const discovery = (down: boolean, code = 'OKTA_SERVER_ERROR'): CheckResult[] =>
  down
    ? ([
        {
          server: 'org',
          check: 'discovery',
          status: 'fail',
          diagnosis: { code, summary: code, detail: '' },
          latencyMs: 5,
        },
      ] as unknown as CheckResult[])
    : [{ server: 'org', check: 'discovery', status: 'pass', diagnosis: null, latencyMs: 5 }];

function fakes(
  peers: (now: number) => RegionVerdicts[],
  options: { latched?: string[]; failTable?: boolean; check?: (now: number) => CheckResult[] } = {},
) {
  let now = 1_000_000;
  const sets: { at: number; target: string; on: boolean }[] = [];
  const written: RegionVerdicts[] = [];
  const published: Record<string, number>[] = [];
  const held = new Set(options.latched ?? []);
  const ports: QuorumPorts = {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    check: async () => (options.check ?? (() => discovery(false)))(now),
    table: {
      write: async (item) => {
        if (options.failTable === true) throw new Error('ResourceNotFoundException: table gone');
        written.push(item);
      },
      read: async () => {
        if (options.failTable === true) throw new Error('ResourceNotFoundException: table gone');
        return peers(now);
      },
    },
    // CloudWatch keeps a set state (prove-latch shows whether an account does): the latch reads back what was set.
    latch: {
      latched: async (targets) => new Set(targets.filter((t) => held.has(t))),
      set: async (target, on) => {
        sets.push({ at: now, target, on });
        if (on) held.add(target);
        else held.delete(target);
      },
    },
    publishFailing: async (failing, at, healthy) =>
      void published.push({ ...failing, at: at - 1_000_000, healthy: healthy ? 1 : 0 }),
  };
  return { ports, sets, written, published, start: now };
}

/** Counts the table reads a run makes (its own last item, its peers at each round, and any between rounds). */
function countReads(ports: QuorumPorts): { count: number } {
  const reads = { count: 0 };
  const read = ports.table.read.bind(ports.table);
  (ports.table as { read: QuorumPorts['table']['read'] }).read = async (regions) => {
    reads.count += 1;
    return read(regions);
  };
  return reads;
}

const peer = (region: string, state: 'down' | 'up', at: number): RegionVerdicts => ({
  region,
  writtenAt: at,
  verdicts: { org: { state, at, until: at + 45_000 } },
});

/** The region's own item from its last run's last round, failing: its first round now confirms the failure. */
const ownEarlierFailure = (region: string): RegionVerdicts => ({
  region,
  writtenAt: 1_000_000 - 20_000,
  verdicts: { org: { state: 'down', at: 1_000_000 - 20_000, until: 1_000_000 + 25_000, downRounds: 0b001 } },
});

/** A run of `region` starting at `start`, its own checks `checks`: deadline 47 s in, rounds budgeted 6 s. */
const input = (region: string, start: number, checks = discovery(true)) => ({
  settings: SETTINGS,
  region,
  checks,
  startedAt: start,
  fastTargets: ['org'],
  deadline: start + 47_000,
  roundBudgetMs: 6_000,
});

/** Peers up, and this region's own item of its last run, up for minutes: no clean stretch is on its way. */
const upPeers = (now: number): RegionVerdicts[] => [
  peer('eu-west-1', 'up', now - 2_000),
  peer('ap-southeast-2', 'up', now - 3_000),
  {
    region: 'us-east-1',
    writtenAt: 1_000_000 - 10_000,
    runAt: 1_000_000 - 50_000,
    verdicts: { org: { state: 'up', at: 1_000_000 - 10_000, until: 1_000_000 + 35_000, upSince: 1_000_000 - 200_000 } },
  },
];

describe('runQuorum', () => {
  it(
    'sets the latch once a second round confirms its own failure and two regions agree, writes its verdict every ' +
      'round and publishes QuorumFailing 1 once confirmed',
    async () => {
      const f = fakes((now) => [peer('eu-west-1', 'down', now - 2_000), peer('ap-southeast-2', 'up', now - 2_000)], {
        check: () => discovery(true),
      });
      const run = await runQuorum(
        {
          settings: SETTINGS,
          region: 'us-east-1',
          checks: discovery(true),
          startedAt: f.start,
          fastTargets: ['org'],
          deadline: f.start + 47_000,
          roundBudgetMs: 6_000,
        },
        f.ports,
      );
      // One failing round is not yet an outage (CONFIRM_ROUNDS): the second, a third of a round later (6.667 s of
      // these 20 s rounds, plan/quorum.ts CONFIRMATION_ROUNDS), sets the latch.
      expect(f.sets).toEqual([{ at: f.start + 6_667, target: 'org', on: true }]);
      expect(run.rounds).toBe(4);
      expect(f.written.map((w) => w.writtenAt - f.start)).toEqual([0, 6_667, 20_000, 40_000]);
      expect(f.written.map((w) => w.verdicts.org?.downRounds)).toEqual([0b0001, 0b0011, 0b0111, 0b1111]);
      // Each round's verdict at its own time: the backstop reads the minute's Minimum.
      // The backstop counts every down round: a minute's Minimum is its own confirmation.
      expect(f.published).toEqual([0, 6_667, 20_000, 40_000].map((at) => ({ org: 1, at, healthy: 1 })));
    },
  );

  it('publishes QuorumFailing 0 from the first clean round after an outage, the window still down', async () => {
    const window = { discovery: { rounds: [[4, 4] as const, [4, 4] as const], code: 'OKTA_SERVER_ERROR' as const } };
    const before: RegionVerdicts = {
      ...ownEarlierFailure('us-east-1'),
      verdicts: { org: { ...ownEarlierFailure('us-east-1').verdicts.org!, window } },
    };
    const fixedAt = 1_000_000 + 10_000;
    const f = fakes((now) => [before, peer('eu-west-1', 'down', now - 2_000)], {
      check: (now) => discovery(now < fixedAt),
    });
    await runQuorum(
      {
        settings: SETTINGS,
        region: 'us-east-1',
        checks: discovery(true),
        startedAt: f.start,
        fastTargets: ['org'],
        deadline: f.start + 47_000,
        roundBudgetMs: 6_000,
      },
      f.ports,
    );
    // The round at 20 s passed every request after a round that failed every one: the window still judges down (its
    // failures are in the last two rounds), the clean stretch starts, and the backstop reads it as not failing.
    expect(f.written[1]?.verdicts.org?.state).toBe('down');
    expect(f.written[1]?.verdicts.org?.upSince).toBe(f.start + 20_000);
    expect(f.published.map((p) => p.org)).toEqual([1, 0, 0]);
  });

  it('never latches for this region alone failing: it names itself lone', async () => {
    const f = fakes((now) => [peer('eu-west-1', 'up', now), peer('ap-southeast-2', 'up', now)], {
      check: () => discovery(true, 'NETWORK_ERROR'),
    });
    const run = await runQuorum(
      {
        settings: SETTINGS,
        region: 'us-east-1',
        checks: discovery(true, 'NETWORK_ERROR'),
        startedAt: f.start,
        fastTargets: ['org'],
        deadline: f.start + 47_000,
        roundBudgetMs: 6_000,
      },
      f.ports,
    );
    expect(f.sets).toEqual([]);
    expect(run.lone).toEqual(['org']);
  });

  it('clears a latch a dead run left set, in its first round, when the live regions are up', async () => {
    const f = fakes((now) => [peer('eu-west-1', 'up', now), peer('ap-southeast-2', 'up', now)], { latched: ['org'] });
    const run = await runQuorum(
      {
        settings: SETTINGS,
        region: 'us-east-1',
        checks: discovery(false),
        startedAt: f.start,
        fastTargets: ['org'],
        deadline: f.start + 47_000,
        roundBudgetMs: 6_000,
      },
      f.ports,
    );
    expect(f.sets).toEqual([{ at: f.start, target: 'org', on: false }]);
    expect(run.changes).toEqual([expect.objectContaining({ target: 'org', latch: false })]);
  });

  it('never latches for our own cause everywhere (a rotated secret): own is not down', async () => {
    const own = discovery(true, 'INVALID_CLIENT');
    const f = fakes(
      (now) => [
        {
          region: 'eu-west-1',
          writtenAt: now,
          verdicts: { org: { state: 'own', code: 'INVALID_CLIENT', at: now, until: now + 45_000 } },
        },
      ],
      { check: () => own },
    );
    await runQuorum(
      {
        settings: SETTINGS,
        region: 'us-east-1',
        checks: own,
        startedAt: f.start,
        fastTargets: ['org'],
        deadline: f.start + 47_000,
        roundBudgetMs: 6_000,
      },
      f.ports,
    );
    expect(f.sets).toEqual([]);
    expect(f.published.map((p) => p.org)).toEqual([0, 0, 0]);
  });

  it(
    'keeps going when the table fails: the errors are reported, nothing is latched, the backstop gets its ' +
      'verdicts marked unhealthy',
    async () => {
      const f = fakes(() => [], { failTable: true, check: () => discovery(true) });
      const run = await runQuorum(
        {
          settings: SETTINGS,
          region: 'us-east-1',
          checks: discovery(true),
          startedAt: f.start,
          fastTargets: ['org'],
          deadline: f.start + 47_000,
          roundBudgetMs: 6_000,
        },
        f.ports,
      );
      expect(f.sets).toEqual([]);
      expect(f.published.map((p) => [p.org, p.healthy])).toEqual([
        [1, 0],
        [1, 0],
        [1, 0],
        [1, 0],
        [1, 0],
      ]);
      expect(run.errors).toContain('write verdicts: Error: ResourceNotFoundException: table gone');
    },
  );

  it('takes OFF_GRID_MAX rounds off the grid a run at most, however many servers ask for one', async () => {
    // Three servers up, their clean stretches reaching 40 s at 5, 27 and 33 s into the run.
    const start = 1_000_000;
    const up = (upSince: number) => ({ state: 'up' as const, at: start - 20_000, until: start + 25_000, upSince });
    const own: RegionVerdicts = {
      region: 'us-east-1',
      writtenAt: start - 20_000,
      verdicts: { org: up(start - 35_000), default: up(start - 13_000), hr: up(start - 7_000) },
    };
    const servers = ['org', 'default', 'hr'];
    const all = (): CheckResult[] => servers.flatMap((server) => discovery(false).map((c) => ({ ...c, server })));
    const f = fakes(() => [own], { check: all });
    await runQuorum({ ...input('us-east-1', f.start, all()), fastTargets: servers }, f.ports);
    // The stretches due at 5 and 27 s get their rounds; the one due at 33 s waits for the grid's round at 40 s.
    expect(OFF_GRID_MAX).toBe(2);
    expect(f.written.map((w) => w.writtenAt - f.start)).toEqual([0, 5_000, 20_000, 27_000, 40_000]);
  });

  it("never writes a clean stretch begun after its verdict's moment, when the run before it rounded on", async () => {
    // The run before this one keeps its rounds until it reads this run's item: its last round (5 s before now) came
    // after this run started (10 s before now, its checks since) and began a clean stretch there.
    const f = fakes(() => [
      peer('eu-west-1', 'up', f.start - 2_000),
      peer('ap-southeast-2', 'up', f.start - 3_000),
      {
        region: 'us-east-1',
        writtenAt: f.start - 5_000,
        runAt: f.start - 70_000,
        verdicts: { org: { state: 'up', at: f.start - 5_000, until: f.start + 40_000, upSince: f.start - 5_000 } },
      },
    ]);
    await runQuorum({ ...input('us-east-1', f.start - 10_000, discovery(false)), roundBudgetMs: 3_000 }, f.ports);
    const [first] = f.written;
    const verdict = first?.verdicts.org;
    // The stretch is kept whole, and the verdict is one a peer (and this region's next run) reads back.
    expect(verdict?.upSince).toBe(f.start - 5_000);
    expect(parseVerdict(verdict, first?.writtenAt ?? 0)).toEqual(verdict);
  });

  it("rounds on the wall clock's grid, whatever second of its minute the run started at", async () => {
    // EventBridge starts a run anywhere in its minute: a grid counted from the run's start put a region's rounds
    // anywhere too. The fake clock's start is a whole 20 s: rounds come 0, 20 and 40 s past it, the first a quarter
    // round after the run's own checks at the soonest.
    const roundsFrom = async (offset: number) => {
      const f = fakes(upPeers);
      await runQuorum({ ...input('us-east-1', f.start + offset, discovery(false)), roundBudgetMs: 3_000 }, f.ports);
      return f.published.map((p) => p.at);
    };
    expect((1_000_000 / 60_000) % 1).not.toBe(0); // not a whole minute, but a whole 20 s
    expect(1_000_000 % 20_000).toBe(0);
    expect(await roundsFrom(0)).toEqual([0, 20_000, 40_000]);
    expect(await roundsFrom(7_000)).toEqual([7_000, 20_000, 40_000]);
    expect(await roundsFrom(13_000)).toEqual([13_000, 20_000, 40_000]);
    // Never a moment after the run's checks: a grid round less than a quarter round on is left out.
    expect(await roundsFrom(16_000)).toEqual([16_000, 40_000, 60_000]);
  });

  describe('holding its rounds until the next run of its region has written', () => {
    // A run 30 s into the fake minute, its rounds held 2 minutes: the next run of its region starts at 95 s.
    const nextRunAt = 1_000_000 + 95_000;
    const newer = (writtenAt: number): RegionVerdicts => ({
      region: 'us-east-1',
      writtenAt,
      runAt: nextRunAt,
      verdicts: { org: { state: 'up', at: nextRunAt, until: nextRunAt + 45_000 } },
    });

    it('goes on past its checks on the grid, and stops at the first round whose read shows the newer run', async () => {
      const f = fakes((now) => [...upPeers(now), ...(now >= nextRunAt + 1_000 ? [newer(nextRunAt + 1_000)] : [])]);
      const start = f.start + 30_000;
      const run = await runQuorum(
        { ...input('us-east-1', start, discovery(false)), roundBudgetMs: 3_000, watchUntil: start + 120_000 },
        f.ports,
      );
      // Its own checks at 30 s, then the grid to 80 s; at 100 s it reads the newer run's item and writes nothing.
      expect(f.published.map((p) => p.at)).toEqual([30_000, 40_000, 60_000, 80_000]);
      expect(f.written.map((w) => w.runAt)).toEqual([start, start, start, start]);
      expect(run.handedOver).toBe(true);
    });

    it("never stops for an older run's item written later (the older one's last round)", async () => {
      const older: RegionVerdicts = { ...newer(1_000_000 + 50_000), runAt: 1_000_000 - 30_000 };
      const f = fakes((now) => [...upPeers(now), ...(now >= 1_000_000 + 50_000 ? [older] : [])]);
      const run = await runQuorum(
        { ...input('us-east-1', f.start, discovery(false)), roundBudgetMs: 3_000, watchUntil: f.start + 70_000 },
        f.ports,
      );
      expect(f.published.map((p) => p.at)).toEqual([0, 20_000, 40_000, 60_000]);
      expect(run.handedOver).toBe(false);
    });

    it('says in a last item that it ended when no newer run wrote by its end: its peers stop waiting', async () => {
      const f = fakes(upPeers);
      const start = f.start + 30_000;
      const run = await runQuorum(
        { ...input('us-east-1', start, discovery(false)), roundBudgetMs: 3_000, watchUntil: start + 120_000 },
        f.ports,
      );
      expect(run.handedOver).toBe(false);
      // Its rounds' items say nothing of an end; the one written after its last read, a second before the watch's end,
      // does.
      expect(f.written.slice(0, -1).every((w) => w.ended === undefined)).toBe(true);
      expect(f.written.at(-1)).toMatchObject({ runAt: start, writtenAt: start + 119_000, ended: true });
    });

    it('holding a latch, writes no ended item: its page is sent, and a peer acting would page again', async () => {
      const f = fakes((now) => [peer('eu-west-1', 'down', now - 2_000), peer('ap-southeast-2', 'down', now - 2_000)], {
        latched: ['org'],
        check: () => discovery(true),
      });
      const start = f.start + 30_000;
      await runQuorum({ ...input('us-east-1', start), roundBudgetMs: 3_000, watchUntil: start + 120_000 }, f.ports);
      expect(f.written.filter((w) => w.ended === true)).toEqual([]);
    });
  });

  describe('a clean stretch due past the checks', () => {
    // Failing until 5 s: the round that confirms the run's failure (6.667 s) starts the clean stretch, due at 46.667 s,
    // after the last moment a round fits by the checks' deadline (47 s less 3 s): the run, holding its rounds, checks
    // then. Rounds budgeted 3 s, as deployed.
    const recovering = (options: { watch: boolean }) => {
      const f = fakes(() => [], { check: (now) => discovery(now - 1_000_000 < 5_000) });
      const run = { ...input('eu-west-1', f.start), roundBudgetMs: 3_000 };
      return { f, run: options.watch ? { ...run, watchUntil: f.start + 55_500 } : run };
    };
    const samplesAt = (f: ReturnType<typeof fakes>) => f.published.map((p) => p.at);

    it('is shown by a round at the moment it is due', async () => {
      const { f, run } = recovering({ watch: true });
      const result = await runQuorum(run, f.ports);
      expect(samplesAt(f)).toEqual([0, 6_667, 20_000, 40_000, 46_667]);
      // Stable: up for the 40 s a latch's clear needs, at 46.667 s rather than at the next run's first round.
      expect(result.last.verdicts.org).toMatchObject({ state: 'up', upSince: f.start + 6_667, at: f.start + 46_667 });
    });

    it('waits for the next run without a watch', async () => {
      const { f, run } = recovering({ watch: false });
      const result = await runQuorum(run, f.ports);
      expect(samplesAt(f)).toEqual([0, 6_667, 20_000, 40_000]);
      expect(result.last.verdicts.org?.at).toBe(f.start + 40_000);
    });
  });

  describe('when the table fails', () => {
    const failing = (watchUntil?: number) => {
      const f = fakes(() => [], { failTable: true, check: () => discovery(true) });
      const watch = watchUntil !== undefined ? { watchUntil: f.start + watchUntil } : {};
      return { f, input: { ...input('us-east-1', f.start), ...watch } };
    };

    it(
      "goes on checking on the grid in the watch, and at each minute's last moment, so that the backstop's minute " +
        'holds a fix of its last seconds',
      async () => {
        const { f, input } = failing(90_000);
        await runQuorum(input, f.ports);
        // The fake's start is 40 s past a minute: that minute ends at 20 s, the next at 80 s. The grid's rounds at 20,
        // 40, 60 and 80 s, a confirmation at 6.667 s, and a round 2 s before each minute ends (18 and 78 s).
        expect(f.published.map((p) => p.at)).toEqual([0, 6_667, 18_000, 20_000, 40_000, 60_000, 78_000, 80_000]);
        expect(f.published.every((p) => p.healthy === 0)).toBe(true);
        // The table answers: the latch pages, the backstop counts nothing, and no round is added for it.
        const healthy = fakes((now) => [peer('eu-west-1', 'down', now - 2_000), peer('ap-southeast-2', 'up', now)], {
          check: () => discovery(true),
        });
        await runQuorum({ ...input, watchUntil: healthy.start + 55_500 }, healthy.ports);
        expect(healthy.published.map((p) => p.at)).toEqual([0, 6_667, 20_000, 40_000]);
      },
    );

    it(
      "publishes a fix to the backstop at its first clean round, though the run's own checks failed the Org " +
        "server's JWKS, which no round repeats",
      async () => {
        const fixedAt = 1_000_000 + 25_000;
        const f = fakes(() => [], { failTable: true, check: (now) => discovery(now < fixedAt) });
        const keys = { ...discovery(true)[0], check: 'keys' } as CheckResult;
        await runQuorum(
          { ...input('us-east-1', f.start, [...discovery(true), keys]), watchUntil: f.start + 90_000 },
          f.ports,
        );
        // Kept, the JWKS's failure judged the Org server down to the run's end: 1 in every round after the fix, and
        // the backstop's OK waited for the region's next run.
        expect(f.published.map((p) => [p.at, p.org])).toEqual([
          [0, 1],
          [6_667, 1],
          [18_000, 1],
          [20_000, 1],
          [40_000, 0],
          [60_000, 0],
          [80_000, 0],
        ]);
      },
    );

    it('alone, stays healthy (its latch needs no table) and remembers since when a target is up', async () => {
      const up = {
        state: 'up' as const,
        at: 1_000_000 - 20_000,
        until: 1_000_000 + 25_000,
        upSince: 1_000_000 - 40_000,
      };
      const f = fakes(() => [], { failTable: true, latched: ['org'], check: () => discovery(false) });
      const alone: StackQuorum = { ...SETTINGS, agree: 1, regions: ['us-east-1'] };
      const run1 = { ...input('us-east-1', f.start, discovery(false)), settings: alone };
      const remembered: RegionVerdicts = { region: 'us-east-1', writtenAt: up.at, verdicts: { org: up } };
      const run = await runQuorum({ ...run1, remembered }, f.ports);
      // Up since 40 s before the run: stable at its first round, which clears the latch.
      expect(f.sets).toEqual([{ at: f.start, target: 'org', on: false }]);
      expect(f.published.map((p) => p.healthy)).toEqual([1, 1, 1]);
      expect(run.last.verdicts.org?.upSince).toBe(up.upSince);
      // Without the memory the stretch starts again at the run's first round: no clear in this run's first round.
      const forgot = fakes(() => [], { failTable: true, latched: ['org'], check: () => discovery(false) });
      await runQuorum(run1, forgot.ports);
      expect(forgot.sets[0]?.at).toBe(forgot.start + 40_000);
    });

    it("alone, forgets a memory older than freshSeconds: other environments' runs judged the rounds", async () => {
      // A run ended 60 s ago, in the outage; Okta answers now. Read as the round just before this one, its failing
      // window and down bits set the latch again after the OK.
      const failed = [[4, 4] as const, [4, 4] as const];
      const down: TargetVerdict = {
        state: 'down',
        code: 'OKTA_SERVER_ERROR',
        at: 1_000_000 - 60_000,
        until: 1_000_000 - 15_000,
        downRounds: 0b1111,
        window: { discovery: { rounds: failed, code: 'OKTA_SERVER_ERROR' } },
      };
      const f = fakes(() => [], { failTable: true, check: () => discovery(false) });
      const alone: StackQuorum = { ...SETTINGS, agree: 1, regions: ['us-east-1'] };
      const remembered: RegionVerdicts = { region: 'us-east-1', writtenAt: down.at, verdicts: { org: down } };
      const run = { ...input('us-east-1', f.start, discovery(false)), settings: alone, remembered };
      const done = await runQuorum({ ...run, deadline: f.start + 5_000 }, f.ports);
      expect(f.sets).toEqual([]);
      expect(done.last.verdicts.org?.state).toBe('up');
    });

    it("dates a clean stretch its first round's samples begin when they were sent, not at its start", async () => {
      // The last round failed a request: the first round samples after the run's checks, which took 3 s.
      const doubt: TargetVerdict = {
        state: 'up',
        at: 1_000_000 - 20_000,
        until: 1_000_000 + 25_000,
        window: { discovery: { rounds: [[4, 4]], code: 'OKTA_SERVER_ERROR' } },
      };
      const f = fakes(() => [{ region: 'us-east-1', writtenAt: doubt.at, verdicts: { org: doubt } }], {
        check: () => discovery(false),
      });
      const alone: StackQuorum = { ...SETTINGS, agree: 1, regions: ['us-east-1'] };
      const run = { ...input('us-east-1', f.start - 3_000, discovery(true)), settings: alone };
      await runQuorum({ ...run, deadline: f.start + 7_000 }, f.ports);
      expect(f.written[0]?.verdicts.org?.upSince).toBe(f.start);
    });
  });

  it(
    "sees an outage that starts mid-run at its next round, and publishes each round's verdict, timed by the " + 'round',
    async () => {
      const outageAt = 1_000_000 + 15_000;
      const f = fakes((now) => [peer('eu-west-1', now >= outageAt ? 'down' : 'up', now)], {
        check: (now) => discovery(now >= outageAt),
      });
      await runQuorum(
        {
          settings: SETTINGS,
          region: 'us-east-1',
          checks: discovery(false),
          startedAt: f.start,
          fastTargets: ['org'],
          deadline: f.start + 47_000,
          roundBudgetMs: 6_000,
        },
        f.ports,
      );
      // Seen failing at 20 s, confirmed a third of a round later, at 26.667 s.
      expect(f.sets).toEqual([{ at: f.start + 26_667, target: 'org', on: true }]);
      expect(f.published).toEqual([
        { org: 0, at: 0, healthy: 1 },
        { org: 1, at: 20_000, healthy: 1 },
        { org: 1, at: 26_667, healthy: 1 },
        { org: 1, at: 40_000, healthy: 1 },
      ]);
    },
  );

  describe("the acting home: only the first live region in the quorum's order latches", () => {
    it("away from home, never sets its latch while the home's item is fresh, though two regions agree", async () => {
      const f = fakes((now) => [peer('us-east-1', 'down', now - 2_000), peer('ap-southeast-2', 'down', now - 2_000)], {
        check: () => discovery(true),
      });
      const run = await runQuorum(input('eu-west-1', f.start), f.ports);
      expect(f.sets).toEqual([]);
      expect(run.acting).toEqual([{ at: f.start, home: 'us-east-1' }]);
      // An agreed outage is no region's own trouble: nobody warns alone.
      expect(run.lone).toEqual([]);
    });

    it(
      'keeps the home acting through the gap between its ' + 'runs: an item 40 s old is alive, under freshSeconds',
      async () => {
        const f = fakes(
          () => [peer('us-east-1', 'down', 1_000_000 - 40_000), peer('ap-southeast-2', 'down', 1_000_000)],
          { check: () => discovery(true) },
        );
        // Only the first round (no time left to confirm its failure): the home's item, 40 s old, is still fresh then.
        const run = await runQuorum({ ...input('eu-west-1', f.start), deadline: f.start + 5_000 }, f.ports);
        expect(run.rounds).toBe(1);
        expect(f.sets).toEqual([]);
        expect(run.acting.map((a) => a.home)).toEqual(['us-east-1']);
      },
    );

    it.each([
      {
        // ap-southeast-2 wrote after the home went silent (its last item plus freshSeconds): a stand-in counts only
        // such items, where a stalled table freezes every peer's at about the home's moment.
        home: 'is older than freshSeconds (its probe stopped)',
        item: () => peer('us-east-1', 'up', 1_000_000 - 50_000),
      },
      {
        home: 'is fresh but says its run ended with no run after it',
        item: (now: number): RegionVerdicts => ({ ...peer('us-east-1', 'down', now - 1_000), ended: true }),
      },
    ])("acts as home and sets its latch at once when the home's item $home", async ({ item }) => {
      const f = fakes(
        (now) => [item(now), peer('ap-southeast-2', 'down', now - 2_000), ownEarlierFailure('eu-west-1')],
        { check: () => discovery(true) },
      );
      const run = await runQuorum(input('eu-west-1', f.start), f.ports);
      expect(f.sets).toEqual([{ at: f.start, target: 'org', on: true }]);
      expect(run.acting).toEqual([{ at: f.start, home: 'eu-west-1' }]);
    });

    it('acts as home when the home has no item at all', async () => {
      const f = fakes((now) => [peer('ap-southeast-2', 'down', now - 2_000), ownEarlierFailure('eu-west-1')], {
        check: () => discovery(true),
      });
      await runQuorum(input('eu-west-1', f.start), f.ports);
      expect(f.sets).toEqual([{ at: f.start, target: 'org', on: true }]);
    });

    it(
      'defers to a live region earlier in the order when the ' + 'home is dead: the third region never latches then',
      async () => {
        const f = fakes((now) => [peer('eu-west-1', 'down', now - 2_000)], { check: () => discovery(true) });
        const run = await runQuorum(input('ap-southeast-2', f.start), f.ports);
        expect(f.sets).toEqual([]);
        expect(run.acting.map((a) => a.home)).toEqual(['eu-west-1']);
      },
    );

    it('steps down when the home comes back mid-run, holding the latch it set until the quorum clears it', async () => {
      // Back at a read of the peers: every 1.25 s from the confirming round (6.667 s) while a verdict is down.
      const homeBack = 1_000_000 + 6_667 + 7 * 1_250;
      const fixed = 1_000_000 + 40_000;
      const f = fakes(
        (now) => [
          ...(now >= homeBack ? [peer('us-east-1', now < fixed ? 'down' : 'up', now - 1_000)] : []),
          peer('ap-southeast-2', now < fixed ? 'down' : 'up', now - 2_000),
          ownEarlierFailure('eu-west-1'),
        ],
        { check: (now) => discovery(now < fixed) },
      );
      const run = await runQuorum({ ...input('eu-west-1', f.start), deadline: f.start + 35_000 }, f.ports);
      // Its latch already paged: clearing it at the home's return told OK while Okta was still down. It is held until
      // the regions say up, and a region that is not the acting home never sets one again.
      expect(f.sets).toEqual([{ at: f.start, target: 'org', on: true }]);
      expect(run.acting).toEqual([
        { at: f.start, home: 'eu-west-1' },
        { at: homeBack, home: 'us-east-1' },
      ]);
    });

    it('clears a latch left in ALARM (a stepped-down home) in its first round, once the regions say up', async () => {
      const f = fakes((now) => [peer('us-east-1', 'up', now - 2_000), peer('ap-southeast-2', 'up', now - 2_000)], {
        latched: ['org'],
        check: () => discovery(false),
      });
      await runQuorum(input('eu-west-1', f.start, discovery(false)), f.ports);
      expect(f.sets).toEqual([{ at: f.start, target: 'org', on: false }]);
    });

    it('never sets a latch while another region acts as home, with every region down', async () => {
      const f = fakes((now) => [peer('us-east-1', 'down', now - 2_000), peer('ap-southeast-2', 'down', now - 2_000)], {
        check: () => discovery(true),
      });
      await runQuorum(input('eu-west-1', f.start), f.ports);
      expect(f.sets).toEqual([]);
    });

    it("latches as soon as a peer's confirmed down reaches the table, not at its own next round", async () => {
      // The home confirms its own failure a third of a round in (6.667 s); eu-west-1's round confirms its own at 12 s.
      const peerAt = 1_000_000 + 12_000;
      const f = fakes((now) => (now >= peerAt ? [peer('eu-west-1', 'down', peerAt)] : []), {
        check: () => discovery(true),
      });
      const reads = countReads(f.ports);
      await runQuorum({ ...input('us-east-1', f.start), settings: { ...SETTINGS, agree: 2 } }, f.ports);
      // Read 1.25 s apart between rounds while a verdict is down: seen at 12.917 s (the fifth read after the
      // confirmation), not at the round at 20 s.
      expect(f.sets).toEqual([{ at: f.start + 6_667 + 5 * 1_250, target: 'org', on: true }]);
      expect(reads.count).toBeGreaterThan(4);
    });

    it('ends a run with nothing to watch at its last round, not at its deadline: Lambda bills the wait', async () => {
      const f = fakes((now) => [peer('eu-west-1', 'up', now - 2_000), peer('ap-southeast-2', 'up', now - 3_000)]);
      await runQuorum(input('us-east-1', f.start, discovery(false)), f.ports);
      // Rounds at 0, 20 and 40 s; the deadline is at 47 s.
      expect(f.ports.now() - f.start).toBe(40_000);
    });

    describe('after its last round, while a latch is held, it watches until watchUntil', () => {
      // Both peers stably up from 51 s, after the run's deadline (47 s): the fix they saw clears the latch.
      const stableAt = 1_000_000 + 51_000;
      const stable = (region: string): RegionVerdicts => ({
        region,
        writtenAt: stableAt,
        verdicts: { org: { state: 'up', at: stableAt, until: stableAt + 45_000, upSince: stableAt - 40_000 } },
      });
      const peersAt = (now: number): RegionVerdicts[] =>
        now >= stableAt
          ? [stable('eu-west-1'), stable('ap-southeast-2')]
          : [peer('eu-west-1', 'down', now - 2_000), peer('ap-southeast-2', 'down', now - 2_000)];

      it("clears the latch at the read after a peer's stable verdict lands, past the checks' deadline", async () => {
        const f = fakes(peersAt, { latched: ['org'], check: () => discovery(false) });
        await runQuorum({ ...input('us-east-1', f.start, discovery(false)), watchUntil: f.start + 55_500 }, f.ports);
        // Reads 1.25 s apart from the last round (40 s): the one at 51.25 s is the first after the peers' fix.
        expect(f.sets).toEqual([{ at: f.start + 51_250, target: 'org', on: false }]);
      });

      it('without a watch, leaves the clear to the next run (its last read is before the deadline)', async () => {
        const f = fakes(peersAt, { latched: ['org'], check: () => discovery(false) });
        await runQuorum(input('us-east-1', f.start, discovery(false)), f.ports);
        expect(f.sets).toEqual([]);
        expect(f.ports.now() - f.start).toBe(46_000);
      });

      it('stops when a newer run of its own region has written: that run holds the latches now', async () => {
        const at = 1_000_000 + 48_000;
        const newer: RegionVerdicts = { region: 'us-east-1', writtenAt: at, runAt: at - 1_000, verdicts: {} };
        const f = fakes((now) => [...peersAt(now), ...(now >= newer.writtenAt ? [newer] : [])], {
          latched: ['org'],
          check: () => discovery(false),
        });
        await runQuorum({ ...input('us-east-1', f.start, discovery(false)), watchUntil: f.start + 55_500 }, f.ports);
        expect(f.sets).toEqual([]);
        // Its read at 48.75 s, the first after the newer run's write at 48 s.
        expect(f.ports.now() - f.start).toBe(48_750);
      });

      it('ends a healthy run at its last round all the same', async () => {
        const f = fakes((now) => [peer('eu-west-1', 'up', now - 2_000), peer('ap-southeast-2', 'up', now - 3_000)]);
        await runQuorum({ ...input('us-east-1', f.start, discovery(false)), watchUntil: f.start + 55_500 }, f.ports);
        expect(f.ports.now() - f.start).toBe(40_000);
      });
    });

    it('reads its peers only at its rounds while nothing is down or latched', async () => {
      const f = fakes((now) => [peer('eu-west-1', 'up', now - 2_000), peer('ap-southeast-2', 'up', now - 3_000)]);
      const reads = countReads(f.ports);
      const run = await runQuorum(input('us-east-1', f.start, discovery(false)), f.ports);
      // Its own last item, then one read of its peers a round.
      expect(reads.count).toBe(run.rounds + 1);
    });

    it("at home, latches whatever the others' items say: nothing comes before the home", async () => {
      const f = fakes((now) => [peer('eu-west-1', 'down', now - 2_000), ownEarlierFailure('us-east-1')], {
        check: () => discovery(true),
      });
      const run = await runQuorum(input('us-east-1', f.start), f.ports);
      expect(f.sets).toEqual([{ at: f.start, target: 'org', on: true }]);
      expect(run.acting.map((a) => a.home)).toEqual(['us-east-1']);
    });
  });
});
