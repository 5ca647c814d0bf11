// The status page built, the one entry the CLI's `status-page` and the Lambda's publisher both call: run lines folded
// in order into the model, with what the config names and, with several regions, what the quorum decided; then the
// page's files at a time. The model (status-model.json) is the one stored format: the Lambda reads it back to fold the
// next run into, while index.html and status.json are renderings at a time, never read back.
import { STATUS_PAGE_KEYS, type RunLogLine } from '../contract';
import { withBrowserLines, type BrowserParts } from './browser-line';
import { foldRunLine } from './fold';
import { renderStatusHtml } from './html';
import { statusJson } from './json';
import type { StatusModel } from './model';
import { previewLine, type PreviewSummary } from './preview';
import type { QuorumView } from './verdicts';
import type { WatchedPart } from './watched';

/** One file of the page: its name (the bucket's key, the folder's file), its content type and its body. */
interface PageFile {
  readonly key: (typeof STATUS_PAGE_KEYS)[keyof typeof STATUS_PAGE_KEYS];
  readonly type: string;
  readonly body: string;
}

interface StatusPageInput {
  /** The model an earlier build kept (the Lambda's status-model.json, read back by readStatusModel). */
  readonly prev?: StatusModel | undefined;
  /** The runs to fold in, in any order: each no newer than the model's last run changes nothing. */
  readonly lines: readonly RunLogLine[];
  /** The time the page is rendered at: stale when the last run is older than STALE_AFTER_MS then. */
  readonly at: Date;
  /** What the config watches, by kind and people's name (watchedOf). */
  readonly watched?: readonly WatchedPart[];
  /** With several regions, what the quorum decided of each target: the page tells it, not one region's run. */
  readonly quorum?: QuorumView | undefined;
  /**
   * The latest Preview comparison kept (readPreviewSummary): its line of its own, never a part, never the overall
   * state. Absent with a `preview` block: "not checked yet"; without one, pass nothing and no line is shown.
   */
  readonly preview?: { readonly summary: PreviewSummary | undefined } | undefined;
  /**
   * Deployed, with "browser" journeys: each region's browser function's last run line (browser-line.ts), told with
   * the newest run. The CLI's runs run every journey, so it passes none.
   */
  readonly browser?: BrowserParts | undefined;
}

export interface StatusPage {
  readonly model: StatusModel;
  /** index.html, status.json and status-model.json, in that order. */
  readonly files: readonly PageFile[];
}

/** The page of `input`'s runs, or undefined with no model and no run to build one from: never a page claiming green. */
export function buildStatusPage(input: StatusPageInput): StatusPage | undefined {
  const lines = [...input.lines].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  let model = input.prev;
  // The quorum's decisions are of now: they speak for the newest run only, the earlier ones fold as they ran.
  // So are the browser functions' last runs: their journeys' verdicts join the newest line, dated by their own run.
  for (const [i, line] of lines.entries()) {
    const newest = i === lines.length - 1;
    const joined = newest && input.browser !== undefined ? withBrowserLines(line, input.browser, input.at) : undefined;
    const quorum = newest ? input.quorum : undefined;
    model = foldRunLine(model, joined?.line ?? line, input.watched, quorum, joined?.judged);
  }
  if (model === undefined) return undefined;
  // The Preview line names each target as the page does: by the config's name.
  const names = new Map((input.watched ?? []).flatMap((w) => (w.name !== undefined ? [[w.id, w.name] as const] : [])));
  const preview = input.preview === undefined ? undefined : previewLine(input.preview.summary, input.at, names);
  return {
    model,
    files: [
      {
        key: STATUS_PAGE_KEYS.html,
        type: 'text/html; charset=utf-8',
        body: renderStatusHtml(model, input.at, preview),
      },
      {
        key: STATUS_PAGE_KEYS.json,
        type: 'application/json',
        body: `${JSON.stringify(statusJson(model, input.at, preview), null, 2)}\n`,
      },
      { key: STATUS_PAGE_KEYS.model, type: 'application/json', body: JSON.stringify(model) },
    ],
  };
}
