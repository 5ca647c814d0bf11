import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { previewConfigFile, type PreviewBlock } from '../../../functions/config/preview';
import { previewIssuerLines } from '../../../functions/cli/plan';
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

  it('lists a misspelled id once, the first cause, not also the journey left without its server', () => {
    const block = previewBlock() as { servers: Record<string, unknown> };
    const { default: mirrored, ...rest } = block.servers;
    block.servers = { ...rest, defualt: mirrored };
    expect(errors(block)).toEqual([
      expect.stringMatching(/^preview\.servers\.defualt: the Production config has no servers\[\] entry "defualt"/),
    ]);
  });

  it("lists a misspelled Production id once, its first cause, never the Preview block's right key", () => {
    const base = journeyConfig();
    const servers = (base.servers as Record<string, unknown>[]).map((s) =>
      s.id === 'default' ? { ...s, id: 'defualt' } : s,
    );
    const loaded = loadConfigFile(writeConfig({ ...base, servers, preview: previewBlock() }), 'deploy', {});
    expect(loaded.ok ? [] : loaded.errors).toEqual([
      'servers[1].id: "defualt" is not "default", which signIn[0].server names (did you mean "default"?)',
    ]);
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

  it("tells Production's and Preview's missing secrets in one round, not Preview's after Production's are put", () => {
    const block = previewBlock();
    block.signIn = {};
    const cli = {
      ...journeyConfig(),
      signIn: [],
      servers: [
        { id: 'org', clientId: 'p', clientSecretEnv: 'PROD_ORG_SECRET', scopes: ['okta.users.read'] },
        { id: 'default', clientId: 'p2', clientSecretEnv: 'PROD_SECRET', scopes: ['x.read'], audience: 'api://x' },
      ],
      preview: block,
    };
    const result = loadConfigFile(writeConfig(cli), 'cli', {});
    const found = result.ok ? [] : result.errors;
    for (const variable of ['PROD_ORG_SECRET', 'PROD_SECRET', 'OKTA_PREVIEW_ORG_KEY', 'OKTA_PREVIEW_SECRET'])
      expect(
        found.filter((error) => error.includes(variable)),
        variable,
      ).toHaveLength(1);
  });

  it("tells a warning of a field the Preview org takes from Production's once, not twice", () => {
    // integrationHealth without its advised scopes warns; the Preview file inherits the block and warned the same.
    const production = journeyConfig();
    const servers = (production.servers as Record<string, unknown>[]).map((s) =>
      s.id === 'org' ? { ...s, systemLog: true, scopes: [...(s.scopes as string[]), 'okta.logs.read'] } : s,
    );
    const config = { ...production, servers, integrationHealth: {}, preview: previewBlock() };
    const result = loadConfigFile(writeConfig(config), 'deploy', {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const words = result.warnings.map((warning) => warning.slice(warning.indexOf(': ') + 2));
    expect(words.length).toBeGreaterThan(0);
    expect(new Set(words).size).toBe(words.length);
  });

  it('a journey whose server is not mirrored is told at the journey', () => {
    const block = previewBlock();
    block.servers = { org: { clientId: '0oaPorg', authMethod: 'private_key_jwt' } };
    expect(errors(block)).toContainEqual(
      expect.stringMatching(/^preview\.signIn\.portal: signs in through the server "default", which preview\.servers/),
    );
  });

  describe("a server's issuer", () => {
    /** journeyConfig() with its "default" server issuing on `issuer`, and the Preview block's entry for it. */
    function withIssuer(issuer: string, own: Record<string, unknown> = {}) {
      const production = journeyConfig();
      const servers = (production.servers as Record<string, unknown>[]).map((s) =>
        s.id === 'default' ? { ...s, issuer } : s,
      );
      const block = previewBlock() as { servers: Record<string, Record<string, unknown>> };
      block.servers.default = { ...block.servers.default, ...own };
      const result = loadConfigFile(writeConfig({ ...production, servers, preview: block }), 'deploy', {});
      if (!result.ok) throw new Error(result.errors.join('\n'));
      return result.config;
    }

    it("is not inherited from Production's custom URL domain: the Preview org's own is derived, as plan says", () => {
      const config = withIssuer('https://login.acme.example/oauth2/default');
      const server = config.preview?.probe.servers.find((s) => s.id === 'ausPdefault');
      // No issuer written: the probe derives the Preview org's own (orgUrl/oauth2/<id>).
      expect(server?.issuer).toBeUndefined();
      expect(config.probe.servers.find((s) => s.id === 'default')?.issuer).toBe(
        'https://login.acme.example/oauth2/default',
      );
      expect(config.preview?.issuers).toEqual({
        default: {
          production: 'https://login.acme.example/oauth2/default',
          preview: 'https://acme.oktapreview.com/oauth2/ausPdefault',
        },
      });
      const lines = previewIssuerLines(config.preview?.issuers ?? {});
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        "Preview issuers: default is checked for https://acme.oktapreview.com/oauth2/ausPdefault, not Production's " +
          'https://login.acme.example/oauth2/default. A custom URL domain belongs to one org, as a client id does',
      );
    });

    it("is the entry's own when it sets one, and Production's Okta-domain issuer is never the Preview org's", () => {
      const own = withIssuer('https://login.acme.example/oauth2/default', {
        issuer: 'https://login.preview.acme.example/oauth2/ausPdefault',
      });
      expect(own.preview?.probe.servers.find((s) => s.id === 'ausPdefault')?.issuer).toBe(
        'https://login.preview.acme.example/oauth2/ausPdefault',
      );
      expect(own.preview?.issuers).toEqual({});
      const okta = withIssuer('https://acme.okta.com/oauth2/default');
      expect(okta.preview?.probe.servers.find((s) => s.id === 'ausPdefault')?.issuer).toBeUndefined();
      // Not a custom domain: nothing to tell in plan.
      expect(previewIssuerLines(okta.preview?.issuers ?? {})).toEqual([]);
    });
  });

  it("no text says the Preview org is asked with Production's issuer: a custom domain is one org's", () => {
    // The files that tell what `inherited` means: each says the Preview org's issuer is derived, never Production's.
    const files = [
      'functions/config/preview.ts',
      'functions/config/preview-shape.ts',
      'functions/diagnosis/registry.ts',
      'functions/report/preview-pair.ts',
      'docs/decisions/one-code-registry.md',
      'docs/preview.md',
    ];
    for (const file of files) {
      const text = readFileSync(file, 'utf8').replace(/\s*\n\s*(\*|\/\/)?\s*/g, ' ');
      expect(text, file).not.toMatch(
        /asked with Production's value|inherits Production's|`inherited` from Production's/,
      );
      expect(text, file).not.toMatch(/leaves to Production's value/);
    }
  });
});
