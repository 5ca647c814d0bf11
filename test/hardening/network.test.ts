// Network and HTTP faults through the real engine: the simulator behind a hostile server that misbehaves on
// one path at a time. Each run must end by its deadline, report every planned check, put the right diagnosis
// on the right server and check, leave the other server untouched, and still produce metrics.
import { describe, expect, it } from 'vitest';
import type { DiagnosisCode } from '../../functions/contract';
import { runProbe } from '../../functions/probe/engine';
import { startHostileServer, type HostileBehaviour } from '../support/hostile';
import { useSimulator } from '../support/simulator';
import { checkOf, expectCompleteReport, expectFaultOnFirstRequests, simulatorProbe, via } from './helpers';
import { isHealthy } from '../../functions/probe/results';

const TIMEOUT_MS = 1000;
const DEADLINE_MS = 8000;

const html = (status: number, title: string): HostileBehaviour => ({
  kind: 'answer',
  answer: {
    status,
    headers: { 'content-type': 'text/html' },
    body: `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
  },
});

interface Fault {
  readonly name: string;
  readonly path: string;
  readonly behaviour: HostileBehaviour;
  readonly server: 'org' | 'default';
  readonly check: 'discovery' | 'keys' | 'token' | 'introspect';
  readonly code: DiagnosisCode;
  /** Text the diagnosis detail must contain. */
  readonly detail?: RegExp;
}

const FAULTS: readonly Fault[] = [
  {
    name: 'no answer at all',
    path: '/oauth2/default/v1/token',
    behaviour: { kind: 'silent' },
    server: 'default',
    check: 'token',
    code: 'TIMEOUT',
  },
  {
    name: 'headers, then a body that never ends',
    path: '/oauth2/default/.well-known/openid-configuration',
    behaviour: { kind: 'stall-body' },
    server: 'default',
    check: 'discovery',
    code: 'TIMEOUT',
  },
  {
    name: 'connection reset mid-body',
    path: '/oauth2/v1/keys',
    behaviour: { kind: 'reset-mid-body' },
    server: 'org',
    check: 'keys',
    code: 'NETWORK_ERROR',
  },
  {
    name: 'truncated JSON',
    path: '/oauth2/default/v1/introspect',
    behaviour: {
      kind: 'answer',
      answer: {
        status: 200,
        // Okta's answer, cut short: its request id came with the headers.
        headers: { 'content-type': 'application/json', 'x-okta-request-id': 'reqTruncated1' },
        body: '{"active":true,"scope":"probe.re',
      },
    },
    server: 'default',
    check: 'introspect',
    code: 'MALFORMED_RESPONSE',
  },
  {
    name: 'an HTML 5xx page',
    path: '/oauth2/v1/token',
    behaviour: html(503, 'Service Unavailable'),
    server: 'org',
    check: 'token',
    code: 'OKTA_SERVER_ERROR',
    detail: undefined,
  },
  // A sign-in page where JSON belongs, without Okta's request id: a captive portal or proxy answered, not Okta.
  {
    name: '200 with an HTML page',
    path: '/oauth2/default/v1/keys',
    behaviour: html(200, 'Sign In'),
    server: 'default',
    check: 'keys',
    code: 'ANSWER_NOT_FROM_OKTA',
  },
  {
    name: 'a body over 1 MB that never ends',
    path: '/oauth2/default/v1/keys',
    behaviour: { kind: 'endless-body' },
    server: 'default',
    check: 'keys',
    code: 'MALFORMED_RESPONSE',
  },
  // Redirects are never followed: discovery and /token answer with their own status, so a 302 is an
  // answer the probe did not expect, with the status in the detail.
  {
    name: 'a redirect loop on discovery',
    path: '/.well-known/openid-configuration',
    behaviour: { kind: 'redirect-loop' },
    server: 'org',
    check: 'discovery',
    code: 'UNEXPECTED_RESPONSE',
    detail: /HTTP 302/,
  },
  {
    name: 'a redirect loop on /token',
    path: '/oauth2/default/v1/token',
    behaviour: { kind: 'redirect-loop' },
    server: 'default',
    check: 'token',
    code: 'UNEXPECTED_RESPONSE',
    detail: /HTTP 302/,
  },
];

const sim = useSimulator();

describe('network and HTTP faults on one path, through the engine', () => {
  it.each(FAULTS)('$name on $path: $server/$check reports $code, the rest of the run is unaffected', async (fault) => {
    const hostile = await startHostileServer({
      upstream: sim().url,
      rules: [{ match: fault.path, behaviour: fault.behaviour }],
    });
    const dispatcher = via(hostile.url);
    try {
      const { config, credentials } = await simulatorProbe(sim(), { timeoutMs: TIMEOUT_MS });
      const started = Date.now();
      const deadline = started + DEADLINE_MS;

      const report = await runProbe(config, { credentials, dispatcher, deadline });

      expect(Date.now()).toBeLessThan(deadline + 2000);
      expectCompleteReport(report, config);
      const result = checkOf(report, fault.server, fault.check);
      expect(result.diagnosis?.code, JSON.stringify(result.diagnosis)).toBe(fault.code);
      if (fault.detail) expect(result.diagnosis?.detail).toMatch(fault.detail);
      expect(
        report.metrics.find(
          (m) =>
            m.name === 'CheckSuccess' && m.dimensions.Server === fault.server && m.dimensions.Check === fault.check,
        )?.value,
      ).toBe(0);
      // The other server never saw the fault: all its checks pass.
      const other = fault.server === 'org' ? 'default' : 'org';
      expect(report.checks.filter((c) => c.server === other && !isHealthy(c))).toEqual([]);
      expect(checkOf(report, 'okta', 'status').status).toBe('pass');
    } finally {
      await dispatcher.close();
      await hostile.close();
    }
  });

  it('cuts a never-ending body off at 1 MB instead of buffering it, and answers long before the timeout', async () => {
    const hostile = await startHostileServer({
      upstream: sim().url,
      rules: [{ match: '/oauth2/default/v1/keys', behaviour: { kind: 'endless-body' } }],
    });
    const dispatcher = via(hostile.url);
    try {
      const { config, credentials } = await simulatorProbe(sim(), { timeoutMs: 30_000 });
      const report = await runProbe(config, { credentials, dispatcher, deadline: Date.now() + 40_000 });
      const keys = checkOf(report, 'default', 'keys');
      expect(keys.diagnosis?.code).toBe('MALFORMED_RESPONSE');
      // Not a timeout: the probe stopped reading at the cap rather than waiting for the end.
      expect(keys.latencyMs).toBeLessThan(30_000);
      // The socket was dropped: the server could write only what the buffers on the way hold.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const written = hostile.endlessBytes;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hostile.endlessBytes).toBe(written);
      expect(written).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await dispatcher.close();
      await hostile.close();
    }
  });

  it('never follows a redirect: a loop on every path costs one request per endpoint', async () => {
    const hostile = await startHostileServer({ rules: [{ match: () => true, behaviour: { kind: 'redirect-loop' } }] });
    const dispatcher = via(hostile.url);
    try {
      const { config, credentials } = await simulatorProbe(sim(), { timeoutMs: TIMEOUT_MS });
      const report = await runProbe(config, { credentials, dispatcher, deadline: Date.now() + DEADLINE_MS });
      expectCompleteReport(report, config);
      for (const { id } of config.servers)
        expectFaultOnFirstRequests(report, config, id, 'UNEXPECTED_RESPONSE', {
          // Its answer is a redirect: one to anywhere but the redirect_uri is its own finding.
          codeOf: { authorize: 'AUTHORIZE_UNEXPECTED' },
        });
      // The access assertions' own token met the same redirect: the server's token check tells it, once.
      expect(checkOf(report, 'org', 'access-assertion')).toMatchObject({
        status: 'skip',
        skipReason: 'token failed: UNEXPECTED_RESPONSE',
      });
      const perPath = new Map<string, number>();
      for (const { path } of hostile.requests) perPath.set(path, (perPath.get(path) ?? 0) + 1);
      // The access assertions ask the org's token endpoint for a token of their own scope (as the inventory does):
      // one more request there, never a followed redirect.
      const ownTokens = config.servers.some((s) => (s.accessAssertions ?? []).length > 0) ? 1 : 0;
      const expected = (path: string): number => (path === '/oauth2/v1/token' ? 1 + ownTokens : 1);
      expect(
        [...perPath].every(([path, n]) => n === expected(path)),
        JSON.stringify([...perPath]),
      ).toBe(true);
    } finally {
      await dispatcher.close();
      await hostile.close();
    }
  });
});
