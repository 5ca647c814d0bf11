// The registry's rows for each authorization server of the config: its endpoints (discovery, keys, token,
// introspect, authorize, the Management API), what its token is worth to an API (validate), and the capacity and
// hygiene its answers reveal (rate limit, clock, certificate).
import { CERTIFICATE_WARN_DAYS, type CheckName } from '../../contract';
import { isOrgServer, type CheckRow } from '../check-row';

export const AUTHORIZATION_SERVER_ROWS = {
  discovery: {
    family: 'token',
    target: 'server',
    fastRound: 'asks',
    needs: [],
    timed: true,
    credential: false,
    downtime: true,
    outputs: {
      success: {
        severity: 'page',
        runbook: {
          meaning:
            'The discovery document (/.well-known/openid-configuration) could not be read: apps cannot find ' +
            'the server.',
        },
      },
    },
  },
  keys: {
    family: 'token',
    target: 'server',
    needs: [],
    timed: true,
    credential: false,
    downtime: true,
    outputs: {
      success: {
        severity: 'page',
        runbook: {
          meaning: 'The JWKS (/v1/keys) could not be read or holds no signing key: APIs cannot validate tokens.',
        },
      },
    },
  },
  token: {
    family: 'token',
    target: 'server',
    fastRound: 'asks',
    needs: [],
    timed: true,
    credential: true,
    downtime: true,
    // The request every machine-to-machine caller waits on.
    runLineLatency: true,
    outputs: {
      success: {
        severity: 'page',
        runbook: {
          meaning: 'A client_credentials token request failed: machine-to-machine callers get no token.',
        },
      },
    },
  },
  validate: {
    family: 'token',
    target: 'server',
    fastRound: 'local',
    needs: ['token', 'keys'],
    // Org-AS access tokens are opaque to us: only Okta may read them, so they are checked by introspection alone.
    appliesTo: (server) => !isOrgServer(server),
    availability: 'custom authorization servers only: Org AS tokens are opaque and checked by introspection',
    timed: false,
    credential: true,
    downtime: true,
    outputs: {
      success: {
        severity: 'page',
        runbook: {
          meaning:
            'The access token would be rejected by the API behind this server (audience, claims, scopes, ' +
            'issuer, signature or expiry).',
        },
      },
    },
  },
  introspect: {
    family: 'token',
    target: 'server',
    fastRound: 'asks',
    needs: ['token'],
    timed: true,
    credential: true,
    downtime: true,
    outputs: {
      success: {
        severity: 'page',
        runbook: {
          meaning: 'Okta does not confirm the fresh token as active for this client via /introspect.',
        },
      },
    },
  },
  management: {
    family: 'token',
    target: 'server',
    needs: ['token'],
    appliesTo: (server) => server.managementApi !== undefined,
    availability: 'servers with "managementApi" in the config',
    timed: true,
    credential: true,
    downtime: true,
    outputs: {
      success: {
        severity: 'page',
        runbook: {
          meaning:
            'A read-only Management API call with the Org-AS token was refused: the service app (and every ' +
            "integration built like it) cannot use Okta's APIs.",
        },
      },
    },
  },
  authorize: {
    family: 'authorize',
    target: 'server',
    fastRound: 'asks',
    needs: [],
    appliesTo: (server) => server.authorize !== undefined,
    availability: 'servers with "authorize" in the config',
    timed: true,
    credential: false,
    downtime: true,
    outputs: {
      success: {
        severity: 'page',
        runbook: {
          meaning:
            'The /authorize call without a user (prompt=none) did not answer login_required: browser ' +
            'sign-ins are likely broken.',
        },
      },
    },
  },
  'rate-limit': {
    family: 'token',
    target: 'server',
    needs: ['token'],
    timed: false,
    credential: true,
    outputs: {
      success: {
        severity: 'warn',
        runbook: {
          meaning:
            "This server's /token rate-limit bucket is nearly exhausted or already rate limited: callers are " +
            'about to get 429.',
        },
      },
      gauges: [
        {
          metric: 'RateLimitHeadroom',
          observed: 'headroomPercent',
          alarms: [
            {
              name: 'headroom',
              severity: 'warn',
              statistic: 'Minimum',
              comparison: 'lessThan',
              threshold: { setting: 'rateLimitWarnPercent' },
              runbook: {
                meaning:
                  "Rate-limit headroom (Remaining/Limit of this server's /token bucket) below {threshold} %. " +
                  'Okta answers 429 when it reaches 0.',
                firstSteps:
                  'Find the client using the bucket (Okta Admin Console > Reports > Rate Limits), raise its ' +
                  'limit or spread its calls.',
              },
            },
          ],
          dashboard: { title: 'rate-limit headroom (%)', label: 'headroom', min: 0, max: 100 },
        },
      ],
    },
  },
  clock: {
    family: 'token',
    target: 'server',
    // The token answer's Date is the freshest; without one, any earlier answer of the server.
    needs: ['token'],
    readsEarlierAnswers: true,
    timed: false,
    credential: false,
    // judgeClock fails with CLOCK_SKEW exactly when |skew| > clockSkewWarnSeconds, the gauge alarm's threshold.
    outputs: {
      gauges: [
        {
          metric: 'ClockSkew',
          observed: 'skewSeconds',
          alarms: [
            {
              name: 'clock-skew',
              severity: 'warn',
              statistic: 'Average',
              absolute: true,
              comparison: 'greaterThan',
              threshold: { setting: 'clockSkewWarnSeconds' },
              runbook: {
                meaning:
                  "|Okta Date header - probe clock| above {threshold} s. Okta's verifiers allow 120 s; " +
                  'beyond 300 s most token validation fails.',
                firstSteps:
                  'Compare with time.aws.com; the Lambda clock is NTP-synced, so a large skew usually means ' +
                  'a proxy or Okta itself.',
              },
            },
          ],
          dashboard: { title: 'clock skew (s)', label: 'Okta minus probe' },
        },
      ],
    },
  },
  resource: {
    family: 'resource',
    target: 'server',
    // The token the server's token check obtained, sent to the organisation's own APIs; no answer of theirs is
    // Okta's, so none is kept for the checks that read earlier answers (clock, certificate).
    needs: ['token'],
    appliesTo: (server) => (server.resources?.length ?? 0) > 0,
    availability: 'custom servers with "resources" in the config',
    timed: true,
    credential: true,
    // The API's failure, never the server's: no downtime, and a warning.
    outputs: {
      success: {
        severity: 'warn',
        runbook: {
          meaning:
            'An API listed in "resources" did not accept the access token this server issued, or did not answer: ' +
            "its callers are refused although Okta issues tokens. The run's Okta checks say whether Okta is fine.",
        },
      },
    },
  },
  certificate: {
    family: 'token',
    target: 'server',
    // Every connection of the run goes to the org URL's host: any answer carries its certificate. Alone, the
    // cheapest request (discovery) gives one.
    needs: ['discovery'],
    readsEarlierAnswers: true,
    appliesTo: (_server, first) => first,
    availability: 'the first server of the run',
    timed: false,
    credential: false,
    // judgeCertificate fails with TLS_CERT_EXPIRING exactly below CERTIFICATE_WARN_DAYS, the gauge alarm's threshold.
    outputs: {
      gauges: [
        {
          metric: 'TlsCertificateDaysToExpiry',
          observed: 'daysToExpiry',
          alarms: [
            {
              name: 'certificate-expiry',
              severity: 'warn',
              statistic: 'Minimum',
              comparison: 'lessThan',
              threshold: CERTIFICATE_WARN_DAYS,
              runbook: {
                meaning:
                  'The TLS certificate of the org URL expires in less than {threshold} days: once it does, ' +
                  'every client, browser and API call to the org fails.',
                firstSteps:
                  'Customizations > Brands > [brand] > Domains: renew a certificate you brought, or find why ' +
                  'the Okta-managed one is not renewing (a CAA record not allowing the CA, DNS no longer ' +
                  'pointing at Okta).',
              },
            },
          ],
          dashboard: { title: 'TLS certificate: days to expiry', label: 'days', min: 0 },
        },
      ],
    },
  },
} as const satisfies Readonly<Partial<Record<CheckName, CheckRow>>>;
