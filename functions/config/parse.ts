// The one JSON configuration file read by the CLI (mode "cli") and the CDK stack ("deploy"). The Lambda parses none:
// the stack hands it the config this parse validated (resolved.ts).
// Validated by hand so every message names the exact field, the rule broken and the fix, and so all problems come back
// at once instead of one per edit-run cycle (the measured alternatives: CONTRIBUTING.md, "Why the config validator is
// hand-written"). The folder: schema.ts (types, defaults, fields), readers.ts (generic field readers), servers.ts,
// credentials.ts, routing.ts, json-position.ts; this file ties them together.
import { firstCauses } from './first-cause';
import { resolve } from 'node:path';
import { DEFAULTS } from '../contract';
import type { ProbeConfig, SamlAppConfig, SamlGroupConfig, ServerConfig, SignInConfig } from '../types';
import { decodeConfigText, describeJsonError } from './json-position';
import { INPUT_FILES, readRegularFile } from '../read-file';
import {
  isObject,
  notAnAwsRegion,
  Problems,
  quoted,
  readLevel,
  typeName,
  urlAdvice,
  urlProblem,
  type CredentialFiles,
  type Ctx,
  type AdvisedOptions,
  type FieldTable,
  type Json,
  type Level,
} from './readers';
import { readAlarmEndpoints, readChat } from './routing';
import {
  DEPLOY_DEFAULTS,
  defaultNamespace,
  SERVER_FIELDS,
  TOP_SCHEMA,
  VPC_SUBNETS,
  type ConfigMode,
  type ConfigResult,
  type DeploySettings,
  type VpcSettings,
} from './schema';
import { readServers } from './servers';
import { readSamlApps, takenIds } from './samlApps';
import { readSamlGroups, withDefaultGroups } from './samlGroups';
import { readSignIns } from './sign-in';
import { readLocalNotifications } from './local-notifications';
import { expandVariables, placeholderProblems } from './template-values';
import { cellName, parseCell } from '../okta-cell';
import { checkLatencyAgainstTimeout, defaultLatencyWarnMs, LATENCY_UNIT } from './latency';
import { INVENTORY_READ, inventorySettings } from './inventory';
import { readQuorum } from './quorum';
import { readStatusPage } from './status-page';
import { readMetricStream } from './metric-stream';
import { USER_SIGN_INS_BLOCK } from './user-sign-ins';
import { PROVISIONING_BLOCK } from './provisioning';
import { INTEGRATION_HEALTH_BLOCK } from './integrations';
import { withOrgBlock } from './org-block';
import { withAccessAssertions } from './access-assertions';
import {
  previewConfigFile,
  previewDivergences,
  previewIssuers,
  previewInherited,
  previewPairs,
  previewProblem,
  readPreviewBlock,
  type PreviewBlock,
  type PreviewConfig,
} from './preview';

export * from './schema';
export { type CredentialFiles } from './readers';
export { didYouMean } from '../text/did-you-mean';
export { normalizePem, pemProblem } from '../credentials/pem';

