// A passkey journey that passes, through the CLI: the companion checks with nothing to judge are N/A, never skipped,
// and `run` exits 0. The simulator's passwordless policy asks the passkey right after the username, so Okta judges no
// password and warns of no expiry.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import type { RunLogLine } from '../../../functions/contract';
import type { Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { IDX_JOURNEY } from '../../../sim/idx-scenarios';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { captureIo } from './helpers';

const sim = useSimulator({ scenario: 'idx-passkey-passwordless' });
const temp = useTempDir('okta-synthetics-passkey-run-');

describe('a passkey journey that signs in without a password', () => {
  it('passes, password-expiry N/A (no password judged), no check skipped, and the run exits 0', async () => {
    const dir = mkdtempSync(join(temp(), 'cfg-'));
    const config = await writeSimulatorConfig(sim(), dir);
    const io = captureIo({});
    const code = await main(['run', '--config', config, '--server', IDX_JOURNEY, '--json'], io);
    const report = JSON.parse(io.out()) as Report;
    const journey = report.checks.filter((c) => c.server === IDX_JOURNEY);
    expect(
      journey.find((c) => c.check === 'sign-in'),
      io.out(),
    ).toMatchObject({ status: 'pass' });
    // The JSON names the authenticator that answered, and each step with its time.
    expect(journey.find((c) => c.check === 'sign-in')?.observed).toMatchObject({
      authenticators: 'passkey',
      stepTimes: expect.stringMatching(/^interact \d+ ms > .*passkey \(passkey\) \d+ ms > /),
    });
    expect(journey.find((c) => c.check === 'password-expiry')).toMatchObject({
      status: 'n/a',
      skipReason: expect.stringMatching(/without a password/),
    });
    expect(journey.filter((c) => c.status === 'skip' || c.status === 'fail')).toEqual([]);
    // The password never left the probe.
    expect(sim().requests.filter((r) => r.path === '/idp/idx/challenge/answer')).toHaveLength(1);
    expect(code, io.out()).toBe(0);
  });

  it('says it signed in with the passkey, in the text report and in the run line the dashboard counts', async () => {
    const dir = mkdtempSync(join(temp(), 'cfg-'));
    const config = await writeSimulatorConfig(sim(), dir);
    const history = mkdtempSync(join(temp(), 'history-'));
    const io = captureIo({});
    const code = await main(['run', '--config', config, '--server', IDX_JOURNEY, '--history', history], io);
    expect(code, io.out()).toBe(0);
    const text = io.out().replace(/\s+/g, ' ');
    expect(text).toContain('Signed in with: passkey Steps: interact ');
    const [day] = readdirSync(history).filter((f) => f.endsWith('.jsonl'));
    const line = JSON.parse(
      readFileSync(join(history, day ?? ''), 'utf8')
        .trim()
        .split('\n')
        .at(-1) ?? '{}',
    ) as RunLogLine;
    expect(line.servers?.find((s) => s.id === IDX_JOURNEY)).toMatchObject({
      via: 'passkey',
      steps: expect.stringMatching(/^interact \d+, introspect \d+, .*passkey \d+, token \d+, userinfo \d+$/),
    });
  });
});
