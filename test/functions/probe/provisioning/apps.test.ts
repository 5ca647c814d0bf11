import { describe, expect, it } from 'vitest';
import {
  APPLICATION_FEATURES,
  readConnection,
  readProvisioningApp,
  type ProvisioningApp,
} from '../../../../functions/probe/provisioning/app-features';
import { isSkipped } from '../../../../functions/probe/provisioning/events';
import { rawApp } from './fixtures';

const app = (raw: unknown): ProvisioningApp => {
  const got = readProvisioningApp(raw);
  if (isSkipped(got)) throw new Error(got.skipped);
  return got;
};

describe('readProvisioningApp', () => {
  it('tells an app that provisions and deactivates from one that never deactivates and an SSO-only one', () => {
    const full = app(rawApp('0oa1', 'Slack', ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION', 'GROUP_PUSH']));
    const noDeactivation = app(rawApp('0oa2', 'Legacy HR', ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES']));
    const sso = app(rawApp('0oa3', 'Wiki', []));
    expect(full).toMatchObject({ provisions: true, creates: true, deactivates: true, status: 'ACTIVE' });
    expect(noDeactivation).toMatchObject({ provisions: true, creates: true, deactivates: false });
    expect(sso).toMatchObject({ provisions: false, creates: false, deactivates: false });
  });

  it('counts features outside the enum and keeps only the enum', () => {
    const read = app(rawApp('0oa1', 'X', ['PUSH_NEW_USERS', 'TELEPORT_USERS', 7, null, 'PUSH_NEW_USERS']));
    expect(read.features).toEqual(['PUSH_NEW_USERS']);
    expect(read.unknownFeatures).toBe(3);
    expect(APPLICATION_FEATURES).toContain('PUSH_USER_DEACTIVATION');
  });

  it('never throws, and skips an item without an id', () => {
    for (const junk of [null, 1, 'x', [], {}, { id: {} }, { id: 'x'.repeat(500) }, { id: '0oa1', features: 'x' }])
      expect(() => readProvisioningApp(junk)).not.toThrow();
    expect(readProvisioningApp({ label: 'x' })).toEqual({ skipped: 'torn' });
    expect(app({ id: '0oa1', label: '\u001b[31mred\u0007 app\n', status: 'WEIRD', features: 'x' })).toMatchObject({
      label: '[31mred app',
      status: 'OTHER',
      features: [],
    });
  });

  it('reads /connections/default: UNKNOWN (every app without the API) says nothing', () => {
    expect(readConnection({ profile: { authScheme: 'UNKNOWN' }, status: 'UNKNOWN' })).toBe('unknown');
    expect(readConnection({ status: 'DISABLED' })).toBe('disabled');
    expect(readConnection({ status: 'ENABLED' })).toBe('enabled');
    expect(readConnection(null)).toBe('unknown');
  });
});
