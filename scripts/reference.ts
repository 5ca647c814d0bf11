// The reference parts of docs/ and the README that follow from the code, for `npm run docs` (scripts/docs.ts):
// the configuration's fields (from the same field tables as the validator and the JSON Schema), the admin role each
// okta.* scope needs, the deploy rules, and what typical deployments cost. A field, a scope or a rule added to the
// code appears in docs/ by `npm run docs` alone.
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import {
  ACCESS_ORG_SCOPES,
  APPS_SCOPE,
  INVENTORY_OWNER_SCOPE,
  INVENTORY_SCOPES,
  MANAGEMENT_PATHS,
  NEVER_FOR_MONITORING,
  SCOPE_GRANTS,
  SYSTEM_LOG_SCOPE,
  DOMAINS_SCOPE,
  POLICIES_SCOPE,
} from '../functions/contract';
import { parseConfig, type LoadedConfig } from '../functions/config/parse';
import { DISCOVERY_SCOPES } from '../functions/config/samlGroups';
import { PREVIEW_SERVER_FIELDS, PREVIEW_SIGN_IN_FIELDS } from '../functions/config/preview-shape';
import {
  AUTHORIZE_SCHEMA,
  SAML_APP_SCHEMA,
  SAML_GROUP_SCHEMA,
  SERVER_SCHEMA,
  SIGN_IN_SCHEMA,
  TOP_SCHEMA,
  type FieldSchema,
} from '../functions/config/schema';
import { estimateCost } from '../functions/cost/estimate';
import { CHECK_TABLE } from '../functions/plan/check-table';
import { BENCHMARKED_PROFILE } from '../functions/cli/cost';
import { regionPlan } from '../functions/plan/region-plan';
import { DEPLOY_RULES } from '../functions/plan/deploy-rules';

/** One Markdown table cell: pipes and "<" escaped (GitHub drops "<org>" as HTML), one line. */
export const cell = (text: string): string =>
  text
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/\s*\n\s*/g, ' ');

const code = (value: unknown): string => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

/** A field's type in words, from its schema: "integer 100-60000", "string (URL)", "`"idx"`, `"authn"`". */
function typeOf(schema: FieldSchema): string {
  const range = (s: FieldSchema): string =>
    s.minimum !== undefined && s.maximum !== undefined ? ` ${String(s.minimum)}-${String(s.maximum)}` : '';
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map(code).join(', ');
  if (Array.isArray(schema.oneOf)) return 'see the description';
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(
    (t): t is string => typeof t === 'string',
  );
  const words = types.map((t) => {
    if (t === 'integer' || t === 'number') return `${t}${range(schema)}`;
    if (t === 'string')
      return schema.format === 'uri' ? 'string (URL)' : schema.format === 'email' ? 'e-mail address' : 'string';
    if (t === 'array') {
      const items = schema.items as FieldSchema | undefined;
      return items?.type === 'object'
        ? 'array of objects'
        : items?.type === 'string' || items?.format === 'email'
          ? 'array of strings'
          : 'array';
    }
    return t;
  });
  return words.join(' or ') || 'any';
}

/** The rows of one level of the file: field, type, required or not, what it is. */
function fieldTable(properties: Readonly<Record<string, FieldSchema>>, required: readonly string[]): string {
  const rows = Object.entries(properties)
    .filter(([name]) => name !== '_comment' && name !== '$schema')
    .map(
      ([name, schema]) =>
        `| \`${name}\` | ${cell(typeOf(schema))}${required.includes(name) ? ', **required**' : ''} | ${cell(String(schema.description ?? ''))} ` +
        `|`,
    );
  return ['| Field | Type | What it is |', '| --- | --- | --- |', ...rows].join('\n');
}

const itemsOf = (schema: FieldSchema): FieldSchema => schema.items as FieldSchema;
const requiredOf = (schema: FieldSchema): string[] => (schema.required as string[] | undefined) ?? [];
const propertiesOf = (schema: FieldSchema): Record<string, FieldSchema> =>
  schema.properties as Record<string, FieldSchema>;

