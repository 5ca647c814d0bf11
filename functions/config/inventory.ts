// The org inventory's settings: `"inventory": true` on the "org" server, and the top-level horizons and
// bounds. The field names are a contract: tests outside this repository write them. `expiryWarnDays` is shared with
// the SAML certificate gauge: one horizon for every certificate.
import { INVENTORY, INVENTORY_SCOPES } from '../contract';
import type { ProbeConfig } from '../types';
import type { Problems } from './readers';

/** The top-level settings the inventory reads. */
export type InventoryConfig = Pick<
  ProbeConfig,
  'expiryWarnDays' | 'apiTokenWarnDays' | 'inventoryEveryMinutes' | 'inventoryMaxApps'
>;

/** Each setting's default (INVENTORY in the contract), under its config name. */
export const INVENTORY_SETTINGS: InventoryConfig = {
  expiryWarnDays: INVENTORY.expiryWarnDays,
  apiTokenWarnDays: INVENTORY.apiTokenWarnDays,
  inventoryEveryMinutes: INVENTORY.everyMinutes,
  inventoryMaxApps: INVENTORY.maxApps,
};

/** How the top level's table reads the settings: what each counts. */
export const INVENTORY_READ = {
  expiryWarnDays: { unit: 'days' },
  // A token in use always has about 30 days left: a horizon of 30 or more would warn of every token.
  apiTokenWarnDays: { unit: 'days' },
  inventoryEveryMinutes: { unit: 'minutes' },
  inventoryMaxApps: { unit: 'apps' },
} as const;

/** The settings as the config gives them, each absent one its default. */
export function inventorySettings(read: Partial<InventoryConfig>): InventoryConfig {
  return {
    expiryWarnDays: read.expiryWarnDays ?? INVENTORY_SETTINGS.expiryWarnDays,
    apiTokenWarnDays: read.apiTokenWarnDays ?? INVENTORY_SETTINGS.apiTokenWarnDays,
    inventoryEveryMinutes: read.inventoryEveryMinutes ?? INVENTORY_SETTINGS.inventoryEveryMinutes,
    inventoryMaxApps: read.inventoryMaxApps ?? INVENTORY_SETTINGS.inventoryMaxApps,
  };
}

/**
 * `"inventory": true` judged: Org AS only, with private_key_jwt (the only way a service app gets an Org-AS token) and
 * at least one of the inventory's scopes; the kinds whose scope is missing are not read.
 */
export function inventoryOf(
  parent: string,
  isOrg: boolean,
  scopes: readonly string[],
  method: string | undefined,
  problems: Problems,
): true | undefined {
  const path = `${parent}.inventory`;
  const before = problems.list.length;
  const wanted: readonly string[] = Object.values(INVENTORY_SCOPES);
  if (!isOrg) {
    problems.add(
      path,
      'only for the Org AS (id "org"): the inventory is read with an Org-AS token and okta.* scopes; move it ' +
        'to the "org" server',
    );
  } else {
    if (!scopes.some((s) => wanted.includes(s))) {
      problems.add(
        path,
        `needs at least one of the scopes ${wanted.join(', ')} (one per kind of item read): add them to ` +
          `scopes, grant them in Applications > Applications > [app] > Okta API Scopes, and give the app the ` +
          `narrowest admin role that reads them (docs/inventory.md, "What to grant")`,
      );
    }
    if (method !== undefined && method !== 'private_key_jwt') {
      problems.add(
        path,
        'needs private_key_jwt: a service app reads the Management API only with an Org-AS token, which Okta ' +
          'issues for a key pair, never a client secret; use a key (privateKeyFile, privateKeyEnv or ' +
          'authMethod "private_key_jwt")',
      );
    }
  }
  return problems.list.length > before ? undefined : true;
}
