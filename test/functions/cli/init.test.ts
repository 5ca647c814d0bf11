// init: a starter config that both sides read once its placeholders are filled, never overwriting a file.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { captureIo } from './helpers';
import { loadConfigFile } from '../../../functions/config/parse';
import { LOCAL_CREDENTIAL_FILES } from '../../../functions/credentials/local';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('init', () => {
  it('writes a commented starter; with its placeholders filled the same file deploys and runs', async () => {
    const file = join(dir, 'okta-synthetics.json');
    const io = captureIo();
    expect(await main(['init', '--org', 'https://acme.okta.com', '--out', file], io)).toBe(0);
    expect(io.out()).toContain(
      'Replace the <...> placeholders (validation refuses them):\n  - alarmEmails[0]\n  - ' +
        'servers[0].clientId\n  - servers[1].clientId\n  - servers[1].scopes[0]\n  - signIn[0].clientId\n  - ' +
        'signIn[0].redirectUri\n  - signIn[0].username\n  - samlApps[0].ssoUrl\n  - samlApps[0].metadataUrl\n  ' +
        '- samlApps[0].audience\n  - samlApps[0].recipient\n',
    );
    const text = readFileSync(file, 'utf8');
    expect((text.match(/"_comment"/g) ?? []).length).toBe(5);
    const filled = text
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
      .replace("<the SP ACS URL: the app's Single sign-on URL>", 'https://acme.my.salesforce.com/');
    writeFileSync(file, filled);
    const loaded = loadConfigFile(file, 'deploy');
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
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
});
