// A hook endpoint's certificate read on loopback TLS listeners (the simulator's own, sim/hooks.ts): its notAfter read
// with Node's verification on, an expired or untrusted certificate told as such, nothing ever written to the socket,
// and no connection at all to a loopback or private address unless it is the simulator's own host. Then the hook lists
// read from the simulator's Management API on a token of each list's scope, and judged.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCertificate } from '../../../../functions/probe/integrations/hook-tls';
import { judgeHookLists, readHookCerts, readHookList } from '../../../../functions/probe/integrations/hooks';
import { hookListeners, startHookListeners } from '../../../../sim/hooks';

const DAY = 86_400_000;
let ca = '';
let ports = { healthy: 0, expiring: 0, expired: 0 };

/** A plain TCP listener that counts the bytes a client sends it (and never answers the TLS handshake). */
let silent: Server;
let received = 0;
let silentPort = 0;

beforeAll(async () => {
  const listeners = await startHookListeners();
  ca = listeners.ca;
  ports = listeners;
  silent = createServer((socket) => socket.on('data', (chunk: Buffer) => (received += chunk.length)));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

const at = (port: number) => ({ host: '127.0.0.1', port });
const allowed = { timeoutMs: 2_000, allowedHost: '127.0.0.1' };

describe("a hook endpoint's certificate", () => {
  it('reads the notAfter of a trusted certificate: 300 days, and 5 days for the expiring one', async () => {
    const healthy = await readCertificate(at(ports.healthy), { ...allowed, ca });
    const expiring = await readCertificate(at(ports.expiring), { ...allowed, ca });
    expect('notAfter' in healthy && Math.round((healthy.notAfter - Date.now()) / DAY)).toBe(300);
    expect('notAfter' in expiring && Math.round((expiring.notAfter - Date.now()) / DAY)).toBe(5);
  });

  it('tells an expired certificate, and one no CA vouches for, with verification left on', async () => {
    expect(await readCertificate(at(ports.expired), { ...allowed, ca })).toEqual({
      failure: 'expired',
      code: 'CERT_HAS_EXPIRED',
    });
    expect(await readCertificate(at(ports.healthy), allowed)).toEqual({
      failure: 'untrusted',
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
  });

  it("reads the simulator's own certificates on its host with no CA handed in, their dates still judged", async () => {
    const own = { ...allowed, selfSignedOnAllowedHost: true };
    const healthy = await readCertificate(at(ports.healthy), own);
    expect('notAfter' in healthy && [Math.round((healthy.notAfter - Date.now()) / DAY), healthy.selfSigned]).toEqual([
      300,
      true,
    ]);
    expect(await readCertificate(at(ports.expired), own)).toEqual({ failure: 'expired', code: 'CERT_HAS_EXPIRED' });
    // Never beyond the simulator's own host: the same listener under another name is not connected to.
    expect(await readCertificate(at(ports.healthy), { ...own, allowedHost: 'localhost' })).toEqual({
      failure: 'private',
      code: 'IP_LITERAL',
    });
  });

  it('writes nothing to the socket but the handshake, and gives up at its timeout', async () => {
    received = 0;
    const read = await readCertificate(at(silentPort), { ...allowed, timeoutMs: 300 });
    expect(read).toEqual({ failure: 'unreachable', code: 'ETIMEDOUT' });
    // A TLS ClientHello is all that came: it starts with a handshake record (0x16) and holds no HTTP.
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(2_000);
  });

  it('never connects to loopback but the simulator’s own host, nor to a name resolving there', async () => {
    received = 0;
    expect(await readCertificate(at(silentPort), { timeoutMs: 300 })).toEqual({
      failure: 'private',
      code: 'IP_LITERAL',
    });
    const lookup = () => Promise.resolve([{ address: '203.0.113.9' }, { address: '127.0.0.1' }]);
    expect(await readCertificate({ host: 'hooks.acme.example', port: silentPort }, { timeoutMs: 300, lookup })).toEqual(
      { failure: 'private', code: 'PRIVATE' },
    );
    expect(received).toBe(0);
  });
});

describe('the hook lists judged with their certificates', () => {
  it('reads each active host once, names the expiring one with its days; a second run reads none', async () => {
    const uri = (port: number, path: string) => ({ config: { uri: `https://127.0.0.1:${port}${path}` } });
    const inline = readHookList(
      [
        {
          id: 'cal1',
          name: 'Claims enricher',
          status: 'ACTIVE',
          type: 'com.okta.oauth2.tokens.transform',
          channel: uri(ports.expiring, '/t'),
        },
        {
          id: 'cal2',
          name: 'Sign-up checker',
          status: 'ACTIVE',
          type: 'com.okta.user.pre-registration',
          channel: uri(ports.expired, '/r'),
        },
        {
          id: 'cal3',
          name: 'Telephony',
          status: 'ACTIVE',
          type: 'com.okta.telephony.provider',
          channel: uri(ports.expiring, '/p'),
        },
        {
          id: 'cal4',
          name: 'Old',
          status: 'INACTIVE',
          type: 'com.okta.import.transform',
          channel: uri(silentPort, '/i'),
        },
      ],
      'inline',
      '127.0.0.1',
    );
    const lists = { inline, event: { notAsked: 'okta.eventHooks.read' } };
    const store = new Map<string, unknown>();
    const cache = {
      get: <T>(key: string) => store.get(key) as T | undefined,
      set: <T>(key: string, value: T) => void store.set(key, value),
      delete: (key: string) => void store.delete(key),
    };
    received = 0;
    const now = Date.now();
    const certs = await readHookCerts(lists, { cache }, now, { allowedHost: '127.0.0.1', ca });
    expect(certs.certs.size).toBe(2);
    expect(received).toBe(0);
    const judged = judgeHookLists(lists, certs, new Set(['cal1']), now);
    expect(judged.told.map((t) => [t.finding.code, t.severity])).toEqual([
      ['INTEGRATION_HOOK_CERT_EXPIRING', 'warn'],
      ['INTEGRATION_HOOK_CERT_EXPIRED', 'page'],
    ]);
    expect(judged.told[0]!.finding.detail).toMatch(
      new RegExp(
        `^token hook "Claims enricher" \\(cal1\\), telephony hook "Telephony" \\(cal3\\): the certificate of ` +
          `127\\.0\\.0\\.1:${ports.expiring} expires in (4|5) days`,
      ),
    );
    // Kept the hour: a second run reads no certificate again.
    const again = await readHookCerts(lists, { cache }, now + 60_000, { allowedHost: '127.0.0.1' });
    expect([...again.certs.values()]).toEqual([...certs.certs.values()]);
    expect(hookListeners()).toBeDefined();
  });
});