export function parseConfig(
  file: unknown,
  opts: {
    mode: ConfigMode;
    baseDir: string;
    env?: NodeJS.ProcessEnv;
    readCredentials?: boolean;
    credentialFiles?: CredentialFiles;
  },
): ConfigResult {
  const problems = new Problems();
  if (!isObject(file)) {
    problems.add(
      '',
      `the configuration must be a JSON object ({ "orgUrl": ..., "servers": [...] }), got ${typeName(file)}`,
    );
    return { ok: false, errors: problems.list };
  }
  const env = opts.env ?? process.env;
  // A field whose value is an unset ${VAR} or an init placeholder gets that one problem, not also the validator's.
  const unfinished = new Problems();
  const raw = expanded(file, env, unfinished);
  const top = readLevel(raw, TOP_SCHEMA, problems, { parent: '', unknown: topLevelHint, fields: TOP_READ });

  const { mode, baseDir, readCredentials = true, credentialFiles } = opts;
  const ctx: Ctx = { mode, baseDir, env, readCredentials, credentialFiles, problems };
  const orgUrl = top.orgUrl === undefined ? undefined : new URL(top.orgUrl).origin;
  const limits = probeLimits(top, raw);
  checkLatencyAgainstTimeout(raw, limits.timeoutMs, problems);
  const deploy = deploySettings(top, raw, problems);
  const servers = serversWithBlocks(raw, readServers(raw, ctx, deploy.prefix), problems);
  const signIn = readSignIns(raw, ctx, servers, orgUrl);
  checkJourneyRegions(deploy.regions, signIn, problems);
  const { samlApps, samlGroups } = readSaml(raw, ctx, { orgUrl, signIn, servers });
  const localNotifications = readLocalNotifications(file, problems);
  const previewBlock = readPreviewOf(raw, orgUrl, signIn, problems);
  if (problems.list.length > 0 || unfinished.list.length > 0 || orgUrl === undefined || servers === undefined) {
    if (orgUrl !== undefined && servers !== undefined)
      problems.list.push(...previewEntryProblems(raw, previewBlock, opts, [...problems.list, ...unfinished.list]));
    return { ok: false, errors: reportedErrors(raw, unfinished, problems) };
  }
  const preview = previewBlock === undefined ? undefined : parsePreview(raw, previewBlock, opts, problems);
  if (problems.list.length > 0) return { ok: false, errors: problems.list };
  const probe: ProbeConfig = {
    orgUrl,
    ...orgOf(top),
    ...limits,
    servers,
    ...(signIn.length > 0 && { signIn }),
    ...inventorySettings(top),
    ...(samlApps.length > 0 && { samlApps }),
    ...(samlGroups.length > 0 && { samlGroups }),
  };
  return {
    ok: true,
    config: { probe, deploy, localNotifications, ...(preview !== undefined && { preview }) },
    warnings: problems.warnings,
  };
}

/**
 * The servers with the top-level blocks each reads on the "org" server: userSignIns, provisioning, integrations, and
 * the access assertions.
 */
function serversWithBlocks(
  raw: Record<string, unknown>,
  servers: ServerConfig[] | undefined,
  problems: Problems,
): ServerConfig[] | undefined {
  const withSignIns = withOrgBlock(raw, servers, problems, USER_SIGN_INS_BLOCK);
  const withProvisioning = withOrgBlock(raw, withSignIns, problems, PROVISIONING_BLOCK);
  const withIntegrations = withOrgBlock(raw, withProvisioning, problems, INTEGRATION_HEALTH_BLOCK);
  return withAccessAssertions(raw, withIntegrations, problems);
}

/** The org's status feed and its cell, canonical. */
function orgOf(top: Top): Pick<ProbeConfig, 'statusPageUrl' | 'oktaCell'> {
  const oktaCell = top.oktaCell === undefined ? undefined : canonicalCell(top.oktaCell);
  return { statusPageUrl: statusPageUrlOf(top.statusPageUrl), ...(oktaCell !== undefined && { oktaCell }) };
}

/**
 * The Preview org's config: derived from Production's file (previewConfigFile) and parsed by this same parser, so its
 * credentials are read as Production's are; each problem told at the Preview entry it comes from.
 */
function parsePreview(
  raw: Json,
  block: PreviewBlock,
  opts: Parameters<typeof parseConfig>[1],
  problems: Problems,
): PreviewConfig | undefined {
  const derived = previewConfigFile(raw, block);
  const pairs = previewPairs(block);
  const parsed = parseConfig(derived, opts);
  if (!parsed.ok) {
    for (const error of parsed.errors) problems.list.push(previewProblem(error, derived, pairs));
    return undefined;
  }
  // A warning of a field the Preview file takes from Production's is Production's, already told: once is enough.
  const told = new Set(problems.warnings.map(wordsOf));
  for (const warning of parsed.warnings) {
    const said = previewProblem(warning, derived, pairs);
    if (!told.has(wordsOf(said))) problems.warnings.push(said);
  }
  return {
    probe: parsed.config.probe,
    everyMinutes: block.everyMinutes,
    pairs,
    diverging: previewDivergences(block, raw),
    issuers: previewIssuers(block, raw),
    inherited: previewInherited(block, raw),
    releaseNotesUrl: block.releaseNotesUrl,
  };
}

/** A problem's or warning's words after its path: the same words at two paths are one finding told twice. */
const wordsOf = (problem: string): string => problem.slice(problem.indexOf(': ') + 2);

