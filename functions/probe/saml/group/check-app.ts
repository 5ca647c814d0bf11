// One app of a group, checked in the journey's session, as the `saml` and `saml-certificate` checks judge a
// listed app (checks/saml.ts): its metadata, then its SSO URL with the session's cookie, the SAMLResponse judged as its
// SP would (a listed app's SP values; a discovered app's Audience and Recipient as Okta is configured for it) against
// the metadata's pinned certificates, and the certificate that signed. The metadata changes rarely: it is kept a day
// (SAML_GROUP.metadataMaxAgeMs) and read again at once when a signature does not verify against it, then the same
// SAMLResponse is judged again (no second sign-on). A transient failure of the SSO request is tried once more. Each
// request is timed from its own send; an app whose bucket is held is left for the next run, never judged.
import { SAML_GROUP, type DiagnosisCode } from '../../../contract';
import type { ProbeCache } from '../../../types';
import { isTransient } from '../../../diagnosis/registry';
import type { Exchange } from '../../context';
import { fetchSso, readMetadata } from '../app';
import { judgeSamlResponse, type SamlExpectation } from '../judge';
import type { IdpMetadata, SigningCertificate } from '../metadata';
import { usesSha1 } from '../signature';
import { failureFinding, signInError, type Finding, type NotRun, type Verdict } from '../../verdict';
import { parseJsonBody, type HttpOutcome } from '../../http';
import type { AppVerdict, FoundApp, GroupApp, KeptCertificate } from './apps';
import { readSamlApps } from './discover';
import type { Buckets, GroupBucket } from './buckets';
import { assignmentById, assignmentOf, judgeLanding, type AppLinksRead, type Landing } from '../assignment';
import { readThrough, type KeptPart } from '../../../cache/read-through';

/** What checking one app needs of its group's run. */
export interface AppCheckContext {
  /** The group's exchange: the run's deadline and timeout, and a body budget per app (released once judged). */
  readonly exchange: Exchange;
  readonly now: () => number;
  readonly cache?: ProbeCache;
  readonly orgUrl: string;
  readonly buckets: Buckets;
  /** A Management API token (okta.apps.read), for a discovered app's metadata; a finding when none could be had. */
  token(): Promise<{ readonly token: string } | { readonly problem: Finding }>;
  /** Counts each request sent. */
  sent(): void;
  /** The pause before the one retry of a transient failure (the run's injected pause). */
  readonly retryPause: () => Promise<void>;
  /**
   * The journey's user's app links, read once a run at most, by the first app whose walk lands on an error page;
   * absent when no "org" server reads users.
   */
  readonly appLinks?: () => Promise<AppLinksRead>;
}

export type AppOutcome =
  /**
   * Judged: its verdict and the latency of its SSO request (from its own send). The SAMLResponse is dropped here, never
   * added to the run's values to scrub (a listed app's is): a verdict's detail is cut to 300 characters and names the
   * values the SP compares, never the response, so scrubbing against a kilobytes-long response replaces nothing, and
   * keeping a thousand of them (their five encoded forms each) made the run's memory and every scrub grow with the
   * catalogue (616 MB and 205 s for 1,000 apps in one run, BENCHMARKS.md section p).
   */
  | {
      readonly kind: 'checked';
      readonly verdict: AppVerdict;
      readonly latencyMs?: number;
      readonly found?: FoundApp;
      readonly secrets?: readonly string[];
    }
  /**
   * Not asked this run (a bucket held back, a 429, the probe's own Management API token refused or not there yet):
   * its last verdict stands, and the next run takes it first. `probe`: the probe's own problem, which the group
   * reports once as a warning; it is never the app's verdict, nor counted among the apps failing.
   */
  | { readonly kind: 'left'; readonly why: string; readonly probe?: Finding };

const left = (why: string, probe?: Finding): AppOutcome => ({
  kind: 'left',
  why,
  ...(probe !== undefined && { probe }),
});

interface MetadataRead {
  readonly metadata: IdpMetadata;
  /** Read by this run: a signature it does not verify is the answer's fault, not a stale copy's. */
  readonly fresh: boolean;
}

