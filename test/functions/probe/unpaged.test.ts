// pageFor where no latch judges: a page check's failure of a cause its target's pageFor leaves out is kept from its
// page alarm and told by the target's UnpagedFailure; what pages is published as before.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_FOR, type DiagnosisCode, type FaultOwner } from '../../../functions/contract';
import { pagesFor } from '../../../functions/plan/verdict';
import { reportMetrics, type BreachRule } from '../../../functions/probe/metrics';
import { applyPageFor, pageForOfTargets } from '../../../functions/probe/unpaged';
import type { CheckName } from '../../../functions/contract';
import type { CheckResult, ProbeConfig } from '../../../functions/types';

const JOURNEY = 'portal';
const pageRule = (check: CheckName): BreachRule => ({
  metric: 'CheckSuccess',
  dimensions: { Server: JOURNEY, Check: check },
  comparison: 'lessThan',
  threshold: 1,
});
const RULES = [pageRule('sign-in'), pageRule('app-sign-in')];

function result(check: CheckName, outcome: DiagnosisCode | 'pass'): CheckResult {
  if (outcome === 'pass') return { server: JOURNEY, check, latencyMs: 900, status: 'pass', diagnosis: null };
  return {
    server: JOURNEY,
    check,
    latencyMs: 900,
    status: 'fail',
    diagnosis: { code: outcome, summary: 's', remedy: 'r', requestId: null },
  };
}

/** One run of the journey, its checks as given, published as the Lambda does with `pageFor` (undefined: default). */
function run(checks: CheckResult[], pageFor?: readonly FaultOwner[], targets = new Set([JOURNEY])) {
  const probe = { servers: [], signIn: [{ id: JOURNEY, ...(pageFor && { pageFor }) }] } as unknown as ProbeConfig;
  const { metrics, warned } = applyPageFor(reportMetrics(checks), checks, RULES, targets, pageForOfTargets(probe));
  const value = (name: string, check?: string) =>
    metrics.find((m) => m.name === name && m.dimensions.Check === check)?.value;
  return {
    signIn: value('CheckSuccess', 'sign-in'),
    app: value('CheckSuccess', 'app-sign-in'),
    unpaged: value('UnpagedFailure'),
    warned: [...warned],
  };
}

describe("a page check's failure, judged by its target's pageFor before it is published", () => {
  it('with pageFor ["okta"], keeps the app\'s refusal from the page alarm and tells it as UnpagedFailure 1', () => {
    const checks = [result('sign-in', 'pass'), result('app-sign-in', 'APP_AUDIENCE_MISMATCH')];
    expect(run(checks, ['okta'])).toEqual({
      signIn: 1,
      app: undefined,
      unpaged: 1,
      warned: [`${JOURNEY}/app-sign-in`],
    });
  });

  it('with pageFor naming "app", publishes the app\'s refusal to its page alarm', () => {
    const checks = [result('sign-in', 'pass'), result('app-sign-in', 'APP_AUDIENCE_MISMATCH')];
    expect(run(checks, ['okta', 'app'])).toEqual({ signIn: 1, app: 0, unpaged: 0, warned: [] });
  });

  it("warns of the probe's own faults by default (an expired password), and pages for Okta's and the org's", () => {
    expect(DEFAULT_PAGE_FOR).not.toContain('probe');
    expect(run([result('sign-in', 'PASSWORD_EXPIRED')])).toMatchObject({ signIn: undefined, unpaged: 1 });
    expect(run([result('sign-in', 'PASSWORD_EXPIRED')], ['okta', 'probe'])).toMatchObject({ signIn: 0, unpaged: 0 });
    expect(run([result('sign-in', 'OKTA_SERVER_ERROR')], ['okta'])).toMatchObject({ signIn: 0, unpaged: 0 });
    expect(run([result('sign-in', 'SIGN_IN_REJECTED')])).toMatchObject({ signIn: 0, unpaged: 0 });
    expect(run([result('sign-in', 'SIGN_IN_REJECTED')], ['okta'])).toMatchObject({ signIn: undefined, unpaged: 1 });
  });

  it('tells UnpagedFailure 0 on a passing run, so its warning clears', () => {
    expect(run([result('sign-in', 'pass')], ['okta'])).toEqual({
      signIn: 1,
      app: undefined,
      unpaged: 0,
      warned: [],
    });
  });

  it("leaves a target the plan does not judge (the fast path's) as it was, and publishes no UnpagedFailure", () => {
    const checks = [result('sign-in', 'PASSWORD_EXPIRED')];
    expect(run(checks, ['okta'], new Set())).toEqual({ signIn: 0, app: undefined, unpaged: undefined, warned: [] });
  });

  it("judges by the fast path's rule: Okta's outage always pages, another cause where pageFor names its owner", () => {
    expect(pagesFor('sign-in', 'OKTA_SERVER_ERROR', ['okta'])).toBe(true);
    expect(pagesFor('sign-in', 'PASSWORD_EXPIRED')).toBe(false);
    expect(pagesFor('app-sign-in', 'APP_AUDIENCE_MISMATCH')).toBe(false);
    expect(pagesFor('app-sign-in', 'APP_AUDIENCE_MISMATCH', ['okta', 'app'])).toBe(true);
  });
});
