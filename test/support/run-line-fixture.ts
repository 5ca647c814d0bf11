// A well-formed run line, from the simulated month, for the tests that forge one member at a time: the parser's
// type checks and the bounds that follow them start from the same good line.
import type { RunLogLine } from '../../functions/contract';
import { simulateMonth } from '../../sim/month';

/** One minute of a month whose token check fails: a line with a server and a failure to forge members of. */
export const [goodRunLine] = simulateMonth({
  month: '2026-10',
  servers: ['default'],
  events: [
    {
      kind: 'failure',
      servers: '*',
      from: '2026-10-01T00:00:00Z',
      minutes: 1,
      check: 'token',
      code: 'OKTA_SERVER_ERROR',
      httpStatus: 503,
    },
  ],
}) as [RunLogLine];

/** The good line with one member replaced (undefined: removed), as text. */
export function withMember(key: string, value: unknown): string {
  return JSON.stringify({ ...goodRunLine, [key]: value });
}
