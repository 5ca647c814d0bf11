// A loopback fake of the AWS APIs the bundled Lambdas call, in the wire protocols their SDK clients speak:
// AWS JSON 1.0 (CloudWatch), AWS JSON 1.1 (Secrets Manager, SSM, CloudWatch Logs) and the Query protocol (SNS).
// The functions reach it through AWS_ENDPOINT_URL, exactly as they would reach AWS; every call is recorded.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface AwsCall {
  /** "Service.Operation", e.g. "secretsmanager.GetSecretValue", "sns.Publish". */
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

export interface AwsFakeOptions {
  /** SecretString by SecretId. */
  readonly secrets?: ReadonlyMap<string, string>;
  /** Messages FilterLogEvents returns (one page). */
  readonly logEvents?: () => readonly string[];
  /** Holds the answer to an operation ("cloudwatch.PutMetricData") this long, ms: a slow or hanging AWS. */
  readonly holdMs?: (operation: string) => number;
}

export interface AwsFake {
  readonly url: string;
  readonly calls: AwsCall[];
  close(): Promise<void>;
}

const JSON_SERVICES: Record<string, string> = {
  GraniteServiceVersion20100801: 'cloudwatch',
  secretsmanager: 'secretsmanager',
  AmazonSSM: 'ssm',
  Logs_20140328: 'logs',
};

export async function startAwsFake(options: AwsFakeOptions = {}): Promise<AwsFake> {
  const calls: AwsCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // The SDK gzips large bodies (PutMetricData of many datums), as AWS accepts them.
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target === '') {
        // Query protocol (SNS): a form body naming the action, an XML answer.
        const form = Object.fromEntries(new URLSearchParams(body));
        calls.push({ operation: `sns.${form.Action ?? ''}`, input: form });
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
      const hold = options.holdMs?.(`${service}.${operation}`) ?? 0;
      if (hold > 0) {
        const timer = setTimeout(() => answer(service, operation, input, res), hold);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      answer(service, operation, input, res);
    });
  });
  const answer = (service: string, operation: string, input: Record<string, unknown>, res: ServerResponse) => {
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
      case 'logs.FilterLogEvents':
        return res.end(JSON.stringify({ events: (options.logEvents?.() ?? []).map((message, i) => ({ eventId: String(i), message, timestamp: Date.now() })), searchedLogStreams: [] }));
      default:
        return error(400, 'UnknownOperationException', `the fake does not serve ${service}.${operation}`);
    }
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
