// The README's "no Docker": the committed example synthesizes with real bundling while every Docker command the CDK
// could run (it runs $CDK_DOCKER, else `docker`) is a script that leaves a mark and fails. Each function is bundled by
// the local esbuild, and nothing ever asked for Docker.
import { App } from 'aws-cdk-lib';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, EXAMPLE_CONFIG_PATH } from '../../lib/build-app';
import { LAMBDA_DEFAULTS } from '../../lib/lambda-defaults';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-no-docker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cdk synth', () => {
  it('bundles every function with the local esbuild and never runs Docker', () => {
    const mark = join(dir, 'docker-ran');
    const docker = join(dir, 'docker');
    writeFileSync(docker, `#!/bin/sh\necho "$@" >> '${mark}'\nexit 1\n`);
    chmodSync(docker, 0o755);
    const saved = process.env.CDK_DOCKER;
    process.env.CDK_DOCKER = docker;
    try {
      const app = new App({ outdir: join(dir, 'cdk.out') });
      const env = { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'us-east-1' };
      const built = buildApp(app, { configPath: EXAMPLE_CONFIG_PATH, env });
      if (!built.ok) throw new Error(built.errors.join('; '));
      const assembly = app.synth();
      const bundles = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
      expect(bundles.length).toBeGreaterThan(0);
      for (const bundle of bundles)
        expect(
          readdirSync(join(assembly.directory, bundle)).some((f) => f.endsWith('.mjs')),
          bundle,
        ).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.CDK_DOCKER;
      else process.env.CDK_DOCKER = saved;
    }
    expect(existsSync(mark)).toBe(false);
    expect(LAMBDA_DEFAULTS.bundling.forceDockerBundling).toBe(false);
  }, 300_000);
});
