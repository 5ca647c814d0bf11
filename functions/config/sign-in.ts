// The `signIn` list: synthetic users signing in to an OIDC app through a configured server. Their
// secrets never sit in the file: the CLI names environment variables, the stack one Secrets Manager secret of JSON.
import { isAbsolute, resolve } from 'node:path';
import { totpSecretProblem } from '../credentials/totp';
import type { ServerConfig, SignInConfig, SignInFlow, TotpAuthenticator, UserSecretSource } from '../types';
import { variableNameProblem } from '../credentials/variable-name';
import { envProblem, SECRET_NAME_READ, secretNameOf } from './credentials';
import { constructId, entryIdRead, readEntryList } from './list-entries';
import {
  DISPLAY_NAME_READ,
  isObject,
  looksLikeSecret,
  notAnAwsRegion,
  readLevel,
  type Ctx,
  type FieldOptions,
  type FieldTable,
  type Json,
  type Problems,
} from './readers';
import { MAX_EVENT_AGE_MINUTES } from '../contract';
import {
  BROWSER_DEFAULT_EVERY_MINUTES,
  SIGN_IN_DEFAULT_EVERY_MINUTES,
  SIGN_IN_DEFAULT_SCOPES,
  SIGN_IN_SCHEMA,
} from './schema';
import { PAGE_FOR_READ, pageForOf } from './page-for';
import { scopeAdvice } from './servers';
import { readApp } from './app';

export function readSignIns(
  raw: Json,
  ctx: Ctx,
  servers: readonly ServerConfig[] | undefined,
  orgOrigin?: string,
): SignInConfig[] {
  const known = serverIds(raw);
  const journeys = readEntryList(raw, 'signIn', ctx.problems, {
    noun: 'sign-in',
    example: '[{ "id": "portal", "server": "default", "flow": "authn", ... }]',
    // Resource names keep letters and digits only, and the report's `server` is shared with servers[].id.
    taken: new Map<string, string>((servers ?? []).map((s, i) => [constructId(s.id), `servers[${i}].id`])),
    read: (entry, path) => readSignIn(entry, path, ctx, known, orgOrigin),
  });
  sharedUserProblems(raw, ctx);
  return journeys;
}

/**
 * One user, one journey. Two journeys of one user keep two states: each spends the user's lockout attempts as if it
 * were alone (twice Okta's count), and they send TOTP codes of the same 30-second step, which Okta refuses the second
 * time (a refused code is held as a stale seed). Okta logins are case-insensitive (okta-management-openapi-spec,
 * UserProfile.login), so "A@x" and "a@x" are one user.
 */
function sharedUserProblems(raw: Json, ctx: Ctx): void {
  if (!Array.isArray(raw.signIn)) return;
  const first = new Map<string, { index: number; id: string }>();
  raw.signIn.forEach((entry: unknown, index: number) => {
    if (!isObject(entry) || typeof entry.username !== 'string' || entry.username.trim() === '') return;
    const login = entry.username.trim().toLocaleLowerCase('en');
    const id = typeof entry.id === 'string' ? entry.id : `#${index}`;
    const seen = first.get(login);
    if (seen === undefined) {
      first.set(login, { index, id });
      return;
    }
    ctx.problems.add(
      `signIn[${index}].username`,
      `"${entry.username}" is also the user of signIn[${seen.index}] ("${seen.id}"): two journeys of one ` +
        `user each spend its lockout attempts and reuse each other's TOTP codes, so Okta locks it out; give "${id}" ` +
        `a synthetic user of its own, or keep one of the two journeys`,
    );
  });
}

/** The servers' ids as written, valid or not: a server with a problem of its own is still the one a journey names. */
function serverIds(raw: Json): string[] | undefined {
  if (!Array.isArray(raw.servers)) return undefined;
  return raw.servers.flatMap((server: unknown) =>
    isObject(server) && typeof server.id === 'string' ? [server.id] : [],
  );
}

/** A secret written where its variable's name belongs: never in the file. */
function secretHint(key: string): string | undefined {
  return /^(password|totpSecret|totp|secret|clientSecret)$/i.test(key)
    ? `never write a secret in the file: name the environment variable that holds it (${key.replace(/^clientSecret$/i, 'clientSecret')}Env) ` +
        `for the CLI, and keep it in the Secrets Manager secret (secretName) for the stack`
    : undefined;
}

