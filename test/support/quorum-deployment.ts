// A simulated multi-region deployment of the quorum, on loopback, in real time: the stack synthesized for each region
// with real bundling; each region's probe asset run as Lambda runs it (lambda-asset.ts: Node 24, uid 65534, read-only,
// killed at its Timeout), warm between invocations and cold again now and then, on a one-minute schedule that starts
// each run anywhere in its minute; its AWS calls signed for its region and served by one loopback fake (aws-fake.ts
// with quorum-aws.ts: a global table with replication lag, the latch and backstop alarms, the composites and their SNS
// messages); Okta one shared simulator, reached by each region through its own proxy (connect-proxy.ts), which a
// scenario can refuse or blackhole alone. Used by scripts/bench/quorum-deploy.ts and its integration test.
import { App } from 'aws-cdk-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUORUM_TABLE_ENV, RUN_LOG_MESSAGE, quorumBackstopAlarmName, quorumTableName } from '../../functions/contract';
import { stackQuorum, type StackQuorum } from '../../functions/config/quorum';
import { buildApp } from '../../lib/build-app';
import { startSimulator, type Simulator } from '../../sim/server';
import { flatTemplate } from '../lib/helpers';
import { alarmModel } from './alarm-rules';
import { startAwsFake, type AwsFake } from './aws-fake';
import { startConnectProxy, type ConnectProxy } from './connect-proxy';
import {
  lambdaSandbox,
  requireLambdaSandbox,
  type DeployedFunction,
  type LambdaSandbox,
  type WarmLambda,
} from './lambda-asset';
import { writeConfig } from './configs';
import { resolveCfn, type Cfn, type CfnResource } from './cfn-values';
import { seeded } from './seeded';
import { createQuorumAws, dimensionsKey, type Backstop, type QuorumAws } from './quorum-aws';

export const ACCOUNT = '123456789012';
/**
 * How long after a UTC minute ends CloudWatch evaluates the backstop on it by default (the simulation's
 * evaluationSecond): AWS documents evaluation every minute and no second, so a bench may set another
 * (`backstopEvaluationMs`).
 */
const BACKSTOP_EVALUATION_MS = 20_000;
export const DEPLOY_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
const ORG_SECRET = 'okta-synthetics/org';
const CUSTOM_SECRET = 'okta-synthetics/default';

export interface DeploymentOptions {
  /** The seed of the schedule's seconds, the cold starts and the replication lag: a rerun repeats them. */
  readonly seed: number;
  /**
   * Each region's run of a minute starts anywhere in its first `startWindowMs`, each minute on its own. The
   * EventBridge user guide: "EventBridge doesn't provide second-level precision in schedule expressions. The finest
   * resolution using a cron expression is one minute ... there can be a delay of several seconds between the time the
   * scheduled rule is triggered and the time the target service runs the target resource"; EventBridge Scheduler
   * states no finer precision with its flexible time window off. (The fake drew 10 s of jitter after each region's
   * own second before: kinder than AWS promises.) @default 60,000
   */
  readonly startWindowMs?: number;
  /** A warm environment serves this many invocations at most, then the next one starts cold. @default 2-6, seeded */
  readonly warmUses?: () => number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Each function's MemorySize (its heap flags and AWS_LAMBDA_FUNCTION_MEMORY_SIZE). @default the template's */
  readonly memoryMb?: number;
  /** How long after a UTC minute ends the backstop is evaluated on it, 0-59,999 ms. @default 20,000 */
  readonly backstopEvaluationMs?: number;
}

/** One invocation, as the deployment saw it. */
export interface InvocationRecord {
  readonly region: string;
  readonly startedAt: number;
  readonly cold: boolean;
  readonly initMs?: number;
  readonly elapsedMs: number;
  readonly error?: string;
  /** The fast path's line (rounds, changes, lone, errors), when the run logged one. */
  readonly quorum?: {
    readonly rounds: number;
    readonly lone: readonly string[];
    readonly errors: readonly string[];
    readonly changes: readonly unknown[];
  };
  /** The run line's failures' codes, by server. */
  readonly failures: readonly string[];
}

