// The simulated org's app authentication policies, answered as Okta's policy simulation answers them: POST
// /api/v1/policies/simulate (okta.policies.read; Okta's guide "Test your policies with access simulations",
// okta-developer-docs guides/policy-simulation, the Admin Console's Reports > Access testing tool) and GET
// /api/v1/policies/{policyId}/rules/{ruleId} (the rule's action: the simulation names the rule, not what it does).
// The body is an array of simulations (the Management API's createPolicySimulation takes Array<SimulatePolicyBody> and
// answers List<SimulatePolicyEvaluations>: okta-sdk-nodejs PolicyApi); one object is answered as the guide shows it,
// `{ "evaluation": [...] }`. Each evaluation is one policy type's, with policies and rules MATCH or NOT_MATCH. A
// group not assigned to the app is 400 E0000001 "Api validation failed: Groups" (the guide's second example). Nothing
// signs in: no user is touched.
import { json, oktaError, withHeaders, type Answer } from './answer';
import { orgToken, refused } from './endpoints/org-token';
import type { AccessFault, SimFaults } from './faults';
import { rateLimitHeaders } from './rate-limit';
import { MANAGEMENT_BUCKET_LIMIT, type SimRequest, type SimState } from './state';
import { event, SIM_ADMIN, type SimLogEvent } from './system-log';

/** The paths served here. */
export const SIMULATE_PATH = '/api/v1/policies/simulate';
const RULE_PATH = /^\/api\/v1\/policies\/([A-Za-z0-9]+)\/rules\/([A-Za-z0-9]+)$/;
export const isAccessPath = (path: string): boolean => path === SIMULATE_PATH || RULE_PATH.test(path);

/** The org's ids, Okta-shaped (20 characters). */
export const SIM_ACCESS = {
  financeApp: '0oafinance0000000x7a',
  financeGroup: '00gfinance0000000x7a',
  contractorsGroup: '00gcontract000000x7a',
  officeZone: 'nzooffice00000000x7a',
  financePolicy: 'rstfinance0000000x7a',
  defaultPolicy: 'rstdefault0000000x7a',
} as const;

/**
 * The finance app and one whose label starts the same, as GET /api/v1/apps lists them (okta.apps.read): a row may name
 * the app by its label, and only the exact label is the finance app.
 */
export function accessApps(): Json[] {
  const app = (id: string, label: string, name: string): Json => ({
    id,
    name,
    label,
    status: 'ACTIVE',
    signOnMode: 'OPENID_CONNECT',
    features: [],
    _links: { self: { href: `/api/v1/apps/${id}` } },
  });
  return [
    app(SIM_ACCESS.financeApp, 'Finance', 'oidc_client'),
    app('0oafinreports0000x7a', 'Finance Reports', 'oidc_client'),
  ];
}

/**
 * The org's groups the rows name, as getGroup answers one (GET /api/v1/groups/{groupId}, okta.groups.read; Okta's
 * Group object: id, created, lastUpdated, lastMembershipUpdated, objectClass, type, profile, _links, as the Groups
 * API's response example gives them, https://developer.okta.com/docs/reference/api/groups/). Another id is Okta's 404
 * E0000007 (sim/endpoints/inventory.ts).
 */
export function accessGroup(id: string): Json | undefined {
  const names: Readonly<Record<string, string>> = {
    [SIM_ACCESS.financeGroup]: 'Finance',
    [SIM_ACCESS.contractorsGroup]: 'Contractors',
  };
  const name = names[id];
  if (name === undefined) return undefined;
  const at = '2025-01-06T09:00:00.000Z';
  return {
    id,
    created: at,
    lastUpdated: at,
    lastMembershipUpdated: at,
    objectClass: ['okta:user_group'],
    type: 'OKTA_GROUP',
    profile: { name, description: `${name} people` },
    _links: { self: { href: `/api/v1/groups/${id}` } },
  };
}

/**
 * The office network zone a row names, as getNetworkZone answers it (GET /api/v1/zones/{zoneId},
 * okta.networkZones.read; Okta's Network Zones API, https://developer.okta.com/docs/api/resources/zones: an IP zone
 * (type IP) defines its perimeter by `gateways` or `proxies`, and its `usage` is POLICY or BLOCKLIST). Another id is
 * Okta's 404 E0000007.
 */
