// Agent pools: GET /api/v1/agentPools (okta.agentPools.read) gives each pool's `name`, `type` (AD, LDAP,
// IWA, RADIUS, MFA, OPP, RUM), `operationalStatus` and its `agents`, each with its `name`, `operationalStatus`
// (OPERATIONAL, DEGRADED, DISRUPTED, INACTIVE), `isHidden` and `lastConnection` (epoch ms) (Okta's Management API
// spec: listAgentPools, schemas AgentPool, Agent, OperationalStatus). Read as the spec defines it: an
// INACTIVE agent is deactivated on purpose and an `isHidden` one is hidden from the Admin Console (the pool counts
// them apart, `inactiveAgents`): neither is a failure, and neither serves. A pool is down only when none of its
// visible, active agents is OPERATIONAL or DEGRADED (a DEGRADED agent still serves): that stops sign-ins for the
// users its directory masters, a page. A pool with some serving agents down, or whose serving agents are all
// DEGRADED, still works with less to spare: a warning, never a page.
import { agoText, itemFinding, objects, quote, record, text, type KindVerdict } from '../okta/item';

export interface Agent {
  readonly name?: string;
  readonly operationalStatus?: string;
  /** Hidden from the Admin Console: not counted. */
  readonly isHidden?: boolean;
  /** Epoch ms. */
  readonly lastConnection?: number;
}

export interface AgentPool {
  readonly id?: string;
  readonly name?: string;
  readonly type?: string;
  readonly operationalStatus?: string;
  /** Absent when Okta sent none: the pool's own status is judged then. */
  readonly agents?: readonly Agent[];
}

const OPERATIONAL = 'OPERATIONAL';
/** Statuses of an agent that still serves its pool. */
const SERVING = new Set([OPERATIONAL, 'DEGRADED']);
/** Deactivated on purpose: not a failure. */
const INACTIVE = 'INACTIVE';

export function readAgentPools(body: unknown): AgentPool[] {
  return objects(body).map((pool) => ({
    id: text(pool, 'id'),
    name: text(pool, 'name'),
    type: text(pool, 'type'),
    operationalStatus: text(pool, 'operationalStatus'),
    ...(Array.isArray(pool.agents) && {
      agents: pool.agents.flatMap((a) => {
        const agent = record(a);
        if (agent === undefined) return [];
        const last = agent.lastConnection;
        return [
          {
            name: text(agent, 'name'),
            operationalStatus: text(agent, 'operationalStatus'),
            ...(agent.isHidden === true && { isHidden: true }),
            ...(typeof last === 'number' && Number.isFinite(last) && { lastConnection: last }),
          },
        ];
      }),
    }),
  }));
}

function agentText(agent: Agent, now: number): string {
  const seen =
    agent.lastConnection === undefined ? 'never connected' : `last connected ${agoText(agent.lastConnection, now)} ago`;
  return `${quote(agent.name, 'an agent')} ${agent.operationalStatus ?? 'of unknown status'}, ${seen}`;
}

/** One finding per pool with no serving agent (a page), or with agents down or all DEGRADED (a warning). */
export function judgeAgentPools(pools: readonly AgentPool[], now: number): KindVerdict {
  const findings = [];
  let down = 0;
  for (const pool of pools) {
    const name = `${pool.type ?? ''} agent pool ${quote(pool.name, pool.id ?? '(unnamed)')}`.trim();
    // Only the visible, active agents count: a hidden or deactivated one is an admin's choice, not an outage.
    const agents = (pool.agents ?? []).filter((a) => a.isHidden !== true && a.operationalStatus !== INACTIVE);
    const failing = agents.filter((a) => a.operationalStatus !== OPERATIONAL);
    const serving = agents.filter((a) => SERVING.has(a.operationalStatus ?? ''));
    const working = agents.length - failing.length;
    const listed = pool.agents !== undefined && pool.agents.length > 0;
    const poolDown = agents.length > 0 ? serving.length === 0 : !listed && pool.operationalStatus === 'DISRUPTED';
    const failingText = failing
      .slice(0, 5)
      .map((a) => agentText(a, now))
      .join('; ');
    if (poolDown) {
      down += 1;
      const latest = Math.max(...agents.map((a) => a.lastConnection ?? Number.NEGATIVE_INFINITY));
      const since = Number.isFinite(latest) ? `; the last agent connection was ${agoText(latest, now)} ago` : '';
      const which = failing.length > 0 ? ` (${failingText})` : ` (pool ${pool.operationalStatus ?? 'not operational'})`;
      findings.push(
        itemFinding(
          'AGENT_POOL_DOWN',
          name,
          ` has no operational agent${which}${since}: users mastered by it cannot sign in`,
        ),
      );
    } else if (failing.length > 0 || (agents.length === 0 && !listed && pool.operationalStatus === 'DEGRADED')) {
      const which =
        failing.length > 0
          ? `${failing.length} of ${agents.length} agents not operational: ${failingText}`
          : 'the pool is DEGRADED';
      const still =
        working > 0
          ? `${working} still serve${working === 1 ? 's' : ''} it`
          : `its ${serving.length} DEGRADED agent${serving.length === 1 ? '' : 's'} still serve${serving.length === 1 ? 's' : ''} ` +
            `it`;
      findings.push(itemFinding('AGENT_POOL_DEGRADED', name, `: ${which}; ${still}`));
    }
  }
  return { findings, observed: { pools: pools.length, unhealthy: findings.length, down } };
}
