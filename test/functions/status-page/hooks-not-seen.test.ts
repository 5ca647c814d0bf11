// A hook Okta lists as active whose calls the System Log did not show in the hour is on the help desk's page, as
// not seen: never left off (it would read as a hook nobody watches), never "working". Its state is the one verdict
// every reader gives, through the run line's fields.
import { describe, expect, it } from 'vitest';
import type { RunLogIntegration, RunLogLine } from '../../../functions/contract';
import type { IntegrationEvent } from '../../../functions/probe/integrations/events';
import { judgeHookLists, readHookList, withHookFindings } from '../../../functions/probe/integrations/hooks';
import { judgeIntegrations } from '../../../functions/probe/integrations/judge';
import { runLogLine } from '../../../functions/report/run-line';
import { asRunLine } from '../../../functions/report/run-line-shape';
import { callerSentence } from '../../../functions/status-page/caller';
import { foldRunLine } from '../../../functions/status-page/fold';
import { renderStatusHtml } from '../../../functions/status-page/html';
import { statusJson } from '../../../functions/status-page/json';
import type { CheckResult, Report } from '../../../functions/types';

const NOW = Date.parse('2026-10-01T08:01:00.000Z');

/** Okta's lists: a registration hook (called in the hour), a token and a telephony hook (not), an event hook. */
const LISTS = {
  inline: readHookList(
    [
      ['calRegistration01', 'Sign-up check', 'com.okta.user.pre-registration'],
      ['calToken000000001', 'Claims enricher', 'com.okta.oauth2.tokens.transform'],
      ['calTelephony00001', 'SMS gateway', 'com.okta.telephony.provider'],
    ].map(([id, name, type]) => ({
      id,
      name,
      type,
      status: 'ACTIVE',
      channel: { config: { uri: 'https://hooks.acme.com/okta' } },
    })),
    'inline',
  ),
  event: readHookList(
    [{ id: 'who1', name: 'HR sync', status: 'ACTIVE', channel: { config: { uri: 'https://hr.acme.com/e' } } }],
    'event',
  ),
};

/** The registration hook's calls in the hour, all processed. */
const CALLS: IntegrationEvent[] = Array.from(
  { length: 5 },
  (_, i) =>
    ({
      k: 'hook',
      hook: 'calRegistration01',
      name: 'Sign-up check',
      type: 'com.okta.user.pre-registration',
      failed: false,
      uuid: `call-${i}`,
      published: NOW - 60_000 + i * 1000,
    }) as IntegrationEvent,
);

/** The run's page, from the check's items as the runner merges them: the log's judgement and the lists'. */
function pageOf(seen: ReadonlySet<string> | null) {
  const judged = withHookFindings(
    judgeIntegrations(seen === null ? [] : CALLS, NOW),
    judgeHookLists(LISTS, { certs: new Map(), unchecked: 0 }, seen, NOW),
  );
  const check = {
    server: 'org',
    check: 'integration-health',
    status: 'pass',
    passed: true,
    ms: 10,
    diagnosis: null,
    items: judged.items,
  } as unknown as CheckResult;
  const report = {
    orgUrl: 'https://acme.okta.com',
    startedAt: new Date(NOW).toISOString(),
    durationMs: 100,
    checks: [check],
  } as unknown as Report;
  expect(judged.told.map((t) => t.finding.code)).toEqual([]); // nothing failing: the page's words are the hooks'
  const line = { ...runLogLine(report), servers: [{ id: 'org', up: 1 as const, ms: 100 }] };
  expect(asRunLine(JSON.parse(JSON.stringify(line)))).toBeDefined(); // a reader takes the line back
  const model = foldRunLine(undefined, line);
  const at = new Date(NOW + 60_000);
  return { line, model, html: renderStatusHtml(model, at), json: statusJson(model, at) };
}

describe('a hook Okta lists, with no call in the hour', () => {
  it('is on the page as not seen in the last hour, never working; the one called reads working', () => {
    const { line, model, html, json } = pageOf(new Set(['calRegistration01']));
    expect(line.integrationHealth?.parts.map((p) => `${p.role}:${p.id}:${p.status}`)).toEqual([
      'registration:calRegistration01:pass',
      'token:calToken000000001:n/a',
      'telephony:calTelephony00001:n/a',
    ]);
    const states = json.parts.filter((p) => p.kind === 'integration').map((p) => `${p.id}:${p.state}`);
    expect(states.sort()).toEqual(['calRegistration01:ok', 'calTelephony00001:unknown', 'calToken000000001:unknown']);
    const token = model.parts.find((p) => p.id === 'calToken000000001')!;
    const sentence = callerSentence(token);
    expect(sentence).toMatch(/^The token hook "Claims enricher": nothing seen of it in the last hour/);
    expect(sentence).not.toMatch(/no problem found|working/);
    expect(html).toContain('The token hook &quot;Claims enricher&quot;: nothing seen of it in the last hour');
    expect(html).toContain('The telephony hook &quot;SMS gateway&quot;: nothing seen of it in the last hour');
    expect(html).not.toContain('Everything watched is working');
  });

  it('is on the page, unknown, when its calls were not read this run', () => {
    const { json } = pageOf(null);
    const states = json.parts.filter((p) => p.kind === 'integration').map((p) => `${p.id}:${p.state}`);
    expect(states.sort()).toEqual([
      'calRegistration01:unknown',
      'calTelephony00001:unknown',
      'calToken000000001:unknown',
    ]);
  });

  it('quiet at night (the log read, no call) keeps what its last calls showed, and when', () => {
    const { line } = pageOf(new Set(['calRegistration01']));
    expect(line.integrationHealth?.parts.find((p) => p.id === 'calToken000000001')).toMatchObject({ quiet: true });
    const { line: unread } = pageOf(null);
    expect(unread.integrationHealth?.parts.find((p) => p.id === 'calToken000000001')?.quiet).toBeUndefined();
    // Called in the evening, all processed; quiet at night.
    const hook = { id: 'calToken000000001', role: 'token', name: 'Claims enricher' } as const;
    const run = (at: string, part: Pick<RunLogIntegration, 'status' | 'code' | 'quiet'>): RunLogLine => ({
      ...line,
      startedAt: at,
      integrationHealth: { parts: [{ ...hook, ...part }] },
    });
    const evening = foldRunLine(undefined, run('2026-10-01T22:00:00.000Z', { status: 'pass' }));
    const night = foldRunLine(evening, run('2026-10-02T02:00:00.000Z', { status: 'n/a', quiet: true }));
    const part = night.parts.find((p) => p.id === hook.id)!;
    expect(part).toMatchObject({ state: 'ok', checkedAt: '2026-10-01T22:00:00.000Z' });
    expect(callerSentence(part)).toBe(
      'The token hook "Claims enricher": no problem found in the hour to 2026-10-01 22:00 UTC.',
    );
    const html = renderStatusHtml(night, new Date('2026-10-02T02:00:30.000Z'));
    expect(html).not.toContain('Some things could not be checked');
    // A hook Okta could not reach shows as failed calls: failing, never quiet.
    const unreachable = foldRunLine(
      night,
      run('2026-10-02T02:01:00.000Z', { status: 'warn', code: 'INTEGRATION_HOOK_CLAIMS_MISSING' }),
    );
    expect(unreachable.parts.find((p) => p.id === hook.id)?.state).toBe('failing');
  });
});
