// The registry's rows for each SAML app (samlApps in the config): the assertion Okta issues in a journey's
// session, judged as the app's service provider would, and the app's signing certificate.
import type { CheckName } from '../../contract';
import type { CheckRow } from '../check-row';

export const SAML_ROWS = {
  saml: {
    family: 'saml',
    target: 'saml',
    // The journey's session, not a check's run: the engine starts the journey (saml-scope.ts), never a second sign-in.
    needs: [],
    availability: 'SAML apps listed in "samlApps" in the config',
    timed: true,
    // The journey's secrets (the user's), not a server's credential.
    credential: false,
    // A failed assertion means people cannot sign in to the app: downtime, like a failed sign-in.
    downtime: true,
    // The SSO step of the app: what a person waits for after signing in.
    runLineLatency: true,
    outputs: {
      success: {
        severity: 'page',
        runbook: {
          meaning:
            "Okta gave the synthetic user no assertion for the SAML app, posts it elsewhere than the SP's " +
            'ACS URL, or gave one its service provider would refuse (signature, issuer, audience, recipient, ' +
            "destination, the Web SSO profile's rules, time, NameID or attributes): people cannot sign in to " +
            'the app.',
        },
      },
    },
  },
  'saml-certificate': {
    family: 'saml',
    target: 'saml',
    needs: ['saml'],
    availability:
      'SAML apps listed in "samlApps" in the config (read from the app\'s metadata, with or without a session)',
    timed: false,
    credential: false,
    outputs: {
      gauges: [
        {
          metric: 'SamlCertificateDaysToExpiry',
          observed: 'daysToExpiry',
          alarms: [
            {
              name: 'saml-certificate-expiring',
              severity: 'warn',
              statistic: 'Minimum',
              comparison: 'lessThan',
              threshold: { setting: 'expiryWarnDays' },
              runbook: {
                meaning:
                  "The SAML app's signing certificate expires in fewer than {threshold} days " +
                  "(expiryWarnDays): Okta never rotates a custom app's certificate, and SPs that check " +
                  'validity then refuse every sign-in.',
                firstSteps:
                  'Applications > Applications > [app] > Sign On > SAML Signing Certificates: Generate new ' +
                  'certificate, give it to the SP, then Activate it in Okta as the SP switches.',
              },
            },
          ],
          dashboard: { title: 'SAML app: days to signing certificate expiry', label: 'days' },
        },
        {
          // SHA-1 still verifies, so it warns beside the expiry rather than failing the assertion.
          metric: 'SamlSigningSha1',
          observed: 'sha1',
          alarms: [
            {
              name: 'saml-signing-sha1',
              severity: 'warn',
              statistic: 'Maximum',
              comparison: 'greaterThanOrEqual',
              threshold: 1,
              runbook: {
                meaning:
                  'The SAML app signs its assertions with SHA-1 (rsa-sha1 or a sha1 digest): they verify ' +
                  'today, but SHA-1 collisions are practical and SPs are dropping it.',
                firstSteps:
                  'The app signs with SHA-1: Applications > Applications > [app] > Sign On > SAML Signing ' +
                  'Certificates: Generate new certificate > SHA-2, give it to the SP, Activate it; then ' +
                  'Signature Algorithm RSA-SHA256 and Digest Algorithm SHA256 in the SAML Settings.',
              },
            },
          ],
          dashboard: { title: 'SAML app: signs with SHA-1 (1 = yes)', label: 'SHA-1', min: 0, max: 1 },
        },
      ],
    },
  },
} as const satisfies Readonly<Partial<Record<CheckName, CheckRow>>>;
