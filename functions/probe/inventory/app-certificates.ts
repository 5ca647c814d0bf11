// Apps' signing certificates: GET /api/v1/apps?filter=status eq "ACTIVE" (okta.apps.read, pages of 200
// following Link rel="next") gives each app's `label`, `signOnMode` and `credentials.signing.kid`, the key it signs
// with; GET /api/v1/apps/{id}/credentials/keys lists the app's whole key store, each key's `kid` and `expiresAt`
// (Okta's Management API spec: listApplications, listApplicationKeys, schemas ApplicationCredentialsSigning and
// JsonWebKey). Only the key in use matters: a new certificate generated ahead of a rotation is not yet trusted by
// anyone, and an old one no longer signs. The apps that sign with an X.509 certificate are the SAML and
// WS-Federation ones; an OIDC app's signing key (when it has one) signs ID tokens verified against the JWKS, not
// a certificate a service provider pinned. The same pages give each app's `name`, `settings.signOn.audience` and
// `features` (Application.features, okta-sdk-nodejs oas-spec/management.yaml), which find the config's listed SAML
// apps and tell whether each provisions users (listed-apps.ts), without a request per app.
import { daysUntil, whenText } from '../expiry';
import {
  itemFinding,
  objects,
  provisioningFeatures,
  quote,
  record,
  soonest,
  text,
  type KindVerdict,
} from '../okta/item';
import type { ListingApp } from './listed-apps';

/** The sign-on modes whose service providers pin the app's signing certificate. */
const CERTIFICATE_SIGN_ON_MODES: readonly string[] = ['SAML_2_0', 'SAML_1_1', 'WS_FEDERATION'];

export interface SigningApp extends ListingApp {
  readonly status?: string;
  /** credentials.signing.kid: the key the app signs with. */
  readonly kid?: string;
}

/** An app with the expiry of the key it signs with, as read (null: the key was not in its key store). */
export interface AppCertificate extends SigningApp {
  readonly expiresAt: string | null;
}

export function readApps(body: unknown): SigningApp[] {
  return objects(body).flatMap((app) => {
    const id = text(app, 'id');
    if (id === undefined) return [];
    const signing = record(record(app.credentials)?.signing);
    // What finds a listed SAML app in the listing, and whether it provisions users (listed-apps.ts): the same page.
    const signOn = record(record(app.settings)?.signOn);
    return [
      {
        id,
        label: text(app, 'label'),
        name: text(app, 'name'),
        signOnMode: text(app, 'signOnMode'),
        status: text(app, 'status'),
        kid: text(signing, 'kid'),
        audience: text(signOn, 'audienceOverride') ?? text(signOn, 'audience'),
        provisions: provisioningFeatures(app.features),
      },
    ];
  });
}

/** The apps whose signing certificate is read: active, certificate-signing, with a key in use. */
export function certificateApps(apps: readonly SigningApp[]): SigningApp[] {
  return apps.filter(
    (app) =>
      (app.status === undefined || app.status === 'ACTIVE') &&
      app.kid !== undefined &&
      CERTIFICATE_SIGN_ON_MODES.includes(app.signOnMode ?? ''),
  );
}

/** The expiry of the key `kid` in an app's key store (GET /api/v1/apps/{id}/credentials/keys); null when absent. */
export function keyExpiry(body: unknown, kid: string): string | null {
  return (
    text(
      objects(body).find((key) => text(key, 'kid') === kid),
      'expiresAt',
    ) ?? null
  );
}

/**
 * One finding per active app whose signing certificate has expired (a page: its sign-ins fail now) or expires
 * within `warnDays`. `unread`: apps whose key was not read this run (over `inventoryMaxApps`, or a throttled bucket).
 */
export function judgeAppCertificates(
  apps: readonly AppCertificate[],
  now: number,
  warnDays: number,
  unread = 0,
): KindVerdict {
  const findings = [];
  const days: (number | null)[] = [];
  for (const app of apps) {
    if (app.expiresAt === null) continue;
    const left = daysUntil(app.expiresAt, now);
    days.push(left);
    if (left === null) continue;
    const name = `app ${quote(app.label, app.id)} (${app.signOnMode ?? 'SAML'}, ${app.id})`;
    if (left < 0)
      findings.push(
        itemFinding(
          'APP_CERT_EXPIRED',
          name,
          ` signs with certificate ${app.kid ?? ''} that expired ${whenText(left, app.expiresAt)}: service ` +
            `providers that check it reject every sign-in`,
        ),
      );
    else if (left < warnDays)
      findings.push(
        itemFinding(
          'APP_CERT_EXPIRING',
          name,
          `: its signing certificate ${app.kid ?? ''} expires ${whenText(left, app.expiresAt)}; sign-ins to ` +
            `the app fail from then on`,
        ),
      );
  }
  return { findings, observed: { apps: apps.length, soonestDays: soonest(days), unread, warnDays } };
}
