// The one line a probe run leaves behind: written by the Lambda to its log group and by `run --history DIR` to a
// local file, read back by the availability report, the dashboard and the alarm notifier. One builder, so the
// deployed and the local history cannot drift. Every text field is scrubbed of the run's secrets.
import {
  RUN_LINE_INTEGRATIONS_MAX,
  RUN_LINE_PROVISIONING_MAX,
  RUN_LINE_SIGN_IN_CHARS,
  RUN_LOG_MESSAGE,
  STATUS_SERVER,
  type ProbeInvocationResult,
  type RunLogCoverage,
  type RunLogFailure,
  type RunLogIntegration,
  type RunLogLine,
  type RunLogProvisioning,
  type RunLogProvisioningApp,
  type RunLogProvisioningHealth,
  type RunLogServer,
} from '../contract';
import { AVAILABILITY_CHECKS, checkRow, RUN_LINE_LATENCY_CHECKS } from '../plan/check-table';
import { MOST_FAILURES } from './run-line-shape';
import { redact } from '../text/redact';
import { terminalSafe } from '../text/terminal';
import { requestIdIn } from '../text/request-id';
import { countResults, diagnosesOf, isHealthy, outcomeOf, type ResultCounts } from '../probe/results';
import type { CheckItem, CheckResult, Report } from '../types';

export type RunSummary = ResultCounts;

/** What a run line says besides the report itself. */
interface RunLineFacts {
  /** Values to scrub from every text (the run's credentials). */
  readonly secrets?: readonly string[];
  /** Servers waiting for their credential: not probed, never counted up or down. */
  readonly pending?: readonly string[];
  /** How the metrics went out; the CLI publishes none. */
  readonly metrics?: RunLogLine['metrics'];
  /** The operator's maintenance window, when open. */
  readonly maintenance?: { readonly until: string; readonly reason: string };
  /** Why a maintenance parameter was not honoured. */
  readonly maintenanceIgnored?: string;
  /** First run of a Lambda sandbox: its init work, ms. */
  readonly initMs?: number;
  /** Checks (`server/check`) whose failing datapoint a maintenance window withheld. */
  readonly withheld?: ReadonlySet<string>;
  /** Page checks (`server/check`) whose pass was held back because they are flapping (probe/flap.ts). */
  readonly flapping?: ReadonlySet<string>;
  /** What a limited run (`run --server`, `--check`) covered; absent for a full run. */
  readonly covered?: RunLogCoverage;
  /** Each failed check's (`server/check`) sanitized HTTP trace, where it was kept (`s3://bucket/key`). */
  readonly hars?: ReadonlyMap<string, string>;
}

/** Servers whose credential is not configured yet (the stack's placeholder secret): N/A until it is put. */
export function pendingServers(credentials: ReadonlyMap<string, { readonly kind: string }>): string[] {
  return [...credentials].filter(([, credential]) => credential.kind === 'not-configured').map(([server]) => server);
}

/** The checks the run skipped (`server/check`), at most MOST_FAILURES as the parser bounds them; nothing when none. */
function skippedField(report: Report): Pick<RunLogLine, 'skippedChecks'> {
  const skipped = report.checks.filter((check) => check.status === 'skip').map((c) => `${c.server}/${c.check}`);
  return skipped.length > 0 ? { skippedChecks: [...new Set(skipped)].slice(0, MOST_FAILURES) } : {};
}

/**
 * The checks (`server/check`) whose every verdict this run repeated an earlier run's (a group of SAML apps whose
 * journey opened no session): what they speak for was last known then, not now.
 */
function carriedField(report: Report): Pick<RunLogLine, 'carriedChecks'> {
  const key = (c: CheckResult): string => `${c.server}/${c.check}`;
  const fresh = new Set(report.checks.filter((c) => c.carried === undefined).map(key));
  const carried = report.checks.filter((c) => c.carried !== undefined && !fresh.has(key(c))).map(key);
  return carried.length > 0 ? { carriedChecks: [...new Set(carried)].slice(0, MOST_FAILURES) } : {};
}

/** Counted as the CLI counts: a check that does not apply by design (N/A) passed. */
export function summarize(report: Report): RunSummary {
  return countResults(report.checks);
}

/**
 * What the probe's invocation returns: the counts, and each check's verdict (no detail: the run line has it, scrubbed).
 */
export function invocationResult(report: Report): ProbeInvocationResult {
  return {
    ...summarize(report),
    checks: report.checks.map((check) => ({
      server: check.server,
      check: check.check,
      outcome: outcomeOf(check),
      ...(check.diagnosis !== null ? { code: check.diagnosis.code } : {}),
      ...(check.carried !== undefined ? { carried: true as const } : {}),
    })),
  };
}

