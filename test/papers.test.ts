import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The papers a company's legal and security review asks for before an admin may deploy anything holding Okta keys.
const read = (file: string): string => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as { license: string; version: string };

describe('the papers', () => {
  it('LICENSE is the full text of the licence package.json declares', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = read('LICENSE');
    expect(license).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    // All nine sections of the terms, the full text rather than a notice pointing at it.
    for (let section = 1; section <= 9; section++) expect(license).toMatch(new RegExp(`^\\s+${section}\\. [A-Z]`, 'm'));
  });

  it('CHANGELOG.md has an entry for the version package.json declares, with its compare link', () => {
    const changelog = read('CHANGELOG.md');
    expect(changelog).toMatch(
      new RegExp(`^## \\[${pkg.version.replaceAll('.', '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
    );
    expect(changelog).toMatch(new RegExp(`^\\[${pkg.version.replaceAll('.', '\\.')}\\]: `, 'm'));
    expect(changelog).toContain('## [Unreleased]');
  });

  it('SECURITY.md says how to report privately, which versions get fixes, and what is in scope', () => {
    const security = read('SECURITY.md');
    expect(security).toContain('## Reporting a vulnerability');
    expect(security).toContain('## Which versions get fixes');
    for (const scope of ['**Keys**', '**Secrets**', '**HARs**']) expect(security).toContain(scope);
  });

  it('the README names the papers, and docs/development.md says how a release is made', () => {
    const readme = read('README.md');
    expect(readme).toContain('(docs/development.md#releases)');
    const development = read('docs/development.md');
    expect(development).toContain('## Releases');
    expect(development).toContain('`npm version X.Y.Z --no-git-tag-version`');
    for (const paper of ['(CHANGELOG.md)', '(SECURITY.md)', '(LICENSE)']) expect(readme).toContain(paper);
  });
});
