// A listed SAML app that provisions users, end to end on the simulator: the inventory's app listing (the pages it
// already reads) names the app's features, the run's report warns, the record is kept beside --history, and
// `plan --history` warns from it; without the history, or without an inventory that reads the listing, plan says
// what to check and why. No request per app is sent to learn it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { writeSimulatorConfig } from '../../../sim/config';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { withoutInlineSecrets } from '../../support/configs';
import { captureIo } from './helpers';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-listed-provisioning-');
afterEach(() => {
  sim().scenario = 'healthy';
});

const WARNING =
  "Warning: SAML app salesforce (Okta's Salesforce (0oasalesforce0000x7), found in the inventory's app listing " +
  "by its SSO URL's app name and its audience) provisions users (PUSH_NEW_USERS)";

const flat = (text: string): string => text.replace(/\s+/g, ' ');

/** The simulator's config as one deploys it, for plan: its inline secrets are the CLI's only. */
function deployed(config: string): string {
  const path = join(dir(), 'deployed.json');
  writeFileSync(path, JSON.stringify(withoutInlineSecrets(JSON.parse(readFileSync(config, 'utf8')))));
  return path;
}

describe('a listed SAML app that provisions users', () => {
  it('is warned of by the run, from the listing alone, and by plan --history from the kept record', async () => {
    sim().scenario = 'inventory-listed-app-provisions';
    const config = await writeSimulatorConfig(sim(), dir());
    const history = join(dir(), 'history');
    sim().resetRequests();
    const io = captureIo();
    await main(['run', '--config', config, '--history', history], io);
    expect(flat(io.out())).toContain(WARNING);
    expect(flat(io.out()).match(/provisions users/g)).toHaveLength(1);
    // The listing the inventory reads anyway, once; nothing asked of an app's own features.
    const paths = sim().requests.map((r) => r.path);
    expect(paths.filter((p) => /^\/api\/v1\/apps\/[^/]+\/features/.test(p))).toEqual([]);
    expect(paths.filter((p) => p === '/api/v1/apps')).toHaveLength(1);
    // The run line (the Lambda's, from the same builder) names it, by name and id.
    const day = readdirSync(history).find((f) => f.endsWith('.jsonl'));
    const line = JSON.parse(
      readFileSync(join(history, day ?? ''), 'utf8')
        .trim()
        .split('\n')
        .at(-1) ?? '{}',
    );
    expect(line.provisioning).toEqual({
      apps: [{ app: 'Salesforce (0oasalesforce0000x7)', listed: 'salesforce', features: ['PUSH_NEW_USERS'] }],
    });

    const plan = captureIo();
    expect(await main(['plan', '--config', deployed(config), '--history', history], plan), plan.err()).toBe(0);
    expect(flat(plan.out())).toContain(WARNING);
    expect(plan.out()).not.toMatch(/SAML app salesforce: plan cannot tell/);
    // And how old its word is: the listing as the run read it, moments ago.
    expect(flat(plan.out())).toMatch(
      /SAML apps listed: told by Okta's app listing as a run read it at \d{4}-\d\d-\d\dT[\d:.]+Z \(0 minutes ago\)/,
    );

    const blind = captureIo();
    expect(await main(['plan', '--config', deployed(config)], blind)).toBe(0);
    expect(blind.out()).not.toContain('Warning: SAML app salesforce');
    expect(flat(blind.out())).toContain(
      'SAML app salesforce: plan cannot tell whether it provisions users: plan reads nothing from Okta, and no ' +
        '--history DIR was given',
    );
  });

  it('is not warned of when it does not provision: plan --history knows it, and says nothing of it', async () => {
    sim().scenario = 'inventory-healthy';
    const config = await writeSimulatorConfig(sim(), dir());
    const history = join(dir(), 'history');
    const io = captureIo();
    await main(['run', '--config', config, '--history', history], io);
    expect(io.out()).not.toContain('provisions users');
    const plan = captureIo();
    expect(await main(['plan', '--config', deployed(config), '--history', history], plan)).toBe(0);
    expect(plan.out()).not.toMatch(/SAML app salesforce/);
  });

  it('without an inventory that reads the listing, plan says so, naming what it needs', async () => {
    sim().scenario = 'healthy';
    const config = await writeSimulatorConfig(sim(), dir());
    const plan = captureIo();
    expect(await main(['plan', '--config', deployed(config), '--history', join(dir(), 'none')], plan)).toBe(0);
    expect(flat(plan.out())).toContain(
      "SAML app salesforce: plan cannot tell whether it provisions users: no inventory reads Okta's app listing " +
        '(it needs the "org" server with "inventory": true and okta.apps.read in its scopes)',
    );
  });
});
