// The inventory as the registry runs it: what each kind's check makes of the read, which item becomes
// the diagnosis, and the warning that is the inventory's own reading, never a page for a token the token check owns.
import { describe, expect, it } from 'vitest';
import { finding } from '../../../../functions/probe/verdict';
import { judgeKind, kindVerdict, readJudgement, type InventoryRun } from '../../../../functions/probe/inventory/run';

const read = (kinds: InventoryRun['kinds']): InventoryRun => ({ judgement: { diagnosis: null }, kinds });

describe("a kind's check", () => {
  it('diagnoses each item that needs action, the most urgent (a page before a warning) first', () => {
    const a = finding('API_TOKEN_EXPIRING', { item: 'token "a"', detail: 'token "a" expires in 3 days' });
    const b = finding('API_TOKEN_OWNER_INACTIVE', { item: 'token "b"', detail: 'token "b": owner DEPROVISIONED' });
    const c = finding('API_TOKEN_EXPIRING', { item: 'token "c"', detail: 'token "c" expires in 5 days' });
    const verdict = kindVerdict('api-tokens', [a, b, c], { tokens: 3, soonestDays: -1 });

    expect(verdict.diagnosis).toEqual(b);
    expect(verdict.also).toEqual([a, c]);
    expect(verdict.observed).toEqual({ tokens: 3, soonestDays: -1, items: 3 });
  });

  it('has no list of others for a single item', () => {
    const only = finding('LOG_STREAM_INACTIVE', {
      item: 'log stream "siem"',
      detail: 'log stream "siem" is SUSPENDED',
    });

    expect(kindVerdict('log-streams', [only], {})).toEqual({ diagnosis: only, observed: { items: 1 } });
  });

  it('passes with its facts when nothing needs action', () => {
    const judged = judgeKind(
      'log-streams',
      read({ 'log-streams': { findings: [], observed: { streams: 1, unhealthy: 0 } } }),
    );

    expect(judged.judgement).toEqual({ diagnosis: null, observed: { streams: 1, unhealthy: 0 } });
  });

  it(
    "warns with the inventory's own reading (scope, role, " + "bucket), and skips when the org's token itself failed",
    () => {
      const scope = judgeKind(
        'idp-certificates',
        read({
          'idp-certificates': { unavailable: finding('INVENTORY_SCOPE_NOT_GRANTED', { detail: 'okta.idps.read' }) },
        }),
      );
      const token = judgeKind(
        'idp-certificates',
        read({ 'idp-certificates': { unavailable: finding('INVALID_CLIENT', { detail: 'bad key' }) } }),
      );

      expect(scope.judgement).toMatchObject({ diagnosis: { code: 'INVENTORY_SCOPE_NOT_GRANTED' } });
      expect(token.judgement).toEqual({
        notRun: 'skip',
        reason: 'the inventory could not read it: INVALID_CLIENT (bad key)',
      });
    },
  );

  it("does not apply when its scope is not in the server's scopes", () => {
    expect(judgeKind('agent-pools', read({})).judgement).toEqual({
      notRun: 'n/a',
      reason: "okta.agentPools.read is not in this server's scopes",
    });
  });
});

// Once, "PASS inventory, requests: 0" sat above six skipped kinds.
describe("the inventory's own row", () => {
  const unavailable = (code: 'UNKNOWN_CLIENT_ID' | 'INVENTORY_SCOPE_NOT_GRANTED') => ({
    unavailable: finding(code, { detail: 'why' }),
  });

  it('is skipped, naming the causes, when no kind could be read', () => {
    const judgement = readJudgement(
      { 'api-tokens': unavailable('UNKNOWN_CLIENT_ID'), 'log-streams': unavailable('UNKNOWN_CLIENT_ID') },
      { requests: 0 },
    );

    expect(judgement).toEqual({
      notRun: 'skip',
      reason: "no kind could be read (UNKNOWN_CLIENT_ID): each kind's line says why",
      observed: { requests: 0 },
    });
  });

  it('passes, saying how many kinds it read, when at least one was read', () => {
    const judgement = readJudgement(
      { 'api-tokens': unavailable('INVENTORY_SCOPE_NOT_GRANTED'), 'log-streams': { findings: [], observed: {} } },
      { requests: 2 },
    );

    expect(judgement).toEqual({ diagnosis: null, observed: { requests: 2, kindsRead: '1 of 2' } });
  });
});
