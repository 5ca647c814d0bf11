// A proxy the environment names that does not answer is named, with its variable: it read as a network error to
// 127.0.0.1, which names neither the proxy nor what to fix.
import { request } from 'undici';
import { expect, it } from 'vitest';
import { createDispatcher, proxySettings } from '../../../functions/probe/http/dispatcher';
import { toFailure } from '../../../functions/probe/http/failure';
import { closedPort } from '../../support/closed-port';

it('names the dead proxy and its variable, never its password', async () => {
  const env = { HTTPS_PROXY: `http://probe:s3cret-pw@127.0.0.1:${await closedPort()}` };
  const dispatcher = createDispatcher({ proxyEnv: env });
  const error = await request('https://acme.okta.com/.well-known/openid-configuration', { dispatcher }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  await dispatcher.close();
  const failure = toFailure(error, { total: 1 }, proxySettings(env));
  expect(failure.kind).toBe('network');
  expect(failure.message).toMatch(
    /^ECONNREFUSED: the proxy http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\) could not be reached/,
  );
  expect(failure.message).not.toContain('s3cret-pw');
  // Without a proxy, the same refusal reads as before.
  expect(toFailure(error, { total: 1 }).message).not.toContain('proxy');
});
