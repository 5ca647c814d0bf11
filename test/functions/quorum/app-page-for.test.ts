// A journey's app refusing the sign-in pages only where the journey's pageFor names "app": the app's code is neither
// Okta's nor the org's configuration, so the default pageFor warns of it.
import { describe, expect, it } from 'vitest';
import { judgeTargets } from '../../../functions/quorum/decide';
import type { CheckResult } from '../../../functions/types';

const refused: CheckResult = {
  server: 'expenses',
  check: 'app-sign-in',
  latencyMs: null,
  status: 'fail',
  diagnosis: {
    code: 'APP_AUDIENCE_MISMATCH',
    summary: 'The app expects another audience.',
    remedy: 'Make the two agree.',
    requestId: null,
  },
};

describe('pageFor "app"', () => {
  it('judges the app-sign-in failure down where pageFor names "app", its own (a warning) by default', () => {
    const byDefault = judgeTargets([refused], 0, 60_000);
    const paging = judgeTargets([refused], 0, 60_000, { expenses: ['okta', 'org', 'app'] });

    expect(byDefault['expenses']?.state).toBe('own');
    expect(paging['expenses']?.state).toBe('down');
  });
});
