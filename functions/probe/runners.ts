// One runner per check of the registry (functions/plan/check-table.ts): the fetch half that reads what the check needs
// and hands it to the check's judge. The map is typed against the registry, so a row without a runner, or a runner for
// a check the registry does not know, fails the typecheck. The engine decides when each runs. The kinds only some
// configs have (a journey, the inventory, the System Log, the status feed) are imported when a plan holds one of their
// checks (loadRunnersFor), so a probe without them never loads their code: the Lambda's bundle is split at each
// import() (docs/decisions/lazy-kinds.md).
import type { JSONWebKeySet } from 'jose';
import type { ProbeConfig } from '../types';
import { checkRow, type FeedCheck, type JourneyCheck, type ServerCheck } from '../plan/check-table';
import type { CheckName, InventoryKind } from '../contract';
import { tokenScopes } from '../plan/checks';
import type { SignInContext, SignInRun } from './sign-in/journey';
import type { HttpResponse } from './http';
import type { OktaCell } from '../okta-cell';
import { runAuthorize } from './servers/authorize';
import { judgeCertificate } from './servers/certificate';
import { judgeClock } from './servers/clock';
import type { Exchange, ServerContext } from './context';
import { runDiscovery } from './servers/discovery';
import { introspectionAuth, runIntrospect } from './servers/introspect';
import { runKeys, type KeysRun } from './okta/keys';
import { runManagement } from './okta/management';
import { judgeRateLimit } from './servers/rate-limit';
import { runToken, type TokenRun } from './okta/token';
import { runValidate } from './servers/validate';
import { runResource } from './servers/resource';
import type { InventoryRun } from './inventory/run';
import type { RunFollowUp, SystemLogRead } from './system-log/run';
import { failedStep, judged, notApplicable, skip, type Judged } from './verdict';

/** What a check's run hands the checks that need it, beyond its judgement. */
interface Products {
  readonly token: TokenRun;
  readonly keys: KeysRun;
  readonly 'system-log': SystemLogRead;
  readonly inventory: InventoryRun;
}
export type Produced<C extends ServerCheck> = C extends keyof Products ? Products[C] : Judged;

/** What a server check's runner gets: its server (URLs, credential, exchange) and the runs it needs. */
export interface ServerCheckContext extends ServerContext {
  readonly config: Pick<
    ProbeConfig,
    | 'orgUrl'
    | 'rateLimitWarnPercent'
    | 'clockSkewWarnSeconds'
    | 'expiryWarnDays'
    | 'apiTokenWarnDays'
    | 'inventoryEveryMinutes'
    | 'inventoryMaxApps'
    // The synthetic users, whose sign-ins user-sign-ins leaves out.
    | 'signIn'
    // The listed SAML apps, which the inventory finds in its app listing (whether they provision users).
    | 'samlApps'
  >;
  /** The run of a check this one needs (registry `needs`), started on first use and shared. */
  need<C extends ServerCheck>(check: C): Promise<Produced<C>>;
  /**
   * Every answer this server got, once the checks started before this one have settled (registry
   * `readsEarlierAnswers`).
   */
  earlierAnswers(): Promise<readonly HttpResponse[]>;
  /** Minutes between runs (ProbeOptions.scheduleMinutes, default 1). */
  readonly scheduleMinutes: number;
  /** Explains the run's results once every check has settled, within the run's deadline (the System Log look-up). */
  afterRun(followUp: RunFollowUp): void;
}

/** What the status feed's runner gets. */
interface FeedContext {
  readonly url: string;
  /** The org's cell, when the config names it. */
  readonly cell?: OktaCell;
  readonly exchange: Exchange;
  readonly now: () => number;
}

/** A module imported once, on first use, and shared after; an import that failed is tried again by the next use. */
function once<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

