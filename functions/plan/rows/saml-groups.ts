// The registry's row for a group of SAML apps: a catalogue of apps (listed in samlApps, or found through
// the Management API) judged in its journey's sessions, each as the `saml` and `saml-certificate` checks judge one,
// and published as a handful of counts per group: nothing per app, so a thousand apps cost what one group does.
// Each failing app is a finding of its own (its item), so the page names every app that broke, as the inventory's
// kinds name each item.
import type { CheckName } from '../../contract';
import { countGauge, type CheckRow } from '../check-row';

const AVAILABILITY = 'groups of SAML apps (samlGroups, and each journey with samlApps that have no ownAlarm)';

export const SAML_GROUP_ROWS = {
  'saml-apps': {
    family: 'saml',
    target: 'saml-group',
    // The journey's session, handed over as to a listed app's `saml` check (saml-group/scope.ts): never a second
    // sign-in.
    needs: [],
    availability: AVAILABILITY,
    // Many exchanges a run, each timed on its own and none the group's latency: no CheckLatency (it would be a per-app
    // metric in disguise).
    timed: false,
    // Discovery uses the "org" server's credential; a placeholder there leaves the listed apps checked and warns
    // (SAML_DISCOVERY_FAILED).
    credential: false,
    outputs: {
      gauges: [
        countGauge(
          'SamlAppsFailing',
          'failing',
          { title: 'SAML apps failing', label: 'apps' },
          {
            name: 'saml-apps-failing',
            severity: 'page',
            runbook: {
              meaning:
                'At least one SAML app of the group gave the synthetic user no assertion its SP would ' +
                'accept: people cannot sign in to that app. The page names each failing app with its ' +
                'diagnosis.',
              firstSteps:
                'Read the page or the dashboard\'s "SAML apps that fail or expire soonest" table: each app ' +
                'has its own code, fix and X-Okta-Request-Id; Applications > Applications > [app] in the ' +
                'Admin Console.',
            },
          },
        ),
        countGauge(
          'SamlAppsExpiring',
          'expiring',
          { title: 'SAML apps with an expiring certificate', label: 'apps' },
          {
            name: 'saml-apps-expiring',
            severity: 'warn',
            runbook: {
              meaning:
                'At least one SAML app of the group has a signing certificate with fewer than ' +
                "expiryWarnDays days left: Okta never rotates a custom app's certificate, and SPs that " +
                'check validity then refuse every sign-in.',
              firstSteps:
                'The warning names each app and its days left. Applications > Applications > [app] > Sign ' +
                'On > SAML Signing Certificates: Generate new certificate, give it to the SP, then ' +
                'Activate it in Okta as the SP switches.',
            },
          },
        ),
        {
          metric: 'SamlCertificateSoonestDays',
          observed: 'soonestDays',
          // Graphed with the expiryWarnDays line; the count above is the alarm (one fact, one alarm).
          alarms: [],
          dashboard: { title: 'SAML apps: days to the soonest certificate expiry', label: 'days' },
        },
        {
          metric: 'SamlAppsOverdue',
          observed: 'overdue',
          alarms: [
            {
              name: 'saml-apps-overdue',
              severity: 'warn',
              statistic: 'Minimum',
              comparison: 'greaterThanOrEqual',
              threshold: 1,
              runbook: {
                meaning:
                  'Apps of the group were not checked within twice their cadence for the whole window: the ' +
                  "runs ran out of time or held back for Okta's rate limits, or the catalogue could not be " +
                  'listed. Their verdicts are stale.',
                firstSteps:
                  'The warning says why (time, a bucket low, discovery refused) and which apps; a group too ' +
                  'large for its cadence needs a longer samlGroups[].everyMinutes.',
              },
            },
          ],
          dashboard: { title: 'SAML apps overdue', label: 'apps', min: 0 },
        },
        // Coverage as a check: an app nobody judged for a day is as unwatched as one missing from the catalogue.
        countGauge(
          'SamlAppsUnchecked',
          'uncheckedDay',
          { title: 'SAML apps unchecked for a day', label: 'apps' },
          {
            name: 'saml-apps-unchecked',
            severity: 'warn',
            statistic: 'Minimum',
            runbook: {
              meaning:
                'Apps of the group had no verdict of their own in the last day, or the group checks no app ' +
                'at all (discovery matched none, or the probe may not list them): those apps are not ' +
                'watched, whatever the other counts say.',
              firstSteps:
                "The warning says why: no app matched the group's discover rule (a label prefix or group " +
                "id mistyped, the synthetic user assigned to none), the probe's service app lacks the " +
                'Read-only Administrator role or a scope, or the runs cannot keep up (a longer ' +
                'samlGroups[].everyMinutes).',
            },
          },
        ),
        // The SHA-1 warning, counted over the group: each app signing with SHA-1 is a finding of its own.
        countGauge(
          'SamlAppsSha1',
          'sha1',
          { title: 'SAML apps signing with SHA-1', label: 'apps' },
          {
            name: 'saml-apps-sha1',
            severity: 'warn',
            runbook: {
              meaning:
                'At least one SAML app of the group signs its assertions with SHA-1 (rsa-sha1 or a sha1 ' +
                'digest): they verify today, but SHA-1 collisions are practical and SPs are dropping it.',
              firstSteps:
                'The warning names each app. Applications > Applications > [app] > Sign On > SAML Signing ' +
                'Certificates: Generate new certificate > SHA-2, give it to the SP, Activate it; then ' +
                'Signature Algorithm RSA-SHA256 and Digest Algorithm SHA256 in the SAML Settings.',
            },
          },
        ),
      ],
    },
  },
} as const satisfies Readonly<Partial<Record<CheckName, CheckRow>>>;
