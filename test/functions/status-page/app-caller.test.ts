// What the help desk reads when a journey's app refuses the sign-in after Okta's part succeeded: the app's, never
// Okta's, in the owner's sentence for callers.
import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../../functions/plan/verdict';
import { callerSentence } from '../../../functions/status-page/caller';

describe("the caller's sentence for an app's refusal", () => {
  it('says the sign-in fails at the app while Okta works, for a code the app owns', () => {
    const code = 'APP_AUDIENCE_MISMATCH';
    const owner = verdictOf('app-sign-in', code).owner;
    const sentence = callerSentence({
      id: 'expenses',
      kind: 'journey',
      name: 'Expenses',
      state: 'failing',
      fault: { code, owner },
    });

    expect(owner).toBe('app');
    expect(sentence).toMatch(/^Sign-in \(Expenses\) fails at the app; Okta works\./);
    expect(sentence).not.toContain('problem at Okta');
  });
});