const journeyKind = once(() => import('./sign-in/journey'));
const inventoryKind = once(() => import('./inventory/run'));
const systemLogKind = once(() => import('./system-log/run'));
const provisioningKind = once(() => import('./provisioning/run'));
const integrationsKind = once(() => import('./integrations/run'));
const accessKind = once(() => import('./access/run'));
// The status feed is RSS: its XML parser loads only with a feed to read.
const feedKind = once(() => import('./feed/status'));

/** The runs whose kind is imported on demand: a check that is one, or needs one through any hop, imports it. */
const ON_DEMAND: Partial<Record<CheckName, () => Promise<unknown>>> = {
  'sign-in': journeyKind,
  inventory: inventoryKind,
  'system-log': systemLogKind,
  'provisioning-health': provisioningKind,
  'integration-health': integrationsKind,
  'access-assertion': accessKind,
  status: feedKind,
};

/**
 * Imports the kinds these checks run on, before the run's clocks start: a module's first load is our own CPU,
 * never a check's latency. A check whose kind is not loaded yet still runs: its runner imports it.
 */
async function loadRunnersFor(checks: Iterable<CheckName>): Promise<void> {
  const seen = new Set<CheckName>();
  const pending = [...checks];
  for (let check = pending.pop(); check !== undefined; check = pending.pop()) {
    if (seen.has(check)) continue;
    seen.add(check);
    pending.push(...checkRow(check).needs);
  }
  // A kind that fails to load fails its own checks, each a probe error from its runner's import, never the run.
  await Promise.allSettled([...seen].map((check) => ON_DEMAND[check]?.()));
}

/** An inventory kind judged from the inventory's read (its module is loaded by then: the read needed it). */
async function judgeKind(kind: InventoryKind, run: InventoryRun): Promise<Judged> {
  return (await inventoryKind()).judgeKind(kind, run);
}

type Runner<C extends ServerCheck> = (ctx: ServerCheckContext) => Promise<Produced<C>>;

/** One runner per server check of the registry, and none for anything else. */
export type ServerRunners = { readonly [C in ServerCheck]: Runner<C> };

/** The token a check reads, or why it cannot run. */
async function withToken(ctx: ServerCheckContext, run: (accessToken: string) => Promise<Judged>): Promise<Judged> {
  const token = await ctx.need('token');
  return token.accessToken === undefined ? judged(skip(failedStep('token', token))) : run(token.accessToken);
}

