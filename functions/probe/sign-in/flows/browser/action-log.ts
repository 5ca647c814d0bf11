// What stopped an action on the page, read from Playwright's call log (the lines its error carries after "Call log:"):
// the page's own evidence (the element hidden, disabled, moving, covered, outside the viewport), the action done (its
// input events sent: what came of them is the next step's to judge, and sending them again could submit twice), or
// nothing at all: the browser never got as far within the step, which on a busy host says nothing of the page.
// The log of a fill quotes the value typed (`fill("...")`): the message is read here, and never kept or told.

/** Why an action on the page did not finish within its step. */
type ActionStop =
  | { readonly kind: 'page'; readonly said: string }
  | { readonly kind: 'done' }
  | { readonly kind: 'stalled' };

/** Playwright's words for each state an actionable element lacks (`element is not <state>`), as the detail says it. */
const MISSING_STATE: Readonly<Record<string, string>> = {
  visible: 'is hidden (a style of the page hides it)',
  enabled: 'is disabled on the page',
  editable: 'is read-only on the page',
  stable: 'never stops moving (an animation of the page)',
};

/** Each line of the log comes dimmed by ANSI escapes (Playwright's terminal colours), stripped before it is read. */
// eslint-disable-next-line no-control-regex
const ANSI_STYLE = /\u001b\[[0-9;]*m/g;

/**
 * The last word of the call log on the action: a line naming what the element lacked is the page's evidence (Playwright
 * retries, and the last lack it saw stands), unless a later line says the action was performed: its input events sent.
 */
export function actionStop(message: string): ActionStop {
  const at = message.indexOf('Call log:');
  const lines = at === -1 ? [] : message.slice(at).replace(ANSI_STYLE, '').split('\n');
  let stop: ActionStop = { kind: 'stalled' };
  for (const line of lines) {
    const missing = /^\s*-?\s*element is not (\w+)\s*$/.exec(line)?.[1];
    if (missing !== undefined && MISSING_STATE[missing] !== undefined)
      stop = { kind: 'page', said: MISSING_STATE[missing] };
    else if (/intercepts pointer events\s*$/.test(line))
      stop = { kind: 'page', said: 'is covered by another element of the page' };
    else if (/element is outside of the viewport\s*$/.test(line))
      stop = { kind: 'page', said: "lies outside the page's viewport, where no one can reach it" };
    else if (/^\s*-?\s*performing \w+ action\s*$/.test(line)) stop = { kind: 'done' };
  }
  return stop;
}