export async function checkApp(ctx: AppCheckContext, app: GroupApp, cookie: string): Promise<AppOutcome> {
  // An app is checked whole or not at all: nothing is read for it once the SSO bucket is held.
  const held = ctx.buckets.heldBecause('sso');
  if (held !== undefined) return left(held);
  const hostile = 'found' in app ? (notHttps(app.found) ?? unbound(app.found)) : undefined;
  if (hostile !== undefined) return checked({ code: null, notRun: 'skip', detail: hostile });
  const first = await metadataOf(ctx, app, false);
  if ('left' in first) return left(first.left, first.probe);
  if ('verdict' in first) return checked(verdictOf(first.verdict));
  const ssoUrl = 'listed' in app ? app.listed.ssoUrl : first.metadata.ssoUrls[0];
  if (ssoUrl === undefined)
    return checked({
      code: 'SAML_METADATA_INVALID',
      detail: 'the metadata names no SingleSignOnService Location: no SSO URL to sign on at',
    });
  if (!sameOrigin(ssoUrl, ctx.orgUrl))
    return checked({
      code: 'SAML_METADATA_INVALID',
      detail: `the metadata's SSO URL ${ssoUrl} is not on the org: the probe sends the session nowhere else`,
    });
  const heldSince = ctx.buckets.heldBecause('sso');
  if (heldSince !== undefined) return left(heldSince);
  const { sso, latencyMs } = await walkTimed(ctx, app, ssoUrl, cookie);
  if (sso.outcome.ok && sso.outcome.response.status === 429)
    return left(ctx.buckets.heldBecause('sso') ?? 'Okta answered 429');
  const requestId = sso.outcome.ok ? sso.outcome.response.requestId : null;
  // The walk's session cookies and state token go to the run's scrub list, as a listed app's do (app.ts): a verdict's
  // detail may quote an answer that echoes them.
  const withSecrets = (outcome: AppOutcome): AppOutcome =>
    outcome.kind === 'checked' && sso.secrets.length > 0 ? { ...outcome, secrets: sso.secrets } : outcome;
  if ('verdict' in sso.result) {
    const verdict = await withAssignment(ctx, app, { verdict: sso.result.verdict, landing: sso.landing });
    return withSecrets(checked(verdictOf(verdict, requestId), latencyMs));
  }
  const { judged, metadata, current } = await judgeAnswer(ctx, app, first, sso.result.samlResponse);
  const cert = certificateOf(judged.signedBy, metadata);
  const sha1 = judged.algorithms === undefined ? undefined : usesSha1(judged.algorithms);
  return withSecrets(
    checked(
      {
        ...verdictOf(judged.verdict, requestId),
        ...(cert !== undefined && { cert }),
        ...(sha1 !== undefined && { sha1 }),
      },
      latencyMs,
      'found' in current && current !== app ? current.found : undefined,
    ),
  );
}

/**
 * The SSO walk of a listed app (checks/saml.ts: redirects and forms on the org, as a browser with the session follows
 * them), each answer read for its bucket, the first one timed; tried once more when it had no answer.
 */
async function walkTimed(
  ctx: AppCheckContext,
  app: GroupApp,
  ssoUrl: string,
  cookie: string,
): Promise<{ readonly sso: Awaited<ReturnType<typeof fetchSso>>; readonly latencyMs: number | undefined }> {
  let firstMs: number | undefined;
  const walk = (): ReturnType<typeof fetchSso> => {
    firstMs = undefined;
    const exchange: Exchange = async (req) => {
      const outcome = await send(ctx, new URL(req.url).pathname.endsWith('/sso/saml') ? 'sso' : 'other', req);
      firstMs ??= Math.round((outcome.ok ? outcome.response.timings : outcome.failure.timings).total);
      return outcome;
    };
    return fetchSso({ exchange, app: ssoTarget(app, ssoUrl) }, cookie);
  };
  let sso = await walk();
  if (transient(sso.outcome)) {
    await ctx.retryPause();
    sso = await walk();
  }
  return { sso, latencyMs: firstMs };
}

/**
 * A walk that landed on an error page (the app's custom error page, a page off the org, the sign-in page's
 * failure-redirect), judged again with the journey's user's assignment, as a listed app's is (assignment.ts): an
 * unassigned user is SAML_USER_NOT_ASSIGNED whatever the page, and an assigned one is never told so. A discovered app
 * is found among the links by its id (Okta's listing named it); a listed one by the ids and name its URLs carry.
 */
