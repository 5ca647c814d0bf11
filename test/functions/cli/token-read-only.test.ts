// A custom authorization server whose /token answers 503 E0000010 ("Service is in read only mode", okta-developer-docs
// data/error-codes.json): no API client gets a token, so the token check fails as Okta's outage and the run exits 1;
// read-only mode stays "no refusal" only for a journey's step.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import type { Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { captureIo } from './helpers';

const sim = useSimulator({ scenario: 'custom-token-read-only' });
const temp = useTempDir('okta-synthetics-token-read-only-');

describe('a /token in read-only mode', () => {
  it('fails OKTA_SERVER_ERROR quoting read-only mode, and the run exits 1', async () => {
    const config = await writeSimulatorConfig(sim(), mkdtempSync(join(temp(), 'cfg-')));
    const io = captureIo({});
    const code = await main(['run', '--config', config, '--json'], io);
    const report = JSON.parse(io.out()) as Report;
    const custom = report.checks.filter((c) => c.check === 'token' && c.server !== 'org');
    expect(custom[0]).toMatchObject({
      status: 'fail',
      diagnosis: { code: 'OKTA_SERVER_ERROR', httpStatus: 503, detail: expect.stringMatching(/read only mode/) },
    });
    // The journeys on that server: read-only mode is no refusal of the user's secret, a warning as before.
    const journeys = report.checks.filter((c) => c.check === 'sign-in' && c.diagnosis !== null);
    expect(journeys.map((c) => [c.status, c.diagnosis?.code])).toEqual([
      ['warn', 'OKTA_READ_ONLY_MODE'],
      ['warn', 'OKTA_READ_ONLY_MODE'],
    ]);
    expect(code).toBe(1);
  });
});
