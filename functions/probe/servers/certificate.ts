// certificate: days until the TLS certificate of the org URL expires, read from the connections the run made
// anyway (no request of its own). A custom domain's own certificate expires when nobody renews it; an
// Okta-managed one stops renewing when a CAA record or a moved CNAME blocks it. Either way, at expiry every
// sign-in and API call to the org fails.
import { CERTIFICATE_WARN_DAYS } from '../../contract';
import { daysLeft } from '../expiry';
import type { HttpResponse } from '../http';
import { failAnswer, notApplicable, pass, skip, type Judgement } from '../verdict';

interface CertificateInput {
  readonly orgUrl: string;
  /** The answers of the run's first server, all from the org URL's host. */
  readonly responses: readonly HttpResponse[];
  /** Epoch ms. */
  readonly now: number;
}

export function judgeCertificate({ orgUrl, responses, now }: CertificateInput): Judgement {
  if (!orgUrl.startsWith('https:'))
    return notApplicable('the org URL is plain http (a local simulator): there is no certificate');
  if (responses.length === 0) return skip('no answer from the org in this run');
  const res = responses.find((r) => r.certificate !== undefined);
  // Only a connection made by something other than undici's own TLS (a test's mock dispatcher) reports none.
  if (res?.certificate === undefined) return notApplicable('the connection reported no certificate');
  const { validTo, subject } = res.certificate;
  const daysToExpiry = daysLeft(validTo, now);
  const observed = {
    daysToExpiry,
    expiresAt: new Date(validTo).toISOString(),
    ...(subject !== undefined ? { subject } : {}),
  };
  if (daysToExpiry >= CERTIFICATE_WARN_DAYS) return pass(observed);
  const when = daysToExpiry < 0 ? `expired ${-daysToExpiry} days ago` : `expires in ${daysToExpiry} days`;
  return failAnswer(
    'TLS_CERT_EXPIRING',
    res,
    `the certificate${subject !== undefined ? ` for ${subject}` : ''} ${when} (${observed.expiresAt}; ` +
      `warning under ${CERTIFICATE_WARN_DAYS} days)`,
    observed,
  );
}
