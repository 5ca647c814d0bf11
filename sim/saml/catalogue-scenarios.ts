// The catalogue's scenarios: a group of SAML apps in the portal journey's sessions, listed in the config or
// found through the Management API, and what one app of many, a few certificates, the org's SSO bucket or the listing
// do to it. sim/scenarios.ts spreads them into its table. A scenario's run is a one-off CLI run: it checks every app of
// the group, as far as Okta's buckets allow (the probe stops at half of the SSO bucket: 375 of 750 a minute).
import type { CheckName, DiagnosisCode } from '../../functions/contract';
import type { ConfigFileJson } from '../../functions/config/schema';
import type { SimFaults } from '../faults';
import { catalogueApp, catalogueMetadataUrl, catalogueSsoUrl, type SamlCatalogueFaults } from './catalogue';

/** The group the scenarios' apps are counted in: the portal journey's default group, written out. */
export const SIM_SAML_GROUP = 'portal-saml';
const CHECK: CheckName = 'saml-apps';

/**
 * The config with the catalogue's first `count` apps listed (the SP's values as Okta's settings hold them), in the
 * group.
 */
export function listed(count: number): (cfg: ConfigFileJson) => ConfigFileJson {
  return (cfg) => ({
    ...cfg,
    samlGroups: [{ id: SIM_SAML_GROUP, signIn: 'portal' }],
    samlApps: [
      ...(cfg.samlApps ?? []),
      ...Array.from({ length: count }, (_, i) => {
        const app = catalogueApp(i);
        return {
          id: `app-${String(i).padStart(4, '0')}`,
          signIn: 'portal',
          group: SIM_SAML_GROUP,
          ssoUrl: catalogueSsoUrl(cfg.orgUrl, app),
          metadataUrl: catalogueMetadataUrl(cfg.orgUrl, app),
          audience: app.audience,
          recipient: app.recipient,
          requiredAttributes: ['email'],
        };
      }),
    ],
  });
}

/** The "org" server given `scopes` besides its own. */
function readingUsers(cfg: ConfigFileJson, scopes: readonly string[] = ['okta.users.read']): ConfigFileJson {
  return {
    ...cfg,
    servers: cfg.servers.map((server) =>
      server.id === 'org' ? { ...server, scopes: [...new Set([...server.scopes, ...scopes])] } : server,
    ),
  };
}

/** The config with a group that finds its apps through the Management API, and the "org" server's scopes for it. */
function discovering(discover: 'assigned' | { readonly labelPrefix: string }): (cfg: ConfigFileJson) => ConfigFileJson {
  return (cfg) => ({
    ...readingUsers(cfg, ['okta.apps.read', 'okta.users.read']),
    samlGroups: [{ id: SIM_SAML_GROUP, signIn: 'portal', discover }],
  });
}

const scenario = (
  description: string,
  codes: readonly DiagnosisCode[],
  config: (cfg: ConfigFileJson) => ConfigFileJson,
  catalogue: SamlCatalogueFaults,
) => ({
  description,
  expect: codes.map((code) => ({ server: SIM_SAML_GROUP, check: CHECK, code })),
  config,
  faults: { samlCatalogue: catalogue } satisfies SimFaults,
});

