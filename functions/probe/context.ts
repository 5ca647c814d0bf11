// What a check gets from the engine: its server, that server's URLs and credential, and an exchange
// function already bound to the run's timeout, deadline and dispatcher.
import type { ServerEndpoints } from './endpoints';
import type { HttpOutcome, HttpRequest, ListBudget } from './http';
import type { AuthMethod, CredentialResult, OwnNetwork, ProbeCache, ServerConfig } from '../types';
import type { KeptStore, ProvisioningStore, SignInTallyStore } from '../kept-state';

/** One HTTP exchange, with the run's timeout, deadline signal and dispatcher filled in. Never throws. */
/** One exchange within the run's deadline; `signal`, when given, ends it sooner (a budget of the check's own). */
export type Exchange = (
  req: Pick<HttpRequest, 'method' | 'url' | 'headers' | 'form' | 'json' | 'signal' | 'list'>,
) => Promise<HttpOutcome>;

export interface ServerContext {
  readonly server: ServerConfig;
  readonly orgServer: boolean;
  readonly endpoints: ServerEndpoints;
  /** undefined: the caller resolved no credential for this server. */
  readonly credential: CredentialResult | undefined;
  readonly exchange: Exchange;
  /** Epoch ms. */
  readonly now: () => number;
  readonly cache?: ProbeCache;
  /** What a check remembers beyond the process (the inventory's expiring API tokens); default: with `cache`. */
  readonly kept?: KeptStore;
  /** The sign-ins' per-minute tallies of Okta's Log Streaming, deployed with userSignIns.eventSource. */
  readonly tallies?: SignInTallyStore;
  /** The run's bytes of list answers (LIST_READ.maxRunBytes), one budget for every reader; absent: a reader's own. */
  readonly listBudget?: ListBudget;
  /** Each part of the run's System Log look-up ends within this (systemLogBudgetMs); absent: SYSTEM_LOG.budgetMs. */
  readonly logBudgetMs?: number;
  /** The provisioning-health check's open leavers and their hashing key; default: with `cache`. */
  readonly provisioning?: ProvisioningStore;
  /** ProbeOptions.hookTlsTrust: certificates a test's hook endpoints are trusted by; never set by the CLI. */
  readonly hookTlsTrust?: string;
  /** ProbeOptions.ownNetwork: the deployed probe's own VPC's address ranges, which the hooks' TLS read never enters. */
  readonly ownNetwork?: () => Promise<OwnNetwork>;
}

/** How the server's client authenticates, for classifyResponse to tell a wrong method from a wrong secret. */
export function authMethodOf(ctx: Pick<ServerContext, 'credential'>): AuthMethod | undefined {
  const kind = ctx.credential?.kind;
  return kind === 'private_key_jwt' || kind === 'client_secret_basic' ? kind : undefined;
}
