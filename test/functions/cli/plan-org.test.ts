// `plan --org` against the simulator on loopback: the access assertions' rows asked of the org, read-only, with the
// credential `run` uses. A value the org does not have is refused as a bad config is (the field and the fix, exit 2);
// one the org could not be asked of is "not checked", naming why and the grant; plain `plan` asks the org nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { ACCESS_ORG_SCOPES } from '../../../functions/contract';
import { SIM_ACCESS } from '../../../sim/access';
import { writeSimulatorConfig } from '../../../sim/config';
import type { ScenarioName } from '../../../sim/scenarios';
import { useAwsFake } from '../../support/aws-fake-hooks';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { captureIo } from './helpers';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-plan-org-');
afterEach(() => {
  sim().scenario = 'healthy';
});

/** plan's text as words: it wraps at 80 columns (piped), so a sentence may run across lines. */
const said = (text: string): string => text.replace(/\s+/g, ' ');

/**
 * The simulator's config under `scenario`, made deployable as plan reads it (the custom server's secret named by a
 * variable, not inline), its rows changed by `rows`; and the environment that variable is in.
 */
async function configFile(
  scenario: ScenarioName,
  rows: (written: Record<string, unknown>[]) => Record<string, unknown>[] = (w) => w,
): Promise<{ file: string; env: NodeJS.ProcessEnv }> {
  sim().scenario = scenario;
  const file = await writeSimulatorConfig(sim(), dir());
  const raw = JSON.parse(readFileSync(file, 'utf8')) as {
    servers: Record<string, unknown>[];
    accessAssertions: Record<string, unknown>[];
  };
  const custom = raw.servers.find((s) => typeof s.clientSecret === 'string')!;
  const secret = custom.clientSecret as string;
  delete custom.clientSecret;
  custom.clientSecretEnv = 'SIM_CUSTOM_SECRET';
  writeFileSync(file, JSON.stringify({ ...raw, accessAssertions: rows(raw.accessAssertions) }));
  sim().resetRequests();
  sim().resetRateLimits();
  return { file, env: { SIM_CUSTOM_SECRET: secret } };
}

