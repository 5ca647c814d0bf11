// The "browser" journey deployed against the simulator's hosted page: the app synthesized with real bundling, the
// browser function's asset unpacked as `cdk deploy` ships it and run as Lambda runs it (test/support/lambda-asset.ts),
// its AWS calls to the loopback fake. Shared by test/deploy/browser-asset.test.ts, `npm run bench:browser` and
// test/deploy/browser-status-page.test.ts (the status page, the probe's function beside it, each under its role).
import { App } from 'aws-cdk-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../lib/build-app';
import type { Simulator } from '../../sim/server';
import { SIM_OIDC_APP } from '../../sim/app-oidc';
import { SIM_RENDER_BUDGET_SECONDS } from '../../sim/page-scenarios';
import { startAwsFake, type AwsFake } from './aws-fake';
import type { CfnPlace, CfnResource } from './cfn-values';
import { iamGate, roleStatements, type IamStatement } from './iam-policy';
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
export const PROBE_FUNCTION = 'okta-synthetics-probe';
/** The probe's server's secret, as the stack's config names it: the client secret of the simulator's custom server. */
const SERVER_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:okta-synthetics/default-GhIjKl`;
/** The journeys' table as the stack names it, in the fake's DynamoDB. */
export const JOURNEY_TABLE_NAME = 'okta-synthetics-journey-state';

/** What the deployment holds beside the browser journey (BrowserDeploymentOptions). */
export interface BrowserDeploymentOptions {
  /** The journey's own cadence (a warm environment keeps its last verdict until it is due again). */
  readonly everyMinutes?: number;
  /**
   * The status page (statusPage): the probe's function runs beside the browser's, in a sandbox of its own, and the
   * fake answers each caller under its role's grants as synthesized (BrowserDeployment.as).
   */
  readonly statusPage?: boolean;
  /** The journey signs in to the simulator's OIDC app, Expenses (its `app` block), with the app's client. */
  readonly app?: boolean;
}

/** Whose grants the fake's IAM gate holds the calls to: the browser function's role or the probe's. */
export type DeployedRole = 'browser' | 'probe';

export interface BrowserDeployment {
  readonly aws: AwsFake;
  /** Every function of the template, by name. */
  readonly functions: ReadonlyMap<string, DeployedFunction>;
  readonly browser: LambdaSandbox;
  /** With the status page: the probe's function, ready to invoke. */
  readonly probe?: LambdaSandbox;
  /** Each role's statements as synthesized (AWS::IAM::Policy documents naming it), resolved for this place. */
  readonly roles: Readonly<Record<DeployedRole, readonly IamStatement[]>>;
  /**
   * The role whose grants the fake's IAM gate holds the next S3 calls to (none at first: the fake allows everything),
   * as Lambda calls AWS with the invoked function's role.
   */
  as(role: DeployedRole | undefined): void;
  close(): Promise<void>;
}

/**
 * The config of a deployment whose one journey is "browser", on the simulator's Identity Engine app (the "idx"
 * journey's), signing its page user in.
 */
export function browserDeploymentConfig(
  sim: Simulator,
  options: BrowserDeploymentOptions = {},
): Record<string, unknown> {
  const { everyMinutes } = options;
  const { custom, signIn } = sim.clients;
  const { serverId: id, clientId, scopes, audience, requiredClaims } = custom;
  const secretName = SERVER_SECRET;
  const expenses = signIn.expenses;
  if (options.app === true && expenses === undefined) throw new Error('the simulator runs no OIDC app');
  // The app's client, so the ID token is the one the app is given (sim/app-scenarios.ts withAppJourneys).
  const app = options.app === true &&
    expenses !== undefined && {
      clientId: expenses.clientId,
      redirectUri: expenses.redirectUri,
      // The simulator's page is rendered on this machine, which a loaded test host slows (sim/page-scenarios.ts).
      renderBudgetSeconds: SIM_RENDER_BUDGET_SECONDS,
      app: {
        name: SIM_OIDC_APP.name,
        protocol: 'oidc',
        loginUrl: `${sim.apps.expenses}/login`,
        success: { path: SIM_OIDC_APP.home, cookie: SIM_OIDC_APP.cookie },
        logoutUrl: `${sim.apps.expenses}/logout`,
        claims: [...SIM_OIDC_APP.requiredClaims],
      },
    };
  return {
    orgUrl: sim.url,
    statusPageUrl: null,
    // A step's wait is a bound, never a pace: the test host runs two lanes of tests beside this Chromium, which a
    // deployed function (2 GB, its own vCPU) never does.
    timeoutMs: 10_000,
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
        ...app,
      },
    ],
    ...(options.statusPage === true && { statusPage: { allowFrom: ['203.0.113.0/24'] } }),
    quorum: false,
  };
}

/**
 * Synthesizes the deployment with real bundling and unpacks the browser function's asset (and with the status page
 * the probe's), ready to invoke.
 */
export async function startBrowserDeployment(
  sim: Simulator,
  options: BrowserDeploymentOptions = {},
): Promise<BrowserDeployment> {
  const user = sim.clients.signIn.pageUser;
  let gate: ReturnType<typeof iamGate> | undefined;
  const aws = await startAwsFake({
    secrets: new Map([
      [PAGE_SECRET, JSON.stringify({ password: user.password, totpSecret: user.totpSecret })],
      [SERVER_SECRET, sim.clients.custom.clientSecret],
    ]),
    // S3's calls alone: the fake's gate names no secret or item for the other services' calls (iam-policy.ts asks
    // them of "*"), whose grants test/lib/browser-iam.test.ts evaluates on the template.
    iam: (call) => (call.operation.startsWith('s3.') ? gate?.(call) : undefined),
  });
  const outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-browser-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const built = buildApp(app, {
    configPath: writeConfig(browserDeploymentConfig(sim, options)),
    env: { CDK_DEFAULT_ACCOUNT: ACCOUNT, CDK_DEFAULT_REGION: REGION },
  });
  if (!built.ok) throw new Error(built.errors.join('; '));
  const assembly = app.synth();
  const [stack] = assembly.stacks;
  if (stack === undefined) throw new Error('no stack');
  const resources = (stack.template as { Resources: Record<string, CfnResource> }).Resources;
  const place: CfnPlace = { account: ACCOUNT, region: REGION, resources };
  const functions = new Map<string, DeployedFunction>();
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const deployed = deployedFunction(resource as unknown as FunctionResource, assembly.directory, place);
    functions.set(deployed.name, deployed);
  }
  const fn = functions.get(BROWSER_FUNCTION);
  if (fn === undefined) throw new Error(`the template has no ${BROWSER_FUNCTION}: ${[...functions.keys()].join()}`);
  const roles = {
    browser: roleStatements(place, (id) => id.startsWith('ProbeBrowserRole')),
    probe: roleStatements(place, (id) => id.startsWith('ProbeRole')),
  };
  requireLambdaSandbox();
  const browser = lambdaSandbox(fn);
  const probeFn = functions.get(PROBE_FUNCTION);
  const probe = options.statusPage === true && probeFn !== undefined ? lambdaSandbox(probeFn) : undefined;
  return {
    aws,
    functions,
    browser,
    ...(probe !== undefined && { probe }),
    roles,
    as: (role) => {
      gate = role === undefined ? undefined : iamGate(roles[role], { account: ACCOUNT });
    },
    close: async () => {
      browser.remove();
      probe?.remove();
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
