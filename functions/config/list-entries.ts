// The top-level lists of named entries (`signIn`, `samlApps`): each entry an object of known fields whose `id` names
// one row of the report and of the alarms, so it follows the servers' rules and differs from every id before it.
// One reader for all of them, so each list says only what its entries hold.
import { STATUS_SERVER } from '../contract';
import { isObject, typeName, type AdvisedOptions, type Json, type Problems } from './readers';
import { RESERVED_SERVER_IDS } from './servers';

/** Resource names keep letters and digits only, so "a-b" and "ab" would collide: ids are compared this way. */
export const constructId = (id: string): string => id.replace(/[^A-Za-z0-9]/g, '').toLowerCase();

interface EntryList<T extends { readonly id: string }> {
  /** What one entry is, as the messages name it: `expected a ${noun} object`. */
  readonly noun: string;
  /** The list as written, shown when it is not an array. */
  readonly example: string;
  /** Ids already used (by `constructId`), with where: the list's own ids are added as they are read. */
  readonly taken: Map<string, string>;
  /**
   * One entry, read as a level (readLevel, its id by `entryIdRead`); undefined when a field has a problem or the id
   * is not read.
   */
  readonly read: (entry: Json, path: string) => T | undefined;
}

/**
 * The entries of `raw[key]` that have no problem and an id of their own; every problem of every entry is added,
 * each under its path (`signIn[1].id`).
 */
export function readEntryList<T extends { readonly id: string }>(
  raw: Json,
  key: string,
  problems: Problems,
  list: EntryList<T>,
): T[] {
  const value = raw[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(key, `expected an array of ${list.noun} objects like ${list.example}, got ${typeName(value)}`);
    return [];
  }
  const entries: T[] = [];
  value.forEach((entry: unknown, index) => {
    const path = `${key}[${index}]`;
    if (!isObject(entry)) {
      problems.add(path, `expected a ${list.noun} object, got ${typeName(entry)}`);
      return;
    }
    const before = problems.list.length;
    const read = list.read(entry, path);
    if (problems.list.length > before || read === undefined) return;
    const clash = list.taken.get(constructId(read.id));
    if (clash !== undefined) {
      problems.add(
        `${path}.id`,
        `"${read.id}" is already used by ${clash} (or differs from it only in "-", "_" or case); each id ` +
          `names one row of the report and of the alarms`,
      );
      return;
    }
    list.taken.set(constructId(read.id), `${path}.id`);
    entries.push(read);
  });
  return entries;
}

/**
 * How a listed entry's table reads its id (every list declares it a string with a pattern, schema.ts): required,
 * the report's and the alarms' name for the entry, never a word the probe's own names use.
 */
export function entryIdRead(idFor: string): AdvisedOptions {
  return {
    what: `a short name for this ${idFor}: the report and the alarms show it as the server`,
    advice: () => 'use 1-64 letters, digits, "_" or "-"',
    check: (value) => {
      const reserved = RESERVED_SERVER_IDS.find((word) => value.toLowerCase() === word);
      return reserved === undefined
        ? undefined
        : `"${value}" is reserved (${
            reserved === STATUS_SERVER
              ? 'the status feed ' + 'reports under it'
              : "the probe's own " + 'resources use it'
          }); ` + `pick another name`;
    },
  };
}
