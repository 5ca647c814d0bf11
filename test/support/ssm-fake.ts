// An SSM of parameters with versions, as PutParameter numbers them (Overwrite: each put is the next version), and
// DeleteParameter, for the Lambda's journey state store on no network.
import {
  DeleteParameterCommand,
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';

/** A maker of clients of one in-memory SSM; `parameters` is what it holds, to read in a test. */
export function ssmFake(): (() => SSMClient) & {
  readonly parameters: ReadonlyMap<string, { value: string; version: number }>;
} {
  const parameters = new Map<string, { value: string; version: number }>();
  const client = new SSMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
  });
  const mock = mockClient(client);
  mock.on(GetParameterCommand).callsFake((input: { Name: string }) => {
    const found = parameters.get(input.Name);
    if (found === undefined) throw new ParameterNotFound({ message: 'not found', $metadata: {} });
    return { Parameter: { Name: input.Name, Value: found.value, Version: found.version } };
  });
  mock.on(PutParameterCommand).callsFake((input: { Name: string; Value: string }) => {
    const version = (parameters.get(input.Name)?.version ?? 0) + 1;
    parameters.set(input.Name, { value: input.Value, version });
    return { Version: version };
  });
  // A name that does not exist answers ParameterNotFound (SSM API reference, DeleteParameter, Errors).
  mock.on(DeleteParameterCommand).callsFake((input: { Name: string }) => {
    if (!parameters.delete(input.Name))
      throw new ParameterNotFound({
        message: "The parameter couldn't be found. Verify the name and try again.",
        $metadata: {},
      });
    return {};
  });
  return Object.assign(() => client, { parameters });
}
