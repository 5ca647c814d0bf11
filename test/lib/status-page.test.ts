// This org's own status page, as synthesized: a private bucket behind CloudFront, reachable only from the listed
// networks (the viewer function holds exactly them), nothing of Okta in front, the probe publishing with the least it
// needs, and each principal's access to the bucket evaluated; a CIDR that is not one refused by synth; without
// statusPage nothing is added; with several regions only the home hosts and publishes, and another region's browser
// function keeps its own part in the home's bucket.
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { parseNetwork } from '../../functions/config/status-page';
import {
  browserPartKeyOf,
  STATUS_PAGE_CACHE_CONTROL,
  STATUS_PAGE_KEYS,
  STATUS_PAGE_PART_KEYS,
} from '../../functions/contract';
import { build, exampleConfig, flatTemplate, resources, synthTemplate, TEST_ENV } from './helpers';
import { resolveCfn, type Cfn, type CfnPlace, type CfnResource } from '../support/cfn-values';
import { roleStatements, allows } from '../support/iam-policy';
import { kmsRefusal, resolvedPolicy, type KmsCaller } from '../support/kms-policy';
import { REFUSAL_TEXT } from '../../lib/status-page-viewer';
import { browserJourneyConfig } from '../support/configs';

const ALLOW_FROM = ['203.0.113.0/24', '2001:db8:1200::/40', '198.51.100.7/32'];
const ACCOUNT = TEST_ENV.CDK_DEFAULT_ACCOUNT;
const REGION = TEST_ENV.CDK_DEFAULT_REGION;

