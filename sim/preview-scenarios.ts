// The simulator's scenarios of two orgs, Production and its Preview org (docs/preview.md): `sim --config` with a
// "preview" block starts a second simulator as the Preview org, which plays each scenario's Preview side
// (`preview.faults`); the first plays Production (`faults`). Okta ships every release to Preview orgs about five days
// before Production (okta-developer-docs release notes), so what breaks in Preview alone is Production's next.
import type { CheckName, DiagnosisCode } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import type { SimFaults } from './faults';
import { BOTH_TOTP, IDX_JOURNEY, seedIsOktaVerify } from './idx-scenarios';

/** The Preview block as the config file writes it. */
type PreviewFileJson = NonNullable<ConfigFileJson['preview']>;

/** A pair's verdict (functions/report/preview-pair.ts), as a scenario promises it. */
type PairVerdict = 'mirrors' | 'preview-ahead' | 'not-mirrored' | 'preview-own' | 'preview-passes' | 'both-fail';

/** What the Preview org of a scenario does, and what `run` must tell of the pair. */
export interface PreviewSide {
  /** What the Preview org does wrong; healthy when absent. */
  readonly faults?: SimFaults;
  /** The Preview block as the scenario writes it (a value Production's entry does not have). */
  readonly block?: (block: PreviewFileJson) => PreviewFileJson;
  /** The pairs `run` must tell so, by Production's id; [] when the scenario tells Preview unavailable instead. */
  readonly pairs: readonly {
    readonly target: string;
    readonly check: CheckName;
    readonly verdict: PairVerdict;
    /** The failing side's code; none where both pass ("mirrors"). */
    readonly code?: DiagnosisCode;
    /** Words the pair's text must hold (what the run saw: the form it could not follow). */
    readonly says?: string;
  }[];
  /** `run` tells "Preview unavailable" and judges no pair: the Preview org's edge, or Okta's incident on its cell. */
  readonly unavailable?: RegExp;
}

interface PreviewScenario {
  readonly description: string;
  readonly expect: readonly { readonly server: string; readonly check: CheckName; readonly code: DiagnosisCode }[];
  readonly config?: (cfg: ConfigFileJson) => ConfigFileJson;
  readonly faults?: SimFaults;
  readonly preview: PreviewSide;
}

const CUSTOM = 'default';

/** The custom server's Preview entry with `fields` of its own (its issuer, its APIs). */
const previewServer =
  (fields: Record<string, unknown>) =>
  (block: PreviewFileJson): PreviewFileJson => ({
    ...block,
    servers: Object.fromEntries(
      Object.entries(block.servers ?? {}).map(([id, entry]) => [
        id,
        id === CUSTOM ? { ...(entry as object), ...fields } : entry,
      ]),
    ),
  });

