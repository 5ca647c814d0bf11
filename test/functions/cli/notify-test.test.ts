// notify-test against a loopback fake of CloudWatch's wire protocol (AWS JSON 1.0, X-Amz-Target): the real SDK
// client sends the requests, so the operations, alarm names and reasons are what AWS would receive.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runNotifyTest } from '../../../functions/cli/notify-test';
import { NOTIFY_TEST_REASON } from '../../../functions/notify/message';
import { EXAMPLE_CONFIG_PATH } from '../../../lib/build-app';
import { journeyConfig, writeConfig } from '../../lib/helpers';
import { browserJourneyConfig } from '../../support/configs';

interface Call {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

let server: Server;
let url = '';
const calls: Call[] = [];
/** States the fake answers DescribeAlarms with. */
const states = new Map<string, string>();
/** When set, the fake refuses SetAlarmState to this state. */
let refuse: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const operation =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      calls.push({ operation, input });
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (operation === 'DescribeAlarms') {
        const names = (input.AlarmNames as string[]).filter((n) => states.has(n));
        res.end(
          JSON.stringify({
            CompositeAlarms: names.map((n) => ({ AlarmName: n, StateValue: states.get(n) })),
            MetricAlarms: [],
          }),
        );
        return;
      }
      if (operation === 'SetAlarmState' && input.StateValue === refuse) {
        res.statusCode = 400;
        res.setHeader('x-amzn-errortype', 'AccessDenied');
        res.end(
          JSON.stringify({ __type: 'AccessDenied', message: 'not authorized to perform cloudwatch:SetAlarmState' }),
        );
        return;
      }
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  calls.length = 0;
  refuse = undefined;
  states.clear();
  states.set('okta-synthetics-org-warn', 'OK');
  states.set('okta-synthetics-org-page', 'OK');
  states.set('okta-synthetics-silence', 'OK');
});

const TEST_CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };
const NO_CREDENTIALS = (): Promise<never> => Promise.reject(new Error('Could not load credentials from any providers'));

async function run(
  args: string[],
  sleep: (ms: number) => Promise<void> = async () => {},
  credentials: typeof TEST_CREDENTIALS | typeof NO_CREDENTIALS = TEST_CREDENTIALS,
  config = EXAMPLE_CONFIG_PATH,
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runNotifyTest(
    ['--config', config, '--region', 'us-east-1', ...args],
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} },
    {
      client: (region) => new CloudWatchClient({ region, endpoint: url, credentials, maxAttempts: 1 }),
      sleep,
    },
  );
  return { code, out: out.join(''), err: err.join('') };
}

