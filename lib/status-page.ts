// This org's own status page for the help desk: a private bucket the probe writes index.html and status.json to after
// each run (and each region's browser journeys' function its own part, which the probe folds in), behind a CloudFront
// distribution that reads it through its origin access control and answers only viewers from `statusPage.allowFrom`,
// checked by a CloudFront Function (lib/status-page-viewer.ts). Nothing of Okta stands in front: the page opens while
// Okta is down. Why this, not WAF or a function URL: docs/decisions/status-page-hosting.md; why the browser function
// writes a part of its own: docs/decisions/status-page-browser.md.
import { Annotations, Aws, CfnOutput, Duration, ReferenceStrength, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLevel,
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as ViewerFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateBucket } from './private-bucket';
import {
  STATUS_PAGE_BUCKET_ENV,
  STATUS_PAGE_CACHE_CONTROL,
  STATUS_PAGE_KEYS,
  STATUS_PAGE_OUTPUT,
  STATUS_PAGE_PART_ENV,
  STATUS_PAGE_PART_KEYS,
  STATUS_PAGE_REGION_ENV,
} from '../functions/contract';
import type { StatusPageSettings } from '../functions/types';
import { listsIpv6 } from '../functions/config/status-page';
import { PAGE_CSP } from '../functions/status-page/page-style';
import { viewerFunctionCode } from './status-page-viewer';

interface StatusPageProps {
  readonly prefix: string;
  readonly settings: StatusPageSettings;
  /** The probe function: it reads the last status.json and writes the page after each run. */
  readonly publisher: LambdaFunction;
  /**
   * The region's "browser" journeys' function: it writes its own part (its last run line) and nothing else.
   * @default none: the region runs no browser journey
   */
  readonly browser?: LambdaFunction;
  /**
   * The key of every browser part the probe reads: each region's that runs a browser journey (browserPageParts).
   * Another region's function is granted its own with grantBrowserPart.
   * @default the home region's key alone
   */
  readonly browserParts?: readonly string[];
}

/**
 * What the page may load, sent as a header too: the page's own policy (its inline style and staleness script by their
 * hashes, nothing from another origin), and frame-ancestors, which a <meta> policy cannot carry (CSP 3: "The
 * frame-ancestors directive ... is not supported in the <meta> element").
 */
const STATUS_PAGE_CSP = `${PAGE_CSP}; frame-ancestors 'none'`;

