import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../functions/diagnosis';
import { adminChanges, CHANGE_FILTER, touches } from '../../../../functions/probe/system-log/changes';
import { readEvents, type LogEvent } from '../../../../functions/probe/okta/log-events';
import { canRefine, oktaReasons, withOktaReason } from '../../../../functions/probe/system-log/reasons';
import {
  describeRateLimits,
  orgRateLimits,
  RATE_LIMIT_FILTER,
} from '../../../../functions/probe/system-log/rate-limits';
import { judgeOrgRateLimits } from '../../../../functions/probe/system-log/look-up';
import { ownedWindow, requestIdFilter } from '../../../../functions/probe/system-log/window';

// Real event shapes (test/data/okta-system-log-events.json says where each comes from).
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../data/okta-system-log-events.json'), 'utf8'),
) as { events: unknown[] };
const events = readEvents(fixture.events);
const byUuid = (prefix: string): LogEvent => {
  const found = events.find((e) => e.uuid.startsWith(prefix));
  if (found === undefined) throw new Error(prefix);
  return found;
};
const FIRST_FAILURE = Date.parse('2026-11-20T12:00:00.000Z');

describe('readEvents (privacy)', () => {
  it('keeps no IP address, user agent, geography, debugData url or personal debugData of any event', () => {
    const kept = JSON.stringify(events);

    expect(events).toHaveLength(fixture.events.length);
    for (const secret of [
      '175.16.199.1',
      '198.51.100.7',
      '127.0.0.1',
      'Firefox',
      'Dublin',
      '+1555555555',
      'session_has_expired',
      'userId',
      'Pat Admin',
      'John Smith',
    ]) {
      expect(kept).not.toContain(secret);
    }
  });

  it('keeps each uuid once and drops entries without uuid, eventType or published', () => {
    const doubled = readEvents([
      ...fixture.events,
      fixture.events[0],
      { eventType: 'x', published: '2026-01-01T00:00:00Z' },
      'junk',
      null,
    ]);

    expect(doubled).toHaveLength(fixture.events.length);
  });
});

describe("oktaReasons: Okta's reason per failing request", () => {
  it('finds a grant by transaction.id and names the claim that failed to evaluate', () => {
    const reason = oktaReasons(['reqClaimFail0000000001'], events).get('reqClaimFail0000000001');

    expect(reason?.eventType).toBe('app.oauth2.as.evaluate.claim');
    expect(reason?.result).toBe('FAILURE');
    expect(reason?.refined?.code).toBe('CLAIM_EVALUATION_FAILED');
    expect(reason?.refined?.detail).toContain("claim 'tenant' could not be evaluated");
    expect(reason?.debug).toEqual({ requestUri: '/oauth2/default/v1/token' });
  });

  it('falls back to debugContext.debugData.requestId and says the hook timed out', () => {
    const reason = oktaReasons(['reqHookTimeout00000001'], events).get('reqHookTimeout00000001');

    expect(reason?.refined).toEqual({
      code: 'INLINE_HOOK_FAILED',
      detail: "Okta's System Log: inline hook 'Token enrichment' timed out",
    });
    expect(reason?.line).toContain('inline_hook.executed FAILURE: Read timed out');
  });

  it('has nothing for a request the log does not know', () => {
    expect(oktaReasons(['reqUnknown'], events).size).toBe(0);
  });

  it('refines a generic server_error into the claim, and keeps the HTTP answer in the detail', () => {
    const http = diagnose('OKTA_SERVER_ERROR', {
      requestId: 'reqClaimFail0000000001',
      httpStatus: 400,
      oktaError: 'server_error',
      detail: 'server_error',
    });
    const reason = oktaReasons(['reqClaimFail0000000001'], events).get('reqClaimFail0000000001');
    if (reason === undefined) throw new Error('no reason');

    const refined = withOktaReason(http, reason);

    expect(refined.code).toBe('CLAIM_EVALUATION_FAILED');
    expect(refined.detail).toMatch(/claim 'tenant'.*HTTP answer: server_error/);
    expect(refined.systemLog?.refinedFrom).toBe('OKTA_SERVER_ERROR');
    expect(refined.requestId).toBe('reqClaimFail0000000001');
  });

  it('names the rule that denied a grant (targets matched by type)', () => {
    const denial: LogEvent = {
      ...byUuid('0a1b2c3d-0001'),
      uuid: 'denied',
      transactionId: 'reqDenied',
      reason: 'no_matching_policy',
      targets: byUuid('0a1b2c3d-0004').targets,
    };
    const reason = oktaReasons(['reqDenied'], [denial]).get('reqDenied');

    expect(reason?.refined).toEqual({
      code: 'NO_ACCESS_POLICY',
      detail:
        "Okta's System Log: app.oauth2.as.token.grant no_matching_policy; rule 'Probe client credentials' of " +
        "policy 'Default'",
    });
  });

  it('never overrides a classification of another family, only adds the reason', () => {
    const http = diagnose('INVALID_CLIENT', { requestId: 'reqClaimFail0000000001' });
    const reason = oktaReasons(['reqClaimFail0000000001'], events).get('reqClaimFail0000000001');
    if (reason === undefined) throw new Error('no reason');

    const kept = withOktaReason(http, reason);

    expect(canRefine('INVALID_CLIENT', 'CLAIM_EVALUATION_FAILED')).toBe(false);
    expect(kept.code).toBe('INVALID_CLIENT');
    expect(kept.systemLog?.reason).toContain('app.oauth2.as.evaluate.claim');
  });
});

