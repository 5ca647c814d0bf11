// The probe's per-run log line: one JSON object per run, written by the Lambda handler
// (functions/lambda/probe.ts) and read by the dashboard's Logs Insights query (lib/dashboard.ts) and by the
// alarm notifier. Every text field is redacted before it is written: never a token, a key or a secret.
import type { DiagnosisCode } from './diagnosis-codes';
import type { CheckName, Severity } from './names';

/** The `message` of every run line, to tell it from EMF and other lines in the log group. */
export const RUN_LOG_MESSAGE = 'okta-synthetics run';
/**
 * The message of the deployed Preview run's own log line (functions/lambda/preview-run.ts): never a run line, so the
 * availability report, the notifier and the status page never read a Preview run as Production's.
 */
export const PREVIEW_LOG_MESSAGE = 'okta-synthetics preview run';

/** One diagnosis of a failing check of a run: a check that judged several items has one per item that needs action. */
export interface RunLogFailure {
  /** Server id from the configuration (`default`, `org`, ..., `okta` for the status feed). */
  readonly server: string;
  readonly check: CheckName;
  /** The item it is about, when the check judges several (a token, an app's certificate, a stream): a failure each. */
  readonly item?: string;
  readonly code: DiagnosisCode;
  readonly summary: string;
  readonly remedy: string;
  /** Okta's X-Okta-Request-Id of the failing answer; null when there was no answer. */
  readonly requestId: string | null;
  readonly httpStatus?: number;
  /** What was observed in this run, redacted (e.g. "aud was api://payments, expected api://default"). */
  readonly detail?: string;
  /** Okta's System Log on this failure: its reason for the request, redacted. */
  readonly oktaReason?: string;
  /** Admin changes touching the server before it began failing, phrased, newest first. */
  readonly changes?: readonly string[];
  /** Its failing datapoint was not published: a maintenance window was open and it feeds a muted page alarm. */
  readonly withheld?: 'maintenance';
  /** The failure is an earlier run's, carried because its check was not due: when it was judged, ISO 8601. */
  readonly judgedAt?: string;
  /** Where this run's sanitized HTTP trace of the check is kept: `s3://bucket/key` (deployed with a trace bucket). */
  readonly har?: string;
  /** Whom it wakes where the code's registry row does not fix it: the judge's, or a server setting's (Diagnosis). */
  readonly severity?: Severity;
}

/** One server probed in a run, for the availability report and the dashboard's availability table. */
export interface RunLogServer {
  readonly id: string;
  /**
   * 1 when none of its availability checks (AVAILABILITY_CHECKS, functions/plan/check-table.ts) failed, 0 otherwise
   * (numeric, so Logs Insights can average it).
   */
  readonly up: 0 | 1;
  /** Latency of its token request (a journey: its sign-in), ms; null when none was made. */
  readonly ms: number | null;
  /**
   * 1 when its availability checks' verdicts are all carried from an earlier run (a journey between its runs, its SAML
   * apps): `up` then repeats that run's, and the availability report counts the minutes neither up nor down.
   */
  readonly carried?: 1;
  /**
   * A journey's sign-in, measured in this run: the authenticators it answered Okta with ("password + Google
   * Authenticator", "passkey"), at most RUN_LINE_SIGN_IN_CHARS.via characters. The dashboard counts runs by it, so a
   * journey moved to a passkey shows any run still signing in the old way.
   */
  readonly via?: string;
  /** Its steps with their times, ms ("interact 95, introspect 61, password 210, token 90"), at most `.steps`. */
  readonly steps?: string;
}

/** The most a run line keeps of a journey's sign-in (RunLogServer): the line is kept 400 days and scanned. */
export const RUN_LINE_SIGN_IN_CHARS = { via: 80, steps: 240 } as const;

/**
 * A SAML app Okta's app listing says provisions users (Provisioning > To App > Create Users): the synthetic user
 * assigned to it has a real account in the SP. Names and ids only.
 */
export interface RunLogProvisioning {
  /** Okta's label and app id, as reports name an app: "Salesforce (0oa...)". */
  readonly app: string;
  /** The samlApps[] id that lists it, for a listed app (found in the inventory's app listing). */
  readonly listed?: string;
  /** The samlGroups[] id that discovered it, for a discovered app. */
  readonly group?: string;
  /** Its provisioning features (PUSH_NEW_USERS, PUSH_PENDING_USERS). */
  readonly features: readonly string[];
}

