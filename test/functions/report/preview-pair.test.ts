import { describe, expect, it } from 'vitest';
import type { CheckName, DiagnosisCode } from '../../../functions/contract';
import { comparePreview, releaseOf } from '../../../functions/report/preview-pair';
import { verdictOf } from '../../../functions/plan/verdict';
import type { CheckResult, Report } from '../../../functions/types';

const STARTED = '2026-11-27T06:00:00.000Z';
const CONFIG = { pairs: { org: 'org', ausPreview: 'default', portal: 'portal' }, diverging: {} };

function pass(server: string, check: CheckName): CheckResult {
  return { server, check, status: 'pass', diagnosis: null, latencyMs: 10 };
}
function fail(server: string, check: CheckName, code: DiagnosisCode, reason?: string): CheckResult {
  return {
    server,
    check,
    status: 'fail',
    latencyMs: 10,
    diagnosis: {
      code,
      summary: `summary of ${code}`,
      remedy: 'remedy',
      requestId: null,
      ...(reason !== undefined && { systemLog: { reason } }),
    },
  };
}
function report(orgUrl: string, checks: CheckResult[]): Report {
  return { startedAt: STARTED, durationMs: 100, orgUrl, checks, metrics: [] };
}
const prod = (...checks: CheckResult[]) => report('https://acme.okta.com', checks);
const prev = (...checks: CheckResult[]) => report('https://acme.oktapreview.com', checks);

