// A run's watch between its rounds and its hand-over to the next run of its region, pure: which item of its own
// region it starts from, whether a read shows a newer run, and what the watch does next (sleep and read, and whether
// to decide again on what it read) (docs/decisions/multi-region-quorum.md, "The acting home watches between its
// rounds" and "Rounds on the clock, held until the next run has written").
import type { StackQuorum } from '../config/quorum';
import { actingHome, type RegionVerdicts, type TargetDecision } from './decide';
import { troubled } from './latch';
import { roundBudget } from './schedule';

/**
 * This region's item from its last run, when it was written within freshSeconds of this run's start: the table's, or
 * the one this process remembers when that is newer (the table down, or a write of the last run that failed). The
 * table's wins a tie and is newer after a run in another environment (a duplicate invocation, a cold start). An older
 * one misses rounds: its down bits and windows would be read as the round just before this one. With the table down
 * a run's memory could be a minute old, from before Okta's fix that other environments' runs had seen since, and its
 * failing windows set the latch again after the OK (one region: 2 pages, the OK 110.9 s after the fix).
 */
export function previousItem(
  settings: StackQuorum,
  own: { readonly region: string; readonly startedAt: number },
  stored: RegionVerdicts | undefined,
  remembered: RegionVerdicts | undefined,
): RegionVerdicts | undefined {
  const memory = remembered?.region === own.region ? remembered : undefined;
  const newest =
    memory !== undefined && (stored === undefined || memory.writtenAt > stored.writtenAt) ? memory : stored;
  return newest !== undefined && own.startedAt - newest.writtenAt <= settings.freshSeconds * 1000 ? newest : undefined;
}

/** How long before the run's end the watch reads its peers a last time: a read and a SetAlarmState, with room. */
const LAST_READ_MARGIN_MS = 1_000;

/** Until when the watch after a round goes on: the next round, or when none fits, a last read before the run's end. */
export function watchEnd(nextAt: number | undefined, runEnd: number): number {
  return nextAt ?? runEnd - LAST_READ_MARGIN_MS;
}

/** Whether a read shows a newer run of this region: it holds the rounds from now on, and this run stops. */
export function superseded(read: readonly RegionVerdicts[], region: string, startedAt: number): boolean {
  return read.some((r) => r.region === region && (r.runAt ?? 0) > startedAt);
}

/** What the watch sees between two rounds. */
interface WatchView {
  readonly settings: StackQuorum;
  readonly region: string;
  readonly now: number;
  /** The next round's moment, or the last read's before the run's end. */
  readonly until: number;
  /** No round follows: the watch reads until `until` only while there is something to watch, and ends there. */
  readonly atEnd: boolean;
  /** Past the run's checks' deadline with a watch: the next run of its region may have written. */
  readonly handingOver: boolean;
  /** This region's item as last written, its peers' as last read, the decisions on them, the latches held. */
  readonly item: RegionVerdicts;
  readonly peers: readonly RegionVerdicts[];
  readonly decisions: readonly TargetDecision[];
  readonly latched: ReadonlySet<string>;
}

/** The watch's next step: sleep, read these regions' items, and decide again on them or only look for a newer run. */
interface WatchStep {
  readonly sleepMs: number;
  readonly read: readonly string[];
  readonly decide: boolean;
}

/**
 * The watch's next read, or undefined when it stops. While this region is the acting home and a target is in trouble,
 * it reads its peers every peerWatchMs (schedule.ts roundBudget) and decides again on this region's own item as last
 * written: a peer's verdict counts as soon as the table holds it (a peer's round falls anywhere in this region's
 * interval, and waiting for the next round cost about 15 s of the three-region page and OK). Past its checks'
 * deadline, every run reads its own item as often, which shows the newer run that holds the rounds now. Before a
 * round, the round's own read comes at `until`; at the run's end nothing does, so the last read is then.
 */
export function watchStep(view: WatchView): WatchStep | undefined {
  const { settings, region } = view;
  const others = settings.regions.filter((r) => r !== region);
  const watching =
    others.length > 0 &&
    actingHome(settings, region, view.peers, view.now) === region &&
    troubled(view.latched, view.decisions, [view.item, ...view.peers]);
  const { peerWatchMs } = roundBudget(settings.checkEverySeconds);
  const step = Math.min(peerWatchMs, view.until - view.now);
  if (!(watching || view.handingOver) || step <= 0 || (!view.atEnd && step < peerWatchMs)) return undefined;
  return { sleepMs: step, read: watching ? [...others, region] : [region], decide: watching };
}