function readSignIn(
  entry: Json,
  path: string,
  ctx: Ctx,
  known: readonly string[] | undefined,
  orgOrigin: string | undefined,
): SignInConfig | undefined {
  const { problems } = ctx;
  const read = readLevel(entry, SIGN_IN_SCHEMA, problems, {
    parent: path,
    unknown: secretHint,
    fields: signInRead(entry, ctx, known),
  });
  const { id, name, server, flow, clientId, username, audience, region } = read;
  const redirectUri = redirectUriFor(read.redirectUri, flow, path, problems);
  const scopes = scopesOf(read.scopes, path, problems);
  const requiredClaims = read.requiredClaims ?? [];
  const everyMinutes = everyMinutesOf(read.everyMinutes, flow, path, problems);
  const totpAuthenticator = totpAuthenticatorFor(read.totpAuthenticator, flow, path, problems);
  const confidential = confidentialOf(read.confidential, entry, path, ctx);
  const secrets = userSecrets(read, entry, path, ctx, id ?? '<id>');
  const app = readApp(entry, path, flow, orgOrigin, problems);
  const pageFor = pageForOf(read.pageFor, path, problems, entry.app !== undefined ? 'journey with an app' : 'journey');

  if (
    id === undefined ||
    server === undefined ||
    flow === undefined ||
    clientId === undefined ||
    username === undefined ||
    secrets === undefined
  ) {
    return undefined;
  }
  return {
    id,
    ...(name !== undefined && { name }),
    server,
    flow,
    clientId,
    ...(redirectUri !== undefined && { redirectUri }),
    username,
    secrets,
    confidential,
    scopes,
    requiredClaims,
    ...(audience !== undefined && { audience }),
    // Whether the region is one of "regions" is judged with them: parse.ts checkJourneyRegions.
    ...(region !== undefined && { region }),
    everyMinutes,
    ...(totpAuthenticator !== undefined && { totpAuthenticator }),
    ...passkeyOf(read, entry, path, ctx, flow),
    ...(pageFor !== undefined && { pageFor }),
    ...(app !== undefined && { app }),
    ...renderBudgetOf(read.renderBudgetSeconds, flow, path, problems),
  };
}

/** How a journey's fields are read: the options of each, in the order its problems are said. */
function signInRead(entry: Json, ctx: Ctx, known: readonly string[] | undefined) {
  // The name judged alike in every mode (plan and cdk synth refuse a secret pasted there as run does); its value only
  // by a run.
  const envName = (
    key: 'passwordEnv' | 'totpSecretEnv' | 'clientSecretEnv',
    example: string,
    judge?: (value: string) => string | undefined,
  ): FieldOptions => ({
    check: (name) => {
      if (ctx.mode !== 'cli' || !ctx.readCredentials) return variableNameProblem(name, example);
      return variableNameProblem(name, example) ?? envProblem(name, key, ctx.env) ?? judge?.(ctx.env[name] ?? '');
    },
  });
  return {
    id: entryIdRead('journey (e.g. "portal")'),
    name: DISPLAY_NAME_READ,
    server: serverOf(known),
    flow: {
      what:
        '"idx" (Identity Engine Interaction Code flow, as the Sign-In Widget signs in), "authn" (Classic ' +
        'Authentication API, then /authorize) or "direct" (Identity Engine Direct Authentication)',
    },
    clientId: { what: 'the client id of the OIDC app people sign in to' },
    // Its `what` is the flow's as written: a flow of no accepted value requires none.
    redirectUri: redirectUriOf(entry.flow),
    username: { what: 'the synthetic user\'s Okta username, e.g. "synthetic.user@acme.example"' },
    scopes: { advice: scopeAdvice },
    requiredClaims: {},
    everyMinutes: { unit: 'minutes' },
    renderBudgetSeconds: { unit: 'seconds' },
    totpAuthenticator: { advice: () => '(the authenticator whose seed totpSecret is)' },
    pageFor: PAGE_FOR_READ,
    confidential: {},
    secretName: SECRET_NAME_READ,
    passwordEnv: envName('passwordEnv', 'OKTA_PROBE_PASSWORD'),
    totpSecretEnv: envName('totpSecretEnv', 'OKTA_PROBE_TOTP', (value) => {
      const problem = totpSecretProblem(value);
      return problem === undefined ? undefined : `the variable's value ${problem}`;
    }),
    clientSecretEnv: envName('clientSecretEnv', 'OKTA_PORTAL_CLIENT_SECRET'),
    secretsFile: { check: secretsFileProblem },
    audience: {},
    region: { advice: notAnAwsRegion },
    authenticator: { advice: () => '(or left out for a TOTP code)' },
    passkeyFile: { check: passkeyFileProblem },
    app: 'own',
  } satisfies FieldTable<typeof SIGN_IN_SCHEMA>;
}

