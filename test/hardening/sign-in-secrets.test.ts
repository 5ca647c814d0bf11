// The sign-in journey leaks nothing: a full CLI cycle against the simulator behind a loopback org that
// records every secret that crosses it (password, TOTP code, state and session tokens, code, PKCE verifier, mfa
// token, access and ID tokens, the sid cookie) and, in the hostile run, echoes each request back in its errors.
// None of them, in any form, may appear on stdout or stderr.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigFileJson } from '../../functions/config/schema';
import type { Report } from '../../functions/types';
import { writeSimulatorConfig } from '../../sim/config';
import { startSimulator, type Simulator } from '../../sim/server';
import { startHostileServer, type HostileAnswer, type HostileRequest, type HostileServer } from '../support/hostile';
import { buildOnce, runCli } from '../functions/cli/helpers';
import { forms } from './echo';
import { STACK_LINE } from './helpers';

const SECRET_KEYS = [
  'password',
  'passCode',
  'stateToken',
  'sessionToken',
  'code',
  'code_verifier',
  'mfa_token',
  'otp',
  'access_token',
  'id_token',
  'refresh_token',
  'token',
];

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ scenario: 'sign-in-mfa' });
  await buildOnce();
}, 600_000);
afterAll(async () => {
  await sim.close();
});

/** Every secret value in a request or an answer: JSON and form members, query parameters, Bearer, Basic, cookies. */
function secretsIn(text: string, headers: Readonly<Record<string, unknown>>): string[] {
  const found: string[] = [];
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    for (const key of SECRET_KEYS) if (typeof json[key] === 'string') found.push(json[key] as string);
  } catch {
    const form = new URLSearchParams(text);
    for (const key of SECRET_KEYS) if (form.get(key)) found.push(form.get(key)!);
  }
  const location = headers.location;
  if (typeof location === 'string')
    for (const key of SECRET_KEYS) found.push(...new URL(location, sim.url).searchParams.getAll(key));
  for (const value of [headers.authorization, headers.cookie, headers['set-cookie']].flat()) {
    if (typeof value === 'string')
      found.push(...[...value.matchAll(/(?:Bearer |Basic |sid=)([^;\s]+)/g)].map((m) => m[1]!));
  }
  return found.filter((value) => value.length >= 6);
}

/**
 * The simulator's org behind a recorder; `hostile` turns the factor and mfa-otp answers into errors echoing the
 * request.
 */
async function recordingOrg(seen: Set<string>, hostile: boolean): Promise<HostileServer> {
  let self = '';
  const edit = (answer: HostileAnswer, req: HostileRequest): HostileAnswer => {
    for (const value of [...secretsIn(req.body, req.headers), ...secretsIn(answer.body, answer.headers)])
      seen.add(value);
    const echo = `${req.body} ${String(req.headers.authorization ?? '')} ${String(req.headers.cookie ?? '')}`;
    if (hostile && /\/verify$/.test(req.path)) {
      return {
        status: 403,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          errorCode: 'E0000068',
          errorSummary: `Invalid Passcode/Answer for ${echo}`,
          errorCauses: [],
        }),
      };
    }
    if (hostile && req.body.includes('mfa-otp')) {
      return {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          error: 'invalid_grant',
          error_description: `The 'otp' provided is either empty or incorrect: ${echo}`,
        }),
      };
    }
    // The org's own links name the address the probe called.
    return { ...answer, body: answer.body.split(sim.url).join(self) };
  };
  const org = await startHostileServer({
    upstream: sim.url,
    rules: [{ match: () => true, behaviour: { kind: 'forward', edit } }],
  });
  self = org.url;
  return org;
}

async function runThrough(org: HostileServer): Promise<{ output: string; report: Report }> {
  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-sign-in-secrets-'));
  try {
    const path = await writeSimulatorConfig(sim, dir);
    const config = JSON.parse(readFileSync(path, 'utf8')) as ConfigFileJson;
    // Only the journeys, through the recorder. The ID tokens keep the simulator's iss (a signed token cannot be
    // rewritten, and an issuer must be https): the journeys end in ISSUER_MISMATCH after every step, cleanup included.
    // The SAML apps' URLs are on the org (the validator insists): they follow it through the recorder.
    const samlApps = config.samlApps?.map((app) => ({
      ...app,
      ssoUrl: app.ssoUrl.replace(config.orgUrl, org.url),
      metadataUrl: app.metadataUrl.replace(config.orgUrl, org.url),
    }));
    writeFileSync(
      path,
      JSON.stringify({ ...config, orgUrl: org.url, statusPageUrl: null, ...(samlApps !== undefined && { samlApps }) }),
    );
    const cli = await runCli(['run', '--config', path, '--json', '--server', 'portal', '--server', 'mobile']);
    expect(cli.stderr).not.toMatch(STACK_LINE);
    expect(cli.stdout, cli.stderr).not.toBe('');
    return { output: `${cli.stdout}\n${cli.stderr}`, report: JSON.parse(cli.stdout) as Report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the sign-in journey prints no secret', () => {
  it(
    'a journey with MFA, every step taken: password, TOTP code, tokens, code, verifier and session cookie stay ' +
      'in the process',
    async () => {
      const seen = new Set<string>();
      const org = await recordingOrg(seen, false);
      try {
        const { output, report } = await runThrough(org);
        const journeys = report.checks.filter((c) => c.check === 'sign-in');
        expect(journeys.map((c) => [c.server, c.diagnosis?.code])).toEqual([
          ['portal', 'ISSUER_MISMATCH'],
          ['mobile', 'ISSUER_MISMATCH'],
        ]);
        expect(journeys.map((c) => c.observed?.steps)).toEqual([
          'authn > verify token:software:totp (OKTA) > authorize > token (code) > userinfo',
          'token (password) > token (mfa-otp) > userinfo',
        ]);
        expect(journeys.map((c) => [c.observed?.tokensRevoked, c.observed?.sessionClosed])).toEqual([
          [true, true],
          [true, null],
        ]);
        // Not vacuous: the recorder saw the journey's secrets.
        expect(seen.size).toBeGreaterThanOrEqual(10);
        for (const user of [sim.clients.signIn.portalUser, sim.clients.signIn.mobileUser])
          seen.add(user.password).add(user.totpSecret);
        expect([...seen].flatMap(forms).filter((needle) => output.includes(needle))).toEqual([]);
      } finally {
        await org.close();
      }
    },
    60_000,
  );

  it('an org echoing each request in its errors: the diagnoses keep its words, never the secrets', async () => {
    const seen = new Set<string>();
    const org = await recordingOrg(seen, true);
    try {
      const { output, report } = await runThrough(org);
      const portal = report.checks.find((c) => c.server === 'portal' && c.check === 'sign-in');
      const mobile = report.checks.find((c) => c.server === 'mobile' && c.check === 'sign-in');
      expect(portal?.diagnosis).toMatchObject({
        code: 'TOTP_REJECTED',
        detail: expect.stringContaining('Invalid Passcode/Answer for'),
      });
      expect(mobile?.diagnosis).toMatchObject({
        code: 'TOTP_REJECTED',
        detail: expect.stringContaining('either empty or incorrect'),
      });
      for (const user of [sim.clients.signIn.portalUser, sim.clients.signIn.mobileUser])
        seen.add(user.password).add(user.totpSecret);
      expect([...seen].flatMap(forms).filter((needle) => output.includes(needle))).toEqual([]);
    } finally {
      await org.close();
    }
  });
});
