// The simulator's Flexible Okta Verify (sim/endpoints/idx-flexible-verify.ts): Okta Verify split into one
// authenticator per method as okta-developer-docs concepts/mfa's table lists them (okta_verify_totp: totp,
// okta_verify_push: push, okta_verify_fastpass: signed_nonce), each an authenticator of its own, never a renamed
// Okta Verify that still lists all three methods.
import { describe, expect, it } from 'vitest';
import { withFlexibleOktaVerify } from '../../sim/endpoints/idx-flexible-verify';
import { isVerifyByCode, selectState, totpState } from '../../sim/endpoints/idx-forms';

type Entry = { key: string; id: string; methods: { type: string }[] };
type Field = { name: string; value?: unknown };
type Option = { label: string; relatesTo: string; value: { form: { value: Field[] } } };
const BASE = 'https://preview.example';

const split = withFlexibleOktaVerify(selectState('02h', BASE, false, false)) as {
  authenticators: { value: Entry[] };
  remediation: { value: { name: string; value: { name: string; options?: Option[] }[] }[] };
};
const options = split.remediation.value[0]!.value.find((f) => f.name === 'authenticator')!.options!;
const resolve = (relatesTo: string): Entry => {
  const at = /^\$\.authenticators\.value\[(\d+)\]$/.exec(relatesTo);
  return split.authenticators.value[Number(at?.[1])]!;
};

describe('Flexible Okta Verify in the IDX answers the simulator gives', () => {
  it('lists each method as an authenticator of its own key, id and one method, as concepts/mfa does', () => {
    const verify = split.authenticators.value.filter((a) => a.key.startsWith('okta_verify'));
    expect(verify.map((a) => [a.key, a.methods])).toEqual([
      ['okta_verify_push', [{ type: 'push' }]],
      ['okta_verify_totp', [{ type: 'totp' }]],
      ['okta_verify_fastpass', [{ type: 'signed_nonce' }]],
    ]);
    expect(new Set(split.authenticators.value.map((a) => a.id)).size).toBe(split.authenticators.value.length);
  });

  it('offers one option per method, its methodType fixed, relating to the authenticator of that method', () => {
    for (const option of options) {
      const fields = Object.fromEntries(option.value.form.value.map((f) => [f.name, f.value]));
      const related = resolve(option.relatesTo);
      expect(fields.id).toBe(related.id);
      if (related.key !== 'google_otp') expect(related.methods).toEqual([{ type: fields.methodType }]);
    }
    expect(options.map((o) => resolve(o.relatesTo).key)).toEqual([
      'okta_verify_push',
      'okta_verify_totp',
      'okta_verify_fastpass',
      'google_otp',
    ]);
  });

  it('challenges the code as okta_verify_totp, whose id selects it with or without methodType', () => {
    const totp = split.authenticators.value.find((a) => a.key === 'okta_verify_totp')!;
    const current = (withFlexibleOktaVerify(totpState('02h', BASE)) as { currentAuthenticator: { value: Entry } })
      .currentAuthenticator.value;
    expect(current).toMatchObject({ key: 'okta_verify_totp', id: totp.id, methods: [{ type: 'totp' }] });
    expect(isVerifyByCode({ id: totp.id })).toBe(true);
    expect(isVerifyByCode({ id: totp.id, methodType: 'totp' })).toBe(true);
    const push = split.authenticators.value.find((a) => a.key === 'okta_verify_push')!;
    expect(isVerifyByCode({ id: push.id, methodType: 'totp' })).toBe(false);
  });
});
