// "Did you mean": the nearest of the names a user could have meant, for a mistyped command, option, field or id. Its
// own file, apart from the config reader that uses it most, so the CLI's first module can suggest a command without
// loading that reader.

/** The closest candidate within a small edit distance (case-insensitive), for "did you mean". */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(input.length / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** Optimal-string-alignment distance: Levenshtein plus swapped neighbours ("rnu" is one step from "run"). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    const above = rows[i - 1] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/** Longer input is cut before it is compared: a name is short, and a pasted page must not cost seconds. */
const MOST_COMPARED = 64;

/**
 * At most `most` candidates near `input`, nearest first: those that begin with it or that it begins, then those
 * within didYouMean's distance, then in code-unit order. None when nothing is near: a far name helps nobody.
 */
export function closestNames(input: string, candidates: readonly string[], most: number): string[] {
  const typed = input.slice(0, MOST_COMPARED).toLowerCase();
  const allowed = Math.max(1, Math.floor(typed.length / 3));
  const near = candidates.flatMap((name) => {
    const lower = name.toLowerCase();
    const prefix = typed !== '' && (lower.startsWith(typed) || typed.startsWith(lower));
    const distance = editDistance(typed, lower.slice(0, MOST_COMPARED));
    return prefix || distance <= allowed ? [{ name, prefix, distance }] : [];
  });
  near.sort(
    (a, b) =>
      Number(b.prefix) - Number(a.prefix) ||
      a.distance - b.distance ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return near.slice(0, Math.max(0, most)).map((r) => r.name);
}
