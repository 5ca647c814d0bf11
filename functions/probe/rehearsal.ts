// The run's own first-use work, done once per process before any clock starts. V8 compiles a function the first time
// it runs, and a fresh process's first cycle ran the engine's, the token's and the introspection's code for the first
// time while the token's answer waited to be read and the introspection to be sent: the cycle's longest chain. One
// rehearsal of that chain beforehand took 11 ms off a fresh CLI's median cycle and put 10 ms onto its preparation
// (BENCHMARKS.md, section ab, beside the tree before it; section ag; docs/decisions/chain-rehearsal.md).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ORG_SERVER_ID, type CheckName } from '../contract';
import type { CheckResult, ProbeConfig, ProbeOptions, Report, ServerConfig } from '../types';
import { onLoopback } from './http';
import type { PlannedCheck } from '../plan/checks';

/** The checks rehearsed: the chain every server's run waits on longest. */
const REHEARSED_CHECKS: ReadonlySet<CheckName> = new Set<CheckName>(['token', 'introspect']);

/** A rehearsal never outlasts this: a loopback server of this process answers in microseconds. */
const REHEARSAL_BOUND_MS = 2000;

/** The rehearsal's client: its id, secret and token are nobody's (never the run's credentials). */
const CLIENT_ID = 'rehearsal';
const CLIENT_SECRET = 'rehearsal-secret';
const ACCESS_TOKEN = 'rehearsal-token';
const SCOPE = 'rehearsal';

let rehearsed: Promise<readonly CheckResult[]> | undefined;

/**
 * Runs the token, then its introspection, once per process against a stand-in of Okta's two endpoints served by this
 * process on 127.0.0.1, through an Agent of its own (never a proxy), with a client and secret of its own: nothing
 * leaves the machine, no credential of the run is used, and nothing of it is told. The servers rehearsed are of the
 * kinds the first run checks (the Org authorization server's paths, a custom one's), so most of the code each will run
 * is compiled: the engine's, the exchange's, the judges'. Not a private key's client authentication: the rehearsal's
 * client sends a secret, and prepareClientAuth warms the signing. Resolves to the rehearsal's results (what a test
 * reads: both passed, so the passing path is the one compiled), or to none when the run has no token to fetch or the
 * machine has no loopback sockets. Never rejects.
 */
export function rehearseChain(
  config: ProbeConfig,
  plan: readonly PlannedCheck[],
  runProbe: (config: ProbeConfig, options: ProbeOptions) => Promise<Report>,
): Promise<readonly CheckResult[]> {
  // The benchmark's A/B switch, as for the HTTP warm-up (http/warm-up.ts).
  if (process.env.OKTA_SYNTHETICS_NO_WARMUP === '1') return Promise.resolve([]);
  const kinds = serverKinds(config, plan);
  if (kinds.length === 0) return Promise.resolve([]);
  rehearsed ??= rehearse(config, kinds, runProbe).catch(() => []);
  return rehearsed;
}

/** The servers rehearsed: the Org authorization server and a custom one, each if the run fetches its token. */
function serverKinds(config: ProbeConfig, plan: readonly PlannedCheck[]): ServerConfig[] {
  const fetching = new Set(plan.filter((p) => p.check === 'token').map((p) => p.server));
  const servers = config.servers.filter((s) => fetching.has(s.id));
  const stand = (id: string): ServerConfig => ({
    id,
    clientId: CLIENT_ID,
    credential: { kind: 'client_secret_basic', from: 'inline', clientSecret: CLIENT_SECRET },
    scopes: [SCOPE],
    requiredClaims: [],
  });
  return [
    ...(servers.some((s) => s.id === ORG_SERVER_ID) ? [stand(ORG_SERVER_ID)] : []),
    ...(servers.some((s) => s.id !== ORG_SERVER_ID) ? [stand('default')] : []),
  ];
}

async function rehearse(
  config: ProbeConfig,
  servers: ServerConfig[],
  runProbe: (config: ProbeConfig, options: ProbeOptions) => Promise<Report>,
): Promise<readonly CheckResult[]> {
  return onLoopback(standIn, async (orgUrl, dispatcher) => {
    const report = await runProbe(
      {
        orgUrl,
        statusPageUrl: null,
        timeoutMs: REHEARSAL_BOUND_MS,
        rateLimitWarnPercent: config.rateLimitWarnPercent,
        clockSkewWarnSeconds: config.clockSkewWarnSeconds,
        servers,
        expiryWarnDays: config.expiryWarnDays,
        apiTokenWarnDays: config.apiTokenWarnDays,
        inventoryEveryMinutes: config.inventoryEveryMinutes,
        inventoryMaxApps: config.inventoryMaxApps,
      },
      {
        credentials: new Map(servers.map((s) => [s.id, { kind: 'client_secret_basic', clientSecret: CLIENT_SECRET }])),
        dispatcher,
        checks: REHEARSED_CHECKS,
        deadline: Date.now() + REHEARSAL_BOUND_MS,
      },
    );
    return report.checks;
  });
}

/** Okta's token and introspection answers as the probe expects them (RFC 6749 §5.1, RFC 7662 §2.2); else 404. */
function standIn(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const answer = path.endsWith('/v1/token')
      ? { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600, scope: SCOPE }
      : path.endsWith('/v1/introspect')
        ? { active: true, client_id: CLIENT_ID, scope: SCOPE, exp: Math.floor(Date.now() / 1000) + 3600 }
        : undefined;
    res
      .writeHead(answer === undefined ? 404 : 200, {
        'content-type': 'application/json',
        date: new Date().toUTCString(),
        'x-okta-request-id': 'rehearsal',
      })
      .end(JSON.stringify(answer ?? { errorCode: 'E0000022' }));
  });
}
