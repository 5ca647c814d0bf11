// A SAML app, judged inside a synthetic user's Okta session (issue 28). The fetch half: the app's metadata (public:
// its entityID and signing certificate, pinned afresh each time) and the app's SSO URL with the journey's session
// cookie, both at once; the judges are saml-sso.ts, saml-judge.ts and saml-metadata.ts. The SAMLResponse is held in
// memory for the judge only and never posted to the SP: the probe reads what Okta would send, it signs no one in.
import { performance } from 'node:perf_hooks';
import type { HttpOutcome } from '../http';
import type { SamlAppConfig } from '../../types';
import type { Exchange } from './context';
import { judgeSamlResponse } from './saml-judge';
import { certificateDaysLeft, parseIdpMetadata, type IdpMetadata, type SigningCertificate } from './saml-metadata';
import { judgeSsoAnswer } from './saml-sso';
import { signInError } from './sign-in-judge';
import { fail, failAnswer, failureVerdict, judged, pass, skip, type Judged, type NotRun, type Verdict } from './verdict';

export interface SamlAppContext {
  readonly app: SamlAppConfig;
  /** The exchange of the app's check (within the run's deadline), its clock. */
  readonly exchange: Exchange;
  readonly now: () => number;
  readonly expiryWarnDays: number;
}

/** What the certificate is judged from: the metadata as this run read it, and the certificate that signed, if any. */
export interface CertificateBasis {
  readonly read: { readonly metadata: IdpMetadata } | { readonly verdict: Verdict };
  readonly signedBy?: SigningCertificate;
}

/** The `saml` check's run (the assertion, a page like a failed sign-in), with what `saml-certificate` judges. */
export interface AssertionRun extends Judged {
  /** undefined: nothing was read this run (the verdicts were carried). */
  readonly certificateBasis?: CertificateBasis;
}

/**
 * One SAML app in the session whose Cookie header is `cookie`: the app's metadata and its SSO URL at once. Without a
 * cookie (the journey opened no session) only the metadata is read, and the assertion is skipped with `why`. Never
 * throws.
 */
export async function runSamlApp(ctx: SamlAppContext, cookie: string | undefined, why = 'the sign-in journey opened no Okta session'): Promise<AssertionRun> {
  const { app } = ctx;
  const started = performance.now();
  const [metadataOutcome, ssoOutcome] = await Promise.all([
    ctx.exchange({ method: 'GET', url: app.metadataUrl, headers: { accept: 'application/xml, text/xml' } }),
    cookie === undefined ? undefined : ctx.exchange({ method: 'GET', url: app.ssoUrl, headers: { accept: 'text/html', cookie } }),
  ]);
  const durationMs = Math.round(performance.now() - started);
  const requests = ssoOutcome === undefined ? 1 : 2;
  const metadata = readMetadata(app, metadataOutcome);
  if ('verdict' in metadata) {
    return { ...judged(cookie === undefined ? skip(why) : metadata.verdict, ssoOutcome), durationMs, certificateBasis: { read: metadata } };
  }
  const judgedAssertion: AssertionJudgement = cookie === undefined || ssoOutcome === undefined ? { verdict: skip(why) } : judgeAssertion(ctx, metadata.metadata, ssoOutcome);
  const verdict = judgedAssertion.verdict;
  const assertion: AssertionJudgement = 'notRun' in verdict ? judgedAssertion : { ...judgedAssertion, verdict: { ...verdict, observed: { ...verdict.observed, requests } } };
  return {
    judgement: assertion.verdict,
    ...(ssoOutcome !== undefined && { outcome: ssoOutcome }),
    durationMs,
    secrets: assertion.samlResponse === undefined ? [] : [assertion.samlResponse],
    certificateBasis: { read: metadata, ...(assertion.signedBy !== undefined && { signedBy: assertion.signedBy }) },
  };
}

/**
 * The metadata an app's metadata URL answered, or why it cannot be used; with `ssoUrl`, the metadata must name it
 * (a listed app's two URLs copied from one app). A group's discovered apps (issue 37) read their SSO URL from it.
 */
