// A state file written whole: to a temporary file beside it, then renamed over it, so a crash or a full disk leaves
// the old content or the new, never half of one. Owner-only: the files hold journey and alarm state.
// The temporary file's name is not guessable and it is created exclusively ('wx': O_CREAT | O_EXCL), so a link planted
// in its place is never followed: named after the process id, a planted link had the state written over its target.
import { randomUUID } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** `mode` is owner-only unless the file is meant to be served (the status page). */
export function replaceFile(file: string, text: string, mode = 0o600): void {
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    writeFileSync(temporary, text, { mode, flag: 'wx' });
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
