// The Chromium a browser journey launches: the browser function's own (@sparticuz/chromium, unpacked into /tmp once a
// sandbox), else the one named or found on the machine (Debian's, Playwright's download). Ours, never the org's: a
// Chromium that cannot be found or unpacked is the journey not run, with why.
import { constants, existsSync, readdirSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { within } from '../../../../deadline';

/** Where the journey looks for Chromium when OKTA_SYNTHETICS_CHROMIUM names none: Debian's and others' paths. */
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'] as const;
/** The environment variable that names another Chromium. */
export const CHROMIUM_ENV = 'OKTA_SYNTHETICS_CHROMIUM';
/** Said, in one line, wherever a browser journey cannot run for want of a browser. */
export const NO_CHROMIUM = `no Chromium (apt-get install chromium, or set ${CHROMIUM_ENV})`;

/** The package the browser function holds Chromium in: decompressed into /tmp by its executablePath(). */
const CHROMIUM_PACKAGE = '@sparticuz/chromium';

/**
 * The Chromium of the deployed browser function, once unpacked: its path and the flags that package needs in Lambda
 * (one process, no sandbox, no zygote: Lambda allows no new namespaces), or why it could not be unpacked.
 */
let packaged: { readonly path: string; readonly args: readonly string[] } | { readonly problem: string } | undefined;

/**
 * Unpacks the Chromium the browser function holds (its brotli files decompressed into /tmp, once a sandbox: a warm
 * run finds it there). What went wrong is returned, and kept: the journey is then "not run", never run with another
 * Chromium. It is ours, never Okta's: the handler fails the invocation with it (functions/lambda/probe.ts).
 */
export async function unpackChromium(timeoutMs = UNPACK_TIMEOUT_MS): Promise<string | undefined> {
  if (packaged !== undefined && 'path' in packaged) return undefined;
  try {
    // Asked first: the package's tar extraction emits a write failure on a stream nobody listens to, which ends the
    // process (the whole invocation) instead of rejecting.
    await access(tmpdir(), constants.W_OK);
    const { default: chromium } = (await import(CHROMIUM_PACKAGE)) as {
      default: { executablePath: () => Promise<string>; args: string[] };
    };
    // Bounded: an extraction that never settles (a /tmp it cannot write to) must not hold the run to its timeout.
    const path = await within(chromium.executablePath(), timeoutMs, () => {
      throw new Error(`not done after ${timeoutMs / 1000} s`);
    });
    packaged = { path, args: chromium.args };
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    packaged = { problem: `the function's Chromium (${CHROMIUM_PACKAGE}) could not be unpacked: ${message}` };
  }
  return 'problem' in packaged ? packaged.problem : undefined;
}

/**
 * How long unpacking Chromium may take, ms: about 2 s on a loaded 2-core machine (BENCHMARKS.md, "The browser
 * journey in Lambda"); ten times that is a /tmp that will not take it.
 */
const UNPACK_TIMEOUT_MS = 20_000;

/** Where Playwright keeps the browsers it downloaded, when set: its chromium-<revision>/chrome-linux64/chrome. */
const PLAYWRIGHT_ENV = 'PLAYWRIGHT_BROWSERS_PATH';

/**
 * The Chromium to launch: the browser function's own once it tried to unpack it, else OKTA_SYNTHETICS_CHROMIUM when
 * set and present, else the first path found, else the newest Chromium Playwright downloaded under
 * PLAYWRIGHT_BROWSERS_PATH.
 */
export function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
  paths: readonly string[] = CHROMIUM_PATHS,
): string | undefined {
  // The browser function's own, or none: never a Chromium it happens to find beside it.
  if (packaged !== undefined) return 'path' in packaged ? packaged.path : undefined;
  const named = env[CHROMIUM_ENV];
  if (named !== undefined && named !== '') return existsSync(named) ? named : undefined;
  return paths.find((path) => existsSync(path)) ?? playwrightChromium(env[PLAYWRIGHT_ENV]);
}

function playwrightChromium(dir: string | undefined): string | undefined {
  if (dir === undefined || dir === '') return undefined;
  let revisions: number[];
  try {
    revisions = readdirSync(dir)
      .flatMap((name) => /^chromium-(\d{1,9})$/.exec(name)?.[1] ?? [])
      .map(Number);
  } catch {
    return undefined;
  }
  return revisions
    .sort((a, b) => b - a)
    .flatMap((revision) =>
      ['chrome-linux64', 'chrome-linux'].map((os) => join(dir, `chromium-${revision}`, os, 'chrome')),
    )
    .find((path) => existsSync(path));
}

/** Why no Chromium can run: the browser function's own that could not be unpacked, else none found. */
export function noChromium(): string {
  return packaged !== undefined && 'problem' in packaged ? packaged.problem : NO_CHROMIUM;
}

/** The flags the browser function's own Chromium needs in Lambda, when that is the one launched. */
export function packagedArgs(chromium: string): readonly string[] | undefined {
  return packaged !== undefined && 'path' in packaged && packaged.path === chromium ? packaged.args : undefined;
}
