// The configurations tests vary, CDK-free: unit tests take them from here without loading aws-cdk-lib (seconds of
// import per file); test/lib/helpers.ts re-exports them beside the synth helpers.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed example configuration's path (lib/build-app.ts names the same file for `cdk synth`). */
export const EXAMPLE_CONFIG_PATH = fileURLToPath(new URL('../../okta-synthetics.example.json', import.meta.url));

/** The committed example configuration, as an object to vary. */
export function exampleConfig(): Record<string, unknown> {
  return JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
}

/**
 * The synthetic users' values of journeyConfig(), which must reach neither the template nor the notifications whole.
 */
export const JOURNEY_USERS = {
  portal: 'synthetic.portal@acme.example',
  mobile: 'synthetic.mobile@acme.example',
} as const;

/**
 * The example with two sign-in journeys: "portal" (authn through the custom server, the stack creates its
 * secret, a confidential app) and "mobile" (direct through the Org server, an existing secret named by secretName).
 * Each carries the CLI's variable names too, as one file for both sides does.
 */
export function journeyConfig(): Record<string, unknown> {
  return {
    ...exampleConfig(),
    signIn: [
      {
        id: 'portal',
        server: 'default',
        flow: 'authn',
        clientId: '0oa8f5p9w3PoRt4L35d7',
        redirectUri: 'https://portal.acme.example/login/callback',
        username: JOURNEY_USERS.portal,
        passwordEnv: 'PORTAL_PASSWORD_VAR',
        totpSecretEnv: 'PORTAL_TOTP_VAR',
        confidential: true,
        clientSecretEnv: 'PORTAL_CLIENT_SECRET_VAR',
        requiredClaims: ['email'],
      },
      {
        id: 'mobile',
        server: 'org',
        flow: 'direct',
        clientId: '0oa8f5q1MoB1Le9X35d7',
        username: JOURNEY_USERS.mobile,
        secretsFile: 'keys/mobile-user.json',
        secretName: 'okta/prod/mobile-user',
        everyMinutes: 10,
      },
    ],
  };
}

/**
 * The journey config with `count` SAML apps listed under the portal journey (the catalogue's yardstick: one app copied
 * N times), in its default group; `ownAlarm` gives each its own alarms instead, as before groups existed.
 */
export function samlCatalogueConfig(
  count: number,
  options: { readonly ownAlarm?: boolean } = {},
): Record<string, unknown> {
  const app = (i: number) => ({
    id: `app-${String(i).padStart(4, '0')}`,
    signIn: 'portal',
    ssoUrl: `https://acme.okta.com/app/acme_app${i}_1/exk${String(i).padStart(17, '0')}/sso/saml`,
    metadataUrl: `https://acme.okta.com/app/exk${String(i).padStart(17, '0')}/sso/saml/metadata`,
    audience: `https://sp${i}.acme.example/saml`,
    recipient: `https://sp${i}.acme.example/saml/acs`,
    requiredAttributes: ['email'],
    ...(options.ownAlarm === true && { ownAlarm: true }),
  });
  return { ...journeyConfig(), samlApps: Array.from({ length: count }, (_, i) => app(i)) };
}

