// The person's steps on the page: each answer the widget received judged as the idx flow judges it, and the form it
// asks for answered as a person answers it (fields filled when visible, buttons clicked when they can be), or what
// stopped them named.
import { within } from '../../../../deadline';
import { fail, type Verdict } from '../../../verdict';
import type { IdxSubmit } from '../../idx-move';
import { typeCode, type PagePerson } from './totp';
import { field, remediationNames, WIDGET, type PageControl } from './answers';
import { classicSignIn } from './classic';
import type { PageAnswers } from './page-answers';
import type { PageReading } from './reading';
import { reachForm, type SwitchingPerson } from './switch';
import type { BrowserIo } from './io';
import { pageCause, pageText, type PageFacts } from './page-facts';
import { actionStop } from './action-log';

type Page = import('playwright-core').Page;
type Locator = import('playwright-core').Locator;

/** How long the form a walk stopped on is read for its name: it is on the page already, or there is none. */
const FORM_READ_MS = 500;
/** Said of a step once Okta's answer sent the page on to the app (success-redirect, Classic's SUCCESS). */
const SUCCEEDED = ', once Okta said the sign-in succeeded';
/** Enough for identify, password, select, code, an expiry warning, an optional enrollment, "Stay signed in". */
const MAX_FORMS = 10;
/** The form's submit, `type=submit` in every generation (Gen2's input, Gen3's button). */
const SUBMIT = `${WIDGET} form [type="submit"]`;
/** A Classic Engine widget's first form: the username and the password together. */
const CLASSIC_USERNAME = `${WIDGET} form input[name="username"]`;
/** How often an action the page does nothing to block is tried before our browser is said to have stalled. */
const ACTION_ATTEMPTS = 2;
/** The form's title, by the data-se Gen2 and Gen3 both give it. */
const FORM_HEAD = `${WIDGET} [data-se="o-form-head"]`;

/** The words of where the walk is, after a move: the finding's "after the password". */
function afterMove(move: IdxSubmit): string {
  if (move.step === 'identify') return move.secret === undefined ? 'after the identifier' : 'after the password';
  if (move.step === 'password') return 'after the password';
  if (move.step === 'totp') return 'after the TOTP code';
  if (move.step === 'select') return `after choosing ${move.label}`;
  return `after the ${move.label}`;
}

/**
 * The sign-in, answer by answer: each answer the widget received is judged as the idx flow judges it, and the form
 * it asks for answered on the page (the identifier, the password, the authenticator whose seed the journey holds, its
 * code, "Don't stay signed in", a skip). 'landed' at the app, or the verdict that stopped the walk.
 */
export async function signInSteps(
  person: Person,
  io: BrowserIo,
  landing: Promise<void>,
  answers: PageAnswers,
  reading: PageReading,
): Promise<'landed' | Verdict> {
  let seen = 0;
  let when = 'at the first form';
  // A Classic Engine page asks for the username and password before any answer: its widget has no transaction yet.
  const classic = answers.count === 0 && (await person.shows(CLASSIC_USERNAME));
  let pending: { readonly move: IdxSubmit; readonly control: PageControl } | undefined = classic
    ? classicSignIn()
    : undefined;
  for (let forms = 0; forms <= MAX_FORMS; forms++) {
    if (pending === undefined) {
      const answer = await answers.after(seen, 2 * io.stepMs, landing);
      if (answer === 'landed') {
        reading.landed();
        return 'landed';
      }
      if (answer === undefined) return person.stopped(when, answers);
      const judged = classic ? reading.judgeClassic(answer, when) : reading.judge(answer, when);
      if (judged.kind === 'failed') return judged.verdict;
      if (judged.kind === 'form') return person.formBlocked(when, judged.names);
      if (judged.kind === 'landing') {
        // Okta's redirect may show another of its pages before the app's: the consent screen of an app whose consent
        // is required (okta-developer-docs guides/request-user-consent), a Classic org's widget handed its
        // transaction. Its answer is judged as any other; the landing ends the wait as before.
        seen = answers.count;
        if (!when.endsWith(SUCCEEDED)) when = `${when}${SUCCEEDED}`;
        continue;
      }
      pending = judged;
    }
    const { move, control } = pending;
    pending = undefined;
    const filled = await fillForm(person, io, control);
    if (filled !== undefined) return filled;
    // Counted before the press: the answer to it is the next one.
    seen = answers.count;
    const pressed = control.press === 'submit' ? await person.submit(control.what) : await person.press(control);
    if (pressed !== undefined) return pressed;
    reading.acted(move);
    when = afterMove(move);
  }
  return fail('UNEXPECTED_RESPONSE', `the page kept asking for more after ${MAX_FORMS} forms`);
}

