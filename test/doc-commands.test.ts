// How the command test reads a doc (test/support/doc-commands.ts): which lines are commands, and what each marker
// says of them. test/deploy/doc-commands.test.ts runs what this reads, in a clone.
import { describe, expect, it } from 'vitest';
import { docBlocks } from './support/doc-commands';

const fence = (language: string, ...lines: string[]): string => ['```' + language, ...lines, '```'].join('\n');

describe('the commands of a doc', () => {
  it('reads each shell line as typed: continuations joined, a console prompt removed, comments and blanks left', () => {
    const doc = [
      fence('sh', 'npm install && npm start   # installs, then runs', '', '# a note', 'aws ssm put \\', '  --name x'),
      fence('console', '$ npm test', 'output, not a command'),
      fence('json', '{ "orgUrl": "https://acme.okta.com" }'),
      fence('sh', `printf '{"a":"%s"}' "$KEY" > key.json # keeps the quoted #`),
    ].join('\n\n');
    const blocks = docBlocks('doc.md', doc);
    expect(blocks.map((b) => b.language)).toEqual(['sh', 'console', 'json', 'sh']);
    expect(blocks.flatMap((b) => b.commands.map((c) => [c.at, c.command]))).toEqual([
      ['doc.md:2', 'npm install && npm start'],
      ['doc.md:5', 'aws ssm put    --name x'],
      ['doc.md:10', 'npm test'],
      ['doc.md:19', `printf '{"a":"%s"}' "$KEY" > key.json`],
    ]);
    expect(blocks[0]!.commands.every((c) => c.verdict.kind === 'runs')).toBe(true);
  });

  it('gives each line the marker naming its start, or the one naming no line, above the fence', () => {
    const doc = [
      '<!-- commands not run `aws`: an AWS account -->',
      '<!-- commands fails `npm pack`: Pack with `npm run pack` -->',
      fence('sh', 'npm run pack', 'npm pack', 'aws s3 ls'),
      '<!-- commands app: in the team app -->',
      fence('sh', 'npm install ./x.tgz'),
      '<!-- commands serves -->',
      fence('sh', 'okta-synthetics sim'),
    ].join('\n');
    const commands = docBlocks('doc.md', doc).flatMap((b) => b.commands);
    expect(commands.map((c) => [c.command, c.verdict, c.inApp])).toEqual([
      ['npm run pack', { kind: 'runs' }, false],
      ['npm pack', { kind: 'fails', expect: 'Pack with `npm run pack`' }, false],
      ['aws s3 ls', { kind: 'not run', why: 'an AWS account' }, false],
      ['npm install ./x.tgz', { kind: 'runs' }, true],
      ['okta-synthetics sim', { kind: 'serves' }, false],
    ]);
  });

  it('refuses a marker it cannot read, without its reason, naming no line, or above a non-shell block', () => {
    expect(() => docBlocks('d.md', `<!-- commands skipped -->\n${fence('sh', 'ls')}`)).toThrow(
      /d\.md:1: a commands marker reads/,
    );
    expect(() => docBlocks('d.md', `<!-- commands not run -->\n${fence('sh', 'ls')}`)).toThrow(/needs its reason/);
    expect(() => docBlocks('d.md', `<!-- commands fails -->\n${fence('sh', 'ls')}`)).toThrow(/expected output/);
    expect(() => docBlocks('d.md', `<!-- commands not run \`cd\`: x -->\n${fence('sh', 'ls')}`)).toThrow(
      /`cd` starts no command of its block/,
    );
    expect(() => docBlocks('d.md', `<!-- commands not run: x -->\n${fence('json', '{}')}`)).toThrow(
      /above a `json` block/,
    );
  });
});
