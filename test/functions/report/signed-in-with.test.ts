// The availability report names, per journey, the authenticators its sign-ins answered with over the period: an
// admin moving a journey to a passkey sees the runs that still sign in with the password and TOTP.
import { describe, expect, it } from 'vitest';
import type { RunLogLine } from '../../../functions/contract';
import { computeAvailability, OTHER_VIA } from '../../../functions/report/availability';
import { rangePeriod } from '../../../functions/report/period';
import { renderAvailabilityText, TEXT_WIDTH } from '../../../functions/report/text';
import { renderAvailabilityHtml } from '../../../functions/report/html';
import { simulateMonth } from '../../../sim/month';

const period = rangePeriod('2026-10-01', '2026-10-02', Date.parse('2026-11-01T00:00:00Z'));
const month = simulateMonth({ month: '2026-10', servers: ['default'], events: [] }).slice(0, 1000);

/** The month's lines, the journey `portal` beside `default`, signing in as `via(i)` in run i. */
function journeyLines(via: (i: number) => string | undefined, carried = (_i: number) => false): RunLogLine[] {
  return month.map((line, i) => {
    const v = via(i);
    const portal = carried(i)
      ? { id: 'portal', up: 1 as const, ms: 300, carried: 1 as const }
      : { id: 'portal', up: 1 as const, ms: 300, ...(v !== undefined && { via: v, steps: 'authn 175, token 8' }) };
    return { ...line, servers: [...(line.servers ?? []), portal] };
  });
}

describe('the journeys signed in with', () => {
  const lines = journeyLines(
    (i) => (i % 50 === 0 ? 'password + Google Authenticator' : i === 7 ? 'password' : 'passkey'),
    (i) => i % 10 === 5,
  );
  const report = computeAvailability(lines, { period });
  const portal = report.servers.find((s) => s.server === 'portal');

  it('counts the sign-ins measured by their authenticators, most first; a carried verdict is none', () => {
    expect(portal?.signedInWith).toEqual([
      { via: 'passkey', runs: 879, percent: 97.6667 },
      { via: 'password + Google Authenticator', runs: 20, percent: 2.2222 },
      { via: 'password', runs: 1, percent: 0.1111 },
    ]);
    // A server's token request says nothing of authenticators.
    expect(report.servers.find((s) => s.server === 'default')?.signedInWith).toBeUndefined();
  });

  it('prints them under the tables within 80 columns, a small share as "<1 %", never as 0', () => {
    const text = renderAvailabilityText(report);
    expect(text).toContain(
      'Signed in with (share of the sign-ins measured, and their number):\n' +
        '  portal: passkey 98 % (879), password + Google Authenticator 2 % (20), password\n' +
        '      <1 % (1)\n',
    );
    expect(text.split('\n').filter((row) => row.length > TEXT_WIDTH)).toEqual([]);
  });

  it('says them in the HTML report too, escaped, and nothing where no journey signed in', () => {
    const page = renderAvailabilityHtml(report);
    expect(page).toContain('<h2>Signed in with</h2>');
    expect(page).toContain(
      '<li>portal: passkey 98 % (879 sign-ins), password + Google Authenticator 2 % (20 sign-ins), password &lt;1 % ' +
        '(1 sign-ins)</li>',
    );
    const none = computeAvailability(month, { period });
    expect(renderAvailabilityHtml(none)).not.toContain('Signed in with');
  });

  it('keeps a few ways per journey, the rest counted together: a forged history cannot grow the tally', () => {
    const many = computeAvailability(
      journeyLines((i) => `way ${i}`),
      { period },
    ).servers.find((s) => s.server === 'portal');
    expect(many?.signedInWith).toHaveLength(9);
    expect(many?.signedInWith?.[0]).toEqual({ via: OTHER_VIA, runs: 992, percent: 99.2 });
  });

  it('says nothing of runs that did not say (lines written before via)', () => {
    const old = computeAvailability(
      journeyLines(() => undefined),
      { period },
    );
    expect(old.servers.every((s) => s.signedInWith === undefined)).toBe(true);
    expect(renderAvailabilityText(old)).not.toContain('Signed in with');
  });
});
