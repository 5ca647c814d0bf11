// A group of SAML apps through the engine, on the simulator: one app of a thousand failing and the page
// naming it alone; the catalogue spread over a journey's sessions, carried verdicts labelled as such; apps overdue
// when the org's SSO bucket leaves the runs short; and a catalogue found through the Management API, listed once and
// its metadata kept, so that the next session sends only its SSO requests; and the apps that provision users, read
// from that same listing, which plan warns of.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../../../functions/credentials/user-secrets';
import { runProbe } from '../../../../../functions/probe/engine';
import { createMemoryCatalogueStore } from '../../../../../functions/probe/kept-store';
import { createMemoryStateStore } from '../../../../../functions/probe/sign-in/store';
import { runLogLine } from '../../../../../functions/report/run-line';
import { buildMessage } from '../../../../../functions/notify/message';
import { alarmSpecs } from '../../../../../functions/plan/alarms';
import { compositeAlarmName } from '../../../../../functions/plan/alarm-names';
import type { CatalogueStore } from '../../../../../functions/kept-state';
import type { ProbeCache, ProbeConfig, Report, RunProgress } from '../../../../../functions/types';
import type { LoadedConfig } from '../../../../../functions/config/parse';
import { writeSimulatorConfig } from '../../../../../sim/config';
import { SIM_SAML_GROUP } from '../../../../../sim/saml/catalogue-scenarios';
import type { ScenarioName } from '../../../../../sim/scenarios';
import { useSimulator } from '../../../../support/simulator';
import { useTempDir } from '../../../../support/temp-dir';
import { createFileCatalogueStore } from '../../../../../functions/cli/catalogue-file';
import { main } from '../../../../../functions/cli/main';
import { renderReport } from '../../../../../functions/cli/render';
import { captureIo } from '../../../cli/helpers';
import { withoutInlineSecrets } from '../../../../support/configs';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { createMemoryCache } from '../../../../../functions/cache/read-through';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-saml-group-');
afterEach(() => {
  sim().scenario = 'healthy';
  sim().catalogue = undefined;
  // A test's own use of the org's buckets (300 apps' worth) must not leave the next one less than a fresh minute's.
  sim().resetRateLimits();
});

/** The scenario's config: the portal journey and the group, and the "org" server when the group discovers. */
async function groupConfig(scenario: ScenarioName, opts: { org?: boolean } = {}): Promise<LoadedConfig> {
  sim().scenario = scenario;
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const { probe } = loaded.config;
  const discovers = opts.org === true || probe.samlGroups?.some((g) => g.discover !== undefined) === true;
  const narrowed: ProbeConfig = {
    ...probe,
    servers: discovers ? probe.servers.filter((s) => s.id === 'org') : [],
    statusPageUrl: null,
    signIn: probe.signIn?.filter((j) => j.id === 'portal'),
    samlApps: probe.samlApps?.filter((a) => a.group !== undefined),
  };
  return { ...loaded.config, probe: narrowed };
}

interface Stores {
  readonly cache: ProbeCache;
  readonly catalogue: CatalogueStore;
  readonly journeyState: ReturnType<typeof createMemoryStateStore>;
}
const stores = (): Stores => ({
  cache: createMemoryCache(),
  catalogue: createMemoryCatalogueStore(),
  journeyState: createMemoryStateStore(),
});
const run = (
  probe: ProbeConfig,
  s: Stores,
  options: { everySamlApp?: boolean; checks?: ReadonlySet<string> } = {},
): Promise<Report> =>
  runProbe(probe, {
    credentials: resolveLocalCredentials(probe, {}),
    users: resolveLocalUsers(probe, {}),
    cache: s.cache,
    catalogueState: s.catalogue,
    journeyState: s.journeyState,
    ...(options.everySamlApp === true && { everySamlApp: true }),
    ...(options.checks !== undefined && { checks: options.checks as never }),
  });
