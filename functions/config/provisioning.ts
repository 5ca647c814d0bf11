// The top-level `provisioning` block: provisioning to the org's apps judged from the System Log and the app listing.
// It reads the log with the "org" server's token, through the session the log's other checks share, so it needs that
// server with "systemLog": true, and the app listing with okta.apps.read; it rides on that server
// (ServerConfig.provisioning) as userSignIns does. Read-only: nothing it asks can write to Okta. The names are a
// contract.
import { APPS_SCOPE, grantAdvice, ORG_SERVER_ID, PROVISIONING } from '../contract';
import type { ProvisioningConfig, ServerConfig } from '../types';
import { isObject, readLevel, typeName, type Json, type Problems } from './readers';
import { TOP_SCHEMA } from './schema';
import { orgLogReader } from './user-sign-ins';

const FIELDS = TOP_SCHEMA.provisioning.properties;
const PATH = 'provisioning';

/** The block as written, each absent setting its default; undefined when absent (or wrong: the problem says why). */
function readBlock(raw: Json, problems: Problems): ProvisioningConfig | undefined {
  const value = raw.provisioning;
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    problems.add(
      PATH,
      'expected an object ({} for the defaults, or { "pageOnLeavers": true } to page on leavers), got ' +
        typeName(value),
    );
    return undefined;
  }
  const before = problems.list.length;
  const { pageOnLeavers, lookbackHours } = readLevel(value, FIELDS, problems, {
    parent: PATH,
    fields: {
      pageOnLeavers: {},
      lookbackHours: { unit: 'hours the first run reads back; the System Log keeps 90 days' },
    },
  });
  if (problems.list.length > before) return undefined;
  return {
    pageOnLeavers: pageOnLeavers ?? PROVISIONING.pageOnLeavers,
    lookbackHours: lookbackHours ?? PROVISIONING.lookbackHours,
  };
}

/** The servers with the block carried by the "org" server, which must read the System Log and the app listing. */
export function withProvisioning(
  raw: Json,
  servers: readonly ServerConfig[] | undefined,
  problems: Problems,
): ServerConfig[] | undefined {
  const block = readBlock(raw, problems);
  if (servers === undefined || block === undefined) return servers === undefined ? undefined : [...servers];
  const advice = {
    absent:
      'reads the System Log and the app listing with the "org" server\'s token: add a server with "id": "org", ' +
      '"systemLog": true and okta.apps.read in its scopes (docs/provisioning.md), or remove provisioning',
    notReading:
      'reads the System Log with the "org" server\'s token: add "systemLog": true to it (and okta.logs.read to its ' +
      'scopes), or remove provisioning',
  };
  const org = orgLogReader(raw, servers, PATH, advice, problems);
  if (org === undefined) return [...servers];
  if (!org.scopes.includes(APPS_SCOPE)) {
    problems.add(
      PATH,
      `reads each app's provisioning features with ${APPS_SCOPE}: add it to the "org" server's scopes, grant it ` +
        `in Applications > Applications > [app] > Okta API Scopes, and give the app ${grantAdvice(APPS_SCOPE)}; ` +
        'or remove provisioning',
    );
    return [...servers];
  }
  return servers.map((s) => (s.id === ORG_SERVER_ID ? { ...s, provisioning: block } : s));
}
