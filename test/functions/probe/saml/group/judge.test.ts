// A group judged as one check: the counts its metrics publish, a finding per app that needs action (named
// by its item, most urgent first, its own "failing since"), carried verdicts labelled and never counted afresh, and a
// run line that stays bounded however many apps fail.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../../../functions/contract';
import type { GroupApp, KeptApp } from '../../../../../functions/probe/saml/group/apps';
import { judgeGroup, MAX_APP_FINDINGS, type GroupFacts } from '../../../../../functions/probe/saml/group/judge';
import { outcomeOf, toCheckResult } from '../../../../../functions/probe/results';
import { reportMetrics } from '../../../../../functions/probe/metrics';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60_000;
const listed = (id: string): GroupApp => ({
  id,
  listed: {
    id,
    signIn: 'portal',
    ssoUrl: `https://acme.okta.com/app/a/${id}/sso/saml`,
    metadataUrl: `https://acme.okta.com/app/${id}/sso/saml/metadata`,
    audience: 'https://sp',
    recipient: 'https://sp/acs',
    requiredAttributes: [],
    group: 'g',
  },
});
const found = (appId: string, label: string): GroupApp => ({ id: appId, found: { appId, label } });
const cert = (days: number) => ({ notAfter: NOW + days * DAY_MS, fingerprint: `FP:${days}` });
const ok = (at: number, days = 300): KeptApp => ({ at, first: at - DAY_MS, seen: at, code: null, cert: cert(days) });
const facts = (apps: GroupApp[], kept: Map<string, KeptApp>, extra: Partial<GroupFacts> = {}): GroupFacts => ({
  apps,
  kept,
  checked: new Map(),
  now: NOW,
  expiryWarnDays: 30,
  everyMinutes: 60,
  requests: 0,
  share: 1,
  ...extra,
});
const result = (f: GroupFacts) =>
  toCheckResult({ server: 'g', check: 'saml-apps' }, judgeGroup(f), {
    orgUrl: 'https://acme.okta.com',
    host: 'acme.okta.com',
    secrets: [],
  });