/**
 * The journey's passkey: "authenticator": "passkey" on an "idx" journey, and for the CLI the file that holds it. The
 * file is read at each run (a file gone is that journey's PASSKEY_UNAVAILABLE, never the whole run's refusal); at load
 * only a file others can read is warned of, as a key file is.
 */
function passkeyOf(
  { authenticator, passkeyFile }: { authenticator?: 'passkey'; passkeyFile?: string },
  entry: Json,
  path: string,
  ctx: Ctx,
  flow: SignInFlow | undefined,
): { authenticator?: 'passkey'; passkeyFile?: string } {
  const { problems } = ctx;
  if (authenticator === undefined) {
    if (passkeyFile !== undefined)
      problems.add(`${path}.passkeyFile`, 'only used with "authenticator": "passkey"; add it, or remove passkeyFile');
    return {};
  }
  if (flow !== undefined && flow !== 'idx') {
    problems.add(
      `${path}.authenticator`,
      `"passkey" needs flow "idx": only Identity Engine's IDX API offers a WebAuthn challenge a probe can answer ` +
        `(flow is "${flow}")`,
    );
    return {};
  }
  if (ctx.mode === 'deploy') return { authenticator: 'passkey' };
  if (passkeyFile === undefined) {
    if (entry.passkeyFile === undefined)
      problems.add(
        `${path}.passkeyFile`,
        'required with "authenticator": "passkey": the PATH of the file holding the passkey (e.g. ' +
          '"keys/portal-passkey.json", relative to this file; docs/passkey.md)',
      );
    return {};
  }
  const file = isAbsolute(passkeyFile) ? passkeyFile : resolve(ctx.baseDir, passkeyFile);
  const read = ctx.readCredentials ? ctx.credentialFiles?.passkeyFile?.(file, passkeyFile) : undefined;
  if (read !== undefined && 'warning' in read && read.warning !== undefined)
    problems.warn(`${path}.passkeyFile`, read.warning);
  return { authenticator: 'passkey', passkeyFile: file };
}

