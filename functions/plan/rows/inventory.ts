// The registry's rows for the org inventory: what will break next, read every inventoryEveryMinutes on
// the "org" server with "inventory". `inventory` reads (information only: it costs nothing); each kind judges its
// items and publishes one gauge without per-item dimensions: the soonest expiry in days, or a count. Expiry within
// the horizon, a stream down, a hook failing warn; an expired certificate or token still in use, or an agent pool
// with no operational agent, page: users fail now. A kind Okta will not let the probe read (scope, role, bucket)
// publishes nothing, so it never alarms: its warning is in the report, the run line and the notifier's message.
import { INVENTORY_SCOPES, type CheckName, type InventoryKind } from '../../contract';
import type { ServerConfig } from '../../types';
import { isOrgServer, type CheckRow, type Gauge, type GaugeAlarm } from '../check-row';

const readsInventory = (server: ServerConfig): boolean => isOrgServer(server) && server.inventory === true;
const AVAILABILITY = 'the "org" server with "inventory": true and the kind\'s scope in its scopes';

/** A kind's row: the inventory read it needs, and the gauge it publishes. */
function kindRow(kind: InventoryKind, gauges: readonly [Gauge, ...Gauge[]]) {
  return {
    family: 'inventory',
    target: 'server',
    needs: ['inventory'],
    appliesTo: (server: ServerConfig) => readsInventory(server) && server.scopes.includes(INVENTORY_SCOPES[kind]),
    availability: AVAILABILITY,
    timed: false,
    credential: true,
    outputs: { gauges },
  } as const satisfies CheckRow;
}

/** The two alarms of a soonest-expiry gauge: within the horizon (warn), past it while in use (page). */
function expiryAlarms(
  name: string,
  setting: 'expiryWarnDays' | 'apiTokenWarnDays',
  expiring: GaugeAlarm['runbook'],
  expired: GaugeAlarm['runbook'],
): readonly GaugeAlarm[] {
  return [
    {
      name: `${name}-expiring`,
      severity: 'warn',
      statistic: 'Minimum',
      comparison: 'lessThan',
      threshold: { setting },
      runbook: expiring,
    },
    {
      name: `${name}-expired`,
      severity: 'page',
      statistic: 'Minimum',
      comparison: 'lessThan',
      threshold: 0,
      runbook: expired,
    },
  ];
}

const countAlarm = (name: string, severity: 'page' | 'warn', runbook: GaugeAlarm['runbook']): GaugeAlarm => ({
  name,
  severity,
  statistic: 'Maximum',
  comparison: 'greaterThanOrEqual',
  threshold: 1,
  runbook,
});

