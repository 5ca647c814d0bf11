// What the Lambda bundles in place of @aws-sdk/credential-provider-node (an esbuild alias, lib/lambda-defaults.ts):
// the SDK clients' default credential chain reduced to its first link, the environment. Lambda always hands a
// function its role's credentials there (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the
// rest of the chain (profiles, SSO, web identity, container and instance metadata, with the STS and SSO clients
// they bring) is never reached in Lambda, yet made up 132 KB (11 %) of the bundle that every cold start loads
// (BENCHMARKS.md, section d, measures both bundles' load). The CLI is not bundled this way: `run --secrets aws` keeps
// the whole chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The export the SDK clients' runtime config imports from @aws-sdk/credential-provider-node. */
export const defaultProvider = (_init?: unknown): ReturnType<typeof fromEnv> => fromEnv();
