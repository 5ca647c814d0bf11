// The help desk's page, every word true: the org's hooks and SMS providers are parts of it (a registration hook
// answering 500 and Twilio's SMS undelivered never read "Everything watched is working"), Okta's feed passing never
// says Okta works beside an Okta-side failure, a catalogue's list says what was last known and when, and a catalogue
// of one app is told by that app, never by the catalogue's id.
import { describe, expect, it } from 'vitest';
import type { RunLogLine } from '../../../functions/contract';
import { diagnose } from '../../../functions/diagnosis/diagnose';
import { judgeIntegrations } from '../../../functions/probe/integrations/judge';
import type { IntegrationEvent } from '../../../functions/probe/integrations/events';
import { runLogLine } from '../../../functions/report/run-line';
import { asRunLine } from '../../../functions/report/run-line-shape';
import { callerSentence } from '../../../functions/status-page/caller';
import { foldRunLine } from '../../../functions/status-page/fold';
import { renderStatusHtml } from '../../../functions/status-page/html';
import { statusJson } from '../../../functions/status-page/json';
import type { StatusModel } from '../../../functions/status-page/model';
import { readStatusModel } from '../../../functions/status-page/read';
import { catalogueOf, watchedOf } from '../../../functions/status-page/watched';
import type { CheckResult, ProbeConfig, Report } from '../../../functions/types';
import { goodRunLine } from '../../support/run-line-fixture';

const START = Date.parse('2026-10-01T08:00:00.000Z');
const iso = (minute: number): string => new Date(START + minute * 60_000).toISOString();

/** A minute's events as Okta writes them, before their uuid and time. */
type Unstamped = IntegrationEvent extends infer E ? (E extends unknown ? Omit<E, 'uuid' | 'published'> : never) : never;

/** `n` events of one kind, a second apart, each its own uuid. */
function many(n: number, event: Unstamped): IntegrationEvent[] {
  return Array.from(
    { length: n },
    (_, i) => ({ ...event, uuid: `${JSON.stringify(event)}-${i}`, published: START + i * 1000 }) as IntegrationEvent,
  );
}

/** A hook's calls: Okta's id, its name and type, failed or not. */
const hook = (id: string, name: string, type: string, failed: boolean): Unstamped =>
  ({ k: 'hook', hook: id, name, type, failed, ...(failed && { why: 'error_answer' }) }) as Unstamped;

/** Twilio's SMS: a send, or a delivery status (delivered or not). */
const sms = (delivered: boolean | null): Unstamped => ({
  k: 'phone',
  channel: 'SMS',
  provider: 'TWILIO',
  stage: delivered === null ? 'send' : 'status',
  failover: false,
  blocked: false,
  delivered,
});

/**
 * The org: the registration hook answering 500, the token and password import hooks fine, Twilio's SMS 75 %
 * undelivered.
 */
const EVENTS: IntegrationEvent[] = [
  ...many(8, hook('calRegistration01', 'Sign-up check', 'com.okta.user.pre-registration', true)),
  ...many(30, hook('calToken000000001', 'Claims enricher', 'com.okta.oauth2.tokens.transform', false)),
  ...many(6, hook('calPasswordImport1', 'Legacy passwords', 'com.okta.user.credential.password.import', false)),
  ...many(20, sms(null)),
  ...many(5, sms(true)),
  ...many(15, sms(false)),
];

/** The run's report: every target up, and the integration-health check as the judge told it. */
function runWith(minute: number, events: readonly IntegrationEvent[]): RunLogLine {
  const judged = judgeIntegrations(events, START + minute * 60_000);
  const [first, ...also] = judged.told.map((t) => diagnose(t.finding.code, t.finding));
  const check = {
    server: 'org',
    check: 'integration-health',
    passed: first === undefined,
    ms: 10,
    ...(first !== undefined && { diagnosis: first, ...(also.length > 0 && { also }) }),
    items: judged.items,
  } as unknown as CheckResult;
  const report = {
    orgUrl: 'https://acme.okta.com',
    startedAt: iso(minute),
    durationMs: 100,
    checks: [check],
  } as unknown as Report;
  const line = runLogLine(report);
  return { ...line, servers: [{ id: 'org', up: 1, ms: 100 }] };
}

