// The Secrets Manager secrets one region's stack creates: a credential secret per server and per journey the config
// does not point at an existing secret (lib/probe-secrets.ts), and the provisioning ledger's hashing key when the
// probe judges provisioning (lib/probe-function.ts). `cost` bills each a month from this list, never from a count of
// its own; a test holds the list to the synthesized template's AWS::SecretsManager::Secret resources, region by region.
// A secret the config names (secretName) is the account's own: read by the stack, never created or billed by it.
// With a `preview` block the home region's stack also creates the Preview org's, named <prefix>/preview/<id>.
import type { LoadedConfig } from '../config/parse';
import { defaultSecretName } from '../config/parse';
import { provisioningKeySecretName } from '../contract';
import { plannedChecks } from './checks';
import { previewSecretName } from '../config/schema';
import type { PreviewConfig } from '../config/preview-shape';
import { isDeploymentHome } from './quorum';

/** A secret the stack creates: its name, and what it holds (for the cost line's reader). */
export interface StackSecret {
  readonly name: string;
  readonly holds:
    | 'server credential'
    | "journey's user"
    | 'provisioning key'
    | 'Preview server credential'
    | "Preview journey's user";
}

/**
 * The secrets the stack of `config` (already the region's: journey-region.ts configOfRegion) creates in `region`
 * (undefined: the one stack of a configuration naming no region).
 */
export function stackSecrets(
  config: Pick<LoadedConfig, 'probe' | 'deploy' | 'preview'>,
  region: string | undefined,
): StackSecret[] {
  const { probe, deploy } = config;
  const servers = probe.servers.flatMap((server): StackSecret[] =>
    server.credential.kind === 'secrets_manager' && server.credential.secretId === undefined
      ? [{ name: defaultSecretName(deploy.prefix, server.id), holds: 'server credential' }]
      : [],
  );
  const journeys = (probe.signIn ?? []).flatMap((journey): StackSecret[] =>
    journey.secrets.from === 'secrets_manager' && journey.secrets.secretId === undefined
      ? [{ name: defaultSecretName(deploy.prefix, journey.id), holds: "journey's user" }]
      : [],
  );
  const provisioning = plannedChecks(probe).some((c) => c.check === 'provisioning-health');
  const key: StackSecret[] = provisioning
    ? [{ name: provisioningKeySecretName(deploy.prefix), holds: 'provisioning key' }]
    : [];
  // The Preview org runs in the home region alone (plan/preview.ts): its secrets are that stack's.
  const preview = isDeploymentHome(config, region) ? previewSecrets(deploy.prefix, config.preview) : [];
  return [...servers, ...journeys, ...key, ...preview];
}

/** The secrets the stack creates for the Preview org: each server's and journey's not named with secretName. */
export function previewSecrets(prefix: string, preview: PreviewConfig | undefined): StackSecret[] {
  if (preview === undefined) return [];
  const { servers, signIn = [] } = preview.probe;
  return [
    ...servers.flatMap((server): StackSecret[] =>
      server.credential.kind === 'secrets_manager' && server.credential.secretId === undefined
        ? [{ name: previewSecretName(prefix, server.id), holds: 'Preview server credential' }]
        : [],
    ),
    ...signIn.flatMap((journey): StackSecret[] =>
      journey.secrets.from === 'secrets_manager' && journey.secrets.secretId === undefined
        ? [{ name: previewSecretName(prefix, journey.id), holds: "Preview journey's user" }]
        : [],
    ),
  ];
}
