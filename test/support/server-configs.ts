// Config fixtures of the field tests: a server entry of either kind, a deploy-mode parse, and the round trip a field
// makes to the Lambda (deploy parse, toLambdaConfigJson with a secret per server, the Lambda's own parse).
import { parseConfig, toLambdaConfigJson, type ConfigResult } from '../../functions/config/parse';
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

/** The probe config the Lambda reads after deploying `raw`: what reached it of each field. */
export function throughLambda(raw: unknown): ProbeConfig {
  const deployed = parseDeploy(raw);
  if (!deployed.ok) throw new Error(deployed.errors.join('\n'));
  const secrets = new Map(deployed.config.probe.servers.map((s) => [s.id, `okta-synthetics/${s.id}`]));
  const lambda = parseConfig(JSON.parse(toLambdaConfigJson(deployed.config, secrets)), {
    mode: 'lambda',
    baseDir: '/nonexistent',
  });
  if (!lambda.ok) throw new Error(lambda.errors.join('\n'));
  return lambda.config.probe;
}