export interface Deployment {
  readonly sim: Simulator;
  readonly aws: AwsFake;
  readonly quorum: QuorumAws;
  readonly settings: StackQuorum;
  readonly prefix: string;
  /** The paging targets: the Org server and the custom server. */
  readonly targets: readonly string[];
  /** Each region's own path to Okta. */
  readonly paths: ReadonlyMap<string, ConnectProxy>;
  readonly invocations: readonly InvocationRecord[];
  /** Whether a region's schedule invokes its function (false: throttled, nothing runs). */
  readonly running: Map<string, boolean>;
  /**
   * Whether each scheduled event is delivered twice, the second 0-5 s after the first. AWS's Lambda Developer Guide
   * (asynchronous invocation): "Even if your function doesn't return an error, it's possible for it to receive the same
   * event from Lambda multiple times because the queue itself is eventually consistent", and EventBridge Scheduler's
   * targets are invoked at least once; the two runs then overlap, each with its own environment.
   */
  readonly delivery: { twice: boolean };
  /** One invocation of a region's function now, in a warm environment when one is idle. */
  invoke(region: string, context?: Readonly<Record<string, unknown>>): Promise<InvocationRecord>;
  /** Starts each region's one-minute schedule and the backstop's evaluation; the minute starts at `epoch`. */
  startSchedule(epoch: number): void;
  /** Stops the schedule and waits for the invocations under way. */
  stopSchedule(): Promise<void>;
  close(): Promise<void>;
}

