// In the CLI one process runs the servers' checks and a "browser" journey: Chromium takes the CPU for seconds, and
// started beside the System Log's time-bound reads it starved them (provisioning and integration health skipped). The
// engine starts a browser journey once every server's check has settled (probe/engine.ts startPlan). This holds the
// order by the run's own events, never by a clock: the browser journey's first touch of its state comes after the
// last request of every server's check, and those checks are judged, none skipped for want of time.
import { describe, expect, it } from 'vitest';
import { resolveLocalCredentials } from '../../../functions/credentials/local';
import { resolveLocalUsers } from '../../../functions/credentials/user-secrets';
import { checkRow } from '../../../functions/plan/check-table';
import { runProbe } from '../../../functions/probe/engine';
import { createMemoryStateStore } from '../../../functions/probe/sign-in/store';
import type { JourneyStateStore } from '../../../functions/journey-state';
import type { ProbeConfig } from '../../../functions/types';
import { browserJourney, useProbeRun } from '../../support/probe-run';
import { createMemoryCache } from '../../../functions/cache/read-through';

const run = useProbeRun('okta-synthetics-browser-after-');
/** The browser journey; no Chromium here (useProbeRun), so its walk is BROWSER_UNAVAILABLE once it starts. */
const PAGE = 'page';

/** The simulator's healthy config, its org server reading the System Log, provisioning and integration health. */
async function withBrowser(): Promise<ProbeConfig> {
  const probe = await run.config();
  return {
    ...probe,
    // The browser journey first, so that a plan started in order would start it first.
    signIn: [browserJourney(probe, PAGE), ...(probe.signIn ?? [])],
    samlApps: [],
    samlGroups: [],
  };
}

/** A journey store that tells each journey's first read, in the run's order of events. */
function watchedStore(events: string[]): JourneyStateStore {
  const store = createMemoryStateStore();
  return {
    ...store,
    where: (id) => store.where(id),
    read: (id) => {
      events.push(`journey ${id}`);
      return store.read(id);
    },
    claim: (id, version, state) => store.claim(id, version, state),
    write: (id, state) => store.write(id, state),
  };
}

describe("a browser journey in the CLI's run starts after the servers' checks", () => {
  it("touches its state only after every server's check sent its last request, none of them skipped", async () => {
    const probe = await withBrowser();
    const events: string[] = [];
    const report = await runProbe(probe, {
      credentials: resolveLocalCredentials(probe, {}),
      users: resolveLocalUsers(probe, {}),
      cache: createMemoryCache(),
      journeyState: watchedStore(events),
      onRequest: (r) => events.push(`${checkRow(r.check).target === 'server' ? 'server' : 'other'} ${r.check}`),
      // The retry's pause and the journeys' stagger, instant: nothing here is timed (ProbeOptions.pause).
      pause: () => Promise.resolve(),
    });

    const started = events.indexOf(`journey ${PAGE}`);
    expect(started, events.join('\n')).toBeGreaterThan(0);
    const lastServerRequest = events.findLastIndex((e) => e.startsWith('server '));
    // The System Log's reads (the provisioning and integration checks judge from them) sent theirs before it began.
    for (const check of ['system-log', 'provisioning-health', 'integration-health'])
      expect(events.slice(0, started), check).toContain(`server ${check}`);
    expect(lastServerRequest, events.join('\n')).toBeLessThan(started);
    // The journeys beside it are not held back: an API journey started before the servers settled.
    expect(events.indexOf('journey workforce')).toBeLessThan(lastServerRequest);

    // Every server's check was judged, none skipped for want of time: those read from the System Log among them.
    const ofServers = report.checks.filter((c) => checkRow(c.check).target === 'server');
    expect(ofServers.filter((c) => checkRow(c.check).fromSystemLog === true).length).toBeGreaterThan(1);
    expect(ofServers.filter((c) => c.status !== 'pass' && c.status !== 'n/a').map((c) => c.check)).toEqual([]);
    // The browser journey ran, once they had: without Chromium, ours, a warning.
    expect(report.checks.find((c) => c.server === PAGE && c.check === 'sign-in')?.diagnosis?.code).toBe(
      'BROWSER_UNAVAILABLE',
    );
  });
});
