// A long run's progress line: silent for a quick run, rewritten in place once a second after that, erased at the end,
// and nothing at all when not asked for (a pipe, --json).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startProgress } from '../../../functions/cli/progress';

afterEach(() => {
  vi.useRealTimers();
});

const request = (check: 'token' | 'saml-apps') => ({ server: 'x', check, method: 'GET', url: 'https://o.example' });

describe('startProgress', () => {
  it('says nothing for the first seconds, then counts the requests and the SAML apps, and erases its line', () => {
    vi.useFakeTimers();
    let clock = 0;
    const written: string[] = [];
    const progress = startProgress(
      (t) => written.push(t),
      true,
      () => clock,
    );
    progress.sent(request('token'));
    clock = 1000;
    vi.advanceTimersByTime(1000);
    expect(written).toEqual([]);
    progress.sent(request('saml-apps'));
    progress.sent(request('saml-apps'));
    clock = 3000;
    vi.advanceTimersByTime(2000);
    expect(written.at(-1)).toBe('\r\u001b[2KProbing: 3 requests to Okta sent, 2 of them to SAML apps, 3 s');
    progress.stop();
    expect(written.at(-1)).toBe('\r\u001b[2K');
    const count = written.length;
    vi.advanceTimersByTime(5000);
    expect(written).toHaveLength(count);
  });

  it('writes nothing when not shown, and a quick run erases nothing it never wrote', () => {
    vi.useFakeTimers();
    const written: string[] = [];
    const hidden = startProgress(
      (t) => written.push(t),
      false,
      () => 10_000,
    );
    hidden.sent(request('token'));
    vi.advanceTimersByTime(10_000);
    hidden.stop();
    const quick = startProgress(
      (t) => written.push(t),
      true,
      () => 0,
    );
    vi.advanceTimersByTime(1000);
    quick.stop();
    expect(written).toEqual([]);
  });
});
