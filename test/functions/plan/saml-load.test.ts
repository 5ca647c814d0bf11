// What Identity Engine's per-user limit makes of a group of SAML apps, as `plan` and `cost` state it: the apps' rate
// at the journey's user's pace, what a run holds of it, and how long the catalogue then takes.
import { describe, expect, it } from 'vitest';
import { APPS_PER_WINDOW, PROBE_TIMEOUT_SECONDS, USER_PACE } from '../../../functions/contract';
import { runSecondsForApps, samlLoad } from '../../../functions/plan/saml-load';
import { samlLines } from '../../../functions/cli/cost';
import type { ProbeConfig } from '../../../functions/types';

/** A journey of `flow` and a group of it that discovers its apps (counted as `apps`). */
const config = (flow: 'idx' | 'authn', everyMinutes = 60): ProbeConfig =>
  ({
    timeoutMs: 5000,
    signIn: [{ id: 'workforce', flow, everyMinutes: 5 }],
    samlGroups: [
      { id: 'catalogue', signIn: 'workforce', everyMinutes, concurrency: 4, discover: { kind: 'assigned' } },
    ],
    samlApps: [],
  }) as unknown as ProbeConfig;

describe("a group's apps at their journey's user's pace", () => {
  it('go at 12 requests per 5 s, and a run of the 50 s function leaves them 27 s after the sign-in: 64 apps', () => {
    const [group] = samlLoad(config('idx'), 1, 50).groups;
    expect(APPS_PER_WINDOW / (USER_PACE.windowMs / 1000)).toBe(2.4);
    expect(runSecondsForApps(5000)).toBe(PROBE_TIMEOUT_SECONDS - 23);
    expect(group?.userPace).toEqual({
      signIn: 'workforce',
      identityEngine: true,
      appsPerSecond: 2.4,
      shareSeconds: 3,
      runSeconds: 27,
      appsPerSession: 64,
      fits: true,
      catalogueMinutes: 60,
    });
  });

  it(
    'leave the rest of a share too large for a run to the next session, and say how long the catalogue then ' + 'takes',
    () => {
      // 1,000 apps an hour over 12 sessions: 84 a session, 64 fit.
      const [group] = samlLoad(config('idx'), 1, 1000).groups;
      expect(group?.share).toBe(84);
      expect(group?.userPace).toMatchObject({
        appsPerSession: 64,
        fits: false,
        shareSeconds: 35,
        catalogueMinutes: 80,
      });
      const text = samlLines(samlLoad(config('idx'), 1, 1000))
        .join(' ')
        .replace(/\s+/g, ' ');
      expect(text).toContain(
        "catalogue shares workforce's user, whom Okta's Identity Engine allows 20 requests per 5 s: its apps " +
          'keep 12 per 5 s after the sign-in (2.4 a second)',
      );
      expect(text).toContain(
        'so it checks at most 64 and the next session the rest: the catalogue takes 80 min, longer than the ' +
          "group's everyMinutes (raise it to 80, or give the group a journey and user of its own)",
      );
    },
  );

  it("states the pace of a share that fits, and that a Classic journey's holds only on Identity Engine", () => {
    const text = samlLines(samlLoad(config('authn', 1440), 1, 300))
      .join(' ')
      .replace(/\s+/g, ' ');
    expect(text).toContain(
      'when the org runs Identity Engine (an "idx" session; Okta documents no such limit for a Classic one): ' +
        "a session's 2 apps take about 1 s of the 27 s a run leaves them",
    );
  });
});
