// Files the user names, through the spawned CLI: a FIFO, a device, a huge file, a key others can read,
// a config that is not UTF-8, a key pasted where its path belongs, a key too short to sign. Each ends as one
// line naming the field and the fix, never a hang, a crash or the key printed back.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { closeSync, constants, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, runCli } from '../functions/cli/helpers';
import { STACK_LINE, testPrivateKeyPem } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-input-files-'));
const fifos: string[] = [];

beforeAll(async () => {
  await buildOnce();
}, 600_000);
afterAll(() => {
  // A reader still blocked on a FIFO (the bug this file guards against) is released, so no process outlives the test.
  for (const fifo of fifos) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader waiting: nothing to release
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

const GOOD_KEY = testPrivateKeyPem();

/** A config in its own folder: one Org AS server whose key file is `keyFile`; the org is a closed loopback port. */
function arrange(
  name: string,
  options: { keyFile?: string; key?: string; keyMode?: number; server?: Record<string, unknown> } = {},
): { folder: string; config: string } {
  const folder = join(dir, name);
  execFileSync('mkdir', ['-p', folder]);
  const keyFile = options.keyFile ?? 'key.pem';
  if (options.key !== undefined) writeFileSync(join(folder, keyFile), options.key, { mode: options.keyMode ?? 0o600 });
  const config = join(folder, 'okta-synthetics.json');
  const server = {
    id: 'org',
    clientId: '0oaOrg000000000000x1',
    privateKeyFile: keyFile,
    scopes: ['okta.users.read'],
    ...options.server,
  };
  writeFileSync(
    config,
    JSON.stringify({ orgUrl: 'http://127.0.0.1:9', statusPageUrl: null, timeoutMs: 1000, servers: [server] }, null, 2),
  );
  return { folder, config };
}

function fifo(path: string): string {
  execFileSync('mkfifo', [path]);
  fifos.push(path);
  return path;
}

/** Exit 2, stderr matching `names`, no stack trace, nothing probed (stdout empty with --json). */
async function expectRefused(args: string[], names: RegExp, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const cli = await runCli([...args, '--json'], env);
  // Config errors wrap at 80 columns: read as one line.
  expect(cli.stderr.replace(/\s+/g, ' ')).toMatch(names);
  expect(cli.code).toBe(2);
  expect(cli.stderr).not.toMatch(STACK_LINE);
  expect(cli.stdout).toBe('');
  return cli.stderr;
}

describe('only regular files, and only as much as such a file holds', () => {
  it('a FIFO as the config: refused at once instead of waiting for a writer', async () => {
    const path = fifo(join(dir, 'config.fifo'));
    await expectRefused(
      ['run', '--config', path],
      /config\.fifo: cannot read the configuration file \(not a regular file but a FIFO/,
    );
  });

  it('a FIFO as the key file: refused at once, naming the field', async () => {
    const { folder, config } = arrange('fifo-key');
    fifo(join(folder, 'key.pem'));
    await expectRefused(
      ['run', '--config', config],
      /servers\[0\]\.privateKeyFile: cannot read key\.pem \(not a regular file but a FIFO/,
    );
  });

  it('--config /dev/zero: refused before a byte is read (it grew to 8 GB)', async () => {
    await expectRefused(
      ['run', '--config', '/dev/zero'],
      /\/dev\/zero: cannot read the configuration file \(not a regular file but a character device/,
    );
  });

  it('a key linked to /dev/zero: refused, not std::bad_alloc', async () => {
    const { folder, config } = arrange('zero-key');
    symlinkSync('/dev/zero', join(folder, 'key.pem'));
    const stderr = await expectRefused(
      ['run', '--config', config],
      /servers\[0\]\.privateKeyFile: cannot read key\.pem \(not a regular file but a character device/,
    );
    expect(stderr).not.toMatch(/bad_alloc/);
  });

  it('a config over the cap: refused, saying the cap', async () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, `{"_comment": "${'x'.repeat(2 * 1024 * 1024)}"}`);
    await expectRefused(
      ['run', '--config', path],
      /huge\.json: cannot read the configuration file \(2\.0 MB, larger than the 1 MB a configuration file may hold\)/,
    );
  });

  it('a key file over the cap: refused, saying the cap', async () => {
    const { config } = arrange('huge-key', { key: `${GOOD_KEY}\n${'#'.repeat(100 * 1024)}` });
    await expectRefused(
      ['run', '--config', config],
      /servers\[0\]\.privateKeyFile: cannot read key\.pem \(10\d KB, larger than the 64 KB a key file may hold\)/,
    );
  });
});

/** A config whose one sign-in journey reads its user's secrets from `secretsFile`, beside the Org AS server. */
function arrangeJourney(name: string): { folder: string; config: string } {
  const { folder, config } = arrange(name, { key: GOOD_KEY });
  const json = JSON.parse(execFileSync('cat', [config]).toString('utf8')) as Record<string, unknown>;
  const signIn = [
    {
      id: 'portal',
      server: 'org',
      flow: 'authn',
      clientId: '0oaPortal',
      redirectUri: 'https://portal.acme.example/callback',
      username: 'synthetic.user@acme.example',
      secretsFile: 'user.json',
      scopes: ['openid'],
    },
  ];
  writeFileSync(config, JSON.stringify({ ...json, signIn }, null, 2));
  return { folder, config };
}

describe("a sign-in user's secretsFile: read as every file the user names is", () => {
  it('a FIFO: refused at once, naming the field, instead of waiting for a writer', async () => {
    const { folder, config } = arrangeJourney('fifo-secrets');
    fifo(join(folder, 'user.json'));
    const started = Date.now();
    await expectRefused(
      ['run', '--config', config],
      /signIn\[0\]\.secretsFile: cannot read the file it names \(not a regular file but a FIFO \(named pipe\)\)/,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('/dev/zero: refused before a byte is read, not 2.5 GB and an abort', async () => {
    const { folder, config } = arrangeJourney('zero-secrets');
    symlinkSync('/dev/zero', join(folder, 'user.json'));
    const stderr = await expectRefused(
      ['run', '--config', config],
      /signIn\[0\]\.secretsFile: cannot read the file it names \(not a regular file but a character device/,
    );
    expect(stderr).not.toMatch(/bad_alloc|heap out of memory/);
  });

  it('a secrets file over the cap: refused, saying the cap', async () => {
    const { folder, config } = arrangeJourney('huge-secrets');
    writeFileSync(join(folder, 'user.json'), JSON.stringify({ password: 'x'.repeat(100 * 1024) }));
    await expectRefused(
      ['run', '--config', config],
      /signIn\[0\]\.secretsFile: cannot read the file it names \(10\d KB, larger than the 64 KB a secrets file may hold\)/,
    );
  });
});

describe('report --history on a day file that is a FIFO or /dev/zero', () => {
  it('refused at once with exit 3, naming the file', async () => {
    const history = join(dir, 'history-special');
    execFileSync('mkdir', ['-p', history]);
    fifo(join(history, '2026-10-01.jsonl'));
    symlinkSync('/dev/zero', join(history, '2026-10-02.jsonl'));
    const fifoDay = await runCli(['report', '--since', '2026-10-01', '--until', '2026-10-02', '--history', history]);
    expect(fifoDay.code).toBe(3);
    expect(fifoDay.stderr.replace(/\s+/g, ' ')).toMatch(/2026-10-01\.jsonl \(not a regular file but a FIFO/);
    const zeroDay = await runCli(['report', '--since', '2026-10-02', '--until', '2026-10-03', '--history', history]);
    expect(zeroDay.code).toBe(3);
    expect(zeroDay.stderr.replace(/\s+/g, ' ')).toMatch(
      /2026-10-02\.jsonl \(not a regular file but a character device/,
    );
    expect(zeroDay.stderr).not.toMatch(STACK_LINE);
  });
});

describe('a key file others can read', () => {
  it('0644: used, with a warning on stderr as ssh gives, naming the field and the chmod', async () => {
    const { folder, config } = arrange('open-key', { key: GOOD_KEY, keyMode: 0o644 });
    execFileSync('chmod', ['644', join(folder, 'key.pem')]); // whatever the umask made of the mode above

    const cli = await runCli(['run', '--config', config, '--json']);

    expect(cli.stderr.replace(/\s+/g, ' ')).toContain(
      `servers[0].privateKeyFile: key.pem is accessible by group and others (permissions 0644 are too open ` +
        `for a private key); restrict it: chmod 600 ${join(folder, 'key.pem')}`,
    );
    expect(cli.code).toBe(1); // probed (the org is a closed port), not refused
    expect(JSON.parse(cli.stdout)).toMatchObject({ checks: expect.any(Array) });
  });

  it('0600: no warning', async () => {
    const { config } = arrange('closed-key', { key: GOOD_KEY, keyMode: 0o600 });
    const cli = await runCli(['run', '--config', config, '--json']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).not.toMatch(/warning/);
  });
});

describe('a config that is not UTF-8', () => {
  it(
    'a Latin-1 byte in clientId: refused naming servers[0].clientId, the byte and its place, never probed as ' +
      'U+FFFD',
    async () => {
      const { config } = arrange('latin1', { key: GOOD_KEY });
      // "0oaOrgé..." written in Latin-1: é is the single byte 0xE9.
      const text = execFileSync('cat', [config])
        .toString('utf8')
        .replace('0oaOrg000000000000x1', '0oaOrg\u00e9000000000000x1');
      writeFileSync(config, Buffer.from(text, 'latin1'));
      await expectRefused(
        ['run', '--config', config],
        /servers\[0\]\.clientId: byte 0xE9 \(Latin-1 "é"\?\) at .*okta-synthetics\.json:8:26 is not UTF-8: save the file as UTF-8/,
      );
    },
  );

  it('a UTF-16 config: refused, saying to save it as UTF-8', async () => {
    const path = join(dir, 'utf16.json');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"orgUrl": "https://acme.okta.com"}', 'utf16le')]),
    );
    await expectRefused(['run', '--config', path], /utf16\.json: the file is UTF-16; save it as UTF-8/);
  });
});

describe('a key pasted where its path belongs', () => {
  it('a PEM in privateKeyFile: refused naming the field and what it wants, the key never printed', async () => {
    const { config } = arrange('pasted-pem', { server: { privateKeyFile: GOOD_KEY } });
    const stderr = await expectRefused(
      ['run', '--config', config],
      /servers\[0\]\.privateKeyFile: must be the PATH of a file holding the PKCS#8 PEM private key/,
    );
    expect(stderr).not.toMatch(/BEGIN PRIVATE KEY/);
    for (const line of GOOD_KEY.split('\n').slice(1, -2)) expect(stderr).not.toContain(line.slice(0, 24));
  });

  it(
    'a PEM pasted with its line breaks (the JSON breaks inside the key): the key is not quoted in the JSON ' + 'error',
    async () => {
      const { config } = arrange('pasted-pem-raw');
      const text = execFileSync('cat', [config]).toString('utf8').replace('"key.pem"', `"${GOOD_KEY.trim()}"`);
      writeFileSync(config, text);
      const stderr = await expectRefused(
        ['run', '--config', config],
        /okta-synthetics\.json:\d+:\d+: invalid JSON inside what looks like a key or a secret \(not shown\)/,
      );
      for (const line of GOOD_KEY.split('\n').slice(1, -2)) expect(stderr).not.toContain(line.slice(0, 12));
    },
  );

  it('the PEM body alone (no header) in privateKeyFile: refused the same way, not echoed', async () => {
    const body = GOOD_KEY.split('\n').slice(1, 3).join('');
    const { config } = arrange('pasted-body', { server: { privateKeyFile: body } });
    const stderr = await expectRefused(['run', '--config', config], /servers\[0\]\.privateKeyFile: must be the PATH/);
    expect(stderr).not.toContain(body.slice(0, 24));
  });

  it(
    'a PEM in privateKeyFile of a deploy config (run ' + '--secrets aws reads it as the stack does): refused too',
    async () => {
      const { config } = arrange('pasted-pem-deploy', { server: { privateKeyFile: GOOD_KEY } });
      const stderr = await expectRefused(
        ['run', '--config', config, '--secrets', 'aws'],
        /servers\[0\]\.privateKeyFile: must be the PATH/,
      );
      expect(stderr).not.toMatch(/BEGIN PRIVATE KEY/);
    },
  );
});

describe('a key too short to sign', () => {
  it(
    'a 1024-bit RSA key file: refused by the config check naming the field and the fix (it was exit 70 at ' +
      'signing)',
    async () => {
      const short = generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const { config } = arrange('short-key', { key: short });
      await expectRefused(
        ['run', '--config', config],
        /servers\[0\]\.privateKeyFile: key\.pem is an RSA key of 1024 bits; RS256 needs 2048 bits or more.*generate a new key of 2048 bits or more.*EC P-256/,
      );
    },
  );

  it('a 1024-bit RSA key in privateKeyEnv: refused the same way, naming the variable', async () => {
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const { config } = arrange('short-env', {
      server: { privateKeyFile: undefined, privateKeyEnv: 'OKTA_PROBE_SHORT_KEY' },
    });
    await expectRefused(
      ['run', '--config', config],
      /servers\[0\]\.privateKeyEnv: the environment variable it names is an RSA key of 1024 bits/,
      { OKTA_PROBE_SHORT_KEY: short },
    );
  });
});
