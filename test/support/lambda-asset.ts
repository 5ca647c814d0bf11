// A synthesized Lambda asset run as Lambda runs it, for the tests that run what deploys (test/deploy/assets.test.ts):
// - the code as `cdk deploy` ships it: aws-cdk zips each regular file of the asset (links followed) with its mode
//   and no directory entries (its writeZipFile: fast-glob onlyFiles, followSymbolicLinks, `mode: stat.mode`);
//   Lambda unpacks it owned by a user other than the one running the handler;
// - the handler run by a user who owns none of those files (uid 65534, through setpriv), in a mount namespace of
//   its own where the code and the whole root file system are read-only and /tmp is a fresh, writable tmpfs;
// - Node 24 (the node@24 package, Lambda's nodejs24.x) with the heap limits Lambda's runtime derives from the
//   function's MemorySize (its /var/runtime/bootstrap: new space a tenth of it, semi-space half that, the old
//   space the rest), killed at the function's Timeout;
// - Lambda's own environment (AWS_LAMBDA_FUNCTION_NAME, LAMBDA_TASK_ROOT, TZ, no HOME...) and the template's.
// It needs root (to make the namespace and drop to uid 65534): CI runs it as root, and fails without it; elsewhere
// vitest.config.ts leaves its suites out, saying why (test/lanes.ts SANDBOX_LANE).
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveCfn, type Cfn, type CfnPlace } from './cfn-values';
import { LAMBDA_UID, lambdaSandboxMissing, PRIVATE_MOUNT_SHELL } from './sandbox';

export { LAMBDA_UID };

/** The Node 24 binary: Lambda's nodejs24.x. */
export const NODE24 = fileURLToPath(new URL('../../node_modules/node/bin/node', import.meta.url));

/** Lambda's limit on a function's init phase, ms: the handler's own timeout starts after it. */
const INIT_LIMIT_MS = 10_000;

/** Lambda's default ephemeral storage (/tmp), MB. */
const EPHEMERAL_STORAGE_MB = 512;

/** A function of the template, as it deploys. */
export interface DeployedFunction {
  readonly name: string;
  /** The asset's folder in the cloud assembly. */
  readonly assetDir: string;
  /** The template's Handler ("index.handler"). */
  readonly handler: string;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  /** The template's environment, resolved. */
  readonly env: Readonly<Record<string, string>>;
  /** The log group the template gives it (LoggingConfig), for AWS_LAMBDA_LOG_GROUP_NAME. */
  readonly logGroup: string;
}

/** An AWS::Lambda::Function of a synthesized template, with the asset metadata `cdk synth` writes. */
export interface FunctionResource {
  readonly Properties: {
    FunctionName: string;
    Handler: string;
    MemorySize: number;
    Timeout: number;
    Environment?: { Variables: Record<string, Cfn> };
    LoggingConfig: { LogGroup: Cfn };
  };
  readonly Metadata: { 'aws:asset:path': string };
}

/** A function of the template as it deploys to `place`: its asset's folder, limits and resolved environment. */
export function deployedFunction(resource: FunctionResource, assemblyDir: string, place: CfnPlace): DeployedFunction {
  const { Properties: props, Metadata: metadata } = resource;
  const env = Object.entries(props.Environment?.Variables ?? {}).map(([k, v]) => [k, resolveCfn(v, place)] as const);
  return {
    name: props.FunctionName,
    assetDir: join(assemblyDir, metadata['aws:asset:path']),
    handler: props.Handler,
    memorySize: props.MemorySize,
    timeoutSeconds: props.Timeout,
    env: { ...Object.fromEntries(env), AWS_REGION: place.region },
    logGroup: resolveCfn(props.LoggingConfig.LogGroup, place),
  };
}

/** What one invocation did, as Lambda would report it. */
export interface LambdaRun {
  /** The handler's return value, when it returned. */
  readonly result?: unknown;
  /** Lambda's error payload when the invocation failed: the handler threw, the runtime exited, or it timed out. */
  readonly error?: { readonly errorType: string; readonly errorMessage: string };
  /** How long the handler took, in the function's process (what Lambda's timeout measures), ms. */
  readonly elapsedMs: number;
  /** The function's output (its log), less the harness's own markers. */
  readonly stdout: string;
  readonly stderr: string;
}

