// The maintenance read's one SSM call, in a module of its own: maintenance.ts imports it with its first read, so the
// SSM client loads with the handler's first call, not at init (BENCHMARKS.md, section q). Static named
// imports on purpose: esbuild then keeps only GetParameter of the SSM client's ~150 commands (+80 KB minified), where
// a dynamic import('@aws-sdk/client-ssm') would bundle them all (+180 KB).
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

export { SSMClient };

/** The parameter's value (undefined when it has none); rejects as the SDK does (ParameterNotFound, a timeout). */
export async function getParameter(
  client: SSMClient,
  name: string,
  abortSignal: AbortSignal,
): Promise<string | undefined> {
  const answer = await client.send(new GetParameterCommand({ Name: name }), { abortSignal });
  return answer.Parameter?.Value;
}