export const INVENTORY_ROWS = {
  inventory: {
    family: 'inventory',
    target: 'server',
    needs: [],
    appliesTo: readsInventory,
    availability: 'the "org" server with "inventory": true in the config',
    timed: false,
    credential: true,
    // Each kind's scope on tokens of the inventory's own: a missing grant never fails the server's token check.
    ownToken: { scopes: Object.values(INVENTORY_SCOPES) },
    outputs: 'information only',
  },
  'api-tokens': kindRow('api-tokens', [
    {
      metric: 'ApiTokenDaysToExpiry',
      observed: 'soonestDays',
      alarms: expiryAlarms(
        'api-token',
        'apiTokenWarnDays',
        {
          meaning:
            'An API token has fewer than {threshold} days left (a token with a window shorter than 30 days, ' +
            'the same share of its window), or one was expiring and is gone from the list: a token expires ' +
            'its window after its last use, and the job that uses it rarely will find it dead.',
          firstSteps:
            'The message names the token and its owner: run the job that uses it, replace it, or revoke it ' +
            '(Security > API > Tokens).',
        },
        {
          meaning:
            'An API token is dead while listed: expired, or its owner deactivated. Every call made with it ' +
            'is refused now.',
          firstSteps:
            'The message names the token and its owner: create a new token under an active service account ' +
            'and put it where the job reads it.',
        },
      ),
      dashboard: { title: 'API tokens: days until the first stops working', label: 'days' },
    },
  ]),
  'app-certificates': kindRow('app-certificates', [
    {
      metric: 'AppCertificateDaysToExpiry',
      observed: 'soonestDays',
      alarms: expiryAlarms(
        'app-certificate',
        'expiryWarnDays',
        {
          meaning:
            "An active SAML/WS-Fed app's signing certificate expires in less than {threshold} days: its " +
            'service provider then rejects every sign-in.',
          firstSteps:
            'The message names the app: Applications > [app] > Sign On > SAML Signing Certificates, Generate ' +
            'new certificate, hand it to the SP, then Activate.',
        },
        {
          meaning: 'An active app still signs with an expired certificate: users cannot sign in to it now.',
          firstSteps:
            'The message names the app: generate and activate a new certificate, and send it to the SP at once.',
        },
      ),
      dashboard: { title: 'app signing certificates: days until the first expires', label: 'days' },
    },
  ]),
  'idp-certificates': kindRow('idp-certificates', [
    {
      metric: 'IdpCertificateDaysToExpiry',
      observed: 'soonestDays',
      alarms: expiryAlarms(
        'idp-certificate',
        'expiryWarnDays',
        {
          meaning:
            "An identity provider's trust certificate expires in less than {threshold} days: that partner's " +
            'users cannot sign in from then on.',
          firstSteps:
            'The message names the IdP: ask the partner for their new certificate and upload it (Security > ' +
            'Identity Providers > [IdP] > Configure).',
        },
        {
          meaning: "An active identity provider's trust certificate has expired: its users cannot sign in now.",
          firstSteps: "The message names the IdP: upload the partner's current signing certificate.",
        },
      ),
      dashboard: { title: 'IdP trust certificates: days until the first expires', label: 'days' },
    },
  ]),
  'log-streams': kindRow('log-streams', [
    {
      metric: 'UnhealthyLogStreams',
      observed: 'unhealthy',
      alarms: [
        countAlarm('log-stream-down', 'warn', {
          meaning: 'A log stream is not ACTIVE: the SIEM behind it receives nothing.',
          firstSteps:
            'The message names the stream: fix its destination, then Reports > Log Streaming > [stream] > Activate.',
        }),
      ],
      dashboard: { title: 'log streams not active', label: 'streams', min: 0 },
    },
  ]),
  'event-hooks': kindRow('event-hooks', [
    {
      metric: 'FailingEventHooks',
      observed: 'unhealthy',
      alarms: [
        countAlarm('event-hook-failing', 'warn', {
          meaning:
            'An event hook delivers nothing (INACTIVE, UNVERIFIED) or failed deliveries in the last hour: ' +
            'the system behind it misses events.',
          firstSteps: 'The message names the hook: Workflow > Event Hooks; its endpoint must answer 200 within 3 s.',
        }),
      ],
      dashboard: { title: 'event hooks failing', label: 'hooks', min: 0 },
    },
  ]),
  'agent-pools': kindRow('agent-pools', [
    {
      metric: 'AgentPoolsDown',
      observed: 'down',
      alarms: [
        countAlarm('agent-pool-down', 'page', {
          meaning: 'An agent pool has no operational agent: users mastered by its directory cannot sign in now.',
          firstSteps:
            'The message names the pool and when its agents last connected: restart the Okta agent service ' +
            'on their hosts (Dashboard > Agents).',
        }),
      ],
      dashboard: { title: 'agent pools with no operational agent', label: 'pools', min: 0 },
    },
    {
      metric: 'UnhealthyAgentPools',
      observed: 'unhealthy',
      alarms: [
        countAlarm('agent-pool-degraded', 'warn', {
          meaning: 'An agent pool has agents that are not operational: one more failure stops its sign-ins.',
          firstSteps:
            'The message names the agents and when they last connected: restart them or remove ' +
            'decommissioned ones (Dashboard > Agents).',
        }),
      ],
      dashboard: { title: 'agent pools not fully operational', label: 'pools', min: 0 },
    },
  ]),
} as const satisfies Readonly<Partial<Record<CheckName, CheckRow>>>;
