// CDK entry (cdk.json: `npx --no-install tsx lib/app.ts`). `cdk synth -c config=okta-synthetics.json`: the file is
// required, never defaulted. A configuration error prints every bad field and exits 2, without a stack trace, each
// problem wrapped under itself within 80 columns as `plan` prints it (the CDK CLI runs the app with stderr piped, so
// no terminal's width is known): a refusal naming the known fields ran to hundreds of columns.
import { App } from 'aws-cdk-lib';
import { formatConfigErrors } from '../functions/config/parse';
import { wrapBlock } from '../functions/text/wrap';
import { buildApp } from './build-app';
import { assemblyQuotaProblems } from './template-quotas';

/** The width of a refusal: a terminal's first width, as the CLI's piped output. */
const REFUSAL_WIDTH = 80;

const app = new App();
const result = buildApp(app);
if (!result.ok) {
  console.error(wrapBlock(formatConfigErrors(result.errors, result.file), REFUSAL_WIDTH));
  process.exit(2);
}
// What only the synthesized templates show (a rule's pattern, a role's policies, a function's environment), refused
// here with the resource and the quota, not by CloudFormation's rollback.
const problems = assemblyQuotaProblems(app.synth());
if (problems.length > 0) {
  console.error(wrapBlock(formatConfigErrors(problems), REFUSAL_WIDTH));
  process.exit(2);
}
