// What stands in front of the page or refuses its files, told by the marks the edge and the browser leave: a CDN's or
// WAF's challenge by its header, a file refused by its integrity hash by Chromium's console words.
import { describe, expect, it } from 'vitest';
import { edgeChallenge, edgeChallengeVerdict } from '../../../../functions/probe/sign-in/flows/browser/edge';
import { integrityRefused } from '../../../../functions/probe/sign-in/flows/browser/integrity';

describe('edgeChallenge', () => {
  it("names Cloudflare's and AWS WAF's challenge answers by their headers, in any case", () => {
    expect(edgeChallenge({ 'CF-Mitigated': 'challenge' })).toBe('Cloudflare (cf-mitigated: challenge)');
    expect(edgeChallenge({ 'x-amzn-waf-action': 'captcha' })).toBe('AWS WAF (x-amzn-waf-action: captcha)');
    expect(edgeChallenge({ 'x-amzn-waf-action': 'challenge' })).toBe('AWS WAF (x-amzn-waf-action: challenge)');
  });

  it("names nothing else: Okta's own 403, a blocklist's empty answer, another WAF action", () => {
    expect(edgeChallenge({ 'x-okta-request-id': 'abc' })).toBeUndefined();
    expect(edgeChallenge({})).toBeUndefined();
    expect(edgeChallenge({ 'x-amzn-waf-action': 'block' })).toBeUndefined();
    expect(edgeChallenge({ 'cf-mitigated': 'block' })).toBeUndefined();
  });

  it('is SIGN_IN_PAGE_CAPTCHA, the bot protection in front of the domain, never an Okta network zone', () => {
    const verdict = edgeChallengeVerdict('https://login.example.com/oauth2/default/v1/authorize', 403, 'Cloudflare');
    expect(verdict.diagnosis?.code).toBe('SIGN_IN_PAGE_CAPTCHA');
    expect(verdict.diagnosis?.detail).toMatch(/answered 403 with the challenge of the firewall or CDN in front of it/);
  });
});

describe('integrityRefused', () => {
  it("reads the refused resource from Chromium's console error", () => {
    const text =
      "Failed to find a valid digest in the 'integrity' attribute for resource " +
      "'https://ok14static.oktacdn.com/assets/js/sdk/okta-signin-widget/7.49.0/js/okta-sign-in.min.js' with " +
      "computed SHA-384 integrity 'abc'. The resource has been blocked.";
    expect(integrityRefused('error', text)).toBe(
      'https://ok14static.oktacdn.com/assets/js/sdk/okta-signin-widget/7.49.0/js/okta-sign-in.min.js',
    );
  });

  it('ignores any other message, and a page logging the same words as a mere log line', () => {
    expect(integrityRefused('error', 'Uncaught ReferenceError: OktaSignIn is not defined')).toBeUndefined();
    expect(integrityRefused('log', "Failed to find a valid digest in the 'integrity' attribute for resource 'x'")).toBe(
      undefined,
    );
  });
});
