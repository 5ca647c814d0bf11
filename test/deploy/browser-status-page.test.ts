// The deployed status page tells the browser journeys: the browser function's asset and the probe's, synthesized with
// real bundling and run as Lambda runs them (test/support/browser-deployment.ts), one after the other against the
// simulator, each under its own role's S3 grants as synthesized. The browser function walks the hosted page in its own
// Chromium and keeps its run line in the page's bucket; the probe's next run folds it into the page the help desk
// reads, in the words the CLI's page uses: an app's refusal "fails at Expenses; Okta works", a broken hosted page the
// page's own finding. The browser function may write that one object and nothing else of the bucket.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RUN_LOG_MESSAGE,
  STATUS_PAGE_BUCKET_ENV,
  STATUS_PAGE_KEYS,
  STATUS_PAGE_PART_KEYS,
} from '../../functions/contract';
import { PAGE_LOG_MESSAGES } from '../../functions/lambda/probe';
import { escapeHtml } from '../../functions/text/html-escape';
import { fakeClientConfig } from '../support/aws-fake';
import {
  BROWSER_FUNCTION,
  BROWSER_JOURNEY,
  journeyDueAgain,
  startBrowserDeployment,
  type BrowserDeployment,
  type DeployedRole,
} from '../support/browser-deployment';
import { allows } from '../support/iam-policy';
import { useSimulator } from '../support/simulator';

const sim = useSimulator({ scenario: 'app-audience' });
let deployment: BrowserDeployment;
/** The page's bucket, as the template names it to both functions. */
let bucket: string;

interface StatusPart {
  readonly kind: string;
  readonly id: string;
  readonly state: string;
  readonly caller: string;
  readonly checkedAt: string;
  readonly fault: { readonly code: string; readonly owner: string } | null;
}

beforeAll(async () => {
  deployment = await startBrowserDeployment(sim(), { statusPage: true, app: true });
  bucket = deployment.functions.get(BROWSER_FUNCTION)?.env[STATUS_PAGE_BUCKET_ENV] ?? '';
}, 300_000);
afterAll(async () => {
  await deployment?.close();
});

/** One invocation of `role`'s function, its S3 calls under that role's grants: its output and its calls to AWS. */
async function run(role: DeployedRole) {
  const { aws, browser, probe } = deployment;
  const sandbox = role === 'browser' ? browser : probe;
  if (sandbox === undefined) throw new Error('no probe function: the deployment has no status page');
  const from = aws.calls.length;
  deployment.as(role);
  const ran = await sandbox.invoke({ event: {}, env: { AWS_ENDPOINT_URL: aws.url } });
  deployment.as(undefined);
  expect(ran.error, ran.stdout + ran.stderr).toBeUndefined();
  const lines = ran.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { ...ran, lines, calls: aws.calls.slice(from) };
}

/** The page the probe published: status.json's parts of the browser journey, and index.html. */
function published(): { journey: StatusPart; app: StatusPart; html: string } {
  const object = (key: string) => deployment.aws.s3Objects.get(`${bucket}/${key}`)?.body.toString() ?? '';
  const json = JSON.parse(object(STATUS_PAGE_KEYS.json) || '{}') as { parts?: StatusPart[] };
  const part = (kind: string) => json.parts?.find((p) => p.kind === kind && p.id === BROWSER_JOURNEY);
  const journey = part('journey');
  const app = part('app');
  if (journey === undefined || app === undefined)
    throw new Error(`no browser journey on the page: ${object(STATUS_PAGE_KEYS.json)}`);
  return { journey, app, html: object(STATUS_PAGE_KEYS.html) };
}

/** The browser function's run, then the probe's: the page as the help desk then reads it, with the browser's line. */
async function browserThenProbe() {
  const browserRun = await run('browser');
  const line = browserRun.lines.find((l) => l.message === RUN_LOG_MESSAGE);
  expect(line, browserRun.stdout).toBeDefined();
  // Kept whole, and said nowhere to have failed.
  expect(browserRun.lines.filter((l) => l.message === PAGE_LOG_MESSAGES.partNotKept)).toEqual([]);
  const probeRun = await run('probe');
  expect(
    probeRun.lines.filter((l) => l.message === PAGE_LOG_MESSAGES.problems),
    probeRun.stdout,
  ).toEqual([]);
  return { browserRun, probeRun, line: line as { startedAt: string } };
}

