// Every command the README and docs/ give, run as a reader types it: each shell line of each fenced block, in reading
// order (the README, its first pages, then docs/ A-Z: test/support/doc-commands.ts), in one fresh clone of this
// checkout, against the built-in simulator, with no network but loopback. The install steps (`npm install`,
// `npm ci`) are the exception: they reach the npm registry, as they do for the reader. A command that exits non-zero
// fails, unless its block marks it as a failure on purpose with the output it expects; one that cannot run here (an
// AWS account, a real org) is marked with why, and listed at the end. CONTRIBUTING.md, "Commands in the docs".
//
// A newcomer's commands run as one sequence, in the order the docs give them (NEWCOMER below): install, start, test,
// init, plan, `sim --config` and the `run` it prints, status-page, `npm run pack`, and the tarball's install into a
// fresh `cdk init` app. Then `sim --config` and its printed `run` for every example config: the committed one and each
// whole config the docs show.
//
// `npm test` runs inside this test, in the clone: the quick lane (unit and first day), which never loads this file,
// an integration file (test/lanes.ts; held below). Each command runs with OKTA_SYNTHETICS_DOC_COMMANDS set, and this
// file refuses to start under it, so a doc command that ever ran the integration lane fails at once, never recursing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, globSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_DAY_LANE, INTEGRATION_LANE } from '../lanes';
import { allDocBlocks, SHELL_LANGUAGES, type DocCommand } from '../support/doc-commands';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SELF = 'test/deploy/doc-commands.test.ts';
/** Set for every command this file runs: a doc command that loads this file again fails instead of recursing. */
const NESTED = 'OKTA_SYNTHETICS_DOC_COMMANDS';
if (process.env[NESTED] !== undefined)
  throw new Error(`${SELF} ran inside a command it runs (${NESTED} is set): a doc command runs the integration lane`);

/**
 * The longest one command may take, a backstop for a hung one: `npm install` in a fresh clone took 2 minutes on 2
 * cores at load 6, and 9 at load 30 (2026-11-29). A line's test waits for its parts, each given this long.
 */
const COMMAND_TIMEOUT_MS = 900_000;
const LINE_TIMEOUT_MS = 2 * COMMAND_TIMEOUT_MS;
/** How long a serving command may take to print the `run` command it serves. */
const SERVE_READY_MS = 120_000;

/** A newcomer's commands, in the order they must run (each a pattern of a doc command's text). */
const NEWCOMER: readonly [string, RegExp][] = [
  ['install', /^npm install\b/],
  ['start', /\bnpm start\b/],
  ['test', /^npm test\b/],
  ['init', /okta-synthetics init\b/],
  ['plan', /okta-synthetics plan --config\b/],
  ['sim --config', /okta-synthetics sim --config\b/],
  ['status-page', /okta-synthetics status-page\b/],
  ['pack', /^npm run pack\b/],
  ['install the tarball into a cdk init app', /^npm install \.\/okta-synthetics-[\d.]+\.tgz\b/],
];

const blocks = allDocBlocks(ROOT);
const commands = blocks.flatMap((block) =>
  block.commands.map((command, i) => ({ ...command, last: i === block.commands.length - 1 })),
);

interface Session {
  readonly clone: string;
  readonly env: NodeJS.ProcessEnv;
  /** The process holding the network namespace every offline command joins (loopback only). */
  readonly holder: ChildProcess;
  app?: string;
  /** The temporary folders made: the clone's, the home, npm's global prefix, the app's (removed at the end). */
  readonly made: string[];
}
let session: Session;
/** What each command did, in order: what the final list and the newcomer's sequence read. */
const ran: { readonly at: string; readonly command: string; readonly outcome: string }[] = [];
/** The servers of the block being run, stopped when its last line ran. */
const serving: ChildProcess[] = [];

/** An install step reaches the npm registry; everything else runs with loopback only. */
const installs = (segment: string): boolean => /^npm (install|ci|i)(\s|$)/.test(segment.trim());

