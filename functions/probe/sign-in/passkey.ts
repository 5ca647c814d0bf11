// The journey's passkey answering Okta's WebAuthn challenge, as a browser would for the org's page: the origin is
// the org's, the RP ID the one the passkey was enrolled for, the counter the next the journey's state wrote ahead.
// A browser refuses to sign for an RP ID that is not the page's domain or a suffix of it (WebAuthn §5.1.4.1; the
// Sign-In Widget's login.properties signin.passkeys.error.SecurityError), unless the RP ID's /.well-known/webauthn
// names the page's origin among its related origins (WebAuthn Level 3 §5.11; Okta's guides/custom-passkeys shares one
// passkey between a custom domain and the Okta domain so): so does the probe, before any counter is spent.
import { assertion, type PasskeySecret, type WebauthnChallenge } from '../../credentials/webauthn';
import type { HttpOutcome } from '../http';
import { fail, skip } from '../verdict';
import type { PasskeyAnswer } from './idx';
import { judgeRelatedOrigins, wellKnownUrl } from './related-origins';

/** Why a journey stopped before its passkey's assertion: its counter could not be written ahead. */
const COUNTER_UNWRITTEN =
  "the passkey's next counter could not be written ahead in the journey's state: nothing was signed or sent";

interface PasskeyAnswering {
  readonly orgUrl: string;
  readonly counter: () => Promise<number | undefined>;
  /** GET of the RP ID's /.well-known/webauthn, one counted request of the journey. */
  readonly wellKnown: (url: string) => Promise<HttpOutcome>;
}

export async function passkeyAnswer(
  passkey: PasskeySecret,
  challenge: WebauthnChallenge,
  { orgUrl, counter, wellKnown }: PasskeyAnswering,
): Promise<PasskeyAnswer> {
  const origin = new URL(orgUrl);
  const host = origin.hostname.toLowerCase();
  const rpId = passkey.rpId;
  if (challenge.rpId !== undefined && challenge.rpId.toLowerCase() !== rpId)
    return {
      verdict: fail(
        'PASSKEY_REFUSED',
        `Okta asks for an assertion for RP ID "${challenge.rpId.slice(0, 253)}", and the passkey was enrolled for ` +
          `"${rpId}": nothing was signed`,
      ),
    };
  if (host !== rpId && !host.endsWith(`.${rpId}`)) {
    const url = wellKnownUrl(rpId, orgUrl);
    const related = judgeRelatedOrigins(await wellKnown(url), { url, origin: origin.origin });
    if ('problem' in related)
      return {
        verdict: fail(
          'PASSKEY_REFUSED',
          `${related.problem}: the passkey's rpId "${rpId}" is not the org's domain (${host}) nor a suffix of ` +
            `it, so no browser would sign; add ${origin.origin} to the related origins of ${rpId} ` +
            '(guides/custom-passkeys) or sign in where the passkey was enrolled; nothing was signed',
        ),
      };
  }
  const next = await counter();
  if (next === undefined) return { skipped: skip(COUNTER_UNWRITTEN) };
  return { credentials: assertion(passkey, { challenge: challenge.challenge, origin: origin.origin, counter: next }) };
}
