// The one rule both tests of the resolved config hold it to, the stack's bundled file (test/lib) and the writer and
// reader alone (test/functions/config): the Lambda runs with the config the stack validated.
import { expect } from 'vitest';
import { credentialMethod } from '../../functions/config/credentials';
import type { LoadedConfig } from '../../functions/config/parse';
import type { ResolvedConfig } from '../../functions/config/resolved';

/**
 * Asserts that `lambda`, the config the Lambda runs with, is `validated`, the config the stack's parse validated, field
 * for field: every probe setting as validated but each credential, which is the secret `secretIds` names (by server
 * or journey id); the deploy settings the Lambda reads, each as validated. Strict: a Set that became {} or a Date that
 * became a string fails; only a field whose value is undefined may be absent, as JSON writes it.
 */
export function expectSameConfig(
  lambda: ResolvedConfig,
  validated: LoadedConfig,
  secretIds: ReadonlyMap<string, string>,
): void {
  const { probe, deploy } = validated;
  const expected: ResolvedConfig = {
    probe: {
      ...probe,
      servers: probe.servers.map((server) => ({
        ...server,
        credential: {
          kind: 'secrets_manager',
          secretId: secretIds.get(server.id),
          secretKind: credentialMethod(server.credential),
        },
      })),
      ...(probe.signIn !== undefined && {
        signIn: probe.signIn.map((entry) => ({
          ...entry,
          secrets: { from: 'secrets_manager', secretId: secretIds.get(entry.id) },
        })),
      }),
    },
    deploy: {
      namespace: deploy.namespace,
      prefix: deploy.prefix,
      regions: deploy.regions,
      scheduleMinutes: deploy.scheduleMinutes,
      quorum: deploy.quorum,
    },
  };
  expect(lambda).toStrictEqual(withoutUndefined(expected));
  // Every secret was given: none of the above compared undefined with undefined.
  const secrets = [
    ...lambda.probe.servers.map((s) => s.credential),
    ...(lambda.probe.signIn ?? []).map((j) => j.secrets),
  ];
  for (const secret of secrets) expect(secret).toMatchObject({ secretId: expect.any(String) });
}

/** `value` without the object fields whose value is undefined, every other value as it is (a Set stays a Set). */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).flatMap(([key, field]) => (field === undefined ? [] : [[key, withoutUndefined(field)]])),
  ) as T;
}
