// The probe Lambda of a region that does not run a journey of a multi-region config: it signs no one in, reads no
// user secret, and reports each of the journey's checks skipped, naming the region that runs it.
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUNS_ELSEWHERE } from '../../../functions/lambda/probe';
import { lambdaConfig as lambdaConfigFor, useLambdaHarness } from '../../support/lambda-harness';

const NAMESPACE = 'OktaSyntheticsJourneyRegion';
const saved = process.env.AWS_REGION;

const { secretsManager, invoke, lastReport, jsonLines } = useLambdaHarness({
  namespace: NAMESPACE,
  config: (simulator) => ({
    ...lambdaConfigFor(simulator, { namespace: NAMESPACE, prefix: 'okta-synthetics' }),
    regions: ['us-east-1', 'eu-west-1'],
    quorum: false,
    signIn: [
      {
        id: 'portal',
        server: 'org',
        flow: 'direct',
        clientId: simulator.clients.web.clientId,
        username: 'synthetic.portal@acme.example',
        secretName: 'okta/portal-user',
        region: 'eu-west-1',
      },
    ],
  }),
});
beforeEach(() => {
  process.env.AWS_REGION = 'us-east-1';
});
afterEach(() => {
  if (saved === undefined) delete process.env.AWS_REGION;
  else process.env.AWS_REGION = saved;
});

describe('the probe Lambda of a region that does not run a journey', () => {
  it("skips each of the journey's checks, naming the region that runs it, and never reads its user", async () => {
    const summary = await invoke();
    const portal = summary.checks.filter((c) => c.server === 'portal');
    expect(portal.length).toBeGreaterThan(0);
    expect(portal.every((c) => c.outcome === 'skip')).toBe(true);
    expect(summary.skipped).toBeGreaterThanOrEqual(portal.length);
    // The engine ran the servers only: the journey was never part of this region's run.
    expect(lastReport().checks.some((c) => c.server === 'portal')).toBe(false);
    expect(lastReport().checks.length).toBeGreaterThan(0);
    const read = secretsManager.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId);
    expect(read).not.toContain('okta/portal-user');
    const said = jsonLines()
      .map((line) => JSON.parse(line) as { message?: string; targets?: { id: string; reason: string }[] })
      .find((line) => line.message === RUNS_ELSEWHERE);
    expect(said?.targets).toEqual([
      expect.objectContaining({
        id: 'portal',
        region: 'eu-west-1',
        reason: expect.stringMatching(/runs in eu-west-1/),
      }),
    ]);
  });
});
