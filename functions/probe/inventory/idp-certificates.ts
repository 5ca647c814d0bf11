// Identity providers' trust certificates: GET /api/v1/idps (okta.idps.read) gives each IdP's `name`,
// `status`, `type` and, for SAML and smart-card (MTLS) IdPs, `protocol.credentials.trust.kid` (with SAML's
// `additionalKids`, a second certificate for a partner's rollover); GET /api/v1/idps/credentials/keys lists every
// IdP key with its `kid` and `expiresAt` (Okta's Management API spec: listIdentityProviders,
// listIdentityProviderKeys, schemas SamlTrustCredentials, MtlsTrustCredentials, IdPKeyCredential). An IdP keeps
// working while any of its trust certificates is valid, so it is judged on the one that expires last.
import { daysUntil, whenText } from '../expiry';
import { itemFinding, objects, quote, record, soonest, text, type KindVerdict } from '../okta/item';

interface TrustingIdp {
  readonly id?: string;
  readonly name?: string;
  readonly type?: string;
  readonly status?: string;
  /** trust.kid, then trust.additionalKids. */
  readonly kids: readonly string[];
}

export function readIdps(body: unknown): TrustingIdp[] {
  return objects(body).map((idp) => {
    const trust = record(record(record(idp.protocol)?.credentials)?.trust);
    const additional = Array.isArray(trust?.additionalKids)
      ? trust.additionalKids.filter((k): k is string => typeof k === 'string' && k !== '')
      : [];
    const kid = text(trust, 'kid');
    return {
      id: text(idp, 'id'),
      name: text(idp, 'name'),
      type: text(idp, 'type'),
      status: text(idp, 'status'),
      kids: [...(kid === undefined ? [] : [kid]), ...additional],
    };
  });
}

/** Each IdP key's expiry by kid. */
export function readIdpKeys(body: unknown): Map<string, string> {
  const keys = new Map<string, string>();
  for (const key of objects(body)) {
    const kid = text(key, 'kid');
    const expiresAt = text(key, 'expiresAt');
    if (kid !== undefined && expiresAt !== undefined) keys.set(kid, expiresAt);
  }
  return keys;
}

/** One finding per active IdP whose last valid trust certificate has expired (a page) or expires within `warnDays`. */
export function judgeIdpCertificates(
  idps: readonly TrustingIdp[],
  keys: ReadonlyMap<string, string>,
  now: number,
  warnDays: number,
): KindVerdict {
  const findings = [];
  const days: (number | null)[] = [];
  let trusting = 0;
  for (const idp of idps) {
    if (idp.status !== undefined && idp.status !== 'ACTIVE') continue;
    const expiries = idp.kids.flatMap((kid) => {
      const at = keys.get(kid);
      return at === undefined ? [] : [at];
    });
    const last = expiries.sort().at(-1);
    if (last === undefined) continue;
    trusting += 1;
    const left = daysUntil(last, now);
    days.push(left);
    if (left === null) continue;
    const name = `identity provider ${quote(idp.name, idp.id ?? '(unnamed)')} (${idp.type ?? 'SAML2'}${idp.id === undefined ? '' : `, ${idp.id}`})`;
    if (left < 0)
      findings.push(
        itemFinding(
          'IDP_CERT_EXPIRED',
          name,
          `: its trust certificate expired ${whenText(left, last)}; Okta rejects the partner's assertions, ` +
            `so its users cannot sign in`,
        ),
      );
    else if (left < warnDays)
      findings.push(
        itemFinding(
          'IDP_CERT_EXPIRING',
          name,
          `: its trust certificate expires ${whenText(left, last)}; the partner's users cannot sign in from then on`,
        ),
      );
  }
  return { findings, observed: { idps: trusting, soonestDays: soonest(days), warnDays } };
}
