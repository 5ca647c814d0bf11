// CDK entry (cdk.json: `npx --no-install tsx lib/app.ts`). `cdk synth -c config=okta-synthetics.json`: the file is
// required, never defaulted. A configuration error prints every bad field and exits 2, without a stack trace.
import { App } from 'aws-cdk-lib';
import { formatConfigErrors } from '../functions/config/parse';
import { buildApp } from './build-app';

const app = new App();
const result = buildApp(app);
if (!result.ok) {
  console.error(formatConfigErrors(result.errors, result.file));
  process.exit(2);
}
app.synth();
