// Where a run's new provisioning events come from: Okta's Log Streaming when the org's sign-ins stream
// (userSignIns.eventSource, deployed: the sign-ins' aggregator stored each provisioning event's reduction beside its
// minute's tallies, stream.ts), else the System Log polled from the check's own cursor. One source a run, never both:
// a streamed org's log is not polled for provisioning a second time.
import { PROVISIONING_STREAM } from '../../contract';
import type { SignInTallyStore } from '../../kept-state';
import type { ProbeCache, ServerConfig } from '../../types';
import { storeFailure } from '../kept-store';
import type { Window } from '../okta/log-cursor';
import type { ProvisioningEvent } from './events';
import { storedProvisioningEvents, streamReadStart } from './stream';

/** What the stream's reader reads beside the table. */
interface SourceContext {
  readonly server: ServerConfig;
  readonly cache?: ProbeCache;
  /** The sign-ins' table of Okta's Log Streaming, deployed with userSignIns.eventSource. */
  readonly tallies?: SignInTallyStore;
}

/** A run's streamed events, and the stored items that were no event (counted as skipped), or why none were read. */
export type StreamedEvents =
  | { readonly events: ProvisioningEvent[]; readonly damaged: number; readonly complete: boolean }
  | { readonly failed: string };

/** The cache key of where this process's last read of the streamed events stopped (epoch ms). */
const STREAM_READ_KEY = 'provisioning-health:stream-read';

/** The stream's table when this run's provisioning events come from it (the org's events stream, deployed). */
export function provisioningStream(ctx: SourceContext): SignInTallyStore | undefined {
  return ctx.server.userSignIns?.eventSource !== undefined ? ctx.tallies : undefined;
}

/**
 * The reductions the aggregator stored since this process's last read (less late deliveries' margin), or from the
 * window's start cold (the configured look-back, bounded by what the table keeps): each checked, each uuid once. A
 * table that cannot be read skips the check, as an unreadable log does.
 */
export async function streamedProvisioningEvents(
  ctx: SourceContext,
  tallies: SignInTallyStore,
  window: Window,
  now: number,
): Promise<StreamedEvents> {
  const lookbackHours = (now - window.start) / 3_600_000;
  const start = streamReadStart(now, lookbackHours, ctx.cache?.get<number>(STREAM_READ_KEY, now));
  let raws: unknown[];
  try {
    raws = await tallies.others(Math.floor(start / 60_000), Math.floor(now / 60_000));
  } catch (error) {
    return { failed: `${tallies.where()} not read (${storeFailure(error)})` };
  }
  ctx.cache?.set(STREAM_READ_KEY, now, now + PROVISIONING_STREAM.keepHours * 3_600_000);
  const read = storedProvisioningEvents(raws);
  // The table holds every event the stream delivered: nothing is left for the next run, as a cut-short poll leaves.
  return { events: read.events.filter((e) => e.published >= start), damaged: read.damaged, complete: true };
}
