// What the probe's checks remember between runs: one SSM parameter per kept record, Production's and, in the home
// region with a "preview" block, the Preview run's, granted by name.
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { LoadedConfig } from '../functions/config/parse';
import { KEPT_KEYS, KEPT_STATE_PATH_ENV, keptStatePath, previewKeptKey, samlVerdictsKey } from '../functions/contract';
import { ownAlarmApps, plannedChecks } from '../functions/plan/checks';

interface KeptRecordsProps {
  readonly config: LoadedConfig;
  /** The probe, which reads and writes the records. */
  readonly function: LambdaFunction;
  /**
   * The Preview org's block, in the home region: its run's records are granted too.
   * @default undefined: Production's records alone
   */
  readonly preview?: LoadedConfig['preview'];
}

/**
 * The kept records' grants and path; nothing without a record. It makes no resource (the parameters are created by
 * the probe's first write: a deploy never resets one), only the grants on the probe's role.
 */
export class KeptRecords extends Construct {
  /** The records' keys the probe may read and write. */
  readonly keys: readonly string[];

  constructor(scope: Construct, id: string, props: KeptRecordsProps) {
    super(scope, id);
    this.keys = [...keptKeys(props.config), ...previewKeptKeys(props.config, props.preview)];
    keptState(scope, props.function, props.config.deploy.prefix, this.keys);
  }
}

/**
 * What checks remember between runs: the function reads and writes one SSM parameter per kept record
 * (functions/lambda/kept-state-ssm.ts), created on its first write; a deploy never resets one.
 */
function keptState(scope: Construct, fn: LambdaFunction, prefix: string, keys: readonly string[]): void {
  if (keys.length === 0) return;
  const stack = Stack.of(scope);
  const path = keptStatePath(prefix);
  // Named wherever a record is granted, the Preview run's alone included: without it each sandbox kept its own.
  fn.addEnvironment(KEPT_STATE_PATH_ENV, path);
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['ssm:GetParameter', 'ssm:PutParameter'],
      resources: keys.map((key) =>
        stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `${path.slice(1)}/${key}` }),
      ),
    }),
  );
}

/**
 * The Preview run's kept records: Production's latest verdicts, since when each Preview failure runs, the release
 * notes it last read, the summary the status page's Preview line is told from (the Preview run writes it, Production's
 * run reads it for the page: one role runs both, so both may do both, on these parameters alone), and its own checks'
 * records (a System Log cursor) under preview/, apart from Production's. The home region's alone (deploysPreview).
 */
function previewKeptKeys(config: LoadedConfig, preview: LoadedConfig['preview']): string[] {
  if (preview === undefined) return [];
  const own = keptKeys({ ...config, probe: preview.probe }).map(previewKeptKey);
  const { previewProduction, previewSince, previewReleases, previewSummary } = KEPT_KEYS;
  return [previewProduction, previewSince, previewReleases, previewSummary, ...own];
}

/**
 * The kept records the probe reads and writes: the inventory's expiring tokens and what its app listing told of the
 * listed SAML apps, the log's cursors (each reader polls its own filter), each SAML-app journey's verdicts.
 */
function keptKeys(config: LoadedConfig): string[] {
  const planned = plannedChecks(config.probe);
  const apps = new Set(planned.map((p) => p.server));
  const journeys = new Set(
    ownAlarmApps(config.probe)
      .filter((app) => apps.has(app.id))
      .map((app) => app.signIn),
  );
  return [
    ...(planned.some((c) => c.check === 'api-tokens') ? [KEPT_KEYS.apiTokens] : []),
    ...(planned.some((c) => c.check === 'system-log') ? [KEPT_KEYS.systemLog] : []),
    ...(planned.some((c) => c.check === 'user-sign-ins') ? [KEPT_KEYS.userSignIns] : []),
    ...(planned.some((c) => c.check === 'provisioning-health') ? [KEPT_KEYS.provisioning] : []),
    ...(planned.some((c) => c.check === 'integration-health') ? [KEPT_KEYS.integrations] : []),
    // The listed SAML apps as the inventory's app listing told of them (probe/inventory/listed-apps.ts).
    ...(planned.some((c) => c.check === 'app-certificates') && (config.probe.samlApps ?? []).length > 0
      ? [KEPT_KEYS.listedSamlApps]
      : []),
    ...[...journeys].map(samlVerdictsKey),
  ];
}
