// The simulator's scenarios of the access assertions (sim/access.ts): an admin's change in the Admin Console that no
// journey notices, each answered by Okta's policy simulation as its guide describes it (okta-developer-docs
// guides/policy-simulation), our own app refused, and a Classic Engine org. The scenario names are a contract. Each
// runs with ACCESS_DEMO_ROWS, the three rows the healthy org passes.
import { ORG_SERVER_ID, type DiagnosisCode } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import { SIM_ACCESS } from './access';
import type { AccessFault, SimFaults } from './faults';

interface AccessScenario {
  readonly description: string;
  readonly expect: readonly {
    readonly server: typeof ORG_SERVER_ID;
    readonly check: 'access-assertion';
    readonly code: DiagnosisCode;
  }[];
  readonly config: (cfg: ConfigFileJson) => ConfigFileJson;
  readonly faults: SimFaults;
}

/**
 * Three rows the healthy org passes: remote finance needs phishing resistance, the office two factors, contractors
 * are denied.
 */
export const ACCESS_DEMO_ROWS = [
  {
    id: 'finance-remote',
    app: SIM_ACCESS.financeApp,
    groups: [SIM_ACCESS.financeGroup],
    ip: '203.0.113.7',
    device: { platform: 'WINDOWS', managed: true },
    risk: 'LOW',
    expect: {
      policy: 'Finance apps',
      rule: 'Remote: phishing-resistant',
      access: 'ALLOW',
      factors: 'phishing-resistant',
    },
  },
  {
    id: 'finance-office',
    app: SIM_ACCESS.financeApp,
    groups: [SIM_ACCESS.financeGroup],
    zone: SIM_ACCESS.officeZone,
    expect: { rule: 'Office: two factors', factors: 'two factors' },
  },
  {
    id: 'contractors-denied',
    app: SIM_ACCESS.financeApp,
    groups: [SIM_ACCESS.contractorsGroup],
    expect: { access: 'DENY' },
  },
] as const satisfies NonNullable<ConfigFileJson['accessAssertions']>;

/**
 * The rows asserted, on the config's "org" server, which reads the System Log: a row Okta answers otherwise names who
 * changed it and when.
 */
export const withAccessAssertions = (cfg: ConfigFileJson): ConfigFileJson => ({
  ...cfg,
  servers: cfg.servers.map((s) =>
    s.id === ORG_SERVER_ID ? { ...s, scopes: [...new Set([...s.scopes, 'okta.logs.read'])], systemLog: true } : s,
  ),
  accessAssertions: ACCESS_DEMO_ROWS.map((row) => ({ ...row })) as NonNullable<ConfigFileJson['accessAssertions']>,
});

const scenario = (description: string, fault: AccessFault, ...codes: DiagnosisCode[]): AccessScenario => ({
  description,
  expect: codes.map((code) => ({ server: ORG_SERVER_ID, check: 'access-assertion', code })),
  config: withAccessAssertions,
  faults: { access: fault },
});

export const ACCESS_SCENARIOS = {
  'access-healthy': scenario(
    "The finance app's policy as the org decided it: remote finance needs a phishing-resistant factor, the office " +
      'two factors, contractors are denied. The three rows pass, with one simulation for all of them.',
    'healthy',
  ),
  'access-policy-reassigned': scenario(
    'An admin moved the finance app from its "Finance apps" policy to the org\'s "Any two factors": remote ' +
      'finance loses phishing resistance and contractors are let in (ACCESS_WEAKENED, which pages, for both rows), ' +
      'the office row matches another rule (ACCESS_CHANGED, a warning).',
    'policy-reassigned',
    'ACCESS_WEAKENED',
    'ACCESS_WEAKENED',
    'ACCESS_CHANGED',
  ),
  'access-rule-reordered': scenario(
    'Two rules of "Finance apps" swapped priority: the office now matches "Remote: phishing-resistant", stronger ' +
      'than asserted (ACCESS_STRONGER, a warning naming the rule it matches now).',
    'rule-reordered',
    'ACCESS_STRONGER',
  ),
  'access-weakened': scenario(
    'The rule "Remote: phishing-resistant" was edited from phishing-resistant to password only twenty minutes ago: ' +
      'remote finance signs in with a password alone (ACCESS_WEAKENED, which pages, naming the rule, when it ' +
      "changed and, from the System Log's policy.rule.update, who changed it). Every journey stays green.",
    'weakened',
    'ACCESS_WEAKENED',
  ),
  'access-scope-missing': scenario(
    "Okta refuses the simulation to the probe's app (403 E0000006): okta.policies.read or the admin role is " +
      "missing: our monitoring's setup, naming both (ACCESS_NOT_PERMITTED, a warning), never the org's access.",
    'scope-missing',
    'ACCESS_NOT_PERMITTED',
  ),
  'access-row-refused': {
    ...scenario(
      'A row names the marketing group, which is not assigned to the finance app: Okta refuses the simulation with ' +
        '400 E0000001 "Api validation failed: Groups" (ACCESS_ROW_REFUSED, a warning with Okta\'s words).',
      'healthy',
      'ACCESS_ROW_REFUSED',
    ),
    config: (cfg: ConfigFileJson): ConfigFileJson => {
      const rows = withAccessAssertions(cfg).accessAssertions ?? [];
      const marketing = { ...rows[0]!, id: 'marketing-remote', groups: ['00gmarketing00000x7a'] };
      return { ...cfg, accessAssertions: [...rows, marketing] };
    },
  },
  'access-answer-changed': scenario(
    'Policy simulation is LIMITED_GA and a release reshaped its answer: the evaluations come under a name the probe ' +
      'does not read, so no row is judged (ACCESS_UNREAD, a warning), never a row told weakened on a guess.',
    'answer-changed',
    'ACCESS_UNREAD',
  ),
  'access-classic-org': scenario(
    'A Classic Engine org: policy simulation is an Identity Engine feature, so the check is N/A naming Identity ' +
      'Engine, never a failure.',
    'classic-org',
  ),
} satisfies Record<string, AccessScenario>;
