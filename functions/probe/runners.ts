// One runner per check of the registry (functions/plan/check-table.ts): the fetch half that reads what the check
// needs and hands it to the check's judge. The map is typed against the registry, so a row without a runner, or
// a runner for a check the registry does not know, fails the typecheck. The engine decides when each runs.
import type { JSONWebKeySet } from 'jose';
import type { ProbeConfig } from '../types';
import type { FeedCheck, JourneyCheck, SamlCheck, SamlGroupCheck, ServerCheck } from '../plan/check-table';
import { tokenScopes } from '../plan/checks';
import { judgePasswordExpiry, runSignIn, type SignInContext, type SignInRun } from './checks/sign-in';
import { judgeDeviceGrace } from './checks/sign-in-device';
import type { HttpResponse } from './http';
import type { OktaCell } from '../okta-cell';
import { runAuthorize } from './checks/authorize';
import { judgeCertificate } from './checks/certificate';
import { judgeClock } from './checks/clock';
import type { Exchange, ServerContext } from './checks/context';
import { runDiscovery } from './checks/discovery';
import { runIntrospect } from './checks/introspect';
import { runKeys, type KeysRun } from './checks/keys';
import { runManagement } from './checks/management';
import { judgeRateLimit } from './checks/rate-limit';
import { runStatus } from './checks/status';
import { runToken, type TokenRun } from './checks/token';
import { runValidate } from './checks/validate';
import { judgeKind, runInventory, type InventoryRun } from './inventory/run';
import { orgRateLimitsOf, runSystemLog, type RunFollowUp, type SystemLogRead } from './system-log/run';
import { fail, failedStep, judged, notApplicable, skip, type Judged } from './checks/verdict';
import { judgeAppCertificate, runSamlApp, type AssertionRun, type SamlAppContext } from './checks/saml';
import type { JourneySession } from './session';

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
  readonly config: Pick<ProbeConfig, 'orgUrl' | 'rateLimitWarnPercent' | 'clockSkewWarnSeconds' | 'expiryWarnDays' | 'apiTokenWarnDays' | 'inventoryEveryMinutes' | 'inventoryMaxApps'>;
  /** The run of a check this one needs (registry `needs`), started on first use and shared. */
  need<C extends ServerCheck>(check: C): Promise<Produced<C>>;
  /** Every answer this server got, once the checks started before this one have settled (registry `readsEarlierAnswers`). */
  earlierAnswers(): Promise<readonly HttpResponse[]>;
  /** Minutes between runs (ProbeOptions.scheduleMinutes, default 1). */
  readonly scheduleMinutes: number;
  /** Explains the run's results once every check has settled, within the run's deadline (the System Log look-up). */
  afterRun(followUp: RunFollowUp): void;
}

