// An app whose open leavers the ledger's bound in all (LEDGER_LIMITS.openTotal) dropped, every one: its count of 0 is
// no count, so it is told as at least one leaver the full ledger dropped, never a silent 0; the mark is kept across
// runs and read back, and an admin's acknowledgement of the app clears it.
import { describe, expect, it } from 'vitest';
import { readProvisioningApp, type ProvisioningApp } from '../../../../functions/probe/provisioning/app-features';
import { isSkipped, readProvisioningEvent } from '../../../../functions/probe/provisioning/events';
import { provisioningFindings } from '../../../../functions/probe/provisioning/findings';
import { judgeProvisioning } from '../../../../functions/probe/provisioning/judge';
import { LEDGER_LIMITS, acknowledge, applyEvents, emptyLedger } from '../../../../functions/probe/provisioning/ledger';
import { readLedger } from '../../../../functions/probe/provisioning/ledger-bounds';
import { provisioningJudged } from '../../../../functions/probe/provisioning/result';
import { MIN, T0, hash, rawApp, rawEvent } from './fixtures';

const PUSHES = ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION'];
/** Four apps that fill the bound in all, and one sorted after them whose leaver finds no room. */
const FULL = ['a', 'b', 'c', 'd'].map((c) => `0oa1${c.repeat(4)}0000000000a`);
const LAST = '0oa1zzzz0000000000a';
const apps = [...FULL, LAST].map(
  (id, i) => readProvisioningApp(rawApp(id, i === FULL.length ? 'Zendesk' : `App ${i}`, PUSHES)) as ProvisioningApp,
);

const failed = (app: string, n: number) => {
  const got = readProvisioningEvent(
    rawEvent('application.provision.user.deactivate', {
      app,
      result: 'FAILURE',
      user: `00u${app.slice(4, 8)}${n.toString().padStart(13, '0')}`,
      at: T0 + n,
    }),
    hash,
  );
  if (isSkipped(got)) throw new Error(got.skipped);
  return got;
};

const perApp = LEDGER_LIMITS.openTotal / FULL.length;
const events = [...FULL.flatMap((app) => Array.from({ length: perApp }, (_, n) => failed(app, n))), failed(LAST, 0)];
const window = { start: T0 - 60 * MIN, end: T0 + 60 * MIN };

describe("an app whose open leavers the ledger's bound in all dropped", () => {
  const ledger = applyEvents(emptyLedger(), events, apps);

  it('is marked dropped, kept across runs and read back', () => {
    expect(perApp).toBeLessThanOrEqual(LEDGER_LIMITS.openPerApp); // the bound in all cuts, not the app's own cap
    expect(ledger.apps[LAST]).toEqual({ open: [], closed: [], full: true, dropped: true });
    const later = applyEvents(ledger, [], apps);
    expect(later.apps[LAST]).toMatchObject({ open: [], dropped: true });
    expect(readLedger(JSON.parse(JSON.stringify(later)), T0 + MIN)).toMatchObject({
      apps: { [LAST]: { open: [], full: true, dropped: true } },
    });
  });

  it('is told as at least 1 leaver the full ledger dropped, never a silent 0', () => {
    const judgement = judgeProvisioning({ events: [], apps, ledger, now: T0 + 30 * MIN, window });
    const zendesk = provisioningFindings(judgement).filter((f) => f.item === LAST);
    expect(zendesk.map((f) => [f.code, f.detail])).toEqual([
      [
        'PROVISIONING_LEAVERS_OPEN',
        `"Zendesk" (${LAST}): at least 1 leaver may still have an account, not counted: the ledger was full ` +
          "(2,000 open leavers in all) and dropped this app's",
      ],
    ]);
    expect(judgement.totals.appsWithLeavers).toBe(FULL.length + 1);
    const judged = provisioningJudged(judgement, {
      now: T0 + 30 * MIN,
      secrets: [],
      settings: { pageOnLeavers: false } as never,
      read: { events: 0, skipped: new Map(), complete: true, apps: { skipped: 0 } as never, written: undefined },
    });
    expect(judged.items?.find((i) => i.item.includes(LAST))?.status).toBe('warn');
  });

  it("is cleared by the admin's acknowledgement of the app, with its count of 0", () => {
    const { ledger: after, acknowledged, dropped } = acknowledge(ledger, LAST, T0 + MIN);
    expect([acknowledged, dropped]).toEqual([0, true]);
    expect(after.apps[LAST]).toBeUndefined(); // nothing left to say: the entry is dropped
    const judgement = judgeProvisioning({ events: [], apps, ledger: after, now: T0 + 30 * MIN, window });
    expect(provisioningFindings(judgement).filter((f) => f.item === LAST)).toEqual([]);
  });
});
