// The probe's config file (the product's JSON format) for a run against the simulator.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ORG_SERVER_ID } from '../functions/contract';
import type { ConfigFileJson, ServerFileJson } from '../functions/config/schema';
import { RESOURCE_API_EXAMPLE } from './endpoints/resource-api';
import { SIM_SAML_APP, samlMetadataUrl, samlSsoUrl } from './saml/app';
import { SIM_SAML_ID } from './saml/scenarios';
import { SCENARIOS } from './scenarios';
import { ACCESS_DEMO_ROWS } from './access-scenarios';
import { WORKFORCE_PASSKEY_FILE } from './idx-scenarios';
import { withPageJourney } from './page-scenarios';
import { runsApps, WIKI_SECRETS_FILE, withAppJourneys } from './app-scenarios';
import { relatedRpId } from './endpoints/webauthn-well-known';
import type { Simulator } from './server';

/** The simulator writes the product's own file format (functions/config/schema.ts). */
export type SimConfigJson = ConfigFileJson;
export type SimConfigServerJson = ServerFileJson;

const CONFIG_FILE_NAME = 'okta-synthetics.json';
const KEY_FILE_NAME = 'probe-key.pem';
/** The synthetic users' secrets, the JSON the stack's secret holds (mode 0600). */
const PORTAL_SECRETS_FILE = 'portal-user.json';
const MOBILE_SECRETS_FILE = 'mobile-user.json';
const WORKFORCE_SECRETS_FILE = 'workforce-user.json';
/** The "browser" journey's user's secrets (sim/page-scenarios.ts names the same file). */
const PAGE_SECRETS_FILE = 'page-user.json';

/** The config of a healthy run against `sim`, with the current scenario's misconfiguration applied. */
export function simulatorConfigJson(sim: Simulator, keyFile: string): SimConfigJson {
  const healthy: SimConfigJson = {
    orgUrl: sim.url,
    statusPageUrl: sim.statusFeedUrl,
    // The simulated org's cell: the status feed's incidents name it, another cell, or every cell.
    oktaCell: 'US Cell 6',
    timeoutMs: sim.timeoutMs,
    rateLimitWarnPercent: 10,
    servers: simServers(sim, keyFile),
    // A person signing in to a web app through the custom server, to a native app through the Org server, and to an
    // Identity Engine app through the custom server as the Sign-In Widget does (Interaction Code, over IDX).
    signIn: simJourneys(sim),
    // A SAML app the portal user is assigned to, judged in the portal journey's session, with alarms of its
    // own (the exception an admin asks for, as for the company's e-mail app).
    samlApps: [
      {
        id: SIM_SAML_ID,
        ownAlarm: true,
        signIn: 'portal',
        ssoUrl: samlSsoUrl(sim.url),
        metadataUrl: samlMetadataUrl(sim.url),
        audience: SIM_SAML_APP.audience,
        recipient: SIM_SAML_APP.recipient,
        requiredAttributes: [...SIM_SAML_APP.requiredAttributes],
        nameIdFormat: SIM_SAML_APP.nameIdFormat,
      },
    ],
    // Who gets what in the finance app, asserted through the org's policy simulation: three rows that pass.
    accessAssertions: ACCESS_DEMO_ROWS.map((row) => ({ ...row })) as NonNullable<SimConfigJson['accessAssertions']>,
  };
  const patch = SCENARIOS[sim.scenario].config;
  return withApps(sim, patch ? patch(healthy) : healthy);
}

/** The apps behind Okta, signed in to by the page journey and one of its own: the healthy run's and the apps' own. */
function withApps(sim: Simulator, config: SimConfigJson): SimConfigJson {
  const served = { url: sim.url, apps: sim.apps, expenses: sim.clients.signIn.expenses };
  return runsApps(sim.scenario) ? withAppJourneys(config, served) : config;
}

/** The Org server, with the key file's credential, and the custom server with its secret and resource API. */
function simServers(sim: Simulator, keyFile: string): ServerFileJson[] {
  const { org, custom, web } = sim.clients;
  return [
    {
      id: ORG_SERVER_ID,
      clientId: org.clientId,
      privateKeyFile: keyFile,
      keyId: org.keyId,
      scopes: [...org.scopes],
      managementApi: true,
      authorize: { clientId: web.clientId, redirectUri: web.redirectUri, scopes: ['openid'] },
    },
    {
      id: custom.serverId,
      clientId: custom.clientId,
      clientSecret: custom.clientSecret,
      scopes: [...custom.scopes],
      audience: custom.audience,
      requiredClaims: [...custom.requiredClaims],
      authorize: { clientId: web.clientId, redirectUri: web.redirectUri, scopes: ['openid', ...custom.scopes] },
      // The organisation's own API, which accepts this server's tokens: the token at the API that consumes it.
      resources: [{ url: sim.url + RESOURCE_API_EXAMPLE }],
    },
  ];
}

