// latencyWarnMs: the threshold of each server's latency alarm, for all servers and per server.
import { describe, expect, it } from 'vitest';
import { parseDeploy, serverEntry, throughLambda } from '../../support/server-configs';
import { latencyThreshold } from '../../../functions/config/latency';

const server = serverEntry;
const config = (top: Record<string, unknown> = {}, servers = [server('org'), server('default')]) => ({
  orgUrl: 'https://acme.okta.com',
  ...top,
  servers,
});
const parse = parseDeploy;
const errorsOf = (raw: unknown): string[] => {
  const result = parse(raw);
  return result.ok ? [] : result.errors;
};
const thresholds = (raw: unknown): Record<string, number | null> => {
  const result = parse(raw);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  const { probe } = result.config;
  return Object.fromEntries(probe.servers.map((s) => [s.id, latencyThreshold(probe, s)]));
};

describe('latencyWarnMs', () => {
  it('is on by default at 2000 ms, for every server, as every peer alerts on response time; null turns it off', () => {
    expect(thresholds(config())).toEqual({ org: 2000, default: 2000 });
    expect(thresholds(config({ latencyWarnMs: null }))).toEqual({ org: null, default: null });
    // No room below a short timeout: a request that slow fails as TIMEOUT and pages instead.
    expect(thresholds(config({ timeoutMs: 2000 }))).toEqual({ org: null, default: null });
    expect(thresholds(config({ timeoutMs: 2001 }))).toEqual({ org: 2000, default: 2000 });
  });

  it('off in the file stays off in the Lambda, whose parse would otherwise give the default', () => {
    const probe = throughLambda(config({ latencyWarnMs: null }));
    expect(probe.servers.map((s) => latencyThreshold(probe, s))).toEqual([null, null]);
  });

  it("applies the top-level value to every server, and a server's own value or null overrides it", () => {
    expect(thresholds(config({ latencyWarnMs: 1500 }))).toEqual({ org: 1500, default: 1500 });
    expect(
      thresholds(
        config({ latencyWarnMs: 1500 }, [
          server('org', { latencyWarnMs: 800 }),
          server('default', { latencyWarnMs: null }),
        ]),
      ),
    ).toEqual({ org: 800, default: null });
    expect(thresholds(config({}, [server('org'), server('default', { latencyWarnMs: 3000 })]))).toEqual({
      org: 2000,
      default: 3000,
    });
  });

  it('names the field, the rule and the fix for a wrong value', () => {
    expect(errorsOf(config({ latencyWarnMs: '1500' }))).toEqual([
      'latencyWarnMs: expected an integer (ms, or null for no latency alarm) from 1 to 60000, got a string ' +
        '(write 1500 without quotes)',
    ]);
    expect(errorsOf(config({ latencyWarnMs: 0 }))).toEqual([
      'latencyWarnMs: 0 is out of range: use an integer from 1 to 60000 (ms, or null for no latency alarm)',
    ]);
    expect(errorsOf(config({}, [server('org', { latencyWarnMs: 1.5 }), server('default')]))).toEqual([
      'servers[0].latencyWarnMs: expected an integer (ms, or null for no latency alarm) from 1 to 60000, got 1.5',
    ]);
  });

  it('must be below timeoutMs, at the top level and per server, every problem at once', () => {
    expect(
      errorsOf(
        config({ timeoutMs: 3000, latencyWarnMs: 3000 }, [server('org'), server('default', { latencyWarnMs: 4000 })]),
      ),
    ).toEqual([
      'latencyWarnMs: 3000 ms is not below timeoutMs (3000 ms): a request that slow fails as TIMEOUT and ' +
        'pages instead, so this alarm could never fire; lower it, raise timeoutMs, or write null for no ' +
        'latency alarm',
      'servers[1].latencyWarnMs: 4000 ms is not below timeoutMs (3000 ms): a request that slow fails as ' +
        'TIMEOUT and pages instead, so this alarm could never fire; lower it, raise timeoutMs, or write null ' +
        'for no latency alarm',
    ]);
    expect(errorsOf(config({ timeoutMs: 3000, latencyWarnMs: 2999 }))).toEqual([]);
  });

  it("reaches the Lambda: each server's threshold, a server's null kept", () => {
    const probe = throughLambda(
      config({ latencyWarnMs: 1500 }, [server('org', { latencyWarnMs: null }), server('default')]),
    );
    expect(probe.servers.map((s) => latencyThreshold(probe, s))).toEqual([null, 1500]);
  });
});
