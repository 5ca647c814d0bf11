#!/usr/bin/env node
// Entry for `npx okta-synthetics`. First the Node floor, before anything is imported: an older Node fails inside a
// dependency (undici reads zlib's zstd, which Node 20 lacks) with a stack trace and exit 1, which this CLI uses to
// mean "a check failed". Below the floor: one line naming the Node needed and how to get it, and exit 2 (usage).
// The floor is package.json's engines.node (test/functions/cli/first-use.test.ts holds the two equal).
const FLOOR = [22, 19];
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < FLOOR[0] || (major === FLOOR[0] && minor < FLOOR[1])) {
  process.stderr.write(
    `okta-synthetics: needs Node.js ${FLOOR.join('.')} or later, this is ${process.versions.node} (${process.execPath}); ` +
      'install Node.js 24 LTS (https://nodejs.org/en/download, or "nvm install 24") and run it again\n',
  );
  process.exit(2);
}

// dist/ is built by `npm ci` (the prepare script); build it here if a checkout skipped that, so the command never
// fails for a missing build.
const { existsSync } = await import('node:fs');
const { fileURLToPath, pathToFileURL } = await import('node:url');
const { dirname, join } = await import('node:path');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli.mjs');
if (!existsSync(cli)) {
  await import(pathToFileURL(join(root, 'scripts/build.mjs')).href);
}
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
