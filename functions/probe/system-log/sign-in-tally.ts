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

/**
 * A tally as JSON, for the per-minute tallies of Okta's Log Streaming (sign-in-stream.ts): each subject's counts, its
 * users (an opaque id: the aggregator's hash of Okta's user id) with [failures, succeeded 0/1], its reasons. Merging
 * the minutes' snapshots of a window gives the tally the records of that window would have given.
 */
export interface TallySnapshot {
  readonly ignored: number;
  readonly dropped: number;
  readonly subjects: readonly SubjectSnapshot[];
}

interface SubjectSnapshot {
  readonly subject: SignInSubject;
  readonly id: string;
  readonly label: string;
  readonly attempts: number;
  readonly failures: number;
  readonly users: readonly (readonly [string, number, 0 | 1])[];
  readonly reasons: readonly (readonly [FailureKind, string, number])[];
}

const SUBJECTS: ReadonlySet<string> = new Set(['app', 'okta', 'factor', 'idp']);
const KINDS: ReadonlySet<string> = new Set(['policy', 'network zone', 'idp', 'mfa', 'directory', 'other']);
/**
 * The most events one stored part counts: a minute of an org's stream is far fewer, and a window's sum of parts at
 * this size still counts exactly. A part past it was not written by the aggregator.
 */
const MOST_IN_A_PART = 100_000_000;
const count = (value: unknown): number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MOST_IN_A_PART ? value : 0;
/** A count of a stored part as the aggregator writes it, else undefined (the part's subject is then refused). */
const counted = (value: unknown): number | undefined =>
  Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MOST_IN_A_PART
    ? (value as number)
    : undefined;
const short = (value: unknown, max = 200): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined;

/** One subject of a stored snapshot, checked: a table a person or another version wrote is hostile input. */
function readSubject(raw: unknown): SubjectSnapshot | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const id = short(r.id);
  if (typeof r.subject !== 'string' || !SUBJECTS.has(r.subject) || id === undefined) return undefined;
  const users = (Array.isArray(r.users) ? r.users.slice(0, MAX_USERS_PER_SUBJECT) : []).flatMap((u: unknown) => {
    if (!Array.isArray(u)) return [];
    const user = short(u[0], 64);
    return user === undefined ? [] : [[user, count(u[1]), u[2] === 1 ? 1 : 0] as const];
  });
  const reasons = (Array.isArray(r.reasons) ? r.reasons.slice(0, MAX_REASONS) : []).flatMap((x: unknown) => {
    if (!Array.isArray(x) || typeof x[0] !== 'string' || !KINDS.has(x[0])) return [];
    const reason = short(x[1]);
    return reason === undefined ? [] : [[x[0] as FailureKind, reason, count(x[2])] as const];
  });
  const subject = r.subject as SignInSubject;
  const attempts = counted(r.attempts);
  const failures = counted(r.failures);
  // Counted as the aggregator counts them: no more failures than attempts, nor any reason's than the subject's (a
  // subject split by users keeps its counts and reasons in its first part, so a user's are not compared). A part that
  // says otherwise was forged or torn, and would judge a failure rate past 100%.
  if (attempts === undefined || failures === undefined || failures > attempts) return undefined;
  if (reasons.some(([, , n]) => n > failures)) return undefined;
  return { subject, id, label: short(r.label) ?? id, attempts, failures, users, reasons };
}

/** Counts records into subjects; `judge` reads them. Bounded: see MAX_SUBJECTS and MAX_USERS_PER_SUBJECT. */
export class SignInTally {
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

  /** The tally as JSON (TallySnapshot). */
  snapshot(): TallySnapshot {
    return {
      ignored: this.ignored,
      dropped: this.dropped,
      subjects: [...this.subjects.values()].map((t) => ({
        subject: t.subject,
        id: t.id,
        label: t.label,
        attempts: t.attempts,
        failures: t.failures,
        users: [...t.users].map(([user, u]) => [user, u.failures, u.succeeded ? 1 : 0] as const),
        reasons: [...t.reasons.values()].map((r) => [r.kind, r.reason, r.count] as const),
      })),
    };
  }

  /** Adds a stored snapshot (checked, bounded as records are): what is not a snapshot adds nothing. */
  merge(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) return;
    const r = raw as Record<string, unknown>;
    this.ignored += count(r.ignored);
    this.dropped += count(r.dropped);
    for (const item of Array.isArray(r.subjects) ? r.subjects.slice(0, MAX_SUBJECTS) : []) {
      const snap = readSubject(item);
      if (snap !== undefined) this.mergeSubject(snap);
    }
  }

  private mergeSubject(snap: SubjectSnapshot): void {
    const key = `${snap.subject}\u0000${snap.id}`;
    let tally = this.subjects.get(key);
    if (tally === undefined) {
      if (this.subjects.size >= MAX_SUBJECTS) {
        this.dropped += snap.attempts;
        return;
      }
      tally = new SubjectTally(snap.subject, snap.id, snap.label);
      this.subjects.set(key, tally);
    }
    tally.attempts += snap.attempts;
    tally.failures += snap.failures;
    const people = snap.subject === 'app' || snap.subject === 'okta';
    for (const [user, failures, succeeded] of snap.users) {
      mergeUser(tally.users, user, failures, succeeded === 1);
      if (people) mergeUser(this.allUsers, user, failures, succeeded === 1);
    }
    for (const [kind, reason, n] of snap.reasons) {
      const known = tally.reasons.get(`${kind}\u0000${reason}`);
      if (known !== undefined) known.count += n;
      else if (tally.reasons.size < MAX_REASONS)
        tally.reasons.set(`${kind}\u0000${reason}`, { kind, reason, count: n });
    }
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

function mergeUser(users: Map<string, UserTally>, user: string, failures: number, succeeded: boolean): void {
  let known = users.get(user);
  if (known === undefined) {
    if (users.size >= MAX_USERS_PER_SUBJECT) return;
    known = { failures: 0, succeeded: false };
    users.set(user, known);
  }
  known.failures += failures;
  known.succeeded ||= succeeded;
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
