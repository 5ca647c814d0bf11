// The registry's row for the access assertions (the top-level "accessAssertions"), asserted with the "org" server's
// client through Okta's policy simulation: one call a run for every row, on a token of okta.policies.read alone.
// A weaker outcome than asserted is a security finding with an alarm of its own that pages; anything else that
// differs, or a simulation we could not read, warns.
import { POLICIES_SCOPE, type CheckName } from '../../contract';
import type { ServerConfig } from '../../types';
import { countGauge, isOrgServer, type CheckRow } from '../check-row';

export const ACCESS_ROWS = {
  'access-assertion': {
    family: 'access',
    target: 'server',
    // The server's token: a refusal of our own token for the same cause (not its scope) is told by that check alone.
    // Not system-log: with "systemLog" on, a failing row reads who changed it on the session system-log opened, asked
    // for only then (a config without the System Log loads none of its code).
    needs: ['token'],
    appliesTo: (server: ServerConfig) => isOrgServer(server) && (server.accessAssertions ?? []).length > 0,
    availability: 'the "org" server, and "accessAssertions" in the config',
    timed: false,
    credential: true,
    // A missing grant fails this check alone, never the server's token.
    ownToken: { scopes: [POLICIES_SCOPE] },
    outputs: {
      success: {
        severity: 'warn',
        runbook: {
          meaning:
            'A row of accessAssertions is not what Okta would give now (another policy or rule, or stronger ' +
            'access than asserted), or the simulation could not be read (okta.policies.read or the admin role ' +
            'missing: our setup). The message names the row, what was expected and what Okta matches now.',
        },
      },
      gauges: [
        countGauge(
          'AccessAssertionsWeakened',
          'weakened',
          { title: 'access assertions weakened (policy simulation)', label: 'rows' },
          {
            name: 'access-weakened',
            // The security finding: people get in with less than the org decided, and no journey notices.
            severity: 'page',
            runbook: {
              meaning:
                "Okta's policy simulation gives a row of accessAssertions weaker access than asserted: fewer " +
                'factors, phishing resistance dropped, or ALLOW where DENY was expected. A security finding: ' +
                'every journey stays green. The simulation declares the device and risk; it does not observe them.',
              firstSteps:
                'Open Security > Authentication Policies at the policy and rule the message names; check ' +
                'Reports > System Log for who changed it; confirm with Reports > Access testing tool ' +
                '(docs/access-assertions.md).',
            },
          },
        ),
      ],
    },
  },
} as const satisfies Readonly<Partial<Record<CheckName, CheckRow>>>;
