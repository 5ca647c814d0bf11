#!/usr/bin/env node
// Entry for `npx okta-synthetics`. dist/ is built by `npm ci` (the prepare script); build it here if a
// checkout skipped that, so the command never fails for a missing build.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli.mjs');
if (!existsSync(cli)) {
  await import(pathToFileURL(join(root, 'scripts/build.mjs')).href);
}
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
