// Secrets never leave the process readable: a full CLI cycle (--json and text) against a hostile org that
// echoes every credential it receives (Authorization header, client_secret, client_assertion, the token)
// back in its error descriptions, bare and labelled. No secret, private key or token, nor its base64 or
// URL-encoded form, may appear on stdout or stderr.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../functions/types';
import type { HostileServer } from '../support/hostile';
import { buildOnce, runCli } from '../functions/cli/helpers';
import { CLIENT_SECRET, leaks, PRIVATE_KEY, startEchoOrg } from './echo';
import { STACK_LINE, standaloneConfig } from './helpers';

let org: HostileServer;
beforeAll(async () => {
  org = await startEchoOrg();
  await buildOnce();
}, 600_000);
afterAll(async () => {
  await org.close();
});

describe('a full CLI cycle against an org that echoes credentials', () => {
  it.each([['--json'], []])(
    'run %s: the echo reached the probe, yet no secret, key or token is printed',
    async (...flags) => {
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
          expect(report.checks.find((c) => c.server === 'org' && c.check === 'token')?.diagnosis?.detail).toMatch(
            /Rejected request/,
          );
        } else {
          expect(cli.stdout).toMatch(/Rejected request/);
        }
      } finally {
        rmSync(files.dir, { recursive: true, force: true });
      }
    },
  );
});
