// A long run's progress line: silent for a quick run, rewritten in place once a second after that, erased at the end,
// and nothing at all when not asked for (a pipe, --json). It counts what a person waits on, apps and checks, never
// requests.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressWanted, startProgress } from '../../../functions/cli/progress';

afterEach(() => {
  vi.useRealTimers();
});

describe('startProgress', () => {
  it('says nothing for the first seconds, then counts the SAML apps and the checks done, and erases its line', () => {
    vi.useFakeTimers();
    let clock = 0;
    const written: string[] = [];
    const progress = startProgress(
      (t) => written.push(t),
      true,
      () => clock,
    );
    progress.told({ kind: 'planned', checks: 12, apps: 1 });
    progress.told({ kind: 'check' });
    clock = 1000;
    vi.advanceTimersByTime(1000);
    expect(written).toEqual([]);
    // A group learns its share once its catalogue is read: the total grows then.
    progress.told({ kind: 'apps', count: 59 });
    for (let i = 0; i < 24; i++) progress.told({ kind: 'app' });
    progress.told({ kind: 'check' });
    clock = 25_000;
    vi.advanceTimersByTime(2000);
    expect(written.at(-1)).toBe('\r\u001b[2KProbing: 24 of 60 SAML apps, 2 of 12 checks done, 25 s');
    progress.stop();
    expect(written.at(-1)).toBe('\r\u001b[2K');
    const count = written.length;
    vi.advanceTimersByTime(5000);
    expect(written).toHaveLength(count);
  });

  it('names no apps in a run that has none', () => {
    vi.useFakeTimers();
    let clock = 0;
    const written: string[] = [];
    const progress = startProgress(
      (t) => written.push(t),
      true,
      () => clock,
    );
    progress.told({ kind: 'planned', checks: 9, apps: 0 });
    for (let i = 0; i < 3; i++) progress.told({ kind: 'check' });
    clock = 3000;
    vi.advanceTimersByTime(3000);
    expect(written.at(-1)).toBe('\r\u001b[2KProbing: 3 of 9 checks done, 3 s');
    progress.stop();
  });

  it('writes nothing when not shown, and a quick run erases nothing it never wrote', () => {
    vi.useFakeTimers();
    const written: string[] = [];
    const hidden = startProgress(
      (t) => written.push(t),
      false,
      () => 10_000,
    );
    hidden.told({ kind: 'planned', checks: 3, apps: 0 });
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

  it('is shown only on a terminal, never on a pipe or a file, and never with --json', () => {
    expect(progressWanted({ terminal: { stdout: true, stderr: true } }, false)).toBe(true);
    // The report piped on (run | tee): the line is on stderr, which a person still watches.
    expect(progressWanted({ terminal: { stdout: false, stderr: true } }, false)).toBe(true);
    expect(progressWanted({ terminal: { stdout: true, stderr: false } }, false)).toBe(false);
    expect(progressWanted({}, false)).toBe(false);
    expect(progressWanted({ terminal: { stdout: true, stderr: true } }, true)).toBe(false);
  });
});
