// Flexible Okta Verify (self-service early access in Preview orgs since August 5, 2026: okta-developer-docs
// release-notes/2026-okta-identity-engine, "Flexible Okta Verify authenticator configuration is self-service EA in
// Preview"): Okta Verify split into three authenticators, one per method, keyed and typed as concepts/mfa's table
// lists them (okta_verify_totp: app, totp; okta_verify_push: app, push; okta_verify_fastpass: app, signed_nonce), each
// "independently configurable" (guides/authenticators-okta-verify), so each an authenticator of its own id.
// Unconfirmed for IDX: no IDX answer of Okta's shows the split (the Sign-In Widget's playground mocks and its
// AUTHENTICATOR_KEY constants, August 2026, know only okta_verify) and the notes say GET requests still return the
// legacy key. The simulator plays the documented split in IDX, the case where an IDX client meets the new keys: one
// option per method, its methodType fixed as the widget's mocks give a one-method authenticator's (password's).
import { AUTHENTICATORS, fixedOption, type Json } from './idx-forms';

/** Each Okta Verify method's authenticator under the split: its key (concepts/mfa), name (release notes) and id. */
const SPLIT: Readonly<Record<string, { readonly key: string; readonly name: string; readonly id: string }>> = {
  totp: { key: 'okta_verify_totp', name: 'Okta Verify TOTP', id: AUTHENTICATORS.verifyTotp },
  push: { key: 'okta_verify_push', name: 'Okta Verify Push', id: AUTHENTICATORS.verifyPush },
  signed_nonce: { key: 'okta_verify_fastpass', name: 'Okta Verify FastPass', id: AUTHENTICATORS.verifyFastpass },
};
const LISTS = ['authenticators', 'authenticatorEnrollments'] as const;
type ListName = (typeof LISTS)[number];
/** Where each entry of a list went: its new index, by method for a split Okta Verify ('' for any other entry). */
type Moves = readonly Readonly<Record<string, number>>[];

const object = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const methodsOf = (entry: Json | undefined): string[] =>
  (Array.isArray(entry?.methods) ? entry.methods : []).map((m) => String(object(m)?.type));
const isVerify = (entry: Json | undefined): boolean => entry?.key === 'okta_verify';

/** An Okta Verify entry as the split authenticator of one method; any other entry as it was. */
function splitEntry(entry: Json, method: string): Json {
  const split = SPLIT[method];
  if (split === undefined) return entry;
  return { ...entry, key: split.key, id: split.id, displayName: split.name, methods: [{ type: method }] };
}

/** A list with each Okta Verify entry split into one per method, and where each entry went. */
function splitList(list: unknown): { readonly value: Json[]; readonly moves: Moves } {
  const value: Json[] = [];
  const moves = (Array.isArray(list) ? list : []).map((item) => {
    const entry = object(item) ?? {};
    if (!isVerify(entry)) return { '': value.push(entry) - 1 };
    return Object.fromEntries(methodsOf(entry).map((m) => [m, value.push(splitEntry(entry, m)) - 1]));
  });
  return { value, moves };
}

/** The methods an option offers: its methodType's options or fixed value. */
function optionMethods(option: Json): string[] {
  const fields = object(object(object(option.value)?.form))?.value;
  const methodType = (Array.isArray(fields) ? fields : []).map(object).find((f) => f?.name === 'methodType');
  if (methodType === undefined) return [];
  if (typeof methodType.value === 'string') return [methodType.value];
  return (Array.isArray(methodType.options) ? methodType.options : []).map((o) => String(object(o)?.value));
}

/** An option of an authenticator form: Okta Verify's as one option per method it offers, another re-pointed. */
function splitOption(option: Json, state: Json, moves: Readonly<Record<ListName, Moves>>): Json[] {
  const ref = /^\$\.(authenticators|authenticatorEnrollments)\.value\[(\d+)\]$/.exec(String(option.relatesTo));
  if (ref === null) return [option];
  const list = ref[1] as ListName;
  const at = Number(ref[2]);
  const entry = object((object(state[list])?.value as unknown[] | undefined)?.[at]);
  const moved = moves[list][at] ?? {};
  if (!isVerify(entry)) return [{ ...option, relatesTo: `$.${list}.value[${moved[''] ?? at}]` }];
  const offered = optionMethods(option);
  return (offered.length > 0 ? offered : methodsOf(entry)).flatMap((m) => {
    const split = SPLIT[m];
    return split === undefined ? [] : [fixedOption(split.name, split.id, m, `$.${list}.value[${moved[m] ?? at}]`)];
  });
}

/** A remediation form with its authenticator options split. */
function splitForm(form: Json, state: Json, moves: Readonly<Record<ListName, Moves>>): Json {
  if (!Array.isArray(form.value)) return form;
  const value = form.value.map((item) => {
    const field = object(item);
    if (field?.name !== 'authenticator' || !Array.isArray(field.options)) return item;
    return { ...field, options: field.options.flatMap((o) => splitOption(object(o) ?? {}, state, moves)) };
  });
  return { ...form, value };
}

/** The authenticator being challenged: Okta Verify by one method as that method's authenticator. */
function splitCurrent(holder: unknown): unknown {
  const current = object(object(holder)?.value);
  const methods = methodsOf(current);
  if (current === undefined || !isVerify(current) || methods.length !== 1) return holder;
  return { ...object(holder), value: splitEntry(current, methods[0]!) };
}

/** An IDX state as an org with Flexible Okta Verify answers it (SimFaults' signIn.flexibleOktaVerify). */
export function withFlexibleOktaVerify(state: Json): Json {
  const out: Json = { ...state };
  const moves = {} as Record<ListName, Moves>;
  for (const list of LISTS) {
    const split = splitList(object(state[list])?.value);
    moves[list] = split.moves;
    if (state[list] !== undefined) out[list] = { ...object(state[list]), value: split.value };
  }
  const remediation = object(state.remediation);
  if (Array.isArray(remediation?.value))
    out.remediation = {
      ...remediation,
      value: remediation.value.map((f) => splitForm(object(f) ?? {}, state, moves)),
    };
  for (const name of ['currentAuthenticator', 'currentAuthenticatorEnrollment'])
    if (state[name] !== undefined) out[name] = splitCurrent(state[name]);
  return out;
}
