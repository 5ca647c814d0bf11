// The check registry is the one statement of the checks' graph: these properties keep it runnable.
import { describe, expect, it } from 'vitest';
import { CHECKS, type CheckName } from '../../../functions/contract';
import { DIAGNOSES } from '../../../functions/diagnosis';
import { AVAILABILITY_CHECKS, CHECK_TABLE, checkRow, CREDENTIAL_CHECKS, TIMED_CHECKS } from '../../../functions/plan/check-table';
import { plannedChecks, serverChecks } from '../../../functions/plan/checks';
import type { ProbeConfig } from '../../../functions/types';

const config: ProbeConfig = {
  orgUrl: 'https://acme.okta.com',
  statusPageUrl: 'https://status.example.com/feed',
  timeoutMs: 1000,
  rateLimitWarnPercent: 10,
  clockSkewWarnSeconds: 60,
  servers: [
    { id: 'org', clientId: 'a', credential: { kind: 'private_key_jwt', from: 'inline', privateKeyPem: 'x' }, scopes: ['okta.users.read'], requiredClaims: [] },
    { id: 'default', clientId: 'b', credential: { kind: 'client_secret_basic', from: 'inline', clientSecret: 'y' }, scopes: ['s'], audience: 'api://default', requiredClaims: [] },
  ],
};

describe('the check registry', () => {
  it('has a row for every check of the contract and no other', () => {
    expect(Object.keys(CHECK_TABLE).sort()).toEqual([...CHECKS].sort());
  });

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
    for (const check of CHECKS) expect(checkRow(check).needs.filter((n) => waiting.includes(n)), check).toEqual([]);
  });

  it('names an existing diagnosis as every likely cause, and says why a run may lack a check that not every server has', () => {
    for (const check of CHECKS) {
      const row = checkRow(check);
      for (const code of row.runbook.causes) expect(DIAGNOSES[code], `${check}: ${code}`).toBeDefined();
      if (row.appliesTo !== undefined || row.target === 'feed') expect(row.availability, check).toBeTruthy();
    }
  });

  it('derives the timed and credential lists from the rows', () => {
    expect(TIMED_CHECKS).toEqual(CHECKS.filter((c) => checkRow(c).timed));
    expect(CREDENTIAL_CHECKS).toEqual(['token', 'validate', 'introspect', 'management', 'rate-limit', 'system-log', 'org-rate-limit']);
  });

  it('counts as downtime only page checks of a server or a journey, every one but the org\'s rate limits', () => {
    for (const check of AVAILABILITY_CHECKS) expect(checkRow(check).severity, check).toBe('page');
    const pagesWithoutDowntime = CHECKS.filter((check) => checkRow(check).severity === 'page' && !AVAILABILITY_CHECKS.includes(check));
    expect(pagesWithoutDowntime).toEqual(['org-rate-limit']); // the whole org's traffic: its gauges page, no server is down
    expect(AVAILABILITY_CHECKS).toEqual(CHECKS.filter((check) => AVAILABILITY_CHECKS.includes(check))); // report order
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
