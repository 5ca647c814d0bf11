// What an X-Okta-Request-Id looks like, and nothing else. Okta's are short URL-safe strings
// (`WcrHpdduGgIbMK35lE2FwQAACWI`, `reqVy8wsvmBQN27h4soUE3ZEnA` in its docs; 32 hex digits or a UUID from some
// edges). The header is printed in the CLI's table, the run line, the dashboard and the page, so a server (or
// anything between it and us) that echoes a credential or markup there must not get it printed: whatever does
// not look like a request id is replaced whole.
import { REDACTED, revealsSecret } from './redact';

/**
 * Longest request id accepted: a UUID. Okta's generated client secrets (40 or more characters) and tokens are
 * longer, but a secret someone chose may be shorter: requestIdIn also refuses the run's own secrets.
 */
const MAX_REQUEST_ID_LENGTH = 36;

const REQUEST_ID = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_REQUEST_ID_LENGTH}}$`);

/** The header's value when it looks like a request id, `[REDACTED]` when it does not, null when there is none. */
export function requestIdOf(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  return REQUEST_ID.test(trimmed) ? trimmed : REDACTED;
}

/**
 * The request id as a run may print it: `[REDACTED]` when it holds one of the run's secrets (its credentials, the
 * tokens it obtained) in any form, or is a piece of one. A short client secret echoed in the header has the
 * shape of a request id, so the shape alone cannot tell.
 */
export function requestIdIn(id: string | null, secrets: readonly string[]): string | null {
  if (id === null || id === REDACTED) return id;
  return revealsSecret(id, secrets) ? REDACTED : id;
}
