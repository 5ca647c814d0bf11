// The user-sign-ins check's verdict on a window of real users' sign-ins: each failing app, factor or federated IdP a
// finding naming it, its rate over distinct users and its commonest reasons; one user's many failures a warning that
// says how many, never a failing app. Per-subject detail goes to the result's items and findings (the report, the run
// line, the notification); only totals are observed, so no user and no app ever becomes a metric dimension. Pure.
import type { DiagnosisCode } from '../../contract';
import type { CheckItem } from '../../types';
import { finding, pass, skip, type Finding, type Judged, type Observed } from '../verdict';
import type { FailureKind } from './sign-in-events';
import type { SignInHealth, SubjectHealth } from './sign-in-tally';

/** How each kind of reason is told: what it is, for the admin who reads the finding. */
const KIND_WORDS: Readonly<Record<FailureKind, string>> = {
  policy: 'sign-on policy DENY',
  'network zone': 'network zone',
  idp: 'federated IdP',
  mfa: 'MFA factor',
  directory: 'username or directory (user not found or not provisioned)',
  other: 'other',
};

const CODES: Readonly<Record<SubjectHealth['subject'], DiagnosisCode>> = {
  app: 'USER_SIGN_INS_APP_FAILING',
  okta: 'USER_SIGN_INS_APP_FAILING',
  factor: 'USER_SIGN_INS_FACTOR_FAILING',
  idp: 'USER_SIGN_INS_IDP_FAILING',
};

const percent = (rate: number | null): string => (rate === null ? 'n/a' : `${(rate * 100).toFixed(1)} %`);

/** "app 'Workday' (0oa1)", "factor OKTA_VERIFY_PUSH", "IdP 'Contoso AD FS'", "Okta sign-in (user.session.start)". */
function subjectName(s: Pick<SubjectHealth, 'subject' | 'id' | 'label'>): string {
  if (s.subject === 'app') return s.label === s.id ? `app ${s.id}` : `app '${s.label}' (${s.id})`;
  if (s.subject === 'factor') return `factor ${s.label}`;
  if (s.subject === 'idp') return `IdP '${s.label}'`;
  return s.label;
}

function reasonsOf(s: SubjectHealth): string {
  if (s.topReasons.length === 0) return '';
  const told = s.topReasons.map((r) => `${KIND_WORDS[r.kind]}: ${r.reason} (${r.count})`).join('; ');
  return `; top reasons: ${told}`;
}

/**
 * "12 of 40 people could not sign in (30.0 %; 55 sign-ins, 20 failed)"; when the window was read in part (a read's
 * page bound cut it short), each figure is a floor and says so: "at least 12 of 40 people ...".
 */
function countsOf(s: SubjectHealth, partial: boolean): string {
  return (
    `${partial ? 'at least ' : ''}${s.failingUsers} of ${s.users} ${s.users === 1 ? 'person' : 'people'} could not ` +
    `sign in (${percent(s.failureRate)}; ${s.signIns} sign-ins, ${s.failures} failed` +
    `${partial ? '; the window was read in part' : ''})`
  );
}

function failingFinding(s: SubjectHealth, rate: number, partial: boolean): Finding {
  return finding(CODES[s.subject], {
    item: subjectName(s),
    detail: `${subjectName(s)}: ${countsOf(s, partial)}, at or above the ${percent(rate)} threshold${reasonsOf(s)}`,
  });
}

function hammerFinding(s: SubjectHealth, partial: boolean): Finding {
  return finding('USER_SIGN_INS_ONE_USER', {
    item: subjectName(s),
    detail:
      `one user failed ${partial ? 'at least ' : ''}${s.hammering ?? 0} times to sign in to ${subjectName(s)} in ` +
      `the window: counted as one person, not as the ${subjectName(s).split(' ')[0] ?? 'app'} failing ` +
      `(${countsOf(s, partial)})${reasonsOf(s)}`,
  });
}

function itemOf(s: SubjectHealth, judgedAt: string, partial: boolean): CheckItem {
  const status = s.verdict === 'failing' ? 'fail' : s.verdict === 'healthy' ? (s.hammering ? 'warn' : 'pass') : 'n/a';
  const what =
    s.verdict === 'not enough data'
      ? `not enough data (${partial ? 'at least ' : ''}${s.signIns} sign-ins, ${s.users} people)`
      : '';
  return {
    item: `${subjectName(s)}: ${what || countsOf(s, partial)}`,
    status,
    ...(s.verdict === 'failing' && { code: CODES[s.subject] }),
    lastChecked: judgedAt,
    carried: false,
  };
}

/** The totals, the only numbers published: no app, factor, IdP or user is a dimension. */
function observedOf(health: SignInHealth, extra: Observed): Observed {
  return {
    signIns: health.signIns,
    failureRatePercent: health.failureRate === null ? null : Math.round(health.failureRate * 1000) / 10,
    failing: health.failing,
    judged: health.subjects.filter((s) => s.verdict !== 'not enough data').length,
    notEnoughData: health.subjects.filter((s) => s.verdict === 'not enough data').length,
    ...extra,
  };
}

/**
 * The verdict: the failing subjects first (an app or Okta's sign-in, then IdPs and factors), then the users hammering
 * one; a pass otherwise, its items saying each subject's counts. Skipped when the log could not be read.
 */
export function judgeSignIns(
  health: SignInHealth | null,
  context: { readonly problem?: string; readonly failureRate: number; readonly judgedAt: number; extra?: Observed },
): Judged {
  if (health === null) return { judgement: skip(`system-log failed: ${context.problem ?? 'not read'}`) };
  const at = new Date(context.judgedAt).toISOString();
  // A read cut short by its page bound (polled or streamed) reports readAll false: its counts are floors.
  const partial = context.extra?.readAll === false;
  const items = health.subjects.map((s) => itemOf(s, at, partial));
  const observed = observedOf(health, context.extra ?? {});
  const findings = [
    ...health.subjects
      .filter((s) => s.verdict === 'failing')
      .map((s) => failingFinding(s, context.failureRate, partial)),
    ...health.subjects
      .filter((s) => s.verdict !== 'failing' && s.hammering !== undefined)
      .map((s) => hammerFinding(s, partial)),
  ];
  const [first, ...also] = findings;
  if (first === undefined) return { judgement: pass(observed), items };
  return { judgement: { diagnosis: first, ...(also.length > 0 && { also }), observed }, items };
}