/** At most this many apps that provision users are named in a run line; the rest are counted (`more`). */
export const RUN_LINE_PROVISIONING_MAX = 10;

/** What the provisioning-health check says of one app, in the report's words. */
export type ProvisioningAppState =
  | 'works'
  | 'failing'
  | 'connection disabled'
  | 'app inactive'
  | 'no provisioning seen';

/**
 * One app as the provisioning-health check judged it, as fields (its report item, `--json` and the run line carry
 * them; no reader parses a sentence back): Okta's label and id, its state and cause, and the figure behind them. A
 * user is never in it: one user's data refused is a count.
 */
export interface ProvisioningAppFacts {
  /** Okta's label of the app, one line. */
  readonly label: string;
  /** Okta's app id. */
  readonly id: string;
  readonly state: ProvisioningAppState;
  /** A failing app's cause, its reason class ("credential", "unreachable", "app_rate_limit", ...). */
  readonly cause?: string;
  /** Okta's calls to the app in the judged window, succeeded or not: account pushes and deactivations. */
  readonly pushes: number;
  readonly deactivations: number;
  /** Distinct users whose own data the app refused in the window without failing it: counted, never named. */
  readonly usersRefused?: number;
}

/**
 * One app of the provisioning-health check in a run line: failing, with leavers who may keep an account, its
 * connection or the app disabled, or working with one user's data refused. Named by Okta's label and id only; its
 * leavers and refused users are counted, never named (no login, user id or reason text is kept to name them with).
 */
export interface RunLogProvisioningApp extends Partial<ProvisioningAppFacts> {
  /** Lines written before the fields: the report's item as text, "Snowflake (0oa...): failing (credential)". */
  readonly app?: string;
  readonly status: 'fail' | 'warn' | 'pass' | 'n/a';
  /** The finding's diagnosis code: the cause (PROVISIONING_CREDENTIAL_FAILED), or its leavers'. */
  readonly code?: string;
  readonly openLeavers?: number;
  readonly oldestLeaverHours?: number;
}

/** The most a run line keeps of the provisioning-health check: totals, and the first apps that need an admin. */
export interface RunLogProvisioningHealth {
  readonly appsFailing: number;
  readonly openLeavers: number;
  /** Apps Okta pushes to with no call to them seen succeeding in the judged window ("no provisioning seen"). */
  readonly appsNotSeen?: number;
  /** Apps whose provisioning connection, or the app itself, is disabled. */
  readonly appsDisabled?: number;
  /**
   * The first RUN_LINE_PROVISIONING_MAX apps failing, with leavers, disabled, or with one user's data refused, in
   * that order; `more` the rest.
   */
  readonly apps: readonly RunLogProvisioningApp[];
  readonly more?: number;
}

/**
 * What one of the org's integrations is to the people it serves: an inline hook by its type (Okta's hook type as
 * a word), or a telephony provider's channel. The status page tells the help desk each by it ("People cannot sign
 * up", "People may not receive SMS codes").
 */
export const RUN_LINE_INTEGRATION_ROLES = [
  'registration',
  'password-import',
  'token',
  'saml',
  'user-import',
  'telephony',
  'other',
  'sms',
  'voice',
] as const;
export type IntegrationRole = (typeof RUN_LINE_INTEGRATION_ROLES)[number];

/** An integration as the integration-health check names it: fields, never its sentence parsed back. */
export interface IntegrationFacts {
  /** Okta's id of a hook (cal...), or `sms-twilio`, `voice-vonage`: a provider by channel and Okta's name for it. */
  readonly id: string;
  readonly role: IntegrationRole;
  /** The hook's name as Okta lists it, or the provider as Okta names it (TWILIO); one line. */
  readonly name?: string;
  /**
   * An active hook the log was read for and showed no call of in the window: nobody needed it (quiet at night), which
   * is not a hook left unchecked; a hook Okta could not reach shows as failed calls instead.
   */
  readonly quiet?: true;
}

/** One hook or telephony provider in a run line, with what the check found of it in its window. */
export interface RunLogIntegration extends IntegrationFacts {
  /** fail: it pages; warn: it warns; pass: seen working in the window; n/a: nothing to judge it by. */
  readonly status: 'fail' | 'warn' | 'pass' | 'n/a';
  readonly code?: string;
}

