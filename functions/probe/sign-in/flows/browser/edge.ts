// A challenge in front of the org's custom domain: a CDN or web application firewall between the browser and Okta
// answers the page's address with its own challenge page instead of Okta's sign-in page. Told by the edge's own
// marks, never by its words: Cloudflare's challenge answers carry `cf-mitigated: challenge` (developers.cloudflare.com
// cloudflare-challenges, "Detect a challenge page response"), AWS WAF's CAPTCHA and Challenge actions
// `x-amzn-waf-action: captcha` or `challenge` (docs.aws.amazon.com waf-captcha-and-challenge-how-it-works). Such an
// answer is never Okta's (no X-Okta-Request-Id): it is the bot protection in front of the custom domain, whose
// finding (SIGN_IN_PAGE_CAPTCHA) says to exempt the probe's address there, never an Okta blocklist zone.
import { fail, type Verdict } from '../../../verdict';

/** The edge a challenge answer came from, by its header, or undefined. */
export function edgeChallenge(headers: Readonly<Record<string, string>>): string | undefined {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value.toLowerCase()]));
  if (lower.get('cf-mitigated')?.trim() === 'challenge') return 'Cloudflare (cf-mitigated: challenge)';
  const waf = lower.get('x-amzn-waf-action')?.trim();
  if (waf === 'captcha' || waf === 'challenge') return `AWS WAF (x-amzn-waf-action: ${waf})`;
  return undefined;
}

/** The page's address answered by the edge's challenge: the bot protection in front of the custom domain. */
export function edgeChallengeVerdict(where: string, status: number, edge: string): Verdict {
  return fail(
    'SIGN_IN_PAGE_CAPTCHA',
    `${where} answered ${status} with the challenge of the firewall or CDN in front of it, ${edge}, in place of ` +
      "Okta's sign-in page: no Okta request id, so not Okta's network zones",
  );
}
