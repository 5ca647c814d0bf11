// `metricStream` in the configuration: where a CloudWatch Metric Stream delivers the product's namespace through Amazon
// Data Firehose, and what each destination expects. Apart from config/metric-stream.ts (which reads it) so that
// schema.ts, the stack and the plan reach the shape and the destinations' table without the readers. Each choice of the
// table is argued, with its source, in docs/decisions/metric-export.md.

import { METRICS } from '../contract';

/** The destinations `metricStream.to` names: these names are a contract. */
export const METRIC_STREAM_DESTINATIONS = ['datadog', 'splunk', 'newrelic', 'dynatrace', 'http'] as const;
export type MetricStreamDestination = (typeof METRIC_STREAM_DESTINATIONS)[number];

/** CloudFormation's OutputFormat values of AWS::CloudWatch::MetricStream that the destinations take. */
type MetricStreamFormat = 'opentelemetry1.0' | 'opentelemetry0.7' | 'json';

/** What one destination expects of the stream and of Firehose. */
interface DestinationSpec {
  /** The vendor's name, for plan, cost and messages. */
  readonly title: string;
  /** The stream's output format, as the vendor documents it. */
  readonly outputFormat: MetricStreamFormat;
  /** Firehose's destination: an HTTP endpoint, or Firehose's own Splunk (HEC) destination. */
  readonly firehose: 'http' | 'splunk';
  /** The endpointUrl when none is written, or undefined where only the user knows it (a realm, a stack). */
  readonly defaultEndpointUrl?: string;
  /**
   * Where Firehose posts when that differs from endpointUrl: Dynatrace takes every environment's metrics at one
   * address and names the environment (endpointUrl) in the request's `dt-url` attribute.
   */
  readonly deliveryUrl?: string;
  /** What endpointUrl is, with an example, for the messages and the docs. */
  readonly endpointWhat: string;
  /** The secret's JSON, as Firehose reads it for this destination ("Understand secrets", Firehose developer guide). */
  readonly secretJson: string;
}

export const METRIC_STREAM_DESTINATION_SPECS = {
  datadog: {
    title: 'Datadog',
    // Datadog: "Metric streaming only supports OpenTelemetry output format. Latest version is v1.0; v0.7 is
    // supported but may result in missing metrics."
    outputFormat: 'opentelemetry1.0',
    firehose: 'http',
    // No default: an API key belongs to one site, and a default of US1 sent a European team's metrics to an intake
    // that refuses their key, silently. The sites' intakes are DATADOG_SITES' metricsIntake.
    endpointWhat:
      'the metrics intake of your Datadog site (the site of your API key): US1 ' +
      'https://awsmetrics-intake.datadoghq.com/v1/input, EU1 https://awsmetrics-intake.datadoghq.eu/v1/input, US5 or ' +
      'AP1 as docs/integrations.md lists them',
    secretJson: '{"api_key":"<Datadog API key>"}',
  },
  splunk: {
    title: 'Splunk (HTTP Event Collector)',
    // Firehose's Splunk destination posts to HEC; the JSON format is one metric update a line, the records Splunk's
    // own processor for metric streams reads (splunk/splunk-aws-cloudwatch-streaming-metrics-processor).
    outputFormat: 'json',
    firehose: 'splunk',
    endpointWhat:
      'your HTTP Event Collector address for Firehose, e.g. https://http-inputs-firehose-acme.splunkcloud.com',
    secretJson: '{"hec_token":"<HEC token>"}',
  },
  newrelic: {
    title: 'New Relic',
    // New Relic's metric streams integration takes OpenTelemetry 1.0 (its changelog, October 2025) and 0.7.
    outputFormat: 'opentelemetry1.0',
    firehose: 'http',
    defaultEndpointUrl: 'https://aws-api.newrelic.com/cloudwatch-metrics/v1',
    endpointWhat:
      "New Relic's metric streams intake (default the US one; EU accounts: " +
      'https://aws-api.eu01.nr-data.net/cloudwatch-metrics/v1)',
    secretJson: '{"api_key":"<New Relic license key>"}',
  },
  dynatrace: {
    title: 'Dynatrace',
    // Dynatrace's own metric streams templates: OpenTelemetry 0.7 to https://aws.cloud.dynatrace.com/metrics, the
    // environment named by the request attribute dt-url.
    outputFormat: 'opentelemetry0.7',
    firehose: 'http',
    deliveryUrl: 'https://aws.cloud.dynatrace.com/metrics',
    endpointWhat: 'your Dynatrace environment address, e.g. https://abc12345.live.dynatrace.com',
    secretJson: '{"api_key":"<Dynatrace token with the metrics.ingest scope>"}',
  },
  http: {
    title: 'an HTTP endpoint',
    // Any receiver of Firehose's HTTP endpoint delivery (Grafana Cloud's AWS metric streams, an OpenTelemetry
    // collector's awsfirehose receiver): the current OpenTelemetry format CloudWatch streams.
    outputFormat: 'opentelemetry1.0',
    firehose: 'http',
    endpointWhat:
      "the receiver's https address, e.g. https://collector.example.com/firehose (Grafana Cloud: its AWS metric " +
      'streams URL)',
    secretJson: '{"api_key":"<the receiver\'s key>"}',
  },
} as const satisfies Record<MetricStreamDestination, DestinationSpec>;

