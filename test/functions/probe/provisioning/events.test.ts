import { describe, expect, it } from 'vitest';
import { PROVISIONING_EVENT_TYPES, type ProvisioningEventType } from '../../../../functions/contract';
import {
  USER_HASH,
  checkedProvisioningEvent,
  isSkipped,
  readProvisioningEvent,
  type ProvisioningEvent,
} from '../../../../functions/probe/provisioning/events';
import { OUTCOMES } from '../../../../functions/probe/provisioning/outcomes';
import { REASON_CLASSES, reasonClass } from '../../../../functions/probe/provisioning/reason';
import { hash, rawEvent } from './fixtures';

const read = (raw: unknown): ProvisioningEvent => {
  const got = readProvisioningEvent(raw, hash);
  if (isSkipped(got)) throw new Error(`skipped: ${got.skipped}`);
  return got;
};

describe('readProvisioningEvent', () => {
  it('reads a failed deactivation: app by type, user as a keyed hash, the reason as its class', () => {
    const event = read(
      rawEvent('application.provision.user.deactivate', {
        result: 'FAILURE',
        reason: 'Unauthorized. Errors reported by remote server: Invalid token for pat.leaver@example.com',
      }),
    );
    expect(event).toMatchObject({
      action: 'deactivate',
      appId: '0oa1snow0000000000a',
      appLabel: 'Snowflake',
      failed: true,
      succeeded: false,
      cause: 'credential',
    });
    expect(event.user).toMatch(USER_HASH);
    expect(JSON.stringify(event)).not.toMatch(/pat\.leaver|Invalid token|00u1user/);
  });

  it('finds targets by type in any order', () => {
    const raw = rawEvent('application.provision.user.push', { result: 'SUCCESS' });
    const reversed = { ...raw, target: [...(raw.target as unknown[])].reverse() };
    expect(read(reversed)).toEqual(read(raw));
  });

  it('skips an event without an AppInstance target, and one of another type, and never throws', () => {
    const raw = rawEvent('application.provision.user.push');
    expect(readProvisioningEvent({ ...raw, target: [] }, hash)).toEqual({ skipped: 'no_app_target' });
    expect(readProvisioningEvent({ ...raw, eventType: 'user.session.start' }, hash)).toEqual({
      skipped: 'not_provisioning',
    });
    expect(readProvisioningEvent({ ...raw, published: 'yesterday' }, hash)).toEqual({ skipped: 'torn' });
    for (const junk of [null, undefined, 1, 'x', [], [raw], { eventType: {} }, { ...raw, target: 'x' }])
      expect(() => readProvisioningEvent(junk, hash)).not.toThrow();
  });

  it('passes every event, polled or stored, through one gate: a stored one and a polled one refused alike', () => {
    const raw = rawEvent('application.provision.user.deprovision', { resolution: 'Auto Deprovisioned' });
    const event = read(raw);
    // What the poll reduced passes the gate the stream's table is read back through, unchanged.
    expect(checkedProvisioningEvent(event)).toEqual(event);
    // A hasher that gives no keyed hash, or a time before the epoch, is refused on the polled path too.
    expect(readProvisioningEvent(raw, (id) => id)).toEqual({ skipped: 'torn' });
    expect(readProvisioningEvent({ ...raw, published: '1969-12-31T23:59:59.000Z' }, hash)).toEqual({ skipped: 'torn' });
    expect(checkedProvisioningEvent({ ...event, appId: 'not an id!' })).toEqual({ skipped: 'no_app_target' });
    expect(checkedProvisioningEvent({ ...event, eventType: 'user.session.start' })).toEqual({
      skipped: 'not_provisioning',
    });
  });

  it('an event without a User target has no user (an integration error is about the connection)', () => {
    const raw = rawEvent('application.integration.authentication_failure', { result: 'FAILURE' });
    const appOnly = { ...raw, target: [(raw.target as unknown[])[0]] };
    expect(read(appOnly).user).toBeNull();
  });

  it('counts application.integration.* and configuration.update as failures even flagged SUCCESS', () => {
    for (const type of PROVISIONING_EVENT_TYPES.filter(
      (t) => t.startsWith('application.integration.') || t === 'application.configuration.update',
    )) {
      const event = read(rawEvent(type, { result: 'SUCCESS' }));
      expect(event, type).toMatchObject({ failed: true, succeeded: false });
    }
    expect(read(rawEvent('application.integration.rate_limit_exceeded', { result: 'SUCCESS' }))).toMatchObject({
      cause: 'app_rate_limit',
      retried: true,
    });
  });

  it('tells the group push failure Okta retries from the one it cannot', () => {
    const retried = read(rawEvent('application.provision.group_push.mapping.update.or.delete.failed'));
    const final = read(rawEvent('application.provision.group_push.mapping.update.or.delete.failed.with.error'));
    expect(retried).toMatchObject({ failed: true, retried: true });
    expect(final.failed).toBe(true);
    expect(final.retried).toBeUndefined();
  });

  it("reads a deprovision's resolution from its target's detailEntry", () => {
    const type = 'application.provision.user.deprovision';
    expect(read(rawEvent(type, { resolution: 'Manually Deprovisioned' })).resolution).toBe('deprovisioned');
    expect(read(rawEvent(type, { resolution: 'Not Deprovisioned - Shared Account' })).resolution).toBe(
      'not_deprovisioned',
    );
    expect(read(rawEvent(type)).resolution).toBe('unknown');
  });
});

describe('reasonClass', () => {
  const own = (type: ProvisioningEventType): (typeof OUTCOMES)[ProvisioningEventType]['cause'] => OUTCOMES[type].cause;

  it.each([
    ['Unauthorized. Errors reported by remote server: The access token expired', 'credential'],
    ['Forbidden. Errors reported by remote server: insufficient privileges', 'credential'],
    ['Too Many Requests. Errors reported by remote server: slow down', 'app_rate_limit'],
    ['Service Unavailable. Errors reported by remote server: maintenance', 'unreachable'],
    ['Not Found. Errors reported by remote server: Matching user not found', 'configuration'],
    ['Bad Request. Errors reported by remote server: long_username (user=pat@example.com)', 'user_data'],
    ['Conflict. Errors reported by remote server: User already exists', 'user_data'],
    ['Internal Server Error. Errors reported by remote server: oops', 'unknown'],
  ] as const)('%s is %s', (reason, cause) => {
    expect(reasonClass(reason, undefined)).toBe(cause);
  });

  it('lets the event type decide for an authentication failure and a rate limit, whatever the reason', () => {
    expect(reasonClass('Bad Request.', undefined, own('application.integration.authentication_failure'))).toBe(
      'credential',
    );
    expect(reasonClass('Unauthorized.', undefined, own('application.integration.rate_limit_exceeded'))).toBe(
      'app_rate_limit',
    );
  });

  it('reads the debugData hint only when the reason says nothing', () => {
    expect(reasonClass(undefined, 'HTTP 429')).toBe('app_rate_limit');
    // A configuration update's own cause, when its reason and hint say nothing: "Okta couldn't verify api credentials".
    expect(reasonClass(undefined, undefined, own('application.configuration.update'))).toBe('credential');
    expect(REASON_CLASSES).toContain(reasonClass(7, {}, own('application.integration.general_failure')));
  });
});
