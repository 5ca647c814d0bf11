// Integration health's reader and judge on the simulator's Okta-shaped events (full LogEvent size, a person's phone,
// address and login in each, a hook's error text with a terminal escape and markup): each scenario's promise, judged
// without a network; and every hostile element skipped and counted, never a throw, never told.
import { describe, expect, it } from 'vitest';
import {
  isSkipped,
  readIntegrationEvent,
  type IntegrationEvent,
} from '../../../../functions/probe/integrations/events';
import { withDomains } from '../../../../functions/probe/integrations/domains-judge';
import { judgeIntegrations } from '../../../../functions/probe/integrations/judge';
import { INTEGRATION_FILTER } from '../../../../functions/probe/integrations/run';
import type { IntegrationFault } from '../../../../sim/faults';
import { INTEGRATION_SCENARIOS } from '../../../../sim/integration-scenarios';
import { asksForIntegrations, integrationEvents } from '../../../../sim/integrations';
import { oktaShaped } from '../../../../sim/log-event-shape';
import { parseFilter } from '../../../../sim/system-log';
import { simDomainsRead } from '../../../support/sim-domains';

const MIN = 60_000;
const END = Date.parse('2026-03-02T10:15:00.000Z');

/** What a person's events hold that no output may: phone numbers, addresses, logins, ids, the hook's own text. */
const NEVER_TOLD = [
  /\+1555010\d{4}/,
  /member\d+@acme\.example/,
  /00u1intg\d{5}x7/,
  /script/,
  new RegExp(String.fromCharCode(0x1b)),
  // The same escape as JSON writes it.
  /\\u001b/,
  /Relaying/,
];

function judged(fault: IntegrationFault) {
  const matches = parseFilter(INTEGRATION_FILTER);
  expect(matches).not.toBeNull();
  expect(asksForIntegrations(INTEGRATION_FILTER)).toBe(true);
  const raw = integrationEvents(fault, END - 60 * MIN, END)
    .filter((e) => matches!(e))
    .map(({ persistedAt: _p, ...e }) => oktaShaped(e));
  const reads = raw.map(readIntegrationEvent);
  const events = reads.filter((r): r is IntegrationEvent => !isSkipped(r));
  // Every event the filter asked for is one the reader reads: the filter and the reader name the same types.
  expect(events).toHaveLength(raw.length);
  return { judgement: judgeIntegrations(events, END), events };
}

/** What the hook lists and their certificates tell (hooks.ts, tested there and through the CLI), not the log. */
const FROM_THE_LISTS: readonly string[] = [
  'INTEGRATION_HOOK_CERT_EXPIRING',
  'INTEGRATION_HOOK_CERT_EXPIRED',
  'INTEGRATION_HOOK_URL_UNSAFE',
  'INTEGRATION_HOOKS_UNREAD',
];

