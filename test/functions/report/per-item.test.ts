// One diagnosis per item: a check that judges several items (the inventory's kinds) reports each item
// that needs action as a diagnosis of its own, from the judge through the result to everything a person reads: the
// run line (a failure per item, which the dashboard and the notifier read), the terminal, JUnit and the page.
import { describe, expect, it } from 'vitest';
import { junitReport } from '../../../functions/cli/junit';
import { renderReport } from '../../../functions/cli/render';
import {
  INVENTORY_KINDS,
  RUN_LOG_MESSAGE,
  WHAT_EXPIRES_NEXT_QUERY,
  type RunLogLine,
} from '../../../functions/contract';
import { buildMessage } from '../../../functions/notify/message';
import { judged } from '../../../functions/probe/verdict';
import { judgeApiTokens, type ApiToken, type TokenOwner } from '../../../functions/probe/inventory/api-tokens';
import { kindVerdict } from '../../../functions/probe/inventory/run';
import { diagnosesOf, toCheckResult } from '../../../functions/probe/results';
import { asRunLine } from '../../../functions/report/run-line-shape';
import { runLogLine } from '../../../functions/report/run-line';
import type { CheckResult, Report } from '../../../functions/types';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const iso = (days: number): string => new Date(NOW + days * DAY).toISOString();
const LEAVER = { status: 'DEPROVISIONED', login: 'jane.doe@acme.example' };

/** Three tokens that need action (one page, two warnings) and one healthy, judged as the inventory does. */
function tokensResult(
  tokens: readonly ApiToken[] = [
    { id: '00T1', name: 'quarterly-export', userId: '00usvc', expiresAt: iso(4.5) },
    { id: '00T2', name: 'terraform', userId: '00usvc', expiresAt: iso(29) },
    { id: '00T3', name: 'hr-sync', userId: '00uleaver', expiresAt: iso(22) },
    { id: '00T4', name: 'audit-pull', userId: '00usvc', expiresAt: iso(2.5) },
  ],
): CheckResult {
  const owners = new Map<string, TokenOwner>([
    ['00usvc', { status: 'ACTIVE', login: 'svc@acme.example' }],
    ['00uleaver', LEAVER],
  ]);
  const { findings, observed } = judgeApiTokens(tokens, owners, NOW, 7);
  return toCheckResult({ server: 'org', check: 'api-tokens' }, judged(kindVerdict('api-tokens', findings, observed)), {
    orgUrl: 'https://acme.okta.com',
    host: 'acme.okta.com',
    secrets: [],
  });
}

const report = (checks: CheckResult[], startedAt = '2026-11-23T12:00:00.000Z'): Report => ({
  startedAt,
  durationMs: 400,
  orgUrl: 'https://acme.okta.com',
  checks,
  metrics: [],
});

