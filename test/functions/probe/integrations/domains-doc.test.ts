// docs/integration-health.md's claims about the custom domains that no generator writes, read from the constants the
// code uses, so the page cannot drift from them: the cadence in words, the scope, and a row for every finding. The
// bounds and the days by who renews are the page's figures, which `npm run docs` writes from the same constants.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOMAINS_SCOPE, INTEGRATION_DOMAINS } from '../../../../functions/contract';
import { INTEGRATION_DOMAINS_CODES } from '../../../../functions/diagnosis/codes/integration-domains';

const page = readFileSync(join(__dirname, '../../../../docs/integration-health.md'), 'utf8')
  .replace(/<!--[^>]*-->/g, '')
  .replace(/\s*\n\s*/g, ' ');

describe('docs/integration-health.md on the custom domains', () => {
  it('says the cadence the reader keeps and the scope it reads with', () => {
    expect(INTEGRATION_DOMAINS.everyMinutes).toBe(60);
    expect(page).toContain('read at most once an hour');
    expect(page).toContain(`\`${DOMAINS_SCOPE}\``);
  });

  it('has a row for every finding', () => {
    for (const code of Object.keys(INTEGRATION_DOMAINS_CODES)) expect(page).toContain(`| \`${code}\` |`);
  });
});
