// The probe function in its Preview mode, end to end: Production's run keeps its verdicts, then the Preview schedule's
// event probes a second loopback org with the Preview secrets and pairs each check with Production's. What it tells is
// the pair table's verdicts and three totals, published without a per-check dimension; never a run line, never a throw.
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { KEPT_KEYS, keptStatePath, PREVIEW_LOG_MESSAGE } from '../../../functions/contract';
import type { ScenarioName } from '../../../sim/scenarios';
import { awsQuotas } from '../../support/aws-quotas';
import { closedPort } from '../../support/closed-port';
import { pageProblems, usePreviewHarness, usePreviewPage } from '../../support/preview-harness';

const { sim, previewSim, org, twoOrgs, cloudwatch, invoke, invokePreview, jsonLines, runLogs } = usePreviewHarness();

/**
 * Production's run, then the Preview run, with the Preview block naming its cell (OP1 Preview Cell (US)) in the
 * Lambda's bundled config, each org in its scenario.
 */
async function previewRunWithCell(production: ScenarioName, preview: ScenarioName) {
  org.cell = 'OP1 Preview Cell (US)';
  process.env.OKTA_SYNTHETICS_CONFIG = (await import('../../support/server-configs')).lambdaConfigEnv(
    twoOrgs(sim(), previewSim()),
  );
  sim().scenario = production;
  previewSim().scenario = preview;
  await invoke();
  return invokePreview();
}

/** The datums of the last PutMetricData call, by name. */
function lastTotals(): Record<string, { value: number; dimensions: Record<string, string> }> {
  const call = cloudwatch().commandCalls(PutMetricDataCommand).at(-1);
  return Object.fromEntries(
    (call?.args[0].input.MetricData ?? []).map((d) => [
      d.MetricName ?? '',
      {
        value: d.Value ?? NaN,
        dimensions: Object.fromEntries((d.Dimensions ?? []).map((x) => [x.Name ?? '', x.Value ?? ''])),
      },
    ]),
  );
}

interface PreviewLine {
  level: string;
  unavailable?: string;
  incident?: string;
  production: string;
  counts: Record<string, number>;
  pairs: { target: string; check: string; verdict: string; code?: string; text?: string }[];
}

function previewLines(): PreviewLine[] {
  return jsonLines()
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.message === PREVIEW_LOG_MESSAGE) as unknown as PreviewLine[];
}

