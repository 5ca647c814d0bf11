// The check registry is the one statement of the checks' graph: these properties keep it runnable.
import { describe, expect, it } from 'vitest';
import { CHECKS, type CheckName } from '../../../functions/contract';
import { AVAILABILITY_CHECKS, checkRow, RUN_LINE_LATENCY_CHECKS } from '../../../functions/plan/check-table';
import { accessAssertionScopes, plannedChecks, serverChecks, tokenScopes } from '../../../functions/plan/checks';
import type { CheckOutputs } from '../../../functions/plan/check-row';
import { checkOutputs, datumCheck, gaugesOf, rowOutputs } from '../../../functions/plan/outputs';
import { INVENTORY_SETTINGS } from '../../../functions/config/inventory';
import type { ProbeConfig, ServerConfig } from '../../../functions/types';

const config: ProbeConfig = {
  orgUrl: 'https://acme.okta.com',
  statusPageUrl: 'https://status.example.com/feed',
  timeoutMs: 1000,
  rateLimitWarnPercent: 10,
  clockSkewWarnSeconds: 60,
  ...INVENTORY_SETTINGS,
  servers: [
    {
      id: 'org',
      clientId: 'a',
      credential: { kind: 'private_key_jwt', from: 'inline', privateKeyPem: 'x' },
      scopes: ['okta.users.read'],
      requiredClaims: [],
    },
    {
      id: 'default',
      clientId: 'b',
      credential: { kind: 'client_secret_basic', from: 'inline', clientSecret: 'y' },
      scopes: ['s'],
      audience: 'api://default',
      requiredClaims: [],
    },
  ],
};

describe('the check registry', () => {
  it('needs only checks of the same target, without a cycle', () => {
    const visiting = new Set<CheckName>();
    const visit = (check: CheckName, path: CheckName[]): void => {
      expect(visiting.has(check), `cycle: ${[...path, check].join(' -> ')}`).toBe(false);
      visiting.add(check);
      for (const needed of checkRow(check).needs) {
        expect(checkRow(needed).target, `${check} needs ${needed}`).toBe(checkRow(check).target);
        visit(needed, [...path, check]);
      }
      visiting.delete(check);
    };
    for (const check of CHECKS) visit(check, []);
  });

  it('lets no check need one that waits for earlier answers (the two would wait for each other)', () => {
    const waiting = CHECKS.filter((check) => checkRow(check).readsEarlierAnswers === true);
    expect(waiting.length).toBeGreaterThan(0);
    for (const check of CHECKS)
      expect(
        checkRow(check).needs.filter((n) => waiting.includes(n)),
        check,
      ).toEqual([]);
  });

  it('says why a run may lack a check that not every server or journey has', () => {
    for (const check of CHECKS) {
      const row = checkRow(check);
      if (row.appliesTo !== undefined || row.appliesToJourney !== undefined || row.target !== 'server')
        expect(row.availability, check).toBeTruthy();
    }
  });

  it('counts as downtime only checks whose failure pages (their CheckSuccess alarm), in report order', () => {
    expect(AVAILABILITY_CHECKS.length).toBeGreaterThan(0);
    for (const check of AVAILABILITY_CHECKS)
      expect(checkOutputs(check).find((o) => o.kind === 'success')?.alarm.severity, check).toBe('page');
    expect(AVAILABILITY_CHECKS).toEqual(CHECKS.filter((check) => AVAILABILITY_CHECKS.includes(check)));
  });

  it("takes the run line's latency of a server or journey from one check at most", () => {
    for (const target of ['server', 'journey', 'feed'] as const) {
      expect(
        RUN_LINE_LATENCY_CHECKS.filter((check) => checkRow(check).target === target).length,
        target,
      ).toBeLessThanOrEqual(1);
    }
    for (const check of RUN_LINE_LATENCY_CHECKS) expect(checkRow(check).timed, check).toBe(true);
  });

  it('gives the Org AS no validate (its tokens are opaque) and the first server alone the certificate', () => {
    expect(serverChecks(config.servers[0]!, true)).not.toContain('validate');
    expect(serverChecks(config.servers[1]!, false)).toContain('validate');
    expect(serverChecks(config.servers[1]!, false)).not.toContain('certificate');
  });

  it('plans a named check only on the servers that have it: --check validate sends nothing to the Org AS', () => {
    expect(plannedChecks(config, new Set(['validate']))).toEqual([
      { server: 'default', check: 'keys' },
      { server: 'default', check: 'token' },
      { server: 'default', check: 'validate' },
    ]);
    expect(plannedChecks(config, new Set(['status']))).toEqual([{ server: 'okta', check: 'status' }]);
  });
});