describe("integration health on the simulator's scenarios", () => {
  for (const [name, scenario] of Object.entries(INTEGRATION_SCENARIOS)) {
    const fromLog = scenario.expect
      .filter((e) => e.check === 'integration-health')
      .map((e) => e.code)
      .filter((c) => !FROM_THE_LISTS.includes(c));
    it(`${name}: tells ${fromLog.join(', ') || 'nothing'} from the log and domains, and nothing personal`, () => {
      const events = judged(scenario.faults.integrations!).judgement;
      // The custom domains beside the events, as the check joins them.
      const judgement = withDomains(events, simDomainsRead(scenario.faults.domains ?? 'healthy', END), END);
      expect(judgement.told.map((t) => t.finding.code)).toEqual(fromLog);
      const text = JSON.stringify(judgement);
      for (const pattern of NEVER_TOLD) expect(text).not.toMatch(pattern);
    });
  }

  it('pages for a registration hook and names it; warns for a token hook with requiredClaims, by its name', () => {
    const registration = judged('registration-hook-500').judgement;
    expect(registration.told[0]).toMatchObject({ severity: 'page' });
    expect(registration.told[0]!.finding.detail).toMatch(
      /^registration hook "Sign-up checker" \(cal1signuphook000x7\): 60 failed calls of 60 .*60 answered an error/,
    );
    const token = judged('token-hook-timeout').judgement;
    expect(token.told[0]).toMatchObject({ severity: 'warn' });
    expect(token.told[0]!.finding.detail).toMatch(/^token hook "Claims enricher" \(cal1tokenhook0000x7\): 72 failed/);
    expect(token.told[0]!.finding.detail).toContain('60 timed out, 12 no error given');
    expect(token.told[0]!.finding.detail).toContain('requiredClaims');
  });

  it('pages when most SMS fail, warns on the failover share; names the provider with its figures', () => {
    const undelivered = judged('sms-undelivered').judgement;
    expect(undelivered.told[0]).toMatchObject({ severity: 'page' });
    expect(undelivered.told[0]!.finding.detail).toMatch(
      /^SMS via TWILIO: 120 sends, 30 delivered, 90 failed \(75 % failing\)$/,
    );
    const failover = judged('telephony-failover').judgement;
    expect(failover.told[1]!.finding.detail).toBe(
      "SMS: 30 sends of 120 (25 %) failed over from the telephony hook to Okta's rate-limited providers",
    );
  });

  it("counts bounces without telling them, names healthy things with their figures, and says 'not seen'", () => {
    const bounces = judged('email-bounces').judgement;
    expect(bounces.told).toEqual([]);
    expect(bounces.items.map((i) => i.item)).toContain(
      'e-mail: 180 delivered, 6 bounced, 0 blocked, 0 deferred ' +
        "(a bounce is one person's mailbox: counted, not an org problem)",
    );
    const healthy = judged('healthy').judgement;
    expect(healthy.items.map((i) => `${i.status} ${i.item}`)).toEqual([
      'pass token hook "Claims enricher" (cal1tokenhook0000x7): 120 answers processed, none failed',
      'pass SMS via TWILIO: 120 sends, 120 delivered, 0 failed',
      'pass voice via TWILIO: 30 sends, 30 delivered, 0 failed',
      'pass e-mail: 180 delivered, 0 bounced, 0 blocked, 0 deferred',
      'n/a imports: no import stopped or failed seen',
      'n/a group and policy rules: none in error seen',
    ]);
    // Nothing at all: every kind "not seen", never a pass.
    const none = judgeIntegrations([], END);
    expect(none.told).toEqual([]);
    expect(none.items.every((i) => i.status === 'n/a')).toBe(true);
    expect(none.items.map((i) => i.item)).toContain('inline hooks: not seen (no event in the window)');
  });
});

