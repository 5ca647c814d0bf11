// The runner map is typed against the registry: these lines compile only while that stays true, and the
// typecheck (npm run typecheck, part of CI) fails if a @ts-expect-error below stops being an error.
import { describe, expect, it } from 'vitest';
import { SERVER_RUNNERS, type ServerRunners } from '../../../functions/probe/runners';

describe('the runner map', () => {
  it('refuses, at compile time, a missing runner and a runner for an unknown check', () => {
    const { discovery: _dropped, ...missingOne } = SERVER_RUNNERS;
    // @ts-expect-error discovery has a row in the registry but no runner here
    const incomplete: ServerRunners = missingOne;
    // @ts-expect-error "bogus" is not a check of the registry
    const extra: ServerRunners = { ...SERVER_RUNNERS, bogus: SERVER_RUNNERS.discovery };
    expect([incomplete, extra]).toHaveLength(2);
  });
});
