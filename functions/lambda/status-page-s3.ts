// This org's own status page, published after each run to the stack's bucket (lib/status-page.ts): the model the last
// run kept is read back as hostile input (size-capped, then readStatusModel), this run's line folded in, and the page
// written whole (functions/status-page/page.ts, as the CLI builds it): index.html for the help desk, status.json for
// an integration, and status-model.json, the one stored format, for the next run. status.json is a rendering (a stale
// page turns every state unknown), so the model is kept beside it rather than read back from it. A missing model is a
// fresh start; a forged or unreadable one is logged at WARN and the page starts afresh from this run, never a green
// page carried over from a forgery. Nothing here fails the run: the page is our own, its failure is logged at WARN
// (the probe's log), never a page to on-call. Each region's browser journeys' function writes one object of its own,
// its last run line (keepBrowserLine), which the probe reads beside the model and folds in
// (status-page/browser-line.ts): each object has one writer, so none overwrites another's part
// (docs/decisions/status-page-browser.md).
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { STATUS_PAGE_CACHE_CONTROL, STATUS_PAGE_KEYS, type RunLogLine } from '../contract';
import { parseRunLine } from '../report/parse-run-line';
import type { BrowserJourney } from '../status-page/browser-line';
import type { StatusModel } from '../status-page/model';
import { buildStatusPage } from '../status-page/page';
import type { PreviewSummary } from '../status-page/preview';
import { readStatusModel } from '../status-page/read';
import type { QuorumView } from '../status-page/verdicts';
import type { WatchedPart } from '../status-page/watched';
import { within } from '../deadline';

/**
 * The clients this sandbox makes once: the probe's, and the browser function's for its part (the bucket's region's:
 * its part's place never changes).
 */
const sandbox: { client?: S3Client; partClient?: S3Client } = {};

/**
 * A loopback endpoint (the tests' fake) serves buckets by path; AWS itself by virtual host. `region`: the bucket's,
 * when it is not the function's own: S3 answers a request at another region's endpoint with 301 PermanentRedirect,
 * which the SDK for JavaScript v3 does not follow unless told (its `followRegionRedirects`, off by default), so the
 * client is made for the bucket's region instead, and nothing is sent twice.
 */
const defaultClient = (region?: string): S3Client =>
  new S3Client({
    maxAttempts: 2,
    forcePathStyle: process.env.AWS_ENDPOINT_URL !== undefined,
    ...(region !== undefined && region !== '' && { region }),
  });

/**
 * The most of a kept model read back, bytes: a thousand parts with their faults and a group's fifty named apps are a
 * few hundred KB; anything past this is not ours.
 */
export const STATUS_MODEL_MAX_BYTES = 4 * 1024 * 1024;

/** What publishing did: the model's origin (kept, fresh, or refused and why) and each write that failed. */
interface PublishedPage {
  readonly from: 'kept' | 'fresh' | 'refused';
  /** Why the kept model was not used, or why a write failed: AWS's error names and our words, never a body. */
  readonly problems: readonly string[];
  readonly written: readonly string[];
}

/** What the page is told besides the run: the config's names, and with several regions the quorum's decisions. */
interface PageContext {
  readonly watched?: readonly WatchedPart[];
  /** Read while the kept model is: the page's budget holds both. */
  readonly quorum?: Promise<QuorumView | undefined>;
  /**
   * With a `preview` block: the Preview run's kept summary, read while the kept model is and within the page's
   * budget (past it the line says not checked). Absent without one: the page has no Preview line.
   */
  readonly preview?: Promise<{ readonly summary: PreviewSummary | undefined; readonly problem?: string }>;
  /**
   * With "browser" journeys: each, with the part its region's browser function keeps, every part read once beside the
   * kept model. Absent without one: nothing more is read.
   */
  readonly browser?: readonly BrowserJourney[];
}

