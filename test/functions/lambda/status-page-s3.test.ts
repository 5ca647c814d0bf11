// Publishing this org's status page after a run, against the loopback AWS fake's S3 with the probe's synthesized-like
// grant enforced: the first run starts afresh on NoSuchKey, the next folds into the kept model, a forged, torn or
// oversized model is refused and a fresh page still written, a missing grant or a failing write is said and never
// thrown, and every object carries its content type and a no-cache Cache-Control. Each region's browser function
// keeps its part under its own key, in the home region's bucket, and the probe folds every region's part.
import { S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  browserPartKeyOf,
  STATUS_PAGE_CACHE_CONTROL,
  STATUS_PAGE_KEYS,
  STATUS_PAGE_PART_KEYS,
  type RunLogLine,
} from '../../../functions/contract';
import { keepBrowserLine, publishStatusPage, STATUS_MODEL_MAX_BYTES } from '../../../functions/lambda/status-page-s3';
import { runLogLine } from '../../../functions/report/run-line';
import { watchedOf } from '../../../functions/status-page/watched';
import type { Report } from '../../../functions/types';
import { readStatusModel } from '../../../functions/status-page/read';
import { STATUS_JSON_VERSION } from '../../../functions/status-page/json';
import { fakeClientConfig, startAwsFake, useAwsFakeEnv, type AwsFake } from '../../support/aws-fake';
import { iamGate, type IamStatement } from '../../support/iam-policy';
import { goodRunLine } from '../../support/run-line-fixture';
import { restoreEnv } from '../../support/env';