/** Each level of the configuration file, by the name of its generated block in docs/configuration.md. */
export const CONFIG_TABLES: Readonly<Record<string, () => string>> = {
  'config-top': () => fieldTable(TOP_SCHEMA, ['orgUrl', 'servers']),
  'config-servers': () => fieldTable(SERVER_SCHEMA, requiredOf(itemsOf(TOP_SCHEMA.servers))),
  'config-authorize': () => fieldTable(AUTHORIZE_SCHEMA, requiredOf(SERVER_SCHEMA.authorize)),
  'config-sign-in': () => fieldTable(SIGN_IN_SCHEMA, requiredOf(itemsOf(TOP_SCHEMA.signIn))),
  'config-saml-apps': () => fieldTable(SAML_APP_SCHEMA, requiredOf(itemsOf(TOP_SCHEMA.samlApps))),
  'config-saml-groups': () => fieldTable(SAML_GROUP_SCHEMA, requiredOf(itemsOf(TOP_SCHEMA.samlGroups))),
  'config-local-notifications': () =>
    fieldTable(
      propertiesOf(itemsOf(TOP_SCHEMA.localNotifications)),
      requiredOf(itemsOf(TOP_SCHEMA.localNotifications)),
    ),
};

/** What a `preview` entry may set, from the declarations the validator reads (docs/preview.md). */
export const PREVIEW_TABLES: Readonly<Record<string, () => string>> = {
  'preview-servers': () => fieldTable(PREVIEW_SERVER_FIELDS, ['clientId']),
  'preview-sign-in': () => fieldTable(PREVIEW_SIGN_IN_FIELDS, ['clientId', 'username']),
};

/** The kinds of a SAML group's `discover` that read with a scope. */
function discoveryReaders(scope: string): string[] {
  const kinds = Object.entries(DISCOVERY_SCOPES)
    .filter(([, scopes]) => scopes.includes(scope))
    .map(([kind]) => (kind === 'assigned' ? '"assigned"' : `{ "${kind}" }`));
  if (kinds.length === 0) return [];
  return [
    kinds.length === Object.keys(DISCOVERY_SCOPES).length
      ? 'samlGroups: every `discover`'
      : `samlGroups: \`discover\` ${kinds.join(', ')}`,
  ];
}

/** What the probe reads with each okta.* scope: the checks that ask for it. */
function readersOf(scope: string): string[] {
  const kinds = Object.entries(INVENTORY_SCOPES)
    .filter(([, s]) => s === scope)
    .map(([kind]) => `inventory: \`${kind}\``);
  return [
    ...(scope in MANAGEMENT_PATHS ? [`\`management\` (\`GET ${MANAGEMENT_PATHS[scope] ?? ''}\`)`] : []),
    ...(scope === SYSTEM_LOG_SCOPE ? ['`systemLog`'] : []),
    ...(scope === DOMAINS_SCOPE ? ['`integrationHealth`: the custom domains'] : []),
    ...kinds,
    ...(scope === INVENTORY_OWNER_SCOPE ? ["inventory: API tokens' owners"] : []),
    ...((CHECK_TABLE['integration-health'].ownToken?.scopes as readonly string[] | undefined)?.includes(scope) === true
      ? ['`integrationHealth` (the hook lists)']
      : []),
    ...discoveryReaders(scope),
    ...accessReaders(scope),
  ];
}

/** What the access assertions read with a scope: the run's simulation, a labelled app, and `plan --org`'s reads. */
function accessReaders(scope: string): string[] {
  const asked = Object.entries(ACCESS_ORG_SCOPES)
    .filter(([, s]) => s === scope)
    .map(([kind]) => (kind === 'group' ? 'groups' : kind));
  return [
    ...(scope === POLICIES_SCOPE ? ['`accessAssertions`'] : []),
    ...(scope === APPS_SCOPE ? ['`accessAssertions`: an app named by its label'] : []),
    ...(asked.length > 0 ? [`\`plan --org\`: the access assertions' ${asked.join(', ')}`] : []),
  ];
}

/**
 * docs/inventory.md's "What to grant": each scope, what reads it, and the narrowest role Okta documents
 * (contract/admin-roles.ts).
 */