export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  requireLambdaSandbox();
  const log = options.log ?? (() => undefined);
  const random = seeded(options.seed);
  const sim = await startSimulator();
  const { org, custom, web } = sim.clients;
  const config = {
    orgUrl: sim.url,
    statusPageUrl: null,
    timeoutMs: 5000,
    scheduleMinutes: 1,
    regions: [...DEPLOY_REGIONS],
    alarmEmails: ['oncall@acme.example'],
    servers: [
      {
        id: 'org',
        clientId: org.clientId,
        keyId: org.keyId,
        scopes: org.scopes,
        authMethod: 'private_key_jwt',
        secretName: ORG_SECRET,
        // As the example has it: the fast rounds call /authorize too, so an outage of it alone is measured.
        authorize: { clientId: web.clientId, redirectUri: web.redirectUri },
      },
      {
        id: custom.serverId,
        clientId: custom.clientId,
        scopes: custom.scopes,
        audience: custom.audience,
        requiredClaims: custom.requiredClaims,
        authMethod: 'client_secret_basic',
        secretName: CUSTOM_SECRET,
      },
    ],
  };
  const outdir = mkdtempSync(join(tmpdir(), 'okta-synthetics-quorum-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const built = buildApp(app, {
    configPath: writeConfig(config),
    env: { CDK_DEFAULT_ACCOUNT: ACCOUNT, CDK_DEFAULT_REGION: DEPLOY_REGIONS[0] },
  });
  if (!built.ok) throw new Error(built.errors.join('; '));
  const given = built.config.deploy.quorum;
  if (given === null) throw new Error('the deployment has no quorum: it needs two or more regions');
  const settings = stackQuorum(given, DEPLOY_REGIONS[0]);
  const prefix = built.config.deploy.prefix;
  const started = Date.now();
  const assembly = app.synth();
  log(`synthesized ${built.stacks.length} regions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const models = new Map(built.stacks.map((stack) => [stack.region, alarmModel(flatTemplate(stack))]));
  // The fake evaluates each backstop's metric math as synthesized (metric-math.ts): no second copy of lib/quorum.ts.
  const home = built.stacks.find((stack) => stack.region === settings.homeRegion);
  if (home === undefined) throw new Error(`no stack in the home region ${settings.homeRegion}`);
  const backstops = readBackstops(
    flatTemplate(home),
    built.config.probe.servers.map((s) => quorumBackstopAlarmName(prefix, s.id)),
  );
  const functions = new Map<string, DeployedFunction>();
  for (const stack of built.stacks) {
    const region = stack.region;
    const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, CfnResource> };
    const probe = Object.values(template.Resources).find(
      (r) =>
        r.Type === 'AWS::Lambda::Function' &&
        (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.[
          QUORUM_TABLE_ENV
        ] !== undefined,
    );
    if (probe === undefined) throw new Error(`no probe function with a quorum table in ${region}'s template`);
    const props = probe.Properties as {
      FunctionName: string;
      Handler: string;
      MemorySize: number;
      Timeout: number;
      Environment: { Variables: Record<string, Cfn> };
      LoggingConfig: { LogGroup: Cfn };
    };
    const env = Object.fromEntries(
      Object.entries(props.Environment.Variables).map(([k, v]) => [
        k,
        resolveCfn(v, { account: ACCOUNT, region, resources: template.Resources }),
      ]),
    );
    functions.set(region, {
      name: props.FunctionName,
      assetDir: join(assembly.directory, String(probe.Metadata?.['aws:asset:path'])),
      handler: props.Handler,
      memorySize: options.memoryMb ?? props.MemorySize,
      timeoutSeconds: props.Timeout,
      env: { ...env, AWS_REGION: region },
      logGroup: resolveCfn(props.LoggingConfig.LogGroup, { account: ACCOUNT, region, resources: template.Resources }),
    });
  }
  const targets = built.config.probe.servers.map((s) => s.id);
  const quorum = createQuorumAws({
    settings,
    table: quorumTableName(prefix),
    models,
    targets,
    backstops,
    replicationMs: () => 1000 + Math.round(random() * 1000),
  });
  const aws = await startAwsFake({
    secrets: new Map([
      [ORG_SECRET, org.privateKeyPem],
      [CUSTOM_SECRET, custom.clientSecret],
    ]),
    serve: quorum.serve,
  });
  const paths = new Map<string, ConnectProxy>();
  for (const region of DEPLOY_REGIONS) paths.set(region, await startConnectProxy());
  const sandboxes = new Map<string, LambdaSandbox>([...functions].map(([region, fn]) => [region, lambdaSandbox(fn)]));

  const idle = new Map<string, { env: WarmLambda; usesLeft: number }[]>(DEPLOY_REGIONS.map((r) => [r, []]));
  const invocations: InvocationRecord[] = [];
  const underway = new Set<Promise<unknown>>();
  const warmUses = options.warmUses ?? (() => 2 + Math.floor(random() * 5));
  const running = new Map<string, boolean>(DEPLOY_REGIONS.map((r) => [r, true]));
  const delivery = { twice: false };

  const invoke = async (region: string, context: Readonly<Record<string, unknown>> = {}): Promise<InvocationRecord> => {
    const sandbox = sandboxes.get(region);
    const path = paths.get(region);
    if (sandbox === undefined || path === undefined) throw new Error(`no region ${region}`);
    const pool = idle.get(region) ?? [];
    let slot = pool.pop();
    while (slot !== undefined && !slot.env.alive) slot = pool.pop();
    const cold = slot === undefined;
    // Every Okta request through the region's own path, even to loopback; AWS calls go straight to the fake.
    slot ??= {
      env: sandbox.start({ AWS_ENDPOINT_URL: aws.url, HTTP_PROXY: path.url, HTTPS_PROXY: path.url, NO_PROXY: '' }),
      usesLeft: warmUses(),
    };
    const startedAt = Date.now();
    const run = await slot.env.invoke({}, context);
    slot.usesLeft -= 1;
    if (slot.env.alive && slot.usesLeft > 0) pool.push(slot);
    else slot.env.stop();
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('{'));
    const parsed = lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    const quorumLine = parsed.find((l) => l.message === 'quorum') as InvocationRecord['quorum'] | undefined;
    const runLine = parsed.find((l) => l.message === RUN_LOG_MESSAGE) as
      | { failures?: { server: string; check: string; code: string }[] }
      | undefined;
    const record: InvocationRecord = {
      region,
      startedAt,
      cold,
      ...(run.initMs !== undefined && { initMs: run.initMs }),
      elapsedMs: run.elapsedMs,
      ...(run.error !== undefined && { error: `${run.error.errorType}: ${run.error.errorMessage}` }),
      ...(quorumLine !== undefined && { quorum: quorumLine }),
      failures: (runLine?.failures ?? []).map((f) => `${f.server}/${f.check}=${f.code}`),
    };
    invocations.push(record);
    return record;
  };

  const timers = new Set<NodeJS.Timeout>();
  let scheduled = false;
  const startWindowMs = options.startWindowMs ?? 60_000;
  const later = (at: number, work: () => void): void => {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (scheduled) work();
      },
      Math.max(0, at - Date.now()),
    );
    timers.add(timer);
  };
  const track = (work: Promise<unknown>): void => {
    underway.add(work);
    void work.finally(() => underway.delete(work));
  };
  const scheduleMinute = (minuteStart: number): void => {
    DEPLOY_REGIONS.forEach((region) => {
      const at = minuteStart + Math.round(random() * startWindowMs);
      const again = Math.round(random() * 5_000);
      const deliver = (): void => {
        if (running.get(region) !== true) return;
        track(
          invoke(region).then((r) =>
            log(
              `${new Date(r.startedAt).toISOString().slice(11, 19)} ${region} ${r.cold ? 'cold' : 'warm'} ${(r.elapsedMs / 1000).toFixed(1)} ` +
                `s${r.error !== undefined ? ` ${r.error}` : ''}${r.quorum !== undefined && r.quorum.errors.length > 0 ? ` quorum errors: ${r.quorum.errors.join('; ')}` : ''}`,
            ),
          ),
        );
      };
      later(at, deliver);
      if (delivery.twice) later(at + again, deliver);
    });
    later(minuteStart + 60_000, () => scheduleMinute(minuteStart + 60_000));
  };
  /**
   * CloudWatch evaluates the backstop once a minute on the minute that has just ended (its datapoints' minutes are the
   * clock's: `evaluateBackstops` reads the last whole UTC minute), BACKSTOP_EVALUATION_MS after it ends. Timed from the
   * schedule's epoch instead, the evaluation came 5-65 s after the minute it read, by the second the bench happened to
   * start at: the OK after a replication stall measured 68.5 s in one run and 120.0 s in the next with no change that
   * bears on it. AWS's default sliding window "continuously incorporates the most recent data" (Alarm evaluation
   * window, CloudWatch User Guide): a fixed delay after the minute, the simulation's (scripts/bench/quorum-sim.ts
   * evaluationSecond), is the harsher reading of that and the same in every run.
   */
  const scheduleEvaluation = (minuteEnd: number): void =>
    later(minuteEnd + (options.backstopEvaluationMs ?? BACKSTOP_EVALUATION_MS), () => {
      quorum.evaluateBackstops(Date.now());
      scheduleEvaluation(minuteEnd + 60_000);
    });

  return {
    sim,
    aws,
    quorum,
    settings,
    prefix,
    targets,
    paths,
    invocations,
    running,
    delivery,
    invoke,
    startSchedule(epoch) {
      scheduled = true;
      scheduleMinute(epoch);
      scheduleEvaluation(Math.ceil(epoch / 60_000) * 60_000);
    },
    async stopSchedule() {
      scheduled = false;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...underway]);
    },
    async close() {
      scheduled = false;
      for (const timer of timers) clearTimeout(timer);
      for (const pool of idle.values()) for (const slot of pool) slot.env.stop();
      quorum.close();
      for (const path of paths.values()) await path.close();
      await aws.close();
      await sim.close();
      for (const sandbox of sandboxes.values()) sandbox.remove();
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

interface AlarmProps {
  readonly AlarmName?: unknown;
  readonly Threshold?: number;
  readonly ComparisonOperator?: string;
  readonly Metrics?: readonly {
    readonly Id: string;
    readonly Expression?: string;
    readonly MetricStat?: {
      readonly Metric: {
        readonly MetricName: string;
        readonly Dimensions?: readonly { Name: string; Value: unknown }[];
      };
    };
  }[];
}

/** Each named backstop alarm's metric math, threshold and inputs, as the template has them. */
function readBackstops(template: ReturnType<typeof flatTemplate>, names: readonly string[]): Backstop[] {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
    (r) => (r as { Properties: AlarmProps }).Properties,
  );
  return names.map((name) => {
    const props = alarms.find((p) => p.AlarmName === name);
    const math = props?.Metrics?.find((m) => m.Expression !== undefined);
    if (props === undefined || math?.Expression === undefined)
      throw new Error(`no backstop alarm ${name} with metric math in the home region's template`);
    const comparison = props.ComparisonOperator;
    if (comparison !== 'GreaterThanOrEqualToThreshold' && comparison !== 'GreaterThanThreshold')
      throw new Error(`backstop ${name}: the fake does not evaluate ${String(comparison)}`);
    const inputs = Object.fromEntries(
      (props.Metrics ?? []).flatMap((m) =>
        m.MetricStat === undefined
          ? []
          : [
              [
                m.Id,
                {
                  name: m.MetricStat.Metric.MetricName,
                  dimensions: dimensionsKey(
                    (m.MetricStat.Metric.Dimensions ?? []).map((d) => ({ Name: d.Name, Value: String(d.Value) })),
                  ),
                },
              ],
            ],
      ),
    );
    return { alarm: name, expression: math.Expression, inputs, threshold: props.Threshold ?? 0, comparison };
  });
}
