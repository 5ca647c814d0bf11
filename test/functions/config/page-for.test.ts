// pageFor: which causes of a server's or a journey's failures page with the fast path, read from the file, refused
// with the field and the fix, and carried to the Lambda.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAULTS, NEVER_PAGES, ownerOf } from '../../../functions/diagnosis/faults';
import { isOutageCode } from '../../../functions/quorum/window';
import { DEFAULT_PAGE_FOR, DIAGNOSIS_CODES, FAULT_OWNERS } from '../../../functions/contract';
import { parseDeploy, serverEntry, throughLambda } from '../../support/server-configs';

const server = serverEntry;
const journey = (extra: Record<string, unknown> = {}) => ({
  id: 'portal',
  server: 'default',
  flow: 'idx',
  clientId: '0oa-portal',
  redirectUri: 'https://portal.example.com/callback',
  username: 'probe@example.com',
  ...extra,
});
const config = (servers: unknown[], signIn?: unknown[]) => ({
  orgUrl: 'https://acme.okta.com',
  servers,
  ...(signIn !== undefined ? { signIn } : {}),
});
const parse = parseDeploy;
const errorsOf = (raw: unknown): string[] => {
  const result = parse(raw);
  return result.ok ? [] : result.errors;
};

describe('pageFor in the config', () => {
  it('is absent by default (Okta and configuration page), and read into the owners it names', () => {
    const result = parse(
      config(
        [server('org'), server('default', { pageFor: ['okta', 'configuration', 'probe'] })],
        [journey({ pageFor: ['okta'] })],
      ),
    );
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.probe.servers.map((s) => s.pageFor)).toEqual([undefined, ['okta', 'org', 'probe']]);
    expect(result.config.probe.signIn?.[0]?.pageFor).toEqual(['okta']);
    expect(DEFAULT_PAGE_FOR).toEqual(['okta', 'org']);
  });

  it.each([
    [
      'a string',
      'okta',
      'servers[1].pageFor: expected an array of okta, configuration, probe, app, got a string (write ["okta"])',
    ],
    ['a number', 7, 'servers[1].pageFor: expected an array of okta, configuration, probe, app, got a number'],
    [
      'a cause that is no string',
      ['okta', 1],
      'servers[1].pageFor[1]: expected one of okta, configuration, probe, app, got a number',
    ],
    [
      'an empty list',
      [],
      'servers[1].pageFor: must include "okta": an outage of Okta always pages (add "okta", or remove pageFor ' +
        'for the default ["okta","configuration"])',
    ],
    [
      'an unknown cause',
      ['okta', 'config'],
      'servers[1].pageFor[1]: expected one of okta, configuration, probe, app, got "config" ' +
        '(did you mean "configuration"?)',
    ],
    ['a cause twice', ['okta', 'okta'], 'servers[1].pageFor[1]: "okta" is listed twice'],
    ['no okta', ['configuration'], 'servers[1].pageFor: must include "okta"'],
  ])('refuses %s, naming the field and the fix', (_what, pageFor, error) => {
    const errors = errorsOf(config([server('org'), server('default', { pageFor })]));
    expect(
      errors.some((e) => e.includes(error)),
      errors.join('\n'),
    ).toBe(true);
  });

  it('refuses "app" where no app can refuse: on a server, and on a journey without an "app" block', () => {
    const onServer = errorsOf(config([server('org'), server('default', { pageFor: ['okta', 'app'] })]));
    expect(onServer.join('\n')).toContain(
      'servers[1].pageFor: "app" names an app\'s refusal after Okta\'s part, which only a signIn journey with an ' +
        '"app" block meets, never a server; remove "app" here',
    );
    const onJourney = errorsOf(config([server('org'), server('default')], [journey({ pageFor: ['okta', 'app'] })]));
    expect(onJourney.join('\n')).toContain(
      'signIn[0].pageFor: "app" names the refusal of the journey\'s app, and this journey has no "app" block ' +
        '(flow "browser"), so it never meets one; add the "app" block, or remove "app"',
    );
  });

  it('reaches the Lambda as written', () => {
    const probe = throughLambda(config([server('org', { pageFor: ['okta', 'probe'] }), server('default')]));
    expect(probe.servers.map((s) => s.pageFor)).toEqual([['okta', 'probe'], undefined]);
  });
});

describe('ownerOf', () => {
  it('puts every code under one owner, the one FAULTS names', () => {
    for (const code of DIAGNOSIS_CODES) {
      expect(FAULT_OWNERS).toContain(ownerOf(code));
      expect(ownerOf(code), code).toBe(FAULTS[code]);
    }
  });

  it("tells the org's configuration that stops users from the probe's own credentials", () => {
    // What stops every user: a sign-on policy, an unassigned app, an audience the SP rejects.
    for (const code of [
      'SIGN_IN_REJECTED',
      'USER_NOT_ASSIGNED',
      'AUDIENCE_MISMATCH',
      'SAML_AUDIENCE_MISMATCH',
    ] as const)
      expect(ownerOf(code), code).toBe('org');
    // What stops only the probe: its rotated secret, its deleted client, its synthetic user's password, its own 429,
    // and a connection it could not make (from one place, its own network or DNS).
    for (const code of [
      'INVALID_CLIENT',
      'UNKNOWN_CLIENT_ID',
      'PASSWORD_EXPIRED',
      'RATE_LIMITED',
      'NETWORK_ERROR',
    ] as const)
      expect(ownerOf(code), code).toBe('probe');
  });

  it('is the one owner type: no file spells whose fault a failure is in words or a type of its own', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
      );
    const spelled = files(fileURLToPath(new URL('../../../functions', import.meta.url))).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [
        /\btype (Fault|PageCause|FaultOwner)\b\s*=/.test(text) && !file.endsWith('diagnosis-codes.ts') && 'a type',
        /'okta'\s*\|\s*'(org|configuration|probe|monitoring)'/.test(text) && 'a union of words',
        /owner(: |\W+)'monitoring'/.test(text) && "the page's old word",
      ].flatMap((found) => (found === false ? [] : [`${file}: ${found}`]));
    });
    expect(spelled).toEqual([]);
  });

  it("counts a refused connection towards the quorum's page, which asks agreeing regions: Okta's codes and it", () => {
    for (const code of DIAGNOSIS_CODES)
      expect(isOutageCode(code), code).toBe(
        (ownerOf(code) === 'okta' || code === 'NETWORK_ERROR') && !NEVER_PAGES.has(code),
      );
    expect(isOutageCode('NETWORK_ERROR')).toBe(true);
  });
});
