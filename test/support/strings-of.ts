// Every string of a parsed document, its members' names too: what a reader of a JSON output sees, one per item.
export const stringsOf = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(stringsOf)
      : value !== null && typeof value === 'object'
        ? Object.entries(value).flatMap(([key, item]) => [key, ...stringsOf(item)])
        : [];
