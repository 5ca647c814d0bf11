// Okta's cells: an org lives in one, and Okta's status feed names the cells an incident touches only in its text
// ("customers in US Cell 4", "OK6"), or says "all cells". Pure: reading a cell name, and the cells a text names.
// A Preview org lives in a Preview cell: the Admin Console's footer names it "OP1 Preview Cell (US)", and "OP"
// "represents a preview cell" (okta-developer-docs concepts/okta-organizations, "Cells").

/**
 * A cell, as its region and number: "US Cell 6" and "OK6" are both { region: 'US', number: 6 }. A Preview cell's
 * region is "OP" ("OP1 Preview Cell (US)" and "OP1" are both { region: 'OP', number: 1 }): Okta numbers its Preview
 * cells apart from the production cells, so OP1 is never US Cell 1.
 */
export interface OktaCell {
  readonly region: string;
  readonly number: number;
}

/** "US Cell 6", "EU Cell 1", "APAC Cell 1": a region word, "Cell", a number. */
const SPELLED = /\b(US|EU|APAC|APJ|AU|JP|CA|UK)\s*[- ]?\s*Cell\s*[- ]?(\d{1,2})\b/gi;
/** "OK6" (the US cells' own names), "EU1", "OP1" (a Preview cell). */
const SHORT = /\b(OK|EU|OP)(\d{1,2})\b/g;
/** "OP1 Preview Cell (US)", "OP1 Preview Cell", "OP 1 Preview Cell": a Preview cell as its footer spells it. */
const PREVIEW = /\b(OP)\s*(\d{1,2})\s+Preview\s+Cell(?:\s*\(\s*\w{2,4}\s*\))?/gi;
/**
 * A cell as Okta's status page lists it: by its org domain and number, "Affected cells: okta.com:1, okta-emea.com:1,
 * oktapreview.com:1" in an update, "okta.com cell 1" as a component (status.okta.com, July 19, 2024 and September 23,
 * 2024, as mirrored by pingoru.io). okta.com is the US cells (OK), okta-emea.com the European ones (EU), and
 * oktapreview.com the Preview cells (OP): a Preview org's URL is on oktapreview.com (concepts/okta-organizations).
 */
const DOMAIN_SOURCE = String.raw`(okta|okta-emea|oktapreview)\.com(?::\s*|\s+cell\s+)(\d{1,2})\b`;
/** The same in a text, never part of a longer host name (acme.okta.com:1 is an org and a port, not a cell). */
const DOMAIN = new RegExp(String.raw`(?<![\w.-])` + DOMAIN_SOURCE, 'gi');
const DOMAIN_REGION: Readonly<Record<string, string>> = { okta: 'US', 'okta-emea': 'EU', oktapreview: 'OP' };
/** Words that name every cell at once. */
const EVERY = /\ball (?:okta )?cells\b|\bevery cell\b|\ball regions\b/i;

/**
 * A cell as a config may name it, every spelling parseCell reads, as a JSON Schema pattern (the schema's oktaCell):
 * a pattern has no flags, so each letter is written in both cases.
 */
export const CELL_PATTERN = `^\\s*(${[PREVIEW.source, SPELLED.source, SHORT.source, DOMAIN_SOURCE]
  .map(anyCase)
  .join('|')})\\s*$`;

/** A regular expression's source matching either case of each letter, its escapes (\d, \s, \b) kept. */
function anyCase(source: string): string {
  return source.replace(/\\.|[A-Za-z]/g, (c) => (c.length === 2 ? c : `[${c.toUpperCase()}${c.toLowerCase()}]`));
}

const region = (word: string): string => (word.toUpperCase() === 'OK' ? 'US' : word.toUpperCase());

export const cellName = (cell: OktaCell): string =>
  cell.region === 'OP' ? `OP${cell.number} Preview Cell` : `${cell.region} Cell ${cell.number}`;

/** The cell a config names, in any of the spellings Okta uses; undefined when it names none. */
export function parseCell(text: string): OktaCell | undefined {
  const trimmed = text.trim();
  const preview = new RegExp(`^${PREVIEW.source}$`, 'i').exec(trimmed);
  if (preview !== null) return { region: 'OP', number: Number(preview[2]) };
  const spelled = new RegExp(`^${SPELLED.source}$`, 'i').exec(trimmed);
  if (spelled !== null) return { region: region(spelled[1]!), number: Number(spelled[2]) };
  const short = new RegExp(`^${SHORT.source}$`, 'i').exec(trimmed);
  if (short !== null) return { region: region(short[1]!), number: Number(short[2]) };
  const domain = new RegExp(`^${DOMAIN_SOURCE}$`, 'i').exec(trimmed);
  if (domain !== null) return { region: DOMAIN_REGION[domain[1]!.toLowerCase()]!, number: Number(domain[2]) };
  return undefined;
}

/** The cells a status entry names: 'all' when it says every cell, [] when it names none. */
export function cellsNamed(text: string): OktaCell[] | 'all' {
  if (EVERY.test(text)) return 'all';
  const cells = [
    ...[...text.matchAll(DOMAIN)].map((m) => ({ region: DOMAIN_REGION[m[1]!.toLowerCase()]!, number: Number(m[2]) })),
    ...[...text.matchAll(PREVIEW), ...text.matchAll(SPELLED), ...text.matchAll(SHORT)].map((m) => ({
      region: region(m[1]!),
      number: Number(m[2]),
    })),
  ];
  return cells.filter((cell, i) => cells.findIndex((c) => c.region === cell.region && c.number === cell.number) === i);
}

/** Whether an incident whose entries read `texts` concerns `cell`: it names the cell, every cell, or no cell at all. */
export function concernsCell(texts: readonly string[], cell: OktaCell): boolean {
  const named = texts.map(cellsNamed);
  if (named.includes('all')) return true;
  const cells = named.flatMap((n) => (n === 'all' ? [] : n));
  return cells.length === 0 || cells.some((c) => c.region === cell.region && c.number === cell.number);
}