/** At most this many hooks and providers are named in a run line (INTEGRATION_HEALTH.maxNamed); the rest counted. */
export const RUN_LINE_INTEGRATIONS_MAX = 20;

/** The servers (and journeys, SAML apps) and checks a limited run covered; a list absent is every one. */
export interface RunLogCoverage {
  readonly servers?: readonly string[];
  readonly checks?: readonly string[];
}

export interface RunLogLine {
  /** ERROR when metrics could not be published, WARN when a check failed, INFO otherwise. */
  readonly level: 'INFO' | 'WARN' | 'ERROR';
  readonly message: typeof RUN_LOG_MESSAGE;
  /** When the run started, ISO 8601: the run's timestamp. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** Key import and first signature before the checks' clocks started, ms: large on a cold start, about 0 when warm. */
  readonly preparationMs?: number;
  /** First run of a sandbox only: the HTTP client's first-use work done at init, before this invocation, ms. */
  readonly initMs?: number;
  /** The Okta org probed, for links to its Admin Console. */
  readonly orgUrl: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /**
   * Servers whose credential is not configured yet (the stack's placeholder secret): N/A, never paging, until it is
   * put.
   */
  readonly pending?: readonly string[];
  readonly failures: readonly RunLogFailure[];
  /** Each server probed (pending ones excluded). Absent from lines written before the availability report. */
  readonly servers?: readonly RunLogServer[];
  /** The operator's maintenance window, when one was open during the run. */
  readonly maintenance?: { readonly until: string; readonly reason: string };
  /** Why the maintenance parameter was not honoured (unreadable, malformed, too far ahead): pages were not silenced. */
  readonly maintenanceIgnored?: string;
  /** Page checks (`server/check`) that passed but are flapping: their pass was held back, so the page stays open. */
  readonly flapping?: readonly string[];
  /**
   * Checks (`server/check`) that did not run this run (one they need failed, another region runs them): what they
   * speak for was not judged, so no reader tells it working. Absent when none was skipped, and from older lines.
   */
  readonly skippedChecks?: readonly string[];
  /**
   * Checks (`server/check`) whose verdicts this run all repeated an earlier run's (carried): what they speak for was
   * judged then, not now. Absent when none was, and from older lines.
   */
  readonly carriedChecks?: readonly string[];
  /**
   * What a limited run covered (`run --server`, `--check`): absent on a full run. The availability report counts
   * only that, so a debug run of one server never turns the others' minutes unknown.
   */
  readonly covered?: RunLogCoverage;
  /**
   * The SAML apps that provision users, listed or discovered: the first RUN_LINE_PROVISIONING_MAX, `more` the rest (an
   * org of hundreds of apps keeps the line small). Absent when none does. A warning, never a failure: `level` is not
   * raised by it.
   */
  readonly provisioning?: { readonly apps: readonly RunLogProvisioning[]; readonly more?: number };
  /**
   * Provisioning to the org's apps (the provisioning-health check): absent without it, or when it did not judge this
   * run. Apps and counts only: a leaver is never named.
   */
  readonly provisioningHealth?: RunLogProvisioningHealth;
  /**
   * The org's hooks and telephony providers as the integration-health check judged them this run (its window): absent
   * without the check, or when it did not read the System Log this run. Ids, roles and Okta's names only.
   */
  readonly integrationHealth?: { readonly parts: readonly RunLogIntegration[]; readonly more?: number };
  readonly metrics: {
    readonly published: number;
    readonly emf: number;
    readonly publishError?: string;
  };
}

/** One check's verdict in what an invocation of the probe returns: `status --invoke` prints each. */
export interface InvocationVerdict {
  readonly server: string;
  readonly check: string;
  /** A failure the registry only warns about is "warn". */
  readonly outcome: 'pass' | 'warn' | 'fail' | 'skip' | 'n/a';
  /** The diagnosis code of a failure. */
  readonly code?: string;
  /** The verdict is an earlier run's, repeated because the check was not due. */
  readonly carried?: true;
}

/**
 * What one invocation of the probe function returns (its Lambda payload): the run's counts and each check's verdict.
 */
export interface ProbeInvocationResult {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly checks: readonly InvocationVerdict[];
}
