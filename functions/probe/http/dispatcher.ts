// The connection pool every request goes through: a keep-alive Agent, or undici's proxy agent when the
// environment names a proxy; both with the timed connector (trace.ts).
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { timedConnector } from './trace';

export interface DispatcherOptions {
  /** Extra trusted CA (PEM), e.g. a TLS-inspecting corporate proxy. Adds trust; never turns checks off. */
  readonly ca?: string;
  /**
   * Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) are read, as curl and most tools do. Default none:
   * the CLI and the Lambda pass process.env.
   */
  readonly proxyEnv?: NodeJS.ProcessEnv;
}

/** The proxy settings in `env`, or undefined when none is set. */
export function proxySettings(
  env: NodeJS.ProcessEnv = {},
): { httpsProxy?: string; httpProxy?: string; noProxy?: string } | undefined {
  const pick = (name: string): string | undefined => env[name] || env[name.toLowerCase()] || undefined;
  const httpsProxy = pick('HTTPS_PROXY');
  const httpProxy = pick('HTTP_PROXY');
  if (httpsProxy === undefined && httpProxy === undefined) return undefined;
  const noProxy = pick('NO_PROXY');
  return { ...(httpsProxy && { httpsProxy }), ...(httpProxy && { httpProxy }), ...(noProxy && { noProxy }) };
}

/**
 * A keep-alive Agent with full phase timings. Certificate checks stay on: there is no rejectUnauthorized.
 * Behind a proxy (HTTPS_PROXY/HTTP_PROXY, minus NO_PROXY) undici's EnvHttpProxyAgent tunnels through it with
 * CONNECT; then `connect` and `tls` time the hop to the proxy, and the extra CA is trusted for both hops.
 */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const proxy = proxySettings(options.proxyEnv);
  if (proxy === undefined) return new Agent({ connect: timedConnector(options) });
  const tls = options.ca === undefined ? {} : { ca: options.ca };
  // Every value explicit ('' = none): EnvHttpProxyAgent would otherwise fall back to process.env for the missing ones.
  const settings = {
    httpProxy: proxy.httpProxy ?? '',
    httpsProxy: proxy.httpsProxy ?? '',
    noProxy: proxy.noProxy ?? '',
  };
  // proxyTunnel: CONNECT for plain-http targets too (undici 8 would forward them), so every request takes one path.
  return new EnvHttpProxyAgent({
    ...settings,
    connect: timedConnector(options),
    requestTls: tls,
    proxyTls: tls,
    proxyTunnel: true,
  });
}

let sharedDispatcher: Dispatcher | undefined;
/**
 * The dispatcher of a request that names none, built on first use. The one process-wide setting read here: a proxy
 * applies to every request of the process, like the CA store.
 */
export const defaultDispatcher = (): Dispatcher => (sharedDispatcher ??= createDispatcher({ proxyEnv: process.env }));
