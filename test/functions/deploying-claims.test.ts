// docs/deploying.md's claims, each held by a test (test/support/claims.ts), as docs-claims.test.ts holds
// status-page.md's and integrations.md's. Its deploy rules are npm run docs's block, generated from DEPLOY_RULES and
// held by it; this file holds the prose and the table of what the stack holds. A sentence about AWS or Okta cannot be
// tested here: it is kept only beside the source the doc names.
import { describe } from 'vitest';
import { cited, held, itCitesFacts, itHoldsClaims, type Claim, type OutsideFact } from '../support/claims';

const DOC = 'docs/deploying.md';
const STACK = 'test/lib/stack.test.ts';
const APP = 'test/lib/app.test.ts';
const SECRETS = 'test/lib/secrets.test.ts';
const JOURNEYS = 'test/lib/journeys.test.ts';
const SCALE = 'test/lib/scale.test.ts';
const STACK_NOTIFIER = 'test/lib/notifier.test.ts';
const PROBE = 'test/functions/lambda/probe.test.ts';
const CACHE = 'test/functions/credentials/secrets-manager.test.ts';
const STATE = 'test/functions/lambda/journey-state-dynamodb.test.ts';
const STATUS = 'test/functions/cli/status.test.ts';
const SECRETS_PUT = 'test/functions/cli/secrets.test.ts';
const ASSETS = 'test/deploy/assets.test.ts';
const PACKAGE = 'test/deploy/package.test.ts';
const CONSTRUCT = 'test/lib/construct.test.ts';
const BROWSER_IAM = 'test/lib/browser-iam.test.ts';
const ROLLBACK = 'test/lib/rollback-retry.test.ts';
const VPC = 'test/lib/vpc.test.ts';

