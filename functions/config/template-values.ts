// Values in a configuration file that are not yet values: init's `<...>` placeholders, which must never pass
// validation (a template would subscribe "<oncall@...>" to SNS), and `${VAR}` references to the environment,
// resolved before validation so one file serves every environment.
import type { Problems } from './readers';

const PLACEHOLDER = /<[^<>]+>/;
const VARIABLE = /\$\{([^}]*)\}/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Fields that name where a secret is (a variable, a secrets file): never expanded, since the expansion is the secret.
 */
const NOT_EXPANDED = /(?:Env|(?:^|\.)secretsFile)$/;

/** Fields whose text is prose for people, never a value: neither checked for placeholders nor expanded. */
const PROSE = new Set(['_comment', '$schema']);

/** Each string value of `value` with its JSON path ("servers[0].clientId"), prose fields left out. */
function* strings(value: unknown, path: string): Generator<[path: string, text: string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${path}[${i}]`);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value))
      if (!PROSE.has(key)) yield* strings(item, path === '' ? key : `${path}.${key}`);
  }
}

/** The JSON paths whose value still holds a `<...>` placeholder, with the placeholder. */
export function placeholders(value: unknown): { readonly path: string; readonly placeholder: string }[] {
  return [...strings(value, '')].flatMap(([path, text]) => {
    const found = PLACEHOLDER.exec(text)?.[0];
    return found === undefined ? [] : [{ path, placeholder: found }];
  });
}

/** Adds one problem per placeholder, naming the field. */
export function placeholderProblems(raw: unknown, problems: Problems): void {
  for (const { path, placeholder } of placeholders(raw)) {
    problems.add(
      path,
      `still holds the placeholder "${placeholder}" (from okta-synthetics init): replace it with the real value`,
    );
  }
}

/**
 * `raw` with every `${NAME}` in a string value replaced by the variable's value. An unset or empty variable, or
 * a malformed reference, is a problem naming the field and the variable; the reference is then left as written
 * (and the validator's word on it is noise: see parseConfig).
 */
export function expandVariables(raw: unknown, env: NodeJS.ProcessEnv, problems: Problems, path = ''): unknown {
  if (typeof raw === 'string' && NOT_EXPANDED.test(path)) {
    // Expanded, the reference would put a secret where its variable's NAME or its file's path belongs, and every
    // message about the field would print it. Named, never quoted.
    if (raw.includes('${'))
      problems.add(
        path,
        'is not expanded: ${...} here would put the value of a variable (a secret) in the field; write the ' +
          'NAME of the variable itself (e.g. OKTA_PROBE_PASSWORD), or the path of the file',
      );
    return raw;
  }
  if (typeof raw === 'string') {
    return raw.replace(VARIABLE, (reference, name: string) => {
      if (!VARIABLE_NAME.test(name)) {
        problems.add(path, `"${reference}" is not a variable reference: write \${NAME} with letters, digits and _`);
        return reference;
      }
      const value = env[name];
      if (value === undefined || value === '') {
        problems.add(
          path,
          `the environment variable ${name} is ${value === undefined ? 'not set' : 'empty'} (the file says ${reference}): ` +
            `export ${name}=... or write the value`,
        );
        return reference;
      }
      return value;
    });
  }
  if (Array.isArray(raw)) return raw.map((item, i) => expandVariables(item, env, problems, `${path}[${i}]`));
  if (typeof raw === 'object' && raw !== null) {
    return Object.fromEntries(
      Object.entries(raw).map(([key, item]) => [
        key,
        PROSE.has(key) ? item : expandVariables(item, env, problems, path === '' ? key : `${path}.${key}`),
      ]),
    );
  }
  return raw;
}