describe('plan --org', () => {
  it("passes the healthy demo's rows: every app, group and zone found, exit 0", async () => {
    const { file, env } = await configFile('healthy');
    const io = captureIo(env);
    expect(await main(['plan', '--config', file, '--org'], io)).toBe(0);
    expect(said(io.out())).toContain(
      `Asked of ${sim().url} (--org): 7 of the rows' apps, users, groups and zones found, every one.`,
    );
    const json = captureIo(env);
    expect(await main(['plan', '--config', file, '--org', '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({
      accessAssertions: { rows: 3, scopes: ['okta.policies.read'], org: { found: 7, unchecked: [] } },
    });
  });

  it('refuses an unknown user, group, zone and label with the field and fix, exit 2, planning nothing', async () => {
    const { file, env } = await configFile('access-healthy', ([remote, office, denied]) => [
      { ...remote, user: '00uunknown000000x7a0' },
      { ...office, zone: 'nzooffice00000000x7b' },
      { ...denied, groups: [SIM_ACCESS.contractorsGroup, '00gnobody000000000x7'] },
      { ...denied, id: 'typo-label', app: 'Finanse', groups: [SIM_ACCESS.contractorsGroup] },
    ]);
    const io = captureIo(env);
    expect(await main(['plan', '--config', file, '--org'], io)).toBe(2);
    expect(io.out()).toBe('');
    const err = said(io.err());
    expect(err).toContain(`${file}: 4 problems`);
    expect(err).toContain(
      "- accessAssertions[0].user: 00uunknown000000x7a0 is no user of this org: copy the person's 00u... id from " +
        'Directory > People > [person], in the address',
    );
    expect(err).toContain('- accessAssertions[1].zone: nzooffice00000000x7b is no network zone of this org');
    expect(err).toContain('- accessAssertions[2].groups[1]: 00gnobody000000000x7 is no group of this org');
    expect(err).toMatch(/- accessAssertions\[3\]\.app: .*no app of the org is labelled "Finanse"/);
    expect(err).toContain(`Asked of ${sim().url} with the "org" server's client (plan --org): nothing was deployed.`);
  });

  it('says "not checked" when a scope is refused, naming it and the grant, never a refusal: exit 0', async () => {
    const { file, env } = await configFile('inventory-scope-apps');
    const io = captureIo(env);
    expect(await main(['plan', '--config', file, '--org'], io)).toBe(0);
    const out = said(io.out());
    expect(out).toContain(
      `Asked of ${sim().url} (--org): 4 of the rows' apps, users, groups and zones found; 3 not checked:`,
    );
    expect(out).toContain(
      'accessAssertions[0].app, accessAssertions[1].app, accessAssertions[2].app: not checked: okta.apps.read is ' +
        `not granted to the "org" server's app`,
    );
    expect(out).toContain(
      "our setup, not the row's: grant it in Applications > Applications > [app] > Okta API Scopes.",
    );
  });
});

describe('plan --org --secrets aws', () => {
  const secrets = new Map<string, string>();
  const aws = useAwsFake(secrets);

  it('reads the "org" server\'s credential where the deployed probe reads it, and never shows it', async () => {
    const { file, env } = await configFile('healthy');
    aws.env(dir());
    const key = sim().clients.org.privateKeyPem;
    secrets.set('okta-synthetics/org', key);
    const io = captureIo(env);
    const args = ['plan', '--config', file, '--org', '--secrets', 'aws', '--region', 'eu-west-1'];
    expect(await main(args, io)).toBe(0);
    expect(aws.fake().calls.map((c) => c.input.SecretId)).toEqual(['okta-synthetics/org']);
    expect(io.err()).toContain(`plan --org: the "org" server's credential from okta-synthetics/org (eu-west-1)`);
    expect(said(io.out())).toContain(
      `Asked of ${sim().url} (--org): 7 of the rows' apps, users, groups and zones found, every one.`,
    );
    expect(`${io.out()}${io.err()}`).not.toContain(key.split('\n')[1]!);
  });

  it('is refused without --org, and --region without aws, naming the rule (exit 2)', async () => {
    const { file, env } = await configFile('healthy');
    const io = captureIo(env);
    expect(await main(['plan', '--config', file, '--secrets', 'aws'], io)).toBe(2);
    expect(io.err()).toContain('plan: --secrets applies only with --org');
    const region = captureIo(env);
    expect(await main(['plan', '--config', file, '--org', '--region', 'eu-west-1'], region)).toBe(2);
    expect(region.err()).toContain('plan: --region applies only with --org --secrets aws');
  });
});

describe('plan --help', () => {
  it('names --org and every scope it reads with, within 80 columns', async () => {
    const io = captureIo();
    expect(await main(['plan', '--help'], io)).toBe(0);
    expect(io.out()).toContain('--org');
    for (const scope of Object.values(ACCESS_ORG_SCOPES)) expect(said(io.out())).toContain(scope);
    expect(
      io
        .out()
        .split('\n')
        .filter((line) => line.length > 80),
    ).toEqual([]);
  });
});

describe('plan --org without rows', () => {
  it('asks the org nothing and says so', async () => {
    const { file, env } = await configFile('healthy', () => []);
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    delete raw.accessAssertions;
    writeFileSync(file, JSON.stringify(raw));
    const io = captureIo(env);
    expect(await main(['plan', '--config', file, '--org'], io)).toBe(0);
    expect(sim().requests).toEqual([]);
    expect(said(io.out())).toContain('Asked of the org (--org): nothing, the config has no accessAssertions.');
  });
});

describe('plan without --org', () => {
  it('asks the org nothing, and says where the rows are checked', async () => {
    const { file, env } = await configFile('healthy');
    const io = captureIo(env);
    expect(await main(['plan', '--config', file], io)).toBe(0);
    expect(sim().requests).toEqual([]);
    expect(said(io.out())).toContain('plan reads nothing from Okta without --org');
  });
});
