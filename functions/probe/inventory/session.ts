// One inventory's access to Okta: its tokens and its reader. Okta issues a client-credentials token only
// for scopes that are all granted (it never issues one with fewer than asked), so the inventory first asks one token
// for every inventory scope the "org" server lists, and only if Okta refuses it asks one token per kind, each with
// its own scope: a scope not granted then degrades its own kind, with a warning naming it, and nothing else. The
// server's own token check never asks the inventory's scopes (runners.ts), so it never fails for them.
import {
  INVENTORY,
  INVENTORY_KINDS,
  INVENTORY_OWNER_SCOPE,
  INVENTORY_SCOPES,
  type InventoryKind,
} from '../../contract';
import type { InventoryConfig } from '../../config/inventory';
import type { ServerContext } from '../context';
import { runToken } from '../okta/token';
import { finding, findingOf } from '../verdict';
import { inventoryFinding, InventoryReader, type Read } from '../okta/management-read';
import type { KeptStore } from '../../kept-state';
import { defaultKeptStore } from '../kept-store';
import { codeRow } from '../../diagnosis/registry';

type TokenFor = Read<{ readonly token: string }>;

/** The kinds a server's scopes ask for: the others are not read (N/A, not a warning: the config left them out). */
export function kindsOf(scopes: readonly string[]): InventoryKind[] {
  return INVENTORY_KINDS.filter((kind) => scopes.includes(INVENTORY_SCOPES[kind]));
}

/** The scopes only the inventory asks: the server's own token check leaves them out. */
function inventoryScopes(scopes: readonly string[]): string[] {
  const own: readonly string[] = Object.values(INVENTORY_SCOPES);
  return scopes.filter((s) => own.includes(s));
}

export class InventorySession {
  readonly reader: InventoryReader;
  private all: Promise<TokenFor> | undefined;
  private readonly single = new Map<string, Promise<TokenFor>>();

  /** `secrets`: the run's list of values no report may print; every token obtained joins it. */
  constructor(
    private readonly ctx: ServerContext,
    readonly settings: InventoryConfig,
    private readonly secrets: string[] = [],
    maxRequests: number = defaultBudget(settings.inventoryMaxApps),
  ) {
    this.reader = new InventoryReader(ctx, maxRequests);
  }

  /** What a warm Lambda keeps between runs (the apps' key expiries). */
  get cache(): ServerContext['cache'] {
    return this.ctx.cache;
  }

  /** What outlives the process (the tokens seen expiring): the run's KeptStore, else kept with the cache. */
  get kept(): KeptStore {
    return this.ctx.kept ?? defaultKeptStore(this.ctx.cache);
  }

  /** Whether the server's scopes allow reading token owners (okta.users.read). */
  get readsOwners(): boolean {
    return this.ctx.server.scopes.includes(INVENTORY_OWNER_SCOPE);
  }

  /** A token that carries `scope`: the shared one when Okta grants every inventory scope, else one of its own. */
  async tokenFor(scope: string): Promise<TokenFor> {
    const shared = await (this.all ??= this.request([
      ...inventoryScopes(this.ctx.server.scopes),
      ...(this.readsOwners ? [INVENTORY_OWNER_SCOPE] : []),
    ]));
    if ('token' in shared) return shared;
    // A refused scope (the registry's refusal): the refusal names the scope, and the kind degrades alone.
    if (codeRow(shared.problem.code).refusal !== 'scope') return shared;
    let own = this.single.get(scope);
    if (own === undefined) {
      own = this.request([scope]);
      this.single.set(scope, own);
    }
    return own;
  }

  private async request(scopes: readonly string[]): Promise<TokenFor> {
    const run = await runToken({ ...this.ctx, server: { ...this.ctx.server, scopes } });
    if (run.accessToken !== undefined) {
      this.secrets.push(run.accessToken);
      return { token: run.accessToken };
    }
    const found = findingOf(run) ?? finding('UNEXPECTED_RESPONSE', { detail: 'no token' });
    const what = `a token for ${scopes.join(' ')}`;
    if (scopes.length === 1 && codeRow(found.code).refusal === 'scope') {
      return {
        problem: {
          ...inventoryFinding(found, what),
          code: 'INVENTORY_SCOPE_NOT_GRANTED',
          detail: `${what}: Okta refused the scope ${scopes[0]} (${found.code}); grant it to the app`,
        },
      };
    }
    return { problem: inventoryFinding(found, what) };
  }
}

/**
 * Requests one inventory may send: the five lists (with a few pages each), the hooks' log read, one key store
 * per app up to `inventoryMaxApps`, and the token owners. A healthy org of 200 SAML apps needs about 215.
 */
function defaultBudget(maxApps: number): number {
  return maxApps + INVENTORY.maxOwners + 6 * 3;
}
