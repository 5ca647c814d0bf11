// The commands the README and docs/ give, read from their fenced blocks as a reader copies them, with what each
// block's markers say of them (CONTRIBUTING.md, "Commands in the docs"). test/deploy/doc-commands.test.ts runs them.
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fence languages whose lines are commands; `console` lines are commands only after a `$ ` prompt. */
export const SHELL_LANGUAGES = ['sh', 'bash', 'shell', 'console'] as const;

/** The markdown the test reads, in the order a newcomer meets it: the README, then its first two pages, then A-Z. */
export const DOC_ORDER = ['README.md', 'docs/first-steps.md', 'docs/deploying.md'] as const;

/**
 * What a marker says of a block's lines (all of them, or those starting with its `prefix`):
 * - `fails`: each exits non-zero, and its output says `text`;
 * - `not run`: the test does not run it, and lists it with `text`, the reason;
 * - `serves`: it serves until Ctrl-C; the test runs the `okta-synthetics run` command it prints, keeps it serving
 *   while the block's next lines run, then stops it as Ctrl-C does;
 * - `app`: the block runs in a team's CDK app (`cdk init app --language typescript`), the packed tarball beside it.
 */
export type MarkerKind = 'fails' | 'not run' | 'serves' | 'app';

export interface Marker {
  readonly kind: MarkerKind;
  readonly prefix?: string;
  readonly text?: string;
  /** Where it is written, file:line. */
  readonly at: string;
}

/** One command as a reader copies it: backslash-continued lines joined, a console prompt removed. */
export interface DocCommand {
  /** file:line of its first line. */
  readonly at: string;
  readonly command: string;
  /** Whether it runs in the team's app rather than in the clone. */
  readonly inApp: boolean;
  readonly verdict:
    | { readonly kind: 'runs' }
    | { readonly kind: 'fails'; readonly expect: string }
    | { readonly kind: 'not run'; readonly why: string }
    | { readonly kind: 'serves' };
}

export interface DocBlock {
  readonly at: string;
  /** The fence's info string's first word; '' for a bare fence. */
  readonly language: string;
  readonly commands: readonly DocCommand[];
}

const FENCE = /^\s*```\s*([^\s`]*)/;
const MARKER = /^<!-- commands (fails|not run|serves|app)(?: `([^`]+)`)?(?:: ([\s\S]*?))? -->$/;

/** Every fenced block of one markdown file, each command read with its verdict; a malformed marker throws. */
export function docBlocks(file: string, text: string): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (open === null) continue;
    const start = i;
    const body: { line: number; text: string }[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push({ line: i + 1, text: lines[i]! });
    const language = open[1]!;
    const markers = markersAbove(file, lines, start);
    const shell = (SHELL_LANGUAGES as readonly string[]).includes(language);
    if (!shell && markers.length > 0)
      throw new Error(`${file}:${markers[0]!.at}: a commands marker above a \`${language}\` block, not a shell one`);
    blocks.push({
      at: `${file}:${start + 1}`,
      language,
      commands: shell ? commandsOf(file, language, body, markers) : [],
    });
  }
  return blocks;
}

/** The markers on the lines right above a fence, nearest last. */
function markersAbove(file: string, lines: readonly string[], fence: number): Marker[] {
  const markers: Marker[] = [];
  for (let j = fence - 1; j >= 0 && lines[j]!.startsWith('<!-- commands'); j--) {
    const m = MARKER.exec(lines[j]!.trim());
    if (m === null)
      throw new Error(
        `${file}:${j + 1}: a commands marker reads <!-- commands KIND [\`PREFIX\`][: TEXT] -->, KIND one of fails, ` +
          `not run, serves, app; got ${lines[j]}`,
      );
    const [, kind, prefix, text] = m;
    if ((kind === 'fails' || kind === 'not run') && (text === undefined || text.trim() === ''))
      throw new Error(`${file}:${j + 1}: "${kind}" needs its ${kind === 'fails' ? 'expected output' : 'reason'}`);
    markers.unshift({
      kind: kind as MarkerKind,
      ...(prefix !== undefined && { prefix }),
      ...(text !== undefined && { text: text.trim() }),
      at: String(j + 1),
    });
  }
  return markers;
}

function commandsOf(
  file: string,
  language: string,
  body: readonly { line: number; text: string }[],
  markers: readonly Marker[],
): DocCommand[] {
  const commands: { line: number; command: string }[] = [];
  let pending: { line: number; command: string } | undefined;
  for (const { line, text } of body) {
    let source = text;
    if (pending === undefined) {
      if (language === 'console') {
        if (!source.startsWith('$ ')) continue;
        source = source.slice(2);
      }
      if (source.trim() === '' || source.trim().startsWith('#')) continue;
      pending = { line, command: '' };
    }
    const continued = /\\\s*$/.test(source);
    pending.command += continued ? source.replace(/\\\s*$/, ' ') : source;
    if (!continued) {
      commands.push({ line: pending.line, command: withoutComment(pending.command) });
      pending = undefined;
    }
  }
  const inApp = markers.some((m) => m.kind === 'app');
  for (const marker of markers)
    if (marker.prefix !== undefined && !commands.some((c) => c.command.startsWith(marker.prefix!)))
      throw new Error(`${file}:${marker.at}: the marker's \`${marker.prefix}\` starts no command of its block`);
  return commands.map(({ line, command }) => {
    const own = markers.filter((m) => m.kind !== 'app' && (m.prefix === undefined || command.startsWith(m.prefix)));
    if (own.length > 1) throw new Error(`${file}:${line}: more than one marker names \`${command}\``);
    const marker = own[0];
    const verdict: DocCommand['verdict'] =
      marker === undefined
        ? { kind: 'runs' }
        : marker.kind === 'fails'
          ? { kind: 'fails', expect: marker.text! }
          : marker.kind === 'not run'
            ? { kind: 'not run', why: marker.text! }
            : { kind: 'serves' };
    return { at: `${file}:${line}`, command, inApp, verdict };
  });
}

/** A line without its trailing `# comment`: the first ` #` outside quotes. */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) quote = c === quote ? undefined : quote;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && /\s/.test(line[i - 1] ?? '')) return line.slice(0, i).trim();
  }
  return line.trim();
}

/** The markdown files read, the README's first pages first (DOC_ORDER), then every other page of docs/ A-Z. */
export function docFiles(root: string): string[] {
  const rest = globSync('docs/**/*.md', { cwd: root })
    .filter((file) => !(DOC_ORDER as readonly string[]).includes(file))
    .sort();
  return [...DOC_ORDER, ...rest];
}

/** Every block of every doc file, in reading order. */
export function allDocBlocks(root: string): DocBlock[] {
  return docFiles(root).flatMap((file) => docBlocks(file, readFileSync(join(root, file), 'utf8')));
}
