// A loopback fake of the AWS APIs the bundled Lambdas call, in the wire protocols their SDK clients speak:
// AWS JSON 1.0 (CloudWatch), AWS JSON 1.1 (Secrets Manager, SSM, CloudWatch Logs) and the Query protocol (SNS).
// The functions reach it through AWS_ENDPOINT_URL, exactly as they would reach AWS; every call is recorded.
// It keeps what the notifier reads back: alarm states (DescribeAlarms) and log streams (its claims).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AwsCall {
  /** "Service.Operation", e.g. "secretsmanager.GetSecretValue", "sns.Publish". */
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** A log event as the fake stores it: FilterLogEvents keeps those within startTime..endTime (both inclusive). */
export interface FakeLogEvent {
  readonly message: string;
  /** Epoch ms; now when absent. */
  readonly timestamp?: number;
}

export interface AwsFakeOptions {
  /** SecretString by SecretId. */
  readonly secrets?: ReadonlyMap<string, string>;
  /** What FilterLogEvents searches, oldest first, in pages of at most 1 MB (as CloudWatch Logs pages them). */
  readonly logEvents?: () => readonly (string | FakeLogEvent)[];
  /** Holds the answer to an operation ("cloudwatch.PutMetricData") this long, ms: a slow or hanging AWS. */
  readonly holdMs?: (operation: string) => number;
}

/** An alarm as DescribeAlarms shows it. */
export interface FakeAlarm {
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  /** StateTransitionedTimestamp, epoch ms. */
  readonly since: number;
}

export interface AwsFake {
  readonly url: string;
  readonly calls: AwsCall[];
  /** Composite alarms by name, for DescribeAlarms; an alarm not here does not exist. */
  readonly alarms: Map<string, FakeAlarm>;
  /** Log streams created with CreateLogStream, by "group|stream", with what PutLogEvents wrote. */
  readonly streams: Map<string, { readonly creationTime: number; readonly events: { timestamp: number; message: string }[] }>;
  /** Operations ("sns.Publish", "logs.FilterLogEvents") that get no answer until the client gives up. */
  readonly hang: Set<string>;
  close(): Promise<void>;
}

/** FilterLogEvents' page size: 1 MB of events (CloudWatch Logs API reference). */
const FILTER_PAGE_BYTES = 1_048_576;

const JSON_SERVICES: Record<string, string> = {
  GraniteServiceVersion20100801: 'cloudwatch',
  secretsmanager: 'secretsmanager',
  AmazonSSM: 'ssm',
  Logs_20140328: 'logs',
};