/** The one resource of a type in the template, with its id. */
function only(template: Template, type: string): [string, { Properties: Record<string, unknown> }] {
  const found = resources(template, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, got ${found.length}`);
  return found[0] as [string, { Properties: Record<string, unknown> }];
}

/** The page's bucket (the traces' bucket is the other). */
const pageBucketId = (template: Template): string =>
  resources(template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('StatusPage'))?.[0] ?? '';

describe('statusPage deployed', () => {
  let template: Template;
  let place: CfnPlace;
  beforeAll(() => {
    template = synthTemplate({ ...exampleConfig(), statusPage: { allowFrom: ALLOW_FROM } });
    place = { account: ACCOUNT, region: REGION, resources: template.toJSON().Resources as Record<string, CfnResource> };
  });

  it('answers only the listed networks: the viewer function holds exactly their words, and refuses the rest', () => {
    const [, fn] = only(template, 'AWS::CloudFront::Function');
    const code = String(fn.Properties.FunctionCode);
    expect(fn.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    const held = runInNewContext(`${code}\nNETWORKS`) as number[][];
    expect(JSON.stringify(held)).toBe(
      JSON.stringify(
        ALLOW_FROM.map((cidr) => {
          const n = parseNetwork(cidr);
          if ('problem' in n) throw new Error(n.problem);
          return [...n.words, n.prefix];
        }),
      ),
    );
    const handler = runInNewContext(`${code}\nhandler`) as (e: unknown) => { statusCode?: number };
    const request = { method: 'GET', uri: '/', headers: {} };
    expect(handler({ viewer: { ip: '203.0.113.9' }, request })).toBe(request);
    expect(handler({ viewer: { ip: '2001:db8:12ff::1' }, request })).toBe(request);
    expect(handler({ viewer: { ip: '198.51.100.8' }, request }).statusCode).toBe(403);
    const [[, distribution] = ['', { Properties: {} }]] = resources(template, 'AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig as Record<string, Record<string, unknown>>;
    expect(config.DefaultCacheBehavior?.FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': [only(template, 'AWS::CloudFront::Function')[0], 'FunctionARN'] },
      },
    ]);
  });

  it('puts nothing of Okta in front: no sign-in, no Lambda@Edge, no Cognito, no authorizer', () => {
    const [, distribution] = only(template, 'AWS::CloudFront::Distribution');
    const config = JSON.stringify(distribution.Properties);
    expect(config).not.toMatch(/okta\.com|oauth2|LambdaFunctionAssociations|TrustedKeyGroups|TrustedSigners/i);
    const types = new Set(Object.values(place.resources).map((r) => r.Type));
    expect([...types].filter((t) => /Cognito|ApiGateway|Lambda::Url/.test(t))).toEqual([]);
  });

  it('serves a private, encrypted, TLS-only bucket through origin access control, never cached, with CSP', () => {
    const bucket = place.resources[pageBucketId(template)];
    expect(bucket?.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(resources(template, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(1);
    const [, distribution] = only(template, 'AWS::CloudFront::Distribution');
    const behavior = (distribution.Properties.DistributionConfig as Record<string, Record<string, unknown>>)
      .DefaultCacheBehavior;
    // The managed CachingDisabled policy (CloudFront developer guide, "Use managed cache policies").
    expect(behavior).toMatchObject({
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
    });
    const [, headers] = only(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    const policy = JSON.stringify(headers.Properties);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(STATUS_PAGE_CACHE_CONTROL);
    expect(policy).toContain('"FrameOption":"DENY"');
  });

  it('lets the probe read and write index.html and status.json and nothing else, named by STATUS_PAGE_BUCKET', () => {
    const statements = roleStatements(place, (id) => id.startsWith('ProbeRole'));
    const bucketId = pageBucketId(template);
    const bucket = resolveCfn({ Ref: bucketId }, place);
    const arn = (key: string) => `arn:aws:s3:::${bucket}/${key}`;
    for (const key of ['index.html', 'status.json']) {
      expect(allows(statements, { action: 's3:GetObject', resource: arn(key) })).toBe(true);
      expect(allows(statements, { action: 's3:PutObject', resource: arn(key) })).toBe(true);
      expect(allows(statements, { action: 's3:DeleteObject', resource: arn(key) })).toBe(false);
    }
    expect(allows(statements, { action: 's3:PutObject', resource: arn('other.html') })).toBe(false);
    expect(allows(statements, { action: 's3:GetObject', resource: arn('har/x.har') })).toBe(false);
    expect(allows(statements, { action: 's3:PutBucketPolicy', resource: `arn:aws:s3:::${bucket}` })).toBe(false);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STATUS_PAGE_BUCKET: { Ref: bucketId } }) },
    });
  });

  it("lets each principal do what it must on the bucket's policy, and no more", () => {
    const [, policyResource] =
      resources(template, 'AWS::S3::BucketPolicy').find(([id]) => id.startsWith('StatusPage')) ?? [];
    const bucketId = pageBucketId(template);
    const bucket = resolveCfn({ Ref: bucketId }, place);
    const policy = resolvedPolicy(policyResource?.Properties.PolicyDocument, place);
    const distributionId = only(template, 'AWS::CloudFront::Distribution')[0];
    const sourceArn = `arn:aws:cloudfront::${ACCOUNT}:distribution/${resolveCfn({ Ref: distributionId }, place)}`;
    const object = `arn:aws:s3:::${bucket}/index.html`;
    const cloudFront: KmsCaller = { kind: 'service', service: 'cloudfront.amazonaws.com' };
    const judge = (caller: KmsCaller, action: string, extra: Record<string, unknown> = {}) =>
      kmsRefusal(policy, { caller, action, keyArn: object, secureTransport: true, iamDecides: true, ...extra });
    // CloudFront: reads through this distribution's origin access control only, writes nothing.
    expect(judge(cloudFront, 's3:GetObject', { sourceArn })).toBeUndefined();
    expect(judge(cloudFront, 's3:GetObject', { sourceArn: `${sourceArn}X` })).toBeDefined();
    expect(judge(cloudFront, 's3:PutObject', { sourceArn })).toBeDefined();
    // ...and lists the bucket, through it only, so a page not published yet is 404, never the allowlist's 403.
    const list = (sourceArnOf: string) =>
      kmsRefusal(policy, {
        caller: cloudFront,
        action: 's3:ListBucket',
        keyArn: `arn:aws:s3:::${bucket}`,
        secureTransport: true,
        iamDecides: true,
        sourceArn: sourceArnOf,
      });
    expect(list(sourceArn)).toBeUndefined();
    expect(list(`${sourceArn}X`)).toBeDefined();
    // The probe: its role's grant, over TLS only.
    const probe: KmsCaller = {
      kind: 'role',
      arn: `arn:aws:iam::${ACCOUNT}:role/probe`,
      account: ACCOUNT,
      iam: roleStatements(place, (id) => id.startsWith('ProbeRole')),
    };
    expect(judge(probe, 's3:PutObject')).toBeUndefined();
    expect(judge(probe, 's3:PutObject', { secureTransport: false })).toBeDefined();
    expect(judge(probe, 's3:DeleteObject')).toBeDefined();
    // CloudFormation's execution role (AdministratorAccess) creates and configures the bucket: nothing denies it.
    const deployer: KmsCaller = {
      kind: 'role',
      arn: `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`,
      account: ACCOUNT,
      iam: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    };
    for (const action of ['s3:PutBucketPolicy', 's3:PutEncryptionConfiguration', 's3:DeleteBucket'])
      expect(
        kmsRefusal(policy, {
          caller: deployer,
          action,
          keyArn: `arn:aws:s3:::${bucket}`,
          secureTransport: true,
          iamDecides: true,
        }),
      ).toBeUndefined();
    // Anyone else, another account's role: nothing.
    const stranger: KmsCaller = {
      kind: 'role',
      arn: 'arn:aws:iam::999999999999:role/x',
      account: '999999999999',
      iam: [],
    };
    expect(judge(stranger, 's3:GetObject')).toBeDefined();
  });

  it('refuses everyone else: 403 and two sentences at the edge, and the bucket to every caller but the page', () => {
    // At the edge: a viewer outside allowFrom, of either family or none, gets the refusal itself, never the request
    // passed on to the bucket, so nothing of the page.
    const code = String(only(template, 'AWS::CloudFront::Function')[1].Properties.FunctionCode);
    const handler = runInNewContext(`${code}\nhandler`, Object.create(null) as object) as (event: unknown) => unknown;
    const request = { method: 'GET', uri: '/status.json', querystring: {}, headers: {}, cookies: {} };
    expect(handler({ viewer: { ip: '203.0.113.9' }, request })).toBe(request);
    for (const ip of ['198.51.100.8', '203.0.114.1', '2001:db8:1300::1', '::ffff:198.51.100.8', 'not an address'])
      expect(handler({ viewer: { ip }, request }), ip).toEqual({
        statusCode: 403,
        statusDescription: 'Forbidden',
        headers: {
          'cache-control': { value: 'no-store' },
          'content-type': { value: 'text/plain; charset=utf-8' },
        },
        body: { encoding: 'text', data: REFUSAL_TEXT },
      });
    // Two sentences: what happened, and what to ask for.
    expect(REFUSAL_TEXT.split(/(?<=\.) /)).toEqual([
      expect.stringMatching(/^This network may not open this status page: .*\.$/),
      expect.stringMatching(/^Ask them to add yours .*\.$/),
    ]);

    // Behind it, the bucket: every principal its policy names is judged here, so one added is judged too.
    const [, policyResource] =
      resources(template, 'AWS::S3::BucketPolicy').find(([id]) => id.startsWith('StatusPage')) ?? [];
    const policy = resolvedPolicy(policyResource?.Properties.PolicyDocument, place);
    const named = policy.Statement.flatMap(({ Principal }) =>
      Principal === '*' ? ['*'] : [...[Principal.AWS ?? []].flat(), ...[Principal.Service ?? []].flat()],
    );
    expect([...new Set(named)].sort()).toEqual(['*', 'cloudfront.amazonaws.com']);
    const bucket = resolveCfn({ Ref: pageBucketId(template) }, place);
    const distribution = resolveCfn({ Ref: only(template, 'AWS::CloudFront::Distribution')[0] }, place);
    const page = `arn:aws:cloudfront::${ACCOUNT}:distribution/${distribution}`;
    const cloudFront: KmsCaller = { kind: 'service', service: 'cloudfront.amazonaws.com' };
    const reads = (caller: KmsCaller, context: { sourceArn?: string; secureTransport?: boolean } = {}): string[] =>
      [
        ['s3:GetObject', 'index.html'],
        ['s3:GetObject', 'status.json'],
        ['s3:GetObject', 'status-model.json'],
        ['s3:ListBucket', ''],
      ]
        .filter(([action = '', key = '']) => {
          const resource = key === '' ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
          const request = { caller, action, keyArn: resource, secureTransport: true, iamDecides: true, ...context };
          return kmsRefusal(policy, request) === undefined;
        })
        .map(([action = '', key = '']) => `${action} ${key}`.trim());
    // The page's own distribution reads it, over TLS...
    expect(reads(cloudFront, { sourceArn: page })).toHaveLength(4);
    expect(reads(cloudFront, { sourceArn: page, secureTransport: false })).toEqual([]);
    // ...and every other caller the "*" and the service principal stand for reads nothing: anyone unsigned, another
    // account's role, a role of this account with no grant, CloudFront for another distribution or for none.
    const role = (arn: string, account: string): KmsCaller => ({ kind: 'role', arn, account, iam: [] });
    const others: [string, KmsCaller, { sourceArn?: string }][] = [
      ['anonymous', { kind: 'anonymous' }, {}],
      ['another account', role('arn:aws:iam::999999999999:role/x', '999999999999'), {}],
      ['this account, no grant', role(`arn:aws:iam::${ACCOUNT}:role/other`, ACCOUNT), {}],
      ['another distribution', cloudFront, { sourceArn: `arn:aws:cloudfront::999999999999:distribution/E2OTHER` }],
      ['CloudFront for no distribution', cloudFront, {}],
    ];
    for (const [who, caller, context] of others) expect(reads(caller, context), who).toEqual([]);
  });

  it("outputs the page's URL, saying it is this org's own page and not Okta's feed", () => {
    const outputs = template.toJSON().Outputs as Record<string, { Description: string; Value: unknown }>;
    const [, url] = Object.entries(outputs).find(([id]) => id.startsWith('StatusPageUrl')) ?? [];
    expect(url?.Description).toMatch(/^This org's own status page for the help desk/);
    expect(url?.Description).toContain(ALLOW_FROM.join(', '));
    expect(JSON.stringify(url?.Value)).toContain('DomainName');
  });
});

describe('the page before its first publish', () => {
  it('answers 404, kept by no cache, where the allowlist answers 403: CloudFront may list the bucket', () => {
    const template = synthTemplate({ ...exampleConfig(), statusPage: { allowFrom: ALLOW_FROM } });
    const [, distribution] = only(template, 'AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig as Record<string, unknown>;
    expect(config.CustomErrorResponses).toEqual([{ ErrorCode: 404, ErrorCachingMinTTL: 0 }]);
    // No custom error response for 403: a function's own 403 is never replaced, and the bucket's is gone.
    expect(JSON.stringify(config.CustomErrorResponses)).not.toContain('403');
  });
});

describe("the distribution's IPv6", () => {
  /** IsIPV6Enabled of the one distribution synthesized for these networks. */
  const ipv6Of = (allowFrom: string[]): unknown => {
    const template = synthTemplate({ ...exampleConfig(), statusPage: { allowFrom } });
    const [, distribution] = only(template, 'AWS::CloudFront::Distribution');
    return (distribution.Properties.DistributionConfig as Record<string, unknown>).IPV6Enabled;
  };

  it("is off for IPv4 networks only: a dual-stack office's browsers would prefer IPv6 and be refused", () => {
    expect(ipv6Of(['203.0.113.0/24', '198.51.100.7/32'])).toBe(false);
  });

  it('is on when allowFrom lists an IPv6 network', () => {
    expect(ipv6Of(ALLOW_FROM)).toBe(true);
    expect(ipv6Of(['2001:db8:1200::/40'])).toBe(true);
  });
});

describe('statusPage refused or absent', () => {
  it('refuses a CIDR that is not one at synth, naming the field and the fix', () => {
    const { result } = build({
      ...exampleConfig(),
      statusPage: { allowFrom: ['10.0.0.0/8', '10.1.0.0/16', '10.0.0.0/33'] },
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.join('\n')).toMatch(
      /^statusPage\.allowFrom\[2\]: "10\.0\.0\.0\/33" is not a CIDR .*like "203\.0\.113\.0\/24"/m,
    );
  });

  it('refuses the whole internet, which would make the page public', () => {
    const { result } = build({ ...exampleConfig(), statusPage: { allowFrom: ['::/0'] } });
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(/^statusPage\.allowFrom\[0\]: "::\/0" is every address: the page would be public/),
    ]);
  });

  it('adds nothing without statusPage: no distribution, no function, no grant, no variable', () => {
    const template = synthTemplate(exampleConfig());
    expect(resources(template, 'AWS::CloudFront::Distribution')).toEqual([]);
    expect(resources(template, 'AWS::CloudFront::Function')).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toContain('STATUS_PAGE_BUCKET');
  });

  it('hosts and publishes in the home region only, with several regions: one URL', () => {
    const { result } = build({
      ...exampleConfig(),
      regions: ['eu-west-1', 'us-east-2'],
      statusPage: { allowFrom: ALLOW_FROM },
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    const [home, other] = result.stacks;
    expect(home?.statusPage).toBeDefined();
    expect(other?.statusPage).toBeUndefined();
  });
});

describe('statusPage with a "browser" journey: the browser function writes its own part, the probe the page', () => {
  let template: Template;
  let place: CfnPlace;
  beforeAll(() => {
    template = synthTemplate({ ...browserJourneyConfig(), statusPage: { allowFrom: ALLOW_FROM } });
    place = { account: ACCOUNT, region: REGION, resources: template.toJSON().Resources as Record<string, CfnResource> };
  });

  it('lets the browser function put its part, one key, and nothing else of the bucket', () => {
    const browser = roleStatements(place, (id) => id.startsWith('ProbeBrowserRole'));
    const bucket = resolveCfn({ Ref: pageBucketId(template) }, place);
    const arn = (key: string) => `arn:aws:s3:::${bucket}/${key}`;
    const page = (statement: { Resource?: unknown }) => JSON.stringify(statement.Resource).includes(bucket);
    // Its one statement on the page's bucket: exactly this action on exactly this object.
    expect(browser.filter(page)).toEqual([
      { Effect: 'Allow', Action: 's3:PutObject', Resource: arn(STATUS_PAGE_PART_KEYS.browser) },
    ]);
    for (const key of [...Object.values(STATUS_PAGE_KEYS), 'parts/other.json']) {
      expect(allows(browser, { action: 's3:PutObject', resource: arn(key) }), key).toBe(false);
      expect(allows(browser, { action: 's3:GetObject', resource: arn(key) }), key).toBe(false);
    }
    expect(allows(browser, { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}` })).toBe(false);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'okta-synthetics-browser',
      Environment: {
        Variables: Match.objectLike({
          STATUS_PAGE_BUCKET: { Ref: pageBucketId(template) },
          STATUS_PAGE_PART: STATUS_PAGE_PART_KEYS.browser,
          // Its own region's bucket: its client's region is its own.
          STATUS_PAGE_REGION: Match.absent(),
        }),
      },
    });
  });

  it("lets the probe read the browser's part, never write it", () => {
    const probe = roleStatements(place, (id) => id.startsWith('ProbeRole'));
    const bucket = resolveCfn({ Ref: pageBucketId(template) }, place);
    const part = `arn:aws:s3:::${bucket}/${STATUS_PAGE_PART_KEYS.browser}`;
    expect(allows(probe, { action: 's3:GetObject', resource: part })).toBe(true);
    expect(allows(probe, { action: 's3:PutObject', resource: part })).toBe(false);
  });
});

