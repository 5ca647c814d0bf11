// Who changed what a failing access assertion matches, and when: the latest policy change of the System Log whose
// targets hold the row's matched rule, its policy or its app, read on the run's log session (okta.logs.read, with
// "systemLog" only: no token of its own). The event types are Okta's catalogue's (okta-developer-docs
// data/event-types.json): a rule added, updated, (de)activated or deleted; a policy updated, (de)activated, deleted
// or overwritten; and policy.mapping.create, "fired when a policy is mapped to a resource" (an app moved to another
// authentication policy: its targets are the app and both policies). The filter names event types only, `or` clauses
// every org reads alike (as the lockout read does); targets are matched here, by id, never by position.
import { ACCESS_ASSERTIONS, DAY_MS, SYSTEM_LOG } from '../../contract';
import type { LogEvent } from '../okta/log-events';
import type { LogSession } from '../okta/log-session';

/** The policy changes an admin (or an API client, Terraform's) makes, as Okta's catalogue names them. */
const POLICY_CHANGE_TYPES = [
  'policy.rule.update',
  'policy.rule.activate',
  'policy.rule.deactivate',
  'policy.rule.add',
  'policy.rule.delete',
  'policy.lifecycle.update',
  'policy.lifecycle.activate',
  'policy.lifecycle.deactivate',
  'policy.lifecycle.delete',
  'policy.lifecycle.overwrite',
  'policy.mapping.create',
] as const;

const FILTER = POLICY_CHANGE_TYPES.map((type) => `eventType eq "${type}"`).join(' or ');

/** The policy changes read, newest first; or why none were. `partial`: more changes were logged than were read. */
type PolicyChanges = { readonly events: readonly LogEvent[]; readonly partial: boolean } | { readonly unread: string };

/** What a failing row matched: the ids its change is looked for by. */
export interface ChangeScope {
  readonly app: string;
  readonly policy?: string;
  readonly rule?: string;
}

/**
 * The org's latest policy changes, one page newest first, over the log's retention. Skipped when the part of the run
 * this read falls in has spent its budget: a read then would stop on TIMEOUT and leave the log unread for the
 * failures' look-up after the checks.
 */
export async function readPolicyChanges(session: LogSession, now: number): Promise<PolicyChanges> {
  if (session.budgetSpent >= 1)
    return { unread: `the System Log's budget of this part of the run (${SYSTEM_LOG.budgetMs} ms) was spent` };
  const events = await session.read({
    filter: FILTER,
    since: new Date(now - ACCESS_ASSERTIONS.changeLookbackDays * DAY_MS).toISOString(),
    until: new Date(now).toISOString(),
    sortOrder: 'DESCENDING',
    maxPages: 1,
  });
  if (events === null) return { unread: `the System Log was not read (${session.unavailable?.code ?? 'unreadable'})` };
  return {
    // Newest first whatever order the page came in: an org that ignored sortOrder is still read right.
    events: events.filter((e) => (POLICY_CHANGE_TYPES as readonly string[]).includes(e.eventType)).sort(newest),
    partial: session.partial || events.length >= SYSTEM_LOG.pageLimit,
  };
}

const newest = (a: LogEvent, b: LogEvent): number => b.published - a.published;

/** The latest change whose targets hold the row's rule, policy or app. */
function latestOf(events: readonly LogEvent[], scope: ChangeScope): LogEvent | undefined {
  const ids = [scope.rule, scope.policy, scope.app].filter((id): id is string => id !== undefined);
  return events.find((e) => e.targets.some((t) => t.id !== null && ids.includes(t.id)));
}

/** What was changed, in words: the rule's or policy's name the event gives, else its kind. */
function whatOf(event: LogEvent): string {
  const named = (type: string): string | undefined => {
    const target = event.targets.find((t) => t.type === type);
    return target?.displayName ?? target?.id ?? undefined;
  };
  const rule = named('PolicyRule');
  const policy = named('PolicyEntity');
  if (event.eventType === 'policy.mapping.create')
    return `the app's policy${policy === undefined ? '' : ` (${policy})`}`;
  if (rule !== undefined) return `rule '${rule}'`;
  return policy === undefined ? 'its policy' : `policy '${policy}'`;
}

/**
 * The words a failing row's finding ends with: who made the latest policy change of what it matches, and when
 * ("last changed by admin@acme.example at 2026-11-29T15:20:00.000Z: policy.rule.update of rule 'Remote'"), or why
 * the log does not say.
 */
export function changeWords(changes: PolicyChanges, scope: ChangeScope): string {
  if ('unread' in changes) return `who changed it: ${changes.unread}`;
  const latest = latestOf(changes.events, scope);
  if (latest === undefined)
    return changes.partial
      ? `who changed it: not among the org's latest ${changes.events.length} policy changes in the System Log`
      : `the System Log holds no change of its policy, rule or app in ${ACCESS_ASSERTIONS.changeLookbackDays} days`;
  const who = latest.actor.alternateId ?? 'an actor the System Log does not name';
  return (
    `last changed by ${who} at ${new Date(latest.published).toISOString()}: ${latest.eventType} of ` +
    `${whatOf(latest)} (System Log)`
  );
}
