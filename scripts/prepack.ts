// The prepack script: npm runs it before its own `npm pack` and `npm publish` in the repository, which would pack the
// repository's manifest (a clone's Node binary and bundler, scripts/pack-package.ts says why): those are refused,
// naming `npm run pack`. npm runs it before `npm run pack` too, since a script's `pre<name>` runs before
// `npm run <name>` (npm's docs, "scripts", Pre & Post Scripts): that one is the command that packs, and goes on.
import { pathToFileURL } from 'node:url';

/** The command that packs the repository for a consumer: every doc names it. */
export const PACK_COMMAND = 'npm run pack';

/**
 * What prepack says for the npm command that ran it (npm sets `npm_command`: `run` for `npm run`, `run-script` before
 * npm 10), or undefined to let that command go on.
 */
export function prepackRefusal(npmCommand: string | undefined): string | undefined {
  if (npmCommand === 'run' || npmCommand === 'run-script') return undefined;
  const command = npmCommand === undefined || npmCommand === '' ? 'this command' : `\`npm ${npmCommand}\``;
  return (
    `okta-synthetics: ${command} would pack this repository's own manifest, which pins a clone's tooling (its Node ` +
    `binary, its bundler). Pack with \`${PACK_COMMAND}\`: it builds the construct and the Lambda code, and packs ` +
    'them with the manifest a consumer installs, into okta-synthetics-<version>.tgz.'
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const refusal = prepackRefusal(process.env.npm_command);
  if (refusal !== undefined) {
    console.error(refusal);
    process.exit(1);
  }
}
