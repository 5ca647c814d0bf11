// What an X-Okta-Request-Id looks like, and nothing else. Okta's are short URL-safe strings
// (`WcrHpdduGgIbMK35lE2FwQAACWI`, `reqVy8wsvmBQN27h4soUE3ZEnA` in its docs; 32 hex digits or a UUID from some
// edges). The header is printed in the CLI's table, the run line, the dashboard and the page, so a server (or
// anything between it and us) that echoes a credential or markup there must not get it printed: whatever does
// not look like a request id is replaced whole.
import { REDACTED } from '../redact';

/** Longest request id accepted: a UUID. Okta's client secrets (40 or more characters) and tokens are longer. */
export const MAX_REQUEST_ID_LENGTH = 36;

const REQUEST_ID = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_REQUEST_ID_LENGTH}}$`);

/** The header's value when it looks like a request id, `[REDACTED]` when it does not, null when there is none. */
export function requestIdOf(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  return REQUEST_ID.test(trimmed) ? trimmed : REDACTED;
}
