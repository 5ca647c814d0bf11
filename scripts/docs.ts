// `npm run docs`: rewrites every generated part of the docs from the code, in place. A file's generated blocks sit
// between `<!-- generated:NAME (npm run docs) -->` and `<!-- /generated:NAME -->`, its figures inline between
// `<!-- figure:NAME -->` and `<!-- /figure:NAME -->`; every page of docs/ has a `toc` block made from its own
// headings, and the README a map of docs/ made from each page's title and first line. okta-synthetics.schema.json
// is written whole. test/functions/docs.integration.test.ts fails when any of it is stale, so a change to a table's
// source (a diagnosis code, a config field, a scope, a deploy rule, a scenario, a page) is one command from the docs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  alarmTimingTable,
  browserTimingTable,
  catalogueTable,
  diagnosisTable,
  faultList,
  faultSummary,
  metricTable,
  sampleNotification,
  scenarioTable,
} from './diagnosis-table';
import { SCHEMA_FILE, schemaText } from './config-schema';
import { GRAFANA_FILE, grafanaText } from './grafana-dashboard';
import { FIGURES } from './figures';
import { headings, tableOfContents } from './markdown';
import { alarmList, CONFIG_TABLES, costTable, PREVIEW_TABLES, deployRulesList, scopeGrantsTable } from './reference';

/** The repository's root, where the paths below start. */
export const ROOT = new URL('../', import.meta.url);

/** The pages of docs/, in the order the README's map lists them. A page not listed here fails the docs test. */
export const DOC_PAGES = [
  'docs/first-steps.md',
  'docs/configuration.md',
  'docs/sign-in.md',
  'docs/passkey.md',
  'docs/saml-apps.md',
  'docs/inventory.md',
  'docs/system-log.md',
  'docs/user-sign-ins.md',
  'docs/provisioning.md',
  'docs/integration-health.md',
  'docs/access-assertions.md',
  'docs/apis-and-traces.md',
  'docs/deploying.md',
  'docs/alarms.md',
  'docs/integrations.md',
  'docs/diagnosis-codes.md',
  'docs/simulator.md',
  'docs/cli.md',
  'docs/availability-report.md',
  'docs/status-page.md',
  'docs/preview.md',
  'docs/performance.md',
  'docs/development.md',
] as const;

const read = (file: string): string => readFileSync(new URL(file, ROOT), 'utf8');

/** A page's title (its "# " heading) and what it is for (the first paragraph after it, to its first sentence). */
export function pageSummary(text: string): { title: string; summary: string } {
  const title = headings(text).find((h) => h.level === 1)?.text ?? '';
  const afterTitle = text.slice(text.indexOf('\n', text.indexOf('# ')) + 1).trimStart();
  const paragraph = afterTitle.split(/\n\s*\n/)[0]?.replace(/\s*\n\s*/g, ' ') ?? '';
  return { title, summary: firstSentence(paragraph) };
}

/** A paragraph's first sentence: to the first "." that ends a sentence outside inline code. */
function firstSentence(paragraph: string): string {
  let code = false;
  for (let i = 0; i < paragraph.length; i += 1) {
    if (paragraph[i] === '`') code = !code;
    else if (!code && paragraph[i] === '.' && (i + 1 === paragraph.length || paragraph[i + 1] === ' '))
      return paragraph.slice(0, i + 1);
  }
  return paragraph;
}

/**
 * The README's map of docs/: each page, linked by its title. What each is for is its own first sentence, which the
 * README leaves to the page: the README is read in minutes (at most 1,500 words, test/functions/docs.integration).
 */
export function docsMap(): string {
  return DOC_PAGES.map((page) => `- [${pageSummary(read(page)).title}](${page})`).join('\n');
}

