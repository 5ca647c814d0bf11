// plan and cost describe a deployment, so they refuse exactly what cdk synth refuses, in the same words.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { buildApp, EXAMPLE_CONFIG_PATH, MAX_SERVERS, MAX_TARGETS } from '../../../lib/build-app';
import { samlCatalogueConfig } from '../../support/configs';
import { captureIo } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const example = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as { servers: Record<string, unknown>[] };
const custom = example.servers[1]!;

function file(name: string, config: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ ...config as object, $schema: undefined }));
  return path;
}

/** What cdk synth says of a config: the errors buildApp returns. */
function synthErrors(path: string, env: NodeJS.ProcessEnv = {}): readonly string[] {
  const result = buildApp(new App(), { configPath: path, env });
  return result.ok ? [] : result.errors;
}

describe('plan and cost refuse what cdk synth refuses', () => {
  const tooMany = file('too-many.json', { ...example, servers: Array.from({ length: MAX_SERVERS + 1 }, (_, i) => ({ ...custom, id: `aus${String(i).padStart(4, '0')}` })) });
  const elsewhere = file('elsewhere.json', {
    ...example,
    servers: [{ ...custom, secretName: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:okta/default-AbCdEf' }],
  });

  const noSuchRegion = file('us-east-9.json', { ...example, regions: ['us-east-9'] });
  const twoPartitions = file('partitions.json', { ...example, regions: ['eu-west-1', 'cn-north-1'] });

  // Issue 37: a thousand SAML apps each with its own alarm is a thousand nested stacks (CloudFormation allows 500
  // resources) and rows (CloudWatch 500 widgets); counted in a group, the same apps are one.
  const ownAlarms = file('own-alarms.json', samlCatalogueConfig(1000, { ownAlarm: true }));

  it.each([
    ['91 servers', tooMany],
    [`1,000 SAML apps with ownAlarm (more than ${MAX_TARGETS} targets with alarms of their own)`, ownAlarms],
    ['a secret ARN in another region than the stack', elsewhere],
    ['a region that does not exist (us-east-9, issue 31)', noSuchRegion],
    ['regions of two partitions (issue 31)', twoPartitions],
  ])('%s: exit 2 with the message cdk synth gives', async (_what, path) => {
    const expected = synthErrors(path);
    expect(expected.length).toBeGreaterThan(0);
    for (const command of ['plan', 'cost']) {
      const io = captureIo();
      expect(await main([command, '--config', path], io), command).toBe(2);
      for (const message of expected) expect(io.err(), command).toContain(message);
      expect(io.out(), command).toBe('');
    }
  });

  it('names the region the user meant, and the partitions apart', () => {
    expect(synthErrors(noSuchRegion)).toEqual(['regions[0]: "us-east-9" is not an AWS region (did you mean us-east-1?); use a region code as the AWS console\'s region menu shows it, e.g. us-east-1 or eu-west-1']);
    expect(synthErrors(twoPartitions)).toEqual([
      "regions: one deployment's account lives in one partition, and these regions are in 2 (aws: eu-west-1; aws-cn: cn-north-1); deploy each partition from a configuration file of its own",
    ]);
    // Without regions in the file, the CDK's default region is judged the same way.
    const unnamed = file('unnamed.json', { ...example, regions: [] });
    expect(synthErrors(unnamed, { CDK_DEFAULT_REGION: 'eu-wset-1' })).toEqual([
      'region (CDK_DEFAULT_REGION or AWS_REGION, the config lists none): "eu-wset-1" is not an AWS region (did you mean eu-west-1?); use a region code as the AWS console\'s region menu shows it, e.g. us-east-1 or eu-west-1',
    ]);
  });

  it('names the targets it counts and the way out: the apps in a group', () => {
    expect(synthErrors(ownAlarms)).toEqual([expect.stringMatching(new RegExp(`^samlApps: 1004 targets with alarms of their own \\(2 servers, 2 sign-in journeys, 1000 SAML apps with ownAlarm and 0 groups of SAML apps\\) are more than one deployment holds \\(${MAX_TARGETS}: .*count those SAML apps in a group instead`))]);
  });

  it('plans and prices 1,000 SAML apps counted in a group, with the requests a minute they send to Okta', async () => {
    const grouped = file('grouped.json', samlCatalogueConfig(1000));
    expect(synthErrors(grouped)).toEqual([]);
    const plan = captureIo();
    expect(await main(['plan', '--config', grouped], plan)).toBe(0);
    expect(plan.out().replace(/\s+/g, ' ')).toMatch(/Okta requests of the SAML apps: 17\.4 a minute on average, at most 168 in one run \(11\.2 % of Okta's default/);
    expect(plan.out()).toMatch(/portal-saml: 1,000 apps, 84 a session, 16\.7 SSO \+ 0\.690 metadata \+ 0\s+Management API requests a minute/);
    const cost = captureIo();
    expect(await main(['cost', '--config', grouped], cost)).toBe(0);
    expect(cost.out()).toMatch(/DynamoDB writes \(on demand\)\s+720,000/);
  });

  it('still plans and prices the largest deployment synth accepts', async () => {
    const most = file('most.json', { ...example, servers: Array.from({ length: MAX_SERVERS }, (_, i) => ({ ...custom, id: `aus${String(i).padStart(4, '0')}` })) });
    expect(synthErrors(most)).toEqual([]);
    for (const command of ['plan', 'cost']) expect(await main([command, '--config', most], captureIo()), command).toBe(0);
  });
});
