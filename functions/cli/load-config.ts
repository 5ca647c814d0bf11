// The CLI frame's config loading, for the commands that take a deploy config or the local one alike (plan, cost,
// status, notify-test, report): one reading, one refusal of what `cdk synth` would refuse, one way of printing
// the problems.
import { formatConfigErrors, loadConfigFile, type LoadedConfig } from '../config/parse';
import { deployProblems, deployRegions } from '../plan/deploy-rules';
import type { CommandIo } from './frame';

export type Loaded = { ok: true; config: LoadedConfig; mode: 'deploy' | 'cli' } | { ok: false; errors: string[] };

/**
 * Deploy mode first (what the stack reads); a local config fails there only for its credential fields, so
 * it is then read in CLI mode. When both fail, the mode with fewer problems names them: that is the form
 * the file was written in.
 */
export function loadEitherMode(file: string, env: NodeJS.ProcessEnv = process.env): Loaded {
  const deploy = loadConfigFile(file, 'deploy', env);
  // What cdk synth would refuse is refused here too, with its words: a plan or a price of an undeployable config misleads.
  if (deploy.ok) return deployable({ ok: true, config: deploy.config, mode: 'deploy' }, env);
  // Neither pricing nor notify-test needs a credential: a local config's key files and variables are not read.
  const cli = loadConfigFile(file, 'cli', env, { readCredentials: false });
  if (cli.ok) return deployable({ ok: true, config: cli.config, mode: 'cli' }, env);
  return { ok: false, errors: cli.errors.length < deploy.errors.length ? cli.errors : deploy.errors };
}

/**
 * loadEitherMode for a command: the loaded config, or null after printing every problem as each command prints
 * them (the caller exits with EXIT.usage).
 */
export function loadOrExplain(file: string, io: Pick<CommandIo, 'stderr'>): (Loaded & { ok: true }) | null {
  const loaded = loadEitherMode(file);
  if (loaded.ok) return loaded;
  io.stderr(`${formatConfigErrors(loaded.errors, file)}\n`);
  return null;
}

function deployable(loaded: Loaded & { ok: true }, env: NodeJS.ProcessEnv): Loaded {
  const problems = deployProblems(loaded.config, deployRegions(loaded.config, env));
  return problems.length === 0 ? loaded : { ok: false, errors: problems };
}
