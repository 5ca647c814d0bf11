// The configuration the stack hands the probe Lambda: the LoadedConfig its deploy-mode parse validated, with each
// server's and journey's secret id filled in, written as JSON inside a small versioned envelope. The Lambda reads it
// back with JSON.parse and a guard of the envelope, and parses nothing a second time: a second parse had its own
// defaults, so every setting the stack left at a value that parse would default differently had to be written out
// by hand, and each one forgotten drifted silently (docs/decisions/resolved-config.md).
import type { ProbeConfig, ServerConfig, SignInConfig } from '../types';
import type { DeploySettings, LoadedConfig } from './schema';
import type { PreviewConfig } from './preview-shape';

/** Names the envelope, so a file of another shape (a user's config, an older stack's file) is told apart. */
const FORMAT = 'okta-synthetics/resolved-config';
/**
 * The shape of `config` inside the envelope. Raised whenever ResolvedConfig changes in a way an older function would
 * misread, so that a stack and a function from different versions refuse each other by name.
 */
const VERSION = 1;

/**
 * The deploy settings the probe Lambda's code reads (its schedule, names, regions and fast path). The others (alarm
 * e-mails and endpoints, chat, vpc, retentions, the SLA target) are the stack's alone: left out, a change to one of
 * them does not change the function's code asset.
 */
type ProbeDeploySettings = Pick<DeploySettings, 'namespace' | 'prefix' | 'regions' | 'scheduleMinutes' | 'quorum'>;

/** What the probe Lambda runs with: the validated probe settings, every credential a Secrets Manager secret. */
export interface ResolvedConfig {
  readonly probe: ProbeConfig;
  readonly deploy: ProbeDeploySettings;
  /** The Preview org, its credentials the stack's Preview secrets; run by the Preview schedule's invocations. */
  readonly preview?: PreviewConfig;
}

/**
 * The envelope's JSON for a deploy-mode config. `secretIds` gives the secret of each server and journey the stack
 * created (by id); one that names its own secret keeps it. Throws on a bug of the caller (the stack), never on a user's
 * mistake: a local credential (a config not loaded in deploy mode), a missing secret id, a value JSON cannot carry.
 */
export function resolvedConfigJson(
  config: LoadedConfig,
  secretIds: ReadonlyMap<string, string>,
  previewSecretIds: ReadonlyMap<string, string> = new Map(),
): string {
  const resolved = resolveSecrets(config, secretIds, previewSecretIds);
  const problem = notJson(resolved, 'config');
  if (problem !== undefined) throw new Error(`resolvedConfigJson: ${problem}, which JSON would not carry as it is`);
  return JSON.stringify({ format: FORMAT, version: VERSION, config: resolved });
}

/**
 * The config with each credential replaced by its secret, and only what the Lambda reads. localNotifications is the
 * CLI's (variable names of local channels) and is dropped; a local credential's judged key or user secrets (CLI mode)
 * can never pass, since the whole credential is replaced.
 */
function resolveSecrets(
  config: LoadedConfig,
  secretIds: ReadonlyMap<string, string>,
  previewSecretIds: ReadonlyMap<string, string>,
): ResolvedConfig {
  const { probe, deploy, preview } = config;
  return {
    probe: probeWithSecrets(probe, secretIds),
    ...(preview !== undefined && { preview: { ...preview, probe: probeWithSecrets(preview.probe, previewSecretIds) } }),
    deploy: {
      namespace: deploy.namespace,
      prefix: deploy.prefix,
      regions: deploy.regions,
      scheduleMinutes: deploy.scheduleMinutes,
      quorum: deploy.quorum,
    },
  };
}

/** A probe config with each server's and journey's credential its secret. */
function probeWithSecrets(probe: ProbeConfig, secretIds: ReadonlyMap<string, string>): ProbeConfig {
  const signIn = probe.signIn?.map((entry): SignInConfig => {
    const secretId =
      secretIds.get(entry.id) ?? (entry.secrets.from === 'secrets_manager' ? entry.secrets.secretId : undefined);
    if (secretId === undefined) throw new Error(`resolvedConfigJson: no secret id given for signIn "${entry.id}"`);
    return { ...entry, secrets: { from: 'secrets_manager', secretId } };
  });
  return {
    ...probe,
    servers: probe.servers.map((server) => serverWithSecret(server, secretIds)),
    ...(signIn && { signIn }),
  };
}