/** The Preview summary's read, or none once `signal` aborts: the page is published within its budget all the same. */
async function previewWithin(
  read: NonNullable<PageContext['preview']>,
  signal: AbortSignal,
): Promise<Awaited<NonNullable<PageContext['preview']>>> {
  const late = { summary: undefined, problem: "the Preview line's summary not read within the page's time" };
  return within(read, Infinity, () => late, signal);
}

/** Reads the kept model, folds `line` in, writes the page as it stands at `at`, all until `signal` aborts. */
export async function publishStatusPage(
  line: RunLogLine,
  bucket: string,
  signal: AbortSignal,
  at: Date = new Date(),
  s3: S3Client = (sandbox.client ??= defaultClient()),
  context: PageContext = {},
): Promise<PublishedPage> {
  const [kept, quorum, preview, browser] = await Promise.all([
    readKeptModel(s3, bucket, signal),
    context.quorum,
    context.preview && previewWithin(context.preview, signal),
    readBrowserLines(s3, bucket, context.browser ?? [], signal),
  ]);
  const told = {
    watched: context.watched,
    quorum,
    preview: preview && { summary: preview.summary },
    browser: context.browser && { journeys: context.browser, lines: browser.lines },
  };
  const page = buildStatusPage({ prev: kept.model, lines: [line], at, ...told });
  // A line and no model still make a model: the page is never left unwritten for want of one.
  const objects = page?.files ?? [];
  const settled = await Promise.allSettled(
    objects.map((o) =>
      s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: o.key,
          Body: o.body,
          ContentType: o.type,
          // Said on the object too, for whatever serves it besides CloudFront (whose headers policy says it again).
          CacheControl: STATUS_PAGE_CACHE_CONTROL,
          ServerSideEncryption: 'AES256',
        }),
        { abortSignal: signal },
      ),
    ),
  );
  const failed = settled.flatMap((s, i) =>
    s.status === 'rejected' ? [`${objects[i]?.key ?? '?'} not written: ${awsError(s.reason)}`] : [],
  );
  const written = settled.flatMap((s, i) => (s.status === 'fulfilled' ? [objects[i]?.key ?? '?'] : []));
  const unread = [...(preview?.problem !== undefined ? [preview.problem] : []), ...browser.problems];
  return { from: kept.from, problems: [...kept.problems, ...unread, ...failed], written };
}

/** Where a browser function keeps its part: the home region's page bucket, its one key, and the bucket's region. */
interface BrowserPartPlace {
  readonly bucket: string;
  readonly key: string;
  /** The bucket's region when it is not the function's own (another region's browser function); else undefined. */
  readonly region?: string | undefined;
}

/**
 * The browser function's part: its run `line` put whole as its own object, the one object of the bucket it may write
 * (lib/status-page.ts), in the home region's bucket whichever region it runs in. Never read back by it: the probe
 * folds it into the page. A failure is returned, never thrown.
 */
export async function keepBrowserLine(
  line: RunLogLine,
  place: BrowserPartPlace,
  signal: AbortSignal,
  s3: S3Client = (sandbox.partClient ??= defaultClient(place.region)),
): Promise<{ readonly problem?: string }> {
  const { bucket, key } = place;
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify(line),
        ContentType: 'application/json',
        CacheControl: STATUS_PAGE_CACHE_CONTROL,
        ServerSideEncryption: 'AES256',
      }),
      { abortSignal: signal },
    );
    return {};
  } catch (error) {
    return { problem: `${key} not written: ${awsError(error)}` };
  }
}

/** The most of the browser's line read back, bytes: its journeys' line is a few KB; a megabyte is not ours. */
const BROWSER_LINE_MAX_BYTES = 1024 * 1024;

/**
 * Every region's browser line the page's journeys are kept in, each read once and at once, by key: a part not read
 * is missing from the map, its journeys unknown, and said when it was not merely not written yet.
 */
