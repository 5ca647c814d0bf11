// `pageFor` on a server or a signIn journey: which causes of its failures page (the rest warn), read. The default,
// Okta's faults and the org's configuration, pages for whatever stops users; "probe" adds the probe's own
// credentials and settings (a rotated secret of ours, the synthetic user's password), which stop nobody else.
// Read by hand, not by readDeclared: its messages give an example of the whole list and take a prefix for a cause
// ("config"). Its declaration (schema.ts PAGE_FOR) is written from the same two constants: the causes
// (PAGE_CAUSES) and the one every list names (ALWAYS_PAGES).
import { DEFAULT_PAGE_FOR, PAGE_CAUSES, type PageCause } from '../contract';
import { didYouMean, typeName, type Json, type Problems } from './readers';
import { ALWAYS_PAGES } from './schema';

const CAUSES: ReadonlySet<string> = new Set(PAGE_CAUSES);

/** The entry's `pageFor`, or undefined when absent (DEFAULT_PAGE_FOR applies) or wrong (a problem is added). */
export function readPageFor(entry: Json, path: string, problems: Problems): readonly PageCause[] | undefined {
  const value = entry.pageFor;
  const at = `${path}.pageFor`;
  if (value === undefined) return undefined;
  const example = `e.g. ${JSON.stringify(DEFAULT_PAGE_FOR)} (the default) or ${JSON.stringify(PAGE_CAUSES)}`;
  if (!Array.isArray(value)) {
    problems.add(at, `expected an array of causes, got ${typeName(value)}: ${example}`);
    return undefined;
  }
  const before = problems.list.length;
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string' || !CAUSES.has(item)) {
      // "config" for "configuration": a prefix is as likely a slip as a typo.
      const hint =
        typeof item !== 'string'
          ? undefined
          : (PAGE_CAUSES.find((cause) => item.length >= 3 && cause.startsWith(item.toLowerCase())) ??
            didYouMean(item, PAGE_CAUSES));
      problems.add(
        `${at}[${index}]`,
        `expected one of ${PAGE_CAUSES.join(', ')}, got ${typeof item === 'string' ? JSON.stringify(item) : typeName(item)}` +
          (hint !== undefined ? ` (did you mean "${hint}"?)` : ''),
      );
    } else if (value.indexOf(item) !== index) problems.add(`${at}[${index}]`, `"${item}" is listed twice`);
  });
  if (problems.list.length > before) return undefined;
  if (!value.includes(ALWAYS_PAGES)) {
    problems.add(
      at,
      `must include "${ALWAYS_PAGES}": an outage of Okta always pages (add "${ALWAYS_PAGES}", or remove ` +
        `pageFor for the default ` +
        `${JSON.stringify(DEFAULT_PAGE_FOR)})`,
    );
    return undefined;
  }
  return value as PageCause[];
}
