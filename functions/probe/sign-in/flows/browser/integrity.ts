// A script or stylesheet the browser refused because its bytes do not match the `integrity` hash the page gives it
// (Subresource Integrity, W3C SRI §3.3.5: "the user agent ... must refuse to execute" a resource that fails its
// check). Chromium tells it only on the console, in these words ("Failed to find a valid digest in the 'integrity'
// attribute for resource '<url>' with computed SHA-384 integrity '<hash>'. The resource has been blocked."); the
// request itself succeeded, so no failed request and no CSP violation names it, and the script error that follows
// (the widget's OktaSignIn never defined) would otherwise be told as the page's custom code throwing.

const SRI_REFUSED = /^Failed to find a valid digest in the 'integrity' attribute for resource '([^']{1,2000})'/;

/** The resource a console message says was refused by its integrity hash (its URL), or undefined. */
export function integrityRefused(type: string, text: string): string | undefined {
  if (type !== 'error') return undefined;
  return SRI_REFUSED.exec(text)?.[1];
}