describe('a group of SAML apps judged as one check', () => {
  it('is never a PASS when it checked no app and has no verdict to carry: it says so, and is skipped', () => {
    const apps = [listed('a'), listed('b')];
    const never = result(facts(apps, new Map()));
    expect(never.status).toBe('skip');
    expect(never.observed).toMatchObject({ checked: 0, unchecked: 2 });
    // One app's verdict carried from an earlier run is something known: a PASS as before.
    const carried = result(facts(apps, new Map([['a', ok(NOW - MIN)]])));
    expect(carried.status).toBe('pass');
  });

  it('says its verdict is carried, from its newest app verdict, when this run checked no app', () => {
    const apps = [listed('a'), listed('b')];
    const kept = new Map([
      ['a', ok(NOW - 30 * MIN)],
      ['b', ok(NOW - 10 * MIN)],
    ]);
    expect(result(facts(apps, kept)).carried).toEqual({ judgedAt: new Date(NOW - 10 * MIN).toISOString() });
    expect(result(facts(apps, kept, { checked: new Map([['a', 120]]) })).carried).toBeUndefined();
  });

  it('passes when every app passes, and counts what its metrics publish', () => {
    const apps = [listed('a'), listed('b'), found('0oa1abcdefghij', 'Jira')];
    const kept = new Map(apps.map((a, i) => [a.id, ok(NOW - i * MIN, 100 + i)] as const));
    const r = result(facts(apps, kept, { checked: new Map([['a', 120]]) }));
    expect(r.status).toBe('pass');
    expect(r.observed).toMatchObject({
      apps: 3,
      checked: 1,
      carried: 2,
      failing: 0,
      expiring: 0,
      soonestDays: 100,
      overdue: 0,
    });
    expect(reportMetrics([r]).map((m) => [m.name, m.value])).toEqual([
      ['SamlAppsFailing', 0],
      ['SamlAppsExpiring', 0],
      ['SamlCertificateSoonestDays', 100],
      ['SamlAppsOverdue', 0],
      ['SamlAppsUnchecked', 0],
      ['SamlAppsSha1', 0],
    ]);
    expect(r.items?.map((i) => [i.item, i.status, i.carried, i.latencyMs])).toEqual([
      ['a', 'pass', false, 120],
      ['b', 'pass', true, undefined],
      ['Jira (0oa1abcdefghij)', 'pass', true, undefined],
    ]);
  });

  it(
    'warns when the group checks no app, with the reason, and counts it in SamlAppsUnchecked: an empty ' +
      'catalogue is never green',
    () => {
      const why = 'the group checks no app: no active SAML 2.0 app\'s label starts with "Acme" (Okta listed none)';
      const r = result(facts([], new Map(), { emptyWhy: why }));
      expect(outcomeOf(r)).toBe('warn');
      expect(r.status !== 'pass' && r.diagnosis).toMatchObject({ code: 'SAML_DISCOVERY_FAILED', detail: why });
      expect(reportMetrics([r]).find((m) => m.name === 'SamlAppsUnchecked')?.value).toBe(1);
    },
  );

  it('a refused discovery with nothing found before says the group checks no app', () => {
    const refused = {
      code: 'SAML_DISCOVERY_FAILED' as const,
      requestId: 'req-1',
      detail: 'the active apps: HTTP 403 (E0000006)',
    };
    const r = result(facts([], new Map(), { discovery: refused }));
    if (r.status !== 'fail') throw new Error(`expected a finding, got ${r.status}`);
    expect(r.diagnosis.detail).toBe('the active apps: HTTP 403 (E0000006); the group checks no app until it is listed');
    expect(r.also).toBeUndefined();
  });

  it(
    'counts the apps with no verdict of their own for a day, never checked or only carried, in ' + 'SamlAppsUnchecked',
    () => {
      const apps = [listed('fresh'), listed('stale'), listed('new'), listed('lost')];
      const kept = new Map<string, KeptApp>([
        ['fresh', ok(NOW - 5 * MIN)],
        ['stale', ok(NOW - DAY_MS - MIN)],
        ['new', { first: NOW - 2 * MIN, seen: NOW }],
        ['lost', { first: NOW - 2 * DAY_MS, seen: NOW }],
      ]);
      const r = result(facts(apps, kept, { everyMinutes: 24 * 60 }));
      expect(r.observed).toMatchObject({ uncheckedDay: 2 });
      expect(reportMetrics([r]).find((m) => m.name === 'SamlAppsUnchecked')?.value).toBe(2);
    },
  );

  it(
    'names each failing app with its own code, request id and failing since, the oldest failure first, a page ' +
      'before a warning',
    () => {
      const apps = [listed('a'), listed('b'), listed('c')];
      const kept = new Map<string, KeptApp>([
        ['a', { ...ok(NOW - 5 * MIN, 12), code: null }],
        [
          'b',
          {
            ...ok(NOW),
            code: 'SAML_AUDIENCE_MISMATCH',
            detail: 'Audience is "x"',
            requestId: 'req-b',
            httpStatus: 200,
            since: NOW - 30 * MIN,
          },
        ],
        [
          'c',
          {
            ...ok(NOW - 5 * MIN),
            code: 'SAML_USER_NOT_ASSIGNED',
            detail: 'HTTP 403',
            requestId: 'req-c',
            since: NOW - 90 * MIN,
          },
        ],
      ]);
      const r = result(facts(apps, kept, { checked: new Map([['b', 80]]) }));
      expect(r.status).toBe('fail');
      expect(outcomeOf(r)).toBe('fail');
      if (r.status !== 'fail') throw new Error('not failed');
      const all = [r.diagnosis, ...(r.also ?? [])];
      expect(all.map((d) => [d.item, d.code, d.requestId])).toEqual([
        ['c', 'SAML_USER_NOT_ASSIGNED', 'req-c'],
        ['b', 'SAML_AUDIENCE_MISMATCH', 'req-b'],
        ['a', 'SAML_CERT_EXPIRING', null],
      ]);
      expect(all[0]?.detail).toBe(
        `c: HTTP 403 (failing since ${new Date(NOW - 90 * MIN).toISOString()}; last checked ${new Date(NOW - 5 * MIN).toISOString()}, ` +
          `carried)`,
      );
      expect(all[1]?.detail).not.toContain('carried');
      expect(r.observed).toMatchObject({ failing: 2, expiring: 1, soonestDays: 12 });
      expect(r.items?.map((i) => [i.item, i.status, i.failingSince])).toEqual([
        ['b', 'fail', new Date(NOW - 30 * MIN).toISOString()],
        ['c', 'fail', new Date(NOW - 90 * MIN).toISOString()],
        ['a', 'warn', undefined],
      ]);
    },
  );

  it('warns alone for an expiring certificate: a warning, never a page', () => {
    const apps = [listed('a')];
    const r = result(facts(apps, new Map([['a', ok(NOW, 5)]])));
    expect(r.status).toBe('fail');
    expect(outcomeOf(r)).toBe('warn');
    expect(r.status === 'fail' && r.diagnosis.detail).toMatch(/^a: the signing certificate FP:5 expires in 5 days/);
  });

  it('warns for each app that signs with SHA-1, counted in SamlAppsSha1, never a page', () => {
    const apps = [listed('a'), listed('b')];
    const r = result(
      facts(
        apps,
        new Map([
          ['a', { ...ok(NOW), sha1: true }],
          ['b', ok(NOW)],
        ]),
      ),
    );
    expect(r.status).toBe('fail');
    expect(outcomeOf(r)).toBe('warn');
    expect(r.status === 'fail' && [r.diagnosis.code, r.diagnosis.item]).toEqual(['SAML_SHA1_SIGNATURE', 'a']);
    expect(r.observed).toMatchObject({ sha1: 1, failing: 0 });
    expect(reportMetrics([r]).find((m) => m.name === 'SamlAppsSha1')?.value).toBe(1);
    expect(r.items?.map((i) => [i.item, i.status, i.code])).toEqual([
      ['a', 'warn', 'SAML_SHA1_SIGNATURE'],
      ['b', 'pass', undefined],
    ]);
  });

  it('keeps the run line bounded: at most MAX_APP_FINDINGS apps by name, the rest counted by code', () => {
    const apps = Array.from({ length: 1000 }, (_, i) => listed(`app-${i}`));
    const kept = new Map(
      apps.map((a) => [a.id, { ...ok(NOW), code: 'SAML_RESPONSE_MISSING' as const, since: NOW }] as const),
    );
    const r = result(facts(apps, kept));
    if (r.status !== 'fail') throw new Error('not failed');
    const all = [r.diagnosis, ...(r.also ?? [])];
    expect(all).toHaveLength(MAX_APP_FINDINGS + 1);
    expect(all.at(-1)?.detail).toBe(
      `and ${1000 - MAX_APP_FINDINGS} more apps (SAML_RESPONSE_MISSING ${1000 - MAX_APP_FINDINGS}): every ` +
        `app with its own verdict is in the report (run --json) and the dashboard's table`,
    );
    expect(r.items).toHaveLength(1000);
    expect(r.observed).toMatchObject({ failing: 1000 });
  });

  it(
    'says which apps are overdue and why the run left some, and counts a never-checked app as unchecked, not ' +
      'passed',
    () => {
      const apps = [listed('old'), listed('new'), listed('left')];
      const kept = new Map<string, KeptApp>([
        ['old', ok(NOW - 3 * 60 * MIN)],
        ['new', { first: NOW - 10 * MIN, seen: NOW }],
        ['left', ok(NOW - 50 * MIN)],
      ]);
      const r = result(facts(apps, kept, { left: { apps: [apps[2]!], why: 'the sso bucket had 10 of 750 left' } }));
      expect(r.status === 'fail' && [r.diagnosis.code, r.diagnosis.detail]).toEqual([
        'SAML_APPS_OVERDUE',
        '1 app(s) not checked within 2 x 60 min (old); this run left 1 for the next: the sso bucket had 10 of 750 left',
      ]);
      expect(outcomeOf(r)).toBe('warn');
      expect(r.observed).toMatchObject({ overdue: 1, left: 1, leftBecause: 'the sso bucket had 10 of 750 left' });
      expect(r.items?.find((i) => i.item === 'new')).toEqual({
        item: 'new',
        status: 'unchecked',
        lastChecked: null,
        carried: true,
      });
    },
  );
});
