// A scenario's config with the org server reading the System Log ("systemLog", okta.logs.read among its scopes), for
// the scenarios whose finding only Okta's log tells: the cause of an app's failure, a hook's failed deliveries.
import type { ConfigFileJson } from '../functions/config/schema';
import { ORG_SERVER_ID } from '../functions/contract';

export const withOrgSystemLog = (cfg: ConfigFileJson): ConfigFileJson => ({
  ...cfg,
  servers: cfg.servers.map((s) =>
    s.id === ORG_SERVER_ID ? { ...s, scopes: [...new Set([...s.scopes, 'okta.logs.read'])], systemLog: true } : s,
  ),
});