/** A passkeyFile that holds the passkey itself, not a path: refused without quoting it. */
function passkeyFileProblem(value: string): string | undefined {
  return /[{}\n"]|-----BEGIN/.test(value) || looksLikeSecret(value, 64)
    ? 'must be the PATH of the file holding the passkey (e.g. "keys/portal-passkey.json", relative to this ' +
        'file), not the passkey itself'
    : undefined;
}

/** The server whose issuer signs the user in: one of servers[] when any is written. */
function serverOf(known: readonly string[] | undefined): FieldOptions {
  const listed = (known ?? []).map((s) => `"${s}"`).join(', ');
  return {
    what: `the id of the servers[] entry whose issuer signs the user in (${listed || '"org" or a custom server id'})`,
    check: (value) =>
      known === undefined || known.length === 0 || known.includes(value)
        ? undefined
        : `"${value}" is not the id of any servers[] entry; use one of ${listed}, or add the server to servers`,
  };
}

/** The app's redirect URI: named by "authn" and "idx", which never call it; Direct Authentication has none. */
function redirectUriOf(flow: unknown): FieldOptions {
  return {
    ...(flow === 'authn' && {
      what: 'a Sign-in redirect URI of the app: the "authn" flow reads the code from the redirect (it never calls it)',
    }),
    ...(flow === 'idx' && {
      what:
        'a Sign-in redirect URI of the app: the "idx" flow names it at /v1/interact, as the Sign-In Widget ' +
        'does (it never calls it)',
    }),
    check: (value) =>
      URL.canParse(value)
        ? undefined
        : `"${value}" is not an absolute URL; use a Sign-in redirect URI of the app, e.g. ` +
          `https://app.example.com/callback`,
  };
}

function redirectUriFor(
  redirectUri: string | undefined,
  flow: SignInFlow | undefined,
  path: string,
  problems: Problems,
): string | undefined {
  if (flow === 'browser' && redirectUri === undefined)
    problems.add(
      `${path}.redirectUri`,
      'required with flow "browser": a Sign-in redirect URI of the app, where the hosted page sends the browser ' +
        '(the probe stops there and never loads it), e.g. https://app.example.com/callback',
    );
  if (flow === 'direct' && redirectUri !== undefined)
    problems.add(
      `${path}.redirectUri`,
      'only used with flows "authn" and "idx" (Direct Authentication has no redirect); remove it',
    );
  return redirectUri;
}

function scopesOf(read: readonly string[] | undefined, path: string, problems: Problems): readonly string[] {
  const scopes = read ?? SIGN_IN_DEFAULT_SCOPES;
  if (!scopes.includes('openid'))
    problems.add(`${path}.scopes`, 'must include "openid": the journey judges the ID token');
  return scopes;
}

/**
 * Which TOTP authenticator the seed belongs to. "authn" picks the factor by provider (GOOGLE, OKTA), "idx"
 * the authenticator (google_otp, okta_verify); Direct Authentication's MFA OTP grant takes a code and no authenticator
 * (Okta's guide "Configure Direct Authentication": grant_type mfa-otp with otp and mfa_token only), so it is refused
 * there.
 */
/** The render budget, an option only a "browser" journey reads: refused elsewhere, where it would do nothing. */
function renderBudgetOf(
  value: number | undefined,
  flow: SignInFlow | undefined,
  path: string,
  problems: Problems,
): Pick<SignInConfig, 'renderBudgetSeconds'> {
  if (value === undefined) return {};
  if (flow === undefined || flow === 'browser') return { renderBudgetSeconds: value };
  problems.add(
    `${path}.renderBudgetSeconds`,
    'only a "browser" journey renders the sign-in page: set "flow": "browser", or remove renderBudgetSeconds',
  );
  return {};
}

function totpAuthenticatorFor(
  value: TotpAuthenticator | undefined,
  flow: SignInFlow | undefined,
  path: string,
  problems: Problems,
): TotpAuthenticator | undefined {
  if (value !== undefined && flow === 'direct') {
    problems.add(
      `${path}.totpAuthenticator`,
      'not used with flow "direct": Direct Authentication\'s MFA OTP grant takes only the code, and Okta ' +
        "checks it against the user's OTP authenticators itself; remove it",
    );
    return undefined;
  }
  return value;
}

/** A secretsFile that holds the secrets themselves, not a path: refused without quoting it. */
function secretsFileProblem(value: string): string | undefined {
  if (/[{}\n"]/.test(value) || looksLikeSecret(value, 64))
    return (
      'must be the PATH of a file holding the user\'s JSON secrets (e.g. "secrets/portal.json", relative to ' +
      'this file), not the secrets themselves'
    );
  return undefined;
}

function confidentialOf(value: boolean | undefined, entry: Json, path: string, ctx: Ctx): boolean {
  if (entry.confidential === undefined) return entry.clientSecretEnv !== undefined;
  if (value === undefined) return false;
  if (ctx.mode === 'cli' && value && entry.clientSecretEnv === undefined) {
    ctx.problems.add(
      `${path}.confidential`,
      'a confidential client needs clientSecretEnv (the variable holding its client secret) for the CLI',
    );
  }
  return value;
}

/**
 * The CLI reads environment variables (checked here, so a run never starts without them); the stack and the Lambda
 * read one secret. The file may carry both, as the servers' credentials do: each side uses its own.
 */
function userSecrets(
  read: {
    secretName?: string;
    passwordEnv?: string;
    totpSecretEnv?: string;
    clientSecretEnv?: string;
    secretsFile?: string;
  },
  entry: Json,
  path: string,
  ctx: Ctx,
  id: string,
): UserSecretSource | undefined {
  const { problems } = ctx;
  const { passwordEnv, totpSecretEnv, clientSecretEnv, secretsFile } = read;
  const secretName = secretNameOf(entry, read.secretName);
  if (secretName === null) return undefined;
  if (ctx.mode === 'deploy')
    return secretName === undefined ? { from: 'secrets_manager' } : { from: 'secrets_manager', secretId: secretName };
  if (secretsFile !== undefined) {
    const withVariables = passwordEnv !== undefined || totpSecretEnv !== undefined || clientSecretEnv !== undefined;
    return fromSecretsFile(secretsFile, path, ctx, withVariables);
  }
  if (passwordEnv === undefined) {
    if (entry.passwordEnv === undefined && entry.secretsFile === undefined)
      problems.add(
        `${path}.passwordEnv`,
        `required: the NAME of the environment variable holding the user's password (e.g. ` +
          `"OKTA_PROBE_PASSWORD"), or secretsFile; or run with --secrets aws to read the secret ${secretName ?? `<prefix>/${id}`} ` +
          `as the deployed probe does`,
      );
    return undefined;
  }
  return {
    from: 'env',
    passwordEnv,
    ...(totpSecretEnv !== undefined && { totpSecretEnv }),
    ...(clientSecretEnv !== undefined && { clientSecretEnv }),
  };
}

/** The user's secrets file, read when the run reads credentials; refused beside variables (one way for the CLI). */
function fromSecretsFile(
  secretsFile: string,
  path: string,
  ctx: Ctx,
  withVariables: boolean,
): UserSecretSource | undefined {
  const { problems } = ctx;
  if (withVariables) {
    problems.add(
      path,
      'both secretsFile and variables (passwordEnv, totpSecretEnv, clientSecretEnv): keep one way for the CLI',
    );
    return undefined;
  }
  const file = isAbsolute(secretsFile) ? secretsFile : resolve(ctx.baseDir, secretsFile);
  if (!ctx.readCredentials || ctx.credentialFiles === undefined) return { from: 'file', secretsFile: file };
  // Named by its field, never by its value: the user's JSON pasted there would be quoted.
  const read = ctx.credentialFiles.userSecretsFile(file, 'the file it names');
  if ('problem' in read) {
    problems.add(`${path}.secretsFile`, read.problem);
    return undefined;
  }
  return { from: 'file', secretsFile: file, judged: read.credential };
}

/**
 * The origin of the sign-in page a "browser" journey opens, the page people use: the custom URL domain the server's
 * issuer names when it names one (an issuer on another origin than orgUrl: "https://login.acme.com/oauth2/default"),
 * since an app whose issuer is on the custom domain sends its users there, to that domain's certificate, CSP and
 * brand; otherwise orgUrl's. Only the page moves: the code is exchanged at orgUrl's /token, as every call is.
 */
function signInPageOrigin(orgUrl: string, issuer: string | undefined): string {
  const org = new URL(orgUrl).origin;
  if (issuer === undefined || !URL.canParse(issuer)) return org;
  return new URL(issuer).origin;
}

/** The server's /authorize (`authorize`, on orgUrl) as the "browser" journey opens it: on signInPageOrigin. */
export function signInPageUrl(authorize: string, orgUrl: string, issuer: string | undefined): URL {
  const url = new URL(authorize);
  const page = new URL(signInPageOrigin(orgUrl, issuer));
  url.protocol = page.protocol;
  url.host = page.host;
  return url;
}

/**
 * The journey's cadence. A browser run costs more (Chromium's time and memory): every 10 minutes unless the config
 * says otherwise. Deployed, it runs on a schedule of its own whose event age is its period: past Lambda's bound the
 * synth fails, so the file is refused here as the schema refuses it, in every mode (one file serves the CLI and the
 * stack).
 */
function everyMinutesOf(
  written: number | undefined,
  flow: SignInFlow | undefined,
  path: string,
  problems: Problems,
): number {
  const everyMinutes = written ?? (flow === 'browser' ? BROWSER_DEFAULT_EVERY_MINUTES : SIGN_IN_DEFAULT_EVERY_MINUTES);
  if (flow !== 'browser' || everyMinutes <= MAX_EVENT_AGE_MINUTES) return everyMinutes;
  problems.add(
    `${path}.everyMinutes`,
    `${everyMinutes} is too long for a "browser" journey: deployed, its schedule keeps a run's event for one period, ` +
      `and Lambda keeps an asynchronous event at most 21,600 s (${MAX_EVENT_AGE_MINUTES} minutes); set it to ` +
      `${MAX_EVENT_AGE_MINUTES} or less`,
  );
  return everyMinutes;
}
