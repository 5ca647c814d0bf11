// Real users' sign-ins counted per thing signed in to (each app, Okta itself, each factor, each federated IdP) and
// judged over distinct users: one user hammering a wrong password is one user, whatever the count of their failures.
// A user "fails" who tried and never got in during the window; one who mistyped and then signed in did not. Pure,
// bounded in memory whatever the input (MAX_SUBJECTS, MAX_USERS_PER_SUBJECT, MAX_REASONS). No network.
import type { FailureKind, SignInRecord, SignInSubject } from './sign-in-events';

/** The settings a judgement reads (the config's userSignIns, each with its default). */
export interface SignInThresholds {
  /** Sign-ins (events) below which a subject is "not enough data", never a failure. */
  readonly minEvents: number;
  /** Fraction of distinct users who could not sign in at or above which a subject fails. */
  readonly failureRate: number;
}

/** Distinct users below which no rate is judged, however many events: five people are not "people". */
const MIN_USERS = 5;
/** Users who could not sign in below which a subject never fails: two people locked out are two help-desk calls. */
const MIN_FAILING_USERS = 3;
/** One user's failures from which the check warns of that user (never of the app): a script, a lost password. */
export const HAMMER_FAILURES = 20;

// Bounds against hostile or huge input: a window of a million events keeps at most this much.
const MAX_SUBJECTS = 500;
const MAX_USERS_PER_SUBJECT = 50_000;
const MAX_REASONS = 20;

interface UserTally {
  failures: number;
  succeeded: boolean;
}

/** One subject's counts. */
class SubjectTally {
  attempts = 0;
  failures = 0;
  /** Users beyond MAX_USERS_PER_SUBJECT are counted in attempts only. */
  readonly users = new Map<string, UserTally>();
  readonly reasons = new Map<string, { kind: FailureKind; reason: string; count: number }>();
  constructor(
    readonly subject: SignInSubject,
    readonly id: string,
    public label: string,
  ) {}

  add(record: SignInRecord): void {
    this.attempts += 1;
    let user = this.users.get(record.user);
    if (user === undefined && this.users.size < MAX_USERS_PER_SUBJECT) {
      user = { failures: 0, succeeded: false };
      this.users.set(record.user, user);
    }
    if (record.ok) {
      if (user !== undefined) user.succeeded = true;
      return;
    }
    this.failures += 1;
    if (user !== undefined) user.failures += 1;
    const failure = record.failure ?? { kind: 'other' as const, reason: 'FAILURE' };
    const key = `${failure.kind}\u0000${failure.reason}`;
    const known = this.reasons.get(key);
    if (known !== undefined) known.count += 1;
    else if (this.reasons.size < MAX_REASONS) this.reasons.set(key, { ...failure, count: 1 });
  }
}

/** A failure reason with its count, classified. */
interface ReasonCount {
  readonly kind: FailureKind;
  readonly reason: string;
  readonly count: number;
}

/** One subject judged. */
export interface SubjectHealth {
  readonly subject: SignInSubject;
  readonly id: string;
  readonly label: string;
  readonly signIns: number;
  readonly failures: number;
  readonly users: number;
  /** Users who tried and never got in during the window. */
  readonly failingUsers: number;
  /** failingUsers / users; null when there are no users. */
  readonly failureRate: number | null;
  /** The commonest reasons first, at most three. */
  readonly topReasons: readonly ReasonCount[];
  /** The most failures of one user, when it is HAMMER_FAILURES or more. */
  readonly hammering?: number;
  readonly verdict: 'failing' | 'healthy' | 'not enough data';
}

/** The window's sign-ins judged: each subject, and the totals the metrics publish. */
export interface SignInHealth {
  readonly subjects: readonly SubjectHealth[];
  /** Sign-ins to apps and to Okta (factor and IdP steps are parts of those). */
  readonly signIns: number;
  /** Failing distinct users / distinct users over apps and Okta; null with no users. */
  readonly failureRate: number | null;
  readonly failing: number;
  /** Events read that are no sign-in this check counts (other types, no user, excluded users). */
  readonly ignored: number;
  /** Subjects past MAX_SUBJECTS: counted in nothing, said in the result. */
  readonly dropped: number;
}

