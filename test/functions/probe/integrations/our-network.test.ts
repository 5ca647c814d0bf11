// The hook lists and the custom domains when the probe's own network cannot reach Okta (its DNS fails): told as the
// probe's network (NETWORK_ERROR, whose owner is the probe), never as a scope or admin role the org should grant.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ownerOf } from '../../../../functions/diagnosis';
import type { HttpOutcome } from '../../../../functions/probe/http';
import { customDomains } from '../../../../functions/probe/integrations/domains';
import { withDomains } from '../../../../functions/probe/integrations/domains-judge';
import { judgeHookLists, readHookLists } from '../../../../functions/probe/integrations/hooks';
import { judgeIntegrations } from '../../../../functions/probe/integrations/judge';
import type { ServerConfig } from '../../../../functions/types';
import { logReader, scriptedLogOrg } from '../../../support/log-org';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const NOW = Date.parse('2026-11-25T10:30:30Z');
const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

/** Our resolver failing: no answer from anyone, Okta's or the org's. */
const dnsFailed: HttpOutcome = {
  ok: false,
  failure: { kind: 'network', message: 'getaddrinfo ENOTFOUND acme.okta.com', timings: { total: 2 } },
};

function orgWithoutDns() {
  const server = {
    ...logReader(privateKeyPem),
    scopes: ['okta.logs.read', 'okta.inlineHooks.read', 'okta.eventHooks.read', 'okta.domains.read'],
    integrationHealth: {},
  } as ServerConfig;
  const org = scriptedLogOrg(server, privateKeyPem, [dnsFailed], dnsFailed, () => NOW);
  return { ...org.ctx, server, cache: createMemoryCache() };
}

describe("the probe's own network failing, told as ours", () => {
  it('tells each hook list unread as our own network, never a scope to grant', async () => {
    const lists = await readHookLists(orgWithoutDns(), []);
    const judged = judgeHookLists(lists, { certs: new Map(), unchecked: 0 }, null, NOW);
    expect(judged.told.map((t) => [t.finding.code, t.severity, t.finding.detail])).toEqual([
      ['NETWORK_ERROR', 'warn', "inline hooks: not read: the probe's own network did not reach Okta (NETWORK_ERROR)"],
      ['NETWORK_ERROR', 'warn', "event hooks: not read: the probe's own network did not reach Okta (NETWORK_ERROR)"],
    ]);
    expect(ownerOf('NETWORK_ERROR')).toBe('probe');
    expect(JSON.stringify(judged)).not.toContain('INTEGRATION_HOOKS_UNREAD');
  });

  it("tells the custom domains unread as the probe's network, never a grant or a role", async () => {
    const read = await customDomains(orgWithoutDns(), []);
    const judged = withDomains(judgeIntegrations([], NOW), read, NOW);
    expect(judged.told.map((t) => [t.finding.code, t.finding.detail])).toEqual([
      [
        'NETWORK_ERROR',
        "the token for okta.domains.read: not read: the probe's own network did not reach Okta (NETWORK_ERROR)",
      ],
    ]);
    expect(JSON.stringify(judged)).not.toMatch(/INTEGRATION_DOMAINS_UNREAD|is not granted|admin role/);
  });
});
