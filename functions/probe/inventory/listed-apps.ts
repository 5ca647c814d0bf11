// The config's listed SAML apps found in the org's app listing the inventory already reads (GET /api/v1/apps, every
// active app, pages of 200), so that whether one provisions users is known without a request per app. A listed app
// names Okta's side of it only in its two URLs, and not by the Management API's id:
// - the SSO URL is /app/{appName}/{externalKey}/sso/saml (okta-developer-docs guides/native-to-web-sso:
//   "/app/{instanceName}/{externalKey}/sso/saml"; guides/saml-tracer: "/app/app_name/exk4x6wko7PcvdVq80x6/sso/saml"),
//   where the key is the app's external key (exk...), its SAML entityID's last part, not its id (0oa...);
// - the Metadata URL the Admin Console shows is /app/{externalKey}/sso/saml/metadata, and the one the Management API
//   gives in the app's `_links.metadata` is /app/{appId}/sso/saml/metadata (Okta's Apps API reference, its
//   Application example: "https://example.okta.com/app/0oabhnUQFYHMBNVSVXMV/sso/saml/metadata").
// The listing carries the app's `id` and `name` (the SSO URL's {appName}: a custom app's "<org>_<label>_1", an OIN
// app's catalogue name, which several instances share) but never its external key, which only the app's metadata
// holds (a request per app). So an app is found by its id when one of its URLs carries it, else by the SSO URL's
// name together with the SP's Audience the config gives (the app's settings.signOn.audience, its CASB override
// where set): one such app is the listed one; several are ambiguous and none is chosen. Pure; every value is hostile
// (docs/decisions/listed-apps-in-the-listing.md).
import { STORED_SKEW_MS } from '../../contract';
import type { ListedProvisioning, SamlAppConfig } from '../../types';
import { provisioningFeatures } from '../okta/item';
import { OKTA_ID, oktaRefs } from '../okta/app-refs';

/** An app of the listing, as far as finding a listed app in it needs. */
export interface ListingApp {
  readonly id: string;
  readonly label?: string;
  /** Okta's app name (`name`): the SSO URL's {appName}. */
  readonly name?: string;
  readonly signOnMode?: string;
  /** The Audience Okta asserts (settings.signOn.audienceOverride, else audience). */
  readonly audience?: string;
  /** The provisioning features it lists (okta/item.ts PROVISIONING_FEATURES). */
  readonly provisions: readonly string[];
}

/** A listed app as the listing told of it: found (how), or not, and why. */
type ListedMatch =
  | {
      readonly listed: string;
      readonly found: { readonly appId: string; readonly label: string; readonly provisions: readonly string[] };
      readonly by: 'id' | 'name and audience';
    }
  | { readonly listed: string; readonly why: string };

/** Each listed app found in the listing, or why not. `complete`: the listing was read to its end. */
export function matchListedApps(
  listed: readonly SamlAppConfig[],
  apps: readonly ListingApp[],
  orgUrl: string,
  complete: boolean,
): ListedMatch[] {
  const byId = new Map(apps.map((app) => [app.id, app]));
  return listed.map((config): ListedMatch => {
    const refs = oktaRefs(config, orgUrl);
    const exact = refs.ids.map((id) => byId.get(id)).find((app) => app !== undefined);
    if (exact !== undefined) return { listed: config.id, found: foundOf(exact), by: 'id' };
    const short = complete ? '' : ' (the listing was cut short: it may be in the part not read)';
    if (refs.name === undefined)
      return { listed: config.id, why: `its ssoUrl is not of Okta's form /app/{appName}/{key}/sso/saml${short}` };
    const named = apps.filter((app) => app.name === refs.name && app.signOnMode === 'SAML_2_0');
    const same = named.filter((app) => app.audience === config.audience);
    const [only, ...others] = same;
    if (only !== undefined && others.length === 0)
      return { listed: config.id, found: foundOf(only), by: 'name and audience' };
    if (only !== undefined)
      return {
        listed: config.id,
        why:
          `${same.length} active SAML apps are named "${refs.name}" with audience ${config.audience}: put the ` +
          "app's id in metadataUrl (https://<org>/app/<app id>/sso/saml/metadata, the Management API's metadata " +
          'link) to tell which',
      };
    return {
      listed: config.id,
      why:
        named.length === 0
          ? `no active SAML 2.0 app is named "${refs.name}" in the listing (inactive, or outside the service ` +
            `app's admin role)${short}`
          : `the active SAML apps named "${refs.name}" assert another audience than ${config.audience}${short}`,
    };
  });
}

