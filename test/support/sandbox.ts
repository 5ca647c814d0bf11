// Whether this process can run a handler as Lambda does: as a user who owns none of its files (uid 65534, through
// setpriv), in a mount namespace of its own with a fresh /tmp. That takes root and util-linux. Kept apart from
// lambda-asset.ts so that vitest.config.ts can ask before it lists the suites that need it.
import { execFileSync } from 'node:child_process';

/** The user Lambda's handler runs as here: nobody, who owns none of the asset's files. */
export const LAMBDA_UID = 65534;

/** unshare's arguments before a shell script: a mount namespace of its own, whose mounts never reach the host's. */
export const PRIVATE_MOUNT_SHELL = ['--mount', '--propagation', 'private', '--', 'sh', '-c'] as const;

/** What keeps this process from running a handler as Lambda does, or undefined when nothing does. */
export function lambdaSandboxMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'this process is not root';
  let out: string;
  try {
    out = execFileSync(
      'unshare',
      [
        ...PRIVATE_MOUNT_SHELL,
        `mount -t tmpfs tmpfs /tmp && exec setpriv --reuid=${LAMBDA_UID} --regid=${LAMBDA_UID} ` +
          `--clear-groups -- id -u`,
      ],
      { encoding: 'utf8', stdio: 'pipe' },
    ).trim();
  } catch (error) {
    out = String((error as { stderr?: string }).stderr ?? error);
  }
  return out === String(LAMBDA_UID) ? undefined : `unshare --mount and setpriv failed: ${out}`;
}
