// A region's window over its own requests: what one round cannot see. One round sends about one request per check
// (two when the first fails: the in-run retry), so Okta failing 40% of /token calls fails a round only when both fail
// (16%), and one region's round-by-round verdict sees a 10% error rate as down about 1% of the time. Okta's incident
// reports describe exactly such partial outages ("error rates averaged around 4% and peaked just below 10%";
// "approximately 80% of requests were successfully being serviced"). So each verdict keeps, per page check, how many
// requests its last WINDOW_ROUNDS rounds sent and how many failed as an outage does, and a check failing a large
// enough share of enough requests judges its target down (docs/decisions/partial-outages.md). A round whose window
// holds any failure samples SUSPECT_SAMPLES times: more requests while in doubt, few when Okta answers.
import { checkOutputs } from '../plan/outputs';
import { isDiagnosisCode, isOutageCode } from '../diagnosis/registry';
import type { CheckName, DiagnosisCode } from '../contract';
import type { CheckResult } from '../types';

/** One round's requests of one check: how many it sent, and how many failed as an outage does. */
export type RoundSample = readonly [sent: number, failed: number];

/** One page check's window: its last rounds' samples, oldest first, and the latest outage code among them. */
export interface CheckWindow {
  readonly rounds: readonly RoundSample[];
  readonly code?: DiagnosisCode;
}

/** Per page check that failed a request in its last WINDOW_ROUNDS rounds, its window. */
export type RequestWindow = Readonly<Record<string, CheckWindow>>;

/** The rounds a window keeps: 45 s at the default 7.5 s (60 s at 10 s), this one included. */
export const WINDOW_ROUNDS = 6;
/**
 * The fewest failed requests of one check in the window that can judge its target down. With Okta failing 2% of
 * requests, six failures among the two dozen requests a window in doubt holds come about once in 100,000 windows
 * (none in 240 simulated hours of one region); at a 40% error rate they come within four rounds of the first
 * (BENCHMARKS.md section t measures both).
 */
export const WINDOW_MIN_FAILED = 6;
/** The share of a check's requests in the window that must have failed. */
export const WINDOW_DOWN_SHARE = 0.2;
/**
 * How many times a round samples its checks while a window holds a failure. Four: the STABLE_REQUESTS a page needs to
 * clear come within three rounds of a fix, and a partial outage shows within four rounds; at the default 7.5 s this is
 * 32 token calls a minute per region while in doubt (cost's tokenPerMinute.inDoubt).
 */
export const SUSPECT_SAMPLES = 4;
/** A window judges down only while its check failed in one of its last this many rounds: a fix clears it at once. */
const RECENT_ROUNDS = 2;

/**
 * The codes that may be Okta's outage when regions agree (the code registry's isOutageCode): every code whose fault is
 * Okta's, and a refused or reset connection (NETWORK_ERROR), which from one region is that region's path and from two
 * is Okta's. Everything else (INVALID_CLIENT of a rotated secret or an expired key, SECRETS_UNAVAILABLE, a policy) is
 * ours, the same everywhere, and warns.
 */
export { isOutageCode };

/** Whether a check's failure is a page (only page checks judge a target). */
export function isPageCheck(check: CheckName): boolean {
  // A name no row has (a result from another version) judges nothing.
  return (checkOutputs(check) ?? []).some((output) => output.kind === 'success' && output.alarm.severity === 'page');
}

/** One round's requests of one check of one target, summed over the round's samples. */
interface RoundCount {
  readonly sent: number;
  readonly failed: number;
  /** The latest outage code among them (a retry that passed names its first attempt's). */
  readonly code?: DiagnosisCode;
}

/** The code a passed retry names for its first attempt ("TIMEOUT (request abc)"), when it is a code. */
function firstAttemptCode(check: CheckResult): DiagnosisCode | undefined {
  const first = check.observed?.firstAttempt;
  if (typeof first !== 'string') return undefined;
  const code = first.split(' ')[0] as DiagnosisCode;
  return isDiagnosisCode(code) && isOutageCode(code) ? code : undefined;
}

/** What one check's result says of its requests: a pass on the retry is one failed request of two. */
function countOf(check: CheckResult): RoundCount {
  if (check.status === 'pass') {
    const code = check.observed?.passedOnRetry === true ? firstAttemptCode(check) : undefined;
    return code === undefined ? { sent: 1, failed: 0 } : { sent: 2, failed: 1, code };
  }
  if (check.status !== 'fail') return { sent: 0, failed: 0 };
  const tries = check.observed?.retried !== undefined ? 2 : 1;
  const code = check.diagnosis.code;
  return isOutageCode(code) ? { sent: tries, failed: tries, code } : { sent: tries, failed: 0 };
}

/** One round's counts (all its samples' checks), by target, then by page check. */
export function countRound(checks: readonly CheckResult[]): Map<string, Map<string, RoundCount>> {
  const counts = new Map<string, Map<string, RoundCount>>();
  for (const check of checks) {
    if (check.carried !== undefined || !isPageCheck(check.check)) continue;
    const byCheck = counts.get(check.server) ?? new Map<string, RoundCount>();
    counts.set(check.server, byCheck);
    const before = byCheck.get(check.check) ?? { sent: 0, failed: 0 };
    const now = countOf(check);
    const code = now.code ?? before.code;
    byCheck.set(check.check, {
      sent: before.sent + now.sent,
      failed: before.failed + now.failed,
      ...(code !== undefined ? { code } : {}),
    });
  }
  return counts;
}

