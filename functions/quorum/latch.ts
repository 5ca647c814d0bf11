// What one region does with its latches after a read of the table, pure: the quorum's decisions, which region acts as
// home, and which latch to set or clear with what reason; whether a round was healthy for the backstop; whether there
// is trouble worth watching between rounds (docs/decisions/multi-region-quorum.md, docs/decisions/latch-state.md).
import type { StackQuorum } from '../config/quorum';
import { actingHome, decideAll, type RegionVerdicts, type TargetDecision } from './decide';

/** What a region reads and holds when it decides its latches. */
interface LatchView {
  readonly settings: StackQuorum;
  readonly region: string;
  /** This region's item as last written, and its peers' as last read. */
  readonly item: RegionVerdicts;
  readonly peers: readonly RegionVerdicts[];
  readonly now: number;
  /** The targets whose latch this run last saw or set in ALARM. */
  readonly latched: ReadonlySet<string>;
  /** The latches' state is unknown (a failed read): every decision is written, and one a dead run left is cleared. */
  readonly writeAll: boolean;
}

/** One SetAlarmState to make. */
interface LatchWrite {
  readonly target: string;
  readonly latch: boolean;
  readonly reason: string;
  /** The regions whose fresh verdict is down, for the run's record of the change. */
  readonly down: readonly string[];
}

/** The decisions of one read, the acting home as this region sees it, and the latch calls they ask for. */
interface LatchPlan {
  readonly decisions: readonly TargetDecision[];
  readonly home: string;
  readonly writes: readonly LatchWrite[];
}

/**
 * Sets or clears each target's latch as the quorum decides. Only the acting home may set a latch: every region's
 * latch pages, so one outage pages once. A region that is not (one the home's return stepped down) holds the latch it
 * set until the quorum clears it: its page went out already, and clearing it at the step-down told OK while Okta was
 * still down. A latch is written only on a change, unless its state is unknown.
 */
export function planLatches(view: LatchView): LatchPlan {
  const { settings, region, latched } = view;
  const decisions = decideAll(settings, [view.item, ...view.peers], view.now, latched, region);
  const home = actingHome(settings, region, view.peers, view.now);
  const writes: LatchWrite[] = [];
  for (const decision of decisions) {
    const latch = decision.latch && (home === region || latched.has(decision.target));
    if (latch === latched.has(decision.target) && !view.writeAll) continue;
    const reason =
      latch || home === region
        ? latchReason({ ...decision, latch }, settings)
        : `Not paging from ${region}: ${home} is the acting home and pages. ${latchReason(decision, settings)}`;
    writes.push({ target: decision.target, latch, reason, down: decision.down });
  }
  return { decisions, home, writes };
}

/** SetAlarmState's reason: which regions said what (a person reads it in the alarm's history). */
function latchReason(decision: TargetDecision, settings: StackQuorum): string {
  const said = (label: string, regions: readonly string[]): string =>
    regions.length > 0 ? `${label}: ${regions.join(', ')}` : '';
  const parts = [said('down', decision.down), said('up', decision.notDown), said('silent', decision.silent)].filter(
    (p) => p !== '',
  );
  return (
    `${decision.latch ? 'Outage' : 'No outage'}: ${decision.down.length} of ${settings.agree} needed regions ` +
    `agree (${parts.join('; ')})`
  );
}

/** Whether the table's last view holds trouble worth watching: a latch held, or any region's verdict down. */
export function troubled(
  latched: ReadonlySet<string>,
  decisions: readonly TargetDecision[],
  tables: readonly RegionVerdicts[],
): boolean {
  return (
    latched.size > 0 ||
    decisions.some((d) => d.down.length > 0) ||
    tables.some((t) => Object.values(t.verdicts).some((v) => v.state === 'down'))
  );
}

/**
 * Each round's verdicts go to the backstop, timed by the round, with whether the round's fast path worked: the
 * backstop counts the regions failing only in a minute when fewer than `agree` regions' fast paths worked, so it
 * pages when the latches cannot and never holds a page they cleared. Healthy only when the round's calls worked and
 * it saw enough fresh verdicts to reach a quorum: during a replication stall every region sees its peers stale and
 * no latch can be set, so the backstop must count (it pages within 4 min). Alone, a region's latch needs no table:
 * its own verdict is the quorum, and the run remembers its last item, so a failing table (`tableWorked`) does not
 * turn the backstop on beside a latch that still pages and clears, and clears sooner.
 */
export function roundHealthy(
  settings: StackQuorum,
  peers: readonly RegionVerdicts[],
  decidedAt: number,
  calls: { readonly tableWorked: boolean; readonly latchWorked: boolean },
): boolean {
  const alone = settings.regions.length <= 1;
  const fresh = 1 + peers.filter((p) => decidedAt - p.writtenAt <= settings.freshSeconds * 1000).length;
  return (calls.tableWorked || alone) && calls.latchWorked && fresh >= settings.agree;
}
