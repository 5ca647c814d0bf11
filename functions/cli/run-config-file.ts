// Which config `run --history DIR` probed, kept beside its runs (DIR/kept/run-config.json): `status-page --history
// DIR` reads the same config by default, so the page names journeys, servers and catalogues by the config's names
// (a run line names them by id only) without being told the config again.
import { isAbsolute, resolve } from 'node:path';
import type { ConfigMode } from '../config/parse';
import { errnoText } from '../read-file';
import { createFileKeptStore } from './kept-state-file';

/** The record's key among the kept records. */
const RUN_CONFIG_KEY = 'run-config';
/** Longer than any path a file system takes (Linux's PATH_MAX is 4096). */
const MOST_PATH = 4096;

/** A config as the runs read it: its path, and how (`deploy` with --secrets aws: no local credential asked). */
export interface RunConfig {
  readonly config: string;
  readonly mode: ConfigMode;
}

/** Keeps the config's absolute path beside the runs; a problem as text (the run goes on: only names depend on it). */
export async function keepRunConfig(history: string, config: RunConfig): Promise<string | undefined> {
  try {
    await createFileKeptStore(history).write(RUN_CONFIG_KEY, { config: resolve(config.config), mode: config.mode });
    return undefined;
  } catch (error) {
    return errnoText(error);
  }
}

/** The config the runs kept in `history` used; undefined when none is named; throws when its record is unreadable. */
export async function keptRunConfig(history: string): Promise<RunConfig | undefined> {
  const record = (await createFileKeptStore(history).read(RUN_CONFIG_KEY)) as Partial<Record<string, unknown>>;
  const { config, mode } = record ?? {};
  if (typeof config !== 'string' || !isAbsolute(config) || config.length > MOST_PATH) return undefined;
  return { config, mode: mode === 'deploy' ? 'deploy' : 'cli' };
}