/**
 * Each server (and sign-in journey) of the run, up when none of its availability checks failed, with its latency; a
 * journey's sign-in measured this run with how it signed in. `scrub` clears the text Okta's words reach: required, so
 * that no caller gets the steps' text unscrubbed by leaving it out.
 */
export function runServers(
  report: Report,
  pending: readonly string[],
  scrub: (text: string) => string,
): RunLogServer[] {
  const byServer = new Map<
    string,
    { up: 0 | 1; ms: number | null; fresh: number; carried: number; signIn?: Pick<RunLogServer, 'via' | 'steps'> }
  >();
  for (const check of report.checks) {
    // The status feed is not an authorization server: its check is in the failures, not in the availability. Nor is a
    // group of SAML apps one target that is up or down: its apps' verdicts, fresh or carried, are counted
    // in its metrics and each failing app is a failure, but no run counts it "up".
    if (
      pending.includes(check.server) ||
      check.server === STATUS_SERVER ||
      checkRow(check.check).target === 'saml-group'
    )
      continue;
    const entry = byServer.get(check.server) ?? { up: 1, ms: null, fresh: 0, carried: 0 };
    if (AVAILABILITY_CHECKS.includes(check.check) && !isHealthy(check)) entry.up = 0;
    if (AVAILABILITY_CHECKS.includes(check.check)) entry[check.carried !== undefined ? 'carried' : 'fresh'] += 1;
    // The request people wait on (the registry's runLineLatency): a server's token request, a journey's sign-in.
    if (RUN_LINE_LATENCY_CHECKS.includes(check.check) && check.latencyMs !== null)
      entry.ms = Math.round(check.latencyMs);
    if (RUN_LINE_LATENCY_CHECKS.includes(check.check) && check.carried === undefined)
      entry.signIn = signInOf(check, scrub);
    byServer.set(check.server, entry);
  }
  // Carried: every availability verdict of the server is an earlier run's. Said, so that no reader counts it fresh.
  return [...byServer].map(([id, { up, ms, fresh, carried, signIn }]) => ({
    id,
    up,
    ms,
    ...(carried > 0 && fresh === 0 && { carried: 1 as const }),
    ...signIn,
  }));
}

/**
 * A journey's sign-in as the run line keeps it, bounded (RUN_LINE_SIGN_IN_CHARS): the authenticators it answered
 * with, and its steps by their first word with their times ("authn 175, authorize 125, token 8"). Nothing for a
 * check that told neither (a server's token check).
 */
function signInOf(check: CheckResult, scrub: (text: string) => string): Pick<RunLogServer, 'via' | 'steps'> {
  const { authenticators, stepTimes } = check.observed ?? {};
  // One line each: the line breaks and tabs the scrubber keeps are spaces here.
  const flat = (text: string): string => scrub(text).replace(/\s+/g, ' ');
  // Each step scrubbed on its own: the scrubber cuts a text at 500 characters, which a long journey's whole timeline
  // passes while its compact form still fits.
  const steps =
    typeof stepTimes === 'string'
      ? stepTimes
          .split(' > ')
          .map((step) => flat(step).replace(/^(\S+).* (\d+) ms$/, '$1 $2'))
          .join(', ')
      : undefined;
  return {
    ...(typeof authenticators === 'string' && { via: bounded(flat(authenticators), RUN_LINE_SIGN_IN_CHARS.via) }),
    ...(steps !== undefined && { steps: bounded(steps, RUN_LINE_SIGN_IN_CHARS.steps) }),
  };
}

function bounded(text: string, most: number): string {
  return text.length <= most ? text : `${text.slice(0, most - 1)}…`;
}

