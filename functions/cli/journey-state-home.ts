// The journeys' state of every CLI run on this machine in one place: the user's state folder
// ($XDG_STATE_HOME/okta-synthetics/<org host>/journey-state/), one record per journey, whatever --history folder a run
// keeps its run lines in (docs/decisions/state-folder.md). Kept beside each --history folder, a one-off `run` and the
// first cron run 20 s later each believed no TOTP step had been used: the second sent the code of the first's step,
// Okta refused it (a code is good once), and TOTP_REJECTED held the journey until the seed changed.
//
// A record is named by the journey, not by its id in one config: org, user, flow and app, hashed (a journey's
// username is not written in a file name). The lock is the file store's own: every write claims the next version with
// link(), so of two runs from two folders that read the same version exactly one signs in.
import { createHash } from 'node:crypto';
import type { ProbeConfig, SignInConfig } from '../types';
import { safest, type JourneyState } from '../probe/sign-in/state';
import { createMemoryStateStore, type JourneyStateStore, type StoredState } from '../probe/sign-in/store';
import { defaultStateDir, openStateDir } from './history';
import { createFileStateStore } from './journey-state-file';

/** What makes two journeys the same one, whichever config or id names them: the user, at the org, through one app. */
function journeyKey(orgUrl: string, journey: Pick<SignInConfig, 'username' | 'flow' | 'clientId'>): string {
  let org = orgUrl;
  try {
    org = new URL(orgUrl).origin;
  } catch {
    // Kept as written: the config's validation names a bad orgUrl before any run.
  }
  const hash = createHash('sha256')
    .update(JSON.stringify([org.toLowerCase(), journey.username.toLowerCase(), journey.flow, journey.clientId]))
    .digest('hex')
    .slice(0, 16);
  return `${journey.flow}-${hash}`;
}

/**
 * The journeys' state of `probe` in the machine's record under `home` (the user's state folder of the org). A journey
 * never recorded there yet starts from what `earlier` folders kept under its id (beside a --history folder, or the
 * user's state folder before the record was per journey), merged keeping what protects the user: a refusal kept
 * there still holds, and a TOTP step used there is not used again.
 */
function machineJourneyStore(probe: ProbeConfig, home: string, earlier: readonly string[]): JourneyStateStore {
  const store = createFileStateStore(home);
  const keys = new Map((probe.signIn ?? []).map((journey) => [journey.id, journeyKey(probe.orgUrl, journey)]));
  const keyOf = (id: string): string => keys.get(id) ?? id;
  const before = [...new Set(earlier)].map((dir) => createFileStateStore(dir));
  const carriedOver = async (id: string): Promise<StoredState> => {
    let state: JourneyState | undefined;
    for (const old of before) {
      const found = await old.read(id);
      // Damage there is damage here: the journey's attempts are unknown, so it waits as for a damaged record.
      if (found.damaged !== undefined) return { version: 0, state: undefined, damaged: found.damaged };
      if (found.state !== undefined) state = safest(state, found.state);
    }
    return { version: 0, state };
  };
  return {
    where: (id) => store.where(keyOf(id)),
    async read(id) {
      const key = keyOf(id);
      const kept = await store.read(key);
      const never = kept.version === 0 && kept.state === undefined && kept.damaged === undefined;
      if (!never || !keys.has(id)) return kept;
      const carried = await carriedOver(id);
      if (carried.state === undefined) return carried;
      // Recorded at once, not at the journey's end: a held journey writes nothing, and the next run from another
      // folder must find the refusal here. A run that recorded it first wins; its record is read.
      return (await store.claim(key, 0, carried.state)) ? { version: 1, state: carried.state } : store.read(key);
    },
    claim: (id, version, state) => store.claim(keyOf(id), version, state),
    write: (id, state) => store.write(keyOf(id), state),
  };
}

/**
 * The store of a CLI run's journeys: the machine's record in the user's state folder when there is one, with or
 * without --history (`userDir`, the one a run without --history opened; with --history it is looked up quietly);
 * else beside --history (a service whose environment names no home: its runs share only that folder); else this
 * process's memory.
 */
export function cliJourneyState(
  probe: ProbeConfig,
  run: { readonly history: string | undefined; readonly userDir: string | undefined; readonly env: NodeJS.ProcessEnv },
): JourneyStateStore {
  const { history } = run;
  const home = history === undefined ? run.userDir : machineStateDir(probe, run.env);
  if (home !== undefined) return machineJourneyStore(probe, home, history === undefined ? [home] : [home, history]);
  return history !== undefined ? createFileStateStore(history) : createMemoryStateStore();
}

/** The user's state folder of the org for a run that keeps --history too; undefined, quietly, when there is none. */
function machineStateDir(probe: ProbeConfig, env: NodeJS.ProcessEnv): string | undefined {
  const dir = defaultStateDir(env, probe.orgUrl);
  const opened = dir === undefined ? undefined : openStateDir(dir);
  return opened !== undefined && 'dir' in opened ? opened.dir : undefined;
}
