// The CLI's credentials: a key is read and judged once, when the config is loaded, not again at run time.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../../functions/credentials/local';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('resolveLocalCredentials', () => {
  it('uses the key judged at load: the file is not read again (it may even be gone by then)', () => {
    writeFileSync(join(dir, 'key.pem'), pem);
    const file = join(dir, 'okta-synthetics.json');
    writeFileSync(
      file,
      JSON.stringify({
        orgUrl: 'https://acme.okta.com',
        servers: [{ id: 'org', clientId: '0oa1', scopes: ['okta.users.read'], privateKeyFile: 'key.pem', keyId: 'k1' }],
      }),
    );
    const loaded = loadConfigFile(file, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    rmSync(join(dir, 'key.pem'));

    expect(resolveLocalCredentials(loaded.config.probe, {}).get('org')).toEqual({
      kind: 'private_key_jwt',
      privateKeyPem: pem,
      keyId: 'k1',
    });
  });

  it('reads a key the loader did not read (cost and plan load without credentials) and judges it then', () => {
    const file = join(dir, 'unread.json');
    writeFileSync(
      file,
      JSON.stringify({
        orgUrl: 'https://acme.okta.com',
        servers: [{ id: 'org', clientId: '0oa1', scopes: ['okta.users.read'], privateKeyFile: 'missing.pem' }],
      }),
    );
    const loaded = loadConfigFile(file, 'cli', {}, { readCredentials: false });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    expect(resolveLocalCredentials(loaded.config.probe, {}).get('org')).toMatchObject({
      kind: 'unavailable',
      code: 'INVALID_CLIENT',
      detail: expect.stringContaining('cannot read'),
    });
  });

  it(
    'a loader given no credential files (the stack validates the same file) reads none: the run reads and ' +
      'judges it',
    () => {
      const file = join(dir, 'no-readers.json');
      writeFileSync(
        file,
        JSON.stringify({
          orgUrl: 'https://acme.okta.com',
          servers: [{ id: 'org', clientId: '0oa1', scopes: ['okta.users.read'], privateKeyFile: 'absent.pem' }],
        }),
      );
      const loaded = loadConfigFile(file, 'cli', {});
      if (!loaded.ok) throw new Error(loaded.errors.join('; '));
      expect(loaded.config.probe.servers[0]?.credential).toEqual({
        kind: 'private_key_jwt',
        from: 'file',
        privateKeyFile: join(dir, 'absent.pem'),
      });
      expect(loadConfigFile(file, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES })).toMatchObject({
        ok: false,
        errors: [expect.stringContaining('cannot read absent.pem')],
      });
    },
  );
});
