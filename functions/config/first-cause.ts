// One error per mistake: the validator reads every field and never stops at the first problem, so one typo can
// also be reported through its consequences. This pass keeps the cause and drops what follows from it, so the
// admin fixes one thing per line. Pure: the errors as "path: message" and the file as written in, the errors out.
import { type Json } from './readers';
import { didYouMean } from '../text/did-you-mean';

const UNKNOWN = /^(.*)\.([^.]+): unknown field \(did you mean ([^?]+)\?\)$/;
const REFERENCE = /"([^"]+)" is not the id of any servers\[\] entry|add a servers\[\] entry with id "([^"]+)"/;
/** A Preview entry keyed by an id Production's list lacks: the key, and the list. */
const PREVIEW_KEY = /^preview\.servers\.[^:]+: the Production config has no servers\[\] entry "([^"]+)"/;
const pathOf = (error: string): string => error.slice(0, Math.max(0, error.indexOf(': ')));

export function firstCauses(errors: readonly string[], raw: Json): string[] {
  // A misspelled field that is also required: "clientID: unknown field (did you mean clientId?)" is the cause,
  // "clientId: required" its consequence.
  const misspelled = new Set(
    errors.flatMap((e) => {
      const m = UNKNOWN.exec(e);
      return m === null ? [] : [`${m[1] ?? ''}.${m[3] ?? ''}`];
    }),
  );
  let kept = errors.filter((e) => !(misspelled.has(pathOf(e)) && e.slice(pathOf(e).length + 2).startsWith('required')));
  const servers: unknown[] = Array.isArray(raw.servers) ? raw.servers : [];
  const entryErrors = (i: number): string[] =>
    kept.filter((e) => pathOf(e) === `servers[${i}]` || pathOf(e).startsWith(`servers[${i}].`));
  const replaced = new Map<number, string>();
  /** The ids the misspelled entries were meant to have. */
  const meant = new Set<string>();
  kept = kept.filter((e) => {
    const m = REFERENCE.exec(e);
    if (m === null) return true;
    const id = m[1] ?? m[2] ?? '';
    for (const [i, entry] of servers.entries()) {
      if (typeof entry !== 'object' || entry === null) continue;
      const written = entry as Json;
      // An entry whose id is a near miss of the one named: its id is the mistake, and its other problems (a custom
      // server's audience, when "org" was meant) follow from it.
      if (typeof written.id === 'string' && written.id !== id && didYouMean(written.id, [id]) === id) {
        replaced.set(
          i,
          `servers[${i}].id: "${written.id}" is not "${id}", which ${pathOf(e)} names (did you mean "${id}"?)`,
        );
        meant.add(id);
        return false;
      }
      // An entry with a problem of its own that holds the id under a misspelled field: that problem is the cause.
      if (entryErrors(i).length > 0 && typeof written.id !== 'string' && Object.values(written).includes(id))
        return false;
    }
    return true;
  });
  if (replaced.size === 0) return kept;
  // The Preview block keyed by the id the entry was meant to have is right: its "did you mean" would copy the
  // misspelling into it. Only a misspelling found through Production's own references is known to be one; a Preview
  // key alone that misses is the Preview block's mistake, and is told as such.
  kept = kept.filter((e) => !meant.has(PREVIEW_KEY.exec(e)?.[1] ?? ''));
  const out: string[] = [];
  for (const e of kept) {
    const i = [...replaced.keys()].find((n) => pathOf(e) === `servers[${n}]` || pathOf(e).startsWith(`servers[${n}].`));
    if (i === undefined) out.push(e);
    else if (replaced.has(i)) {
      out.push(replaced.get(i) ?? '');
      replaced.delete(i);
    }
  }
  return [...[...replaced.values()], ...out];
}
