// (g, Lambda) The first invocation of the bundled handler in a fresh Node 24 process, as a Lambda cold start runs
// it: the module loads (init, with its HTTP warm-up), then one handler call against the simulator. Its AWS calls
// go through AWS_ENDPOINT_URL to the loopback fake the deploy tests use; the CheckLatency datapoints it publishes
// are what the dashboard's latency widget shows, so each one's excess over the injected latency is our own time.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { RUN_LOG_MESSAGE } from '../../functions/contract';
import { simulatorConfigJson } from '../../sim/config';
import type { Simulator } from '../../sim/server';
import { startAwsFake, type AwsCall } from '../../test/support/aws-fake';
import { lambdaConfigEnv } from '../../test/support/server-configs';
import { LOAD_NODE } from './bundle';
import type { FirstInvocationBench } from './first-cycle';

const run = promisify(execFile);
const ORG_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:okta-synthetics/org-AbCdEf';
const CUSTOM_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:okta-synthetics/default-GhIjKl';

/** The environment of a handler process whose AWS calls go to the loopback fake at `awsUrl`, with fake credentials. */
export function fakeAwsEnv(awsUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: awsUrl,
    AWS_ACCESS_KEY_ID: 'AKIDFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_PROXY: '127.0.0.1,localhost',
  };
}

/** The simulator's config as the stack hands it to the Lambda: the same servers and checks, credentials by secret. */
function lambdaConfigJson(sim: Simulator): string {
  const file = simulatorConfigJson(sim, 'unused.pem');
  const servers = file.servers.map(({ privateKeyFile: _key, clientSecret: _secret, ...server }) => ({
    ...server,
    secretName: server.id === 'org' ? ORG_SECRET : CUSTOM_SECRET,
    authMethod: server.id === 'org' ? 'private_key_jwt' : 'client_secret_basic',
  }));
  // The servers alone, as section g measures them: the journeys and SAML apps are section k's (they need user secrets).
  return lambdaConfigEnv({
    ...file,
    servers,
    signIn: undefined,
    samlApps: undefined,
    namespace: 'OktaSyntheticsBench',
    prefix: 'bench',
  });
}

export async function benchFirstInvocation(
  bundleFile: string,
  sim: Simulator,
  latencyMs: number,
  runs: number,
): Promise<FirstInvocationBench> {
  const aws = await startAwsFake({
    secrets: new Map([
      [ORG_SECRET, sim.clients.org.privateKeyPem],
      [CUSTOM_SECRET, sim.clients.custom.clientSecret],
    ]),
  });
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-invoke-'));
  const runner = join(dir, 'invoke.mjs');
  await writeFile(
    runner,
    `const mod = await import(${JSON.stringify(pathToFileURL(bundleFile).href)});\n` +
      'await mod.handler({}, { getRemainingTimeInMillis: () => 20000 });\n',
  );
  const env = {
    ...fakeAwsEnv(aws.url),
    NAMESPACE: 'OktaSyntheticsBench',
    OKTA_SYNTHETICS_CONFIG: lambdaConfigJson(sim),
  };
  const overByCheck = new Map<string, number[]>();
  const worstPerRun: number[] = [];
  const preparationMs: number[] = [];
  const initMs: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      aws.calls.length = 0;
      const { stdout } = await run(LOAD_NODE, [runner], { env, timeout: 60_000 });
      const line = stdout.split('\n').find((l) => l.includes(RUN_LOG_MESSAGE));
      const logged = JSON.parse(line ?? '{}') as { preparationMs?: number; initMs?: number };
      preparationMs.push(logged.preparationMs ?? NaN);
      initMs.push(logged.initMs ?? NaN);
      const latencies = latencyOverheads(aws.calls, latencyMs);
      if (latencies.length === 0) throw new Error(`the handler published no CheckLatency: ${stdout.slice(0, 500)}`);
      for (const { key, over } of latencies) overByCheck.set(key, [...(overByCheck.get(key) ?? []), over]);
      worstPerRun.push(Math.max(...latencies.map((d) => d.over)));
    }
  } finally {
    await aws.close();
    await rm(dir, { recursive: true, force: true });
  }
  return { runs, overByCheck, worstPerRun, preparationMs, initMs };
}

/** Each check's published latency beyond the simulator's added latency, by "server/check". */
function latencyOverheads(calls: readonly AwsCall[], latencyMs: number): { key: string; over: number }[] {
  const data = calls
    .filter((c) => c.operation === 'cloudwatch.PutMetricData')
    .flatMap(
      (c) =>
        c.input.MetricData as {
          MetricName: string;
          Dimensions: { Name: string; Value: string }[];
          Value: number;
        }[],
    );
  return (
    data
      .filter((d) => d.MetricName === 'CheckLatency')
      .map((d) => ({
        key: `${d.Dimensions.find((x) => x.Name === 'Server')?.Value}/${d.Dimensions.find((x) => x.Name === 'Check')?.Value}`,
        over: d.Value - latencyMs,
      }))
      // The status feed is not Okta's authorization server, as in the CLI series.
      .filter((d) => !d.key.startsWith('okta/'))
  );
}
