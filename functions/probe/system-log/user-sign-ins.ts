// The user-sign-ins check as the registry runs it: the sign-in events polled through the run's log session (the
// system-log check's: one token, one request budget, one back-off) from a `next`-link cursor of its own, kept beside
// the look-up's (KEPT_KEYS.userSignIns), then judged over a window of USER_SIGN_INS.windowMinutes. The window lives
// in the run's cache: a warm Lambda or a `run --every` loop judges the last quarter hour; a cold start judges what the
// log committed since the last run (a first run: the quarter hour before it), and a quiet window is "not enough
// data", never a failure. The reading and the window are the log's one consumer's (okta/log-consumer.ts).
import { KEPT_KEYS, USER_SIGN_INS } from '../../contract';
import type { ProbeCache, ProbeConfig, ServerConfig } from '../../types';
import type { KeptStore, SignInTallyStore } from '../../kept-state';
import { defaultKeptStore } from '../kept-store';
import { notApplicable, type Judged } from '../verdict';
import { consumeLog, logStream, type LogReader } from '../okta/log-consumer';
import { readEvent } from '../okta/log-events';
import { SIGN_IN_FILTER, signInRecord, type SignInRecord } from './sign-in-events';
import { judgeSignIns } from './sign-in-judge';
import { signInHealth, SignInTally } from './sign-in-tally';
import type { LogSession } from '../okta/log-session';

/** What the check reads beside the session: its server's settings, the synthetic users, the stores, the clock. */
interface SignInsContext {
  readonly server: Pick<ServerConfig, 'userSignIns'>;
  readonly config: Pick<ProbeConfig, 'signIn'>;
  readonly cache?: ProbeCache;
  readonly kept?: KeptStore;
  readonly tallies?: SignInTallyStore;
  now(): number;
}

/** Why an event read is no sign-in (another type, no user, neither outcome, a synthetic user): counted, not kept. */
const NOT_A_SIGN_IN = 'not a sign-in';

/** Real users' sign-ins as the log's one consumer reads them: the sign-in types, each reduced to a record at once. */
function signInsReader(excluded: ReadonlySet<string>): LogReader<SignInRecord> {
  return {
    name: 'user-sign-ins',
    filter: SIGN_IN_FILTER,
    key: KEPT_KEYS.userSignIns,
    maxPages: USER_SIGN_INS.pagesPerRun,
    windowMinutes: USER_SIGN_INS.windowMinutes,
    maxWindowEvents: USER_SIGN_INS.maxRecords,
    reduce: (raw) => {
      const event = readEvent(raw);
      return event === undefined ? undefined : (signInRecord(event, excluded) ?? { skipped: NOT_A_SIGN_IN });
    },
    // A cold start judges what the log committed since the last run (a first run: the quarter hour before it).
    cold: 'none',
  };
}

/** The user-sign-ins runner, on what the system-log check's run opened. */
export async function runUserSignIns(ctx: SignInsContext, session: LogSession): Promise<Judged> {
  const settings = ctx.server.userSignIns;
  if (settings === undefined) return { judgement: notApplicable('no "userSignIns" in the config') };
  const now = ctx.now();
  const stream = logStream(ctx.server, ctx.tallies);
  if (stream !== undefined) return streamedSignIns(stream, settings, now);
  // The product's own synthetic users, by login as Okta writes it in actor.alternateId.
  const excluded = new Set((ctx.config.signIn ?? []).map((j) => j.username.toLowerCase()));
  const polled = await consumeLog(signInsReader(excluded), {
    session,
    kept: ctx.kept ?? defaultKeptStore(ctx.cache),
    ...(ctx.cache !== undefined && { cache: ctx.cache }),
    now,
  });
  const context = { failureRate: settings.failureRate, judgedAt: now };
  if ('failed' in polled) return judgeSignIns(null, { ...context, problem: polled.code });
  await polled.keepCursor();
  // The events read that were no sign-in are counted by the tally as such (undefined), this run's only.
  const others = polled.skipped.get(NOT_A_SIGN_IN) ?? 0;
  const health = signInHealth([...polled.window, ...Array<undefined>(others).fill(undefined)], settings);
  return judgeSignIns(health, {
    ...context,
    extra: { eventsRead: polled.events.length + others, readAll: polled.complete, resumed: polled.resumed },
  });
}

/**
 * With Okta's Log Streaming (userSignIns.eventSource, deployed): the window's per-minute tallies the aggregator wrote,
 * merged and judged as the polled records would be, without a request to Okta. The minute now running is read too:
 * its tallies so far are the freshest. A table that cannot be read skips the check, as an unreadable log does.
 */
async function streamedSignIns(
  tallies: SignInTallyStore,
  settings: NonNullable<ServerConfig['userSignIns']>,
  now: number,
): Promise<Judged> {
  const last = Math.floor(now / 60_000);
  const minutes = Array.from({ length: USER_SIGN_INS.windowMinutes }, (_, i) => last - i);
  const context = { failureRate: settings.failureRate, judgedAt: now };
  let read: Awaited<ReturnType<SignInTallyStore['read']>>;
  try {
    read = await tallies.read(minutes);
  } catch (error) {
    return judgeSignIns(null, { ...context, problem: `${tallies.where()} not read (${String(error).slice(0, 200)})` });
  }
  const tally = new SignInTally();
  for (const part of read.parts) tally.merge(part);
  return judgeSignIns(tally.judge(settings), {
    ...context,
    extra: { source: 'eventbridge', parts: read.parts.length, readAll: read.complete },
  });
}
