// Whose fault each diagnosis code is, and Okta's announced operations: both read from the code registry (registry.ts),
// kept under these names for their many readers. Nothing is decided here.
import type { DiagnosisCode, FaultOwner } from '../contract';
import { CODES, codesWhere, neverPages, ownerOf } from './registry';

export { ownerOf };

/** One owner per code: the registry's `owner` column. */
export const FAULTS: Readonly<Record<DiagnosisCode, FaultOwner>> = Object.fromEntries(
  Object.entries(CODES).map(([code, row]) => [code, row.owner]),
) as Record<DiagnosisCode, FaultOwner>;

/**
 * Okta's own operations, on purpose and announced (the registry's severity `never`): news, never a page, whatever
 * `pageFor` says. Read-only mode (503 E0000010) comes with maintenance and disaster recovery, "Sign-ins may keep
 * working or not, depending on the step", and ends by itself; a failover (system.dr.failover) is Okta moving the
 * org. A check that meets one judges nothing this run: no CheckSuccess 0 (metrics.ts), no verdict of down for the
 * quorum, a warning in the report, UNKNOWN on the status page.
 */
export const NEVER_PAGES: ReadonlySet<DiagnosisCode> = new Set(codesWhere((_row, code) => neverPages(code)));
