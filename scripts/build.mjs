// Builds the CLI into dist/ with the local esbuild. Runs from `prepare`, so `npm ci` leaves a working
// `npx okta-synthetics`. Dependencies stay external: the CLI runs beside node_modules, the Lambda bundle
// (built by CDK's NodejsFunction) is the one that inlines everything.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(root, 'functions/cli/main.ts')],
  outfile: join(root, 'dist/cli.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