describe('adminChanges: what changed before the failure', () => {
  const custom = { serverId: 'default', clientIds: ['0oa1probeapp0000000x7'] };

  it('phrases the deactivated rule with who, when and where, and drops the sign-on policy change', () => {
    const changes = adminChanges(events, custom, { check: 'token', at: FIRST_FAILURE });

    expect(changes.map((c) => c.eventType)).toEqual([
      'policy.rule.deactivate',
      'app.oauth2.credentials.lifecycle.deactivate',
    ]);
    expect(changes[0]?.sentence).toBe(
      "rule 'Probe client credentials' of policy 'Default' was deactivated by admin@acme.example 3 minutes " +
        'before token began failing (policy.rule.deactivate; Security > API > Authorization Servers > default ' +
        '> Access Policies)',
    );
    expect(changes[0]?.minutesBefore).toBe(3);
    expect(changes[1]?.sentence).toContain(
      "a client credential (key or secret) of app 'Probe service app' was deactivated by admin@acme.example " +
        '9 minutes before',
    );
  });

  it('leaves out changes older than the look-back (the credential change of 10:30)', () => {
    expect(
      adminChanges(events, custom, { check: 'token', at: FIRST_FAILURE }).some((c) =>
        c.uuid.startsWith('0a1b2c3d-0006'),
      ),
    ).toBe(false);
  });

  it('matches by target type whatever the order: the rule event lists the rule before the policy', () => {
    const rule = byUuid('0a1b2c3d-0004');
    const reversed = { ...rule, targets: [...rule.targets].reverse() };

    expect(adminChanges([reversed], custom, { check: 'token', at: FIRST_FAILURE })[0]?.sentence).toBe(
      adminChanges([rule], custom, { check: 'token', at: FIRST_FAILURE })[0]?.sentence,
    );
  });

  it('attributes a change naming another authorization server, or another app, to nobody else', () => {
    const other = {
      ...byUuid('0a1b2c3d-0004'),
      targets: [
        ...byUuid('0a1b2c3d-0004').targets,
        { type: 'AuthorizationServer', id: 'aus1other', displayName: 'payments', alternateId: null },
      ],
    };

    expect(touches(other, custom)).toBe(false);
    expect(touches(byUuid('0a1b2c3d-0007'), { serverId: 'org', clientIds: ['0oa-someone-else'] })).toBe(false);
    expect(touches(byUuid('0a1b2c3d-0007'), { serverId: 'org', clientIds: ['0oa1probeapp0000000x7'] })).toBe(true);
  });

  it('reads with a filter of Okta event types, rule events as add not create', () => {
    expect(CHANGE_FILTER).toContain('eventType sw "policy.rule."');
    expect(CHANGE_FILTER).toContain('eventType eq "app.oauth2.as.key.rollover"');
    expect(CHANGE_FILTER).not.toContain('create"');
  });
});

