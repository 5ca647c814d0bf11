// The registry's rows for each synthetic user's sign-in journey (signIn in the config, issue 18).
import type { CheckName } from '../../contract';
import type { CheckRow } from '../check-row';

export const SIGN_IN_ROWS = {
  'sign-in': {
    target: 'journey',
    needs: [],
    availability: 'journeys listed in "signIn" in the config',
    timed: true,
    // The journey's own secrets (the user's), not the server's credential.
    credential: false,
    downtime: true,
    // A whole sign-in: what a person waits for.
    runLineLatency: true,
    outputs: {
      success: {
        severity: 'page',
        runbook: {
          meaning: 'The synthetic user could not sign in to the app, or its ID token would be refused by the service provider: people are likely locked out too.',
          causes: ['SIGN_IN_REJECTED', 'USER_LOCKED_OUT', 'PASSWORD_EXPIRED', 'MFA_FACTOR_UNAVAILABLE', 'TOTP_REJECTED', 'SIGN_IN_NOT_ALLOWED', 'USER_NOT_ASSIGNED', 'ID_TOKEN_MISSING_CLAIMS', 'ID_TOKEN_AUDIENCE_MISMATCH', 'OKTA_SERVER_ERROR'],
        },
      },
    },
  },
  'password-expiry': {
    target: 'journey',
    // Okta's PASSWORD_WARN during the journey: only the Authentication API warns of an expiring password.
    needs: ['sign-in'],
    appliesToJourney: (signIn) => signIn.flow === 'authn',
    availability: 'signIn journeys with flow "authn" (only the Authentication API warns of an expiring password)',
    timed: false,
    credential: false,
    outputs: {
      success: {
        severity: 'warn',
        runbook: {
          meaning: "Okta warned that the synthetic user's password expires soon: the sign-in journey fails once it does.",
          causes: ['PASSWORD_EXPIRING'],
        },
      },
      gauges: [
        {
          metric: 'PasswordDaysToExpiry',
          observed: 'daysToExpiry',
          // The check's own CheckSuccess warns the moment Okta does: a second alarm on the days would say it twice.
          alarms: [],
          dashboard: { title: 'synthetic user: days to password expiry', label: 'days', min: 0 },
        },
      ],
    },
  },
} as const satisfies Readonly<Partial<Record<CheckName, CheckRow>>>;
