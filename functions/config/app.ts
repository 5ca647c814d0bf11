// A journey's `app` (signIn[].app): the service provider signed in to after the journey, in the same browser session,
// judged by what the config says success looks like. Refused here, with the field and the fix, alike by `plan` and at
// synth: no success condition, a cookie's value where its name belongs, a SAML app link off the org's origin, an app
// on a journey that is not "browser".
import type { AppConfig, AppSuccess, SignInFlow } from '../types';
import { APP_SCHEMA, APP_SUCCESS_SCHEMA } from './schema';
import { DISPLAY_NAME_READ, isObject, quoted, readLevel, typeName, type Json, type Problems } from './readers';

/** The example every message about the block quotes. */
const EXAMPLE =
  '{ "protocol": "oidc", "loginUrl": "https://expenses.example.com/login", "success": { "path": "/home" } }';

/** What a success condition may name, in the words the messages give. */
const SUCCESS_WORDS = '"path" (the landing path), "status", "text" or "cookie" (a cookie\'s name)';

/** `signIn[i].app` read, or undefined (absent, or wrong: the problem is added). `orgOrigin`: the config's orgUrl's. */
export function readApp(
  entry: Json,
  path: string,
  flow: SignInFlow | undefined,
  orgOrigin: string | undefined,
  problems: Problems,
): AppConfig | undefined {
  const raw = entry.app;
  if (raw === undefined) return undefined;
  const at = `${path}.app`;
  if (!isObject(raw)) {
    problems.add(at, `expected an object like ${EXAMPLE}, got ${typeName(raw)}`);
    return undefined;
  }
  if (flow !== undefined && flow !== 'browser')
    problems.add(
      at,
      `only a "browser" journey signs in to its app (a person's browser, the app's own page): set ` +
        `"flow": "browser", or remove app`,
    );
  const read = readLevel(raw, APP_SCHEMA, problems, {
    parent: at,
    fields: {
      name: DISPLAY_NAME_READ,
      protocol: { what: '"oidc" (the app starts the sign-in) or "saml" (Okta\'s app link posts the assertion)' },
      loginUrl: {
        what: "the app's login URL (OIDC) or Okta's app link (SAML)",
        advice: () => 'use an https URL (plain http only to this machine), e.g. "https://expenses.example.com/login"',
      },
      success: 'own',
      logoutUrl: { advice: () => 'use an https URL (plain http only to this machine), or remove logoutUrl' },
      claims: {},
    },
  });
  const success = readSuccess(raw, `${at}.success`, problems);
  const { protocol, loginUrl } = read;
  if (
    protocol === 'saml' &&
    loginUrl !== undefined &&
    orgOrigin !== undefined &&
    new URL(loginUrl).origin !== orgOrigin
  )
    problems.add(
      `${at}.loginUrl`,
      `a SAML app's link must be the org's (${orgOrigin}): copy Applications > Applications > [app] > General > ` +
        `App Embed Link, not the app's own address (${new URL(loginUrl).origin})`,
    );
  if (protocol === undefined || loginUrl === undefined || success === undefined) return undefined;
  return {
    name: read.name ?? new URL(loginUrl).host,
    protocol,
    loginUrl,
    success,
    ...(read.logoutUrl !== undefined && { logoutUrl: read.logoutUrl }),
    claims: read.claims ?? [],
  };
}

function readSuccess(raw: Json, at: string, problems: Problems): AppSuccess | undefined {
  const value = raw.success;
  if (value === undefined) {
    problems.add(
      at,
      `required: what the app shows once signed in, one or more of ${SUCCESS_WORDS}, e.g. ` + `{ "path": "/home" }`,
    );
    return undefined;
  }
  if (!isObject(value)) {
    problems.add(at, `expected an object with ${SUCCESS_WORDS}, e.g. { "path": "/home" }, got ${typeName(value)}`);
    return undefined;
  }
  const read = readLevel(value, APP_SUCCESS_SCHEMA, problems, {
    parent: at,
    unknown: (key) =>
      /value/i.test(key)
        ? `a cookie's value is a secret and never judged: name the cookie alone ("cookie": "session")`
        : undefined,
    fields: {
      path: { advice: () => 'use a path that starts with "/" and has no query or fragment, e.g. "/home"' },
      status: { unit: 'an HTTP status' },
      text: {},
      cookie: {
        refuse: (cookie) =>
          typeof cookie === 'string' && cookie.includes('=')
            ? `${quoted(cookie.split('=')[0] ?? '')} with a value: name the cookie alone ` +
              `("cookie": ${JSON.stringify(cookie.split('=')[0] ?? 'session')}); its value is a secret and never judged`
            : undefined,
        advice: () => 'use the cookie\'s name alone (letters, digits and !#$%&\'*+.^_`|~-), e.g. "session"',
      },
    },
  });
  const success: AppSuccess = {
    ...(read.path !== undefined && { path: read.path }),
    ...(read.status !== undefined && { status: read.status }),
    ...(read.text !== undefined && { text: read.text }),
    ...(read.cookie !== undefined && { cookie: read.cookie }),
  };
  if (Object.keys(value).filter((key) => key !== '_comment').length === 0)
    problems.add(at, `names no success condition: give one or more of ${SUCCESS_WORDS}, e.g. { "path": "/home" }`);
  return Object.keys(success).length > 0 ? success : undefined;
}