const CLAIMS: readonly Claim[] = [
  held(
    '# validates the file; every bad field is listed, exit 1',
    'test/functions/readme-cdk.integration.test.ts',
    'states the exit code `cdk synth` really gives on a bad config',
  ),
  held(
    '(the app exits 2; the CDK CLI reports a failed app as 1)',
    APP,
    'makes `lib/app.ts` print every problem and exit 2 without a stack trace',
  ),
  held(
    'optionally, `secretName` (the name or ARN of an existing Secrets Manager secret)',
    STACK,
    'uses an existing secret named in the config instead of creating one, and grants read on it only',
  ),
  // In your own CDK app.
  held(
    'these lines are the app file of what `cdk init app --language typescript` makes (CommonJS, compiled by its own ' +
      '`tsconfig.json`, run by `cdk synth`), unchanged',
    PACKAGE,
    'compiles the documented app with the tsconfig.json of cdk init (CommonJS), and `cdk synth` runs it',
    'documentedSnippet',
  ),
  held(
    'and of the same app made an ES module (`"type": "module"`).',
    PACKAGE,
    'compiles and synthesizes the same app made an ES module, with the same stacks',
  ),
  held(
    "`require('okta-synthetics/cdk')` and `import` load one build, each with its types.",
    PACKAGE,
    'loads by require() and by import, with no top-level await, and names one class for both',
  ),
  held(
    'a misspelt or mistyped field is a type error in the editor.',
    PACKAGE,
    'types the config in the editor: a misspelt or mistyped field is an error of tsc',
  ),
  held(
    "a refused one throws `OktaSyntheticsConfigError` at synth, its message naming the construct's path and listing " +
      'each field with its fix in the same words.',
    PACKAGE,
    "refuses a config the project's app refuses, with the same words, naming the field",
  ),
  held(
    'so `Tags.of(okta)` and Aspects added to it reach every stack and resource.',
    CONSTRUCT,
    'reach every stack it makes and every resource in them, nested stacks included',
  ),
  held(
    "at the App's root, the names a clone's app gives them: a deployment made from a clone is updated in place, no " +
      'resource replaced;',
    CONSTRUCT,
    "makes at an App's root the stack names, logical ids and templates the project's own app makes",
    'buildApp',
  ),
  held(
    "the props `account` and `region` override them, and a config's `regions` name each stack's region.",
    CONSTRUCT,
    "deploys to the Stage's account and region, not the CDK CLI's, and the props override them",
  ),
  held(
    'Without any, the stacks are environment-agnostic and deploy where the CDK CLI does.',
    CONSTRUCT,
    'synthesizes a two-region quorum in a Stage without an account',
  ),
  held(
    'A Stack (or a construct inside one) is refused at synth',
    CONSTRUCT,
    'refuses a Stack as scope, and a construct inside one',
  ),
  held(
    'Nothing is added to the scope but the construct itself.',
    CONSTRUCT,
    'adds no validation plugin to the Stage it is made in',
  ),
  held(
    'Two with the same prefix anywhere in the app are refused at synth, naming both paths, unless each deploys to an ' +
      'account named at synth and the two accounts differ',
    CONSTRUCT,
    'refuses one prefix twice when an account is not known at synth, and allows it in two accounts',
  ),
  held(
    "The package installs its runtime dependencies and peers only: the app's own `node` and its npm scripts are " +
      'untouched.',
    PACKAGE,
    "installs its runtime dependencies and peers only: no Node binary, no esbuild, the app's node untouched",
  ),
  held(
    'the construct refuses an older one when it is made, naming its path and the version found.',
    PACKAGE,
    'refuses an aws-cdk-lib older than the peer range in the constructor, with its path, version and fix',
  ),
  held(
    'Only a config with a `"browser"` journey asks for them',
    PACKAGE,
    'asks for the browser packages, with their install command, only for a config with a browser journey',
  ),
  held(
    "Each prop documents its default in the package's declarations.",
    PACKAGE,
    'documents the default of every optional prop in the shipped declarations',
  ),
  // A first deployment.
  held(
    'the checks, alarms, routing and monthly cost it will create; it refuses what `cdk synth` would, in the same words',
    'test/functions/cli/deploy-rules.test.ts',
    'deploy rule %s',
  ),
  held(
    '`npx --no-install cdk diff -c config=FILE` (it compares every stack of the app; `cdk diff` has no `--all`)',
    'test/functions/readme-cdk.integration.test.ts',
    'every option of every `npx --no-install cdk` command they show is one that command accepts',
  ),
  held(
    'the output `ProbeSecret<id>Put…`, e.g. `ProbeSecretorgPut0D54A958`, reads `keys/okta-probe-<id>.pem` (the key ' +
      'file `init` names)',
    'test/functions/readme-cdk.integration.test.ts',
    'names the put-secret output and the key file the stack really prints, the file init names',
  ),
  held(
    "until then the server's credential checks are `N/A` and nothing pages",
    PROBE,
    "a fresh deployment does not page: a secret still holding the stack's placeholder makes its server's",
  ),
  held(
    '`npx --no-install okta-synthetics secrets put --config FILE` puts every secret the stack created (each ' +
      "server's, each journey's user) under its name, from those files beside FILE",
    SECRETS_PUT,
    'puts each secret the stack created, under its name, from the files its Put outputs name',
  ),
  held(
    "(a server's key from the `privateKeyFile` the config names, where it names one)",
    SECRETS_PUT,
    "reads a server's key from the privateKeyFile the config names, not a file named after its id",
  ),
  held(
    'or, in a terminal, from prompts that echo nothing; each value is checked as the probe will read it before ' +
      'anything is put.',
    SECRETS_PUT,
    'asks for what has no file, without echo, and puts the user JSON the probe reads',
  ),
  held(
    '`secrets put` puts every one in every region (`--region R` for one), each line naming the region',
    'test/functions/cli/regions.test.ts',
    'secrets put puts each secret in every region, each line naming its region; --region only that one',
  ),
  held("one named by its ARN is read in the ARN's region only", APP, 'refuses a secretName ARN of another region'),
  held(
    "`keys/` is in this project's `.gitignore`; `init` warns when the folder it names for keys is inside another " +
      'git work tree that does not ignore it',
    'test/functions/cli/keys-ignored.test.ts',
    'init makes keys/ ignored by git itself in a work tree; one that already exists unignored gets the warning',
  ),
  held(
    "a throwaway alarm of the latch's shape, set to ALARM and watched for 10 minutes, exit 0 when CloudWatch kept it",
    'test/functions/cli/prove-latch.test.ts',
    "builds a throwaway alarm of the latch's exact shape, no action, sets it, watches it, deletes it",
  ),
  held(
    'it invokes each deployed function once and waits for its result. The probe runs (its run is the one shown, each ' +
      "check's verdict one line per server); the notifier, through its `page` alias as EventBridge invokes it, is " +
      'sent an `INSUFFICIENT_DATA` change it never notifies',
    STATUS,
    "--invoke runs each deployed function once: the probe's verdicts check by check, the notifier sent a",
  ),
  held(
    'With a `"browser"` journey, the browser journeys\' function (`<prefix>-browser`) is invoked too and its ' +
      "verdicts are shown as the probe's; a check it failed exits 1.",
    STATUS,
    "--invoke with a browser journey also runs the browser journeys' function",
  ),
  held(
    'A function that throws, times out or cannot read its configuration is printed as `FAILED <function>:` with ' +
      "Lambda's error (scrubbed) and where its log is, and the command exits 1.",
    STATUS,
    "--invoke: a function that fails, or cannot read its configuration, is named with Lambda's error",
  ),
  held(
    'Exit 0 when every function ran, every alarm is OK and nothing failed.',
    ASSETS,
    "a healthy deployment: the probe's every check, the notifier's configuration read and nothing sent; exit",
  ),
  // In a VPC.
  held(
    "with several `regions` `vpc` is a map with one entry for each region deployed, each that region's own subnets " +
      'and security groups',
    VPC,
    "with several regions, runs each region's probe and browser function in that region's own subnets",
  ),
  held(
    'One object stays valid for a deployment to one region.',
    VPC,
    'puts the probe (not the notifier) in the subnets',
  ),
  held('`cdk synth` and `plan` refuse one object for several regions', VPC, 'refuses one vpc for three regions'),
  held(
    'and a map missing a region deployed or naming a region not deployed, naming the region.',
    VPC,
    'refuses a map missing a region deployed, or naming one not deployed, naming the region and the fix',
  ),
  // Updating and removing.
  held(
    '**keeps the secrets it created** (`DeletionPolicy: RetainExceptOnCreate`, `UpdateReplacePolicy: Retain`)',
    SECRETS,
    'are retained on delete and on replacement',
  ),
  held(
    'Changing `prefix` renames the secrets, which CloudFormation does by replacing them',
    SECRETS,
    'a prefix change renames a secret under the same logical id (a replacement)',
  ),
  held(
    '(its servers `pending`: not monitored, and quiet for the first 24 h, then `<prefix>-credentials-not-put` warns)',
    PROBE,
    'a placeholder past the grace period (a prefix change, or a credential never put) warns once through',
  ),
  held(
    'To use a kept credential, name its secret with `secretName` (`"secretName": "<old prefix>/<server>"`) and deploy',
    SECRETS,
    'the way back to a kept credential: secretName naming the old secret creates none and reads that one',
  ),
  held(
    "The journeys' state table `<prefix>-journey-state` is kept too (retained, with point-in-time recovery)",
    JOURNEYS,
    "keeps the journeys' state in a table of their own, on demand, retained and recoverable",
  ),
  held(
    'the rollback of the deploy that created it deletes it, so a first deploy that fails and rolls back leaves no ' +
      'name behind',
    ROLLBACK,
    'leaves no resource with a fixed name to its rollback',
  ),
  held(
    'without deletion protection so that a failed first deploy can be retried',
    ROLLBACK,
    "creates the journeys' table without deletion protection, which would stop the rollback deleting it",
  ),
  held(
    '`cdk destroy` leaves it, and its KMS key with it',
    JOURNEYS,
    "encrypts the journeys' table with a key of its own, rotated and retained",
  ),
  // Journey state.
  held(
    'two runs that read the same version: exactly one writes, and the other stands aside',
    STATE,
    'DynamoDB: exactly one claims, the other stands aside, and the loser never overwrites the winner',
  ),
  held(
    'for a journey the table has no item of yet, the probe reads the old parameters once',
    STATE,
    "carries the SSM state over at the table's first claim, and reads SSM no more after it",
  ),
  held(
    'That claim then deletes both parameters',
    STATE,
    'are deleted, both, by the claim that carries their state over',
  ),
  held(
    'A delete that fails (SSM throttling past the retries, a role edited by hand) fails no run: the claim marks the ' +
      "journey's item (`ssmLeft`), and the next claim, in whichever Lambda sandbox, deletes them again before its " +
      'own write, keeping the mark until a delete succeeds.',
    STATE,
    'a delete SSM refuses fails no claim, marks the item, and a claim in another sandbox deletes them',
  ),
  held(
    "With several `regions`, a journey's user secret and state table now exist in its own region's stack only.",
    'test/lib/journey-region.test.ts',
    "creates a journey's user secret and its state table in its own region's stack only",
  ),
  held(
    'A damaged state (an item that is no JSON object, a version that is no number) is copied aside as the item ' +
      "`damaged#<hash>` of the same journey, kept 90 days by the table's TTL, and replaced by the most careful state",
    STATE,
    'keeps a damaged state aside in an item of its own that expires after 90 days, then replaced',
  ),
  // What the stack holds.
  held(
    "A role of its own: its browser journeys' users' secrets and no server's",
    BROWSER_IAM,
    "reads its browser journey's user secret, and no server's or other journey's",
  ),
  held(
    "`dynamodb:GetItem`/`PutItem` on their items alone (`LeadingKeys`) with the journeys' key through DynamoDB",
    BROWSER_IAM,
    "reads and writes its journeys' items alone, and their old parameters",
    'dynamodb:GetItem',
  ),
  held(
    "`s3:PutObject` under the trace bucket's `har/` (a failed journey's HAR, screenshot and page trace)",
    BROWSER_IAM,
    "puts traces under the trace bucket's har/ prefix alone, and names the bucket",
    's3:PutObject',
  ),
  held("nothing of the quorum's table or latches.", BROWSER_IAM, "takes nothing of the probe's: the quorum's table"),
  held(
    'nothing of a `"browser"` journey\'s (its user\'s secret, its item, its old parameters), which the browser ' +
      "function's role alone reads",
    BROWSER_IAM,
    "leaves the probe's role nothing of the browser journey's",
  ),
  held(
    'With `vpc`, in those subnets and security groups (the network-interface actions beside), as the probe.',
    BROWSER_IAM,
    "runs in the config's subnets and security groups",
  ),
  held(
    "It runs on the schedule `<prefix>-browser`, every its browser journeys' `everyMinutes` (default 10), never " +
      "retried, its failures to the probe's dead-letter queue",
    'test/lib/browser-function.test.ts',
    "runs every 10 minutes (the browser default), never retried, its failures to the probe's queue",
  ),
  held(
    'as a Lambda (Node.js 24, arm64, its memory sized from the config: 176 MB for the example',
    'test/lib/probe-memory.test.ts',
    'is 176 MB for the example config, and the config memoryMb when it names one',
  ),
  held(
    'one stack per entry of `regions` (named `<prefix>-<region>`',
    STACK,
    'deploys one stack per configured region, named prefix-region',
  ),
  held(
    'where none does, the synth refuses "no AWS region" as `status` and `secrets put` do, rather than take the CDK ' +
      "CLI's quiet us-east-1)",
    APP,
    "refuses the CDK CLI's quiet us-east-1 when nothing names a region, as status and secrets put refuse",
  ),
  held(
    'Without `secretName` the stack creates the secret `<prefix>/<server id>` holding a placeholder, and prints, per ' +
      'server, an output with the exact command that fills it',
    STACK,
    'creates one secret per server with a placeholder and prints the command that fills it',
  ),
  held(
    'the run log lists the server under `pending` (level WARN) and the dashboard\'s "Waiting for a credential" ' +
      'table shows it',
    'test/lib/alarm-model.test.ts',
    'shows on the dashboard which servers still wait for their credential',
  ),
  held(
    "**The quiet ends after 24 hours** (`PLACEHOLDER_GRACE_HOURS`, counted from the placeholder version's " +
      '`CreatedDate`)',
    CACHE,
    'a first deployment stays quiet for the grace period; a cached read ages into the warning',
  ),
  held(
    'A secret that was filled and then cannot be read (deleted, access denied, a PEM where a client secret belongs) ' +
      "is `SECRETS_UNAVAILABLE`: our monitoring's own failure, never Okta's, so it warns",
    CACHE,
    'refuses a PEM block where a client secret belongs, without quoting it',
    'toCredential',
  ),
  // The PEM row proves the refusal only; this one that an access denied becomes SECRETS_UNAVAILABLE on the token
  // check, kept from its page alarm and told by the server's UnpagedFailure.
  held(
    'A secret that was filled and then cannot be read (deleted, access denied, a PEM where a client secret belongs) ' +
      "is `SECRETS_UNAVAILABLE`: our monitoring's own failure, never Okta's, so it warns",
    PROBE,
    'reports SECRETS_UNAVAILABLE on the token checks when Secrets Manager fails, published as ours',
    'AccessDeniedException',
    "name: 'UnpagedFailure'",
  ),
  held(
    'So is a secret that holds the placeholder *again* after holding a credential',
    CACHE,
    'the placeholder put back over a credential is SECRETS_UNAVAILABLE, a failure of ours',
  ),
  held(
    'The function reads each secret at most every 5 minutes, and at once after Okta answers `invalid_client`',
    PROBE,
    'rereads a secret after Okta answered invalid_client (it may have been rotated), and never logs it',
  ),
  held('The function reads each secret at most every 5 minutes', CACHE, 'reuses a secret for the TTL, then reads it'),
  held(
    "The run's deadline is the invocation's remaining time less a margin of at least 3 s that grows with the checks " +
      "to settle and publish and with the CPU share the function's memory buys, so a slow Okta gives `TIMEOUT` " +
      'checks and metrics, never a silent gap.',
    PROBE,
    'ends checks still running at the deadline as TIMEOUT and still publishes their metrics',
  ),
  held(
    "The run's deadline is the invocation's remaining time less a margin of at least 3 s that grows with the checks " +
      "to settle and publish and with the CPU share the function's memory buys",
    PROBE,
    'keeps back a margin growing with the checks to settle and the CPU share, never under 3 s',
    'finishMarginMs',
  ),
  held(
    'No reserved concurrency unless `reservedConcurrency` asks for it.',
    STACK,
    'reserves concurrency only when the config asks for it',
  ),
  held(
    'If CloudWatch refuses it, the same datapoints go to the log in Embedded Metric Format',
    PROBE,
    'writes the same metrics as EMF lines when PutMetricData fails, so no datapoint is lost',
  ),
  held('never a token, key or secret', PROBE, 'never writes a secret, a key or a token to the log'),
  held(
    '`/aws/lambda/<prefix>-probe`, kept `runLogRetentionDays`',
    STACK,
    'keeps the run log as long as runLogRetentionDays says',
  ),
  held(
    '`<prefix>-probe-dlq` (SSE-SQS, TLS only, 14 days)',
    STACK,
    'encrypts the dead-letter queue and refuses it over plain HTTP',
  ),
  held(
    'A role of its own (no AWS managed policy): write to its log group',
    STACK,
    'grants PutMetricData only in its namespace and GetSecretValue only on its own secrets, with no managed',
  ),
  held(
    '`cloudwatch:PutMetricData` limited to the namespace, `GetSecretValue` on its own secrets only',
    STACK,
    'grants PutMetricData only in its namespace and GetSecretValue only on its own secrets, with no managed',
  ),
  held(
    'Also, each only where the config has it:',
    'test/lib/probe-iam-doc.test.ts',
    "names every action of the probe's role, with every feature that adds one on",
  ),
  held(
    "held to its own journeys' items by `dynamodb:LeadingKeys`",
    JOURNEYS,
    "lets the probe get and put its own journeys' items (LeadingKeys), and no other item",
  ),
  held(
    'A throttled read or write (`ProvisionedThroughputExceededException`, `ThrottlingException`) is sent again with ' +
      'an exponential back-off within 5 s: it wrote nothing.',
    STATE,
    'sends a throttled read or write again, backing off exponentially, and gives up within 5 s',
    'ProvisionedThroughputExceededException',
    'ThrottlingException',
    'createDynamoStateStore',
    '5_000',
  ),
  held(
    'each topic lets CloudWatch publish for the alarms that notify it, named exactly (never `<prefix>-*`, which ' +
      'would admit a deployment whose prefix extends ours)',
    STACK_NOTIFIER,
    "matches this deployment's alarms exactly: not those of a deployment whose prefix extends ours",
  ),
  held(
    'All four are encrypted with one customer-managed key (rotation on)',
    STACK,
    'sends alarms to a topic encrypted with a rotating customer key CloudWatch may use, TLS only',
  ),
  held(
    "`-2`, `-3`... follow when the names pass a pattern's 2,048 characters: 6 per severity at 90 servers with the " +
      'longest names',
    STACK_NOTIFIER,
    "keeps exact matching within AWS's limits at 90 servers with the longest names",
  ),
  held(
    "May read the probe's log group (`logs:FilterLogEvents`, that group only)",
    STACK_NOTIFIER,
    "lets the notifier read only the probe's log group and publish only to the message topics",
  ),
  held(
    'A failed notification is retried twice, then goes raw to the message topic of its severity',
    STACK_NOTIFIER,
    'invokes the notifier through one alias per severity, each falling back to its own message topic after 2',
  ),
  held(
    'People can open alarms and their graphs from the channel; nobody can change the account, read an SNS ' +
      "subscription (the pager's URL and key) or a log group.",
    STACK_NOTIFIER,
    'lets the channel look at alarms and their graphs and nothing else',
  ),
  held(
    "the probe's right to write its item and read its peers' there, to read and set its latch alarms",
    'test/lib/quorum.test.ts',
    "lets the probe write its item and read its peers' in its own region, and set only its latches",
  ),
  held(
    'One nested stack per authorization server (`Alarms/Server-<id>`) with its per-check alarms and its page and ' +
      'warn composites',
    SCALE,
    "puts each server's alarms in a nested stack of its own",
  ),
  held(
    'With `statusPage`, in the home region only: a private S3 bucket (SSE-S3, TLS only, Block Public Access, ' +
      'retained with the stack) behind a CloudFront distribution that reads and lists it through origin access ' +
      'control',
    'test/lib/status-page.test.ts',
    'serves a private, encrypted, TLS-only bucket through origin access control, never cached, with CSP',
  ),
  held(
    'answers over IPv6 only when `allowFrom` lists an IPv6 network',
    'test/lib/status-page.test.ts',
    'is on when allowFrom lists an IPv6 network',
  ),
  held(
    'With `preview`, in the home region only: the schedule `<prefix>-preview` (every `preview.everyMinutes`, ' +
      'default 5)',
    'test/lib/preview.test.ts',
    'runs the Preview org from one schedule in the home region, every 5 minutes',
  ),
  held(
    'and two alarms that notify the warn topic alone, never a page composite',
    'test/lib/preview.test.ts',
    'warns only: its alarms notify the warn topic and no composite holds them',
  ),
  held(
    '`<prefix>-<region>`: per server the success rate of each check, latency p50/p90',
    STACK,
    'builds one dashboard with success rate, latency, headroom, skew, status, alarms and the failures query',
  ),
  held(
    "`cdk synth` runs cdk-nag's AwsSolutions checks: an unacknowledged finding fails it.",
    APP,
    'are attached to every synth: an unencrypted queue fails it',
  ),
  // What one deployment holds.
  held(
    'not a Lambda environment variable (capped at 4 KB in all',
    SCALE,
    'bundles the whole configuration beside the handler, far past the 4 KB a Lambda environment holds',
  ),
  held(
    'the function reads it without parsing it again, and refuses one written by a stack of another version',
    PROBE,
    'refuses a resolved config of another version with one clear line naming both versions',
  ),
  held(
    'It holds no secret, only secret names.',
    STACK,
    "hands the Lambda its configuration with the secrets' names and no secret material",
  ),
  held(
    '`test/lib/scale.test.ts` checks its counts against real synths',
    SCALE,
    'stays within every CloudFormation and dashboard limit',
  ),
  // Troubleshooting the first day.
  held(
    '| `cdk synth` prints `config: no configuration file given` | Pass `-c config=FILE`; the example is never a ' +
      'default. |',
    APP,
    'refuses to synthesize without a configuration, saying how to give one (the example is never a default)',
  ),
  held(
    'Deploy again with this version: the configuration goes into the asset 0644',
    'test/deploy/staging.test.ts',
    "leaves the asset's copy readable by others (0644) under a umask of 077",
  ),
  held(
    '`status --invoke` says `FAILED <prefix>-probe: Error: okta-synthetics.config.json is missing beside the handler`',
    ASSETS,
    "a probe whose configuration only its owner may read (0600, as staged before): FAILED with Lambda's",
  ),
];

