// docs/grafana/okta-synthetics.json is what `npm run grafana-dashboard` (and `npm run docs`) writes from the example.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRAFANA_FILE, grafanaText } from '../../../scripts/grafana-dashboard';
import { directAlarmAnnotations } from '../../../functions/plan/grafana-dashboard';
import { alarmStateAnnotationQuery, notifierLogGroupName } from '../../../functions/contract';

describe('docs/grafana/okta-synthetics.json', () => {
  it('is the Grafana dashboard of the committed example, as the code draws it now', () => {
    expect(readFileSync(GRAFANA_FILE, 'utf8')).toBe(grafanaText());
  });

  it('reads CloudWatch through the data source and region the importer picks: graphs and tables', () => {
    const dashboard = JSON.parse(grafanaText()) as {
      templating: { list: { name: string; type: string }[] };
      panels: { type: string; targets: { datasource: { type: string }; region: string }[] }[];
    };
    expect(dashboard.templating.list.map((v) => `${v.name}:${v.type}`)).toEqual([
      'datasource:datasource',
      'region:custom',
    ]);
    const targets = dashboard.panels.flatMap((p) => p.targets);
    expect(targets.length).toBeGreaterThan(10);
    expect(new Set(targets.map((t) => `${t.datasource.type} ${t.region}`))).toEqual(new Set(['cloudwatch $region']));
    expect(new Set(dashboard.panels.map((p) => p.type))).toEqual(new Set(['timeseries', 'table']));
  });

  it("marks every graph with the notifying alarms' changes to ALARM and OK, on the notifier's group", () => {
    const dashboard = JSON.parse(grafanaText()) as { annotations: { list: Record<string, unknown>[] } };
    // The shape the CloudWatch data source runs as a logs annotation (its isLogsAnnotationQuery: queryMode
    // "Annotations", annotationType "logs"), not its alarm annotation, which lists no composite.
    expect(dashboard.annotations.list).toEqual([
      expect.objectContaining({
        name: 'Alarms to ALARM',
        enable: true,
        iconColor: 'red',
        datasource: { type: 'cloudwatch', uid: '${datasource}' },
        target: {
          refId: 'AlarmsALARM',
          queryMode: 'Annotations',
          annotationType: 'logs',
          region: '$region',
          expression: alarmStateAnnotationQuery('ALARM'),
          logGroupNames: [notifierLogGroupName('okta-synthetics')],
        },
      }),
      expect.objectContaining({
        name: 'Alarms to OK',
        iconColor: 'green',
        target: expect.objectContaining({
          annotationType: 'logs',
          expression: alarmStateAnnotationQuery('OK'),
          logGroupNames: [notifierLogGroupName('okta-synthetics')],
        }) as unknown,
      }),
      // The notifier's own alarms notify the topics directly: each an alarm annotation on its metric.
      ...directAlarmAnnotations('okta-synthetics', 1).map((mark) => expect.objectContaining(mark) as unknown),
    ]);
    expect(dashboard.annotations.list).toHaveLength(4);
  });
});
