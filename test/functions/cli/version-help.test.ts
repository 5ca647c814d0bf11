// `--version` and `--help` answer from the CLI's first module: the built bin, run as a user runs it, loads no
// command's code, no probe and no dependency. A resolve hook (node:module registerHooks) records every file the
// process resolves, and each dist/ file's source map says which sources it holds.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, ROOT } from './helpers';

const run = promisify(execFile);
const HOOK = `
import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({ resolve(specifier, context, next) { const resolved = next(specifier, context); seen.add(resolved.url); return resolved; } });
process.on('exit', () => process.stderr.write('\\n@@resolved ' + JSON.stringify([...seen]) + '\\n'));
`;

let scratch: string;

beforeAll(async () => {
  await buildOnce();
  scratch = mkdtempSync(join(tmpdir(), 'okta-synthetics-version-'));
  writeFileSync(join(scratch, 'hook.mjs'), HOOK);
});

afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

/** The sources of every file the bin resolved for `args`, relative to the project, and what it printed. */
async function sourcesFor(args: readonly string[]): Promise<{ stdout: string; files: string[]; sources: string[] }> {
  const { stdout, stderr } = await run(
    process.execPath,
    ['--import', pathToFileURL(join(scratch, 'hook.mjs')).href, join(ROOT, 'bin/okta-synthetics.mjs'), ...args],
    { cwd: ROOT },
  );
  const urls = JSON.parse(stderr.slice(stderr.lastIndexOf('\n@@resolved ') + '\n@@resolved '.length)) as string[];
  const files = urls.filter((url) => url.startsWith('file:')).map((url) => relative(ROOT, fileURLToPath(url)));
  const sources = files.flatMap((file) => {
    const map = join(ROOT, `${file}.map`);
    if (!existsSync(map)) return [file];
    return (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources.map((source) =>
      relative(ROOT, resolve(dirname(map), source)),
    );
  });
  return { stdout, files, sources };
}

describe('okta-synthetics --version and --help', () => {
  it.each([['--version'], ['--help']])(
    '%s loads no command, no probe, no config reader and no package',
    async (flag) => {
      const { stdout, files, sources } = await sourcesFor([flag]);
      expect(stdout.length).toBeGreaterThan(0);
      expect(files.filter((file) => file.startsWith('node_modules/'))).toEqual([]);
      expect(
        sources.filter((source) =>
          /^functions\/(probe|lambda|report|config)\/|^functions\/cli\/(run|demo|sim|status|report|cost|plan)\.ts$|^sim\//.test(
            source,
          ),
        ),
      ).toEqual([]);
    },
  );

  it("run --help loads the run command's code: the recorder sees what a command loads", async () => {
    const { sources } = await sourcesFor(['run', '--help']);
    expect(sources).toContain('functions/cli/run.ts');
  });
});
