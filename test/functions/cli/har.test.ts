// run --har DIR, as users run it: a sanitized trace per failed check, files only their owner reads, none for a run
// where nothing failed, and a folder that cannot be made refused before anything is sent.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSimulatorConfig } from '../../../sim/config';
import { startSimulator } from '../../../sim/server';
import { harErrors } from '../../support/har-schema';
import { useTempDir } from '../../support/temp-dir';
import { buildOnce, runCli } from './helpers';
import { harLines } from '../../../functions/cli/run';

const dir = useTempDir('okta-synthetics-cli-har-');
beforeAll(buildOnce);

async function runWithHar(
  scenario: 'healthy' | 'resource-scope',
  har: string,
): Promise<{ stderr: string; code: number | null }> {
  const sim = await startSimulator({ scenario });
  try {
    const config = await writeSimulatorConfig(sim, join(dir(), scenario));
    return await runCli(['run', '--config', config, '--server', 'default', '--har', har]);
  } finally {
    await sim.close();
  }
}

describe('run --har DIR', () => {
  it('lists the traces a file a line within 80 columns, where one line of them ran to 751', () => {
    const folder = 'traces';
    const written = ['org-token', 'default-token', 'default-validate', 'portal-sign-in', 'default-resource'].map(
      (check) => `${folder}/2026-11-27T10-44-47.123Z-${check}.har`,
    );
    const lines = harLines({ written, failed: [`${folder}/x.har`] }, 80)
      .trimEnd()
      .split('\n');
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    expect(lines).toEqual([
      'HTTP traces (sanitized HAR) for Okta Support:',
      ...written.slice(0, 4).map((file) => `  ${file}`),
      "HTTP traces (sanitized HAR) of your own API's answers, not Okta's:",
      `  ${written[4]}`,
      'Could not write:',
      `  ${folder}/x.har`,
    ]);
  });

  it('writes one HAR 1.2 file per failed check, 0600 in a 0700 folder, and names them', async () => {
    const har = join(dir(), 'traces');
    const { stderr } = await runWithHar('resource-scope', har);
    const files = readdirSync(har);
    expect(files).toEqual([expect.stringMatching(/-default-resource\.har$/)]);
    expect(statSync(har).mode & 0o777).toBe(0o700);
    expect(statSync(join(har, files[0]!)).mode & 0o777).toBe(0o600);
    // The resource check's trace is of the admin's own API: announced as theirs, never as one for Okta Support.
    expect(stderr).toContain(
      `HTTP traces (sanitized HAR) of your own API's answers, not Okta's:\n  ${join(har, files[0]!)}\n`,
    );
    expect(stderr).not.toContain('for Okta Support');
    const trace = JSON.parse(readFileSync(join(har, files[0]!), 'utf8')) as {
      log: { entries: { request: { url: string; headers: { name: string; value: string }[] } }[] };
    };
    expect(harErrors(trace)).toEqual([]);
    // The resource check's trace: the token call it needs, then the API call, its bearer token's claims without its
    // signature (whoever runs the API reads the aud and scp it refused).
    expect(trace.log.entries.map((e) => new URL(e.request.url).pathname)).toEqual([
      '/oauth2/default/v1/token',
      '/resource-api/orders',
    ]);
    const bearer = trace.log.entries[1]?.request.headers.find((h) => h.name === 'authorization')?.value;
    expect(bearer).toMatch(/^Bearer \[JWT, signature removed\] header=\{.*"scp":\[/);
  });

  it('demo --har writes the traces of a simulated failure, as run --har does', async () => {
    const har = join(dir(), 'demo');
    const { stderr } = await runCli(['demo', '--scenario', 'resource-down', '--har', har]);
    expect(readdirSync(har)).toEqual([expect.stringMatching(/-default-resource\.har$/)]);
    expect(stderr).toContain("HTTP traces (sanitized HAR) of your own API's answers, not Okta's:");
  });

  it('writes nothing when nothing failed', async () => {
    const har = join(dir(), 'quiet');
    const { stderr, code } = await runWithHar('healthy', har);
    expect(code).toBe(0);
    expect(readdirSync(har)).toEqual([]);
    expect(stderr).not.toContain('HTTP traces');
  });

  it('refuses a folder it cannot make, naming it, before it probes', async () => {
    const blocker = join(dir(), 'a-file');
    writeFileSync(blocker, '');
    const sim = await startSimulator({ scenario: 'healthy' });
    try {
      const config = await writeSimulatorConfig(sim, join(dir(), 'refused'));
      sim.resetRequests();
      const { stderr, code } = await runCli(['run', '--config', config, '--har', join(blocker, 'x')]);
      expect(code).not.toBe(0);
      expect(stderr).toContain(`--har ${join(blocker, 'x')}: cannot create the folder`);
      expect(sim.requests).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
