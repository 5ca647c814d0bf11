// docs/cli.md lists every command the CLI takes: prove-latch, which the README tells an admin to run, was missing.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

it("docs/cli.md's Commands block shows every command of the CLI's command table", () => {
  // The table as main.ts declares it (a row a command, each with its name), read as text: importing main would load
  // every command's file.
  const table = /const COMMANDS: [^=]*= \[([\s\S]*?)\n\];/.exec(read('functions/cli/main.ts'))?.[1] ?? '';
  const commands = [...table.matchAll(/^ {4}name: '([a-z-]+)'/gm)]
    .map(([, name]) => name)
    .filter((name) => name !== 'help');
  expect(commands).toContain('prove-latch');
  const block = /## Commands\n+```text\n([\s\S]*?)```/.exec(read('docs/cli.md'))?.[1] ?? '';
  const shown = new Set([...block.matchAll(/^okta-synthetics ([a-z-]+)/gm)].map(([, name]) => name));
  expect(commands.filter((command) => !shown.has(command))).toEqual([]);
});
