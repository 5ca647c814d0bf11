// A loopback fake of the AWS APIs the bundled Lambdas call, in the wire protocols their SDK clients speak:
// AWS JSON 1.0 (CloudWatch), AWS JSON 1.1 (Secrets Manager, SSM, CloudWatch Logs), the Query protocol (SNS) and
// REST-JSON (Lambda Invoke).
// The functions reach it through AWS_ENDPOINT_URL, exactly as they would reach AWS; every call is recorded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  /** StateValue by alarm name, for DescribeAlarms (every alarm answered as a metric alarm). */
  readonly alarms?: ReadonlyMap<string, string>;
  /** The one value GetMetricData returns for a metric's dimensions ("Server=org,Check=token"); none: no datapoint. */
  readonly metricValue?: (dimensions: string) => number | undefined;
  /** What Lambda Invoke returns as the function's payload. */
  readonly invoke?: () => unknown;
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
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      const invocation = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
      if (invocation !== null) {
        calls.push({ operation: 'lambda.Invoke', input: { FunctionName: decodeURIComponent(invocation[1] ?? ''), InvocationType: req.headers['x-amz-invocation-type'] } });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(options.invoke?.() ?? null));
        return;
      }
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
        case 'cloudwatch.DescribeAlarms': {
          const names = (input.AlarmNames as string[] | undefined) ?? [];
          const found = names.filter((name) => options.alarms?.has(name));
          return res.end(JSON.stringify({ MetricAlarms: found.map((name) => ({ AlarmName: name, StateValue: options.alarms?.get(name) })), CompositeAlarms: [] }));
        }
        case 'cloudwatch.GetMetricData': {
          const queries = (input.MetricDataQueries as { Id: string; MetricStat: { Metric: { Dimensions: { Name: string; Value: string }[] } } }[] | undefined) ?? [];
          const results = queries.map(({ Id, MetricStat }) => {
            const value = options.metricValue?.(MetricStat.Metric.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(','));
            return { Id, StatusCode: 'Complete', Timestamps: value === undefined ? [] : [Math.floor(Date.now() / 1000)], Values: value === undefined ? [] : [value] };
          });
          return res.end(JSON.stringify({ MetricDataResults: results }));
        }
        case 'logs.FilterLogEvents':
          return res.end(JSON.stringify({ events: (options.logEvents?.() ?? []).map((message, i) => ({ eventId: String(i), message, timestamp: Date.now() })), searchedLogStreams: [] }));
        default:
          return error(400, 'UnknownOperationException', `the fake does not serve ${service}.${operation}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
