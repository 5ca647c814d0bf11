// docs/grafana/okta-synthetics.json is what `npm run grafana-dashboard` (and `npm run docs`) writes from the example.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRAFANA_FILE, grafanaText } from '../../../scripts/grafana-dashboard';

describe('docs/grafana/okta-synthetics.json', () => {
  it('is the Grafana dashboard of the committed example, as the code draws it now', () => {
    expect(readFileSync(GRAFANA_FILE, 'utf8')).toBe(grafanaText());
  });

  it('reads CloudWatch through the data source and region the importer picks: graphs and tables', () => {
    const dashboard = JSON.parse(grafanaText()) as {
      templating: { list: { name: string; type: string }[] };
      panels: { type: string; targets: { datasource: { type: string }; region: string }[] }[];
      annotations?: unknown;
    };
    expect(dashboard.templating.list.map((v) => `${v.name}:${v.type}`)).toEqual([
      'datasource:datasource',
      'region:custom',
    ]);
    const targets = dashboard.panels.flatMap((p) => p.targets);
    expect(targets.length).toBeGreaterThan(10);
    expect(new Set(targets.map((t) => `${t.datasource.type} ${t.region}`))).toEqual(new Set(['cloudwatch $region']));
    expect(new Set(dashboard.panels.map((p) => p.type))).toEqual(new Set(['timeseries', 'table']));
    // No alarm annotation: the data source's lists no composite (the alarm state changes are a table).
    expect(dashboard.annotations).toBeUndefined();
  });
});