export function writeConfig(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-stack-'));
  const file = join(dir, 'okta-synthetics.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/**
 * The example with real users' sign-ins judged from the org's System Log (`userSignIns`), `block` its settings: the
 * org server reads the log (systemLog, okta.logs.read), as the block requires.
 */
export function userSignInsConfig(block: Record<string, unknown> = {}): Record<string, unknown> {
  const config = exampleConfig();
  const servers = (config.servers as Record<string, unknown>[]).map((s) =>
    s.id === 'org' ? { ...s, systemLog: true, scopes: [...(s.scopes as string[]), 'okta.logs.read'] } : s,
  );
  return { ...config, servers, userSignIns: block };
}

/**
 * The example with provisioning health (`provisioning`), `block` its settings: the org server reads the log and the
 * apps (systemLog, okta.logs.read, okta.apps.read), as the block requires.
 */
export function provisioningConfig(block: Record<string, unknown> = {}): Record<string, unknown> {
  const config = exampleConfig();
  const servers = (config.servers as Record<string, unknown>[]).map((s) =>
    s.id === 'org'
      ? {
          ...s,
          systemLog: true,
          scopes: [...new Set([...(s.scopes as string[]), 'okta.logs.read', 'okta.apps.read'])],
        }
      : s,
  );
  return { ...config, servers, provisioning: block };
}

/** The example with the org server reading the System Log and "integrationHealth": {}. */
export function integrationHealthConfig(): Record<string, unknown> {
  const config = exampleConfig();
  const servers = (config.servers as Record<string, unknown>[]).map((s) =>
    s.id === 'org' ? { ...s, systemLog: true, scopes: [...new Set([...(s.scopes as string[]), 'okta.logs.read'])] } : s,
  );
  return { ...config, servers, integrationHealth: {} };
}

export const TEST_ENV = { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' };

/**
 * The richest configuration: the catalogue's two journeys and listed SAML apps, an app with its own alarm, a group that
 * discovers its apps, the Org server reading the System Log and the inventory, display names, a resource, per-server
 * latency thresholds and pageFor. One region, the fast path on by default.
 */
export function richestConfig(): Record<string, unknown> {
  const base = samlCatalogueConfig(3);
  const [org, custom] = base.servers as Record<string, unknown>[];
  const apps = base.samlApps as Record<string, unknown>[];
  return {
    ...base,
    oktaCell: 'OK6',
    latencyWarnMs: 1500,
    servers: [
      {
        ...org,
        name: 'Org AS',
        scopes: ['okta.users.read', 'okta.logs.read', 'okta.apiTokens.read', 'okta.apps.read', 'okta.idps.read'],
        systemLog: true,
        inventory: true,
        latencyWarnMs: null,
        pageFor: ['okta'],
      },
      {
        ...custom,
        name: 'Orders API',
        latencyWarnMs: 800,
        resources: [{ url: 'https://orders.acme.example/health', method: 'GET', expectStatus: 204 }],
      },
    ],
    samlApps: [
      ...apps,
      { ...apps[0], id: 'payroll', name: 'Payroll', ownAlarm: true, acsUrl: 'https://payroll.acme.example/acs' },
    ],
    samlGroups: [{ id: 'hr', signIn: 'portal', discover: { labelPrefix: 'HR ' }, everyMinutes: 120, concurrency: 2 }],
  };
}

/** Two servers, the Org's (private_key_jwt) and a custom one (client_secret_basic), deployed to `regions`. */
export function twoServerConfig(regions: readonly string[]): Record<string, unknown> {
  return {
    orgUrl: 'https://acme.okta.com',
    regions,
    servers: [
      { id: 'org', clientId: '0oaorg', scopes: ['okta.users.read'], authMethod: 'private_key_jwt' },
      {
        id: 'default',
        clientId: '0oadefault',
        scopes: ['payments:read'],
        audience: 'api://default',
        authMethod: 'client_secret_basic',
      },
    ],
  };
}

/** A config whose inline secrets (the CLI's only) are named as variables instead: a file one plans a deploy from. */
export const withoutInlineSecrets = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutInlineSecrets)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(
          Object.entries(value).map(([key, v]) =>
            /^(clientSecret|password|totpSecret)$/.test(key)
              ? [`${key}Env`, 'NOT_READ_BY_PLAN']
              : [key, withoutInlineSecrets(v)],
          ),
        )
      : value;

/** journeyConfig() with its portal journey in the browser: the hosted sign-in page, in Chromium. */
export function browserJourneyConfig(): Record<string, unknown> {
  const config = journeyConfig();
  const [portal, ...others] = config.signIn as Record<string, unknown>[];
  return { ...config, signIn: [{ ...portal, flow: 'browser' }, ...others] };
}
