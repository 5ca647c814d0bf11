// What one failure says, the one answer every view gives: its state (failing, or unknown when it judged nothing of
// users), its owner and its severity, from the code registry (registry.ts) and the check's plan row (plan/outputs.ts).
// The report, the CLI's outcome, JUnit, the run line, the notifier, the local alarms, the status page, the
// availability report and the quorum's page read it; none decides a state, an owner or a severity itself.
import { DEFAULT_PAGE_FOR, type CheckName, type DiagnosisCode, type FaultOwner, type Severity } from '../contract';
import { failureSeverity } from './outputs';
import type { ServerConfig } from '../types';
import { codeRow, isOutageCode, isUnjudged } from '../diagnosis/registry';

/** What the quorum decided of the failure's target, with several regions. */
interface QuorumSays {
  /** Enough regions agreed that it is down: the latch is set. */
  readonly latched: boolean;
}

export interface FailureVerdict {
  /** failing: it judged what users meet; unknown: it judged nothing (our own side, or the check could not judge). */
  readonly state: 'failing' | 'unknown';
  readonly owner: FaultOwner;
  readonly severity: Severity;
}

/**
 * The verdict of a failure of `check` with `code`:
 * - severity: the registry's rule (a fixed alarm's, a setting of `server` that makes it page, the judge's `found`
 *   severity for a code decided per finding, never for Okta's announced operations);
 * - owner: the registry's; with several regions (`quorum`) a code that is Okta's outage once regions agree (a refused
 *   connection) is Okta's when latched, and one region's view, ours, when not. A code the quorum does not decide (the
 *   org's configuration, our credentials: the same from every region) keeps its owner whatever the latch says;
 * - state: unknown when the check could not judge its target or the failure is ours; failing otherwise.
 */
export function verdictOf(
  check: CheckName,
  code: DiagnosisCode,
  server?: ServerConfig,
  quorum?: QuorumSays,
  found?: Severity,
): FailureVerdict {
  const severity = failureSeverity(check, code, server, found);
  const owner = quorumOwner(code, quorum);
  const state = isUnjudged(code) || owner === 'probe' ? 'unknown' : 'failing';
  return { state, owner, severity };
}

/**
 * Whether a failure of `check` with `code` pages for its target, whose `pageFor` names the causes that page
 * (DEFAULT_PAGE_FOR when it has none): an outage of Okta always does (the config reader refuses a pageFor without
 * "okta"), another failure when pageFor names its owner, and a finding that judged nothing never. The one rule of the
 * fast path's verdicts (quorum/decide.ts) and of the probe's page alarms without it (probe/unpaged.ts).
 */
export function pagesFor(
  check: CheckName,
  code: DiagnosisCode,
  pageFor: readonly FaultOwner[] = DEFAULT_PAGE_FOR,
): boolean {
  if (isUnjudged(code)) return false;
  return isOutageCode(code) || pageFor.includes(verdictOf(check, code).owner);
}

/**
 * A code's state and owner as the quorum decided them, where the check is not known (the quorum's items carry codes
 * only): failing unless the failure is ours.
 */
export function quorumState(code: DiagnosisCode, quorum: QuorumSays): Pick<FailureVerdict, 'state' | 'owner'> {
  const owner = quorumOwner(code, quorum);
  return { state: owner === 'probe' ? 'unknown' : 'failing', owner };
}

/** A code's owner as the quorum decided it (no quorum: the registry's). */
export function quorumOwner(code: DiagnosisCode, quorum?: QuorumSays): FaultOwner {
  const { owner } = codeRow(code);
  if (quorum === undefined || !isOutageCode(code)) return owner;
  return quorum.latched ? 'okta' : 'probe';
}