export async function startAwsFake(options: AwsFakeOptions = {}): Promise<AwsFake> {
  const calls: AwsCall[] = [];
  const alarms = new Map<string, FakeAlarm>();
  const streams: AwsFake['streams'] = new Map();
  const hang = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target === '') {
        // Query protocol (SNS): a form body naming the action, an XML answer.
        const form = Object.fromEntries(new URLSearchParams(body));
        calls.push({ operation: `sns.${form.Action ?? ''}`, input: form });
        if (hang.has(`sns.${form.Action ?? ''}`)) return;
        res.setHeader('content-type', 'text/xml');
        res.end(
          `<${form.Action}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><${form.Action}Result><MessageId>fake-${calls.length}</MessageId></${form.Action}Result>` +
            `<ResponseMetadata><RequestId>fake-request-${calls.length}</RequestId></ResponseMetadata></${form.Action}Response>`,
        );
        return;
      }
      const [prefix = '', operation = ''] = target.split('.');
      const service = JSON_SERVICES[prefix] ?? prefix;
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      calls.push({ operation: `${service}.${operation}`, input });
      if (hang.has(`${service}.${operation}`)) return;
      const respond = (): unknown => {
        if (res.destroyed) return;
        res.setHeader('content-type', service === 'cloudwatch' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1');
        const error = (status: number, type: string, message: string): void => {
          res.statusCode = status;
          res.setHeader('x-amzn-errortype', type);
          res.end(JSON.stringify({ __type: type, message }));
        };
        switch (`${service}.${operation}`) {
          case 'secretsmanager.GetSecretValue': {
            const id = String(input.SecretId);
            const value = options.secrets?.get(id);
            if (value === undefined) return error(400, 'ResourceNotFoundException', `Secrets Manager can't find the specified secret ${id}`);
            return res.end(JSON.stringify({ ARN: id, Name: id, SecretString: value, VersionId: 'v1' }));
          }
          case 'ssm.GetParameter':
            return error(400, 'ParameterNotFound', 'ParameterNotFound');
          case 'cloudwatch.PutMetricData':
            return res.end('{}');
          case 'logs.FilterLogEvents': {
            const now = Date.now();
            const start = typeof input.startTime === 'number' ? input.startTime : -Infinity;
            const end = typeof input.endTime === 'number' ? input.endTime : Infinity;
            const matching = (options.logEvents?.() ?? [])
              .map((e, i) => ({ eventId: String(i), ...(typeof e === 'string' ? { message: e, timestamp: now } : { message: e.message, timestamp: e.timestamp ?? now }) }))
              .filter((e) => e.timestamp >= start && e.timestamp <= end);
            const from = typeof input.nextToken === 'string' ? Number(input.nextToken) : 0;
            const page: typeof matching = [];
            let bytes = 0;
            for (const e of matching.slice(from)) {
              if (page.length > 0 && bytes + e.message.length > FILTER_PAGE_BYTES) break;
              page.push(e);
              bytes += e.message.length;
            }
            const next = from + page.length < matching.length ? { nextToken: String(from + page.length) } : {};
            return res.end(JSON.stringify({ events: page, searchedLogStreams: [], ...next }));
          }
          case 'logs.CreateLogStream': {
            const key = `${String(input.logGroupName)}|${String(input.logStreamName)}`;
            if (streams.has(key)) return error(400, 'ResourceAlreadyExistsException', 'The specified log stream already exists');
            streams.set(key, { creationTime: Date.now(), events: [] });
            return res.end('{}');
          }
          case 'logs.PutLogEvents': {
            const stream = streams.get(`${String(input.logGroupName)}|${String(input.logStreamName)}`);
            if (stream === undefined) return error(400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
            stream.events.push(...(input.logEvents as { timestamp: number; message: string }[]));
            return res.end('{}');
          }
          case 'logs.GetLogEvents': {
            const stream = streams.get(`${String(input.logGroupName)}|${String(input.logStreamName)}`);
            if (stream === undefined) return error(400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
            const limit = typeof input.limit === 'number' ? input.limit : 10_000;
            const events = input.startFromHead === true ? stream.events.slice(0, limit) : stream.events.slice(-limit);
            return res.end(JSON.stringify({ events: events.map((e) => ({ ...e, ingestionTime: e.timestamp })), nextForwardToken: 'f/0', nextBackwardToken: 'b/0' }));
          }
          case 'logs.DescribeLogStreams': {
            const group = String(input.logGroupName);
            const prefix = String(input.logStreamNamePrefix ?? '');
            const found = [...streams.entries()]
              .filter(([key]) => key.startsWith(`${group}|${prefix}`))
              .map(([key, stream]) => ({ logStreamName: key.slice(group.length + 1), creationTime: stream.creationTime }));
            return res.end(JSON.stringify({ logStreams: found }));
          }
          case 'cloudwatch.DescribeAlarms': {
            // Timestamps in AWS JSON are epoch seconds.
            const names = (input.AlarmNames as string[] | undefined) ?? [];
            const composites = names.flatMap((name) => {
              const alarm = alarms.get(name);
              return alarm === undefined ? [] : [{ AlarmName: name, StateValue: alarm.state, StateTransitionedTimestamp: alarm.since / 1000, StateUpdatedTimestamp: alarm.since / 1000 }];
            });
            return res.end(JSON.stringify({ CompositeAlarms: composites, MetricAlarms: [] }));
          }
          default:
            return error(400, 'UnknownOperationException', `the fake does not serve ${service}.${operation}`);
        }
      };
      // A slow AWS: the answer comes this late, or never if the client gives up first.
      const hold = options.holdMs?.(`${service}.${operation}`) ?? 0;
      if (hold <= 0) {
        respond();
        return;
      }
      const timer = setTimeout(respond, hold);
      res.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    alarms,
    streams,
    hang,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
