// Faults of the whole transport, through the spawned CLI (--json) for a representative subset, and the two
// that need the engine's dispatcher: an unresolvable host (a failing DNS lookup injected, so no packet leaves
// the machine) and a TLS failure (a self-signed HTTPS server on loopback, its certificate made at test time).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckName, DiagnosisCode } from '../../functions/contract';
import { parseConfig } from '../../functions/config/parse';
import { runProbe } from '../../functions/probe/engine';
import type { Report } from '../../functions/types';
import { startHostileServer, type HostileBehaviour } from '../support/hostile';
import { buildOnce, ROOT, runCli } from '../functions/cli/helpers';
import {
  checkOf,
  expectCompleteReport,
  expectFaultOnFirstRequests,
  STACK_LINE,
  standaloneConfig,
  testPrivateKeyPem,
} from './helpers';

const SECRETS = { privateKeyPem: testPrivateKeyPem(), clientSecret: 'hostile-client-secret-0000000000000000000' };
const TIMEOUT_MS = 1000;

beforeAll(async () => {
  await buildOnce();
}, 600_000);

function loadProbe(json: Record<string, unknown>, baseDir: string) {
  const parsed = parseConfig(json, { mode: 'cli', baseDir });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config.probe;
}

async function cliAgainst(url: string): Promise<{
  code: number | null;
  stderr: string;
  report: Report;
  elapsed: number;
  probe: ReturnType<typeof loadProbe>;
}> {
  const files = standaloneConfig(url, SECRETS, TIMEOUT_MS);
  try {
    const started = Date.now();
    const cli = await runCli(['run', '--config', files.configPath, '--json']);
    const elapsed = Date.now() - started;
    expect(cli.stderr).not.toMatch(STACK_LINE);
    let report: Report;
    try {
      report = JSON.parse(cli.stdout) as Report;
    } catch {
      throw new Error(`stdout is not one JSON report: ${cli.stdout.slice(0, 300)}\n${cli.stderr}`);
    }
    return { code: cli.code, stderr: cli.stderr, report, elapsed, probe: loadProbe(files.json, files.dir) };
  } finally {
    rmSync(files.dir, { recursive: true, force: true });
  }
}

const everywhere = (behaviour: HostileBehaviour) => [{ match: () => true, behaviour }];

describe('the spawned CLI against a hostile org', () => {
  const cases: {
    name: string;
    behaviour: HostileBehaviour;
    code: DiagnosisCode;
    detail?: RegExp;
    codeOf?: Partial<Record<CheckName, DiagnosisCode>>;
  }[] = [
    { name: 'no answer at all', behaviour: { kind: 'silent' }, code: 'TIMEOUT' },
    { name: 'connection reset mid-body', behaviour: { kind: 'reset-mid-body' }, code: 'NETWORK_ERROR' },
    {
      name: 'an HTML 5xx page',
      behaviour: {
        kind: 'answer',
        answer: {
          status: 502,
          headers: { 'content-type': 'text/html' },
          body: '<html><body>Bad Gateway</body></html>',
        },
      },
      code: 'OKTA_SERVER_ERROR',
    },
    {
      name: 'a redirect loop',
      behaviour: { kind: 'redirect-loop' },
      code: 'UNEXPECTED_RESPONSE',
      detail: /HTTP 302/,
      // Its answer is a redirect: one to anywhere but the redirect_uri is its own finding.
      codeOf: { authorize: 'AUTHORIZE_UNEXPECTED' },
    },
  ];

  it.each(cases)(
    '$name on every path: exits 1 on its own with $code on every check of both servers that opens with a request',
    async ({ behaviour, code, detail, codeOf }) => {
      const hostile = await startHostileServer({ rules: everywhere(behaviour) });
      try {
        const run = await cliAgainst(hostile.url);
        expect(run.code).toBe(1);
        // One timeout deep at most (token, then nothing: introspect is skipped), plus process start-up.
        expect(run.elapsed).toBeLessThan(TIMEOUT_MS + 10_000);
        expectCompleteReport(run.report, run.probe);
        for (const { id } of run.probe.servers) {
          expectFaultOnFirstRequests(run.report, run.probe, id, code, {
            ...(detail && { detail }),
            ...(codeOf && { codeOf }),
          });
          expect(checkOf(run.report, id, 'introspect').status).toBe('skip');
        }
        expect(run.report.metrics.length).toBeGreaterThan(0);
      } finally {
        await hostile.close();
      }
    },
  );
});

