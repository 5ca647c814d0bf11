// init: a starter config that both sides read once its placeholders are filled, never overwriting a file.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PREVIEW_ISSUER_SENTENCE } from '../../../functions/cli/init';
import { main } from '../../../functions/cli/main';
import { captureIo } from './helpers';
import { loadConfigFile } from '../../../functions/config/parse';
import { LOCAL_CREDENTIAL_FILES } from '../../../functions/credentials/local';
import { PREVIEW_SERVER_FIELDS, PREVIEW_SIGN_IN_FIELDS } from '../../../functions/config/preview-shape';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A starter's text with each of its placeholders filled as an admin would. */
function filledStarter(text: string): string {
  return text
    .replace('<oncall@your-company.example>', 'oncall@acme.example')
    .replaceAll('<client id of the API Services app>', '0oa8f5j3ecb5w3dF35d7')
    .replace('<a scope of the server, e.g. orders.read>', 'orders.read')
    .replace('<client id of the OIDC app people sign in to>', '0oa8f5j3ecb5w3dPortal')
    .replace(
      '<a Sign-in redirect URI of that app, e.g. https://portal.example.com/callback>',
      'https://portal.acme.example/callback',
    )
    .replace('<synthetic.user@your-company.example>', 'synthetic.user@acme.example')
    .replace('/app/<app name>/<app id>/sso/saml', '/app/acme_salesforce_1/exk1a2b3c4d5e6f7g8h9/sso/saml')
    .replace('/app/<app id>/sso/saml/metadata', '/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata')
    .replace("<the SP entity ID: the app's Audience URI>", 'https://saml.salesforce.com')
    .replace("<the SP ACS URL: the app's Single sign-on URL>", 'https://acme.my.salesforce.com/')
    .replace("<the app's id (0oa...) or its label, from Applications > Applications>", '0oa8f5j3ecb5w3dFin4x')
    .replace(
      '<the id of a group assigned to the app, 00g..., from Directory > Groups > [group]>',
      '00g8f5j3ecb5w3dFin4x',
    );
}

