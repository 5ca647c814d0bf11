// What a probe bundle loads, file by file: one fresh Node 24 process imports its index.mjs (Lambda's init) and calls
// the handler once (the first invocation), its AWS calls going to the loopback fake and Okta being the simulator. A
// resolve hook (node:module registerHooks) records each file of the bundle when it is first resolved, and each
// file's source map says which sources it holds. Read by the lazy-loading test and the cold-start benchmark.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simulatorConfigJson } from '../../sim/config';
import type { Simulator } from '../../sim/server';
import { samlMetadataUrl, samlSsoUrl, SIM_SAML_APP } from '../../sim/saml/app';
import {
  CONFIG_ENV,
  JOURNEY_STATE_PATH_ENV,
  JOURNEY_TABLE_ENV,
  journeyTableName,
  journeyStatePath,
  KEPT_STATE_PATH_ENV,
  keptStatePath,
  HAR_BUCKET_ENV,
  MAINTENANCE_PARAMETER_ENV,
  maintenanceParameterName,
  NAMESPACE_ENV,
} from '../../functions/contract';
import { fakeAwsEnv } from './aws-fake';
import { lambdaConfigEnv } from './server-configs';

const run = promisify(execFile);

/** Lambda's Node major: the node@24 devDependency's binary. */
export const NODE24 = fileURLToPath(new URL('../../node_modules/node/bin/node', import.meta.url));

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const REGION = 'us-east-1';
const SECRET = (name: string): string => `arn:aws:secretsmanager:${REGION}:123456789012:secret:okta-synthetics/${name}`;
export const ORG_SECRET = SECRET('org-AbCdEf');
export const CUSTOM_SECRET = SECRET('default-GhIjKl');
export const PORTAL_SECRET = SECRET('portal-MnOpQr');

/** The secrets the fake's Secrets Manager holds for these configs. */
export function bundleSecrets(sim: Simulator): Map<string, string> {
  const { org, custom, signIn } = sim.clients;
  return new Map([
    [ORG_SECRET, org.privateKeyPem],
    [CUSTOM_SECRET, custom.clientSecret],
    [PORTAL_SECRET, JSON.stringify({ password: signIn.portalUser.password, totpSecret: signIn.portalUser.totpSecret })],
  ]);
}

/**
 * The example config's kinds (okta-synthetics.example.json) against the simulator: the Org server with its key and
 * /authorize, a custom server with a client secret, the status feed; no journey, SAML app, catalogue, inventory or
 * System Log.
 */
export function exampleShapedConfig(sim: Simulator): Record<string, unknown> {
  const file = simulatorConfigJson(sim, 'unused.pem');
  const servers = file.servers.map(
    ({ privateKeyFile: _key, clientSecret: _secret, managementApi: _management, ...server }) => ({
      ...server,
      secretName: server.id === 'org' ? ORG_SECRET : CUSTOM_SECRET,
      authMethod: server.id === 'org' ? 'private_key_jwt' : 'client_secret_basic',
    }),
  );
  return {
    ...file,
    servers,
    signIn: undefined,
    samlApps: undefined,
    namespace: 'OktaSyntheticsBench',
    prefix: 'bench',
  };
}

/** The example's servers with a sign-in journey (authn) and a SAML app judged in its session. */
export function samlJourneyConfig(sim: Simulator): Record<string, unknown> {
  const { custom, signIn } = sim.clients;
  return {
    ...exampleShapedConfig(sim),
    signIn: [
      {
        id: 'portal',
        server: custom.serverId,
        flow: 'authn',
        clientId: signIn.portal.clientId,
        redirectUri: signIn.portal.redirectUri,
        username: signIn.portalUser.username,
        requiredClaims: ['email'],
        secretName: PORTAL_SECRET,
      },
    ],
    samlApps: [
      {
        id: 'salesforce',
        signIn: 'portal',
        ssoUrl: samlSsoUrl(sim.url),
        metadataUrl: samlMetadataUrl(sim.url),
        audience: SIM_SAML_APP.audience,
        recipient: SIM_SAML_APP.recipient,
        requiredAttributes: ['email'],
        nameIdFormat: SIM_SAML_APP.nameIdFormat,
      },
    ],
  };
}

