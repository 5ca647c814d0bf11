// How the docs' generated figures say a number in a sentence: small counts spelled, shares and spans in words where
// an admin reads them so ("below half", "kept a day"), anything else in digits with its unit.

/** A small whole number as prose spells it ("three"), digits past ten. */
export const spelled = (n: number): string =>
  ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'][n] ?? String(n);

/** A list as a sentence says it: "1, 2, 4 and 8". */
export const inWords = (items: readonly string[]): string =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** A percentage as a share in words: 50 is "half", 25 "a quarter", anything else "40%". */
export const share = (percent: number): string =>
  ({ 50: 'half', 25: 'a quarter', 75: 'three quarters' })[percent] ?? `${percent}%`;

/** How many times, in words: 2 is "twice", 3 "three times". */
export const times = (n: number): string => (n === 1 ? 'once' : n === 2 ? 'twice' : `${spelled(n)} times`);

const UNITS = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
] as const;

/** A span of seconds in the largest unit that divides it: 86,400 is "a day", 7,200 "2 hours", 90 "90 seconds". */
export function span(seconds: number): string {
  const [unit, size] = UNITS.find(([, size]) => seconds % size === 0) ?? ['second', 1];
  const n = seconds / size;
  if (n === 1) return unit === 'hour' ? 'an hour' : `a ${unit}`;
  return `${n.toLocaleString('en-US')} ${unit}s`;
}

/** A span after "the last": "hour" for an hour, "2 hours" for two. */
export const lastSpan = (seconds: number): string => span(seconds).replace(/^an? /, '');

/** One part in `n` as prose says it: "half", "a twelfth"; "1/7" where no word is common. */
export const part = (n: number): string =>
  ({ 2: 'half', 3: 'a third', 4: 'a quarter', 6: 'a sixth', 10: 'a tenth', 12: 'a twelfth' })[n] ?? `1/${n}`;
