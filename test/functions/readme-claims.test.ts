// The README's claims, each held by a test: a claim is the README's own words, the test the one that fails when the
// code stops doing it. A claim reworded or removed from the README fails here until its row follows; a test renamed
// or removed fails here until the claim finds another or goes. The figures are held apart (docs.integration.test.ts,
// readme-numbers.test.ts), and what this file alone holds is tested below the table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS, type CheckName } from '../../functions/contract';
import { loadConfigFile } from '../../functions/config/parse';
import { checkRow } from '../../functions/plan/check-table';
import { regionPlan } from '../../functions/plan/region-plan';
import { samlCatalogueConfig, writeConfig } from '../support/configs';

const ROOT = join(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
/** The README's prose as one line of words: no figure markers, no line breaks. */
const words = (text: string): string => text.replace(/<!--[^>]*-->/g, '').replace(/\s+/g, ' ');
const readme = words(read('README.md'));

interface Claim {
  /** The README's words. */
  readonly says: string;
  /** The test file, and the start of the title of the test in it that holds the claim. */
  readonly heldBy: readonly [file: string, title: string];
}

const CLAIMS: readonly Claim[] = [
  {
    says: 'runs one probe cycle against the built-in Okta simulator',
    heldBy: ['test/functions/cli/cli.test.ts', 'runs one cycle against the built-in simulator and exits 0'],
  },
  {
    says:
      'Discovery, signing keys, a client-credentials token validated as your API validates it, introspection, ' +
      "`/authorize`, rate-limit headroom, clock skew, the TLS certificate, Okta's status feed.",
    heldBy: ['test/functions/readme-claims.test.ts', "names the checks of a server as the registry's rows"],
  },
  {
    says: 'tells OK within',
    heldBy: ['test/lib/alarm-model.test.ts', 'pages an outage once, within the worst case, and tells OK within'],
  },
  {
    says: 'a refused password is never retried into a lockout',
    heldBy: ['test/functions/cli/state-folder.test.ts', 'two one-off runs after a refused password'],
  },
  {
    says: '`npm start -- --scenario rate-limited` shows a failure',
    heldBy: ['test/sim/scenarios.test.ts', 'rate-limited: 429 E0000047'],
  },
  {
    says: '`npx --no-install okta-synthetics demo --list` lists them all',
    heldBy: ['test/functions/cli/demo-list.test.ts', 'lists every scenario once'],
  },
  {
    says: '`npx --no-install okta-synthetics init` writes a starter with a comment on each entry',
    heldBy: ['test/functions/cli/init.test.ts', 'writes a commented starter'],
  },
  {
    says: 'it refuses what `cdk synth` would refuse, in the same words',
    heldBy: ['test/functions/cli/deploy-rules.test.ts', 'deploy rule %s'],
  },
  {
    says: 'Each server and journey has a **page** alarm',
    heldBy: ['test/functions/readme-claims.test.ts', 'each server, journey and group of SAML apps has'],
  },
  {
    says: 'where a listed app is counted unless `"ownAlarm": true` gives it its own',
    heldBy: ['test/functions/readme-claims.test.ts', 'each server, journey and group of SAML apps has'],
  },
  {
    says: 'pages at its second failing run',
    heldBy: ['test/functions/lambda/quorum-rate.test.ts', "pages for a journey's sign-on policy at its second"],
  },
  {
    says: "The probe's own trouble (a rotated secret) only warns",
    heldBy: ['test/functions/lambda/quorum-rate.test.ts', "warns for the probe's own credentials by default"],
  },
  {
    says: 'a maintenance window silences pages',
    heldBy: ['test/lib/alarm-model.test.ts', 'silences server pages during a maintenance window'],
  },
  {
    says: '(`"quorum": false` saves it)',
    heldBy: ['test/functions/cost/quorum.test.ts', 'has no fast path, and no quorum line, with "quorum": false'],
  },
  {
    says: 'On an older system Node, npm warns `EBADENGINE` before any command of ours runs',
    heldBy: ['test/functions/readme-claims.test.ts', "says in one line that npm's warnings on an older Node"],
  },
];

describe('README.md, claim by claim', () => {
  it.each(CLAIMS.map((claim) => [claim.says, claim.heldBy] as const))('"%s" is said, and held', (says, heldBy) => {
    expect(readme).toContain(says);
    const [file, title] = heldBy;
    expect(words(read(file)), `${file} has no test titled "${title}..."`).toMatch(
      new RegExp(`it(\\.each\\([^)]*\\))?\\( ?['"\`]${title.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')}`),
    );
  });

  it('each server, journey and group of SAML apps has a page and a warn alarm; a listed app only with ownAlarm', () => {
    // Two listed apps under the portal journey: one counted in its default group, one with alarms of its own.
    const raw = samlCatalogueConfig(2) as { samlApps: Record<string, unknown>[] };
    const apps = raw.samlApps.map((app, i) => (i === 1 ? { ...app, ownAlarm: true } : app));
    const loaded = loadConfigFile(writeConfig({ ...raw, samlApps: apps }), 'deploy', {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const composites = regionPlan(loaded.config)
      .alarms.map((alarm) => /^okta-synthetics-(.+)-(page|warn)$/.exec(alarm.name))
      .flatMap((m) => (m === null ? [] : [`${m[1]} ${m[2]}`]));
    const both = (id: string): string[] => [`${id} page`, `${id} warn`];
    for (const id of ['org', 'default', 'portal', 'mobile', 'portal-saml', 'app-0001'])
      expect(composites).toEqual(expect.arrayContaining(both(id)));
    expect(composites.filter((c) => c.startsWith('app-0000'))).toEqual([]);
    // Said as it is: the README once gave every SAML app a page and a warn alarm of its own.
    expect(readme).not.toContain('Each server, journey and SAML app has a **page** alarm');
  });

  it("names the checks of a server as the registry's rows, each one a check a server has", () => {
    const said = ['discovery', 'keys', 'token', 'validate', 'introspect', 'authorize', 'rate-limit', 'clock'];
    for (const check of [...said, 'certificate', 'status']) expect(CHECKS as readonly string[], check).toContain(check);
    expect(said.map((check) => checkRow(check as CheckName).target)).toEqual(said.map(() => 'server'));
    expect(checkRow('status').target).toBe('feed');
  });

  it("says in one line that npm's warnings on an older Node come before any command of ours, and link why", () => {
    const node = words(read('README.md').split('\n## Which Node\n')[1]?.split('\n## ')[0] ?? '');
    expect(node).toContain('npm warns `EBADENGINE` before any command of ours runs: harmless');
    expect(node).toContain('(docs/development.md#which-node)');
    expect(words(read('docs/first-steps.md'))).toContain('npm prints `EBADENGINE` warnings before the command runs');
    expect(words(read('docs/development.md'))).toContain('npm itself warns, before any command of ours runs');
  });
});
