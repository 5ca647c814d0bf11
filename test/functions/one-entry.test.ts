// A code is added by one registry entry: a fixture code, injected into one family's rows without editing the real
// registry (vi.mock of its file), is told by every view as its row says, through no other table: the plan's alarm
// (its likely causes), the CLI's rendering, JUnit, the run line, the notifier's message, the CLI's local alarms, the
// status page, the availability report, the quorum and the Preview comparison.
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { DiagnosisCode } from '../../functions/contract';
import type { CodeRow } from '../../functions/diagnosis/code-row';
import type { DiagnosisText } from '../../functions/diagnosis/text';

/** The one entry: a code of the org's configuration, a likely cause of the token check's CheckSuccess alarm. */
const FIXTURE = 'FIXTURE_ONE_ENTRY' as DiagnosisCode;
const ROW = {
  owner: 'org',
  layer: 'configuration',
  severity: 'alarm',
  alarms: ['token'],
  caller: 'Fixture: the one sentence the help desk reads for this code.',
  title: 'Fixture title',
  summary: 'Fixture summary: what the one entry says went wrong.',
  remedy: 'Fixture remedy: what the one entry says to do.',
} as const satisfies CodeRow & DiagnosisText;

vi.mock('../../functions/diagnosis/codes/user-sign-ins', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../functions/diagnosis/codes/user-sign-ins')>();
  return { ...real, USER_SIGN_INS_CODES: { ...real.USER_SIGN_INS_CODES, [FIXTURE]: ROW } };
});

// Unit files share their worker's modules (isolate: false): the registry, and every table derived from it at load,
// is loaded afresh with the fixture, and afresh without it for the files after this one.
vi.resetModules();
afterAll(() => {
  vi.doUnmock('../../functions/diagnosis/codes/user-sign-ins');
  vi.resetModules();
});

const { renderReport } = await import('../../functions/cli/render');
const { junitReport } = await import('../../functions/cli/junit');
const { runLogLine } = await import('../../functions/report/run-line');
const { buildMessage } = await import('../../functions/notify/message');
const { EMPTY_STATE, evaluateRun } = await import('../../functions/notify/local-alarms');
const { runVerdicts } = await import('../../functions/status-page/verdicts');
const { callerSentence } = await import('../../functions/status-page/caller');
const { computeAvailability } = await import('../../functions/report/availability');
const { rangePeriod } = await import('../../functions/report/period');
const { renderAvailabilityText } = await import('../../functions/report/text');
const { judgeTargets } = await import('../../functions/quorum/decide');
const { comparePreview } = await import('../../functions/report/preview-pair');
const { checkOutputs } = await import('../../functions/plan/outputs');
const { likelyCauses } = await import('../../functions/plan/alarm-text');
const { diagnose } = await import('../../functions/diagnosis');
const { isDiagnosisCode } = await import('../../functions/diagnosis/registry');
type Report = import('../../functions/types').Report;
type CheckResult = import('../../functions/types').CheckResult;

const STARTED = '2026-11-27T06:00:00.000Z';
const failed = (server: string): CheckResult => ({
  server,
  check: 'token',
  status: 'fail',
  latencyMs: 120,
  diagnosis: diagnose(FIXTURE, { detail: 'fixture detail' }),
});
const pass = (server: string): CheckResult => ({
  server,
  check: 'token',
  status: 'pass',
  latencyMs: 120,
  diagnosis: null,
});
const report = (orgUrl: string, checks: CheckResult[], startedAt = STARTED): Report => ({
  startedAt,
  durationMs: 500,
  orgUrl,
  checks,
  metrics: [],
});
const production = report('https://acme.okta.com', [failed('default')]);

