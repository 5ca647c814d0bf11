// A SAML app, judged inside a synthetic user's Okta session. The fetch half: the app's metadata (public:
// its entityID and signing certificate, pinned afresh each time) and the app's SSO URL with the journey's session
// cookie, both at once; the judges are saml-sso.ts, saml-judge.ts and saml-metadata.ts. The SAMLResponse is held in
// memory for the judge only and never posted to the SP: the probe reads what Okta would send, it signs no one in.
import { performance } from 'node:perf_hooks';
import { CookieJar, type HttpOutcome } from '../http';
import type { SamlAppConfig } from '../../types';
import type { Exchange } from '../context';
import { judgeSamlResponse } from './judge';
import { certificateDaysLeft, parseIdpMetadata, type IdpMetadata, type SigningCertificate } from './metadata';
import { failureRedirectOf, judgeSsoAnswer, judgeSsoState, type SsoExpectation, type SsoStep } from './sso';
import { assignmentOf, judgeLanding, type AppLinksRead, type Landing } from './assignment';
import { usesSha1, type SignatureAlgorithms } from './signature';
import {
  fail,
  failAnswer,
  failureVerdict,
  finding,
  judged,
  pass,
  signInError,
  skip,
  type Finding,
  type Judged,
  type NotRun,
  type Verdict,
} from '../verdict';

export interface SamlAppContext {
  readonly app: SamlAppConfig;
  /** The exchange of the app's check (within the run's deadline), its clock. */
  readonly exchange: Exchange;
  readonly now: () => number;
  readonly expiryWarnDays: number;
  /**
   * The journey's user's app links, read once a run and only when an SSO walk lands on an error page; absent when
   * the "org" server cannot read them.
   */
  readonly appLinks?: () => Promise<AppLinksRead>;
}

/**
 * What the certificate is judged from: the metadata as this run read it, the certificate that signed, and the
 * algorithms it signed with (known only when an assertion was judged).
 */
