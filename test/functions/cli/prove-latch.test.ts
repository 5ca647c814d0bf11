// prove-latch against a loopback fake of CloudWatch's wire protocol (AWS JSON 1.0): the real SDK sends the calls.
// The fake keeps a metric alarm's state as set, or, when told to, returns a set state to the alarm's evaluated one
// after a few reads, as AWS documents SetAlarmState may ("Metric alarms return to their actual state quickly").
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runProveLatch } from '../../../functions/cli/prove-latch';
import { LATCH_SHAPE } from '../../../functions/plan/latch-shape';
import { EXAMPLE_CONFIG_PATH } from '../../../lib/build-app';

interface Call {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

let server: Server;
let url = '';
const calls: Call[] = [];
const alarms = new Map<string, { state: string; input: Record<string, unknown> }>();
/** After this many reads, a set state goes back to the evaluated one (INSUFFICIENT_DATA); undefined: never. */
let revertAfterReads: number | undefined;
let reads = 0;

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
      const name = String(input.AlarmName ?? '');
      if (operation === 'PutMetricAlarm') alarms.set(name, { state: 'INSUFFICIENT_DATA', input });
      if (operation === 'SetAlarmState') {
        const alarm = alarms.get(name);
        if (alarm === undefined) {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'ResourceNotFound', message: `alarm ${name} does not exist` }));
          return;
        }
        alarm.state = String(input.StateValue);
      }
      if (operation === 'DeleteAlarms') for (const n of input.AlarmNames as string[]) alarms.delete(n);
      if (operation === 'DescribeAlarms') {
        reads += 1;
        const found = (input.AlarmNames as string[]).flatMap((n) => {
          const alarm = alarms.get(n);
          if (alarm !== undefined && revertAfterReads !== undefined && reads > revertAfterReads)
            alarm.state = 'INSUFFICIENT_DATA';
          return alarm === undefined ? [] : [{ AlarmName: n, StateValue: alarm.state }];
        });
        res.end(JSON.stringify({ MetricAlarms: found, CompositeAlarms: [] }));
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
  alarms.clear();
  revertAfterReads = undefined;
  reads = 0;
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string; waited: number }> {
  const out: string[] = [];
  const err: string[] = [];
  let waited = 0;
  const code = await runProveLatch(
    ['--config', EXAMPLE_CONFIG_PATH, '--region', 'eu-west-1', ...args],
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} },
    {
      client: (region) =>
        new CloudWatchClient({
          region,
          endpoint: url,
          credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
          maxAttempts: 1,
        }),
      sleep: async (ms) => {
        waited += ms;
      },
    },
  );
  return { code, out: out.join(''), err: err.join(''), waited };
}

describe('prove-latch', () => {
  it("builds a throwaway alarm of the latch's exact shape, no action, sets it, watches it, deletes it", async () => {
    const { code, out, waited } = await run(['--hold', '60']);
    expect(code).toBe(0);
    expect(out).toContain('stayed in ALARM for 60 s');
    expect(waited).toBe(60_000);
    const put = calls.find((c) => c.operation === 'PutMetricAlarm')?.input;
    expect(put).toMatchObject({
      AlarmName: 'okta-synthetics-latch-proof',
      MetricName: LATCH_SHAPE.metricName,
      Statistic: LATCH_SHAPE.statistic,
      Period: LATCH_SHAPE.periodSeconds,
      TreatMissingData: LATCH_SHAPE.treatMissingData,
      ActionsEnabled: false,
    });
    expect(put).not.toHaveProperty('AlarmActions');
    expect(calls.at(-1)).toMatchObject({
      operation: 'DeleteAlarms',
      input: { AlarmNames: ['okta-synthetics-latch-proof'] },
    });
    expect(alarms.size).toBe(0);
  });

  it('says so, and exits 1, when CloudWatch moves the set state back', async () => {
    revertAfterReads = 2;
    const { code, out } = await run(['--hold', '600']);
    expect(code).toBe(1);
    expect(out).toContain('moved it to INSUFFICIENT_DATA after 45 s');
    expect(out).toContain('sets it again');
    expect(calls.at(-1)?.operation).toBe('DeleteAlarms');
  });

  it('refuses a hold outside 60 to 3600 s, naming the option', async () => {
    const { code, err } = await run(['--hold', '5']);
    expect(code).toBe(2);
    expect(err).toContain('--hold must be whole seconds from 60 to 3600');
    expect(calls).toEqual([]);
  });
});
