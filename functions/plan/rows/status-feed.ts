// The registry's row for Okta's status feed, read once a run (not per server).
import type { CheckName } from '../../contract';
import type { CheckRow } from '../check-row';

export const STATUS_FEED_ROWS = {
  status: {
    family: 'status',
    target: 'feed',
    needs: [],
    availability: 'statusPageUrl is null, or --server leaves the status feed out',
    timed: true,
    credential: false,
    outputs: {
      // Whether the feed could be read; what it says is the indicator's, alarmed below.
      success: {
        severity: 'warn',
        runbook: {
          meaning:
            "Okta's status feed could not be read or parsed, or has been silent so long that it may no longer " +
            'be the one Okta keeps.',
        },
      },
      gauges: [
        {
          metric: 'StatusPageIndicator',
          observed: 'indicator',
          alarms: [
            {
              name: 'status-major',
              severity: 'page',
              statistic: 'Maximum',
              comparison: 'greaterThanOrEqual',
              threshold: 2,
              runbook: {
                meaning: "Okta's status feed reports a major or critical incident (indicator >= 2).",
                firstSteps:
                  'Read the open entries on status.okta.com and check whether your cell is named; correlate ' +
                  'with the per-server alarms.',
              },
            },
            {
              name: 'status-minor',
              severity: 'warn',
              statistic: 'Maximum',
              comparison: 'greaterThanOrEqual',
              threshold: 1,
              runbook: {
                meaning: "Okta's status feed shows an open minor incident or maintenance (indicator >= 1).",
                firstSteps: 'Read the open entries on status.okta.com; plan around announced maintenance.',
              },
            },
          ],
          dashboard: {
            title: 'Okta status feed (0 none, 1 minor, 2 major, 3 critical)',
            label: 'indicator',
            min: 0,
            max: 3,
          },
        },
      ],
    },
  },
} as const satisfies Readonly<Partial<Record<CheckName, CheckRow>>>;
