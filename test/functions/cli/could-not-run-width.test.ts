// A "could not run" message (exit 3) is one line for a log and wrapped for a person: piped, a cron's log or a journal
// keeps it whole for grep; on a terminal it wraps at 80 columns like every other message.
import { describe, expect, it } from 'vitest';
import { commandFailure, CouldNotRunError, EXIT } from '../../../functions/cli/frame';

const LONG =
  'status: no AWS credentials (Could not load credentials from any providers): sign in as you would for the AWS ' +
  'CLI (aws sso login, aws configure, --profile NAME or AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) ' +
  'and run again';

function said(terminal?: { stdout: boolean; stderr: boolean; columns?: number }): { code?: number; text: string } {
  let text = '';
  const code = commandFailure(new CouldNotRunError(LONG), { stderr: (t) => (text += t), terminal });
  return { code, text };
}

describe('a could-not-run message', () => {
  it('piped: one line, whole, for a log and a grep', () => {
    const { code, text } = said();
    expect(code).toBe(EXIT.couldNotRun);
    expect(text).toBe(`okta-synthetics: ${LONG}\n`);
  });

  it('on a terminal: every line within 80 columns, the same words', () => {
    const { code, text } = said({ stdout: true, stderr: true, columns: 200 });
    expect(code).toBe(EXIT.couldNotRun);
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(text.replace(/\s+/g, ' ').trim()).toBe(`okta-synthetics: ${LONG}`);
  });
});
