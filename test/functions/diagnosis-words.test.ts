// The codes' words against what they decide: a code whose text says nobody is blocked never pages, and a text says
// what Okta documents (event hook deliveries past the org's daily limit are lost, not delayed).
import { describe, expect, it } from 'vitest';
import { DIAGNOSES } from '../../functions/diagnosis';
import { verdictOf } from '../../functions/plan/verdict';

describe("a code's words and its verdict agree", () => {
  it('IDP_ROUTING_REDIRECT warns and judges nothing: the rule routes people to their identity provider too', () => {
    expect(DIAGNOSES.IDP_ROUTING_REDIRECT.summary).toMatch(/never follows a redirect off the org/);
    expect(verdictOf('sign-in', 'IDP_ROUTING_REDIRECT')).toMatchObject({ severity: 'warn', state: 'unknown' });
  });

  it('SAML_STEP_UP_REQUIRED warns and judges nothing: people are prompted and pass, the journey never answers', () => {
    expect(DIAGNOSES.SAML_STEP_UP_REQUIRED.summary).toMatch(/People signed in the same way are prompted too/);
    expect(verdictOf('saml', 'SAML_STEP_UP_REQUIRED')).toMatchObject({ severity: 'warn', state: 'unknown' });
  });

  it('RATE_LIMIT_SCOPED_VIOLATION says event hook deliveries past the limit are lost, never that they wait', () => {
    const { summary, remedy } = DIAGNOSES.RATE_LIMIT_SCOPED_VIOLATION;
    expect(`${summary} ${remedy}`).not.toMatch(/wait until the reset/);
    expect(summary).toMatch(/events past the limit are not delivered, now or after the reset/);
    expect(remedy).toMatch(/the events in between are lost/);
  });

  it("INTEGRATION_TELEPHONY_BLOCKED tells Okta's own protection and only the remedies Okta documents", () => {
    const { summary, remedy } = DIAGNOSES.INTEGRATION_TELEPHONY_BLOCKED;
    // Okta's release notes: DENY for its telephony rate limits (2022.06.0), countries at risk of toll fraud
    // (2022.10.0), its abuse-detection model (2023.01.0). None is a setting of the org to review.
    expect(summary).toMatch(/Okta's own protection, not a provider and not a setting of the org/);
    for (const release of ['2022.06.0', '2022.10.0', '2023.01.0']) expect(summary).toContain(release);
    expect(`${summary} ${remedy}`).not.toMatch(/the org's own phone limits|phone rate limits in Security > General/);
    expect(remedy).toMatch(/CAPTCHA/);
    expect(remedy).toMatch(/another authenticator/);
  });
});
