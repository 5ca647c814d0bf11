// app-sign-in between the journey's runs: the journey's kept run holds its app's verdict, and a run that only carries
// the journey repeats it as what was last known, with when, as it repeats the sign-in's; never a skip that drops a
// refusing app from the page, never a fresh verdict. A kept verdict that is not an app's code (the store is hostile)
// is not repeated.
import { describe, expect, it } from 'vitest';
import { carried, keptVerdict } from '../../../../functions/probe/cadence';
import { judgeAppOf, withKeptApp } from '../../../../functions/probe/sign-in/app-sign-in';
import type { AppVisit } from '../../../../functions/probe/sign-in/app-judge';
import { judged, pass, type Judged } from '../../../../functions/probe/verdict';
import type { AppConfig } from '../../../../functions/types';

const APP: AppConfig = {
  name: 'Expenses',
  protocol: 'oidc',
  loginUrl: 'http://127.0.0.1:1/login',
  success: { path: '/home' },
  claims: [],
};
const JUDGED_AT = Date.parse('2026-11-28T08:00:00.000Z');
const ID_TOKEN = { aud: '0oaExpenses', claims: ['iss', 'aud', 'sub', 'email'], sub: '00uSynthetic' };

/** The journey's fresh run: signed in, and its visit to the app as given. */
const freshRun = (app: AppVisit): Judged & { app: AppVisit; idToken: typeof ID_TOKEN } => ({
  ...judged(pass({ flow: 'browser' })),
  app,
  idToken: ID_TOKEN,
});

/** A run between the journey's: the sign-in's verdict as its store kept it, carried. */
const between = (fresh: Judged & { app?: AppVisit }): Judged =>
  carried(keptVerdict(withKeptApp({ app: APP }, fresh), JUDGED_AT, []));

const audience: AppVisit = {
  handOff: { kind: 'redirect', code: true },
  answer: { status: 401, path: '/callback', words: 'Invalid audience', cookies: [] },
};

describe('app-sign-in on a run between the journey runs', () => {
  it("repeats the app's refusal as last known, with the journey run's time, carried", () => {
    const fresh = judgeAppOf({ app: APP }, freshRun(audience)).judgement;
    const repeated = judgeAppOf({ app: APP }, between(freshRun(audience))).judgement;

    expect('notRun' in fresh ? fresh : fresh.diagnosis?.code).toBe('APP_AUDIENCE_MISMATCH');
    if ('notRun' in repeated) throw new Error(`not repeated: ${repeated.reason}`);
    expect(repeated.diagnosis?.code).toBe('APP_AUDIENCE_MISMATCH');
    expect(repeated.diagnosis?.detail).toMatch(
      /^Last known, at the journey's run of 2026-11-28T08:00:00\.000Z: Okta's part succeeded .*Invalid audience/,
    );
    expect(repeated.observed).toMatchObject({ app: 'Expenses', lastJourney: '2026-11-28T08:00:00.000Z' });
  });

  it('repeats a pass with its time, never as a fresh one', () => {
    const passing: AppVisit = { ...audience, answer: { status: 200, path: '/home', words: 'Home', cookies: [] } };
    const repeated = judgeAppOf({ app: APP }, between(freshRun(passing))).judgement;

    expect('notRun' in repeated ? repeated.reason : repeated.diagnosis).toBeNull();
    expect(repeated.observed?.lastJourney).toBe('2026-11-28T08:00:00.000Z');
  });

  it("does not repeat what the store holds that is not an app's code, nor a run that kept no visit", () => {
    const kept = keptVerdict(withKeptApp({ app: APP }, freshRun(audience)), JUDGED_AT, []);
    const forged = carried({ ...kept, observed: { ...kept.observed, appVerdict: 'OKTA_SERVER_ERROR' } });
    const unvisited = between(judged(pass({ flow: 'browser' })));

    for (const run of [forged, unvisited]) {
      const judgement = judgeAppOf({ app: APP }, run).judgement;
      expect('notRun' in judgement ? judgement.reason : judgement).toBe('the journey did not visit the app this run');
    }
  });
});