/** Counts records into subjects; `judge` reads them. Bounded: see MAX_SUBJECTS and MAX_USERS_PER_SUBJECT. */
class SignInTally {
  private readonly subjects = new Map<string, SubjectTally>();
  private readonly allUsers = new Map<string, UserTally>();
  ignored = 0;
  dropped = 0;

  add(record: SignInRecord | undefined): void {
    if (record === undefined) {
      this.ignored += 1;
      return;
    }
    const key = `${record.subject}\u0000${record.id}`;
    let tally = this.subjects.get(key);
    if (tally === undefined) {
      if (this.subjects.size >= MAX_SUBJECTS) {
        this.dropped += 1;
        return;
      }
      tally = new SubjectTally(record.subject, record.id, record.label);
      this.subjects.set(key, tally);
    }
    tally.add(record);
    if (record.subject === 'app' || record.subject === 'okta') this.countUser(record);
  }

  private countUser(record: SignInRecord): void {
    let user = this.allUsers.get(record.user);
    if (user === undefined) {
      if (this.allUsers.size >= MAX_USERS_PER_SUBJECT) return;
      user = { failures: 0, succeeded: false };
      this.allUsers.set(record.user, user);
    }
    if (record.ok) user.succeeded = true;
    else user.failures += 1;
  }

  judge(thresholds: SignInThresholds): SignInHealth {
    const subjects = [...this.subjects.values()].map((t) => judgeSubject(t, thresholds));
    const counted = [...this.subjects.values()].filter((t) => t.subject === 'app' || t.subject === 'okta');
    return {
      subjects: subjects.sort(bySeverity),
      signIns: counted.reduce((sum, t) => sum + t.attempts, 0),
      failureRate: rateOf(this.allUsers),
      failing: subjects.filter((s) => s.verdict === 'failing').length,
      ignored: this.ignored,
      dropped: this.dropped,
    };
  }
}

const ORDER = { failing: 0, healthy: 1, 'not enough data': 2 } as const;
const bySeverity = (a: SubjectHealth, b: SubjectHealth): number =>
  ORDER[a.verdict] - ORDER[b.verdict] || b.signIns - a.signIns || a.label.localeCompare(b.label);

function rateOf(users: ReadonlyMap<string, UserTally>): number | null {
  if (users.size === 0) return null;
  let failing = 0;
  for (const user of users.values()) if (user.failures > 0 && !user.succeeded) failing += 1;
  return failing / users.size;
}

function judgeSubject(tally: SubjectTally, thresholds: SignInThresholds): SubjectHealth {
  let failingUsers = 0;
  let most = 0;
  for (const user of tally.users.values()) {
    if (user.failures > 0 && !user.succeeded) failingUsers += 1;
    most = Math.max(most, user.failures);
  }
  const users = tally.users.size;
  const failureRate = users === 0 ? null : failingUsers / users;
  const judged = tally.attempts >= thresholds.minEvents && users >= MIN_USERS;
  const failing = judged && failingUsers >= MIN_FAILING_USERS && (failureRate ?? 0) >= thresholds.failureRate;
  return {
    subject: tally.subject,
    id: tally.id,
    label: tally.label,
    signIns: tally.attempts,
    failures: tally.failures,
    users,
    failingUsers,
    failureRate,
    topReasons: [...tally.reasons.values()].sort((a, b) => b.count - a.count).slice(0, 3),
    ...(most >= HAMMER_FAILURES && { hammering: most }),
    verdict: failing ? 'failing' : judged ? 'healthy' : 'not enough data',
  };
}

/** Counts `records` (undefined: an event that is no sign-in) and judges them: the whole aggregation in one call. */
export function signInHealth(records: Iterable<SignInRecord | undefined>, thresholds: SignInThresholds): SignInHealth {
  const tally = new SignInTally();
  for (const record of records) tally.add(record);
  return tally.judge(thresholds);
}