describe('one registry entry, and every view tells its code', () => {
  it("the registry holds it, and the plan names it among the token alarm's likely causes (its row's `alarms`)", () => {
    expect(isDiagnosisCode(FIXTURE)).toBe(true);
    const success = checkOutputs('token').find((output) => output.kind === 'success');
    expect(success?.kind === 'success' && success.alarm.runbook.causes).toContain(FIXTURE);
    expect(success?.kind === 'success' && success.alarm.severity).toBe('page');
    // The alarm's description lists it by its row's title.
    const causes = success?.kind === 'success' ? success.alarm.runbook.causes : [];
    expect(likelyCauses(causes)).toContain(`${FIXTURE} (${ROW.title})`);
  });

  it("the CLI's rendering: a failure (the token alarm pages), its code, its summary and its remedy", () => {
    const text = renderReport(production, { width: 200 });
    expect(text).toContain(FIXTURE);
    expect(text).toContain(ROW.summary);
    expect(text).toContain(ROW.remedy);
    expect(text).toMatch(/FAIL/);
  });

  it('JUnit: a failure of its type, with its summary', () => {
    const xml = junitReport(production);
    expect(xml).toContain(`<failure type="${FIXTURE}"`);
    expect(xml).toContain(ROW.summary);
  });

  it('the run line: its code and texts; the notifier: its code, summary and remedy under the page', () => {
    const line = runLogLine(production);
    expect(line.failures).toEqual([
      expect.objectContaining({ server: 'default', check: 'token', code: FIXTURE, remedy: ROW.remedy }),
    ]);
    const message = buildMessage({
      change: {
        alarmName: 'okta-synthetics-default-page',
        state: 'ALARM',
        reason: 'Composite alarm rule evaluated to TRUE',
        timestamp: '2026-11-27T06:01:00.000Z',
        previousTimestamp: '2026-11-27T05:00:00.000Z',
      },
      prefix: 'okta-synthetics',
      runs: [line],
    });
    expect(message.subject).toContain(FIXTURE);
    expect(message.text).toContain(`token: ${FIXTURE}`);
    expect(message.text).toContain(ROW.summary);
    expect(message.text).toContain(`Remedy: ${ROW.remedy}`);
  });

  it("the CLI's local alarms: the server's page alarm fires, as the stack's would, and its warn alarm stays OK", () => {
    const lines = [0, 1, 2].map((minute) =>
      runLogLine(report('https://acme.okta.com', [failed('default')], `2026-11-27T06:0${minute}:00.000Z`)),
    );
    const file = lines.reduce((kept, line) => evaluateRun(kept, line, 'okta-synthetics'), EMPTY_STATE);
    expect({
      page: file.alarms['okta-synthetics-default-page']?.state,
      warn: file.alarms['okta-synthetics-default-warn']?.state,
    }).toEqual({ page: 'ALARM', warn: 'OK' });
  });

  it("the status page: failing, the org's, told with the row's own caller sentence", () => {
    const [verdict] = runVerdicts(runLogLine(production), [{ id: 'default', kind: 'server' }]);
    expect(verdict).toMatchObject({ id: 'default', state: 'failing', fault: { code: FIXTURE, owner: 'org' } });
    expect(callerSentence({ id: 'default', kind: 'server', state: 'failing', fault: verdict!.fault })).toBe(ROW.caller);
  });

  it("the availability report: the server's downtime, the org's, with the code's title", () => {
    const lines = [0, 1, 2].map((minute) =>
      runLogLine(report('https://acme.okta.com', [failed('default')], `2026-11-27T06:0${minute}:00.000Z`)),
    );
    const availability = computeAvailability(lines, {
      period: rangePeriod('2026-11-27', '2026-11-28', Date.parse('2026-11-29T00:00:00Z')),
    });
    const [incident] = availability.incidents;
    expect(incident).toMatchObject({ fault: 'org', codes: [expect.objectContaining({ code: FIXTURE })] });
    expect(incident?.codes[0]?.title).toBe(ROW.title);
    expect(renderAvailabilityText(availability)).toContain(FIXTURE);
  });

  it("the quorum: the org's configuration is down by the default pageFor, whatever the region", () => {
    expect(judgeTargets(production.checks, 0, 60_000)['default']?.state).toBe('down');
  });

  it('the Preview comparison: failing in Preview alone is Production next (the row names no own setup)', () => {
    const compared = comparePreview(
      report('https://acme.okta.com', [pass('default')]),
      report('https://acme.oktapreview.com', [failed('ausPreview')]),
      { pairs: { ausPreview: 'default' }, diverging: {} },
    );
    expect(compared.pairs[0]).toMatchObject({ verdict: 'preview-ahead', code: FIXTURE });
    expect(compared.pairs[0]?.text).toContain('Production next');
  });
});