/** What the status feed's runner gets. */
export interface FeedContext {
  readonly url: string;
  /** The org's cell, when the config names it. */
  readonly cell?: OktaCell;
  readonly exchange: Exchange;
  readonly now: () => number;
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
  // Without the scopes a check requests on a token of its own (the registry's ownToken): a missing grant fails that check alone.
  token: (ctx) => runToken({ ...ctx, server: { ...ctx.server, scopes: tokenScopes(ctx.server) } }),
  validate: async (ctx) => {
    const [token, keys] = await Promise.all([ctx.need('token'), ctx.need('keys')]);
    if (token.accessToken === undefined) return judged(skip(failedStep('token', token)));
    if (keys.jwks === undefined) return judged(skip(failedStep('keys', keys)));
    return runValidate(ctx, token.accessToken, keys.jwks as JSONWebKeySet);
  },
  introspect: (ctx) => withToken(ctx, (accessToken) => runIntrospect(ctx, accessToken)),
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
  'rate-limit': async (ctx) => {
    const token = await ctx.need('token');
    return judged(judgeRateLimit({ token, response: token.response, warnPercent: ctx.config.rateLimitWarnPercent }));
  },
  clock: async (ctx) => {
    const token = await ctx.need('token');
    const warnSeconds = ctx.config.clockSkewWarnSeconds;
    // The token answer first: its Date is the freshest. The others (those this run started) only if it has none.
    if (token.response?.headers['date'] !== undefined) return judged(judgeClock({ responses: [token.response], warnSeconds }));
    return judged(judgeClock({ responses: await ctx.earlierAnswers(), warnSeconds }));
  },
  'system-log': (ctx) => runSystemLog(ctx),
  'org-rate-limit': async (ctx) => orgRateLimitsOf(await ctx.need('system-log')),
  inventory: (ctx) => runInventory(ctx),
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

/** One runner per journey check of the registry (issue 18). */
export const JOURNEY_RUNNERS = {
  'sign-in': (ctx: JourneyCheckContext) => runSignIn(ctx),
  // Settled by the password step's answer: a deadline later in the journey is no reason to warn (issue 30).
  'password-expiry': async (ctx: JourneyCheckContext) => {
    const run = await Promise.race([ctx.need('sign-in'), ...(ctx.passwordJudged !== undefined ? [ctx.passwordJudged] : [])]);
    const judged = judgePasswordExpiry(run);
    // What a journey carried from its last run told: carried too, never a fresh verdict on the password (issue 36).
    return run.carried === undefined ? judged : { ...judged, carried: run.carried };
  },
  'device-assurance': async (ctx: JourneyCheckContext) => {
    const run = await ctx.need('sign-in');
    const judged = judgeDeviceGrace(run);
    return run.carried === undefined ? judged : { ...judged, carried: run.carried };
  },
} satisfies { readonly [C in JourneyCheck]: (ctx: JourneyCheckContext) => Promise<JourneyProduced<C>> };

/** What a SAML check's run hands the checks that need it: the assertion's run (the metadata read, the signer). */
export type SamlProduced<C extends SamlCheck> = C extends 'saml' ? AssertionRun : Judged;

/** What a SAML check's runner gets: its app, the exchange, the journey's session, the verdict kept, the runs it needs. */
export interface SamlCheckContext extends SamlAppContext {
  /** The session the app's journey handed over this run. */
  readonly session: JourneySession;
  /** The assertion's verdict the store kept from the journey's last session, if any (read once per journey). */
  keptAssertion(): Promise<Judged | undefined>;
  /** The run of a check this one needs (registry `needs`), started on first use and shared. */
  need<C extends SamlCheck>(check: C): Promise<SamlProduced<C>>;
}

/** One runner per SAML check of the registry, and none for anything else: a missing one fails the typecheck. */
export type SamlRunners = { readonly [C in SamlCheck]: (ctx: SamlCheckContext) => Promise<SamlProduced<C>> };

export const SAML_RUNNERS = {
  saml: async (ctx) => {
    const { session } = ctx;
    if (session.kind === 'open') return runSamlApp(ctx, session.cookie);
    if (session.kind === 'none') {
      const read = await runSamlApp(ctx, undefined, session.why);
      // Signed in, yet no session to judge the app in: a warning now (issue 36), never a silent skip every run.
      return session.signedIn ? { ...read, judgement: fail('SAML_NO_SESSION', session.why) } : read;
    }
    // Between journeys: the verdict the store kept, and the metadata read afresh for the certificate.
    const kept = await ctx.keptAssertion();
    const read = await runSamlApp(ctx, undefined, "not judged yet: its journey's next run judges it in its session");
    return kept === undefined ? read : { ...kept, ...(read.certificateBasis !== undefined && { certificateBasis: read.certificateBasis }) };
  },
  'saml-certificate': async (ctx) => {
    const assertion = await ctx.need('saml');
    return assertion.certificateBasis === undefined ? assertion : judgeAppCertificate(ctx, assertion.certificateBasis);
  },
} satisfies SamlRunners;

/** What a SAML group check's runner gets (issue 37): the group's run, judged once its journey has handed over. */
export interface SamlGroupCheckContext {
  /** The group judged (saml-group/scope.ts): its share checked in the session, every app counted. */
  judged(): Promise<Judged>;
}

/** One runner per SAML group check of the registry: a missing one fails the typecheck. */
export const SAML_GROUP_RUNNERS = {
  'saml-apps': (ctx) => ctx.judged(),
} satisfies { readonly [C in SamlGroupCheck]: (ctx: SamlGroupCheckContext) => Promise<Judged> };

export const FEED_RUNNERS = {
  status: (ctx: FeedContext) => runStatus(ctx.exchange, ctx.url, ctx.now, ctx.cell),
} satisfies { readonly [C in FeedCheck]: (ctx: FeedContext) => Promise<Judged> };
