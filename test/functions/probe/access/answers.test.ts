// Okta's answers to the access assertions read as hostile input: the guide's own answer shape (one object, its
// evaluations per policy type), the SDKs' list, unknown fields of a LIMITED_GA answer ignored, and an answer whose
// evaluations cannot be matched to the rows refused, never guessed.
import { describe, expect, it } from 'vitest';
import { readRule, readSimulation, simulationBody } from '../../../../functions/probe/access/answers';

/** The ACCESS_POLICY entry of okta-developer-docs guides/policy-simulation's first example answer. */
const GUIDE_ACCESS = {
  status: null,
  policyType: 'ACCESS_POLICY',
  result: {
    policies: [
      {
        id: 'rst7xut96faIAgmti1d7',
        name: 'Any two factors',
        status: 'MATCH',
        conditions: [],
        rules: [{ id: 'rul7xut96gmsOzKAA1d7', name: 'Catch-all Rule', status: 'MATCH', conditions: [] }],
      },
    ],
  },
  undefined: { policies: [] },
};
const GUIDE_SIGN_ON = { ...GUIDE_ACCESS, policyType: 'OKTA_SIGN_ON' };

describe("the simulation's answer", () => {
  it("reads the guide's { evaluation: [...] } and the SDKs' list alike, ignoring other policy types and fields", () => {
    const matched = [
      {
        policy: { id: 'rst7xut96faIAgmti1d7', name: 'Any two factors' },
        rule: { id: 'rul7xut96gmsOzKAA1d7', name: 'Catch-all Rule' },
      },
    ];
    expect(readSimulation({ evaluation: [GUIDE_SIGN_ON, { ...GUIDE_ACCESS, newField: 1 }] }, 1)).toEqual({ matched });
    expect(readSimulation([GUIDE_ACCESS], 1)).toEqual({ matched });
  });

  it('refuses an answer whose evaluations do not count one a row, and one that is no list', () => {
    expect(readSimulation([GUIDE_ACCESS], 2)).toEqual({
      problem: 'the answer holds 1 ACCESS_POLICY evaluations for 2 simulations: which is whose cannot be told',
    });
    expect(readSimulation({ policies: [] }, 1)).toMatchObject({
      problem: expect.stringContaining('no list of evaluations'),
    });
  });

  it('tells a policy with no rule matched, and drops an id that is not one', () => {
    const noRule = {
      ...GUIDE_ACCESS,
      result: { policies: [{ id: 'rst1', name: 'P', status: 'MATCH', rules: [{ id: 'x/../y', status: 'MATCH' }] }] },
    };
    expect(readSimulation([noRule], 1)).toEqual({ matched: [{ policy: { id: 'rst1', name: 'P' } }] });
  });
});

describe("a rule's action", () => {
  const rule = (appSignOn: unknown) => ({
    id: 'rul1',
    name: 'Remote',
    lastUpdated: '2026-11-29T10:00:00.000Z',
    actions: { appSignOn },
  });

  it('ranks phishing resistance, two factors and one', () => {
    const method = (factorMode: string, constraints: unknown[] = []) => ({
      type: 'ASSURANCE',
      factorMode,
      constraints,
    });
    expect(
      readRule(
        rule({
          access: 'ALLOW',
          verificationMethod: method('2FA', [{ possession: { phishingResistant: 'REQUIRED' } }]),
        }),
        'rul1',
      ),
    ).toMatchObject({ access: 'ALLOW', factors: 'phishing-resistant', lastUpdated: '2026-11-29T10:00:00.000Z' });
    expect(readRule(rule({ access: 'ALLOW', verificationMethod: method('2FA') }), 'rul1')).toMatchObject({
      factors: 'two factors',
    });
    expect(readRule(rule({ access: 'ALLOW', verificationMethod: method('1FA') }), 'rul1')).toMatchObject({
      factors: 'password only',
    });
    expect(
      readRule(rule({ access: 'ALLOW', verificationMethod: { type: 'AUTH_METHOD_CHAIN' } }), 'rul1'),
    ).toMatchObject({ factors: 'unknown' });
    expect(readRule(rule({ access: 'DENY' }), 'rul1')).toMatchObject({ access: 'DENY' });
    expect(readRule(rule({ access: 'DENY' }), 'rul2')).toBeUndefined();
  });
});

describe("the simulation's body", () => {
  it('asks ACCESS_POLICY of one simulation a row, with what each row declares', () => {
    expect(
      simulationBody([
        {
          id: 'a',
          app: '0oa1',
          groups: ['00g1'],
          zone: 'nzo1',
          risk: 'HIGH',
          device: { platform: 'IOS' },
          expect: { access: 'DENY' },
        },
        { id: 'b', app: '0oa1', user: '00u1', groups: [], ip: '203.0.113.7', expect: { access: 'ALLOW' } },
      ]),
    ).toEqual([
      {
        policyTypes: ['ACCESS_POLICY'],
        appInstance: '0oa1',
        policyContext: {
          groups: { ids: ['00g1'] },
          zones: { ids: ['nzo1'] },
          device: { platform: 'IOS' },
          risk: { level: 'HIGH' },
        },
      },
      {
        policyTypes: ['ACCESS_POLICY'],
        appInstance: '0oa1',
        policyContext: { user: { id: '00u1' }, groups: { ids: [] }, ip: '203.0.113.7' },
      },
    ]);
  });
});
