// The access-assertion check end to end against the simulator on loopback: the healthy org's three rows pass with one
// simulation for every row and each matched rule read once (then kept), nobody signs in, and each access scenario
// gives what it promises (sim/access-scenarios.ts), told in its own words.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../../functions/credentials/local';
import { createMemoryCache } from '../../../../functions/cache/read-through';
import { runAccessAssertions, withAppIds } from '../../../../functions/probe/access/run';
import type { AccessAssertion } from '../../../../functions/types';
import { serverEndpoints } from '../../../../functions/probe/endpoints';
import { send, type HttpOutcome } from '../../../../functions/probe/http';
import type { Exchange } from '../../../../functions/probe/context';
import { LogSession } from '../../../../functions/probe/okta/log-session';
import { appsLabelled } from '../../../../functions/probe/access/apps';
import type { Finding, Judged } from '../../../../functions/probe/verdict';
import type { ProbeCache } from '../../../../functions/types';
import { ACCESS_SCENARIOS } from '../../../../sim/access-scenarios';
import { writeSimulatorConfig } from '../../../../sim/config';
import type { ScenarioName } from '../../../../sim/scenarios';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-access-sim-');
afterEach(() => {
  sim().scenario = 'healthy';
});

/**
 * One run of the check under `scenario`, with the requests the simulator saw. With `systemLog` (the scenarios' own
 * config turns it on), the check is handed a log session as the runner hands it the one system-log opened.
 */
async function run(
  scenario: ScenarioName,
  cache: ProbeCache = createMemoryCache(),
  {
    systemLog = false,
    answer = (outcome) => outcome,
    rows = (written) => [...written],
    serverToken,
  }: {
    readonly systemLog?: boolean;
    /** What the probe is told of each answer (a bucket made low). */
    readonly answer?: (outcome: HttpOutcome, url: string) => HttpOutcome;
    /** The rows asserted instead of the scenario's. */
    readonly rows?: (written: readonly AccessAssertion[]) => AccessAssertion[];
    /** The server's own token check, as the runner hands it. */
    readonly serverToken?: () => Promise<Judged & { readonly accessToken?: string }>;
  } = {},
) {
  sim().scenario = scenario;
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const { probe } = loaded.config;
  const org = probe.servers.find((s) => s.id === 'org')!;
  const server = { ...org, accessAssertions: rows(org.accessAssertions ?? []) };
  sim().resetRequests();
  const ctx = {
    server,
    orgServer: true,
    endpoints: serverEndpoints(probe.orgUrl, 'org'),
    credential: resolveLocalCredentials(probe, {}).get('org'),
    exchange: async (req: Parameters<Exchange>[0]) =>
      answer(await send({ ...req, timeoutMs: probe.timeoutMs }), req.url),
    now: Date.now,
    cache,
  };
  const session = systemLog ? new LogSession(ctx, [], 5, 10_000) : undefined;
  // As the runner runs it: the rows' labels found first.
  const judged = await withAppIds(ctx, (found) =>
    runAccessAssertions({
      ...ctx,
      server: { ...server, accessAssertions: found },
      ...(serverToken !== undefined && { serverToken }),
      ...(session !== undefined && { policyLog: () => Promise.resolve(session) }),
    }),
  );
  return { judged, requests: sim().requests.map((r) => `${r.method} ${r.path}`) };
}

const findings = (j: Awaited<ReturnType<typeof run>>['judged']): Finding[] => {
  const judgement = j.judgement;
  if ('notRun' in judgement || judgement.diagnosis === null) return [];
  return [judgement.diagnosis, ...(judgement.also ?? [])];
};

describe('the healthy org', () => {
  it('passes every row: one simulation, three rules read, the next run reads none (kept by id)', async () => {
    const cache = createMemoryCache();
    const healthy = await run('access-healthy', cache);
    expect(findings(healthy.judged)).toEqual([]);
    expect(healthy.judged.items?.map((i) => `${i.status} ${i.item}`)).toEqual([
      'pass finance-remote',
      'pass finance-office',
      'pass contractors-denied',
    ]);
    const simulate = healthy.requests.filter((r) => r === 'POST /api/v1/policies/simulate');
    expect(simulate).toHaveLength(1);
    expect(healthy.requests.filter((r) => r.startsWith('GET /api/v1/policies/'))).toHaveLength(3);
    // Nobody signs in: no Authentication API, no IDX, no /authorize.
    expect(healthy.requests.filter((r) => /authn|idp\/idx|authorize/.test(r))).toEqual([]);
    const again = await run('access-healthy', cache);
    expect(findings(again.judged)).toEqual([]);
    expect(again.requests.filter((r) => r.startsWith('GET /api/v1/policies/'))).toEqual([]);
    expect(again.requests.filter((r) => r === 'POST /api/v1/policies/simulate')).toHaveLength(1);
  });
});

