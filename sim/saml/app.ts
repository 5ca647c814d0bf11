// The simulated org's SAML app: a Salesforce-like integration, its Okta ids, its SP settings (as the
// issue's example), and its signing key and certificates. The probe's config copies these; a scenario changes
// Okta's side of them (faults.saml), never the probe's.
import { DAY_MS } from '../../functions/contract';
import type { KeyObject } from 'node:crypto';
import { selfSignedCertificate } from './certificate';

/** What the app's SAML Settings hold when healthy: the SP's values, which the probe's samlApps entry expects too. */
export const SIM_SAML_APP = {
  /** Okta's app ids start "0oa"; the entityID and URLs use the app's "exk" external key. */
  externalKey: 'exk1sim5aml4pp0id1x7',
  appName: 'oktasim_salesforce_1',
  label: 'Salesforce',
  audience: 'https://saml.salesforce.com',
  recipient: 'https://acme.my.salesforce.com/',
  nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  requiredAttributes: ['email'],
} as const;

export const samlEntityId = (): string => `http://www.okta.com/${SIM_SAML_APP.externalKey}`;
export const samlSsoUrl = (orgUrl: string): string =>
  `${orgUrl}/app/${SIM_SAML_APP.appName}/${SIM_SAML_APP.externalKey}/sso/saml`;
export const samlMetadataUrl = (orgUrl: string): string =>
  `${orgUrl}/app/${SIM_SAML_APP.externalKey}/sso/saml/metadata`;
/**
 * The app's id (0oa...), which the Management API names it by: its app link's appInstanceId, and its public metadata
 * at /app/{appId}/sso/saml/metadata (the Apps API reference's `_links.metadata`).
 */
export const SIM_SAML_APP_ID = '0oa1sim5aml4pp0id1x7';

/**
 * The synthetic user's app link to the app (AssignedAppLink, okta-sdk-nodejs oas-spec/management.yaml, its ListAppLinks
 * example's shape), listed by GET /api/v1/users/{userId}/appLinks unless the app is not assigned.
 */
export function samlAppLink(orgUrl: string, userId: string): Record<string, unknown> {
  return {
    id: userId,
    label: SIM_SAML_APP.label,
    linkUrl: `${orgUrl}/home/${SIM_SAML_APP.appName}/${SIM_SAML_APP_ID}/46`,
    logoUrl: `${orgUrl}/img/logos/salesforce_logo.png`,
    appName: SIM_SAML_APP.appName,
    appInstanceId: SIM_SAML_APP_ID,
    appAssignmentId: '0ua1sim5aml4ssign0x7',
    credentialsSetup: false,
    hidden: false,
    sortOrder: 0,
  };
}

/**
 * The app's signing material: Okta's ten-year certificate, the same key's certificate near its end, and a key
 * generated since.
 */
export interface SimSamlKeys {
  readonly key: KeyObject;
  readonly certificate: string;
  /** The same key, its certificate 10 days from expiry (a custom app's never rotates by itself). */
  readonly expiringCertificate: string;
  /** A certificate generated and activated in Okta since the SP (and the metadata the probe pinned) last looked. */
  readonly rotatedKey: KeyObject;
  readonly rotatedCertificate: string;
}

export function samlKeys(key: KeyObject, rotatedKey: KeyObject, now: number): SimSamlKeys {
  const cert = (privateKey: KeyObject, notAfter: number): string =>
    selfSignedCertificate({ privateKey, commonName: SIM_SAML_APP.appName, notBefore: now - 365 * DAY_MS, notAfter });
  return {
    key,
    certificate: cert(key, now + 9 * 365 * DAY_MS),
    expiringCertificate: cert(key, now + 10 * DAY_MS),
    rotatedKey,
    rotatedCertificate: cert(rotatedKey, now + 10 * 365 * DAY_MS),
  };
}

/**
 * The generic app SSO endpoint Classic redirects through (/app/{app}/{instanceId}/{linkName}: okta-developer-docs
 * concepts/oie-intro).
 */
export const samlGenericSsoUrl = (orgUrl: string): string =>
  `${orgUrl}/app/${SIM_SAML_APP.appName}/${SIM_SAML_APP_ID}/sso/saml`;

