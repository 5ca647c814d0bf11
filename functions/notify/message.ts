// The notifier's message, without AWS: from a composite alarm's state change and the probe's recent run lines
// (functions/contract.ts RunLogLine) to a subject and a plain-text body an on-call engineer can act on.
// Pure and never throwing: the handler only fetches the lines and publishes what this returns.
import {
  CHECKS,
  RUN_LOG_MESSAGE,
  type CheckName,
  type RunLogFailure,
  type RunLogLine,
  type Severity,
} from '../contract';
import { API_ANSWER_CODES } from '../diagnosis/registry';
import { parseAlarmName } from '../plan/alarm-names';
import { checkRow } from '../plan/check-table';
import { verdictOf } from '../plan/verdict';
import {
  displayNameOfDescription,
  namedTarget,
  subjectOfDescription,
  TARGET_NOUNS,
  type SubjectKind,
} from '../plan/subject';
import { requestIdOf } from '../text/request-id';
import { redact } from '../text/redact';
import { forChat, forChatInline, forEmail, flatten } from './untrusted';

/** SNS rejects a subject over 100 characters, or with non-ASCII, line breaks or control characters. */
export const MAX_SUBJECT_LENGTH = 100;

/** What the notifier needs of EventBridge's "CloudWatch Alarm State Change" event. */
export interface AlarmChange {
  readonly alarmName: string;
  /** ALARM, OK or INSUFFICIENT_DATA. */
  readonly state: string;
  readonly reason: string;
  /** When the alarm entered `state`, ISO 8601. */
  readonly timestamp: string;
  /** When the alarm entered its previous state, ISO 8601 (how long it was down, on recovery). */
  readonly previousTimestamp?: string;
  /** The alarm's description (its runbook), from the event's configuration. */
  readonly description?: string;
}

/** The reason `okta-synthetics notify-test` gives the alarm it sets: the message says it is a test. */
export const NOTIFY_TEST_REASON = 'okta-synthetics notify-test';

interface MessageInput {
  readonly change: AlarmChange;
  /** The stack's alarm name prefix (composites are named `${prefix}-${server}-${severity}`). */
  readonly prefix: string;
  /** Recent run lines, any order; null when the log group could not be read. */
  readonly runs: readonly RunLogLine[] | null;
  /** Why the logs could not be read (already free of secrets), shown with the fallback. */
  readonly logsError?: string;
  readonly dashboardUrl?: string;
  /** Logs Insights with this server's latest failures (server alarms only). */
  readonly insightsUrl?: (server: string) => string;
  /** The console page of a failure's sanitized HTTP trace (`s3://bucket/key`); undefined: no link. */
  readonly traceUrl?: (s3Uri: string) => string | undefined;
  /** Lines about the delivery itself (late, current state unknown), shown under the first line. */
  readonly notes?: readonly string[];
}

/**
 * Amazon Q Developer in chat applications' custom notification (docs.aws.amazon.com/chatbot/latest/adminguide/
 * custom-notifs.html): version "1.0" and source "custom" are required; client-markdown renders in the channel's
 * own markdown; notifications with the same threadId are threaded (an alarm and its recovery).
 */
export interface ChatNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps?: readonly string[];
    readonly keywords?: readonly string[];
  };
  readonly metadata: { readonly threadId: string; readonly summary: string; readonly eventType: string };
}

export interface Message {
  readonly subject: string;
  /** Plain text for e-mail. */
  readonly text: string;
  /** The same message for chat. */
  readonly chat: ChatNotification;
}

/** Chat descriptions are kept well inside what Slack and Teams show without a "see more". */
const MAX_CHAT_DESCRIPTION = 3500;

/**
 * Okta's own org hosts, whose Admin Console is the org's name with -admin: acme.okta.com -> acme-admin.okta.com. A
 * custom URL domain (login.acme.com) has no such twin: its Admin Console stays on the Okta host, which the URL hides.
 */
