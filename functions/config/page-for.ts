// `pageFor` on a server or a signIn journey: which causes of its failures page (the rest warn), read. The default,
// Okta's faults and the org's configuration, pages for whatever stops users; "probe" adds the probe's own
// credentials and settings (a rotated secret of ours, the synthetic user's password), which stop nobody else.
// Read by its declaration (schema.ts PAGE_FOR: a list of PAGE_FOR_WORDS, each once) and turned into the owners the
// words name (PAGE_FOR_OWNER); the reader adds what a message needs beyond it: a prefix taken for a cause ("config"),
// and the one cause every list names (ALWAYS_PAGES), which the declaration states as `contains` and a declared read
// does not apply.
import {
  DEFAULT_PAGE_FOR,
  PAGE_FOR_OWNER,
  PAGE_FOR_WORD,
  PAGE_FOR_WORDS,
  type FaultOwner,
  type PageForWord,
} from '../contract';
import { quoted, type Problems } from './readers';
import { didYouMean } from '../text/did-you-mean';
import { ALWAYS_PAGES } from './schema';

/** How a level's table reads `pageFor`: each listed value a cause, a prefix taken for one named. */
export const PAGE_FOR_READ = { advice: notACause } as const;

/**
 * The entry's `pageFor` as read by its declaration, held to the one cause every list names: undefined when absent
 * (DEFAULT_PAGE_FOR applies) or wrong (a problem is added).
 */
export function pageForOf(
  pageFor: readonly PageForWord[] | undefined,
  path: string,
  problems: Problems,
): readonly FaultOwner[] | undefined {
  if (pageFor === undefined) return undefined;
  if (pageFor.includes(ALWAYS_PAGES)) return pageFor.map((word) => PAGE_FOR_OWNER[word]);
  problems.add(
    `${path}.pageFor`,
    `must include "${ALWAYS_PAGES}": an outage of Okta always pages (add "${ALWAYS_PAGES}", or remove pageFor for ` +
      `the default ${JSON.stringify(DEFAULT_PAGE_FOR.map((owner) => PAGE_FOR_WORD[owner]))})`,
  );
  return undefined;
}

/** A listed value that is no cause; "config" for "configuration": a prefix is as likely a slip as a typo. */
function notACause(item: string): string {
  const hint =
    PAGE_FOR_WORDS.find((cause) => item.length >= 3 && cause.startsWith(item.toLowerCase())) ??
    didYouMean(item, PAGE_FOR_WORDS);
  return (
    `expected one of ${PAGE_FOR_WORDS.join(', ')}, got ${quoted(item)}` +
    (hint !== undefined ? ` (did you mean "${hint}"?)` : '')
  );
}
