// The registry's rows for Okta's System Log, read with the "org" server's key when it has "systemLog":
// never a page for the log itself, which only explains the others; the org's rate-limit events are alarmed by
// their two gauges.
import {
  APPS_SCOPE,
  DOMAINS_SCOPE,
  INLINE_HOOKS_SCOPE,
  INVENTORY_SCOPES,
  SYSTEM_LOG_SCOPE,
  USER_SIGN_INS,
  type CheckName,
} from '../../contract';
import type { ServerConfig } from '../../types';
import { countGauge, isOrgServer, type CheckRow } from '../check-row';

const readsSystemLog = (server: ServerConfig): boolean => isOrgServer(server) && server.systemLog === true;

/** What every check judged from what system-log read shares. */
const READS_THE_LOG = {
  target: 'server',
  needs: ['system-log'],
  timed: false,
  credential: true,
  fromSystemLog: true,
} as const;

export const SYSTEM_LOG_ROWS = {
  'system-log': {
    family: 'system-log',
    target: 'server',
    needs: [],
    appliesTo: readsSystemLog,
    availability: 'the "org" server with "systemLog": true in the config',
    timed: false,
    credential: true,
    // okta.logs.read on a token of its own: a missing grant never fails the server's other checks.
    ownToken: { scopes: [SYSTEM_LOG_SCOPE] },
    fromSystemLog: true,
    outputs: {
      success: {
        severity: 'warn',
        runbook: {
          meaning:
            "Okta's System Log could not be read: failures come without Okta's reason and the org's " +
            'rate-limit events are unseen. Every other check runs as before.',
        },
      },
    },
  },
  'org-rate-limit': {
    family: 'system-log',
    target: 'server',
    needs: ['system-log'],
    appliesTo: readsSystemLog,
    availability: 'the "org" server with "systemLog": true in the config',
    timed: false,
    credential: true,
    fromSystemLog: true,
    // judgeOrgRateLimits fails exactly when there is a violation or a warning: these two gauges are its alarms.
    outputs: {
      gauges: [
        countGauge(
          'OrgRateLimitViolations',
          'violations',
          { title: 'rate-limit violations of the org (System Log)', label: 'violations' },
          {
            name: 'org-rate-limit-violation',
            severity: 'page',
            runbook: {
              meaning:
                "Okta's System Log reports a rate-limit violation of the org's own scope: requests were " +
                'refused with 429, for every app and user, not only the probe (one user, token or client ' +
                'refused is the warning below).',
              firstSteps:
                'Read the URL patterns in the message, then Reports > Rate Limits for each; find and ' +
                'throttle the client that used the bucket.',
            },
          },
        ),
        countGauge(
          'OrgRateLimitWarnings',
          'warnings',
          { title: 'rate-limit warnings of the org (System Log)', label: 'warnings' },
          {
            name: 'org-rate-limit-warning',
            severity: 'warn',
            runbook: {
              meaning:
                "Okta's System Log reports a rate-limit warning on an endpoint of the org, or a violation " +
                'confined to one user, API token or client. The alarm stays ' +
                'in ALARM while warnings continue, so it notifies once, not per event.',
              firstSteps:
                'Read the URL patterns in the message, then Reports > Rate Limits; spread or cache the ' +
                "heavy client's calls before the bucket is exhausted.",
            },
          },
        ),
      ],
    },
  },
  // Real users' sign-ins per app, factor and IdP (the top-level "userSignIns"), polled with a cursor of its own through
  // the log's session. Aggregates only: a failing app is counted, named in the result, never a dimension.
  'user-sign-ins': {
    family: 'user-sign-ins',
    ...READS_THE_LOG,
    appliesTo: (server: ServerConfig) => readsSystemLog(server) && server.userSignIns !== undefined,
    availability: 'the "org" server with "systemLog": true, and "userSignIns" in the config',
    outputs: {
      success: {
        // Real users' trouble with the org's own policies, zones, factors and IdPs: a warning for the admin, never a
        // page (an Okta outage pages through the synthetic checks).
        severity: 'warn',
        runbook: {
          meaning:
            "Okta's System Log shows real users failing to sign in: an app (or Okta's own sign-in), an MFA factor " +
            'or a federated IdP that a share of the distinct people who tried, at or above ' +
            'userSignIns.failureRate, never got through; or one user failing again and again. The message names ' +
            'it, its rate and its top reasons.',
        },
      },
      // Totals only, graphed: the failing subjects by name are in the result, the run line and the notification.
      gauges: [
        {
          metric: 'UserSignInsFailing',
          observed: 'failing',
          alarms: [],
          dashboard: { title: 'apps, factors and IdPs failing real users (System Log)', label: 'failing', min: 0 },
        },
        {
          metric: 'UserSignIns',
          observed: 'signIns',
          // One alarm on the total, not one per app (apps are never a dimension): a drop against the level CloudWatch
          // learns for that hour and weekday. A missing datum (the probe down, the log unreadable) keeps the alarm's
          // state, as every gauge alarm's: it is no evidence of a drop, which probe-down and system-log page or warn
          // for, nor of a recovery. A feed that stops while the probe runs publishes 0 sign-ins, and is a drop.
          alarms: [
            {
              name: 'user-sign-ins-drop',
              severity: 'warn',
              statistic: 'Average',
              comparison: 'lessThanLowerBand',
              threshold: USER_SIGN_INS.dropBandStdDevs,
              window: USER_SIGN_INS.dropWindow,
              runbook: {
                meaning:
                  'Fewer real users signed in than usual for this hour and weekday: the UserSignIns total fell ' +
                  "below CloudWatch's anomaly-detection band ({threshold} standard deviations) for " +
                  `${USER_SIGN_INS.dropWindow.datapointsToAlarm} periods of ${USER_SIGN_INS.dropWindow.periodMinutes} ` +
                  'min. People may not reach Okta at all: nothing fails in the log because nothing arrives. The ' +
                  'band learns from up to two weeks of history: the first days it may be too wide to warn.',
                firstSteps:
                  'Open the UserSignIns graph with its band; try the sign-in page and the portal as a user; check ' +
                  "Reports > System Log for user.session.start, the org's custom domain and DNS, the federated " +
                  'IdP that routes people in, and (with userSignIns.eventSource) Reports > Log Streaming: the ' +
                  'stream must be Active.',
              },
            },
          ],
          dashboard: { title: "real users' sign-ins in the window (System Log)", label: 'sign-ins', min: 0 },
        },
        {
          metric: 'UserSignInFailureRate',
          observed: 'failureRatePercent',
          alarms: [],
          dashboard: {
            title: 'real users who could not sign in (System Log)',
            label: 'percent of people',
            min: 0,
            max: 100,
          },
        },
      ],
    },
  },
  // Provisioning to the org's apps (the top-level "provisioning"): its events polled with a cursor of its own through
  // the log's session, the apps' features read on a token of okta.apps.read alone. Totals only: a failing app and a
  // leaver are counted, the apps named in the result, never a dimension; a leaver is never named anywhere.
  'provisioning-health': {
    family: 'provisioning',
    ...READS_THE_LOG,
    appliesTo: (server: ServerConfig) => readsSystemLog(server) && server.provisioning !== undefined,
    availability: 'the "org" server with "systemLog": true and okta.apps.read, and "provisioning" in the config',
    ownToken: { scopes: [APPS_SCOPE] },
    outputs: {
      gauges: [
        countGauge(
          'ProvisioningAppsFailing',
          'appsFailing',
          { title: 'apps whose provisioning fails (System Log)', label: 'apps' },
          {
            name: 'provisioning-failing',
            // Accounts not created or not updated stop no one signing in to Okta: a warning for the app's admin.
            severity: 'warn',
            runbook: {
              meaning:
                "Okta's System Log shows provisioning to an app failing: its credential refused, the app " +
                'unreachable, its configuration, or several users refused alike. Okta keeps assigning and ' +
                'unassigning in Okta, and the app never hears of it. The message names the app and the cause.',
              firstSteps:
                'Open the app in Applications > Applications > Provisioning > Integration: Test API Credentials, ' +
                'renew the token if refused, then Dashboard > Tasks > Retry Selected (docs/provisioning.md).',
            },
          },
        ),
        countGauge(
          'ProvisioningOpenLeavers',
          'openLeavers',
          { title: 'leavers who may keep access to an app (System Log)', label: 'people' },
          {
            name: 'provisioning-leavers',
            severity: 'warn',
            pagesWhen: (server: ServerConfig) => server.provisioning?.pageOnLeavers === true,
            runbook: {
              meaning:
                'People unassigned from an app may still have an active account there: Okta failed to deactivate ' +
                "them (it retries only an app's 429), or the app never deactivates. Counted per app with the oldest " +
                "one's age, never named; open until a later deactivation, a deprovision or an acknowledgement.",
              firstSteps:
                'Dashboard > Tasks lists each leaver: deactivate the account in the app by hand, mark the task ' +
                'done, then okta-synthetics provisioning ack (docs/provisioning.md).',
            },
          },
        ),
      ],
    },
  },
  // The org's own integrations on the sign-in path (the top-level "integrationHealth"): their events polled with a
  // cursor of its own through the log's session, each reduced as it arrives. Totals only: a hook, a provider, an app or
  // a rule is named in the result, never a dimension, so the cost does not grow with the org.
  'integration-health': {
    ...READS_THE_LOG,
    family: 'integrations',
    appliesTo: (server: ServerConfig) => readsSystemLog(server) && server.integrationHealth !== undefined,
    availability: 'the "org" server with "systemLog": true, and "integrationHealth" in the config',
    // The custom domains and the hook lists, each on a token of its own scope: a scope not granted leaves its list
    // unread, nothing else.
    ownToken: { scopes: [DOMAINS_SCOPE, INLINE_HOOKS_SCOPE, INVENTORY_SCOPES['event-hooks']] },
    outputs: {
      gauges: [
        countGauge(
          'IntegrationsPaging',
          'integrationsPaging',
          { title: "the org's integrations stopping people (System Log)", label: 'integrations' },
          {
            name: 'integrations-paging',
            severity: 'page',
            runbook: {
              meaning:
                "Okta's System Log shows one of the org's own integrations stopping people: a password import or " +
                "registration hook failing, most SMS or calls of a provider undelivered, or the org's SMTP server " +
                "refusing Okta; or a custom domain's or a blocking hook's certificate expired. The message names " +
                'it and its figures.',
              firstSteps:
                'Open the hook in Workflow > Inline Hooks, the provider, Customizations > Emails > Email ' +
                'Provider, or the domain in Customizations > Brands > [brand] > Domains, as the message names ' +
                '(docs/integration-health.md).',
            },
          },
        ),
        countGauge(
          'IntegrationsWarning',
          'integrationsWarning',
          { title: "the org's integrations failing (System Log)", label: 'integrations' },
          {
            name: 'integrations-warning',
            severity: 'warn',
            runbook: {
              meaning:
                "Okta's System Log shows one of the org's own integrations failing without stopping people " +
                'outright: a token or SAML hook (tokens without its claims), telephony failing over to Okta, an ' +
                'import stopped or failed, the e-mail domain failing verification, a group or policy rule in ' +
                'error, ' +
                'SMS or calls Okta blocked itself, Workflows near its step limit; a custom domain not verified or ' +
                'its certificate close to expiry; ' +
                "a hook's endpoint certificate close to expiry or " +
                'expired, its URL not https; the domains or hook lists unread.',
              firstSteps: 'Follow the remedy of the code the message names (docs/integration-health.md).',
            },
          },
        ),
      ],
    },
  },
  // Okta's disaster recovery (system.dr.*), read in the rate-limit events' query: news, never an alarm.
  'okta-failover': {
    family: 'status',
    target: 'server',
    needs: ['system-log'],
    appliesTo: readsSystemLog,
    availability: 'the "org" server with "systemLog": true in the config',
    timed: false,
    credential: true,
    fromSystemLog: true,
    outputs: 'information only',
  },
} as const satisfies Readonly<Partial<Record<CheckName, CheckRow>>>;
