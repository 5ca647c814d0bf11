// The entry of `okta-synthetics/cdk` in the package: the peers are checked before the construct's module, whose
// imports of aws-cdk-lib would otherwise fail first, is loaded. Its declarations are lib/okta-synthetics.ts's.
import { installedVersion, peerProblems } from './peer-check';

const problems = peerProblems((name) => installedVersion(name, import.meta.url));
if (problems.length > 0) throw new Error(`okta-synthetics/cdk: ${problems.join('; ')}`);

const construct = await import('./okta-synthetics');

export const { OktaSynthetics, OktaSyntheticsConfigError } = construct;
