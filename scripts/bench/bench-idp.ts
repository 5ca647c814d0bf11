// The SAML benches' IdP: one signing key and its self-signed certificate, published in Okta-shaped metadata, and
// what the probe expects of an assertion signed with it. Both SAML benches judge answers signed by the same kind of
// IdP; only where its SSO lives differs.
import { generateKeyPairSync } from 'node:crypto';
import type { SamlExpectation } from '../../functions/probe/saml/judge';
import { parseIdpMetadata } from '../../functions/probe/saml/metadata';
import { selfSignedCertificate } from '../../sim/saml/certificate';
import { idpMetadata, type ResponseSpec } from '../../sim/saml/messages';

const DAY = 86_400_000;

/** The bench's IdP: a signing key, its certificate, and what the probe expects of an assertion signed with it. */
export interface BenchIdp {
  readonly key: ResponseSpec['key'];
  readonly certificate: ResponseSpec['certificate'];
  readonly expected: SamlExpectation;
}

/** An IdP whose SSO is `sso`, for a service provider at `acs` and `audience`, its certificate valid at `now`. */
export function benchIdp(where: {
  readonly sso: string;
  readonly acs: string;
  readonly audience: string;
  readonly now: number;
}): BenchIdp {
  const { sso, acs, audience, now } = where;
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const certificate = selfSignedCertificate({
    privateKey: key,
    commonName: 'bench',
    notBefore: now - DAY,
    notAfter: now + 3650 * DAY,
  });
  const metadata = parseIdpMetadata(
    idpMetadata({ entityId: 'http://www.okta.com/exkbench', certificates: [certificate], ssoUrl: sso }),
  );
  if (!metadata.ok) throw new Error(metadata.problem);
  const expected: SamlExpectation = {
    issuer: 'http://www.okta.com/exkbench',
    certificates: metadata.metadata.certificates,
    audience,
    recipient: acs,
    destination: acs,
    requiredAttributes: ['email'],
    now,
  };
  return { key, certificate, expected };
}
