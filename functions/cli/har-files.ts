// run --har DIR: the sanitized HTTP trace (HAR) of each failed check, one file each, for a case with Okta Support. The
// folder and files are the user's alone (0700, 0600): sanitized as the trace is, it still names the org's users and
// apps. Nothing is written for a run where nothing failed. A failed browser journey's screenshot and page trace go
// beside its HAR, named alike.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { harOf } from '../har/build';
import { pageFiles, type HarCapture } from '../har/capture';
import { errnoText } from '../read-file';
import type { Report } from '../types';
import { CouldNotRunError } from './frame';

/** The folder for the traces, made if missing (0700); a folder that cannot be made stops the run before it starts. */
export function harFolder(dir: string): string {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new CouldNotRunError(`run: --har ${dir}: cannot create the folder (${errnoText(error)})`);
  }
  return path;
}

/** Writes one HAR per failed check of `report` into `dir`; returns the files written, in report order. */
export function writeHarFiles(
  report: Report,
  capture: HarCapture,
  secrets: readonly string[],
  dir: string,
): { readonly written: string[]; readonly failed: string[] } {
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const written: string[] = [];
  const failed: string[] = [];
  const write = (file: string, content: string | Uint8Array): void => {
    try {
      writeFileSync(file, content, { mode: 0o600 });
      written.push(file);
    } catch (error) {
      failed.push(`${file} (${errnoText(error)})`);
    }
  };
  for (const result of report.checks) {
    const stem = join(dir, `${stamp}-${result.server}-${result.check}`);
    const har = harOf(result, capture, secrets);
    if (har !== undefined) write(`${stem}.har`, `${JSON.stringify(har, null, 2)}\n`);
    // A failed browser journey's page beside it: its screenshot and its page's trace, named alike.
    for (const [suffix, content] of pageFiles(result, capture)) write(`${stem}${suffix}`, content);
  }
  return { written, failed };
}
