// An Identity Engine (IDX) answer read: its messages, its remediation forms, its interaction code. The journey's IDX
// flow and a SAML app's SSO walk (which Okta may answer with an IDX sign-in) both read Okta's answers through it.
// Its sources are named where the journey judges the answers (sign-in/idx-judge.ts, idx-forms.ts, idx-move.ts).
import { jsonObject } from '../verdict';

type Json = Readonly<Record<string, unknown>>;

/** An IDX message (`messages.value[]`, or a field's `messages`). */
export interface IdxMessage {
  readonly message: string;
  readonly key: string | undefined;
  readonly class: string | undefined;
}

/** Reads an IDX answer: every message of class ERROR (top level and in the forms' fields), the forms, the success. */
export function readIdxState(body: Json): {
  readonly messages: readonly IdxMessage[];
  readonly forms: readonly Json[];
  readonly interactionCode?: string;
} {
  const listed = jsonObject(body.remediation)?.value;
  const forms: Json[] = (Array.isArray(listed) ? (listed as unknown[]) : []).flatMap((f): Json[] => {
    const form = jsonObject(f);
    return form === undefined ? [] : [form];
  });
  const messages = [
    ...readMessages(jsonObject(body.messages)?.value),
    ...forms.flatMap((form) => fieldMessages(form.value)),
  ];
  const success = jsonObject(body.successWithInteractionCode);
  const code = Array.isArray(success?.value)
    ? (success.value as unknown[]).map((v) => jsonObject(v)).find((v) => v?.name === 'interaction_code')?.value
    : undefined;
  return { messages, forms, ...(typeof code === 'string' && code !== '' && { interactionCode: code }) };
}

function readMessages(list: unknown): IdxMessage[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((m) => {
    const message = jsonObject(m);
    if (message === undefined) return [];
    const key = jsonObject(message.i18n)?.key;
    return [
      {
        message: typeof message.message === 'string' ? message.message : '',
        key: typeof key === 'string' ? key : undefined,
        class: typeof message.class === 'string' ? message.class : undefined,
      },
    ];
  });
}

function fieldMessages(fields: unknown): IdxMessage[] {
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((f) => {
    const field = jsonObject(f);
    if (field === undefined) return [];
    return [...readMessages(jsonObject(field.messages)?.value), ...fieldMessages(jsonObject(field.form)?.value)];
  });
}
