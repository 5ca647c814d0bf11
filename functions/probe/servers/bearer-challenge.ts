// What an API says of a bearer token it refused: the Bearer challenge of its WWW-Authenticate header (RFC 6750 §3,
// auth-params as RFC 9110 §11.2 writes them). The header is the API's, so hostile input: read within a bounded length,
// each value cut short and stripped of control characters, and an unreadable header is simply no challenge.

/** The Bearer challenge's parameters that say why the token was refused. */
export interface BearerChallenge {
  readonly error?: string;
  readonly errorDescription?: string;
  /** The scopes the API requires (`scope`, space-separated). */
  readonly scope?: string;
}

/** Header text read at most: a challenge is a few hundred characters. */
const MAX_HEADER = 4096;
/** A value shown at most: a description is one sentence. */
const MAX_VALUE = 300;
/** One auth-param: a name, then a token or a quoted string (with \-escapes). */
const PARAM = /^\s*([A-Za-z0-9_!#$%&'*+.^`|~-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,"]*)\s*,?/;
/** The start of a challenge: its scheme, then its parameters. */
const SCHEME = /^\s*,?\s*([A-Za-z0-9_!#$%&'*+.^`|~-]+)(?=\s|,|$)/;

/** The Bearer challenge among the header's challenges, or undefined when there is none. */
export function bearerChallenge(header: string | readonly string[] | undefined): BearerChallenge | undefined {
  if (header === undefined) return undefined;
  let rest = (typeof header === 'string' ? header : header.join(', ')).slice(0, MAX_HEADER);
  let scheme: string | undefined;
  const params = new Map<string, string>();
  for (let guard = 0; rest.trim() !== '' && guard < 64; guard += 1) {
    const param = PARAM.exec(rest);
    if (param !== null && scheme !== undefined) {
      const [whole, name = '', value = ''] = param;
      if (scheme === 'bearer' && !params.has(name.toLowerCase())) params.set(name.toLowerCase(), unquote(value));
      rest = rest.slice(whole.length);
      continue;
    }
    const next = SCHEME.exec(rest);
    // No scheme where one must start, or the one after Bearer's parameters: the Bearer challenge is read.
    if (next === null || scheme === 'bearer') break;
    scheme = (next[1] ?? '').toLowerCase();
    rest = rest.slice(next[0].length);
  }
  if (scheme !== 'bearer') return undefined;
  const error = params.get('error');
  const errorDescription = params.get('error_description');
  const scope = params.get('scope');
  return {
    ...(error !== undefined && error !== '' && { error }),
    ...(errorDescription !== undefined && errorDescription !== '' && { errorDescription }),
    ...(scope !== undefined && scope !== '' && { scope }),
  };
}

function unquote(value: string): string {
  const inner = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const clean = inner.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return clean.length > MAX_VALUE ? `${clean.slice(0, MAX_VALUE)}…` : clean;
}
