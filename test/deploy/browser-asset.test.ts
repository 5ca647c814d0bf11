// The "browser" journey as it deploys: its function's asset, synthesized with real bundling and unpacked as
// `cdk deploy` ships it, run as Lambda runs it (a user who owns none of its files, Node 24 under the function's memory,
// only /tmp writable, its AWS calls to the loopback fake) against the simulator's hosted sign-in page. Chromium is the
// one @sparticuz/chromium ships, decompressed into the invocation's /tmp, driven by playwright-core from the asset.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealsSecret } from '../../functions/text/redact';
import { BROWSER_PART, PROBE_PART_ENV } from '../../functions/plan/browser-part';
import { browserPackageDirs } from '../../lib/browser-function';
import {
  BROWSER_FUNCTION,
  BROWSER_JOURNEY,
  JOURNEY_TABLE_NAME,
  journeyDueAgain,
  PAGE_SECRET,
  startBrowserDeployment,
  type BrowserDeployment,
} from '../support/browser-deployment';
import { NODE24, unreadableByOthers } from '../support/lambda-asset';
import { useSimulator } from '../support/simulator';

const sim = useSimulator({ scenario: 'sign-in-page' });
let deployment: BrowserDeployment;
let run: Awaited<ReturnType<BrowserDeployment['browser']['invoke']>>;

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  expect(existsSync(NODE24), `${NODE24}: npm ci installs the node@24 devDependency`).toBe(true);
  deployment = await startBrowserDeployment(sim());
  run = await deployment.browser.invoke({ event: {}, env: { AWS_ENDPOINT_URL: deployment.aws.url } });
}, 300_000);
afterAll(async () => {
  await deployment?.close();
});

describe('the browser function, run as Lambda runs it', () => {
  it("holds @sparticuz/chromium's brotli files as shipped, beside playwright-core, readable by all", () => {
    const asset = deployment.functions.get(BROWSER_FUNCTION)!.assetDir;
    const packaged = browserPackageDirs().get('@sparticuz/chromium')!;
    for (const file of readdirSync(join(packaged, 'bin')))
      expect(sha(join(asset, 'node_modules/@sparticuz/chromium/bin', file)), file).toBe(
        sha(join(packaged, 'bin', file)),
      );
    expect(existsSync(join(asset, 'node_modules/playwright-core/package.json'))).toBe(true);
    expect(existsSync(join(asset, 'node_modules/tar-fs/package.json'))).toBe(true);
    // The bundle is the probe's: its handler, beside its configuration; Chromium never went through esbuild.
    expect(statSync(join(asset, 'index.mjs')).size).toBeLessThan(10 * 1024 * 1024);
    expect(unreadableByOthers(asset)).toEqual([]);
    expect(deployment.functions.get(BROWSER_FUNCTION)!.env[PROBE_PART_ENV]).toBe(BROWSER_PART);
  });

  it('signs the page user in through the hosted page in its own Chromium, and publishes the journey alone', () => {
    expect(run.error, run.stderr).toBeUndefined();
    const line = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => Array.isArray(l.checks) || Array.isArray(l.failures) || 'servers' in l);
    expect(line, run.stdout + run.stderr).toBeDefined();
    expect(JSON.stringify(line)).toContain(BROWSER_JOURNEY);
    const { aws } = deployment;
    const reads = aws.calls.filter((c) => c.operation === 'secretsmanager.GetSecretValue').map((c) => c.input.SecretId);
    // The page user's secret alone: the browser function runs no server's check, so reads no server's credential.
    expect(reads).toEqual([PAGE_SECRET]);
    const data = aws.calls
      .filter((c) => c.operation === 'cloudwatch.PutMetricData')
      .flatMap(
        (c) =>
          c.input.MetricData as { MetricName: string; Dimensions: { Name: string; Value: string }[]; Value: number }[],
      );
    const servers = new Set(data.flatMap((d) => d.Dimensions.filter((x) => x.Name === 'Server').map((x) => x.Value)));
    expect([...servers]).toEqual([BROWSER_JOURNEY]);
    const success = data.find(
      (d) => d.MetricName === 'CheckSuccess' && d.Dimensions.some((x) => x.Name === 'Check' && x.Value === 'sign-in'),
    );
    expect(success?.Value, JSON.stringify(line)).toBe(1);
    // The lockout memory every journey shares: its state is in the journeys' table, as the probe's are.
    expect(aws.dynamoTables.get(JOURNEY_TABLE_NAME)?.has(`${BROWSER_JOURNEY}|state`)).toBe(true);
    const user = sim().clients.signIn.pageUser;
    expect(revealsSecret(run.stdout + run.stderr, [user.password, user.totpSecret])).toBe(false);
  });

  it("runs the package's Chromium or none: one it cannot unpack fails the run, never replaced by another", async () => {
    // This machine has Debian's Chromium at /usr/bin/chromium, which a CLI run would find. With /tmp out of reach
    // (TMPDIR the read-only task root) the package's cannot be decompressed: the run fails, and says why.
    const { aws, browser } = deployment;
    journeyDueAgain(aws);
    const before = aws.calls.filter((c) => c.operation === 'cloudwatch.PutMetricData').length;
    const unpackable = await browser.invoke({
      event: {},
      env: { AWS_ENDPOINT_URL: aws.url, TMPDIR: browser.taskRoot },
    });
    // A deployment bug, not a finding of the org: the invocation fails, and its queue's alarm tells.
    expect(unpackable.error?.errorMessage, unpackable.stdout).toContain(
      "the function's Chromium (@sparticuz/chromium) could not be unpacked",
    );
    const published = aws.calls.filter((c) => c.operation === 'cloudwatch.PutMetricData').length;
    expect(published).toBe(before);
  });
});