const foundOf = (app: ListingApp) => ({
  appId: app.id,
  label: (app.label ?? '').replace(/\s+/g, ' ').trim().slice(0, 80) || 'app',
  provisions: app.provisions,
});

/** The kept record: at most this many listed apps (an SSM parameter holds 4 KB), each text bounded. */
const KEPT_MAX = 20;

/** What the inventory keeps of the listed apps (KEPT_KEYS.listedSamlApps), for `plan --history` to read back. */
interface ListedRecord {
  /** When the listing was read, epoch ms. */
  readonly at: number;
  readonly apps: readonly ListedMatch[];
}

/** The record as kept: its first KEPT_MAX apps, each text bounded. */
export function listedRecord(matches: readonly ListedMatch[], at: number): ListedRecord {
  return { at, apps: matches.slice(0, KEPT_MAX).map(boundMatch) };
}

/**
 * A kept record read back (a hand edit, another version): only what has the shape, each text bounded. A record from
 * the future (beyond STORED_SKEW_MS of `now`: a clock that ran ahead, or a forged one) is damaged: its age would be
 * a lie, and plan would show it as fresh for ever.
 */
export function readListedRecord(value: unknown, now: number): ListedRecord | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.at !== 'number' || !Number.isFinite(v.at) || v.at < 0 || v.at > now + STORED_SKEW_MS) return undefined;
  if (!Array.isArray(v.apps)) return undefined;
  const apps = v.apps.slice(0, KEPT_MAX).flatMap((item: unknown): ListedMatch[] => {
    if (typeof item !== 'object' || item === null) return [];
    const m = item as Record<string, unknown>;
    if (typeof m.listed !== 'string' || m.listed === '') return [];
    if (typeof m.why === 'string') return [boundMatch({ listed: m.listed, why: m.why })];
    const found = m.found as Record<string, unknown> | null | undefined;
    if (typeof found !== 'object' || found === null) return [];
    if (typeof found.appId !== 'string' || !OKTA_ID.test(found.appId) || typeof found.label !== 'string') return [];
    const by = m.by === 'id' || m.by === 'name and audience' ? m.by : undefined;
    if (by === undefined) return [];
    return [
      boundMatch({
        listed: m.listed,
        found: { appId: found.appId, label: found.label, provisions: provisioningFeatures(found.provisions) },
        by,
      }),
    ];
  });
  return { at: v.at, apps };
}

function boundMatch(match: ListedMatch): ListedMatch {
  const listed = match.listed.slice(0, 100);
  if ('why' in match) return { listed, why: match.why.slice(0, 400) };
  return {
    listed,
    found: {
      ...match.found,
      label: match.found.label.slice(0, 80),
      provisions: provisioningFeatures(match.found.provisions),
    },
    by: match.by,
  };
}

/** The listed apps that provision users, as the report and the run line name them. */
export function listedProvisioning(matches: readonly ListedMatch[]): ListedProvisioning[] {
  return matches.flatMap((m): ListedProvisioning[] =>
    'found' in m && m.found.provisions.length > 0
      ? [{ listed: m.listed, app: `${m.found.label} (${m.found.appId})`, features: m.found.provisions, by: m.by }]
      : [],
  );
}
