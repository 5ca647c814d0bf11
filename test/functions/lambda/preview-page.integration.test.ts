// The deployed status page's Preview line when SSM holds the Preview summary's read past the page's time: the page
// waits its own budget (3 s) in real time, so this one case of preview.test.ts runs in the integration lane.
import { describe, expect, it } from 'vitest';
import { pageProblems, usePreviewHarness, usePreviewPage } from '../../support/preview-harness';

const { previewSim, invoke, invokePreview, jsonLines } = usePreviewHarness();

describe("the deployed status page's Preview line", () => {
  const { knobs, page, stderrOf } = usePreviewPage();

  it('publishes the page within its time when SSM does not answer: the line says not checked', async () => {
    previewSim().scenario = 'missing-scope';
    await invoke();
    await invokePreview();
    // Longer than the page's time (3 s) and than the SSM call's own timeout (5 s).
    knobs.holdReads = 60_000;
    const said = stderrOf();
    await invoke();
    expect(page().json.preview?.state).toBe('not-checked');
    expect(page().json.overall).toBe('ok');
    expect(pageProblems(jsonLines())).toContain("the Preview line's summary not read within the page's time");
    expect(said.join('')).toBe('');
  });
});