const group = (report: Report) => {
  const result = report.checks.find((c) => c.server === SIM_SAML_GROUP && c.check === 'saml-apps');
  if (result === undefined) throw new Error('no group result');
  return result;
};
const sent = (pattern: RegExp): number => sim().requests.filter((r) => pattern.test(r.path)).length;

describe('a group of SAML apps on the simulator', () => {
  it('tells its progress in apps and checks: each app of the share and each check planned, settled once', async () => {
    const config = await groupConfig('saml-catalogue-one-failing');
    sim().catalogue = { apps: 1000, audienceChanged: [] };
    // The listed app with alarms of its own beside the group: an app too, done once its checks settle.
    const whole = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
    if (!whole.ok) throw new Error(whole.errors.join('; '));
    const probe = { ...config.probe, samlApps: whole.config.probe.samlApps };
    const s = stores();
    const events: RunProgress[] = [];
    const report = await runProbe(probe, {
      credentials: resolveLocalCredentials(probe, {}),
      users: resolveLocalUsers(probe, {}),
      cache: s.cache,
      catalogueState: s.catalogue,
      journeyState: s.journeyState,
      onProgress: (event) => events.push(event),
    });
    const listedAlone = probe.samlApps?.filter((a) => a.group === undefined).length ?? 0;
    expect(listedAlone).toBe(1);
    expect(events[0]).toEqual({ kind: 'planned', checks: report.checks.length, apps: listedAlone });
    expect(events.filter((e) => e.kind === 'check')).toHaveLength(report.checks.length);
    // The session's share of the catalogue is what this run checks: 84 of 1,000, each told once it settles.
    expect(events.filter((e) => e.kind === 'apps')).toEqual([{ kind: 'apps', count: 84 }]);
    expect(group(report).observed).toMatchObject({ apps: 1000, checked: 84, left: 0 });
    expect(events.filter((e) => e.kind === 'app')).toHaveLength(84 + listedAlone);
  });

  it('pages for the one app of 1,000 that fails, naming it alone with its fix and its request id', async () => {
    const config = await groupConfig('saml-catalogue-one-failing');
    // The whole SSO bucket the org's (the scenario's users spend 40 % of it: its CLI run stops early, this one need
    // not).
    sim().catalogue = { apps: 1000, audienceChanged: [7] };
    sim().resetRequests();
    const report = await run(config.probe, stores());
    const result = group(report);
    // A session's share: 1,000 apps over the twelve sessions of an hour, the failing app among the first.
    expect(result.observed).toMatchObject({ apps: 1000, checked: 84, share: 84, failing: 1, overdue: 0, left: 0 });
    expect(sent(/\/sso\/saml$/)).toBe(84);
    expect(result.status === 'fail' && [result.diagnosis.item, result.diagnosis.code, result.also]).toEqual([
      'app-0007',
      'SAML_AUDIENCE_MISMATCH',
      undefined,
    ]);
    expect(result.status === 'fail' && result.diagnosis.requestId).toMatch(/\S{10,}/);
    expect(result.items).toHaveLength(1000);
    expect(result.items?.[0]).toMatchObject({
      item: 'app-0007',
      status: 'fail',
      carried: false,
      code: 'SAML_AUDIENCE_MISMATCH',
    });
    expect(result.items?.filter((i) => i.status === 'unchecked')).toHaveLength(916);

    const line = runLogLine(report);
    expect(line.failures.filter((f) => f.server === SIM_SAML_GROUP).map((f) => [f.item, f.code])).toEqual([
      ['app-0007', 'SAML_AUDIENCE_MISMATCH'],
    ]);
    // The group is no target that is up or down: the availability report never counts it "up".
    expect(line.servers?.map((s) => s.id)).toEqual(['portal']);
    const page = alarmSpecs(config).find(
      (spec) => spec.name === compositeAlarmName(config.deploy.prefix, SIM_SAML_GROUP, 'page'),
    );
    const message = buildMessage({
      change: {
        alarmName: page?.name ?? '',
        state: 'ALARM',
        reason: 'member in ALARM',
        timestamp: line.startedAt,
        ...(page?.description !== undefined && { description: page.description }),
      },
      prefix: config.deploy.prefix,
      runs: [line],
    });
    expect(
      message.subject.startsWith(
        `ALARM SAML app group ${config.deploy.prefix}/${SIM_SAML_GROUP}: SAML_AUDIENCE_MISMATCH (app-0007: `,
      ),
    ).toBe(true);
    expect(message.text).toContain('Observed: app-0007: Audience is "https[:]//sp7.acme[.]example/saml/changed"');
    expect(message.text).toContain('Failing since');
    expect(message.text.match(/app-\d{4}/g)?.every((id) => id === 'app-0007')).toBe(true);
  });

  it(
    "spreads the catalogue over the journey's sessions and " + 'labels every verdict it did not check now as carried',
    async () => {
      const config = await groupConfig('saml-catalogue-certificates-expiring');
      const s = stores();
      const first = group(await run(config.probe, s));
      // Twenty apps over twelve sessions: two a session, plus those that warned (re-checked every session).
      expect(first.observed).toMatchObject({ apps: 20, checked: 2, share: 2 });
      const checkedFirst = first.items?.filter((i) => !i.carried).map((i) => i.item) ?? [];
      // The journey is not due again for five minutes: the next run checks nothing and carries every verdict.
      const second = group(await run(config.probe, s));
      // The two checked carry their verdicts; the eighteen never checked have none to carry, and are counted apart.
      expect(second.observed).toMatchObject({
        checked: 0,
        carried: 2,
        unchecked: 18,
        notChecked: expect.stringContaining('was not due this run'),
      });
      for (const item of second.items ?? []) expect(item.carried).toBe(true);
      expect(second.items?.filter((i) => checkedFirst.includes(i.item)).map((i) => i.lastChecked)).toEqual(
        first.items?.filter((i) => checkedFirst.includes(i.item)).map((i) => i.lastChecked),
      );
      // A verdict carried is never a fresh pass: its metrics count it, but its item says when it was judged.
      expect(second.items?.filter((i) => i.status === 'pass').every((i) => i.carried && i.lastChecked !== null)).toBe(
        true,
      );
    },
  );

  it('stops at half of the SSO bucket, leaves the rest for the next run, and says which apps are overdue', async () => {
    const config = await groupConfig('saml-catalogue-sso-bucket-low');
    const s = stores();
    // Every app last checked three hours ago: overdue past twice the hour's cadence.
    const threeHoursAgo = Date.now() - 3 * 3_600_000;
    const apps = config.probe.samlApps ?? [];
    await s.catalogue.write(
      SIM_SAML_GROUP,
      new Map(apps.map((a) => [a.id, { at: threeHoursAgo, first: threeHoursAgo, seen: threeHoursAgo, code: null }])),
      [],
    );
    sim().resetRequests();
    const result = group(await run(config.probe, s, { everySamlApp: true }));
    const checked = Number(result.observed?.checked);
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(4);
    expect(sent(/\/sso\/saml$/)).toBe(checked);
    expect(result.observed).toMatchObject({ apps: 200, left: 200 - checked, overdue: 200 - checked, failing: 0 });
    expect(result.status === 'fail' && [result.diagnosis.code, result.also]).toEqual(['SAML_APPS_OVERDUE', undefined]);
    expect(result.status === 'fail' && result.diagnosis.detail).toMatch(
      new RegExp(
        `^${200 - checked} app\\(s\\) not checked within 2 x 60 min \\(app-\\d{4}, .* and ${195 - checked} ` +
          `more\\); this run left ${200 - checked} for the next: the /app/\\{app\\}/\\{key\\}/sso/saml bucket ` +
          `had \\d+ of 750 left`,
      ),
    );
    // Left, never failed: no app's verdict changed, and no request was sent for them.
    expect(result.items?.filter((i) => i.status === 'fail')).toEqual([]);
  });

  it(
    'judges apps behind a CASB by their overrides, and says an override is in use ' +
      "(SamlApplicationSettingsSignOn's *Override)",
    async () => {
      const config = await groupConfig('saml-catalogue-casb-override');
      sim().resetRequests();
      const result = group(await run(config.probe, stores(), { everySamlApp: true }));
      expect(result.observed).toMatchObject({ apps: 20, checked: 20, failing: 1, overrides: 2 });
      // App 4 posts to and asserts for the CASB, as its overrides say: it passes. App 9's assertion names another
      // audience.
      expect(result.items?.filter((i) => i.status === 'fail').map((i) => i.item)).toEqual([
        'Catalogue app 0009 (0oacat00000000000009)',
      ]);
      expect(result.diagnosis).toMatchObject({
        code: 'SAML_AUDIENCE_MISMATCH',
        detail: expect.stringContaining(
          'ssoAcsUrlOverride, audienceOverride, recipientOverride, destinationOverride (a CASB in front of the SP)',
        ),
      });
      expect(result.diagnosis?.detail).toContain('"https://casb.acme.example/sp9"');
      // The apps' own list and settings, then one metadata and one SSO answer per app: no request more for the
      // overrides.
      expect(sent(/\/sso\/saml$/)).toBe(20);
    },
  );

  it(
    'lists a discovered catalogue once, keeps its ' + "metadata, and then sends only the share's SSO " + 'requests',
    async () => {
      const config = await groupConfig('saml-catalogue-discovered');
      const s = stores();
      sim().resetRequests();
      const first = group(await run(config.probe, s, { everySamlApp: true }));
      expect(first.status).toBe('pass');
      expect(first.observed).toMatchObject({ apps: 50, checked: 50 });
      expect(first.items?.map((i) => i.item).slice(0, 2)).toEqual([
        'Catalogue app 0000 (0oacat00000000000000)',
        'Catalogue app 0001 (0oacat00000000000001)',
      ]);
      expect(sent(/\/appLinks$/)).toBe(1);
      expect(sent(/^\/api\/v1\/apps$/)).toBe(1);
      expect(sent(/^\/api\/v1\/apps\/[^/]+\/sso\/saml\/metadata$/)).toBe(50);
      expect(sent(/\/sso\/saml$/)).toBe(50);
      // The next session (the journey's state says it is due again: a fresh journey state) lists nothing and reads no
      // metadata.
      sim().resetRequests();
      const second = group(
        await run(config.probe, { ...s, journeyState: createMemoryStateStore() }, { everySamlApp: true }),
      );
      expect(second.observed).toMatchObject({ apps: 50, checked: 50 });
      expect(sent(/\/appLinks$|^\/api\/v1\/apps/)).toBe(0);
      expect(sent(/\/sso\/saml$/)).toBe(50);
    },
  );

  it(
    "tells a group's listed app that sends its unassigned user to its own error page off the org as not assigned, " +
      "from the user's app links read once: never an IdP routing rule",
    async () => {
      const config = await groupConfig('saml-catalogue-listed-error-page', { org: true });
      sim().resetRequests();
      const result = group(await run(config.probe, stores(), { everySamlApp: true }));
      expect(result.items?.filter((i) => i.status === 'fail').map((i) => i.item)).toEqual(['app-0007']);
      expect(result.diagnosis).toMatchObject({
        code: 'SAML_USER_NOT_ASSIGNED',
        detail: expect.stringMatching(/appLinks lists \d+ app link\(s\), none of it: not assigned/),
      });
      expect(result.diagnosis?.detail).not.toMatch(/routing rule/);
      expect(sent(/\/appLinks$/)).toBe(1);
    },
  );

  it(
    "discovers a user's 300 assigned apps from one unpaged answer of app links: Okta answers listAppLinks whole, " +
      'with no limit, after nor next link',
    async () => {
      const config = await groupConfig('saml-catalogue-discovered');
      sim().catalogue = { apps: 300 };
      sim().resetRequests();
      const result = group(await run(config.probe, stores()));
      expect(result.observed).toMatchObject({ apps: 300 });
      expect(result.status).toBe('pass');
      expect(sent(/\/appLinks$/)).toBe(1);
    },
  );

  it(
    'reads which discovered apps provision users from the listing itself (features), no request per app, and plan ' +
      '--history warns of them',
    async () => {
      const config = await groupConfig('saml-catalogue-discovered');
      sim().catalogue = { apps: 50, provisioning: [3] };
      const kept = join(dir(), 'history');
      sim().resetRequests();
      const report = await run(
        config.probe,
        { ...stores(), catalogue: createFileCatalogueStore(kept) },
        { everySamlApp: true },
      );
      const result = group(report);
      expect(result.observed).toMatchObject({ apps: 50, checked: 50 });
      // The run's own report says it too, the JSON by the app's item and the text as plan --history words it.
      expect(result.items?.filter((i) => i.provisions !== undefined)).toEqual([
        expect.objectContaining({ item: 'Catalogue app 0003 (0oacat00000000000003)', provisions: ['PUSH_NEW_USERS'] }),
      ]);
      const text = renderReport(report, { width: 100 }).replace(/\s+/g, ' ');
      expect(text).toContain(
        `Warning: SAML app Catalogue app 0003 (0oacat00000000000003) of group ${SIM_SAML_GROUP} provisions users ` +
          '(PUSH_NEW_USERS): assigning the synthetic user to it makes Okta create a real account for that user in ' +
          "the app, on every SP it pushes to. Instead, don't assign the synthetic user to apps that provision",
      );
      expect(text.match(/provisions users/g)).toHaveLength(1);
      // The list and each app's metadata, as without provisioning: nothing asked of /features.
      expect(sent(/^\/api\/v1\/apps\/[^/]+\/features/)).toBe(0);
      expect(sent(/^\/api\/v1\/apps$/)).toBe(1);
      // The simulator's config as one deploys it: its inline secrets are the CLI's only.
      const raw = JSON.parse(readFileSync(await writeSimulatorConfig(sim(), dir()), 'utf8')) as Record<string, unknown>;
      const path = join(dir(), 'deployed.json');
      writeFileSync(path, JSON.stringify(withoutInlineSecrets(raw)));
      const io = captureIo();
      expect(await main(['plan', '--config', path, '--history', kept], io), io.err()).toBe(0);
      // Each warning wraps at 80 columns: read the output as one line, a warning running to the next.
      const warnings =
        io
          .out()
          .replace(/\s+/g, ' ')
          .match(/Warning: SAML app.*?(?= Warning: |$)/g) ?? [];
      expect(warnings).toEqual([
        expect.stringContaining(
          `Warning: SAML app Catalogue app 0003 (0oacat00000000000003) of group ${SIM_SAML_GROUP} provisions users ` +
            '(PUSH_NEW_USERS).',
        ),
      ]);
      // The advice is told once, with how such an app is still watched without the synthetic user.
      expect(warnings[0]).toContain(
        'creates a real account for every user assigned to it, the synthetic user included',
      );
      expect(warnings[0]).toContain("Such an app is still watched without the synthetic user: real users' sign-ins");
      // Without the kept records, plan cannot tell, and says what to check.
      const blind = captureIo();
      expect(await main(['plan', '--config', path], blind)).toBe(0);
      expect(blind.out()).not.toContain('Warning: SAML app');
      expect(blind.out().replace(/\s+/g, ' ')).toMatch(
        new RegExp(
          `SAML group ${SIM_SAML_GROUP}: plan reads nothing from Okta, ` +
            'so it cannot tell whether its apps provision users',
        ),
      );
    },
  );
});