const BUCKET = 'okta-synthetics-status-page';
const ACCOUNT = '123456789012';
const object = (key: string) => `arn:aws:s3:::${BUCKET}/${key}`;
/** The probe's grant as lib/status-page.ts writes it (test/lib/status-page.test.ts checks the template's). */
const PROBE_GRANT: IamStatement[] = [
  { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: Object.values(STATUS_PAGE_KEYS).map(object) },
  { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` },
];

const fakes: AwsFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function s3With(grant: readonly IamStatement[] = PROBE_GRANT): Promise<{ aws: AwsFake; s3: S3Client }> {
  const aws = await startAwsFake({ quotas: false, iam: iamGate(grant, { account: ACCOUNT }) });
  fakes.push(aws);
  return { aws, s3: new S3Client({ ...fakeClientConfig(aws), forcePathStyle: true }) };
}

const at = (line: RunLogLine, seconds: number) => new Date(Date.parse(line.startedAt) + seconds * 1000);
const later = (minutes: number): RunLogLine => ({
  ...goodRunLine,
  startedAt: new Date(Date.parse(goodRunLine.startedAt) + minutes * 60_000).toISOString(),
});
const stored = (aws: AwsFake, key: string) => aws.s3Objects.get(`${BUCKET}/${key}`);
const signal = () => AbortSignal.timeout(10_000);

describe('publishing the status page to S3', () => {
  it("tells the quorum's decision it is handed, read beside the kept model", async () => {
    const { aws, s3 } = await s3With();
    // goodRunLine: the server `default` down with Okta's 5xx in this region; its peer sees it up, the latch is off.
    const decision = { target: 'default', down: ['us-east-1'], notDown: ['eu-west-1'], silent: [], latch: false };
    const quorum = Promise.resolve({ decisions: [{ ...decision, lone: ['us-east-1'] }], items: [] });
    await publishStatusPage(goodRunLine, BUCKET, signal(), at(goodRunLine, 30), s3, { quorum });
    const model = readStatusModel(JSON.parse(stored(aws, STATUS_PAGE_KEYS.model)?.body.toString() ?? ''));
    expect(model?.parts.find((p) => p.id === 'default')).toMatchObject({ state: 'unknown', fault: { owner: 'probe' } });
    await publishStatusPage(later(1), BUCKET, signal(), at(later(1), 30), s3);
    const alone = readStatusModel(JSON.parse(stored(aws, STATUS_PAGE_KEYS.model)?.body.toString() ?? ''));
    expect(alone?.parts.find((p) => p.id === 'default')).toMatchObject({ state: 'failing', fault: { owner: 'okta' } });
  });

  it('starts afresh when no model is kept (NoSuchKey) and writes the page, its JSON and the model', async () => {
    const { aws, s3 } = await s3With();
    const page = await publishStatusPage(goodRunLine, BUCKET, signal(), at(goodRunLine, 30), s3);
    expect(page).toEqual({ from: 'fresh', problems: [], written: Object.values(STATUS_PAGE_KEYS) });
    expect(stored(aws, STATUS_PAGE_KEYS.html)).toMatchObject({
      contentType: 'text/html; charset=utf-8',
      cacheControl: STATUS_PAGE_CACHE_CONTROL,
    });
    expect(stored(aws, STATUS_PAGE_KEYS.html)?.body.toString()).toMatch(/^<!doctype html>/i);
    const json = JSON.parse(stored(aws, STATUS_PAGE_KEYS.json)?.body.toString() ?? '') as Record<string, unknown>;
    expect(json).toMatchObject({ version: STATUS_JSON_VERSION, lastRunAt: goodRunLine.startedAt, stale: false });
    expect(stored(aws, STATUS_PAGE_KEYS.json)?.contentType).toBe('application/json');
    const model = readStatusModel(JSON.parse(stored(aws, STATUS_PAGE_KEYS.model)?.body.toString() ?? ''));
    expect(model?.runs).toBe(1);
    // Every write said its encryption, as the trace bucket's do.
    const puts = aws.calls.filter((c) => c.operation === 's3.PutObject');
    expect(puts.map((c) => c.input.ServerSideEncryption)).toEqual(['AES256', 'AES256', 'AES256']);
  });

  it('folds the next run into the model the last one kept', async () => {
    const { aws, s3 } = await s3With();
    await publishStatusPage(goodRunLine, BUCKET, signal(), at(goodRunLine, 30), s3);
    const next = later(1);
    const page = await publishStatusPage(next, BUCKET, signal(), at(next, 30), s3);
    expect(page.from).toBe('kept');
    const model = readStatusModel(JSON.parse(stored(aws, STATUS_PAGE_KEYS.model)?.body.toString() ?? ''));
    expect(model).toMatchObject({ runs: 2, lastRunAt: next.startedAt });
  });

  it.each([
    ['not JSON', '{"version":1,', /not JSON: torn or forged/],
    ['a forged model', JSON.stringify({ version: 1, orgUrl: 'x', lastRunAt: 'y', runs: -1, parts: [] }), /not a model/],
    ['oversized', ' '.repeat(STATUS_MODEL_MAX_BYTES + 1), /bytes: not ours/],
  ])('refuses a kept model that is %s, says so, and still publishes a fresh page', async (_, body, problem) => {
    const { aws, s3 } = await s3With();
    aws.s3Objects.set(`${BUCKET}/${STATUS_PAGE_KEYS.model}`, {
      body: Buffer.from(body),
      contentType: 'application/json',
      cacheControl: undefined,
    });
    const page = await publishStatusPage(goodRunLine, BUCKET, signal(), at(goodRunLine, 30), s3);
    expect(page.from).toBe('refused');
    expect(page.problems).toEqual([expect.stringMatching(problem)]);
    expect(page.written).toEqual(Object.values(STATUS_PAGE_KEYS));
    const model = readStatusModel(JSON.parse(stored(aws, STATUS_PAGE_KEYS.model)?.body.toString() ?? ''));
    expect(model?.runs).toBe(1);
  });

  it('without s3:ListBucket a missing model is AccessDenied (403), said, and the page is still written', async () => {
    const [objects] = PROBE_GRANT;
    const { s3 } = await s3With(objects === undefined ? [] : [objects]);
    const page = await publishStatusPage(goodRunLine, BUCKET, signal(), at(goodRunLine, 30), s3);
    expect(page.from).toBe('refused');
    expect(page.problems).toEqual([expect.stringContaining('AccessDenied 403')]);
    expect(page.written).toHaveLength(3);
  });

  it('says which writes failed and never throws when the grant is missing', async () => {
    const { s3 } = await s3With([]);
    const page = await publishStatusPage(goodRunLine, BUCKET, signal(), at(goodRunLine, 30), s3);
    expect(page.written).toEqual([]);
    expect(page.problems).toEqual([
      expect.stringMatching(/not read \(AccessDenied 403\)/),
      ...Object.values(STATUS_PAGE_KEYS).map((key) => `${key} not written: AccessDenied 403`),
    ]);
  });

  it('leaves nothing of Okta or of a secret in what it writes', async () => {
    const { aws, s3 } = await s3With();
    const line: RunLogLine = {
      ...goodRunLine,
      failures: goodRunLine.failures.map((f) => ({ ...f, detail: 'client_secret=PLANTED', oktaReason: 'OKTA-REASON' })),
    };
    await publishStatusPage(line, BUCKET, signal(), at(line, 30), s3);
    for (const key of Object.values(STATUS_PAGE_KEYS)) {
      const text = stored(aws, key)?.body.toString() ?? '';
      expect(text).not.toContain('PLANTED');
      expect(text).not.toContain('OKTA-REASON');
    }
  });
});

/** Browser journeys `ids` (every 10 minutes) signing in to "Expenses", beside the probe's server. */
const browserProbe = (ids: readonly string[]) =>
  ({
    servers: [{ id: 'default' }],
    signIn: ids.map((id) => ({
      id,
      flow: 'browser',
      server: 'default',
      clientId: `0oa${id}`,
      everyMinutes: 10,
      app: { name: 'Expenses', protocol: 'oidc', loginUrl: 'https://x.example/login', success: {}, claims: [] },
    })),
    statusPageUrl: null,
  }) as unknown as Parameters<typeof watchedOf>[0];

/** When the browser runs below started: a minute before the probe's. */
const BROWSER_STARTED_AT = new Date(Date.parse(goodRunLine.startedAt) - 60_000).toISOString();

/** A browser run of `id`, a minute before the probe's: its sign-in passing, its app refusing unless `appPasses`. */
const browserRunLine = (id: string, appPasses = false): RunLogLine =>
  runLogLine({
    orgUrl: goodRunLine.orgUrl,
    startedAt: BROWSER_STARTED_AT,
    durationMs: 9000,
    metrics: [],
    checks: [
      { server: id, check: 'sign-in', latencyMs: 900, status: 'pass', diagnosis: null },
      appPasses
        ? { server: id, check: 'app-sign-in', latencyMs: 800, status: 'pass', diagnosis: null }
        : {
            server: id,
            check: 'app-sign-in',
            latencyMs: null,
            status: 'fail',
            diagnosis: { code: 'APP_AUDIENCE_MISMATCH', summary: 's', remedy: 'r', requestId: null, detail: 'd' },
          },
    ],
  } as unknown as Report);

/** An object of the page's bucket, as a grant's Resource names it. */
const part = (key: string) => `arn:aws:s3:::${BUCKET}/${key}`;

describe("the browser function's part of the page", () => {
  const probe = browserProbe(['page']);
  const HOME = STATUS_PAGE_PART_KEYS.browser;
  /** Where the browser function of the page's own region keeps its part. */
  const homePart = { bucket: BUCKET, key: HOME };
  const journeys = [{ id: 'page', everyMinutes: 10, part: HOME }];
  const browserLine = browserRunLine('page');
  /** The browser role's one grant on the bucket, and the probe's read of the part (lib/status-page.ts). */
  const BROWSER_GRANT: IamStatement[] = [
    { Effect: 'Allow', Action: 's3:PutObject', Resource: part(STATUS_PAGE_PART_KEYS.browser) },
  ];
  const PROBE_READS_PART: IamStatement[] = [
    ...PROBE_GRANT,
    { Effect: 'Allow', Action: 's3:GetObject', Resource: part(STATUS_PAGE_PART_KEYS.browser) },
  ];

  /** One bucket, its callers one after the other, each under its own role's grant. */
  async function sharedBucket() {
    let grant: readonly IamStatement[] = BROWSER_GRANT;
    const aws = await startAwsFake({
      quotas: false,
      iam: (call) => iamGate(grant, { account: ACCOUNT })(call),
    });
    fakes.push(aws);
    const s3 = new S3Client({ ...fakeClientConfig(aws), forcePathStyle: true });
    return { aws, s3, as: (next: readonly IamStatement[]) => (grant = next) };
  }

  it('keeps its run line under its own key, and the probe folds it in: "fails at Expenses; Okta works"', async () => {
    const { aws, s3, as } = await sharedBucket();
    expect(await keepBrowserLine(browserLine, homePart, signal(), s3)).toEqual({});
    expect([...aws.s3Objects.keys()]).toEqual([`${BUCKET}/${STATUS_PAGE_PART_KEYS.browser}`]);

    as(PROBE_READS_PART);
    const context = { watched: watchedOf(probe), browser: journeys };
    const page = await publishStatusPage(goodRunLine, BUCKET, signal(), at(goodRunLine, 30), s3, context);

    expect(page.problems).toEqual([]);
    const json = JSON.parse(stored(aws, STATUS_PAGE_KEYS.json)?.body.toString() ?? '') as {
      parts: { kind: string; state: string; caller: string; checkedAt: string }[];
    };
    expect(json.parts.find((p) => p.kind === 'app')).toMatchObject({
      state: 'failing',
      caller: expect.stringMatching(/^Sign-in to Expenses fails at Expenses; Okta works\./),
      checkedAt: browserLine.startedAt,
    });
    expect(json.parts.find((p) => p.kind === 'journey')?.state).toBe('ok');
    expect(stored(aws, STATUS_PAGE_KEYS.html)?.body.toString()).toContain('fails at Expenses; Okta works.');
  });

  it("is refused anything else of the bucket: the page's objects stay the probe's", async () => {
    const { s3 } = await sharedBucket();
    const page = await publishStatusPage(goodRunLine, BUCKET, signal(), at(goodRunLine, 30), s3, {
      browser: journeys,
    });
    expect(page.written).toEqual([]);
  });

  it('says a part that is not a run line, and shows its journeys unknown, never working', async () => {
    const { aws, s3, as } = await sharedBucket();
    await keepBrowserLine(browserLine, homePart, signal(), s3);
    const kept = aws.s3Objects.get(`${BUCKET}/${STATUS_PAGE_PART_KEYS.browser}`)!;
    aws.s3Objects.set(`${BUCKET}/${STATUS_PAGE_PART_KEYS.browser}`, { ...kept, body: Buffer.from('{"torn":') });
    as(PROBE_READS_PART);
    const page = await publishStatusPage(goodRunLine, BUCKET, signal(), at(goodRunLine, 30), s3, {
      watched: watchedOf(probe),
      browser: journeys,
    });
    expect(page.problems).toEqual([expect.stringContaining('is not a run line')]);
    const model = readStatusModel(JSON.parse(stored(aws, STATUS_PAGE_KEYS.model)?.body.toString() ?? ''));
    expect(model?.parts.find((p) => p.kind === 'journey')?.state).toBe('unknown');
  });

  it('without its grant, says the part was not written and never throws', async () => {
    const { s3, as } = await sharedBucket();
    as([]);
    expect(await keepBrowserLine(browserLine, homePart, signal(), s3)).toEqual({
      problem: `${STATUS_PAGE_PART_KEYS.browser} not written: AccessDenied 403`,
    });
  });
});

describe("another region's browser function's part, in the home region's bucket", () => {
  const HOME = STATUS_PAGE_PART_KEYS.browser;
  const AWAY = browserPartKeyOf('us-east-2');
  /** Where the us-east-2 browser function keeps its part: the home's bucket, its own key, the bucket's region. */
  const awayPart = { bucket: BUCKET, key: AWAY, region: 'eu-west-1' };
  /** Two browser journeys: `near` run by the home region's browser function, `far` by us-east-2's, into Expenses. */
  const probe = browserProbe(['near', 'far']);
  const journeys = [
    { id: 'near', everyMinutes: 10, part: HOME },
    { id: 'far', everyMinutes: 10, part: AWAY },
  ];
  /** Each region's browser role's one grant on the bucket, and the probe's reads of both parts (lib/status-page.ts). */
  const HOME_BROWSER: IamStatement[] = [{ Effect: 'Allow', Action: 's3:PutObject', Resource: part(HOME) }];
  const AWAY_BROWSER: IamStatement[] = [{ Effect: 'Allow', Action: 's3:PutObject', Resource: part(AWAY) }];
  const PROBE_READS_PARTS: IamStatement[] = [
    ...PROBE_GRANT,
    { Effect: 'Allow', Action: 's3:GetObject', Resource: [part(HOME), part(AWAY)] },
  ];

  /** The home region's bucket, its callers one after the other, each under its own role's grant. */
  async function homeBucket() {
    let grant: readonly IamStatement[] = AWAY_BROWSER;
    const aws = await startAwsFake({
      quotas: false,
      iam: (call) => iamGate(grant, { account: ACCOUNT })(call),
      bucketRegions: new Map([[BUCKET, 'eu-west-1']]),
    });
    fakes.push(aws);
    const s3 = new S3Client({ ...fakeClientConfig(aws), region: 'eu-west-1', forcePathStyle: true });
    return { aws, s3, as: (next: readonly IamStatement[]) => (grant = next) };
  }
  const publish = (s3: S3Client) =>
    publishStatusPage(goodRunLine, BUCKET, signal(), at(goodRunLine, 30), s3, {
      watched: watchedOf(probe),
      browser: journeys,
    });
  const parts = (aws: AwsFake) =>
    (
      JSON.parse(stored(aws, STATUS_PAGE_KEYS.json)?.body.toString() ?? '') as {
        parts: { kind: string; id: string; state: string; caller: string; checkedAt: string }[];
      }
    ).parts;
  const of = (aws: AwsFake, kind: string, id: string) => parts(aws).find((p) => p.kind === kind && p.id === id);

  it('folds a journey another region runs from that region\'s part: "fails at Expenses; Okta works"', async () => {
    const { aws, s3, as } = await homeBucket();
    expect(await keepBrowserLine(browserRunLine('far'), awayPart, signal(), s3)).toEqual({});
    as(HOME_BROWSER);
    expect(await keepBrowserLine(browserRunLine('near', true), { bucket: BUCKET, key: HOME }, signal(), s3)).toEqual(
      {},
    );

    as(PROBE_READS_PARTS);
    const from = aws.calls.length;
    const page = await publish(s3);

    expect(page.problems).toEqual([]);
    expect(of(aws, 'app', 'far')).toMatchObject({
      state: 'failing',
      caller: expect.stringMatching(/^Sign-in to Expenses fails at Expenses; Okta works\./),
      checkedAt: BROWSER_STARTED_AT,
    });
    expect(of(aws, 'journey', 'far')?.state).toBe('ok');
    expect(of(aws, 'app', 'near')?.state).toBe('ok');
    // Each part read once, beside the model.
    const reads = aws.calls.slice(from).filter((c) => c.operation === 's3.GetObject');
    expect(reads.map((c) => c.input.Key).sort()).toEqual([AWAY, HOME, STATUS_PAGE_KEYS.model].sort());
  });

  it("lets each region's browser function write its own part alone: never another region's", async () => {
    const { aws, s3, as } = await homeBucket();
    expect(await keepBrowserLine(browserRunLine('far'), { ...awayPart, key: HOME }, signal(), s3)).toEqual({
      problem: `${HOME} not written: AccessDenied 403`,
    });
    as(HOME_BROWSER);
    expect(await keepBrowserLine(browserRunLine('near'), { bucket: BUCKET, key: AWAY }, signal(), s3)).toEqual({
      problem: `${AWAY} not written: AccessDenied 403`,
    });
    expect([...aws.s3Objects.keys()]).toEqual([]);
  });

  it("takes a journey from its own region's part only, never from another region's line naming it", async () => {
    const { aws, s3, as } = await homeBucket();
    // The home's part says `far` passes; `far` is us-east-2's, whose part is not written yet.
    as(HOME_BROWSER);
    await keepBrowserLine(browserRunLine('far', true), homePartOf(), signal(), s3);
    as(PROBE_READS_PARTS);
    const page = await publish(s3);

    expect(page.problems).toEqual([]);
    expect(of(aws, 'journey', 'far')?.state).toBe('unknown');
    expect(of(aws, 'app', 'far')?.state).toBe('unknown');
  });

  it("says a region's part that cannot be read, by its key, and shows that region's journeys unknown", async () => {
    const { aws, s3, as } = await homeBucket();
    await keepBrowserLine(browserRunLine('far', true), awayPart, signal(), s3);
    aws.s3Objects.set(`${BUCKET}/${AWAY}`, {
      body: Buffer.from('{"torn":'),
      contentType: 'application/json',
      cacheControl: undefined,
    });
    as(HOME_BROWSER);
    await keepBrowserLine(browserRunLine('near', true), homePartOf(), signal(), s3);
    as(PROBE_READS_PARTS);
    const page = await publish(s3);

    expect(page.problems).toEqual([`${AWAY} is not a run line: torn or forged: its journeys are shown unknown`]);
    expect(of(aws, 'journey', 'far')?.state).toBe('unknown');
    expect(of(aws, 'journey', 'near')?.state).toBe('ok');
  });

  it("puts its part with the bucket's region's client: its own region's is redirected, never followed", async () => {
    const { aws } = await homeBucket();
    const own = new S3Client({ ...fakeClientConfig(aws), region: 'us-east-2', forcePathStyle: true });
    expect(await keepBrowserLine(browserRunLine('far'), awayPart, signal(), own)).toEqual({
      problem: `${AWAY} not written: PermanentRedirect 301`,
    });

    // As the function runs it: in us-east-2, the bucket's region from its environment (STATUS_PAGE_REGION).
    const saved = { ...process.env };
    try {
      useAwsFakeEnv(aws, mkdtempSync(join(tmpdir(), 'page-part-')), { AWS_REGION: 'us-east-2' });
      expect(await keepBrowserLine(browserRunLine('far'), awayPart, signal())).toEqual({});
    } finally {
      restoreEnv(saved);
    }
    const puts = aws.calls.filter((c) => c.operation === 's3.PutObject');
    expect(puts.map((c) => [c.input.Key, c.region])).toEqual([
      [AWAY, 'us-east-2'],
      [AWAY, 'eu-west-1'],
    ]);
  });

  /** Where the home region's browser function keeps its part. */
  function homePartOf() {
    return { bucket: BUCKET, key: HOME };
  }
});
