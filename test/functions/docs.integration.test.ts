// The README and docs/ say what the code says: every generated block and figure is what `npm run docs`
// writes, every link reaches a file and an anchor that exist, every page of docs/ is in the README's map, and the
// README's own figures are all written by a script. What the CDK CLI and a synth really say is checked in
// readme-cdk.integration.test.ts (the integration lane).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS_CODES, journeyTableName } from '../../functions/contract';
import { formatConfigErrors, loadConfigFile } from '../../functions/config/parse';
import { credentialFileName } from '../../functions/config/schema';
import {
  blocksOf,
  DOC_FILES,
  DOC_PAGES,
  figureValue,
  generatedBlock,
  GENERATED,
  markdownFiles,
  pageSummary,
  regenerate,
} from '../../scripts/docs';
import { FIGURES } from '../../scripts/figures';
import { PICTURES } from '../../scripts/pictures-html';
import { anchors, links, withoutCodeBlocks } from '../../scripts/markdown';

const ROOT = join(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const readme = read('README.md');
/** A `## ` section of a file, by the start of its title. */
const section = (text: string, title: string): string => text.split(/^## /m).find((s) => s.startsWith(title)) ?? '';

describe('npm run docs leaves every doc as it is', () => {
  it.each(DOC_FILES.map((file) => [file]))(
    '%s: every generated block and figure is current (regenerate: npm run docs)',
    (file) => {
      const text = read(file);
      for (const name of Object.keys(blocksOf(file)))
        expect(generatedBlock(text, name), `${file} has no generated:${name} markers`).toBeDefined();
      for (const name of Object.keys(FIGURES[file] ?? {}))
        expect(figureValue(text, name), `the ${name} figure of ${file} is stale: npm run docs`).toBe(
          FIGURES[file]![name]!(),
        );
      expect(regenerate(text, file), `${file} is stale: npm run docs`).toBe(text);
    },
  );

  it('documents every diagnosis code in docs/diagnosis-codes.md', () => {
    const documented = new Set(
      [...read('docs/diagnosis-codes.md').matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]),
    );
    expect(DIAGNOSIS_CODES.filter((code) => !documented.has(code))).toEqual([]);
  });

  it('names a generated block only in a file that has its markers', () => {
    for (const [file, blocks] of Object.entries(GENERATED))
      for (const name of Object.keys(blocks))
        expect(generatedBlock(read(file), name), `${file}: ${name}`).toBeDefined();
  });
});

describe('docs/', () => {
  const pages = markdownFiles().filter((file) => file.startsWith('docs/'));

  it("has every page in the README's map (DOC_PAGES), and the map has no page that is missing", () => {
    expect([...pages].sort()).toEqual([...DOC_PAGES].sort());
  });

  it.each(DOC_PAGES.map((page) => [page]))(
    '%s has a title, a first sentence saying what it is for, and a table of contents',
    (page) => {
      const text = read(page);
      const { title, summary } = pageSummary(text);
      expect(title).not.toBe('');
      expect(summary).toMatch(/\.$/);
      expect(generatedBlock(text, 'toc')?.split('\n').length ?? 0).toBeGreaterThan(1);
    },
  );
});

describe('links', () => {
  const files = markdownFiles();

  it.each(files.map((file) => [file]))(
    '%s: every relative link reaches a file, and its anchor a heading of it',
    (file) => {
      const broken = links(read(file)).flatMap(({ target, line }) => {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return [];
        const [path = '', anchor] = target.split('#');
        const resolved = path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path)));
        if (!existsSync(join(ROOT, resolved))) return [`${file}:${line}: ${target} (no file ${resolved})`];
        if (anchor === undefined || anchor === '') return [];
        if (!resolved.endsWith('.md'))
          return [`${file}:${line}: ${target} (an anchor into a file that is not Markdown)`];
        return anchors(read(resolved)).has(anchor)
          ? []
          : [`${file}:${line}: ${target} (no heading #${anchor} in ${resolved})`];
      });
      expect(broken).toEqual([]);
    },
  );

  it('the link check itself fails on a missing file and a missing anchor', () => {
    const text = '# T\n\n## Here\n\n[a](#here) [b](#nowhere) [c](no-such-file.md)';
    const targets = links(text).map((l) => l.target);
    expect(targets).toEqual(['#here', '#nowhere', 'no-such-file.md']);
    expect(anchors(text).has('here')).toBe(true);
    expect(anchors(text).has('nowhere')).toBe(false);
  });
});