/**
 * The problems of the Preview entries themselves, read while Production's own have problems, so that their secrets
 * are told in the same round as Production's, not the next: each at its Preview entry, but none Production's entry
 * already has in the same words (a field the Preview entry inherits).
 */
function previewEntryProblems(
  raw: Json,
  block: PreviewBlock | undefined,
  opts: Parameters<typeof parseConfig>[1],
  production: readonly string[],
): string[] {
  if (block === undefined) return [];
  const scratch = new Problems();
  parsePreview(raw, block, opts, scratch);
  // Production's placeholders included: an inherited field's placeholder is Production's to fill, told once there.
  const told = new Set(production.map(wordsOf));
  return scratch.list.filter((p) => /^preview\.(servers|signIn)\./.test(p) && !told.has(wordsOf(p)));
}

/** `preview`'s own shape, its entries keyed by the ids Production's lists are written with. */
function readPreviewOf(
  raw: Json,
  orgUrl: string | undefined,
  signIn: readonly SignInConfig[],
  problems: Problems,
): PreviewBlock | undefined {
  return readPreviewBlock(
    raw,
    {
      orgUrl,
      servers: writtenIds(raw.servers),
      signIn: writtenIds(raw.signIn),
      journeyServers: Object.fromEntries(signIn.map((journey) => [journey.id, journey.server])),
    },
    problems,
  );
}

/** The ids a list of the file names, as written: a Preview entry is keyed by them even while another field is wrong. */
function writtenIds(list: unknown): string[] {
  return Array.isArray(list) ? list.flatMap((e) => (isObject(e) && typeof e.id === 'string' ? [e.id] : [])) : [];
}

/** The config with its ${VAR}s expanded; localNotifications holds references that stay references, kept as written. */
function expanded(file: Json, env: NodeJS.ProcessEnv, unfinished: Problems): Json {
  const { localNotifications: _kept, ...expandable } = file;
  const raw = {
    ...(expandVariables(expandable, env, unfinished) as Json),
    ...('localNotifications' in file && { localNotifications: file.localNotifications }),
  };
  placeholderProblems(raw, unfinished);
  return raw;
}

/** How long, how many at once and past what the probe warns: each field's bound, else its default. */
function probeLimits(
  top: Top,
  raw: Json,
): Pick<ProbeConfig, 'timeoutMs' | 'maxInFlight' | 'rateLimitWarnPercent' | 'clockSkewWarnSeconds' | 'latencyWarnMs'> {
  const timeoutMs = top.timeoutMs ?? DEFAULTS.timeoutMs;
  return {
    timeoutMs,
    maxInFlight: top.maxInFlight ?? DEFAULTS.maxInFlight,
    rateLimitWarnPercent: top.rateLimitWarnPercent ?? DEFAULTS.rateLimitWarnPercent,
    clockSkewWarnSeconds: top.clockSkewWarnSeconds ?? DEFAULTS.clockSkewWarnSeconds,
    latencyWarnMs: top.latencyWarnMs ?? defaultLatencyWarnMs(raw, timeoutMs),
  };
}

/**
 * Each journey runs in one region of the config (its "region", else the first): each region's stack keeps its
 * journeys' state and lease in its own region's SSM parameters, so two regions signing the same user in would each
 * spend its lockout attempts as if alone and reuse the other's TOTP codes.
 */
function checkJourneyRegions(regions: readonly string[], signIn: readonly SignInConfig[], problems: Problems): void {
  signIn.forEach((journey, index) => {
    if (journey.region === undefined || regions.includes(journey.region)) return;
    problems.add(
      `signIn[${index}].region`,
      regions.length === 0
        ? `"${journey.region}" names a region, but the config lists no "regions": list it in "regions", or leave ` +
            `"region" out (the journey runs in the stack's region)`
        : `"${journey.region}" is not one of "regions" (${regions.join(', ')}): name one of them, or leave ` +
            `"region" out to run it in ${regions[0]}`,
    );
  });
}