describe('a pair of checks, Preview beside Production', () => {
  it('Preview fails, Production passes: "Fails in Preview since <time>: Production next", code and reason', () => {
    const compared = comparePreview(
      prod(pass('default', 'token'), pass('default', 'validate')),
      prev(pass('ausPreview', 'token'), fail('ausPreview', 'validate', 'MISSING_SCOPE', 'scope probe.read dropped')),
      CONFIG,
    );
    const pair = compared.pairs.find((p) => p.check === 'validate');
    expect(pair).toMatchObject({ target: 'default', verdict: 'preview-ahead', code: 'MISSING_SCOPE' });
    expect(pair?.text).toContain(`Fails in Preview since ${STARTED}: Production next. default validate: MISSING_SCOPE`);
    expect(pair?.text).toContain("Okta's reason in the Preview org's System Log: scope probe.read dropped");
    expect(pair?.text).toContain('around 2026-12-02');
    expect(compared.pairs.find((p) => p.check === 'token')).toMatchObject({ verdict: 'mirrors' });
    expect(compared.pairs.find((p) => p.check === 'token')?.text).toBeUndefined();
  });

  it('an access assertion weaker in Preview alone: "Preview changed access for <row and app>: Production next"', () => {
    const weakened = fail('org', 'access-assertion', 'ACCESS_WEAKENED');
    const named = {
      ...weakened,
      diagnosis: { ...weakened.diagnosis!, item: 'finance-remote (app 0oafinance0000000x7a)' },
    };
    const compared = comparePreview(prod(pass('org', 'access-assertion')), prev(named as CheckResult), CONFIG);
    expect(compared.pairs[0]).toMatchObject({ verdict: 'preview-ahead', code: 'ACCESS_WEAKENED' });
    expect(compared.pairs[0]?.text).toMatch(
      new RegExp(
        '^Preview changed access for finance-remote \\(app 0oafinance0000000x7a\\): Production next\\. Fails in ' +
          `Preview since ${STARTED}\\. org access-assertion: ACCESS_WEAKENED`,
      ),
    );
  });

  it("access rows Okta refuses in Preview alone are the Preview org's own setup: its ids are Production's", () => {
    const compared = comparePreview(
      prod(pass('org', 'access-assertion')),
      prev(fail('org', 'access-assertion', 'ACCESS_ROW_REFUSED')),
      CONFIG,
    );
    expect(compared.pairs[0]).toMatchObject({ verdict: 'preview-own', code: 'ACCESS_ROW_REFUSED' });
  });

  it('counts "since" from when the Preview failure began, when known', () => {
    const compared = comparePreview(prod(pass('org', 'token')), prev(fail('org', 'token', 'MISSING_SCOPE')), CONFIG, {
      'org/token': '2026-11-25T22:00:00.000Z',
    });
    expect(compared.pairs[0]?.text).toMatch(/^Fails in Preview since 2026-11-25T22:00:00\.000Z: Production next/);
  });

  it.each<DiagnosisCode>(['SECRETS_UNAVAILABLE', 'UNKNOWN_CLIENT_ID', 'USER_LOCKED_OUT', 'PROFILE_UPDATE_REQUIRED'])(
    "%s in Preview alone is the Preview org's own setup, never Production next",
    (code) => {
      const compared = comparePreview(prod(pass('portal', 'sign-in')), prev(fail('portal', 'sign-in', code)), CONFIG);
      expect(compared.pairs[0]).toMatchObject({ verdict: 'preview-own', code });
      expect(compared.pairs[0]?.text).toMatch(
        /^Fails in Preview only, for the Preview org's own setup: portal sign-in/,
      );
      expect(compared.pairs[0]?.text).not.toContain('Production next');
    },
  );

  // A Preview app not yet granted a scope or a role (step 1 of docs/preview.md) is the Preview org's own app: the
  // registry's subject, never a release with a "Production next".
  it.each<DiagnosisCode>([
    'ORG_SCOPE_NOT_GRANTED',
    'ADMIN_ROLE_MISSING',
    'INVALID_SCOPE',
    'UNAUTHORIZED_CLIENT',
    'UNSUPPORTED_GRANT_TYPE',
    'USER_NOT_ASSIGNED',
    'SIGN_IN_REJECTED',
  ])("%s in Preview alone: the Preview app's grants or user, the Preview org's own setup", (code) => {
    const compared = comparePreview(prod(pass('org', 'token')), prev(fail('org', 'token', code)), CONFIG);
    expect(compared.pairs[0]).toMatchObject({ verdict: 'preview-own', code });
    expect(compared.pairs[0]?.text).not.toContain('Production next');
  });

  it("ISSUER_MISMATCH of an issuer the Preview entry inherited from Production is the Preview org's own setup", () => {
    const failing = prev(fail('ausPreview', 'validate', 'ISSUER_MISMATCH'));
    const inherited = comparePreview(prod(pass('default', 'validate')), failing, {
      ...CONFIG,
      inherited: { default: ['issuer'] },
    });
    expect(inherited.pairs[0]).toMatchObject({ verdict: 'preview-own', code: 'ISSUER_MISMATCH' });
    expect(inherited.pairs[0]?.text).not.toContain('Production next');
    // Its own issuer, the same as Production's shape: an ISSUER_MISMATCH then may be a release's.
    const own = comparePreview(prod(pass('default', 'validate')), failing, CONFIG);
    expect(own.pairs[0]).toMatchObject({ verdict: 'preview-ahead' });
  });

  it('a failing check the Preview entry made different: Preview no longer mirrors Production for it', () => {
    const compared = comparePreview(
      prod(pass('portal', 'sign-in')),
      prev(fail('portal', 'sign-in', 'REDIRECT_URI_MISMATCH')),
      { ...CONFIG, diverging: { portal: ['redirectUri'] } },
    );
    expect(compared.pairs[0]).toMatchObject({ verdict: 'not-mirrored', code: 'REDIRECT_URI_MISMATCH' });
    expect(compared.pairs[0]?.text).toMatch(/^Preview no longer mirrors Production for portal sign-in: .*redirectUri/);
    expect(compared.pairs[0]?.text).not.toContain('Production next');
  });

  it('Preview passes, Production fails: Production\'s own verdict, with "Preview passes"', () => {
    const compared = comparePreview(
      prod(fail('default', 'token', 'OKTA_SERVER_ERROR')),
      prev(pass('ausPreview', 'token'), fail('ausPreview', 'introspect', 'NETWORK_ERROR')),
      CONFIG,
    );
    expect(compared.unavailable).toBeUndefined();
    expect(compared.pairs[0]).toMatchObject({ verdict: 'preview-passes', code: 'OKTA_SERVER_ERROR' });
    expect(compared.pairs[0]?.text).toMatch(
      /^Preview passes default token: the cause of OKTA_SERVER_ERROR is Production's own/,
    );
  });

  it("both fail: Production's verdict alone, Preview adds nothing", () => {
    const compared = comparePreview(
      prod(fail('org', 'token', 'INVALID_SCOPE')),
      prev(fail('org', 'token', 'INVALID_SCOPE')),
      CONFIG,
    );
    expect(compared.pairs[0]).toMatchObject({ verdict: 'both-fail', code: 'INVALID_SCOPE' });
    expect(compared.pairs[0]?.text).toBeUndefined();
  });

  it('Preview unreachable or its edge failing every check: "Preview unavailable", one warning, no pair', () => {
    for (const code of ['NETWORK_ERROR', 'OKTA_SERVER_ERROR', 'TIMEOUT'] as const) {
      const compared = comparePreview(
        prod(pass('org', 'token'), pass('org', 'discovery')),
        prev(fail('org', 'token', code), fail('org', 'discovery', code), {
          ...pass('org', 'introspect'),
          status: 'skip',
          skipReason: 'token failed',
        } as CheckResult),
        CONFIG,
      );
      expect(compared.unavailable).toMatch(/^Preview unavailable: https:\/\/acme\.oktapreview\.com answered no check/);
      expect(compared.pairs).toEqual([]);
    }
  });

  it('our own network reaching neither org is never "Preview unavailable": both fail, nothing compared', () => {
    const compared = comparePreview(
      prod(fail('org', 'token', 'NETWORK_ERROR'), fail('org', 'discovery', 'NETWORK_ERROR')),
      prev(fail('org', 'token', 'NETWORK_ERROR'), fail('org', 'discovery', 'NETWORK_ERROR')),
      CONFIG,
    );
    expect(compared.unavailable).toBeUndefined();
    expect(compared.pairs.map((p) => p.verdict)).toEqual(['both-fail', 'both-fail']);
    // Okta's edge failing the Preview org while our network reached nothing of Production: still the Preview org's.
    const edge = comparePreview(
      prod(fail('org', 'token', 'NETWORK_ERROR')),
      prev(fail('org', 'token', 'OKTA_SERVER_ERROR')),
      CONFIG,
    );
    expect(edge.unavailable).toMatch(/^Preview unavailable: /);
  });

  it('an edge outage with integrationHealth on: its lists unread do not defeat one "Preview unavailable"', () => {
    const compared = comparePreview(
      prod(pass('org', 'token'), pass('org', 'discovery'), pass('org', 'integration-health')),
      prev(
        ...(['token', 'discovery', 'system-log'] as const).map((check) => fail('org', check, 'OKTA_SERVER_ERROR')),
        ...(['INTEGRATION_HOOKS_UNREAD', 'INTEGRATION_DOMAINS_UNREAD'] as const).map((code) =>
          fail('org', 'integration-health', code),
        ),
      ),
      CONFIG,
    );
    expect(compared.unavailable).toMatch(/^Preview unavailable: .* \(OKTA_SERVER_ERROR\)/);
    expect(compared.pairs).toEqual([]);
  });

  it('is not unavailable when only our own reading failed: nothing shows that the edge refused', () => {
    const compared = comparePreview(
      prod(pass('org', 'integration-health')),
      prev(fail('org', 'integration-health', 'INTEGRATION_HOOKS_UNREAD')),
      CONFIG,
    );
    expect(compared.unavailable).toBeUndefined();
  });

  it('is not unavailable when one failure is not the edge: that is a finding of its own', () => {
    const compared = comparePreview(
      prod(pass('org', 'token'), pass('org', 'discovery')),
      prev(fail('org', 'token', 'MISSING_SCOPE'), fail('org', 'discovery', 'NETWORK_ERROR')),
      CONFIG,
    );
    expect(compared.unavailable).toBeUndefined();
    // A connection refused from one place is ours as verdictOf tells it (unknown), never a sign of the next release.
    expect(compared.pairs.map((p) => p.verdict)).toEqual(['preview-ahead', 'preview-own']);
  });

  it("tells a Preview-only failure that judged nothing of Okta (verdictOf's unknown) as no release", () => {
    for (const code of ['CLOCK_SKEW', 'OKTA_READ_ONLY_MODE', 'TOKEN_EXPIRED'] as const) {
      expect(verdictOf('token', code).state).toBe('unknown');
      const compared = comparePreview(prod(pass('org', 'token')), prev(fail('org', 'token', code)), CONFIG);
      expect([code, compared.pairs[0]?.verdict]).toEqual([code, 'preview-own']);
    }
  });

  it('pairs a Preview custom server by its own id with the Production server it mirrors', () => {
    const compared = comparePreview(prod(pass('default', 'token')), prev(pass('ausPreview', 'token')), CONFIG);
    expect(compared.pairs).toEqual([
      { target: 'default', check: 'token', production: 'pass', preview: 'pass', verdict: 'mirrors' },
    ]);
  });

  it('an edge answering 503 still passes the clock check: Preview is unavailable all the same', () => {
    const compared = comparePreview(
      prod(pass('org', 'token'), pass('org', 'clock')),
      prev(fail('org', 'token', 'OKTA_SERVER_ERROR'), pass('org', 'clock')),
      CONFIG,
    );
    expect(compared.unavailable).toMatch(/^Preview unavailable: .* \(OKTA_SERVER_ERROR\)/);
  });
});