/** `metricStream` as validated: the destination, its resolved addresses and the secret's name. */
export interface MetricStreamSettings {
  readonly to: MetricStreamDestination;
  /** As written, else the destination's default. */
  readonly endpointUrl: string;
  /** Where Firehose posts (endpointUrl, except for Dynatrace). */
  readonly deliveryUrl: string;
  /** The name of the Secrets Manager secret holding the destination's key, in the stack's region. */
  readonly secret: string;
  readonly outputFormat: MetricStreamFormat;
}

/**
 * The percentiles the stream adds to the latency metrics, which the dashboards draw (p50, p90) and the latency alarm
 * evaluates (p90): a stream sends only Minimum, Maximum, Sum and SampleCount of each metric, from which no percentile
 * can be rebuilt at the destination. Every format takes them: "Percentile values such as p95 or p99 (For streams with
 * either JSON or OpenTelemetry format)" (CloudWatch user guide, "Statistics that can be streamed").
 */
export const STREAMED_PERCENTILES = ['p50', 'p90', 'p99'] as const;

/** The metrics streamed with STREAMED_PERCENTILES: the latencies, of every dimension set. */
export const PERCENTILE_METRICS = [METRICS.CheckLatency.name, METRICS.ServerLatency.name] as const;

/**
 * Metric updates billed for each update of a metric streamed with extra statistics: "Streaming between one and five
 * of these additional statistics for a particular metric is billed as an additional metric update. Thereafter, each
 * additional set of up to five ... as another metric update" (CloudWatch user guide, "Statistics that can be
 * streamed").
 */
export const EXTRA_UPDATES_PER_PERCENTILE_METRIC = Math.ceil(STREAMED_PERCENTILES.length / 5);

/** The metric stream's and its Firehose stream's one name, from the prefix. */
export function metricStreamName(prefix: string): string {
  return `${prefix}-metrics`;
}

/**
 * How the alarms' state changes reach the destination, as EventBridge's "CloudWatch Alarm State Change" events:
 * - `metric-stream`: into the metric stream's own Firehose stream, whose destination takes JSON lines (Splunk's HEC
 *   raw endpoint reads each line an event, the metric updates and the alarm states alike);
 * - `own-stream`: a Firehose stream of their own to the tool's log intake, with the same key, where the metric
 *   intake takes OpenTelemetry only (Datadog);
 * - null: not streamed, where no intake for events by Firehose is documented to take the same key (New Relic,
 *   Dynatrace, any https receiver): docs/integrations.md gives each tool's route (the alarm topics' https
 *   subscriptions, the tool's own CloudWatch integration).
 */
