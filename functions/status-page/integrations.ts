// The org's own integrations on the page: each inline hook and each SMS or voice provider the integration-health check
// judged from the System Log, and each active inline hook Okta lists that the log did not show (not seen), a part of
// its own, told by what the people it serves meet ("People cannot sign up", "People may not receive SMS codes"). A
// failure's state and owner are verdictOf's. Read from the run line's `integrationHealth` fields (ids, roles, Okta's
// names, codes), never from a sentence; no request to Okta is added for the page.
import {
  INTEGRATION_HEALTH,
  type DiagnosisCode,
  type FaultOwner,
  type IntegrationRole,
  type RunLogLine,
} from '../contract';
import { verdictOf } from '../plan/verdict';
import { isCode } from '../probe/stored-bounds';
import { minuteOf, type StatusPart } from './model';
import type { Verdict } from './verdicts';

/** The check's own run-line name. */
const CHECK = 'integration-health';

/**
 * What the check found this run of each hook and provider: fail or warn is failing (the org's integration, its
 * fault the one owner every reader gives), pass is ok, n/a is unknown (none tried). A part known from earlier runs is
 * unknown when the check judged the window without it (no use seen in the last hour), or when the check did not run
 * (skipped: the System Log unread, our side or Okta's) or failed itself; a limited run that left it out keeps it.
 */
export function integrationVerdicts(line: RunLogLine, known: readonly Pick<StatusPart, 'id' | 'kind'>[]): Verdict[] {
  const verdicts = (line.integrationHealth?.parts ?? []).map((part): Verdict => {
    const at = {
      id: part.id,
      kind: 'integration' as const,
      role: part.role,
      ...(part.name !== undefined && { name: part.name }),
    };
    if ((part.status === 'fail' || part.status === 'warn') && part.code !== undefined && isCode(part.code)) {
      const code = part.code as DiagnosisCode;
      const { state, owner } = verdictOf(CHECK, code, undefined, undefined, part.status === 'fail' ? 'page' : 'warn');
      return { ...at, state, fault: { code, owner } };
    }
    // Seen working in the window is ok. Quiet (the log read, no call of it in the window: nobody needed it) is not
    // unchecked: what was last known of it stays, with when (held); a hook first met quiet is unknown until a call
    // shows. n/a otherwise (its calls not read) judged nothing: unknown, so "not seen" never reads as "not watched".
    if (part.status === 'n/a' && part.quiet === true) return { ...at, state: 'unknown', held: true };
    return { ...at, state: part.status === 'pass' ? 'ok' : 'unknown' };
  });
  const named = new Set(verdicts.map((v) => v.id));
  const skipped = (line.skippedChecks ?? []).some((entry) => entry.endsWith(`/${CHECK}`));
  const failedItself = line.failures.some(
    (f) => f.check === CHECK && f.withheld === undefined && !named.has(f.item ?? ''),
  );
  const covered = line.covered?.checks === undefined || line.covered.checks.includes(CHECK);
  // Beyond the line's named ones, a part may be among those counted: its verdict is not known to be absent.
  const whole = line.integrationHealth?.more === undefined;
  const judgedWithout = covered && line.covered?.servers === undefined && whole;
  const quiet = known
    .filter((p) => p.kind === 'integration' && !named.has(p.id))
    .flatMap((p): Verdict[] =>
      skipped || judgedWithout || (failedItself && line.integrationHealth === undefined)
        ? [{ id: p.id, kind: 'integration', state: 'unknown' }]
        : [],
    );
  return [...verdicts, ...quiet];
}

/** A hook's kind as a caller's phrase. */
const HOOK_WORDS: Readonly<Record<Exclude<IntegrationRole, 'sms' | 'voice'>, string>> = {
  registration: 'registration hook',
  'password-import': 'password import hook',
  token: 'token hook',
  saml: 'SAML assertion hook',
  'user-import': 'user import hook',
  telephony: 'telephony hook',
  other: 'inline hook',
};

