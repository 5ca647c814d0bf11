// GET /api/v1/logs: the System Log API as a service app reads it. Okta checks the token (401
// E0000011), the scope okta.logs.read (403 E0000006 with insufficient_scope) and an admin role that may read the
// log (403 E0000006); then `since`/`until` (ISO 8601), `filter` (eq/sw joined by or), `sortOrder`, `limit` (up to
// 1000) and `after`, the cursor Okta puts in the `next` link. A bounded query (until given) is ordered and its last
//       page has no next link; a polling query always has one.
import { PAGE_USERNAME, WIKI_USERNAME } from '../clients';
import { json, oktaError, type Answer } from '../answer';
import type { SimFaults } from '../faults';
import type { SimRequest, SimState } from '../state';
import { hookDeliveryEvents, streamDeactivationEvents } from '../inventory';
import { orgToken, refused } from './org-token';
import { parseFilter, lockEvents, stagedEvents, type SimLogEvent } from '../system-log';
import { asksForSignIns, userSignInEvents } from '../user-sign-ins';
import { oktaShaped } from '../log-event-shape';
import { keyRotationEvents } from '../app-log-events';
import { SIM_SP_APP } from '../app-saml-sp';
import { asksForProvisioning, provisioningEvents } from '../provisioning';
import { asksForIntegrations, integrationEvents } from '../integrations';
import { accessChangeEvents } from '../access';

/** The synthetic users only the browser journeys name (sim/page-scenarios.ts, sim/app-scenarios.ts). */
const BROWSER_ONLY_USERS: ReadonlySet<string> = new Set([PAGE_USERNAME, WIKI_USERNAME]);

export const LOGS_PATH = '/api/v1/logs';
const SCOPE = 'okta.logs.read';

function time(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** When Okta committed an event: its own time, or later for a late one. */
const committedAt = (e: SimLogEvent): number => e.persistedAt ?? Date.parse(e.published);

/** A bounded query in `published` order; a polling one in the order Okta committed the events. */
function inOrder(polling: boolean): (a: SimLogEvent, b: SimLogEvent) => number {
  return (a, b) =>
    polling
      ? committedAt(a) - committedAt(b) || a.uuid.localeCompare(b.uuid)
      : a.published.localeCompare(b.published) || a.uuid.localeCompare(b.uuid);
}

/** Every event the org has written in [since, until): recorded, staged by the scenario, and its people's sign-ins. */
function written(
  state: SimState,
  faults: SimFaults,
  { since, until, now, filter }: { since: number; until: number; now: number; filter: string | null },
): SimLogEvent[] {
  return [
    ...state.systemLog.events(),
    ...stagedEvents(faults, since, until),
    ...lockEvents(
      faults,
      state.signIn.users.map((u) => u.username),
      until,
    ),
    ...hookDeliveryEvents(faults.inventory, since, until),
    ...streamDeactivationEvents(faults.inventory, now),
    ...keyRotationEvents(faults, now, { appId: SIM_SP_APP.externalKey, appName: SIM_SP_APP.name }),
    // The admin change of an access scenario (sim/access.ts): who changed the policy a row matches now.
    ...accessChangeEvents(faults.access, now),
    ...(asksForSignIns(filter)
      ? userSignInEvents(
          faults.userSignIns,
          // The page's and the SAML app's users sign in only in the browser scenarios' configs: elsewhere no journey
          // names them to exclude, so their failures would be told as a real person's.
          state.signIn.users.map((u) => u.username).filter((login) => !BROWSER_ONLY_USERS.has(login)),
          since,
          until,
          faults.signInVolume,
        )
      : []),
    // Provisioning's events (okta-developer-docs data/event-types.json: application.provision.*, .integration.*,
    // .user_membership.*), made only in its scenarios and for a filter that asks for them.
    ...(faults.provisioning !== undefined && asksForProvisioning(filter)
      ? provisioningEvents(faults.provisioning, since, until, faults.provisioningPerMinute, faults.provisioningSince)
      : []),
    // The org's own integrations' events (sim/integrations.ts), made only in their scenarios.
    ...(faults.integrations !== undefined && asksForIntegrations(filter)
      ? integrationEvents(faults.integrations, since, until)
      : []),
  ];
}

export function logs(state: SimState, request: SimRequest, faults: SimFaults): Answer {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return oktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', { Allow: 'GET, HEAD' });
  }
  const issued = orgToken(state, request, SCOPE);
  if (refused(issued)) return issued;
  if (faults.adminRoleMissing === true)
    return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action');
  const params = request.url.searchParams;
  const until = time(params.get('until'), request.now);
  const since = time(params.get('since'), request.now - 7 * 60_000);
  if (since === undefined || until === undefined) {
    return oktaError(
      400,
      'E0000001',
      "Api validation failed: 'since': The date format in your query is not recognized. Please enter dates " +
        'using ISO8601 string format.',
    );
  }
  const filterText = params.get('filter');
  const matches = filterText === null ? () => true : parseFilter(filterText);
  if (matches === null) return oktaError(400, 'E0000031', 'Invalid search criteria.');
  const limit = Math.max(1, Math.min(1000, Number(params.get('limit') ?? '100') || 100));
  const polling = params.get('until') === null;
  const all = written(state, faults, { since, until, now: request.now, filter: filterText })
    // Nothing Okta has not committed yet is in any answer.
    .filter((e) => {
      const at = Date.parse(e.published);
      return at >= since && at < until && committedAt(e) <= request.now && matches(e);
    })
    .sort(inOrder(polling));
  // sortOrder=DESCENDING: newest first (reference/system-log-query, its bounded example).
  if (params.get('sortOrder') === 'DESCENDING') all.reverse();
  const after = params.get('after');
  const start = after === null ? 0 : all.findIndex((e) => e.uuid === after) + 1;
  const page = all.slice(start, start + limit);
  const more = start + limit < all.length;
  const headers: Record<string, string> = {};
  if (more || polling) {
    const next = new URLSearchParams(params);
    next.set('after', page.at(-1)?.uuid ?? after ?? '');
    headers.Link =
      `<${state.baseUrl}${LOGS_PATH}?${params.toString()}>; rel="self", <${state.baseUrl}${LOGS_PATH}?${next.toString()}>; ` +
      `rel="next"`;
  }
  return json(
    200,
    page.map(({ persistedAt: _committed, ...served }) => oktaShaped(served)),
    headers,
  );
}
