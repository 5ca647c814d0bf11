// The figures in the docs that drift as the code moves, computed from the code itself, per file: how many diagnosis
// codes there are, which Node the CLI and the Lambda need, how soon a failure pages, how long the stack keeps the
// probe's run log, how large the probe's Lambda bundle is in all (built here with the options of the stack's bundling
// step, split at each import()). `npm run docs` writes them; the docs test fails when one is stale, and the README test
// fails on a figure in the README that is not one of these.
import { readFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { DIAGNOSIS_CODES } from '../functions/contract';
import { DEPLOY_DEFAULTS } from '../functions/config/schema';
import { fileURLToPath } from 'node:url';
import { loadConfigFile } from '../functions/config/parse';
import { regionPlan } from '../functions/plan/region-plan';
import { lambdaEntry, splitBuildOptions } from '../lib/lambda-defaults';

let bundleBytes: number | undefined;

/**
 * The probe's Lambda bundle, bytes, every file as `cdk synth` builds it (minified, no source map counted); built once
 * a process.
 */
export function probeBundleBytes(): number {
  if (bundleBytes === undefined) {
    const built = buildSync({
      ...splitBuildOptions(lambdaEntry('probe')),
      outdir: 'bundle',
      write: false,
      metafile: false,
      logLevel: 'silent',
    });
    bundleBytes = built.outputFiles
      .filter((file) => file.path.endsWith('.mjs'))
      .reduce((total, file) => total + file.contents.length, 0);
  }
  return bundleBytes;
}

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** package.json's engines floor, "22.19". */
export const nodeFloor = (): string =>
  /(\d+\.\d+)/.exec((JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node)?.[1] ?? '';

/** The Lambda's Node major, from the runtime lib/lambda-defaults.ts sets ("24"). */
export const lambdaNode = (): string => /Runtime\.NODEJS_(\d+)_X/.exec(read('lib/lambda-defaults.ts'))?.[1] ?? '';

/** How soon the example's deployment pages, from its plan: the fast path's seconds, or the alarms' minutes. */
export function pageWithin(): string {
  const example = loadConfigFile(
    fileURLToPath(new URL('../okta-synthetics.example.json', import.meta.url)),
    'deploy',
    {},
  );
  if (!example.ok) throw new Error(`okta-synthetics.example.json: ${example.errors.join('; ')}`);
  const { pageWithinSeconds } = regionPlan(example.config).page;
  return pageWithinSeconds < 120 ? `${pageWithinSeconds} seconds` : `${pageWithinSeconds / 60} minutes`;
}

/** Each file's inline figures, by marker name. */
export const FIGURES: Readonly<Record<string, Readonly<Record<string, () => string>>>> = {
  'README.md': {
    'diagnosis-code-count': () => String(DIAGNOSIS_CODES.length),
    'node-floor': nodeFloor,
    'lambda-node': lambdaNode,
    'page-within': pageWithin,
  },
  'docs/deploying.md': {
    'run-log-retention-days': () => String(DEPLOY_DEFAULTS.runLogRetentionDays),
  },
  'docs/development.md': {
    'node-floor': nodeFloor,
    'lambda-node': lambdaNode,
  },
  'docs/performance.md': {
    // MB of 10^6 bytes, as `ls -l` and npm print sizes.
    'probe-bundle-mb': () => (probeBundleBytes() / 1e6).toFixed(2),
  },
};
