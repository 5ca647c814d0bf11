// What the browser walk is given (the page's address, the user's secrets by callback, its waits) and what it gives
// back: the landing at the app's redirect URI, or the verdict that stopped it, with the page's facts either way.
import type { PasswordAnswer } from '../../guard-outcomes';
import type { Verdict } from '../../../verdict';
import type { TotpIo } from './totp';
import type { WalkTold } from './answers';
import type { PageFacts } from './page-facts';

type Page = import('playwright-core').Page;

export interface BrowserIo extends TotpIo, WalkTold {
  readonly chromium: string | undefined;
  readonly authorizeUrl: string;
  readonly redirectUri: string;
  /** The origins the page may be on: the org's and its custom domain's. */
  readonly pageOrigins: readonly string[];
  readonly username: string;
  readonly password: string;
  /** The widget must render within this; the wait for it is longer, so a slow page is told from a blank one. */
  readonly renderBudgetMs: number;
  /** One step's wait (a field, a button, the next form). */
  readonly stepMs: number;
  readonly passwordStep: (answer: PasswordAnswer) => void;
  /** The run's secrets so far (the password, the code, cookies): never kept in a finding. */
  readonly secrets: () => readonly string[];
  /** Told of the page as it runs and at its end (browser-evidence.ts: a failure's screenshot and trace). */
  readonly watcher?: PageWatcher;
  /**
   * Handed the tab once the walk landed at the redirect URI, the browser still open: a journey's app is visited in
   * the same session (app-sign-in.ts), in a tab of its own. The sign-in's verdict is decided by then.
   */
  readonly afterSignIn?: (tab: Page) => Promise<void>;
}

/** Watches the tab from its opening; settled at the walk's end, the browser still open (`failed`: not a clean walk). */
export interface PageWatcher {
  watch(tab: import('playwright-core').Page): void;
  settle(failed: boolean): Promise<void>;
}

export type BrowserResult =
  | { readonly landed: URL; readonly page: PageFacts }
  | { readonly verdict: Verdict; readonly page: PageFacts };