describe('init', () => {
  it('writes a commented starter; with its placeholders filled the same file deploys and runs', async () => {
    const file = join(dir, 'okta-synthetics.json');
    const io = captureIo();
    expect(await main(['init', '--org', 'https://acme.okta.com', '--out', file], io)).toBe(0);
    expect(io.out()).toContain(
      'Replace the <...> placeholders (validation refuses them):\n  - alarmEmails[0]\n  - ' +
        'servers[0].clientId\n  - servers[1].clientId\n  - servers[1].scopes[0]\n  - signIn[0].clientId\n  - ' +
        'signIn[0].redirectUri\n  - signIn[0].username\n  - samlApps[0].ssoUrl\n  - samlApps[0].metadataUrl\n  ' +
        '- samlApps[0].audience\n  - samlApps[0].recipient\n  - accessAssertions[0].app\n  - ' +
        'accessAssertions[0].groups[0]\n',
    );
    const text = readFileSync(file, 'utf8');
    expect((text.match(/"_comment"/g) ?? []).length).toBe(6);
    const filled = filledStarter(text);
    writeFileSync(file, filled);
    const loaded = loadConfigFile(file, 'deploy');
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    // plan reads it as the stack will, the access assertion among its checks.
    const planned = captureIo();
    expect(await main(['plan', '--config', file], planned)).toBe(0);
    expect(planned.out()).toContain('access-assertion');
    // The key files' folder is made, its owner's alone, and git ignores whatever goes in it.
    expect(io.out()).toContain(`Made ${join(dir, 'keys')}/ for the key files`);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, 'keys/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    // The CLI side: the key file it names and the variable it names are all it needs.
    writeFileSync(
      join(dir, 'keys/okta-probe-org.pem'),
      generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    );
    const local = loadConfigFile(
      file,
      'cli',
      {
        OKTA_PROBE_DEFAULT_SECRET: 'a-client-secret',
        OKTA_PROBE_PASSWORD: 'a-password',
        OKTA_PROBE_TOTP: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      },
      { credentialFiles: LOCAL_CREDENTIAL_FILES },
    );
    expect(local.ok ? [] : local.errors).toEqual([]);
  });

  it("tells how to fence the synthetic user, and points at the doc step that gives Okta's rule", async () => {
    const file = join(dir, 'fence.json');
    expect(await main(['init', '--org', 'https://acme.okta.com', '--out', file], captureIo())).toBe(0);
    const starter = JSON.parse(readFileSync(file, 'utf8')) as { signIn: { _comment: string }[] };
    const comment = starter.signIn[0]?._comment ?? '';
    expect(comment).toMatch(/Fence the user: a rule denying its group from outside a network zone of the probe's/);
    expect(comment).toContain("every region's NAT addresses");
    expect(comment).toContain('no app that provisions users');
    const step = /\(docs\/sign-in\.md, step (\d+)\)/.exec(comment)?.[1];
    // That step is the fence, and gives the rule in the Admin Console's own words, for every region's addresses.
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/sign-in.md'), 'utf8');
    const fence = doc.split(/\n(?=\d+\. )/).find((s) => s.startsWith(`${step}. `)) ?? '';
    expect(fence).toMatch(/^\d+\. \*\*Fence the user\.\*\*/);
    const rule = fence.replace(/\s+/g, ' ');
    expect(rule).toContain('in **every region** of `regions`');
    expect(rule).toContain('**Add zone** > **IP zone** `okta-synthetics egress`, listing each region');
    expect(rule).toContain("*User's IP is* **Not in zone** `okta-synthetics egress`, *THEN* *Access is* **Denied**");
    expect(rule).toContain('global session policy');
    expect(rule).toContain('never to an app with provisioning');
  });

  it('never overwrites a file, and refuses the Admin Console address, naming the fix; exit 2', async () => {
    const file = join(dir, 'existing.json');
    writeFileSync(file, '{"mine": true}');
    const io = captureIo();
    expect(await main(['init', '--out', file], io)).toBe(2);
    expect(io.err().replace(/\s+/g, ' ')).toContain(
      'exists; pass --out FILE to write elsewhere (init never overwrites)',
    );
    expect(readFileSync(file, 'utf8')).toBe('{"mine": true}');
    const admin = captureIo();
    expect(await main(['init', '--org', 'https://acme-admin.okta.com', '--out', join(dir, 'admin.json')], admin)).toBe(
      2,
    );
    expect(admin.err().replace(/\s+/g, ' ')).toContain(
      'is the Admin Console; use the org address https://acme.okta.com',
    );
  });

  it('with --preview-org, mirrors each starter entry in a preview block setting only what may differ', async () => {
    const file = join(dir, 'preview', 'okta-synthetics.json');
    const io = captureIo();
    const argv = ['init', '--org', 'https://acme.okta.com', '--preview-org', 'https://acme.oktapreview.com'];
    expect(await main([...argv, '--out', file], io)).toBe(0);
    const starter = JSON.parse(readFileSync(file, 'utf8')) as Starter;
    const preview = starter.preview;
    expect(preview?.orgUrl).toBe('https://acme.oktapreview.com');
    // Every starter entry keyed by its Production id, each field one the validator lets a Preview entry set.
    expect(Object.keys(preview?.servers ?? {})).toEqual(starter.servers.map((s) => s.id));
    expect(Object.keys(preview?.signIn ?? {})).toEqual(starter.signIn.map((j) => j.id));
    const fields = (entries: Record<string, object> | undefined) => Object.values(entries ?? {}).flatMap(Object.keys);
    expect(fields(preview?.servers).filter((f) => !(f in PREVIEW_SERVER_FIELDS))).toEqual([]);
    expect(fields(preview?.signIn).filter((f) => !(f in PREVIEW_SIGN_IN_FIELDS))).toEqual([]);
    expect(fields(preview?.servers)).toContain('clientId');
    expect(fields(preview?.signIn)).toEqual(expect.arrayContaining(['clientId', 'username']));
    expect(preview?._comment).toContain('its own synthetic user');
    expect(preview?._comment).toContain("is inherited from Production's entry");
    // A custom URL domain belongs to one org, as a client id does: said once on stdout and in the block's comment.
    expect(io.out().replace(/\s+/g, ' ')).toContain(PREVIEW_ISSUER_SENTENCE);
    expect(preview?._comment).toContain(PREVIEW_ISSUER_SENTENCE);
    // The Preview org's app and user are placeholders the validator refuses; its credentials are its own.
    expect(io.out()).toContain('  - preview.servers.org.clientId\n');
    expect(io.out()).toContain('  - preview.signIn.portal.username\n');
    expect(io.out()).toContain('export OKTA_PREVIEW_DEFAULT_SECRET=...');
    const unfilled = loadConfigFile(file, 'deploy');
    expect(unfilled.ok ? [] : unfilled.errors.filter((e) => e.startsWith('preview.'))).toHaveLength(5);
    writeFileSync(
      file,
      filledStarter(
        readFileSync(file, 'utf8')
          .replaceAll('<in the Preview org: client id of the API Services app>', '0oaPreviewApi')
          .replace('<in the Preview org: client id of the OIDC app people sign in to>', '0oaPreviewPortal')
          .replace(/<in the Preview org: a Sign-in redirect URI[^>]*>/, 'https://portal.staging.acme.example/cb')
          .replace('<in the Preview org: synthetic.user@your-company.example>', 'synthetic.preview@acme.example'),
      ),
    );
    const deployed = loadConfigFile(file, 'deploy');
    expect(deployed.ok ? [] : deployed.errors).toEqual([]);
    expect(deployed.ok && deployed.config.preview?.pairs).toEqual({ org: 'org', default: 'default', portal: 'portal' });
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    writeFileSync(join(dir, 'preview/keys/okta-probe-org.pem'), key);
    writeFileSync(join(dir, 'preview/keys/okta-probe-preview-org.pem'), key);
    const secrets = {
      DEFAULT_SECRET: 'a-client-secret',
      PASSWORD: 'a-password',
      TOTP: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    };
    const env = Object.fromEntries(
      Object.entries(secrets).flatMap(([name, value]) => [
        [`OKTA_PROBE_${name}`, value],
        [`OKTA_PREVIEW_${name}`, value],
      ]),
    );
    const local = loadConfigFile(file, 'cli', env, { credentialFiles: LOCAL_CREDENTIAL_FILES });
    expect(local.ok ? [] : local.errors).toEqual([]);
  });

  it('refuses a Preview org that is the Production org, naming both flags and the fix; exit 2', async () => {
    const out = join(dir, 'same-org.json');
    const io = captureIo();
    const argv = ['init', '--org', 'https://acme.okta.com', '--preview-org', 'https://ACME.okta.com/'];
    expect(await main([...argv, '--out', out], io)).toBe(2);
    expect(io.err().replace(/\s+/g, ' ')).toContain(
      "--preview-org https://ACME.okta.com/ is the Production org (--org): pass your Preview org's address, e.g. " +
        '--preview-org https://acme.oktapreview.com',
    );
    expect(existsSync(out)).toBe(false);
    const admin = captureIo();
    const adminArgv = ['init', '--preview-org', 'https://acme-admin.oktapreview.com', '--out', out];
    expect(await main(adminArgv, admin)).toBe(2);
    expect(admin.err().replace(/\s+/g, ' ')).toContain(
      '--preview-org acme-admin.oktapreview.com is the Admin Console; use the org address https://acme.oktapreview.com',
    );
    const bare = captureIo();
    expect(await main(['init', '--out', out, '--preview-org'], bare)).toBe(2);
    expect(bare.err()).toContain('--preview-org needs a value (--preview-org URL)');
  });

  it("says in its help which fields a Preview entry may set, from the validator's own declarations", async () => {
    const io = captureIo();
    expect(await main(['init', '--help'], io)).toBe(0);
    const help = io.out().replace(/\s+/g, ' ');
    const listed = (fields: object) =>
      Object.keys(fields)
        .filter((f) => f !== '_comment')
        .join(', ');
    expect(help).toContain(`a server: ${listed(PREVIEW_SERVER_FIELDS)}`);
    expect(help).toContain(`a journey: ${listed(PREVIEW_SIGN_IN_FIELDS)}`);
    expect(help).toContain('--preview-org URL');
  });
});

interface Starter {
  readonly servers: { readonly id: string }[];
  readonly signIn: { readonly id: string }[];
  readonly preview?: {
    readonly _comment: string;
    readonly orgUrl: string;
    readonly servers: Record<string, object>;
    readonly signIn: Record<string, object>;
  };
}
