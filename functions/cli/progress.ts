// What a long run is doing, on a terminal: a SAML catalogue of 50 apps takes 20 s, which passed in silence. One line
// on stderr, written over itself (carriage return, erase line), at most once a second and only after the first
// seconds, so a quick run never shows it; erased before the report. Never on a pipe, never with --json: stdout stays
// the report alone.
import type { CheckName } from '../contract';
import type { SentRequest } from '../types';

/** A run shorter than this shows no progress at all. */
const QUIET_MS = 2000;
const EVERY_MS = 1000;
/** Carriage return and erase-in-line (ECMA-48 EL 2): the line is rewritten in place. */
const REWRITE = '\r\u001b[2K';

export interface Progress {
  /** Counts a request the run sent (ProbeOptions.onRequest). */
  readonly sent: (request: SentRequest) => void;
  /** Stops it and erases its line. */
  readonly stop: () => void;
}

/** The SAML checks: their apps are what makes a run long, and what a person waits on. */
const SAML_CHECKS: ReadonlySet<CheckName> = new Set<CheckName>(['saml', 'saml-certificate', 'saml-apps']);

/** Progress on `write` (stderr), from `now`; a no-op when `show` is false. */
export function startProgress(write: (text: string) => void, show: boolean, now: () => number = Date.now): Progress {
  if (!show) return { sent: () => undefined, stop: () => undefined };
  const started = now();
  let requests = 0;
  let saml = 0;
  let shown = false;
  const timer = setInterval(() => {
    const elapsed = now() - started;
    if (elapsed < QUIET_MS) return;
    shown = true;
    const apps = saml > 0 ? `, ${saml} of them to SAML apps` : '';
    write(`${REWRITE}Probing: ${requests} requests to Okta sent${apps}, ${Math.round(elapsed / 1000)} s`);
  }, EVERY_MS);
  timer.unref();
  return {
    sent: (request) => {
      requests += 1;
      if (SAML_CHECKS.has(request.check)) saml += 1;
    },
    stop: () => {
      clearInterval(timer);
      if (shown) write(REWRITE);
    },
  };
}
