// The kept records read back as hostile input, one table per kind of record: anyone who can write the folder, the SSM
// parameter or the item can write any of these. A forged record (or one field of it) is no record, as each reader's
// design says (the verdict judged afresh, the app judged afresh, the token not remembered), never trusted and never
// a throw: none of them guards a password, so absent is the safe reading.
import { describe, expect, it } from 'vitest';
import { carried, isKeptVerdict, keptVerdict } from '../../../functions/probe/cadence';
import { readKeptApp } from '../../../functions/probe/saml/group/apps';
import { readTokenMemory } from '../../../functions/probe/inventory/token-memory';
import { SignInTally } from '../../../functions/probe/system-log/sign-in-tally';
import { fail, judged } from '../../../functions/probe/verdict';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const MIN = 60_000;
const YEAR = 365 * 24 * 60 * MIN;

describe("a journey's kept SAML verdicts", () => {
  const honest = keptVerdict(judged(fail('SAML_SIGNATURE_INVALID', 'why')), NOW - 5 * MIN, []);

  it('reads back what a run keeps, and carries it', () => {
    expect(isKeptVerdict(honest, NOW)).toBe(true);
    expect(isKeptVerdict({ ...honest, observed: { apps: 3, ok: true, note: null } }, NOW)).toBe(true);
    expect(carried(honest).carried).toEqual({ judgedAt: NOW - 5 * MIN });
  });

  it.each([
    ['not an object', 'PASS'],
    ['a time that is text', { at: '2026-11-23' }],
    ['a time past Date (carried, it threw)', { at: 1e20 }],
    ['a time before the epoch', { at: -1 }],
    ['a time a year ahead (repeated as judged in the future)', { at: NOW + YEAR }],
    ['a code nobody has', { code: 'DROP_TABLES' }],
    ['a code that is a prototype key', { code: '__proto__' }],
    ['a detail of 10,000 characters', { detail: 'x'.repeat(10_000) }],
    ['a request id that is a number', { requestId: 42 }],
    ['an HTTP status past 599', { httpStatus: 1e6 }],
    ['a skip that failed', { notRun: 'skip' }],
    ['a not-run of another kind', { code: null, notRun: 'later' }],
    ['a fact that is an object', { observed: { nested: { deep: 1 } } }],
    ['facts that are a list', { observed: [1, 2] }],
  ])('refuses %s', (_what, change) => {
    const forged = typeof change === 'string' ? change : { ...honest, ...change };
    expect(isKeptVerdict(forged, NOW)).toBe(false);
  });
});

describe("a SAML group's kept apps", () => {
  const honest = {
    at: NOW - 10 * MIN,
    first: NOW - 30 * 24 * 60 * MIN,
    seen: NOW - 10 * MIN,
    code: 'SAML_SIGNATURE_INVALID',
    since: NOW - 60 * MIN,
    httpStatus: 200,
    cert: { notAfter: NOW + 40 * 24 * 60 * MIN, fingerprint: 'ab:cd' },
  };
  const prints = (time: number | undefined): void => {
    if (time !== undefined) new Date(time).toISOString();
  };

  it('reads back what a run keeps', () => {
    expect(readKeptApp(honest, NOW)).toEqual(honest);
  });

  it.each([
    ['a first seen before Date can print', { first: -1e16 }],
    ['a last seen past Date', { seen: 1e300 }],
    ['a last check a year ahead (never overdue)', { at: NOW + YEAR }],
    ['a failing streak from before the epoch', { since: -5 }],
    ['a first seen that is text', { first: String(NOW) }],
    ['a record that is a list', [honest]],
  ])('refuses %s', (_what, change) => {
    expect(readKeptApp(Array.isArray(change) ? change : { ...honest, ...change }, NOW)).toBeUndefined();
  });

  it.each([
    ['a certificate expiring before Date can print', { cert: { notAfter: -1e300, fingerprint: 'ab' } }, 'cert'],
    ['an HTTP status of 42', { httpStatus: 42 }, 'httpStatus'],
    ['an HTTP status of 200.5', { httpStatus: 200.5 }, 'httpStatus'],
    ['a code nobody has', { code: 'DROP_TABLES' }, 'code'],
  ])('drops %s, keeping the rest', (_what, change, field) => {
    const read = readKeptApp({ ...honest, ...change }, NOW);
    expect(read).toBeDefined();
    expect(read).not.toHaveProperty(field);
    // Whatever was kept can be printed: the group's lines print every time of it.
    for (const time of [read?.at, read?.first, read?.seen, read?.since, read?.cert?.notAfter]) prints(time);
  });
});

describe("the inventory's remembered API tokens", () => {
  const honest = {
    id: '00T1a2b3c4d5e6f7g8h9',
    name: 'CI token',
    owner: 'svc@acme.example',
    expiresAt: '2026-11-30T00:00:00.000Z',
    tokenWindow: 'P30D',
    goneAt: NOW - 60 * MIN,
  };

  it('reads back what a run keeps', () => {
    expect(readTokenMemory({ tokens: [honest] })).toEqual({ tokens: [honest] });
  });

  it.each([
    ['an id of 1,000 characters', { id: 'x'.repeat(1000) }],
    ['a name of 10,000 characters (printed in a warning)', { name: 'n'.repeat(10_000) }],
    ['an owner of 1,000 characters', { owner: 'o'.repeat(1000) }],
    ['an expiry that is no date', { expiresAt: 'soon' }],
    ['a gone time before the epoch', { goneAt: -1e16 }],
    ['a gone time that is text', { goneAt: '1' }],
    ['no id', { id: undefined }],
  ])('forgets a token with %s', (_what, change) => {
    expect(readTokenMemory({ tokens: [{ ...honest, ...change }] })).toEqual({ tokens: [] });
  });
});

describe("the streamed sign-ins' stored tallies", () => {
  const honest = {
    subject: 'app',
    id: '0oa1',
    label: 'Portal',
    attempts: 10,
    failures: 2,
    users: [['u1', 2, 1]],
    reasons: [['mfa', 'VERIFICATION_ERROR', 2]],
  };
  const merged = (subject: unknown) => {
    const tally = new SignInTally();
    tally.merge({ ignored: 0, dropped: 0, subjects: [subject] });
    return tally.snapshot().subjects;
  };

  it('reads back what the aggregator writes, a subject split by users included', () => {
    expect(merged(honest)).toEqual([honest]);
    expect(merged({ ...honest, attempts: 0, failures: 0, reasons: [], users: [['u2', 3, 0]] })).toHaveLength(1);
  });

  it.each([
    ['more failures than attempts (a failure rate past 100%)', { attempts: 1, failures: 5 }],
    ['a reason counted more often than the failures', { reasons: [['mfa', 'VERIFICATION_ERROR', 50]] }],
    ['attempts past any minute of an org', { attempts: 1e300, failures: 0 }],
    ['negative attempts', { attempts: -10 }],
    ['attempts that are text', { attempts: '10' }],
    ['a subject of no kind', { subject: 'admin' }],
    ['no id', { id: '' }],
  ])('refuses a subject with %s', (_what, change) => {
    expect(merged({ ...honest, ...change })).toEqual([]);
  });
});