describe("Okta's status feed for the Preview cell", () => {
  const incident = (): CheckResult => ({
    server: 'okta',
    check: 'status',
    status: 'fail',
    latencyMs: 10,
    diagnosis: {
      code: 'OKTA_STATUS_DEGRADED',
      summary: 's',
      remedy: 'r',
      requestId: null,
      detail: 'open: Investigating | Service Disruption | Authentication failures',
    },
    observed: { cell: 'OP1 Preview Cell' },
  });

  it('an incident on the Preview cell with Preview failing: "Preview unavailable", told as Okta\'s, no pair', () => {
    const compared = comparePreview(
      prod(pass('default', 'token'), pass('okta', 'status')),
      prev(fail('ausPreview', 'token', 'INVALID_SCOPE'), incident()),
      CONFIG,
    );
    expect(compared.unavailable).toMatch(
      new RegExp(
        '^Preview unavailable: Okta reports an incident on OP1 Preview Cell \\(open: Investigating .*\\); ' +
          '.* not as Production next',
      ),
    );
    expect(compared.pairs).toEqual([]);
  });

  it('an incident while Preview passes: a warning of its own; the feed is never a pair nor "Production next"', () => {
    const compared = comparePreview(
      prod(pass('default', 'token'), pass('okta', 'status')),
      prev(pass('ausPreview', 'token'), incident()),
      CONFIG,
    );
    expect(compared.incident).toMatch(/^Okta reports an incident on OP1 Preview Cell .*checks pass this run$/);
    expect(compared.pairs.map((p) => `${p.target} ${p.check} ${p.verdict}`)).toEqual(['default token mirrors']);
  });
});

