// A group of SAML apps on the dashboard: one row of its counts, whatever the number of its apps (apps
// failing, apps whose certificate expires within expiryWarnDays, the soonest expiry, apps overdue, apps signing with
// SHA-1: functions/plan/dashboard-graphs.ts draws them), and whom it watches. Its apps are in the dashboard's table
// "SAML apps that fail or expire soonest", never a widget each.
import { TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { GROUP_GRAPH_WIDTH } from '../functions/plan/dashboard-graphs';
import type { SamlGroupConfig } from '../functions/types';

/** The text that ends a group's row, beside its `graphs` count graphs. */
export function samlGroupText(group: SamlGroupConfig, graphs: number, subject: string): TextWidget {
  return new TextWidget({
    markdown:
      `**${subject}**\n\nEach app at least every ${group.everyMinutes} min, in shares over the journey's ` +
      `runs, and every run while it fails or warns. No metric per app: the table "SAML apps that fail or ` +
      `expire soonest" names each.`,
    width: 24 - GROUP_GRAPH_WIDTH * graphs,
    height: 6,
  });
}