/** What AWS and Okta do, kept beside the sources the doc names. */
const OUTSIDE: readonly OutsideFact[] = [
  cited(
    'of a key pair Okta generates, "This is your only opportunity to save the private key"',
    'okta-developer-docs `guides/implement-oauth-for-okta-serviceapp`',
  ),
  cited('"automatically moves" to the version a put replaces', 'PutSecretValue API reference'),
  cited('capped at 4 KB in all', 'Lambda quotas'),
  cited("CloudFormation's 500 resources per template", 'CloudFormation quotas'),
  cited("CloudFormation's 200 outputs per template", 'CloudFormation quotas'),
  cited("CloudWatch's 500 widgets", '"Dashboard Body Structure and Syntax"'),
  cited('An alarm status widget takes at most 100 alarms ("The array can have 1-100 ARNs"', 'Dashboard Body'),
  cited('"New AWS accounts have reduced concurrency and memory quotas"', 'Lambda quotas'),
  cited(
    '"minus 100 for functions that don\'t have reserved concurrency"',
    'Lambda developer guide, "Managing Lambda reserved concurrency"',
  ),
  cited(
    'AWS deletes a source left Pending for two weeks',
    'user-sign-ins.md#deleting-the-stack-and-the-stream',
    'EventBridge API reference, DeactivateEventSource',
  ),
];

describe('docs/deploying.md, claim by claim', () => {
  itHoldsClaims(DOC, CLAIMS);
  // Outside facts, cited: what AWS and Okta do cannot fail here; each stays only beside its source.
  itCitesFacts(DOC, OUTSIDE);
});
