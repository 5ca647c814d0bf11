// A row of accessAssertions judged against what Okta's simulation matched and what that rule does, pure. A row
// asserts only what it names. Weaker (fewer factors, phishing resistance dropped, ALLOW where DENY was expected) is the
// security finding; stronger, or another policy or rule with nothing weaker, warns. Every finding says what the
// simulation declared: a simulation declares the device and the risk, it never observes them.
import type { DiagnosisCode, FactorRequirement } from '../../contract';
import type { AccessAssertion } from '../../types';
import { finding, type Finding } from '../verdict';
import { factorRank, type Matched, type RuleAction } from './answers';

/** How a row's answer compares with what it asserts. */
export type AccessOutcome = 'pass' | 'weaker' | 'stronger' | 'changed';

const CODE_OF: Readonly<Record<Exclude<AccessOutcome, 'pass'>, DiagnosisCode>> = {
  weaker: 'ACCESS_WEAKENED',
  stronger: 'ACCESS_STRONGER',
  changed: 'ACCESS_CHANGED',
};

/** What Okta gives the row now, as the judge compares it. */
interface Given {
  readonly policy?: { readonly id: string; readonly name: string };
  readonly rule?: { readonly id: string; readonly name: string };
  /** No rule matched: Okta denies. */
  readonly access: 'ALLOW' | 'DENY' | 'unknown';
  readonly factors: FactorRequirement | 'unknown';
  readonly lastUpdated?: string;
}

/** A name or id the row wrote, against Okta's: an id exactly, a name whatever its case and outer spaces. */
const sameAs = (written: string, actual: { id: string; name: string } | undefined): boolean =>
  actual !== undefined && (written === actual.id || written.trim().toLowerCase() === actual.name.trim().toLowerCase());

/** Each asserted part compared: weaker, stronger or changed, with what differs in words. */
function compare(row: AccessAssertion, given: Given): { outcome: AccessOutcome; why: string[] } {
  const found: { outcome: Exclude<AccessOutcome, 'pass'>; why: string }[] = [];
  const { expect } = row;
  if (expect.policy !== undefined && !sameAs(expect.policy, given.policy))
    found.push({ outcome: 'changed', why: 'another policy' });
  if (expect.rule !== undefined && !sameAs(expect.rule, given.rule))
    found.push({ outcome: 'changed', why: 'another rule' });
  if (expect.access !== undefined && expect.access !== given.access)
    found.push(
      given.access === 'unknown'
        ? { outcome: 'changed', why: 'an access the probe does not read' }
        : {
            outcome: given.access === 'ALLOW' ? 'weaker' : 'stronger',
            why: `${given.access} where ${expect.access} was expected`,
          },
    );
  if (expect.factors !== undefined && expect.access !== 'DENY') {
    if (given.access === 'DENY') found.push({ outcome: 'stronger', why: 'DENY where factors were expected' });
    else if (given.factors === 'unknown')
      found.push({ outcome: 'changed', why: 'factors the probe does not rank (an authentication method chain?)' });
    else if (given.factors !== expect.factors)
      found.push({
        outcome: factorRank(given.factors) < factorRank(expect.factors) ? 'weaker' : 'stronger',
        why: `${given.factors} where ${expect.factors} was expected`,
      });
  }
  const outcome = (['weaker', 'stronger', 'changed'] as const).find((o) => found.some((f) => f.outcome === o));
  return { outcome: outcome ?? 'pass', why: found.map((f) => f.why) };
}

/** What the row asserts, in words: "Finance apps › Remote, ALLOW, phishing-resistant". */
function expectedWords(row: AccessAssertion): string {
  const { policy, rule, access, factors } = row.expect;
  const where =
    policy === undefined && rule === undefined ? [] : [`${policy ?? '(any policy)'} › ${rule ?? '(any rule)'}`];
  return [...where, ...(access === undefined ? [] : [access]), ...(factors === undefined ? [] : [factors])].join(', ');
}

/** What Okta gives, in words: "Finance apps › Catch-all Rule (updated ...), ALLOW, password only". */
function givenWords(given: Given): string {
  if (given.policy === undefined) return 'no policy (Okta denies)';
  const rule = given.rule === undefined ? 'no rule (Okta denies)' : given.rule.name;
  const updated = given.lastUpdated === undefined ? '' : ` (rule updated ${given.lastUpdated})`;
  const factors = given.access === 'ALLOW' ? `, ${given.factors}` : '';
  return `${given.policy.name} › ${rule}${updated}, ${given.access}${factors}`;
}

/** What the simulation declared for the row: never observed. */
function declaredWords(row: AccessAssertion): string {
  const who = [
    ...(row.user === undefined ? [] : [`user ${row.user}`]),
    ...(row.groups.length === 0 ? [] : [`groups ${row.groups.join(', ')}`]),
  ];
  const from = row.zone !== undefined ? [`zone ${row.zone}`] : row.ip !== undefined ? [`IP ${row.ip}`] : [];
  const device =
    row.device === undefined
      ? []
      : [
          `device ${[
            row.device.platform ?? 'any platform',
            ...(row.device.registered === true ? ['registered'] : []),
            ...(row.device.managed === true ? ['managed'] : []),
            ...(row.device.assuranceId === undefined ? [] : [`assurance ${row.device.assuranceId}`]),
          ].join(' ')}`,
        ];
  const risk = row.risk === undefined ? [] : [`risk ${row.risk}`];
  return `simulated for ${[...who, ...from, ...device, ...risk].join(', ')}: declared by the row, not observed`;
}

/** What Okta gives the row, from the match and the matched rule's action (undefined: the rule was not read). */
function givenOf(matched: Matched, action: RuleAction | undefined): Given {
  if (matched.policy === undefined || matched.rule === undefined)
    return { ...(matched.policy !== undefined && { policy: matched.policy }), access: 'DENY', factors: 'unknown' };
  return {
    policy: matched.policy,
    rule: { id: matched.rule.id, name: action?.name ?? matched.rule.name },
    access: action?.access ?? 'unknown',
    factors: action?.factors ?? 'unknown',
    ...(action?.lastUpdated !== undefined && { lastUpdated: action.lastUpdated }),
  };
}

/** How a finding names its row: the row and its app, which the notifier and the Preview pairing repeat. */
export const rowItem = (row: AccessAssertion): string => `${row.id} (app ${row.app})`;

/** One row judged: its outcome, and the finding when it is not a pass. */
export function judgeRow(
  row: AccessAssertion,
  matched: Matched,
  action: RuleAction | undefined,
): { outcome: AccessOutcome; finding?: Finding } {
  const given = givenOf(matched, action);
  const { outcome, why } = compare(row, given);
  if (outcome === 'pass') return { outcome };
  const detail =
    `${row.id}: expected ${expectedWords(row)}; Okta matches ${givenWords(given)} (${why.join('; ')}); ` +
    declaredWords(row);
  return { outcome, finding: finding(CODE_OF[outcome], { detail, item: rowItem(row) }) };
}
