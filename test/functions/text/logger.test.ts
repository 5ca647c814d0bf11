// The one Logger (functions/text/logger.ts), as the CLI's run makes it: the message alone on stderr, as the CLI always
// said it, every line scrubbed of the secrets the run registered once and of the tokens the run adds to the same list.
import { describe, expect, it } from 'vitest';
import { Logger, textLogger } from '../../../functions/text/logger';

const CLIENT_SECRET = 'cs-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const TOKEN = 'opaque-access-token-1a2b3c4d5e6f7a8b9c0d';

/** A run's logger whose lines are kept, its client secret registered and, as the engine does, a token added. */
function runLogger(): { lines: string[]; log: ReturnType<typeof textLogger> } {
  const lines: string[] = [];
  const log = textLogger((text) => lines.push(text));
  log.registerSecrets([CLIENT_SECRET, CLIENT_SECRET, '']);
  log.secrets.push(TOKEN);
  return { lines, log };
}

describe("the CLI run's logger", () => {
  it('writes the message alone, as stderr always read, scrubbed of the client secret and the token', () => {
    const { lines, log } = runLogger();
    log.appendKeys({ runId: '2026-11-28T10:00:00.000Z' });
    log.warn(`run: --history /tmp/h: not kept (refused ${CLIENT_SECRET} with ${TOKEN})\n`);
    log.info('JUnit report: /tmp/junit.xml\n');
    expect(lines).toEqual([
      'run: --history /tmp/h: not kept (refused [REDACTED] with [REDACTED])\n',
      'JUnit report: /tmp/junit.xml\n',
    ]);
  });

  it('registers each secret once and keeps one live list for the outputs that scrub with it', () => {
    const { log } = runLogger();
    log.registerSecrets([TOKEN]);
    expect(log.secrets).toEqual([CLIENT_SECRET, TOKEN]);
  });

  it("writes a line the caller scrubbed (the probe's run line) with its message and keys scrubbed here", () => {
    const lines: string[] = [];
    const log = new Logger(
      ({ level, message, keys, fields }) => JSON.stringify({ level, message, ...keys, ...fields }),
      (text) => lines.push(text),
    );
    log.registerSecrets([CLIENT_SECRET]);
    log.appendKeys({ requestId: 'req-1', note: `echoed ${CLIENT_SECRET}` });
    log.scrubbedLine('WARN', `okta-synthetics run ${CLIENT_SECRET}`, { failed: 1, detail: 'refused [REDACTED]' });
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        level: 'WARN',
        message: 'okta-synthetics run [REDACTED]',
        requestId: 'req-1',
        note: 'echoed [REDACTED]',
        failed: 1,
        detail: 'refused [REDACTED]',
      },
    ]);
  });
});
