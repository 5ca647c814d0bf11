// Reads `metricStream`: the destination, its https address (or the destination's default) and the name of the
// Secrets Manager secret holding its key. The key itself never belongs in the file: written there it would reach the
// CloudFormation template and every copy of the config, so a value that looks like one is refused, never echoed.
import { isObject, quoted, readLevel, typeName, urlProblem, type Json, type Problems } from './readers';
import {
  datadogEndpointProblem,
  METRIC_STREAM_DESTINATION_SPECS,
  METRIC_STREAM_DESTINATIONS,
  METRIC_STREAM_SCHEMA,
  type MetricStreamSettings,
} from './metric-stream-shape';

export * from './metric-stream-shape';

const FIELDS = METRIC_STREAM_SCHEMA.properties;

const EXAMPLE =
  '{ "to": "datadog", "endpointUrl": "https://awsmetrics-intake.datadoghq.eu/v1/input", ' +
  '"secret": "okta-synthetics/datadog" }';

export function readMetricStream(raw: Json, problems: Problems): MetricStreamSettings | null {
  const value = raw.metricStream;
  if (value === undefined || value === null) return null;
  if (!isObject(value)) {
    problems.add('metricStream', `expected an object like ${EXAMPLE}, got ${typeName(value)}`);
    return null;
  }
  const read = readLevel(value, FIELDS, problems, {
    parent: 'metricStream',
    fields: {
      to: {
        what: `where the metrics go: ${METRIC_STREAM_DESTINATIONS.map((d) => `"${d}"`).join(', ')}`,
        advice: () =>
          '(Grafana Cloud: "http" with its AWS metric streams URL; Grafana reading CloudWatch needs no stream: ' +
          'docs/integrations.md)',
      },
      endpointUrl: { advice: endpointAdvice, check: (url) => endpointProblem(url) },
      secret: {
        what: "the name of the Secrets Manager secret holding the destination's key",
        refuse: (secret) => (typeof secret === 'string' ? secretProblem(secret) : undefined),
        advice: () => 'a Secrets Manager secret name is 1-512 letters, digits or /_+=.@- (the name, not an ARN)',
      },
    },
  });
  if (read.to === undefined || read.secret === undefined) return null;
  const spec = METRIC_STREAM_DESTINATION_SPECS[read.to];
  const endpointUrl = read.endpointUrl ?? ('defaultEndpointUrl' in spec ? spec.defaultEndpointUrl : undefined);
  if (endpointUrl === undefined) {
    if (value.endpointUrl === undefined)
      problems.add('metricStream.endpointUrl', `required for "${read.to}": write ${spec.endpointWhat}`);
    return null;
  }
  // A key belongs to one Datadog site: the metrics and the alarm states go to endpointUrl's site, so an address of no
  // known site, or not its metrics intake, is refused rather than guessed (another site's intake refuses the key).
  const datadogProblem = read.to === 'datadog' ? datadogEndpointProblem(endpointUrl) : undefined;
  if (datadogProblem !== undefined) {
    problems.add('metricStream.endpointUrl', `${quoted(endpointUrl)} ${datadogProblem}`);
    return null;
  }
  return {
    to: read.to,
    endpointUrl,
    deliveryUrl: 'deliveryUrl' in spec ? spec.deliveryUrl : endpointUrl,
    secret: read.secret,
    outputFormat: spec.outputFormat,
  };
}

/** An address Firehose may post to: https, absolute, no user or password. */
function endpointProblem(url: string): string | undefined {
  const problem = urlProblem(url);
  if (problem !== undefined) return problem;
  return new URL(url).protocol === 'https:'
    ? undefined
    : 'must be https (Firehose delivers to HTTP endpoints over https only)';
}

function endpointAdvice(url: string): string {
  return endpointProblem(url) ?? `write the https address as it is read (did you mean "${new URL(url).href}"?)`;
}

/**
 * A secret's name that is the key itself, or a name Secrets Manager would misread. Datadog's API keys are 32 hex
 * characters, New Relic's license keys 40, Splunk's HEC tokens GUIDs and Dynatrace's tokens start "dt0c01.": none of
 * them a name anyone gives a secret. A name ending in a hyphen and six characters is one AWS asks to avoid: an ARN
 * built from the name (the role's grant, `-??????`) then matches a partial ARN as if the six were its suffix.
 */
function secretProblem(secret: string): string | undefined {
  const key =
    /^[A-Fa-f0-9]{32,}(NRAL)?$/.test(secret) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(secret) ||
    /^dt0[a-z]\d{2}\./.test(secret) ||
    quoted(secret) !== `"${secret}"`;
  if (key)
    return (
      'this looks like the key itself (not shown): a key in the config reaches the CloudFormation template and ' +
      'every copy of the file; put it in Secrets Manager (docs/integrations.md gives the create-secret command) and ' +
      'write the secret\'s name here, e.g. "okta-synthetics/datadog"'
    );
  if (secret.startsWith('arn:'))
    return "write the secret's name, not its ARN (the stack builds the ARN in its own account and region)";
  if (/-[A-Za-z0-9]{6}$/.test(secret))
    return (
      `${quoted(secret)} ends in a hyphen and six characters, which Secrets Manager reads as the random suffix of ` +
      'an ARN (AWS advises against such names): rename the secret, e.g. without the last hyphen'
    );
  return undefined;
}
