// The shape of a synthetic user's secret (signIn), one JSON object {"password", "totpSecret"?,
// "clientSecret"?}, as the stack creates it, the put command writes it and the resolver recognizes its placeholder.
// One place, so the placeholder the stack writes is always the one the probe reads as "not configured yet".
import { PLACEHOLDER_MARK } from '../contract';

/** The members of the placeholder: what each one must hold, in the Secrets Manager console's key/value view. */
const PLACEHOLDER_VALUES = {
  password: `${PLACEHOLDER_MARK}: the synthetic user's password`,
  totpSecret: `${PLACEHOLDER_MARK}: the base32 secret of its TOTP factor (remove this member if it has none)`,
  clientSecret: `${PLACEHOLDER_MARK}: the client secret of the app`,
} as const;

/**
 * The value the stack gives a user's secret until an operator puts the real one: JSON with every member the
 * journey reads, each a placeholder, so the console shows the keys to fill in.
 */
export function userSecretPlaceholder(confidential: boolean): string {
  const { password, totpSecret, clientSecret } = PLACEHOLDER_VALUES;
  return JSON.stringify({ password, totpSecret, ...(confidential && { clientSecret }) });
}

/** The JSON to put, as a template for people: `{"password": "...", "totpSecret": "<base32 ...>"}`. */
export function userSecretShape(confidential: boolean): string {
  return `{"password": "...", "totpSecret": "<base32 secret of the TOTP factor>"${confidential ? ', "clientSecret": "..."' : ''}}`;
}

/** The file the stack's put command reads, on the deployer's machine; the CLI may read the same file as secretsFile. */
export function userSecretFileName(signInId: string): string {
  return `keys/okta-probe-${signInId}-user.json`;
}

/** A member still holding the stack's placeholder (the operator filled the others, or none). */
export function isPlaceholderValue(value: unknown): boolean {
  return typeof value === 'string' && value.trim().startsWith(PLACEHOLDER_MARK);
}

/**
 * Whether a secret's value is the stack's placeholder as a whole: the text one (older stacks) or the JSON whose
 * password is still a placeholder. A password put beside a placeholder TOTP secret is not: that is a mistake to
 * name, not a secret nobody has put yet.
 */
export function isUserSecretPlaceholder(text: string): boolean {
  if (isPlaceholderValue(text)) return true;
  try {
    const value = JSON.parse(text) as unknown;
    return (
      typeof value === 'object' && value !== null && isPlaceholderValue((value as { password?: unknown }).password)
    );
  } catch {
    return false;
  }
}
