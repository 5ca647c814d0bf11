// The user-sign-ins check as the registry runs it: the sign-in events polled through the run's log session (the
// system-log check's: one token, one request budget, one back-off) from a `next`-link cursor of its own, kept beside
// the look-up's (KEPT_KEYS.userSignIns), then judged over a window of USER_SIGN_INS.windowMinutes. The window lives
// in the run's cache: a warm Lambda or a `run --every` loop judges the last quarter hour; a cold start judges what the
// log committed since the last run (a first run: the quarter hour before it), and a quiet window is "not enough
// data", never a failure.
import { KEPT_KEYS, USER_SIGN_INS } from '../../contract';
import type { ProbeCache, ProbeConfig, ServerConfig } from '../../types';
import type { KeptStore, SignInTallyStore } from '../../kept-state';
import { defaultKeptStore } from '../kept-store';
import { notApplicable, type Judged } from '../verdict';
import { pollNewEvents } from '../okta/log-cursor';
import { SIGN_IN_FILTER, signInRecord, type SignInRecord } from './sign-in-events';
import { judgeSignIns } from './sign-in-judge';
import { signInHealth, SignInTally } from './sign-in-tally';
import type { LogSession } from '../okta/log-session';

/** The cache key of the window's sign-in records. */
const WINDOW_KEY = 'user-sign-ins:window';

/** What the check reads beside the session: its server's settings, the synthetic users, the stores, the clock. */
interface SignInsContext {
  readonly server: Pick<ServerConfig, 'userSignIns'>;
  readonly config: Pick<ProbeConfig, 'signIn'>;
  readonly cache?: ProbeCache;
  readonly kept?: KeptStore;
  readonly tallies?: SignInTallyStore;
  now(): number;
}

/** The window's records: those kept from earlier runs still inside it, then the new ones, each uuid once, bounded. */
export function windowRecords(
  earlier: readonly SignInRecord[],
  fresh: readonly SignInRecord[],
  start: number,
  max: number = USER_SIGN_INS.maxRecords,
): SignInRecord[] {
  const seen = new Set<string>();
  const all: SignInRecord[] = [];
  for (const record of [...earlier, ...fresh]) {
    if (record.published < start || seen.has(record.uuid)) continue;
    seen.add(record.uuid);
    all.push(record);
  }
  // Past the bound the oldest go first: the window stays the most recent sign-ins.
  return all.length > max ? all.slice(all.length - max) : all;
}

/** The user-sign-ins runner, on what the system-log check's run opened. */
export async function runUserSignIns(ctx: SignInsContext, session: LogSession): Promise<Judged> {
  const settings = ctx.server.userSignIns;
  if (settings === undefined) return { judgement: notApplicable('no "userSignIns" in the config') };
  const now = ctx.now();
  if (settings.eventSource !== undefined && ctx.tallies !== undefined)
    return streamedSignIns(ctx.tallies, settings, now);
  const window = { start: now - USER_SIGN_INS.windowMinutes * 60_000, end: now };
  // Its own budget: the rate-limit read before it may have spent the first part's.
  session.nextPart();
  const polled = await pollNewEvents(session, ctx.kept ?? defaultKeptStore(ctx.cache), SIGN_IN_FILTER, window, {
    key: KEPT_KEYS.userSignIns,
    maxPages: USER_SIGN_INS.pagesPerRun,
  });
  const context = { failureRate: settings.failureRate, judgedAt: now };
  if (polled === null) return judgeSignIns(null, { ...context, problem: session.unavailable?.code });
  // The product's own synthetic users, by login as Okta writes it in actor.alternateId.
  const excluded = new Set((ctx.config.signIn ?? []).map((j) => j.username.toLowerCase()));
  const read = polled.events.map((e) => signInRecord(e, excluded));
  const fresh = read.filter((r): r is SignInRecord => r !== undefined);
  const records = windowRecords(ctx.cache?.get<SignInRecord[]>(WINDOW_KEY, now) ?? [], fresh, window.start);
  ctx.cache?.set(WINDOW_KEY, records, now + USER_SIGN_INS.windowMinutes * 60_000);
  const health = signInHealth([...records, ...read.filter((r) => r === undefined)], settings);
  return judgeSignIns(health, {
    ...context,
    extra: { eventsRead: polled.events.length, readAll: !session.partial, resumed: polled.resumed },
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