describe('notify-test', () => {
  it(
    'sets the warn composite of the first server to ALARM with the test reason, holds it, and sets it back to ' + 'OK',
    async () => {
      const held: number[] = [];
      const { code, out } = await run(['--hold', '30'], async (ms) => void held.push(ms));
      expect(code).toBe(0);
      expect(calls.map((c) => c.operation)).toEqual(['DescribeAlarms', 'SetAlarmState', 'SetAlarmState']);
      expect(calls[1]?.input).toMatchObject({
        AlarmName: 'okta-synthetics-org-warn',
        StateValue: 'ALARM',
        StateReason: expect.stringContaining(NOTIFY_TEST_REASON),
      });
      expect(calls[2]?.input).toMatchObject({ AlarmName: 'okta-synthetics-org-warn', StateValue: 'OK' });
      expect(held).toEqual([30_000]);
      expect(out).toContain('okta-synthetics-warn-messages');
    },
  );

  it('sets the alarm back to OK even when the wait is interrupted', async () => {
    const { code, err } = await run(['--severity', 'page'], async () => {
      throw new Error('interrupted');
    });
    expect(code).toBe(1);
    expect(err).toContain('stopped (interrupted); okta-synthetics-org-page was set back to OK');
    expect(calls.at(-1)?.input).toMatchObject({ AlarmName: 'okta-synthetics-org-page', StateValue: 'OK' });
  });

  it('without AWS credentials could not run (exit 3): says so before any request, and claims no OK', async () => {
    const { code, err } = await run([], async () => {}, NO_CREDENTIALS);
    expect(code).toBe(3);
    expect(err).toBe(
      'okta-synthetics: notify-test: no AWS credentials (Could not load credentials from any providers): ' +
        'sign in as you would for the AWS CLI (aws sso login, aws configure, --profile NAME or AWS_PROFILE, or ' +
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and run again\n',
    );
    expect(calls).toEqual([]);
  });

  it(
    'when setting ALARM is refused, names the missing permission, says nothing was set, sends no OK: could not ' +
      'run (exit 3)',
    async () => {
      refuse = 'ALARM';
      const { code, err } = await run([]);
      expect(code).toBe(3);
      expect(err).toMatch(
        /^okta-synthetics: notify-test: AWS refused: the identity lacks a permission \(AccessDenied: not authorized [^)]*\); see --help for the permissions needed; nothing was set\n$/,
      );
      expect(calls.map((c) => c.operation)).toEqual(['DescribeAlarms', 'SetAlarmState']);
    },
  );

  it('when the final OK fails, says the alarm is still in ALARM and gives the command that ends it', async () => {
    refuse = 'OK';
    const { code, out, err } = await run([]);
    expect(code).toBe(1);
    expect(err).toContain(
      'notify-test: okta-synthetics-org-warn is still in ALARM: setting it back to OK failed (AWS refused: ' +
        'the identity lacks a permission (AccessDenied',
    );
    expect(err).toContain(
      'aws cloudwatch set-alarm-state --region us-east-1 --alarm-name okta-synthetics-org-warn --state-value OK',
    );
    expect(`${out}${err}`).not.toMatch(/set back to OK|Set it back to OK/);
  });

  it('never touches an alarm in ALARM for real, nor tests while the silence composite would mute it', async () => {
    states.set('okta-synthetics-org-warn', 'ALARM');
    expect(await run([])).toMatchObject({ code: 1, err: expect.stringContaining('in ALARM for real') });
    states.set('okta-synthetics-org-warn', 'OK');
    states.set('okta-synthetics-silence', 'ALARM');
    expect(await run([])).toMatchObject({ code: 1, err: expect.stringContaining('would be muted') });
    expect(calls.filter((c) => c.operation === 'SetAlarmState')).toEqual([]);
  });

  it("asks a browser journey's own silence, not the probe's: the probe being down does not mute it", async () => {
    const browser = writeConfig(browserJourneyConfig());
    states.set('okta-synthetics-portal-page', 'OK');
    states.set('okta-synthetics-silence', 'ALARM');
    states.set('okta-synthetics-silence-browser', 'OK');
    const args = ['--server', 'portal', '--severity', 'page'];
    expect((await run(args, async () => {}, TEST_CREDENTIALS, browser)).code).toBe(0);
    expect(calls[0]?.input.AlarmNames).toEqual(['okta-synthetics-portal-page', 'okta-synthetics-silence-browser']);
    calls.length = 0;
    states.set('okta-synthetics-silence-browser', 'ALARM');
    expect(await run(args, async () => {}, TEST_CREDENTIALS, browser)).toMatchObject({
      code: 1,
      err: expect.stringContaining('okta-synthetics-silence-browser is in ALARM'),
    });
  });

  it("tests a sign-in journey's page composite, and a direct journey's warning without the fast path", async () => {
    const journeys = writeConfig(journeyConfig());
    states.set('okta-synthetics-portal-page', 'OK');
    const { code } = await run(
      ['--server', 'portal', '--severity', 'page'],
      async () => {},
      TEST_CREDENTIALS,
      journeys,
    );
    expect(code).toBe(0);
    expect(
      calls.filter((c) => c.operation === 'SetAlarmState').map((c) => [c.input.AlarmName, c.input.StateValue]),
    ).toEqual([
      ['okta-synthetics-portal-page', 'ALARM'],
      ['okta-synthetics-portal-page', 'OK'],
    ]);
    calls.length = 0;
    // Without the fast path a direct journey has a warn composite too: its failures of a cause its pageFor leaves
    // out warn there (probe/unpaged.ts), so it is tested like any other.
    const classic = writeConfig({ ...journeyConfig(), quorum: false });
    states.set('okta-synthetics-mobile-warn', 'OK');
    expect((await run(['--server', 'mobile'], async () => {}, TEST_CREDENTIALS, classic)).code).toBe(0);
    expect(
      calls.filter((c) => c.operation === 'SetAlarmState').map((c) => [c.input.AlarmName, c.input.StateValue]),
    ).toEqual([
      ['okta-synthetics-mobile-warn', 'ALARM'],
      ['okta-synthetics-mobile-warn', 'OK'],
    ]);
  });

  it('says the stack is not deployed there when the alarm does not exist', async () => {
    states.clear();
    expect(await run([])).toMatchObject({ code: 1, err: expect.stringContaining('deploy the stack first') });
  });

  it.each([
    [['--severity', 'critical'], /--severity must be warn or page/],
    [['--server', 'defualt'], /--server "defualt" is not in the config \(did you mean default\?\)/],
    [['--hold', '1'], /--hold must be whole seconds from 5 to 600/],
    [['--colour'], /notify-test: unknown option --colour; the options are --config, -c, --server/],
  ])('%s is a usage error naming the fix, exit 2, no AWS call', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err.replace(/\s+/g, ' ')).toMatch(message);
    expect(calls).toEqual([]);
  });
});
