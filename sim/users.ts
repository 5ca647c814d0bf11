// The simulated org's synthetic user and what a sign-in leaves behind on Okta's side: Authentication API
// transactions, one-time session tokens, sessions (the `sid` cookie), authorization codes and MFA tokens. Every
// token is single-use and expires as Okta's do; a TOTP code is refused twice in one step, as Okta refuses it.
import { randomInt } from 'node:crypto';
import { codeAt, stepOf } from './totp';
import { alnum, oktaId, opaque } from './ids';
import { IdxStore } from './idx-store';
import { KnownDevices } from './devices';
import { takeLive } from './single-use';
import { seedPasskey, type WebauthnEnrollment } from './webauthn';

export interface SimUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
  /**
   * Base32 secret of the TOTP authenticator the probe holds the seed of: on Classic the token:software:totp factor
   * (provider OKTA); on Identity Engine Google Authenticator, the only one whose enrollment shows it (Okta Verify's
   * where a scenario says so: bothTotp).
   */
  readonly totpSecret: string;
  readonly totpFactorId: string;
  /**
   * Base32 secret of the user's other TOTP authenticator, the one on its own phone: never the probe's. Google
   * Authenticator's (provider GOOGLE) where a scenario enrolls it beside the probe's (bothTotp); on Identity Engine
   * otherwise, Okta Verify's.
   */
  readonly phoneSecret: string;
  readonly googleFactorId: string;
  readonly pushFactorId: string;
  readonly email: string;
  readonly name: string;
  /**
   * The passkey the user enrolled (a software authenticator's): its credential id, and the private key the simulator
   * writes into the probe's passkey file. The org's half (public key, counter) is SignInStore.passkeys.
   */
  readonly passkey: { readonly credentialId: string; readonly privateJwk: Record<string, unknown> };
}

function base32Secret(): string {
  let secret = '';
  for (let i = 0; i < 32; i++) secret += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[randomInt(32)];
  return secret;
}

/** The org's half of each user's seeded passkey, by username, until the SignInStore takes it. */
const seededEnrollments = new Map<string, WebauthnEnrollment>();

export function createUser(username: string): SimUser {
  const seeded = seedPasskey();
  seededEnrollments.set(seeded.enrollment.credentialId, seeded.enrollment);
  return {
    id: oktaId('00u'),
    username,
    password: `Sim-${alnum(20)}`,
    totpSecret: base32Secret(),
    totpFactorId: oktaId('ost'),
    phoneSecret: base32Secret(),
    googleFactorId: oktaId('ost'),
    pushFactorId: oktaId('opf'),
    email: username,
    name: 'Synthetic User',
    passkey: { credentialId: seeded.enrollment.credentialId, privateJwk: seeded.privateJwk },
  };
}

/** An Authentication API transaction waiting for a factor, a skip, or the user's consent to an app's scopes. */
export interface Transaction {
  readonly userId: string;
  readonly exp: number;
  /** What it waits for. */
  readonly waiting: 'mfa' | 'skip' | 'consent';
  /** The request's options.warnBeforePasswordExpired: a PASSWORD_WARN comes after MFA, before SUCCESS. */
  readonly warn?: boolean;
}

interface AuthorizationCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string | null;
  readonly nonce: string | null;
  readonly scopes: readonly string[];
  readonly serverId: string;
  readonly userId: string;
  readonly exp: number;
}

interface MfaToken {
  readonly clientId: string;
  readonly serverId: string;
  readonly scopes: readonly string[];
  readonly userId: string;
  readonly exp: number;
}

/**
 * Lifetimes, seconds: a state token lasts 5 minutes, a session token and a code 60 and 60 seconds (Okta's defaults).
 */
const STATE_TOKEN_S = 300;
const SESSION_TOKEN_S = 60;
const CODE_S = 60;
const MFA_TOKEN_S = 300;
const SESSION_S = 7200;

