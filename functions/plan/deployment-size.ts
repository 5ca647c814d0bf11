// What one deployment's main template and dashboard hold, counted from the plan without the CDK, for the size rule
// (deploy-rules.ts): a row of graphs per server, journey, SAML app with ownAlarm and group of SAML apps, an alarm
// widget per 100 alarms, two outputs per secret the stack creates. lib/dashboard.ts and lib/probe-secrets.ts build
// them; test/lib/scale.test.ts checks every count here against a real synth, so a layout change that moves a count
// fails there, not at deploy. Every journey and SAML app takes a dashboard row too, not only the servers.
import type { LoadedConfig } from '../config/parse';
import { latencyThreshold } from '../config/latency';
import { STATUS_SERVER, type CheckName } from '../contract';
import { regionPlan } from './region-plan';
import { logTables } from './dashboard-tables';
import { plannedChecks } from './checks';
import { gaugesOf, publishes } from './outputs';
import { PREVIEW_METRICS } from './preview';
import { previewSecrets } from './stack-secrets';
import { browserPageParts } from './browser-part';

/** The limits AWS enforces only at deploy time: CloudFormation's outputs per template, CloudWatch's per dashboard. */
export const DEPLOY_LIMITS = {
  /** CloudFormation quotas: outputs per template. */
  outputs: 200,
  /** CloudWatch service quotas: widgets per dashboard. */
  widgets: 500,
  /** CloudWatch service quotas: metrics per dashboard (a math expression is a line and its metric another). */
  metrics: 2500,
  /** CloudWatch "Dashboard body structure": an alarm status widget takes 1 to 100 alarms. */
  alarmsPerWidget: 100,
} as const;

interface DeploymentSize {
  readonly outputs: number;
  readonly widgets: number;
  readonly metrics: number;
}

/**
 * The dashboard's width in grid units (lib/dashboard.ts): a row's graphs take 8 + 8, a gauge 4, a text what is left.
 */
const FULL_WIDTH = 24;
/** Outputs every stack has: the four topics' ARNs, the maintenance window's two commands. */
const FIXED_OUTPUTS = 6;

export function deploymentSize(config: LoadedConfig): DeploymentSize {
  const { probe } = config;
  const rows = new Map<string, CheckName[]>();
  for (const { server, check } of plannedChecks(probe)) rows.set(server, [...(rows.get(server) ?? []), check]);
  let widgets = 1; // the header
  let metrics = 0;
  for (const [id, checks] of rows) {
    if (id === STATUS_SERVER) continue;
    const gauges = checks.flatMap((check) => gaugesOf(check));
    if (probe.samlGroups?.some((g) => g.id === id) === true) {
      // A group of SAML apps (lib/dashboard-saml.ts): a graph per count and its text; nothing per app.
      widgets += gauges.length + 1;
      metrics += gauges.length;
      continue;
    }
    const server = probe.servers.find((s) => s.id === id);
    const latencyAlarmed = server !== undefined && latencyThreshold(probe, server) !== null;
    // Success rates are math expressions (two lines each); latency p50 and p90 per timed check, and the server's p90.
    metrics += 2 * checks.filter((check) => publishes(check, 'success')).length;
    metrics += 2 * checks.filter((check) => publishes(check, 'latency')).length + (latencyAlarmed ? 1 : 0);
    metrics += gauges.length;
    const used = 16 + 4 * gauges.length;
    const described =
      probe.signIn?.some((s) => s.id === id) === true || probe.samlApps?.some((s) => s.id === id) === true;
    widgets += 2 + gauges.length + (described && used < FULL_WIDTH ? 1 : 0);
  }
  const status = rows.has(STATUS_SERVER) ? gaugesOf('status') : [];
  // The first status gauge carries the feed's success rate (two lines); probe health has five metrics.
  widgets += status.length + 1;
  metrics += status.length + (status.length > 0 ? 2 : 0) + 5;
  // The home region's alarms, the most of any region: with the fast path, its latches and backstops too.
  const quorum = config.deploy.quorum;
  const home = quorum === null || quorum.regions.length === 0 ? undefined : quorum.homeRegion;
  const alarmWidgets = Math.max(1, Math.ceil(regionPlan(config, home).alarms.length / DEPLOY_LIMITS.alarmsPerWidget));
  widgets += alarmWidgets;
  // The maintenance window's graph and text; the log tables, as both dashboards draw them.
  widgets += 2 + logTables(config).length;
  metrics += 1;
  const createdSecrets =
    probe.servers.filter((s) => s.credential.kind === 'secrets_manager' && s.credential.secretId === undefined).length +
    (probe.signIn ?? []).filter((s) => s.secrets.from === 'secrets_manager' && s.secrets.secretId === undefined).length;
  // The Preview org's row in the home region (lib/dashboard.ts): its totals' graph and its findings' table.
  const preview = config.preview === undefined ? 0 : PREVIEW_METRICS.length;
  widgets += preview > 0 ? 2 : 0;
  metrics += preview;
  // The status page's URL; and the page bucket's name, which another region's browser function reads from the home
  // stack's outputs (CDK adds that output for a weak reference: docs/decisions/status-page-browser.md).
  const page =
    config.deploy.statusPage === null ? 0 : 1 + (browserPageParts(config).some((part) => !part.home) ? 1 : 0);
  const outputs =
    FIXED_OUTPUTS +
    2 * (createdSecrets + previewSecrets(config.deploy.prefix, config.preview).length) +
    ((probe.signIn ?? []).length > 0 ? 1 : 0) +
    page;
  return { outputs, widgets, metrics };
}
