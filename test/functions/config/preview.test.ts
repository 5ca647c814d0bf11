import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { previewConfigFile, type PreviewBlock } from '../../../functions/config/preview';
import { journeyConfig, writeConfig } from '../../support/configs';

/** A Preview block mirroring both servers and the portal journey of journeyConfig(). */
function previewBlock(): Record<string, unknown> {
  return {
    orgUrl: 'https://acme.oktapreview.com',
    servers: {
      org: { clientId: '0oaPorg', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' },
      default: { authorizationServerId: 'ausPdefault', clientId: '0oaPdef', clientSecretEnv: 'OKTA_PREVIEW_SECRET' },
    },
    signIn: {
      portal: {
        clientId: '0oaPportal',
        username: 'synthetic@acme.example',
        passwordEnv: 'OKTA_PREVIEW_PASSWORD',
        totpSecretEnv: 'OKTA_PREVIEW_TOTP',
      },
    },
  };
}

function load(preview: unknown, mode: 'cli' | 'deploy' = 'deploy', env: NodeJS.ProcessEnv = {}) {
  return loadConfigFile(writeConfig({ ...journeyConfig(), preview }), mode, env, { readCredentials: mode === 'cli' });
}
function errors(preview: unknown, mode: 'cli' | 'deploy' = 'deploy', env: NodeJS.ProcessEnv = {}): string[] {
  const result = load(preview, mode, env);
  return result.ok ? [] : result.errors;
}

describe('preview: the Preview org derived from Production', () => {
  it("probes Production's checks in the Preview org, with only the Preview entry's own values", () => {
    const result = load(previewBlock());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const preview = result.config.preview;
    expect(preview?.everyMinutes).toBe(5);
    expect(preview?.probe.orgUrl).toBe('https://acme.oktapreview.com');
    const production = result.config.probe.servers.find((s) => s.id === 'default');
    const server = preview?.probe.servers.find((s) => s.id === 'ausPdefault');
    expect(server).toMatchObject({ clientId: '0oaPdef', scopes: production?.scopes, audience: production?.audience });
    expect(server?.requiredClaims).toEqual(production?.requiredClaims);
    // The journey signs in through the Preview org's own id of its server.
    expect(preview?.probe.signIn?.map((j) => [j.id, j.server, j.username])).toEqual([
      ['portal', 'ausPdefault', 'synthetic@acme.example'],
    ]);
    expect(preview?.pairs).toEqual({ org: 'org', ausPdefault: 'default', portal: 'portal' });
    expect(preview?.probe.statusPageUrl).toBeNull();
  });

  it("names an issuer a Preview entry inherits from Production's custom URL domain, for server and journey", () => {
    const base = journeyConfig();
    const servers = (base.servers as Record<string, unknown>[]).map((s) =>
      s.id === 'default' ? { ...s, issuer: 'https://login.acme.example/oauth2/default' } : s,
    );
    const loaded = loadConfigFile(writeConfig({ ...base, servers, preview: previewBlock() }), 'deploy', {});
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.config.preview?.inherited).toEqual({ default: ['issuer'], portal: ['issuer'] });
    // Its own issuer is a divergence of its own, never inherited.
    const block = previewBlock() as { servers: Record<string, Record<string, unknown>> };
    block.servers.default = { ...block.servers.default, issuer: 'https://acme.oktapreview.com/oauth2/ausPdefault' };
    const own = loadConfigFile(writeConfig({ ...base, servers, preview: block }), 'deploy', {});
    expect(own.ok && own.config.preview?.inherited).toEqual({});
  });

  it("never hands the Preview org Production's credential, user secrets or API", () => {
    const production = {
      ...journeyConfig(),
      servers: [
        { id: 'org', clientId: 'prod', privateKeyEnv: 'PROD_KEY', keyId: 'prod-kid', scopes: ['okta.users.read'] },
        {
          id: 'default',
          clientId: 'prod2',
          clientSecretEnv: 'PROD_SECRET',
          scopes: ['orders.read'],
          audience: 'api://default',
          resources: [{ url: 'https://api.acme.example/orders' }],
        },
      ],
    };
    const block = previewBlock() as unknown as PreviewBlock;
    const derived = previewConfigFile(production, block);
    const text = JSON.stringify(derived);
    for (const secret of ['PROD_KEY', 'prod-kid', 'PROD_SECRET', 'api.acme.example', 'PORTAL_PASSWORD_VAR'])
      expect(text).not.toContain(secret);
    expect(derived.orgUrl).toBe('https://acme.oktapreview.com');
  });

  it('refuses an id the Production config lacks, with the nearest id', () => {
    const block = previewBlock();
    block.servers = { defualt: { clientId: '0oaP', clientSecretEnv: 'X' } };
    expect(errors(block)).toContainEqual(
      expect.stringMatching(
        /^preview\.servers\.defualt: the Production config has no servers\[\] entry "defualt" \(did you mean default\?/,
      ),
    );
  });

  it('refuses the Production org as the Preview org', () => {
    expect(errors({ ...previewBlock(), orgUrl: 'https://ACME.okta.com/' })).toContainEqual(
      expect.stringMatching(/^preview\.orgUrl: "https:\/\/ACME\.okta\.com\/" is the Production org \(orgUrl\)/),
    );
  });

  it('refuses an override of a field that may not differ, naming those that may', () => {
    const block = previewBlock();
    (block.servers as Record<string, Record<string, unknown>>).default!.scopes = ['other'];
    expect(errors(block)).toContainEqual(
      expect.stringMatching(
        /^preview\.servers\.default\.scopes: may not differ from Production's: .*sets only clientId, /,
      ),
    );
  });

  it('a misspelled field gets a did-you-mean, not the inheritance rule', () => {
    const block = previewBlock();
    (block.signIn as Record<string, Record<string, unknown>>).portal!.usrname = 'x';
    expect(errors(block)).toContainEqual('preview.signIn.portal.usrname: unknown field (did you mean username?)');
  });

  it("requires the Preview org's own app and user", () => {
    const block = previewBlock();
    block.signIn = { portal: { passwordEnv: 'P' } };
    expect(errors(block)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^preview\.signIn\.portal\.clientId: required/),
        expect.stringMatching(/^preview\.signIn\.portal\.username: required/),
      ]),
    );
  });

  it('a Preview secret missing is told at its Preview entry (CLI)', () => {
    const block = previewBlock();
    block.signIn = {};
    const env = { PROD_KEY: '', OKTA_PREVIEW_SECRET: 'secret-value-of-preview' };
    const cli = {
      ...journeyConfig(),
      signIn: [],
      servers: [
        { id: 'org', clientId: 'p', clientSecretEnv: 'PROD_ORG_SECRET', scopes: ['okta.users.read'] },
        {
          id: 'default',
          clientId: 'p2',
          clientSecretEnv: 'PROD_SECRET',
          scopes: ['orders.read'],
          audience: 'api://default',
        },
      ],
      preview: block,
    };
    const result = loadConfigFile(writeConfig(cli), 'cli', { ...env, PROD_ORG_SECRET: 'a', PROD_SECRET: 'b' });
    expect(result.ok ? [] : result.errors).toContainEqual(
      expect.stringMatching(/^preview\.servers\.org\.privateKeyEnv: .*OKTA_PREVIEW_ORG_KEY/),
    );
  });

  it('a journey whose server is not mirrored is told at the journey', () => {
    const block = previewBlock();
    block.servers = { org: { clientId: '0oaPorg', authMethod: 'private_key_jwt' } };
    expect(errors(block)).toContainEqual(
      expect.stringMatching(/^preview\.signIn\.portal: signs in through the server "default", which preview\.servers/),
    );
  });
});
