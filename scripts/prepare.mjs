// Run by `npm ci` and `npm install` (the prepare script): the Node binary check, then the CLI's build.
// The check runs on the Node that runs npm (npm_node_execpath), never on node_modules/node/bin/node, the binary it
// judges. npm names that Node only in the environment, and a script line cannot read it on every shell: cmd.exe,
// npm's script shell on Windows, leaves "$npm_node_execpath" as it is. So the line is `node scripts/prepare.mjs`, and
// this file reads the variable itself and starts the check without a shell. Why, and what it costs:
// docs/decisions/node-integrity.md.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, URL } from 'node:url';

const script = (name) => fileURLToPath(new URL(name, import.meta.url));
const fail = (message) => {
  process.stderr.write(`prepare: ${message}\n(docs/decisions/node-integrity.md)\n`);
  process.exit(1);
};
/** `file` run on `node` without a shell; its exit status, or the failure to start it. */
const run = (node, file) => {
  const ran = spawnSync(node, [script(file)], { stdio: 'inherit' });
  if (ran.error !== undefined) fail(`could not start ${node}: ${ran.error.message}`);
  return ran.status ?? 1;
};

const npmNode = process.env.npm_node_execpath;
if (npmNode === undefined || npmNode === '')
  fail(
    'npm_node_execpath is not set: run this through npm (npm ci, npm install or npm run prepare), whose Node checks',
  );
if (run(npmNode, 'verify-node-binary.mjs') !== 0) process.exit(1);
process.exit(run(process.execPath, 'build.mjs'));