describe("orgRateLimits: the org's rate-limit events", () => {
  const found = (j: ReturnType<typeof judgeOrgRateLimits>) => ('diagnosis' in j ? j.diagnosis : null);

  const window = ownedWindow(FIRST_FAILURE + 30_000, 1);

  it('owns exactly the minute before the lag buffer, so neighbouring runs never count an event twice', () => {
    expect(window).toEqual({ start: Date.parse('2026-11-20T11:59:00Z'), end: FIRST_FAILURE });
    expect(ownedWindow(FIRST_FAILURE + 90_000, 1).start).toBe(window.end);
  });

  it('reports each endpoint with its threshold: violations and warnings apart, the earlier window left out', () => {
    const limits = orgRateLimits(events, window);

    expect(limits.violations.map((v) => [v.eventType, v.urlPattern, v.threshold])).toEqual([
      ['system.org.rate_limit.violation', '/api/v1/users', '600 per minute'],
    ]);
    expect(limits.warnings.map((w) => [w.eventType, w.urlPattern, w.threshold, w.scope])).toEqual([
      // Okta's own SMS enrollment example: operationRateLimitScopeType "user", one user refused, not the org.
      ['system.operation.rate_limit.violation', '/api/v1/authn/factors', '15 per 5 minutes', 'user (SMS)'],
      ['system.org.rate_limit.warning', '/api/v1/users', '500 per minute', null],
      // Requests in flight, not the org's per-minute bucket: never ORG_RATE_LIMIT_VIOLATION.
      ['core.concurrency.org.limit.violation', null, null, 'requests in flight'],
    ]);
    expect(describeRateLimits(limits.violations)).toBe('/api/v1/users (600 per minute)');
    expect(describeRateLimits(limits.warnings.slice(2))).toBe(
      "the org's concurrency limit (requests in flight, not a per-minute bucket)",
    );
    expect(describeRateLimits(limits.warnings.slice(0, 1))).toBe(
      '/api/v1/authn/factors, user (SMS) scope (15 per 5 minutes)',
    );
  });

  it("a violation of one user, API token or client warns naming its scope; the org's own pages", () => {
    const at = window.start + 1000;
    const raw = (uuid: string, eventType: string, debugData: Record<string, string>) => ({
      uuid,
      published: new Date(at).toISOString(),
      eventType,
      actor: { alternateId: 'admin@example.com', type: 'User' },
      target: [],
      debugContext: { debugData },
    });
    const scoped = readEvents([
      raw('u1', 'system.operation.rate_limit.violation', { operationRateLimitSubtype: 'ssws_token' }),
      raw('u2', 'system.org.rate_limit.violation', { rate_limit_scope_type: 'USER', requestUri: '/api/v1/users' }),
      raw('u3', 'system.client.concurrency_rate_limit.violation', { requestUri: '/oauth2/v1/authorize' }),
      raw('u4', 'system.operation.concurrency_limit.violation', { operationRateLimitScopeType: 'oauth_client' }),
    ]);
    const limits = orgRateLimits(scoped, window);
    expect(limits.violations).toEqual([]);
    expect(limits.warnings.map((w) => w.scope)).toEqual([
      'ssws_token',
      'user',
      'client, IP and device',
      'oauth_client',
    ]);
    expect(found(judgeOrgRateLimits(limits, undefined))?.code).toBe('RATE_LIMIT_SCOPED_VIOLATION');

    const org = readEvents([raw('o1', 'system.org.rate_limit.violation', { rate_limit_scope_type: 'ORG' })]);
    expect(found(judgeOrgRateLimits(orgRateLimits(org, window), undefined))?.code).toBe('ORG_RATE_LIMIT_VIOLATION');
  });

  it('reads the new families: burst thresholds, an expiring increase, admin changes named beside a violation', () => {
    const at = new Date(window.start + 1000).toISOString();
    const raw = (uuid: string, eventType: string, debugData: Record<string, string>) => ({
      uuid,
      published: at,
      eventType,
      actor: { alternateId: 'admin@example.com', type: 'User' },
      target: [{ id: '/api/v1/users', type: 'URL Pattern' }],
      debugContext: { debugData },
    });
    const limits = orgRateLimits(
      readEvents([
        raw('b1', 'system.org.rate_limit.burst', { burst_threshold: '8000', base_threshold: '600' }),
        raw('e1', 'system.org.rate_limit.expiration.warning', {}),
        raw('c1', 'system.rate_limit.configuration.update', {}),
        raw('v1', 'core.concurrency.org.limit.violation', {}),
      ]),
      window,
    );
    expect(limits.warnings.map((w) => [w.eventType, w.threshold]).slice(0, 2)).toEqual([
      ['system.org.rate_limit.burst', 'base 600, raised to 8000'],
      ['system.org.rate_limit.expiration.warning', null],
    ]);
    expect(limits.warnings.map((w) => [w.eventType, w.threshold]).slice(2)).toEqual([
      ['core.concurrency.org.limit.violation', null],
    ]);
    // The concurrency limit's event is not the org's bucket: it warns, with Okta's word on its incidents.
    const judged = found(judgeOrgRateLimits(limits, undefined));
    expect(judged?.code).toBe('RATE_LIMIT_SCOPED_VIOLATION');
    expect(judged?.detail).toContain('rate limits changed by admin@example.com');
    expect(judged?.detail).toContain('for awareness only');
    for (const family of [
      'system.client.rate_limit',
      'system.client.concurrency_rate_limit',
      'system.operation.concurrency_limit',
      'system.rate_limit.configuration.update',
      'application.configuration.update_rate_limits',
    ])
      expect(RATE_LIMIT_FILTER).toContain(family);
  });

  it(
    "event hook delivery over the org's 400,000 a day is named as Okta names it, and warns (no request was " +
      'refused); an elastic rate limit activated is information; snake-case debugData reads alike',
    () => {
      const at = new Date(window.start + 1000).toISOString();
      const raw = (uuid: string, debugData: Record<string, string>) => ({
        uuid,
        published: at,
        eventType: 'system.operation.rate_limit.violation',
        actor: { alternateId: 'system@okta.com', type: 'SystemPrincipal' },
        target: [],
        debugContext: { debugData },
      });
      // okta-developer-docs reference/rl-system-log-events: operationRateLimitType event_hook_delivery; the limit
      // from concepts/event-hooks (400,000 a day, scope org).
      const hooks = orgRateLimits(
        readEvents([
          raw('h1', {
            operationRateLimitType: 'event_hook_delivery',
            operationRateLimitScopeType: 'org',
            operationRateLimitThreshold: '400000',
            operationRateLimitTimeSpan: '1',
            operationRateLimitTimeUnit: 'DAYS',
          }),
          raw('h2', {
            operation_rate_limit_type: 'event_hook_delivery',
            operation_rate_limit_scope_type: 'org',
            operation_rate_limit_threshold: '400000',
            operation_rate_limit_time_unit: 'DAYS',
          }),
          raw('n1', { operationRateLimitType: 'elastic_rate_limit_activated' }),
        ]),
        window,
      );
      expect(hooks.violations).toEqual([]);
      expect(hooks.notices?.map((n) => n.uuid)).toEqual(['n1']);
      const judged = found(judgeOrgRateLimits(hooks, undefined));
      expect(judged?.code).toBe('RATE_LIMIT_SCOPED_VIOLATION');
      expect(judged?.detail).toBe(
        "warned: event hook delivery (the org's event hooks: events past it are lost until the daily reset) " +
          '(400000 per day) x2',
      );
      expect(judged?.detail).not.toMatch(/concurrency/);
      const info = orgRateLimits(
        readEvents([raw('n2', { operationRateLimitType: 'elastic_rate_limit_activated' })]),
        window,
      );
      expect(judgeOrgRateLimits(info, undefined)).toMatchObject({ diagnosis: null, observed: { notices: 1 } });
    },
  );

  it('counts a uuid once even when two pages both carry it', () => {
    const warning = byUuid('0a1b2c3d-0008');

    expect(orgRateLimits([warning, warning], window).warnings).toHaveLength(1);
  });
});

describe('requestIdFilter', () => {
  it('joins ids with or, on both transaction.id and debugData.requestId', () => {
    expect(requestIdFilter(['reqA', 'reqB'])).toBe(
      'transaction.id eq "reqA" or debugContext.debugData.requestId eq "reqA" or transaction.id eq "reqB" or ' +
        'debugContext.debugData.requestId eq "reqB"',
    );
  });

  it('never sends an id that could break out of the filter', () => {
    expect(requestIdFilter(['a" or eventType sw "', 'ok-1'])).toBe(
      'transaction.id eq "ok-1" or debugContext.debugData.requestId eq "ok-1"',
    );
    expect(requestIdFilter(['"'])).toBeUndefined();
  });
});
