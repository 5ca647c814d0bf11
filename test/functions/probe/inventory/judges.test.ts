// The inventory's judges, one finding each, on the shapes of Okta's Management API spec
// (okta-sdk-golang .generator/okta-management-APIs-oasv3-noEnums-inheritance.yaml: ApiToken, Application with
// ApplicationCredentialsSigning, JsonWebKey, IdentityProvider with SamlTrustCredentials, IdPKeyCredential,
// LogStream, EventHook, AgentPool and Agent; the example values are the spec's own where it gives one).
import { describe, expect, it } from 'vitest';
import { judgeAgentPools, readAgentPools } from '../../../../functions/probe/inventory/agent-pools';
import {
  durationMs,
  judgeApiTokens,
  ownersToLookUp,
  readApiTokens,
  readTokenOwner,
} from '../../../../functions/probe/inventory/api-tokens';
import {
  certificateApps,
  judgeAppCertificates,
  keyExpiry,
  readApps,
} from '../../../../functions/probe/inventory/app-certificates';
import { hookFailures, judgeEventHooks, readEventHooks } from '../../../../functions/probe/inventory/event-hooks';
import { judgeIdpCertificates, readIdpKeys, readIdps } from '../../../../functions/probe/inventory/idp-certificates';
import { daysUntil } from '../../../../functions/probe/expiry';
import { failureSeverity } from '../../../../functions/plan/outputs';
import { deactivationsSince, judgeLogStreams, readLogStreams } from '../../../../functions/probe/inventory/log-streams';
import { readEvents } from '../../../../functions/probe/okta/log-events';
import type { LogEvent } from '../../../../functions/probe/okta/log-events';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const inDays = (days: number): string => new Date(NOW + days * 86_400_000).toISOString();
/**
 * The codes found; and each finding names its item (a diagnosis per item: the run line's and the dashboard's key),
 * which its detail begins with.
 */
const codes = (v: { findings: readonly { code: string; item?: string; detail?: string }[] }): string[] => {
  for (const f of v.findings)
    expect(
      f.item !== undefined && f.detail?.startsWith(f.item) === true,
      `${f.code} names its item: ${f.item} / ${f.detail}`,
    ).toBe(true);
  return v.findings.map((f) => f.code);
};

