// Okta's progressive profiling in the "idx" sign-in: a user profile policy whose enrollment form holds an attribute
// the user's profile lacks makes Okta ask for it before the sign-in finishes ("Users are prompted for information
// only if a required value is missing and progressive profiling is enabled (the default value)", okta-developer-docs
// guides/enable-configure-signupform). Its shape is the Sign-In Widget's: the `profile-update` remediation, one
// `userProfile` field per attribute, each with its label and `required` (playground/mocks/data/idp/idx/
// enroll-profile-update-params.json), and a `skip` the Widget offers only when every attribute is optional
// (src/v2/view-builder/views/EnrollProfileUpdateView.js). The probe never writes a profile: it skips an optional
// form as a person may, and stops at a required one, naming what Okta asks for.
import { failAnswer, jsonObject } from '../verdict';
import { adminText } from './idx-denials';
import { failed, fieldsOf, PROFILE_SKIP, submit, type IdxMove, type Turn } from './idx-move';

type Json = Readonly<Record<string, unknown>>;

/** The remediation Okta asks a user's missing profile attributes with (the Widget's ENROLL_PROFILE_UPDATE). */
export const PROFILE_UPDATE = 'profile-update';

/** Attributes named in a finding; the rest counted (the enrollment form holds up to 30). */
const MOST_NAMED = 5;

interface Attribute {
  readonly name: string;
  readonly required: boolean;
}

/** The form's attributes, hostile input: only a `userProfile` field's own fields, names and labels made plain. */
function attributesOf(form: Json): Attribute[] {
  return fieldsOf(form)
    .filter((field) => field.name === 'userProfile')
    .flatMap((field) => field.form?.value ?? [])
    .map((one) => jsonObject(one))
    .filter((one) => one !== undefined)
    .map((one) => ({
      name: adminText(one.label, 60) || adminText(one.name, 60) || 'an unnamed attribute',
      required: one.required === true,
    }));
}

/** The profile-update form answered: skipped when every attribute is optional and Okta offers the skip, else failed. */
export function answerProfileUpdate({ progress, res }: Turn, form: Json, skip: Json | undefined): IdxMove {
  const attributes = attributesOf(form);
  const required = attributes.filter((one) => one.required);
  // Skipped once a run: the same form again after its skip is no form the probe can get past.
  if (required.length === 0 && skip !== undefined && progress.profileSkipped !== true)
    return submit(progress, res, skip, 'skip', { label: PROFILE_SKIP });
  const asked = required.length > 0 ? required : attributes;
  const named = asked.slice(0, MOST_NAMED).map((one) => `"${one.name}"`);
  const more = asked.length > MOST_NAMED ? ` and ${asked.length - MOST_NAMED} more` : '';
  const what = named.length === 0 ? 'profile attributes it does not name' : `${named.join(', ')}${more}`;
  const why =
    required.length > 0 ? 'required' : progress.profileSkipped === true ? 'again after its skip' : 'no skip offered';
  return failed(
    failAnswer(
      'PROFILE_UPDATE_REQUIRED',
      res,
      `Okta asks the user for ${what} (${PROFILE_UPDATE}, ${why}) ` +
        "before the sign-in finishes: the user's profile lacks a value its user profile policy requires",
    ),
  );
}
