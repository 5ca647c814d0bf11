// Section w's tables of the never-healing stall (scripts/bench/quorum-deploy-stall.ts measures them): one per second
// of the minute CloudWatch evaluates the backstop at, each kept when the partial run rewrites the section. Pure text,
// apart from the deployment the measure needs.
import { sectionOf, subsectionOf } from './doc-section';

/** The OK's goal after the fix, in seconds (section w). */
const OK_GOAL_S = 90;

export interface StallRow {
  /** The second of the UTC minute the Org server went down, and the one it came back. */
  readonly faultUtcS: number;
  readonly fixUtcS: number;
  readonly pageS?: number;
  readonly okS?: number;
  /** ALARM messages of the Org page composite during the case: 1 is one page. */
  readonly pages: number;
  /** Each region's first round after the fix that published QuorumFailing 0: seconds after the fix. */
  readonly firstClean: Readonly<Record<string, number | undefined>>;
}

export const STALL_SUBHEADING = '### A stall that never heals, every phase';

/**
 * The sub-section of a run whose CloudWatch reads the backstop's minute `second` s after it ends: AWS documents an
 * evaluation every minute and no offset, so the worst second is measured apart and kept beside the default's table.
 */
export const stallSubheading = (evaluationSecond?: number): string =>
  evaluationSecond === undefined
    ? STALL_SUBHEADING
    : `### A stall that never heals, CloudWatch evaluating at second ${evaluationSecond}`;

/** Each stall table of the section under `heading` (the default's and each evaluation second's), kept on a rewrite. */
export function keptStallTables(doc: string, heading: string): [subheading: string, sub: string][] {
  const stallPrefix = STALL_SUBHEADING.slice(0, STALL_SUBHEADING.indexOf(','));
  return (sectionOf(doc, heading) ?? '')
    .split('\n')
    .filter((line) => line.startsWith(stallPrefix))
    .flatMap((h) => {
      const sub = subsectionOf(doc, heading, h);
      return sub === undefined ? [] : [[h, sub] as [string, string]];
    });
}

const seconds = (s: number | undefined): string => (s === undefined ? 'never' : s.toFixed(1));

/** The sub-table of section w: one row per phase of the fix, and the verdict on the goal over all of them. */
export function stallTable(rows: readonly StallRow[], minutes: number, evaluationSecond?: number): string {
  const worst = Math.max(...rows.map((r) => r.okS ?? Infinity));
  const command =
    evaluationSecond === undefined
      ? 'npm run bench:quorum-stall'
      : `npm run bench:quorum-stall -- --evaluation-second=${evaluationSecond}`;
  const reads =
    evaluationSecond === undefined
      ? ''
      : ` CloudWatch evaluates the backstop ${evaluationSecond} s after each minute ends (the default table: 20 s).`;
  return [
    stallSubheading(evaluationSecond),
    '',
    `Written by \`${command}\` (${Math.round(minutes)} min of real time, as root), the deployment ` +
      'above: replication of the verdict table stopped a minute before the Org server answers 503 to everything, and',
    'kept stopped through the fix and the OK (it resumes after each case is measured), so no latch can page or clear ' +
      "and the home region's backstop alone does; the fix lands at the given second of the UTC minute, the minute",
    "the backstop's Minimum reads. Page: from the fault to the page composite's ALARM (goal 240 s in a stall). OK: " +
      "from the fix to its OK (goal 90 s). First clean round: each region's first QuorumFailing 0 after the fix." +
      reads,
    '',
    '| Fault at UTC second | Fix at UTC second | Page (s) | OK after the fix (s) | Pages ' +
      '| First clean round (s after the fix) |',
    '|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.faultUtcS} | ${r.fixUtcS} | ${seconds(r.pageS)} | ${seconds(r.okS)} | ${r.pages} | ` +
        `${Object.entries(r.firstClean)
          .map(([region, s]) => `${region} ${seconds(s)}`)
          .join(', ')} |`,
    ),
    '',
    `**Worst case:** OK ${seconds(Number.isFinite(worst) ? worst : undefined)} s after the fix (goal ${OK_GOAL_S} s: ` +
      `met in ${rows.filter((r) => (r.okS ?? Infinity) <= OK_GOAL_S).length} of ` +
      `${rows.length} phases).`,
  ].join('\n');
}