describe('API tokens', () => {
  // GET /api/v1/api-tokens: ApiToken (clientName, created, expiresAt, id, lastUpdated, name, network, tokenWindow,
  // userId).
  const list = [
    {
      clientName: 'Okta API',
      created: '2026-10-01T00:00:00.000Z',
      expiresAt: inDays(29),
      id: '00Tabcdefgh1234567',
      lastUpdated: inDays(-1),
      name: 'terraform',
      network: { connection: 'ANYWHERE' },
      tokenWindow: 'P30D',
      userId: '00uactive0000000001',
      _link: { self: { href: 'https://acme.okta.com/api/v1/api-tokens/00Tabcdefgh1234567' } },
    },
    {
      clientName: 'Okta API',
      created: '2026-09-01T00:00:00.000Z',
      expiresAt: inDays(4.5),
      id: '00Tquarterly000001',
      name: 'quarterly-export',
      tokenWindow: 'P30D',
      userId: '00uactive0000000001',
    },
    {
      clientName: 'Okta API',
      created: '2026-09-01T00:00:00.000Z',
      expiresAt: inDays(20),
      id: '00Tleaver000000001',
      name: 'hr-sync',
      tokenWindow: 'P30D',
      userId: '00uleaver0000000001',
    },
  ];
  const owners = new Map([
    [
      '00uactive0000000001',
      readTokenOwner({ id: '00uactive0000000001', status: 'ACTIVE', profile: { login: 'svc-okta@acme.com' } }),
    ],
    [
      '00uleaver0000000001',
      readTokenOwner({ id: '00uleaver0000000001', status: 'DEPROVISIONED', profile: { login: 'jane@acme.com' } }),
    ],
  ]);

  it('warns of a token with fewer than apiTokenWarnDays left, naming the token and its owner', () => {
    const verdict = judgeApiTokens(readApiTokens(list.slice(0, 2)), owners, NOW, 7);
    expect(codes(verdict)).toEqual(['API_TOKEN_EXPIRING']);
    expect(verdict.findings[0]?.detail).toMatch(/"quarterly-export" \(owner svc-okta@acme\.com\) expires in 4 days/);
    expect(verdict.observed).toMatchObject({ tokens: 2, soonestDays: 4.5, ownersChecked: true });
  });

  it('pages for a token whose owner is no longer ACTIVE: it is dead although listed with 20 days left', () => {
    const verdict = judgeApiTokens(readApiTokens(list), owners, NOW, 7);
    expect(codes(verdict)).toEqual(['API_TOKEN_EXPIRING', 'API_TOKEN_OWNER_INACTIVE']);
    expect(verdict.findings[1]?.detail).toContain(
      '"hr-sync" (owner jane@acme.com): the owner\'s status is DEPROVISIONED',
    );
    expect(verdict.findings.filter((f) => failureSeverity('api-tokens', f.code) === 'page')).toHaveLength(1);
    expect(verdict.observed.soonestDays).toBe(-1);
  });

  it('pages for a listed token past its expiresAt', () => {
    const verdict = judgeApiTokens(readApiTokens([{ ...list[0], expiresAt: inDays(-2) }]), null, NOW, 7);
    expect(codes(verdict)).toEqual(['API_TOKEN_EXPIRED']);
    expect(verdict.findings[0]?.detail).toMatch(/expired 2 days ago/);
    expect(verdict.observed).toMatchObject({ ownersChecked: false });
  });

  it(
    "judges expiry against the token's own window (the spec's example lists a PT5M token): one in regular use " +
      'is healthy',
    () => {
      // ApiTokenListMetadataResponse's second token, "Another API Token" with tokenWindow PT5M, its times made relative
      // to now.
      const fiveMinutes = (secondsLeft: number) => ({
        name: 'Another API Token',
        userId: '00uactive0000000001',
        tokenWindow: 'PT5M',
        id: '00T1234567890abcdefg',
        clientName: 'Okta API',
        expiresAt: new Date(NOW + secondsLeft * 1000).toISOString(),
        created: '2021-11-09T20:38:10.000Z',
        lastUpdated: '2021-11-11T20:38:10.000Z',
      });
      const inUse = judgeApiTokens(readApiTokens([list[0], fiveMinutes(240)]), owners, NOW, 7);
      expect(inUse.findings).toEqual([]);
      // A healthy short-window token is no "soonest expiry": the gauge stays on the 30-day token, far from the alarm.
      expect(inUse.observed.soonestDays).toBe(29);
      const idle = judgeApiTokens(readApiTokens([fiveMinutes(30)]), owners, NOW, 7);
      expect(codes(idle)).toEqual(['API_TOKEN_EXPIRING']);
      expect(idle.findings[0]?.detail).toMatch(
        /"Another API Token" \(owner svc-okta@acme\.com\) expires within a day .* \(unused for 5 minutes of its PT5M window\)/,
      );
      expect(idle.observed.soonestDays).toBeLessThan(7);
      // The default window reads as before: 7 days of 30, "unused for 26 days".
      expect(judgeApiTokens(readApiTokens([list[1]]), owners, NOW, 7).findings[0]?.detail).toContain(
        '(unused for 26 days of its P30D window)',
      );
    },
  );

  it("reads ISO-8601 durations as the spec's TimeDuration writes them, and nothing else", () => {
    expect([
      durationMs('P30D'),
      durationMs('PT5M'),
      durationMs('PT1H30M'),
      durationMs('P1W'),
      durationMs('P1Y'),
    ]).toEqual([30 * 86_400_000, 300_000, 5_400_000, 7 * 86_400_000, 365 * 86_400_000]);
    expect([
      durationMs('P'),
      durationMs('PT'),
      durationMs('30 days'),
      durationMs('P0D'),
      durationMs(undefined),
    ]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it(
    'only a deactivated or deleted owner pages "every call is refused"; another status warns that Okta ' +
      'documents nothing of it',
    () => {
      const statuses = new Map([
        ['00uactive0000000001', readTokenOwner({ status: 'SUSPENDED', profile: { login: 'svc-okta@acme.com' } })],
        ['00uleaver0000000001', { status: 'DELETED' }],
      ]);
      const verdict = judgeApiTokens(readApiTokens([list[0], list[2]]), statuses, NOW, 7);
      expect(codes(verdict)).toEqual(['API_TOKEN_OWNER_STATUS', 'API_TOKEN_OWNER_INACTIVE']);
      expect(verdict.findings.map((f) => failureSeverity('api-tokens', f.code))).toEqual(['warn', 'page']);
      expect(verdict.findings[0]?.detail).toContain(
        'the owner\'s status is "SUSPENDED"; Okta documents only a deactivated owner\'s tokens as ended',
      );
      const suspendedOnly = judgeApiTokens(readApiTokens([list[0]]), statuses, NOW, 7);
      // Never the gauge's negative days: the page alarm is for tokens known dead.
      expect(suspendedOnly.observed.soonestDays).toBe(29);
    },
  );

  it('passes tokens in use (about 30 days left) and looks up each owner once, soonest tokens first', () => {
    expect(judgeApiTokens(readApiTokens(list.slice(0, 1)), owners, NOW, 7).findings).toEqual([]);
    expect(ownersToLookUp(readApiTokens(list))).toEqual(['00uactive0000000001', '00uleaver0000000001']);
    expect(ownersToLookUp(readApiTokens(list), 1)).toEqual(['00uactive0000000001']);
  });
});

describe('app signing certificates', () => {
  // GET /api/v1/apps: Application (id, label, signOnMode, status, credentials.signing.kid); keys: JsonWebKey.
  const apps = [
    {
      id: '0oasaml000000000001',
      label: 'Salesforce',
      name: 'salesforce',
      signOnMode: 'SAML_2_0',
      status: 'ACTIVE',
      credentials: {
        signing: { kid: 'kidSalesforce', rotationMode: 'MANUAL', use: 'sig' },
        userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
      },
    },
    {
      id: '0oasaml000000000002',
      label: 'Workday',
      signOnMode: 'SAML_2_0',
      status: 'ACTIVE',
      credentials: { signing: { kid: 'kidWorkday' } },
    },
    {
      id: '0oaoidc000000000003',
      label: 'Portal',
      signOnMode: 'OPENID_CONNECT',
      status: 'ACTIVE',
      credentials: { signing: { kid: 'kidPortal' } },
    },
    {
      id: '0oaswa0000000000004',
      label: 'Intranet',
      signOnMode: 'AUTO_LOGIN',
      status: 'ACTIVE',
      credentials: { scheme: 'EDIT_USERNAME_AND_PASSWORD' },
    },
  ];
  const keys = (kid: string, expiresAt: string) => [
    {
      created: '2025-01-01T00:00:00.000Z',
      expiresAt: inDays(700),
      kid: 'kidNextRotation',
      kty: 'RSA',
      use: 'sig',
      x5c: ['MIIC...'],
      'x5t#S256': 'abc',
    },
    {
      created: '2016-01-01T00:00:00.000Z',
      expiresAt,
      kid,
      kty: 'RSA',
      use: 'sig',
      x5c: ['MIIC...'],
      'x5t#S256': 'def',
      e: 'AQAB',
      n: 'xyz',
    },
  ];

  it('reads only the SAML and WS-Fed apps, each by the key it signs with (not the newest in its store)', () => {
    const chosen = certificateApps(readApps(apps));
    expect(chosen.map((a) => a.label)).toEqual(['Salesforce', 'Workday']);
    expect(keyExpiry(keys('kidSalesforce', inDays(12)), 'kidSalesforce')).toBe(inDays(12));
    expect(keyExpiry(keys('kidOther', inDays(12)), 'kidSalesforce')).toBeNull();
  });

  it('warns of a certificate expiring within expiryWarnDays and pages for one expired, naming the app', () => {
    const [salesforce, workday] = certificateApps(readApps(apps));
    const verdict = judgeAppCertificates(
      [
        { ...salesforce!, expiresAt: inDays(12.2) },
        { ...workday!, expiresAt: inDays(-0.5) },
      ],
      NOW,
      30,
    );
    expect(codes(verdict)).toEqual(['APP_CERT_EXPIRING', 'APP_CERT_EXPIRED']);
    expect(verdict.findings[0]?.detail).toMatch(
      /app "Salesforce" \(SAML_2_0, 0oasaml000000000001\).*expires in 12 days/,
    );
    expect(verdict.findings.map((f) => failureSeverity('app-certificates', f.code) === 'page')).toEqual([false, true]);
    expect(verdict.observed).toMatchObject({ apps: 2, soonestDays: -0.5 });
  });

  it('says nothing of a certificate with more than expiryWarnDays left', () => {
    const [salesforce] = certificateApps(readApps(apps));
    expect(judgeAppCertificates([{ ...salesforce!, expiresAt: inDays(31) }], NOW, 30).findings).toEqual([]);
  });
});

describe('identity provider certificates', () => {
  // GET /api/v1/idps: IdentityProvider with protocol.credentials.trust (SamlTrustCredentials); keys: IdPKeyCredential.
  const idp = (name: string, kid: string, extra: Record<string, unknown> = {}) => ({
    id: `0oaidp${name}`,
    name,
    type: 'SAML2',
    status: 'ACTIVE',
    issuerMode: 'ORG_URL',
    protocol: {
      type: 'SAML2',
      credentials: {
        trust: {
          issuer: 'urn:example:idp',
          audience: 'https://www.okta.com/saml2/service-provider/spgv32vOnpdyeGSaiUpL',
          kid,
          ...extra,
        },
      },
    },
  });
  const keyList = [
    {
      created: '2024-01-01T00:00:00.000Z',
      expiresAt: inDays(9),
      kid: 'kidPartner',
      kty: 'RSA',
      use: 'sig',
      x5c: ['MII...'],
      'x5t#S256': 'a',
    },
    {
      created: '2024-01-01T00:00:00.000Z',
      expiresAt: inDays(-3),
      kid: 'kidOld',
      kty: 'RSA',
      use: 'sig',
      x5c: ['MII...'],
    },
    {
      created: '2026-01-01T00:00:00.000Z',
      expiresAt: inDays(300),
      kid: 'kidNew',
      kty: 'RSA',
      use: 'sig',
      x5c: ['MII...'],
    },
  ];

  it('warns of a trust certificate expiring within expiryWarnDays and pages for one expired, naming the IdP', () => {
    const verdict = judgeIdpCertificates(
      readIdps([idp('Partner', 'kidPartner'), idp('Legacy', 'kidOld')]),
      readIdpKeys(keyList),
      NOW,
      30,
    );
    expect(codes(verdict)).toEqual(['IDP_CERT_EXPIRING', 'IDP_CERT_EXPIRED']);
    expect(verdict.findings[0]?.detail).toMatch(
      /identity provider "Partner" \(SAML2, 0oaidpPartner\).*expires in 9 days/,
    );
    expect(verdict.observed).toMatchObject({ idps: 2, soonestDays: -3 });
  });

  it(
    'judges an IdP by its last valid certificate (additionalKids, a rollover in progress) and skips inactive ' + 'ones',
    () => {
      const rolling = idp('Rolling', 'kidOld', { additionalKids: ['kidNew'] });
      const inactive = { ...idp('Retired', 'kidOld'), status: 'INACTIVE' };
      expect(judgeIdpCertificates(readIdps([rolling, inactive]), readIdpKeys(keyList), NOW, 30).findings).toEqual([]);
    },
  );
});

describe('log streams', () => {
  // GET /api/v1/logStreams: LogStream (created, id, lastUpdated, name, status ACTIVE|INACTIVE, type).
  const streams = [
    {
      id: '0oa1orzg0CHSgPcjZ0g4',
      name: 'SIEM EventBridge',
      type: 'aws_eventbridge',
      status: 'ACTIVE',
      created: '2022-10-21T16:59:59.000Z',
      lastUpdated: '2022-10-21T17:15:10.000Z',
      settings: { accountId: '123456789012', eventSourceName: 'okta', region: 'us-east-2' },
    },
    {
      id: '0oa1orzg0CHSgPcjZ0g5',
      name: 'Splunk',
      type: 'splunk_cloud_logstreaming',
      status: 'INACTIVE',
      created: '2022-10-21T16:59:59.000Z',
      lastUpdated: new Date(NOW - 5 * 3_600_000).toISOString(),
      settings: { host: 'acme.splunkcloud.com' },
    },
  ];

  it('reports a stream that is not ACTIVE with how long since it changed, and counts it', () => {
    const verdict = judgeLogStreams(readLogStreams(streams), NOW);
    expect(codes(verdict)).toEqual(['LOG_STREAM_INACTIVE']);
    expect(verdict.findings[0]?.detail).toMatch(
      /log stream "Splunk" \(splunk_cloud_logstreaming\) is INACTIVE, unchanged for 5 hours/,
    );
    expect(verdict.observed).toEqual({ streams: 2, unhealthy: 1 });
    expect(verdict.findings[0]?.detail).toContain(
      'who deactivated it is not known (with "systemLog" the probe reads it from the System Log)',
    );
  });

  describe("an admin's deactivation is not Okta's: the system.log_stream.lifecycle.deactivate event's actor", () => {
    // The event's envelope as /api/v1/logs gives it; the actors as Okta's own events carry them
    // (test/data/okta-system-log-events.json).
    const deactivated = (
      actor: Record<string, unknown>,
      minutesAgo: number,
      target = '0oa1orzg0CHSgPcjZ0g5',
      displayName = 'Splunk',
    ) =>
      readEvents([
        {
          uuid: `dead${minutesAgo}-0000-11f0-9a00-000000000001`,
          published: new Date(NOW - minutesAgo * 60_000).toISOString(),
          eventType: 'system.log_stream.lifecycle.deactivate',
          displayMessage: 'Log stream deactivated',
          severity: 'INFO',
          actor,
          outcome: { result: 'SUCCESS' },
          target: [{ id: target, type: 'LogStream', alternateId: 'unknown', displayName }],
          transaction: { type: 'WEB', id: 'reqDeact', detail: {} },
          debugContext: { debugData: {} },
        },
      ]);
    const ADMIN = {
      id: '00uadmin0000000001',
      type: 'User',
      alternateId: 'admin@acme.example',
      displayName: 'Pat Admin',
    };
    const OKTA = {
      id: '0oaSystem',
      type: 'SystemPrincipal',
      alternateId: 'system@okta.com',
      displayName: 'Okta System',
    };

    it('by an admin: no failure, counted apart; by Okta: a warning saying so', () => {
      const byAdmin = judgeLogStreams(readLogStreams(streams), NOW, deactivated(ADMIN, 300));
      expect(byAdmin.findings).toEqual([]);
      expect(byAdmin.observed).toEqual({ streams: 2, unhealthy: 0, deactivatedByAdmin: 1 });
      const byOkta = judgeLogStreams(readLogStreams(streams), NOW, deactivated(OKTA, 300));
      expect(codes(byOkta)).toEqual(['LOG_STREAM_INACTIVE']);
      expect(byOkta.findings[0]?.detail).toContain(
        'deactivated by Okta 5 hours ago (system.log_stream.lifecycle.deactivate, actor "system@okta.com")',
      );
    });

    it(
      'the latest deactivation counts; none found, or the log ' + 'unreadable, warns saying who did it is not known',
      () => {
        expect(
          judgeLogStreams(readLogStreams(streams), NOW, [...deactivated(ADMIN, 900), ...deactivated(OKTA, 300)])
            .findings,
        ).toHaveLength(1);
        expect(
          judgeLogStreams(readLogStreams(streams), NOW, deactivated(ADMIN, 300, '0oaSomeOtherStream', 'Other'))
            .findings[0]?.detail,
        ).toContain('holds no system.log_stream.lifecycle.deactivate event for it');
        expect(judgeLogStreams(readLogStreams(streams), NOW, null).findings[0]?.detail).toContain(
          'the System Log could not be read',
        );
      },
    );

    it(
      "reads from a little before the oldest inactive stream changed, never past the log's 90 days, and not at " +
        'all when every stream is ACTIVE',
      () => {
        expect(deactivationsSince(readLogStreams(streams), NOW)).toBe(
          new Date(NOW - 5 * 3_600_000 - 10 * 60_000).toISOString(),
        );
        expect(
          deactivationsSince(readLogStreams([{ ...streams[1], lastUpdated: '2020-01-01T00:00:00.000Z' }]), NOW),
        ).toBe(new Date(NOW - 90 * 86_400_000 + 60_000).toISOString());
        expect(deactivationsSince(readLogStreams([streams[0]]), NOW)).toBeUndefined();
      },
    );
  });
});

describe('event hooks', () => {
  // GET /api/v1/eventHooks: EventHook (id, name, status, verificationStatus, channel, events).
  const hook = (id: string, name: string, status = 'ACTIVE', verificationStatus = 'VERIFIED') => ({
    id,
    name,
    status,
    verificationStatus,
    created: '2025-01-01T00:00:00.000Z',
    channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://hooks.acme.com/okta' } },
    events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
  });
  const delivery = (hookId: string, minutesAgo: number, result = 'FAILURE'): LogEvent => ({
    uuid: `u${hookId}${minutesAgo}`,
    published: NOW - minutesAgo * 60_000,
    eventType: 'event_hook.delivery',
    displayMessage: 'Event hook delivery',
    result,
    reason: 'Read timed out',
    actor: { alternateId: null, type: 'PublicClientApp' },
    targets: [{ type: 'EventHook', id: hookId, displayName: 'HR sync', alternateId: null }],
    transactionId: null,
    debug: {},
  });

  it(
    "reports an ACTIVE, VERIFIED hook whose deliveries failed in the last hour, with the count and Okta's " + 'reason',
    () => {
      const hooks = readEventHooks([hook('whk1', 'HR sync'), hook('whk2', 'Audit')]);
      const verdict = judgeEventHooks(
        hooks,
        hookFailures(hooks, [delivery('whk1', 50), delivery('whk1', 5), delivery('whk2', 1, 'SUCCESS')]),
        NOW,
      );
      expect(codes(verdict)).toEqual(['EVENT_HOOK_FAILING']);
      expect(verdict.findings[0]?.detail).toBe(
        'event hook "HR sync" failed 2 deliveries in the last hour, the latest 5 minutes ago; Okta\'s reason ' +
          'for the latest: Read timed out',
      );
      expect(verdict.observed).toEqual({ hooks: 2, unhealthy: 1, deliveriesRead: true });
    },
  );

  it('reports an INACTIVE or UNVERIFIED hook from its status alone when the log is not read', () => {
    const hooks = readEventHooks([
      hook('whk1', 'HR sync', 'INACTIVE'),
      hook('whk2', 'Audit', 'ACTIVE', 'UNVERIFIED'),
      hook('whk3', 'Fine'),
    ]);
    const verdict = judgeEventHooks(hooks, null, NOW);
    expect(codes(verdict)).toEqual(['EVENT_HOOK_NOT_DELIVERING', 'EVENT_HOOK_NOT_DELIVERING']);
    expect(verdict.findings.map((f) => f.detail)).toEqual([
      'event hook "HR sync" is INACTIVE: Okta sends it no events',
      'event hook "Audit" is UNVERIFIED: Okta sends it no events',
    ]);
    expect(verdict.observed.deliveriesRead).toBe(false);
  });
});

describe('agent pools', () => {
  // GET /api/v1/agentPools: AgentPool (id, name, type, operationalStatus, agents[]: Agent with lastConnection in epoch
  // ms).
  const agent = (name: string, operationalStatus: string, minutesAgo: number) => ({
    id: `ajd${name}`,
    name,
    operationalStatus,
    lastConnection: NOW - minutesAgo * 60_000,
    isHidden: false,
    isLatestGAedVersion: true,
    poolId: '0oa3eu7ekG8tjbD9J5s6',
    type: 'AD',
    updateStatus: 'Success',
    version: '3.19.0',
  });
  const pool = (name: string, agents: unknown[], operationalStatus = 'OPERATIONAL') => ({
    id: `0oa${name}`,
    name,
    type: 'AD',
    operationalStatus,
    agents,
    disruptedAgents: 0,
    inactiveAgents: 0,
  });

  it("pages for a pool with no operational agent, with its agents' last connection", () => {
    const verdict = judgeAgentPools(
      readAgentPools([
        pool(
          'acme.local',
          [agent('WIN-region1A-dc', 'DISRUPTED', 180), agent('WIN-region1B-dc', 'INACTIVE', 60 * 24 * 3)],
          'DISRUPTED',
        ),
      ]),
      NOW,
    );
    expect(codes(verdict)).toEqual(['AGENT_POOL_DOWN']);
    // The INACTIVE agent is deactivated on purpose: not named among the failing, not counted.
    expect(verdict.findings[0]?.detail).toMatch(
      /AD agent pool "acme\.local" has no operational agent \("WIN-region1A-dc" DISRUPTED, last connected 3 hours ago\); the last agent connection was 3 hours ago/,
    );
    expect(verdict.findings.every((f) => failureSeverity('agent-pools', f.code) === 'page')).toBe(true);
    expect(verdict.observed).toEqual({ pools: 1, unhealthy: 1, down: 1 });
  });

  it('warns of a pool with some agents down, and passes a healthy one', () => {
    const verdict = judgeAgentPools(
      readAgentPools([
        pool('acme.local', [agent('DC1', 'OPERATIONAL', 1), agent('DC2', 'DISRUPTED', 600)], 'DEGRADED'),
        pool('ldap', [agent('LDAP1', 'OPERATIONAL', 1)]),
      ]),
      NOW,
    );
    expect(codes(verdict)).toEqual(['AGENT_POOL_DEGRADED']);
    expect(verdict.findings[0]?.detail).toMatch(
      /1 of 2 agents not operational: "DC2" DISRUPTED, last connected 10 hours ago; 1 still serves it/,
    );
    expect(verdict.observed).toEqual({ pools: 2, unhealthy: 1, down: 0 });
  });

  it('as the spec defines them: INACTIVE and hidden agents are no failure, and a pool of them alone is healthy', () => {
    const hidden = { ...agent('DC-old', 'DISRUPTED', 60 * 24 * 40), isHidden: true };
    const verdict = judgeAgentPools(
      readAgentPools([
        pool('acme.local', [agent('DC1', 'OPERATIONAL', 1), agent('DC2', 'INACTIVE', 60 * 24 * 9), hidden]),
        pool('retired', [agent('R1', 'INACTIVE', 60 * 24 * 90)], 'INACTIVE'),
      ]),
      NOW,
    );
    expect(verdict.findings).toEqual([]);
    expect(verdict.observed).toEqual({ pools: 2, unhealthy: 0, down: 0 });
  });

  it('a pool whose serving agents are all DEGRADED warns, never pages; with DISRUPTED beside them too', () => {
    const verdict = judgeAgentPools(
      readAgentPools([
        pool('acme.local', [agent('DC1', 'DEGRADED', 2), agent('DC2', 'DEGRADED', 3)], 'DEGRADED'),
        pool('ldap', [agent('L1', 'DEGRADED', 1), agent('L2', 'DISRUPTED', 90)], 'DEGRADED'),
      ]),
      NOW,
    );
    expect(codes(verdict)).toEqual(['AGENT_POOL_DEGRADED', 'AGENT_POOL_DEGRADED']);
    expect(verdict.findings.map((f) => failureSeverity('agent-pools', f.code))).toEqual(['warn', 'warn']);
    expect(verdict.findings[0]?.detail).toMatch(
      /2 of 2 agents not operational: "DC1" DEGRADED.*; its 2 DEGRADED agents still serve it/,
    );
    expect(verdict.observed).toMatchObject({ down: 0 });
  });

  it('a pool is down only when no visible, active agent serves: DISRUPTED beside hidden and INACTIVE ones', () => {
    const verdict = judgeAgentPools(
      readAgentPools([
        pool(
          'acme.local',
          [
            agent('DC1', 'DISRUPTED', 30),
            agent('DC2', 'INACTIVE', 1),
            { ...agent('DC3', 'OPERATIONAL', 1), isHidden: true },
          ],
          'DISRUPTED',
        ),
      ]),
      NOW,
    );
    expect(codes(verdict)).toEqual(['AGENT_POOL_DOWN']);
  });
});

describe('days', () => {
  it('floors to a tenth, so a certificate expiring within the day reads 0.x and one expired reads below 0', () => {
    expect(daysUntil(inDays(0.55), NOW)).toBe(0.5);
    expect(daysUntil(inDays(-0.01), NOW)).toBe(-0.1);
    expect(daysUntil('not a date', NOW)).toBeNull();
  });
});