describe("the probe function's Preview mode", () => {
  it('tells a scope dropped in Preview only as "Production next", and counts it in the totals', async () => {
    previewSim().scenario = 'missing-scope';
    await invoke();
    const runLinesBefore = runLogs().length;
    const result = await invokePreview();

    expect(result).toMatchObject({ preview: true, unavailable: false, ahead: 1, failing: 1 });
    const [line] = previewLines();
    expect(line?.level).toBe('INFO');
    expect(line?.pairs).toEqual([
      expect.objectContaining({
        target: 'default',
        check: 'validate',
        verdict: 'preview-ahead',
        code: 'MISSING_SCOPE',
      }),
    ]);
    expect(line?.pairs[0]?.text).toMatch(/^Fails in Preview since \S+: Production next\. default validate/);
    // The release it began with, from Okta's Preview release notes (the simulator's feed), as the CLI names it.
    expect(line?.pairs[0]?.text).toMatch(/release 20\d{2}\.\d{1,2}\.\d{1,2} \(Okta's Preview release notes, /);
    expect(line?.counts).toMatchObject({ failing: 1, ahead: 1, mirrors: expect.any(Number) as number });
    // Totals only, under one Server value: no check, no target.
    const totals = lastTotals();
    expect(totals).toEqual({
      PreviewUnavailable: { value: 0, dimensions: { Server: 'preview' } },
      PreviewFailingChecks: { value: 1, dimensions: { Server: 'preview' } },
      PreviewAheadOfProduction: { value: 1, dimensions: { Server: 'preview' } },
    });
    // The Preview run writes no run line: the availability report never counts it.
    expect(runLogs()).toHaveLength(runLinesBefore);
  });

  it('keeps "since" at the first Preview run that failed, across runs', async () => {
    previewSim().scenario = 'missing-scope';
    await invoke();
    await invokePreview();
    const first = previewLines()
      .at(-1)
      ?.pairs[0]?.text?.match(/since (\S+):/)?.[1];
    await new Promise((resolve) => setTimeout(resolve, 5));
    await invokePreview();
    const second = previewLines()
      .at(-1)
      ?.pairs[0]?.text?.match(/since (\S+):/)?.[1];
    expect(first).toBeDefined();
    expect(second).toBe(first);
  });

  it('tells Production failing with Preview passing as "Preview passes", and nothing ahead', async () => {
    sim().scenario = 'missing-scope';
    await invoke();
    await invokePreview();
    const [line] = previewLines();
    expect(line?.pairs).toEqual([
      expect.objectContaining({ target: 'default', check: 'validate', verdict: 'preview-passes' }),
    ]);
    expect(lastTotals().PreviewAheadOfProduction?.value).toBe(0);
    expect(lastTotals().PreviewFailingChecks?.value).toBe(0);
  });

  it('tells an unreachable Preview org as "Preview unavailable": one warning total, no pair, no throw', async () => {
    org.url = `http://127.0.0.1:${await closedPort()}`;
    process.env.OKTA_SYNTHETICS_CONFIG = (await import('../../support/server-configs')).lambdaConfigEnv(
      twoOrgs(sim(), previewSim()),
    );
    await invoke();
    const result = await invokePreview();
    expect(result).toMatchObject({ preview: true, unavailable: true, ahead: 0 });
    expect(previewLines()[0]?.unavailable).toMatch(/^Preview unavailable: http:\/\/127\.0\.0\.1:\d+ answered no check/);
    expect(previewLines()[0]?.pairs).toEqual([]);
    expect(lastTotals()).toEqual({
      PreviewUnavailable: { value: 1, dimensions: { Server: 'preview' } },
      PreviewAheadOfProduction: { value: 0, dimensions: { Server: 'preview' } },
    });
  });

  it("pairs nothing before Production's run has kept its verdicts, and says why", async () => {
    previewSim().scenario = 'missing-scope';
    await invokePreview();
    const [line] = previewLines();
    expect(line?.production).toBe('no Production run has kept its verdicts yet');
    expect(line?.pairs).toEqual([]);
    expect(lastTotals().PreviewAheadOfProduction?.value).toBe(0);
    expect(lastTotals().PreviewFailingChecks?.value).toBe(1);
  });

  it("tells a Preview failure during Okta's incident on the Preview cell as Preview unavailable", async () => {
    // Okta's one status feed (Production's statusPageUrl) has an open incident on the Preview cell alone.
    const result = await previewRunWithCell('preview-cell-incident', 'missing-scope');

    expect(result).toMatchObject({ preview: true, unavailable: true, ahead: 0 });
    const [line] = previewLines();
    expect(line?.unavailable).toMatch(
      /^Preview unavailable: Okta reports an incident on OP1 Preview Cell \(open: .+\); the Preview org's failures/,
    );
    expect(line?.pairs).toEqual([]);
    expect(lastTotals()).toEqual({
      PreviewUnavailable: { value: 1, dimensions: { Server: 'preview' } },
      PreviewAheadOfProduction: { value: 0, dimensions: { Server: 'preview' } },
    });
  });

  it("never takes Production's cell's incident for the Preview cell's: the failure stays Production next", async () => {
    // The open incident names US Cell 6 and US Cell 7, Production's (the simulated org's) cell: not OP1.
    const result = await previewRunWithCell('status-degraded', 'missing-scope');

    expect(result).toMatchObject({ preview: true, unavailable: false, ahead: 1 });
    const [line] = previewLines();
    expect(line?.unavailable).toBeUndefined();
    expect(line?.incident).toBeUndefined();
    expect(line?.pairs).toEqual([
      expect.objectContaining({ target: 'default', check: 'validate', verdict: 'preview-ahead' }),
    ]);
  });

  it("says Okta's incident on the Preview cell while the Preview org's checks pass, nothing ahead", async () => {
    const result = await previewRunWithCell('preview-cell-incident', 'healthy');

    // The one failing check is the Preview run's status check, which reads the incident.
    expect(result).toMatchObject({ preview: true, unavailable: false, ahead: 0, failing: 1 });
    const [line] = previewLines();
    expect(line?.incident).toMatch(
      /^Okta reports an incident on OP1 Preview Cell \(open: .+\); the Preview org's checks pass this run$/,
    );
    expect(line?.unavailable).toBeUndefined();
  });
});

// The deployed page's Preview line: the Preview run keeps its summary in the kept records' SSM parameter and the home
// region's Production run reads it back for the page it publishes to S3, both through the loopback AWS fake.
describe("the deployed status page's Preview line", () => {
  const { aws, knobs, summary: SUMMARY, page, stderrOf } = usePreviewPage();

  it('tells a check failing in Preview only as "Production next" on the next page, its state unchanged', async () => {
    // Parameter Store's standard throughput: the line gets through its throttled puts.
    knobs.quotas = awsQuotas();
    previewSim().scenario = 'missing-scope';
    await invoke();
    const before = page();
    expect(before.json.preview).toMatchObject({ state: 'not-checked', text: 'Preview org not checked yet.' });
    await invokePreview();
    await invoke();
    const after = page();
    const told = new RegExp(
      '^1 check fails in Preview only, Production next: the validate check of default: Granted scope missing ' +
        '\\(MISSING_SCOPE\\), since \\d{4}-',
    );
    expect(after.json.preview).toMatchObject({ state: 'ahead', text: expect.stringMatching(told) as string });
    expect(after.html).toContain(
      '<p class="preview-note ahead" data-preview="ahead"><span class="live">1 check fails in Preview only',
    );
    // Production passes: the page's overall state and its banner's colour are Production's alone.
    expect(after.json.overall).toBe('ok');
    expect(after.json.overall).toBe(before.json.overall);
    expect(after.html).toContain('<div class="banner live ok">');
  });

  it("never says Preview mirrors Production when Production's verdicts were not there to compare", async () => {
    // The Preview run first, as after a first deploy: nothing to pair with, so nothing kept for the page.
    await invokePreview();
    expect(aws().ssmParameters.has(SUMMARY)).toBe(false);
    await invoke();
    expect(page().json.preview).toMatchObject({ state: 'not-checked', text: 'Preview org not checked yet.' });
    // Then Production's verdicts are kept and the next Preview run compares.
    await invokePreview();
    await invoke();
    expect(page().json.preview?.text).toMatch(/^Preview mirrors Production: nothing ahead/);
  });

  it('says "Preview org unavailable" when the Preview run kept that the org answered nothing', async () => {
    org.url = `http://127.0.0.1:${await closedPort()}`;
    process.env.OKTA_SYNTHETICS_CONFIG = (await import('../../support/server-configs')).lambdaConfigEnv(
      twoOrgs(sim(), previewSim()),
    );
    await invoke();
    await invokePreview();
    await invoke();
    expect(page().json.preview?.text).toMatch(/^Preview org unavailable at its last check/);
    expect(page().json.overall).toBe('ok');
  });

  it('says "not checked since" of a summary older than three Preview periods', async () => {
    previewSim().scenario = 'missing-scope';
    await invoke();
    await invokePreview();
    // The record as a Preview run an hour ago kept it: every time in it an hour earlier.
    const kept = aws().ssmParameters.get(SUMMARY)!;
    const hourEarlier = (iso: string) => new Date(Date.parse(iso) - 3_600_000).toISOString();
    const summary = JSON.parse(kept.value) as { checkedAt: string; ahead: { since: string }[] };
    const old = {
      ...summary,
      checkedAt: hourEarlier(summary.checkedAt),
      ahead: summary.ahead.map((a) => ({ ...a, since: hourEarlier(a.since) })),
    };
    aws().ssmParameters.set(SUMMARY, { ...kept, value: JSON.stringify(old) });
    await invoke();
    expect(page().json.preview).toMatchObject({
      state: 'stale',
      text: expect.stringMatching(/^Preview org not checked since \d{4}-\d\d-\d\d \d\d:\d\d UTC/) as string,
    });
  });

  it('refuses a hand-edited summary: the line says not checked, and a WARN line says why', async () => {
    previewSim().scenario = 'missing-scope';
    await invoke();
    await invokePreview();
    const kept = aws().ssmParameters.get(SUMMARY)!;
    const summary = JSON.parse(kept.value) as { checkedAt: string; ahead: { since: string }[] };
    // A failure "since" after the run that found it: no Preview run of ours wrote that.
    const future = new Date(Date.parse(summary.checkedAt) + 60_000).toISOString();
    const forged = { ...summary, ahead: summary.ahead.map((a) => ({ ...a, since: future })) };
    aws().ssmParameters.set(SUMMARY, { ...kept, value: JSON.stringify(forged) });
    const said = stderrOf();
    await invoke();
    expect(page().json.preview).toMatchObject({ state: 'not-checked', text: 'Preview org not checked yet.' });
    expect(page().html).not.toContain('Production next');
    expect(pageProblems(jsonLines())).toContain(`the SSM parameter ${SUMMARY} is not a Preview summary of ours`);
    expect(said.join('')).toBe('');
  });

  it('publishes the page all the same when the summary cannot be read, and says so in a WARN line', async () => {
    previewSim().scenario = 'missing-scope';
    await invoke();
    await invokePreview();
    knobs.refuse = (operation, name) =>
      operation === 'ssm.GetParameter' && name === SUMMARY
        ? { status: 400, type: 'AccessDeniedException', message: 'not authorized' }
        : undefined;
    const said = stderrOf();
    await invoke();
    expect(page().json.preview?.state).toBe('not-checked');
    expect(page().json.overall).toBe('ok');
    expect(pageProblems(jsonLines())).toContain("the Preview line's summary not read");
    expect(said.join('')).toBe('');
  });

  // Each record the Preview run keeps, refused: never silent, never the run's end (the totals still go out).
  it.each([
    ['its summary', KEPT_KEYS.previewSummary, /the Preview line's summary not kept for the status page/],
    [
      "its failures' start",
      KEPT_KEYS.previewSince,
      /^the Preview failures' start not kept in .*preview\/since: .*not authorized.*; the next run dates each/,
    ],
  ])(
    'keeps the Preview run going when %s cannot be kept: logged at ERROR, the totals published',
    async (_, key, said) => {
      const refused = `${keptStatePath('okta-synthetics')}/${key}`;
      previewSim().scenario = 'missing-scope';
      await invoke();
      knobs.refuse = (operation, name) =>
        operation === 'ssm.PutParameter' && name === refused
          ? { status: 400, type: 'AccessDeniedException', message: 'not authorized' }
          : undefined;
      const result = await invokePreview();
      expect(result).toMatchObject({ preview: true, ahead: 1 });
      expect(previewLines().find((l) => l.level === 'ERROR')).toMatchObject({
        problem: expect.stringMatching(said) as string,
      });
      expect(lastTotals().PreviewAheadOfProduction?.value).toBe(1);
    },
  );
});