/**
 * A figure in prose: a price, a percentage, or a number with a unit of time, size or count. Code, generated blocks,
 * figure markers and link targets are left out: those are written by a script or are not figures.
 */
function unwrittenFigures(text: string): string[] {
  const prose = withoutCodeBlocks(text)
    .replace(/<!-- generated:([\w-]+) \(npm run docs\) -->[\s\S]*?<!-- \/generated:\1 -->/g, '')
    .replace(/<!-- figure:([\w-]+) -->[^<]*<!-- \/figure:\1 -->/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/\]\([^)]*\)/g, ']');
  const figure =
    /\$\s?\d|\d[\d,.]*\s?(?:%|ms\b|s\b|KB\b|MB\b|GB\b|minutes?\b|min\b|hours?\b|days?\b|months?\b|tests?\b|servers?\b|requests?\b|apps?\b|codes?\b|alarms?\b|metrics?\b|x\b)/gi;
  return prose
    .split('\n')
    .flatMap((line, i) => [...line.matchAll(figure)].map((m) => `line ${i + 1}: "${m[0]}" in: ${line.trim()}`));
}

describe('README.md', () => {
  it('has no figure that npm run docs does not write: each is a figure marker or a generated block', () => {
    expect(unwrittenFigures(readme)).toEqual([]);
  });

  it('the figure check itself finds a hand-written price, count and duration', () => {
    expect(unwrittenFigures('It costs $21 a month, pages within 3 minutes, and has 2,008 tests.')).toHaveLength(3);
    expect(unwrittenFigures('Within <!-- figure:page-within -->60 seconds<!-- /figure:page-within -->.')).toEqual([]);
  });

  it('starts with the two commands a newcomer needs; the second is what CI runs', () => {
    const first = readme.indexOf('\n## ');
    expect(readme.indexOf('npm install && npm start')).toBeGreaterThan(-1);
    expect(readme.indexOf('npm install && npm start')).toBeLessThan(first);
    expect(readme.slice(0, first)).toMatch(/^npm test +# /m);
    expect(read('.ci/run')).toMatch(/^npm test\b/m);
  });

  it('says what it watches before anything else: servers, a person signing in, SAML apps, what will break next', () => {
    const head = readme.slice(0, readme.indexOf('\n## '));
    for (const what of ['authorization servers', 'signing in', 'SAML apps', 'What will break next'])
      expect(head).toContain(what);
  });

  it('keeps the order a newcomer needs, and is short: the reference lives in docs/', () => {
    const titles = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1] ?? '');
    const at = (title: string): number => titles.findIndex((t) => t.startsWith(title));
    expect(at('Try it on your org')).toBeGreaterThanOrEqual(0);
    expect(at('Try it on your org')).toBeLessThan(at('Deploying to AWS'));
    expect(at('Deploying to AWS')).toBeLessThan(at('What the alarms mean'));
    expect(at('What the alarms mean')).toBeLessThan(at('Diagnosis codes'));
    for (const title of ['What it costs', 'Which Node', 'The docs']) expect(at(title), title).toBeGreaterThan(-1);
    expect(readme.split('\n').length).toBeLessThanOrEqual(330);
    // A buyer decides in minutes: the README says what it is worth, the reference lives in docs/ (as wc -w counts).
    expect(readme.split(/\s+/).filter((word) => word !== '').length).toBeLessThanOrEqual(1500);
  });

  it('shows the pictures it names, each one npm run pictures draws', () => {
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\((docs\/pictures\/[\w-]+\.png)\)/g)].map((m) => m[1] ?? '');
    expect(pictures).toEqual(expect.arrayContaining(PICTURES.map((p) => `docs/pictures/${p.file}`)));
    for (const picture of pictures) expect(existsSync(join(ROOT, picture)), picture).toBe(true);
  });

  // Commands are in code: every code span and block of every doc. A span right after "bare" names the mistake itself.
  it("names no command that fetches a stranger's package: every npx runs the local copy", () => {
    const bare = /npx (?!--no-install)[\w$]/;
    for (const file of markdownFiles().filter((f) => f !== 'BENCHMARKS.md')) {
      const text = read(file);
      const spans = [...withoutCodeBlocks(text).matchAll(/(bare )?`([^`\n]+)`/g)]
        .filter((m) => m[1] === undefined)
        .map((m) => m[2] ?? '');
      const blocks = text.match(/```[\s\S]*?```/g) ?? [];
      expect(
        [...spans, ...blocks].filter((code) => bare.test(code)),
        file,
      ).toEqual([]);
    }
  });

  it('CI and the npm scripts run only the local copy too, and the package publishes only what files lists', () => {
    const bare = /npx (?!--no-install)[\w$]/;
    expect(
      read('.ci/run')
        .split('\n')
        .filter((line) => !line.startsWith('#') && bare.test(line)),
    ).toEqual([]);
    const pkg = JSON.parse(read('package.json')) as { files?: string[]; scripts: Record<string, string> };
    expect(Object.values(pkg.scripts).filter((script) => bare.test(script))).toEqual([]);
    // Published (okta-synthetics/cdk), so an allow-list: never the tests, the sources, the keys or a state folder.
    expect(pkg.files).toBeDefined();
    expect((pkg.files ?? []).filter((f) => !/^(bin\/|dist\/|[\w.-]+\.(json|md))$/.test(f))).toEqual([]);
  });

  it("cdk.json runs the clone's own tsx: the CDK CLI fetches nothing from the registry to synth", () => {
    const { app } = JSON.parse(read('cdk.json')) as { app: string };
    expect(app).toMatch(/^npx --no-install tsx /);
  });

  it('never offers Super Administrator or Org Administrator for the monitoring key, in any doc', () => {
    for (const file of markdownFiles()) {
      const sentences = withoutCodeBlocks(read(file))
        .split(/(?<=\.)\s+/)
        .filter((s) => /Super Administrator|Org(anization)? Administrator/.test(s));
      for (const sentence of sentences) expect(sentence, file).toMatch(/\bnever\b/i);
    }
  });
});

describe('docs/sign-in.md, against the stack', () => {
  it('names where a deployed journey keeps its state: the table the stack builds, not the SSM it left', () => {
    const lockout = section(read('docs/sign-in.md'), 'Lockout safety').replace(/\s+/g, ' ');
    expect(lockout).toContain(
      `in the Lambda an item per journey in the DynamoDB table \`${journeyTableName('<prefix>')}\``,
    );
    expect(lockout).toContain('`dynamodb:GetItem` and `dynamodb:PutItem`');
    expect(lockout).not.toMatch(/in the Lambda one SSM parameter/);
  });
});

