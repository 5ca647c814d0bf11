// `run --history DIR` with `localNotifications`: after each run, the local alarms (functions/notify/local-alarms.ts)
// are judged on the run line and each change is sent once to each channel, with the deployed notifier's message.
// What it keeps, in DIR:
// - `notifications.json`: each alarm's state and what each channel was told, so a cron run (a new process each
//   minute) tells a change once, and a channel that failed is told at the next run;
// - `maintenance`, written by the operator: "<until> <reason>" as in the stack's SSM parameter; while it is open
//   nothing is sent, and what changed meanwhile is told when it ends.
// Never throws and never changes the run's exit code: a channel that cannot be reached is a warning on stderr.
// Sent, then recorded: a state file that cannot be written (a full disk) is a warning, never a page withheld; what
// this process told is remembered beside the file, so a `run --every` loop tells a change once even then.
import { mkdirSync } from 'node:fs';
import { replaceFile } from './replace-file';
import { join } from 'node:path';
import { readRegularFile } from '../read-file';
import { PAGERDUTY_EVENTS_URL, postableUrl } from '../config/local-notifications';
import type { LocalChannel, LoadedConfig } from '../config/schema';
import type { ServerConfig } from '../types';
import type { RunLogLine } from '../contract';
import { parseMaintenance } from '../lambda/maintenance';
import {
  EMPTY_STATE,
  evaluateRun,
  markTold,
  parseLocalAlarmFile,
  untold,
  type LocalAlarmFile,
} from '../notify/local-alarms';
import { buildMessage, type AlarmChange } from '../notify/message';
import { regionPlan } from '../plan/region-plan';
import { webhookBody } from '../notify/webhooks';
import { send } from '../probe/http';
import { MIN_SECRET_PART, redact } from '../text/redact';
import { UsageError, type CommandIo } from './frame';

export const STATE_FILE = 'notifications.json';
const MAINTENANCE_FILE = 'maintenance';
/** One post, ms: a chat webhook answers in well under a second; a run never waits long on a channel. */
const POST_TIMEOUT_MS = 10_000;
/** The state file holds 15 run lines; far more than that is not ours. */
const STATE_LIMIT = { maxBytes: 4 * 1024 * 1024, what: 'a notification state file' } as const;
const MAINTENANCE_LIMIT = { maxBytes: 4096, what: 'a maintenance file' } as const;

/** A channel with its secret read from the environment: never printed. */
interface ReadyChannel {
  readonly channel: LocalChannel;
  /** Stable across runs and free of secrets: what the state file records as told. */
  readonly key: string;
  readonly url: string;
  readonly routingKey?: string;
}

export interface LocalNotifier {
  /** Judges the run line, tells each change once; never throws. */
  afterRun(line: RunLogLine): Promise<void>;
}

/**
 * The notifier of a run, or undefined without channels. Every variable is read now, before anything is probed:
 * an unset one is a usage error naming the field and the variable, never the value.
 */
export function localNotifier(config: LoadedConfig, dir: string | undefined, io: CommandIo): LocalNotifier | undefined {
  const channels = config.localNotifications;
  if (channels.length === 0) return undefined;
  if (dir === undefined) {
    io.stderr("localNotifications: not sent without --history DIR, where the alarms' state is kept between runs\n");
    return undefined;
  }
  const ready = channels.map((channel, index) => readyChannel(channel, index, io.env));
  // The alarms' names, the servers whose settings may make a warning page (provisioning.pageOnLeavers), and each
  // alarm's description as the stack writes it (the home region's plan): CloudWatch hands the deployed notifier the
  // composite's description, which names the target ("Payments API") and its runbook, so the message is the same.
  const descriptions = new Map(regionPlan(config).alarms.map((alarm) => [alarm.name, alarm.description]));
  const alarms = { prefix: config.deploy.prefix, servers: config.probe.servers, descriptions };
  // The channels' own secrets: a webhook URL carries its token, a routing key is one. A delivery error may quote
  // either.
  const secrets = ready
    .flatMap((r) => (r.routingKey !== undefined ? [r.routingKey] : [r.url, new URL(r.url).pathname]))
    .filter((s) => s.length >= MIN_SECRET_PART);
  return {
    async afterRun(line) {
      try {
        await notify(dir, alarms, ready, line, io, secrets);
      } catch (error) {
        io.stderr(
          `localNotifications: ${redact(error instanceof Error ? error.message : String(error), secrets)}; ` +
            `the run's report is not affected\n`,
        );
      }
    },
  };
}

function readyChannel(channel: LocalChannel, index: number, env: NodeJS.ProcessEnv): ReadyChannel {
  const field = `localNotifications[${index}].${channel.kind === 'pagerduty' ? 'routingKey' : 'url'}`;
  const value = env[channel.variable]?.trim();
  if (value === undefined || value === '') {
    throw new UsageError(
      `run: ${field}: the environment variable ${channel.variable} is ${value === undefined ? 'not set' : 'empty'}; ` +
        `export it with the ${channel.kind === 'pagerduty' ? "integration's routing key" : 'webhook URL'}`,
      'run',
    );
  }
  const key = `${channel.kind}:${channel.variable}`;
  if (channel.kind === 'pagerduty')
    return { channel, key, url: channel.url ?? PAGERDUTY_EVENTS_URL, routingKey: value };
  const url = postableUrl(value);
  if (url === null) {
    throw new UsageError(
      `run: ${field}: the environment variable ${channel.variable} does not hold an https URL (http only to ` +
        `this machine: 127.0.0.1, localhost, [::1])`,
      'run',
    );
  }
  return { channel, key, url: url.href };
}