/** What the SAML app's settings in Okta do wrong (each a diagnosis). */
export interface SamlFaults {
  /** Classic: "403 App Not Assigned"; Identity Engine: the sign-in page whose state is a failure-redirect. */
  readonly notAssigned?: boolean;
  /**
   * The app's custom error page (accessibility.errorRedirectUrl, "Custom error page URL for the app",
   * ApplicationAccessibility in okta-sdk-nodejs oas-spec/management.yaml): a user the app refuses (notAssigned,
   * policyDenied) is redirected there, off the org, instead of Okta's own page, on either engine.
   */
  readonly errorRedirectUrl?: string;
  /** The app's sign-on rule denies the (assigned) user: policy.evaluate_sign_on DENY. */
  readonly policyDenied?: boolean;
  /**
   * The session is not recognised: Classic sends it to the sign-in page; Identity Engine's SSO URL hosts it (identify).
   */
  readonly sessionRefused?: boolean;
  /**
   * The app's rule wants another factor: Classic's step-up redirect; Identity Engine's sign-in page asking for an
   * authenticator.
   */
  readonly stepUp?: boolean;
  /**
   * On the way to the form: Classic's redirect through the generic app SSO endpoint, or an auto-submitted RelayState
   * form.
   */
  readonly intermediate?: 'redirect' | 'form';
  /** The Single sign-on URL (the form's action) alone changed: Recipient and Destination still name the SP. */
  readonly ssoUrl?: string;
  /** The Destination URL, set apart from the Recipient URL. */
  readonly destination?: string;
  /** Signature and Digest Algorithm SHA-1. */
  readonly sha1?: boolean;
  /** An InResponseTo in an IdP-initiated response (a response meant for another request). */
  readonly inResponseTo?: boolean;
  /** An Okta error page (200) with no form. */
  readonly errorPage?: boolean;
  readonly metadataMissing?: boolean;
  readonly statusCode?: string;
  /** Okta's SAML Issuer ID changed: the assertion's Issuer differs from the metadata's entityID. */
  readonly issuer?: string;
  readonly audience?: string;
  /** The Recipient URL, set apart from the Single sign-on URL. */
  readonly recipient?: string;
  readonly nameIdFormat?: string;
  readonly omitAttributes?: readonly string[];
  /** Responses signed with a certificate activated since the metadata the probe reads was published. */
  readonly rotatedKey?: boolean;
  /** Response and Assertion Signature set to Unsigned. */
  readonly unsigned?: boolean;
  /** An attacker in the path wraps the signed assertion and puts a forged one where an SP reads. */
  readonly wrapped?: boolean;
  /** Okta's clock (for the assertion only) runs this far behind, seconds. */
  readonly clockBehindSeconds?: number;
  /** The active signing certificate expires in 10 days. */
  readonly certificateExpiring?: boolean;
  /** Something in the path rewrites the response with a DOCTYPE declaring an external entity (XXE). */
  readonly xxe?: boolean;
}

/** The catalogue's size and what its apps' settings in Okta do wrong, by the apps' index (0-based). */
export interface SamlCatalogueFaults {
  /** How many apps the org has besides its Salesforce app. */
  readonly apps: number;
  /** Apps whose Audience URI (SP Entity ID) was changed in Okta: the assertion names another audience than the SP's. */
  readonly audienceChanged?: readonly number[];
  /** Apps whose active signing certificate expires in 10 days. */
  readonly expiring?: readonly number[];
  /** Apps that still sign their assertions with SHA-1 (rsa-sha1, a sha1 digest). */
  readonly sha1?: readonly number[];
  /** Apps not assigned to the synthetic user. */
  readonly notAssigned?: readonly number[];
  /**
   * The SSO bucket holds this percent of its limit when the probe's window opens: the org's own users spent the rest.
   */
  readonly ssoRemainingPercent?: number;
  /** The SSO bucket's limit a minute, when not Okta's default 750 (2,500 for /app/template_saml_2_0/{key}/sso/saml). */
  readonly ssoLimit?: number;
  /**
   * Every app signs with a certificate activated since: its metadata publishes it, and a copy kept from before does
   * not.
   */
  readonly rotated?: boolean;
  /** The probe's service app may not read apps (its admin role): 403 E0000006 on /api/v1/apps. */
  readonly listingRefused?: boolean;
  /**
   * Apps whose Recipient differs from their ACS URL (settings.signOn.recipient beside ssoAcsUrl): legitimate in Okta.
   */
  readonly recipientDiffers?: readonly number[];
  /** Apps whose Recipient in Okta's settings is not a URL (an admin's text: hostile input to the probe). */
  readonly recipientNotUrl?: readonly number[];
  /**
   * Apps behind a CASB: their sign-on settings carry ssoAcsUrlOverride, audienceOverride, recipientOverride and
   * destinationOverride (SamlApplicationSettingsSignOn, okta-sdk-nodejs oas-spec/management.yaml, "for CASB
   * configuration"), and Okta posts to and asserts for the overrides, not ssoAcsUrl and audience.
   */
  readonly casbOverride?: readonly number[];
  /**
   * Apps with a custom error page (accessibility.errorRedirectUrl, "Custom error page URL for the app",
   * ApplicationAccessibility in okta-sdk-nodejs oas-spec/management.yaml): a user the app refuses (notAssigned) is
   * redirected there instead of Okta's own "403 App Not Assigned" page.
   */
  readonly errorPage?: readonly number[];
  /**
   * Apps that provision users: their `features` list PUSH_NEW_USERS with the profile and deactivation pushes
   * (Provisioning > To App, Create Users on), so assigning the synthetic user creates an account in the SP.
   */
  readonly provisioning?: readonly number[];
}
