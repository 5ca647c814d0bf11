// The top-level `integrationHealth` block: the org's own integrations on the sign-in path (inline hooks, SMS and
// voice, e-mail, imports, group and policy rules, Workflows) judged from the System Log. It reads the log with the
// "org" server's token, through the session the log's other checks share, so it needs that server with "systemLog":
// true; it rides on that server (ServerConfig.integrationHealth) as provisioning does. Read-only: okta.logs.read asks
// nothing that can write to Okta. The name is a contract.
import { grantAdvice, INLINE_HOOKS_SCOPE, INVENTORY_SCOPES, ORG_SERVER_ID } from '../contract';

/** The hook lists' scopes, each advised: the lists name the hooks and give their URLs. */
const HOOK_SCOPES = [
  [INLINE_HOOKS_SCOPE, 'inline hooks'],
  [INVENTORY_SCOPES['event-hooks'], 'event hooks'],
] as const;
import type { IntegrationHealthConfig, ServerConfig } from '../types';
import { isObject, readLevel, typeName, type Json, type Problems } from './readers';
import { TOP_SCHEMA } from './schema';
import { orgLogReader } from './user-sign-ins';

const FIELDS = TOP_SCHEMA.integrationHealth.properties;
const PATH = 'integrationHealth';

/** The block as written; undefined when absent (or wrong: the problem says why). */
function readBlock(raw: Json, problems: Problems): IntegrationHealthConfig | undefined {
  const value = raw.integrationHealth;
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    problems.add(PATH, `expected an object ({} to watch the org's integrations), got ${typeName(value)}`);
    return undefined;
  }
  const before = problems.list.length;
  readLevel(value, FIELDS, problems, { parent: PATH, fields: {} });
  return problems.list.length > before ? undefined : {};
}

/** The servers with the block carried by the "org" server, which must read the System Log. */
export function withIntegrationHealth(
  raw: Json,
  servers: readonly ServerConfig[] | undefined,
  problems: Problems,
): ServerConfig[] | undefined {
  const block = readBlock(raw, problems);
  if (servers === undefined || block === undefined) return servers === undefined ? undefined : [...servers];
  const advice = {
    absent:
      'reads the System Log with the "org" server\'s token: add a server with "id": "org" and "systemLog": true ' +
      '(docs/integration-health.md), or remove integrationHealth',
    notReading:
      'reads the System Log with the "org" server\'s token: add "systemLog": true to it (and okta.logs.read to its ' +
      'scopes), or remove integrationHealth',
  };
  const org = orgLogReader(raw, servers, PATH, advice, problems);
  if (org === undefined) return [...servers];
  // Advised, not required: without them the hooks are judged from the System Log alone.
  for (const [scope, what] of HOOK_SCOPES)
    if (!org.scopes.includes(scope))
      problems.warn(
        PATH,
        `the ${what} are not listed without ${scope} in the "org" server's scopes: add it, grant it in ` +
          `Applications > Applications > [app] > Okta API Scopes and give the app ${grantAdvice(scope)}, to name ` +
          'each hook and check its certificate (docs/integration-health.md)',
      );
  return servers.map((s) => (s.id === ORG_SERVER_ID ? { ...s, integrationHealth: block } : s));
}