describe("the org's hooks and SMS providers on the help desk's page", () => {
  const line = runWith(1, EVENTS);
  const model = foldRunLine(undefined, line);
  const at = new Date(START + 2 * 60_000);
  const html = renderStatusHtml(model, at);
  const json = statusJson(model, at);

  it('carries each hook and provider in the run line, as fields a reader judges back', () => {
    expect(asRunLine(JSON.parse(JSON.stringify(line)))).toBeDefined();
    expect(line.integrationHealth?.parts.map((p) => `${p.role}:${p.id}:${p.status}`).sort()).toEqual([
      'password-import:calPasswordImport1:pass',
      'registration:calRegistration01:fail',
      'sms:sms-twilio:fail',
      'token:calToken000000001:pass',
    ]);
  });

  it('tells each hook and the SMS provider, the failing ones in the words callers use', () => {
    expect(html).not.toContain('Everything watched is working');
    const parts = json.parts.filter((p) => p.kind === 'integration');
    expect(parts.map((p) => `${p.id}:${p.state}`).sort()).toEqual([
      'calPasswordImport1:ok',
      'calRegistration01:failing',
      'calToken000000001:ok',
      'sms-twilio:failing',
    ]);
    const told = (id: string) => parts.find((p) => p.id === id)?.caller ?? '';
    expect(told('calRegistration01')).toMatch(/^People cannot sign up: the registration hook "Sign-up check"/);
    expect(told('sms-twilio')).toMatch(/^People may not receive SMS codes: many sent through TWILIO did not arrive/);
    expect(told('calToken000000001')).toBe(
      'The token hook "Claims enricher": no problem found in the hour to 2026-10-01 08:01 UTC.',
    );
    // The org's integration: its fault is a setting on our side, as every reader's ownerOf says.
    expect(parts.find((p) => p.id === 'sms-twilio')?.fault?.owner).toBe('org');
    expect(html).toContain('The registration hook &quot;Sign-up check&quot;');
    expect(html).toContain('SMS codes through TWILIO');
    expect(html).toContain('Our integrations: hooks, SMS and voice (System Log)');
  });

  it('keeps them through the stored model, and says unknown once the System Log goes unread', () => {
    const kept = readStatusModel(JSON.parse(JSON.stringify(model)));
    expect(kept?.parts.find((p) => p.id === 'sms-twilio')?.role).toBe('sms');
    const unread: RunLogLine = { ...goodRunLine, startedAt: iso(2), skippedChecks: ['org/integration-health'] };
    const next = foldRunLine(kept, unread);
    const sms = next.parts.find((p) => p.id === 'sms-twilio');
    expect(sms?.state).toBe('unknown');
    expect(callerSentence(sms!)).toMatch(/^SMS codes through TWILIO: nothing seen of it in the last hour/);
  });
});

describe("Okta's feed passing beside an Okta-side failure", () => {
  it('says Okta reports no incident, never that Okta is working', () => {
    const line: RunLogLine = {
      ...goodRunLine,
      startedAt: iso(1),
      servers: [{ id: 'default', up: 0, ms: null }],
      failures: [
        {
          server: 'default',
          check: 'token',
          code: 'OKTA_SERVER_ERROR',
          summary: 's',
          remedy: 'r',
          requestId: null,
        },
      ],
    };
    const model = foldRunLine(undefined, line, watchedOf({ servers: [{ id: 'default' }] } as unknown as ProbeConfig));
    const feed = model.parts.find((p) => p.kind === 'okta');
    expect(feed?.state).toBe('ok');
    expect(model.parts.find((p) => p.id === 'default')?.fault?.owner).toBe('okta');
    const html = renderStatusHtml(model, new Date(START + 2 * 60_000));
    expect(html).toContain('because of a problem at Okta');
    expect(html).not.toMatch(/Okta, our sign-in service, is working/);
    expect(callerSentence(feed!)).toMatch(/^Okta reports no incident on status\.okta\.com at the last check/);
  });
});