/** How the page names an integration: "The registration hook "Sign-up check"", "SMS codes through TWILIO". */
export function integrationName(part: Pick<StatusPart, 'id' | 'name' | 'role'>): string {
  const name = part.name ?? part.id;
  if (part.role === 'sms') return `SMS codes through ${name}`;
  if (part.role === 'voice') return `Voice-call codes through ${name}`;
  const hook = HOOK_WORDS[part.role ?? 'other'];
  return part.name !== undefined ? `The ${hook} "${part.name}"` : `The ${hook} ${part.id}`;
}

/**
 * Whose failing integration its own sentence tells: the org's; Okta's, the app's and our monitoring's, the owner's
 * sentence.
 */
const TELLS_ITSELF: Readonly<Record<FaultOwner, boolean>> = { okta: false, org: true, probe: false, app: false };

/** What a caller meets while an integration fails, by its role; `{name}` its name. */

const FAILING: Readonly<Record<IntegrationRole, string>> = {
  registration:
    'People cannot sign up: {name}, which Okta calls at every sign-up, is failing because of a setting on our ' +
    'side; IT is on it. Ask the caller to try again later.',
  'password-import':
    'People whose password Okta still checks with our old system cannot sign in: {name} is failing because of a ' +
    'setting on our side; IT is on it. Ask the caller to try again later.',
  token:
    'People can sign in, but some apps may not give them the access they expect: {name}, which adds details to ' +
    'their sign-in, is failing because of a setting on our side; IT is on it.',
  saml:
    'People can sign in, but some SAML apps may not give them the access they expect: {name}, which adds details ' +
    'to their sign-in, is failing because of a setting on our side; IT is on it.',
  'user-import':
    'New or changed accounts imported into Okta may be late or wrong: {name} is failing because of a setting on ' +
    'our side; IT is on it.',
  telephony:
    'SMS and voice codes may be late: {name} is failing, so Okta falls back to its own providers; IT is on it. ' +
    'Ask the caller to wait a minute, or use another way in if they have one.',
  other: '{name} is failing because of a setting on our side; IT is on it. Ask the caller what they see.',
  sms:
    'People may not receive SMS codes: many sent through {name} did not arrive in the last hour; IT is on it. ' +
    'Ask the caller to use another way in, such as Okta Verify, if they have one.',
  voice:
    'People may not receive voice-call codes: many calls through {name} failed in the last hour; IT is on it. ' +
    'Ask the caller to use another way in, such as Okta Verify, if they have one.',
};

/** The check's window in words. */
const MINUTES = INTEGRATION_HEALTH.windowMinutes;
const SPAN = MINUTES === 60 ? 'hour' : `${MINUTES} minutes`;
const WINDOW = `the last ${SPAN}`;

/**
 * The sentence for an integration in its state, or undefined to let the owner's sentence speak (a failure that is not
 * the org's: our monitoring's, or Okta's).
 */
export function integrationSentence(
  part: Pick<StatusPart, 'id' | 'name' | 'role' | 'state' | 'fault'> & Partial<Pick<StatusPart, 'checkedAt'>>,
): string | undefined {
  const name = integrationName(part);
  if (part.state === 'failing' && part.fault !== undefined && TELLS_ITSELF[part.fault.owner]) {
    const sentence = FAILING[part.role ?? 'other'];
    // A provider is named as Okta names it ("through TWILIO"); a hook by what it is, lower-case mid-sentence.
    const phone = part.role === 'sms' || part.role === 'voice';
    const inner = phone ? (part.name ?? part.id) : name.startsWith('The ') ? `the ${name.slice(4)}` : name;
    // A replacer function: a name holding `$&` is put in as written.
    return sentence.replace('{name}', () => (sentence.startsWith('{name}') ? name : inner));
  }
  // When: a hook quiet since keeps what its last call showed, never told as now.
  if (part.state === 'ok')
    return part.checkedAt === undefined
      ? `${name}: no problem found in ${WINDOW}.`
      : `${name}: no problem found in the ${SPAN} to ${minuteOf(part.checkedAt)}.`;
  if (part.state === 'unknown' && part.fault === undefined)
    return (
      `${name}: nothing seen of it in ${WINDOW}, or the System Log could not be read, so this page cannot say ` +
      'whether it works: ask the caller what they see.'
    );
  return undefined;
}
