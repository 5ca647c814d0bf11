// The custom domains through the built CLI on the simulator, as an admin runs it: an Okta-managed certificate 10 days
// from expiry told as a failed renewal (its days left and who renews it), a healthy multi-brand org's domains named
// with their days left, a refused list said unread and never "works", and the requests a run sends to
// /api/v1/domains: the list and the Okta-managed domain's own answer for its certificate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosesOf } from '../../../functions/probe/results';
import type { CheckResult, Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import type { ScenarioName } from '../../../sim/scenarios';
import { startSimulator, type Simulator } from '../../../sim/server';
import { buildOnce, runCli, STACK_LINE, type CliOutcome } from './helpers';

let sim: Simulator;
let root = '';
beforeAll(async () => {
  await buildOnce();
  sim = await startSimulator({ port: 0 });
  root = mkdtempSync(join(tmpdir(), 'okta-synthetics-domains-cli-'));
}, 300_000);
afterAll(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

async function run(name: ScenarioName, extra: readonly string[] = ['--json']): Promise<CliOutcome> {
  sim.scenario = name;
  sim.resetRateLimits();
  const dir = mkdtempSync(join(root, `${name}-`));
  const config = await writeSimulatorConfig(sim, dir);
  const cli = await runCli(['run', '--config', config, '--history', join(dir, 'history'), ...extra], {
    XDG_STATE_HOME: join(dir, 'state'),
  });
  expect(cli.stderr).not.toMatch(STACK_LINE);
  return cli;
}

function checkOf(cli: CliOutcome): CheckResult {
  const report = JSON.parse(cli.stdout) as Report;
  const check = report.checks.find((c) => c.server === 'org' && c.check === 'integration-health');
  expect(check, cli.stderr).toBeDefined();
  return check!;
}

describe('custom domains through the built CLI, on the simulator', () => {
  it('warns on an Okta-managed certificate 10 days from expiry: renewal failed, named with who renews it', async () => {
    const check = checkOf(await run('integration-domain-renewal-failed'));
    const told = diagnosesOf(check);
    expect(told.map((d) => d.code)).toEqual(['INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED']);
    expect(told[0]?.detail).toMatch(
      /^custom domain login\.acme\.example \(brand bnd1acmemain0000x7\): certificate 10 days left \(\d{4}-[\d-]+\), /,
    );
    expect(told[0]?.detail).toContain('Okta-managed: Okta renews it, yet it has not');
    expect(check.items?.find((i) => i.code === 'INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED')?.status).toBe('warn');
    // The uploaded certificate beside it is healthy, and named with its figure.
    expect(check.items?.map((i) => `${i.status} ${i.item}`)).toContainEqual(
      expect.stringMatching(/^pass custom domain id\.acme-partners\.example .*: verified, certificate 200 days left/),
    );
    // The list, then the Okta-managed domain alone: its list entry has no certificate.
    expect(check.observed).toMatchObject({ customDomains: 2, domainRequests: 2, integrationsWarning: 1 });
  }, 120_000);

  it('tells it as an admin reads it, with the remedy in the Admin Console', async () => {
    const text = await run('integration-domain-renewal-failed', []);
    expect(text.stdout).toMatch(/INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED[^]*login\.acme\.example/);
    expect(text.stdout).toContain('letsencrypt.org');
  }, 120_000);

  it('says the domains unread when Okta refuses the list, never "works"', async () => {
    const check = checkOf(await run('integration-domains-unreadable'));
    expect(diagnosesOf(check).map((d) => d.code)).toEqual(['INTEGRATION_DOMAINS_UNREAD']);
    expect(diagnosesOf(check)[0]?.detail).toBe(
      "GET /api/v1/domains: the app's admin role does not read custom domains (HTTP 403, INVENTORY_ROLE_MISSING)",
    );
    expect(JSON.stringify(check.items)).not.toMatch(/custom domain [a-z.-]+ .*verified/);
  }, 120_000);

  it('judges the domains and the hook lists when the System Log cannot be read, its part said not read', async () => {
    const check = checkOf(await run('integration-log-throttled'));
    expect(diagnosesOf(check).map((d) => d.code)).toEqual(['INTEGRATION_DOMAIN_CERT_RENEWAL_FAILED']);
    const items = (check.items ?? []).map((i) => `${i.status} ${i.item}`);
    expect(items).toContainEqual(
      expect.stringMatching(/^n\/a System Log: not read this run \(system-log failed: SYSTEM_LOG_THROTTLED\)/),
    );
    // The hooks listed are named, their calls not read: never "not seen" for what was not read.
    expect(items).toContainEqual(expect.stringMatching(/^n\/a token hook "Claims enricher" .*calls not read this run/));
    expect(items.join('\n')).not.toMatch(/not seen|works|none in error seen|answers processed/);
    expect(check.observed).toMatchObject({ logRead: false, customDomains: 2, integrationsWarning: 1 });
  }, 120_000);
});