export function scopeGrantsTable(): string {
  const rows = Object.entries(SCOPE_GRANTS).map(([scope, grant]) => {
    const custom =
      grant.custom === null
        ? 'none documented'
        : `\`${grant.custom.permission}\` on a resource set of ${grant.custom.resources}`;
    return (
      `| \`${scope}\` | ${readersOf(scope).join(', ')} | ${grant.standardRole}${
        grant.documented ? '' : ' (not documented for ' + 'this read: try it)'
      } ` + `| ${custom} |`
    );
  });
  return [
    '| Scope | Read by | Narrowest standard role | Custom admin role permission |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `Never ${NEVER_FOR_MONITORING.join(' or ')}: the key sits in Secrets Manager, and would administer the whole org.`,
  ].join('\n');
}

/** docs/deploying.md's list of what one deployment cannot hold, from DEPLOY_RULES. */
export function deployRulesList(): string {
  return Object.entries(DEPLOY_RULES)
    .map(([name, rule]) => `- \`${name}\`: ${rule.keepsOut}.`)
    .join('\n');
}

const EXAMPLE_CONFIG = fileURLToPath(new URL('../okta-synthetics.example.json', import.meta.url));

const SAML_APP = (id: string, ownAlarm = false) => ({
  id,
  signIn: 'portal',
  ...(ownAlarm && { ownAlarm: true }),
  ssoUrl: `https://acme.okta.com/app/acme_${id}_1/exk1a2b3c4d5e6f7g8h9/sso/saml`,
  metadataUrl: 'https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata',
  audience: `https://${id}.example`,
  recipient: `https://${id}.example/acs`,
  requiredAttributes: ['email'],
});
const JOURNEY = {
  id: 'portal',
  server: 'default',
  flow: 'idx',
  clientId: '0oa8f5p9w3PoRt4L35d7',
  redirectUri: 'https://portal.acme.example/callback',
  username: 'synthetic.user@acme.example',
};
/** n SAML apps of the journey: the first with its own alarm (ownAlarm), the rest counted in the journey's group. */
const SAML_APPS = (n: number) => Array.from({ length: n }, (_, i) => SAML_APP(`app${i + 1}`, i === 0));
const INVENTORY_SCOPE_LIST = ['okta.users.read', 'okta.logs.read', ...Object.values(INVENTORY_SCOPES)];

/** The deployments the README prices: the example, then what an admin adds to it. */
export const PRICED_DEPLOYMENTS: readonly {
  readonly label: string;
  readonly build: (example: Record<string, unknown>) => Record<string, unknown>;
}[] = [
  { label: 'the example: the Org AS (with `authorize`) and a custom server', build: (example) => example },
  {
    label: '+ a sign-in journey (`idx`) and 5 SAML apps (one with `ownAlarm`, four in its group)',
    build: (example) => ({ ...example, signIn: [JOURNEY], samlApps: SAML_APPS(5) }),
  },
  {
    label: "+ the System Log (with real users' sign-ins) and the inventory on `org`",
    build: (example) => {
      const [org, ...rest] = example.servers as Record<string, unknown>[];
      return {
        ...example,
        servers: [{ ...org, systemLog: true, inventory: true, scopes: INVENTORY_SCOPE_LIST }, ...rest],
        userSignIns: {},
        signIn: [JOURNEY],
        samlApps: SAML_APPS(5),
      };
    },
  },
  {
    label: 'a catalogue: the same with 1,000 SAML apps (one with `ownAlarm`, the rest in one group)',
    build: (example) => {
      const [org, ...rest] = example.servers as Record<string, unknown>[];
      return {
        ...example,
        servers: [{ ...org, systemLog: true, inventory: true, scopes: INVENTORY_SCOPE_LIST }, ...rest],
        userSignIns: {},
        signIn: [JOURNEY],
        samlApps: SAML_APPS(1000),
      };
    },
  },
];

/** A priced deployment, loaded as the stack loads it. */
export function pricedConfig(build: (example: Record<string, unknown>) => Record<string, unknown>): LoadedConfig {
  const example = JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, unknown>;
  const parsed = parseConfig(JSON.parse(JSON.stringify(build(example))), { mode: 'deploy', baseDir: '.' });
  if (!parsed.ok) throw new Error(`a priced deployment does not load: ${parsed.errors.join('; ')}`);
  return parsed.config;
}

const usd = (value: number): string => `$${value.toFixed(2)}`;