export class StatusPage extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly viewerFunction: ViewerFunction;
  /** The page's address: https://<distribution>.cloudfront.net/ */
  readonly url: string;

  constructor(scope: Construct, id: string, props: StatusPageProps) {
    super(scope, id);
    const { prefix, settings, publisher } = props;
    this.bucket = this.pageBucket();
    this.viewerFunction = new ViewerFunction(this, 'Allowlist', {
      // A CloudFront Function's name: letters, digits, - and _, at most 64 characters.
      functionName: `${prefix}-status-page-allowlist`.slice(0, 64),
      comment: `okta-synthetics (${prefix}): the status page answers only ${settings.allowFrom.length} network(s)`,
      code: FunctionCode.fromInline(viewerFunctionCode(settings.allowFrom)),
      runtime: FunctionRuntime.JS_2_0,
    });
    this.distribution = this.pageDistribution(prefix, listsIpv6(settings.allowFrom));
    this.url = `https://${this.distribution.distributionDomainName}/`;
    this.grantPublish(publisher, props.browserParts ?? []);
    if (props.browser !== undefined) this.grantBrowserPart(props.browser, STATUS_PAGE_PART_KEYS.browser);
    const output = new CfnOutput(this, 'Url', {
      description:
        "This org's own status page for the help desk (not Okta's status feed): opens only from " +
        settings.allowFrom.join(', '),
      value: this.url,
    });
    // A stable output name, which plan names and docs/status-page.md tells the help desk's admins to read.
    output.overrideLogicalId(STATUS_PAGE_OUTPUT);
  }

  /** Private, encrypted, TLS only; CloudFront reads it (S3BucketOrigin's bucket policy), the probe writes it. */
  private pageBucket(): Bucket {
    // Two small objects stay when the stack is deleted (privateBucket keeps every bucket of ours).
    return privateBucket(this, 'Bucket', {
      noAccessLogsBecause:
        'Server access logs of a bucket holding two objects that only the probe writes and only CloudFront reads ' +
        '(its origin access control): CloudTrail data events cover who wrote them where an account needs that.',
    });
  }

  /** `ipv6`: only when allowFrom names an IPv6 network (listsIpv6 says why). */
  private pageDistribution(prefix: string, ipv6: boolean): Distribution {
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      responseHeadersPolicyName: `${prefix}-status-page-headers`.slice(0, 128),
      comment: 'okta-synthetics status page: nothing from another origin, never framed, never cached',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: STATUS_PAGE_CSP, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
      // Said again at the edge, whatever the object's own metadata: a help desk's proxy must never keep a state.
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cache-Control', value: STATUS_PAGE_CACHE_CONTROL, override: true }],
      },
    });
    const distribution = new Distribution(this, 'Distribution', {
      comment: `okta-synthetics (${prefix}): this org's status page for the help desk`,
      defaultRootObject: STATUS_PAGE_KEYS.html,
      // A page not published yet is not kept as missing: the first publish shows at the next view.
      errorResponses: [{ httpStatus: 404, ttl: Duration.seconds(0) }],
      priceClass: PriceClass.PRICE_CLASS_100,
      enableIpv6: ipv6,
      defaultBehavior: {
        // LIST too: with s3:ListBucket, S3 answers a missing key 404 NoSuchKey instead of 403 AccessDenied (S3 API
        // reference, GetObject, "Permissions"), so before the probe's first publish the page answers 404, never the
        // 403 of a network not allowed. Nothing is listed: "/" is the default root object, and the cache policy
        // forwards no query string.
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessLevels: [AccessLevel.READ, AccessLevel.LIST],
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // Every view reads the bucket: the page is as fresh as the last run, never as the last cache fill.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: this.viewerFunction, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
    });
    acknowledgeDistribution(distribution);
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
      'The default root object is index.html and the cache policy forwards no query string: nothing is listed.',
    );
    return distribution;
  }

  /**
   * A browser function, of this region or another, may put its own part, one `key`, and nothing else: never read,
   * never another part, never the page, so the probe stays the page's one writer and each part has one writer
   * (docs/decisions/status-page-browser.md). Another region's learns the bucket's generated name from this stack's
   * output at deploy (Fn::GetStackOutput, a weak reference: no custom resource, no export), and its region, whose
   * endpoint its client must call.
   */
  grantBrowserPart(browser: LambdaFunction, key: string): void {
    const here = Stack.of(this);
    const away = Stack.of(browser) !== here;
    // The bucket's own Ref, not bucket.bucketName: a Bucket refuses to be named across environments unless its name
    // is fixed, and a fixed name would replace the page's bucket of every deployment made before.
    const ref = (this.bucket.node.defaultChild as CfnBucket).ref;
    const name = away ? Stack.consumeReference(ref, ReferenceStrength.WEAK) : this.bucket.bucketName;
    browser.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:PutObject'],
        resources: [away ? `arn:${Aws.PARTITION}:s3:::${name}/${key}` : this.bucket.arnForObjects(key)],
      }),
    );
    browser.addEnvironment(STATUS_PAGE_BUCKET_ENV, name);
    browser.addEnvironment(STATUS_PAGE_PART_ENV, key);
    if (!away) return;
    browser.addEnvironment(STATUS_PAGE_REGION_ENV, here.region);
    Annotations.of(Stack.of(browser)).acknowledgeWarning(
      '@aws-cdk/core:crossStackReferencesDefaultStrong',
      "The one cross-stack reference, the page bucket's name, is weak by choice " +
        '(docs/decisions/status-page-browser.md).',
    );
  }

  /**
   * The probe may read and write the page's objects, read each region's browser part, and list the bucket (which
   * holds nothing else): without
   * s3:ListBucket, S3 answers a missing object 403 AccessDenied instead of 404 NoSuchKey ("If you don't have the
   * s3:ListBucket permission, Amazon S3 returns an HTTP status code 403", S3 API reference, GetObject), and the probe
   * could not tell its first run from a broken grant.
   */
  private grantPublish(publisher: LambdaFunction, browserParts: readonly string[]): void {
    publisher.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: Object.values(STATUS_PAGE_KEYS).map((key) => this.bucket.arnForObjects(key)),
      }),
    );
    publisher.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:GetObject'],
        resources: [...new Set([STATUS_PAGE_PART_KEYS.browser, ...browserParts])].map((key) =>
          this.bucket.arnForObjects(key),
        ),
      }),
    );
    publisher.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    publisher.addEnvironment(STATUS_PAGE_BUCKET_ENV, this.bucket.bucketName);
  }
}

/** cdk-nag's CloudFront rules, each answered for a page that only listed networks reach. */
function acknowledgeDistribution(distribution: Distribution): void {
  Validations.of(distribution).acknowledge(
    {
      id: 'AwsSolutions-CFR1',
      reason:
        'Geo restriction is coarser than the allowlist: the CloudFront Function lets through only the listed networks.',
    },
    {
      id: 'AwsSolutions-CFR2',
      reason:
        'The allowlist is a CloudFront Function, not WAF: a CLOUDFRONT-scope web ACL must be created in us-east-1, ' +
        'and costs a monthly fee per ACL and rule (docs/decisions/status-page-hosting.md).',
    },
    {
      id: 'AwsSolutions-CFR3',
      reason:
        'Access logs need a log bucket with ACLs enabled; the page is two objects refreshed every run, and ' +
        "CloudFront's own metrics show its requests and 4xx.",
    },
    {
      id: 'AwsSolutions-CFR4',
      reason:
        "The distribution uses CloudFront's default certificate (*.cloudfront.net), whose minimum protocol " +
        'CloudFront fixes: a custom domain and certificate would let it be TLSv1.2_2021.',
    },
  );
}
