// `plan --json` against what is deployed: for the example in one, two and three regions, each region's stack as `plan`
// describes it (every alarm, its severity, a composite's members, what it notifies, and the metrics the region's
// probes publish there) is exactly what that region's synthesized template holds. A severity is the template's: the
// topic an alarm notifies, else the highest of the composites that hold it. Each configuration is synthesized once.
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main';
import { QUORUM_LATCH_METRIC } from '../../functions/contract';
import { captureIo } from '../functions/cli/helpers';
import { build, exampleConfig, flatTemplate, writeConfig } from './helpers';
import { deployedAlarms, fromAlarms, fromDashboard, metricKey } from './template-alarms';
import { browserJourneyConfig, integrationHealthConfig, provisioningConfig } from '../support/configs';

interface PlannedStack {
  readonly region: string | null;
  readonly alarms: {
    readonly name: string;
    readonly kind: string;
    readonly severity: string;
    readonly notifies: string | null;
    readonly members?: string[];
  }[];
  readonly metrics: { readonly name: string; readonly dimensions: Record<string, string> }[];
}

type Deployed = ReturnType<typeof deployedAlarms>;

/** Each deployed alarm's severity: the topic it notifies, else the highest of the composites holding it. */
function deployedSeverities(deployed: Deployed): Map<string, string | undefined> {
  const severities = new Map<string, string | undefined>();
  const of = (name: string): string | undefined => {
    if (severities.has(name)) return severities.get(name);
    const alarm = deployed.get(name);
    const held = [...deployed.values()].filter((a) => a.members.includes(name)).map((a) => of(a.name));
    const severity = alarm?.topics[0] ?? (held.includes('page') ? 'page' : held.includes('warn') ? 'warn' : undefined);
    severities.set(name, severity);
    return severity;
  };
  for (const name of deployed.keys()) of(name);
  return severities;
}

const three = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const CASES: [string, Record<string, unknown>][] = [
  ['the example', exampleConfig()],
  ['the example in two regions', { ...exampleConfig(), regions: three.slice(0, 2) }],
  ['the example in three regions', { ...exampleConfig(), regions: three }],
  // Provisioning health's two alarms warn by default, and the leavers' pages with pageOnLeavers: plan says which.
  ['the example with provisioning', provisioningConfig()],
  ['the example with provisioning paging on leavers', provisioningConfig({ pageOnLeavers: true })],
  // Its events on Okta's Log Streaming: the same alarms, the stream's aggregator beside the probe.
  [
    'the example with provisioning on the log stream',
    { ...provisioningConfig(), userSignIns: { eventSource: 'aws.partner/okta.com/acme/okta-synthetics' } },
  ],
  // Integration health's two alarms: the paging one in the page composite, the other in the warn one.
  ['the example with integration health', integrationHealthConfig()],
  // The Preview org: its two warn-only alarms and three totals in the home region, nothing of it in the other.
  [
    'the example with a Preview org in two regions',
    {
      ...exampleConfig(),
      regions: three.slice(0, 2),
      preview: {
        orgUrl: 'https://acme.oktapreview.com',
        servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
      },
    },
  ],
  // A "browser" journey runs in a function of its own: its alarms and metrics are the journey's, as the plan says.
  ['the example with a browser journey', browserJourneyConfig()],
];

