// The simulated deployment's page and OK times docs/alarms.md states, read from the tables BENCHMARKS.md holds: the
// quorum bench takes minutes (`npm run bench:quorum` writes section t, `npm run bench:quorum-stall` section w's stall),
// so the docs read its committed result rather than run it, and a rerun's numbers reach the doc at `npm run docs`.
// A row or column the bench no longer writes throws, naming it: the docs test fails rather than keep an old number.
import { QUORUM_HEADING, QUORUM_PARTIAL_HEADING, sectionOf } from './bench/doc-section';
import { spelled } from './prose';

/** A table of a BENCHMARKS.md section: the bold lead or `### ` heading above it, its header and its rows' cells. */
interface Table {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());

/** The title a table's rows are read under: the nearest `### ` heading or paragraph opening in bold above it. */
function titleAbove(lines: readonly string[], at: number): string {
  for (let i = at - 1; i >= 0; i -= 1) {
    const line = lines[i] ?? '';
    if (line.startsWith('### ')) return line.slice(4);
    if (line.startsWith('**')) return line.slice(2, line.indexOf('**', 2));
  }
  return '';
}

/** Every Markdown table of `section`. */
function tablesOf(section: string): Table[] {
  const lines = section.split('\n');
  const tables: Table[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (!lines[i]!.startsWith('|') || lines[i - 1]?.startsWith('|') === true) continue;
    let end = i;
    while (lines[end + 1]?.startsWith('|') === true) end += 1;
    const [header = [], , ...rows] = lines.slice(i, end + 1).map(cells);
    tables.push({ title: titleAbove(lines, i), header, rows });
  }
  return tables;
}

/** The table of a section of BENCHMARKS.md (under `heading`) whose title starts with `title`. */
type Tables = (heading: string, title: string) => Table;

/** The tables of `doc`, each section's parsed once; throws when a title names no table or more than one. */
function tablesIn(doc: () => string): Tables {
  const bySection = new Map<string, Table[]>();
  return (heading, title) => {
    if (!bySection.has(heading)) bySection.set(heading, tablesOf(sectionOf(doc(), heading) ?? ''));
    const found = bySection.get(heading)!.filter((t) => t.title.startsWith(title));
    if (found.length !== 1) throw new Error(`BENCHMARKS.md "${heading}" has ${found.length} tables titled "${title}"`);
    return found[0]!;
  };
}

/** A column's cells of `t`, in its rows' order; throws naming a column the table does not have. */
function column(t: Table, name: string): string[] {
  const at = t.header.indexOf(name);
  if (at < 0) throw new Error(`BENCHMARKS.md's table "${t.title}" has no column "${name}"`);
  return t.rows.map((row) => row[at] ?? '');
}

/**
 * The cell of section t's table `title` in column `name`, of the one row whose leading cells start with `row`'s, in
 * order; throws naming a row that is missing or not one.
 */
function cell(tables: Tables, title: string, row: readonly string[], name: string): string {
  const t = tables(QUORUM_HEADING, title);
  const at = t.rows.flatMap((cells, i) => (row.every((start, n) => cells[n]?.startsWith(start)) ? [i] : []));
  if (at.length !== 1) throw new Error(`BENCHMARKS.md's table "${t.title}" has ${at.length} rows "${row.join(' | ')}"`);
  return column(t, name)[at[0]!]!;
}

/** Seconds as the doc says them, from a cell of seconds ("11.7" is "11.7 s"); a cell that is not one throws. */
function inSeconds(value: string): string {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new Error(`BENCHMARKS.md: "${value}" is not a time in seconds`);
  return `${value} s`;
}

const PAGE = 'Page, worst (s)';
const OK = 'OK after the fix, worst (s)';
const TOTAL = 'Okta down (every request 5xx)';
const POLICY = 'An access policy denying every token';

/** The worst of some cells of seconds, as the table writes it. */
const worst = (values: readonly string[]): string =>
  values.reduce((most, value) => (Number.parseFloat(value) > Number.parseFloat(most) ? value : most));

