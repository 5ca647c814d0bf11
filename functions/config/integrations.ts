// The top-level `integrationHealth` block: the org's own integrations on the sign-in path (inline hooks, SMS and
// voice, e-mail, imports, group and policy rules, Workflows) judged from the System Log. It reads the log with the
// "org" server's token, through the session the log's other checks share, so it needs that server with "systemLog":
// true; it rides on that server (ServerConfig.integrationHealth) as provisioning does. Read-only: okta.logs.read asks
// nothing that can write to Okta. The name is a contract.
import { DOMAINS_SCOPE, grantAdvice, INLINE_HOOKS_SCOPE, INVENTORY_SCOPES, ORG_SERVER_ID } from '../contract';
import type { IntegrationHealthConfig, ServerConfig } from '../types';
import { isObject, readLevel, typeName, type Json, type Problems } from './readers';
import { TOP_SCHEMA } from './schema';
import { orgLogReader } from './user-sign-ins';

/** The scopes advised beside okta.logs.read, each with what goes unread without it. */
const ADVISED_SCOPES = [
  [DOMAINS_SCOPE, 'the custom domains and their certificates are not read'],
  [INLINE_HOOKS_SCOPE, "the inline hooks are not listed (each named, its endpoint's certificate checked)"],
  [INVENTORY_SCOPES['event-hooks'], "the event hooks are not listed (each named, its endpoint's certificate checked)"],
] as const;

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
  // Advised, not required: without each, what it reads is not read and the check says so; the System Log still is.
  for (const [scope, without] of ADVISED_SCOPES)
    if (!org.scopes.includes(scope))
      problems.warn(
        PATH,
        `${without} without ${scope}: add it to the "org" server's scopes, grant it in Applications > ` +
          `Applications > [app] > Okta API Scopes and give the app ${grantAdvice(scope)} (docs/integration-health.md)`,
      );
  return servers.map((s) => (s.id === ORG_SERVER_ID ? { ...s, integrationHealth: block } : s));
}