/** The SAML apps and their groups, each group with an app or discovery of its own. */
function readSaml(
  raw: Json,
  ctx: Ctx,
  {
    orgUrl,
    signIn,
    servers,
  }: { orgUrl: string | undefined; signIn: readonly SignInConfig[]; servers: readonly ServerConfig[] | undefined },
): { samlApps: SamlAppConfig[]; samlGroups: SamlGroupConfig[] } {
  // Every id names a row of the report and of the alarms: an app's and a group's differ from every other.
  const samlIds = takenIds(raw);
  const samlApps = readSamlApps(raw, ctx, orgUrl, samlIds);
  const samlGroups = withDefaultGroups(
    readSamlGroups(raw, ctx, signIn, servers, samlIds),
    samlApps,
    samlIds,
    ctx.problems,
  );
  checkGroupsHaveApps(raw, samlGroups, samlApps, ctx.problems);
  return { samlApps, samlGroups };
}

/** The problems to report: a field an unset ${VAR} or placeholder spoiled gets that one, not the validator's too. */
function reportedErrors(raw: Json, unfinished: Problems, problems: Problems): string[] {
  const pathOf = (error: string): string => error.slice(0, Math.max(0, error.indexOf(': ')));
  const noise = new Set(unfinished.list.map(pathOf));
  return firstCauses([...unfinished.list, ...problems.list.filter((e) => !noise.has(pathOf(e)))], raw);
}

/** A group with neither discovery nor an app that names it would judge nothing. */
function checkGroupsHaveApps(
  raw: Json,
  samlGroups: readonly SamlGroupConfig[],
  samlApps: readonly SamlAppConfig[],
  problems: Problems,
): void {
  samlGroups.forEach((group) => {
    if (group.discover !== undefined || samlApps.some((app) => app.group === group.id)) return;
    const written: unknown = raw.samlGroups;
    const index = Array.isArray(written) ? written.findIndex((g: unknown) => isObject(g) && g.id === group.id) : -1;
    problems.add(
      `samlGroups[${index}]`,
      `the group "${group.id}" has no app: give it "discover" ("assigned", { "labelPrefix": ... } or { ` +
        `"oktaGroupId": ... }), or name it in a samlApps[].group`,
    );
  });
}

export function loadConfigFile(
  path: string,
  mode: ConfigMode,
  env?: NodeJS.ProcessEnv,
  options: { readCredentials?: boolean; credentialFiles?: CredentialFiles } = {},
): ConfigResult {
  const read = readRegularFile(path, INPUT_FILES.config);
  if ('problem' in read)
    return { ok: false, errors: [`${path}: cannot read the configuration file (${read.problem})`] };
  const decoded = decodeConfigText(path, read.bytes);
  if ('problem' in decoded) return { ok: false, errors: [decoded.problem] };
  let { text } = decoded;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [describeJsonError(path, text, error)] };
  }
  return parseConfig(raw, { mode, baseDir: resolve(path, '..'), env, ...options });
}

export function formatConfigErrors(errors: readonly string[], file?: string): string {
  const where = file === undefined ? 'the configuration' : file;
  const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  return [`${where}: ${count}`, ...errors.map((e) => `  - ${e}`)].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Top level

/** The top level as read by its table. */
type Top = Level<typeof TOP_SCHEMA, typeof TOP_READ>;

/** An org address the declared pattern refuses: the rule it breaks, else the bare address it should be. */
function orgUrlAdvice(value: string): string {
  return (
    urlProblem(value) ?? pathProblem(value) ?? `write the bare org address (did you mean "${new URL(value).origin}"?)`
  );
}

/** A path, query or fragment after the org's host, with the field that chooses an authorization server. */
function pathProblem(value: string): string | undefined {
  const url = new URL(value);
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '' && url.search === '' && url.hash === '') return undefined;
  const hint = /^\/oauth2(\/|$)/.test(path)
    ? '; the authorization server is chosen per server with servers[].id ("org" or the custom AS id, e.g. "default")'
    : '';
  return `must be the bare org address without a path, query or fragment, e.g. "${url.origin}"${hint}`;
}

/** The Admin Console's host (acme-admin.okta.com) where the org's belongs. */
function adminConsoleProblem(value: string): string | undefined {
  const { hostname } = new URL(value);
  const adminHost = /^(.+)-admin(\.(?:okta|oktapreview|okta-emea|okta-gov|okta-mil)\.com)$/i.exec(hostname);
  return adminHost === null
    ? undefined
    : `${hostname} is the Admin Console; use the org address https://${adminHost[1]}${adminHost[2]}`;
}