describe.each(CASES)('plan --json of %s', (_label, raw) => {
  const { result } = build(raw);
  if (!result.ok) throw new Error(result.errors.join('; '));
  let planned: PlannedStack[] = [];
  let text = '';
  beforeAll(async () => {
    const io = captureIo();
    const path = writeConfig(raw);
    expect(await main(['plan', '--config', path, '--json'], io)).toBe(0);
    planned = (JSON.parse(io.out()) as { stacks: PlannedStack[] }).stacks;
    const words = captureIo();
    expect(await main(['plan', '--config', path], words)).toBe(0);
    text = words.out().replace(/\n {4,}/g, ' ');
  });

  it("says each region's alarms in its text as that region's template holds them, alarm by alarm", () => {
    const [first, ...others] = result.stacks.map((stack) => ({
      region: stack.region,
      deployed: deployedAlarms(flatTemplate(stack)),
    }));
    if (first === undefined) throw new Error('the app deploys no stack');
    const notifying = (deployed: Deployed, topic: string) =>
      [...deployed.values()]
        .filter((a) => a.topics.includes(topic))
        .map((a) => a.name)
        .sort();
    for (const [topic, words] of [
      ['page', 'Pages'],
      ['warn', 'Warns'],
    ] as const) {
      const line = new RegExp(`  ${words} through: (.*)`).exec(text)?.[1] ?? '';
      expect(line.split(', ').sort(), words).toEqual(notifying(first.deployed, topic));
    }
    for (const other of others) {
      const line = new RegExp(`  Alarms in ${other.region}: ([^\\n]*)`).exec(text)?.[1] ?? '';
      expect(line.startsWith(`${other.deployed.size}`), line).toBe(true);
      const home = first.deployed;
      for (const name of [...other.deployed.keys()].filter((n) => !home.has(n))) expect(line).toContain(name);
      for (const name of [...home.keys()].filter((n) => !other.deployed.has(n))) expect(line).toContain(name);
      const homeSeverity = deployedSeverities(home);
      for (const [name, severity] of deployedSeverities(other.deployed)) {
        const moved =
          home.has(name) &&
          (homeSeverity.get(name) !== severity ||
            home.get(name)!.topics.join() !== other.deployed.get(name)!.topics.join());
        if (moved) expect(line).toContain(`${name} ${severity === 'page' ? 'pages' : 'warns'} here`);
      }
    }
  });

  it('plans one stack for each stack the app deploys, in its order', () => {
    expect(planned.map((s) => s.region)).toEqual(result.stacks.map((s) => s.region));
  });

  it.each(result.stacks.map((stack) => [stack.region, stack] as const))(
    'in %s: lists exactly the alarms of the template, each with its severity, members and topic, and its metrics',
    (region, stack) => {
      const plan = planned.find((s) => s.region === region);
      if (plan === undefined) throw new Error(`plan has no stack in ${region}`);
      const template = flatTemplate(stack);
      const deployed = deployedAlarms(template);
      expect(plan.alarms.map((a) => a.name).sort()).toEqual([...deployed.keys()].sort());
      const severities = deployedSeverities(deployed);
      const unjudged: string[] = [];
      for (const alarm of plan.alarms) {
        const built = deployed.get(alarm.name)!;
        expect(built.composite, alarm.name).toBe(alarm.kind === 'composite');
        expect(built.members, alarm.name).toEqual([...(alarm.members ?? [])].sort());
        expect(built.topics, alarm.name).toEqual(alarm.notifies === null ? [] : [alarm.notifies]);
        const severity = severities.get(alarm.name);
        if (severity === undefined) unjudged.push(alarm.name);
        else expect(alarm.severity, alarm.name).toBe(severity);
      }
      // Only the silences neither notify nor feed a composite that does: they are what mutes them (the browser
      // journeys' own, beside the probe's, with a browser journey here).
      const silences = ['okta-synthetics-silence', 'okta-synthetics-silence-browser'];
      expect(unjudged).toEqual(silences.filter((name) => deployed.has(name)));
      // Every metric of the namespace the stack's alarms and dashboard watch, but the latches' (nobody publishes
      // them: the probe sets the latch's state), is one the plan says its probes publish there; of those, only the
      // status feed's latency is watched by nothing (it is published, and graphed nowhere).
      const namespace = result.config.deploy.namespace;
      const watched = new Set(
        [...fromAlarms(template), ...fromDashboard(template)]
          .filter((w) => w.namespace === namespace && w.name !== QUORUM_LATCH_METRIC)
          .map((w) => metricKey(w.name, w.dimensions)),
      );
      const published = plan.metrics.map((m) => metricKey(m.name, m.dimensions));
      expect([...watched].filter((m) => !published.includes(m))).toEqual([]);
      expect(published.filter((m) => !watched.has(m))).toEqual([
        metricKey('CheckLatency', { Server: 'okta', Check: 'status' }),
      ]);
    },
  );
});