/** The control's form made ready and its fields filled (the code only where typeCode allows); or why not. */
async function fillForm(person: Person, io: BrowserIo, control: PageControl): Promise<Verdict | undefined> {
  const ready = await person.prepare(control);
  if (ready !== undefined) return ready;
  for (const { field, value, within } of control.fill) {
    const filled =
      value === 'totp'
        ? await typeCode(person, io, field, within)
        : await person.fill(
            field,
            value === 'username' ? io.username : io.password,
            value === 'username' ? 'the identifier field' : 'the password field',
            within,
          );
    if (filled !== undefined) return filled;
  }
  return undefined;
}

/** A person at the page: fills what is visible, clicks what can be clicked, and says what stopped them. */
export class Person implements PagePerson, SwitchingPerson {
  constructor(
    private readonly tab: Page,
    private readonly io: BrowserIo,
    private readonly page: PageFacts,
    private readonly since: () => number,
  ) {}

  /**
   * The control's form made ready: the form it must show (the factor the answer named) waited for, else named; its
   * revealing link clicked when shown.
   */
  async prepare(control: PageControl): Promise<Verdict | undefined> {
    const target = control.showing?.selector ?? (control.press === 'submit' ? undefined : control.press.join(', '));
    if (control.elsewhere !== undefined && target !== undefined) {
      const reached = await reachForm(this, target, control.elsewhere, this.io.stepMs);
      if (reached !== undefined) return reached;
    }
    if (control.showing !== undefined) {
      const shown = await this.tab
        .locator(control.showing.selector)
        .first()
        .waitFor({ state: 'visible', timeout: this.io.stepMs })
        .then(() => true)
        .catch(() => false);
      if (!shown)
        return fail(
          'SIGN_IN_PAGE_FORM_BLOCKED',
          `the page does not show ${control.showing.what}, where the answer asks for its code: no code typed`,
        );
    }
    if (control.reveal !== undefined && (await this.shows(control.reveal)))
      return this.click(control.reveal, `the link that shows ${control.what}'s field`);
    return undefined;
  }

  /** Types into the widget's input of that name once it shows (the widget renders the answer it just received). */
  async fill(name: string, value: string, what: string, within?: string): Promise<Verdict | undefined> {
    const input = this.tab.locator(field(name, within)).first();
    const unseen = await this.unseen(input, what);
    if (unseen !== undefined) return unseen;
    return this.act(what, 'typed into', () => input.fill(value, { timeout: this.io.stepMs }));
  }

  async shows(selector: string): Promise<boolean> {
    return this.tab
      .locator(selector)
      .first()
      .isVisible()
      .catch(() => false);
  }

  async autocomplete(name: string, within?: string): Promise<string> {
    return (
      (await this.tab
        .locator(field(name, within))
        .first()
        .getAttribute('autocomplete', { timeout: FORM_READ_MS })
        .catch(() => null)) ?? ''
    );
  }

  /** The title of the form the walk answered last. */
  #answeredTitle = '';

  async submit(what: string): Promise<Verdict | undefined> {
    const verdict = await this.click(SUBMIT, what);
    this.page.submitMs ??= this.since();
    return verdict;
  }

  /** The first of the control's selectors to show within the step, clicked. */
  async press(control: PageControl): Promise<Verdict | undefined> {
    const selectors = control.press === 'submit' ? [SUBMIT] : control.press;
    const shown = await this.firstShown(selectors, this.io.stepMs);
    return this.click(shown ?? selectors[0] ?? SUBMIT, control.what);
  }

  async firstShown(selectors: readonly string[], waitMs: number): Promise<string | undefined> {
    return Promise.any(
      selectors.map((s) =>
        this.tab
          .locator(s)
          .first()
          .waitFor({ state: 'visible', timeout: waitMs })
          .then(() => s),
      ),
    ).catch(() => undefined);
  }