export const PREVIEW_SCENARIOS = {
  // No Okta source shows a release that drops granted scopes from a token's scp: Okta refuses a client credentials
  // request it cannot grant in full (scope_denied, shared/okta-behaviour.md), so this stands for a regression in the
  // Preview custom server's token minting, played with the token's scp fault (sim/faults.ts). It replaced Okta's
  // documented 400 invalid_scope "One or more scopes are not configured for the authorization server resource."
  // (okta-developer-docs data/oauth2-error-codes.json), which the Preview org's own setup answers just as well.
  'preview-scope-broken': {
    description:
      "Two orgs: a release in the Preview org broke the custom server's custom scopes: its tokens no longer carry " +
      'the granted scopes in scp, so the API refuses them (MISSING_SCOPE); Production is healthy. run tells "Fails ' +
      'in Preview since <time>: Production next" for the custom server\'s token validation, a warning, exit 0. (A ' +
      "scope the Preview server does not define at all, 400 invalid_scope, is the Preview org's own setup instead.)",
    expect: [],
    preview: {
      faults: { token: { scp: [] } },
      pairs: [{ target: CUSTOM, check: 'validate', verdict: 'preview-ahead', code: 'MISSING_SCOPE' }],
    },
  },
  'preview-okta-verify-split': {
    description:
      "Two orgs whose users have Google Authenticator and Okta Verify, the probe's seed Okta Verify's: the " +
      'Preview org has Flexible Okta Verify (self-service EA in Preview since August 5, 2026), whose IDX answers ' +
      'list Okta Verify as three authenticators, okta_verify_totp, okta_verify_push and okta_verify_fastpass, one ' +
      "method each (okta-developer-docs concepts/mfa). Okta's guide: the split doesn't change how Okta Verify works " +
      'for end users, so the idx journey follows it with the same seed: both orgs pass, no "Production next".',
    expect: [],
    config: seedIsOktaVerify,
    faults: BOTH_TOTP,
    preview: {
      faults: { signIn: { ...BOTH_TOTP.signIn, flexibleOktaVerify: true } },
      pairs: [{ target: IDX_JOURNEY, check: 'sign-in', verdict: 'mirrors' }],
    },
  },
  'preview-new-remediation': {
    description:
      'Two orgs, both healthy at the password, but the Preview org now answers the idx journey with a remediation ' +
      'no client knows yet, as keep-me-signed-in once was to okta-auth-js ("No remediation can match current ' +
      'flow", #1612; the simulator names its own, sim-unknown-remediation). The idx journey fails in Preview only ' +
      '(UNEXPECTED_RESPONSE, naming the form): "Production next".',
    expect: [],
    preview: {
      faults: { signIn: { idxAnswer: 'unknown-remediation' } },
      pairs: [
        {
          target: IDX_JOURNEY,
          check: 'sign-in',
          verdict: 'preview-ahead',
          code: 'UNEXPECTED_RESPONSE',
          says: 'sim-unknown-remediation',
        },
      ],
    },
  },
  'preview-own-user': {
    description:
      "Two orgs, both healthy, but the Preview org's synthetic user lacks an attribute its user profile policy " +
      'requires, so Okta asks it for a profile update (profile-update, required). A failure of what the Preview ' +
      'entry sets for itself (its user): "Fails in Preview only, for the Preview org\'s own setup", never ' +
      '"Production next".',
    expect: [],
    preview: {
      faults: { signIn: { idxAnswer: 'profile-update' } },
      pairs: [{ target: IDX_JOURNEY, check: 'sign-in', verdict: 'preview-own', code: 'PROFILE_UPDATE_REQUIRED' }],
    },
  },
  'preview-edge-down': {
    description:
      "Two orgs: Okta's edge in front of the Preview org answers every request 503 (its maintenance, its cell's " +
      'outage); Production is healthy. One "Preview unavailable" warning, no pair judged, exit 0.',
    expect: [],
    preview: { faults: { edgeDown: true }, pairs: [], unavailable: /^Preview unavailable: \S+ answered no check/ },
  },
  'preview-cell-incident': {
    description:
      "Two orgs: the Preview org's edge answers 503 and Okta's status feed has an open incident on OP1 Preview " +
      'Cell (US), the Preview cell (preview.oktaCell). "Preview unavailable: Okta reports an incident on OP1 ' +
      'Preview Cell": Okta\'s, never Production next.',
    expect: [],
    faults: { statusDegraded: 'preview-cell' },
    preview: {
      faults: { edgeDown: true },
      pairs: [],
      unavailable: /^Preview unavailable: Okta reports an incident on OP1 Preview Cell/,
    },
  },
  'preview-production-down': {
    description:
      "Two orgs: Production's custom server answers /token 500 with an HTML page; the Preview org passes. " +
      'Production\'s own verdict and exit code, with "Preview passes": the cause is Production\'s.',
    expect: [
      { server: CUSTOM, check: 'token', code: 'OKTA_SERVER_ERROR' },
      { server: 'portal', check: 'sign-in', code: 'OKTA_SERVER_ERROR' },
      { server: IDX_JOURNEY, check: 'sign-in', code: 'OKTA_SERVER_ERROR' },
    ],
    faults: {
      intercept: [
        {
          server: 'custom',
          endpoint: 'token',
          answer: { kind: 'html', status: 500, title: 'Internal Server Error', message: 'Something went wrong.' },
        },
      ],
    },
    preview: { pairs: [{ target: CUSTOM, check: 'token', verdict: 'preview-passes', code: 'OKTA_SERVER_ERROR' }] },
  },
  'preview-not-mirrored': {
    description:
      "Two orgs, both healthy, but the Preview block gives the custom server an issuer of its own that Production's " +
      'entry does not have: the Preview org\'s tokens fail validate (ISSUER_MISMATCH), told as "Preview no longer ' +
      'mirrors Production", never "Production next".',
    expect: [],
    preview: {
      block: previewServer({ issuer: 'https://preview-login.acme.example/oauth2/default' }),
      pairs: [{ target: CUSTOM, check: 'validate', verdict: 'not-mirrored', code: 'ISSUER_MISMATCH' }],
    },
  },
} as const satisfies Record<string, PreviewScenario>;
