import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { alarmStatesRoute, DATADOG_SITES, METRIC_STREAM_DESTINATIONS } from '../../../functions/config/metric-stream';
import { exampleConfig, writeConfig } from '../../support/configs';

/** Datadog's EU1 metrics intake for Firehose (aws-cdk-lib DatadogEndpoint.METRICS_EU). */
const EU1 = 'https://awsmetrics-intake.datadoghq.eu/v1/input';

function load(metricStream: unknown) {
  return loadConfigFile(writeConfig({ ...exampleConfig(), metricStream }), 'deploy', {});
}
function errors(metricStream: unknown): string[] {
  const result = load(metricStream);
  return result.ok ? [] : result.errors;
}

describe('metricStream', () => {
  it('fills each destination with its documented format and, for New Relic, its US intake', () => {
    const datadog = load({ to: 'datadog', secret: 'okta-synthetics/datadog', endpointUrl: EU1 });
    expect(datadog.ok && datadog.config.deploy.metricStream).toEqual({
      to: 'datadog',
      endpointUrl: EU1,
      deliveryUrl: EU1,
      secret: 'okta-synthetics/datadog',
      outputFormat: 'opentelemetry1.0',
    });
    const newrelic = load({ to: 'newrelic', secret: 'nr' });
    expect(newrelic.ok && newrelic.config.deploy.metricStream).toMatchObject({
      endpointUrl: 'https://aws-api.newrelic.com/cloudwatch-metrics/v1',
      outputFormat: 'opentelemetry1.0',
    });
    const splunk = load({
      to: 'splunk',
      secret: 'hec',
      endpointUrl: 'https://http-inputs-firehose-acme.splunkcloud.com',
    });
    expect(splunk.ok && splunk.config.deploy.metricStream).toMatchObject({ outputFormat: 'json' });
  });

  it("sends Dynatrace's metrics to its one intake, naming the environment written in endpointUrl", () => {
    const result = load({ to: 'dynatrace', secret: 'dt', endpointUrl: 'https://abc12345.live.dynatrace.com' });
    expect(result.ok && result.config.deploy.metricStream).toMatchObject({
      endpointUrl: 'https://abc12345.live.dynatrace.com',
      deliveryUrl: 'https://aws.cloud.dynatrace.com/metrics',
      outputFormat: 'opentelemetry0.7',
    });
  });

  it('is off when absent', () => {
    const result = loadConfigFile(writeConfig(exampleConfig()), 'deploy', {});
    expect(result.ok && result.config.deploy.metricStream).toBeNull();
  });

  it("asks a Datadog team for its site's intake, never guessing US1, and lists the sites' intakes", () => {
    // An API key belongs to one site: a default of US1 sent an EU1 team's metrics where its key is refused.
    expect(errors({ to: 'datadog', secret: 'okta-synthetics/datadog' })).toEqual([
      'metricStream.endpointUrl: required for "datadog": write the metrics intake of your Datadog site (the site of ' +
        'your API key): US1 https://awsmetrics-intake.datadoghq.com/v1/input, EU1 ' +
        'https://awsmetrics-intake.datadoghq.eu/v1/input, US5 or AP1 as docs/integrations.md lists them',
    ]);
  });

  it('asks for endpointUrl where only the user knows it, saying what it is', () => {
    for (const to of ['splunk', 'dynatrace', 'http']) {
      const [error, ...rest] = errors({ to, secret: 'okta-synthetics/metrics' });
      expect(rest).toEqual([]);
      expect(error).toMatch(new RegExp(`^metricStream\\.endpointUrl: required for "${to}": write .*https://`));
    }
  });

  it('refuses plain http, a bad URL and a user in the URL, naming the field', () => {
    expect(errors({ to: 'http', secret: 's', endpointUrl: 'http://collector.example.com/x' })).toEqual([
      expect.stringMatching(/^metricStream\.endpointUrl: must use https/),
    ]);
    expect(errors({ to: 'http', secret: 's', endpointUrl: 'collector.example.com/x' })).toEqual([
      expect.stringMatching(/^metricStream\.endpointUrl: .*not an absolute URL \(did you mean "https:\/\//),
    ]);
    expect(errors({ to: 'http', secret: 's', endpointUrl: 'https://u:p@collector.example.com/x' })).toEqual([
      expect.stringMatching(/^metricStream\.endpointUrl: must not contain a user name or password/),
    ]);
  });

  it('refuses an unknown destination with the list, and points Grafana to its two routes', () => {
    expect(errors({ to: 'grafana', secret: 's' })).toEqual([
      expect.stringMatching(/^metricStream\.to: expected one of datadog, splunk, newrelic, dynatrace, http.*Grafana/),
    ]);
    expect(METRIC_STREAM_DESTINATIONS).toEqual(['datadog', 'splunk', 'newrelic', 'dynatrace', 'http']);
  });

  it('refuses the key itself where the secret name belongs, never echoing it, and says why', () => {
    const keys = [
      '0123456789abcdef0123456789abcdef', // Datadog API key: 32 hex characters
      'eu01xx0123456789abcdef0123456789abcdNRAL'.replace('eu01xx', '0123ab'), // New Relic license key
      '6b3c7f2e-1d4a-4c8e-9f0a-2b5d8e1c3a7f', // Splunk HEC token
      'dt0c01.ABCDEFGHIJKLMNOPQRSTUVWX.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuv', // Dynatrace
    ];
    for (const key of keys) {
      const found = errors({ to: 'datadog', secret: key });
      expect(found, key).toEqual([expect.stringMatching(/^metricStream\.secret: this looks like the key itself/)]);
      expect(found.join('\n')).not.toContain(key);
      expect(found[0]).toContain('CloudFormation template');
    }
  });

  it("refuses an ARN and a name Secrets Manager would read as an ARN's suffix", () => {
    expect(errors({ to: 'datadog', secret: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:dd' })).toEqual([
      expect.stringMatching(/^metricStream\.secret: write the secret's name, not its ARN/),
    ]);
    expect(errors({ to: 'datadog', secret: 'okta-synthetics/dd-apikey' })).toEqual([
      expect.stringMatching(/^metricStream\.secret: "okta-synthetics\/dd-apikey" ends in a hyphen and six characters/),
    ]);
  });

  it('requires to and secret, and refuses an unknown field with the known ones', () => {
    expect(errors({})).toEqual([
      expect.stringMatching(/^metricStream\.to: /),
      expect.stringMatching(/^metricStream\.secret: /),
    ]);
    expect(errors({ to: 'datadog', secret: 's', apiKey: 'x' })[0]).toMatch(/^metricStream\.apiKey: unknown field/);
    expect(errors('datadog')).toEqual([expect.stringMatching(/^metricStream: expected an object like \{ "to"/)]);
  });
});

describe("a Datadog endpointUrl's site", () => {
  it('routes each of the seven sites to its own log intake', () => {
    const route = (site: string) =>
      alarmStatesRoute({ to: 'datadog', endpointUrl: `https://awsmetrics-intake.${site}/v1/input` });
    const intakes = DATADOG_SITES.map((s) => [s.name, route(s.site)]);
    expect(intakes.map(([name]) => name)).toEqual(['US1', 'US3', 'US5', 'EU1', 'AP1', 'AP2', 'US1-FED']);
    for (const [name, to] of intakes) {
      const site = DATADOG_SITES.find((s) => s.name === name)?.site ?? '';
      expect(to, String(name)).toMatchObject({
        url: expect.stringMatching(/^https:\/\/aws-kinesis-http-intake\.logs\./),
      });
      expect(new URL((to as { url: string }).url).hostname, String(name)).toBe(`aws-kinesis-http-intake.logs.${site}`);
    }
  });

  it('refuses a site Datadog does not run, naming the field, the sites and the fix, never sending it to US1', () => {
    for (const endpointUrl of [
      'https://awsmetrics-intake.ap9.datadoghq.com/v1/input',
      'https://datadog-proxy.example.com/v1/input',
    ]) {
      const [error, ...rest] = errors({ to: 'datadog', secret: 'okta-synthetics/datadog', endpointUrl });
      expect(rest).toEqual([]);
      expect(error).toBe(
        `metricStream.endpointUrl: "${endpointUrl}" is on no Datadog site whose log intake the stack knows (US1, ` +
          "US3, US5, EU1, AP1, AP2, US1-FED): write your site's metrics intake for Firehose (US1 " +
          'https://awsmetrics-intake.datadoghq.com/v1/input, US5 ' +
          'https://event-platform-intake.us5.datadoghq.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose, EU1 ' +
          'https://awsmetrics-intake.datadoghq.eu/v1/input, AP1 ' +
          'https://event-platform-intake.ap1.datadoghq.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose); ' +
          'another receiver takes "to": "http"',
      );
    }
    expect(errors({ to: 'http', secret: 's', endpointUrl: 'https://datadog-proxy.example.com/v1/input' })).toEqual([]);
  });

  it("refuses a wrong EU1 address (the app, the API, the intake without its path), naming EU1's intake", () => {
    for (const endpointUrl of [
      'https://app.datadoghq.eu',
      'https://api.datadoghq.eu/api/v1/series',
      'https://awsmetrics-intake.datadoghq.eu',
      'https://datadoghq.eu/v1/input',
    ]) {
      expect(errors({ to: 'datadog', secret: 'okta-synthetics/datadog', endpointUrl })).toEqual([
        `metricStream.endpointUrl: "${endpointUrl}" is not Datadog's EU1 metrics intake for Firehose: write ` +
          `"${EU1}"`,
      ]);
    }
    // A site whose intake the stack does not know is taken from its intake's host, and refused as the site itself.
    expect(
      errors({ to: 'datadog', secret: 's', endpointUrl: 'https://awsmetrics-intake.us3.datadoghq.com/v1/input' }),
    ).toEqual([]);
    expect(errors({ to: 'datadog', secret: 's', endpointUrl: 'https://us3.datadoghq.com' })).toEqual([
      'metricStream.endpointUrl: "https://us3.datadoghq.com" is Datadog\'s US3 site, not its metrics intake: write ' +
        "the intake's https address, whose host is one label below us3.datadoghq.com, as Datadog's metric streams " +
        'setup gives it',
    ]);
  });
});

describe("the alarm states' route", () => {
  it("goes to Datadog's log intake of the metric intake's site, into Splunk's own stream, elsewhere nowhere", () => {
    const datadog = (endpointUrl: string) => alarmStatesRoute({ to: 'datadog', endpointUrl });
    const logs = (host: string, path = '/api/v2/logs?dd-protocol=aws-kinesis-firehose') =>
      ({ via: 'own-stream', url: `https://aws-kinesis-http-intake.logs.${host}${path}` }) as const;
    expect(datadog('https://awsmetrics-intake.datadoghq.com/v1/input')).toEqual(logs('datadoghq.com', '/v1/input'));
    expect(datadog('https://awsmetrics-intake.datadoghq.eu/v1/input')).toEqual(logs('datadoghq.eu', '/v1/input'));
    expect(datadog('https://event-platform-intake.us5.datadoghq.com/api/v2/awsmetrics')).toEqual(
      logs('us5.datadoghq.com'),
    );
    expect(datadog('https://event-platform-intake.ap1.datadoghq.com/api/v2/awsmetrics')).toEqual(
      logs('ap1.datadoghq.com'),
    );
    expect(datadog('https://awsmetrics-intake.us3.datadoghq.com/v1/input')).toEqual(logs('us3.datadoghq.com'));
    expect(datadog('https://awsmetrics-intake.ddog-gov.com/v1/input')).toEqual(logs('ddog-gov.com', '/v1/input'));
    // AP2's own intake, never US1's: a key posted to another site's intake is refused, retried and dead-lettered.
    expect(datadog('https://awsmetrics-intake.ap2.datadoghq.com/v1/input')).toEqual(logs('ap2.datadoghq.com'));
    // A host that only ends like a site is none of Datadog's, nor is a site Datadog does not run.
    expect(datadog('https://proxy.notdatadoghq.com/v1/input')).toBeNull();
    expect(datadog('https://awsmetrics-intake.ap9.datadoghq.com/v1/input')).toBeNull();
    expect(alarmStatesRoute({ to: 'splunk', endpointUrl: 'https://hec.example.com' })).toEqual({
      via: 'metric-stream',
    });
    for (const to of ['newrelic', 'dynatrace', 'http'] as const)
      expect(alarmStatesRoute({ to, endpointUrl: 'https://example.com/in' })).toBeNull();
  });
});
