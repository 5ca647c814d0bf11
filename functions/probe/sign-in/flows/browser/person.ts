// The person's steps on the page: each answer the widget received judged as the idx flow judges it, and the form it
// asks for answered as a person answers it (fields filled when visible, buttons clicked when they can be), or what
// stopped them named.
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

type Page = import('playwright-core').Page;

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
    const shown = await input
      .waitFor({ state: 'visible', timeout: this.io.stepMs })
      .then(() => true)
      .catch(() => false);
    if (!shown) return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} is missing or hidden on the widget's form`);
    try {
      await input.fill(value, { timeout: this.io.stepMs });
      return undefined;
    } catch {
      return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} could not be typed into`);
    }
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
    const shown = await button
      .waitFor({ state: 'visible', timeout: this.io.stepMs })
      .then(() => true)
      .catch(() => false);
    if (!shown && (await button.count().catch(() => 0)) === 0)
      return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} is missing`);
    if (!shown) return fail('SIGN_IN_PAGE_FORM_BLOCKED', `${what} is hidden (a style of the page hides it)`);
    try {
      await button.click({ timeout: this.io.stepMs });
      return undefined;
    } catch (error) {
      const text = error instanceof Error ? error.message : '';
      const covered = /intercepts pointer events/.exec(text) !== null;
      return fail(
        'SIGN_IN_PAGE_FORM_BLOCKED',
        covered ? `${what} is covered by another element of the page` : `${what} could not be clicked`,
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