/** The backstop's worst OK against CloudWatch's second, and the second that gave it: "122.0 s at 59 s". */
function backstopWorst(tables: Tables): string {
  const t = tables(QUORUM_HEADING, 'The backstop against');
  const seconds = t.header.filter((name) => / s$/.test(name));
  const worstOf = seconds.map((second) => ({ second, ok: worst(column(t, second).map((c) => c.split(' ')[0]!)) }));
  const most = worstOf.reduce((a, b) => (Number.parseFloat(b.ok) > Number.parseFloat(a.ok) ? b : a));
  return `${inSeconds(most.ok)} at ${most.second}`;
}

/** Section w's never-healing stall in real time: its OKs after the fix, fewest to most, and its phases. */
function realStall(tables: Tables): string {
  const oks = column(
    tables(QUORUM_PARTIAL_HEADING, 'A stall that never heals, CloudWatch evaluating at second 59'),
    'OK after the fix (s)',
  );
  const sorted = [...oks].sort((a, b) => Number(a) - Number(b));
  return `${sorted[0]}-${inSeconds(sorted.at(-1) ?? '')} after the fix at ${spelled(oks.length)} phases`;
}

/**
 * The share of runs that paged within 150 s at an error rate, the fewer of one region's and three's, as the doc says it
 * ("every run", "97% of runs").
 */
function pagedWithin(tables: Tables, rate: string): string {
  const shares = ['one region', 'three regions'].map((d) =>
    cell(tables, 'Partial outages', [rate, d], 'Paged within 150 s'),
  );
  const least = shares.reduce((a, b) => (Number.parseFloat(b) < Number.parseFloat(a) ? b : a));
  return least === '100%' ? 'every run' : `${least} of runs`;
}

/**
 * docs/alarms.md's simulated figures, by marker name, from `doc` (BENCHMARKS.md's text): each a cell (or the worst of
 * cells) of section t, or of section w's stall.
 */
export function quorumFigures(doc: () => string): Readonly<Record<string, () => string>> {
  const tables = tablesIn(doc);
  const at = (title: string, row: readonly string[], name: string): string => inSeconds(cell(tables, title, row, name));
  return {
    'sim-page-one': () => at('The page at every phase', [TOTAL, 'one region'], PAGE),
    'sim-page-three': () => at('The page at every phase', [TOTAL, 'three regions'], PAGE),
    'sim-ok-one': () => at('One region', [TOTAL], OK),
    'sim-ok-three': () => at('Three regions', [TOTAL], OK),
    'sim-ok-home-blackholed': () => at('Three regions', ["us-east-1's (home) path blackholed"], OK),
    'sim-page-home-stopped': () => at('Three regions', ["us-east-1's (home) probe stopped 75 s before"], PAGE),
    'sim-config-page-one': () => at('One region', [POLICY], PAGE),
    'sim-config-page-three': () => at('Three regions', [POLICY], PAGE),
    'sim-blip-4s-three': () => cell(tables, 'Blips at every phase', ['three regions'], '4 s'),
    'sim-stall-ok': () => at('Three regions', ['Okta down (5xx), replication stalled from 60 s'], OK),
    'sim-table-down-page': () => at('Three regions', ['The verdict table down throughout'], PAGE),
    'sim-backstop-ok-worst': () => backstopWorst(tables),
    'sim-partial-40-one': () => at('Partial outages', ['40%', 'one region'], PAGE),
    'sim-partial-40-three': () => at('Partial outages', ['40%', 'three regions'], PAGE),
    'sim-partial-40-within': () => pagedWithin(tables, '40%'),
    'sim-partial-25-within': () => pagedWithin(tables, '25%'),
    'sim-ok-total': () =>
      inSeconds(worst([cell(tables, 'One region', [TOTAL], OK), cell(tables, 'Three regions', [TOTAL], OK)])),
    'sim-ok-partial': () =>
      inSeconds(worst(column(tables(QUORUM_HEADING, 'Partial outages'), 'OK after the outage ends, worst (s)'))),
    'real-stall-ok': () => realStall(tables),
  };
}
