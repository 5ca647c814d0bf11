// What the help desk reads when a journey's app refuses the sign-in after Okta's part succeeded: the app's, never
// Okta's, by the app's name from the config, in a part of its own beside the journey, which keeps working. Through the
// run line, the fold and the rendered page, as the CLI and the Lambda build it.
import { describe, expect, it } from 'vitest';
import type { DiagnosisCode } from '../../../functions/contract';
import { verdictOf } from '../../../functions/plan/verdict';
import { runLogLine } from '../../../functions/report/run-line';
import { callerSentence } from '../../../functions/status-page/caller';
import { foldRunLine } from '../../../functions/status-page/fold';
import { renderStatusHtml } from '../../../functions/status-page/html';
import { statusJson } from '../../../functions/status-page/json';
import type { StatusModel } from '../../../functions/status-page/model';
import { readStatusModel } from '../../../functions/status-page/read';
import type { QuorumView } from '../../../functions/status-page/verdicts';
import { watchedOf } from '../../../functions/status-page/watched';
import type { CheckResult, ProbeConfig, Report } from '../../../functions/types';

const START = Date.parse('2026-10-01T08:00:00.000Z');
const iso = (minute: number): string => new Date(START + minute * 60_000).toISOString();

/** A config with the journey `page` (people's name "Expense journey") signing in to the app "Expenses". */
const PROBE = {
  servers: [],
  signIn: [
    {
      id: 'page',
      name: 'Expense journey',
      flow: 'browser',
      server: 'default',
      clientId: '0oaExpenses',
      app: {
        name: 'Expenses',
        protocol: 'oidc',
        loginUrl: 'https://expenses.example.com/login',
        success: { path: '/home' },
        claims: [],
      },
    },
  ],
} as unknown as Pick<ProbeConfig, 'servers' | 'signIn' | 'samlApps' | 'samlGroups'>;

const signIn: CheckResult = { server: 'page', check: 'sign-in', latencyMs: 900, status: 'pass', diagnosis: null };

/** The app's check as the engine gives it: refused with `code`, passed, skipped, or carried from `judgedAt`. */
function appCheck(outcome: DiagnosisCode | 'pass' | 'skip', judgedAt?: number): CheckResult {
  const base = {
    server: 'page',
    check: 'app-sign-in' as const,
    latencyMs: null,
    ...(judgedAt !== undefined && { carried: { judgedAt: new Date(judgedAt).toISOString() } }),
  };
  if (outcome === 'pass') return { ...base, status: 'pass', diagnosis: null };
  if (outcome === 'skip')
    return { ...base, status: 'skip', diagnosis: null, skipReason: 'skipped: sign-in failed (SIGN_IN_REJECTED)' };
  return {
    ...base,
    status: 'fail',
    diagnosis: { code: outcome, summary: 's', remedy: 'r', requestId: null, detail: "Okta's part succeeded" },
  };
}

/**
 * The model after one run at `minute` with the journey's sign-in passed and its app's check as given; `quorum`, with
 * several regions, what the quorum decided.
 */
function fold(prev: StatusModel | undefined, minute: number, app: CheckResult, quorum?: QuorumView): StatusModel {
  const report = { orgUrl: 'https://acme.okta.com', startedAt: iso(minute), durationMs: 100, checks: [signIn, app] };
  return foldRunLine(prev, runLogLine({ ...report, metrics: [] } as Report), watchedOf(PROBE), quorum);
}