/** Each file's generated blocks, by marker name. */
export const GENERATED: Readonly<Record<string, Readonly<Record<string, () => string>>>> = {
  'README.md': { 'docs-map': docsMap },
  'docs/configuration.md': CONFIG_TABLES,
  'docs/preview.md': PREVIEW_TABLES,
  'docs/inventory.md': { 'scope-grants': scopeGrantsTable },
  'docs/deploying.md': { 'deploy-rules': deployRulesList },
  'docs/alarms.md': {
    'alarm-list': alarmList,
    metrics: metricTable,
    'alarm-timing': alarmTimingTable,
    'browser-timing': browserTimingTable,
    'sample-notification': sampleNotification,
  },
  'docs/diagnosis-codes.md': {
    'fault-summary': faultSummary,
    'diagnosis-codes': diagnosisTable,
    'error-catalogue': catalogueTable,
  },
  'docs/simulator.md': { 'simulator-scenarios': scenarioTable },
  'docs/availability-report.md': { 'report-faults': faultList },
  'docs/performance.md': { 'cost-table': costTable },
};

/** Every file npm run docs writes, the README first. */
export const DOC_FILES: readonly string[] = ['README.md', ...DOC_PAGES];

const markers = (name: string): [string, string] => [
  `<!-- generated:${name} (npm run docs) -->`,
  `<!-- /generated:${name} -->`,
];

/** The block between a name's markers, or undefined when the markers are missing. */
export function generatedBlock(text: string, name: string): string | undefined {
  const [open, close] = markers(name);
  const start = text.indexOf(open);
  const end = start < 0 ? -1 : text.indexOf(close, start);
  if (start < 0 || end < 0) return undefined;
  return text
    .slice(start + open.length, end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}

/** The inline figure NAME's value as the text has it, or undefined when its markers are missing. */
export function figureValue(text: string, name: string): string | undefined {
  return figurePattern(name).exec(text)?.[2];
}

function figurePattern(name: string): RegExp {
  return new RegExp(`(<!-- figure:${name} -->)([^<]*)(<!-- /figure:${name} -->)`, 'g');
}

/** The blocks of `file`: its own, and the table of contents of a page of docs/. */
export function blocksOf(file: string): Readonly<Record<string, (text: string) => string>> {
  const own = Object.fromEntries(
    Object.entries(GENERATED[file] ?? {}).map(([name, generate]) => [name, () => generate()]),
  );
  return file.startsWith('docs/') ? { toc: (text: string) => tableOfContents(text), ...own } : own;
}

/**
 * The text of `file` with every generated block and figure rewritten; throws naming a block or figure whose markers
 * are missing.
 */
export function regenerate(text: string, file: string): string {
  let out = text;
  for (const [name, figure] of Object.entries(FIGURES[file] ?? {})) {
    if (figureValue(out, name) === undefined)
      throw new Error(`${file} has no <!-- figure:${name} --> ... <!-- /figure:${name} --> figure`);
    const value = figure();
    out = out.replace(
      figurePattern(name),
      (_all, open: string, _old: string, close: string) => `${open}${value}${close}`,
    );
  }
  for (const [name, generate] of Object.entries(blocksOf(file))) {
    const [open, close] = markers(name);
    if (generatedBlock(out, name) === undefined) throw new Error(`${file} has no ${open} ... ${close} block`);
    const start = out.indexOf(open);
    const end = out.indexOf(close, start) + close.length;
    out = `${out.slice(0, start)}${open}\n${generate(out)}\n${close}${out.slice(end)}`;
  }
  return out;
}

/**
 * The Markdown files a reader may follow links between: the README, CONTRIBUTING, BENCHMARKS and every page of docs/.
 */
export function markdownFiles(): string[] {
  const pages = readdirSync(new URL('docs/', ROOT))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', 'BENCHMARKS.md', ...pages.sort()];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rewritten = DOC_FILES.filter((file) => {
    const before = read(file);
    const after = regenerate(before, file);
    if (after !== before) writeFileSync(new URL(file, ROOT), after);
    return after !== before;
  });
  writeFileSync(SCHEMA_FILE, schemaText());
  writeFileSync(GRAFANA_FILE, grafanaText());
  console.log(
    rewritten.length === 0 ? 'docs: every generated block current' : `docs: rewritten ${rewritten.join(', ')}`,
  );
}
