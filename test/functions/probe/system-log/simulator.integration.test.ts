// The System Log look-up end to end against the simulator on loopback: Okta's reason per failure,
// what changed before it, the org's rate limits, the log unavailable without harm, and the request budget.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../functions/config/parse';
import type { ConfigFileJson } from '../../../../functions/config/schema';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../../../functions/credentials/local';
import { runProbe } from '../../../../functions/probe/engine';
import type { CheckName } from '../../../../functions/contract';
import { systemLogBudgetMs } from '../../../../functions/probe/okta/log-session';
import type { CheckResult, Report } from '../../../../functions/types';
import { writeSimulatorConfig } from '../../../../sim/config';
import type { ScenarioName } from '../../../../sim/scenarios';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-syslog-sim-');
afterEach(() => {
  sim().scenario = 'healthy';
});

/** One run of `scenario`; `systemLog` turns the log on for scenarios that do not. */
async function probe(
  scenario: ScenarioName,
  systemLog = true,
  checks?: ReadonlySet<CheckName>,
  extra: Partial<ConfigFileJson> = {},
): Promise<{ report: Report; logRequests: number }> {
  sim().scenario = scenario;
  const path = await writeSimulatorConfig(sim(), dir());
  const json = JSON.parse(readFileSync(path, 'utf8')) as ConfigFileJson;
  const servers = json.servers.map((s) =>
    s.id === 'org' && systemLog
      ? { ...s, scopes: [...new Set([...s.scopes, 'okta.logs.read'])], systemLog: true }
      : s.id === 'org'
        ? { ...s, systemLog: false }
        : s,
  );
  // The System Log alone: the simulator config's sign-in journeys add requests and checks of their own.
  writeFileSync(path, JSON.stringify({ ...json, servers, signIn: undefined, samlApps: undefined, ...extra }));
  const loaded = loadConfigFile(path, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  sim().resetRequests();
  const report = await runProbe(loaded.config.probe, {
    credentials: resolveLocalCredentials(loaded.config.probe, {}),
    ...(checks !== undefined && { checks }),
  });
  const logRequests = sim().requests.filter((r) => r.path === '/api/v1/logs').length;
  return { report, logRequests };
}
const find = (report: Report, server: string, check: string): CheckResult | undefined =>
  report.checks.find((c) => c.server === server && c.check === check);

describe('System Log look-up against the simulator', () => {
  it('adds one /api/v1/logs request to a healthy run and fails nothing', async () => {
    const { report, logRequests } = await probe('healthy');

    expect(report.checks.filter((c) => c.status === 'fail' || c.status === 'skip')).toEqual([]);
    expect(find(report, 'org', 'system-log')?.observed).toMatchObject({ logRequests: 1 });
    expect(find(report, 'org', 'org-rate-limit')?.observed).toEqual({ violations: 0, warnings: 0 });
    expect(
      report.metrics.filter((m) => m.name === 'OrgRateLimitViolations').map((m) => [m.dimensions, m.value]),
    ).toEqual([[{ Server: 'org' }, 0]]);
    expect(logRequests).toBe(1);
  });

  it('sends nothing to the log and adds no check without "systemLog"', async () => {
    const { report, logRequests } = await probe('healthy', false);

    expect(report.checks.some((c) => c.check === 'system-log' || c.check === 'org-rate-limit')).toBe(false);
    expect(logRequests).toBe(0);
  });

  it("attaches Okta's reason to a failing grant: the claim that failed, by the answer's request id", async () => {
    const { report } = await probe('claim-evaluation-failed');
    const token = find(report, 'default', 'token')?.diagnosis;

    expect(token?.code).toBe('CLAIM_EVALUATION_FAILED');
    expect(token?.systemLog?.reason).toContain('app.oauth2.as.evaluate.claim FAILURE');
    expect(token?.systemLog?.reason).toContain("claim 'tenant' could not be evaluated");
  });

  it(
    "says a failure's reason went unread, and why, when the org's other readers left the log's bucket below " + 'half',
    async () => {
      sim().resetRateLimits();
      // The org's other log readers (a SIEM, say) spend 35 of the 60 a minute before the run.
      for (let i = 0; i < 35; i += 1) await fetch(`${sim().url}/api/v1/logs`).then((r) => r.arrayBuffer());
      const { report, logRequests } = await probe('claim-evaluation-failed');
      sim().resetRateLimits();
      const token = find(report, 'default', 'token')?.diagnosis;

      expect(token?.code).toBe('CLAIM_EVALUATION_FAILED');
      expect(token?.systemLog?.reason).toMatch(/^not read this run: the \/api\/v1\/logs bucket had \d+ of 60 left/);
      expect(logRequests).toBe(1);
    },
  );

  it('names the rule an admin deactivated, who, and how long before, in at most 3 log requests', async () => {
    const { report, logRequests } = await probe('rule-deactivated');
    const token = find(report, 'default', 'token')?.diagnosis;

    expect(token?.code).toBe('NO_ACCESS_POLICY');
    expect(token?.systemLog?.reason).toContain('no_matching_policy');
    expect(token?.systemLog?.changes?.[0]).toMatch(
      /^rule 'Probe client credentials' of policy 'Default' was deactivated by admin@acme\.example 3 minutes before token began failing/,
    );
    expect(logRequests).toBe(3);
  });

  it(
    "reports the org's rate-limit violations with the URL " + 'pattern and threshold, and publishes their count',
    async () => {
      const { report } = await probe('org-rate-limit-violation');
      const limits = find(report, 'org', 'org-rate-limit');

      expect(limits?.diagnosis?.code).toBe('ORG_RATE_LIMIT_VIOLATION');
      // A first run (no cursor kept) counts from the start of its window to now, 90 to 150 s: its minute's three
      // events (one every 20 s) and those of the seconds since, which the next run's cursor is past.
      const detail = limits?.diagnosis?.detail ?? '';
      expect(detail).toMatch(/^violated: \/api\/v1\/users \(600 per minute\) x\d+$/);
      const count = Number(/x(\d+)$/.exec(detail)?.[1]);
      expect(count).toBeGreaterThanOrEqual(3);
      expect(count).toBeLessThanOrEqual(8);
      expect(report.metrics.find((m) => m.name === 'OrgRateLimitViolations')?.value).toBe(count);
      expect(report.checks.filter((c) => c.status === 'fail' || c.status === 'skip').map((c) => c.check)).toEqual([
        'org-rate-limit',
      ]);
    },
  );

  it(
    'without okta.logs.read granted: the log is a warning, ' + 'the org token still passes, no log request is sent',
    async () => {
      const { report, logRequests } = await probe('system-log-scope-not-granted');

      expect(find(report, 'org', 'token')?.status).toBe('pass');
      expect(find(report, 'org', 'system-log')?.diagnosis?.code).toBe('SYSTEM_LOG_SCOPE_NOT_GRANTED');
      expect(find(report, 'org', 'org-rate-limit')).toMatchObject({ status: 'skip' });
      expect(report.checks.filter((c) => c.status === 'fail' || c.status === 'skip').map((c) => c.check)).toEqual([
        'system-log',
        'org-rate-limit',
        'okta-failover',
      ]);
      expect(logRequests).toBe(0);
    },
  );

  it(
    'run --check org-rate-limit reads the log and sends nothing else: its own token and one /api/v1/logs ' + 'request',
    async () => {
      const { report, logRequests } = await probe(
        'org-rate-limit-warning',
        true,
        new Set<CheckName>(['org-rate-limit']),
      );

      expect(report.checks.map((c) => `${c.server}/${c.check}`)).toEqual(['org/system-log', 'org/org-rate-limit']);
      expect(find(report, 'org', 'org-rate-limit')?.diagnosis?.code).toBe('ORG_RATE_LIMIT_WARNING');
      expect(sim().requests.map((r) => r.path)).toEqual(['/oauth2/v1/token', '/api/v1/logs']);
      expect(logRequests).toBe(1);
    },
  );

  it.each([
    ['org-event-hook-delivery', 'RATE_LIMIT_SCOPED_VIOLATION', /^warned: event hook delivery .*\(400000 per day\)/],
    ['org-concurrency-violation', 'RATE_LIMIT_SCOPED_VIOLATION', /concurrency limit \(requests in flight.*awareness/],
    ['org-elastic-rate-limit', undefined, undefined],
  ] as const)(
    "%s: each limit named as Okta names it, never the org's bucket (no page)",
    async (scenario, code, detail) => {
      const { report } = await probe(scenario, true, new Set<CheckName>(['org-rate-limit']));
      const judged = find(report, 'org', 'org-rate-limit');
      expect(judged?.diagnosis?.code).toBe(code);
      if (detail !== undefined) expect(judged?.diagnosis?.detail).toMatch(detail);
      // The org-wide violation count (the page's metric) stays 0.
      expect(judged?.observed).toMatchObject({ violations: 0 });
    },
  );

  it(
    "authorize-client-rate-limited: /authorize's 429 named as the client-based limit with its client, the log's " +
      'event as the same scope, and neither as the org bucket',
    async () => {
      const checks = new Set<CheckName>(['authorize', 'org-rate-limit']);
      const { report } = await probe('authorize-client-rate-limited', true, checks);
      const authorize = find(report, 'org', 'authorize');
      expect(authorize?.diagnosis?.code).toBe('CLIENT_RATE_LIMITED');
      expect(authorize?.diagnosis?.detail).toMatch(
        /client-based rate limit of \/authorize \(60 a minute per client, IP and device.*client 0oa\w+ .*not the org/,
      );
      // The limit is the client's: the custom server's /authorize, another client, is served.
      expect(find(report, 'default', 'authorize')?.status).toBe('pass');
      const logged = find(report, 'org', 'org-rate-limit');
      expect(logged?.diagnosis?.code).toBe('RATE_LIMIT_SCOPED_VIOLATION');
      expect(logged?.diagnosis?.detail).toMatch(/\/oauth2\/v1\/authorize, client, IP and device scope/);
      expect(logged?.observed).toMatchObject({ violations: 0 });
    },
  );

  it('a failing run with many failures still sends at most 3 requests to the log', async () => {
    const { report, logRequests } = await probe('network-zone');

    expect(report.checks.filter((c) => c.diagnosis !== null).length).toBeGreaterThan(1);
    expect(logRequests).toBeLessThanOrEqual(3);
  });

  it(
    "a System Log that answers after 30 s: the run ends at the log's budget (40 % of a 10 s timeoutMs), not at " +
      "timeoutMs, with every other check's metrics",
    async () => {
      const started = performance.now();
      const { report } = await probe('system-log-slow', true, undefined, { timeoutMs: 10_000 });
      const ms = performance.now() - started;
      const budgetMs = systemLogBudgetMs(10_000);
      expect(budgetMs).toBe(4000);
      // Before: the run waited for the log until timeoutMs (10 s), up to three times.
      expect(ms).toBeLessThan(budgetMs + 1500);

      const log = find(report, 'org', 'system-log')?.diagnosis;
      expect(log?.code).toBe('TIMEOUT');
      expect(log?.detail).toBe(
        `the System Log did not answer within its ${budgetMs} ms budget: not read this run (the ` +
          `next run reads it), and the other checks did not wait for it`,
      );
      expect(report.checks.filter((c) => c.status === 'fail' || c.status === 'skip').map((c) => c.check)).toEqual([
        'system-log',
        'org-rate-limit',
        'okta-failover',
      ]);
      // Every other check passed, and every datapoint a healthy run publishes is there but the log's own.
      const logs = (m: Report['metrics'][number]): boolean =>
        m.dimensions.Check === 'system-log' ||
        m.dimensions.Check === 'org-rate-limit' ||
        m.name.startsWith('OrgRateLimit');
      const key = (m: Report['metrics'][number]): string => `${m.name} ${JSON.stringify(m.dimensions)}`;
      const healthy = (await probe('healthy', true, undefined, { timeoutMs: 10_000 })).report;
      expect(
        report.metrics
          .filter((m) => !logs(m))
          .map(key)
          .sort(),
      ).toEqual(
        healthy.metrics
          .filter((m) => !logs(m))
          .map(key)
          .sort(),
      );
    },
    20_000,
  );
});
