// What the help desk reads to a caller: one plain sentence per part, from a table keyed by whose fault it is and
// what kind of thing it is, with the thing's name put in. Never Okta's words: a code's own sentence (its registry
// row's `caller`) where the code says more than its owner (Okta's maintenance, an incident on its feed), the owner's
// otherwise.
import type { FaultOwner } from '../contract';
import { codeRow } from '../diagnosis/registry';
import { integrationName, integrationSentence } from './integrations';
import { minuteOf, type GroupApp, type PartKind, type StatusPart } from './model';

/** How a caller names each kind of thing, `{id}` its config id or label. */
const THINGS: Readonly<Record<PartKind, string>> = {
  okta: 'Okta, our sign-in service,',
  journey: 'Sign-in ({id})',
  app: 'Sign-in to {id}',
  'saml-app': '{id} sign-in',
  'saml-group': 'Sign-in to some apps of {id}',
  server: 'Sign-in for apps that rely on {id}',
  api: 'Access to our APIs through {id}',
  'user-sign-ins': "Some people's sign-in",
  integration: '{id}',
  provisioning: 'Account set-up in our apps',
};

/**
 * The sentence by state and whose fault it is, `{thing}` the kind's name: failing is Okta's or the org's (or, without
 * a cause the page can name, `failing`), unknown is our monitoring's or nobody's (`unknown`: nothing checked it).
 */
const BY_OWNER: Readonly<Record<FaultOwner | 'ok' | 'failing' | 'unknown', string>> = {
  ok: '{thing} was working at the last check{when}.',
  failing: '{thing} is failing; IT is on it. Resetting the password will not help: ask the caller to try again later.',
  okta:
    '{thing} is failing because of a problem at Okta, our sign-in provider; IT is following their fix. Resetting ' +
    'the password will not help: ask the caller to try again later.',
  org:
    '{thing} is failing because of a setting on our side; IT is on it. Resetting the password will not help: ask ' +
    'the caller to try again later and use another way in meanwhile if they have one.',
  // The app behind Okta refused what Okta gave it: Okta works, and so does every other app.
  app:
    "{thing} fails at {app}; Okta works. IT has told the app's owner; resetting the password will not help: ask " +
    'the caller to try again later, other apps are not affected.',
  probe:
    'Our monitoring cannot check {thing} at the moment, which says nothing about whether it works{last}: ask the ' +
    'caller what they see.',
  unknown: 'Nothing has checked {thing} lately: ask the caller what they see.',
};

/**
 * Provisioning failing on our side (an app's credential, its reachability, its settings): nobody's sign-in fails,
 * so the owner's "try again later" would mislead; what a caller meets is an account missing, or one kept.
 */
const PROVISIONING_FAILING =
  'Okta cannot create, change or remove accounts in the apps listed: a new joiner may have no account there yet, ' +
  'and a leaver may keep theirs. IT is fixing the connection; resetting the password will not help.';

/** What callers are told of one app Okta cannot provision when its cause's row has no sentence of its own. */
const PROVISIONING_APP_DEFAULT =
  'New joiners may not get a {app} account, and leavers may keep theirs: IT is fixing it. A caller without {app} ' +
  'access waits for that fix; resetting the password will not help.';

/** The sentence for one app Okta cannot provision accounts in: its label and its cause's class, nothing of Okta's. */
export function provisioningAppSentence(app: Pick<GroupApp, 'label' | 'fault'>): string {
  // A replacer function: a label holding `$&` is put in as written.
  return (codeRow(app.fault.code).callerOfApp ?? PROVISIONING_APP_DEFAULT).replaceAll('{app}', () => app.label);
}

/** What a caller is told when monitoring has stopped: nothing the page holds is current. */
export const STALE_SENTENCE =
  'Our monitoring has stopped, so this page cannot say what works: ask the caller what they see, and tell IT the ' +
  'status page is stale.';

/** The part's fields a caller's sentence is made of. */
type Told = Pick<StatusPart, 'id' | 'kind' | 'name' | 'state' | 'fault'> &
  Partial<Pick<StatusPart, 'role' | 'catalogue' | 'moreCatalogue' | 'checkedAt' | 'lastOkAt'>>;

/**
 * A catalogue as a caller names it: its one app by label, else its apps, "some" only while some fail; by the config's
 * name, never its id (the help desk knows "Salesforce", not "portal-saml").
 */
