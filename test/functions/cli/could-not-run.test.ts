// "Could not run" (exit 3): no AWS credentials, AWS unreachable, a history folder that cannot be written.
// One code from every command, judged before any request is sent, with a message naming the real cause. The real
// bin is spawned with an environment it owns, as cron would run it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAwsFailure } from '../../../functions/cli/aws';
import { EXIT, EXIT_COULD_NOT_RUN } from '../../../functions/cli/frame';
import { EXAMPLE_CONFIG_PATH } from '../../../lib/build-app';
import { writeSimulatorConfig } from '../../../sim/config';
import { startSimulator } from '../../../sim/server';
import { startAwsFake, type AwsFake } from '../../support/aws-fake';
import { buildOnce, ROOT, runCli, STACK_LINE } from './helpers';

let dir: string;
let aws: AwsFake;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let simConfig: string;

beforeAll(async () => {
  await buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-could-not-run-'));
  aws = await startAwsFake();
  sim = await startSimulator({ scenario: 'healthy', port: 0 });
  simConfig = await writeSimulatorConfig(sim, dir);
});
afterAll(async () => {
  await aws.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * No credentials anywhere the SDK looks (no keys, no profile files, no instance metadata); AWS is the loopback fake.
 */
const noCredentials = (): NodeJS.ProcessEnv => ({
  AWS_ENDPOINT_URL: aws.url,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
  HOME: dir,
});

describe('the exit codes, one meaning each', () => {
  it('the frame names them: 0 done, 1 a check failed, 2 usage, 3 could not run, 70 a bug', () => {
    expect(EXIT).toEqual({ ok: 0, checksFailed: 1, usage: 2, couldNotRun: 3, internal: 70 });
    expect(EXIT_COULD_NOT_RUN).toBe(3);
  });

  it.each([
    ['status', ['status', '--config', EXAMPLE_CONFIG_PATH]],
    ['notify-test', ['notify-test', '--config', EXAMPLE_CONFIG_PATH]],
    ['prove-latch', ['prove-latch', '--config', EXAMPLE_CONFIG_PATH]],
    ['run --secrets aws', ['run', '--config', EXAMPLE_CONFIG_PATH, '--secrets', 'aws']],
    ['report', ['report', '--config', EXAMPLE_CONFIG_PATH, '--month', '2026-10']],
  ])(
    '%s without AWS credentials: exit 3, one line naming the ways to sign in, no request sent',
    async (command, args) => {
      aws.calls.length = 0;
      const outcome = await runCli(args, noCredentials());
      expect(outcome.stderr).toBe(
        `okta-synthetics: ${command}: no AWS credentials (Could not load credentials from any providers): ` +
          `sign in as you would for the AWS CLI (aws sso login, aws configure, --profile NAME or AWS_PROFILE, ` +
          `or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and run again\n`,
      );
      expect(outcome.code).toBe(3);
      expect(outcome.stdout).toBe('');
      expect(aws.calls).toEqual([]);
    },
  );

  it(
    '--profile is read as the AWS CLI reads it, by every ' + 'command that calls AWS: an unknown one could not run',
    async () => {
      for (const args of [
        ['status', '--config', EXAMPLE_CONFIG_PATH],
        ['notify-test', '--config', EXAMPLE_CONFIG_PATH],
        ['prove-latch', '--config', EXAMPLE_CONFIG_PATH],
        ['run', '--config', EXAMPLE_CONFIG_PATH, '--secrets', 'aws'],
        ['report', '--config', EXAMPLE_CONFIG_PATH, '--month', '2026-10'],
      ]) {
        const outcome = await runCli([...args, '--profile', 'nobody'], {
          ...noCredentials(),
          AWS_ACCESS_KEY_ID: 'AKIDFAKE',
          AWS_SECRET_ACCESS_KEY: 'fake',
        });
        // A named profile wins over keys in the environment, as in the AWS CLI.
        expect(outcome.stderr, args[0]).toMatch(
          /no AWS credentials \(profile nobody\) \(.+\): sign in as you would for the AWS CLI/,
        );
        expect(outcome.code, args[0]).toBe(3);
      }
      expect(aws.calls).toEqual([]);
    },
  );

  it('run --history FILE (a file, not a folder): exit 3 with what to do, before Okta is called', async () => {
    const file = join(dir, 'history.txt');
    writeFileSync(file, 'not a folder\n');
    sim.resetRequests();
    const outcome = await runCli(['run', '--config', simConfig, '--history', file]);
    expect(outcome.stderr).toBe(
      `okta-synthetics: run: --history ${file}: cannot keep runs there (it is a file, not a folder); name a ` +
        `folder this user can write, e.g. --history ${join(process.env.HOME ?? '', '.okta-synthetics', 'history')}\n`,
    );
    expect(outcome.code).toBe(3);
    expect(outcome.stdout).toBe('');
    expect(sim.requests).toEqual([]);
  });
});

describe('an AWS failure names its real cause', () => {
  const target = { region: 'us-east-1' };

  it('no DNS answer, as the SDK reports it (getaddrinfo EAI_AGAIN), is DNS: not "credentials are needed"', () => {
    const dns = Object.assign(new Error('getaddrinfo EAI_AGAIN monitoring.us-east-1.amazonaws.com'), {
      code: 'EAI_AGAIN',
      syscall: 'getaddrinfo',
      hostname: 'monitoring.us-east-1.amazonaws.com',
      $metadata: { attempts: 1, totalRetryDelay: 0 },
    });
    expect(classifyAwsFailure(dns, target)).toEqual({
      cause: 'dns',
      text:
        'cannot resolve monitoring.us-east-1.amazonaws.com (EAI_AGAIN): no DNS answer for AWS from here; check ' +
        'the network, the DNS resolver or HTTPS_PROXY, and that us-east-1 is a region',
    });
  });

  it.each([
    [
      { name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' },
      'credentials',
      /^no AWS credentials/,
    ],
    [
      {
        name: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
        $metadata: { httpStatusCode: 400 },
      },
      'credentials',
      /^AWS did not accept the credentials \(UnrecognizedClientException/,
    ],
    [
      {
        name: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
        $metadata: { httpStatusCode: 400 },
      },
      'credentials',
      /wrong or expired; sign in again/,
    ],
    [
      {
        name: 'AccessDeniedException',
        message: 'User: arn:aws:iam::1:user/x is not authorized to perform: logs:FilterLogEvents',
        $metadata: { httpStatusCode: 400 },
      },
      'permission',
      /^AWS refused: the identity lacks a permission \(AccessDeniedException: User: .*logs:FilterLogEvents\)/,
    ],
    [
      { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED', $metadata: { attempts: 1 } },
      'network',
      /^AWS is unreachable \(ECONNREFUSED/,
    ],
    [
      {
        name: 'ResourceNotFoundException',
        message: 'The specified log group does not exist.',
        $metadata: { httpStatusCode: 400 },
      },
      'refused',
      /^AWS refused \(ResourceNotFoundException/,
    ],
  ])('%o is %s', (error, cause, text) => {
    const failure = classifyAwsFailure(error, target);
    expect(failure.cause).toBe(cause);
    expect(failure.text).toMatch(text);
  });

  it('with keys but no network (a namespace of its own), status says DNS, exit 3, no stack trace', async () => {
    const unshare = spawnSync('unshare', ['-rn', 'true']);
    if (unshare.status !== 0) return; // no user namespaces here: the unit test above holds the rule
    const outcome = spawnSync(
      'unshare',
      ['-rn', process.execPath, join(ROOT, 'bin/okta-synthetics.mjs'), 'status', '--config', EXAMPLE_CONFIG_PATH],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          NO_COLOR: '1',
          AWS_ACCESS_KEY_ID: 'AKIDFAKE',
          AWS_SECRET_ACCESS_KEY: 'fake',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_MAX_ATTEMPTS: '1',
        },
      },
    );
    expect(outcome.stderr).toMatch(
      /^okta-synthetics: status: cannot resolve monitoring\.us-east-1\.amazonaws\.com \(EAI_AGAIN\): no DNS answer for AWS from here/,
    );
    expect(outcome.stderr).not.toMatch(STACK_LINE);
    expect(outcome.status).toBe(3);
  });
});