export const SERVER_RUNNERS = {
  discovery: (ctx) => runDiscovery(ctx),
  keys: (ctx) => runKeys(ctx),
  // Without the scopes a check requests on a token of its own (the registry's ownToken): a missing grant fails that
  // check alone.
  token: (ctx) => runToken({ ...ctx, server: { ...ctx.server, scopes: tokenScopes(ctx.server) } }),
  validate: async (ctx) => {
    const [token, keys] = await Promise.all([ctx.need('token'), ctx.need('keys')]);
    if (token.accessToken === undefined) return judged(skip(failedStep('token', token)));
    if (keys.jwks === undefined) return judged(skip(failedStep('keys', keys)));
    return runValidate(ctx, token.accessToken, keys.jwks as JSONWebKeySet);
  },
  introspect: (ctx) => {
    const auth = introspectionAuth(ctx);
    return withToken(ctx, async (accessToken) => runIntrospect(ctx, accessToken, await auth));
  },
  management: (ctx) => {
    const api = ctx.server.managementApi;
    if (api === undefined) return Promise.resolve(judged(notApplicable('no "managementApi" in this server\'s config')));
    return withToken(ctx, (accessToken) => runManagement(ctx, accessToken, api));
  },
  authorize: (ctx) => {
    const config = ctx.server.authorize;
    if (config === undefined) return Promise.resolve(judged(notApplicable('no "authorize" in this server\'s config')));
    return runAuthorize(ctx, config);
  },
  resource: (ctx) => withToken(ctx, (accessToken) => runResource(ctx, accessToken)),
  'rate-limit': async (ctx) => {
    const token = await ctx.need('token');
    return judged(judgeRateLimit({ token, response: token.response, warnPercent: ctx.config.rateLimitWarnPercent }));
  },
  clock: async (ctx) => {
    const token = await ctx.need('token');
    const warnSeconds = ctx.config.clockSkewWarnSeconds;
    // The token answer first: its Date is the freshest. The others (those this run started) only if it has none.
    if (token.response?.headers['date'] !== undefined)
      return judged(judgeClock({ responses: [token.response], warnSeconds }));
    return judged(judgeClock({ responses: await ctx.earlierAnswers(), warnSeconds }));
  },
  'system-log': async (ctx) => (await systemLogKind()).runSystemLog(ctx),
  'org-rate-limit': async (ctx) => (await systemLogKind()).orgRateLimitsOf(await ctx.need('system-log')),
  'okta-failover': async (ctx) => (await systemLogKind()).failoverOf(await ctx.need('system-log')),
  'user-sign-ins': async (ctx) => (await systemLogKind()).userSignInsOf(ctx, await ctx.need('system-log')),
  // On the session system-log opened: the log's one token, budget and back-off.
  'provisioning-health': async (ctx) =>
    (await provisioningKind()).runProvisioningHealth(ctx, (await ctx.need('system-log')).session),
  'integration-health': async (ctx) =>
    (await integrationsKind()).runIntegrationHealth(ctx, (await ctx.need('system-log')).session),
  // One simulation for every row (a label found by okta.apps.read first), on a token of okta.policies.read alone;
  // with "systemLog", a failing row's change is read on the session system-log opened.
  'access-assertion': async (ctx) => {
    const access = await accessKind();
    return access.withAppIds(ctx, (rows) =>
      access.runAccessAssertions({
        ...ctx,
        server: { ...ctx.server, accessAssertions: rows },
        serverToken: () => ctx.need('token'),
        ...(ctx.server.systemLog === true && { policyLog: async () => (await ctx.need('system-log')).session }),
      }),
    );
  },
  inventory: async (ctx) => (await inventoryKind()).runInventory(ctx),
  'api-tokens': async (ctx) => judgeKind('api-tokens', await ctx.need('inventory')),
  'app-certificates': async (ctx) => judgeKind('app-certificates', await ctx.need('inventory')),
  'idp-certificates': async (ctx) => judgeKind('idp-certificates', await ctx.need('inventory')),
  'log-streams': async (ctx) => judgeKind('log-streams', await ctx.need('inventory')),
  'event-hooks': async (ctx) => judgeKind('event-hooks', await ctx.need('inventory')),
  'agent-pools': async (ctx) => judgeKind('agent-pools', await ctx.need('inventory')),
  certificate: async (ctx) => {
    await ctx.need('discovery');
    const responses = await ctx.earlierAnswers();
    return judged(judgeCertificate({ orgUrl: ctx.config.orgUrl, responses, now: ctx.now() }));
  },
} satisfies ServerRunners;

/** What a journey check's run hands the checks that need it: the journey's own run (password-expiry reads it). */
export type JourneyProduced<C extends JourneyCheck> = C extends 'sign-in' ? SignInRun : Judged;

/** What a journey check's runner gets: the journey (its user, app and server) and the runs it needs. */
export interface JourneyCheckContext extends SignInContext {
  need<C extends JourneyCheck>(check: C): Promise<JourneyProduced<C>>;
  /** Settles once Okta's answer to the password is judged (onPasswordJudged), before the rest of the journey. */
  readonly passwordJudged?: Promise<SignInRun>;
}

/** The journey check whose run is the journey itself (runSignIn): what the engine starts for a SAML app's session. */
export const JOURNEY_RUN = 'sign-in' satisfies JourneyCheck;

