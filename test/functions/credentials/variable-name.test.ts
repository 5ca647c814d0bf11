// A secret pasted where an environment variable's NAME belongs is refused as what it is and never quoted; a
// conventional name left unset is printed with the command that sets it.
import { describe, expect, it } from 'vitest';
import { shownVariable, unsetVariableProblem, variableNameProblem } from '../../../functions/credentials/variable-name';

describe('variableNameProblem', () => {
  it.each([
    ['a PEM key', '-----BEGIN PRIVATE KEY-----\nMIIEvQ...', 'it holds a PEM key'],
    [
      'a webhook URL with its key',
      'https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue',
      'it holds a URL',
    ],
    ['a TOTP seed, upper case', 'JBSWY3DPEHPK3PXP', 'it looks like a base32 secret'],
    ['a TOTP seed, lower case, as Google shows it', 'jbswy3dpehpk3pxpjbswy3dp', 'it looks like a base32 secret'],
    ['a client secret', 'Xk9fQ2pLmN7rT4vW8yZ1aB3cD5eF6gH0', 'it looks like a secret'],
    ['a password with punctuation', 'Summer2026!', 'a name has only letters, digits and _'],
  ])('refuses %s without quoting it', (_what, value, why) => {
    const problem = variableNameProblem(value, 'OKTA_PROBE_TOTP');
    expect(problem).toContain('must be the NAME of an environment variable (e.g. OKTA_PROBE_TOTP), not its value');
    expect(problem).toContain(why);
    expect(problem).not.toContain(value.slice(0, 12));
  });

  it.each(['OKTA_PROBE_TOTP', 'OKTA_PROBE_PASSWORD_2', 'okta_probe_secret', 'PagerDutyKey'])(
    'accepts the name %s',
    (name) => {
      expect(variableNameProblem(name)).toBeUndefined();
    },
  );
});

describe('an unset variable', () => {
  it('is named, with the command that sets it, when its name is conventional', () => {
    expect(unsetVariableProblem('OKTA_PROBE_TOTP', 'totpSecretEnv', undefined)).toBe(
      'the environment variable OKTA_PROBE_TOTP is not set: export OKTA_PROBE_TOTP=... before running (the ' +
        "field holds the variable's NAME)",
    );
    expect(unsetVariableProblem('OKTA_PROBE_TOTP', 'totpSecretEnv', '')).toContain('is empty');
    expect(unsetVariableProblem('OKTA_PROBE_TOTP', 'totpSecretEnv', 'x')).toBeUndefined();
  });

  it("is named by its field when the name is not UPPER_CASE: a short password fits a name's shape", () => {
    expect(shownVariable('hunter2', 'passwordEnv')).toBe(
      'the environment variable passwordEnv names (not shown: not an UPPER_CASE name)',
    );
    expect(unsetVariableProblem('hunter2', 'passwordEnv', undefined)).not.toContain('hunter2');
  });
});
