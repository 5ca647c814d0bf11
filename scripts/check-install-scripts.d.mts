/** A locked package with an install script. */
export interface ScriptedPackage {
  readonly name: string;
  readonly version: string;
  readonly integrity: string;
}
export function scriptedPackages(lock: unknown): ScriptedPackage[];
export function unreviewedScripts(pkg: unknown, lock: unknown): string[];