export function runLogLine(report: Report, facts: RunLineFacts = {}): RunLogLine {
  const summary = summarize(report);
  const pending = facts.pending ?? [];
  const metrics = facts.metrics ?? { published: 0, emf: 0 };
  // Okta's text once parsed holds what it escaped in JSON: a terminal escape kept here would drive the terminal of
  // whoever reads the line back (`report`, `status`, a `cat` of the history).
  const scrub = (text: string): string => terminalSafe(redact(text, facts.secrets ?? []));
  // One failure per diagnosis: a check that judged several items lists each that needs action.
  const failures = report.checks.flatMap((check): RunLogFailure[] =>
    diagnosesOf(check).map((diagnosis) => ({
      server: check.server,
      check: check.check,
      ...(diagnosis.item !== undefined ? { item: scrub(diagnosis.item) } : {}),
      code: diagnosis.code,
      summary: scrub(diagnosis.summary),
      remedy: scrub(diagnosis.remedy),
      requestId: requestIdIn(diagnosis.requestId ?? null, facts.secrets ?? []),
      ...(diagnosis.httpStatus !== undefined ? { httpStatus: diagnosis.httpStatus } : {}),
      ...(diagnosis.severity !== undefined ? { severity: diagnosis.severity } : {}),
      ...(diagnosis.detail !== undefined ? { detail: scrub(diagnosis.detail) } : {}),
      ...(diagnosis.systemLog?.reason !== undefined ? { oktaReason: scrub(diagnosis.systemLog.reason) } : {}),
      ...(diagnosis.systemLog?.changes !== undefined ? { changes: diagnosis.systemLog.changes.map(scrub) } : {}),
      ...(facts.withheld?.has(`${check.server}/${check.check}`) === true ? { withheld: 'maintenance' as const } : {}),
      // Carried from an earlier run: the dashboard's tables and the notifier say when it was judged.
      ...(check.carried !== undefined ? { judgedAt: check.carried.judgedAt } : {}),
      ...(facts.hars?.has(`${check.server}/${check.check}`) === true
        ? { har: facts.hars.get(`${check.server}/${check.check}`) ?? '' }
        : {}),
    })),
  );
  return {
    level: metrics.publishError !== undefined ? 'ERROR' : failures.length > 0 || pending.length > 0 ? 'WARN' : 'INFO',
    message: RUN_LOG_MESSAGE,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    // Key import and first signature, before the checks' clocks: large on a cold start, about 0 when warm.
    ...(report.preparationMs !== undefined ? { preparationMs: report.preparationMs } : {}),
    ...(facts.initMs !== undefined ? { initMs: facts.initMs } : {}),
    orgUrl: report.orgUrl,
    ...summary,
    ...(pending.length > 0 ? { pending } : {}),
    failures,
    servers: runServers(report, pending, scrub),
    ...(facts.maintenance !== undefined ? { maintenance: facts.maintenance } : {}),
    ...(facts.maintenanceIgnored !== undefined ? { maintenanceIgnored: scrub(facts.maintenanceIgnored) } : {}),
    ...(facts.flapping !== undefined && facts.flapping.size > 0 ? { flapping: [...facts.flapping] } : {}),
    ...skippedField(report),
    ...carriedField(report),
    ...(facts.covered !== undefined ? { covered: facts.covered } : {}),
    ...provisioningField(report, scrub),
    ...provisioningHealthField(report, scrub),
    ...integrationHealthField(report, scrub),
    metrics: {
      ...metrics,
      ...(metrics.publishError !== undefined ? { publishError: scrub(metrics.publishError) } : {}),
    },
  };
}

/**
 * The SAML apps the run's checks say provision users: a listed app's (the inventory's app-certificates) and a group's
 * discovered apps (its items), each once, the first RUN_LINE_PROVISIONING_MAX named and the rest counted.
 */
function provisioningField(
  report: Report,
  scrub: (text: string) => string,
): { provisioning?: NonNullable<RunLogLine['provisioning']> } {
  const all = new Map<string, RunLogProvisioning>();
  for (const check of report.checks) {
    for (const p of check.provisioning ?? [])
      all.set(`listed:${p.listed}`, { app: p.app, listed: p.listed, features: p.features });
    for (const item of check.items ?? [])
      if (item.provisions !== undefined && item.provisions.length > 0)
        all.set(`group:${check.server}:${item.item}`, {
          app: item.item,
          group: check.server,
          features: item.provisions,
        });
  }
  if (all.size === 0) return {};
  const named = [...all.values()].slice(0, RUN_LINE_PROVISIONING_MAX).map((p) => ({
    ...p,
    app: scrub(p.app).slice(0, 120),
    ...(p.listed !== undefined && { listed: p.listed.slice(0, 100) }),
    ...(p.group !== undefined && { group: p.group.slice(0, 100) }),
    features: p.features.slice(0, 4).map((f) => f.slice(0, 40)),
  }));
  const more = all.size - named.length;
  return { provisioning: { apps: named, ...(more > 0 && { more }) } };
}

/** The order apps are named in the run line: failing, with leavers, disabled, then one user's data refused. */
function provisioningRank(item: CheckItem): number | undefined {
  const facts = item.provisioningApp;
  if (item.status === 'fail') return 0;
  if (item.status === 'warn') return 1;
  if (facts?.state === 'connection disabled' || facts?.state === 'app inactive') return 2;
  return (facts?.usersRefused ?? 0) > 0 ? 3 : undefined;
}

