// docs/integration-health.md's claims about the custom domains, read from the constants the code uses, so the page
// cannot drift from them: the bounds, the cadence, the thresholds by who renews, and a row for every finding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOMAINS_SCOPE, INTEGRATION_DOMAINS } from '../../../../functions/contract';
import { INTEGRATION_DOMAINS_CODES } from '../../../../functions/diagnosis/codes/integration-domains';

const page = readFileSync(join(__dirname, '../../../../docs/integration-health.md'), 'utf8').replace(/\s*\n\s*/g, ' ');

describe('docs/integration-health.md on the custom domains', () => {
  it('says the bounds and the cadence the reader keeps', () => {
    expect(page).toContain(`at most ${INTEGRATION_DOMAINS.maxDetailReads} a read`);
    expect(page).toContain(`At most ${INTEGRATION_DOMAINS.maxDomains} domains are judged`);
    expect(INTEGRATION_DOMAINS.everyMinutes).toBe(60);
    expect(page).toContain('read at most once an hour');
    expect(page).toContain(`again after ${INTEGRATION_DOMAINS.retryMinutes} minutes`);
    expect(page).toContain(`\`${DOMAINS_SCOPE}\``);
  });

  it('says each threshold by who renews the certificate, and has a row for every finding', () => {
    expect(page).toContain(
      `an Okta-managed certificate has less than ${INTEGRATION_DOMAINS.oktaManagedWarnDays} days left`,
    );
    expect(page).toContain(`(\`MANUAL\`) has less than ${INTEGRATION_DOMAINS.manualWarnDays} days left`);
    for (const code of Object.keys(INTEGRATION_DOMAINS_CODES)) expect(page).toContain(`| \`${code}\` |`);
  });
});
