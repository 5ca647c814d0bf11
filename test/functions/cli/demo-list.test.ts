// `demo --list` groups the simulator's scenarios by the kind of check they break, under headings, within 80 columns:
// one list in table order was 980 lines to scroll.
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../../functions/cli/demo';
import { scenarioGroups, unknownScenario } from '../../../functions/cli/demo-list';
import { closestNames } from '../../../functions/text/did-you-mean';
import { SCENARIO_NAMES, SCENARIOS } from '../../../sim/scenarios';
import { CHECK_FAMILIES, checkRow } from '../../../functions/plan/check-table';
import { runCommand } from '../../../functions/cli/frame';
import { captureIo } from './helpers';

async function list(): Promise<string> {
  const io = captureIo();
  expect(await runDemo(['--list'], io)).toBe(0);
  return io.out();
}

/** The heading each scenario is listed under, read back from the text. */
function headingOf(text: string): Map<string, string> {
  const under = new Map<string, string>();
  let heading = '';
  for (const line of text.split('\n')) {
    if (/^\S.*\(\d+\):$/.test(line)) heading = line.replace(/ \(\d+\):$/, '');
    const name = /^ {2}([a-z0-9-]+)(\s|$)/.exec(line)?.[1];
    if (name !== undefined) under.set(name, heading);
  }
  return under;
}

describe('demo --list', () => {
  it('lists every scenario once, under the heading of the kind of check it breaks', async () => {
    const text = await list();
    const under = headingOf(text);
    expect([...under.keys()].sort()).toEqual([...SCENARIO_NAMES].sort());
    expect(under.get('token-expired')).toBe('Tokens and authorization servers');
    expect(under.get('redirect-uri-mismatch')).toBe('Authorize (/authorize)');
    expect(under.get('totp-rejected')).toBe('Sign-in journeys');
    expect(under.get('saml-xxe')).toBe('SAML apps');
    expect(under.get('api-token-expired')).toBe('Inventory: API tokens, certificates, log streams, hooks, agents');
    expect(under.get('system-log-throttled')).toBe('System Log and org rate limits');
    expect(under.get('user-sign-ins-app-denied')).toBe("Real users' sign-ins");
    expect(under.get('status-degraded')).toBe("Okta's status and failover");
    // Those that fail nothing go with their kin: a healthy variant beside the faults of its kind.
    expect(under.get('user-sign-ins-healthy')).toBe("Real users' sign-ins");
    expect(under.get('provisioning-healthy')).toBe('Provisioning');
    expect(under.get('inventory-healthy')).toBe('Inventory: API tokens, certificates, log streams, hooks, agents');
    expect(under.get('healthy')).toBe('Tokens and authorization servers');
  });

  it("takes each group from the registry: a scenario that fails a check is under its row's family", async () => {
    const under = headingOf(await list());
    const failing = SCENARIO_NAMES.filter((name) => SCENARIOS[name].expect[0] !== undefined);
    expect(failing.length).toBeGreaterThan(100);
    for (const name of failing) {
      const check = SCENARIOS[name].expect[0]?.check;
      if (check === undefined) continue;
      expect(under.get(name), name).toBe(CHECK_FAMILIES[checkRow(check).family]);
    }
    // The headings are the families' titles, in the families' order.
    const order = Object.values(CHECK_FAMILIES) as string[];
    const headings = scenarioGroups(SCENARIO_NAMES).map((g) => g.heading);
    expect(headings).toEqual([...headings].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect(headings.every((h) => order.includes(h))).toBe(true);
  });

  it('heads each group with its count, groups apart by a blank line, every line within 80 columns', async () => {
    const text = await list();
    const headings = text.split('\n').filter((line) => /^\S/.test(line));
    expect(headings).toEqual(scenarioGroups(SCENARIO_NAMES).map((g) => `${g.heading} (${g.names.length}):`));
    expect(headings.length).toBeGreaterThanOrEqual(8);
    expect(text).toMatch(/\n\nSAML apps \(\d+\):\n {2}saml-/);
    expect(text.split('\n').filter((line) => line.length > 80)).toEqual([]);
  });
});

describe("demo's unknown scenario", () => {
  it('names the closest few and points to --list, in two lines where every name was dozens', async () => {
    const io = captureIo();
    expect(await runCommand(io, () => runDemo(['--scenario', 'rate-limitd'], io))).toBe(2);
    const err = io.err();
    const said = err.replace(/\s+/g, ' ');
    expect(said).toMatch(/^okta-synthetics: demo: unknown scenario "rate-limitd" \(did you mean rate-limited[,?]/);
    expect(said).toContain(`; "npx --no-install okta-synthetics demo --list" lists all ${SCENARIO_NAMES.length}`);
    expect(err).toContain('Run "npx --no-install okta-synthetics demo --help" for usage.');
    expect(err).not.toContain('token-expired');
    expect(err.trim().split('\n').length).toBeLessThanOrEqual(4);
  });

  it('offers the scenarios the name begins first, then those a few edits away, never a far one', () => {
    expect(closestNames('saml-', SCENARIO_NAMES, 3).every((n) => n.startsWith('saml-'))).toBe(true);
    expect(closestNames('healty', SCENARIO_NAMES, 1)).toEqual(['healthy']);
    expect(closestNames('zzz', ['zzzy', 'a', 'zz', 'zyz'], 3)).toEqual(['zz', 'zzzy', 'zyz']);
    expect(closestNames('x'.repeat(100_000), SCENARIO_NAMES, 3)).toEqual([]);
    // Nothing near: no far name offered, only where they all are.
    expect(unknownScenario('nope', ['healthy', 'timeout'], 'x demo --list')).toBe(
      'unknown scenario "nope"; "x demo --list" lists all 2',
    );
    expect(unknownScenario('timeot', ['healthy', 'timeout'], 'x demo --list')).toBe(
      'unknown scenario "timeot" (did you mean timeout?); "x demo --list" lists all 2',
    );
  });
});
