// `npm run bench:worst-case`: the probe Lambda at the most the stack allows (90 servers, timeoutMs 60000) in the
// worst conditions, at the CPU share Lambda gives its configured 256 MB, against its 50 s timeout and 256 MB.
//
// The handler is bundled as the stack bundles it (scripts/bench/bundle.ts), its config file written beside it, and
// invoked once in a fresh Node 24 process (Lambda's major) whose AWS calls go through AWS_ENDPOINT_URL to the
// loopback fake of the deploy tests. Two runs:
//   hang   every Okta answer held for minutes (the simulator's latency), PutMetricData held past the client's
//          timeout: every check runs into the deadline, every publish batch times out, then EMF and the run line.
//   large  every Okta answer 512 KB to 4 MB (the simulator's own answers padded by a loopback proxy that also
//          maps the 90 servers onto its one custom AS): the peak memory of a run against 256 MB.
// The child runs in a cgroup v1 cpu controller limited to 256/1769 of one CPU (needs root; without it the run is
// unlimited and says so). Traffic goes only to 127.0.0.1. Writes section h of BENCHMARKS.md; prints it.
import { mkdtemp, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { loadavg, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_SERVERS } from '../../functions/plan/deploy-rules';
import { startSimulator, type Simulator } from '../../sim/server';
import { withSection, WORST_CASE_HEADING as HEADING } from './doc-section';
import { makeCgroup } from './worst-case/cgroup';
import { live, runScenario, type InvocationResult } from './worst-case/invoke';
import { startPaddingProxy } from './worst-case/padding-proxy';
import { mb, s, section } from './worst-case/section';
import { HANG_MS, LARGE_MAX_BYTES, LARGE_MIN_BYTES, NAMESPACE, PREFIX, TIMEOUT_MS } from './worst-case/settings';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

const secretArn = (i: number): string =>
  `arn:aws:secretsmanager:us-east-1:123456789012:secret:okta-synthetics/s${i}-AbCdEf`;
/** Server ids: the Org AS first, then custom servers s02..s90. */
const serverId = (i: number): string => (i === 1 ? 'org' : `s${String(i).padStart(2, '0')}`);

/** The Lambda's config file (the stack's shape: credentials by secret) for MAX_SERVERS servers at `orgUrl`. */
function lambdaConfig(sim: Simulator, orgUrl: string, statusPageUrl: string): Record<string, unknown> {
  const { org, custom, web } = sim.clients;
  const servers = Array.from({ length: MAX_SERVERS }, (_, k) => {
    const i = k + 1;
    const authorize = {
      clientId: web.clientId,
      redirectUri: web.redirectUri,
      scopes: i === 1 ? ['openid'] : ['openid', ...custom.scopes],
    };
    if (i === 1) {
      return {
        id: 'org',
        clientId: org.clientId,
        keyId: org.keyId,
        scopes: org.scopes,
        managementApi: true,
        authorize,
        secretName: secretArn(i),
        authMethod: 'private_key_jwt',
      };
    }
    // Half the servers sign an assertion (the CPU-heavy method), half send a secret.
    const byKey = i % 2 === 0;
    return {
      id: serverId(i),
      clientId: byKey ? org.clientId : custom.clientId,
      ...(byKey ? { keyId: org.keyId } : {}),
      scopes: custom.scopes,
      audience: custom.audience,
      requiredClaims: custom.requiredClaims,
      authorize,
      secretName: secretArn(i),
      authMethod: byKey ? 'private_key_jwt' : 'client_secret_basic',
    };
  });
  return { orgUrl, statusPageUrl, timeoutMs: TIMEOUT_MS, namespace: NAMESPACE, prefix: PREFIX, servers };
}

function secrets(sim: Simulator): Map<string, string> {
  return new Map(
    Array.from({ length: MAX_SERVERS }, (_, k) => [
      secretArn(k + 1),
      (k + 1) % 2 === 0 || k === 0 ? sim.clients.org.privateKeyPem : sim.clients.custom.clientSecret,
    ]),
  );
}

/** The large scenario: every answer padded by a proxy in front of the simulator, and what the proxy sent. */
async function runLarge(
  sim: Simulator,
  dir: string,
  limit: Awaited<ReturnType<typeof makeCgroup>>,
): Promise<{ large: InvocationResult; proxied: { sentBytes: number; answers: number } }> {
  const proxy = await startPaddingProxy(sim);
  let large: InvocationResult;
  try {
    process.stderr.write(
      `worst-case: large (every answer ${LARGE_MIN_BYTES / 1024} KB - ${LARGE_MAX_BYTES / 1024 / 1024} MB)\n`,
    );
    large = await runScenario(
      root,
      'large',
      dir,
      lambdaConfig(sim, proxy.url, `${proxy.url}${new URL(sim.statusFeedUrl).pathname}`),
      secrets(sim),
      limit,
    );
  } finally {
    await proxy.close();
  }
  return { large, proxied: { sentBytes: proxy.sentBytes(), answers: proxy.answers() } };
}

async function main(): Promise<void> {
  if (platform() !== 'linux') process.stderr.write('worst-case: not Linux: no cgroup, the run is unlimited\n');
  const started = performance.now();
  const load = loadavg();
  const dir = await mkdtemp(join(tmpdir(), 'okta-synthetics-worst-'));
  const limit = await makeCgroup(`okta-synthetics-bench-${process.pid}`);
  process.stderr.write(`worst-case: ${limit.note}\n`);
  const sim = await startSimulator({ latencyMs: HANG_MS });
  try {
    process.stderr.write(`worst-case: hang (${MAX_SERVERS} servers, Okta and CloudWatch hanging), about a minute\n`);
    const hang = await runScenario(
      root,
      'hang',
      dir,
      lambdaConfig(sim, sim.url, sim.statusFeedUrl),
      secrets(sim),
      limit,
    );
    process.stderr.write(`worst-case: hang done: run line at ${s(hang.runLineAtMs)}, peak ${mb(hang.maxRssKb)}\n`);
    sim.latencyMs = 0;
    const { large, proxied } = await runLarge(sim, dir, limit);
    const text = section(hang, large, proxied, limit, (performance.now() - started) / 1000, load);
    const file = join(root, 'BENCHMARKS.md');
    await writeFile(file, withSection(await readFile(file, 'utf8'), HEADING, text));
    process.stdout.write(`${text}\n`);
    if (hang.stderr.trim() !== '' || large.stderr.trim() !== '')
      process.stderr.write(`worst-case: the handler's stderr:\n${hang.stderr}\n${large.stderr}\n`);
    process.stderr.write(
      `worst-case: raw ${JSON.stringify({ hang: { ...hang, runLine: undefined }, large: { ...large, runLine: undefined } })}\n`,
    );
  } finally {
    for (const child of live) child.kill('SIGKILL');
    await sim.close();
    if (limit.dir !== undefined)
      await rmdir(limit.dir).catch((error: Error) =>
        process.stderr.write(`worst-case: could not remove ${limit.dir}: ${error.message}\n`),
      );
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