export type AlarmStatesRoute =
  | { readonly via: 'metric-stream' }
  | { readonly via: 'own-stream'; readonly url: string }
  | null;

/**
 * Datadog's metrics intakes for Amazon Data Firehose, by site, as aws-cdk-lib's DatadogEndpoint names them
 * (METRICS_US, METRICS_EU, METRICS_US5, METRICS_AP1); the other sites' are not known here, so not checked.
 */
const DATADOG_METRICS = {
  US1: 'https://awsmetrics-intake.datadoghq.com/v1/input',
  EU1: 'https://awsmetrics-intake.datadoghq.eu/v1/input',
  US5: 'https://event-platform-intake.us5.datadoghq.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose',
  AP1: 'https://event-platform-intake.ap1.datadoghq.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose',
} as const;

/** The v2 log path of the sites whose log intake takes Firehose there. */
const DATADOG_V2_LOGS = '/api/v2/logs?dd-protocol=aws-kinesis-firehose';

/**
 * Datadog's sites, each with its own intakes; an API key belongs to one site, so a key posted to another site's
 * intake is refused (docs.datadoghq.com/getting_started/site). A site is the metrics intake's host without its first
 * label (awsmetrics-intake.datadoghq.eu, event-platform-intake.ap1.datadoghq.com). Its log intake for Firehose is
 * aws-kinesis-http-intake.logs.<site> (aws-cdk-lib's DatadogEndpoint.LOGS_* for US1, US3, US5, EU1, AP1 and US1-FED;
 * AP2's host as Datadog's PrivateLink table lists it), on the path each site takes.
 */
export const DATADOG_SITES = [
  { name: 'US1', site: 'datadoghq.com', logsPath: '/v1/input', metricsIntake: DATADOG_METRICS.US1 },
  { name: 'US3', site: 'us3.datadoghq.com', logsPath: DATADOG_V2_LOGS },
  { name: 'US5', site: 'us5.datadoghq.com', logsPath: DATADOG_V2_LOGS, metricsIntake: DATADOG_METRICS.US5 },
  { name: 'EU1', site: 'datadoghq.eu', logsPath: '/v1/input', metricsIntake: DATADOG_METRICS.EU1 },
  { name: 'AP1', site: 'ap1.datadoghq.com', logsPath: DATADOG_V2_LOGS, metricsIntake: DATADOG_METRICS.AP1 },
  { name: 'AP2', site: 'ap2.datadoghq.com', logsPath: DATADOG_V2_LOGS },
  { name: 'US1-FED', site: 'ddog-gov.com', logsPath: '/v1/input' },
] as const satisfies readonly { name: string; site: string; logsPath: string; metricsIntake?: string }[];

/** The Datadog site a host is, or is one label below (an intake, the app, the API), or undefined. */
function datadogSiteOfHost(host: string): (typeof DATADOG_SITES)[number] | undefined {
  return (
    DATADOG_SITES.find((s) => host === s.site) ??
    DATADOG_SITES.find((s) => host.slice(host.indexOf('.') + 1) === s.site)
  );
}

/**
 * Why `endpointUrl` is not a Datadog metrics intake, or undefined: a host of no known site, or a host of a site whose
 * Firehose metrics intake is known (DATADOG_METRICS) written otherwise (the web app, the API, the log intake, a path
 * left out). The message names the right address where one is known.
 */
export function datadogEndpointProblem(endpointUrl: string): string | undefined {
  if (DATADOG_SITES.some((s) => 'metricsIntake' in s && s.metricsIntake === endpointUrl)) return undefined;
  const site = datadogSiteOfHost(new URL(endpointUrl).hostname);
  if (site !== undefined && 'metricsIntake' in site)
    return `is not Datadog's ${site.name} metrics intake for Firehose: write "${site.metricsIntake}"`;
  // A site whose metrics intake is not known here (US3, AP2, US1-FED): an intake's host, one label below the site, is
  // taken as written (the alarm states go to that site's log intake: alarmStatesRoute).
  if (site !== undefined && datadogSiteOf(endpointUrl) === site) return undefined;
  if (site !== undefined)
    return (
      `is Datadog's ${site.name} site, not its metrics intake: write the intake's https address, whose host is one ` +
      `label below ${site.site}, as Datadog's metric streams setup gives it`
    );
  const known = DATADOG_SITES.flatMap((s) => ('metricsIntake' in s ? [`${s.name} ${s.metricsIntake}`] : []));
  return (
    `is on no Datadog site whose log intake the stack knows (${DATADOG_SITES.map((s) => s.name).join(', ')}): ` +
    `write your site's metrics intake for Firehose (${known.join(', ')}); another receiver takes "to": "http"`
  );
}

