// The access-assertion check as the registry runs it, on the "org" server: a token of okta.policies.read alone, ONE
// simulation for every row of accessAssertions (POST /api/v1/policies/simulate: the body is an array of simulations,
// okta-sdk-nodejs PolicyApi.createPolicySimulation; okta-developer-docs guides/policy-simulation), then each rule the
// rows matched read once (GET /api/v1/policies/{policyId}/rules/{ruleId}: the simulation names the rule, not its
// action) and kept by its id with its lastUpdated for ACCESS_ASSERTIONS.ruleEveryMinutes. Nothing signs in and no user
// is touched. Never throws: a refused or unread simulation is a finding of its own, a Classic Engine org is N/A.
import { ACCESS_ASSERTIONS, POLICIES_SCOPE, type DiagnosisCode } from '../../contract';
import { asReading, codeRow } from '../../diagnosis/registry';
import type { AccessAssertion, CheckItem } from '../../types';
import { readThrough } from '../../cache/read-through';
import type { ServerContext } from '../context';
import { parseJsonBody, type HttpResponse } from '../http';
import { judgeManagement } from '../okta/management';
import { InventoryReader } from '../okta/management-read';
import { runToken } from '../okta/token';
import {
  errorVerdict,
  failureFinding,
  finding,
  failedStep,
  findingOf,
  notApplicable,
  pass,
  skip,
  type Finding,
  type Judged,
} from '../verdict';
import type { LogSession } from '../okta/log-session';
import { readRule, readSimulation, simulationBody, type Matched, type RuleAction } from './answers';
import { changeWords, readPolicyChanges } from './changes';
import { judgeRow, rowItem, type AccessOutcome } from './judge';

type AccessContext = Pick<
  ServerContext,
  'server' | 'endpoints' | 'exchange' | 'credential' | 'cache' | 'now' | 'orgServer' | 'listBudget'
> & {
  /** The server's own token check (shared with the run), asked only when this check's token is refused. */
  readonly serverToken?: () => Promise<Judged & { readonly accessToken?: string }>;
  /** The run's System Log session, with "systemLog" only: who changed what a failing row matches. */
  readonly policyLog?: () => Promise<LogSession>;
};

const SIMULATE_PATH = '/api/v1/policies/simulate';
const WHAT_SIMULATE = `POST ${SIMULATE_PATH}`;
const WHAT_RULE = 'GET /api/v1/policies/{policyId}/rules/{ruleId}';

/** Both halves of our setup a refusal names: Okta answers the same 403 for either. */
const SETUP =
  `${POLICIES_SCOPE} granted to the "org" server's app (Applications > Applications > [app] > Okta API Scopes) and ` +
  'an admin role that reads policies (Read-only Administrator)';

/** A refusal (scope, role, bucket) in the check's own words; any other finding as it is. */
function asAccess(found: Finding, what: string): Finding {
  const code = asReading(found.code, 'access');
  const why =
    code === 'ACCESS_NOT_PERMITTED' ? `refused to the monitoring's app: needs ${SETUP}` : (found.detail ?? found.code);
  return { ...found, code, detail: `${what}: ${why}` };
}

