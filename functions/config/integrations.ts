// The top-level `integrationHealth` block: the org's own integrations on the sign-in path (inline hooks, SMS and
// voice, e-mail, imports, group and policy rules, Workflows) judged from the System Log. It reads the log with the
// "org" server's token, through the session the log's other checks share, so it needs that server with "systemLog":
// true; it rides on that server (ServerConfig.integrationHealth) as provisioning does. Read-only: okta.logs.read asks
// nothing that can write to Okta. The name is a contract.
import { DOMAINS_SCOPE, grantAdvice, INLINE_HOOKS_SCOPE, INVENTORY_SCOPES } from '../contract';
import type { IntegrationHealthConfig, ServerConfig } from '../types';
import { orgServerAbsent, type OrgBlock } from './org-block';
import { isObject, readLevel, typeName, type Json, type Problems } from './readers';
import { TOP_SCHEMA } from './schema';

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

/**
 * Each advised scope the "org" server lacks, warned of; the server is always accepted. Advised, not required: without
 * each, what it reads is not read and the check says so; the System Log still is.
 */
function adviseScopes(org: ServerConfig, problems: Problems): boolean {
  for (const [scope, without] of ADVISED_SCOPES)
    if (!org.scopes.includes(scope))
      problems.warn(
        PATH,
        `${without} without ${scope}: add it to the "org" server's scopes, grant it in Applications > ` +
          `Applications > [app] > Okta API Scopes and give the app ${grantAdvice(scope)} (docs/integration-health.md)`,
      );
  return true;
}

/** The block as the "org" server carries it (org-block.ts). */
export const INTEGRATION_HEALTH_BLOCK: OrgBlock<'integrationHealth'> = {
  field: PATH,
  read: readBlock,
  absent: orgServerAbsent('integrationHealth', 'docs/integration-health.md'),
  accepts: adviseScopes,
};
