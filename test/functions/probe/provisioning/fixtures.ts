// Okta-shaped provisioning events and app listing items for the provisioning core's tests: the fields Okta sends
// (okta-developer-docs data/event-types.json; a LogEvent's target list, outcome and debugContext), only what a test
// varies being a parameter.
import { userHasher } from '../../../../functions/probe/provisioning/events';

export const hash = userHasher('test key');
export const T0 = Date.parse('2026-03-02T10:00:00.000Z');
export const MIN = 60_000;

export interface RawOptions {
  readonly uuid?: string;
  readonly at?: number;
  readonly result?: string;
  readonly reason?: string;
  readonly app?: string;
  readonly label?: string;
  readonly user?: string;
  readonly login?: string;
  readonly debug?: Record<string, unknown>;
  readonly extraTargets?: readonly unknown[];
  readonly resolution?: string;
}

let counter = 0;

/** A provisioning LogEvent as Okta writes it: AppInstance, AppUser and User targets, in Okta's (arbitrary) order. */
export function rawEvent(eventType: string, o: RawOptions = {}): Record<string, unknown> {
  counter += 1;
  const user = o.user ?? '00u1user0000000000a';
  const login = o.login ?? 'pat.leaver@example.com';
  return {
    uuid: o.uuid ?? `e${counter.toString().padStart(8, '0')}-0000-11ee-0000-000000000000`,
    published: new Date(o.at ?? T0).toISOString(),
    eventType,
    version: '0',
    severity: o.result === 'FAILURE' ? 'WARN' : 'INFO',
    displayMessage: 'Push user deactivation to external application',
    actor: { id: '0oa1okta0000000000a', type: 'PublicClientApp', alternateId: 'Okta', displayName: 'Okta' },
    outcome: { result: o.result ?? 'SUCCESS', ...(o.reason !== undefined && { reason: o.reason }) },
    debugContext: { debugData: { AppName: o.label ?? 'Snowflake', ...o.debug } },
    transaction: { type: 'JOB', id: 'job1' },
    target: [
      {
        id: o.app ?? '0oa1snow0000000000a',
        type: 'AppInstance',
        alternateId: o.label ?? 'Snowflake',
        displayName: o.label ?? 'Snowflake',
      },
      { id: '0ua1appuser00000000a', type: 'AppUser', alternateId: login, displayName: 'Pat Leaver' },
      {
        id: user,
        type: 'User',
        alternateId: login,
        displayName: 'Pat Leaver',
        ...(o.resolution !== undefined && { detailEntry: { resolution: o.resolution } }),
      },
      ...(o.extraTargets ?? []),
    ],
  };
}

/** An item of GET /api/v1/apps: its label, status and features. */
export function rawApp(id: string, label: string, features: readonly unknown[], status = 'ACTIVE'): unknown {
  return { id, name: 'scim2testapp', label, status, signOnMode: 'SAML_2_0', features };
}