/** One invocation: the event, what the test adds to the context and to the environment. */
export interface Invocation {
  readonly event: unknown;
  /** invokedFunctionArn, and `remainingMs` to give the handler less time than its Timeout. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Added to the function's environment: where its AWS calls go (AWS_ENDPOINT_URL), a test's clock offset. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Fails, with what is missing, unless this process can run a handler as Lambda does: root, util-linux's unshare
 * and setpriv, and a mount namespace. CI runs as root; a test that cannot drop privileges must not pass unseen.
 */
export function requireLambdaSandbox(): void {
  const missing = lambdaSandboxMissing();
  if (missing !== undefined) {
    throw new Error(
      `cannot run the Lambda assets as Lambda runs them (as uid ${LAMBDA_UID}, who owns none of their files, ` +
        `on a read-only root): ${missing}. Run the deploy tests as root with util-linux (unshare, setpriv), as CI does.`,
    );
  }
}

/** Every regular file of an asset, links followed, as aws-cdk's zip lists them (relative paths). */
function assetFiles(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under)).flatMap((name) => {
    const path = join(under, name);
    const stat = statSync(join(dir, path));
    return stat.isDirectory() ? assetFiles(dir, path) : stat.isFile() ? [path] : [];
  });
}

/** The files of an asset that others cannot read: Lambda's runtime user is an "other" to each. */
export function unreadableByOthers(assetDir: string): string[] {
  return assetFiles(assetDir)
    .filter((file) => (statSync(join(assetDir, file)).mode & 0o004) === 0)
    .map((file) => `${file} (mode ${(statSync(join(assetDir, file)).mode & 0o777).toString(8)})`);
}

/** A function ready to invoke: its code unpacked as Lambda unpacks the zip, owned by this (root) process. */
export interface LambdaSandbox {
  readonly fn: DeployedFunction;
  /** LAMBDA_TASK_ROOT. */
  readonly taskRoot: string;
  invoke(invocation: Invocation): Promise<LambdaRun>;
  /**
   * One execution environment that stays warm, as Lambda keeps one between invocations: its init runs once, on
   * start, and each invoke runs the handler again in the same process. `env` is fixed for its life, as in Lambda.
   */
  start(env?: Readonly<Record<string, string>>): WarmLambda;
  remove(): void;
}

/** A warm execution environment: killed at an invocation's timeout (Lambda then starts the next one cold). */
export interface WarmLambda {
  /** The invocation, after the init when this is the environment's first; one at a time. */
  invoke(
    event: unknown,
    context?: Readonly<Record<string, unknown>>,
  ): Promise<LambdaRun & { readonly initMs?: number }>;
  /** False once it was killed (a timeout, a crash) or stopped. */
  readonly alive: boolean;
  stop(): void;
}

/** The Node binary of a sandbox's runtime folder. */
const runtimeNode = (runtime: string): string => join(runtime, 'node');

/**
 * Unpacks the function's asset as `cdk deploy` ships it, outside /tmp (which each invocation replaces by its own),
 * owned by root, each file with its mode and each folder 0755 (the zip holds no folder entry).
 */
