// The engine: runs every planned check of a configuration and returns a full report. It never throws and
// never hangs: each check ends passed, failed with a diagnosis, skipped with why, or TIMEOUT at the deadline.
//
// Parallelism: all servers and the status feed at once; within a server discovery, keys, token and authorize
// start together, because the endpoints are known without discovery. validate waits for token and keys,
// introspect for token only; rate-limit and clock read the token answer and send nothing. A cold run is two
// dependent round trips deep (token, then introspect).
import { setMaxListeners } from 'node:events';
import { DEFAULTS, STATUS_SERVER, type CheckName } from '../contract';
import { isOrgServer, plannedChecks, serverChecks, signInChecks, type PlannedCheck } from '../plan/checks';
import { serverEndpoints } from './endpoints';
import { send, warmUpHttp, type HttpResponse } from './http';
import { reportMetrics } from './metrics';
import { secretValues } from '../credentials/secret-values';
import { redact } from '../redact';
import type { CheckResult, ProbeConfig, ProbeOptions, Report, ServerConfig, SignInConfig } from '../types';
import { userSecretValues } from '../credentials/user-secrets';
import { judgePasswordExpiry, runSignIn } from './checks/sign-in';
import { runAuthorize } from './checks/authorize';
import { judgeClock } from './checks/clock';
import type { Exchange, ServerContext } from './checks/context';
import { runDiscovery } from './checks/discovery';
import { runIntrospect } from './checks/introspect';
import { judgeCertificate } from './checks/certificate';
import { runManagement } from './checks/management';
import { runKeys } from './checks/keys';
import { judgeRateLimit } from './checks/rate-limit';
import { runStatus } from './checks/status';
import { runToken } from './checks/token';
import { prepareClientAuth } from './client-auth';
import { runValidate } from './checks/validate';
import { checkResult, fail, failedStep, notApplicableResult, skippedResult } from './checks/verdict';

type Running = Partial<Record<CheckName, Promise<CheckResult>>>;

const checkKey = (server: string, check: CheckName): string => `${server}\u0000${check}`;

export async function runProbe(config: ProbeConfig, options: ProbeOptions): Promise<Report> {
  const now = options.now ?? Date.now;
  // Before any clock starts; reported apart as preparationMs, so its cost is seen, not hidden: key import and a
  // first signature, and the HTTP client's first-use work (once per process; a test's dispatcher needs none).
  const preparing = performance.now();
  await Promise.all([prepareClientAuth(options.credentials.values()), options.dispatcher === undefined ? warmUpHttp() : undefined]);
  const preparationMs = Math.round(performance.now() - preparing);
  const startedAt = now();
  const startedPerf = performance.now();
  const planned = plannedChecks(config, options.checks);
  // One listener per check (settleBy) and per request in flight (send), with room for the JWKS refetches.
  const deadline = startDeadline(options.deadline, now, planned.length * 3);
  try {
    const exchange: Exchange = (req) =>
      send({
        ...req,
        timeoutMs: config.timeoutMs,
        signal: deadline.signal,
        maxBodyBytes: DEFAULTS.maxBodyBytes,
        ...(options.dispatcher !== undefined && { dispatcher: options.dispatcher }),
      });
    const secrets = [...secretValues(options.credentials), ...userSecretValues(options.users)];
    const running = startChecks(config, options, exchange, now, secrets, new Set(planned.map((p) => p.check)));
    const settled = await Promise.all(planned.map((p) => settleBy(deadline.signal, p, running.get(checkKey(p.server, p.check)))));
    const checks = settled.map((check) => addressed(scrubbed(check, secrets), config));
    return {
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Math.round(performance.now() - startedPerf),
      preparationMs,
      orgUrl: config.orgUrl,
      checks,
      metrics: reportMetrics(checks),
    };
  } finally {
    deadline.dispose();
  }
}