function serverWithSecret(server: ServerConfig, secretIds: ReadonlyMap<string, string>): ServerConfig {
  const { credential } = server;
  if (credential.kind !== 'secrets_manager') {
    throw new Error(`resolvedConfigJson: server "${server.id}" has a local credential; load the config in deploy mode`);
  }
  const secretId = secretIds.get(server.id) ?? credential.secretId;
  if (secretId === undefined) throw new Error(`resolvedConfigJson: no secret id given for server "${server.id}"`);
  return { ...server, credential: { kind: 'secrets_manager', secretId, secretKind: credential.secretKind } };
}

/**
 * Where `value` holds what JSON.stringify would change or drop: a Set or Map (written as {}), a Date (a string), a
 * class instance (its fields without its type), a function, a symbol or a bigint, a number that is not finite (null),
 * or undefined in an array (null). undefined as an object's field is fine: absent means the same to every reader.
 * The config is plain data today; this keeps a field added tomorrow from reaching the Lambda changed.
 */
function notJson(value: unknown, path: string): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const problem = item === undefined ? `${path}[${i}] is undefined` : notJson(item, `${path}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `${path} is a ${value.constructor.name}`;
  for (const [key, field] of Object.entries(value)) {
    const problem = field === undefined ? undefined : notJson(field, `${path}.${key}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * The config of an envelope `resolvedConfigJson` wrote, or what is wrong with it, `source` naming where it came from.
 *
 * Trusted as our own artifact: the stack wrote it at synth from a config its deploy-mode parse had validated, and it
 * reaches the function inside the function's own code asset (or, in tests and local runs, from the same writer). So
 * no default is applied and no field is read again: a second validation could only disagree with the first. What can
 * still go wrong is a stack and a function from different versions, and the guard of the envelope names that.
 */
export function readResolvedConfig(text: string, source: string): { config: ResolvedConfig } | { problem: string } {
  const redeploy = '(a deployment bug, not an Okta problem)';
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    return { problem: `${source} is not valid JSON: redeploy the stack ${redeploy}` };
  }
  if (!isRecord(envelope) || envelope.format !== FORMAT) {
    return {
      problem:
        `${source} is not the resolved configuration this function reads (an object with "format": "${FORMAT}", ` +
        `"version": ${VERSION}): it was written by a stack of another version of okta-synthetics than this ` +
        `function's; deploy the stack and the function from one version ${redeploy}`,
    };
  }
  if (envelope.version !== VERSION) {
    return {
      problem:
        `${source} holds a resolved configuration of version ${JSON.stringify(envelope.version)}, and this function ` +
        `reads version ${VERSION}: the stack that wrote it and this function come from different versions of ` +
        `okta-synthetics; deploy the stack and the function from one version ${redeploy}`,
    };
  }
  const missing = missingTopLevel(envelope.config);
  if (missing !== undefined) {
    return {
      problem:
        `${source} is a resolved configuration of version ${VERSION} without ${missing}: redeploy the stack ` +
        redeploy,
    };
  }
  return { config: envelope.config as ResolvedConfig };
}

/** The first top-level part of a resolved config that is missing or of the wrong kind; undefined when it has them. */
function missingTopLevel(config: unknown): string | undefined {
  if (!isRecord(config)) return 'its "config" object';
  const { probe, deploy } = config;
  if (!isRecord(probe) || typeof probe.orgUrl !== 'string' || !Array.isArray(probe.servers))
    return 'config.probe (orgUrl and servers)';
  if (
    !isRecord(deploy) ||
    typeof deploy.prefix !== 'string' ||
    typeof deploy.namespace !== 'string' ||
    typeof deploy.scheduleMinutes !== 'number' ||
    !Array.isArray(deploy.regions) ||
    !(deploy.quorum === null || isRecord(deploy.quorum))
  )
    return 'config.deploy (prefix, namespace, scheduleMinutes, regions and quorum)';
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
