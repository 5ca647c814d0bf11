// The per-region commands (secrets put, status, notify-test, report) against one loopback AWS fake standing for
// every region: the real SDK clients sign each request for its region (SigV4's credential scope), so the fake records
// which region's endpoint each call meant. A two-region config must reach both, or only the one --region names.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { runNotifyTest } from '../../../functions/cli/notify-test';
import { runReport } from '../../../functions/cli/report';
import { runSecrets } from '../../../functions/cli/secrets';
import { runStatus } from '../../../functions/cli/status';
import { liveness, probeLogGroupName } from '../../../functions/contract';
import { simulateMonth } from '../../../sim/month';
import { startAwsFake, useAwsFakeEnv, type AwsFake, type LogEvent } from '../../support/aws-fake';
import { twoServerConfig } from '../../support/configs';
import { restoreEnv } from '../../support/env';
import { captureIo } from './helpers';

const REGIONS = ['eu-west-1', 'us-east-1'] as const;
const PREFIX = 'okta-synthetics';
let dir: string;
let config: string;
let aws: AwsFake;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-regions-'));
  mkdirSync(join(dir, 'keys'));
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  writeFileSync(join(dir, 'keys/okta-probe-org.pem'), privateKey, { mode: 0o600 });
  writeFileSync(join(dir, 'keys/okta-probe-default.secret'), 'default-client-secret\n', { mode: 0o600 });
  config = join(dir, 'okta-synthetics.json');
  writeFileSync(config, JSON.stringify(twoServerConfig(REGIONS)));
  // One day of runs in the run log: the fake serves the same log group to either region.
  const events: LogEvent[] = simulateMonth({ month: '2026-10', servers: ['org', 'default'], events: [] })
    .filter((line) => line.startedAt < '2026-10-02')
    .map((line) => ({ timestamp: Date.parse(line.startedAt) + line.durationMs, message: JSON.stringify(line) }));
  aws = await startAwsFake({
    secrets: new Map([
      [`${PREFIX}/org`, 'placeholder'],
      [`${PREFIX}/default`, 'placeholder'],
    ]),
    logGroups: new Map([[probeLogGroupName(PREFIX), events]]),
  });
});
// Each test starts from no call, no alarm and the environment it found.
afterEach(() => {
  aws.calls.length = 0;
  aws.alarms.clear();
  restoreEnv(savedEnv);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await aws?.close();
});

/** The regions the calls of one operation were signed for, in order. */
const regionsOf = (operation: string): string[] =>
  aws.calls.filter((call) => call.operation === operation).map((call) => call.region ?? '');

/** The in-process CLI pointed at the fake, as a user's shell points the SDK at AWS. */
function cliIo() {
  useAwsFakeEnv(aws, dir, { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, AWS_PROFILE: undefined });
  return captureIo({});
}

describe('per-region commands', () => {
  it('secrets put puts each secret in every region, each line naming its region; --region only that one', async () => {
    const io = cliIo();
    expect(await runSecrets(['put', '--config', config], io)).toBe(0);
    expect(regionsOf('secretsmanager.PutSecretValue').sort()).toEqual([...REGIONS, ...REGIONS].sort());
    for (const region of REGIONS)
      for (const id of ['org', 'default']) expect(io.out()).toContain(`put ${PREFIX}/${id} (${id}) in ${region}\n`);
    aws.calls.length = 0;
    const one = cliIo();
    expect(await runSecrets(['put', '--config', config, '--region', 'us-east-1'], one)).toBe(0);
    expect(regionsOf('secretsmanager.PutSecretValue')).toEqual(['us-east-1', 'us-east-1']);
    expect(one.out()).not.toContain('eu-west-1');
  });

  it("status reads every region's alarms and run log, each under its region's name", async () => {
    const io = cliIo();
    await runStatus(['--config', config], io);
    for (const operation of ['cloudwatch.DescribeAlarms', 'logs.FilterLogEvents'])
      expect(new Set(regionsOf(operation))).toEqual(new Set(REGIONS));
    for (const region of REGIONS) expect(io.out()).toMatch(new RegExp(`^Region ${region}$`, 'm'));
  });

  it('notify-test sets the composite in every region, holds once, and sets each back to OK', async () => {
    for (const name of [`${PREFIX}-org-warn`, liveness(PREFIX).silence])
      aws.alarms.set(name, { state: 'OK', since: Date.now() });
    const held: number[] = [];
    const io = cliIo();
    const code = await runNotifyTest(['--config', config, '--hold', '5'], io, {
      sleep: async (ms) => void held.push(ms),
    });
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(held).toEqual([5000]);
    const sets = aws.calls
      .filter((call) => call.operation === 'cloudwatch.SetAlarmState')
      .map((call) => `${call.region} ${String(call.input.StateValue)}`);
    expect(sets).toEqual(['eu-west-1 ALARM', 'us-east-1 ALARM', 'eu-west-1 OK', 'us-east-1 OK']);
    for (const region of REGIONS) expect(io.out()).toContain(`Setting ${PREFIX}-org-warn (${region}) to ALARM`);
  });

  it("report reads every region's run log and reports each under its region's name", async () => {
    const io = cliIo();
    const code = await runReport(['--since', '2026-10-01', '--until', '2026-10-02', '--config', config], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(new Set(regionsOf('logs.FilterLogEvents'))).toEqual(new Set(REGIONS));
    for (const region of REGIONS) {
      expect(io.out()).toMatch(new RegExp(`^Region ${region}$`, 'm'));
      expect(io.out()).toContain(`${probeLogGroupName(PREFIX)} in ${region}:`);
    }
    aws.calls.length = 0;
    const json = cliIo();
    await runReport(['--since', '2026-10-01', '--until', '2026-10-02', '--config', config, '--json'], json);
    const parsed = JSON.parse(json.out()) as { regions: { region: string; runs: number }[] };
    expect(parsed.regions.map((r) => r.region)).toEqual([...REGIONS]);
    expect(parsed.regions.every((r) => r.runs > 0)).toBe(true);
  });

  it.each(['secrets put', 'status', 'notify-test', 'report --month 2026-10'])(
    '%s refuses a --region the config does not deploy to, naming its regions, before any call',
    async (command) => {
      const io = cliIo();
      expect(await main([...command.split(' '), '--config', config, '--region', 'ap-south-1'], io)).toBe(2);
      expect(io.err().replace(/\s+/g, ' ')).toContain(
        `${command.split(' --')[0] ?? ''}: --region ap-south-1 is not a region of the config ("regions": eu-west-1, ` +
          'us-east-1): pass one of them, or leave --region out to act on every region',
      );
      expect(aws.calls).toEqual([]);
    },
  );
});
