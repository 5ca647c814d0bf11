// The CLI frame's config loading, for the commands that describe or reach a deployment (plan, cost, status,
// notify-test, report --config): the file as `cdk synth` reads it, refused with synth's words, printed the way
// every command prints problems. A local config is read the same way: the stack accepts a key file's path or a
// variable's name beside it (it never reads them), so only what synth would refuse is refused (plan
// fell back to the CLI's reading and passed an inline clientSecret that synth refuses).
import { formatConfigErrors, type LoadedConfig } from '../config/parse';
import { loadDeployable } from '../plan/deploy-rules';
import type { CommandIo } from './frame';
import { wrapBlock } from '../text/wrap';

/** The problems' width: a terminal's first, whatever stderr is. */
const PIPED_WIDTH = 80;

export type Loaded =
  | { ok: true; config: LoadedConfig; warnings?: readonly string[] }
  | { ok: false; errors: readonly string[] };

/**
 * The deployable config, or null after printing every problem as each command prints them (the caller exits with
 * EXIT.usage).
 */
export function loadOrExplain(
  file: string,
  io: Pick<CommandIo, 'stderr'>,
  env: NodeJS.ProcessEnv = process.env,
): (Loaded & { ok: true }) | null {
  const loaded = loadDeployable(file, env);
  if (loaded.ok) return loaded;
  // Each problem wrapped under itself, as run prints them: an unknown field's list of known ones ran to 530 columns.
  io.stderr(`${wrapBlock(formatConfigErrors(loaded.errors, file), PIPED_WIDTH)}\n`);
  return null;
}
