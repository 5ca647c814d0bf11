// plan: what a config deploys, from the same plan the stack and the cost command read.
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { captureIo } from './helpers';

/** plan's text as words: it wraps at 80 columns (piped), so a sentence may run across lines. */
const said = (text: string): string => text.replace(/\s+/g, ' ');
import { loadConfigFile } from '../../../functions/config/parse';
import { regionPlan } from '../../../functions/plan/region-plan';
import { plannedChecks } from '../../../functions/plan/checks';
import { journeyPageWithinMinutes } from '../../../functions/plan/alarm-timing';
import { EXAMPLE_CONFIG_PATH } from '../../../lib/build-app';
import { readFileSync } from 'node:fs';
import { writeConfig } from '../../lib/helpers';
import { QUORUM_SCHEMA } from '../../../functions/config/quorum-shape';
import {
  browserJourneyConfig,
  exampleConfig,
  integrationHealthConfig,
  journeyConfig,
  samlCatalogueConfig,
} from '../../support/configs';

const example = (() => {
  const loaded = loadConfigFile(EXAMPLE_CONFIG_PATH, 'deploy');
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config;
})();

describe('plan', () => {
  it('says the access assertions were not checked against the org, where they are, and what to grant', async () => {
    const raw = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
    const row = { groups: ['00gfinance0000000x7a'], expect: { access: 'DENY' } };
    const path = writeConfig({
      ...raw,
      accessAssertions: [
        { ...row, id: 'by-id', app: '0oafinance0000000x7a' },
        { ...row, id: 'by-label', app: 'Finance' },
      ],
    });
    const io = captureIo();
    expect(await main(['plan', '--config', path], io)).toBe(0);
    expect(said(io.out())).toContain(
      'Access assertions: 2 rows, 1 naming the app by label, in one policy simulation a run. Grant the "org" ' +
        "server's app okta.policies.read and okta.apps.read (okta.apps.read: the run finds a labelled app's id " +
        'with it), with Read-only Administrator',
    );
    expect(said(io.out())).toContain(
      'Their shapes are checked; their apps, users, groups and zones are not checked against the org: plan reads ' +
        'nothing from Okta without --org. A run does, and tells one Okta does not know as ACCESS_ROW_REFUSED on its ' +
        'row alone',
    );
    const json = captureIo();
    expect(await main(['plan', '--config', path, '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({
      accessAssertions: { rows: 2, byLabel: 1, scopes: ['okta.policies.read', 'okta.apps.read'] },
    });
  });

  it("prints the page a browser journey opens: the custom domain its server's issuer names, else orgUrl", async () => {
    const base = browserJourneyConfig();
    const plain = captureIo();
    expect(await main(['plan', '--config', writeConfig(base)], plain)).toBe(0);
    const org = new URL(base.orgUrl as string).origin;
    expect(said(plain.out())).toContain(
      `Sign-in page of portal: ${org}/oauth2/default/v1/authorize, on orgUrl: its server names no issuer on a ` +
        'custom domain.',
    );
    const servers = (base.servers as Record<string, unknown>[]).map((s) =>
      s.id === 'default' ? { ...s, issuer: 'https://login.acme.example/oauth2/default' } : s,
    );
    const custom = captureIo();
    expect(await main(['plan', '--config', writeConfig({ ...base, servers }), '--json'], custom)).toBe(0);
    const plan = JSON.parse(custom.out()) as {
      signIns: { id: string; page?: { url: string; customDomain: boolean } }[];
    };
    expect(plan.signIns.find((s) => s.id === 'portal')?.page).toEqual({
      url: 'https://login.acme.example/oauth2/default/v1/authorize',
      customDomain: true,
    });
    // An API journey opens no page.
    expect(plan.signIns.find((s) => s.id === 'mobile')?.page).toBeUndefined();
  });

  it('warns on stderr, as run does, when integrationHealth\'s "org" server lacks okta.domains.read', async () => {
    const without = captureIo();
    expect(await main(['plan', '--config', writeConfig(integrationHealthConfig())], without)).toBe(0);
    expect(without.err().replace(/\s+/g, ' ')).toMatch(
      /warning: integrationHealth: the custom domains .* okta\.domains\.read/,
    );
    const base = integrationHealthConfig();
    const servers = (base.servers as Record<string, unknown>[]).map((s) =>
      s.id === 'org' ? { ...s, scopes: [...(s.scopes as string[]), 'okta.domains.read'] } : s,
    );
    const granted = captureIo();
    expect(await main(['plan', '--config', writeConfig({ ...base, servers })], granted)).toBe(0);
    expect(granted.err()).not.toContain('okta.domains.read');
  });

  it("shows each region's alarms: the first's in full, how every other region's differ", async () => {
    const base = journeyConfig();
    const signIn = (base.signIn as Record<string, unknown>[]).map((j) =>
      j.id === 'portal' ? { ...j, region: 'eu-west-1' } : j,
    );
    const path = writeConfig({ ...base, regions: ['us-east-1', 'eu-west-1'], signIn, quorum: false });
    const json = captureIo();
    expect(await main(['plan', '--config', path, '--json'], json)).toBe(0);
    const plan = JSON.parse(json.out()) as {
      alarms: { name: string }[];
      regionAlarms: { region: string; alarms: number; only: string[]; without: string[] }[];
    };
    const [west] = plan.regionAlarms;
    expect(plan.regionAlarms.map((r) => r.region)).toEqual(['eu-west-1']);
    expect(west?.only).toContain('okta-synthetics-portal-page');
    expect(west?.without).toContain('okta-synthetics-mobile-page');
    expect(plan.alarms.map((a) => a.name)).not.toContain('okta-synthetics-portal-page');
    expect(west?.alarms).toBe(plan.alarms.length + (west?.only.length ?? 0) - (west?.without.length ?? 0));
    const text = captureIo();
    expect(await main(['plan', '--config', path], text)).toBe(0);
    expect(said(text.out())).toMatch(new RegExp(`In us-east-1: Metrics: .* Alarms: ${plan.alarms.length} \\(`));
    expect(said(text.out())).toMatch(
      new RegExp(` Alarms in eu-west-1: ${west?.alarms}; also .*okta-synthetics-portal-page`),
    );
  });

  it("says the probe's memory and why in one line, sized from the config or set by memoryMb", async () => {
    const raw = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
    const json = captureIo();
    expect(await main(['plan', '--config', EXAMPLE_CONFIG_PATH, '--json'], json)).toBe(0);
    const { memory } = JSON.parse(json.out()) as { memory: { region: string; mb: number; configured: boolean }[] };
    expect(memory).toEqual([expect.objectContaining({ region: 'us-east-1', mb: 176, configured: false })]);
    const text = captureIo();
    expect(await main(['plan', '--config', EXAMPLE_CONFIG_PATH], text)).toBe(0);
    expect(said(text.out())).toContain(
      'Probe memory: 176 MB: a third free above the expected peak of 114 MiB (2 servers, 0 journeys, 0 SAML apps).',
    );
    const set = captureIo();
    expect(await main(['plan', '--config', writeConfig({ ...raw, memoryMb: 512 })], set)).toBe(0);
    expect(said(set.out())).toContain('Probe memory: 512 MB, set by memoryMb in the config.');
  });

  it('says a several-region total is the total, not a month per region', async () => {
    const raw = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
    const path = writeConfig({ ...raw, regions: ['us-east-1', 'eu-west-1'] });
    const json = captureIo();
    expect(await main(['plan', '--config', path, '--json'], json)).toBe(0);
    const { monthlyUsd } = JSON.parse(json.out()) as { monthlyUsd: number };
    const text = captureIo();
    expect(await main(['plan', '--config', path], text)).toBe(0);
    expect(said(text.out())).toContain(`About $${monthlyUsd.toFixed(2)} a month in all, for 2 regions`);
    expect(said(text.out())).not.toContain('per region (okta');
  });

  it("counts the resource checks' requests to the org's own APIs, from every region, and none to Okta", async () => {
    const raw = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as { servers: Record<string, unknown>[] };
    const without = captureIo();
    expect(await main(['plan', '--config', writeConfig(raw)], without)).toBe(0);
    expect(said(without.out())).not.toContain('Resources:');
    raw.servers = raw.servers.map((server, i) =>
      i === raw.servers.length - 1
        ? { ...server, resources: [{ url: 'https://api.acme.example/a' }, { url: 'https://api.acme.example/b' }] }
        : server,
    );
    const path = writeConfig({ ...raw, regions: ['us-east-1', 'eu-west-1'] });
    const json = captureIo();
    expect(await main(['plan', '--config', path, '--json'], json)).toBe(0);
    const { resources } = JSON.parse(json.out()) as { resources: { perRun: number; perMonth: number } };
    expect(resources).toMatchObject({ perRun: 2, regions: 2 });
    const text = captureIo();
    expect(await main(['plan', '--config', path], text)).toBe(0);
    const line = text.out().replace(/\n\s*/g, ' ');
    expect(line).toContain('Resources: 2 requests a run to your own APIs from each of 2 regions');
    expect(line).toContain(`(${resources.perMonth.toLocaleString('en-US')} a month in all), none to Okta`);
  });

  it("shows each server's pageFor, the default and what a server set", async () => {
    const raw = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as { servers: Record<string, unknown>[] };
    raw.servers[0] = { ...raw.servers[0], pageFor: ['okta'] };
    const path = writeConfig(raw);
    const json = captureIo();
    expect(await main(['plan', '--config', path, '--json'], json)).toBe(0);
    const plan = JSON.parse(json.out()) as { pageFor: Record<string, string[]> };
    expect(plan.pageFor).toEqual({ org: ['okta'], default: ['okta', 'configuration'] });
    const text = captureIo();
    expect(await main(['plan', '--config', path], text)).toBe(0);
    expect(said(text.out())).toContain("Set by pageFor: org pages for Okta's faults.");
  });

  it('--json lists exactly the planned checks and alarms, and where each severity goes', async () => {
    const io = captureIo();
    expect(await main(['plan', '--config', EXAMPLE_CONFIG_PATH, '--json'], io)).toBe(0);
    const plan = JSON.parse(io.out()) as {
      checks: Record<string, string[]>;
      alarms: { name: string; notifies: string | null }[];
      notifications: Record<string, { emails: string[]; messageTopic: string }>;
      monthlyUsd: number;
    };
    expect(Object.entries(plan.checks).flatMap(([server, list]) => list.map((check) => `${server}/${check}`))).toEqual(
      plannedChecks(example.probe).map((c) => `${c.server}/${c.check}`),
    );
    expect(plan.alarms.map((a) => a.name)).toEqual(regionPlan(example).alarms.map((a) => a.name));
    expect(plan.notifications.page).toMatchObject({
      emails: ['oncall@acme.example'],
      messageTopic: 'okta-synthetics-page-messages',
    });
    expect(plan.monthlyUsd).toBeGreaterThan(0);
  });

  it('prints the checks per server, what pages, where it goes and the detection time', async () => {
    const io = captureIo();
    expect(await main(['plan', '--config', EXAMPLE_CONFIG_PATH], io)).toBe(0);
    const orgChecks = plannedChecks(example.probe)
      .filter((p) => p.server === 'org')
      .map((p) => p.check);
    expect(orgChecks.length).toBeGreaterThan(1);
    // The id column is as wide as the longest id ("default"), then two spaces.
    expect(io.out()).toMatch(new RegExp(`\\n  ${'org'.padEnd('default'.length)}  discovery, `));
    expect(said(io.out())).toContain(` org ${orgChecks.join(', ')}`);
    expect(said(io.out())).toMatch(/Pages through: .*okta-synthetics-probe-down.*okta-synthetics-org-page/);
    expect(said(io.out())).toContain('pagers on okta-synthetics-page (none configured)');
    // The example's one region at one-minute runs has the fast path by default.
    expect(said(io.out())).toContain(
      "An Okta outage pages within 15 s, a server's configuration stopping users within 22.5 s (within 4 min if " +
        'the fast path fails); recovery is told within 90 s; any other failing check ' +
        'warns within 5 min; a stopped probe pages within 4 min.',
    );
    expect(said(io.out())).toContain(
      "Pages for Okta's faults, the org's configuration (a policy, an assignment, an audience that stops users); " +
        "the probe's own credentials and settings warn.",
    );
    expect(said(io.out())).toMatch(
      /Fast path: 8 checks a minute in each region; an Okta outage pages within 15 s, once, from this region/,
    );
  });

  it('says how soon a journey pages, from the alarm timing at its everyMinutes, fast path on or off', async () => {
    const base = journeyConfig();
    const slowest = Math.max(...(base.signIn as { everyMinutes?: number }[]).map((j) => j.everyMinutes ?? 5));
    for (const quorum of [true, false]) {
      const io = captureIo();
      expect(await main(['plan', '--config', writeConfig({ ...base, quorum })], io)).toBe(0);
      const within = journeyPageWithinMinutes(slowest, 1, quorum);
      expect(said(io.out())).toContain(
        quorum
          ? `a journey's at its second failing run, within ${within} min;`
          : `(a journey's, on its own cadence, within ${within} min)`,
      );
    }
    // At the default five minutes: a journey run sees it within 5, the next confirms it 5 later, a minute to judge.
    expect(journeyPageWithinMinutes(5, 1, true)).toBe(11);
    expect(journeyPageWithinMinutes(5, 1, false)).toBe(7);
  });

  it('says the fast path is off, and how soon a failure pages instead, with "quorum": false', async () => {
    const raw = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
    const io = captureIo();
    expect(await main(['plan', '--config', writeConfig({ ...raw, $schema: undefined, quorum: false })], io)).toBe(0);
    expect(said(io.out())).toContain(
      'A failure pages within 3 min; recovery is told within 3 min; a warning within 5 min; a stopped probe ' +
        'pages within 4 min.',
    );
    expect(said(io.out())).toContain('Fast path: off ("quorum": false)');
  });

  it("says which servers' latency warns and above what, or how to turn it on and its price", async () => {
    // On by default at 2000 ms; null turns it off, and plan says how to turn it back on.
    const io = captureIo();
    expect(await main(['plan', '--config', EXAMPLE_CONFIG_PATH], io)).toBe(0);
    expect(said(io.out())).toContain("Latency warns when a server's p90 is above: org 2000 ms, default 2000 ms.");
    const raw = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as { servers: Record<string, unknown>[] };
    const off = captureIo();
    expect(
      await main(['plan', '--config', writeConfig({ ...raw, $schema: undefined, latencyWarnMs: null })], off),
    ).toBe(0);
    expect(said(off.out())).toContain(
      "Latency: not alarmed (set latencyWarnMs to warn when a server's p90 passes it; $0.40 a server a month).",
    );
    const servers = raw.servers.map((s) => (s.id === 'default' ? { ...s, latencyWarnMs: null } : s));
    const file = writeConfig({ ...raw, $schema: undefined, latencyWarnMs: 1500, servers });
    const alarmed = captureIo();
    expect(await main(['plan', '--config', file, '--json'], alarmed)).toBe(0);
    const plan = JSON.parse(alarmed.out()) as {
      alarms: { name: string; severity: string; notifies: string | null }[];
      latencyWarnMs: Record<string, number | null>;
    };
    expect(plan.latencyWarnMs).toEqual({ org: 1500, default: null });
    expect(plan.alarms).toContainEqual({
      name: 'okta-synthetics-org-latency',
      kind: 'metric',
      severity: 'warn',
      notifies: null,
    });
    const text = captureIo();
    expect(await main(['plan', '--config', file], text)).toBe(0);
    expect(said(text.out())).toContain(
      "Latency warns when a server's p90 is above: org 1500 ms; not alarmed: default.",
    );
  });

  it('says which region runs each journey of a multi-region config, and that the others skip it', async () => {
    const base = journeyConfig();
    const signIn = (base.signIn as Record<string, unknown>[]).map((j) =>
      j.id === 'portal' ? { ...j, region: 'eu-west-1' } : j,
    );
    const config = writeConfig({ ...base, regions: ['us-east-1', 'eu-west-1'], signIn });
    const io = captureIo();
    expect(await main(['plan', '--config', config], io)).toBe(0);
    expect(said(io.out())).toContain(
      'Sign-ins of portal (run in eu-west-1 only, its alarms there; us-east-1 skips it):',
    );
    expect(said(io.out())).toContain(
      'Sign-ins of mobile (run in us-east-1 only, its alarms there; eu-west-1 skips it):',
    );
    const json = captureIo();
    expect(await main(['plan', '--config', config, '--json'], json)).toBe(0);
    const { signIns } = JSON.parse(json.out()) as { signIns: { id: string; region: string | null }[] };
    expect(signIns.map((s) => [s.id, s.region])).toEqual([
      ['portal', 'eu-west-1'],
      ['mobile', 'us-east-1'],
    ]);
  });

  it(
    '--discovered-apps N counts N apps for a discovering group, as cost does; a bad N is refused naming the ' +
      'option',
    async () => {
      const base = journeyConfig();
      const [org, ...rest] = base.servers as Record<string, unknown>[];
      const servers = [{ ...org, scopes: ['okta.users.read', 'okta.apps.read'] }, ...rest];
      const config = writeConfig({
        ...base,
        servers,
        samlGroups: [{ id: 'catalogue', signIn: 'portal', discover: 'assigned' }],
      });
      const planned = async (args: string[]) => {
        const io = captureIo();
        expect(await main(['plan', '--config', config, '--json', ...args], io)).toBe(0);
        return (
          JSON.parse(io.out()) as { saml: { groups: { id: string; apps: number; assumed: boolean }[] } }
        ).saml.groups.find((g) => g.id === 'catalogue');
      };
      expect(await planned([])).toMatchObject({ apps: 1000, assumed: true });
      expect(await planned(['--discovered-apps', '40'])).toMatchObject({ apps: 40, assumed: true });
      const io = captureIo();
      expect(await main(['plan', '--config', config, '--discovered-apps', 'many'], io)).toBe(2);
      expect(said(io.err())).toContain('plan: --discovered-apps expects a number from 0 to 100000, got "many"');
    },
  );

  it('names every problem of a bad config and exits 2', async () => {
    const io = captureIo();
    expect(await main(['plan', '--config', '/nonexistent/okta-synthetics.json'], io)).toBe(2);
    expect(said(io.err())).toMatch(/okta-synthetics\.json/);
  });

  it('says once what to do about SAML apps that may provision users, and how they are still watched', async () => {
    const io = captureIo();
    expect(await main(['plan', '--config', writeConfig(samlCatalogueConfig(3))], io)).toBe(0);
    const text = said(io.out());
    // Three listed apps made three paragraphs of nine lines, each with the same advice: the apps in one sentence.
    expect(text).toContain(
      'SAML apps app-0000, app-0001, app-0002: plan cannot tell whether they provision users: no inventory reads ' +
        "Okta's app listing",
    );
    expect(text.match(/Create Users on creates a real account/g)).toHaveLength(1);
    expect(text).toContain(
      "Such an app is still watched without the synthetic user: real users' sign-ins to it, per app (userSignIns: " +
        "docs/user-sign-ins.md), and its signing certificate's expiry (the inventory's app-certificates: " +
        'docs/inventory.md).',
    );
    const lines = io.out().split('\n');
    const from = lines.findIndex((line) => line.startsWith('SAML apps app-0000'));
    const to = lines.findIndex((line, i) => i > from && line.endsWith('docs/inventory.md).'));
    expect(to - from + 1).toBeLessThanOrEqual(14);
  });

  it('says its page times in whole or half seconds at every check interval the config allows', async () => {
    const { minimum, maximum, multipleOf } = QUORUM_SCHEMA.properties.checkEverySeconds;
    for (let step = 0; step <= (maximum - minimum) / multipleOf; step += 1) {
      const checkEverySeconds = minimum + step * multipleOf;
      const io = captureIo();
      const path = writeConfig({ ...exampleConfig(), quorum: { checkEverySeconds } });
      expect(await main(['plan', '--config', path], io)).toBe(0);
      const [, outage, config] =
        /An Okta outage pages within (\S+) s, a server's configuration stopping users within (\S+) s/.exec(
          said(io.out()),
        ) ?? [];
      // A configuration break is never confirmed early: its second failing round is the next, a round later.
      expect([outage, config]).toEqual([expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+(\.5)?$/)]);
      expect(Number(config) - Number(outage)).toBe(checkEverySeconds);
      // One figure for the text, the JSON and the stack's page composites: the region plan's.
      const json = captureIo();
      expect(await main(['plan', '--config', path, '--json'], json)).toBe(0);
      const { quorum } = JSON.parse(json.out()) as { quorum: Record<string, number> };
      const loaded = loadConfigFile(path, 'deploy');
      if (!loaded.ok) throw new Error(loaded.errors.join('; '));
      const { page } = regionPlan(loaded.config);
      expect(quorum).toMatchObject({
        pageWithinSeconds: Number(outage),
        configPageWithinSeconds: Number(config),
        okWithinSeconds: page.okWithinSeconds,
      });
      expect([page.pageWithinSeconds, page.configPageWithinSeconds]).toEqual([Number(outage), Number(config)]);
      expect(said(io.out())).toContain(`recovery is told within ${page.okWithinSeconds} s`);
    }
  });
});