const OKTA_ORG_HOST = /^([a-z0-9-]+)(\.(?:okta|oktapreview|okta-emea|okta-gov|okta-mil)\.com)$/i;

/**
 * A page of the Admin Console of an org: `https://acme.okta.com` -> `https://acme-admin.okta.com/admin/oauth2/as`;
 * null where it cannot be derived (a custom URL domain, or not a URL).
 */
export function adminConsoleUrl(orgUrl: string, page = '/admin/oauth2/as'): string | null {
  if (!URL.canParse(orgUrl)) return null;
  const url = new URL(orgUrl);
  const [, name, okta] = OKTA_ORG_HOST.exec(url.hostname) ?? [];
  if (name === undefined || okta === undefined) return null;
  return `${url.protocol}//${name.endsWith('-admin') ? name : `${name}-admin`}${okta}${page}`;
}

interface Streak {
  readonly failure: RunLogFailure;
  /** Consecutive newest runs in which this check (this item of it) failed. */
  readonly runs: number;
  readonly since: string;
}

/**
 * The failures of `server` in the newest run (a check's, or each item's), each with how many consecutive runs it has
 * failed.
 */
function streaks(runs: readonly RunLogLine[], server: string): Streak[] {
  const newestFirst = [...runs]
    .filter((r) => r.message === RUN_LOG_MESSAGE)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const latest = newestFirst[0];
  if (latest === undefined) return [];
  return latest.failures
    .filter((f) => f.server === server)
    .map((failure) => {
      let count = 0;
      let since = latest.startedAt;
      for (const run of newestFirst) {
        // An item of a check that judges several has its own streak: the token that failed today is not the one of
        // last week.
        if (!run.failures.some((f) => f.server === server && f.check === failure.check && f.item === failure.item))
          break;
        count += 1;
        since = run.startedAt;
      }
      return { failure, runs: count, since };
    });
}

/** Whether a failure is of the alarm's severity (an alarm without one, deployment-wide, fires for every failure). */
const firedFor = (failure: RunLogFailure, severity: Severity | null): boolean =>
  severity === null ||
  verdictOf(failure.check, failure.code, undefined, undefined, failure.severity).severity === severity;

/** The newest run that had failures on `server` (what recovered). */
function lastFailing(runs: readonly RunLogLine[], server: string): RunLogFailure[] {
  const newestFirst = [...runs].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return newestFirst.map((r) => r.failures.filter((f) => f.server === server)).find((fs) => fs.length > 0) ?? [];
}