/** Starts every check of the run at once; each waits only for what it needs. */
function startChecks(
  config: ProbeConfig,
  options: ProbeOptions,
  exchange: Exchange,
  now: () => number,
  secrets: string[],
  wanted: ReadonlySet<CheckName>,
): Map<string, Promise<CheckResult>> {
  const running = new Map<string, Promise<CheckResult>>();
  for (const [index, server] of config.servers.entries()) {
    const checks = guarded(server, index === 0, () => startServer(config, options, server, exchange, now, secrets, index === 0, wanted));
    for (const [check, promise] of Object.entries(checks)) running.set(checkKey(server.id, check as CheckName), promise);
  }
  for (const signIn of config.signIn ?? []) {
    for (const [check, promise] of Object.entries(startSignIn(config, options, signIn, exchange, now, secrets, wanted))) running.set(checkKey(signIn.id, check as CheckName), promise);
  }
  if (config.statusPageUrl !== null && wanted.has('status')) {
    running.set(checkKey(STATUS_SERVER, 'status'), runStatus(exchange, config.statusPageUrl, now));
  }
  return running;
}

/** An AbortSignal that fires at `deadline` (epoch ms), passed to every request. */
function startDeadline(deadline: number | undefined, now: () => number, listeners: number): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  // Every pending check and every request in flight listens: that is expected, not a leak.
  setMaxListeners(listeners, controller.signal);
  if (deadline === undefined) return { signal: controller.signal, dispose: () => undefined };
  const timer = setTimeout(() => controller.abort(), Math.max(0, deadline - now()));
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

/**
 * The check's result, or TIMEOUT if the deadline fires first. The abort listener runs synchronously, so every
 * check still pending at that moment (including one waiting on another) is a TIMEOUT, never a skip.
 */
function settleBy(signal: AbortSignal, planned: PlannedCheck, work: Promise<CheckResult> | undefined): Promise<CheckResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: CheckResult): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onDeadline);
      resolve(result);
    };
    const onDeadline = (): void => finish(checkResult(planned.server, planned.check, fail('TIMEOUT', 'run deadline reached')));
    if (signal.aborted) return onDeadline();
    signal.addEventListener('abort', onDeadline, { once: true });
    (work ?? Promise.reject(new Error('check was not started'))).then(finish, (error: unknown) => finish(probeError(planned, error)));
  });
}

/**
 * A hostile or broken server can echo what it was sent (an opaque token, the secret from a decoded Basic
 * header) in words no pattern recognises, in its description or as its error id itself: both fields that
 * carry the server's words are scrubbed of the known values before anyone prints them.
 */
function scrubbed(result: CheckResult, secrets: readonly string[]): CheckResult {
  const diagnosis = result.diagnosis;
  if (diagnosis === null || (diagnosis.detail === undefined && diagnosis.oktaError === undefined)) return result;
  return {
    ...result,
    diagnosis: {
      ...diagnosis,
      ...(diagnosis.detail !== undefined && { detail: redact(diagnosis.detail, secrets) }),
      ...(diagnosis.oktaError !== undefined && { oktaError: redact(diagnosis.oktaError, secrets) }),
    },
  };
}

/**
 * The remedy with this org in it: the table's `https://<org>` becomes the org's address, and a remedy for a
 * connection that failed or timed out starts with the host the request went to (the status feed's own host for
 * the status check, the org's for every other), so a 3 a.m. reader checks the right one.
 */
