// The human report: one block per server, one line per check, and under each failure what it means, what
// to do and the Okta request id to quote to support. Plain text unless colour is asked for.
import { terminalSafe } from '../text/terminal';
import { CHECKS, ORG_SERVER_ID, STATUS_SERVER, type CheckName } from '../contract';
import { API_ANSWER_CODES, APP_ANSWER_CODES } from '../diagnosis/registry';
import { formatConfigErrors } from '../config/parse';
import { checkRow } from '../plan/check-table';
import { INVENTORY_ROWS } from '../plan/rows/inventory';
import { SYSTEM_LOG_ROWS } from '../plan/rows/system-log';
import { countOutcomes, diagnosesOf, outcomeOf, STATUS_LABEL, type CheckOutcome } from '../probe/results';
import type { CheckItem, CheckResult, Diagnosis, ProbeConfig, Report, Timings } from '../types';
import { wrap, wrapBlock, wrapHanging } from '../text/wrap';
import { redactAll } from '../text/redact';
import { listedProvisioningWarning, provisioningWarning } from './provisioning';
import {
  pageBesideApiLine,
  pagesBesideApis,
  type JourneyRun,
  type PageApp,
  type PageBesideApi,
} from '../plan/page-beside-api';

export { wrap };

/** The columns of text written to a pipe: a terminal's default width. */
export const PIPED_WIDTH = 80;

interface RenderOptions {
  /** ANSI colours; the CLI sets it only for a TTY with NO_COLOR unset. @default false */
  readonly color?: boolean;
  /** Wrap explanations at this many columns (the CLI passes the terminal's width). @default 100 */
  readonly width?: number;
  /** One line per check, then each distinct diagnosis once with its fix and request ids. @default false */
  readonly compact?: boolean;
  /** The run's secrets (servers', users', SAML apps'): scrubbed from every text before it is cut or wrapped. */
  readonly secrets?: readonly string[];
  /** The config's display names ("name") by id: each block is headed by it, the id beside it. */
  readonly names?: ReadonlyMap<string, string>;
}

/** The display names a config gives its servers, journeys, SAML apps and groups, by id. */
export function displayNames(probe: ProbeConfig): Map<string, string> {
  const targets = [...probe.servers, ...(probe.signIn ?? []), ...(probe.samlApps ?? []), ...(probe.samlGroups ?? [])];
  return new Map(targets.flatMap((t) => (t.name === undefined ? [] : [[t.id, t.name] as const])));
}

/**
 * The width to render at: the terminal's, kept readable (60 to 160 columns); 80 when not a terminal (a pipe, a file,
 * CI's log), the width a terminal opens at, so that what is pasted from it reads there too.
 */
export function renderWidth(columns: number | undefined): number {
  return columns === undefined || !Number.isFinite(columns) || columns <= 0
    ? PIPED_WIDTH
    : Math.min(160, Math.max(60, Math.floor(columns)));
}

const ANSI = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;
type Style = keyof typeof ANSI;
type Paint = (style: Style, text: string) => string;

const STATUS_STYLE = {
  pass: 'green',
  warn: 'yellow',
  fail: 'red',
  skip: 'yellow',
  'n/a': 'dim',
} as const satisfies Record<CheckOutcome, Style>;
/** The longest check name: every check's line keeps its columns (saml-certificate, app-certificates are 16). */
const CHECK_COLUMN = Math.max(...CHECKS.map((check) => check.length));
const LATENCY_COLUMN = 8;
/** The explanations' indent: under the check's name, fixed, so a long name does not narrow them. */
const DETAIL_INDENT = ' '.repeat(21);
/** Columns before a check line's code or observed facts. */
const HEAD_WIDTH = 2 + 4 + 2 + CHECK_COLUMN + 1 + LATENCY_COLUMN + 2;

