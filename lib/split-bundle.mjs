// The probe's bundle split at each import(), run by its bundling step (splitBundleCommand in lib/lambda-defaults.ts)
// after NodejsFunction's own esbuild pass: the same options plus splitting, written over that pass's index.mjs.
// Arguments: esbuild's options as base64url JSON, and the output directory.
import { Buffer } from 'node:buffer';
import { build } from 'esbuild';

const [options, outdir] = process.argv.slice(2);
if (options === undefined || outdir === undefined) {
  process.stderr.write('usage: split-bundle.mjs <esbuild options, base64url JSON> <output directory>\n');
  process.exit(2);
}
await build({ ...JSON.parse(Buffer.from(options, 'base64url').toString('utf8')), outdir });
