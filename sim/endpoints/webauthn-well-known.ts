// GET /.well-known/webauthn: the related origins of the org's passkey RP ID. A custom domain in Okta points at Okta
// (its CNAME), so Okta serves this file for it, with the origins an admin added through the Associated Domain
// Customizations API (okta-developer-docs guides/custom-passkeys, "Related Origin Requests (ROR) and passkeys"; the
// Management API's getWebAuthnWellKnownURI: 200 application/json, example {"origins": ["https://example1.com"]}, 404
// ErrorResourceNotFound404 when nothing was customised). The simulator's custom domain is RELATED_RP_ID, served on
// its own port as Okta serves a custom domain on its own infrastructure.
import { json, oktaError, type Answer } from '../answer';
import type { SignInFaults } from '../faults';

export const WEBAUTHN_WELL_KNOWN_PATH = '/.well-known/webauthn';

/**
 * The org's passkey RP ID in the 'related-origins' faults: a loopback name other than the simulator's own host
 * (127.0.0.1), so that a browser at the org's URL needs the related origins to sign for it, and nothing leaves the
 * machine when the probe fetches its well-known file.
 */
export const RELATED_RP_ID = 'localhost';

/** Another brand's domain, the only origin the file lists in 'related-origins-unlisted'. */
const OTHER_ORIGIN = 'https://globex-apac.example';

export function webauthnWellKnown(faults: SignInFaults, orgOrigin: string): Answer {
  if (faults.passkey === 'related-origins') return json(200, { origins: [OTHER_ORIGIN, orgOrigin] });
  if (faults.passkey === 'related-origins-unlisted') return json(200, { origins: [OTHER_ORIGIN] });
  return oktaError(404, 'E0000007', `Not found: Resource not found: ${WEBAUTHN_WELL_KNOWN_PATH} (WellKnownURI)`);
}

/** The RP ID the org's passkeys are bound to under `faults`, when it is not the org's own host. */
export const relatedRpId = (faults: SignInFaults | undefined): string | undefined =>
  faults?.passkey === 'related-origins' || faults?.passkey === 'related-origins-unlisted' ? RELATED_RP_ID : undefined;