interface CertificateBasis {
  readonly read: { readonly metadata: IdpMetadata } | { readonly verdict: Verdict };
  readonly signedBy?: SigningCertificate;
  readonly algorithms?: SignatureAlgorithms;
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
export async function runSamlApp(
  ctx: SamlAppContext,
  cookie: string | undefined,
  why = 'the sign-in journey opened no Okta session',
): Promise<AssertionRun> {
  const { app } = ctx;
  const started = performance.now();
  const [metadataOutcome, sso] = await Promise.all([
    ctx.exchange({ method: 'GET', url: app.metadataUrl, headers: { accept: 'application/xml, text/xml' } }),
    cookie === undefined ? undefined : fetchSso(ctx, cookie).then((walk) => withAssignment(ctx, walk)),
  ]);
  const durationMs = Math.round(performance.now() - started);
  const requests = 1 + (sso?.requests ?? 0);
  const metadata = readMetadata(app, metadataOutcome);
  if ('verdict' in metadata) {
    return {
      ...judged(cookie === undefined ? skip(why) : metadata.verdict, sso?.outcome),
      durationMs,
      ...(sso !== undefined && { secrets: sso.secrets }),
      certificateBasis: { read: metadata },
    };
  }
  const judgedAssertion: AssertionJudgement =
    sso === undefined ? { verdict: skip(why) } : judgeAssertion(ctx, metadata.metadata, sso);
  const verdict = judgedAssertion.verdict;
  const assertion: AssertionJudgement =
    'notRun' in verdict
      ? judgedAssertion
      : { ...judgedAssertion, verdict: { ...verdict, observed: { ...verdict.observed, requests } } };
  const secrets = [...(assertion.samlResponse === undefined ? [] : [assertion.samlResponse]), ...(sso?.secrets ?? [])];
  return {
    judgement: assertion.verdict,
    ...(sso?.outcome !== undefined && { outcome: sso.outcome }),
    durationMs,
    secrets,
    certificateBasis: {
      read: metadata,
      ...(assertion.signedBy !== undefined && { signedBy: assertion.signedBy }),
      ...(assertion.algorithms !== undefined && { algorithms: assertion.algorithms }),
    },
  };
}

/** What the SSO URL led to: Okta's form, or the verdict of the answer that ended the walk. */
interface SsoFetch {
  readonly result: { readonly samlResponse: string; readonly action: string } | { readonly verdict: Verdict };
  /** The last exchange: its request id goes with the diagnosis. */
  readonly outcome: HttpOutcome;
  readonly requests: number;
  /** The state token and cookies met on the way: never printed. */
  readonly secrets: readonly string[];
  /** The error page the walk ended on, if it did. */
  readonly landing?: Landing;
}

/**
 * A walk that ended on an error page, judged again with the user's assignment (assignment.ts): asked of Okta only
 * then, so a healthy app costs nothing more.
 */
async function withAssignment(ctx: SamlAppContext, walk: SsoFetch): Promise<SsoFetch> {
  if (walk.landing === undefined || !('verdict' in walk.result)) return walk;
  let requests = 0;
  const counted: Exchange = (req) => {
    requests += 1;
    return ctx.exchange(req);
  };
  const read: AppLinksRead =
    ctx.appLinks === undefined
      ? { unavailable: `no "org" server reads users (a private_key_jwt server with the scope okta.users.read)` }
      : await ctx.appLinks();
  const assignment = await assignmentOf(ctx.app, read, counted);
  const verdict = judgeLanding(walk.landing, walk.result.verdict, assignment);
  return { ...walk, result: { verdict }, requests: walk.requests + requests };
}

/** Exchanges from the SSO URL to the form: the SSO URL, then redirects and intermediate forms on the org, at most. */
const MAX_SSO_STEPS = 6;
/** The IDX API's media type (okta-auth-js introspect.ts: IDX_API_VERSION 1.0.0). */
const ION = 'application/ion+json; okta-version=1.0.0';

/** The app as its SSO walk knows it. */
type SsoApp = Pick<SamlAppConfig, 'ssoUrl' | 'acsUrl'> & {
  readonly recipient?: string;
  /** The app's custom error page (accessibility.errorRedirectUrl), when the Management API told it. */
  readonly errorRedirectUrl?: string;
};

/** What the form at the end of the walk must post to, and the app's own error page. */
function ssoExpectation(app: SsoApp, orgUrl: string): SsoExpectation {
  // A group's discovered app whose settings in Okta name no recipient is not checked (check-app.ts); were one to get
  // here, no form would be accepted (sso.ts): never any https URL.
  const acsUrl = app.acsUrl ?? app.recipient;
  return {
    orgUrl,
    ...(acsUrl !== undefined && { acsUrl }),
    acsField: app.acsUrl !== undefined ? 'acsUrl' : 'recipient',
    ...(app.errorRedirectUrl !== undefined && { errorRedirectUrl: app.errorRedirectUrl }),
  };
}

/** The sign-in widget's page, read through its state: the walk's last request, after `requests`. */
async function readWidgetState(
  exchange: Exchange,
  walk: {
    readonly orgUrl: string;
    readonly cookies: CookieJar;
    readonly stateToken: string;
    readonly requests: number;
  },
): Promise<SsoFetch> {
  const state = await exchange({
    method: 'POST',
    url: `${walk.orgUrl}/idp/idx/introspect`,
    headers: { accept: ION, 'content-type': ION, cookie: walk.cookies.header() ?? '' },
    json: { stateToken: walk.stateToken },
  });
  const verdict = state.ok ? judgeSsoState(state.response) : failureVerdict(state.failure);
  const redirect = state.ok ? failureRedirectOf(state.response) : undefined;
  const landed = redirect !== undefined && verdict.diagnosis?.code === 'SAML_SESSION_REFUSED';
  return {
    result: { verdict },
    ...(landed && {
      landing: {
        said: `answered the sign-in page, its state a failure-redirect to ${redirect}`,
        kind: 'failure redirect',
      },
    }),
    outcome: state,
    requests: walk.requests + 1,
    secrets: [walk.stateToken, ...walk.cookies.values()],
  };
}

/**
 * Walks from the app's SSO URL to Okta's form as a browser with the journey's session would: redirects
 * and auto-submitted forms on the org are followed with the session's cookies and those Okta sets on the way; the
 * sign-in widget's page is read through its state (POST /idp/idx/introspect {stateToken}). Nothing leaves the org.
 */
export async function fetchSso(
  ctx: { readonly exchange: Exchange; readonly app: SsoApp },
  cookie: string,
): Promise<SsoFetch> {
  const { app } = ctx;
  const orgUrl = new URL(app.ssoUrl).origin;
  const expected = ssoExpectation(app, orgUrl);
  // The journey's session, and the cookies Okta sets on the way, as a browser would send them to the org.
  const cookies = new CookieJar(undefined, cookie);
  let step: SsoStep = { method: 'GET', url: app.ssoUrl, why: 'the SSO URL' };
  const followed: string[] = [];
  for (let requests = 1; ; requests++) {
    const outcome = await ctx.exchange({
      method: step.method,
      url: step.url,
      headers: { accept: 'text/html', cookie: cookies.header() ?? '' },
      ...(step.form !== undefined && { form: { ...step.form } }),
    });
    if (!outcome.ok)
      return { result: { verdict: failureVerdict(outcome.failure) }, outcome, requests, secrets: cookies.values() };
    cookies.take(outcome.response);
    const answer = judgeSsoAnswer(expected, step.url, outcome.response);
    if (answer.kind === 'form') return { result: answer, outcome, requests, secrets: cookies.values() };
    if (answer.kind === 'failed')
      return {
        result: { verdict: answer.verdict },
        outcome,
        requests,
        secrets: cookies.values(),
        ...(answer.landing !== undefined && { landing: answer.landing }),
      };
    if (answer.kind === 'introspect')
      return readWidgetState(ctx.exchange, { orgUrl, cookies, stateToken: answer.stateToken, requests });
    if (requests >= MAX_SSO_STEPS) {
      const verdict = failAnswer(
        'SAML_RESPONSE_MISSING',
        outcome.response,
        `${requests} answers from the SSO URL without the form (${[...followed, answer.step.why].join(', then ')}): ` +
          `not followed further`,
      );
      return { result: { verdict }, outcome, requests, secrets: cookies.values() };
    }
    followed.push(answer.step.why);
    step = answer.step;
  }
}

/**
 * The metadata an app's metadata URL answered, or why it cannot be used; with `ssoUrl`, the metadata must name it
 * (a listed app's two URLs copied from one app). A group's discovered apps read their SSO URL from it.
 */
export function readMetadata(
  app: { readonly metadataUrl: string; readonly ssoUrl?: string },
  outcome: HttpOutcome,
): { metadata: IdpMetadata } | { verdict: Verdict } {
  if (!outcome.ok) return { verdict: failureVerdict(outcome.failure) };
  const res = outcome.response;
  if (res.status === 404)
    return {
      verdict: failAnswer(
        'SAML_METADATA_INVALID',
        res,
        `metadataUrl answered 404: no active SAML app with this id (${new URL(app.metadataUrl).pathname})`,
      ),
    };
  const error = res.status >= 400 ? signInError(res) : null;
  if (error !== null) return { verdict: error };
  const read = parseIdpMetadata(res.body);
  if (!read.ok) return { verdict: failAnswer('SAML_METADATA_INVALID', res, read.problem) };
  if (app.ssoUrl !== undefined && read.metadata.ssoUrls.length > 0 && !read.metadata.ssoUrls.includes(app.ssoUrl)) {
    return {
      verdict: failAnswer(
        'SAML_METADATA_INVALID',
        res,
        `the metadata's SSO URL is ${read.metadata.ssoUrls[0] ?? ''}, ssoUrl is ${app.ssoUrl}: copy both ` +
          `from the same app`,
      ),
    };
  }
  return { metadata: read.metadata };
}

interface AssertionJudgement {
  /** Skipped (no session), not applicable (an encrypted assertion), or judged. */
  readonly verdict: Verdict | NotRun;
  readonly signedBy?: SigningCertificate;
  readonly algorithms?: SignatureAlgorithms;
  readonly samlResponse?: string;
}

function judgeAssertion(ctx: SamlAppContext, metadata: IdpMetadata, sso: SsoFetch): AssertionJudgement {
  if ('verdict' in sso.result) return { verdict: sso.result.verdict };
  const { app } = ctx;
  const judgement = judgeSamlResponse(
    {
      issuer: metadata.entityId,
      certificates: metadata.certificates,
      audience: app.audience,
      recipient: app.recipient,
      destination: app.destination ?? app.recipient,
      ...(app.nameIdFormat !== undefined && { nameIdFormat: app.nameIdFormat }),
      requiredAttributes: app.requiredAttributes,
      now: ctx.now(),
    },
    sso.result.samlResponse,
  );
  const found = 'notRun' in judgement.verdict ? null : judgement.verdict.diagnosis;
  const requestId = sso.outcome.ok ? sso.outcome.response.requestId : null;
  const verdict = found === null ? judgement.verdict : { ...judgement.verdict, diagnosis: { ...found, requestId } };
  return {
    verdict,
    ...(judgement.signedBy !== undefined && { signedBy: judgement.signedBy }),
    ...(judgement.algorithms !== undefined && { algorithms: judgement.algorithms }),
    samlResponse: sso.result.samlResponse,
  };
}

/**
 * saml-certificate: the signing certificate's two facts, one gauge each: its days to expiry (the certificate that
 * signed, or else the metadata's soonest to expire: the one an SP would lose first) against expiryWarnDays, and whether
 * the app signs with SHA-1 (1) or not (0), known only when an assertion was judged (a warning of its own, on
 * the dashboard beside the expiry).
 */
export function judgeAppCertificate(
  ctx: Pick<SamlAppContext, 'now' | 'expiryWarnDays'>,
  basis: CertificateBasis,
): Judged {
  if ('verdict' in basis.read) return judged(skip(`metadata: ${basis.read.verdict.diagnosis?.code ?? 'unreadable'}`));
  const { signedBy, algorithms } = basis;
  const certificate = signedBy ?? [...basis.read.metadata.certificates].sort((a, b) => a.notAfter - b.notAfter)[0];
  if (certificate === undefined) return judged(fail('SAML_METADATA_INVALID', 'no signing certificate'));
  const days = certificateDaysLeft(certificate, ctx.now());
  const sha1 = algorithms === undefined ? undefined : usesSha1(algorithms);
  const observed = {
    daysToExpiry: days,
    certificate: certificate.fingerprint,
    expires: new Date(certificate.notAfter).toISOString(),
    ...(algorithms !== undefined && {
      sha1: sha1 === true ? 1 : 0,
      signatureAlgorithm: algorithms.signature,
      digestAlgorithm: algorithms.digest,
    }),
  };
  const findings: Finding[] = [];
  // Fewer days left than expiryWarnDays warns, as the gauge's alarm (lessThan) does.
  if (days < ctx.expiryWarnDays) {
    const when = days < 0 ? `expired ${-days} day(s) ago` : `expires in ${days} day(s)`;
    findings.push(
      finding('SAML_CERT_EXPIRING', {
        detail:
          `the signing certificate ${certificate.fingerprint} ${when} (${observed.expires}); ` +
          `expiryWarnDays is ${ctx.expiryWarnDays}`,
      }),
    );
  }
  if (sha1 === true && algorithms !== undefined) {
    findings.push(
      finding('SAML_SHA1_SIGNATURE', {
        detail:
          `the app signs with SHA-1 (SignatureMethod ${algorithms.signature}, DigestMethod ${algorithms.digest}): ` +
          `Sign On > SAML Signing Certificates`,
      }),
    );
  }
  const [first, ...also] = findings;
  if (first === undefined) return judged(pass(observed));
  return judged({ diagnosis: first, ...(also.length > 0 && { also }), observed });
}
