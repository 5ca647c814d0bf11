// A passkey journey that passes, through the CLI: the companion checks with nothing to judge are N/A, never skipped,
// and `run` exits 0. The simulator's passwordless policy asks the passkey right after the username, so Okta judges no
// password and warns of no expiry.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
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
    expect(journey.find((c) => c.check === 'password-expiry')).toMatchObject({
      status: 'n/a',
      skipReason: expect.stringMatching(/without a password/),
    });
    expect(journey.filter((c) => c.status === 'skip' || c.status === 'fail')).toEqual([]);
    // The password never left the probe.
    expect(sim().requests.filter((r) => r.path === '/idp/idx/challenge/answer')).toHaveLength(1);
    expect(code, io.out()).toBe(0);
  });
});
