// Chromium's launch flags: @sparticuz/chromium's own (the deployed function's) carry flags that switch off what a
// person's browser enforces, and the journey launches without them, keeping the flags Lambda needs to start it.
import chromium from '@sparticuz/chromium';
import { describe, expect, it } from 'vitest';
import {
  chromiumArgs,
  WEAKENING_FLAGS,
  withoutWeakening,
} from '../../../../functions/probe/sign-in/flows/browser/chromium-args';

const names = (args: readonly string[]): string[] => args.map((a) => a.split('=')[0] ?? a);

describe("the browser journey's Chromium flags", () => {
  it("drop the package's --disable-web-security and --allow-running-insecure-content, keep what Lambda needs", () => {
    const packaged = chromium.args;
    // The package as installed does pass them: without the filter the probe would run with them.
    expect(names(packaged)).toEqual(
      expect.arrayContaining(['--disable-web-security', '--allow-running-insecure-content']),
    );
    const args = chromiumArgs(packaged);
    expect(names(args)).not.toContain('--disable-web-security');
    expect(names(args)).not.toContain('--allow-running-insecure-content');
    expect(args).toEqual(expect.arrayContaining(['--single-process', '--no-sandbox', '--no-zygote']));
    expect(args).toEqual(expect.arrayContaining(['--disable-background-networking', '--disable-component-update']));
    // SharedArrayBuffer only where the page is cross-origin isolated, as in a person's browser.
    expect(args.filter((a) => a.includes('SharedArrayBuffer'))).toEqual([]);
  });

  it('drop every weakening flag wherever it comes from, with or without a value', () => {
    const given = [...WEAKENING_FLAGS, '--ignore-certificate-errors-spki-list=abc=', '--lang=de', '--no-sandbox'];
    expect(withoutWeakening(given)).toEqual(['--lang=de', '--no-sandbox']);
  });

  it('keep the other features of --enable-features, and drop the flag left empty', () => {
    expect(withoutWeakening(['--enable-features=SharedArrayBuffer,Foo'])).toEqual(['--enable-features=Foo']);
    expect(withoutWeakening(['--enable-features=SharedArrayBuffer'])).toEqual([]);
  });

  it("give a local Chromium (the CLI's) no sandbox and no GPU, and nothing that weakens the page", () => {
    const args = chromiumArgs(undefined);
    expect(args).toEqual(expect.arrayContaining(['--no-sandbox', '--disable-gpu', '--disable-background-networking']));
    expect(names(args).filter((n) => (WEAKENING_FLAGS as readonly string[]).includes(n))).toEqual([]);
  });
});