export function lambdaSandbox(fn: DeployedFunction): LambdaSandbox {
  const root = mkdtempSync('/var/tmp/okta-synthetics-lambda-');
  chmodSync(root, 0o755);
  const taskRoot = join(root, 'task');
  for (const file of assetFiles(fn.assetDir)) {
    const to = join(taskRoot, file);
    mkdirSync(dirname(to), { recursive: true, mode: 0o755 });
    copyFileSync(join(fn.assetDir, file), to);
    chmodSync(to, statSync(join(fn.assetDir, file)).mode & 0o7777);
  }
  chmodSync(taskRoot, 0o755);
  const runtime = join(root, 'runtime');
  mkdirSync(runtime, { mode: 0o755 });
  chmodSync(runtime, 0o755);
  // Node beside the bootstrap, as Lambda's runtime has its own: the repository's node_modules may sit under /tmp
  // (a clone there), which each invocation's fresh /tmp would hide. A hard link where it can, a copy where not.
  const node = runtimeNode(runtime);
  try {
    linkSync(realpathSync(NODE24), node);
  } catch {
    copyFileSync(realpathSync(NODE24), node);
    chmodSync(node, 0o755);
  }
  const bootstrap = join(runtime, 'bootstrap.mjs');
  writeFileSync(bootstrap, BOOTSTRAP, { mode: 0o644 });
  const warm = join(runtime, 'warm.mjs');
  writeFileSync(warm, WARM_BOOTSTRAP, { mode: 0o644 });
  return {
    fn,
    taskRoot,
    invoke: (invocation) => invokeIn(fn, taskRoot, bootstrap, invocation),
    start: (env = {}) => startWarm(fn, taskRoot, warm, env),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * The runtime's side: loads the handler as Lambda's Node runtime does (`index.handler`: index.mjs, .js or .cjs in
 * the task root), gives it a context whose remaining time counts down from the function's Timeout, and writes the
 * outcome after a marker. TEST_CLOCK_OFFSET_MS moves the handler's clock alone (a later journey slot).
 */
const BOOTSTRAP = `import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [event, context] = process.argv.slice(2);
const ctx = JSON.parse(context);
const offset = Number(process.env.TEST_CLOCK_OFFSET_MS ?? 0);
if (offset !== 0) { const real = Date.now; Date.now = () => real() + offset; }
const [file, name] = process.env._HANDLER.split('.');
const base = process.env.LAMBDA_TASK_ROOT + '/' + file;
const entry = ['.mjs', '.js', '.cjs'].map((ext) => base + ext).find((path) => existsSync(path));
let outcome;
let mod;
try {
  mod = await import(pathToFileURL(entry).href);
} catch (error) {
  process.stdout.write('\\n@@outcome ' + JSON.stringify({ error: { errorType: 'Runtime.ImportModuleError', errorMessage: String(error?.message ?? error) } }) + '\\n');
  process.exit(0);
}
process.stdout.write('\\n@@invoke\\n');
const started = performance.now();
const deadline = Date.now() + Math.min(ctx.remainingMs ?? Infinity, Number(process.env.OKTA_TEST_TIMEOUT_MS));
try {
  outcome = { result: await mod[name](JSON.parse(event), { ...ctx, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) }) };
} catch (error) {
  outcome = { error: { errorType: String(error?.name ?? 'Error'), errorMessage: String(error?.message ?? error) } };
}
process.stdout.write('\\n@@elapsed ' + Math.round(performance.now() - started) + '\\n');
process.stdout.write('\\n@@outcome ' + JSON.stringify(outcome) + '\\n');
`;

/**
 * The runtime's side of a warm environment: the handler loaded once (the init), then one invocation per line of
 * stdin, each answered after a marker with its id, as Lambda's runtime API hands a warm process the next event.
 */
const WARM_BOOTSTRAP = `import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
const [file, name] = process.env._HANDLER.split('.');
const base = process.env.LAMBDA_TASK_ROOT + '/' + file;
const entry = ['.mjs', '.js', '.cjs'].map((ext) => base + ext).find((path) => existsSync(path));
let mod;
try {
  mod = await import(pathToFileURL(entry).href);
} catch (error) {
  process.stdout.write('\\n@@initerror ' + JSON.stringify({ errorType: 'Runtime.ImportModuleError', errorMessage: String(error?.message ?? error) }) + '\\n');
  process.exit(0);
}
process.stdout.write('\\n@@ready\\n');
for await (const line of createInterface({ input: process.stdin })) {
  const { id, event, context } = JSON.parse(line);
  const started = performance.now();
  const deadline = Date.now() + Math.min(context.remainingMs ?? Infinity, Number(process.env.OKTA_TEST_TIMEOUT_MS));
  let outcome;
  try {
    outcome = { result: await mod[name](event, { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) }) };
  } catch (error) {
    outcome = { error: { errorType: String(error?.name ?? 'Error'), errorMessage: String(error?.message ?? error) } };
  }
  process.stdout.write('\\n@@done ' + JSON.stringify({ id, elapsedMs: Math.round(performance.now() - started), ...outcome }) + '\\n');
}
`;

/**
 * The mount namespace: the code and the root read-only, a fresh /tmp; then the handler as uid 65534 in the task root.
 */
const SANDBOX = [
  'set -e',
  // A CPU limit of the function's share (a bench's cgroup: LAMBDA_CPU_CGROUP), joined before anything runs.
  'if [ -n "$LAMBDA_CPU_CGROUP" ]; then echo $$ > "$LAMBDA_CPU_CGROUP/cgroup.procs"; fi',
  'task="$1"; shift',
  'mount --bind "$task" "$task"',
  'mount -o remount,bind,ro "$task"',
  'mount -o remount,bind,ro /',
  `mount -t tmpfs -o size=${EPHEMERAL_STORAGE_MB}m,mode=1777 tmpfs /tmp`,
  'cd "$task"',
  `exec setpriv --reuid=${LAMBDA_UID} --regid=${LAMBDA_UID} --clear-groups -- "$@"`,
].join('\n');

/** Lambda's own variables for this function (the runtime's reserved ones; no HOME, as in Lambda). */
function lambdaEnv(fn: DeployedFunction, taskRoot: string, bootstrap: string): Record<string, string> {
  const region = fn.env.AWS_REGION ?? 'us-east-1';
  return {
    _HANDLER: fn.handler,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: `2026/01/01/[$LATEST]${fn.name}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: dirname(bootstrap),
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    PATH: `${dirname(bootstrap)}:/usr/local/bin:/usr/bin/:/bin:/opt/bin`,
    NODE_PATH: `${dirname(bootstrap)}:${taskRoot}`,
  };
}

/** The node flags Lambda's runtime bootstrap passes, with the heap limits from the function's memory. */
export function lambdaNodeArgs(memorySize: number): string[] {
  const newSpace = Math.floor(memorySize / 10);
  return [
    '--expose-gc',
    '--max-http-header-size',
    '81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memorySize - newSpace}`,
  ];
}

/** The environment of one invocation or one warm process: Lambda's, the template's, the role's keys, the test's. */
function processEnv(
  fn: DeployedFunction,
  taskRoot: string,
  bootstrap: string,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  return {
    ...lambdaEnv(fn, taskRoot, bootstrap),
    ...fn.env,
    // The role's credentials, where Lambda puts them.
    AWS_ACCESS_KEY_ID: 'AKIDFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_SESSION_TOKEN: 'fake-session',
    NO_PROXY: '127.0.0.1,localhost',
    OKTA_TEST_TIMEOUT_MS: String(fn.timeoutSeconds * 1000),
    ...extra,
  };
}

function startWarm(
  fn: DeployedFunction,
  taskRoot: string,
  warm: string,
  extra: Readonly<Record<string, string>>,
): WarmLambda {
  const timeoutMs = fn.timeoutSeconds * 1000;
  const args = [
    ...PRIVATE_MOUNT_SHELL,
    SANDBOX,
    'sandbox',
    taskRoot,
    runtimeNode(dirname(warm)),
    ...lambdaNodeArgs(fn.memorySize),
    warm,
  ];
  const startedAt = performance.now();
  const child = spawn('unshare', args, {
    env: processEnv(fn, taskRoot, warm, extra),
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let alive = true;
  let stdout = '';
  let stderr = '';
  let readyAt: number | undefined;
  let initError: { errorType: string; errorMessage: string } | undefined;
  const waiting = new Map<number, (line: string) => void>();
  let onReady: (() => void) | undefined;
  let onExit: (() => void) | undefined;
  const kill = (): void => {
    if (!alive) return;
    alive = false;
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  const initTimer = setTimeout(kill, INIT_LIMIT_MS);
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (;;) {
      const ready = stdout.indexOf('\n@@ready\n');
      if (readyAt === undefined && ready >= 0) {
        readyAt = performance.now();
        clearTimeout(initTimer);
        stdout = stdout.slice(ready + '\n@@ready\n'.length);
        onReady?.();
        continue;
      }
      const init = /\n@@initerror (.*)\n/.exec(stdout);
      if (init !== null) {
        initError = JSON.parse(init[1] ?? '{}') as typeof initError;
        stdout = '';
        onReady?.();
      }
      const done = /\n@@done (.*)\n/.exec(stdout);
      if (done === null) return;
      const line = done[1] ?? '{}';
      const printed = stdout.slice(0, done.index);
      stdout = stdout.slice(done.index + done[0].length);
      const id = (JSON.parse(line) as { id: number }).id;
      waiting.get(id)?.(JSON.stringify({ ...JSON.parse(line), printed }));
    }
  });
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  child.on('close', () => {
    alive = false;
    clearTimeout(initTimer);
    onReady?.();
    onExit?.();
  });
  let next = 0;
  return {
    get alive() {
      return alive;
    },
    stop: kill,
    async invoke(event, context = {}) {
      const cold = next === 0;
      if (readyAt === undefined && alive && initError === undefined)
        await new Promise<void>((resolve) => (onReady = resolve));
      const initMs = cold && readyAt !== undefined ? Math.round(readyAt - startedAt) : undefined;
      if (initError !== undefined) return { error: initError, elapsedMs: 0, stdout: '', stderr };
      if (!alive)
        return {
          error: { errorType: 'Runtime.ExitError', errorMessage: 'the environment died before the invocation' },
          elapsedMs: 0,
          stdout,
          stderr,
        };
      const id = (next += 1);
      const full = {
        awsRequestId: `fake-request-${id}`,
        functionName: fn.name,
        functionVersion: '$LATEST',
        memoryLimitInMB: String(fn.memorySize),
        ...context,
      };
      const started = performance.now();
      const errorsBefore = stderr.length;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          kill();
          resolve({
            error: {
              errorType: 'Sandbox.Timedout',
              errorMessage: `Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`,
            },
            elapsedMs: Math.round(performance.now() - started),
            stdout,
            stderr: stderr.slice(errorsBefore),
            ...(initMs !== undefined && { initMs }),
          });
        }, timeoutMs);
        onExit = () => {
          clearTimeout(timer);
          resolve({
            error: { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: fake-request Error: Runtime exited' },
            elapsedMs: Math.round(performance.now() - started),
            stdout,
            stderr: stderr.slice(errorsBefore),
            ...(initMs !== undefined && { initMs }),
          });
        };
        waiting.set(id, (line) => {
          clearTimeout(timer);
          waiting.delete(id);
          onExit = undefined;
          const done = JSON.parse(line) as { elapsedMs: number; printed: string } & Pick<LambdaRun, 'result' | 'error'>;
          resolve({
            ...(done.error !== undefined ? { error: done.error } : { result: done.result }),
            elapsedMs: done.elapsedMs,
            stdout: done.printed,
            stderr: stderr.slice(errorsBefore),
            ...(initMs !== undefined && { initMs }),
          });
        });
        child.stdin.write(`${JSON.stringify({ id, event, context: full })}\n`);
      });
    },
  };
}