export const CATALOGUE_SCENARIOS = {
  'saml-catalogue-one-failing': scenario(
    'One app of a catalogue of 1,000 listed SAML apps has its Audience URI changed in Okta: the group pages ' +
      "for it alone, by name. The org's own users have spent 40 % of the SSO bucket: the run checks apps until " +
      'half is left, and leaves the rest for the next.',
    ['SAML_AUDIENCE_MISMATCH'],
    listed(1000),
    { apps: 1000, audienceChanged: [7], ssoRemainingPercent: 60 },
  ),
  'saml-catalogue-certificates-expiring': scenario(
    'Three apps of a catalogue of 20 have a signing certificate that expires in 10 days: one warning, naming each.',
    ['SAML_CERT_EXPIRING', 'SAML_CERT_EXPIRING', 'SAML_CERT_EXPIRING'],
    listed(20),
    { apps: 20, expiring: [3, 11, 17] },
  ),
  'saml-catalogue-sha1': scenario(
    'Two apps of a catalogue of 20 still sign their assertions with SHA-1: they verify, the SPs accept them ' +
      'today; one warning, naming each.',
    ['SAML_SHA1_SIGNATURE', 'SAML_SHA1_SIGNATURE'],
    listed(20),
    { apps: 20, sha1: [5, 13] },
  ),
  'saml-catalogue-sso-bucket-low': scenario(
    "The org's own users have spent nine tenths of the SSO bucket (/app/{app}/{key}/sso/saml): the group " +
      'checks the few apps already under way, leaves the rest for the next run, and fails none.',
    [],
    listed(200),
    { apps: 200, ssoRemainingPercent: 10 },
  ),
  'saml-catalogue-discovered': scenario(
    'Every active SAML app assigned to the portal user (50), found through the Management API (appLinks, ' +
      "then the apps' settings) and judged as Okta is configured for it.",
    [],
    discovering('assigned'),
    { apps: 50 },
  ),
  'saml-catalogue-discovered-unassigned': scenario(
    'The apps labelled "Catalogue app 00..." (100), found through the Management API; one of them is not ' +
      'assigned to the portal user.',
    ['SAML_USER_NOT_ASSIGNED'],
    discovering({ labelPrefix: 'Catalogue app 00' }),
    { apps: 150, notAssigned: [42] },
  ),
  // ApplicationAccessibility.errorRedirectUrl, "Custom error page URL for the app" (okta-sdk-nodejs
  // oas-spec/management.yaml).
  'saml-catalogue-error-page': scenario(
    'Of 20 apps found through the Management API, one is not assigned to the portal user and has a custom ' +
      'error page (accessibility.errorRedirectUrl): its SSO URL redirects there, off the org. It is the app ' +
      'refusing the user, never read as an IdP routing rule.',
    ['SAML_USER_NOT_ASSIGNED'],
    discovering({ labelPrefix: 'Catalogue app 00' }),
    { apps: 20, notAssigned: [7], errorPage: [7, 11] },
  ),
  'saml-catalogue-listed-error-page': scenario(
    'Of 20 apps listed in the group, one is not assigned to the portal user and has a custom error page: its SSO ' +
      'URL redirects there, off the org, where the config names no error page. The "org" server reads the ' +
      "user's app links (okta.users.read) once: not assigned, never an IdP routing rule.",
    ['SAML_USER_NOT_ASSIGNED'],
    (cfg) => readingUsers(listed(20)(cfg)),
    { apps: 20, notAssigned: [7], errorPage: [7] },
  ),
  // SamlApplicationSettingsSignOn's ssoAcsUrlOverride, audienceOverride, recipientOverride, destinationOverride, "for
  // CASB configuration" (okta-sdk-nodejs oas-spec/management.yaml; help.okta.com CASB-config-guide).
  'saml-catalogue-casb-override': scenario(
    'Two apps of 20 found through the Management API sit behind a CASB: their sign-on settings carry ' +
      'ssoAcsUrlOverride, audienceOverride, recipientOverride and destinationOverride, and Okta posts to and ' +
      'asserts for the CASB. Both are judged against the overrides: the one whose assertion names another ' +
      'audience fails, saying an override is in use; the other passes.',
    ['SAML_AUDIENCE_MISMATCH'],
    discovering('assigned'),
    { apps: 20, casbOverride: [4, 9], audienceChanged: [9] },
  ),
  'saml-catalogue-listing-refused': scenario(
    "The probe's service app may not read apps (its admin role): the catalogue cannot be listed, a warning; " +
      'nothing else fails.',
    ['SAML_DISCOVERY_FAILED'],
    discovering('assigned'),
    { apps: 50, listingRefused: true },
  ),
} as const;
