// The deployed probe's HTTP traces: with the stack's bucket (HAR_BUCKET), each failed check's sanitized HAR is put
// under har/ and the run line names it for the notification; a healthy run puts nothing; a failing S3 costs the
// link, never the run line.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HAR_BUCKET_ENV } from '../../../functions/contract';
import { TRACES_NOT_KEPT } from '../../../functions/lambda/probe';
import { lambdaConfig, useLambdaHarness } from '../../support/lambda-harness';
import { harErrors } from '../../support/har-schema';

const BUCKET = 'okta-synthetics-probehttptraces-1a2b3c';

describe('the probe Lambda with a trace bucket', () => {
  const NAMESPACE = 'OktaSyntheticsTraces';
  const { sim, invoke, runLogs, jsonLines } = useLambdaHarness({
    namespace: NAMESPACE,
    config: (s) => lambdaConfig(s, { namespace: NAMESPACE }),
  });
  const s3 = mockClient(S3Client);
  beforeEach(() => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    process.env[HAR_BUCKET_ENV] = BUCKET;
  });
  afterEach(() => {
    delete process.env[HAR_BUCKET_ENV];
  });
  afterAll(() => s3.restore());

  const failures = (): { server: string; check: string; har?: string }[] =>
    (runLogs().at(-1)?.failures ?? []) as { server: string; check: string; har?: string }[];

  it("puts each failed check's sanitized HAR under har/ and names it in the run line", async () => {
    sim().scenario = 'token-inactive';
    await invoke();
    const puts = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    const token = puts.find((p) => p.Key?.endsWith('-default-introspect.har'));
    expect(token).toMatchObject({ Bucket: BUCKET, ContentType: 'application/json', ServerSideEncryption: 'AES256' });
    expect(token?.Key).toMatch(/^har\/\d{4}-\d{2}-\d{2}\/\d{4}-.*-default-introspect\.har$/);
    const har = JSON.parse(String(token?.Body)) as unknown;
    expect(harErrors(har)).toEqual([]);
    expect(String(token?.Body)).not.toContain(sim().clients.custom.clientSecret);
    expect(failures().find((f) => f.server === 'default' && f.check === 'introspect')?.har).toBe(
      `s3://${BUCKET}/${token?.Key}`,
    );
  });

  it('puts nothing for a healthy run', async () => {
    await invoke();
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(failures()).toEqual([]);
  });

  it('a failing S3 costs the links, never the run line: said in one WARN line of the JSON logger', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    sim().scenario = 'token-inactive';
    const stderr = vi.spyOn(process.stderr, 'write');
    try {
      await invoke();
    } finally {
      stderr.mockRestore();
    }
    expect(failures().length).toBeGreaterThan(0);
    expect(failures().every((f) => f.har === undefined)).toBe(true);
    const said = jsonLines()
      .map((line) => JSON.parse(line) as { level: string; message: string; problem?: string })
      .filter((line) => line.message === TRACES_NOT_KEPT);
    expect(said).toEqual([
      {
        level: 'WARN',
        message: TRACES_NOT_KEPT,
        runId: runLogs().at(-1)?.startedAt,
        problem: expect.stringMatching(/AccessDenied/),
      },
    ]);
    // Nothing of it as a bare line on stderr beside the JSON lines.
    expect(stderr.mock.calls.map(([text]) => String(text)).join('')).not.toContain('HTTP traces');
  });

  it("logs a warm invocation's line under its own request id and run, scrubbed of the secret it reused", async () => {
    // S3's refusal quotes the client secret back; the call that logs it passes no secret of its own, and the warm
    // invocation reads the secret from the sandbox's cache, not from Secrets Manager.
    const secret = sim().clients.custom.clientSecret;
    s3.on(PutObjectCommand).rejects(new Error(`Access Denied for a policy naming ${secret}`));
    sim().scenario = 'token-inactive';
    await invoke(50_000, { awsRequestId: 'first-invocation' });
    await invoke(50_000, { awsRequestId: 'second-invocation' });
    const said = jsonLines()
      .map((line) => JSON.parse(line) as { message: string; requestId?: string; runId?: string; problem?: string })
      .filter((line) => line.message === TRACES_NOT_KEPT);
    const runs = runLogs().map((run) => run.startedAt);
    expect(said.map(({ requestId, runId }) => ({ requestId, runId }))).toEqual([
      { requestId: 'first-invocation', runId: runs[0] },
      { requestId: 'second-invocation', runId: runs[1] },
    ]);
    for (const line of said) expect(line.problem).toMatch(/Access Denied for a policy naming \[REDACTED\]/);
  });
});
