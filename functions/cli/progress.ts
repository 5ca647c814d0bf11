// What a long run is doing, on a terminal: a SAML catalogue of 50 apps takes 20 s, which passed in silence. One line
// on stderr, written over itself (carriage return, erase line), at most once a second and only after the first
// seconds, so a quick run never shows it; erased before the report. Never on a pipe, never with --json: stdout stays
// the report alone. It counts what the admin waits on, apps and checks ("24 of 60 SAML apps"): a count of requests
// ("118 requests") said nothing of how far the run had come.
import type { RunProgress } from '../types';
import type { CommandIo } from './frame';

/** A run shorter than this shows no progress at all. */
const QUIET_MS = 2000;
const EVERY_MS = 1000;
/** Carriage return and erase-in-line (ECMA-48 EL 2): the line is rewritten in place. */
const REWRITE = '\r\u001b[2K';

export interface Progress {
  /** Told of the run's steps (ProbeOptions.onProgress). */
  readonly told: (event: RunProgress) => void;
  /** Stops it and erases its line. */
  readonly stop: () => void;
}

/** The run so far: its checks and its SAML apps, each settled of those it will run. */
interface Counts {
  checks: number;
  checksDone: number;
  apps: number;
  appsDone: number;
}

/** "Probing: 24 of 60 SAML apps, 3 of 9 checks done, 25 s"; the apps only when the run has some. */
function progressLine({ checks, checksDone, apps, appsDone }: Counts, elapsedMs: number): string {
  const appsPart = apps > 0 ? `${appsDone} of ${apps} SAML apps, ` : '';
  return `Probing: ${appsPart}${checksDone} of ${checks} checks done, ${Math.round(elapsedMs / 1000)} s`;
}

function count(counts: Counts, event: RunProgress): void {
  if (event.kind === 'planned') {
    counts.checks += event.checks;
    counts.apps += event.apps;
  } else if (event.kind === 'apps') counts.apps += event.count;
  else if (event.kind === 'check') counts.checksDone += 1;
  else counts.appsDone += 1;
}

/**
 * Whether a run shows its progress: only where the line is written, stderr, is a terminal, and never with --json. A
 * pipe or a file (a cron job's log, CI) gets no carriage returns and erase sequences.
 */
export function progressWanted(io: Pick<CommandIo, 'terminal'>, json: boolean): boolean {
  return !json && io.terminal?.stderr === true;
}

/** Progress on `write` (stderr), from `now`; a no-op when `show` is false. */
export function startProgress(write: (text: string) => void, show: boolean, now: () => number = Date.now): Progress {
  if (!show) return { told: () => undefined, stop: () => undefined };
  const started = now();
  const counts: Counts = { checks: 0, checksDone: 0, apps: 0, appsDone: 0 };
  let shown = false;
  const timer = setInterval(() => {
    const elapsed = now() - started;
    if (elapsed < QUIET_MS) return;
    shown = true;
    write(`${REWRITE}${progressLine(counts, elapsed)}`);
  }, EVERY_MS);
  timer.unref();
  return {
    told: (event) => count(counts, event),
    stop: () => {
      clearInterval(timer);
      if (shown) write(REWRITE);
    },
  };
}
