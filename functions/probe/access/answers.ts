// Okta's answers to the access assertions read as hostile input: the simulation's (POST /api/v1/policies/simulate) and
// a matched rule's (GET /api/v1/policies/{policyId}/rules/{ruleId}). Policy simulation is LIMITED_GA: a field we do
// not read is ignored, never refused; only a shape that names no policy is.
//
// The simulation's body is an array of simulations (the Management API's createPolicySimulation takes
// `Array<SimulatePolicyBody>` and answers `List<SimulatePolicyEvaluations>`: okta-sdk-nodejs and okta-sdk-dotnet's
// PolicyApi); Okta's guide "Test your policies with access simulations" (okta-developer-docs
// guides/policy-simulation) sends one object and shows the answer as `{ "evaluation": [...] }`, one entry per policy
// type, each `{ policyType, result: { policies: [{ id, name, status, rules: [{ id, name, status }] }] } }` with
// status MATCH, NOT_MATCH or UNDEFINED. Both answers are read. Asking ACCESS_POLICY alone of each simulation, the
// answer holds one ACCESS_POLICY entry per simulation: the i-th is the i-th row's (Okta documents no other key
// between a simulation and its entry; a count that differs is refused, never guessed).
import { FACTOR_REQUIREMENTS, type FactorRequirement } from '../../contract';
import type { AccessAssertion } from '../../types';

type Json = Readonly<Record<string, unknown>>;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Okta's ids: letters and digits. */
const ID = /^[A-Za-z0-9]{1,64}$/;
/** A policy's or rule's name, as printed: at most this many characters, control characters dropped. */
const MOST_NAME_CHARS = 200;
/** Entries of an answer read, at most: a row's policies and a policy's rules. */
const MOST_ENTRIES = 500;

/** What the simulation matched for one row: the policy and its rule, or none (Okta then denies). */
export interface Matched {
  readonly policy?: { readonly id: string; readonly name: string };
  readonly rule?: { readonly id: string; readonly name: string };
}

/** A matched rule's action, as the probe ranks it. */
export interface RuleAction {
  readonly id: string;
  readonly name: string;
  readonly access: 'ALLOW' | 'DENY' | 'unknown';
  /** What the rule asks on ALLOW; 'unknown' for a method the probe does not rank (an authentication method chain). */
  readonly factors: FactorRequirement | 'unknown';
  /** Okta's lastUpdated of the rule, as sent (ISO 8601), when it is one. */
  readonly lastUpdated?: string;
}

/** A name fit to print: a string, bounded, without control characters. */
function nameOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' ? undefined : clean.slice(0, MOST_NAME_CHARS);
}

/** An entry of Okta's answer with an id and a name, when its status is MATCH. */
function matchedOf(list: unknown): { id: string; name: string; entry: Json } | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const entry of list.slice(0, MOST_ENTRIES)) {
    if (!isJson(entry) || entry.status !== 'MATCH') continue;
    const { id } = entry;
    if (typeof id !== 'string' || !ID.test(id)) continue;
    return { id, name: nameOf(entry.name) ?? id, entry };
  }
  return undefined;
}

/** The ACCESS_POLICY entries of an answer, in order; undefined when the answer is neither shape Okta documents. */
function accessEntries(body: unknown): Json[] | undefined {
  const list = Array.isArray(body) ? body : isJson(body) ? body.evaluation : undefined;
  if (!Array.isArray(list)) return undefined;
  return list.slice(0, MOST_ENTRIES).filter((e): e is Json => isJson(e) && e.policyType === 'ACCESS_POLICY');
}

/** One ACCESS_POLICY entry: its matched policy and rule. */
function matchOfEntry(entry: Json): Matched {
  const result = isJson(entry.result) ? entry.result : {};
  const policy = matchedOf(result.policies);
  if (policy === undefined) return {};
  const rule = matchedOf(policy.entry.rules);
  return {
    policy: { id: policy.id, name: policy.name },
    ...(rule !== undefined && { rule: { id: rule.id, name: rule.name } }),
  };
}

/** The simulation's answer: what each row matched, in the rows' order, or why it cannot be read. */
export function readSimulation(body: unknown, rows: number): { matched: Matched[] } | { problem: string } {
  const entries = accessEntries(body);
  if (entries === undefined)
    return {
      problem:
        Array.isArray(body) || isJson(body)
          ? 'the answer holds no list of evaluations (an array, or { "evaluation": [...] })'
          : 'the answer is not JSON',
    };
  if (entries.length !== rows)
    return {
      problem:
        `the answer holds ${entries.length} ACCESS_POLICY evaluations for ${rows} simulations: which is whose ` +
        'cannot be told',
    };
  return { matched: entries.map(matchOfEntry) };
}

/** What a rule's verificationMethod asks: phishing resistance required, else its factor mode. */
function factorsOf(method: unknown): FactorRequirement | 'unknown' {
  if (!isJson(method)) return 'unknown';
  const constraints = Array.isArray(method.constraints) ? method.constraints.filter(isJson) : [];
  const phishingResistant = constraints.some(
    (c) => isJson(c.possession) && c.possession.phishingResistant === 'REQUIRED',
  );
  if (method.type !== undefined && method.type !== 'ASSURANCE') return 'unknown';
  if (phishingResistant) return 'phishing-resistant';
  if (method.factorMode === '2FA') return 'two factors';
  if (method.factorMode === '1FA') return 'password only';
  return 'unknown';
}

/** A matched rule's answer read; undefined when it is not that rule (no id, another id). */
export function readRule(body: unknown, ruleId: string): RuleAction | undefined {
  if (!isJson(body) || body.id !== ruleId) return undefined;
  const actions = isJson(body.actions) ? body.actions : {};
  const appSignOn = isJson(actions.appSignOn) ? actions.appSignOn : {};
  const access = appSignOn.access === 'ALLOW' || appSignOn.access === 'DENY' ? appSignOn.access : 'unknown';
  const updated = typeof body.lastUpdated === 'string' && Number.isFinite(Date.parse(body.lastUpdated));
  return {
    id: ruleId,
    name: nameOf(body.name) ?? ruleId,
    access,
    factors: access === 'ALLOW' ? factorsOf(appSignOn.verificationMethod) : 'unknown',
    ...(updated && { lastUpdated: body.lastUpdated as string }),
  };
}

/** The simulation's body: one simulation a row, ACCESS_POLICY only, as the Policy API's SimulatePolicyBody. */
export function simulationBody(rows: readonly AccessAssertion[]): unknown[] {
  return rows.map((row) => ({
    policyTypes: ['ACCESS_POLICY'],
    appInstance: row.app,
    policyContext: {
      ...(row.user !== undefined && { user: { id: row.user } }),
      groups: { ids: [...row.groups] },
      ...(row.ip !== undefined && { ip: row.ip }),
      ...(row.zone !== undefined && { zones: { ids: [row.zone] } }),
      ...(row.device !== undefined && { device: { ...row.device } }),
      ...(row.risk !== undefined && { risk: { level: row.risk } }),
    },
  }));
}

/** A factor requirement's rank, weakest first. */
export const factorRank = (factors: FactorRequirement): number => FACTOR_REQUIREMENTS.indexOf(factors);
