// A group of SAML apps on the dashboard: one row of its counts, whatever the number of its apps (apps
// failing, apps whose certificate expires within expiryWarnDays, the soonest expiry, apps overdue, apps signing with
// SHA-1), and whom it watches. Its apps are in the dashboard's table "SAML apps that fail or expire soonest", never a
// widget each.
import {
  Color,
  Shading,
  TextWidget,
  type GraphWidget,
  type HorizontalAnnotation,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Gauge } from '../functions/plan/check-row';
import type { SamlGroupConfig } from '../functions/types';

/** A gauge's graph, with more threshold lines than its alarms draw. */
type GaugeGraph = (gauge: Gauge, width: number, extra: readonly HorizontalAnnotation[]) => GraphWidget;

/** Columns of each count's graph; the text takes the rest of the row's 24. */
const GRAPH_WIDTH = 4;

/** The widgets of one group's row. */
export function samlGroupWidgets(
  group: SamlGroupConfig,
  gauges: readonly Gauge[],
  graph: GaugeGraph,
  expiryWarnDays: number,
  subject: string,
): IWidget[] {
  // The soonest expiry has no alarm of its own (the count of expiring apps is its alarm): its graph shows the horizon.
  const horizon: HorizontalAnnotation = {
    value: expiryWarnDays,
    color: Color.ORANGE,
    fill: Shading.BELOW,
    label: `expiryWarnDays (${expiryWarnDays})`,
  };
  const widgets: IWidget[] = gauges.map((gauge) =>
    graph(gauge, GRAPH_WIDTH, gauge.alarms.length === 0 ? [horizon] : []),
  );
  widgets.push(
    new TextWidget({
      markdown:
        `**${subject}**\n\nEach app at least every ${group.everyMinutes} min, in shares over the journey's ` +
        `runs, and every run while it fails or warns. No metric per app: the table "SAML apps that fail or ` +
        `expire soonest" names each.`,
      width: 24 - GRAPH_WIDTH * gauges.length,
      height: 6,
    }),
  );
  return widgets;
}
