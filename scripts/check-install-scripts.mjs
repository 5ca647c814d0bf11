// Run by .ci/run before `npm ci`, on any Node, reading only package.json and package-lock.json: every locked package
// that has an install script must have been reviewed at exactly its locked version and tarball. npm's own
// `allowScripts` cannot say that here: a pinned entry ("esbuild@0.28.2": true) matches only a lockfile entry with a
// `resolved` URL (npm/cli#9558), and npm on these machines writes none (omit-lockfile-registry-resolved), so npm
// names the approvals by package and would run a later version's script unseen. The pins live in
// `installScriptsReviewed`; why, and how to review a bump: docs/decisions/install-scripts.md.
import { readFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

/** Each locked package with an install script: its name, version and integrity. */
export function scriptedPackages(lock) {
  const packages = lock && typeof lock === 'object' ? lock.packages : undefined;
  if (packages === null || typeof packages !== 'object') return [];
  return Object.entries(packages)
    .filter(([path, entry]) => path !== '' && entry?.hasInstallScript === true)
    .map(([path, entry]) => ({
      name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: String(entry.version),
      integrity: String(entry.integrity),
    }));
}

/** What is wrong with the reviews for this lockfile, one line each; none when every script was reviewed. */
export function unreviewedScripts(pkg, lock) {
  const reviewed = pkg?.installScriptsReviewed ?? {};
  const allowed = pkg?.allowScripts ?? {};
  const problems = [];
  const scripted = scriptedPackages(lock);
  for (const { name, version, integrity } of scripted) {
    const key = `${name}@${version}`;
    if (reviewed[key] === undefined) {
      const earlier = Object.keys(reviewed).filter((k) => k.slice(0, k.lastIndexOf('@')) === name);
      problems.push(
        `${key} has an install script nobody reviewed` +
          (earlier.length > 0 ? ` (reviewed: ${earlier.join(', ')})` : '') +
          `: read it, then set installScriptsReviewed["${key}"] to its locked integrity`,
      );
    } else if (reviewed[key] !== integrity)
      problems.push(`${key} was reviewed as another tarball: its locked integrity is ${integrity}`);
    if (allowed[name] !== true) problems.push(`allowScripts["${name}"] is not true: npm would not run its script`);
  }
  const locked = new Set(scripted.map(({ name, version }) => `${name}@${version}`));
  for (const key of Object.keys(reviewed))
    if (!locked.has(key)) problems.push(`installScriptsReviewed["${key}"] names no locked package with a script`);
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = new URL('..', import.meta.url);
  const read = (name) => JSON.parse(readFileSync(new URL(name, root), 'utf8'));
  const problems = unreviewedScripts(read('package.json'), read('package-lock.json'));
  for (const problem of problems) process.stderr.write(`check-install-scripts: ${problem}\n`);
  if (problems.length > 0) {
    process.stderr.write('(docs/decisions/install-scripts.md)\n');
    process.exit(1);
  }
}