async function withAssignment(
  ctx: AppCheckContext,
  app: GroupApp,
  walk: { readonly verdict: Verdict; readonly landing: Landing | undefined },
): Promise<Verdict> {
  if (walk.landing === undefined || walk.verdict.diagnosis === null) return walk.verdict;
  const read: AppLinksRead =
    ctx.appLinks === undefined
      ? { unavailable: 'no "org" server reads users (a private_key_jwt server with the scope okta.users.read)' }
      : await ctx.appLinks();
  const counted: Exchange = (req) => {
    ctx.sent();
    return ctx.exchange(req);
  };
  const assignment =
    'found' in app ? assignmentById(app.found.appId, read) : await assignmentOf(app.listed, read, counted);
  return judgeLanding(walk.landing, walk.verdict, assignment);
}

/**
 * The SAMLResponse judged against the app's metadata, and against the metadata read again when its signature does not
 * verify; with the metadata and the app (its kid as Okta holds it now) the verdict was reached with.
 */
async function judgeAnswer(
  ctx: AppCheckContext,
  app: GroupApp,
  first: MetadataRead,
  samlResponse: string,
): Promise<{ judged: ReturnType<typeof judgeSamlResponse>; metadata: IdpMetadata; current: GroupApp }> {
  let judged = judgeSamlResponse(expectation(ctx, app, first.metadata), samlResponse);
  let metadata = first.metadata;
  let current = app;
  if (codeOf(judged.verdict) === 'SAML_SIGNATURE_INVALID') {
    // A certificate activated since the metadata was kept: read it again, and judge the same answer once more. For a
    // discovered app the activation changed its kid, which the listing (kept an hour) does not know yet: the app is
    // read again first (once, here), else the metadata of the old key gives the old certificate back.
    const kid = 'found' in app ? await currentKid(ctx, app.found) : undefined;
    if ('found' in app && kid !== undefined && kid !== app.found.kid)
      current = { id: app.id, found: { ...app.found, kid } };
    if (!first.fresh || current !== app) {
      const again = await metadataOf(ctx, current, true);
      if ('metadata' in again) {
        metadata = again.metadata;
        judged = judgeSamlResponse(expectation(ctx, current, metadata), samlResponse);
      }
    }
  }
  return { judged, metadata, current };
}

/**
 * The app's signing key as Okta holds it now (GET /api/v1/apps/{id}, getApplication, okta.apps.read:
 * `credentials.signing.kid`); undefined when it cannot be read (no token, a held bucket, an answer not a SAML app).
 */
async function currentKid(ctx: AppCheckContext, found: FoundApp): Promise<string | undefined> {
  if (ctx.buckets.heldBecause('management') !== undefined) return undefined;
  const token = await ctx.token();
  if ('problem' in token) return undefined;
  const outcome = await send(ctx, 'management', {
    method: 'GET',
    url: `${ctx.orgUrl}/api/v1/apps/${encodeURIComponent(found.appId)}`,
    headers: { accept: 'application/json', authorization: `Bearer ${token.token}` },
  });
  if (!outcome.ok || outcome.response.status !== 200) return undefined;
  const [read] = readSamlApps([parseJsonBody(outcome.response)]);
  return read?.appId === found.appId ? read.kid : undefined;
}

/**
 * Where the walk starts and where the form must post: a listed app's SP values, a discovered app's settings in Okta.
 */
function ssoTarget(app: GroupApp, ssoUrl: string): Parameters<typeof fetchSso>[0]['app'] {
  if ('listed' in app)
    return {
      ssoUrl,
      recipient: app.listed.recipient,
      ...(app.listed.acsUrl !== undefined && { acsUrl: app.listed.acsUrl }),
    };
  const { recipient, acsUrl, errorRedirectUrl } = app.found;
  return {
    ssoUrl,
    ...(recipient !== undefined && { recipient }),
    ...(acsUrl !== undefined && { acsUrl }),
    ...(errorRedirectUrl !== undefined && { errorRedirectUrl }),
  };
}

/**
 * Okta's settings of a discovered app are its admins' text: an ACS URL, Recipient or Destination that is not an https
 * URL cannot be compared with the form or the assertion, so the app is not checked, and the run says why.
 */