function invokeIn(
  fn: DeployedFunction,
  taskRoot: string,
  bootstrap: string,
  invocation: Invocation,
): Promise<LambdaRun> {
  const timeoutMs = fn.timeoutSeconds * 1000;
  const env = processEnv(fn, taskRoot, bootstrap, invocation.env ?? {});
  const context = {
    awsRequestId: 'fake-request',
    functionName: fn.name,
    functionVersion: '$LATEST',
    memoryLimitInMB: String(fn.memorySize),
    ...invocation.context,
  };
  const args = [
    ...PRIVATE_MOUNT_SHELL,
    SANDBOX,
    'sandbox',
    taskRoot,
    runtimeNode(dirname(bootstrap)),
    ...lambdaNodeArgs(fn.memorySize),
    bootstrap,
    JSON.stringify(invocation.event),
    JSON.stringify(context),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    // The init phase has Lambda's own limit; the Timeout counts from the handler's call.
    const kill = (): void => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    };
    let timer = setTimeout(kill, INIT_LIMIT_MS + timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      const before = stdout.includes('\n@@invoke\n');
      stdout += chunk.toString('utf8');
      if (!before && stdout.includes('\n@@invoke\n')) {
        clearTimeout(timer);
        timer = setTimeout(kill, timeoutMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const marker = stdout.lastIndexOf('\n@@outcome ');
      const elapsedMs = Number(/\n@@elapsed (\d+)\n/.exec(stdout)?.[1] ?? NaN);
      const log = stdout.replace('\n@@invoke\n', '');
      const cut = log.lastIndexOf('\n@@elapsed ');
      const printed = cut === -1 ? log : log.slice(0, cut);
      if (timedOut)
        return resolve({
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`,
          },
          elapsedMs,
          stdout: printed,
          stderr,
        });
      if (marker === -1) {
        const how = signal !== null ? `signal: ${signal}` : `exit status ${code}`;
        return resolve({
          error: {
            errorType: 'Runtime.ExitError',
            errorMessage: `RequestId: fake-request Error: Runtime exited with error: ${how}`,
          },
          elapsedMs,
          stdout: printed,
          stderr,
        });
      }
      const outcome = JSON.parse(stdout.slice(marker + '\n@@outcome '.length)) as Pick<LambdaRun, 'result' | 'error'>;
      resolve({ ...outcome, elapsedMs, stdout: printed, stderr });
    });
  });
}
