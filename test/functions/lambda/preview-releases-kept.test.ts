// The deployed Preview run's read of Okta's Preview release notes, kept a day: never a read made before the failure
// it names a release for began, or "the release it likely started with" could be last week's.
import { describe, expect, it } from 'vitest';
import { KEPT_KEYS } from '../../../functions/contract';
import { keptPreviewReleases } from '../../../functions/lambda/preview-run';
import { keptReleases } from '../../../functions/probe/feed/preview-releases';

const URL_ = 'https://help.okta.com/oie/en-us/rss/preview.xml';
const HOUR = 60 * 60_000;
const NOW = Date.parse('2026-11-27T12:00:00Z');

/** The run's deps with a kept read of the feed made at `readAt`, counting the feed's reads. */
function deps(readAt: number) {
  const records = new Map<string, unknown>([
    [
      KEPT_KEYS.previewReleases,
      keptReleases(URL_, readAt, { releases: [{ version: '2026.47.0', at: NOW - 9 * 24 * HOUR }] }),
    ],
  ]);
  const reads: number[] = [];
  return {
    reads,
    records,
    deps: {
      kept: {
        where: (key: string) => key,
        read: async (key: string) => records.get(key),
        write: async (key: string, value: unknown) => void records.set(key, value),
      },
      deadline: NOW + 60_000,
      fetchReleases: async () => {
        reads.push(NOW);
        return { releases: [{ version: '2026.48.0', at: NOW - 2 * 24 * HOUR }] };
      },
    } as unknown as Parameters<typeof keptPreviewReleases>[0],
  };
}

describe("the deployed Preview run's release notes", () => {
  it('reads the feed again when the kept read predates the failure, and keeps the new read', async () => {
    const { deps: d, reads } = deps(NOW - 6 * HOUR);
    const read = await keptPreviewReleases(d, URL_, NOW, NOW - HOUR);
    expect(reads).toHaveLength(1);
    expect(read).toEqual({ releases: [{ version: '2026.48.0', at: NOW - 2 * 24 * HOUR }], readAt: NOW });
  });

  it('reuses a read made once the failure had begun, for a day', async () => {
    const { deps: d, reads } = deps(NOW - 6 * HOUR);
    const read = await keptPreviewReleases(d, URL_, NOW, NOW - 7 * HOUR);
    expect(reads).toHaveLength(0);
    expect(read).toMatchObject({ readAt: NOW - 6 * HOUR });
  });

  it('keeps a read a day: one a day old is read again, though the failure began before it', async () => {
    const kept = deps(NOW - 24 * HOUR + 1);
    expect(await keptPreviewReleases(kept.deps, URL_, NOW, NOW - 48 * HOUR)).toMatchObject({
      readAt: NOW - 24 * HOUR + 1,
    });
    expect(kept.reads).toHaveLength(0);
    const old = deps(NOW - 24 * HOUR);
    expect(await keptPreviewReleases(old.deps, URL_, NOW, NOW - 48 * HOUR)).toMatchObject({ readAt: NOW });
    expect(old.reads).toHaveLength(1);
  });

  it('reads again a kept read dated after now (a clock set back), and keeps the new read', async () => {
    const { deps: d, reads, records } = deps(NOW + HOUR);
    expect(await keptPreviewReleases(d, URL_, NOW, NOW - 48 * HOUR)).toMatchObject({ readAt: NOW });
    expect(reads).toHaveLength(1);
    expect(records.get(KEPT_KEYS.previewReleases)).toMatchObject({ readAt: NOW });
  });

  it('with no time left, says so and keeps what was kept: a read it never made is never kept', async () => {
    const { deps: d, reads, records } = deps(NOW - 6 * HOUR);
    const before = records.get(KEPT_KEYS.previewReleases);
    const late = { ...d, deadline: NOW + 500 } as typeof d;
    expect(await keptPreviewReleases(late, URL_, NOW, NOW - HOUR)).toEqual({
      unknown: 'no time was left in the run to read the release notes',
    });
    expect(reads).toHaveLength(0);
    expect(records.get(KEPT_KEYS.previewReleases)).toBe(before);
  });
});
