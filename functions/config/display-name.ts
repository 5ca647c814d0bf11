// The optional display name ("name") of a server, journey, SAML app or group: people's words beside an id nobody on
// call reads well (aus1payments2b3c...). Alarm descriptions, pages and the dashboard show both. No imports: the schema
// and the reader (readers.ts DISPLAY_NAME_READ) both read it.

/** The longest display name: it shares an alarm description's 1,024 characters and a dashboard title's line. */
export const DISPLAY_NAME_MAX = 60;

/**
 * What a display name may hold: no quotes or line breaks, and parentheses only in balanced pairs, one level deep
 * ("Payments API (prod)"). A description puts the name in parentheses after the id, and the notifier reads it back
 * from there (plan/subject.ts): a lone or nested parenthesis would end it early.
 */
const DISPLAY_NAME_PATTERN = '^(?:[^"()\\n\\r]|\\([^"()\\n\\r]*\\))+$';

/** The field's JSON schema, for each kind of entry: what it is, e.g. ("the server", "Payments API"). */
export const DISPLAY_NAME = (what: string, example: string) =>
  ({
    type: 'string',
    minLength: 1,
    description:
      `A name people know ${what} by ("${example}"), shown beside the id in alarm descriptions, pages and the ` +
      `dashboard; up to ${DISPLAY_NAME_MAX} characters, no quotes or line breaks, parentheses only in pairs ` +
      `("Payments API (prod)"). Default: the id alone.`,
    maxLength: DISPLAY_NAME_MAX,
    pattern: DISPLAY_NAME_PATTERN,
  }) as const;