/** One runner per journey check of the registry. */
export const JOURNEY_RUNNERS = {
  'sign-in': async (ctx: JourneyCheckContext) => (await journeyKind()).runSignIn(ctx),
  // Settled by the password step's answer: a deadline later in the journey is no reason to warn.
  'password-expiry': async (ctx: JourneyCheckContext) => {
    const run = await Promise.race([
      ctx.need('sign-in'),
      ...(ctx.passwordJudged !== undefined ? [ctx.passwordJudged] : []),
    ]);
    const judged = (await journeyKind()).judgePasswordExpiry(run);
    // What a journey carried from its last run told: carried too, never a fresh verdict on the password.
    return run.carried === undefined ? judged : { ...judged, carried: run.carried };
  },
  'device-assurance': async (ctx: JourneyCheckContext) => {
    const run = await ctx.need('sign-in');
    const judged = (await journeyKind()).judgeDeviceGrace(run);
    return run.carried === undefined ? judged : { ...judged, carried: run.carried };
  },
  'enrollment-grace': async (ctx: JourneyCheckContext) => {
    const run = await ctx.need('sign-in');
    const judged = (await journeyKind()).judgeEnrollGrace(run);
    return run.carried === undefined ? judged : { ...judged, carried: run.carried };
  },
  // The app is visited in the journey's own browser session: its run carries the visit, judged here.
  'app-sign-in': async (ctx: JourneyCheckContext) => {
    const run = await ctx.need('sign-in');
    const judged = (await journeyKind()).judgeAppOf(ctx.signIn, run);
    return run.carried === undefined ? judged : { ...judged, carried: run.carried };
  },
  'sign-in-widget': async (ctx: JourneyCheckContext) => {
    const run = await ctx.need('sign-in');
    const judged = (await journeyKind()).judgeWidgetVersion(run);
    return run.carried === undefined ? judged : { ...judged, carried: run.carried };
  },
} satisfies { readonly [C in JourneyCheck]: (ctx: JourneyCheckContext) => Promise<JourneyProduced<C>> };

export const FEED_RUNNERS = {
  status: async (ctx: FeedContext) => (await feedKind()).runStatus(ctx.exchange, ctx.url, ctx.now, ctx.cell),
} satisfies { readonly [C in FeedCheck]: (ctx: FeedContext) => Promise<Judged> };

/**
 * What the engine takes of the kinds only some configs have, beyond their runners: each imported when the plan holds
 * a check of its target, so a probe without SAML apps, groups or journeys never loads their code (nor the XML
 * libraries).
 */
export interface Kinds {
  readonly saml?: typeof import('./saml/scope');
  readonly groups?: typeof import('./saml/group/start');
  readonly groupRunners?: typeof import('./saml/runners').SAML_GROUP_RUNNERS;
  readonly lockout?: typeof import('./sign-in/lockout');
}

export async function loadKinds(plan: readonly CheckName[]): Promise<Kinds> {
  const targets = new Set(plan.map((check) => checkRow(check).target));
  const saml = targets.has('saml');
  const groups = targets.has('saml-group');
  // A SAML app or a group runs in its journey's session: the journey runs when either is planned.
  const journeys = targets.has('journey') || saml || groups;
  // One that fails to load (a chunk missing from the asset) leaves its checks unstarted: each a probe error, never the
  // run.
  const loaded = <M>(load: () => Promise<M>): Promise<M | undefined> => load().catch(() => undefined);
  const [, samlScope, groupStart, samlRunners, lockout] = await Promise.all([
    loadRunnersFor(journeys ? [...plan, JOURNEY_RUN] : plan),
    saml ? loaded(() => import('./saml/scope')) : undefined,
    groups ? loaded(() => import('./saml/group/start')) : undefined,
    groups ? loaded(() => import('./saml/runners')) : undefined,
    journeys ? loaded(() => import('./sign-in/lockout')) : undefined,
  ]);
  return {
    ...(samlScope !== undefined && { saml: samlScope }),
    ...(groupStart !== undefined && { groups: groupStart }),
    ...(samlRunners !== undefined && { groupRunners: samlRunners.SAML_GROUP_RUNNERS }),
    ...(lockout !== undefined && { lockout }),
  };
}
