// The top-level `provisioning` block: provisioning to the org's apps judged from the System Log and the app listing.
// It reads the log with the "org" server's token, through the session the log's other checks share, so it needs that
// server with "systemLog": true, and the app listing with okta.apps.read; it rides on that server
// (ServerConfig.provisioning) as userSignIns does. Read-only: nothing it asks can write to Okta. The names are a
// contract.
import { APPS_SCOPE, grantAdvice, PROVISIONING } from '../contract';
import type { ProvisioningConfig } from '../types';
import type { OrgBlock } from './org-block';
import { isObject, readLevel, typeName, type Json, type Problems } from './readers';
import { TOP_SCHEMA } from './schema';

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

/** The block as the "org" server carries it (org-block.ts), which must read the app listing too. */
export const PROVISIONING_BLOCK: OrgBlock<'provisioning'> = {
  field: PATH,
  read: readBlock,
  absent:
    'reads the System Log and the app listing with the "org" server\'s token: add a server with "id": "org", ' +
    '"systemLog": true and okta.apps.read in its scopes (docs/provisioning.md), or remove provisioning',
  accepts(org, problems) {
    if (org.scopes.includes(APPS_SCOPE)) return true;
    problems.add(
      PATH,
      `reads each app's provisioning features with ${APPS_SCOPE}: add it to the "org" server's scopes, grant it ` +
        `in Applications > Applications > [app] > Okta API Scopes, and give the app ${grantAdvice(APPS_SCOPE)}; ` +
        'or remove provisioning',
    );
    return false;
  },
};