export function accessZone(id: string): Json | undefined {
  if (id !== SIM_ACCESS.officeZone) return undefined;
  return {
    id,
    type: 'IP',
    name: 'Office',
    status: 'ACTIVE',
    usage: 'POLICY',
    system: false,
    gateways: [{ type: 'CIDR', value: '198.51.100.0/24' }],
    proxies: null,
    _links: { self: { href: `/api/v1/zones/${id}` } },
  };
}

/** A rule as the sim keeps it: its conditions (groups, zone) and its action. */
interface SimRule {
  readonly id: string;
  readonly name: string;
  readonly priority: number;
  readonly groups?: readonly string[];
  readonly zone?: string;
  readonly access: 'ALLOW' | 'DENY';
  readonly factorMode?: '1FA' | '2FA';
  readonly phishingResistant?: boolean;
  /** When an admin last changed it, ms before the request (a weakened rule was changed minutes ago). */
  readonly changedAgoMs: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

/** When the scenario's admin change happened, ms before the request: its rule's lastUpdated and its log event agree. */
const CHANGED_AGO_MS: Readonly<Partial<Record<AccessFault, number>>> = {
  'policy-reassigned': 45 * MINUTE,
  'rule-reordered': 35 * MINUTE,
  weakened: 20 * MINUTE,
};

/** The org's policies under `fault`: the finance app's own, and the org's default. */
function policiesOf(fault: AccessFault): { id: string; name: string; rules: SimRule[] }[] {
  const office: SimRule = {
    id: 'rulfinoffice00000x7a',
    name: 'Office: two factors',
    priority: fault === 'rule-reordered' ? 2 : 1,
    groups: [SIM_ACCESS.financeGroup],
    zone: SIM_ACCESS.officeZone,
    access: 'ALLOW',
    factorMode: '2FA',
    // A new priority is an update of the rule: its lastUpdated moves.
    changedAgoMs: fault === 'rule-reordered' ? CHANGED_AGO_MS['rule-reordered']! : 40 * DAY,
  };
  const remote: SimRule = {
    id: 'rulfinremote00000x7a',
    name: 'Remote: phishing-resistant',
    priority: fault === 'rule-reordered' ? 1 : 2,
    groups: [SIM_ACCESS.financeGroup],
    access: 'ALLOW',
    ...(fault === 'weakened'
      ? { factorMode: '1FA' as const, changedAgoMs: CHANGED_AGO_MS.weakened! }
      : {
          factorMode: '2FA' as const,
          phishingResistant: true,
          changedAgoMs: fault === 'rule-reordered' ? CHANGED_AGO_MS['rule-reordered']! : 40 * DAY,
        }),
  };
  const catchAll: SimRule = {
    id: 'rulfincatchall000x7a',
    name: 'Catch-all Rule',
    priority: 99,
    access: 'DENY',
    changedAgoMs: 90 * DAY,
  };
  return [
    { id: SIM_ACCESS.financePolicy, name: 'Finance apps', rules: [office, remote, catchAll] },
    {
      id: SIM_ACCESS.defaultPolicy,
      name: 'Any two factors',
      rules: [
        {
          id: 'ruldefcatchall000x7a',
          name: 'Catch-all Rule',
          priority: 99,
          access: 'ALLOW',
          factorMode: '2FA',
          changedAgoMs: 90 * DAY,
        },
      ],
    },
  ];
}

/** The app's policy: the finance policy, or the org's default once an admin reassigned the app. */
const policyOfApp = (fault: AccessFault) => policiesOf(fault)[fault === 'policy-reassigned' ? 1 : 0]!;

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The groups the app is assigned to: a simulation of another group is refused, as the guide shows. */
const ASSIGNED: readonly string[] = [SIM_ACCESS.financeGroup, SIM_ACCESS.contractorsGroup];

/** One simulation's ACCESS_POLICY evaluation, or Okta's refusal of its values. */
function evaluate(sim: unknown, fault: AccessFault): Json | Answer {
  if (!isJson(sim) || typeof sim.appInstance !== 'string' || !isJson(sim.policyContext))
    return oktaError(400, 'E0000003', 'The request body was not well-formed.');
  if (sim.appInstance !== SIM_ACCESS.financeApp)
    return validationFailed('appInstance', `Not found: Resource not found: ${sim.appInstance} (App)`);
  const context = sim.policyContext;
  const groups = isJson(context.groups) && Array.isArray(context.groups.ids) ? context.groups.ids.map(String) : [];
  const stranger = groups.find((g) => !ASSIGNED.includes(g));
  if (stranger !== undefined)
    return validationFailed(
      'Groups',
      `Access to Finance is not allowed. ${stranger} is not assigned to this application.`,
    );
  const zones = isJson(context.zones) && Array.isArray(context.zones.ids) ? context.zones.ids.map(String) : [];
  const policy = policyOfApp(fault);
  const rules = [...policy.rules].sort((a, b) => a.priority - b.priority);
  const matched = rules.find(
    (r) =>
      (r.groups === undefined || r.groups.some((g) => groups.includes(g))) &&
      (r.zone === undefined || zones.includes(r.zone)),
  );
  return {
    status: null,
    policyType: 'ACCESS_POLICY',
    result: {
      policies: [
        {
          id: policy.id,
          name: policy.name,
          status: 'MATCH',
          conditions: [],
          rules: rules.map((r) => ({
            id: r.id,
            name: r.name,
            status: r === matched ? 'MATCH' : 'NOT_MATCH',
            conditions: [],
          })),
        },
      ],
    },
    undefined: { policies: [] },
    // A field a later release may add: the probe reads LIMITED_GA answers tolerantly.
    simulationVersion: 'sim-1',
  };
}

const validationFailed = (field: string, cause: string): Answer =>
  json(400, {
    errorCode: 'E0000001',
    errorSummary: `Api validation failed: ${field}`,
    errorLink: 'E0000001',
    errorId: 'oaesimaccess000000000000',
    errorCauses: [{ errorSummary: cause }],
  });

/** A rule as GET /api/v1/policies/{policyId}/rules/{ruleId} answers it (an ACCESS_POLICY rule). */
function ruleJson(policyId: string, rule: SimRule, now: number): Json {
  return {
    id: rule.id,
    name: rule.name,
    priority: rule.priority,
    status: 'ACTIVE',
    system: rule.name === 'Catch-all Rule',
    type: 'ACCESS_POLICY',
    created: new Date(now - 400 * DAY).toISOString(),
    lastUpdated: new Date(now - rule.changedAgoMs).toISOString(),
    conditions: {
      ...(rule.groups !== undefined && { people: { groups: { include: rule.groups } } }),
      ...(rule.zone !== undefined && { network: { connection: 'ZONE', include: [rule.zone] } }),
    },
    actions: {
      appSignOn: {
        access: rule.access,
        ...(rule.access === 'ALLOW' && {
          verificationMethod: {
            type: 'ASSURANCE',
            factorMode: rule.factorMode,
            constraints: rule.phishingResistant === true ? [{ possession: { phishingResistant: 'REQUIRED' } }] : [],
            reauthenticateIn: 'PT2H',
          },
        }),
      },
    },
    _links: { self: { href: `/api/v1/policies/${policyId}/rules/${rule.id}` } },
  };
}

/** POST /api/v1/policies/simulate and GET a policy's rule, under the scenario's access fault (absent: healthy). */
export function access(state: SimState, request: SimRequest, faults: SimFaults): Answer {
  const path = request.url.pathname;
  const bucket = state.rateLimiter.hit(
    path === SIMULATE_PATH ? 'policies:simulate' : 'policies:rules',
    MANAGEMENT_BUCKET_LIMIT,
    request.now,
  );
  return withHeaders(answer(state, request, faults.access ?? 'healthy'), rateLimitHeaders(bucket));
}

function answer(state: SimState, request: SimRequest, fault: AccessFault): Answer {
  // A Classic Engine org has no policy simulation: Okta's answer for a feature the org does not have.
  if (fault === 'classic-org')
    return oktaError(401, 'E0000015', 'You do not have permission to access the feature you are requesting');
  const issued = orgToken(state, request, 'okta.policies.read');
  if (refused(issued)) return issued;
  const path = request.url.pathname;
  if (path === SIMULATE_PATH) {
    if (request.method !== 'POST')
      return oktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', { Allow: 'POST' });
    // The probe's app refused the simulation: its admin role does not read policies.
    if (fault === 'scope-missing')
      return oktaError(403, 'E0000006', 'You do not have permission to perform the requested action');
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return oktaError(400, 'E0000003', 'The request body was not well-formed.');
    }
    const sims = Array.isArray(body) ? body : [body];
    const evaluations: Json[] = [];
    for (const sim of sims) {
      const one = evaluate(sim, fault);
      if ('kind' in one) return one as Answer;
      evaluations.push(one);
    }
    // A LIMITED_GA release may reshape its answer: the evaluations under a name the probe does not read.
    if (fault === 'answer-changed') return json(200, { simulations: evaluations });
    return json(200, Array.isArray(body) ? evaluations : { evaluation: evaluations });
  }
  if (request.method !== 'GET')
    return oktaError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', { Allow: 'GET' });
  const [, policyId, ruleId] = RULE_PATH.exec(path) ?? [];
  const policy = policiesOf(fault).find((p) => p.id === policyId);
  const rule = policy?.rules.find((r) => r.id === ruleId);
  if (policy === undefined || rule === undefined)
    return oktaError(404, 'E0000007', `Not found: Resource not found: ${ruleId ?? ''} (PolicyRule)`);
  return json(200, ruleJson(policy.id, rule, request.now));
}