/** One file of the bundle, as the process first resolved it. */
export interface BundleLoad {
  /** Relative to the bundle's folder: "index.mjs", "chunks/....mjs". */
  readonly file: string;
  readonly bytes: number;
  /** While the module was imported (Lambda's init), or during the handler's first call. */
  readonly phase: 'init' | 'invocation';
  /** When, ms since the process started. */
  readonly atMs: number;
  /**
   * The sources it holds (its source map's), relative to the project: "functions/probe/saml/app.ts",
   * "node_modules/xpath/xpath.js".
   */
  readonly sources: readonly string[];
}

const RUNNER = `
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
const [entry] = process.argv.slice(2);
const folder = new URL('.', pathToFileURL(entry)).href;
const loads = [];
const seen = new Set();
let phase = 'init';
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    if (resolved.url.startsWith(folder) && !seen.has(resolved.url)) {
      seen.add(resolved.url);
      loads.push({ file: resolved.url.slice(folder.length), phase, atMs: performance.now() });
    }
    return resolved;
  },
});
let result;
try {
  const mod = await import(pathToFileURL(entry).href);
  phase = 'invocation';
  // The probe function's own timeout (50 s): with less, a loaded machine leaves a group's share for the next run and
  // the invocation never reaches the code it is meant to show loading.
  result = await mod.handler({}, { getRemainingTimeInMillis: () => 50000 });
} catch (error) {
  result = { thrown: String(error && error.message) };
}
process.stdout.write('\\n@@loads ' + JSON.stringify({ loads, result }) + '\\n');
`;

/** The sources a bundle file holds, from the map beside it, relative to the project root. */
function sourcesOf(file: string): string[] {
  const map = `${file}.map`;
  if (!existsSync(map)) return [];
  const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
  return sources.map((source) => relative(ROOT, resolve(dirname(file), source)));
}

/**
 * Runs `entry` (a bundle's index.mjs) once under Node 24 with `env`: what it loaded, in order, and the handler's
 * result.
 */
export async function bundleLoads(
  entry: string,
  env: NodeJS.ProcessEnv,
  scratch: string,
): Promise<{ loads: BundleLoad[]; result: Record<string, unknown> }> {
  const runner = join(scratch, 'record-loads.mjs');
  writeFileSync(runner, RUNNER);
  const { stdout } = await run(NODE24, [runner, entry], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  const marker = stdout.lastIndexOf('\n@@loads ');
  if (marker < 0) throw new Error(`the handler process printed no loads: ${stdout.slice(0, 500)}`);
  const { loads, result } = JSON.parse(stdout.slice(marker + '\n@@loads '.length)) as {
    loads: Omit<BundleLoad, 'bytes' | 'sources'>[];
    result: Record<string, unknown>;
  };
  const folder = dirname(entry);
  return {
    result,
    loads: loads.map((load) => {
      const path = join(folder, load.file);
      return { ...load, bytes: statSync(path).size, sources: sourcesOf(path) };
    }),
  };
}

/**
 * The environment a deployed probe of `config` gets (as lib/probe-function.ts sets it: the maintenance parameter and
 * the traces' bucket always, a journey's and the kept records' SSM paths when the config has them), pointed at the
 * loopback fake.
 */
export function probeEnv(awsUrl: string, dir: string, config: Record<string, unknown>): NodeJS.ProcessEnv {
  const prefix = String(config.prefix);
  const journeys = Array.isArray(config.signIn) && config.signIn.length > 0;
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: REGION,
    ...fakeAwsEnv({ url: awsUrl }, dir),
    NO_PROXY: '127.0.0.1,localhost',
    [NAMESPACE_ENV]: String(config.namespace),
    [CONFIG_ENV]: lambdaConfigEnv(config),
    [MAINTENANCE_PARAMETER_ENV]: maintenanceParameterName(prefix),
    // The traces' bucket is on by default (harRetentionDays 14): a healthy run must not load the S3 client for it.
    [HAR_BUCKET_ENV]: `${prefix}-traces-${REGION}`,
    ...(journeys && {
      [JOURNEY_STATE_PATH_ENV]: journeyStatePath(prefix),
      [JOURNEY_TABLE_ENV]: journeyTableName(prefix),
      [KEPT_STATE_PATH_ENV]: keptStatePath(prefix),
    }),
  };
}
