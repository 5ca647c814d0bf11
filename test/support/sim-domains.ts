// The simulator's custom domains (sim/domains.ts) read as the probe reads them, without a server: the list, then each
// verified domain listed without its certificate read alone, at the probe's bound. A refused list is the finding the
// probe makes of Okta's 403.
import { INTEGRATION_DOMAINS } from '../../functions/contract';
import { readDomain, readDomainList, type DomainsRead } from '../../functions/probe/integrations/domains';
import { finding } from '../../functions/probe/verdict';
import { domainBodies } from '../../sim/domains';
import type { DomainFault } from '../../sim/faults';

export function simDomainsRead(fault: DomainFault, now: number): DomainsRead {
  const none = { at: now, domains: [], skipped: 0, beyond: 0, detailsUnread: 0 };
  if (fault === 'unreadable')
    return {
      ...none,
      requests: 1,
      problem: finding('INTEGRATION_DOMAINS_UNREAD', { detail: 'GET /api/v1/domains: 403 E0000006' }),
    };
  const bodies = domainBodies({ baseUrl: 'http://127.0.0.1:1' }, fault, now);
  const list = readDomainList(bodies.list);
  if ('problem' in list) return { ...none, requests: 1, problem: list.problem };
  const lacking = list.domains.filter((d) => d.status === 'verified' && d.expires === undefined);
  const asked = lacking.slice(0, INTEGRATION_DOMAINS.maxDetailReads);
  const domains = list.domains.map((d) => {
    const one = asked.includes(d) ? readDomain(bodies.byId.get(d.id)) : undefined;
    return one === undefined ? d : { ...d, expires: one.expires ?? d.expires! };
  });
  return { ...none, domains, skipped: list.skipped, requests: 1 + asked.length };
}