describe('README.md first steps', () => {
  it("the smallest real-org check is ten lines the CLI takes as they are, with the key's file docs name", () => {
    const json = /```json\n([\s\S]*?)```/.exec(section(readme, 'Try it on your org'))?.[1] ?? '';
    expect(json.trimEnd().split('\n')).toHaveLength(10);
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-readme-'));
    try {
      const file = join(dir, 'okta-synthetics.json');
      writeFileSync(file, json);
      const loaded = loadConfigFile(file, 'cli', {}, { readCredentials: false });
      expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows the problems the CLI really prints for its example with clientID mistyped and audience left out', () => {
    const trying = section(read('docs/first-steps.md'), 'A first config');
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(trying)?.[1] ?? '') as {
      servers: Record<string, unknown>[];
    };
    const [org = {}, custom = {}] = example.servers;
    const { clientId, ...orgRest } = org;
    const { audience: _audience, ...customRest } = custom;
    const broken = { ...example, servers: [{ ...orgRest, clientID: clientId }, customRest] };
    const shown = /```text\n(okta-synthetics\.json: \d+ problems?\n(?: {2}- .*\n)+)```/.exec(trying)?.[1];
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-readme-'));
    try {
      const file = join(dir, 'okta-synthetics.json');
      writeFileSync(file, JSON.stringify(broken));
      const loaded = loadConfigFile(file, 'cli', {}, { readCredentials: false });
      expect(loaded.ok).toBe(false);
      expect(shown).toBe(`${formatConfigErrors(loaded.ok ? [] : loaded.errors, 'okta-synthetics.json')}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'lists the AWS CLI among what deploying needs, before the first step, in the README and in ' + 'docs/deploying.md',
    () => {
      for (const deploying of [
        section(readme, 'Deploying to AWS'),
        section(read('docs/deploying.md'), 'A first deployment'),
      ]) {
        expect(deploying.indexOf('AWS CLI')).toBeGreaterThan(-1);
        expect(deploying.indexOf('AWS CLI')).toBeLessThan(deploying.indexOf('\n1. '));
      }
    },
  );
});

describe('the Node story, against package.json and the stack', () => {
  const pkg = JSON.parse(read('package.json')) as {
    engines: { node: string };
    devDependencies: Record<string, string>;
  };
  const defaults = read('lib/lambda-defaults.ts');

  it('states the engines floor where "Which Node" is, and no end-of-life Node 20', () => {
    const floor = /^>=(\d+)\.(\d+)\.\d+$/.exec(pkg.engines.node);
    expect(floor, pkg.engines.node).not.toBeNull();
    expect(Number(floor?.[1])).toBeGreaterThanOrEqual(22);
    for (const text of [section(readme, 'Which Node'), read('docs/development.md')])
      expect(figureValue(text, 'node-floor')).toBe(`${floor?.[1] ?? ''}.${floor?.[2] ?? ''}`);
    for (const file of markdownFiles()) expect(read(file), file).not.toMatch(/Node 20\.18\+|Node 20\.18 or later/);
  });

  it('tests the Lambda under its own major: the runtime, the bundle target and the node devDependency agree', () => {
    const runtime = /Runtime\.NODEJS_(\d+)_X/.exec(defaults)?.[1];
    const target = /target: 'node(\d+)'/.exec(defaults)?.[1];
    const dev = /\^?(\d+)\./.exec(pkg.devDependencies.node ?? '')?.[1];
    expect([runtime, target, dev]).toEqual(['24', '24', '24']);
    expect(figureValue(read('docs/development.md'), 'lambda-node')).toBe(runtime);
    expect(read('docs/development.md')).toContain(`(\`nodejs${runtime ?? ''}.x\``);
  });
});

// What a newcomer copies from the docs must do what they say: each `okta-synthetics` command shown is one the CLI's
// own parser accepts (run with --help appended, which stops after parsing), and each option named is one the
// command's --help lists. Synopses with [optional] parts are checked option by option.
describe('the commands the docs show', () => {
  const COMMANDS = [
    'run',
    'demo',
    'sim',
    'init',
    'cost',
    'plan',
    'notify-test',
    'status',
    'secrets',
    'passkey',
    'provisioning',
    'report',
    'status-page',
  ] as const;
  /** Other tools' options the docs name in their own commands (npm, npx, node, the AWS and CDK CLIs). */
  const OTHER_TOOLS = new Set([
    '--no-install',
    '--ignore-scripts',
    '--all',
    '--alarm-name',
    '--state-value',
    '--state-reason',
    '--secret-id',
    '--secret-string',
    '--name',
    '--value',
    '--type',
    '--overwrite',
    '--names',
    '--max-records',
    '--history-item-type',
    '--enable-source-maps',
    '--region',
    '--profile',
    '--no',
    // Chromium's, which the browser function's launch leaves out (docs/sign-in.md).
    '--disable-web-security',
    '--allow-running-insecure-content',
  ]);
  const helpOf = async (command: string): Promise<string> => {
    const { main } = await import('../../functions/cli/main');
    let out = '';
    const code = await main([command, '--help'], { stdout: (t) => void (out += t), stderr: () => {}, env: {} });
    expect(code, `${command} --help`).toBe(0);
    return out;
  };
  const optionsIn = (text: string): string[] => [...text.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]);
  /** Every code span and fenced block line of the docs, with where it is. */
  const code = (): { file: string; text: string }[] =>
    DOC_FILES.flatMap((file) => {
      const text = read(file);
      const blocks = (text.match(/```[\s\S]*?```/g) ?? []).flatMap((block) => block.split('\n').slice(1, -1));
      const spans = [...withoutCodeBlocks(text).matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? '');
      return [...blocks, ...spans].map((t) => ({ file, text: t }));
    });
  /**
   * `okta-synthetics CMD args...` in a line of code, up to a shell operator, a comment or two spaces (a synopsis's
   * gloss).
   */
  const commandsIn = (line: string): { command: string; args: string[]; synopsis: boolean }[] =>
    [...line.matchAll(/(?:^|[\s(])okta-synthetics ([a-z-]+)((?: [^\s#|&;>]+)*)/g)].flatMap((m) => {
      const command = m[1] ?? '';
      if (!(COMMANDS as readonly string[]).includes(command)) return [];
      const rest = (m[2] ?? '').trim();
      const synopsis = /[[\](){}]|\.\.\.|\|/.test(line.slice(m.index));
      return [
        { command, args: rest === '' ? [] : rest.split(/\s+/).map((a) => a.replace(/^["']|["']$/g, '')), synopsis },
      ];
    });

  it("every okta-synthetics command in a code span or block parses with the CLI's parser", async () => {
    const { main } = await import('../../functions/cli/main');
    const refused: string[] = [];
    let checked = 0;
    for (const { file, text } of code()) {
      for (const { command, args, synopsis } of commandsIn(text)) {
        if (synopsis) continue;
        checked += 1;
        let err = '';
        const exit = await main([command, ...args, '--help'], {
          stdout: () => {},
          stderr: (t) => void (err += t),
          env: {},
        });
        if (exit !== 0) refused.push(`${file}: okta-synthetics ${command} ${args.join(' ')}: ${err.trim()}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(refused).toEqual([]);
  });

  it('every option a command is shown with is one its --help lists', async () => {
    const help = new Map<string, Set<string>>();
    for (const command of COMMANDS) help.set(command, new Set(optionsIn(await helpOf(command))));
    const unknown: string[] = [];
    for (const { file, text } of code()) {
      for (const { command, args } of commandsIn(text)) {
        for (const option of optionsIn(args.join(' ')))
          if (!help.get(command)?.has(option)) unknown.push(`${file}: okta-synthetics ${command} ${option}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it(
    'every option named alone in a code span is an option ' + 'of some command, or of the other tool it belongs to',
    async () => {
      const all = new Set<string>(['--help', '--version']);
      for (const command of COMMANDS) for (const option of optionsIn(await helpOf(command))) all.add(option);
      const unknown = code()
        .filter(({ text }) => /^--[a-z][a-z-]*(?: [A-Z.\d]+)?$/.test(text))
        .map(({ file, text }) => ({ file, option: text.split(' ')[0] ?? '' }))
        .filter(({ option }) => !all.has(option) && !OTHER_TOOLS.has(option))
        .map(({ file, option }) => `${file}: ${option}`);
      expect(unknown).toEqual([]);
    },
  );

  it('the check itself refuses an option the CLI does not have', async () => {
    const { main } = await import('../../functions/cli/main');
    const exit = await main(['plan', '--config', 'FILE', '--discovered-appz', '5', '--help'], {
      stdout: () => {},
      stderr: () => {},
      env: {},
    });
    expect(exit).toBe(2);
    expect(
      commandsIn('npx --no-install okta-synthetics run --config okta-synthetics.json --history DIR && echo'),
    ).toEqual([{ command: 'run', args: ['--config', 'okta-synthetics.json', '--history', 'DIR'], synopsis: false }]);
  });

  it('names one key file per server everywhere, the one init and the stack name: keys/okta-probe-<id>.pem', () => {
    expect(credentialFileName('org', 'private_key_jwt')).toBe('keys/okta-probe-org.pem');
    const names = DOC_FILES.flatMap((file) =>
      [...read(file).matchAll(/keys\/[\w<>.-]+\.pem/g)].map((m) => `${file}: ${m[0]}`),
    );
    expect(names.length).toBeGreaterThan(3);
    // The Preview org's keys sit beside Production's, named apart (secrets put reads them): okta-probe-preview-<id>.
    expect(names.filter((n) => !/keys\/okta-probe-(preview-)?(org|<id>)(\.pub)?\.pem$/.test(n))).toEqual([]);
  });
});