/** The README's cost table: each priced deployment's metrics, alarms and monthly USD, beside CloudWatch Synthetics. */
export function costTable(): string {
  const rows = PRICED_DEPLOYMENTS.map(({ label, build }) => {
    const config = pricedConfig(build);
    const estimate = estimateCost(config, BENCHMARKED_PROFILE);
    const synthetics = estimate.peers[0];
    const { counts } = regionPlan(config);
    return (
      // The counts `plan` prints ("Metrics: N ... Alarms: N"), which `cost`'s lines bill.
      `| ${label} | ${counts.metrics} | ${counts.alarms} | **${usd(estimate.total)}** ` +
      `| ${usd(estimate.quorum?.monthly ?? 0)} | ${synthetics === undefined ? 'n/a' : usd(synthetics.monthly)} ` +
      `|`
    );
  });
  return [
    '| Deployment, one run a minute, one region | Metrics | Alarms | A month | Of it, the fast path ' +
      '(`"quorum": false` saves it) | CloudWatch Synthetics, same checks |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * docs/alarms.md's list of every alarm a deployment can have: the alarm plan of the deployment with every alarm
 * (everyAlarmBuild), each target's id written as its kind.
 */
export function alarmList(): string {
  const config = everyAlarmConfig();
  const named = alarmKindName(config);
  const seen = new Map<string, string>();
  // The home region's plan: the fast path's latch and backstop (on by default) beside the rest.
  for (const alarm of regionPlan(config).alarms) {
    // In a code span "<" shows as typed; an entity would show as "&lt;".
    const row = `| \`${named(alarm.name)}\` | ${alarm.kind} | ${alarm.severity ?? ''} | ${alarm.notifies ?? 'no'} |`;
    if (!seen.has(named(alarm.name))) seen.set(named(alarm.name), row);
  }
  return ['| Alarm | Kind | Severity | Notifies |', '| --- | --- | --- | --- |', ...seen.values()].join('\n');
}

/**
 * The deployment with every alarm: the priced one that reads everything (servers, a journey, SAML apps, the System Log
 * and the inventory) with a "browser" journey beside, streaming its metrics and alarm states to Datadog, whose rules'
 * dead letters have an alarm of their own, and watching a Preview org, whose alarms warn. Not priced so: the README's
 * cost rows stay those of the probe alone.
 */
export function everyAlarmBuild(example: Record<string, unknown>): Record<string, unknown> {
  const priced = PRICED_DEPLOYMENTS[2]!.build(example);
  return {
    ...priced,
    // A journey of the hosted page in Chromium: the browser function's own liveness alarms.
    signIn: [
      ...(priced.signIn as Record<string, unknown>[]),
      { ...JOURNEY, id: 'widget', flow: 'browser', username: 'widget.user@acme.example' },
    ],
    metricStream: {
      to: 'datadog',
      secret: 'okta-synthetics/metrics-key',
      endpointUrl: 'https://awsmetrics-intake.datadoghq.com/v1/input',
    },
    preview: {
      orgUrl: 'https://acme.oktapreview.com',
      servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
    },
  };
}

/** everyAlarmBuild's deployment, loaded as the stack loads it. */
export function everyAlarmConfig(): LoadedConfig {
  return pricedConfig(everyAlarmBuild);
}

/**
 * An alarm's name with each target's id written as its kind: `<prefix>-<server>-token`, `<prefix>-<SAML app
 * group>-...`.
 */
export function alarmKindName(config: LoadedConfig): (name: string) => string {
  const { prefix } = config.deploy;
  const kinds: [string, string][] = [
    ...config.probe.servers.map((s): [string, string] => [s.id, s.id === 'org' ? 'org' : '<server>']),
    ...(config.probe.signIn ?? []).map((s): [string, string] => [s.id, '<journey>']),
    ...(config.probe.samlApps ?? []).map((s): [string, string] => [s.id, '<SAML app>']),
    ...(config.probe.samlGroups ?? []).map((s): [string, string] => [s.id, '<SAML app group>']),
  ].sort((a, b) => b[0].length - a[0].length);
  const named = (name: string): string => {
    const rest = name.slice(prefix.length + 1);
    const owner = kinds.find(([id]) => rest.startsWith(`${id}-`));
    return `<prefix>-${owner === undefined ? rest : `${owner[1]}-${rest.slice(owner[0].length + 1)}`}`;
  };
  return named;
}
