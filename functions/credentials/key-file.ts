// A private key file the config names, read and judged: by the CLI when it loads the config (handed to the config
// reader as one of its credential files) and by `run` for a config loaded without reading credentials.
import { INPUT_FILES, readRegularFile } from '../read-file';
import { normalizePem, pemProblem } from './pem';

/**
 * A key file, read and judged: its PEM, or why it cannot be used (never quoting it). A file other users can
 * read is used, with a warning as ssh gives: refusing it would break every CI job that writes keys under umask 022.
 */
export function readPemFile(
  file: string,
  shown: string,
): { readonly pem: string; readonly warning?: string } | { readonly problem: string } {
  const read = readRegularFile(file, INPUT_FILES.key);
  if ('problem' in read) {
    // A file not found at a relative path: say where it was looked for.
    const where =
      file === shown || !/^ENOENT/.test(read.problem) ? '' : ` at ${file}; the path is relative to the config file`;
    return { problem: `cannot read ${shown} (${read.problem}${where})` };
  }
  const text = read.bytes.toString('utf8');
  const problem = pemProblem(text, shown);
  if (problem !== undefined) return { problem };
  const openTo = process.platform === 'win32' ? 0 : read.stats.mode & 0o077;
  if (openTo === 0) return { pem: normalizePem(text) };
  const mode = (read.stats.mode & 0o777).toString(8).padStart(4, '0');
  return {
    pem: normalizePem(text),
    warning:
      `${shown} is accessible by ${openTo & 0o070 ? (openTo & 0o007 ? 'group and others' : 'group') : 'others'} ` +
      `(permissions ${mode} are too open for a private key); restrict it: chmod 600 ${file}`,
  };
}