/** Whether any of a round's requests failed as an outage does (the loop confirms such a round sooner). */
export function failedAny(checks: readonly CheckResult[]): boolean {
  for (const byCheck of countRound(checks).values())
    for (const { failed } of byCheck.values()) if (failed > 0) return true;
  return false;
}

/** The window after one more round: this round's counts appended, every check's list kept to WINDOW_ROUNDS. */
export function windowAfter(
  before: RequestWindow | undefined,
  round: ReadonlyMap<string, RoundCount> | undefined,
): RequestWindow {
  const checks = new Set([...Object.keys(before ?? {}), ...(round?.keys() ?? [])]);
  const after: Record<string, CheckWindow> = {};
  for (const check of checks) {
    const count = round?.get(check);
    const rounds = [...(before?.[check]?.rounds ?? []), [count?.sent ?? 0, count?.failed ?? 0] as const].slice(
      -WINDOW_ROUNDS,
    );
    // A check that failed nothing in the window is dropped, keeping items small: its list starts again at its next
    // failure, so its share counts the requests from its first failure in the window (the failures are all there).
    if (!rounds.some(([, failed]) => failed > 0)) continue;
    const code = count?.code ?? before?.[check]?.code;
    after[check] = { rounds, ...(code !== undefined ? { code } : {}) };
  }
  return after;
}

/**
 * The window of the check that judges its target down, or undefined: at least WINDOW_MIN_FAILED of its requests failed,
 * at least WINDOW_DOWN_SHARE of them, and one of its last RECENT_ROUNDS rounds failed some (so a fix clears it within
 * two rounds, not after the window drains).
 */
export function windowDown(window: RequestWindow | undefined): CheckWindow | undefined {
  for (const checked of Object.values(window ?? {})) {
    const sent = checked.rounds.reduce((n, [s]) => n + s, 0);
    const failed = checked.rounds.reduce((n, [, f]) => n + f, 0);
    const recent = checked.rounds.slice(-RECENT_ROUNDS).some(([, f]) => f > 0);
    if (recent && failed >= WINDOW_MIN_FAILED && failed >= WINDOW_DOWN_SHARE * sent) return checked;
  }
  return undefined;
}

/** Whether a window's latest round had a failed request (a round that did not is clean). */
export function lastRoundClean(window: RequestWindow | undefined): boolean {
  return Object.values(window ?? {}).every((checked) => (checked.rounds.at(-1)?.[1] ?? 0) === 0);
}

/**
 * Whether the round before a window's latest failed every request it sent, of every check the window holds: the last
 * round of an outage, so a clean round after it is a fix. After a round that failed only some requests, a clean round
 * is as likely a partial outage's luck (at a 25% error rate a quarter of the rounds in doubt are clean).
 */
export function afterTotalFailure(window: RequestWindow | undefined): boolean {
  // A check that sent nothing in either round is not one the rounds sample (the Org server's JWKS, checked once a
  // run): it proves nothing either way. Kept, the run's own failure of it held every clean round after a fix short of
  // a fix until it left the window.
  const checks = Object.values(window ?? {}).filter(sampledLately);
  return (
    checks.length > 0 &&
    checks.every((checked) => {
      const [sent, failed] = checked.rounds.at(-2) ?? [0, 0];
      return sent > 0 && failed === sent;
    })
  );
}

/** Whether the rounds sampled a check in one of its last two rounds (the Org server's JWKS is checked once a run). */
const sampledLately = (checked: CheckWindow): boolean => checked.rounds.slice(-2).some(([sent]) => sent > 0);

/**
 * How many requests passed in a row, at the least, of each check whose window holds a failure: the rounds since its
 * last failed request. A window without a failure has none to answer for (Infinity). A check the rounds do not sample
 * counts only when no sampled check holds a failure: beside an outage of the sampled ones it gains a passing request
 * once a run at most, so its run's own failure held the OK until it left the window, 20-30 s past the clean stretch.
 */
export function cleanRequests(window: RequestWindow | undefined): number {
  const all = Object.values(window ?? {});
  const sampled = all.filter(sampledLately);
  let fewest = Infinity;
  for (const checked of sampled.length > 0 ? sampled : all) {
    let sent = 0;
    for (const [s, failed] of [...checked.rounds].reverse()) {
      if (failed > 0) break;
      sent += s;
    }
    fewest = Math.min(fewest, sent);
  }
  return fewest;
}

/**
 * The passing requests in a row, of each check that failed, before a page may clear: at a 40% error rate twelve
 * requests all pass about once in 500 tries, so a partial outage rarely shows a false recovery. A fix sends them
 * within the stable period: rounds in doubt sample SUSPECT_SAMPLES times.
 */
export const STABLE_REQUESTS = 12;

/** Whether a window holds any failed request: the next round samples more. */
export function inDoubt(window: RequestWindow | undefined): boolean {
  return Object.keys(window ?? {}).length > 0;
}