export function readMetadata(app: { readonly metadataUrl: string; readonly ssoUrl?: string }, outcome: HttpOutcome): { metadata: IdpMetadata } | { verdict: Verdict } {
  if (!outcome.ok) return { verdict: failureVerdict(outcome.failure) };
  const res = outcome.response;
  if (res.status === 404) return { verdict: failAnswer('SAML_METADATA_INVALID', res, `metadataUrl answered 404: no active SAML app with this id (${new URL(app.metadataUrl).pathname})`) };
  const error = res.status >= 400 ? signInError(res) : null;
  if (error !== null) return { verdict: error };
  const read = parseIdpMetadata(res.body);
  if (!read.ok) return { verdict: failAnswer('SAML_METADATA_INVALID', res, read.problem) };
  if (app.ssoUrl !== undefined && read.metadata.ssoUrls.length > 0 && !read.metadata.ssoUrls.includes(app.ssoUrl)) {
    return { verdict: failAnswer('SAML_METADATA_INVALID', res, `the metadata's SSO URL is ${read.metadata.ssoUrls[0] ?? ''}, ssoUrl is ${app.ssoUrl}: copy both from the same app`) };
  }
  return { metadata: read.metadata };
}

interface AssertionJudgement {
  /** Skipped (no session), not applicable (an encrypted assertion), or judged. */
  readonly verdict: Verdict | NotRun;
  readonly signedBy?: SigningCertificate;
  readonly samlResponse?: string;
}

function judgeAssertion(ctx: SamlAppContext, metadata: IdpMetadata, outcome: HttpOutcome): AssertionJudgement {
  if (!outcome.ok) return { verdict: failureVerdict(outcome.failure) };
  const answer = judgeSsoAnswer(outcome.response);
  if (answer.kind === 'failed') return { verdict: answer.verdict };
  const { app } = ctx;
  const judgement = judgeSamlResponse(
    {
      issuer: metadata.entityId,
      certificates: metadata.certificates,
      audience: app.audience,
      recipient: app.recipient,
      ...(app.nameIdFormat !== undefined && { nameIdFormat: app.nameIdFormat }),
      requiredAttributes: app.requiredAttributes,
      now: ctx.now(),
    },
    answer.samlResponse,
  );
  const found = 'notRun' in judgement.verdict ? null : judgement.verdict.diagnosis;
  const verdict = found === null ? judgement.verdict : { ...judgement.verdict, diagnosis: { ...found, requestId: outcome.response.requestId } };
  return { verdict, ...(judgement.signedBy !== undefined && { signedBy: judgement.signedBy }), samlResponse: answer.samlResponse };
}

/**
 * saml-certificate: the certificate that signed, or else the metadata's soonest to expire (the one an SP would lose
 * first), against expiryWarnDays.
 */
export function judgeAppCertificate(ctx: Pick<SamlAppContext, 'now' | 'expiryWarnDays'>, basis: CertificateBasis): Judged {
  if ('verdict' in basis.read) return judged(skip(`metadata: ${basis.read.verdict.diagnosis?.code ?? 'unreadable'}`));
  const certificate = basis.signedBy ?? [...basis.read.metadata.certificates].sort((a, b) => a.notAfter - b.notAfter)[0];
  if (certificate === undefined) return judged(fail('SAML_METADATA_INVALID', 'no signing certificate'));
  const days = certificateDaysLeft(certificate, ctx.now());
  const observed = { daysToExpiry: days, certificate: certificate.fingerprint, expires: new Date(certificate.notAfter).toISOString() };
  // Fewer days left than expiryWarnDays warns, as the gauge's alarm (lessThan) does.
  if (days >= ctx.expiryWarnDays) return judged(pass(observed));
  const when = days < 0 ? `expired ${-days} day(s) ago` : `expires in ${days} day(s)`;
  return judged(fail('SAML_CERT_EXPIRING', `the signing certificate ${certificate.fingerprint} ${when} (${observed.expires}); expiryWarnDays is ${ctx.expiryWarnDays}`, observed));
}