function notHttps(found: FoundApp): string | undefined {
  const fields = { ssoAcsUrl: found.acsUrl, recipient: found.recipient, destination: found.destination };
  const bad = Object.entries(fields).find(
    ([, value]) => value !== undefined && (!URL.canParse(value) || new URL(value).protocol !== 'https:'),
  );
  if (bad === undefined) return undefined;
  return (
    `Okta's settings.signOn.${bad[0]} of the app is not an https URL (${JSON.stringify(String(bad[1]).slice(0, 80))}): ` +
    `not checked`
  );
}

/**
 * A discovered app whose settings in Okta name neither an ACS URL nor a Recipient: nothing binds where the form may
 * post the assertion (its IdP metadata names only Okta's SSO URLs), and "any https URL" would pass a form posting every
 * user's assertion anywhere. The app is not checkable, and the run says why and what to set.
 */
function unbound(found: FoundApp): string | undefined {
  if (found.acsUrl !== undefined || found.recipient !== undefined) return undefined;
  return (
    "Okta's settings of the app name no ACS URL (settings.signOn.ssoAcsUrl) nor Recipient: where its SSO form " +
    'may post the assertion cannot be bound, so the app is not checkable (list it under samlApps with its ' +
    'acsUrl, or set its Single sign-on URL in Okta)'
  );
}

/**
 * Worth one more try: the code the outcome is told with (a sign-in step's answer, as the walk and the metadata read
 * judge it) is `transient` in its registry row, the one rule of every retry.
 */
const transient = (outcome: HttpOutcome): boolean => {
  const told = outcome.ok ? signInError(outcome.response)?.diagnosis : failureFinding(outcome.failure);
  return told !== undefined && told !== null && isTransient(told.code);
};

const checked = (verdict: AppVerdict, latencyMs?: number, found?: FoundApp): AppOutcome => ({
  kind: 'checked',
  verdict,
  ...(latencyMs !== undefined && { latencyMs }),
  ...(found !== undefined && { found }),
});

function sameOrigin(url: string, orgUrl: string): boolean {
  return URL.canParse(url) && new URL(url).origin === new URL(orgUrl).origin;
}

/** What the SP expects of the assertion: a listed app's values, or Okta's own settings of a discovered one. */
function expectation(ctx: AppCheckContext, app: GroupApp, metadata: IdpMetadata): SamlExpectation {
  const base = { issuer: metadata.entityId, certificates: metadata.certificates, now: ctx.now() };
  if ('listed' in app) {
    const { audience, recipient, destination, nameIdFormat, requiredAttributes } = app.listed;
    return {
      ...base,
      audience,
      recipient,
      destination: destination ?? recipient,
      requiredAttributes,
      ...(nameIdFormat !== undefined && { nameIdFormat }),
    };
  }
  const { audience, recipient, destination } = app.found;
  const where = destination ?? recipient;
  return {
    ...base,
    requiredAttributes: [],
    ...(audience !== undefined && { audience }),
    ...(recipient !== undefined && { recipient }),
    ...(where !== undefined && { destination: where }),
  };
}

const codeOf = (verdict: Verdict | NotRun): DiagnosisCode | null =>
  'notRun' in verdict ? null : (verdict.diagnosis?.code ?? null);

function verdictOf(verdict: Verdict | NotRun, requestId?: string | null): AppVerdict {
  if ('notRun' in verdict) return { code: null, notRun: verdict.notRun, detail: verdict.reason };
  const found = verdict.diagnosis;
  if (found === null) return { code: null };
  return {
    code: found.code,
    ...(found.detail !== undefined && { detail: found.detail }),
    requestId: found.requestId ?? requestId ?? null,
    ...(found.httpStatus !== undefined && { httpStatus: found.httpStatus }),
  };
}

function certificateOf(signedBy: SigningCertificate | undefined, metadata: IdpMetadata): KeptCertificate | undefined {
  const certificate = signedBy ?? [...metadata.certificates].sort((a, b) => a.notAfter - b.notAfter)[0];
  return certificate === undefined
    ? undefined
    : { notAfter: certificate.notAfter, fingerprint: certificate.fingerprint };
}

