// The deployed probe's sanitized HTTP traces: each failed check's HAR put in the stack's bucket, under har/, for the
// notification to link to, and a failed browser journey's screenshot and page trace beside it. Imported only when a
// run has a failed check to trace, so a healthy run never loads the S3 client (the cold start stays at its floor).
// Static named imports: esbuild keeps PutObject of the client's commands.
// Bounded by the run's deadline: a slow S3 costs the links, never the run line or its metrics.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { HAR_KEY_PREFIX } from '../contract';
import { harOf } from '../har/build';
import { PAGE_SCREENSHOT_SUFFIX, pageFiles, type HarCapture } from '../har/capture';
import { redact } from '../text/redact';
import type { Report } from '../types';

/** The client this sandbox makes once, at the first failed run's traces. */
const sandbox: { client?: S3Client } = {};

/** A loopback endpoint (the tests' fake, LocalStack) serves buckets by path; AWS itself by virtual host. */
const defaultClient = (): S3Client =>
  new S3Client({ maxAttempts: 2, forcePathStyle: process.env.AWS_ENDPOINT_URL !== undefined });

/** What was kept: each failed check (`server/check`) with its trace's `s3://bucket/key`, and why any was not. */
interface PutHars {
  readonly kept: ReadonlyMap<string, string>;
  readonly errors: readonly string[];
}

/** Puts the HAR of each failed check of `report` into `bucket`, all at once, until `signal` aborts. */
export async function putHars(
  report: Report,
  capture: HarCapture,
  secrets: readonly string[],
  bucket: string,
  signal: AbortSignal,
  s3: S3Client = (sandbox.client ??= defaultClient()),
): Promise<PutHars> {
  const day = report.startedAt.slice(0, 10);
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const put = async (key: string, body: string | Uint8Array, contentType: string): Promise<void> => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        // The bucket encrypts every object (SSE-S3) by default; said here too, so a policy requiring it holds.
        ServerSideEncryption: 'AES256',
      }),
      { abortSignal: signal },
    );
  };
  const stemOf = (id: string): string => `${HAR_KEY_PREFIX}${day}/${stamp}-${id.replace('/', '-')}`;
  const traced = report.checks.flatMap((result) => {
    const har = harOf(result, capture, secrets);
    return har === undefined ? [] : [{ id: `${result.server}/${result.check}`, har }];
  });
  // A failed browser journey's screenshot and page trace, beside its HAR under the same stem (and the same expiry).
  const pages = report.checks.flatMap((result) =>
    pageFiles(result, capture).map(([suffix, body]) => ({ id: `${result.server}/${result.check}`, suffix, body })),
  );
  const [settled, pagesSettled] = await Promise.all([
    Promise.allSettled(
      traced.map(async ({ id, har }) => {
        const key = `${stemOf(id)}.har`;
        await put(key, JSON.stringify(har), 'application/json');
        return [id, `s3://${bucket}/${key}`] as const;
      }),
    ),
    Promise.allSettled(
      pages.map(({ id, suffix, body }) =>
        put(`${stemOf(id)}${suffix}`, body, suffix === PAGE_SCREENSHOT_SUFFIX ? 'image/png' : 'application/json'),
      ),
    ),
  ]);
  const kept = new Map(settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])));
  const errors = [
    ...settled.flatMap((s, i) =>
      s.status === 'rejected' ? [`${traced[i]?.id ?? '?'}: ${redact(String(s.reason), secrets)}`] : [],
    ),
    ...pagesSettled.flatMap((s, i) =>
      s.status === 'rejected'
        ? [`${pages[i]?.id ?? '?'}${pages[i]?.suffix ?? ''}: ${redact(String(s.reason), secrets)}`]
        : [],
    ),
  ];
  return { kept, errors };
}
