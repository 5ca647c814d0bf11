// Okta's own text in a notification (error descriptions, status-feed titles, the request id) is data from
// outside: a hostile or compromised upstream must not be able to add a line ("Remedy: ..."), a link or a
// mention to what the on-call engineer reads. Each medium gets its own rendering of it.

/** Line and paragraph breaks, other C0/C1 controls, zero-width and bidirectional formatting characters. */
// eslint-disable-next-line no-control-regex
const LAYOUT = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+/g;

/** Schemes mail and chat clients turn into links. */
const LINK_SCHEME = /\b(https?|ftps?|wss?|file):\/\//gi;
const MAILTO = /\bmailto:/gi;
const WWW = /\bwww\./gi;
/** The last dot of a dotted name ("evil.example.com", "www.evil.example"), which autolinkers need. */
const HOST_DOT = /([A-Za-z0-9-])\.([A-Za-z]{2,63})(?![\w-]|\.[A-Za-z0-9])/g;

/** One line: breaks and formatting characters become a space, runs of spaces one. */
export function flatten(text: string): string {
  return text.replace(LAYOUT, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Readable but never a link: `https://a.example/x` -> `https[:]//a[.]example/x` (the usual "defanged" form). */
function defang(text: string): string {
  return text
    .replace(LINK_SCHEME, '$1[:]//')
    .replace(MAILTO, 'mailto[:]')
    .replace(WWW, 'www[.]')
    .replace(HOST_DOT, '$1[.]$2');
}

/** For plain-text e-mail (and the SNS subject): one line, no link. */
export function forEmail(text: string): string {
  return defang(flatten(text));
}

/**
 * For chat (Slack mrkdwn and Teams Markdown through Amazon Q's client-markdown): the e-mail form without the
 * characters that build links, mentions, entities and code (`<!channel>`, `<url|label>`, `&lt;`, `[label](url)`,
 * `<at>`, `@here`), replaced by look-alikes, and "](" broken apart. Used inline, e.g. in a title.
 *
 * `&`, `<` and `>` are Slack's control characters (its docs: escape them as `&amp;` `&lt;` `&gt;`). One payload
 * goes to Slack and Teams alike, and an entity is decoded by one and may be shown raw by the other (inside a code
 * span Markdown keeps `&amp;` as typed), so each becomes a look-alike that both show as it is: Okta's `&lt;` is
 * read as the four characters Okta sent, never as `<`.
 */
export function forChatInline(text: string): string {
  return forEmail(text)
    .replace(/&/g, '\uff06')
    .replace(/`/g, "'")
    .replace(/</g, '\u2039')
    .replace(/>/g, '\u203a')
    .replace(/\]\s*\(/g, '] (')
    .replace(/@/g, '\uff20');
}

/** For a chat message's body: the inline form inside a code span, where neither client formats anything. */
export function forChat(text: string): string {
  const inline = forChatInline(text);
  return inline === '' ? '' : `\`${inline}\``;
}