describe('the outputs a row declares', () => {
  const rows = CHECKS.map((check) => [check, checkRow(check)] as const);

  it(
    'refuses, at compile time, a row that declares no output (npm run typecheck fails if these stop being ' + 'errors)',
    () => {
      // @ts-expect-error neither success, gauges nor 'information only'
      const silent: CheckOutputs = {};
      // @ts-expect-error gauges without success name at least one gauge
      const noGauge: CheckOutputs = { gauges: [] };
      expect([silent, noGauge]).toHaveLength(2);
    },
  );

  it('give an information-only check nothing to publish, alarm or price, timed or not', () => {
    for (const [check, row] of rows) {
      expect(rowOutputs({ ...row, outputs: 'information only' }, check), check).toEqual([]);
    }
  });

  it('give a timed check with outputs its CheckLatency, and a check without success none of CheckSuccess', () => {
    for (const [check, row] of rows) {
      const kinds = checkOutputs(check).map((o) => o.kind);
      expect(kinds.includes('latency'), check).toBe(row.timed && row.outputs !== 'information only');
      expect(kinds.includes('success'), check).toBe(
        row.outputs !== 'information only' && row.outputs.success !== undefined,
      );
    }
  });

  it('publish each gauge metric from one check only, so a gauge datum names its check', () => {
    const owners = new Map<string, string[]>();
    for (const check of CHECKS)
      for (const gauge of gaugesOf(check)) owners.set(gauge.metric, [...(owners.get(gauge.metric) ?? []), check]);
    expect(owners.size).toBeGreaterThan(0);
    for (const [metric, checks] of owners) {
      expect(checks, metric).toHaveLength(1);
      expect(datumCheck({ name: metric, dimensions: { Server: 'org' } }), metric).toBe(checks[0]);
    }
  });

  it(
    'name gauge alarms apart from each other and from every ' + 'check (alarm names share one namespace per server)',
    () => {
      const suffixes = [
        ...CHECKS,
        ...CHECKS.flatMap((check) => gaugesOf(check).flatMap((gauge) => gauge.alarms.map((alarm) => alarm.name))),
      ];
      expect(new Set(suffixes).size).toBe(suffixes.length);
    },
  );
});

describe('tokenScopes', () => {
  const server = config.servers[0]!;
  const logs: ServerConfig = { ...server, scopes: ['okta.users.read', 'okta.logs.read'], systemLog: true };

  it("leaves the scopes of a check's own token (okta.logs.read, the System Log's) out of the server's token", () => {
    expect(checkRow('system-log').ownToken?.scopes).toEqual(['okta.logs.read']);
    expect(tokenScopes(logs)).toEqual(['okta.users.read']);
  });

  it(
    'keeps them when nothing else would be asked, when the ' + 'check is off, or when the management call needs them',
    () => {
      expect(tokenScopes({ ...logs, scopes: ['okta.logs.read'] })).toEqual(['okta.logs.read']);
      expect(tokenScopes({ ...logs, systemLog: undefined })).toEqual(logs.scopes);
      expect(tokenScopes({ ...logs, managementApi: { path: '/api/v1/logs?limit=1' } })).toEqual(logs.scopes);
    },
  );
});

describe('accessAssertionScopes', () => {
  const row = { id: 'finance', groups: ['00gfinance0000000x7a'], expect: { access: 'ALLOW' as const } };

  it("lists okta.policies.read, the check's own token, for rows that name their apps by id", () => {
    expect(accessAssertionScopes({ accessAssertions: [{ ...row, app: '0oafinance0000000x7a' }] })).toEqual([
      'okta.policies.read',
    ]);
  });

  it('adds okta.apps.read when a row names its app by label: the run finds its id with it', () => {
    expect(
      accessAssertionScopes({
        accessAssertions: [
          { ...row, app: '0oafinance0000000x7a' },
          { ...row, id: 'by-label', app: 'Finance' },
        ],
      }),
    ).toEqual(['okta.policies.read', 'okta.apps.read']);
  });

  it('lists none without rows', () => {
    expect(accessAssertionScopes({})).toEqual([]);
  });
});