/** A subject SNS accepts: printable ASCII only, at most `max` characters. */
function subjectLine(text: string, max: number): string {
  return cut(text.replace(/[^\x20-\x7e]+/g, ' ').trim(), max);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** How a text from Okta is written in one medium (functions/notify/untrusted.ts). */
type Render = (oktaText: string) => string;

/** A line of the body: our own words, or words around Okta's text, rendered per medium. */
type Line = string | ((render: Render) => string);

function rendered(lines: readonly Line[], render: Render): string[] {
  return lines.map((line) => (typeof line === 'string' ? line : line(render)));
}

function duration(fromIso: string | undefined, toIso: string): string | null {
  if (fromIso === undefined) return null;
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < 0) return null;
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

interface Link {
  readonly label: string;
  readonly url: string;
}

function links(input: MessageInput, orgUrl: string | undefined, server: string | null, journey: boolean): Link[] {
  const found: Link[] = [];
  if (input.dashboardUrl !== undefined) found.push({ label: 'Dashboard', url: input.dashboardUrl });
  if (server !== null && input.insightsUrl !== undefined)
    found.push({ label: `Latest failures of ${server} (Logs Insights)`, url: input.insightsUrl(server) });
  // A journey's fixes are on the app (assignments, sign-on policy, grant types) and the user, not on a server.
  const [label, page] = journey
    ? ['Applications > Applications', '/admin/apps/active']
    : ['Security > API > Authorization Servers', undefined];
  const admin = orgUrl === undefined ? null : adminConsoleUrl(orgUrl, page);
  if (admin !== null && server !== null) found.push({ label: `Okta Admin Console (${label})`, url: admin });
  // Where it cannot be derived, say so rather than guess a host that does not exist.
  else if (orgUrl !== undefined && URL.canParse(orgUrl) && server !== null)
    found.push({
      label: `Okta Admin Console (${label})`,
      url:
        `its address cannot be derived from ${new URL(orgUrl).hostname}: open it with the Admin button of the ` +
        'Okta dashboard',
    });
  return found;
}

/**
 * The subject of a journey's or SAML app's alarm, and which it is: read from its description, which
 * names the user (masked), the app and the server; else from the failing checks' registry rows, all of one kind.
 */
function subjectOf(
  change: AlarmChange,
  runs: readonly RunLogLine[],
  server: string,
): { readonly kind: SubjectKind; readonly text: string } | null {
  const described = subjectOfDescription(change.description);
  if (described !== null) return described.id === server ? { kind: described.kind, text: described.subject } : null;
  const checks = runs
    .flatMap((r) => r.failures)
    .filter((f) => f.server === server)
    .map((f) => f.check);
  const all = (target: SubjectKind): boolean =>
    checks.length > 0 &&
    checks.every(
      (check) => (CHECKS as readonly string[]).includes(check) && checkRow(check as CheckName).target === target,
    );
  const kind = (['saml', 'saml-group', 'journey'] as const).find(all);
  return kind === undefined ? null : { kind, text: namedTarget(kind, server) };
}

function chatOf(
  change: AlarmChange,
  title: string,
  subject: string,
  text: string,
  found: readonly Link[],
  remedies: readonly string[],
  keywords: readonly string[],
): ChatNotification {
  const body =
    text.length > MAX_CHAT_DESCRIPTION
      ? `${text.slice(0, MAX_CHAT_DESCRIPTION - 40)}\n... (the rest is in the e-mail and the logs)`
      : text;
  // Plain addresses: Slack (mrkdwn) and Teams (Markdown) write links differently, and both link a bare URL.
  const linkLines = found.map((link) => `${link.label}: ${link.url}`);
  return {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: `${change.state === 'OK' ? ':white_check_mark:' : ':rotating_light:'} ${title}`,
      description: [body.trimEnd(), ...linkLines].join('\n'),
      ...(remedies.length > 0 ? { nextSteps: [...new Set(remedies)].slice(0, 5) } : {}),
      ...(keywords.length > 0 ? { keywords: [...new Set(keywords)].slice(0, 10) } : {}),
    },
    metadata: {
      threadId: change.alarmName,
      summary: forChatInline(subject),
      eventType: `okta-synthetics:${change.state}`,
    },
  };
}

/** The link to a failure's sanitized HTTP trace, for a case with Okta Support; nothing without one. */
function traceLine(failure: RunLogFailure, url: MessageInput['traceUrl']): string[] {
  const link = failure.har === undefined ? undefined : url?.(failure.har);
  // The resource check calls the admin's own API: its trace is theirs to read, nothing Okta Support can act on.
  const whose = failure.check === 'resource' ? "of your own API's answer, not Okta's" : 'for Okta Support';
  return link === undefined ? [] : [`  HTTP trace (sanitized HAR, ${whose}): ${link}`];
}

/** The request id as read again from the log (an older probe wrote it unchecked), or why there is none. */
function requestIdOrNone(value: string | null, render: Render): string {
  const id = requestIdOf(value);
  return id === null ? 'none (no answer from Okta)' : render(id);
}

/** What every message of an alarm change is written from, whatever its subject says. */
interface Draft {
  readonly change: AlarmChange;
  readonly severity: Severity | null;
  /** Sent by notify-test: the subject says TEST too. */
  readonly test: boolean;
  readonly body: readonly Line[];
  readonly found: readonly Link[];
}