/** Where an app's metadata is read: its URL, the rate bucket it counts against, and whether it needs a token. */
interface MetadataSource {
  readonly url: string;
  readonly bucket: GroupBucket;
  readonly managed: boolean;
}

/**
 * Where an app's metadata is: a listed app's Metadata URL, or the Management API's copy for a discovered app's signing
 * key.
 */
function metadataSource(ctx: AppCheckContext, app: GroupApp): MetadataSource | { readonly problem: string } {
  if ('listed' in app) return { url: app.listed.metadataUrl, bucket: 'metadata', managed: false };
  const { appId, kid } = app.found;
  if (kid === undefined)
    return {
      problem:
        'Okta lists no signing key (credentials.signing.kid) for the app: no metadata to pin its certificate from',
    };
  return {
    url: `${ctx.orgUrl}/api/v1/apps/${encodeURIComponent(appId)}/sso/saml/metadata?kid=${encodeURIComponent(kid)}`,
    bucket: 'management',
    managed: true,
  };
}

type MetadataOutcome =
  | MetadataRead
  | { readonly verdict: Verdict }
  | { readonly left: string; readonly probe?: Finding };

/** The app's metadata: kept (at most a day) unless `fresh` is asked, else read now and kept. */
async function metadataOf(ctx: AppCheckContext, app: GroupApp, fresh: boolean): Promise<MetadataOutcome> {
  const source = metadataSource(ctx, app);
  if ('problem' in source)
    return { verdict: { diagnosis: { code: 'SAML_METADATA_INVALID', requestId: null, detail: source.problem } } };
  const key = `saml-group-metadata:${source.url}`;
  const policy = { keep: keptMetadata, forceFetch: fresh };
  const read = await readThrough(ctx.cache, key, ctx.now(), policy, () => readMetadataNow(ctx, app, source));
  return read.fromCache ? { metadata: read.value, fresh: false } : read.value;
}

/** Metadata read now is kept at most a day (SAML_GROUP.metadataMaxAgeMs); a failed read is never kept. */
const keptMetadata = (outcome: MetadataOutcome): KeptPart<IdpMetadata> | undefined =>
  'metadata' in outcome ? { value: outcome.metadata, maxAgeMs: SAML_GROUP.metadataMaxAgeMs } : undefined;

/** The app's metadata read now from `source`, unless its bucket is held or no token can be had. */
async function readMetadataNow(ctx: AppCheckContext, app: GroupApp, source: MetadataSource): Promise<MetadataOutcome> {
  const held = ctx.buckets.heldBecause(source.bucket);
  if (held !== undefined) return { left: held };
  const headers: Record<string, string> = { accept: 'application/xml, text/xml' };
  if (source.managed) {
    const token = await ctx.token();
    // The "org" server's credential is the probe's, not the app's: the app is left, the group warns once.
    if ('problem' in token)
      return {
        left: `no Management API token to read its metadata with (${token.problem.code}${token.problem.detail === undefined ? '' : `: ${token.problem.detail}`})`,
        probe: token.problem,
      };
    headers.authorization = `Bearer ${token.token}`;
  }
  const outcome = await confirmed(ctx, () => send(ctx, source.bucket, { method: 'GET', url: source.url, headers }));
  if (outcome.ok && outcome.response.status === 429)
    return { left: ctx.buckets.heldBecause(source.bucket) ?? 'Okta answered 429' };
  const read = readMetadata(
    { metadataUrl: source.url, ...('listed' in app && { ssoUrl: app.listed.ssoUrl }) },
    outcome,
  );
  if ('verdict' in read) return read;
  return { metadata: read.metadata, fresh: true };
}

async function send(
  ctx: AppCheckContext,
  bucket: GroupBucket | 'other',
  req: Parameters<Exchange>[0],
): Promise<HttpOutcome> {
  ctx.sent();
  const outcome = await ctx.exchange(req);
  if (outcome.ok && bucket !== 'other') ctx.buckets.note(bucket, outcome.response);
  return outcome;
}

/** Once more after a pause when the first attempt's code is transient (registry.ts), never otherwise. */
async function confirmed(ctx: AppCheckContext, attempt: () => Promise<HttpOutcome>): Promise<HttpOutcome> {
  const first = await attempt();
  if (!transient(first)) return first;
  await ctx.retryPause();
  return attempt();
}
