// The CLI's record of each group of SAML apps, beside --history as the other kept records are
// (kept-state-file.ts): DIR/kept/saml-groups/<group>.json, one JSON object of every app's record, so that cron runs and
// `run --every` loops spread the catalogue over the cadence across processes. Written whole (a temporary file renamed
// over it): never torn. A thousand apps are about 250 KB.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogueStore } from '../kept-state';
import { KEPT_DIR, notA, readJsonFile } from './kept-state-file';
import { replaceFile } from './replace-file';

/** A group's file holds a few hundred bytes an app: anything near this is not one. */
const GROUP_FILE = { maxBytes: 16 * 1024 * 1024, what: "a SAML group's record" } as const;

export function createFileCatalogueStore(historyDir: string): CatalogueStore {
  const dir = join(historyDir, KEPT_DIR, 'saml-groups');
  const file = (group: string): string => join(dir, `${group}.json`);
  const read = (group: string): Map<string, unknown> => {
    const json = readJsonFile(file(group), GROUP_FILE);
    if (json === undefined) return new Map();
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw notA(file(group), GROUP_FILE.what);
    return new Map(Object.entries(json));
  };
  return {
    where: (group) => `the file ${file(group)}`,
    read: (group) => Promise.resolve().then(() => read(group)),
    write: (group, changed, forgotten) =>
      Promise.resolve().then(() => {
        const apps = read(group);
        for (const [app, record] of changed) apps.set(app, record);
        for (const app of forgotten) apps.delete(app);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        replaceFile(file(group), `${JSON.stringify(Object.fromEntries(apps))}\n`);
      }),
  };
}