/** The e-mail and the chat notification, each with Okta's text rendered for its medium. */
function composed(draft: Draft, subject: Line, remedies: readonly string[], keywords: readonly string[]): Message {
  const { change, severity, test, body, found } = draft;
  const linkText = found.map((link) => `${link.label}: ${link.url}`);
  const [email = '', chat = ''] = [forEmail, forChatInline].map(
    (render) => `${test ? 'TEST ' : ''}${rendered([subject], render).join('')}`,
  );
  const line = subjectLine(email, MAX_SUBJECT_LENGTH);
  const text = `${[...rendered(body, forEmail), '', ...linkText].join('\n').trimEnd()}\n`;
  const chatBody = rendered(body, forChat).join('\n');
  return {
    subject: line,
    text,
    chat: chatOf(change, cut(chat, MAX_SUBJECT_LENGTH), line, chatBody, found, remedies, [
      ...keywords,
      ...(severity !== null ? [severity] : []),
    ]),
  };
}

/** On OK: what recovered (the newest failing run's checks) and after how long in alarm. */
function recoveryMessage(draft: Draft, input: MessageInput, server: string, head: (render: Render) => string): Message {
  const { change } = input;
  const runs = input.runs ?? [];
  const recovered = lastFailing(runs, server);
  const down = duration(change.previousTimestamp, change.timestamp);
  // Each item of a check that judges several is named: Okta's text, rendered as data in each medium.
  const what = (render: Render): string =>
    recovered.length > 0
      ? [
          ...new Set(recovered.map((f) => `${f.check} ${f.code}${f.item !== undefined ? ` (${render(f.item)})` : ''}`)),
        ].join(', ')
      : 'all checks';
  const body: Line[] = [
    ...draft.body,
    '',
    (render: Render) => `Recovered: ${what(render)}${down !== null ? `, after ${down} in alarm` : ''}.`,
  ];
  if (input.runs === null)
    body.push('', `Note: the probe's recent runs could not be read (${redact(input.logsError ?? 'unknown error')}).`);
  return composed(
    { ...draft, body },
    (render: Render) => `${head(render)}: recovered${down !== null ? ` after ${down}` : ''}`,
    [],
    recovered.map((f) => f.code),
  );
}

/** With no failing check in the runs: the alarm's own reason and runbook, or why the runs cannot explain it. */
function unexplainedLines(input: MessageInput, reason: string, about: { readonly kind: SubjectKind } | null): Line[] {
  const { change } = input;
  // The alarm event's reason and description are data too: anyone allowed SetAlarmState or PutMetricAlarm
  // writes them, so a mention or a link in them must not reach chat or e-mail as one.
  const lines: Line[] = ['', (render) => `CloudWatch: ${render(reason)}`];
  if (change.description !== undefined && change.description !== '')
    lines.push(
      '',
      ...redact(change.description)
        .split('\n')
        .map(
          (line): Line =>
            (render) =>
              line.trim() === '' ? '' : render(line),
        ),
    );
  else {
    lines.push(
      '',
      input.runs === null
        ? `Note: the probe's recent runs could not be read (${redact(input.logsError ?? 'unknown error')}); ` +
            `the diagnosis is in the probe's log group.`
        : `Note: no failing check of this ${about === null ? 'server' : about.kind === 'journey' ? 'journey' : TARGET_NOUNS[about.kind]} ` +
            `in the probe's recent runs; see the dashboard.`,
    );
  }
  return lines;
}

