// What a failed browser journey leaves behind, beside its HAR: the page at the failure (a PNG, its fields emptied and
// masked first) and a trace of what the page did (its navigations, requests, console messages, CSP violations and
// script errors) in HAR 1.2's shape. Sanitized as the HTTP traces are, by never recording what could carry a secret:
// no header, cookie, body or query is read at all; every text the page gave (a URL's path, a console message, an
// error) is hostile input made fit to keep by pageText, scrubbed of the run's secrets and of every cookie the browser
// held; and each entry is proven clean before it is kept. Playwright's own trace is not used: it holds DOM snapshots
// (the inputs' values) and each request's headers and cookies (docs/decisions/browser-journey.md).
import pkg from '../../../../../package.json' with { type: 'json' };
import { within } from '../../../../deadline';
import { revealsSecret, REDACTED } from '../../../../text/redact';
import type { PageEvidence } from '../../../../types';
import { MIN_SCRUBBED_COOKIE } from '../../../http';
import type { PageWatcher } from './io';
import { pageText, type PageFacts } from './page-facts';

type Page = import('playwright-core').Page;
type Request = import('playwright-core').Request;

/** The trace's cap, bytes of its JSON: entries past it are dropped from the end, and the trace says how many. */
export const PAGE_TRACE_MAX_BYTES = 256 * 1024;
/** The screenshot's cap, bytes: a larger PNG is not kept, and the trace says so. */
export const SCREENSHOT_MAX_BYTES = 2 * 1024 * 1024;
/** Each kind of record kept, at most: the rest are counted. */
export const PAGE_TRACE_LIMITS = { requests: 200, console: 100, navigations: 20 } as const;
/** A page's text held until the trace is built, characters (pageText then cuts it to PAGE_TEXT_MAX). */
const RAW_TEXT_MAX = 4000;

/** Inputs no one types into: neither emptied nor masked (a hidden or covered button is what a screenshot shows). */
const NOT_TYPED = ['hidden', 'checkbox', 'radio', 'submit', 'button', 'reset', 'image', 'file'] as const;
/** What the screenshot hides: every field a person types into, and the identifier the widget shows above them. */
const MASKED = [
  `input${NOT_TYPED.map((t) => `:not([type="${t}"])`).join('')}`,
  'textarea',
  'select',
  '#okta-sign-in [data-se="identifier"]',
].join(', ');
const MASK_COLOR = '#808080';

interface RequestRecord {
  readonly at: number;
  readonly method: string;
  readonly url: string;
  readonly type: string;
  status: number;
  time?: number;
  wait?: number;
  receive?: number;
  error?: string;
}
interface TextRecord {
  readonly at: number;
  readonly text: string;
  readonly type?: string;
}

/** The page's fields as the screenshot found them, after they were emptied. */
interface FieldsAtCapture {
  /** Fields whose value was emptied (text-like inputs and text areas, in every frame). */
  readonly emptied: number;
  /** Fields still holding a value when the screenshot was taken (a page that refills them): masked all the same. */
  readonly holdingValue: number;
}

/** A screenshot, or why none was kept. */
type Screenshot =
  | { readonly png: Buffer; readonly fields: FieldsAtCapture }
  | { readonly why: string; readonly fields?: FieldsAtCapture };

/**
 * The page as a person sees it, minus what they typed: every field of every frame emptied, then the screenshot taken
 * with every field and the widget's shown identifier masked (a page that refills a field still shows none of it).
 * Never throws; bounded by `timeoutMs` a step.
 */
export async function maskedScreenshot(tab: Page, timeoutMs: number): Promise<Screenshot> {
  let fields: FieldsAtCapture | undefined;
  try {
    fields = await within(emptyFields(tab), timeoutMs, () => undefined);
    const png = await tab.screenshot({
      type: 'png',
      animations: 'disabled',
      caret: 'hide',
      mask: [tab.locator(MASKED)],
      maskColor: MASK_COLOR,
      timeout: timeoutMs,
    });
    if (fields === undefined) return { why: 'the page did not let its fields be emptied in time' };
    if (png.length > SCREENSHOT_MAX_BYTES)
      return { why: `it was ${png.length} bytes, over the cap of ${SCREENSHOT_MAX_BYTES}`, fields };
    return { png, fields };
  } catch (error) {
    const first = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return { why: `the browser could not take it (${first})`, ...(fields !== undefined && { fields }) };
  }
}

