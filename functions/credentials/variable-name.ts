// A value written where an environment variable's NAME belongs (privateKeyEnv, clientSecretEnv, passwordEnv,
// totpSecretEnv): judged before anything is read, the same in every mode, so `run`, `plan` and `cdk synth` refuse
// it alike. A value that looks like the secret itself is refused without being quoted (a TOTP seed such
// as JBSWY3DPEHPK3PXP is shaped like a name, and sat in a file that gets committed). Once that holds, a name that
// reads like a variable's can be printed when it is not set: the first thing one wants to know.

/** What a shell accepts as a variable name. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Conventional names (OKTA_PROBE_PASSWORD): printed when unset. Others are not quoted: a pasted password may fit NAME.
 */
const CONVENTIONAL = /^[A-Z_][A-Z0-9_]*$/;
/** A base32 secret (RFC 4648 alphabet, as a TOTP enrollment shows it, either case): 16 characters or more, no "_". */
const BASE32_SEED = /^(?:[A-Z2-7]{16,}|[a-z2-7]{16,})=*$/;
/** A long token mixing upper case, lower case and digits, as client secrets and API keys are. */
const MIXED_TOKEN = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{24,}$/;

/** The problem with `value` as a variable's name, or undefined; the value is never part of the message. */
export function variableNameProblem(value: unknown, example = 'OKTA_PROBE_SECRET'): string | undefined {
  if (typeof value !== 'string' || value === '')
    return `expected the NAME of an environment variable (e.g. ${example})`;
  const notTheValue = `must be the NAME of an environment variable (e.g. ${example}), not its value`;
  if (/-----BEGIN|PRIVATE KEY|[\r\n]/.test(value)) return `${notTheValue}: it holds a PEM key (not shown)`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return `${notTheValue}: it holds a URL (not shown)`;
  if (!NAME.test(value)) return `${notTheValue}: a name has only letters, digits and _ (the value is not shown)`;
  if (BASE32_SEED.test(value)) {
    return (
      `${notTheValue}: it looks like a base32 secret, as a TOTP factor's is (not shown); if it really is a ` +
      `name, separate its words with _`
    );
  }
  if (MIXED_TOKEN.test(value)) return `${notTheValue}: it looks like a secret (not shown)`;
  return undefined;
}

/**
 * The variable as a message names it: itself when conventionally written, else by the field that names it (a
 * lower-case "name" may be a password that happens to fit a name's shape).
 */
export function shownVariable(name: string, field: string): string {
  return CONVENTIONAL.test(name)
    ? `the environment variable ${name}`
    : `the environment variable ${field} names (not shown: not an UPPER_CASE name)`;
}

/**
 * Why a variable's value (as the caller read it) is no value, naming it as shownVariable does; undefined when it is
 * one.
 */
export function unsetVariableProblem(name: string, field: string, value: string | undefined): string | undefined {
  if (value !== undefined && value !== '') return undefined;
  const how = CONVENTIONAL.test(name) ? `export ${name}=... before running` : 'export it before running';
  return (
    `${shownVariable(name, field)} is ${value === undefined ? 'not set' : 'empty'}: ${how} (the field holds ` +
    `the variable's NAME)`
  );
}
