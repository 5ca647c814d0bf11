// Okta's reason text can hold a user's login, and anything an app writes: nothing of it, and no login, user id or
// name from the targets, may survive a read, a judgement or a finding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROVISIONING_EVENT_TYPES } from '../../../../functions/contract';
import { readProvisioningApp, type ProvisioningApp } from '../../../../functions/probe/provisioning/app-features';
import {
  isSkipped,
  readProvisioningEvent,
  type ProvisioningEvent,
} from '../../../../functions/probe/provisioning/events';
import { provisioningFindings } from '../../../../functions/probe/provisioning/findings';
import { judgeProvisioning } from '../../../../functions/probe/provisioning/judge';
import { applyEvents, emptyLedger } from '../../../../functions/probe/provisioning/ledger';
import { MIN, T0, hash, rawApp, rawEvent } from './fixtures';

const LOGIN = 'zelda.quux@secret-corp.example';
const USER_ID = '00uZELDA00000000000';
/** A reason at Okta's 255 characters: a terminal escape, HTML, control characters and the login. */
const HOSTILE = (
  'Bad Request. Errors reported by remote server: long_username (user=' +
  LOGIN +
  ') \u001b]52;c;ZXZpbA==\u0007\u001b[2J<script>alert(1)</script><img src=x onerror=alert(2)>\r\n\u0000' +
  'x'.repeat(255)
).slice(0, 255);

describe('hostile provisioning input', () => {
  it('keeps no login, user id or reason text in the events, the verdict or the findings', () => {
    const apps = [rawApp('0oa1snow0000000000a', 'Snowflake', ['PUSH_NEW_USERS'])].map(
      (raw) => readProvisioningApp(raw) as ProvisioningApp,
    );
    const events = PROVISIONING_EVENT_TYPES.flatMap((type, i) => {
      const read = readProvisioningEvent(
        rawEvent(type, {
          result: 'FAILURE',
          reason: HOSTILE,
          user: USER_ID,
          login: LOGIN,
          at: T0 + i * MIN,
          debug: { error_field: LOGIN, error_code: HOSTILE },
        }),
        hash,
      );
      return isSkipped(read) ? [] : [read];
    });
    expect(events).toHaveLength(PROVISIONING_EVENT_TYPES.length);
    const ledger = applyEvents(emptyLedger(), events, apps);
    const judgement = judgeProvisioning({ events, apps, ledger, now: T0 + DAY, window: { start: 0, end: T0 + DAY } });
    const all = JSON.stringify({ events, ledger, judgement, findings: provisioningFindings(judgement) });
    for (const secret of [LOGIN, 'zelda', USER_ID, 'script', 'onerror', 'long_username', 'Errors reported', '\u001b'])
      expect(all).not.toContain(secret);
    expect(judgement.apps[0]!.verdict).toMatchObject({ state: 'failing', cause: 'credential' });
  });

  it('never throws and never returns the reason, whatever the event holds (property)', () => {
    const reason = fc
      .string({ maxLength: 300 })
      .map((s) => `Unauthorized. Errors reported by remote server: ${s}${LOGIN}`);
    const anything = fc.anything({ maxDepth: 3 });
    fc.assert(
      fc.property(
        fc.constantFrom(...PROVISIONING_EVENT_TYPES, 'user.session.start'),
        reason,
        fc.option(anything),
        fc.option(fc.array(anything, { maxLength: 5 })),
        fc.constantFrom('SUCCESS', 'FAILURE', 'SKIPPED', 7, null),
        (type, text, debug, extraTargets, result) => {
          const raw: Record<string, unknown> = rawEvent(type, {
            reason: text,
            login: LOGIN,
            debug: { error_code: debug },
            extraTargets: extraTargets ?? [],
          });
          raw.outcome = { result, reason: text };
          let read: ProvisioningEvent | { skipped: string } | undefined;
          expect(() => (read = readProvisioningEvent(raw, hash))).not.toThrow();
          expect(JSON.stringify(read)).not.toContain(LOGIN);
          expect(JSON.stringify(read)).not.toContain('remote server');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on anything at all, as an event or as an app (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        expect(() => readProvisioningEvent(raw, hash)).not.toThrow();
        expect(() => readProvisioningApp(raw)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

const DAY = 24 * 60 * MIN;