describe("the caller's sentence for an app's refusal", () => {
  it('says "Sign-in to <app> fails at <app>; Okta works", for a code the app owns', () => {
    const code = 'APP_AUDIENCE_MISMATCH';
    const owner = verdictOf('app-sign-in', code).owner;
    const sentence = callerSentence({
      id: 'page',
      kind: 'app',
      name: 'Expenses',
      state: 'failing',
      fault: { code, owner },
    });

    expect(owner).toBe('app');
    expect(sentence).toMatch(/^Sign-in to Expenses fails at Expenses; Okta works\. IT has told the app's owner/);
    expect(sentence).not.toContain('problem at Okta');
  });
});

describe('the status page of a journey whose app refuses the sign-in', () => {
  const model = fold(undefined, 1, appCheck('APP_AUDIENCE_MISMATCH'));
  const at = new Date(START + 2 * 60_000);
  const html = renderStatusHtml(model, at);
  const json = statusJson(model, at);

  it("shows the app failing by its config name, the app as owner, while the journey (Okta's part) works", () => {
    const app = json.parts.find((p) => p.kind === 'app');
    const journey = json.parts.find((p) => p.kind === 'journey');

    expect(app).toMatchObject({ id: 'page', name: 'Expenses', state: 'failing' });
    expect(app?.fault?.owner).toBe('app');
    expect(app?.caller).toMatch(/^Sign-in to Expenses fails at Expenses; Okta works\./);
    expect(journey?.state).toBe('ok');
    expect(html).toContain('Tell callers: Sign-in to Expenses fails at Expenses; Okta works.');
    expect(html).toContain("Apps signed in to after Okta's part");
    expect(readStatusModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
  });

  it("turns working when the app accepts the sign-in, unknown when Okta's part failed and it was not visited", () => {
    const fixed = fold(model, 2, appCheck('pass'));
    const skipped = fold(fixed, 3, appCheck('skip'));

    expect(fixed.parts.find((p) => p.kind === 'app')?.state).toBe('ok');
    expect(skipped.parts.find((p) => p.kind === 'app')?.state).toBe('unknown');
  });

  it('keeps what was last known, with its time, through a run that only carried the verdict', () => {
    const carried = fold(model, 6, appCheck('APP_AUDIENCE_MISMATCH', START + 60_000));
    const app = carried.parts.find((p) => p.kind === 'app');

    expect(app).toMatchObject({ state: 'failing', checkedAt: iso(1), since: iso(1) });
  });
});

describe('with several regions, the app refusing where pageFor names "app"', () => {
  it("latches the app's refusal on the app's part, never on the journey's: Okta's part works", () => {
    const refusal = { state: 'down', code: 'APP_AUDIENCE_MISMATCH', at: START, until: START } as const;
    const regions = ['eu-west-1', 'us-east-1'];
    const quorum: QuorumView = {
      decisions: [{ target: 'page', down: regions, notDown: [], silent: [], latch: true, lone: [] }],
      items: regions.map((region) => ({ region, writtenAt: START, verdicts: { page: refusal } })),
    };
    const model = fold(undefined, 1, appCheck('APP_AUDIENCE_MISMATCH'), quorum);

    expect(model.parts.find((p) => p.kind === 'journey')?.state).toBe('ok');
    expect(model.parts.find((p) => p.kind === 'app')).toMatchObject({ state: 'failing', fault: { owner: 'app' } });
  });
});

describe("with several regions, an app whose journey another region runs (the journey's `region`)", () => {
  const runsIn = 'us-east-1';
  const skippedHere: CheckResult = {
    server: 'page',
    check: 'app-sign-in',
    latencyMs: null,
    status: 'skip',
    diagnosis: null,
    skipReason: `the journey runs in ${runsIn}`,
  };
  const view = (verdict: QuorumView['items'][number]['verdicts'][string]): QuorumView => ({
    decisions: [{ target: 'page', down: [], notDown: [runsIn], silent: [], latch: false, lone: [] }],
    items: [{ region: runsIn, writtenAt: START, verdicts: { page: verdict } }],
  });

  it("tells the app's refusal that region judged, the app as owner, though the home skipped it", () => {
    const refusal = { state: 'own', code: 'APP_AUDIENCE_MISMATCH', at: START, until: START + 600_000 } as const;

    const model = fold(undefined, 1, skippedHere, view(refusal));

    expect(model.parts.find((p) => p.kind === 'app')).toMatchObject({
      state: 'failing',
      fault: { code: 'APP_AUDIENCE_MISMATCH', owner: 'app' },
    });
  });

  it("stays unknown when that region's journey is up: its app's pass is not told apart from a skip there", () => {
    const up = { state: 'up', at: START, until: START + 600_000 } as const;

    const model = fold(undefined, 1, skippedHere, view(up));

    expect(model.parts.find((p) => p.kind === 'app')?.state).toBe('unknown');
  });
});
