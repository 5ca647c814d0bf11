// Config fixtures of the field tests: a server entry of either kind, a deploy-mode parse, and what reaches the Lambda
// of a config (the stack's deploy parse, resolvedConfigJson with a secret per server and journey, the Lambda's read).
import {
  defaultSecretName,
  parseConfig,
  previewSecretName,
  type ConfigResult,
  type LoadedConfig,
} from '../../functions/config/parse';
import { readResolvedConfig, resolvedConfigJson, type ResolvedConfig } from '../../functions/config/resolved';
import type { ProbeConfig } from '../../functions/types';

/** A server entry: the Org server with a private key, a custom one with a client secret and an audience. */
export const serverEntry = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  clientId: `0oa-${id}`,
  scopes: id === 'org' ? ['okta.users.read'] : ['probe'],
  ...(id === 'org' ? {} : { audience: 'api://default' }),
  authMethod: id === 'org' ? 'private_key_jwt' : 'client_secret_basic',
  ...extra,
});

export const parseDeploy = (raw: unknown): ConfigResult =>
  parseConfig(raw, { mode: 'deploy', baseDir: '/nonexistent', env: {} });

/**
 * The JSON the stack hands the Lambda for the deploy config `raw`: a server or journey without secretName gets the
 * secret the stack would create for it.
 */
export function resolvedJson(raw: unknown): string {
  const deployed = parseDeploy(raw);
  if (!deployed.ok) throw new Error(deployed.errors.join('\n'));
  const { probe, deploy, preview } = deployed.config;
  const ids = (of: ProbeConfig, name: (prefix: string, id: string) => string): Map<string, string> => {
    const named = new Set([
      ...of.servers.flatMap((s) => (s.credential.kind === 'secrets_manager' && s.credential.secretId ? [s.id] : [])),
      ...(of.signIn ?? []).flatMap((j) => (j.secrets.from === 'secrets_manager' && j.secrets.secretId ? [j.id] : [])),
    ]);
    const created = [...of.servers, ...(of.signIn ?? [])].filter((entry) => !named.has(entry.id));
    return new Map(created.map((entry) => [entry.id, name(deploy.prefix, entry.id)]));
  };
  return resolvedConfigJson(
    deployed.config,
    ids(probe, defaultSecretName),
    preview === undefined ? undefined : ids(preview.probe, previewSecretName),
  );
}

/**
 * The CONFIG_ENV of a Lambda test: what the stack hands the function for the deploy config `file`. The fast path is
 * off unless `file` turns it on: the handler tests run one region, without the stack's verdict table.
 */
export function lambdaConfigEnv(file: Record<string, unknown>): string {
  return resolvedJson({ quorum: false, ...file });
}

/** The config the Lambda runs with after deploying `raw`. */
export function lambdaReads(raw: unknown): ResolvedConfig {
  return readBack(resolvedJson(raw));
}

/** The config the Lambda runs with when the stack hands it `config`, deployed with these secrets. */
export function resolvedOf(config: LoadedConfig, secretIds: ReadonlyMap<string, string>): ResolvedConfig {
  return readBack(resolvedConfigJson(config, secretIds));
}

function readBack(json: string): ResolvedConfig {
  const read = readResolvedConfig(json, 'the test');
  if ('problem' in read) throw new Error(read.problem);
  return read.config;
}

/** The probe config the Lambda reads after deploying `raw`: what reached it of each field. */
export function throughLambda(raw: unknown): ProbeConfig {
  return lambdaReads(raw).probe;
}
