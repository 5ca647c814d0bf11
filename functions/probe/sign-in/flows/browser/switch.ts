// A person's way to the seed's factor when the page shows another one first: Okta Verify's push sent at once (Gen2 and
// Gen3 show "Push notification sent" and a "Verify with something else" link, data-se="switchAuthenticator":
// src/v2/view-builder/utils/LinksUtil.js, src/v3/src/transformer/testAttribute/transform.ts), or a Classic Engine
// page whose factor beacon shows the user's last-used factor (src/v1/models/Factor.js, getDefaultFactor: "the last
// used factor as first factor in list") with the others in the beacon's dropdown (src/v1/views/shared/FactorBeacon.js,
// src/v1/views/mfa-verify/dropdown/FactorsDropDownOptions.js). The walk clicks what a person clicks, in the widget's
// own markup; nothing is sent by it but what the widget itself sends.
import type { Verdict } from '../../../verdict';

/** The page's other way to the control's form, when it shows another first. */
export interface Elsewhere {
  /** What the page shows in place of the control's form: the link or menu that leads away from it. */
  readonly shown: string;
  /** Clicked in turn to reach the control's form, each with its name in words for a finding. */
  readonly steps: readonly { readonly selector: string; readonly what: string }[];
}

/** What reaching a form asks of the person at the page (person.ts's Person). */
export interface SwitchingPerson {
  /** The first of the selectors visible within waitMs, or undefined. */
  firstShown(selectors: readonly string[], waitMs: number): Promise<string | undefined>;
  shows(selector: string): Promise<boolean>;
  click(selector: string, what: string): Promise<Verdict | undefined>;
}

/**
 * The control's form reached: once the page shows either the form (`target`) or its way elsewhere, the way is taken
 * when the form itself is not on screen. Undefined when reached or when neither showed (the walk's own wait then
 * names what is missing); a click that failed is the finding.
 */
export async function reachForm(
  person: SwitchingPerson,
  target: string,
  elsewhere: Elsewhere,
  waitMs: number,
): Promise<Verdict | undefined> {
  const first = await person.firstShown([target, elsewhere.shown], waitMs);
  if (first === undefined || (await person.shows(target))) return undefined;
  for (const step of elsewhere.steps) {
    const clicked = await person.click(step.selector, step.what);
    if (clicked !== undefined) return clicked;
  }
  return undefined;
}