export function renderReport(input: Report, opts: RenderOptions = {}): string {
  // Scrubbed whole first: the lines below cut observed facts to the width and wrap details, which could leave a
  // piece of a secret that the scrubber no longer recognizes.
  const report = redactAll(input, opts.secrets ?? []);
  const paint = painter(opts.color ?? false);
  const width = opts.width ?? 100;
  const lines: string[] = [`Okta synthetics: ${clean(report.orgUrl)}  (started ${clean(report.startedAt)})`];

  if (opts.compact === true) lines.push(...compactLines(report, paint, width));
  else {
    // A code's meaning and fix are written at its first report, then named: one outage (rate-limited) failed seven
    // checks, and the same fix came seven times.
    const explained = new Set<string>();
    for (const [server, checks] of groupByServer(report.checks)) {
      const kind = blockLabel(
        server,
        checks.map((c) => c.check),
      );
      // With a display name, people's words first and the id beside it, as the dashboard's rows (targetLabel).
      const name = opts.names?.get(server);
      const head = name === undefined ? `${server}  (${kind})` : `${name}  (${server}, ${kind})`;
      lines.push('', paint('bold', clean(head)));
      for (const result of checks)
        lines.push(...renderCheck(result, paint, width, explained), ...itemLines(result, paint, width));
    }
  }

  const { passed, warned, failed, skipped } = countOutcomes(report.checks);
  const summary =
    `${passed} passed, ${warned > 0 ? `${warned} warned, ` : ''}${failed} failed, ${skipped} skipped in ${Math.round(report.durationMs)} ` +
    `ms`;
  lines.push('', paint(failed > 0 ? 'red' : warned + skipped > 0 ? 'yellow' : 'green', summary));
  return `${lines.join('\n')}\n`;
}

/**
 * The hosted sign-in page beside the API: each browser journey that failed on its page while an API journey of its
 * app passed in this run (pagesBesideApis), with its line and, when the page is the org's, its finding's remedy. A
 * carried verdict is an earlier run's: never this run's pass or failure. Scrubbed of `secrets`.
 */
export function pagesBesideReport(
  input: Report,
  journeys: readonly PageApp[],
  opts: Pick<RenderOptions, 'secrets' | 'names'> = {},
): (PageBesideApi & { readonly line: string })[] {
  const report = redactAll(input, opts.secrets ?? []);
  const signIn = (id: string) => report.checks.find((c) => c.server === id && c.check === 'sign-in');
  const runOf = (id: string): JourneyRun | undefined => {
    const result = signIn(id);
    if (result === undefined || result.carried !== undefined) return undefined;
    if (result.status === 'pass') return { passed: true };
    return result.status === 'fail'
      ? { passed: false, code: result.diagnosis.code, detail: result.diagnosis.detail }
      : undefined;
  };
  const feed = report.checks.find((c) => c.server === STATUS_SERVER && c.check === 'status');
  const told = pagesBesideApis(journeys, runOf, {
    orgUrl: report.orgUrl,
    feed: feed?.status === 'fail' ? feed.diagnosis.code : undefined,
  });
  const name = (id: string): string => clean(opts.names?.get(id) ?? id);
  return told.map((t) => {
    const result = signIn(t.page);
    const remedy = t.okta === undefined && result?.status === 'fail' ? ` ${clean(result.diagnosis.remedy)}` : '';
    return { ...t, line: `${pageBesideApiLine(t, name)}${remedy}` };
  });
}

