// Okta's disaster recovery as the System Log records it: news for the admin, never an outage. Okta fails an org over
// to its recovery site and back (Enhanced Disaster Recovery), writing system.dr.failover and system.dr.failback,
// "If failover is successful, the outcome for this event will be SUCCESS" (okta-developer-docs data/event-types.json,
// category honey-badger, release 2024.09.0). While failed over the org may answer writes 503 E0000010 "Service is in
// read only mode": OKTA_READ_ONLY_MODE, which never pages either (page-cause.ts). Read in the same query as the
// rate-limit events, so it costs no request of its own. Pure: no network.
import type { LogEvent } from '../okta/log-events';
import { fail, pass, skip, type Judgement } from '../verdict';
import type { Window } from './window';

/**
 * The recovery events, and what each says happened. An admin can start either in Enhanced Disaster Recovery
 * (guides/manage-orgs-okta-edr): the event's actor is then a User, named; Okta's own is its SystemPrincipal.
 */
const FAILOVER_EVENTS: Readonly<Record<string, string>> = {
  'system.dr.failover': "the org failed over to its disaster-recovery site (the org's domains now served there)",
  'system.dr.failback': 'the org failed back from its disaster-recovery site',
};

/** The /api/v1/logs filter term that reads them (SCIM `sw`: the family, and any event Okta adds to it). */
export const FAILOVER_FILTER = 'eventType sw "system.dr."';

export interface Failover {
  readonly uuid: string;
  readonly published: number;
  readonly eventType: string;
  /** SUCCESS, FAILURE, or whatever Okta wrote (bounded by the event reader). */
  readonly outcome: string | null;
  /** The admin who started it (a User actor's login); null when Okta did (its SystemPrincipal). */
  readonly startedBy?: string | null;
  /** The event's own message, quoted when the operation failed. */
  readonly message?: string | null;
}

/** The recovery events this run owns: published inside `window`, each uuid once, oldest first, at most a few. */
export function failovers(events: readonly LogEvent[], window: Window): Failover[] {
  const seen = new Set<string>();
  const owned: Failover[] = [];
  for (const event of [...events].sort((a, b) => a.published - b.published)) {
    if (!event.eventType.startsWith('system.dr.') || seen.has(event.uuid)) continue;
    if (event.published < window.start || event.published >= window.end) continue;
    seen.add(event.uuid);
    owned.push({
      uuid: event.uuid,
      published: event.published,
      eventType: event.eventType,
      outcome: event.result,
      startedBy: event.actor.type === 'User' ? (event.actor.alternateId ?? 'an unnamed admin') : null,
      message: event.displayMessage,
    });
  }
  return owned.slice(-MAX_TOLD);
}

/** A window holds a failover or two; more is one event retold, and the last few say as much. */
const MAX_TOLD = 4;

/**
 * The okta-failover check: a recovery event in the run's window is a warning that says what Okta did and when, and
 * that the org may be read-only meanwhile; information only, never a page. Skipped when the log could not be read.
 */
export function judgeFailover(found: readonly Failover[] | null, problem: string | undefined): Judgement {
  if (found === null) return skip(`system-log failed: ${problem ?? 'not read'}`);
  if (found.length === 0) return pass({ failovers: 0 });
  const told = found
    .map((f) => {
      const what = FAILOVER_EVENTS[f.eventType] ?? `${f.eventType}, a disaster-recovery operation`;
      const who = f.startedBy === null || f.startedBy === undefined ? 'by Okta' : `started by admin ${f.startedBy}`;
      const outcome = f.outcome === null ? '' : `, outcome ${f.outcome}`;
      const said = f.outcome === 'FAILURE' && f.message ? `, Okta wrote "${f.message}"` : '';
      return `${what}, ${who}, at ${new Date(f.published).toISOString()} (${f.eventType}${outcome}${said})`;
    })
    .join('; ');
  const whose = found.every((f) => f.startedBy === null || f.startedBy === undefined)
    ? "Okta's own operation"
    : 'a disaster-recovery operation on purpose';
  return fail(
    'OKTA_FAILOVER',
    `${told}: ${whose}, not an outage; the org may answer writes "Service is in read only mode" ` +
      'until it fails back',
    { failovers: found.length },
  );
}
