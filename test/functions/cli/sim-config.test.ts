// `sim --config F`: the simulator plays the org of someone's own config, and `run --config G` probes it green.
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG_PATH } from '../../support/configs';
import { buildOnce, runCli } from './helpers';
import { OWN_CONFIG, secretVariables, serve } from './own-config';

interface ReportJson {
  readonly orgUrl: string;
  readonly checks: readonly { readonly server: string; readonly check: string; readonly status: string }[];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-own-config-'));
  await buildOnce();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sim --config', () => {
  it('plays two custom servers, a journey, a SAML app, a group and the inventory: its run passes', async () => {
    const file = join(dir, 'acme.json');
    const written = `${JSON.stringify(OWN_CONFIG, null, 2)}\n`;
    await writeFile(file, written);
    const sim = await serve(['--config', file]);
    try {
      const out = join(dir, 'acme.sim.json');
      expect(sim.stdout).toContain(`run --config ${out}`);
      // Piped (no terminal): every line within 80 columns, the commands cut with the shell's continuation; a single
      // word longer than that (a variable set from a long path) stays whole on its line.
      const wide = sim.printed.split('\n').filter((line) => line.length > 80);
      const oneWord = /^ *(\w+="\$\(cat [^)]+\)"|\S+)( \\)?$/;
      expect(wide.filter((line) => !oneWord.test(line))).toEqual([]);
      // What the simulator plays otherwise than the config says is named.
      expect(sim.stdout).toMatch(/aus1orders.*tokens carry tenant/);
      expect(sim.stdout).toMatch(/statusPageUrl: served as the simulator's status feed/);
      expect(sim.stdout).toMatch(/"portal-apps": discover served as the simulator's catalogue of 3 SAML apps/);
      const simFile = await readFile(out, 'utf8');
      const rewritten = JSON.parse(simFile) as { orgUrl: string };
      expect(rewritten.orgUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The custom server's client secret was inline in the written file (0644), which report --config refused: it is
      // in a file of mode 0600, read through the variable the printed command sets from it.
      expect(simFile).not.toContain('"clientSecret"');
      const env = await secretVariables(sim.stdout);
      expect(Object.keys(env)).toEqual(['OKTA_SIM_SECRET_AUS1ORDERS']);
      for (const secret of Object.values(env)) expect(simFile).not.toContain(secret);
      const reported = await runCli(['report', '--month', '2026-10', '--history', dir, '--config', out]);
      expect(reported.stderr).not.toMatch(/inline secret|clientSecret/);
      const ran = await runCli(['run', '--json', '--config', out], env);
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      const report = JSON.parse(ran.stdout) as ReportJson;
      expect(report.orgUrl).toBe(rewritten.orgUrl);
      const servers = new Set(report.checks.map((check) => check.server));
      for (const id of ['org', 'aus1orders', 'aus1billing', 'portal', 'salesforce', 'portal-apps'])
        expect(servers).toContain(id);
      // The config's own APIs are kept, played by the simulator (they were dropped): the resource check runs.
      expect(report.checks).toContainEqual(expect.objectContaining({ server: 'aus1orders', check: 'resource' }));
      expect(simFile).not.toContain('api.acme.example');
      // The org's inventory reads the discovered catalogue's key stores as every other app's: each answers, none is
      // told as a missing authorization server.
      expect(report.checks).toContainEqual(
        expect.objectContaining({ server: 'org', check: 'app-certificates', status: 'pass' }),
      );
      // The Org server's certificate check alone does not apply: the simulator is plain http.
      const notPassed = report.checks.filter((check) => check.status !== 'pass');
      expect(notPassed).toEqual([{ ...notPassed[0], server: 'org', check: 'certificate', status: 'n/a' }]);
      // The user's file is untouched; the simulator's secrets are the owner's only.
      expect(await readFile(file, 'utf8')).toBe(written);
      for (const name of ['probe-key.pem', 'signin-0-portal.json'])
        expect((await stat(join(dir, 'acme.sim-secrets', name))).mode & 0o777).toBe(0o600);
    } finally {
      expect(await sim.stop()).toBe(0);
    }
  });

  it('plays one SPA shared by /authorize and the journey as the public client it is: its run passes', async () => {
    const spa = '0oa8p0rta1XyZ9aB35d7';
    const [org, orders] = OWN_CONFIG.servers;
    const shared = {
      orgUrl: OWN_CONFIG.orgUrl,
      servers: [
        { ...org, authorize: { clientId: spa, redirectUri: 'https://portal.acme.example/login/callback' } },
        { ...orders, authorize: { ...orders?.authorize, clientId: spa } },
      ],
      signIn: [{ ...OWN_CONFIG.signIn[0], server: 'org', flow: 'idx', clientId: spa }],
    };
    const file = join(dir, 'spa.json');
    await writeFile(file, JSON.stringify(shared));
    const sim = await serve(['--config', file]);
    try {
      const ran = await runCli(
        ['run', '--json', '--config', join(dir, 'spa.sim.json')],
        await secretVariables(sim.stdout),
      );
      expect(ran.stderr).toBe('');
      const report = JSON.parse(ran.stdout) as ReportJson;
      // The journey's token call was refused as CLIENT_AUTH_MALFORMED: the simulator had made the app confidential.
      expect(report.checks.filter((check) => !['pass', 'n/a'].includes(check.status))).toEqual([]);
      expect(report.checks.map((check) => `${check.server}/${check.check}`)).toContain('portal/sign-in');
      expect(ran.code).toBe(0);
    } finally {
      expect(await sim.stop()).toBe(0);
    }
  });

  it("signs each journey in with its config's factor: the TOTP authenticator named, a passkey enrolled", async () => {
    const [org, orders] = OWN_CONFIG.servers;
    const journey = { server: 'org', clientId: '0oa8p0rta1XyZ9aB35d7', passwordEnv: 'ACME_PROBE_PASSWORD' };
    const redirectUri = 'https://portal.acme.example/login/callback';
    const own = {
      orgUrl: OWN_CONFIG.orgUrl,
      statusPageUrl: null,
      servers: [org, orders],
      signIn: [
        { ...journey, id: 'classic', flow: 'authn', redirectUri, username: 'a@acme.example', totpSecretEnv: 'T1' },
        {
          ...journey,
          ...{ id: 'google', flow: 'authn', redirectUri, username: 'b@acme.example', totpSecretEnv: 'T2' },
          totpAuthenticator: 'google-authenticator',
        },
        {
          ...journey,
          ...{ id: 'verify', flow: 'idx', redirectUri, username: 'c@acme.example', totpSecretEnv: 'T3' },
          totpAuthenticator: 'okta-verify',
        },
        { ...journey, id: 'direct', flow: 'direct', username: 'd@acme.example', totpSecretEnv: 'T4' },
        { ...journey, id: 'plain', flow: 'authn', redirectUri, username: 'e@acme.example' },
        {
          ...journey,
          ...{ id: 'key', flow: 'idx', redirectUri, username: 'f@acme.example', totpSecretEnv: 'T5' },
          ...{ authenticator: 'passkey', passkeyFile: 'keys/f-passkey.json' },
        },
      ],
    };
    const file = join(dir, 'factors.json');
    await writeFile(file, JSON.stringify(own));
    const sim = await serve(['--config', file]);
    try {
      const out = join(dir, 'factors.sim.json');
      // The passkey journey's user holds none yet: the printed steps enroll it first, as docs/passkey.md does.
      expect(sim.stdout).toContain(`passkey enroll --config ${out} --journey key`);
      const env = await secretVariables(sim.stdout);
      const enrolled = await runCli(['passkey', 'enroll', '--config', out, '--journey', 'key'], env);
      expect(enrolled.stdout).toContain('Passkey enrolled for journey "key"');
      expect(enrolled.code).toBe(0);
      const ran = await runCli(['run', '--json', '--config', out], env);
      expect(ran.stderr).toBe('');
      const report = JSON.parse(ran.stdout) as {
        checks: { server: string; check: string; status: string; observed?: { authenticators?: string } }[];
      };
      const signedIn = Object.fromEntries(
        report.checks
          .filter((check) => check.check === 'sign-in')
          .map((check) => [check.server, `${check.status}: ${check.observed?.authenticators ?? ''}`]),
      );
      expect(signedIn).toEqual({
        classic: expect.stringMatching(/^pass: password \+ .*Okta Verify/i),
        google: expect.stringMatching(/^pass: password \+ .*Google Authenticator/i),
        verify: expect.stringMatching(/^pass: password \+ .*Okta Verify/i),
        direct: 'pass: password + TOTP code',
        plain: 'pass: password',
        key: expect.stringMatching(/^pass: password \+ passkey/i),
      });
    } finally {
      expect(await sim.stop()).toBe(0);
    }
  });

  it("rehearses a deploy config, the committed example's: no local credential, each secret the stack's", async () => {
    // `run` refuses it (no credential for the CLI), `run --secrets aws` takes it: the simulator plays every credential.
    const file = join(dir, 'deploy.json');
    await copyFile(EXAMPLE_CONFIG_PATH, file);
    const refused = await runCli(['run', '--config', file]);
    expect(refused.stderr).toContain('no credential for the CLI');
    const sim = await serve(['--config', file]);
    try {
      const out = join(dir, 'deploy.sim.json');
      expect(sim.stdout).toContain(`run --config ${out}`);
      const ran = await runCli(['run', '--json', '--config', out], await secretVariables(sim.stdout));
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      const report = JSON.parse(ran.stdout) as ReportJson;
      expect(new Set(report.checks.map((check) => check.server))).toEqual(new Set(['org', 'default', 'okta']));
    } finally {
      expect(await sim.stop()).toBe(0);
    }
  });

  it('refuses a bad config with the same words as run, and exit code 2', async () => {
    const file = join(dir, 'bad.json');
    const { orgUrl: _, ...withoutOrg } = OWN_CONFIG;
    await writeFile(file, JSON.stringify({ ...withoutOrg, servers: [{ ...OWN_CONFIG.servers[1], scopes: 'x' }] }));
    // The run reads the journey's and the server's secrets; the simulator never does: both have them here, so that the
    // config's own problems are all there is.
    const env = {
      ACME_ORDERS_SECRET: 'a-client-secret-of-forty-characters-0123',
      ACME_PROBE_PASSWORD: 'correct horse battery staple',
      ACME_PROBE_TOTP: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    };
    const [sim, run] = await Promise.all([
      runCli(['sim', '--config', file], env),
      runCli(['run', '--config', file], env),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/orgUrl: required/);
    expect(run.stderr).toMatch(/servers\[0\]\.scopes/);
    expect(sim).toEqual({ code: 2, stdout: '', stderr: run.stderr });
  });

  it('never overwrites the config it reads', async () => {
    const file = join(dir, 'same.json');
    await writeFile(file, JSON.stringify(OWN_CONFIG));
    const sim = await runCli(['sim', '--config', file, '--out', file]);
    expect(sim.code).toBe(2);
    expect(sim.stderr).toContain('never overwrites your file');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(OWN_CONFIG);
  });
});
