// Builds the CLI into dist/ with the local esbuild. Runs from `prepare`, so `npm ci` leaves a working
// `npx okta-synthetics`. Dependencies stay external: the CLI runs beside node_modules, the Lambda bundle
// (built by CDK's NodejsFunction) is the one that inlines everything. Split at each import(): each command's code
// loads when it runs, so --version and --help answer without loading the probe. Chunk names carry their content's
// hash, so a rebuild never rewrites a chunk that a running CLI may still import; old ones stay until dist/ is removed.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(root, 'functions/cli/main.ts')],
  outdir: join(root, 'dist'),
  splitting: true,
  entryNames: 'cli',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
