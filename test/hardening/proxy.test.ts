// Corporate networks: the probe honours HTTPS_PROXY / HTTP_PROXY and NO_PROXY like curl, through a real
// CONNECT proxy on loopback, and reports the same healthy run it reports without one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../functions/probe/engine';
import { createDispatcher, proxySettings } from '../../functions/probe/http';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { useSimulator } from '../support/simulator';
import { simulatorProbe } from './helpers';
import { isHealthy } from '../../functions/probe/results';

const sim = useSimulator();
let proxy: ConnectProxy;
beforeAll(async () => {
  proxy = await startConnectProxy();
});
afterAll(async () => {
  await proxy.close();
});

describe('HTTP(S)_PROXY and NO_PROXY', () => {
  it('sends every request of a run through the proxy named by HTTP_PROXY, and the run is healthy', async () => {
    const { config, credentials } = await simulatorProbe(sim(), { statusPageUrl: null });
    const dispatcher = createDispatcher({ proxyEnv: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url } });
    const before = proxy.tunnels.length;
    const report = await runProbe(config, { credentials, dispatcher });
    expect(report.checks.filter((c) => !isHealthy(c))).toEqual([]);
    const host = new URL(sim().url).host;
    expect(proxy.tunnels.slice(before).length).toBeGreaterThan(0);
    expect(proxy.tunnels.slice(before).every((t) => t === host)).toBe(true);
  });

  it('goes direct for a host listed in NO_PROXY', async () => {
    const { config, credentials } = await simulatorProbe(sim(), { statusPageUrl: null });
    const dispatcher = createDispatcher({
      proxyEnv: { https_proxy: proxy.url, http_proxy: proxy.url, no_proxy: 'localhost,127.0.0.1' },
    });
    const before = proxy.tunnels.length;
    const report = await runProbe(config, { credentials, dispatcher });
    expect(report.checks.filter((c) => !isHealthy(c))).toEqual([]);
    expect(proxy.tunnels.length).toBe(before);
  });

  it('reads the settings in either case and ignores empty values', () => {
    expect(proxySettings({})).toBeUndefined();
    expect(proxySettings({ HTTPS_PROXY: '' })).toBeUndefined();
    expect(proxySettings({ https_proxy: 'http://p:3128', NO_PROXY: '.internal' })).toEqual({
      httpsProxy: 'http://p:3128',
      noProxy: '.internal',
    });
  });
});
