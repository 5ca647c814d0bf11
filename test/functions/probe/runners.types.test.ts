// The runner map is typed against the registry: these lines compile only while that stays true, and the
// typecheck (npm run typecheck, part of CI) fails if a @ts-expect-error below stops being an error.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../functions/contract';
import { CHECK_TABLE } from '../../../functions/plan/check-table';
import { FEED_RUNNERS, SERVER_RUNNERS, type ServerRunners } from '../../../functions/probe/runners';

describe('the runner map', () => {
  it('has exactly one runner per check of the registry', () => {
    expect([...Object.keys(SERVER_RUNNERS), ...Object.keys(FEED_RUNNERS)].sort()).toEqual([...CHECKS].sort());
    expect(Object.keys(FEED_RUNNERS)).toEqual(CHECKS.filter((c) => CHECK_TABLE[c].target === 'feed'));
  });

  it('refuses, at compile time, a missing runner and a runner for an unknown check', () => {
    const { discovery: _dropped, ...missingOne } = SERVER_RUNNERS;
    // @ts-expect-error discovery has a row in the registry but no runner here
    const incomplete: ServerRunners = missingOne;
    // @ts-expect-error "bogus" is not a check of the registry
    const extra: ServerRunners = { ...SERVER_RUNNERS, bogus: SERVER_RUNNERS.discovery };
    expect([incomplete, extra]).toHaveLength(2);
  });
});
