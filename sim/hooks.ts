// The simulated org's inline hooks (GET /api/v1/inlineHooks, okta.inlineHooks.read) and the endpoints they call. The
// shape is the Management API's (okta-sdk-nodejs oas-spec/management.yaml, schemas InlineHook, InlineHookChannelHttp,
// InlineHookChannelConfig: `uri` "must begin with `https://`"; listInlineHooks takes no paging parameter and an org has
// at most 100 inline hooks, of all types together). The hooks' endpoints are TLS listeners of the simulator's own, on
// 127.0.0.1, each with a certificate made here (sim/saml/certificate.ts, no openssl) naming 127.0.0.1: one valid for
// 300 days, one that expires in 5, one that expired yesterday. They answer no request: the probe only reads their
// certificate. Started once per process with the first simulator, and unref'd so they never hold a process open. No
// public CA vouches for their certificates: the probe reads them as the simulator's own on its loopback host alone
// (functions/probe/integrations/hook-tls.ts), so `demo`, `sim` and `npm start` need no NODE_EXTRA_CA_CERTS.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { oktaError, type Answer } from './answer';
import type { HookFault } from './faults';
import { SIM_HOOKS } from './integrations';
import { selfSignedCertificate } from './saml/certificate';

const DAY = 86_400_000;

/** The hooks' TLS endpoints: their ports and the certificates a client must trust to read them (PEM). */
interface HookListeners {
  readonly healthy: number;
  readonly expiring: number;
  readonly expired: number;
  readonly ca: string;
}

let started: Promise<HookListeners> | undefined;
let listening: HookListeners | undefined;

async function listener(days: number, name: string): Promise<{ port: number; cert: string }> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Date.now();
  const cert = selfSignedCertificate({
    privateKey,
    commonName: name,
    notBefore: now - Math.max(1, -2 * days) * DAY,
    notAfter: now + days * DAY,
    ipAddresses: ['127.0.0.1'],
  });
  const server: Server = createServer({ key: privateKey.export({ type: 'pkcs8', format: 'pem' }), cert }, (s) =>
    s.end(),
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { port: (server.address() as AddressInfo).port, cert };
}

/** Starts the hooks' listeners once per process (every simulator shares them). */
export function startHookListeners(): Promise<HookListeners> {
  started ??= Promise.all([
    listener(300, 'hooks.acme.example'),
    listener(5, 'claims.acme.example'),
    listener(-1, 'signup.acme.example'),
  ]).then(([healthy, expiring, expired]) => {
    listening = {
      healthy: healthy.port,
      expiring: expiring.port,
      expired: expired.port,
      ca: healthy.cert + expiring.cert + expired.cert,
    };
    return listening;
  });
  return started;
}

/** The listeners once started; before, none (a hook's URL then names port 1, where nothing listens). */
export const hookListeners = (): HookListeners | undefined => listening;

/** A URL on the healthy listener (or the expiring one), as the org's hooks are configured. */
export function hookUri(path: string, which: 'healthy' | 'expiring' | 'expired' = 'healthy', scheme = 'https'): string {
  return `${scheme}://127.0.0.1:${listening?.[which] ?? 1}${path}`;
}

interface SimHook {
  readonly id: string;
  readonly name: string;
  readonly type: string;
}
const INACTIVE_HOOK: SimHook = {
  id: 'cal1importhook000x7',
  name: 'Import cleanser',
  type: 'com.okta.import.transform',
};

const channel = (uri: string): object => ({
  type: 'HTTP',
  version: '1.0.0',
  config: { uri, headers: [{ key: 'X-Other-Header', value: 'some-other-value' }], method: 'POST', authScheme: null },
});

/** GET /api/v1/inlineHooks: the org's hooks, or the refusal of its fault. */
export function inlineHooks(fault: HookFault | undefined): unknown[] | { readonly answer: Answer } {
  if (fault === 'unreadable')
    return { answer: oktaError(403, 'E0000006', 'You do not have permission to perform the requested action') };
  const hook = (h: SimHook, uri: string, status = 'ACTIVE'): object => ({
    id: h.id,
    status,
    name: h.name,
    type: h.type,
    version: '1.0.0',
    channel: channel(uri),
    created: '2025-08-22T21:01:09.000Z',
    lastUpdated: '2025-09-05T16:06:09.000Z',
  });
  return [
    hook(SIM_HOOKS.token, hookUri('/okta/token', fault === 'cert-expiring' ? 'expiring' : 'healthy')),
    hook(SIM_HOOKS.registration, hookUri('/okta/registration', fault === 'cert-expired' ? 'expired' : 'healthy')),
    hook(SIM_HOOKS.telephony, hookUri('/okta/telephony', 'healthy', fault === 'url-http' ? 'http' : 'https')),
    // An inactive hook: Okta calls it never, so it is neither judged nor its endpoint read.
    hook(INACTIVE_HOOK, hookUri('/okta/import'), 'INACTIVE'),
  ];
}