describe('a row naming its app by label', () => {
  it('is simulated with the id of the one app so labelled, kept; an unknown label refuses its row alone', async () => {
    const cache = createMemoryCache();
    const labelled = (written: readonly AccessAssertion[]): AccessAssertion[] => [
      // The label as Applications > Applications shows it; "Finance Reports" starts the same and is not it.
      { ...written[0]!, app: 'Finance' },
      { ...written[2]!, app: 'Finanse', id: 'typo-denied' },
      written[1]!,
    ];
    const first = await run('access-healthy', cache, { rows: labelled });
    expect(first.judged.items?.map((i) => `${i.status} ${i.item} ${i.code ?? ''}`.trim())).toEqual([
      'pass finance-remote',
      'warn typo-denied ACCESS_ROW_REFUSED',
      'pass finance-office',
    ]);
    const [refused] = findings(first.judged);
    expect(refused).toMatchObject({ code: 'ACCESS_ROW_REFUSED', item: 'typo-denied (app Finanse)' });
    expect(refused!.detail).toMatch(/no app of the org is labelled "Finanse" .*write the app's 0oa\.\.\. id/);
    expect(first.requests.filter((r) => r.startsWith('GET /api/v1/apps'))).toHaveLength(2);
    // The simulation is still one call, for the two rows it can carry.
    expect(first.requests.filter((r) => r === 'POST /api/v1/policies/simulate')).toHaveLength(1);
    const again = await run('access-healthy', cache, { rows: labelled });
    // The label found is kept; the one not found is asked again.
    expect(again.requests.filter((r) => r.startsWith('GET /api/v1/apps'))).toHaveLength(1);
    // A finding names the app as the row wrote it (the notification's words; the Preview org's app has another id).
    const [weakened] = findings((await run('access-weakened', createMemoryCache(), { rows: labelled })).judged);
    expect(weakened).toMatchObject({ code: 'ACCESS_WEAKENED', item: 'finance-remote (app Finance)' });
  });

  it('names every app of an ambiguous label, and the fix', () => {
    const items = [
      { id: '0oapayroll000000x7a1', label: 'Payroll' },
      { id: '0oapayroll000000x7a2', label: 'payroll ' },
      { id: '0oapayroll000000x7a3', label: 'Payroll EU' },
    ];
    expect(appsLabelled(items, 'Payroll')).toEqual(['0oapayroll000000x7a1', '0oapayroll000000x7a2']);
  });
});

describe("the Policy API's bucket", () => {
  it('low after the first rule read: the other rows are unread this run and read next run, never guessed', async () => {
    const cache = createMemoryCache();
    let rulesAnswered = 0;
    // The first rule's answer says the bucket is at 10 of 100: below the reserve, the run asks no more of it.
    const low = (outcome: HttpOutcome, url: string): HttpOutcome => {
      if (!outcome.ok || !/\/rules\//.test(url) || ++rulesAnswered > 1) return outcome;
      const headers = { ...outcome.response.headers, 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '10' };
      return { ...outcome, response: { ...outcome.response, headers } };
    };
    const first = await run('access-healthy', cache, { answer: low });
    expect(first.requests.filter((r) => r.startsWith('GET /api/v1/policies/'))).toHaveLength(1);
    expect(first.judged.items?.map((i) => `${i.status} ${i.item} ${i.code ?? ''}`.trim())).toEqual([
      'pass finance-remote',
      'warn finance-office ACCESS_UNREAD',
      'warn contractors-denied ACCESS_UNREAD',
    ]);
    expect(findings(first.judged)[0]!.detail).toMatch(
      /10 of 100 left .*: the access assertions read no more of it this run.*; its rows are read next run$/,
    );
    const second = await run('access-healthy', cache);
    // The rule read before is kept by its id: only the two not read yet are asked.
    expect(second.requests.filter((r) => r.startsWith('GET /api/v1/policies/'))).toHaveLength(2);
    expect(findings(second.judged)).toEqual([]);
  });
});

describe('each access scenario', () => {
  it.each(Object.keys(ACCESS_SCENARIOS) as (keyof typeof ACCESS_SCENARIOS)[])(
    '%s: tells what it promises',
    async (name) => {
      const { judged } = await run(name);
      expect(findings(judged).map((f) => f.code)).toEqual(ACCESS_SCENARIOS[name].expect.map((e) => e.code));
    },
  );

  it('access-weakened: names the row, what was expected, what Okta matches now and when the rule changed', async () => {
    const [weakened] = findings((await run('access-weakened')).judged);
    expect(weakened).toMatchObject({ code: 'ACCESS_WEAKENED', item: 'finance-remote (app 0oafinance0000000x7a)' });
    const updated = /\(rule updated (\S+)\)/.exec(weakened!.detail ?? '')?.[1];
    // The rule changed twenty minutes ago: Okta's lastUpdated, as the rule's own answer gave it.
    expect(Date.now() - Date.parse(updated ?? '')).toBeGreaterThan(19 * 60_000);
    expect(weakened!.detail).toBe(
      'finance-remote: expected Finance apps › Remote: phishing-resistant, ALLOW, phishing-resistant; Okta matches ' +
        `Finance apps › Remote: phishing-resistant (rule updated ${updated}), ALLOW, password only (password only ` +
        'where phishing-resistant was expected); simulated for groups 00gfinance0000000x7a, IP 203.0.113.7, device ' +
        'WINDOWS managed, risk LOW: declared by the row, not observed',
    );
  });

  it("with systemLog, names who changed it and when, from the System Log's policy event", async () => {
    const weakened = await run('access-weakened', createMemoryCache(), { systemLog: true });
    const [finding] = findings(weakened.judged);
    const updated = /\(rule updated (\S+)\)/.exec(finding!.detail ?? '')?.[1] ?? '';
    const minute = new Date(Math.floor(Date.parse(updated) / 60_000) * 60_000).toISOString();
    expect(finding!.detail).toMatch(
      new RegExp(
        `; last changed by admin@acme\\.example at ${minute.replace(/\./g, '\\.')}: policy\\.rule\\.update of rule ` +
          "'Remote: phishing-resistant' \\(System Log\\)$",
      ),
    );
    // One page of the log, newest first, and only because a row failed.
    expect(weakened.requests.filter((r) => r.startsWith('GET /api/v1/logs'))).toHaveLength(1);

    const reassigned = findings(
      (await run('access-policy-reassigned', createMemoryCache(), { systemLog: true })).judged,
    );
    expect(
      reassigned.map((f) =>
        /; last changed by (\S+) at \S+: (\S+) of (.*) \(System Log\)$/.exec(f.detail ?? '')?.slice(1),
      ),
    ).toEqual(Array(3).fill(['admin@acme.example', 'policy.mapping.create', "the app's policy (Any two factors)"]));

    const healthy = await run('access-healthy', createMemoryCache(), { systemLog: true });
    expect(findings(healthy.judged)).toEqual([]);
    expect(healthy.requests.filter((r) => r.startsWith('GET /api/v1/logs'))).toEqual([]);
  });

  it('without systemLog, reads no log and says nothing of who changed it', async () => {
    const { judged, requests } = await run('access-weakened');
    expect(findings(judged)[0]!.detail).not.toContain('changed by');
    expect(requests.filter((r) => r.startsWith('GET /api/v1/logs'))).toEqual([]);
  });

  it('access-rule-reordered: warns, naming the rule the office matches now', async () => {
    const [stronger] = findings((await run('access-rule-reordered')).judged);
    expect(stronger!.detail).toContain(
      'finance-office: expected (any policy) › Office: two factors, two factors; Okta matches Finance apps › Remote: ' +
        'phishing-resistant',
    );
  });

  it('access-scope-missing: our setup, naming both the scope and the admin role', async () => {
    const [refused] = findings((await run('access-scope-missing')).judged);
    expect(refused!.detail).toMatch(/okta\.policies\.read granted .* and an admin role that reads policies/);
  });

  it('access-classic-org: N/A naming Identity Engine, never a failure', async () => {
    const { judged } = await run('access-classic-org');
    expect(judged.judgement).toMatchObject({ notRun: 'n/a' });
    expect((judged.judgement as { reason: string }).reason).toContain('Identity Engine');
  });
});

describe("a refusal that is the server token's too", () => {
  const refused: Judged = {
    judgement: {
      diagnosis: { code: 'NETWORK_ZONE_DENIED', detail: 'outside the zone', requestId: null },
      observed: {},
    },
  };
  it('skips naming the failed token, told once by the token check that pages', async () => {
    const { judged } = await run('network-zone', createMemoryCache(), { serverToken: () => Promise.resolve(refused) });
    expect(findings(judged)).toEqual([]);
    expect(judged.judgement).toMatchObject({ notRun: 'skip', reason: 'token failed: NETWORK_ZONE_DENIED' });
  });
  it('tells it itself when the server token passed (only ours was refused)', async () => {
    const passed = { judgement: { diagnosis: null, observed: {} }, accessToken: 'server-token' } as const;
    const { judged } = await run('network-zone', createMemoryCache(), { serverToken: () => Promise.resolve(passed) });
    expect(findings(judged).map((f) => f.code)).toEqual(['NETWORK_ZONE_DENIED']);
  });
  it('tells it itself when the server token was refused for another cause', async () => {
    const other: Judged = {
      judgement: { diagnosis: { code: 'OKTA_SERVER_ERROR', detail: '503', requestId: null }, observed: {} },
    };
    const { judged } = await run('network-zone', createMemoryCache(), { serverToken: () => Promise.resolve(other) });
    expect(findings(judged).map((f) => f.code)).toEqual(['NETWORK_ZONE_DENIED']);
  });
  it('tells a scope refused to okta.policies.read alone without asking the server token', async () => {
    let asked = 0;
    const { judged } = await run('access-scope-missing', createMemoryCache(), {
      serverToken: () => {
        asked += 1;
        return Promise.resolve(refused);
      },
    });
    expect(findings(judged).map((f) => f.code)).toEqual(['ACCESS_NOT_PERMITTED']);
    expect(asked).toBe(0);
  });
});