/** The Datadog site whose intake `endpointUrl` is, or undefined: a host that only ends like a site is none. */
export function datadogSiteOf(endpointUrl: string): (typeof DATADOG_SITES)[number] | undefined {
  const host = new URL(endpointUrl).hostname;
  const site = host.slice(host.indexOf('.') + 1);
  return DATADOG_SITES.find((s) => s.site === site);
}

/** Datadog's log intake for Firehose on a site. */
function datadogLogIntake(site: (typeof DATADOG_SITES)[number]): string {
  return `https://aws-kinesis-http-intake.logs.${site.site}${site.logsPath}`;
}

/**
 * Where the alarms' state changes go for these settings (AlarmStatesRoute). A Datadog endpointUrl of no known site
 * is refused when the config is read (config/metric-stream.ts); here it streams nothing, never to another site.
 */
export function alarmStatesRoute(settings: Pick<MetricStreamSettings, 'to' | 'endpointUrl'>): AlarmStatesRoute {
  if (settings.to === 'splunk') return { via: 'metric-stream' };
  if (settings.to !== 'datadog') return null;
  const site = datadogSiteOf(settings.endpointUrl);
  return site === undefined ? null : { via: 'own-stream', url: datadogLogIntake(site) };
}

/** The alarm states' own Firehose stream's name (AlarmStatesRoute `own-stream`), from the prefix. */
export function alarmStatesStreamName(prefix: string): string {
  return `${prefix}-alarm-states`;
}

/**
 * The dead-letter queue of the alarm states' rules, where EventBridge puts a state change it could not put into
 * Firehose; its alarm (contract liveness alarmStatesDlq) watches it by this name.
 */
export function alarmStatesDeadLetterQueueName(prefix: string): string {
  return `${prefix}-alarm-states-dlq`;
}

/** The JSON Schema of `metricStream`, for editors (scripts/config-schema.ts). */
export const METRIC_STREAM_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['to', 'secret'],
  description:
    "Stack: stream the namespace's metrics to Datadog, Splunk, New Relic, Dynatrace or any HTTP endpoint (Grafana " +
    'Cloud) through a CloudWatch Metric Stream and Amazon Data Firehose, the key read by Firehose from Secrets ' +
    'Manager (docs/integrations.md). Default none.',
  properties: {
    _comment: { type: 'string', description: 'Free text for people; ignored.' },
    to: { enum: METRIC_STREAM_DESTINATIONS, description: 'The destination.' },
    endpointUrl: {
      type: 'string',
      minLength: 1,
      maxLength: 1000,
      format: 'uri',
      pattern: '^https://[^\\s/?#@]+([/?#]\\S*)?$',
      description:
        "https. Datadog: your site's metrics intake, required (e.g. EU1 " +
        'https://awsmetrics-intake.datadoghq.eu/v1/input); New Relic defaults to its US intake; Splunk: your HEC ' +
        'address; Dynatrace: your environment address; http: the receiver.',
    },
    secret: {
      type: 'string',
      minLength: 1,
      maxLength: 512,
      pattern: '^[A-Za-z0-9/_+=.@-]+$',
      description:
        "The name of a Secrets Manager secret in the stack's region holding the destination's key as Firehose " +
        'reads it ({"api_key": ...}; Splunk {"hec_token": ...}), never the key itself.',
    },
  },
} as const;
