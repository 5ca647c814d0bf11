// The cost estimate counts what each journey adds to the run line: its entry names the authenticators that answered
// and its steps' times, not just an id and a latency.
import { describe, expect, it } from 'vitest';
import { RUN_LINE_SIGN_IN_CHARS } from '../../../functions/contract';
import { serversFieldBytes } from '../../../functions/report/run-line';

describe('the run line bytes of the cost estimate', () => {
  it('counts a journey with its via and steps: more than a server, less than the most the line keeps', () => {
    const server = serversFieldBytes(['default', 'portal']) - serversFieldBytes(['default']);
    const journey = serversFieldBytes(['default'], ['portal']) - serversFieldBytes(['default']);
    expect(journey - server).toBeGreaterThan(100);
    expect(journey - server).toBeLessThan(RUN_LINE_SIGN_IN_CHARS.via + RUN_LINE_SIGN_IN_CHARS.steps + 20);
  });
});