/**
 * The provisioning-health check's totals and the apps an admin would want named (failing, with open leavers,
 * disabled, or with one user's data refused), as fields: each app's label and id, state, cause and figure, never a
 * sentence a reader parses back. The first RUN_LINE_PROVISIONING_MAX are named and the rest counted; absent when the
 * check did not judge.
 */
function provisioningHealthField(
  report: Report,
  scrub: (text: string) => string,
): { provisioningHealth?: RunLogProvisioningHealth } {
  const check = report.checks.find((c) => c.check === 'provisioning-health');
  const observed = check?.observed;
  if (check === undefined || typeof observed?.appsFailing !== 'number' || typeof observed.openLeavers !== 'number')
    return {};
  const named = (check.items ?? [])
    .flatMap((item) => {
      const rank = provisioningRank(item);
      return rank === undefined || item.provisioningApp === undefined
        ? []
        : [{ item, rank, facts: item.provisioningApp }];
    })
    .sort((a, b) => a.rank - b.rank);
  const apps = named.slice(0, RUN_LINE_PROVISIONING_MAX).map(
    ({ item: i, facts }): RunLogProvisioningApp => ({
      ...facts,
      label: scrub(facts.label)
        .replace(/[\r\n]+/g, ' ')
        .slice(0, 120),
      status: i.status === 'fail' || i.status === 'warn' || i.status === 'pass' ? i.status : 'n/a',
      ...(i.code !== undefined && { code: i.code }),
      ...(i.openLeavers !== undefined && { openLeavers: i.openLeavers }),
      ...(i.oldestLeaverHours !== undefined && { oldestLeaverHours: i.oldestLeaverHours }),
    }),
  );
  const more = named.length - apps.length;
  const totals = (key: string): { [key: string]: number } =>
    typeof observed[key] === 'number' ? { [key]: observed[key] } : {};
  return {
    provisioningHealth: {
      appsFailing: observed.appsFailing,
      openLeavers: observed.openLeavers,
      ...totals('appsNotSeen'),
      ...totals('appsDisabled'),
      apps,
      ...(more > 0 && { more }),
    },
  };
}

/**
 * The integration-health check's hooks and telephony providers as fields (id, role, Okta's name, status, code), for
 * the status page: failing first, the first RUN_LINE_INTEGRATIONS_MAX named and the rest counted; absent when the
 * check judged none this run (not run, or the System Log not read).
 */
function integrationHealthField(
  report: Report,
  scrub: (text: string) => string,
): { integrationHealth?: NonNullable<RunLogLine['integrationHealth']> } {
  const check = report.checks.find((c) => c.check === 'integration-health');
  const judged = (check?.items ?? []).flatMap((item) =>
    item.integration === undefined ||
    !(item.status === 'fail' || item.status === 'warn' || item.status === 'pass' || item.status === 'n/a')
      ? []
      : [{ ...item.integration, status: item.status, ...(item.code !== undefined && { code: item.code }) }],
  );
  if (judged.length === 0) return {};
  const rank = (status: RunLogIntegration['status']): number => ['fail', 'warn', 'pass', 'n/a'].indexOf(status);
  const parts = [...judged]
    .sort((a, b) => rank(a.status) - rank(b.status))
    .slice(0, RUN_LINE_INTEGRATIONS_MAX)
    .map(
      (part): RunLogIntegration => ({
        ...part,
        ...(part.name !== undefined && {
          name: scrub(part.name)
            .replace(/[\r\n]+/g, ' ')
            .slice(0, 120),
        }),
      }),
    );
  const more = judged.length - parts.length;
  return { integrationHealth: { parts, ...(more > 0 && { more }) } };
}

/**
 * A journey's sign-in as a run line typically keeps it (signInOf): a password and TOTP journey's authenticators and
 * six steps. A passkey's is shorter; the most the line keeps is RUN_LINE_SIGN_IN_CHARS.
 */
const TYPICAL_SIGN_IN = {
  via: 'password + Google Authenticator',
  steps: 'interact 95, introspect 61, identify 120, password 210, google 180, token 90',
} as const;

/**
 * Bytes the `servers` field adds to a run line (a 4-digit latency each): for the cost estimate. A journey's entry
 * also names its authenticators and steps, counted as measured every run (a carried run names neither: an upper
 * bound for a journey with everyMinutes).
 */
export function serversFieldBytes(ids: readonly string[], journeys: readonly string[] = []): number {
  const entries: RunLogServer[] = [
    ...ids.map((id): RunLogServer => ({ id, up: 1, ms: 1000 })),
    ...journeys.map((id): RunLogServer => ({ id, up: 1, ms: 1000, ...TYPICAL_SIGN_IN })),
  ];
  return JSON.stringify({ servers: entries }).length - 1;
}