async function readBrowserLines(
  s3: S3Client,
  bucket: string,
  journeys: readonly BrowserJourney[],
  signal: AbortSignal,
): Promise<{ readonly lines: ReadonlyMap<string, RunLogLine>; readonly problems: readonly string[] }> {
  const keys = [...new Set(journeys.map((j) => j.part))];
  const read = await Promise.all(keys.map((key) => readBrowserLine(s3, bucket, key, signal)));
  const lines = new Map<string, RunLogLine>();
  for (const [i, got] of read.entries()) if (got.line !== undefined) lines.set(keys[i] ?? '', got.line);
  return { lines, problems: read.flatMap((got) => (got.problem === undefined ? [] : [got.problem])) };
}

/**
 * A browser function's last run line, read as hostile input through the one parser of run lines: none yet
 * (NoSuchKey) is no line and no problem; anything else unread or not a run line is no line, and said.
 */
async function readBrowserLine(
  s3: S3Client,
  bucket: string,
  key: string,
  signal: AbortSignal,
): Promise<{ readonly line: RunLogLine | undefined; readonly problem?: string }> {
  const none = (problem: string) => ({ line: undefined, problem: `${problem}: its journeys are shown unknown` });
  let bytes: Uint8Array;
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    if ((got.ContentLength ?? 0) > BROWSER_LINE_MAX_BYTES || got.Body === undefined)
      return none(`${key} is ${got.ContentLength ?? 'of no'} bytes: not ours`);
    bytes = await got.Body.transformToByteArray();
  } catch (error) {
    if (isNoSuchKey(error)) return { line: undefined };
    return none(`${key} not read (${awsError(error)})`);
  }
  if (bytes.length > BROWSER_LINE_MAX_BYTES) return none(`${key} is too large: not ours`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return none(`${key} is not UTF-8: torn or forged`);
  }
  const line = parseRunLine(text);
  return line === undefined ? none(`${key} is not a run line: torn or forged`) : { line };
}

interface KeptModel {
  readonly model: StatusModel | undefined;
  readonly from: PublishedPage['from'];
  readonly problems: readonly string[];
}

/**
 * The model the last run kept. NoSuchKey (404) is the first run: "If the object you request doesn't exist, the error
 * that Amazon S3 returns depends on whether you also have the s3:ListBucket permission ... Amazon S3 returns an HTTP
 * status code 404 Not Found error" (S3 API reference, GetObject); the stack grants s3:ListBucket for this.
 */
async function readKeptModel(s3: S3Client, bucket: string, signal: AbortSignal): Promise<KeptModel> {
  const refused = (why: string): KeptModel => ({ model: undefined, from: 'refused', problems: [why] });
  let text: string;
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: STATUS_PAGE_KEYS.model }), {
      abortSignal: signal,
    });
    if ((got.ContentLength ?? 0) > STATUS_MODEL_MAX_BYTES || got.Body === undefined)
      return refused(`${STATUS_PAGE_KEYS.model} is ${got.ContentLength ?? 'of no'} bytes: not ours, starting afresh`);
    const bytes = await got.Body.transformToByteArray();
    if (bytes.length > STATUS_MODEL_MAX_BYTES)
      return refused(`${STATUS_PAGE_KEYS.model} is too large: starting afresh`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (isNoSuchKey(error)) return { model: undefined, from: 'fresh', problems: [] };
    return refused(`${STATUS_PAGE_KEYS.model} not read (${awsError(error)}): starting afresh`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return refused(`${STATUS_PAGE_KEYS.model} is not JSON: torn or forged, starting afresh`);
  }
  const model = readStatusModel(raw);
  if (model === undefined) return refused(`${STATUS_PAGE_KEYS.model} is not a model this probe wrote: starting afresh`);
  return { model, from: 'kept', problems: [] };
}

function isNoSuchKey(error: unknown): boolean {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  return e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/** An AWS error as its name and status, never its message (which may quote a key or a request). */
function awsError(error: unknown): string {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  const name = typeof e?.name === 'string' ? e.name.slice(0, 80) : 'Error';
  const status = typeof e?.$metadata?.httpStatusCode === 'number' ? ` ${e.$metadata.httpStatusCode}` : '';
  return `${name}${status}`;
}
