// The latest Preview comparison kept beside `run --history DIR` (DIR/kept/preview-summary.json) for `status-page`:
// a record of its own, never in the run lines the availability report reads, so Preview never counts there.
import type { PreviewComparison } from '../report/preview-pair';
import { previewSummaryOf, readPreviewSummary, type PreviewSummary } from '../status-page/preview';
import { errnoText } from '../read-file';
import { createFileKeptStore } from './kept-state-file';

/** The record's key among the kept records. */
const PREVIEW_SUMMARY_KEY = 'preview-summary';

/** The summary kept in `history`: none kept, one judged sound, or why the one there was refused (never its text). */
export async function keptPreviewSummary(
  history: string,
): Promise<{ readonly summary: PreviewSummary | undefined; readonly refused?: string }> {
  const store = createFileKeptStore(history);
  try {
    const raw = await store.read(PREVIEW_SUMMARY_KEY);
    if (raw === undefined) return { summary: undefined };
    const summary = readPreviewSummary(raw);
    if (summary !== undefined) return { summary };
    return { summary: undefined, refused: `${store.where(PREVIEW_SUMMARY_KEY)} is not a Preview summary of ours` };
  } catch (error) {
    return { summary: undefined, refused: errnoText(error) };
  }
}

/**
 * The run's comparison kept for the page, each failure since when the run's since record says; a problem as text (the
 * run goes on: only the Preview line needs it).
 */
export async function keepPreviewSummary(
  history: string,
  compared: PreviewComparison,
  run: { readonly checkedAt: string; readonly everyMinutes: number },
  since: Readonly<Record<string, string>>,
): Promise<string | undefined> {
  try {
    await createFileKeptStore(history).write(PREVIEW_SUMMARY_KEY, previewSummaryOf(compared, run, { since }));
    return undefined;
  } catch (error) {
    return errnoText(error);
  }
}
