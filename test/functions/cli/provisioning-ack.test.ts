// `provisioning ack`: an app's open leavers fixed by hand closed in the CLI's ledger (the file beside --history the
// run keeps), counted and never named; the other apps' leavers and later ones untouched; a damaged ledger never
// written over; every mistake a usage error naming the option.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { createFileProvisioningStore } from '../../../functions/cli/provisioning-state-file';
import { applyEvents, readProvisioningEvent, userHasher } from '../../../functions/probe/provisioning';
import type { ProvisioningEvent } from '../../../functions/probe/provisioning';
import { rawApp, rawEvent } from '../probe/provisioning/fixtures';
import { readProvisioningApp, isSkipped, type ProvisioningApp } from '../../../functions/probe/provisioning';
import { captureIo } from './helpers';

const SNOWFLAKE = '0oa1snow0000000000a';
const BOX = '0oa1box00000000000a';
const T0 = Date.parse('2026-03-02T10:00:00.000Z');

/** A history folder whose ledger holds two Snowflake leavers (at T0 and an hour later) and one of Box. */
async function ledgerDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-ack-'));
  const store = createFileProvisioningStore(dir);
  const hash = userHasher(await store.key());
  const failed = (app: string, label: string, user: string, at: number): ProvisioningEvent => {
    const read = readProvisioningEvent(
      rawEvent('application.provision.user.deactivate', { app, label, user, at, result: 'FAILURE' }),
      hash,
    );
    if (isSkipped(read)) throw new Error(read.skipped);
    return read;
  };
  const apps = [rawApp(SNOWFLAKE, 'Snowflake', ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION']), rawApp(BOX, 'Box', [])]
    .map(readProvisioningApp)
    .filter((a): a is ProvisioningApp => !isSkipped(a));
  const ledger = applyEvents(
    { version: 1, apps: {} },
    [
      failed(SNOWFLAKE, 'Snowflake', '00u1one000000000000a', T0),
      failed(SNOWFLAKE, 'Snowflake', '00u1two000000000000a', T0 + 3_600_000),
      failed(BOX, 'Box', '00u1three0000000000a', T0),
    ],
    apps,
  );
  await store.write(new Map(Object.entries(ledger.apps)), []);
  return dir;
}

const openOf = async (dir: string, app: string): Promise<number> => {
  const entry = (await createFileProvisioningStore(dir).read()).get(app) as { open: unknown[] } | undefined;
  return entry?.open.length ?? 0;
};

describe('provisioning ack', () => {
  it("closes the app's leavers first seen by --before, says how many, names none, and leaves the rest", async () => {
    const dir = await ledgerDir();
    const io = captureIo();
    const before = new Date(T0 + 60_000).toISOString();
    expect(await main(['provisioning', 'ack', '--app', SNOWFLAKE, '--before', before, '--history', dir], io)).toBe(0);
    expect(io.out().replace(/\s+/g, ' ')).toContain(`Closed 1 open leaver of app ${SNOWFLAKE}`);
    // Within 80 columns, wrapped between words: it once printed one line of 170.
    for (const line of io.out().trimEnd().split('\n')) expect(line.length <= 80 || !line.includes(' ')).toBe(true);
    expect(io.out().trimEnd().split('\n').length).toBeGreaterThan(1);
    expect(io.out().replace(/\s+/g, ' ')).not.toMatch(/00u1|@/);
    expect(await openOf(dir, SNOWFLAKE)).toBe(1);
    expect(await openOf(dir, BOX)).toBe(1);
    // Without --before: every one up to now.
    const again = captureIo();
    expect(await main(['provisioning', 'ack', '--app', SNOWFLAKE, '--history', dir], again)).toBe(0);
    expect(again.out()).toContain('Closed 1 open leaver');
    expect(await openOf(dir, SNOWFLAKE)).toBe(0);
    const none = captureIo();
    expect(await main(['provisioning', 'ack', '--app', SNOWFLAKE, '--history', dir], none)).toBe(0);
    expect(none.out()).toContain('No open leaver of app');
  });

  it('clears the leavers the full ledger dropped from the app, saying so, though none was counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-ack-'));
    const store = createFileProvisioningStore(dir);
    await store.write(new Map([[BOX, { open: [], closed: [], full: true, dropped: true }]]), []);
    const io = captureIo();
    expect(await main(['provisioning', 'ack', '--app', BOX, '--history', dir], io)).toBe(0);
    expect(io.out().replace(/\s+/g, ' ')).toContain(`Closed 0 open leavers of app ${BOX} first seen by`);
    expect(io.out().replace(/\s+/g, ' ')).toContain('and the uncounted ones the full ledger dropped');
    expect((await createFileProvisioningStore(dir).read()).get(BOX)).toBeUndefined();
  });

  it('never writes over a damaged ledger', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-ack-'));
    mkdirSync(join(dir, 'kept'), { recursive: true });
    writeFileSync(join(dir, 'kept', 'provisioning-leavers.json'), JSON.stringify({ [SNOWFLAKE]: { open: 'x' } }));
    const io = captureIo();
    expect(await main(['provisioning', 'ack', '--app', SNOWFLAKE, '--history', dir], io)).toBe(3);
    expect(io.err().replace(/\s+/g, ' ')).toContain('damaged');
  });

  it('refuses what it cannot act on, naming the option', async () => {
    const cases: [string[], RegExp][] = [
      [['provisioning', 'ack', '--history', '/tmp/x'], /--app APPID is required/],
      [['provisioning', 'ack', '--app', 'a b', '--history', '/tmp/x'], /--app APPID is required/],
      [['provisioning', 'ack', '--app', SNOWFLAKE], /--history DIR .* or --config FILE --stack/],
      [['provisioning', 'ack', '--app', SNOWFLAKE, '--history', '/tmp/x', '--before', 'soon'], /--before must be/],
      [['provisioning', 'ack', '--app', SNOWFLAKE, '--stack'], /--stack needs --config FILE/],
      [['provisioning', 'nack'], /unknown subcommand "nack"/],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(io.err().replace(/\s+/g, ' ')).toMatch(message);
    }
  });
});
