// The provisioning connections read beside the app listing: asked only of the apps Okta serves one for, bounded in
// requests however large the catalogue, the least recently read first, and every answer read as hostile input.
import { describe, expect, it } from 'vitest';
import { readProvisioningApp, type ProvisioningApp } from '../../../../functions/probe/provisioning/app-features';
import { KEPT_HOURS, MOST_READ, readConnections } from '../../../../functions/probe/provisioning/connections';
import { finding } from '../../../../functions/probe/verdict';
import type { InventoryReader } from '../../../../functions/probe/okta/management-read';
import { T0 } from './fixtures';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const PUSHES = ['PUSH_NEW_USERS', 'PUSH_USER_DEACTIVATION'];
const app = (id: string, name: string, features = PUSHES, status = 'ACTIVE'): ProvisioningApp =>
  readProvisioningApp({ id, name, label: id, status, features }) as ProvisioningApp;

type Answer = Awaited<ReturnType<InventoryReader['get']>>;

/** A reader answering each app's connection from `answers` (ENABLED when not named), counting what it was asked. */
function reader(answers: Record<string, Answer> = {}): Pick<InventoryReader, 'get'> & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get: async (_token, path) => {
      const id = /^\/api\/v1\/apps\/([^/]+)\/connections\/default$/.exec(path)?.[1] ?? 'not a connection path';
      asked.push(decodeURIComponent(id));
      return answers[id] ?? { body: { profile: { authScheme: 'TOKEN' }, status: 'ENABLED' } };
    },
  };
}

describe('readConnections', () => {
  it('asks only the active apps Okta pushes to and serves a connection for, and says a disabled one', async () => {
    const apps = [
      app('0oa1slack', 'slack'),
      app('0oa1zoom', 'zoomus'),
      app('0oa1snow', 'scim2headerauth'),
      app('0oa1google', 'google', ['SSO']),
      app('0oa1o365', 'office365', PUSHES, 'INACTIVE'),
    ];
    const r = reader({ '0oa1slack': { body: { profile: { authScheme: 'TOKEN' }, status: 'DISABLED' } } });
    const read = await readConnections(r, 'token', apps, undefined, T0);
    expect(r.asked.sort()).toEqual(['0oa1slack', '0oa1zoom']);
    expect(read.apps.map((a) => [a.id, a.connection])).toEqual([
      ['0oa1slack', 'disabled'],
      ['0oa1zoom', 'enabled'],
      ['0oa1snow', undefined],
      ['0oa1google', undefined],
      ['0oa1o365', undefined],
    ]);
    expect(read).toMatchObject({ requests: 2, unread: 0 });
  });

  it('spends at most MOST_READ requests on a catalogue of hundreds, the least recently read first', async () => {
    const apps = Array.from({ length: 300 }, (_, i) => app(`0oa${String(i).padStart(4, '0')}`, 'okta_org2org'));
    const cache = createMemoryCache();
    const first = reader();
    const one = await readConnections(first, 'token', apps, cache, T0);
    expect(first.asked).toHaveLength(MOST_READ);
    expect(one).toMatchObject({ requests: MOST_READ, unread: 300 - MOST_READ });
    // An hour on, the next MOST_READ: none read twice while others were never read.
    const second = reader();
    const two = await readConnections(second, 'token', apps, cache, T0 + 3_600_000);
    expect(second.asked).toHaveLength(MOST_READ);
    expect(second.asked.filter((id) => first.asked.includes(id))).toEqual([]);
    expect(two.unread).toBe(300 - 2 * MOST_READ);
    // A read refused keeps the answers read before, for KEPT_HOURS; past them an answer is forgotten, never told
    // as still true.
    const refused = { problem: finding('INVENTORY_THROTTLED', { detail: 'bucket low' }) };
    const only = apps.slice(0, 1);
    const kept = await readConnections(reader({ [only[0]!.id]: refused }), 'token', only, cache, T0 + 7_200_000);
    expect(kept.apps[0]!.connection).toBe('enabled');
    const late = T0 + (KEPT_HOURS + 2) * 3_600_000;
    const forgotten = await readConnections(reader({ [only[0]!.id]: refused }), 'token', only, cache, late);
    expect(forgotten.apps[0]!.connection).toBeUndefined();
    expect(forgotten).toMatchObject({ unread: 1, stopped: 'bucket low' });
  });

  it('asks no app twice within an hour, however often called (a listing cut short is read every run)', async () => {
    const apps = ['0oa1a', '0oa1b', '0oa1c'].map((id) => app(id, 'slack'));
    const cache = createMemoryCache();
    await readConnections(reader(), 'token', apps, cache, T0);
    const soon = reader();
    const read = await readConnections(soon, 'token', apps, cache, T0 + 59 * 60_000);
    expect(soon.asked).toEqual([]);
    expect(read.apps.map((a) => a.connection)).toEqual(['enabled', 'enabled', 'enabled']);
    const hourOn = reader();
    await readConnections(hourOn, 'token', apps, cache, T0 + 60 * 60_000);
    expect(hourOn.asked).toHaveLength(3);
  });

  it('believes only ENABLED and DISABLED: any other answer says nothing, and none throws', async () => {
    const hostile: unknown[] = [
      [{ status: 'DISABLED' }],
      'DISABLED',
      null,
      { status: 'disabled' },
      { status: 'DISABLED ' },
      { status: { DISABLED: true } },
      { profile: { authScheme: 'UNKNOWN' }, status: 'UNKNOWN' },
      { status: 'DISABLED'.repeat(10_000) },
    ];
    const apps = hostile.map((_, i) => app(`0oa1h${i}`, 'slack'));
    const answers = Object.fromEntries(hostile.map((body, i) => [`0oa1h${i}`, { body }]));
    const read = await readConnections(reader(answers), 'token', apps, undefined, T0);
    expect(read.apps.map((a) => a.connection)).toEqual(hostile.map(() => 'unknown'));
  });

  it('goes on past an app gone since the listing, stops at a refusal that answers every app alike', async () => {
    const apps = ['0oa1a', '0oa1b', '0oa1c', '0oa1d', '0oa1e', '0oa1f'].map((id) => app(id, 'zscalerbyz'));
    const r = reader({
      '0oa1a': { problem: finding('UNEXPECTED_RESPONSE', { httpStatus: 404 }) },
      '0oa1e': { problem: finding('INVENTORY_ROLE_MISSING', { httpStatus: 403, detail: 'no role' }) },
    });
    const read = await readConnections(r, 'token', apps, undefined, T0);
    // Four at once: the first four answered (the gone app says nothing), then the refusal stops the rest.
    expect(r.asked).toEqual(['0oa1a', '0oa1b', '0oa1c', '0oa1d', '0oa1e', '0oa1f']);
    expect(read.apps.map((a) => a.connection)).toEqual([
      'unknown',
      'enabled',
      'enabled',
      'enabled',
      undefined,
      'enabled',
    ]);
    expect(read).toMatchObject({ unread: 1, stopped: 'no role' });
  });
});
