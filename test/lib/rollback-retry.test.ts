// A first deploy that rolls back can be retried. CloudFormation keeps a `Retain` resource even when it rolls back the
// operation that created it (CloudFormation user guide, "DeletionPolicy attribute"), and a fixed name then blocks the
// retry ("already exists"); `RetainExceptOnCreate` (CDK's RETAIN_ON_UPDATE_OR_DELETE) deletes it on that rollback
// alone. A table with deletion protection cannot be deleted by the rollback either (docs/decisions/rollback-retry.md).
import { describe, expect, it } from 'vitest';
import { provisioningConfig } from '../support/configs';
import { build, flatTemplate } from './helpers';

type Resource = {
  Type: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Properties?: Record<string, unknown>;
};

/**
 * Every block that creates a named or kept resource: the servers' and journeys' secrets (a "browser" journey's
 * among them), the Preview org's, the journeys' table and key, the provisioning ledger and its key, the trace and
 * status page buckets.
 */
function everyKeptResource(): Record<string, unknown> {
  const config = provisioningConfig();
  const portal = {
    id: 'portal',
    server: 'default',
    flow: 'authn',
    clientId: '0oa8f5p9w3PoRt4L35d7',
    redirectUri: 'https://portal.acme.example/login/callback',
    username: 'synthetic@acme.example',
    passwordEnv: 'PORTAL_PASSWORD_VAR',
    totpSecretEnv: 'PORTAL_TOTP_VAR',
  };
  return {
    ...config,
    signIn: [portal, { ...portal, id: 'page', flow: 'browser', username: 'page@acme.example' }],
    statusPage: { allowFrom: ['203.0.113.0/24'] },
    preview: {
      orgUrl: 'https://acme.oktapreview.com',
      servers: {
        org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' },
        default: { authorizationServerId: 'ausPdefault', clientId: '0oaPdef', clientSecretEnv: 'X' },
      },
      signIn: { portal: { clientId: '0oaPportal', username: 'synthetic@acme.example', passwordEnv: 'P' } },
    },
  };
}

/** Every resource of every stack of the config, nested stacks' included, by logical id. */
function allResources(config: unknown): Record<string, Resource> {
  const { result } = build(config);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return Object.assign(
    {},
    ...result.stacks.map(
      (stack) => (flatTemplate(stack).toJSON() as { Resources: Record<string, Resource> }).Resources,
    ),
  ) as Record<string, Resource>;
}

/** The name CloudFormation creates a resource under, when the template fixes one. */
function fixedName(resource: Resource): string | undefined {
  const p = resource.Properties ?? {};
  const name = p.Name ?? p.TableName ?? p.BucketName ?? p.AliasName;
  return typeof name === 'string' ? name : undefined;
}

describe('a first deploy that rolls back', () => {
  const resources = allResources(everyKeptResource());

  it('leaves no resource with a fixed name to its rollback: each kept is RetainExceptOnCreate, never Retain', () => {
    const kept = Object.entries(resources).filter(
      ([, r]) => r.DeletionPolicy !== undefined && r.DeletionPolicy !== 'Delete',
    );
    const blocking = kept.filter(([, r]) => r.DeletionPolicy === 'Retain' && fixedName(r) !== undefined);
    expect(blocking.map(([id, r]) => `${id} (${r.Type} ${fixedName(r)})`)).toEqual([]);
    // What the retry needed: the named secrets and both tables, each still kept when replaced (a replaced secret
    // would lose its credential), and the journeys' key with its table.
    const except = kept.filter(([, r]) => r.DeletionPolicy === 'RetainExceptOnCreate');
    expect(except.map(([, r]) => fixedName(r)).filter((name) => name !== undefined)).toEqual(
      expect.arrayContaining([
        'okta-synthetics/org',
        'okta-synthetics/default',
        'okta-synthetics/portal',
        'okta-synthetics/page',
        'okta-synthetics/preview/org',
        'okta-synthetics/preview/portal',
        'okta-synthetics/provisioning-key',
        'okta-synthetics-journey-state',
        'okta-synthetics-provisioning',
      ]),
    );
    expect(except.map(([, r]) => r.Type)).toContain('AWS::KMS::Key');
    for (const [, r] of except) expect(r.UpdateReplacePolicy).toBe('Retain');
    // A bucket's name is CloudFormation's, never the same twice: kept, it blocks no retry, and a bucket holding
    // objects could not be deleted by the rollback anyway.
    const buckets = kept.filter(([, r]) => r.Type === 'AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThan(0);
    expect(buckets.map(([, r]) => [r.DeletionPolicy, fixedName(r)])).toEqual(buckets.map(() => ['Retain', undefined]));
  });

  it("creates the journeys' table without deletion protection, which would stop the rollback deleting it", () => {
    const [table] = Object.values(resources).filter((r) => fixedName(r) === 'okta-synthetics-journey-state');
    const replicas = (table?.Properties?.Replicas ?? []) as { DeletionProtectionEnabled?: boolean }[];
    expect(replicas.length).toBeGreaterThan(0);
    expect(replicas.map((r) => r.DeletionProtectionEnabled ?? false)).toEqual(replicas.map(() => false));
  });
});
