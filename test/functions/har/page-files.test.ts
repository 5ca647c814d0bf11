// A failed browser journey's page beside its HAR: what the recorder keeps of it, and the files it makes.
import { describe, expect, it } from 'vitest';
import { HarCapture, pageFiles } from '../../../functions/har/capture';
import type { CheckResult } from '../../../functions/types';

const passed: CheckResult = { server: 'page', check: 'sign-in', status: 'pass', latencyMs: 10, diagnosis: null };
const blank = { code: 'SIGN_IN_PAGE_BLANK', summary: 's', remedy: 'r', requestId: null } as const;
const failed: CheckResult = { ...passed, status: 'fail', diagnosis: blank };

describe("a failed browser journey's page", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

  it('is a screenshot and a page trace, named after the HAR, for a failed check only', () => {
    const capture = new HarCapture();
    capture.page('page', 'sign-in', { screenshot: png, trace: 'first' });
    expect(pageFiles(failed, capture)).toEqual([
      ['.png', png],
      ['.page.har', 'first'],
    ]);
    expect(pageFiles(passed, capture)).toEqual([]);
  });

  it('keeps one a check and run, the first told; a trace without a screenshot is the trace alone', () => {
    const capture = new HarCapture();
    capture.page('page', 'sign-in', { trace: 'first' });
    capture.page('page', 'sign-in', { screenshot: png, trace: 'second' });
    expect(pageFiles(failed, capture)).toEqual([['.page.har', 'first']]);
    expect(pageFiles({ ...failed, server: 'other' }, capture)).toEqual([]);
  });
});