function addressed(result: CheckResult, config: ProbeConfig): CheckResult {
  const diagnosis = result.diagnosis;
  if (diagnosis === null) return result;
  const host = result.check === 'status' && config.statusPageUrl !== null ? hostOf(config.statusPageUrl) : hostOf(config.orgUrl);
  let remedy = diagnosis.remedy.replaceAll('https://<org>.okta.com', config.orgUrl).replaceAll('https://<org>', config.orgUrl);
  if (diagnosis.code === 'NETWORK_ERROR' || diagnosis.code === 'TIMEOUT') remedy = `The request went to ${host}. ${remedy}`;
  return remedy === diagnosis.remedy ? result : { ...result, diagnosis: { ...diagnosis, remedy } };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A bug in the probe must still yield a result for the check, not a thrown run. */
function probeError(planned: PlannedCheck, error: unknown): CheckResult {
  const message = redact(error instanceof Error ? error.message : String(error));
  return checkResult(planned.server, planned.check, fail('UNEXPECTED_RESPONSE', `probe error: ${message}`));
}

/**
 * A server whose credential is not configured yet: the checks that need it are N/A with the command that fills it;
 * the rest (discovery, keys, authorize, clock from those answers, the certificate) run as usual.
 */
function startUnconfigured(
  config: ProbeConfig,
  options: ProbeOptions,
  server: ServerConfig,
  exchange: Exchange,
  now: () => number,
  first: boolean,
  detail: string,
  wanted: ReadonlySet<CheckName>,
): Running {
  // Only what needs no credential is started: no token request is sent with a missing credential.
  const running = startServer(config, { ...options, credentials: new Map() }, server, exchange, now, [], first, new Set([...wanted].filter((c) => !CREDENTIAL_CHECKS.includes(c))));
  for (const check of CREDENTIAL_CHECKS) {
    if (wanted.has(check) && serverChecks(server, first).includes(check)) running[check] = Promise.resolve(notApplicableResult(server.id, check, detail));
  }
  return running;
}

/** A synthetic user's journey and the password expiry it reads (issue 18); the journey's tokens join the run's secrets. */
function startSignIn(config: ProbeConfig, options: ProbeOptions, signIn: SignInConfig, exchange: Exchange, now: () => number, secrets: string[], wanted: ReadonlySet<CheckName>): Running {
  // The journey needs its server's URLs, not its checks: `run --server portal` leaves the server out of the run.
  const server: ServerConfig = config.servers.find((s) => s.id === signIn.server) ?? {
    id: signIn.server,
    clientId: signIn.clientId,
    credential: { kind: 'secrets_manager', secretKind: 'client_secret_basic' },
    scopes: signIn.scopes,
    requiredClaims: [],
  };
  const ctx: ServerContext = {
    server,
    orgServer: isOrgServer(server),
    endpoints: serverEndpoints(config.orgUrl, server.id, server.issuer),
    credential: undefined,
    exchange,
    now,
    ...(options.cache !== undefined && { cache: options.cache }),
  };
  const journey = lazy(() =>
    runSignIn({ signIn, orgUrl: config.orgUrl, server: ctx, credential: options.users?.get(signIn.id) }).then((run) => {
      secrets.push(...run.secrets);
      return run;
    }),
  );
  const running: Running = {};
  if (wanted.has('sign-in')) running['sign-in'] = journey().then((run) => run.result);
  if (wanted.has('password-expiry') && signInChecks(signIn).includes('password-expiry')) running['password-expiry'] = journey().then(judgePasswordExpiry);
  return running;
}

/** Starts a server's checks; should starting itself throw, every check of that server settles as a probe error. */
function guarded(server: ServerConfig, first: boolean, start: () => Running): Running {
  try {
    return start();
  } catch (error) {
    return Object.fromEntries(serverChecks(server, first).map((check) => [check, Promise.reject(error)]));
  }
}

/** The checks that need the server's credential: N/A, not failed, while it is not configured yet. */
const CREDENTIAL_CHECKS: readonly CheckName[] = ['token', 'validate', 'introspect', 'management', 'rate-limit'];

/** A promise started on first use and shared after: a check's prerequisites run once, and only when needed. */
function lazy<T>(start: () => Promise<T>): { (): Promise<T>; started(): Promise<T> | undefined } {
  let promise: Promise<T> | undefined;
  return Object.assign(() => (promise ??= start()), { started: () => promise });
}

/** Starts one server's wanted checks, each as early as its inputs allow; a prerequisite starts with its first user. */
function startServer(
  config: ProbeConfig,
  options: ProbeOptions,
  server: ServerConfig,
  exchange: Exchange,
  now: () => number,
  secrets: string[],
  first: boolean,
  wanted: ReadonlySet<CheckName>,
): Running {
  const credential = options.credentials.get(server.id);
  if (credential?.kind === 'not-configured') return startUnconfigured(config, options, server, exchange, now, first, credential.detail, wanted);
  // Every answer of this server, for the clock check's fallback when the token answer has no Date.
  const answers: HttpResponse[] = [];
  const ctx: ServerContext = {
    server,
    orgServer: isOrgServer(server),
    endpoints: serverEndpoints(config.orgUrl, server.id, server.issuer),
    credential: options.credentials.get(server.id),
    exchange: async (req) => {
      const outcome = await exchange(req);
      if (outcome.ok) answers.push(outcome.response);
      return outcome;
    },
    now,
    ...(options.cache !== undefined && { cache: options.cache }),
  };
  const discovery = lazy(() => runDiscovery(ctx));
  const keys = lazy(() => runKeys(ctx));
  const token = lazy(() =>
    runToken(ctx).then((t) => {
      if (t.accessToken !== undefined) secrets.push(t.accessToken);
      return t;
    }),
  );
  const authorizeConfig = server.authorize;
  const authorize = authorizeConfig === undefined ? undefined : lazy(() => runAuthorize(ctx, authorizeConfig));
  const api = server.managementApi;
  const starters: Partial<Record<CheckName, () => Promise<CheckResult>>> = {
    discovery: () => discovery(),
    keys: () => keys().then((k) => k.result),
    token: () => token().then((t) => t.result),
    introspect: () =>
      token().then((t) => (t.accessToken === undefined ? skippedResult(server.id, 'introspect', failedStep(t.result)) : runIntrospect(ctx, t.accessToken))),
    'rate-limit': () => token().then((t) => judgeRateLimit({ server: server.id, token: t.result, response: t.response, warnPercent: config.rateLimitWarnPercent })),
    clock: () =>
      token().then(async (t) => {
        // The token answer first: its Date is the freshest. The others (those this run started) only if it has none.
        if (t.response !== undefined && t.response.headers['date'] !== undefined) {
          return judgeClock({ server: server.id, responses: [t.response], warnSeconds: config.clockSkewWarnSeconds });
        }
        await Promise.allSettled([discovery.started(), keys.started(), authorize?.started()]);
        return judgeClock({ server: server.id, responses: answers, warnSeconds: config.clockSkewWarnSeconds });
      }),
    ...(ctx.orgServer
      ? {}
      : {
          validate: () =>
            Promise.all([token(), keys()]).then(([t, k]) => {
              if (t.accessToken === undefined) return skippedResult(server.id, 'validate', failedStep(t.result));
              if (k.jwks === undefined) return skippedResult(server.id, 'validate', failedStep(k.result));
              return runValidate(ctx, t.accessToken, k.jwks);
            }),
        }),
    ...(authorize !== undefined ? { authorize: () => authorize() } : {}),
    ...(api !== undefined
      ? { management: () => token().then((t) => (t.accessToken === undefined ? skippedResult(server.id, 'management', failedStep(t.result)) : runManagement(ctx, t.accessToken, api))) }
      : {}),
  };
  const running: Running = {};
  for (const check of serverChecks(server, first)) {
    if (!wanted.has(check)) continue;
    if (check === 'certificate') {
      // Every connection of the run goes to the org URL's host: any answer of the first server carries its certificate.
      // Read after whatever this run sends to it; alone (--check certificate), after the cheapest request, discovery.
      const sent = [discovery.started(), keys.started(), token.started()].filter((p) => p !== undefined);
      running.certificate = Promise.allSettled(sent.length > 0 ? sent : [discovery()]).then(() =>
        judgeCertificate({ server: server.id, orgUrl: config.orgUrl, responses: answers, now: now() }),
      );
      continue;
    }
    const start = starters[check];
    if (start !== undefined) running[check] = start();
  }
  return running;
}