  async click(selector: string, what: string): Promise<Verdict | undefined> {
    this.#answeredTitle = (
      await this.tab
        .locator(FORM_HEAD)
        .first()
        .innerText({ timeout: FORM_READ_MS })
        .catch(() => '')
    ).trim();
    const button = this.tab.locator(selector).first();
    const unseen = await this.unseen(button, what);
    if (unseen !== undefined) return unseen;
    return this.act(what, 'clicked', () => button.click({ timeout: this.io.stepMs }));
  }

  /**
   * Undefined once the element shows within a step; else why not: missing from the page, or there and hidden, both the
   * page's; or a renderer that no longer answers whether it is there (a host too busy to run it), ours.
   */
  private async unseen(element: Locator, what: string): Promise<Verdict | undefined> {
    const shown = await element
      .waitFor({ state: 'visible', timeout: this.io.stepMs })
      .then(() => true)
      .catch(() => false);
    if (shown) return undefined;
    // Counted within a read's bound: a renderer that stopped answering never holds the walk past its steps.
    const count = await within(element.count(), FORM_READ_MS, () => undefined).catch(() => 0);
    if (count === 0) return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} is missing from the widget's form`);
    if (count !== undefined)
      return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} is hidden (a style of the page hides it)`);
    return fail(
      'BROWSER_UNAVAILABLE',
      `Chromium stalled: waiting ${this.io.stepMs / 1000} s for ${what} to show, its page then did not say within ` +
        `${FORM_READ_MS / 1000} s whether it holds one. The host running the browser was too busy, and the rest of ` +
        'the page was not judged',
    );
  }

  /**
   * The action, judged by what stopped it: the page's evidence blocks the form; an action performed stands (the next
   * step judges what came of it); nothing seen of the page is tried once more, as a person tries a slow page again,
   * and then told as our browser's stall, never as the page's.
   */
  private async act(what: string, done: string, action: () => Promise<void>): Promise<Verdict | undefined> {
    for (let attempt = 1; ; attempt++) {
      const stop = await action().then(
        () => ({ kind: 'done' }) as const,
        (error: unknown) => actionStop(error instanceof Error ? error.message : String(error)),
      );
      if (stop.kind === 'done') return undefined;
      if (stop.kind === 'page') return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} ${stop.said}`);
      if (attempt === ACTION_ATTEMPTS)
        return fail(
          'BROWSER_UNAVAILABLE',
          `Chromium stalled: ${what} was not ${done} within ${ACTION_ATTEMPTS} steps of ${this.io.stepMs / 1000} s, ` +
            'though the page showed it visible, enabled, still and uncovered. The host running the browser was too ' +
            'busy, and the rest of the page was not judged',
        );
    }
  }

  /**
   * A form the page showed that the walk does not answer, named by its title and its remediations: the title of the
   * form the widget renders for the answer, once it replaced the one the walk answered last.
   */
  async formBlocked(when: string, names: string): Promise<Verdict> {
    const head = this.tab.locator(FORM_HEAD);
    const next = this.#answeredTitle === '' ? head : head.filter({ hasNotText: this.#answeredTitle });
    const title = await next
      .first()
      .innerText({ timeout: this.io.stepMs })
      .catch(() => head.first().innerText({ timeout: FORM_READ_MS }))
      .catch(() => '');
    const titled = title.trim() === '' ? 'a form' : `"${pageText(title, this.io.secrets())}"`;
    return fail(
      'SIGN_IN_PAGE_FORM_BLOCKED',
      `nothing the journey can answer came ${when}: the page showed ${titled}${names === '' ? '' : ` (${names})`}, ` +
        'which the journey cannot answer',
    );
  }

  /**
   * Nothing came: the form the widget shows, named, when the page itself is quiet (its latest answer's remediations);
   * else the page's cause.
   */
  async stopped(when: string, answers: PageAnswers): Promise<Verdict> {
    const quiet = this.page.counts.csp + this.page.counts.assets + this.page.counts.scriptErrors === 0;
    const latest = answers.latest();
    const shown = await this.tab
      .locator(FORM_HEAD)
      .first()
      .isVisible()
      .catch(() => false);
    if (quiet && shown) return this.formBlocked(when, latest === undefined ? '' : remediationNames(latest.response));
    return pageCause(this.page, `nothing the journey can answer came ${when}`);
  }
}