/** Okta's errorCode of an error answer, when it sent its envelope. */
function errorCodeOf(res: HttpResponse): string | undefined {
  const body = parseJsonBody(res);
  const code = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).errorCode : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Okta's errorCauses' summaries (the guide's "Access to YourAppName is not allowed..."), bounded. */
function causesOf(res: HttpResponse): string {
  const body = parseJsonBody(res) as { errorSummary?: unknown; errorCauses?: unknown } | undefined;
  const causes = Array.isArray(body?.errorCauses) ? body.errorCauses : [];
  const words = causes
    .slice(0, 5)
    .flatMap((c: unknown) =>
      typeof c === 'object' && c !== null && typeof (c as { errorSummary?: unknown }).errorSummary === 'string'
        ? [(c as { errorSummary: string }).errorSummary.slice(0, 200)]
        : [],
    );
  const summary = typeof body?.errorSummary === 'string' ? body.errorSummary.slice(0, 200) : 'Api validation failed';
  return [summary, ...words].join(': ');
}

/** The simulation's answer: each row's match, the org's engine without it (N/A), or why nothing is known. */
type Simulated = { readonly matched: Matched[] } | { readonly classic: string } | { readonly problem: Finding };

/** The simulation answer judged; pure. */
function judgeSimulation(res: HttpResponse, rows: number): Simulated {
  const errorCode = errorCodeOf(res);
  // Okta's answer for a feature the org does not have (okta-behaviour: E0000015): a Classic Engine org has no policy
  // simulation, an Identity Engine org without the LIMITED_GA feature neither.
  if (res.status >= 400 && errorCode === 'E0000015')
    return {
      classic:
        'policy simulation is an Identity Engine feature (LIMITED_GA), and this org does not offer it (Okta ' +
        `answered ${WHAT_SIMULATE} with E0000015): a Classic Engine org has none`,
    };
  // The guide's second example: a group not assigned to the app, 400 E0000001 "Api validation failed: Groups".
  if (res.status === 400 && errorCode === 'E0000001')
    return {
      problem: finding('ACCESS_ROW_REFUSED', {
        requestId: res.requestId,
        httpStatus: res.status,
        detail: `${WHAT_SIMULATE}: ${causesOf(res)}`,
      }),
    };
  const refused =
    res.status >= 400
      ? (judgeManagement(res).diagnosis ?? errorVerdict(res, { endpoint: 'management', orgServer: true })?.diagnosis)
      : undefined;
  if (refused !== undefined && refused !== null) return { problem: asAccess(refused, WHAT_SIMULATE) };
  if (res.status !== 200)
    return {
      problem: finding('ACCESS_UNREAD', {
        requestId: res.requestId,
        httpStatus: res.status,
        detail: `${WHAT_SIMULATE}: HTTP ${res.status}, expected 200`,
      }),
    };
  const read = readSimulation(parseJsonBody(res), rows);
  if ('problem' in read)
    return {
      problem: finding('ACCESS_UNREAD', {
        requestId: res.requestId,
        httpStatus: res.status,
        detail: `${WHAT_SIMULATE}: ${read.problem}`,
      }),
    };
  return read;
}

/** A matched rule's action, or why it was not read. */
type RuleRead = RuleAction | { readonly problem: Finding };

/** The rules the rows matched, each read once (and kept by its id), by `policyId/ruleId`. */
async function readRules(
  ctx: AccessContext,
  token: string,
  matched: readonly Matched[],
): Promise<Map<string, RuleRead>> {
  const pairs = new Map<string, { policy: string; rule: string }>();
  for (const m of matched)
    if (m.policy !== undefined && m.rule !== undefined)
      pairs.set(`${m.policy.id}/${m.rule.id}`, { policy: m.policy.id, rule: m.rule.id });
  const reader = new InventoryReader(ctx, pairs.size, 'the access assertions');
  const now = ctx.now();
  const cadence = {
    everyMinutes: ACCESS_ASSERTIONS.ruleEveryMinutes,
    againMinutes: (read: RuleRead) => ('problem' in read ? ACCESS_ASSERTIONS.ruleRetryMinutes : undefined),
  };
  const rules = new Map<string, RuleRead>();
  for (const [key, { policy, rule }] of pairs) {
    const read = await readThrough(
      ctx.cache,
      `access-assertion:rule:${key}`,
      now,
      cadence,
      async (): Promise<RuleRead> => {
        const answer = await reader.get(token, `/api/v1/policies/${policy}/rules/${rule}`, WHAT_RULE);
        // A bucket below its reserve holds the rest of the rules: their rows are told unread, and read next run.
        const held =
          'problem' in answer && answer.problem.code === 'INVENTORY_THROTTLED' ? '; its rows are read next run' : '';
        if ('problem' in answer)
          return {
            problem: asAccess({ ...answer.problem, detail: `${answer.problem.detail ?? ''}${held}` }, WHAT_RULE),
          };
        return (
          readRule(answer.body, rule) ?? {
            problem: finding('ACCESS_UNREAD', { detail: `${WHAT_RULE}: the answer is not the rule ${rule}` }),
          }
        );
      },
    );
    rules.set(key, read.value);
  }
  return rules;
}

/** Each row's item in the report, its outcome as a status. */
function itemOf(
  row: AccessAssertion,
  outcome: AccessOutcome | 'unread',
  code: DiagnosisCode | undefined,
  at: string,
): CheckItem {
  const status = outcome === 'pass' ? 'pass' : outcome === 'weaker' ? 'fail' : 'warn';
  return { item: row.id, status, ...(code !== undefined && { code }), lastChecked: at, carried: false };
}

/** One finding for the whole run (nothing is known of any row), each row's item marked with its code. */
function allRows(rows: readonly AccessAssertion[], found: Finding, at: string, secrets: string[]): Judged {
  return {
    judgement: {
      diagnosis: found,
      observed: { rows: rows.length, weakened: 0, simulations: found.httpStatus === undefined ? 0 : 1 },
    },
    items: rows.map((row) => itemOf(row, 'unread', found.code, at)),
    secrets,
  };
}

/** The rank a finding is told in: the security finding first, then what warns. */
const ORDER: Readonly<Record<AccessOutcome | 'unread', number>> = {
  weaker: 0,
  stronger: 1,
  changed: 2,
  unread: 3,
  pass: 4,
};

/**
 * A refusal of our token that is not about its scope (the client's auth, network zone, clock, a 429, Okta down) is
 * the server's token's refusal too when that token was refused for the same cause: told once, by the token check
 * that pages for it, and this check skips naming it. Undefined when this check should tell it: a scope refused to
 * okta.policies.read alone, a server token that passed, or one refused for another cause.
 */
async function toldByServerToken(ctx: AccessContext, problem: Finding): Promise<Judged | undefined> {
  if (codeRow(problem.code).refusal === 'scope' || ctx.serverToken === undefined) return undefined;
  const server = await ctx.serverToken();
  if (server.accessToken !== undefined) return undefined;
  const j = server.judgement;
  if (!('notRun' in j) && j.diagnosis?.code !== problem.code) return undefined;
  return { judgement: skip(failedStep('token', server)) };
}

/** A row judged: its outcome and finding. */
interface RowJudged {
  readonly row: AccessAssertion;
  readonly outcome: AccessOutcome | 'unread';
  readonly finding?: Finding;
}

/**
 * Each row Okta answers otherwise than asserted, told who made the latest policy change of what it matches and when:
 * one read of the run's log session, only with a failing row and "systemLog" on.
 */
async function withChanges(
  ctx: AccessContext,
  matched: readonly Matched[],
  judged: readonly RowJudged[],
): Promise<readonly RowJudged[]> {
  const differs = (j: RowJudged): boolean => j.finding !== undefined && j.outcome !== 'unread';
  if (ctx.policyLog === undefined || !judged.some(differs)) return judged;
  const changes = await readPolicyChanges(await ctx.policyLog(), ctx.now());
  return judged.map((j, i) => {
    if (!differs(j) || j.finding === undefined) return j;
    const m = matched[i] ?? {};
    const words = changeWords(changes, {
      app: j.row.app,
      ...(m.policy !== undefined && { policy: m.policy.id }),
      ...(m.rule !== undefined && { rule: m.rule.id }),
    });
    return { ...j, finding: { ...j.finding, detail: `${j.finding.detail ?? j.finding.code}; ${words}` } };
  });
}

/** The access-assertion runner: one simulation for every row, the matched rules, each row judged. */
export async function runAccessAssertions(ctx: AccessContext): Promise<Judged> {
  const rows = ctx.server.accessAssertions ?? [];
  if (rows.length === 0) return { judgement: notApplicable('no "accessAssertions" in the config') };
  const at = new Date(ctx.now()).toISOString();
  const secrets: string[] = [];
  const token = await runToken({ ...ctx, server: { ...ctx.server, scopes: [POLICIES_SCOPE] } });
  if (token.accessToken === undefined) {
    const problem = findingOf(token) ?? finding('ACCESS_UNREAD', { detail: `no token for ${POLICIES_SCOPE}` });
    const told = await toldByServerToken(ctx, problem);
    if (told !== undefined) return told;
    return allRows(rows, asAccess(problem, `the token for ${POLICIES_SCOPE}`), at, secrets);
  }
  secrets.push(token.accessToken);
  const outcome = await ctx.exchange({
    method: 'POST',
    url: `${new URL(ctx.endpoints.token).origin}${SIMULATE_PATH}`,
    headers: { authorization: `Bearer ${token.accessToken}`, accept: 'application/json' },
    json: simulationBody(rows),
  });
  if (!outcome.ok) return allRows(rows, asAccess(failureFinding(outcome.failure), WHAT_SIMULATE), at, secrets);
  const simulated = judgeSimulation(outcome.response, rows.length);
  if ('classic' in simulated) return { judgement: notApplicable(simulated.classic), secrets };
  if ('problem' in simulated) return allRows(rows, simulated.problem, at, secrets);
  const rules = await readRules(ctx, token.accessToken, simulated.matched);
  const each = rows.map((row, i) => {
    const matched = simulated.matched[i] ?? {};
    const key =
      matched.policy !== undefined && matched.rule !== undefined
        ? `${matched.policy.id}/${matched.rule.id}`
        : undefined;
    const rule = key === undefined ? undefined : rules.get(key);
    if (rule !== undefined && 'problem' in rule)
      return { row, outcome: 'unread' as const, finding: { ...rule.problem, item: rowItem(row) } };
    return { row, ...judgeRow(row, matched, rule) };
  });
  const judged = await withChanges(ctx, simulated.matched, each);
  const told = judged
    .filter((j) => j.finding !== undefined)
    .sort((a, b) => ORDER[a.outcome] - ORDER[b.outcome])
    .map((j) => j.finding as Finding);
  const count = (o: AccessOutcome | 'unread'): number => judged.filter((j) => j.outcome === o).length;
  const observed = {
    rows: rows.length,
    weakened: count('weaker'),
    stronger: count('stronger'),
    changed: count('changed'),
    unread: count('unread'),
    passed: count('pass'),
    simulations: 1,
    rulesRead: rules.size,
  };
  const items = judged.map((j) => itemOf(j.row, j.outcome, j.finding?.code, at));
  const [first, ...also] = told;
  if (first === undefined) return { judgement: pass(observed), items, secrets };
  return { judgement: { diagnosis: first, ...(also.length > 0 && { also }), observed }, items, secrets };
}

export { withAppIds } from './apps';
