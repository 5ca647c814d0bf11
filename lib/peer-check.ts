// The aws-cdk-lib and constructs a consumer's app brings. Older than the ones this package is built and tested
// with, a module or class the stacks are made of may be missing, and Node stops with an error that names neither
// package nor version. The construct (lib/okta-synthetics.ts) asks this first in its constructor, and the package's
// build loads the stacks' module only after it (scripts/build-package.ts).
import { createRequire } from 'node:module';

/** The oldest of each peer the package supports: package.json's peerDependencies ranges start here. */
export const PEER_FLOORS = { 'aws-cdk-lib': '2.276.0', constructs: '10.8.1' } as const;

type Peer = keyof typeof PEER_FLOORS;

const parts = (version: string): number[] => version.split(/[.+-]/, 3).map((n) => Number.parseInt(n, 10));

/** Whether `version` is within `^floor`: the same major, and not below the floor. */
export function withinCaret(version: string, floor: string): boolean {
  const [major, minor, patch] = parts(version);
  const [fMajor, fMinor, fPatch] = parts(floor);
  if ([major, minor, patch].some((n) => n === undefined || Number.isNaN(n))) return false;
  if (major !== fMajor) return false;
  if (minor! !== fMinor!) return minor! > fMinor!;
  return patch! >= fPatch!;
}

/** Each peer installed outside its supported range, or missing, in words that say what to install. */
export function peerProblems(versionOf: (name: Peer) => string | undefined): string[] {
  return (Object.keys(PEER_FLOORS) as Peer[]).flatMap((name) => {
    const floor = PEER_FLOORS[name];
    const version = versionOf(name);
    if (version !== undefined && withinCaret(version, floor)) return [];
    const found = version === undefined ? 'is not installed' : `is ${version}`;
    return [`${name} ${found}; okta-synthetics/cdk needs ^${floor}: npm install ${name}@^${floor}`];
  });
}

/** The version of a peer as the consumer's app resolves it from `from` (the construct's module), else undefined. */
export function installedVersion(name: string, from: string): string | undefined {
  try {
    const manifest = createRequire(from)(`${name}/package.json`) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}