/** The page beside the API for the terminal: each line wrapped after a blank line; empty when none is told. */
export function pageBesideApiText(
  report: Report,
  journeys: readonly PageApp[],
  opts: Pick<RenderOptions, 'secrets' | 'names' | 'width'> = {},
): string {
  const lines = pagesBesideReport(report, journeys, opts).flatMap((t) => [
    '',
    ...wrap(t.line, opts.width ?? PIPED_WIDTH, ''),
  ]);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Config problems for the terminal: the list from formatConfigErrors, field paths highlighted. */
export function renderConfigErrors(errors: readonly string[], file?: string, opts: RenderOptions = {}): string {
  const paint = painter(opts.color ?? false);
  // Each problem wrapped under itself: an unknown field's list of the known ones ran to 600 columns.
  const text = wrapBlock(
    formatConfigErrors(errors.map(clean), file === undefined ? undefined : clean(file)),
    opts.width ?? PIPED_WIDTH,
  );
  const [head = '', ...items] = text.split('\n');
  const highlighted = items.map((line) =>
    line.replace(/^( {2}- )([^:\s]+):/, (_, bullet: string, path: string) => `${bullet}${paint('bold', path)}:`),
  );
  return `${paint('red', head)}\n${highlighted.join('\n')}\n`;
}

/** Soft problems of a usable config, one line each: "FILE: warning: path: message". */
export function renderConfigWarnings(warnings: readonly string[], file: string, opts: RenderOptions = {}): string {
  const paint = painter(opts.color ?? false);
  const width = opts.width ?? PIPED_WIDTH;
  return warnings
    .map((warning) => {
      const [first = '', ...rest] = wrapHanging(`${clean(file)}: warning: ${clean(warning)}`, width, '  ');
      const head = `${clean(file)}: warning:`;
      const painted = first.startsWith(head) ? paint('yellow', head) + first.slice(head.length) : first;
      return `${[painted, ...rest].join('\n')}\n`;
    })
    .join('');
}

/** The latency column: a carried verdict says so there, it was not measured in this run. */
function latencyText(result: CheckResult): string {
  if (result.carried !== undefined) return 'carried';
  return result.latencyMs === null ? '' : `${Math.round(result.latencyMs)} ms`;
}

/**
 * Why a check did not run, the reader's to know whole: wrapped under the check's columns, never cut or overlong. The
 * first line goes on the check's own line.
 */
function notRunLines(result: CheckResult, width: number): string[] {
  if (result.status !== 'n/a' && result.status !== 'skip') return [];
  const said = `${result.status === 'n/a' ? 'not applicable' : 'skipped'}: ${clean(result.skipReason)}`;
  return wrap(said, width, ' '.repeat(HEAD_WIDTH));
}

function renderCheck(result: CheckResult, paint: Paint, width: number, explained: Set<string>): string[] {
  const outcome = outcomeOf(result);
  const status = STATUS_LABEL[outcome];
  const latency = latencyText(result);
  const head = [
    '  ',
    paint(STATUS_STYLE[outcome], status.padEnd(4)),
    '  ',
    result.check.padEnd(CHECK_COLUMN),
    ' ',
    paint('dim', latency.padStart(LATENCY_COLUMN)),
  ];
  const diagnoses = diagnosesOf(result);
  const [first] = diagnoses;
  if (first)
    head.push(
      '  ',
      paint(STATUS_STYLE[outcome], first.code),
      diagnoses.length > 1 ? paint('dim', ` and ${diagnoses.length - 1} more`) : '',
    );
  else if (result.observed) {
    const facts = observedText(result.observed, SIGN_IN_FACTS);
    if (facts !== '') head.push('  ', paint('dim', truncate(facts, width - HEAD_WIDTH)));
  }
  const why = first === undefined ? notRunLines(result, width) : [];
  if (why[0] !== undefined) head.push('  ', paint('dim', why[0].trimStart()));
  const lines = [
    head.join('').trimEnd(),
    ...why.slice(1).map((l) => paint('dim', l)),
    ...signInLines(result, width).map((l) => paint('dim', l)),
  ];
  // One block per diagnosis (a check that judged several items has one per item); a code's meaning and
  // fix are written once in the report, each item's observation under it.
  for (const [index, diagnosis] of diagnoses.entries()) {
    if (index > 0) lines.push(`${DETAIL_INDENT}${paint(STATUS_STYLE[itemOutcome(result, diagnosis)], diagnosis.code)}`);
    lines.push(...diagnosisLines(diagnosis, !explained.has(diagnosis.code), paint, width));
    explained.add(diagnosis.code);
  }
  return lines;
}

/** A journey's facts told on lines of their own (signInLines), never cut with the rest at the line's end. */
const SIGN_IN_FACTS: ReadonlySet<string> = new Set(['authenticators', 'stepTimes', 'steps']);

/**
 * How a journey signed in, under its line and wrapped whole: the authenticators it answered Okta with, and each step
 * with its time. A pass that names its authenticator tells a passkey from the password and TOTP it replaced.
 */
function signInLines(result: CheckResult, width: number): string[] {
  const observed = result.observed;
  if (observed === undefined) return [];
  const { authenticators, stepTimes } = observed;
  const signedIn = result.status === 'pass' ? 'Signed in with' : 'Answered Okta with';
  return [
    ...(typeof authenticators === 'string' ? wrap(`${signedIn}: ${clean(authenticators)}`, width, DETAIL_INDENT) : []),
    ...(typeof stepTimes === 'string' ? wrap(`Steps: ${clean(stepTimes)}`, width, DETAIL_INDENT) : []),
  ];
}

/** A diagnosis of one item of a failing check: a warning or a failure, as its alarm would judge it. */
const itemOutcome = (result: CheckResult, diagnosis: Diagnosis): CheckOutcome =>
  outcomeOf({ status: 'fail', check: result.check, diagnosis });

/** Who sent the answer a diagnosis reads: Okta, or the organisation's own API (the resource check). */
const answeredBy = (code: Diagnosis['code']): string =>
  API_ANSWER_CODES.has(code) ? 'Your API' : APP_ANSWER_CODES.has(code) ? 'The app' : 'Okta';

function diagnosisLines(diagnosis: Diagnosis, explain: boolean, paint: Paint, width: number): string[] {
  const lines: string[] = [];
  if (explain) lines.push(...wrap(clean(diagnosis.summary), width, DETAIL_INDENT));
  if (diagnosis.detail)
    lines.push(...wrap(`Observed: ${clean(diagnosis.detail)}`, width, DETAIL_INDENT).map((l) => paint('dim', l)));
  const answer = [
    diagnosis.httpStatus !== undefined ? `HTTP ${diagnosis.httpStatus}` : '',
    diagnosis.oktaError !== undefined ? clean(diagnosis.oktaError) : '',
  ].filter(Boolean);
  if (answer.length > 0)
    lines.push(
      ...wrap(`${answeredBy(diagnosis.code)} answered: ${answer.join(' ')}`, width, DETAIL_INDENT).map((l) =>
        paint('dim', l),
      ),
    );
  const log = diagnosis.systemLog;
  if (log?.reason !== undefined) lines.push(...wrap(`Okta's System Log: ${clean(log.reason)}`, width, DETAIL_INDENT));
  for (const change of log?.changes ?? [])
    lines.push(...wrap(`Changed before: ${clean(change)}`, width, DETAIL_INDENT));
  if (explain)
    lines.push(...wrap(`Fix: ${clean(diagnosis.remedy)}`, width, DETAIL_INDENT).map((l) => paint('yellow', l)));
  else lines.push(paint('dim', `${DETAIL_INDENT}Cause and fix: as for ${diagnosis.code} above`));
  if (diagnosis.requestId) lines.push(`${DETAIL_INDENT}Okta request id: ${clean(diagnosis.requestId)}`);
  return lines;
}

/**
 * The compact view: a line per check (status, server/check, latency, code), then each distinct diagnosis once:
 * what it means, the fix, and which checks reported it with their request ids. A fix shared by five checks is
 * read once.
 */
function compactLines(report: Report, paint: Paint, width: number): string[] {
  const serverWidth = Math.max(...report.checks.map((c) => c.server.length), 4);
  const lines = [''];
  const byCode = new Map<
    string,
    { diagnosis: NonNullable<CheckResult['diagnosis']>; outcome: CheckOutcome; where: string[] }
  >();
  for (const result of report.checks) {
    const outcome = outcomeOf(result);
    const status = STATUS_LABEL[outcome];
    const latency = latencyText(result);
    const diagnoses = diagnosesOf(result);
    const what =
      diagnoses.length > 0
        ? `${diagnoses[0]!.code}${diagnoses.length > 1 ? ` and ${diagnoses.length - 1} more` : ''}`
        : result.status === 'skip'
          ? `skipped: ${clean(result.skipReason)}`
          : '';
    lines.push(
      truncate(
        (
          `  ${paint(STATUS_STYLE[outcome], status.padEnd(4))}  ${clean(result.server).padEnd(serverWidth)}  ${result.check.padEnd(CHECK_COLUMN)} ${latency.padStart(LATENCY_COLUMN)} ` +
          ` ${what}`
        ).trimEnd(),
        width + 20,
      ),
    );
    for (const diagnosis of diagnoses) {
      const entry = byCode.get(diagnosis.code) ?? { diagnosis, outcome: itemOutcome(result, diagnosis), where: [] };
      const where = `${clean(result.server)}/${result.check}${diagnosis.requestId ? ` (${clean(diagnosis.requestId)})` : ''}`;
      if (!entry.where.includes(where)) entry.where.push(where);
      byCode.set(diagnosis.code, entry);
    }
  }
  for (const [code, { diagnosis, outcome, where }] of byCode) {
    lines.push('', paint(STATUS_STYLE[outcome], code), ...wrap(clean(diagnosis.summary), width, '  '));
    lines.push(...wrap(`Fix: ${clean(diagnosis.remedy)}`, width, '  ').map((l) => paint('yellow', l)));
    lines.push(...wrap(`Reported by: ${where.join(', ')}`, width, '  ').map((l) => paint('dim', l)));
  }
  return lines;
}

function groupByServer(checks: readonly CheckResult[]): Map<string, CheckResult[]> {
  const groups = new Map<string, CheckResult[]>();
  for (const check of checks) {
    const group = groups.get(check.server);
    if (group) group.push(check);
    else groups.set(check.server, [check]);
  }
  return groups;
}

/** The org's own reads, reported under the "org" server: its System Log and its inventory, by their registry rows. */
const ORG_READS: readonly (readonly [string, ReadonlySet<string>])[] = [
  ['System Log', new Set(Object.keys(SYSTEM_LOG_ROWS))],
  ['inventory', new Set(Object.keys(INVENTORY_ROWS))],
];

/**
 * What a block of the report is, from its checks' registry rows: a journey, a SAML app, the status feed,
 * or an authorization server (with the org's own reads under "org"). Never guessed from the id: a journey or a SAML
 * app was labelled "custom authorization server".
 */
function blockLabel(server: string, checks: readonly CheckName[]): string {
  const targets = new Set(checks.map((check) => checkRow(check).target));
  if (targets.has('journey')) return 'sign-in journey';
  if (targets.has('saml')) return 'SAML app';
  if (targets.has('saml-group')) return 'SAML app group';
  if (targets.has('feed')) return 'Okta status feed';
  const kind = server === ORG_SERVER_ID ? 'Org authorization server' : 'custom authorization server';
  const reads = ORG_READS.filter(([, family]) => checks.some((check) => family.has(check))).map(([name]) => name);
  return reads.length > 0 ? `${kind}; the org's ${reads.join(' and ')}` : kind;
}

/** An item's label and colour: a check's, and one of its own for an app not checked yet. */
const ITEM_LABEL: Readonly<Record<CheckItem['status'], string>> = { ...STATUS_LABEL, unchecked: '----' };
const ITEM_STYLE = { ...STATUS_STYLE, unchecked: 'dim' } as const satisfies Record<CheckItem['status'], Style>;

/**
 * A group of up to this many apps is listed app by app; a larger one lists what needs attention and counts the rest.
 */
export const ITEMS_LISTED = 20;
/** In a larger group, at most this many apps that fail or warn are listed by name (the JSON report has every app). */
export const ATTENTION_LISTED = 25;

/**
 * Each item of a check that judges a catalogue, failing first: its verdict, when it was last checked and
 * whether this run checked it or carried its verdict (never a fresh pass), its certificate's days. A catalogue of a
 * thousand apps would print a thousand lines: past ITEMS_LISTED, the apps that fail or warn are listed and the
 * others counted by what became of them, the oldest verdict named; `run --json` lists every app.
 */
function itemLines(result: CheckResult, paint: Paint, width: number): string[] {
  const items = result.items ?? [];
  const listed = (result.provisioning ?? [])
    .map(listedProvisioningWarning)
    .flatMap((text) => wrap(clean(text), width, DETAIL_INDENT).map((l) => paint('yellow', l)));
  if (items.length === 0) return listed;
  return [
    ...judgedItemLines(result, items, paint, width),
    ...provisioningItemLines(result, items, paint, width),
    ...listed,
  ];
}

/**
 * The discovered apps that provision users, as `plan --history` warns of them: assigned the synthetic user, each has
 * made a real account for it. Listed whatever their verdict (past ATTENTION_LISTED, counted), from the listing the
 * discovery already read.
 */
function provisioningItemLines(
  result: CheckResult,
  items: readonly CheckItem[],
  paint: Paint,
  width: number,
): string[] {
  const provisioning = items.filter((i) => (i.provisions?.length ?? 0) > 0);
  const listed = provisioning.slice(0, ATTENTION_LISTED);
  const more = provisioning.length - listed.length;
  return [
    ...listed.map((i) => provisioningWarning({ group: result.server, app: i.item, features: i.provisions ?? [] })),
    ...(more > 0 ? [`and ${more} more apps that provision users: run --json lists each (its "provisions")`] : []),
  ].flatMap((text) => wrap(clean(text), width, DETAIL_INDENT).map((l) => paint('yellow', l)));
}

function judgedItemLines(result: CheckResult, items: readonly CheckItem[], paint: Paint, width: number): string[] {
  const left = result.observed?.leftBecause;
  const leftLines =
    typeof left === 'string'
      ? wrap(`Left for the next run: ${clean(left)}`, width, DETAIL_INDENT).map((l) => paint('dim', l))
      : [];
  const folded = items.length > ITEMS_LISTED;
  const attention = folded
    ? items.filter((i) => i.status === 'fail' || i.status === 'warn' || i.status === 'skip')
    : items;
  const listed = attention.slice(0, ATTENTION_LISTED);
  const nameWidth = Math.min(40, Math.max(...(listed.length > 0 ? listed : items).map((i) => i.item.length)));
  const lines = listed
    .map((item) => {
      const when =
        item.lastChecked === null
          ? 'not checked yet'
          : `checked ${item.lastChecked.replace('T', ' ').slice(0, 19)}${item.carried ? ' (carried)' : ' (this run)'}`;
      const facts = [
        item.code ?? '',
        when,
        item.failingSince !== undefined ? `failing since ${item.failingSince.replace('T', ' ').slice(0, 16)}` : '',
        item.latencyMs !== undefined ? `${item.latencyMs} ms` : '',
        item.daysToExpiry !== undefined ? `certificate ${Math.floor(item.daysToExpiry)} days` : '',
      ].filter((f) => f !== '');
      // Never cut: an app's name or a fact cut at the column hid the numbers that tell items apart (the name
      // longer than the column keeps it whole, its facts on the next line when the line would pass the width).
      const name = clean(item.item).padEnd(nameWidth);
      const label = paint(ITEM_STYLE[item.status], ITEM_LABEL[item.status].padEnd(4));
      const said = facts.join('  ');
      const plainLength = DETAIL_INDENT.length + 4 + name.length + 2 + said.length;
      if (plainLength <= width) return [`${DETAIL_INDENT.slice(2)}${label}  ${name}  ${paint('dim', said)}`];
      // A name wider than the line (a real users' subject is a sentence: "app 'Workday' (0oa...): 19 of 46 people
      // could not sign in ...") wraps under itself.
      const [first = '', ...more] = wrap(name, width, ' '.repeat(DETAIL_INDENT.length + 4));
      return [
        `${DETAIL_INDENT.slice(2)}${label}  ${first.trimStart()}`,
        ...more,
        ...wrap(said, width, `${DETAIL_INDENT}      `).map((l) => paint('dim', l)),
      ];
    })
    .flat();
  if (!folded) return [...lines, ...leftLines];
  const unlisted = attention.length - listed.length;
  if (unlisted > 0) lines.push(`${DETAIL_INDENT}and ${unlisted} more that fail or warn`);
  const counts = foldedCounts(
    items.filter((i) => !attention.includes(i)),
    attention.length > 0,
  );
  return [
    ...lines,
    ...wrap(`${counts}; every app, with when it was last checked: run --json`, width, DETAIL_INDENT).map((l) =>
      paint('dim', l),
    ),
    ...leftLines,
  ];
}

/**
 * The apps not listed, counted: "Of the other 999 apps: 75 passed this run, 900 carried from earlier runs (the oldest
 * checked ...), 24 not checked yet".
 */
function foldedCounts(rest: readonly CheckItem[], others: boolean): string {
  const fresh = rest.filter((i) => i.status === 'pass' && !i.carried).length;
  const carried = rest.filter((i) => i.status !== 'unchecked' && i.carried);
  const oldest = carried.reduce<string | null>(
    (min, i) => (i.lastChecked !== null && (min === null || i.lastChecked < min) ? i.lastChecked : min),
    null,
  );
  const notApplicable = rest.filter((i) => i.status === 'n/a' && !i.carried).length;
  const unchecked = rest.filter((i) => i.status === 'unchecked').length;
  const parts = [
    `${fresh} passed this run`,
    ...(carried.length > 0
      ? [
          `${carried.length} carried from earlier runs${oldest === null ? '' : ` (the oldest checked ${oldest.replace('T', ' ').slice(0, 16)})`}`,
        ]
      : []),
    ...(notApplicable > 0 ? [`${notApplicable} not applicable`] : []),
    ...(unchecked > 0 ? [`${unchecked} not checked yet`] : []),
  ];
  return `Of ${others ? 'the other ' : ''}${rest.length} apps: ${parts.join(', ')}`;
}

function observedText(observed: NonNullable<CheckResult['observed']>, apart: ReadonlySet<string> = new Set()): string {
  return Object.entries(observed)
    .filter(([key]) => !apart.has(key) || (key === 'steps' && observed.stepTimes === undefined))
    .map(([key, value]) => `${clean(key)}=${clean(String(value))}`)
    .join(' ');
}

/** `text` within `room`, cut after a whole word and marked cut (…); a single word longer than the room is cut in it. */
function truncate(text: string, room: number): string {
  if (text.length <= room) return text;
  const cut = text.slice(0, Math.max(0, room - 1));
  const space = cut.lastIndexOf(' ');
  return `${space > 0 ? cut.slice(0, space) : cut}…`;
}

/** Drops control characters: details quote servers' answers, which must not drive the terminal. */
const clean = terminalSafe;

function painter(color: boolean): Paint {
  return color
    ? (style, text) => (text === '' ? text : `\u001b[${ANSI[style]}m${text}\u001b[0m`)
    : (_style, text) => text;
}

/**
 * Version of the JSON report's shape (`run --json`, `demo --json`). Raised when a field is renamed or removed, or a
 * value changes meaning, so scripts that read the report can tell; new fields do not raise it. 3: a failed check
 * whose row warns has `"status": "warn"` (was "fail"), so a script finding problems by "fail" sees pages only.
 */
export const REPORT_SCHEMA_VERSION = 3;

/**
 * The report as `--json` prints it: its schema version first, every duration in whole milliseconds, the run's secrets
 * scrubbed.
 */
export function jsonReport(
  input: Report,
  secrets: readonly string[] = [],
  extra: Readonly<Record<string, unknown>> = {},
): string {
  const report = redactAll(input, secrets);
  const ms = (value: number): number => Math.round(value);
  const timings = (t: Timings): Timings =>
    Object.fromEntries(Object.entries(t).map(([k, v]) => [k, ms(v as number)])) as unknown as Timings;
  const shaped = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    ...report,
    durationMs: ms(report.durationMs),
    checks: report.checks.map((check) => ({
      ...check,
      status: outcomeOf(check),
      ...(check.latencyMs !== null && { latencyMs: ms(check.latencyMs) }),
      ...(check.timings !== undefined && { timings: timings(check.timings) }),
    })),
    // Members beside the checks (the Preview org's pairs), scrubbed alike.
    ...redactAll(extra, secrets),
  };
  return `${JSON.stringify(shaped, null, 2)}\n`;
}
