// What scrubbing the probe's run line once more would cost at the finish: a 90-server line of the worst case's shape
// (632 failures, each detail at its 500-character cap: BENCHMARKS.md section h) against 90 secrets (45 RSA keys'
// PEMs, 45 client secrets), scrubbed whole with redactAll as the logger scrubs a line. Why the probe writes its run
// line with Logger.scrubbedLine: runLogLine scrubbed each text with the same secrets already.
// `npx --no-install tsx scripts/bench/run-line-scrub.ts`
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type { RunLogLine } from '../../functions/contract';
import { redactAll } from '../../functions/text/redact';
import { simulateMonth } from '../../sim/month';

const SERVERS = 90;
const FAILURES = 632;
const ROUNDS = 7;

const [base] = simulateMonth({
  month: '2026-10',
  servers: Array.from({ length: SERVERS }, (_, i) => `server-${i}`),
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
const detail = (i: number): string => `the check did not answer within its deadline ${'x'.repeat(440)} ${i}`;
const line: RunLogLine = {
  ...base,
  failures: Array.from({ length: FAILURES }, (_, i) => ({
    ...base.failures[i % base.failures.length]!,
    summary: detail(i).slice(0, 120),
    detail: detail(i),
  })),
};
const pem = (): string =>
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const secrets = [
  ...Array.from({ length: SERVERS / 2 }, pem),
  ...Array.from({ length: SERVERS / 2 }, () => randomBytes(30).toString('base64url')),
];

// The first pass fills the scrubber's memo of each secret's encoded forms, as the run's own scrub has by the finish.
redactAll(line, secrets);
const times: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const start = performance.now();
  redactAll(line, secrets);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const ms = (value: number | undefined): string => `${(value ?? NaN).toFixed(0)} ms`;
console.log(
  `run line ${JSON.stringify(line).length} bytes, ${secrets.length} secrets, load ${loadavg()[0]?.toFixed(1)}: ` +
    `scrubbed again in ${ms(times[0])} at best, ${ms(times[ROUNDS >> 1])} median, ${ms(times.at(-1))} at worst`,
);
