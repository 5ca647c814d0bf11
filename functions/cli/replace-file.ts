// A state file written whole: to a temporary file beside it, then renamed over it, so a crash or a full disk leaves
// the old content or the new, never half of one. Owner-only: the files hold journey and alarm state.
import { renameSync, writeFileSync } from 'node:fs';

export function replaceFile(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, file);
}
