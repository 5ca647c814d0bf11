// What the notifiers' tests stand in for: the deployed notifier's three AWS clients (stubbed at the SDK client) and its
// environment, and the loopback webhook a local notifier posts to. One set-up for the notifier's own tests, the
// local notifier's and the twins test that runs both.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, vi } from 'vitest';
import {
  NOTIFIER_LOG_GROUP_ENV,
  NOTIFIER_PREFIX_ENV,
  NOTIFIER_SENT_LOG_GROUP_ENV,
  NOTIFIER_TOPICS_ENV,
} from '../../functions/contract';

/**
 * CloudWatch Logs, SNS and CloudWatch stubbed for the file. The unit lane shares a worker between files
 * (vitest.config.ts): a stub left on a client's prototype would answer the next file's calls, so each is restored
 * after the file.
 */
export function notifierClients() {
  const logs = mockClient(CloudWatchLogsClient);
  const sns = mockClient(SNSClient);
  const cloudwatch = mockClient(CloudWatchClient);
  afterAll(() => [logs, sns, cloudwatch].forEach((stub) => stub.restore()));
  return { logs, sns, cloudwatch };
}

/** The deployed notifier's environment as the stack sets it: its prefix, topics and two log groups. */
export function stubNotifierEnv(prefix: string, topics: Readonly<Record<string, string>>): void {
  vi.stubEnv(NOTIFIER_PREFIX_ENV, prefix);
  vi.stubEnv(NOTIFIER_TOPICS_ENV, JSON.stringify(topics));
  vi.stubEnv(NOTIFIER_LOG_GROUP_ENV, `/aws/lambda/${prefix}-probe`);
  vi.stubEnv(NOTIFIER_SENT_LOG_GROUP_ENV, `/aws/lambda/${prefix}-notifier`);
}

/** A post the receiver took: its path and its JSON body. */
export interface Received<T> {
  readonly path: string;
  readonly body: T;
}

/**
 * A webhook receiver on loopback (127.0.0.1, port 0) for the file: every post's JSON body kept in `received`, each
 * answered with `answer.status` (200 unless a test says otherwise).
 */
export function useWebhookReceiver<T>(): {
  readonly received: Received<T>[];
  readonly answer: { status: number };
  /** The receiver's base address, `http://127.0.0.1:<port>`, once it listens. */
  base(): string;
} {
  const received: Received<T>[] = [];
  const answer = { status: 200 };
  let server: Server | undefined;
  let base = '';
  beforeAll(async () => {
    const listening = createServer((req, res) => {
      let text = '';
      req
        .setEncoding('utf8')
        .on('data', (chunk: string) => (text += chunk))
        .on('end', () => {
          received.push({ path: req.url ?? '', body: JSON.parse(text) as T });
          res.writeHead(answer.status).end();
        });
    });
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve()))));
  return { received, answer, base: () => base };
}
