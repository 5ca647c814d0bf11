// docs/integrations.md says what each destination takes: its format, its default intake, the secret's JSON, the
// Datadog sites whose log intake takes the alarm states, and the Grafana dashboard of one's own config. Each claim is
// read from the table the code uses, so the page cannot drift from it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DATADOG_SITES,
  datadogSiteOf,
  METRIC_STREAM_DESTINATION_SPECS,
  METRIC_STREAM_DESTINATIONS,
} from '../../../functions/config/metric-stream';
import { grafanaText } from '../../../scripts/grafana-dashboard';
import { exampleConfig, writeConfig } from '../../support/configs';

const ROOT = join(__dirname, '../../..');
const page = readFileSync(join(ROOT, 'docs/integrations.md'), 'utf8').replace(/\s*\n\s*/g, ' ');

/** The section of the page under `## <title>`, as one line. */
function section(title: string): string {
  const start = page.indexOf(`## ${title} `);
  expect(start, title).toBeGreaterThan(-1);
  const end = page.indexOf(' ## ', start + 3);
  return page.slice(start, end < 0 ? undefined : end);
}

const SECTIONS = {
  datadog: 'Datadog',
  splunk: 'Splunk',
  newrelic: 'New Relic',
  dynatrace: 'Dynatrace',
  http: 'Any https receiver',
} as const;

/** How the page names a stream's output format. */
const FORMAT_WORDS = { 'opentelemetry1.0': 'OpenTelemetry 1.0', 'opentelemetry0.7': 'OpenTelemetry 0.7', json: 'JSON' };

describe('docs/integrations.md', () => {
  it.each(METRIC_STREAM_DESTINATIONS)('says what %s takes as the code sends it', (to) => {
    const spec = METRIC_STREAM_DESTINATION_SPECS[to];
    const text = section(SECTIONS[to]);
    expect(text).toContain(`"to": "${to}"`);
    expect(text).toContain(FORMAT_WORDS[spec.outputFormat]);
    // The secret's JSON as Firehose reads it: its one member's name, as the page writes it.
    const member = /^\{"([a-z_]+)":/.exec(spec.secretJson)?.[1];
    expect(text).toContain(`{"${member}":"`);
  });

  it('says New Relic defaults to its US intake and Datadog to none, as the code fills them in', () => {
    expect(page).toContain("Datadog: your site's metrics intake, required (no site is guessed)");
    expect('defaultEndpointUrl' in METRIC_STREAM_DESTINATION_SPECS.datadog).toBe(false);
    expect(page).toContain('New Relic defaults to its US intake');
    expect(METRIC_STREAM_DESTINATION_SPECS.newrelic.defaultEndpointUrl).not.toMatch(/eu01/);
    // Every metrics intake the code knows is on the page, each of a site datadogSiteOf reads.
    for (const site of DATADOG_SITES.filter((s) => 'metricsIntake' in s)) {
      const intake = (site as { metricsIntake: string }).metricsIntake;
      expect(page).toContain(`${site.name} \`${intake}\``);
      expect(datadogSiteOf(intake)?.name).toBe(site.name);
    }
  });

  it("names every Datadog site whose log intake takes the alarm states, and each site's intake host", () => {
    const datadog = section('Datadog');
    expect(datadog).toContain(`(${DATADOG_SITES.map((s) => s.name).join(', ')})`);
    expect(datadog).toContain('aws-kinesis-http-intake.logs.<site>');
    expect(datadog).toContain('refused by `plan` and `cdk synth`');
  });

  it("says Grafana's dashboard of one's own config is the script's, with the config's own names", () => {
    expect(section('Grafana')).toContain('npm run grafana-dashboard -- --config okta-synthetics.json');
    const own = JSON.parse(grafanaText(writeConfig({ ...exampleConfig(), prefix: 'acme-okta' }))) as {
      uid: string;
      panels: { type: string; targets: { logGroupNames?: string[] }[] }[];
    };
    expect(own.uid).toBe('okta-synthetics-acme-okta');
    const logGroups = own.panels.flatMap((p) => p.targets.flatMap((t) => t.logGroupNames ?? []));
    expect(new Set(logGroups)).toEqual(new Set(['/aws/lambda/acme-okta-probe', '/aws/lambda/acme-okta-notifier']));
    expect(section('Grafana')).toContain('`/aws/lambda/<prefix>-notifier`');
  });
});