function simJourneys(sim: Simulator): NonNullable<SimConfigJson['signIn']> {
  const { custom, signIn } = sim.clients;
  return [
    {
      id: 'portal',
      server: custom.serverId,
      flow: 'authn',
      clientId: signIn.portal.clientId,
      redirectUri: signIn.portal.redirectUri,
      username: signIn.portalUser.username,
      secretsFile: PORTAL_SECRETS_FILE,
      scopes: ['openid', 'profile', 'email'],
      requiredClaims: ['email'],
    },
    {
      id: 'mobile',
      server: ORG_SERVER_ID,
      flow: 'direct',
      clientId: signIn.mobile.clientId,
      username: signIn.mobileUser.username,
      secretsFile: MOBILE_SECRETS_FILE,
      scopes: ['openid', 'profile', 'email'],
      requiredClaims: ['email'],
    },
    {
      id: 'workforce',
      server: custom.serverId,
      flow: 'idx',
      clientId: signIn.workforce.clientId,
      redirectUri: signIn.workforce.redirectUri,
      username: signIn.workforceUser.username,
      secretsFile: WORKFORCE_SECRETS_FILE,
      scopes: ['openid', 'profile', 'email'],
      requiredClaims: ['email'],
    },
  ];
}

/**
 * Two orgs: Production's config (writeSimulatorConfig) with a "preview" block naming `preview`, the simulator that
 * plays the Preview org: its own apps, key, secret and users (their files in `dir`/preview), its cell, and Okta's
 * release notes feed as the first simulator serves it; the scenario's own Preview block applied. Returns the path.
 */
export async function writeTwoOrgConfig(production: Simulator, preview: Simulator, dir: string): Promise<string> {
  const path = await writeSimulatorConfig(production, dir);
  await writeSimulatorConfig(preview, join(dir, 'preview'));
  const { org, custom, web, signIn } = preview.clients;
  // The Preview org's own app for the authorize check, its scopes Production's.
  const authorize = { clientId: web.clientId, redirectUri: web.redirectUri };
  const journey = (id: 'portal' | 'mobile' | 'workforce', file: string) => ({
    clientId: signIn[id].clientId,
    ...('redirectUri' in signIn[id] && { redirectUri: signIn[id].redirectUri }),
    username: signIn[`${id}User`].username,
    // Relative to the config file, as the simulator's own config names its files.
    secretsFile: `preview/${file}`,
  });
  const block: NonNullable<SimConfigJson['preview']> = {
    orgUrl: preview.url,
    oktaCell: 'OP1 Preview Cell (US)',
    releaseNotesUrl: production.releaseNotesUrl,
    servers: {
      [ORG_SERVER_ID]: {
        clientId: org.clientId,
        privateKeyFile: `preview/${KEY_FILE_NAME}`,
        keyId: org.keyId,
        authorize,
      },
      [custom.serverId]: { clientId: custom.clientId, clientSecret: custom.clientSecret, authorize },
    },
    signIn: {
      portal: journey('portal', PORTAL_SECRETS_FILE),
      mobile: journey('mobile', MOBILE_SECRETS_FILE),
      workforce: journey('workforce', WORKFORCE_SECRETS_FILE),
    },
  };
  const patch = SCENARIOS[production.scenario].preview?.block;
  const config = { ...(JSON.parse(await readFile(path, 'utf8')) as SimConfigJson), samlApps: [] };
  await writeFile(path, `${JSON.stringify({ ...config, preview: patch ? patch(block) : block }, null, 2)}\n`);
  return path;
}

/**
 * Writes probe-key.pem (mode 0600) and okta-synthetics.json into `dir`; returns the config path. `browser`: with a
 * "browser" journey of the idx journey's app beside it (`demo` where a Chromium is found), unless the scenario has one.
 */
export async function writeSimulatorConfig(
  sim: Simulator,
  dir: string,
  { browser = false }: { readonly browser?: boolean } = {},
): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, KEY_FILE_NAME), sim.clients.org.privateKeyPem, { mode: 0o600 });
  const { portalUser, mobileUser, workforceUser, pageUser, wikiUser } = sim.clients.signIn;
  await writeFile(
    join(dir, WIKI_SECRETS_FILE),
    JSON.stringify({ password: wikiUser.password, totpSecret: wikiUser.totpSecret }),
    { mode: 0o600 },
  );
  await writeFile(
    join(dir, PAGE_SECRETS_FILE),
    JSON.stringify({ password: pageUser.password, totpSecret: pageUser.totpSecret }),
    { mode: 0o600 },
  );
  await writeFile(
    join(dir, PORTAL_SECRETS_FILE),
    JSON.stringify({ password: portalUser.password, totpSecret: portalUser.totpSecret }),
    { mode: 0o600 },
  );
  await writeFile(
    join(dir, MOBILE_SECRETS_FILE),
    JSON.stringify({ password: mobileUser.password, totpSecret: mobileUser.totpSecret }),
    { mode: 0o600 },
  );
  await writeFile(
    join(dir, WORKFORCE_SECRETS_FILE),
    JSON.stringify({ password: workforceUser.password, totpSecret: workforceUser.totpSecret }),
    { mode: 0o600 },
  );
  // The seeded passkey, bound to the org's host as a browser at the org's URL binds it (its RP ID).
  const { credentialId, privateJwk } = workforceUser.passkey;
  await writeFile(
    join(dir, WORKFORCE_PASSKEY_FILE),
    JSON.stringify({
      credentialId,
      privateKey: privateJwk,
      rpId: relatedRpId(SCENARIOS[sim.scenario].faults?.signIn) ?? new URL(sim.url).hostname,
    }),
    { mode: 0o600 },
  );
  const path = join(dir, CONFIG_FILE_NAME);
  const config = simulatorConfigJson(sim, KEY_FILE_NAME);
  await writeFile(path, `${JSON.stringify(browser ? withApps(sim, withPageJourney(config)) : config, null, 2)}\n`);
  return path;
}
