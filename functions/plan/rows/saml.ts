// The registry's rows for each SAML app (samlApps in the config, issue 28): the assertion Okta issues in a journey's
// session, judged as the app's service provider would, and the app's signing certificate.
import type { CheckName } from '../../contract';
import type { CheckRow } from '../check-row';

export const SAML_ROWS = {
  saml: {
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
          meaning: 'Okta gave the synthetic user no assertion for the SAML app, or one its service provider would refuse (signature, issuer, audience, recipient, time, NameID or attributes): people cannot sign in to the app.',
          causes: [
            'SAML_USER_NOT_ASSIGNED',
            'SAML_SESSION_REFUSED',
            'SAML_RESPONSE_MISSING',
            'SAML_STATUS_FAILED',
            'SAML_XML_REFUSED',
            'SAML_SIGNATURE_INVALID',
            'SAML_ISSUER_MISMATCH',
            'SAML_AUDIENCE_MISMATCH',
            'SAML_RECIPIENT_MISMATCH',
            'SAML_ASSERTION_EXPIRED',
            'SAML_NAMEID_MISMATCH',
            'SAML_ATTRIBUTE_MISSING',
            'SAML_METADATA_INVALID',
            'OKTA_SERVER_ERROR',
          ],
        },
      },
    },
  },
  'saml-certificate': {
    target: 'saml',
    needs: ['saml'],
    availability: 'SAML apps listed in "samlApps" in the config (read from the app\'s metadata, with or without a session)',
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
                meaning: "The SAML app's signing certificate expires in fewer than {threshold} days (expiryWarnDays): Okta never rotates a custom app's certificate, and SPs that check validity then refuse every sign-in.",
                causes: ['SAML_CERT_EXPIRING'],
                firstSteps: 'Applications > Applications > [app] > Sign On > SAML Signing Certificates: Generate new certificate, give it to the SP, then Activate it in Okta as the SP switches.',
              },
            },
          ],
          dashboard: { title: 'SAML app: days to signing certificate expiry', label: 'days' },
        },
      ],
    },
  },
} as const satisfies Readonly<Partial<Record<CheckName, CheckRow>>>;
