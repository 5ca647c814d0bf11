// Okta Verify's push, sent first: the user's last-used authenticator is Okta Verify with push, and once the password is
// taken Okta sends the push at once and waits (challenge-poll), listing the user's other authenticators beside it
// (select-authenticator-authenticate). The shape of the Sign-In Widget's own mock (playground/mocks/data/idp/idx/
// authenticator-verification-okta-verify-push.json, in test/data/okta-idx-responses.json):
// Gen2 and Gen3 render "Push notification sent" and, with more than one authenticator listed, the "Verify with
// something else" link (data-se="switchAuthenticator": src/v2/view-builder/utils/LinksUtil.js,
// src/v3/src/transformer/testAttribute/transform.ts), which a person clicks to type a code instead.
import { AUTHENTICATORS, form, selectState, type Json } from './idx-forms';

/** How often the widget polls the push (the mock's `refresh`, ms). */
const POLL_REFRESH_MS = 4000;

/** The push sent and waited on, the user's authenticators listed beside it. Nobody approves it in the simulator. */
export function pushSentState(stateHandle: string, baseUrl: string): Json {
  const select = selectState(stateHandle, baseUrl, false);
  const listed = (select.remediation as { readonly value: readonly Json[] }).value;
  const poll = form(baseUrl, 'challenge-poll', 'challenge/poll', stateHandle, [], {
    relatesTo: ['$.currentAuthenticator'],
    refresh: POLL_REFRESH_MS,
  });
  return {
    ...select,
    remediation: { type: 'array', value: [poll, ...listed] },
    currentAuthenticator: {
      type: 'object',
      value: {
        type: 'app',
        key: 'okta_verify',
        id: AUTHENTICATORS.oktaVerify,
        displayName: 'Okta Verify',
        methods: [{ type: 'push' }],
      },
    },
  };
}
