// `demo --list`: the simulator's scenarios grouped by the kind of thing they break (tokens, sign-in journeys, SAML,
// inventory, the System Log, provisioning, Okta's status ...), under a heading each, within 80 columns. One list of
// 270 scenarios in table order was 980 lines to scroll for the one kind a reader came for.
import type { CheckName } from '../contract';
import { isScenarioName, SCENARIOS } from '../../sim/scenarios';
import { closestNames } from '../text/did-you-mean';
import { wrap } from '../text/wrap';

/** The groups, in the order the list shows them, each with its heading. */
const GROUPS = {
  token: 'Tokens and authorization servers',
  authorize: 'Authorize (/authorize)',
  'sign-in': 'Sign-in journeys',
  saml: 'SAML apps',
  inventory: 'Inventory: API tokens, certificates, log streams, hooks, agents',
  resource: 'Your APIs (resource checks)',
  'system-log': 'System Log and org rate limits',
  'user-sign-ins': "Real users' sign-ins",
  provisioning: 'Provisioning',
  integrations: "The org's own integrations: hooks, SMS and voice, e-mail, imports, rules",
  status: "Okta's status and failover",
} as const;
type Group = keyof typeof GROUPS;

/** Each check's group: a new check without one fails tsc. */
const GROUP_OF_CHECK: Readonly<Record<CheckName, Group>> = {
  discovery: 'token',
  keys: 'token',
  token: 'token',
  validate: 'token',
  introspect: 'token',
  management: 'token',
  'rate-limit': 'token',
  clock: 'token',
  certificate: 'token',
  authorize: 'authorize',
  'sign-in': 'sign-in',
  'password-expiry': 'sign-in',
  'device-assurance': 'sign-in',
  'enrollment-grace': 'sign-in',
  saml: 'saml',
  'saml-certificate': 'saml',
  'saml-apps': 'saml',
  inventory: 'inventory',
  'api-tokens': 'inventory',
  'app-certificates': 'inventory',
  'idp-certificates': 'inventory',
  'log-streams': 'inventory',
  'event-hooks': 'inventory',
  'agent-pools': 'inventory',
  resource: 'resource',
  'system-log': 'system-log',
  'org-rate-limit': 'system-log',
  'user-sign-ins': 'user-sign-ins',
  'provisioning-health': 'provisioning',
  'integration-health': 'integrations',
  status: 'status',
  'okta-failover': 'status',
};

/** The widest name column: a longer name takes a line of its own, its description the room of a 47-column word. */
const NAME_COLUMN_MAX = 32;
const WIDTH = 80;

/** A scenario's group: that of the first check it must fail, else of its namesakes (see kinOf). */
function groupOf(name: string, names: readonly string[]): Group {
  const first = isScenarioName(name) ? SCENARIOS[name].expect[0] : undefined;
  if (first !== undefined) return GROUP_OF_CHECK[first.check];
  const kin = kinOf(name, names);
  if (kin !== undefined) return kin;
  // Named after its check ("provisioning-healthy": provisioning-health), else the servers' (healthy, encrypted-*).
  const word = name.split('-')[0] ?? name;
  const check = (Object.keys(GROUP_OF_CHECK) as CheckName[]).find((c) => c.startsWith(word));
  return check === undefined ? 'token' : GROUP_OF_CHECK[check];
}

/**
 * A scenario that fails nothing (a healthy variant: "user-sign-ins-healthy", "idx-passkey") goes with the scenario
 * sharing most of its name's words that does fail a check.
 */
function kinOf(name: string, names: readonly string[]): Group | undefined {
  const words = name.split('-');
  for (let n = words.length - 1; n >= 1; n -= 1) {
    const prefix = `${words.slice(0, n).join('-')}-`;
    const kin = names.find((other) => other.startsWith(prefix) && isScenarioName(other) && SCENARIOS[other].expect[0]);
    const check = kin !== undefined && isScenarioName(kin) ? SCENARIOS[kin].expect[0]?.check : undefined;
    if (check !== undefined) return GROUP_OF_CHECK[check];
  }
  return undefined;
}

/** The scenarios of each group in the list's order, the table's order kept within one. */
export function scenarioGroups(names: readonly string[]): { readonly heading: string; readonly names: string[] }[] {
  const by = new Map<Group, string[]>();
  for (const name of names) {
    const group = groupOf(name, names);
    by.set(group, [...(by.get(group) ?? []), name]);
  }
  return (Object.keys(GROUPS) as Group[]).flatMap((group) => {
    const listed = by.get(group) ?? [];
    return listed.length === 0 ? [] : [{ heading: GROUPS[group], names: listed }];
  });
}

/** Each group under its heading, each scenario with what it breaks, the descriptions wrapped beside the names. */
export function scenarioList(names: readonly string[]): string {
  const indent = ' '.repeat(Math.min(Math.max(...names.map((n) => n.length)) + 4, NAME_COLUMN_MAX));
  const entry = (name: string): string[] => {
    const description = isScenarioName(name) ? SCENARIOS[name].description : '';
    const lines = wrap(description, WIDTH, indent);
    if (name.length + 4 > indent.length) return [`  ${name}`, ...lines];
    return lines.map((line, i) => (i === 0 ? `  ${name}`.padEnd(indent.length) + line.trimStart() : line));
  };
  const blocks = scenarioGroups(names).map(
    ({ heading, names: listed }) => `${heading} (${listed.length}):\n${listed.flatMap(entry).join('\n')}`,
  );
  return `${blocks.join('\n\n')}\n`;
}

/** The scenarios an unknown name's message offers: a few to pick from, the rest one command away. */
const CLOSEST_SCENARIOS = 3;

/**
 * Why a scenario name is refused and what to type instead, one sentence: the few scenarios near it, if any, and
 * the command that lists them all (every name, wrapped, was dozens of lines to read for one typo).
 */
export function unknownScenario(name: string, names: readonly string[], listCommand: string): string {
  const closest = closestNames(name, names, CLOSEST_SCENARIOS);
  const near = closest.length > 0 ? ` (did you mean ${closest.join(', ')}?)` : '';
  return `unknown scenario "${name}"${near}; "${listCommand}" lists all ${names.length}`;
}
