// A region's item in the verdict table, read back as hostile input: the table is shared by every region's role, a
// peer mid-deploy may write another shape, and a bug or a hand edit may write anything. Whatever fails a bound is
// dropped (its region counts as silent for that target), never thrown on, and never given a prototype to pollute.
import { isDiagnosisCode } from '../diagnosis/registry';
import { CHECKS, type CheckName } from '../contract';
import type { TargetVerdict, VerdictState } from './decide';
import {
  isOutageCode,
  isPageCheck,
  lastRoundClean,
  WINDOW_ROUNDS,
  windowDown,
  type CheckWindow,
  type RequestWindow,
  type RoundSample,
} from './window';

/** How far a verdict may reach ahead of its judgement: the longest freshness a run's verdict is given, and more. */
const MOST_VALID_MS = 10 * 60_000;
/** The most requests one round of one check can send: every sample retried once, with room to spare. */
const MOST_SENT = 64;
const KNOWN_CHECKS: ReadonlySet<string> = new Set(CHECKS);
const STATES: ReadonlySet<string> = new Set<VerdictState>(['down', 'up', 'own', 'unknown']);
/** More targets than any configuration holds: an item listing more is not this version's. */
const MOST_TARGETS = 1000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isCount = (value: unknown, most: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= most;
const isCode = isDiagnosisCode;

function parseWindow(value: unknown): RequestWindow | undefined {
  if (!isObject(value)) return undefined;
  const window: Record<string, CheckWindow> = Object.create(null) as Record<string, CheckWindow>;
  for (const [check, entry] of Object.entries(value)) {
    if (
      !KNOWN_CHECKS.has(check) ||
      !isPageCheck(check as CheckName) ||
      !isObject(entry) ||
      !Array.isArray(entry.rounds)
    )
      return undefined;
    if (entry.rounds.length === 0 || entry.rounds.length > WINDOW_ROUNDS) return undefined;
    const rounds: RoundSample[] = [];
    for (const round of entry.rounds as unknown[]) {
      if (!Array.isArray(round) || round.length !== 2) return undefined;
      const [sent, failed] = round as unknown[];
      if (!isCount(sent, MOST_SENT) || !isCount(failed, sent)) return undefined;
      rounds.push([sent, failed]);
    }
    // As windowAfter keeps an entry: only while one of its rounds failed a request, named by an outage's code.
    if (!rounds.some(([, failed]) => failed > 0)) return undefined;
    if (entry.code !== undefined && !(isCode(entry.code) && isOutageCode(entry.code))) return undefined;
    window[check] = { rounds, ...(entry.code !== undefined ? { code: entry.code } : {}) };
  }
  return { ...window };
}

/** One verdict, within its bounds, judged no later than its item was written; undefined when any field is not. */
export function parseVerdict(value: unknown, writtenAt: number): TargetVerdict | undefined {
  if (!isObject(value)) return undefined;
  const { state, code, at, until, upSince, downRounds, window } = value;
  if (typeof state !== 'string' || !STATES.has(state) || !isTime(at) || !isTime(until)) return undefined;
  if (at > writtenAt || until < at || until - at > MOST_VALID_MS) return undefined;
  if (code !== undefined && !isCode(code)) return undefined;
  if (upSince !== undefined && (!isTime(upSince) || upSince > at)) return undefined;
  if (downRounds !== undefined && !isCount(downRounds, 0b1111)) return undefined;
  // Each field as the writer sets it for its state (decide.ts judgeTargets, judge.ts): a verdict that
  // contradicts itself was not written by a region's loop. A failure's code only on down and own (own always has
  // one); up since only on up, or on a down whose window still judges by earlier rounds; this round's down bit set
  // exactly when the verdict is down.
  if (code !== undefined ? state === 'up' || state === 'unknown' : state === 'own') return undefined;
  if (upSince !== undefined && state !== 'up' && state !== 'down') return undefined;
  if (downRounds !== undefined && (downRounds & 1) !== (state === 'down' ? 1 : 0)) return undefined;
  const parsedWindow = window === undefined ? undefined : parseWindow(window);
  if (window !== undefined && parsedWindow === undefined) return undefined;
  // The state against the window the loop judged it by (quorum-loop.ts verdictAfter): a window that holds the target
  // down makes the verdict down, and a down verdict is up since a round only when that round was clean and the window
  // alone still holds it down. A forged up beside a failing window would count towards clearing a page.
  const heldDown = windowDown(parsedWindow) !== undefined;
  if (heldDown && state !== 'down') return undefined;
  if (upSince !== undefined && state === 'down' && !(heldDown && lastRoundClean(parsedWindow))) return undefined;
  return {
    state: state as VerdictState,
    at,
    until,
    ...(code !== undefined ? { code } : {}),
    ...(upSince !== undefined ? { upSince } : {}),
    ...(downRounds !== undefined ? { downRounds } : {}),
    ...(parsedWindow !== undefined ? { window: parsedWindow } : {}),
  };
}

/**
 * A region's verdicts from the item's JSON, only of `targets` (the configured servers: a verdict of anything else
 * would be a latch nobody deployed), each within its bounds; undefined when the JSON is not an object at all.
 */
export function parseVerdicts(
  json: string,
  writtenAt: number,
  targets: ReadonlySet<string>,
): Record<string, TargetVerdict> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isObject(value) || Object.keys(value).length > MOST_TARGETS) return undefined;
  const out = new Map<string, TargetVerdict>();
  for (const [target, entry] of Object.entries(value)) {
    if (!targets.has(target)) continue;
    const verdict = parseVerdict(entry, writtenAt);
    if (verdict !== undefined) out.set(target, verdict);
  }
  return Object.fromEntries(out);
}
