// A SAML app, judged inside a synthetic user's Okta session (issue 28). The fetch half: the app's metadata (public:
// its entityID and signing certificate, pinned afresh each time) and the app's SSO URL with the journey's session
// cookie, both at once; the judges are saml-sso.ts, saml-judge.ts and saml-metadata.ts. The SAMLResponse is held in
// memory for the judge only and never posted to the SP: the probe reads what Okta would send, it signs no one in.
import { performance } from 'node:perf_hooks';
import type { HttpOutcome } from '../http';
import type { SamlAppConfig } from '../../types';
import type { ServerContext } from './context';
import { judgeSamlResponse } from './saml-judge';
import { certificateDaysLeft, parseIdpMetadata, type IdpMetadata, type SigningCertificate } from './saml-metadata';
import { judgeSsoAnswer } from './saml-sso';
import { signInError } from './sign-in-judge';
import { fail, failAnswer, failureVerdict, judged, pass, skip, type Judged, type NotRun, type Verdict } from './verdict';

/** The Okta session a journey opened: the cookie header that carries it (Classic `sid`, Identity Engine `idx`). */
export interface OktaSession {
  readonly cookie: string;
}

export interface SamlAppContext {
  readonly app: SamlAppConfig;
  /** The journey's server context: its exchange, clock and cache. */
  readonly server: ServerContext;
  readonly expiryWarnDays: number;
}

/** The app's two checks: the assertion (a page, like a failed sign-in) and the signing certificate's days (a warning). */
export interface SamlRun {
  readonly assertion: Judged;
  readonly certificate: Judged;
  /** Days until the signing certificate expires, when the metadata was read. */
  readonly daysToExpiry?: number;
  /** Requests the SAML step sent. */
  readonly requests: number;
}

/**
 * One SAML app in the session `session` (undefined: the journey opened none, so only the metadata is read, and the
 * assertion is skipped with `why`). Never throws.
 */
export async function runSamlApp(ctx: SamlAppContext, session: OktaSession | undefined, why = 'the sign-in journey opened no Okta session'): Promise<SamlRun> {
  const { app, server } = ctx;
  const started = performance.now();
  const [metadataOutcome, ssoOutcome] = await Promise.all([
    server.exchange({ method: 'GET', url: app.metadataUrl, headers: { accept: 'application/xml, text/xml' } }),
    session === undefined ? undefined : server.exchange({ method: 'GET', url: app.ssoUrl, headers: { accept: 'text/html', cookie: session.cookie } }),
  ]);
  const durationMs = Math.round(performance.now() - started);
  const requests = ssoOutcome === undefined ? 1 : 2;
  const metadata = readMetadata(app, metadataOutcome);
  if ('verdict' in metadata) {
    const timed = (j: Judged): Judged => ({ ...j, durationMs });
    return { assertion: timed(judged(session === undefined ? skip(why) : metadata.verdict, ssoOutcome)), certificate: judged(skip(`metadata: ${metadata.verdict.diagnosis?.code ?? 'unreadable'}`)), requests };
  }
  const judgedAssertion: AssertionJudgement = session === undefined || ssoOutcome === undefined ? { verdict: skip(why) } : judgeAssertion(ctx, metadata.metadata, ssoOutcome);
  const verdict = judgedAssertion.verdict;
  const assertion: AssertionJudgement = 'notRun' in verdict ? judgedAssertion : { ...judgedAssertion, verdict: { ...verdict, observed: { ...verdict.observed, requests } } };
  const { verdict: certificate, days } = judgeCertificate(ctx, metadata.metadata, assertion.signedBy);
  const secrets = assertion.samlResponse === undefined ? [] : [assertion.samlResponse];
  return {
    assertion: { judgement: assertion.verdict, ...(ssoOutcome !== undefined && { outcome: ssoOutcome }), durationMs, secrets },
    certificate: judged(certificate),
    daysToExpiry: days,
    requests,
  };
}

function readMetadata(app: SamlAppConfig, outcome: HttpOutcome): { metadata: IdpMetadata } | { verdict: Verdict } {
  if (!outcome.ok) return { verdict: failureVerdict(outcome.failure) };
  const res = outcome.response;
  if (res.status === 404) return { verdict: failAnswer('SAML_METADATA_INVALID', res, `metadataUrl answered 404: no active SAML app with this id (${new URL(app.metadataUrl).pathname})`) };
  const error = res.status >= 400 ? signInError(res) : null;
  if (error !== null) return { verdict: error };
  const read = parseIdpMetadata(res.body);
  if (!read.ok) return { verdict: failAnswer('SAML_METADATA_INVALID', res, read.problem) };
  if (read.metadata.ssoUrls.length > 0 && !read.metadata.ssoUrls.includes(app.ssoUrl)) {
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
  const { app, server } = ctx;
  const judgement = judgeSamlResponse(
    {
      issuer: metadata.entityId,
      certificates: metadata.certificates,
      audience: app.audience,
      recipient: app.recipient,
      ...(app.nameIdFormat !== undefined && { nameIdFormat: app.nameIdFormat }),
      requiredAttributes: app.requiredAttributes,
      now: server.now(),
    },
    answer.samlResponse,
  );
  const found = 'notRun' in judgement.verdict ? null : judgement.verdict.diagnosis;
  const verdict = found === null ? judgement.verdict : { ...judgement.verdict, diagnosis: { ...found, requestId: outcome.response.requestId } };
  return { verdict, ...(judgement.signedBy !== undefined && { signedBy: judgement.signedBy }), samlResponse: answer.samlResponse };
}

/** The certificate that signed, or else the metadata's soonest to expire (the one an SP would lose first). */
function judgeCertificate(ctx: SamlAppContext, metadata: IdpMetadata, signedBy: SigningCertificate | undefined): { verdict: Verdict; days: number } {
  const certificate = signedBy ?? [...metadata.certificates].sort((a, b) => a.notAfter - b.notAfter)[0];
  if (certificate === undefined) return { verdict: fail('SAML_METADATA_INVALID', 'no signing certificate'), days: 0 };
  const days = certificateDaysLeft(certificate, ctx.server.now());
  const observed = { daysToExpiry: days, certificate: certificate.fingerprint, expires: new Date(certificate.notAfter).toISOString() };
  // Fewer days left than expiryWarnDays warns, as the gauge's alarm (lessThan) does.
  if (days >= ctx.expiryWarnDays) return { verdict: pass(observed), days };
  const when = days < 0 ? `expired ${-days} day(s) ago` : `expires in ${days} day(s)`;
  return { verdict: fail('SAML_CERT_EXPIRING', `the signing certificate ${certificate.fingerprint} ${when} (${observed.expires}); expiryWarnDays is ${ctx.expiryWarnDays}`, observed), days };
}
