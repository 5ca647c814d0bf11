// The top-level "userSignIns" block: its field names are a contract (userSignIns, minEvents, failureRate), every
// mistake comes back at once naming the field and the fix, and the block rides on the "org" server that reads the log.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/config/parse';
import { USER_SIGN_INS } from '../../../functions/contract';

const org = (systemLog = true) => ({
  id: 'org',
  clientId: '0oa1probe',
  authMethod: 'private_key_jwt',
  scopes: ['okta.logs.read'],
  ...(systemLog && { systemLog: true }),
});

const parse = (file: Record<string, unknown>) =>
  parseConfig({ orgUrl: 'https://acme.okta.com', ...file }, { mode: 'deploy', baseDir: tmpdir(), env: {} });

describe('userSignIns', () => {
  it('takes {} for the defaults, carried by the "org" server', () => {
    const result = parse({ servers: [org()], userSignIns: {} });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.servers[0]?.userSignIns).toEqual({
      minEvents: USER_SIGN_INS.minEvents,
      failureRate: USER_SIGN_INS.failureRate,
    });
  });

  it('takes minEvents and failureRate as written', () => {
    const result = parse({ servers: [org()], userSignIns: { minEvents: 50, failureRate: 0.1 } });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.servers[0]?.userSignIns).toEqual({ minEvents: 50, failureRate: 0.1 });
  });

  it("takes eventSource, the partner event source of Okta's Log Streaming, as written", () => {
    const source = 'aws.partner/okta.com/acme/okta-synthetics';
    const result = parse({ servers: [org()], userSignIns: { eventSource: source } });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.servers[0]?.userSignIns?.eventSource).toBe(source);
  });

  it('refuses an eventSource of another shape, naming the field and where to copy the name from', () => {
    for (const eventSource of [
      'okta_log_stream',
      'aws.partner/example.com/org/x',
      'aws.partner/okta.com/00o1/',
      'aws.partner/okta.com/00o1/a b',
      `aws.partner/okta.com/00o1/${'x'.repeat(300)}`,
      42,
    ]) {
      const result = parse({ servers: [org()], userSignIns: { eventSource } });
      expect(result.ok).toBe(false);
      const errors = result.ok ? '' : result.errors.join('\n');
      expect(errors).toContain('userSignIns.eventSource');
      expect(errors).toContain('aws.partner/okta.com/<your Okta subdomain>/<name>');
      expect(errors).toContain('Log Streaming');
    }
  });

  it('says only the first cause when the "org" server it reads with has a problem of its own', () => {
    // Each a mistake of servers[0] alone: the server is there, with "systemLog": true; it was also reported missing.
    for (const broken of [
      { ...org(), clientID: org().clientId, clientId: undefined },
      { ...org(), scopes: 'okta.logs.read' },
    ]) {
      const result = parse({ servers: [broken], userSignIns: {} });
      expect(result.ok).toBe(false);
      const errors = result.ok ? [] : result.errors;
      expect(errors.every((error) => error.startsWith('servers[0]'))).toBe(true);
    }
    // Not written at all, it is still asked for.
    const result = parse({ servers: [{ ...org(), id: 'default', audience: 'api://default' }], userSignIns: {} });
    expect(result.ok ? '' : result.errors.join('\n')).toContain('add a server with "id": "org"');
  });

  it('is absent from the server without the block: no check, no metric', () => {
    const result = parse({ servers: [org()] });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.probe.servers[0]?.userSignIns).toBeUndefined();
  });

  it('names each mistake at once, with its fix', () => {
    const result = parse({ servers: [org()], userSignIns: { minEvents: 0, failureRate: 20, minEvent: 3 } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.errors.join('\n');
    expect(text).toMatch(/userSignIns\.minEvents: 0 is out of range/);
    expect(text).toMatch(/userSignIns\.failureRate: 20 is above 1.*write 0\.2 for 20 %/);
    expect(text).toMatch(/userSignIns\.minEvent.*minEvents/);
  });

  it('needs the "org" server reading the System Log, and says how', () => {
    const off = parse({ servers: [org(false)], userSignIns: {} });
    expect(off.ok ? [] : off.errors).toEqual([expect.stringMatching(/^userSignIns: .*add "systemLog": true/)]);
    const notObject = parse({ servers: [org()], userSignIns: true });
    expect(notObject.ok ? [] : notObject.errors).toEqual([expect.stringMatching(/^userSignIns: expected an object/)]);
  });
});