export class SignInStore {
  readonly users: readonly SimUser[];
  readonly transactions = new Map<string, Transaction>();
  readonly sessionTokens = new Map<string, { readonly userId: string; readonly exp: number }>();
  readonly sessions = new Map<string, { readonly userId: string; readonly exp: number }>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly mfaTokens = new Map<string, MfaToken>();
  /** Identity Engine's interaction handles, IDX transactions and interaction codes. */
  readonly idx = new IdxStore();
  /** The devices each user signed in from (the DT cookie, X-Device-Token), and the new-device sign-ins. */
  readonly devices = new KnownDevices();
  /** The skips of an enrollment grace period each user has spent (the org counts them across sign-ins). */
  readonly enrollSkips = new Map<string, number>();
  /** When each user last skipped that grace (epoch ms): Okta prompts once a day. */
  readonly enrollSkippedAt = new Map<string, number>();
  /** Each user's skips of the passkey promotion ("Maybe later"), against its skipCount. */
  readonly promotionSkips = new Map<string, number>();
  readonly #lastTotpStep = new Map<string, number>();
  /** Each user's WebAuthn enrollments (a seeded passkey each), by user id. */
  readonly passkeys = new Map<string, WebauthnEnrollment[]>();

  constructor(users: readonly SimUser[]) {
    this.users = users;
    for (const user of users) {
      const seeded = seededEnrollments.get(user.passkey.credentialId);
      this.passkeys.set(user.id, seeded === undefined ? [] : [{ ...seeded }]);
    }
  }

  /** Every user's passkeys removed (Okta's Admin Console: the user's Passkeys > Actions > Reset). */
  forgetPasskeys(): void {
    for (const user of this.users) this.passkeys.set(user.id, []);
  }

  byUsername(username: unknown): SimUser | undefined {
    return this.users.find((user) => user.username === username);
  }

  byId(id: string): SimUser | undefined {
    return this.users.find((user) => user.id === id);
  }

  startTransaction(userId: string, waiting: Transaction['waiting'], nowSeconds: number, warn = false): string {
    const token = `00${opaque(30)}`;
    this.transactions.set(token, { userId, waiting, exp: nowSeconds + STATE_TOKEN_S, ...(warn && { warn }) });
    return token;
  }

  /** Single use: the transaction is gone once taken. */
  takeTransaction(token: unknown, nowSeconds: number): Transaction | undefined {
    return takeLive(this.transactions, token, nowSeconds);
  }

  issueSessionToken(userId: string, nowSeconds: number): string {
    const token = `20111${opaque(30)}`;
    this.sessionTokens.set(token, { userId, exp: nowSeconds + SESSION_TOKEN_S });
    return token;
  }

  /** A session token becomes a session (its `sid`), once. */
  openSession(sessionToken: string | null, nowSeconds: number): { sid: string; userId: string } | undefined {
    const taken = takeLive(this.sessionTokens, sessionToken, nowSeconds);
    if (taken === undefined) return undefined;
    return { sid: this.openUserSession(taken.userId, nowSeconds), userId: taken.userId };
  }

  /**
   * A session for the user: Classic's `sid` (from a session token) and the one an IDX sign-in ends with, Identity
   * Engine's `idx` cookie; either is closed by DELETE /api/v1/sessions/me.
   */
  openUserSession(userId: string, nowSeconds: number): string {
    const id = `102${opaque(24)}`;
    this.sessions.set(id, { userId, exp: nowSeconds + SESSION_S });
    return id;
  }

  issueCode(code: Omit<AuthorizationCode, 'exp'>, nowSeconds: number): string {
    const value = opaque(32);
    this.codes.set(value, { ...code, exp: nowSeconds + CODE_S });
    return value;
  }

  takeCode(value: string | null, nowSeconds: number): AuthorizationCode | undefined {
    return takeLive(this.codes, value, nowSeconds);
  }

  issueMfaToken(token: Omit<MfaToken, 'exp'>, nowSeconds: number): string {
    const value = alnum(20);
    this.mfaTokens.set(value, { ...token, exp: nowSeconds + MFA_TOKEN_S });
    return value;
  }

  takeMfaToken(value: string | null, nowSeconds: number): MfaToken | undefined {
    return takeLive(this.mfaTokens, value, nowSeconds);
  }

  /** A code of the current step or either neighbour (Okta allows a little drift), never one of a step already used. */
  verifyTotp(user: SimUser, code: unknown, nowMs: number, secret: string = user.totpSecret): boolean {
    if (typeof code !== 'string') return false;
    const now = stepOf(nowMs);
    for (const step of [now, now - 1, now + 1]) {
      if (codeAt(secret, step) !== code) continue;
      const last = this.#lastTotpStep.get(user.id);
      if (last !== undefined && step <= last) return false;
      this.#lastTotpStep.set(user.id, step);
      return true;
    }
    return false;
  }

  closeSession(sid: string | undefined): boolean {
    return sid !== undefined && this.sessions.delete(sid);
  }
}