describe('the deployed status page, from the browser function and the probe', () => {
  it('tells an app\'s refusal as the CLI does: "Sign-in to Expenses fails at Expenses; Okta works"', async () => {
    const { browserRun, probeRun, line } = await browserThenProbe();

    const { journey, app, html } = published();
    expect(app).toMatchObject({
      state: 'failing',
      fault: expect.objectContaining({ code: 'APP_AUDIENCE_MISMATCH', owner: 'app' }),
      checkedAt: line.startedAt,
    });
    expect(app.caller).toMatch(/^Sign-in to Expenses fails at Expenses; Okta works\./);
    expect(journey.state).toBe('ok');
    expect(html).toContain('Tell callers: Sign-in to Expenses fails at Expenses; Okta works.');
    // Each function did its own part of the bucket: the browser put its line, the probe read it and wrote the page.
    const onBucket = (calls: typeof browserRun.calls) =>
      calls.filter((c) => c.operation.startsWith('s3.') && c.input.Bucket === bucket).map((c) => c.operation);
    expect(onBucket(browserRun.calls)).toEqual(['s3.PutObject']);
    expect(browserRun.calls.find((c) => c.input.Bucket === bucket)?.input.Key).toBe(STATUS_PAGE_PART_KEYS.browser);
    expect(onBucket(probeRun.calls)).toEqual(expect.arrayContaining(['s3.GetObject', 's3.PutObject']));
    expect(probeRun.calls.some((c) => c.input.Key === STATUS_PAGE_PART_KEYS.browser && /Put/.test(c.operation))).toBe(
      false,
    );
  });

  it("tells a broken hosted page as the page's own finding, the app not reached", async () => {
    sim().scenario = 'sign-in-page-csp';
    journeyDueAgain(deployment.aws);
    await browserThenProbe();

    const { journey, html } = published();
    expect(journey).toMatchObject({
      state: 'failing',
      fault: expect.objectContaining({ code: 'SIGN_IN_PAGE_CSP_BLOCKED' }),
    });
    expect(journey.caller.length).toBeGreaterThan(0);
    expect(html).toContain(`Tell callers: ${escapeHtml(journey.caller)}`);
  });

  it('lets the browser function write its own part and no other key of the bucket', async () => {
    const { roles, aws } = deployment;
    const put = (role: DeployedRole, key: string) =>
      allows(roles[role], { action: 's3:PutObject', resource: `arn:aws:s3:::${bucket}/${key}` });
    expect(put('browser', STATUS_PAGE_PART_KEYS.browser)).toBe(true);
    for (const key of [...Object.values(STATUS_PAGE_KEYS), 'parts/other.json', 'parts/browser-run.json.bak', 'x'])
      expect(put('browser', key), key).toBe(false);
    // Nor reads anything of it: the page is the probe's, which reads the part and never writes it.
    for (const action of ['s3:GetObject', 's3:ListBucket', 's3:DeleteObject'])
      expect(allows(roles.browser, { action, resource: `arn:aws:s3:::${bucket}/${STATUS_PAGE_KEYS.json}` })).toBe(
        false,
      );
    expect(put('probe', STATUS_PAGE_PART_KEYS.browser)).toBe(false);

    // And the fake, holding the browser's role, refuses a put of the page itself: the page is left as published.
    const before = aws.s3Objects.get(`${bucket}/${STATUS_PAGE_KEYS.html}`)?.body.toString();
    const s3 = new S3Client({ ...fakeClientConfig(aws), forcePathStyle: true });
    deployment.as('browser');
    try {
      await expect(
        s3.send(new PutObjectCommand({ Bucket: bucket, Key: STATUS_PAGE_KEYS.html, Body: 'forged' })),
      ).rejects.toMatchObject({ name: 'AccessDenied' });
    } finally {
      deployment.as(undefined);
      s3.destroy();
    }
    expect(aws.s3Objects.get(`${bucket}/${STATUS_PAGE_KEYS.html}`)?.body.toString()).toBe(before);
  });
});
