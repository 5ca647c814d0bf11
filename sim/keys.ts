// Signing keys of one authorization server: real RSA-2048 keys, published as a JWKS, the newest one used.
import { generateKeyPair as generateKeyPairCb, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { alnum } from './ids';

const generateKeyPair = promisify(generateKeyPairCb);

export interface RsaKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Public JWK with kid, alg and use, as Okta publishes it. */
  readonly publicJwk: JWK;
}

/** Okta publishes 2-3 keys at a time: the one in use and the ones around a rotation. */
const MAX_PUBLISHED = 3;

function toRsaKey(pair: { privateKey: KeyObject; publicKey: KeyObject }): RsaKey {
  // Okta's kids are 43-character base64url strings.
  const kid = alnum(43);
  const jwk = pair.publicKey.export({ format: 'jwk' });
  return { kid, ...pair, publicJwk: { kty: 'RSA', alg: 'RS256', kid, use: 'sig', e: jwk.e, n: jwk.n } };
}

/** A fresh RSA-2048 key, generated off the event loop. */
async function newRsaKey(): Promise<RsaKey> {
  return toRsaKey(await generateKeyPair('rsa', { modulusLength: 2048 }));
}

// RSA-2048 generation costs 0.1-2 s of CPU per key, and a simulator needs eight. Simulators in one process
// (the test suite starts dozens) therefore share the keys of each role; within one simulator every role
// still has its own key, and each rotation takes a key no simulator has used yet.
const pool = new Map<number, Promise<RsaKey>>();
const ready = new Map<number, RsaKey>();

/** Which pooled key plays which role in every simulator. */
export const KEY_ROLES = {
  orgSigning: [0, 1],
  customSigning: [2, 3],
  unpublished: 4,
  orgClient: 5,
  samlSigning: 6,
  samlRotated: 7,
} as const;
let nextFresh = 8;

/**
 * The signing keys of the tenant's custom server at `index` (sim/tenant.ts): two each, as after a rotation, far past
 * the keys rotations take, so that no two servers publish one key (each Okta authorization server has its own).
 */
export const tenantKeyIndices = (index: number): readonly number[] => [100_000 + 2 * index, 100_001 + 2 * index];

export function pooledKey(index: number): Promise<RsaKey> {
  let key = pool.get(index);
  if (!key) {
    key = newRsaKey().then((k) => (ready.set(index, k), k));
    pool.set(index, key);
  }
  return key;
}

/**
 * A key never handed out before, now: synchronous, for rotateSigningKey(). The next one is prepared in the background.
 */
function freshKeySync(): RsaKey {
  const index = nextFresh++;
  let key = ready.get(index);
  if (!key) {
    key = toRsaKey(generateKeyPairSync('rsa', { modulusLength: 2048 }));
    ready.set(index, key);
    pool.set(index, Promise.resolve(key));
  }
  void pooledKey(nextFresh);
  return key;
}

export class KeyRing {
  #keys: RsaKey[];
  /** Index of the key tokens are signed with; a published next key sits after it until a rotation. */
  #signing: number;

  private constructor(keys: RsaKey[]) {
    this.#keys = keys;
    this.#signing = keys.length - 1;
  }

  /** Two keys, as after a rotation: the older one still published, the newer one signing. */
  static async create(poolIndices: readonly number[]): Promise<KeyRing> {
    return new KeyRing(await Promise.all(poolIndices.map(pooledKey)));
  }

  /** The key tokens are signed with. */
  get current(): RsaKey {
    const key = this.#keys[this.#signing];
    if (!key) throw new Error('KeyRing is never empty');
    return key;
  }

  get jwks(): { keys: JWK[] } {
    return { keys: this.#keys.map((key) => key.publicJwk) };
  }

  /**
   * Okta's scheduled rotation, first half: publish the next key weeks before it signs. Synchronous by contract.
   */
  publishNext(): void {
    if (this.#signing < this.#keys.length - 1) return;
    this.#keep([...this.#keys, freshKeySync()], this.#signing);
  }

  /**
   * Sign with the next key: the one published ahead (a scheduled rotation), or a new one published now (an
   * emergency rotation). The oldest drops out past MAX_PUBLISHED. Synchronous by contract.
   */
  rotate(): void {
    const keys = this.#signing < this.#keys.length - 1 ? this.#keys : [...this.#keys, freshKeySync()];
    this.#keep(keys, this.#signing + 1);
  }

  #keep(keys: RsaKey[], signing: number): void {
    const drop = Math.max(0, keys.length - MAX_PUBLISHED);
    this.#keys = keys.slice(drop);
    this.#signing = signing - drop;
  }
}