/** The local alarms' names, the config's servers and each alarm's description as the stack writes it. */
interface Alarms {
  readonly prefix: string;
  readonly servers: readonly ServerConfig[];
  readonly descriptions: ReadonlyMap<string, string>;
}

/** The change with its alarm's description, as CloudWatch's event carries it; none for an alarm the stack lacks. */
const described = (change: AlarmChange, description: string | undefined): AlarmChange =>
  description === undefined ? change : { ...change, description };

/** What this process could not record for each DIR: the file's stand-in until it can be written. */
const told = new Map<string, LocalAlarmFile>();

async function notify(
  dir: string,
  { prefix, servers, descriptions }: Alarms,
  channels: readonly ReadyChannel[],
  line: RunLogLine,
  io: CommandIo,
  secrets: readonly string[],
): Promise<void> {
  let state = evaluateRun(told.get(dir) ?? readState(dir, io), line, prefix, servers);
  let unrecorded = record(dir, state);
  // An open window mutes every alarm, as the stack's suppressor does: what changed meanwhile is told when it ends.
  const window = maintenanceAt(dir, Date.now(), io);
  const mutedBy = window === undefined ? undefined : `maintenance until ${window}`;
  for (const ready of channels) {
    for (const pending of untold(state, ready.key, ready.channel.severities, prefix, mutedBy)) {
      const change = described(pending.change, descriptions.get(pending.alarmName));
      const message = buildMessage({ change, prefix, runs: state.recent });
      const body = webhookBody(
        ready.channel.kind,
        { change, severity: pending.severity, server: pending.server, message, orgUrl: line.orgUrl },
        ready.routingKey,
      );
      const outcome = await send({
        method: 'POST',
        url: ready.url,
        json: body,
        timeoutMs: POST_TIMEOUT_MS,
        maxBodyBytes: 64 * 1024,
      });
      const who = `${ready.channel.kind} (${ready.channel.variable})`;
      if (!outcome.ok) {
        io.stderr(
          `localNotifications: ${who}: ${outcome.failure.kind}: ${redact(outcome.failure.message, secrets)}; ${pending.change.state} ` +
            `of ${pending.alarmName} is sent again at the next run\n`,
        );
        break;
      }
      if (outcome.response.status < 200 || outcome.response.status > 299) {
        io.stderr(
          `localNotifications: ${who} answered HTTP ${outcome.response.status}; ${pending.change.state} of ${pending.alarmName} ` +
            `is sent again at the next run\n`,
        );
        break;
      }
      state = markTold(state, pending.alarmName, ready.key);
      unrecorded = record(dir, state) ?? unrecorded;
      io.stderr(`localNotifications: ${who}: ${pending.change.state} ${pending.alarmName}\n`);
    }
  }
  if (unrecorded !== undefined)
    io.stderr(
      `localNotifications: ${join(dir, STATE_FILE)} could not be written (${unrecorded}): the alarms were ` +
        `sent all the same; fix the disk, or a later process tells them again\n`,
    );
}

function readState(dir: string, io: CommandIo): LocalAlarmFile {
  const read = readRegularFile(join(dir, STATE_FILE), STATE_LIMIT, 'refuse');
  if ('problem' in read) return EMPTY_STATE;
  const parsed = parseLocalAlarmFile(read.bytes.toString('utf8'));
  if (parsed === null)
    io.stderr(
      `localNotifications: ${join(dir, STATE_FILE)} is not a state file this version wrote; starting afresh ` +
        `(every alarm OK)\n`,
    );
  return parsed ?? EMPTY_STATE;
}

/**
 * The state file, written whole (replaceFile), and kept in this process; why it could not be written, or undefined.
 * A write that fails stops nothing: the page goes out all the same (a cron run's next process, reading the old file,
 * may tell it again: twice rather than never).
 */
function record(dir: string, state: LocalAlarmFile): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    replaceFile(join(dir, STATE_FILE), `${JSON.stringify(state)}\n`);
    told.delete(dir);
    return undefined;
  } catch (error) {
    told.set(dir, state);
    return redact(error instanceof Error ? error.message : String(error));
  }
}

/** The open window of DIR/maintenance, or undefined; a malformed one is said once a run and never silences. */
function maintenanceAt(dir: string, now: number, io: CommandIo): string | undefined {
  const read = readRegularFile(join(dir, MAINTENANCE_FILE), MAINTENANCE_LIMIT);
  if ('problem' in read) return undefined;
  const window = parseMaintenance(read.bytes.toString('utf8'), now);
  if (window.active) return window.until;
  if (window.ignored !== undefined)
    io.stderr(`localNotifications: ${join(dir, MAINTENANCE_FILE)} ignored: ${window.ignored}\n`);
  return undefined;
}