describe("a catalogue's apps on the page", () => {
  /** A kept record of an app as the group writes it, checked at `minute`, passed. */
  const kept = (minute: number, label: string) => ({
    first: START - 60_000,
    seen: START + minute * 60_000,
    at: START + minute * 60_000,
    since: START - 60_000,
    code: null,
    found: { appId: '0oa1', label },
  });
  const probe = { servers: [{ id: 'default' }], samlGroups: [{ id: 'portal-saml' }] } as unknown as ProbeConfig;

  function modelOf(line: RunLogLine, minute: number): StatusModel {
    const catalogue = catalogueOf(new Map([['0oa1', kept(minute, 'Salesforce')]]), [], START + 10 * 60_000);
    const watched = watchedOf(probe).map((w) => (w.kind === 'saml-group' ? { ...w, catalogue } : w));
    return foldRunLine(undefined, line, watched);
  }

  it("names a catalogue of one app by that app, never by the catalogue's id or as some of its apps", () => {
    const model = modelOf({ ...goodRunLine, startedAt: iso(1) }, 0);
    const group = model.parts.find((p) => p.kind === 'saml-group');
    expect(group?.state).toBe('ok');
    const said = callerSentence(group!);
    expect(said).toBe('Sign-in to Salesforce was working at the last check, 2026-10-01 08:01 UTC.');
  });

  it('tells a pass carried through a run that reached nothing as what was last known and when', () => {
    // The group checked its app at minute 1; at minute 2 our DNS fails: the token request reaches nothing, no session
    // opens, and the group's verdict is its app's of minute 1, carried.
    const report = (minute: number, reached: boolean): Report => ({
      startedAt: iso(minute),
      durationMs: 1000,
      orgUrl: 'https://acme.okta.com',
      metrics: [],
      checks: [
        reached
          ? { server: 'default', check: 'token', status: 'pass', diagnosis: null, latencyMs: 10 }
          : {
              server: 'default',
              check: 'token',
              status: 'fail',
              diagnosis: diagnose('NETWORK_ERROR', { detail: 'getaddrinfo EAI_AGAIN acme.okta.com' }),
              latencyMs: null,
            },
        {
          server: 'portal-saml',
          check: 'saml-apps',
          status: 'pass',
          diagnosis: null,
          latencyMs: null,
          ...(!reached && { carried: { judgedAt: iso(1) } }),
        },
      ],
    });
    const first = runLogLine(report(1, true));
    const second = runLogLine(report(2, false));
    expect(second.carriedChecks).toEqual(['portal-saml/saml-apps']);
    expect(asRunLine(second)).toBeDefined();
    const before = modelOf(first, 1);
    const model = foldRunLine(before, second, watchedOf(probe));
    const group = model.parts.find((p) => p.kind === 'saml-group');
    expect(group).toMatchObject({ state: 'unknown', fault: { owner: 'probe' }, lastOkAt: iso(1) });
    const json = statusJson(model, new Date(START + 2.5 * 60_000));
    const told = json.parts.find((p) => p.kind === 'saml-group');
    expect(told?.state).toBe('unknown');
    expect(told?.caller).toBe(
      'Our monitoring cannot check sign-in to Salesforce at the moment, which says nothing about whether it works; ' +
        'it was working at the last check before, 2026-10-01 08:01 UTC: ask the caller what they see.',
    );
    // Its app is unknown now in both, by one rule: status.json never says ok where the page says "last known".
    expect(told?.catalogue).toEqual([
      { label: 'Salesforce', state: 'unknown', lastKnownState: 'ok', checkedAt: iso(1) },
    ]);
    const html = renderStatusHtml(model, new Date(START + 2.5 * 60_000));
    expect(html).toMatch(/Catalogues of SAML apps <span class="since">\(<span class="live">0 of 1 working/);
    expect(html).not.toMatch(/Salesforce (is|was) working at the last check/);
    expect(html).toContain('? unknown now; last known: 1 ✓ passed its last check at 2026-10-01 08:01 UTC:');
  });

  it("holds a pass carried between the group's own checks, with when it was judged", () => {
    const line = (minute: number, carried: boolean): RunLogLine => ({
      ...goodRunLine,
      startedAt: iso(minute),
      ...(carried && { carriedChecks: ['portal-saml/saml-apps'] }),
    });
    const model = foldRunLine(modelOf(line(1, false), 1), line(2, true), watchedOf(probe));
    const group = model.parts.find((p) => p.kind === 'saml-group');
    expect(group).toMatchObject({ state: 'ok', checkedAt: iso(1) });
    expect(callerSentence(group!)).toBe('Sign-in to Salesforce was working at the last check, 2026-10-01 08:01 UTC.');
  });

  it('tells what was last known of each app and when, while this run reached nothing', () => {
    // Our own DNS failing: the group's check did not run this run, its app passed at minute 3.
    const line: RunLogLine = { ...goodRunLine, startedAt: iso(10), skippedChecks: ['portal-saml/saml-apps'] };
    const model = modelOf(line, 3);
    expect(model.parts.find((p) => p.kind === 'saml-group')?.state).toBe('unknown');
    const html = renderStatusHtml(model, new Date(START + 11 * 60_000));
    expect(html).toContain('? unknown now; last known: 1 ✓ passed its last check at 2026-10-01 08:03 UTC:');
    expect(
      statusJson(model, new Date(START + 11 * 60_000)).parts.find((p) => p.kind === 'saml-group')?.catalogue,
    ).toEqual([{ label: 'Salesforce', state: 'unknown', lastKnownState: 'ok', checkedAt: iso(3) }]);
  });
});