/** A line's `&&` parts, each run with its own network (README: `npm install && npm start`). */
const segments = (command: string): string[] => (/["'`]/.test(command) ? [command] : command.split(/\s+&&\s+/));

function argvOf(segment: string): [string, string[]] {
  const shell = ['bash', '-o', 'pipefail', '-c', segment];
  if (installs(segment)) return [shell[0]!, shell.slice(1)];
  const pid = String(session.holder.pid);
  return ['nsenter', ['-t', pid, '-U', '-n', '--preserve-credentials', ...shell]];
}

/** Runs a command line as the reader's shell does, part by part; its exit status and output. */
async function runLine(command: string, cwd: string): Promise<{ status: number; output: string }> {
  let output = '';
  for (const segment of segments(command)) {
    const [file, args] = argvOf(segment);
    const child = spawn(file, args, { cwd, env: session.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    const status = await new Promise<number>((done) => child.on('close', (code) => done(code ?? 1)));
    clearTimeout(timer);
    if (status !== 0) return { status, output };
  }
  return { status: 0, output };
}

/**
 * Starts a serving command (its own process group, as a terminal's foreground job), waits for the `run` command it
 * prints, and returns it with the server.
 */
async function serve(command: string, cwd: string): Promise<{ server: ChildProcess; printed: string }> {
  const [file, args] = argvOf(command);
  const server = spawn(file, args, { cwd, env: session.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  serving.push(server);
  let output = '';
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command}: printed no run command:\n${output}`)), SERVE_READY_MS);
    server.on('close', (code) => reject(new Error(`${command}: exited ${code} before serving:\n${output}`)));
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const printed = printedRun(output);
      if (printed === undefined) return;
      clearTimeout(timer);
      resolve({ server, printed });
    });
  });
}

/** The `run` command a simulator prints, its wrapped lines joined, once it is printed whole ("Press Ctrl+C"). */
export function printedRun(output: string): string | undefined {
  const start = output.indexOf('Run a probe against it:');
  const end = output.indexOf('Press Ctrl+C', start);
  if (start === -1 || end === -1) return undefined;
  return output
    .slice(start + 'Run a probe against it:'.length, end)
    .replace(/\\\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Stops a server as Ctrl-C does (SIGINT to its process group); resolves once it exited. */
async function stop(server: ChildProcess): Promise<void> {
  serving.splice(serving.indexOf(server), 1);
  if (server.exitCode !== null || server.signalCode !== null) return;
  const closed = new Promise<void>((done) => server.on('close', () => done()));
  process.kill(-server.pid!, 'SIGINT');
  const killer = setTimeout(() => process.kill(-server.pid!, 'SIGKILL'), 20_000);
  await closed;
  clearTimeout(killer);
}

/** The team's app: `cdk init app --language typescript` from the clone's CDK CLI, the packed tarball beside it. */
async function teamApp(): Promise<string> {
  if (session.app !== undefined) return session.app;
  const app = join(mkdtempSync(join(tmpdir(), 'okta-synthetics-team-')), 'platform-app');
  mkdirSync(app);
  const cdk = join(session.clone, 'node_modules/.bin/cdk');
  const init = await runLine(`${cdk} init app --language typescript --generate-only --no-notices`, app);
  expect(init.status, init.output).toBe(0);
  for (const tarball of globSync('okta-synthetics-*.tgz', { cwd: session.clone }))
    cpSync(join(session.clone, tarball), join(app, tarball));
  session.app = app;
  session.made.push(dirname(app));
  return app;
}

/**
 * The reader's environment: no tool of this checkout on PATH but a Node as README's "Which Node" asks (22.19 or
 * later: the one running this test), a fresh home (npm's cache kept: the same tarballs). A machine's own older Node
 * stays behind it: the command `npm install -g .` installs runs on the first Node of PATH, and refuses an older one.
 */
function readerEnv(home: string, prefix: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|VITEST|TINYPOOL|NODE_OPTIONS$|INIT_CWD$)/i.test(key)),
  );
  const path = (process.env.PATH ?? '').split(delimiter).filter((dir) => !dir.includes(`node_modules${'/'}.bin`));
  return {
    ...inherited,
    HOME: home,
    PATH: [join(prefix, 'bin'), dirname(process.execPath), ...path].join(delimiter),
    npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
    // `npm install -g` (docs/cli.md) installs into this prefix, whose bin is first on PATH, not the machine's.
    npm_config_prefix: prefix,
    npm_config_update_notifier: 'false',
    // No AWS and no CDK telemetry or notices here: nothing leaves loopback but the installs.
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    NO_COLOR: '1',
    [NESTED]: '1',
  };
}

/** A clone of this checkout as it stands: its commit, then its uncommitted changes and new files. */
function freshClone(): string {
  const clone = join(mkdtempSync(join(tmpdir(), 'okta-synthetics-clone-')), 'okta-synthetics');
  const git = (cwd: string, args: string[], input?: Buffer) => {
    const run = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 28 });
    expect(run.status, `git ${args.join(' ')}: ${run.stderr}`).toBe(0);
    return run.stdout;
  };
  git(ROOT, ['clone', '--quiet', '--no-hardlinks', ROOT, clone]);
  const diff = git(ROOT, ['diff', 'HEAD', '--binary']);
  if (diff.length > 0) git(clone, ['apply', '--whitespace=nowarn'], diff);
  for (const file of git(ROOT, ['ls-files', '--others', '--exclude-standard', '-z']).toString().split('\0'))
    if (file !== '') {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(ROOT, file), join(clone, file));
    }
  return clone;
}

beforeAll(async () => {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  expect(major > 22 || (major === 22 && minor >= 19), `Node ${process.versions.node}: README asks for 22.19+`).toBe(
    true,
  );
  const home = mkdtempSync(join(tmpdir(), 'okta-synthetics-home-'));
  const prefix = mkdtempSync(join(tmpdir(), 'okta-synthetics-prefix-'));
  const holder = spawn('unshare', ['-rn', 'sh', '-c', 'ip link set lo up && exec sleep 86400'], { stdio: 'ignore' });
  const clone = freshClone();
  session = { clone, env: readerEnv(home, prefix), holder, made: [dirname(clone), home, prefix] };
  // The namespace is ready once its loopback is up.
  for (let i = 0; i < 100; i++) {
    const lo = spawnSync('nsenter', ['-t', String(holder.pid), '-U', '-n', '--preserve-credentials', 'ip', 'link']);
    if (/lo:.*\bUP\b/.test(lo.stdout.toString())) break;
    await new Promise((done) => setTimeout(done, 100));
  }
}, 120_000);

afterAll(async () => {
  for (const server of [...serving]) await stop(server);
  session?.holder.kill('SIGKILL');
  for (const folder of session?.made ?? []) rmSync(folder, { recursive: true, force: true });
  const notRun = commands.filter((c) => c.verdict.kind === 'not run');
  console.log(
    `Not run here (${notRun.length}), each as its doc marks it:\n` +
      notRun.map((c) => `  ${c.at}: ${c.command}\n    ${(c.verdict as { why: string }).why}`).join('\n'),
  );
}, 60_000);

describe('the docs, read for commands', () => {
  it('gives every fenced block a language, so no command hides in a bare fence', () => {
    const bare = blocks.filter((block) => block.language === '').map((block) => block.at);
    expect(bare, 'label each: sh for commands, text for output or a usage line').toEqual([]);
    expect(blocks.filter((b) => (SHELL_LANGUAGES as readonly string[]).includes(b.language)).length).toBeGreaterThan(5);
  });

  it("keeps this file out of `npm test`'s lanes, so the `npm test` it runs never runs it again", () => {
    expect(INTEGRATION_LANE).toContain('test/deploy/**/*.test.ts');
    expect(FIRST_DAY_LANE as readonly string[]).not.toContain(SELF);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts.test).toBe('vitest run --project unit --project first-day');
  });

  it("names a newcomer's commands in their order, each run, none marked away", () => {
    const order = NEWCOMER.map(([name, pattern]) => {
      const index = commands.findIndex((c) => pattern.test(c.command));
      expect(index, `no doc command is ${name} (${pattern})`).toBeGreaterThanOrEqual(0);
      expect(commands[index]!.verdict.kind, `${commands[index]!.at}: ${name}`).toMatch(/^(runs|serves)$/);
      return index;
    });
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

describe('every command of the README and docs/, run as written in one fresh clone', () => {
  /** A command given twice runs once, where it is first given (README's `npm test`, again in docs/development.md). */
  const first = new Map<string, string>();
  for (const command of commands) {
    const title = `${command.at}: ${command.command}`;
    if (command.verdict.kind === 'not run') continue;
    const key = `${command.inApp} ${command.verdict.kind} ${command.command}`;
    const earlier = first.get(key);
    if (earlier !== undefined) {
      it(`${title} (as at ${earlier})`, () => {
        expect(ran.find((r) => r.at === earlier)?.outcome, `${earlier} ran first`).toBeDefined();
      });
      continue;
    }
    first.set(key, command.at);
    it(
      title,
      async () => {
        const cwd = command.inApp ? await teamApp() : session.clone;
        const outcome = await runCommand(command, cwd);
        ran.push({ at: command.at, command: command.command, outcome });
        if (command.last) for (const server of [...serving]) await stop(server);
      },
      LINE_TIMEOUT_MS,
    );
  }

  it(
    "installs the packed tarball into the team's app: its construct loads, its bin answers",
    async () => {
      const app = await teamApp();
      const load = await runLine(
        `node -e "require('okta-synthetics/cdk').OktaSynthetics.name === 'OktaSynthetics' || process.exit(1)"`,
        app,
      );
      expect(load.status, load.output).toBe(0);
      const version = await runLine('npx --no-install okta-synthetics --version', app);
      expect(version.status, version.output).toBe(0);
      expect(existsSync(join(app, 'node_modules/.bin/node')), 'the package installs no Node binary').toBe(false);
    },
    COMMAND_TIMEOUT_MS,
  );
});

async function runCommand(command: DocCommand & { last: boolean }, cwd: string): Promise<string> {
  if (command.verdict.kind === 'serves') {
    const { printed } = await serve(command.command, cwd);
    const run = await runLine(printed, cwd);
    expect(run.status, `${printed}\n${run.output}`).toBe(0);
    return `served; its printed \`${printed}\` passed`;
  }
  const { status, output } = await runLine(command.command, cwd);
  if (command.verdict.kind === 'fails') {
    expect(status, output).not.toBe(0);
    expect(output).toContain(command.verdict.expect);
    return `failed as marked (${status})`;
  }
  expect(status, output).toBe(0);
  return 'passed';
}

/** The example configs: the committed one, and each whole config (orgUrl and servers) a doc shows in a json block. */
function exampleConfigs(): { name: string; text: string }[] {
  const configs = [
    { name: 'okta-synthetics.example.json', text: readFileSync(join(ROOT, 'okta-synthetics.example.json'), 'utf8') },
  ];
  for (const file of ['README.md', ...globSync('docs/**/*.md', { cwd: ROOT }).sort()]) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const match of text.matchAll(/^```json\n([\s\S]*?)^```/gm)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(match[1]!);
      } catch {
        continue;
      }
      if (typeof parsed === 'object' && parsed !== null && 'orgUrl' in parsed && 'servers' in parsed) {
        const line = text.slice(0, match.index).split('\n').length;
        configs.push({ name: `${file}:${line}`, text: match[1]! });
      }
    }
  }
  return configs;
}

describe('`sim --config`, then the `run` it prints, for every example config', () => {
  const configs = exampleConfigs();
  it("finds the committed example and the docs' whole configs", () => {
    expect(configs.map((c) => c.name)).toContain('okta-synthetics.example.json');
    expect(configs.length).toBeGreaterThan(2);
  });
  for (const [i, config] of configs.entries())
    it(
      config.name,
      async () => {
        const folder = join(session.clone, `rehearsal-${i}`);
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, 'okta-synthetics.json'), config.text);
        const { server, printed } = await serve(
          'npx --no-install okta-synthetics sim --config okta-synthetics.json',
          folder,
        );
        try {
          const run = await runLine(printed, folder);
          expect(run.status, `${printed}\n${run.output}`).toBe(0);
        } finally {
          await stop(server);
          rmSync(folder, { recursive: true, force: true });
        }
      },
      COMMAND_TIMEOUT_MS,
    );
});