describe('one diagnosis per item', () => {
  it('the result holds one per token that needs action, the page first, none for the healthy one', () => {
    const result = tokensResult();

    expect(result.status).toBe('fail');
    expect(diagnosesOf(result).map((d) => [d.code, d.item])).toEqual([
      ['API_TOKEN_OWNER_INACTIVE', 'token "hr-sync" (owner jane.doe@acme.example)'],
      ['API_TOKEN_EXPIRING', 'token "quarterly-export" (owner svc@acme.example)'],
      ['API_TOKEN_EXPIRING', 'token "audit-pull" (owner svc@acme.example)'],
    ]);
    // Each its own remedy and summary, from the catalogue: the expiring ones' is not the dead owner's.
    const [dead, expiring] = diagnosesOf(result);
    expect(dead!.remedy).not.toBe(expiring!.remedy);
    expect(diagnosesOf(result).some((d) => d.detail?.includes('terraform') === true)).toBe(false);
    expect(result.observed).toMatchObject({ tokens: 4, items: 3 });
  });

  it('a single item is the diagnosis alone, and a passing check has none', () => {
    const one = tokensResult([{ id: '00T1', name: 'quarterly-export', userId: '00usvc', expiresAt: iso(4.5) }]);
    const none = tokensResult([{ id: '00T2', name: 'terraform', userId: '00usvc', expiresAt: iso(29) }]);

    expect(one).not.toHaveProperty('also');
    expect(diagnosesOf(one)).toHaveLength(1);
    expect(none.status).toBe('pass');
    expect(diagnosesOf(none)).toEqual([]);
  });

  it('the run line has a failure per item, naming it, which the run-line reader keeps', () => {
    const line = runLogLine(report([tokensResult()]));

    expect(line.failed).toBe(1);
    expect(line.failures.map((f) => [f.check, f.code, f.item])).toEqual([
      ['api-tokens', 'API_TOKEN_OWNER_INACTIVE', 'token "hr-sync" (owner jane.doe@acme.example)'],
      ['api-tokens', 'API_TOKEN_EXPIRING', 'token "quarterly-export" (owner svc@acme.example)'],
      ['api-tokens', 'API_TOKEN_EXPIRING', 'token "audit-pull" (owner svc@acme.example)'],
    ]);
    expect(line.failures[2]!.detail).toMatch(/audit-pull.*expires in 2 days/);
    expect(asRunLine(JSON.parse(JSON.stringify(line)))).toEqual(line);
    expect(asRunLine({ ...line, failures: [{ ...line.failures[0], item: 42 }] })).toBeUndefined();
  });

  it(
    'the dashboard\'s "What expires next" reads a row per item, of every inventory kind, from fields the run ' +
      'line has',
    () => {
      const line = runLogLine(report([tokensResult()]));
      const query = WHAT_EXPIRES_NEXT_QUERY.join('\n');

      expect(query).toMatch(/ by f\.check, f\.item$/m);
      const kinds = JSON.parse(/f\.check in (\[[^\]]*\])/.exec(query)?.[1] ?? '[]') as string[];
      expect(kinds.sort()).toEqual([...INVENTORY_KINDS].sort());
      for (const [, field] of query.matchAll(/\bf\.(\w+)/g))
        expect(line.failures[0], `f.${field}`).toHaveProperty(field!);
    },
  );

  it("the run line scrubs the run's secrets from an item's name", () => {
    const result = tokensResult([{ id: '00T9', name: 's3cr3t-value', userId: '00usvc', expiresAt: iso(-1) }]);
    const line = runLogLine(report([result]), { secrets: ['s3cr3t-value'] });

    expect(JSON.stringify(line)).not.toContain('s3cr3t-value');
    expect(line.failures[0]!.item).toContain('[REDACTED]');
  });

  it("the terminal shows every item under its check, a code's meaning and fix once", () => {
    const result = tokensResult();
    const text = renderReport(report([result]), { width: 400 });
    const [dead, expiring] = diagnosesOf(result);

    expect(text).toContain('API_TOKEN_OWNER_INACTIVE and 2 more');
    for (const name of ['hr-sync', 'quarterly-export', 'audit-pull'])
      expect(text).toMatch(new RegExp(`Observed: token "${name}"`));
    // Two codes, two fixes: the second expiring token is told under the first's.
    expect(text.match(/Fix: /g)).toHaveLength(2);
    expect(text).toContain(`Fix: ${dead!.remedy.slice(0, 60)}`);
    expect(text).toContain(`Fix: ${expiring!.remedy.slice(0, 60)}`);
    expect(text.indexOf('Observed: token "audit-pull"')).toBeGreaterThan(
      text.indexOf(`Fix: ${expiring!.remedy.slice(0, 60)}`),
    );
    expect(renderReport(report([result]), { width: 400, compact: true })).toContain(
      'API_TOKEN_OWNER_INACTIVE and 2 more',
    );
  });

  it('JUnit names every item in the failure', () => {
    const xml = junitReport(report([tokensResult()]));

    expect(xml).toContain('type="API_TOKEN_OWNER_INACTIVE"');
    expect(xml.match(/API_TOKEN_EXPIRING: /g)).toHaveLength(2);
    for (const name of ['hr-sync', 'quarterly-export', 'audit-pull'])
      expect(xml).toContain(`Observed: token &quot;${name}&quot;`);
  });

  it(
    'the page lists each item with its fix and its own streak: a token that began failing this run is not last ' +
      "week's",
    () => {
      const earlier = runLogLine(
        report(
          [tokensResult([{ id: '00T3', name: 'hr-sync', userId: '00uleaver', expiresAt: iso(22) }])],
          '2026-11-23T11:00:00.000Z',
        ),
      );
      const now = runLogLine(report([tokensResult()], '2026-11-23T12:00:00.000Z'));
      const lines: RunLogLine[] = [earlier, now];
      expect(lines.every((l) => l.message === RUN_LOG_MESSAGE)).toBe(true);

      const message = buildMessage({
        change: {
          alarmName: 'okta-synthetics-org-page',
          state: 'ALARM',
          reason: 'Composite alarm rule evaluated to TRUE',
          timestamp: '2026-11-23T12:01:00.000Z',
        },
        prefix: 'okta-synthetics',
        runs: lines,
      });

      expect(message.subject).toMatch(/^ALARM okta-synthetics\/org: API_TOKEN_OWNER_INACTIVE \(token "hr-sync"/);
      expect(message.text.match(/^api-tokens: API_TOKEN_EXPIRING$/gm)).toHaveLength(2);
      const blocks = message.text.split('\napi-tokens: ').slice(1);
      const block = (name: string): string => blocks.find((b) => b.includes(`token "${name}"`)) ?? '';
      expect(block('hr-sync')).toContain('Failing since 2026-11-23T11:00:00.000Z, 2 consecutive runs');
      expect(block('audit-pull')).toContain('Failing since 2026-11-23T12:00:00.000Z, 1 consecutive run');
      expect(block('audit-pull')).toContain('Remedy: ');
    },
  );

  it('the recovery names each item that recovered', () => {
    const failing = runLogLine(report([tokensResult()], '2026-11-23T12:00:00.000Z'));
    const healthy = runLogLine(
      report(
        [tokensResult([{ id: '00T2', name: 'terraform', userId: '00usvc', expiresAt: iso(29) }])],
        '2026-11-23T13:00:00.000Z',
      ),
    );
    const message = buildMessage({
      change: {
        alarmName: 'okta-synthetics-org-warn',
        state: 'OK',
        reason: 'Composite alarm rule evaluated to FALSE',
        timestamp: '2026-11-23T13:01:00.000Z',
        previousTimestamp: '2026-11-23T12:01:00.000Z',
      },
      prefix: 'okta-synthetics',
      runs: [failing, healthy],
    });

    expect(message.text).toContain(
      'Recovered: api-tokens API_TOKEN_OWNER_INACTIVE (token "hr-sync" (owner jane[.]doe@acme[.]example)), ' +
        'api-tokens API_TOKEN_EXPIRING (token "quarterly-export"',
    );
    expect(message.text).toContain('token "audit-pull"');
  });
});