describe('statusPage with a "browser" journey another region runs: its part kept in the home region\'s bucket', () => {
  const HOME_REGION = 'eu-west-1';
  const AWAY_REGION = 'us-east-2';
  const AWAY = browserPartKeyOf(AWAY_REGION);
  let home: { stack: Stack; template: Template; place: CfnPlace };
  let away: { stack: Stack; template: Template; place: CfnPlace };
  beforeAll(() => {
    const base = browserJourneyConfig();
    const signIn = (base.signIn as Record<string, unknown>[]).map((j) =>
      j.flow === 'browser' ? { ...j, region: AWAY_REGION } : j,
    );
    const { result } = build({
      ...base,
      signIn,
      regions: [HOME_REGION, AWAY_REGION],
      statusPage: { allowFrom: ALLOW_FROM },
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    const [first, second] = result.stacks;
    if (first === undefined || second === undefined) throw new Error('expected two stacks');
    const placed = (stack: Stack, region: string) => {
      const template = flatTemplate(stack);
      const json = template.toJSON() as { Resources: Record<string, CfnResource> };
      return { stack, template, place: { account: ACCOUNT, region, resources: json.Resources } };
    };
    home = placed(first, HOME_REGION);
    const outputs = (home.template.toJSON() as { Outputs: Record<string, { Value: Cfn }> }).Outputs;
    const stacks = { [first.stackName]: { place: home.place, outputs } };
    const other = placed(second, AWAY_REGION);
    away = { ...other, place: { ...other.place, stacks } };
  });

  /** The page's bucket, as the home region's stack names it. */
  const bucket = () => resolveCfn({ Ref: pageBucketId(home.template) }, home.place);

  it("names the home's bucket, its region and its own key to the other region's browser function", () => {
    const [, browser] =
      resources(away.template, 'AWS::Lambda::Function').find(
        ([, f]) => f.Properties.FunctionName === 'okta-synthetics-browser',
      ) ?? [];
    const env = (browser?.Properties.Environment as { Variables: Record<string, Cfn> }).Variables;
    // Read from the home stack's output at deploy (Fn::GetStackOutput): no custom resource, no export to hold.
    expect(resolveCfn(env.STATUS_PAGE_BUCKET!, away.place)).toBe(bucket());
    expect(env).toMatchObject({ STATUS_PAGE_REGION: HOME_REGION, STATUS_PAGE_PART: AWAY });
    expect(JSON.stringify(env.STATUS_PAGE_BUCKET)).toContain('Fn::GetStackOutput');
    // Deployed after the home's stack, whose output it reads.
    expect(away.stack.dependencies).toContain(home.stack);
    const types = (t: Template) =>
      Object.values(t.toJSON().Resources as Record<string, CfnResource>).map((r) => r.Type);
    expect([...types(home.template), ...types(away.template)].filter((t) => t.startsWith('Custom::'))).toEqual([]);
  });

  it('lets it put its own part in that bucket, one key, and nothing else of the bucket', () => {
    const browser = roleStatements(away.place, (id) => id.startsWith('ProbeBrowserRole'));
    const arn = (key: string) => `arn:aws:s3:::${bucket()}/${key}`;
    expect(browser.filter((s) => JSON.stringify(s.Resource).includes(bucket()))).toEqual([
      { Effect: 'Allow', Action: 's3:PutObject', Resource: arn(AWAY) },
    ]);
    for (const key of [...Object.values(STATUS_PAGE_KEYS), STATUS_PAGE_PART_KEYS.browser, browserPartKeyOf('x')])
      expect(allows(browser, { action: 's3:PutObject', resource: arn(key) }), key).toBe(false);
    expect(allows(browser, { action: 's3:GetObject', resource: arn(AWAY) })).toBe(false);
  });

  it("lets the home region's probe read every region's part, never write one", () => {
    const probe = roleStatements(home.place, (id) => id.startsWith('ProbeRole'));
    for (const key of [AWAY, STATUS_PAGE_PART_KEYS.browser]) {
      const arn = `arn:aws:s3:::${bucket()}/${key}`;
      expect(allows(probe, { action: 's3:GetObject', resource: arn }), key).toBe(true);
      expect(allows(probe, { action: 's3:PutObject', resource: arn }), key).toBe(false);
    }
    expect(allows(probe, { action: 's3:GetObject', resource: `arn:aws:s3:::${bucket()}/parts/x.json` })).toBe(false);
  });
});
