// Secrets never leave the process readable: a full CLI cycle (--json and text) against a hostile org that
// echoes every credential it receives (Authorization header, client_secret, client_assertion, the token)
// back in its error descriptions, bare and labelled. No secret, private key or token, nor its base64 or
// URL-encoded form, may appear on stdout or stderr.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../functions/types';
import { startHostileServer, type HostileAnswer, type HostileServer } from '../../sim/hostile';
import { buildOnce, runCli } from '../cli/helpers';
import { STACK_LINE, standaloneConfig, testPrivateKeyPem } from './helpers';

/** A client secret with characters that URL-encoding and base64 both change. */
export const CLIENT_SECRET = 'Sx9+k/Q=~secret value&more:0123456789abcdef';
/** Opaque, as Org-AS tokens are: only knowing the value can redact it. */
export const ACCESS_TOKEN = 'oktaOpaqueAccessToken0123456789abcdefghijklmnopqrstuv';
export const PRIVATE_KEY = testPrivateKeyPem();

/** Every form a value may take on the wire or in a log. */
export function forms(value: string): string[] {
  return [...new Set([value, encodeURIComponent(value), new URLSearchParams({ s: value }).toString().slice(2), Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url')])];
}

/** The PEM's base64 body lines, each long enough to be unmistakable. */
export function keyMaterial(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
}

export function leaks(text: string, clientId: string): string[] {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
  const needles = [...forms(CLIENT_SECRET), ...forms(ACCESS_TOKEN), ...keyMaterial(PRIVATE_KEY), basic];
  return needles.filter((needle) => text.includes(needle));
}

const tokenAnswer: HostileAnswer = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: ACCESS_TOKEN, scope: 'probe.read' }),
};

/**
 * The custom AS issues the opaque token, then its introspection echoes the token and the Basic credential;
 * the Org AS's /token echoes the client assertion; everything else echoes whatever it got.
 */
export async function startEchoOrg(): Promise<HostileServer> {
  return startHostileServer({
    rules: [
      { match: '/oauth2/default/v1/token', behaviour: { kind: 'answer', answer: tokenAnswer } },
      { match: () => true, behaviour: { kind: 'echo-credentials' } },
    ],
  });
}

let org: HostileServer;
beforeAll(async () => {
  org = await startEchoOrg();
  await buildOnce();
}, 600_000);
afterAll(async () => {
  await org.close();
});

describe('a full CLI cycle against an org that echoes credentials', () => {
  it.each([['--json'], []])('run %s: the echo reached the probe, yet no secret, key or token is printed', async (...flags) => {
    const files = standaloneConfig(org.url, { privateKeyPem: PRIVATE_KEY, clientSecret: CLIENT_SECRET });
    try {
      const cli = await runCli(['run', '--config', files.configPath, ...flags]);
      expect(cli.code).toBe(1);
      expect(cli.stderr).not.toMatch(STACK_LINE);
      // The hostile org did receive the credentials and did echo them: the test is not vacuous.
      expect(org.requests.some((r) => r.path === '/oauth2/default/v1/introspect')).toBe(true);
      const output = `${cli.stdout}\n${cli.stderr}`;
      expect(leaks(output, '0oaHostileCustom000x2')).toEqual([]);
      expect(output).not.toMatch(/-----BEGIN/);
      expect(output).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./); // no client assertion
      if (flags.length > 0) {
        const report = JSON.parse(cli.stdout) as Report;
        const introspect = report.checks.find((c) => c.server === 'default' && c.check === 'introspect');
        expect(introspect?.diagnosis?.code).toBe('INVALID_CLIENT');
        // The description was kept (redacted), not dropped: that is where a leak would be.
        expect(introspect?.diagnosis?.detail).toMatch(/Rejected request/);
        expect(report.checks.find((c) => c.server === 'org' && c.check === 'token')?.diagnosis?.detail).toMatch(/Rejected request/);
      } else {
        expect(cli.stdout).toMatch(/Rejected request/);
      }
    } finally {
      rmSync(files.dir, { recursive: true, force: true });
    }
  });
});