/** One failing check's paragraph: what failed, what Okta said, the remedy and how long it has failed. */
function streakLines({ failure, runs: count, since }: Streak, traceUrl: MessageInput['traceUrl']): Line[] {
  return [
    '',
    `${failure.check}: ${failure.code}`,
    `  ${failure.summary}`,
    ...(failure.detail !== undefined ? [(render: Render) => `  Observed: ${render(failure.detail ?? '')}`] : []),
    // Okta's own account (System Log) is Okta's text too: rendered as data, never as a link or a mention.
    ...(failure.oktaReason !== undefined
      ? [(render: Render) => `  Okta's System Log: ${render(failure.oktaReason ?? '')}`]
      : []),
    ...(failure.changes ?? []).map((change) => (render: Render) => `  Changed before: ${render(change)}`),
    `  Remedy: ${failure.remedy}`,
    API_ANSWER_CODES.has(failure.code)
      ? "  X-Okta-Request-Id: none (the answer was your API's, not Okta's)"
      : (render: Render) => `  X-Okta-Request-Id: ${requestIdOrNone(failure.requestId, render)}`,
    ...traceLine(failure, traceUrl),
    `  Failing since ${since}, ${count} consecutive run${count === 1 ? '' : 's'}`,
  ];
}

export function buildMessage(input: MessageInput): Message {
  const { change, prefix } = input;
  const { server, severity } = parseAlarmName(change.alarmName, prefix);
  const runs = input.runs ?? [];
  // A per-server composite names a server the runs know; the deployment-wide alarms (probe-down, dlq,
  // maintenance, the status feed's major incidents) do not, and carry their runbook in the description.
  const known = runs.some((r) => r.failures.some((f) => f.server === server)) || severity !== null;
  // The config's display name beside the id, so the page reads "Payments API", not only "aus1payments2b3c".
  const name = displayNameOfDescription(change.description, server);
  // The alarm's name and description come with the event, written by whoever may PutMetricAlarm: their parts are
  // rendered as data in each medium, as its reason is (a display name of "<!channel>" stays text).
  const where = (render: Render): string =>
    `${render(`${prefix}/${server}`)}${name === undefined ? '' : ` (${render(name)})`}`;
  const reason = flatten(redact(change.reason));
  const orgUrl = runs.find((r) => r.orgUrl !== '')?.orgUrl;
  const about = subjectOf(change, runs, server);
  // Named by what it is (the registry's target kind): a SAML app's alarm is not a sign-in journey's.
  const head = (render: Render): string =>
    `${render(change.state)} ${about !== null ? `${TARGET_NOUNS[about.kind]} ` : ''}${where(render)}`;
  const test = change.reason.includes(NOTIFY_TEST_REASON);
  const body: readonly Line[] = [
    ...(test
      ? [
          'TEST: sent by `okta-synthetics notify-test` to prove the path from alarm to this inbox; nothing is failing.',
          '',
        ]
      : []),
    (render) =>
      `Alarm ${render(change.alarmName)} (${severity ?? 'unknown severity'}) is ${render(change.state)} since ` +
      `${render(change.timestamp)}.`,
    ...(about !== null ? [(render: Render) => `${render(about.text)}.`] : []),
    ...(input.notes ?? []),
  ];
  const found = links(input, orgUrl, known ? server : null, about !== null);
  const draft: Draft = { change, severity, test, body, found };

  if (change.state === 'OK') return recoveryMessage(draft, input, server, head);

  // The failures the alarm fired for lead (their severity as every view tells it, verdictOf), so a page's subject
  // names what paged, never a warning the same run also had.
  const failing = streaks(runs, server).sort(
    (a, b) => Number(firedFor(b.failure, severity)) - Number(firedFor(a.failure, severity)),
  );
  const first = failing[0]?.failure;
  const subject: Line =
    first !== undefined
      ? (render) => `${head(render)}: ${first.code}${first.detail !== undefined ? ` (${render(first.detail)})` : ''}`
      : (render) => `${head(render)}: ${render(reason)}`;
  const unexplained = failing.length === 0 ? unexplainedLines(input, reason, about) : [];
  return composed(
    { ...draft, body: [...body, ...unexplained, ...failing.flatMap((streak) => streakLines(streak, input.traceUrl))] },
    subject,
    failing.map((f) => `${f.failure.code}: ${f.failure.remedy}`),
    failing.map((f) => f.failure.code),
  );
}
