// Identity Engine's side of an "idx" sign-in: interaction handles from /v1/interact, the IDX
// transactions their stateHandle names, and the one-time interaction codes of a finished one. Lifetimes as Okta's:
// an interaction code lives 60 s (okta-developer-docs concepts/interaction-code); a transaction about 10 minutes.
import { opaque } from './ids';
import { takeLive } from './single-use';

/** Where an IDX transaction stands: what the next form answers. */
type IdxStage =
  | 'identify'
  | 'password'
  | 'select'
  /** Okta Verify's push sent first, the user's other authenticators listed beside it (idx-push.ts). */
  | 'push'
  | 'totp'
  | 'google'
  | 'warning'
  | 'grace'
  | 'enroll'
  | 'consent'
  | 'stay-signed-in'
  | 'profile'
  | 'unknown'
  | 'webauthn'
  | 'webauthn-select'
  | 'webauthn-enroll'
  | 'webauthn-promotion'
  | 'done';

export interface IdxTransaction {
  readonly clientId: string;
  readonly serverId: string;
  readonly scopes: readonly string[];
  readonly challenge: string;
  readonly nonce: string | null;
  readonly redirectUri: string;
  readonly exp: number;
  stage: IdxStage;
  userId?: string;
  /** The username typed at identify, known or not (Okta does not tell which users exist). */
  identifier?: string;
  /** The X-Device-Token the client sent at /v1/interact (okta-developer-docs guides/device-context), if any. */
  readonly deviceToken?: string;
  /** The optional enrollment was skipped in this transaction (an enrollment grace period). */
  enrollSkipped?: boolean;
  /** "Stay signed in?" was answered in this transaction. */
  staySignedInAnswered?: boolean;
  /** The WebAuthn challenge of this transaction's passkey step; a new one after each refused assertion. */
  webauthnChallenge?: string;
  /** The optional passkey enrollment was skipped in this transaction. */
  passkeyEnrollSkipped?: boolean;
  /**
   * Begun at /authorize by the hosted sign-in page (sim/endpoints/hosted-page.ts), not at /v1/interact: its success is
   * the widget's success-redirect to /login/token/redirect, which lands on the app with an authorization code and
   * this state.
   */
  readonly hosted?: { readonly state: string };
}

interface InteractionCode {
  readonly clientId: string;
  readonly serverId: string;
  readonly scopes: readonly string[];
  readonly challenge: string;
  readonly nonce: string | null;
  readonly userId: string;
  readonly exp: number;
}

const TRANSACTION_S = 600;
const INTERACTION_CODE_S = 60;
/** How long a finished transaction's stateToken may be redeemed for a session (GET /login/token/redirect). */
const REDEEM_S = 60;

export class IdxStore {
  /** interaction_handle -> stateHandle of its transaction. */
  readonly #handles = new Map<string, string>();
  readonly #transactions = new Map<string, IdxTransaction>();
  readonly #codes = new Map<string, InteractionCode>();
  /** A finished transaction's stateToken (its stateHandle up to the "~") -> whose session it opens, once. */
  readonly #redeemable = new Map<
    string,
    { readonly userId: string; readonly redirectUri: string; readonly exp: number; readonly code: string }
  >();
  /**
   * Interaction codes already exchanged: an org may refuse the session's redirect after (faults.signIn.sessionRedeem).
   */
  readonly #spent = new Set<string>();
  /** /v1/interact: a new transaction, named by an interaction handle. */
  interact(txn: Omit<IdxTransaction, 'exp' | 'stage'>, nowSeconds: number): string {
    const handle = opaque(43);
    // Okta's stateHandles run on past a "~" (the production IDX clients cut there for /login/token/redirect).
    const stateHandle = `02${opaque(40)}~c.${opaque(22)}`;
    this.#transactions.set(stateHandle, { ...txn, exp: nowSeconds + TRANSACTION_S, stage: 'identify' });
    this.#handles.set(handle, stateHandle);
    return handle;
  }

  /** The hosted page's transaction: its stateHandle, which the page hands the widget as its stateToken. */
  begin(txn: Omit<IdxTransaction, 'exp' | 'stage'>, nowSeconds: number): string {
    const stateHandle = `02${opaque(40)}~c.${opaque(22)}`;
    this.#transactions.set(stateHandle, { ...txn, exp: nowSeconds + TRANSACTION_S, stage: 'identify' });
    return stateHandle;
  }

  /** The stateHandle of an interaction handle still alive. */
  introspect(handle: unknown, nowSeconds: number): string | undefined {
    if (typeof handle !== 'string') return undefined;
    const stateHandle = this.#handles.get(handle);
    return stateHandle !== undefined && this.get(stateHandle, nowSeconds) !== undefined ? stateHandle : undefined;
  }

  get(stateHandle: unknown, nowSeconds: number): IdxTransaction | undefined {
    if (typeof stateHandle !== 'string') return undefined;
    const txn = this.#transactions.get(stateHandle);
    return txn !== undefined && txn.exp > nowSeconds && txn.stage !== 'done' ? txn : undefined;
  }

  /** The transaction is over: its interaction code, once. */
  finish(stateHandle: string, txn: IdxTransaction, nowSeconds: number, landing?: string): string {
    txn.stage = 'done';
    this.#transactions.delete(stateHandle);
    const code = opaque(43);
    this.#redeemable.set(stateHandle.split('~')[0] ?? stateHandle, {
      userId: txn.userId ?? '',
      // A hosted page's transaction lands on the app with its authorization code (landing); else the app itself.
      redirectUri: landing ?? txn.redirectUri,
      exp: nowSeconds + REDEEM_S,
      code,
    });
    this.#codes.set(code, {
      clientId: txn.clientId,
      serverId: txn.serverId,
      scopes: txn.scopes,
      challenge: txn.challenge,
      nonce: txn.nonce,
      userId: txn.userId ?? '',
      exp: nowSeconds + INTERACTION_CODE_S,
    });
    return code;
  }

  /** GET /login/token/redirect: the finished transaction a stateToken names, once. */
  redeem(
    stateToken: string | null,
    nowSeconds: number,
  ): { readonly userId: string; readonly redirectUri: string; readonly codeSpent: boolean } | undefined {
    const redeemed = takeLive(this.#redeemable, stateToken, nowSeconds);
    return redeemed === undefined ? undefined : { ...redeemed, codeSpent: this.#spent.has(redeemed.code) };
  }

  /** Single use: gone once taken. */
  takeCode(code: string | null, nowSeconds: number): InteractionCode | undefined {
    const taken = takeLive(this.#codes, code, nowSeconds);
    if (taken !== undefined && code !== null) this.#spent.add(code);
    return taken;
  }
}
