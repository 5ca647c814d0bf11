// The flags Chromium is launched with for the browser journey. The deployed function's Chromium comes from
// @sparticuz/chromium, whose `chromium.args` carry flags that switch off what a person's browser enforces
// (`--disable-web-security`: the same-origin policy and CORS; `--allow-running-insecure-content`: mixed content): kept,
// a page whose cross-origin call or http:// script breaks every person's sign-in would pass in the probe. They are
// dropped here; the flags Lambda needs to start Chromium at all (one process, no sandbox, no zygote) stay.

/**
 * Flags that loosen a rule a person's browser enforces on the page, dropped wherever they come from. The package's
 * `--single-process` and `--disable-features=IsolateOrigins,site-per-process` stay: Lambda allows no new namespaces,
 * so Chromium runs in one process, and site isolation (a defence of the process's memory, not a rule the page meets)
 * needs several.
 */
export const WEAKENING_FLAGS = [
  // The same-origin policy and CORS: a cross-origin read a person's browser refuses would succeed.
  '--disable-web-security',
  // Mixed content: an http:// script or frame on the https:// page would load, where a person's browser blocks it.
  '--allow-running-insecure-content',
  // Certificate errors: a page a person's browser refuses to open (an expired or wrong certificate) would open.
  '--ignore-certificate-errors',
  '--ignore-certificate-errors-spki-list',
  '--allow-insecure-localhost',
] as const;

/**
 * Features that, enabled by flag, give the page what a person's browser withholds: SharedArrayBuffer without the
 * cross-origin isolation (COOP and COEP headers) Chromium requires of a page since version 92.
 */
const WEAKENING_FEATURES = ['SharedArrayBuffer'] as const;

/** What every launch adds: no background requests of Chromium's own, which are not the page's. */
const QUIET = ['--disable-background-networking', '--disable-component-update'] as const;

/** A local Chromium's flags (the CLI's): no sandbox (root in a container has none), no GPU. */
const LOCAL = ['--no-sandbox', '--disable-gpu'] as const;

/** A flag's name: `--name` of `--name=value`. */
const nameOf = (flag: string): string => flag.split('=')[0] ?? flag;

/** `args` without any flag that weakens the page's rules, `--enable-features` kept without the features that do. */
export function withoutWeakening(args: readonly string[]): string[] {
  const weakening = new Set<string>(WEAKENING_FLAGS);
  return args.flatMap((flag) => {
    if (weakening.has(nameOf(flag))) return [];
    if (nameOf(flag) !== '--enable-features') return [flag];
    const kept = flag
      .slice('--enable-features='.length)
      .split(',')
      .filter((f) => f !== '' && !(WEAKENING_FEATURES as readonly string[]).includes(f));
    return kept.length === 0 ? [] : [`--enable-features=${kept.join(',')}`];
  });
}

/**
 * The flags of one launch: the package's own (`packaged`, @sparticuz/chromium's `args`, in the browser function) or
 * a local Chromium's, with nothing that weakens what a person's browser enforces.
 */
export function chromiumArgs(packaged: readonly string[] | undefined): string[] {
  return withoutWeakening([...(packaged ?? LOCAL), ...QUIET]);
}
