// An enrollment grace period read from Okta's answer (hostile input: counts and dates checked, labels bounded), and
// the warning the journey's enrollment-grace check gives from it.
import { describe, expect, it } from 'vitest';
import { enrollObserved, judgeEnrollGrace, readEnrollGrace } from '../../../../functions/probe/sign-in/enroll-grace';
import { judged, pass, type Judged } from '../../../../functions/probe/verdict';

const bySkips = (remainingSkips: unknown) => ({ gracePeriod: { type: 'BY_SKIP_COUNT', remainingSkips } });

describe('readEnrollGrace', () => {
  it('keeps only whole, in-range skip counts and dates that parse; never guesses', () => {
    const read = readEnrollGrace([
      { label: 'Okta Phone', authenticator: bySkips(3) },
      { label: 'Negative', authenticator: bySkips(-1) },
      { label: 'Fraction', authenticator: bySkips(1.5) },
      { label: 'Text', authenticator: bySkips('3') },
      { label: 'Huge', authenticator: bySkips(1e9) },
      { label: 'Bad date', authenticator: { gracePeriod: { type: 'BY_DATE_TIME', expiry: 'soon' } } },
      { label: 'Long date', authenticator: { gracePeriod: { expiry: `2024-12-17T05:00:00.000Z${' '.repeat(100)}` } } },
      { label: 'Array', authenticator: { gracePeriod: [3] } },
      { label: 'None', authenticator: undefined },
      { label: 'Date', authenticator: { gracePeriod: { type: 'BY_DATE_TIME', expiry: '2024-12-17T05:00:00.000Z' } } },
    ]);
    expect(read).toEqual([
      { name: 'Okta Phone', remainingSkips: 3 },
      { name: 'Date', expiry: '2024-12-17T05:00:00.000Z' },
    ]);
  });

  it("bounds Okta's labels: markup, control characters and length gone, and at most a dozen options read", () => {
    const [one] = readEnrollGrace([{ label: `<b>Phone</b>\u0007\n${'x'.repeat(500)}`, authenticator: bySkips(2) }]);
    expect(one?.name).not.toMatch(/[<>\n]/);
    expect(one?.name).not.toContain(String.fromCharCode(7));
    expect(one?.name.length).toBeLessThanOrEqual(60);
    const many = Array.from({ length: 500 }, (_, i) => ({ label: `A${i}`, authenticator: bySkips(i) }));
    expect(readEnrollGrace(many)).toHaveLength(12);
    expect(readEnrollGrace([{ label: 42, authenticator: bySkips(1) }])[0]?.name).toBe('an authenticator');
  });
});

describe('the enrollment-grace check', () => {
  const signedIn = (observed: Readonly<Record<string, string | number | null>>): Judged => judged(pass(observed));

  it('passes when no enrollment was skipped', () => {
    expect(judgeEnrollGrace(signedIn({})).judgement).toMatchObject({ diagnosis: null });
  });

  it('warns from the first skip, counting the runs left from the fewest skips Okta showed', () => {
    const observed = enrollObserved([
      { name: 'Okta Phone', remainingSkips: 3 },
      { name: 'Security Key', remainingSkips: 1 },
    ]);
    expect(observed).toEqual({
      enrollGrace: 'Okta Phone: 3 skips remaining; Security Key: 1 skip remaining',
      enrollSkipsLeft: 1,
    });
    const last = judgeEnrollGrace(signedIn(observed)).judgement;
    expect(last).toMatchObject({ diagnosis: { code: 'ENROLLMENT_GRACE' }, observed: { enrollSkipsLeft: 0 } });
    expect('diagnosis' in last && last.diagnosis?.detail).toContain('the next run fails MFA_ENROLLMENT_REQUIRED');
    const three = judgeEnrollGrace(signedIn(enrollObserved([{ name: 'Okta Phone', remainingSkips: 3 }]))).judgement;
    expect('diagnosis' in three && three.diagnosis?.detail).toContain('2 left');
  });

  it('warns of a skip whose grace Okta did not state, and of a grace by date', () => {
    const unknown = judgeEnrollGrace(signedIn(enrollObserved([]))).judgement;
    expect(unknown).toMatchObject({ diagnosis: { code: 'ENROLLMENT_GRACE' }, observed: { enrollSkipsLeft: null } });
    const dated = judgeEnrollGrace(
      signedIn(enrollObserved([{ name: 'Okta Phone', expiry: '2030-01-01T00:00:00.000Z' }])),
    );
    expect('diagnosis' in dated.judgement && dated.judgement.diagnosis?.detail).toContain(
      'Okta Phone: required after 2030-01-01T00:00:00.000Z',
    );
  });
});
