// The "browser" journey deployed against the simulator's hosted page: the app synthesized with real bundling, the
// browser function's asset unpacked as `cdk deploy` ships it and run as Lambda runs it (test/support/lambda-asset.ts),
// its AWS calls to the loopback fake. Shared by test/deploy/browser-asset.test.ts and `npm run bench:browser`.
import { App } from 'aws-cdk-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../lib/build-app';
import type { Simulator } from '../../sim/server';
import { startAwsFake, type AwsFake } from './aws-fake';
import {
  deployedFunction,
  lambdaSandbox,
  requireLambdaSandbox,
  type DeployedFunction,
  type FunctionResource,
  type LambdaSandbox,
} from './lambda-asset';
import { writeConfig } from './configs';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** The browser journey's user's secret, as the stack's config names it. */
export const PAGE_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:okta-synthetics/page-AbCdEf`;
/** The browser journey's id. */
export const BROWSER_JOURNEY = 'page';
export const BROWSER_FUNCTION = 'okta-synthetics-browser';
/** The journeys' table as the stack names it, in the fake's DynamoDB. */
export const JOURNEY_TABLE_NAME = 'okta-synthetics-journey-state';

export interface BrowserDeployment {
  readonly aws: AwsFake;
  /** Every function of the template, by name. */
  readonly functions: ReadonlyMap<string, DeployedFunction>;
  readonly browser: LambdaSandbox;
  close(): Promise<void>;
}

/**
 * The config of a deployment whose one journey is "browser", on the simulator's Identity Engine app (the "idx"
 * journey's), signing its page user in.
 */
export function browserDeploymentConfig(sim: Simulator, everyMinutes?: number): Record<string, unknown> {
  const { custom, signIn } = sim.clients;
  const { serverId: id, clientId, scopes, audience, requiredClaims } = custom;
  const secretName = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:okta-synthetics/default-GhIjKl`;
  return {
    orgUrl: sim.url,
    statusPageUrl: null,
    timeoutMs: 5000,
    regions: [REGION],
    alarmEmails: ['oncall@acme.example'],
    // The custom server, whose issuer signs the page user in: the browser function runs none of its checks.
    servers: [{ id, clientId, scopes, audience, requiredClaims, authMethod: 'client_secret_basic', secretName }],
    signIn: [
      {
        id: BROWSER_JOURNEY,
        server: custom.serverId,
        flow: 'browser',
        clientId: signIn.workforce.clientId,
        redirectUri: signIn.workforce.redirectUri,
        username: signIn.pageUser.username,
        requiredClaims: ['email'],
        secretName: PAGE_SECRET,
        ...(everyMinutes !== undefined && { everyMinutes }),
      },
    ],
    quorum: false,
  };
}

/**
 * Synthesizes the deployment with real bundling and unpacks the browser function's asset, ready to invoke;
 * `everyMinutes` the journey's own cadence (a warm environment keeps its last verdict until it is due again).
 */
export async function startBrowserDeployment(sim: Simulator, everyMinutes?: number): Promise<BrowserDeployment> {
  const user = sim.clients.signIn.pageUser;
  const aws = await startAwsFake({
    secrets: new Map([[PAGE_SECRET, JSON.stringify({ password: user.password, totpSecret: user.totpSecret })]]),
  });
  const outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-browser-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const built = buildApp(app, {
    configPath: writeConfig(browserDeploymentConfig(sim, everyMinutes)),
    env: { CDK_DEFAULT_ACCOUNT: ACCOUNT, CDK_DEFAULT_REGION: REGION },
  });
  if (!built.ok) throw new Error(built.errors.join('; '));
  const assembly = app.synth();
  const [stack] = assembly.stacks;
  if (stack === undefined) throw new Error('no stack');
  const resources = (stack.template as { Resources: Record<string, { Type: string }> }).Resources;
  const functions = new Map<string, DeployedFunction>();
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const place = { account: ACCOUNT, region: REGION, resources };
    const deployed = deployedFunction(resource as unknown as FunctionResource, assembly.directory, place);
    functions.set(deployed.name, deployed);
  }
  const fn = functions.get(BROWSER_FUNCTION);
  if (fn === undefined) throw new Error(`the template has no ${BROWSER_FUNCTION}: ${[...functions.keys()].join()}`);
  requireLambdaSandbox();
  const browser = lambdaSandbox(fn);
  return {
    aws,
    functions,
    browser,
    close: async () => {
      browser.remove();
      await aws.close();
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

/**
 * The journey made due again: its last run moved a day back in its state item, the rest of the state (its lease's
 * end, its version) as the run left it. An item deleted would be taken for a journey the table holds nothing of, whose
 * state the store then looks for where it was kept before the table.
 */
export function journeyDueAgain(aws: AwsFake): void {
  const table = aws.dynamoTables.get(JOURNEY_TABLE_NAME) ?? new Map();
  for (const [key, item] of table) {
    if (!key.endsWith('|state')) continue;
    const state = JSON.parse(String(item.state?.S ?? '{}')) as { last?: { at: number } };
    if (state.last !== undefined) state.last.at -= 24 * 60 * 60 * 1000;
    table.set(key, { ...item, state: { S: JSON.stringify(state) } });
  }
}