/** The org's cell in any spelling Okta uses, kept canonical ("OK6" -> "US Cell 6"); the declared pattern reads them. */
function canonicalCell(oktaCell: string): string | undefined {
  const cell = parseCell(oktaCell);
  return cell === undefined ? undefined : cellName(cell);
}

/** Okta's status feed, another feed, or null for no status check. */
function statusPageUrlOf(statusPageUrl: string | null | undefined): string | null {
  if (statusPageUrl === null) return null;
  return statusPageUrl === undefined ? DEFAULTS.statusPageUrl : new URL(statusPageUrl).href;
}

function deploySettings(top: Top, raw: Json, problems: Problems): DeploySettings {
  const scheduleMinutes = top.scheduleMinutes ?? DEPLOY_DEFAULTS.scheduleMinutes;
  const regions = [...(top.regions ?? [])];
  // The metrics' namespace is by default of the prefix.
  const prefix = top.prefix ?? DEPLOY_DEFAULTS.prefix;
  return {
    alarmEmails: [...(top.alarmEmails ?? [])],
    scheduleMinutes,
    regions,
    namespace: top.namespace ?? defaultNamespace(prefix),
    prefix,
    reservedConcurrency: top.reservedConcurrency ?? null,
    memoryMb: top.memoryMb ?? null,
    alarmEndpoints: readAlarmEndpoints(raw, problems),
    chat: readChat(raw, problems),
    vpc: readVpc(raw, problems),
    runLogRetentionDays: top.runLogRetentionDays ?? DEPLOY_DEFAULTS.runLogRetentionDays,
    harRetentionDays: top.harRetentionDays === null ? null : (top.harRetentionDays ?? DEPLOY_DEFAULTS.harRetentionDays),
    slaTargetPercent: top.slaTargetPercent ?? DEPLOY_DEFAULTS.slaTargetPercent,
    quorum: readQuorum(raw, regions, scheduleMinutes, problems),
    statusPage: readStatusPage(raw, problems),
    metricStream: readMetricStream(raw, problems),
  };
}

/**
 * The run log's retention, one of the periods CloudWatch Logs keeps logs for: a quoted period ("400") is the likely
 * slip; otherwise the periods either side of the number written.
 */
function retentionAdvice(value: string): string {
  const allowed: readonly number[] = TOP_SCHEMA.runLogRetentionDays.enum;
  if (allowed.includes(Number(value))) return `(write ${value} without quotes)`;
  const days = Number(value);
  if (value.trim() === '' || !Number.isFinite(days)) return '(the days CloudWatch Logs keeps logs)';
  const near = [allowed.filter((d) => d < days).at(-1), allowed.find((d) => d > days)];
  return `(the days CloudWatch Logs keeps logs; use ${near.filter((d) => d !== undefined).join(' or ')})`;
}

/**
 * `vpc`: one region's subnets and security groups, or a map of region to them (a VPC belongs to one region). Which
 * regions the map must name is the deploy rules' (plan/region-vpc.ts): a config without `regions` deploys where the
 * CDK says, known only then.
 */
export function readVpc(raw: Json, problems: Problems): DeploySettings['vpc'] {
  const value = raw.vpc;
  if (value === undefined || value === null) return null;
  if (!isObject(value)) {
    problems.add(
      'vpc',
      `expected an object like { "subnetIds": ["subnet-0abc..."], "securityGroupIds": ["sg-0abc..."] }, or one ` +
        `like it for each region deployed ({ "us-east-1": { ... }, "eu-west-1": { ... } }), got ${typeName(value)}`,
    );
    return null;
  }
  const keys = Object.keys(value).filter((key) => key !== '_comment');
  const regional = keys.length > 0 && keys.every((key) => new RegExp(VPC_BY_REGION.propertyNames.pattern).test(key));
  if (!regional) return readSubnets(value, 'vpc', problems);
  const byRegion: Record<string, VpcSettings> = {};
  for (const region of keys) {
    const entry = value[region];
    if (!isObject(entry)) {
      problems.add(`vpc.${region}`, `expected an object like { "subnetIds": [...], "securityGroupIds": [...] }`);
      continue;
    }
    const read = readSubnets(entry, `vpc.${region}`, problems);
    if (read !== null) byRegion[region] = read;
  }
  return Object.keys(byRegion).length === keys.length ? { byRegion } : null;
}

