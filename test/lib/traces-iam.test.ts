// The probe's trace puts as its synthesized role lets them through: the loopback AWS fake enforces the template's
// policy (iam-policy.ts) on S3 PutObject, authorized on the object's ARN as S3 authorizes it.
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarCapture } from '../../functions/har/capture';
import { putHars } from '../../functions/lambda/har-s3';
import type { Report } from '../../functions/types';
import { startAwsFake, type AwsFake } from '../support/aws-fake';
import { resolveCfn, type CfnResource } from '../support/cfn-values';
import { iamGate, roleStatements } from '../support/iam-policy';
import { exampleConfig, synthTemplate } from './helpers';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

const report: Report = {
  startedAt: '2026-11-25T12:00:00.000Z',
  durationMs: 10,
  orgUrl: 'https://acme.okta.com',
  metrics: [],
  checks: [
    {
      server: 'default',
      check: 'token',
      status: 'fail',
      latencyMs: 5,
      diagnosis: { code: 'INVALID_CLIENT', summary: 's', remedy: 'r', requestId: 'req-1' },
    },
  ],
};

describe("the probe's trace puts, as its synthesized role allows them", () => {
  let fake: AwsFake;
  let bucket: string;
  beforeAll(async () => {
    const resources = synthTemplate(exampleConfig()).toJSON().Resources as Record<string, CfnResource>;
    const place = { account: ACCOUNT, region: REGION, resources };
    const statements = roleStatements(place, (id) => id.startsWith('ProbeRole'));
    const [bucketId = ''] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::S3::Bucket') ?? [];
    bucket = resolveCfn({ Ref: bucketId }, place);
    fake = await startAwsFake({ iam: iamGate(statements, { account: ACCOUNT }) });
  });
  afterAll(() => fake.close());
  const client = () =>
    new S3Client({
      endpoint: fake.url,
      region: REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
      maxAttempts: 1,
    });
  const capture = (): HarCapture => {
    const c = new HarCapture();
    c.record(
      {
        server: 'default',
        check: 'token',
        startedAt: Date.parse(report.startedAt),
        request: { method: 'POST', url: 'https://acme.okta.com/oauth2/default/v1/token', form: { scope: 'x' } },
        outcome: { ok: false, failure: { kind: 'network', message: 'ECONNRESET', timings: { total: 3 } } },
      },
      false,
    );
    return c;
  };

  it('puts a trace under har/ in the stack bucket', async () => {
    const put = await putHars(report, capture(), [], bucket, AbortSignal.timeout(5000), client());
    expect(put.errors).toEqual([]);
    expect(put.kept.get('default/token')).toMatch(new RegExp(`^s3://${bucket}/har/2026-11-25/.*-default-token\\.har$`));
    expect(fake.calls.filter((c) => c.operation === 's3.PutObject')).toHaveLength(1);
  });

  it("puts a failed browser journey's screenshot and page trace beside its HAR, under the same stem", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const journey: Report = {
      ...report,
      checks: [
        ...report.checks,
        {
          server: 'page',
          check: 'sign-in',
          status: 'fail',
          latencyMs: 5,
          diagnosis: { code: 'SIGN_IN_PAGE_CSP_BLOCKED', summary: 's', remedy: 'r', requestId: null },
        },
      ],
    };
    const c = capture();
    c.page('page', 'sign-in', { screenshot: png, trace: '{"log":{}}\n' });
    const put = await putHars(journey, c, [], bucket, AbortSignal.timeout(5000), client());
    expect(put.errors).toEqual([]);
    const stem = put.kept
      .get('default/token')!
      .replace(`s3://${bucket}/`, '')
      .replace(/default-token\.har$/, '');
    expect(fake.s3Objects.get(`${bucket}/${stem}page-sign-in.png`)).toMatchObject({
      body: png,
      contentType: 'image/png',
    });
    expect(fake.s3Objects.get(`${bucket}/${stem}page-sign-in.page.har`)).toMatchObject({
      body: Buffer.from('{"log":{}}\n'),
      contentType: 'application/json',
    });
  });

  it('is refused anywhere else: another bucket is AccessDenied, and the run is told, not thrown at', async () => {
    const put = await putHars(report, capture(), [], 'someone-elses-bucket', AbortSignal.timeout(5000), client());
    expect(put.kept.size).toBe(0);
    expect(put.errors).toEqual([expect.stringMatching(/^default\/token: .*(AccessDenied|not authorized)/)]);
  });
});