/** Every text-like field of every frame emptied; how many were, and how many still hold a value. */
async function emptyFields(tab: Page): Promise<FieldsAtCapture> {
  const counts = await Promise.all(
    tab.frames().map((frame) =>
      frame
        .evaluate((notTyped) => {
          const notText = new Set<string>(notTyped);
          const fields = Array.from(document.querySelectorAll('input, textarea')).filter(
            (el): el is HTMLInputElement | HTMLTextAreaElement =>
              el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && !notText.has(el.type)),
          );
          for (const field of fields) field.value = '';
          return { emptied: fields.length, holdingValue: fields.filter((field) => field.value !== '').length };
        }, NOT_TYPED)
        // A frame gone meanwhile has no field left to show.
        .catch(() => ({ emptied: 0, holdingValue: 0 })),
    ),
  );
  return counts.reduce((a, b) => ({ emptied: a.emptied + b.emptied, holdingValue: a.holdingValue + b.holdingValue }));
}

/** A URL as kept before it is scrubbed: its origin and path, never its query or fragment (a code or stateToken). */
function withoutQuery(url: string): string {
  if (!URL.canParse(url)) return url.split(/[?#]/)[0] ?? '';
  const parsed = new URL(url);
  return parsed.protocol === 'data:' ? 'data:' : `${parsed.origin}${parsed.pathname}`;
}

/**
 * One browser journey's page, watched while it runs: its records kept bounded, its screenshot taken at a failure while
 * the browser is open, its trace built (sanitized) only when the journey failed.
 */
export class PageRecorder implements PageWatcher {
  readonly #secrets: () => readonly string[];
  readonly #stepMs: number;
  readonly #started = Date.now();
  readonly #requests: RequestRecord[] = [];
  readonly #console: TextRecord[] = [];
  readonly #navigations: TextRecord[] = [];
  readonly #seen = { requests: 0, console: 0, navigations: 0 };
  readonly #open = new Map<Request, RequestRecord>();
  #tab: Page | undefined;
  /** The values of the cookies the browser held at the end: scrubbed from every text, never kept. */
  #cookies: string[] = [];
  #screenshot: Screenshot | undefined;

  constructor(secrets: () => readonly string[], stepMs: number) {
    this.#secrets = secrets;
    this.#stepMs = stepMs;
  }

  watch(tab: Page): void {
    this.#tab = tab;
    tab.on('framenavigated', (frame) => {
      if (frame !== tab.mainFrame()) return;
      this.#keep('navigations', this.#navigations, { at: Date.now(), text: withoutQuery(frame.url()) });
    });
    tab.on('console', (message) => {
      const text = message.text().slice(0, RAW_TEXT_MAX);
      this.#keep('console', this.#console, { at: Date.now(), type: message.type(), text });
    });
    tab.on('request', (request) => {
      const record: RequestRecord = {
        at: Date.now(),
        method: request.method(),
        url: withoutQuery(request.url()).slice(0, RAW_TEXT_MAX),
        type: request.resourceType(),
        status: 0,
      };
      if (this.#keep('requests', this.#requests, record)) this.#open.set(request, record);
    });
    tab.on('response', (response) => {
      const record = this.#open.get(response.request());
      if (record !== undefined) record.status = response.status();
    });
    tab.on('requestfinished', (request) => this.#done(request));
    tab.on('requestfailed', (request) => this.#done(request, request.failure()?.errorText ?? 'failed'));
  }

  /** At the walk's end, the browser still open: the cookies' values read, and the screenshot taken when it failed. */
  async settle(failed: boolean): Promise<void> {
    const tab = this.#tab;
    if (tab === undefined) return;
    const cookies = await within(tab.context().cookies(), this.#stepMs, () => []).catch(() => []);
    this.#cookies = cookies.map((c) => c.value).filter((value) => value.length >= MIN_SCRUBBED_COOKIE);
    if (failed) this.#screenshot = await maskedScreenshot(tab, this.#stepMs);
  }

  /**
   * The evidence of a failed journey: the screenshot and the trace, `label` (the journey and check) and `finding` in
   * its comment. Built now, sanitized against the run's secrets as they stand and the browser's cookies; never throws.
   * None when no page was opened (the browser never started): there is nothing of a page to show.
   */
  evidence(
    label: string,
    finding: { readonly code: string; readonly detail?: string },
    facts: PageFacts,
  ): PageEvidence | undefined {
    if (this.#tab === undefined) return undefined;
    const secrets = [...this.#secrets(), ...this.#cookies];
    const shot = this.#screenshot;
    const trace = pageTrace({
      label,
      finding,
      facts,
      started: this.#started,
      requests: this.#requests,
      console: this.#console,
      navigations: this.#navigations,
      seen: this.#seen,
      screenshot: shot ?? { why: 'the page completed its part; the failure came after it (the HAR holds that)' },
      secrets,
    });
    return { ...(shot !== undefined && 'png' in shot && { screenshot: shot.png }), trace };
  }

  #keep<T>(kind: keyof typeof PAGE_TRACE_LIMITS, list: T[], record: T): boolean {
    this.#seen[kind] += 1;
    if (list.length >= PAGE_TRACE_LIMITS[kind]) return false;
    list.push(record);
    return true;
  }

  #done(request: Request, error?: string): void {
    const record = this.#open.get(request);
    if (record === undefined) return;
    this.#open.delete(request);
    record.time = Date.now() - record.at;
    const timing = request.timing();
    if (timing.responseStart >= 0 && timing.requestStart >= 0) {
      record.wait = Math.max(0, Math.round(timing.responseStart - timing.requestStart));
      if (timing.responseEnd >= 0) record.receive = Math.max(0, Math.round(timing.responseEnd - timing.responseStart));
    }
    if (error !== undefined) record.error = error.slice(0, RAW_TEXT_MAX);
  }
}

/** What the trace says of itself, so whoever reads it knows what is missing and why. */
const SANITIZED =
  'The page as the browser told it, sanitized: no header, cookie, body or query string was recorded; every URL, ' +
  "console message and error is stripped of markup and scrubbed of the run's secrets (the password, the one-time " +
  `code), of every cookie value the browser held and of anything shaped like a token, each replaced by ${REDACTED}, ` +
  'and cut to 200 characters.';

interface TraceInput {
  readonly label: string;
  readonly finding: { readonly code: string; readonly detail?: string };
  readonly facts: PageFacts;
  readonly started: number;
  readonly requests: readonly RequestRecord[];
  readonly console: readonly TextRecord[];
  readonly navigations: readonly TextRecord[];
  readonly seen: { readonly requests: number; readonly console: number; readonly navigations: number };
  readonly screenshot: Screenshot;
  readonly secrets: readonly string[];
}

type Json = Record<string, unknown>;

/**
 * The page's trace as JSON text, in HAR 1.2's shape (a viewer of HAR files shows its requests), its console, CSP
 * violations, script errors and screenshot as `_` fields, as HAR allows. Each entry is proven clean (one that still
 * reveals a secret is withheld whole), and the text is held to PAGE_TRACE_MAX_BYTES, saying what it dropped.
 */
export function pageTrace(input: TraceInput): string {
  const said = (text: string): string => pageText(text, input.secrets);
  const iso = (at: number): string => new Date(at).toISOString();
  const { entries, consoleLines, navigations } = cleanRecords(input, said, iso);
  const notKept = (kind: keyof typeof PAGE_TRACE_LIMITS): string[] => {
    const over = input.seen[kind] - PAGE_TRACE_LIMITS[kind];
    return over > 0 ? [`${over} more ${kind} were not kept (at most ${PAGE_TRACE_LIMITS[kind]})`] : [];
  };
  const bounds = [...notKept('requests'), ...notKept('console'), ...notKept('navigations')];
  const comment = (dropped: string[]): string =>
    [
      `${input.label} ${input.finding.code}: ${said(input.finding.detail ?? '')}.`,
      SANITIZED,
      ...dropped.map((d) => `Truncated: ${d}.`),
    ].join(' ');
  const page = { navigations, ...pageFields(input, said) };
  const traceOf = (kept: { entries: Json[]; console: Json[] }, dropped: string[]): string =>
    `${JSON.stringify(
      {
        log: {
          version: '1.2',
          creator: { name: 'okta-synthetics', version: pkg.version },
          pages: [
            {
              startedDateTime: iso(input.started),
              id: 'page_1',
              title: 'the hosted sign-in page',
              pageTimings: { onContentLoad: -1, onLoad: -1 },
            },
          ],
          entries: kept.entries,
          comment: comment(dropped),
          _navigations: page.navigations,
          _console: kept.console,
          ...page.fields,
        },
      },
      null,
      2,
    )}\n`;
  return bounded(entries, consoleLines, bounds, traceOf);
}

/** The records made fit to keep, each proven clean: one that still reveals a secret is withheld. */
function cleanRecords(
  input: TraceInput,
  said: (text: string) => string,
  iso: (at: number) => string,
): { entries: Json[]; consoleLines: Json[]; navigations: Json[] } {
  const withheld = `${REDACTED}: withheld, it still held a secret after sanitizing`;
  const clean = (entry: Json): Json => (revealsSecret(JSON.stringify(entry), input.secrets) ? { withheld } : entry);
  // A request withheld keeps its place and status, as a HAR entry must: nothing it said, nor its timings.
  const entries = input.requests.map((r) => {
    const entry = requestEntry(r, said, iso);
    if (!revealsSecret(JSON.stringify(entry), input.secrets)) return entry;
    const { at, status } = r;
    return requestEntry(
      { at, status, method: 'GET', url: 'http://withheld.invalid/', type: '', error: withheld },
      said,
      iso,
    );
  });
  return {
    entries,
    consoleLines: input.console.map((c) => clean({ at: iso(c.at), type: c.type ?? 'log', text: said(c.text) })),
    navigations: input.navigations.map((n) => clean({ at: iso(n.at), url: said(n.text) })),
  };
}

/** What the browser told of the page (its counts whole) and what the screenshot emptied and masked, as `_` fields. */
function pageFields(input: TraceInput, said: (text: string) => string): { fields: Json } {
  const { facts, screenshot: shot } = input;
  const screenshot: Json =
    'png' in shot
      ? { kept: true, ...pngSize(shot.png), bytes: shot.png.length, fields: shot.fields, masked: MASKED }
      : { kept: false, why: said(shot.why), ...(shot.fields !== undefined && { fields: shot.fields }) };
  return {
    fields: {
      _cspViolations: { seen: facts.counts.csp, kept: facts.csp.map(said) },
      _scriptErrors: { seen: facts.counts.scriptErrors, kept: facts.scriptErrors.map(said) },
      _failedAssets: { seen: facts.counts.assets, kept: facts.assets.map(said) },
      _screenshot: screenshot,
      ...(facts.renderMs !== undefined && { _widgetRenderedMs: facts.renderMs }),
      ...(facts.widgetVersion !== undefined && { _widgetVersion: said(facts.widgetVersion) }),
      ...(facts.browserVersion !== undefined && { _browser: said(facts.browserVersion) }),
    },
  };
}

/** The trace within PAGE_TRACE_MAX_BYTES: requests dropped from the end first, then console messages, each counted. */
function bounded(
  entries: Json[],
  consoleLines: Json[],
  bounds: readonly string[],
  traceOf: (kept: { entries: Json[]; console: Json[] }, dropped: string[]) => string,
): string {
  const kept = { entries: [...entries], console: [...consoleLines] };
  const cut = (what: string, before: number, after: number): string[] =>
    after < before ? [`${before - after} ${what} were dropped to hold the trace to ${PAGE_TRACE_MAX_BYTES} bytes`] : [];
  const dropped = (): string[] => [
    ...bounds,
    ...cut('requests', entries.length, kept.entries.length),
    ...cut('console messages', consoleLines.length, kept.console.length),
  ];
  let text = traceOf(kept, dropped());
  while (Buffer.byteLength(text) > PAGE_TRACE_MAX_BYTES && (kept.entries.length > 0 || kept.console.length > 0)) {
    // Halving what is over: a few rebuilds, however large the trace.
    const over = Buffer.byteLength(text) - PAGE_TRACE_MAX_BYTES;
    const list = kept.entries.length > 0 ? kept.entries : kept.console;
    const each = Buffer.byteLength(JSON.stringify(list)) / list.length;
    list.splice(Math.max(0, list.length - Math.max(1, Math.ceil(over / each))));
    text = traceOf(kept, dropped());
  }
  return text;
}

function requestEntry(r: RequestRecord, said: (text: string) => string, iso: (at: number) => string): Json {
  const time = r.time ?? -1;
  return {
    pageref: 'page_1',
    startedDateTime: iso(r.at),
    time: Math.max(0, time),
    request: {
      method: said(r.method),
      // Written as a URI, as HAR tools expect: a [REDACTED] in it percent-encoded, as the HTTP traces write it.
      url: said(r.url).replaceAll(REDACTED, encodeURIComponent(REDACTED)),
      httpVersion: '',
      cookies: [],
      headers: [],
      queryString: [],
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: r.status,
      statusText: '',
      httpVersion: '',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: '', comment: 'not recorded' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      ...(time < 0 && { _error: 'no answer by the time of the failure' }),
      ...(r.error !== undefined && { _error: said(r.error) }),
    },
    cache: {},
    timings: { send: 0, wait: r.wait ?? Math.max(0, time), receive: r.receive ?? 0 },
    _resourceType: said(r.type),
  };
}

/** A PNG's width and height, from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  return view.length < 24 ? { width: 0, height: 0 } : { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}