describe('an unresolvable host', () => {
  it(
    'reports NETWORK_ERROR (ENOTFOUND) on every request, ' + 'from an injected lookup that never leaves the machine',
    async () => {
      const looked: string[] = [];
      const lookup = ((hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException) => void) => {
        looked.push(hostname);
        callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }));
      }) as unknown as LookupFunction;
      const dispatcher = new Agent({ connect: { lookup } });
      const files = standaloneConfig('https://acme.okta.invalid', SECRETS, TIMEOUT_MS);
      try {
        const probe = loadProbe({ ...files.json, statusPageUrl: 'https://status.okta.invalid/feed' }, files.dir);
        const { resolveLocalCredentials } = await import('../../functions/credentials/local');
        const started = Date.now();
        const report = await runProbe(probe, {
          credentials: resolveLocalCredentials(probe, {}),
          dispatcher,
          deadline: started + 5000,
        });
        expect(Date.now() - started).toBeLessThan(7000);
        expectCompleteReport(report, probe);
        for (const check of report.checks.filter((c) => c.latencyMs !== null)) {
          expect(check.diagnosis?.code, `${check.server}/${check.check}`).toBe('NETWORK_ERROR');
          expect(check.diagnosis?.detail).toMatch(/ENOTFOUND/);
        }
        expect(checkOf(report, 'okta', 'status').diagnosis?.code).toBe('NETWORK_ERROR');
        expect(new Set(looked)).toEqual(new Set(['acme.okta.invalid', 'status.okta.invalid']));
      } finally {
        await dispatcher.close();
        rmSync(files.dir, { recursive: true, force: true });
      }
    },
  );
});

describe('a TLS failure', () => {
  let https: Server;
  let url: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-tls-'));
    const keyFile = join(dir, 'server.key');
    const certFile = join(dir, 'server.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const key = readFileSync(keyFile);
    const cert = readFileSync(certFile);
    rmSync(dir, { recursive: true, force: true });
    // Behind TLS, a healthy-looking answer: only the certificate is wrong.
    https = createHttpsServer({ key, cert }, (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    );
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', () => resolve()));
    url = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    https.closeAllConnections();
    await new Promise<void>((resolve) => https.close(() => resolve()));
  });

  it(
    'reports NETWORK_ERROR whose detail names TLS, ' + 'through the spawned CLI, and never reaches the server',
    async () => {
      let served = 0;
      https.on('request', () => (served += 1));
      const run = await cliAgainst(url);
      expect(run.code).toBe(1);
      expectCompleteReport(run.report, run.probe);
      const timed = run.report.checks.filter((c) => c.latencyMs !== null);
      expect(timed.length).toBeGreaterThan(0);
      for (const check of timed) {
        expect(check.diagnosis?.code, `${check.server}/${check.check}`).toBe('NETWORK_ERROR');
        expect(check.diagnosis?.detail).toMatch(
          /TLS handshake failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/,
        );
      }
      expect(served).toBe(0);
    },
  );
});

describe('certificate checks', () => {
  it('never turns certificate checks off anywhere in the shipped source', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|mts|js|mjs)$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          if (
            /rejectUnauthorized\s*:\s*(false|0)/.test(text) ||
            /NODE_TLS_REJECT_UNAUTHORIZED/.test(text) ||
            /checkServerIdentity\s*:/.test(text)
          ) {
            offenders.push(path);
          }
        }
      }
    };
    for (const dir of ['functions', 'lib', 'sim', 'bin', 'scripts']) walk(join(ROOT, dir));
    // One exception, narrow and read: the hook certificate reader on the simulator's own loopback host alone, which
    // reads Node's verdict (socket.authorized) instead of ending the handshake (decisions/simulator-hook-trust.md).
    const hookTls = join(ROOT, 'functions/probe/integrations/hook-tls.ts');
    const hookText = readFileSync(hookTls, 'utf8');
    expect(hookText.match(/rejectUnauthorized\s*:\s*false/g)).toHaveLength(1);
    expect(hookText).toContain('...(simulator && { rejectUnauthorized: false })');
    expect(hookText).toMatch(/simulator && !socket\.authorized/);
    expect(offenders.filter((path) => path !== hookTls)).toEqual([]);
    // The scan reads what it claims to: the HTTP client's folder is among the files, and it does mention the option.
    const client = join(ROOT, 'functions/probe/http');
    expect(
      readdirSync(client)
        .map((name) => readFileSync(join(client, name), 'utf8'))
        .join('\n'),
    ).toMatch(/rejectUnauthorized/);
  });
});
