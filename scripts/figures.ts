// The README's figures that drift as the code moves, computed from the code itself: how many diagnosis codes
// there are, how long the stack keeps the probe's run log by default, how large the probe's Lambda bundle is
// (built here with the options the stack's NodejsFunction uses). `npm run docs` writes them; the README test
// fails when one is stale.
import { buildSync } from 'esbuild';
import { DIAGNOSIS_CODES } from '../functions/contract';
import { DEPLOY_DEFAULTS } from '../functions/config/schema';
import { lambdaEntry } from '../lib/lambda-defaults';
import { lambdaBuildOptions } from './bench/bundle';

let bundleBytes: number | undefined;

/** The probe's Lambda bundle, bytes, as `cdk synth` builds it (minified, no source map counted); built once a process. */
export function probeBundleBytes(): number {
  if (bundleBytes === undefined) {
    const built = buildSync({ ...lambdaBuildOptions(lambdaEntry('probe'), 'bundle/index.mjs'), write: false, metafile: false, logLevel: 'silent' });
    bundleBytes = built.outputFiles.find((file) => file.path.endsWith('.mjs'))?.contents.length ?? 0;
  }
  return bundleBytes;
}

/** Each inline figure of README.md, by its marker name. */
export const FIGURES: Readonly<Record<string, () => string>> = {
  'diagnosis-code-count': () => String(DIAGNOSIS_CODES.length),
  'run-log-retention-days': () => String(DEPLOY_DEFAULTS.runLogRetentionDays),
  // MB of 10^6 bytes, as `ls -l` and npm print sizes.
  'probe-bundle-mb': () => (probeBundleBytes() / 1e6).toFixed(2),
};
