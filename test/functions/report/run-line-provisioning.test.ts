// The deployed run's line names the SAML apps that provision users, listed or discovered, by name and id only, and
// stays small for an org of hundreds of such apps: the first few named, the rest counted.
import { describe, expect, it } from 'vitest';
import { RUN_LINE_PROVISIONING_MAX } from '../../../functions/contract';
import { asRunLine } from '../../../functions/report/run-line-shape';
import { runLogLine } from '../../../functions/report/run-line';
import type { CheckItem, CheckResult, Report } from '../../../functions/types';

const listedResult: CheckResult = {
  server: 'org',
  check: 'app-certificates',
  latencyMs: null,
  status: 'pass',
  diagnosis: null,
  provisioning: [
    { listed: 'salesforce', app: 'Salesforce (0oa1salesforce00000x7)', features: ['PUSH_NEW_USERS'], by: 'id' },
  ],
};

const item = (i: number, provisions: boolean): CheckItem => ({
  item: `Catalogue app ${i} (0oacat${String(i).padStart(14, '0')})`,
  status: 'pass',
  lastChecked: '2026-11-26T00:00:00.000Z',
  carried: false,
  ...(provisions && { provisions: ['PUSH_NEW_USERS'] }),
});

const groupResult = (count: number, provisioning: number): CheckResult => ({
  server: 'portal-apps',
  check: 'saml-apps',
  latencyMs: null,
  status: 'pass',
  diagnosis: null,
  items: Array.from({ length: count }, (_, i) => item(i, i < provisioning)),
});

const report = (checks: CheckResult[]): Report => ({
  startedAt: '2026-11-26T00:00:00.000Z',
  durationMs: 1000,
  orgUrl: 'https://acme.okta.com',
  checks,
  metrics: [],
});

describe("the run line's apps that provision users", () => {
  it('names a listed app and a discovered one, by name and id, without raising the level', () => {
    const line = runLogLine(report([listedResult, groupResult(3, 1)]));
    expect(line.provisioning).toEqual({
      apps: [
        { app: 'Salesforce (0oa1salesforce00000x7)', listed: 'salesforce', features: ['PUSH_NEW_USERS'] },
        { app: 'Catalogue app 0 (0oacat00000000000000)', group: 'portal-apps', features: ['PUSH_NEW_USERS'] },
      ],
    });
    expect(line.level).toBe('INFO');
    expect(asRunLine(JSON.parse(JSON.stringify(line)))).toEqual(line);
  });

  it('stays small for an org of hundreds: the first few named, the rest counted', () => {
    const line = runLogLine(report([listedResult, groupResult(800, 400)]));
    expect(line.provisioning?.apps).toHaveLength(RUN_LINE_PROVISIONING_MAX);
    expect(line.provisioning?.more).toBe(401 - RUN_LINE_PROVISIONING_MAX);
    expect(JSON.stringify(line.provisioning).length).toBeLessThan(1500);
  });

  it("scrubs the run's secrets from an app's name, and is absent when no app provisions", () => {
    const secret = 'hunter2-secret-value';
    const leaky: CheckResult = {
      ...listedResult,
      provisioning: [{ listed: 'x', app: `App ${secret} (0oa1)`, features: ['PUSH_NEW_USERS'], by: 'id' }],
    };
    expect(JSON.stringify(runLogLine(report([leaky]), { secrets: [secret] }))).not.toContain(secret);
    expect(runLogLine(report([groupResult(5, 0)])).provisioning).toBeUndefined();
  });

  it('is read back only whole: a line whose apps are not names and features is skipped, as any torn line', () => {
    const line = JSON.parse(JSON.stringify(runLogLine(report([listedResult])))) as Record<string, unknown>;
    for (const provisioning of [
      'Salesforce',
      { apps: 'Salesforce' },
      { apps: [{ app: 7, features: [] }] },
      { apps: [{ app: 'Salesforce (0oa1)', features: 'PUSH_NEW_USERS' }] },
      { apps: [{ app: 'Salesforce (0oa1)', features: [], listed: 1 }] },
      { apps: [], more: -1 },
    ])
      expect(asRunLine({ ...line, provisioning }), JSON.stringify(provisioning)).toBeUndefined();
    expect(asRunLine(line)).toBeDefined();
  });
});