type Target = NonNullable<SimLogEvent['target']>[number];
const ruleTarget = (rule: SimRule, policyId: string): Target => ({
  id: rule.id,
  type: 'PolicyRule',
  alternateId: policyId,
  displayName: rule.name,
  detailEntry: null,
});
const policyTarget = (policy: { id: string; name: string }, previous?: boolean): Target => ({
  id: policy.id,
  type: 'PolicyEntity',
  alternateId: 'unknown',
  displayName: policy.name,
  // PolicyMappingDetails (okta-developer-docs data/event-types.json): previous_policy marks the policy the resource
  // was mapped to before.
  detailEntry: { policyType: 'ACCESS_POLICY', ...(previous !== undefined && { previous_policy: String(previous) }) },
});

/**
 * The System Log's record of the scenario's admin change, at the instant its rule's lastUpdated says (okta-developer-
 * docs data/event-types.json): policy.rule.update for an edited or reordered rule (each rule whose priority moved),
 * policy.mapping.create for the app moved to another policy (its targets: the app and both policies). None otherwise.
 */
export function accessChangeEvents(fault: AccessFault | undefined, now: number): SimLogEvent[] {
  const ago = fault === undefined ? undefined : CHANGED_AGO_MS[fault];
  if (fault === undefined || ago === undefined) return [];
  // On the minute, so every read of the same minute names the same event by its uuid.
  const at = Math.floor((now - ago) / MINUTE) * MINUTE;
  const [finance, fallback] = policiesOf(fault);
  const change = (i: number, eventType: string, displayMessage: string, target: Target[]): SimLogEvent =>
    event({
      uuid: `5acce550-000${i}-11f0-9a00-${(at / MINUTE).toString(16).padStart(12, '0')}`,
      published: new Date(at).toISOString(),
      eventType,
      displayMessage,
      actor: { id: '00u1simadmin00000x7', type: 'User', alternateId: SIM_ADMIN, displayName: 'Sim Admin' },
      outcome: { result: 'SUCCESS', reason: null },
      target,
      transaction: { type: 'WEB', id: `reqSimAccessChange00${i}`, detail: {} },
      debugContext: { debugData: { requestId: `reqSimAccessChange00${i}` } },
    });
  if (fault === 'policy-reassigned')
    return [
      change(0, 'policy.mapping.create', 'Create policy mapping', [
        {
          id: SIM_ACCESS.financeApp,
          type: 'AppInstance',
          alternateId: 'Finance',
          displayName: 'Finance',
          detailEntry: null,
        },
        policyTarget(fallback!, false),
        policyTarget(finance!, true),
      ]),
    ];
  const moved = finance!.rules.filter((r) => r.changedAgoMs === ago);
  return moved.map((rule, i) =>
    change(i, 'policy.rule.update', 'Update policy rule', [ruleTarget(rule, finance!.id), policyTarget(finance!)]),
  );
}
