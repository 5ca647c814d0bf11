// Random secrets through every output path, in every encoding an output may give them: a report whose diagnosis
// detail, observed facts and Okta's quoted error carry the secret, as no engine scrubbed it (each path scrubs on its
// own, with the run's secret list), read back from the terminal report, the JSON report, JUnit, the run line (the
// Lambda's log line and the history file alike), the history file on disk, and the notification built from the run
// line. No reading of any output holds the secret, nor the head or tail of a cut piece of it.
//
// The notification path never holds the secrets (the notifier is another Lambda, the local notifier runs after the
// run line): its input is the run line, scrubbed by runLogLine with the run's list, and this test proves the message
// built from it holds nothing more.
import { readFileSync } from 'node:fs';
import { decodeHTML } from 'entities/decode';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendRunLine } from '../../../functions/cli/history';
import { junitReport } from '../../../functions/cli/junit';
import { jsonReport, renderReport } from '../../../functions/cli/render';
import { buildMessage } from '../../../functions/notify/message';
import { runLogLine } from '../../../functions/report/run-line';
import { MIN_SECRET_PART } from '../../../functions/text/redact';
import type { Report } from '../../../functions/types';
import { ENCODINGS } from '../../support/encodings';
import { stringsOf } from '../../support/strings-of';
import { useTempDir } from '../../support/temp-dir';

const RUNS = { numRuns: 25 };
const secretArb = fc.stringMatching(/^[A-Za-z0-9_~.-]{12,40}$/);
const PREFIX = 'okta-synthetics';
const STARTED = '2026-11-24T12:00:00.000Z';

/**
 * A failing check quoting the secret three ways, and a passing one whose observed fact the terminal cuts to its width.
 */
function reportWith(text: string): Report {
  return {
    startedAt: STARTED,
    durationMs: 900,
    orgUrl: 'https://acme.okta.com',
    metrics: [],
    checks: [
      {
        server: 'default',
        check: 'token',
        status: 'fail',
        latencyMs: 120,
        observed: { answer: `Okta said ${text}` },
        diagnosis: {
          code: 'INVALID_CLIENT',
          summary: 'Okta refused the client credentials.',
          remedy: 'Put the client secret again.',
          requestId: 'req-1',
          httpStatus: 401,
          detail: `Okta answered "invalid_client: ${text}"`,
          oktaError: `invalid_client ${text}`,
          systemLog: { reason: `app.oauth2.as.token.grant FAILURE: ${text}`, changes: [`secret rotated ${text}`] },
        },
      },
      {
        server: 'default',
        check: 'discovery',
        status: 'pass',
        latencyMs: 40,
        diagnosis: null,
        observed: { echoed: `${'x'.repeat(20)} ${text}` },
      },
    ],
  };
}

/** Each reading of an output: as written, its XML or HTML references undone, its wrapped or folded lines joined. */
function readings(out: string, decode: (text: string) => string): string[] {
  const plain = [out, decodeHTML(out), out.replace(/\r?\n[ \t]*/g, ''), out.replace(/\r?\n[ \t]*/g, ' ')];
  return [...plain, ...plain.map(decode)];
}

describe(
  `every output path: random secrets in each of ${Object.keys(ENCODINGS).length} ` + `encodings never survive`,
  () => {
    const dir = useTempDir('scrub-outputs-');

    for (const [name, { encode, decode }] of Object.entries(ENCODINGS)) {
      it(`${name}: the terminal, JSON, JUnit, run line, history and notification hold no reading of the secret`, () => {
        fc.assert(
          fc.property(secretArb, fc.nat(), (secret, n) => {
            const cut = 1 + (n % (secret.length - 1));
            const report = reportWith(encode(secret, cut));
            const secrets = [secret];
            const line = runLogLine(report, { secrets });
            const history = readFileSync(appendRunLine(dir(), line), 'utf8');
            const message = buildMessage({
              change: {
                alarmName: `${PREFIX}-default-page`,
                state: 'ALARM',
                reason: 'Composite alarm rule evaluated to TRUE',
                timestamp: STARTED,
              },
              prefix: PREFIX,
              runs: [line],
            });
            const outputs: Record<string, string> = {
              terminal: renderReport(report, { secrets, width: 60 }),
              'terminal, compact': renderReport(report, { secrets, width: 60, compact: true }),
              json: stringsOf(JSON.parse(jsonReport(report, secrets))).join('\n'),
              junit: junitReport(report, 'fail', secrets),
              'run line': stringsOf(line).join('\n'),
              history: stringsOf(
                history
                  .trim()
                  .split('\n')
                  .map((l) => JSON.parse(l) as unknown),
              ).join('\n'),
              notification: [message.subject, message.text, ...stringsOf(message.chat)].join('\n'),
            };
            for (const [path, out] of Object.entries(outputs)) {
              for (const reading of readings(out, decode)) {
                expect(reading.includes(secret), `${path} holds the secret`).toBe(false);
                // A cut (the terminal's width, the subject's length) must not leave a piece of it either.
                if (name === 'raw') {
                  expect(reading.includes(secret.slice(0, MIN_SECRET_PART)), `${path} holds the secret's head`).toBe(
                    false,
                  );
                  expect(reading.includes(secret.slice(-MIN_SECRET_PART)), `${path} holds the secret's tail`).toBe(
                    false,
                  );
                }
              }
            }
            // The paths did print the failure: the test reads real output, not an empty one.
            expect(outputs.terminal).toContain('INVALID_CLIENT');
            expect(outputs.junit).toContain('INVALID_CLIENT');
            expect(message.text).toContain('INVALID_CLIENT');
          }),
          RUNS,
        );
      });
    }
  },
);
