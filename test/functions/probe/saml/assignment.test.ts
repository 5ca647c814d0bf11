// A SAML app's assignment, read from the user's app links only when its SSO lands on an error page: the app found by
// the id its URLs carry, else by its name with each instance told apart by its public metadata; then the error page
// judged by it (not assigned, assigned, or unknown with why).
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../../../sim/saml/certificate';
import { idpMetadata } from '../../../../sim/saml/messages';
import { assignmentById, assignmentOf, judgeLanding, type Landing } from '../../../../functions/probe/saml/assignment';
import type { Exchange } from '../../../../functions/probe/context';
import { fail } from '../../../../functions/probe/verdict';

const ORG = 'https://acme.okta.com';
/** A listed app as the Admin Console shows its URLs: the external key, not the id. */
const APP = {
  ssoUrl: `${ORG}/app/salesforce/exk1a2b3c4d5e6f7g8h9/sso/saml`,
  metadataUrl: `${ORG}/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata`,
};
/** An instance's public IdP metadata, naming its SSO URL (the simulator's writer, a real certificate). */
const CERTIFICATE = selfSignedCertificate({
  privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  commonName: 'salesforce',
  notBefore: Date.now() - 86_400_000,
  notAfter: Date.now() + 86_400_000,
});
const metadataNaming = (ssoUrl: string): string =>
  idpMetadata({ entityId: 'http://www.okta.com/exk', certificates: [CERTIFICATE], ssoUrl });

/** An exchange answering each instance's metadata from `bodies`, counting what it was asked. */
function metadataExchange(bodies: Record<string, string>): { exchange: Exchange; asked: string[] } {
  const asked: string[] = [];
  const exchange: Exchange = async (req) => {
    asked.push(new URL(req.url).pathname);
    const id = /\/app\/([^/]+)\/sso\/saml\/metadata$/.exec(new URL(req.url).pathname)?.[1] ?? '';
    const body = bodies[id];
    return {
      ok: true,
      response: {
        status: body === undefined ? 404 : 200,
        headers: {},
        body: body ?? '',
        requestId: null,
        bodyTruncated: false,
        timings: { total: 1 },
      },
    } as never;
  };
  return { exchange, asked };
}

describe('assignmentOf', () => {
  it('finds the app by an id its URLs carry, without a further request', async () => {
    const { exchange, asked } = metadataExchange({});
    const app = { ...APP, metadataUrl: `${ORG}/app/0oa1salesforce00000x7/sso/saml/metadata` };
    const links = [{ appName: 'salesforce', appInstanceId: '0oa1salesforce00000x7' }];
    expect(await assignmentOf(app, { links }, exchange)).toMatchObject({ assigned: true });
    expect(asked).toEqual([]);
  });

  it('is not assigned when no link names the app or its name', async () => {
    const { exchange } = metadataExchange({});
    const links = [{ appName: 'boxnet', appInstanceId: '0oa3ompioiQCSTOYXVBK' }];
    expect(await assignmentOf(APP, { links }, exchange)).toMatchObject({
      assigned: false,
      how: expect.stringContaining('1 app link(s), none of it'),
    });
  });

  it("tells an OIN app's instances apart by the SSO URL their metadata names", async () => {
    const links = [
      { appName: 'salesforce', appInstanceId: '0oa1sandbox0000000x7' },
      { appName: 'salesforce', appInstanceId: '0oa1production0000x7' },
    ];
    const sandbox = metadataNaming(`${ORG}/app/salesforce/exk9sandbox00000000x/sso/saml`);
    const mine = metadataExchange({
      '0oa1sandbox0000000x7': sandbox,
      '0oa1production0000x7': metadataNaming(APP.ssoUrl),
    });
    expect(await assignmentOf(APP, { links }, mine.exchange)).toMatchObject({ assigned: true });
    const other = metadataExchange({ '0oa1sandbox0000000x7': sandbox, '0oa1production0000x7': sandbox });
    expect(await assignmentOf(APP, { links }, other.exchange)).toMatchObject({ assigned: false });
    expect(other.asked).toHaveLength(2);
  });

  it('says why it cannot tell: an unreadable candidate, too many of one name, no links read', async () => {
    const one = [{ appName: 'salesforce', appInstanceId: '0oa1sandbox0000000x7' }];
    expect(await assignmentOf(APP, { links: one }, metadataExchange({}).exchange)).toHaveProperty('unknown');
    const many = Array.from({ length: 4 }, (_, i) => ({
      appName: 'salesforce',
      appInstanceId: `0oa1instance${i}00000x7`,
    }));
    const { exchange, asked } = metadataExchange({});
    expect(await assignmentOf(APP, { links: many }, exchange)).toMatchObject({
      unknown: expect.stringMatching(/4 apps/),
    });
    expect(asked).toEqual([]);
    expect(await assignmentOf(APP, { unavailable: 'no token' }, exchange)).toEqual({ unknown: 'no token' });
  });
});

describe('assignmentById', () => {
  it("finds a discovered app by the id Okta's listing gave it; says why when the links were not read", () => {
    const links = Array.from({ length: 300 }, (_, i) => ({ appName: 'x', appInstanceId: `0oa${i}` }));
    expect(assignmentById('0oa250', { links })).toMatchObject({ assigned: true });
    expect(assignmentById('0oa999', { links })).toMatchObject({
      assigned: false,
      how: expect.stringContaining('300 app link(s), none of it'),
    });
    expect(assignmentById('0oa1', { unavailable: 'no token' })).toEqual({ unknown: 'no token' });
  });
});

describe('judgeLanding', () => {
  const offOrg: Landing = {
    said: 'redirected (HTTP 302) to https://help.acme.example/no, off the org',
    kind: 'off the org',
  };
  const walked = fail('SAML_SESSION_REFUSED', "an IdP routing rule; or the app's custom error page");

  it('names the missing assignment and its remedy, and nothing of routing', () => {
    const verdict = judgeLanding(offOrg, walked, { assigned: false, how: 'appLinks lists 3, none of it' });
    expect(verdict.diagnosis?.code).toBe('SAML_USER_NOT_ASSIGNED');
    expect(verdict.diagnosis?.detail).toContain('not assigned: assign the synthetic user (or its group) to the app');
    expect(verdict.diagnosis?.detail).not.toMatch(/routing/);
  });

  it("rules the assignment out when assigned: the app's policy, or for a page off the org a routing rule", () => {
    const assigned = { assigned: true, how: 'appLinks names its id' };
    expect(judgeLanding(offOrg, walked, assigned).diagnosis?.detail).toMatch(/is assigned.*IdP routing rule/);
    const page: Landing = { said: 'answered the sign-in page', kind: 'failure redirect' };
    const told = judgeLanding(page, walked, assigned).diagnosis;
    expect([told?.code, told?.detail]).toEqual([
      'SAML_SESSION_REFUSED',
      expect.stringMatching(/sign-on policy refused/),
    ]);
    expect(told?.detail).not.toMatch(/routing/);
  });

  it("keeps the walk's verdict when the assignment is unknown, saying why", () => {
    const verdict = judgeLanding(offOrg, walked, { unknown: 'no "org" server reads users' });
    expect(verdict.diagnosis?.code).toBe('SAML_SESSION_REFUSED');
    expect(verdict.diagnosis?.detail).toMatch(/routing rule.*was not read: no "org" server reads users$/);
  });
});
