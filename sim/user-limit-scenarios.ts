// The per-user limit's scenarios (sim/user-limit.ts): Identity Engine's "20 requests per user per 5 seconds",
// whose 429 goes to that user alone (okta-developer-docs reference/rl2-limits). The "idx" journey (workforce) with
// MFA, the burstiest sign-in the probe sends, and the SAML apps that share its user, which keep its pace
// (functions/probe/user-pace.ts); and a 429 the user's limit gives because someone else spent the user's window.
import type { DiagnosisCode } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import type { SimFaults } from './faults';
import { IDX_JOURNEY } from './idx-scenarios';
import { catalogueApp, catalogueMetadataUrl, catalogueSsoUrl } from './saml/catalogue';

/** The group of SAML apps checked in the workforce journey's Identity Engine session. */
export const SIM_IDX_GROUP = 'workforce-saml';
/** Apps of the burst scenario: the yardstick for one user's apps. */
const BURST_APPS = 50;

interface UserLimitScenario {
  readonly description: string;
  readonly expect: readonly {
    readonly server: string;
    readonly check: 'sign-in' | 'saml-apps';
    readonly code: DiagnosisCode;
  }[];
  readonly faults: SimFaults;
  readonly config?: (cfg: ConfigFileJson) => ConfigFileJson;
  /**
   * The requests the workforce journey and its group send to Okta in one run (sim/user-limit-scenarios's test counts
   * them, test/functions/probe/user-limit.integration.test.ts): the user's own and the apps' public metadata.
   */
  readonly oktaRequests: number;
  /** Of those, the ones Okta counts against the user (the simulator's per-user limit counts the same). */
  readonly userRequests: number;
}

/** The catalogue's first `count` apps listed in a group of the workforce journey, with the SP's values. */
function workforceGroup(count: number, concurrency?: number): (cfg: ConfigFileJson) => ConfigFileJson {
  return (cfg) => ({
    ...cfg,
    samlGroups: [
      ...(cfg.samlGroups ?? []),
      { id: SIM_IDX_GROUP, signIn: IDX_JOURNEY, ...(concurrency !== undefined && { concurrency }) },
    ],
    samlApps: [
      ...(cfg.samlApps ?? []),
      ...Array.from({ length: count }, (_, i) => {
        const app = catalogueApp(i);
        return {
          id: `wf-app-${String(i).padStart(3, '0')}`,
          signIn: IDX_JOURNEY,
          group: SIM_IDX_GROUP,
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

export const USER_LIMIT_SCENARIOS = {
  // rl2-limits: "20 requests per user per 5 seconds"; the simulator counts the SSO URL in an Identity Engine session
  // too (Okta does not say it is left out: the stricter reading).
  'idx-saml-burst-paced': {
    description:
      `Identity Engine counts 20 requests per user per 5 seconds. The workforce journey signs in with MFA, ` +
      `then ${BURST_APPS} SAML apps of its group are checked in its session: the apps keep the user's pace (12 ` +
      `requests per 5 s after the journey's), the clean-up finds room, and Okta never answers 429.`,
    expect: [],
    faults: { userLimit: 'on', signIn: { mfaRequired: true }, samlCatalogue: { apps: BURST_APPS } },
    config: workforceGroup(BURST_APPS),
    // The journey's: interact, introspect, identify, the password's answer, the TOTP challenge and answer, the
    // session's redeem (/login/token/redirect), the code exchange, /userinfo, the keys; each app's metadata and SSO
    // URL; the clean-up's revocation (the flow gets no refresh token) and the session's close.
    oktaRequests: 12 + 2 * BURST_APPS,
    // Counted for the user: the password's answer, the TOTP challenge and answer (after identify), each SSO request,
    // and the session's close.
    userRequests: 3 + BURST_APPS + 1,
  },
  // rl2-limits ("No other users in your org are affected"); rl2-monitor (the headers are the org's buckets');
  // the Sign-In Widget's mock error-429-too-many-request.json.
  'idx-user-limit-elsewhere': {
    description:
      "Something else signs in as the workforce user (a script, a second deployment) and spends the user's " +
      '20 requests per 5 seconds just before the probe\'s TOTP answer: Identity Engine answers it 429 "Too ' +
      "many requests\", with the org's /idp/idx bucket in the headers showing room. The user's limit, not " +
      "the org's bucket: USER_RATE_LIMITED, and the journey tries again at its next run.",
    expect: [{ server: IDX_JOURNEY, check: 'sign-in', code: 'USER_RATE_LIMITED' }],
    faults: { userLimit: 'burst-before-totp', signIn: { mfaRequired: true } },
    // interact, introspect, identify, the password's answer, the TOTP challenge, the TOTP answer refused: nothing
    // after.
    oktaRequests: 6,
    userRequests: 3,
  },
  // rl2-limits; rl2-monitor: a 429 on the SSO URL whose headers show the org's SSO bucket with room.
  'idx-saml-user-limit-elsewhere': {
    description:
      "Something else spends the workforce user's 20 requests per 5 seconds as the probe starts on the apps " +
      "of its group: the first app's SSO URL answers 429 with the org's SSO bucket showing room. The group " +
      "reads it as the user's limit, not the bucket's: it leaves the other apps for the next run, fails " +
      'none, and says why; having checked no app and carried none, the group is skipped, never a PASS.',
    expect: [],
    faults: { userLimit: 'burst-at-sso', signIn: { mfaRequired: true }, samlCatalogue: { apps: 10 } },
    // One app at a time: after the first 429 no other app sends anything.
    config: workforceGroup(10, 1),
    // The journey's ten, the first app's metadata and SSO URL (429), the clean-up's revocation and the session's close.
    oktaRequests: 10 + 2 + 2,
    userRequests: 3 + 1 + 1,
  },
} as const satisfies Record<string, UserLimitScenario>;