describe('imports and the e-mail domain', () => {
  it('warns on an import that ended in failure, with its starts and completions; names a healthy import', () => {
    const failed = judged('import-failed').judgement;
    expect(failed.told.map((t) => t.finding.detail)).toEqual([
      '"Workday" (0oa1workday00000x7): 2 imports ended in failure (2 imports started, 0 completed)',
    ]);
    const [ok] = ['u1', 'u2'].map((uuid, n) =>
      readIntegrationEvent({
        uuid,
        published: '2026-03-02T10:00:00.000Z',
        eventType: n === 0 ? 'system.import.start' : 'system.import.complete',
        outcome: { result: 'SUCCESS' },
        target: [{ id: '0oa1ad', type: 'AppInstance', displayName: 'Active Directory' }],
      }),
    );
    expect(ok).toMatchObject({ k: 'import', app: '0oa1ad', why: 'started' });
    const events = ['system.import.start', 'system.import.complete'].map(
      (eventType, n) =>
        readIntegrationEvent({
          uuid: `u${n}`,
          published: '2026-03-02T10:00:00.000Z',
          eventType,
          outcome: { result: 'SUCCESS' },
          target: [{ id: '0oa1ad', type: 'AppInstance', displayName: 'Active Directory' }],
        }) as IntegrationEvent,
    );
    const healthy = judgeIntegrations(events, END);
    expect(healthy.told).toEqual([]);
    expect(healthy.items.map((i) => `${i.status} ${i.item}`)).toContain(
      'pass imports of "Active Directory" (0oa1ad): 1 import started, 1 completed, none failed',
    );
  });

  it("warns on the e-mail domain failing verification, and names where Okta's mail then comes from", () => {
    const told = judged('email-domain-unverified').judgement.told;
    expect(told.map((t) => [t.severity, t.finding.code, t.finding.detail])).toEqual([
      [
        'warn',
        'INTEGRATION_EMAIL_DOMAIN_UNVERIFIED',
        'e-mail domain acme.example (OeD1acmemail0000x7): 3 verifications failed in the window: Okta sends its ' +
          'e-mails from noreply@okta.com until it is verified',
      ],
    ]);
    // Verified after failing: the latest outcome counts.
    const later = readIntegrationEvent({
      uuid: 'ok',
      published: new Date(END - 1000).toISOString(),
      eventType: 'system.email_domain.verify',
      outcome: { result: 'SUCCESS' },
      target: [{ id: 'OeD1acmemail0000x7', type: 'EmailDomain', displayName: 'acme.example' }],
    }) as IntegrationEvent;
    const events = [...judged('email-domain-unverified').events, later];
    expect(judgeIntegrations(events, END).told).toEqual([]);
  });

  it('reads a hostile verification or import event without keeping its markup, and a bad id as unknown', () => {
    const domain = readIntegrationEvent({
      uuid: 'h1',
      published: '2026-03-02T10:00:00.000Z',
      eventType: 'system.email_domain.verify',
      outcome: { result: 42 },
      target: [{ id: '../../etc', type: 'EmailDomain', displayName: '\u001b[31m<img src=x onerror=alert(1)>' }],
    });
    expect(domain).toMatchObject({ k: 'emailDomain', id: 'unknown', verified: false });
    const started = readIntegrationEvent({
      uuid: 'h2',
      published: '2026-03-02T10:00:00.000Z',
      eventType: 'system.import.complete',
      outcome: 'FAILURE',
      target: 'not a list',
    });
    // An outcome that is no object says no failure: the import is counted as done, never told as failed.
    expect(started).toMatchObject({ k: 'import', app: 'unknown', name: null, why: 'completed' });
    // A name keeps its words, never its markup or escapes (cleanName, as for a hook's name).
    expect(JSON.stringify([domain, started])).not.toMatch(/[<>]|\\u001b/);
  });

  it('keeps the filter under 2,048 characters', () => {
    expect(INTEGRATION_FILTER.length).toBeLessThan(2048);
    expect(INTEGRATION_FILTER).toContain('eventType eq "system.import.complete"');
    expect(INTEGRATION_FILTER).toContain('eventType eq "system.email_domain.verify"');
  });
});

describe('a hostile System Log element', () => {
  const base = { uuid: 'u1', published: '2026-03-02T10:00:00.000Z' };
  it.each([
    ['not an object', null, 'not_an_object'],
    ['an array', [1, 2], 'not_an_object'],
    ['an event type of another reader', { ...base, eventType: 'user.session.start' }, 'not_ours'],
    ['a type of a family read but not ours', { ...base, eventType: 'system.voice.nonsense' }, 'not_ours'],
    ['no uuid', { eventType: 'inline_hook.executed', published: base.published }, 'torn'],
    ['a published that does not parse', { ...base, published: 'yesterday', eventType: 'inline_hook.executed' }, 'torn'],
  ])('skips %s, and says why', (_what, raw, why) => {
    expect(readIntegrationEvent(raw)).toEqual({ skipped: why });
  });

  it('reads a failure whose debugData is of any type or size, keeping none of its text', () => {
    for (const debugData of [null, 'x'.repeat(100_000), [1], { inline_hook_type: 42, error_message: { a: 1 } }]) {
      const read = readIntegrationEvent({ ...base, eventType: 'inline_hook.executed', debugContext: { debugData } });
      expect(read).toMatchObject({ k: 'hook', hook: 'type:other', failed: true, type: 'other' });
    }
    const read = readIntegrationEvent({
      ...base,
      eventType: 'inline_hook.executed',
      target: [{ id: 'cal1x', type: 'InlineHook', displayName: '\u001b]8;;http://evil\u0007<b>Hook</b>\n"x"' }],
      debugContext: { debugData: { error_message: '\u001b[2J<img src=x onerror=alert(1)>' } },
    });
    expect(read).toMatchObject({ hook: 'cal1x', name: ']8;;http://evilbHook/b x', why: 'other' });
    expect(JSON.stringify(read)).not.toMatch(/img|onerror/);
    expect(JSON.stringify(read)).not.toMatch(/\\u001b/);
  });
});