function catalogueThing(part: Told): string {
  const apps = part.catalogue ?? [];
  const count = apps.length + (part.moreCatalogue ?? 0);
  if (count === 1 && apps[0] !== undefined) return `Sign-in to ${apps[0].label}`;
  const of = part.name !== undefined ? `of ${part.name}` : 'of this catalogue';
  if (part.state === 'failing') return `Sign-in to some apps ${of}`;
  return count > 1 ? `Sign-in to the ${count} apps ${of}` : `Sign-in to the apps ${of}`;
}

/** The thing's name for a caller: the kind's phrase with the part's id put in. */
function thingOf(part: Told): string {
  if (part.kind === 'integration') return integrationName(part);
  if (part.kind === 'saml-group') return catalogueThing(part);
  // A replacer function: an id holding `$&` is put in as written.
  return THINGS[part.kind].replace('{id}', () => part.name ?? part.id);
}

/**
 * Okta's status feed passing says only that Okta reports no incident: while other parts fail at Okta, "Okta is
 * working" two cards from "failing because of a problem at Okta" would be untrue.
 */
const FEED_OK =
  'Okta reports no incident on status.okta.com at the last check: a problem at Okta can show elsewhere on this ' +
  'page before Okta reports it.';

/**
 * What each owner's failure is told with (the owner as verdictOf gives it): the owner's sentence when the part fails
 * or is unknown, whether a code's own sentence may speak (not once the failure is our monitoring's), and whether
 * provisioning failing is told as the connection's (not when it is Okta's).
 */
const TOLD: Readonly<
  Record<
    FaultOwner,
    { readonly failing: keyof typeof BY_OWNER; readonly unknown: keyof typeof BY_OWNER } & {
      readonly codeSays: boolean;
      readonly provisioning: boolean;
    }
  >
> = {
  okta: { failing: 'okta', unknown: 'unknown', codeSays: true, provisioning: false },
  org: { failing: 'org', unknown: 'unknown', codeSays: true, provisioning: true },
  probe: { failing: 'failing', unknown: 'probe', codeSays: false, provisioning: true },
  app: { failing: 'app', unknown: 'unknown', codeSays: true, provisioning: true },
};

/** The sentence for a part in its state: plain text, escaped where it is shown. */
export function callerSentence(part: Told): string {
  if (part.kind === 'okta' && part.state === 'ok') return FEED_OK;
  if (part.kind === 'integration') {
    const told = integrationSentence(part);
    if (told !== undefined) return told;
  }
  const told = part.fault === undefined ? undefined : TOLD[part.fault.owner];
  const special = part.fault !== undefined ? codeRow(part.fault.code).caller : undefined;
  // A code's own sentence tells of Okta or the org: not once the failure is our monitoring's (one region's view).
  if (special !== undefined && part.state !== 'ok' && told?.codeSays === true) return special;
  if (part.kind === 'provisioning' && part.state === 'failing' && told?.provisioning !== false)
    return PROVISIONING_FAILING;
  // The state decides first: a failing part is never told "nothing has checked", an unknown one never "failing".
  const key = part.state === 'ok' ? 'ok' : (told?.[part.state] ?? part.state);
  const thing = thingOf(part);
  // Mid-sentence, a phrase that starts with a capital loses it ("cannot check sign-in (workforce)").
  const inner = /^(Sign-in|Some|Account|Access|The|Voice-call) /.test(thing)
    ? thing[0]!.toLowerCase() + thing.slice(1)
    : thing;
  const sentence = BY_OWNER[key];
  // A pass is what the last check found, and when: never the present tense (a group's check runs hourly, and a
  // run that reached nothing repeats it).
  const when = part.checkedAt !== undefined ? `, ${minuteOf(part.checkedAt)}` : '';
  const last =
    part.lastOkAt !== undefined ? `; it was working at the last check before, ${minuteOf(part.lastOkAt)}` : '';
  // The app a journey signs in to by the config's name, the part's; a part of another kind names no app.
  const app = part.kind === 'app' ? (part.name ?? part.id) : 'the app';
  // One pass: a label holding `{when}` or `$&` is put in as written.
  const put = { thing: sentence.startsWith('{thing}') ? thing : inner, when, last, app };
  return sentence.replace(/\{(thing|when|last|app)\}/g, (_, key: keyof typeof put) => put[key]);
}