describe('what a Preview failure ahead saw', () => {
  it('names the form an IDX journey could not follow, as the run saw it', () => {
    const failed = fail('portal', 'sign-in', 'UNEXPECTED_RESPONSE');
    const seen: CheckResult = {
      ...failed,
      ...(failed.status === 'fail' && {
        diagnosis: { ...failed.diagnosis, detail: 'no form the probe can follow: sim-unknown-remediation' },
      }),
    } as CheckResult;
    const compared = comparePreview(prod(pass('portal', 'sign-in')), prev(seen), CONFIG);
    expect(compared.pairs[0]?.verdict).toBe('preview-ahead');
    expect(compared.pairs[0]?.text).toContain(
      'Seen in the Preview org: no form the probe can follow: sim-unknown-remediation',
    );
  });
});

describe('the release a Preview failure started with', () => {
  const releases = {
    releases: [
      { version: '2026.47.0', at: Date.parse('2026-11-18T00:00:00Z') },
      { version: '2026.48.0', at: Date.parse('2026-11-25T00:00:00Z') },
      { version: '2026.49.0', at: Date.parse('2026-12-02T00:00:00Z') },
    ],
  };

  it('names the newest release published on or before the failure began', () => {
    expect(releaseOf('2026-11-27T06:00:00.000Z', releases)).toBe(
      "release 2026.48.0 (Okta's Preview release notes, 2026-11-25), the newest before it began, is the one it " +
        'likely started with',
    );
  });

  it('never names a release from a read of the release notes made before the failure began', () => {
    // Read on 2026-11-20, kept: the failure began on the 27th, after 2026.48.0 (the 25th) the read could not know.
    const read = { releases: releases.releases.slice(0, 1), readAt: Date.parse('2026-11-20T09:00:00Z') };
    expect(releaseOf('2026-11-27T06:00:00.000Z', read)).toBe(
      "release not known: Okta's Preview release notes were last read at 2026-11-20 09:00 UTC, before it began, " +
        'so a newer release may have started it; the newest they named then was 2026.47.0 (2026-11-18)',
    );
    // A read made once it had begun names the release as before.
    const after = { ...releases, readAt: Date.parse('2026-11-27T07:00:00Z') };
    expect(releaseOf('2026-11-27T06:00:00.000Z', after)).toMatch(/^release 2026\.48\.0 /);
  });

  it('says the release is not known, and why, when it cannot be told', () => {
    expect(releaseOf('2026-11-01T00:00:00.000Z', releases)).toMatch(/^release not known: .*no release before/);
    expect(releaseOf(STARTED, { unknown: 'the release notes feed answered HTTP 503' })).toBe(
      'release not known: the release notes feed answered HTTP 503',
    );
    const compared = comparePreview(prod(pass('org', 'token')), prev(fail('org', 'token', 'MISSING_SCOPE')), CONFIG);
    expect(compared.pairs[0]?.text).toMatch(/; release not known: the release notes were not read$/);
  });
});