/** The `vpc` map's form: region names as keys. */
const VPC_BY_REGION = TOP_SCHEMA.vpc.oneOf[1];

/** One region's subnets and security groups, at `parent`. */
function readSubnets(value: Json, parent: string, problems: Problems): VpcSettings | null {
  const ids = (prefix: string, what: string): AdvisedOptions => ({
    what,
    advice: (id) => `"${id}" is not a ${prefix} id (like ${prefix}-0123456789abcdef0)`,
  });
  const { subnetIds, securityGroupIds } = readLevel(value, VPC_SUBNETS.properties, problems, {
    parent,
    fields: {
      subnetIds: ids(
        'subnet',
        'the private subnets the probe runs in, each routed to a NAT gateway (the probe needs the internet for ' +
          'Okta and AWS APIs)',
      ),
      securityGroupIds: ids('sg', 'security groups that allow outbound https (443)'),
    },
  });
  return subnetIds === undefined || securityGroupIds === undefined
    ? null
    : { subnetIds: [...subnetIds], securityGroupIds: [...securityGroupIds] };
}

function topLevelHint(key: string): string | undefined {
  if ((SERVER_FIELDS as readonly string[]).includes(key) && key !== '_comment') {
    return `unknown field at the top level (${key} belongs in each entry of "servers")`;
  }
  return undefined;
}

/**
 * How the top level's own fields are read, in the order their problems are said; its objects and lists are levels of
 * their own, each read by its reader. Below what it names: a table is read when the module loads.
 */
const TOP_READ = {
  // For editors: never read.
  $schema: 'own',
  // The org address: https (plain http only on loopback), no path, query or fragment, by its declared pattern; what
  // a pattern cannot say, that an -admin host is the Admin Console, is adminConsoleProblem's.
  orgUrl: {
    what: 'your Okta org address, e.g. "https://acme.okta.com"',
    advice: orgUrlAdvice,
    check: (value) => urlProblem(value) ?? adminConsoleProblem(value),
  },
  // Okta's status feed, another feed, or null for no status check; a URL the probe may call. Not statusPage.
  statusPageUrl: { advice: (value) => `${urlAdvice(value)}; or null to skip the status check`, check: urlProblem },
  oktaCell: {
    advice: (value) =>
      `must name a cell as the Admin Console shows it (its footer, or Settings > Account), e.g. "US Cell 6", ` +
      `"OK6" or "EU Cell 1"; got ${quoted(value)}`,
  },
  timeoutMs: { unit: 'ms' },
  maxInFlight: { unit: 'requests' },
  rateLimitWarnPercent: { unit: 'percent' },
  clockSkewWarnSeconds: { unit: 'seconds' },
  latencyWarnMs: { unit: LATENCY_UNIT },
  ...INVENTORY_READ,
  alarmEmails: { advice: (value) => `${quoted(value)} is not an e-mail address` },
  scheduleMinutes: { unit: 'minutes' },
  regions: { advice: notAnAwsRegion },
  prefix: { advice: () => 'use 1-40 letters, digits or "-" (it becomes part of alarm and secret names)' },
  namespace: {
    // The declaration refuses both; the advice says which rule the value broke.
    advice: (value) =>
      value.startsWith('AWS/')
        ? 'namespaces starting with "AWS/" are reserved for AWS services'
        : 'a CloudWatch namespace is 1-255 characters of letters, digits and . - _ / # : or space',
  },
  reservedConcurrency: { unit: 'concurrent runs, or null for none' },
  memoryMb: { unit: 'MB, a whole number from 128 to 10240, or null to size it from the config' },
  runLogRetentionDays: { advice: retentionAdvice },
  harRetentionDays: { unit: "days a failed check's HTTP trace is kept, or null for none" },
  slaTargetPercent: { unit: 'percent, e.g. 99.99' },
  servers: 'own',
  signIn: 'own',
  samlApps: 'own',
  samlGroups: 'own',
  userSignIns: 'own',
  provisioning: 'own',
  integrationHealth: 'own',
  accessAssertions: 'own',
  quorum: 'own',
  statusPage: 'own',
  metricStream: 'own',
  vpc: 'own',
  alarmEndpoints: 'own',
  chat: 'own',
  localNotifications: 'own',
  preview: 'own',
} as const satisfies FieldTable<typeof TOP_SCHEMA>;
