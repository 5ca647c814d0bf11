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
 * What an entry's failures can be: "app" only for a journey with an `app` block (a server has no app). A journey's
 * `app` block counts as written: one its reader refused is told by itself, not a second time through pageFor.
 */
type PageForEntry = 'server' | 'journey' | 'journey with an app';

/**
 * The entry's `pageFor` as read by its declaration, held to the one cause every list names and to the causes the
 * entry can meet (`entry`): undefined when absent (DEFAULT_PAGE_FOR applies) or wrong (a problem is added).
 */
export function pageForOf(
  pageFor: readonly PageForWord[] | undefined,
  path: string,
  problems: Problems,
  entry: PageForEntry,
): readonly FaultOwner[] | undefined {
  if (pageFor === undefined) return undefined;
  // A word naming a cause the entry never meets would page for nothing: said, not silently kept.
  if (pageFor.includes('app') && entry !== 'journey with an app') {
    problems.add(
      `${path}.pageFor`,
      entry === 'server'
        ? `"app" names an app's refusal after Okta's part, which only a signIn journey with an "app" block meets, ` +
            `never a server; remove "app" here and put it on that journey's pageFor`
        : `"app" names the refusal of the journey's app, and this journey has no "app" block (flow "browser"), so ` +
            `it never meets one; add the "app" block, or remove "app"`,
    );
    return undefined;
  }
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
