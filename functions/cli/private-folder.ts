// The folders the CLI keeps its state in (--history DIR, the user's state folder, the journey-state folder in them),
// checked as ssh checks ~/.ssh before it trusts a file there: a folder another user owns, or one others may write to,
// lets them plant a link or a FIFO in a state file's place, or a forged state (a refusal lifted, a TOTP step
// rewound). The folder the user names may itself be a link they made (its target is checked); a folder the CLI made
// inside it never is.
import { lstatSync, statSync, type Stats } from 'node:fs';
import { errnoText } from '../read-file';

/**
 * Why `dir` is no place for the CLI's state, or undefined (also when it does not exist yet: it is made private).
 * Group-writable is refused unless the group is the user's own (a user-private group, as umask 002 systems make).
 */
export function folderProblem(dir: string, links: 'follow' | 'refuse' = 'follow'): string | undefined {
  let stats: Stats;
  try {
    stats = links === 'follow' ? statSync(dir) : lstatSync(dir);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : errnoText(error);
  }
  if (stats.isSymbolicLink()) return `${dir} is a symbolic link, never followed: delete it`;
  if (!stats.isDirectory()) return `${dir} is not a folder`;
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid)
    return `${dir} belongs to another user (uid ${stats.uid}): use a folder of yours`;
  const mode = (stats.mode & 0o777).toString(8);
  if ((stats.mode & 0o002) !== 0) return `others may write to ${dir} (mode ${mode}): chmod go-w ${dir}`;
  if ((stats.mode & 0o020) !== 0 && stats.gid !== process.getgid?.())
    return `the group ${stats.gid} may write to ${dir} (mode ${mode}): chmod g-w ${dir}`;
  return undefined;
}
