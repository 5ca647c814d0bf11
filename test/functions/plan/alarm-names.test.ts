import { describe, expect, it } from 'vitest';
import { liveness } from '../../../functions/contract';
import { alarmSpecs, notificationRoutes } from '../../../functions/plan/alarms';
import { regionPlan } from '../../../functions/plan/region-plan';
import { isQuorumAlarm } from '../../../functions/plan/alarm-spec';
import {
  alarmNameProblems,
  alarmOwner,
  anyAlarmOf,
  compositeAlarmName,
  MAX_ALARM_NAME_LENGTH,
  memberAlarmName,
  parseAlarmName,
} from '../../../functions/plan/alarm-names';
import { alarmNameOwners, deployProblems } from '../../../functions/plan/deploy-rules';
import { loadConfigFile } from '../../../functions/config/parse';
import { STATUS_SERVER } from '../../../functions/contract';
import { exampleConfig, writeConfig } from '../../support/configs';

const PREFIX = 'okta-synthetics';

function load(raw: unknown) {
  const result = loadConfigFile(writeConfig(raw), 'deploy', {});
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

/** The example with a journey: its alarms are named under its signIn id like a server's. */
function withJourney(): Record<string, unknown> {
  const raw = exampleConfig();
  return {
    ...raw,
    signIn: [
      {
        id: 'portal',
        server: 'default',
        flow: 'authn',
        clientId: '0oaportal000000000000',
        redirectUri: 'https://portal.acme.example/callback',
        username: 'synthetic.user@acme.example',
        secretName: 'okta-synthetics/portal-user',
      },
    ],
  };
}

describe('alarm names', () => {
  const config = load(withJourney());
  const ids = [
    ...config.probe.servers.map((s) => s.id),
    ...(config.probe.signIn ?? []).map((s) => s.id),
    STATUS_SERVER,
  ];

  it(
    'every composite the plan builds parses back to its server (or journey) and severity, as the notifier ' +
      'reads it',
    () => {
      const composites = alarmSpecs(config).filter((spec) => spec.kind === 'composite' && spec.server !== undefined);
      expect(composites.map((c) => c.name)).toContain(compositeAlarmName(PREFIX, 'portal', 'page'));
      for (const spec of composites) {
        if (spec.kind !== 'composite' || spec.server === undefined) continue;
        expect(parseAlarmName(spec.name, PREFIX)).toEqual({ server: spec.server, severity: spec.severity });
      }
    },
  );

  it('every member alarm belongs to the server it watches, and the deployment alarms to no one', () => {
    for (const spec of alarmSpecs(config)) {
      const owner = alarmOwner(spec.name, PREFIX, ids);
      // A target's latch and backstop are its alarms, like its checks'.
      if (spec.kind === 'metric' && (spec.source === 'probe' || isQuorumAlarm(spec)) && spec.server !== undefined)
        expect(owner).toBe(spec.server);
      if (spec.kind === 'metric' && spec.source !== 'probe' && !isQuorumAlarm(spec)) expect(owner).toBeUndefined();
    }
    for (const name of Object.values(liveness(PREFIX))) expect(alarmOwner(name, PREFIX, ids)).toBeUndefined();
  });

  it('an alarm belongs to the longest id it starts with: server "org-clock" is not server "org"', () => {
    const name = memberAlarmName(PREFIX, 'org-clock', 'token');
    expect(alarmOwner(name, PREFIX, ['org', 'org-clock'])).toBe('org-clock');
    expect(alarmOwner(name, PREFIX, ['org-clock', 'org'])).toBe('org-clock');
    expect(alarmOwner(memberAlarmName(PREFIX, 'org', 'token'), PREFIX, ['org', 'org-clock'])).toBe('org');
  });

  it('a name without a severity suffix is the whole rest; another prefix is not stripped', () => {
    expect(parseAlarmName(memberAlarmName(PREFIX, 'default', 'validate'), PREFIX)).toEqual({
      server: 'default-validate',
      severity: null,
    });
    expect(parseAlarmName('other-default-page', PREFIX)).toEqual({ server: 'other-default', severity: 'page' });
  });

  it('notifications route by exact names only; the wildcard is kept for read permissions', () => {
    const routed = notificationRoutes(alarmSpecs(config)).flatMap((route) => route.names);
    expect(routed.some((name) => name.includes('*'))).toBe(false);
    expect(routed).toContain(compositeAlarmName(PREFIX, 'portal', 'page'));
    expect(anyAlarmOf(PREFIX)).toBe('okta-synthetics-*');
  });
});

describe('alarmNameProblems', () => {
  const example = load(exampleConfig());
  const names = (c: typeof example): string[] => regionPlan(c).alarms.map((a) => a.name);

  it('names the later server field when two alarms would share a name', () => {
    // Bypasses the parser's unique-id rule: the plan-level check must catch any meeting of names on its own.
    const [org] = example.probe.servers;
    const twice = { ...example, probe: { ...example.probe, servers: [org!, org!] } };
    expect(alarmNameProblems(PREFIX, alarmNameOwners(twice), names(twice))).toEqual([
      expect.stringMatching(
        /^servers\[1\]\.id: its alarms would share names with another server's or journey's \("okta-synthetics-org-discovery" and \d+ more\)/,
      ),
    ]);
    expect(alarmNameProblems(PREFIX, alarmNameOwners(example), names(example))).toEqual([]);
  });

  it(
    'names the journey field when a journey id makes names too long, as deployProblems says to plan, cost and ' +
      'synth',
    () => {
      const long = load(withJourney());
      const journey = { ...long.probe.signIn![0]!, id: 'j'.repeat(MAX_ALARM_NAME_LENGTH) };
      const tooLong = { ...long, probe: { ...long.probe, signIn: [journey] } };
      const problems = deployProblems(tooLong, ['eu-west-1']);
      expect(problems).toEqual([
        expect.stringMatching(
          /^signIn\[0\]\.id: the alarm name "okta-synthetics-jjj.*" has \d+ characters, CloudWatch allows 255; shorten the id or the prefix$/,
        ),
      ]);
    },
  );

  it(
    'names the SAML app field when a SAML app id makes names too long (its checks own alarms too), not the ' + 'prefix',
    () => {
      const long = load(withJourney());
      const app = {
        id: 's'.repeat(MAX_ALARM_NAME_LENGTH),
        signIn: 'portal',
        ssoUrl: 'https://acme.okta.com/app/acme_sf_1/exk1/sso/saml',
        metadataUrl: 'https://acme.okta.com/app/exk1/sso/saml/metadata',
        audience: 'https://saml.salesforce.com',
        recipient: 'https://acme.my.salesforce.com/',
        requiredAttributes: [],
      };
      const tooLong = { ...long, probe: { ...long.probe, samlApps: [app] } };
      expect(deployProblems(tooLong, ['eu-west-1'])).toEqual([
        expect.stringMatching(/^samlApps\[0\]\.id: the alarm name "okta-synthetics-sss.*" has \d+ characters/),
      ]);
    },
  );
});

describe('a journey with one page check and one warn check', () => {
  it('gets composites muted by the silence alarm, like a server, so maintenance mutes it and the page names it', () => {
    const specs = alarmSpecs(load(withJourney()));
    const silence = liveness(PREFIX).silence;
    for (const severity of ['page', 'warn'] as const) {
      const composite = specs.find((spec) => spec.name === compositeAlarmName(PREFIX, 'portal', severity));
      expect(composite?.kind === 'composite' && composite.suppressor?.name).toBe(silence);
    }
    // Its member alarms feed the composites and notify no one themselves.
    expect(
      specs
        .filter((spec) => alarmOwner(spec.name, PREFIX, ['portal']) === 'portal' && spec.kind === 'metric')
        .map((spec) => `${spec.name.slice(PREFIX.length + 1)} ${spec.notifies}`),
    ).toEqual([
      'portal-sign-in null',
      'portal-password-expiry null',
      'portal-quorum-latch null',
      'portal-quorum-backstop null',
    ]);
  });
});

describe('reserved ids', () => {
  it(
    "every deployment alarm's first word is refused as a " + 'server id, so no server owns a deployment alarm',
    async () => {
      const { RESERVED_SERVER_IDS } = await import('../../../functions/config/servers');
      for (const name of Object.values(liveness(PREFIX))) {
        const word = name.slice(PREFIX.length + 1).split('-')[0]!;
        expect(RESERVED_SERVER_IDS).toContain(word);
      }
      expect(RESERVED_SERVER_IDS).toContain('credentials');
      const raw = exampleConfig() as { servers: Record<string, unknown>[] };
      const result = loadConfigFile(
        writeConfig({ ...raw, servers: [...raw.servers, { ...raw.servers[1], id: 'credentials' }] }),
        'deploy',
        {},
      );
      expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^servers\[2\]\.id: "credentials"/)]);
    },
  );
});
