import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type ConfigMode } from '../../../functions/config/parse';
import { resolvedOf } from '../../support/server-configs';
import type { ProbeConfig } from '../../../functions/types';

// "inventory": true on the "org" entry and the top-level expiryWarnDays, apiTokenWarnDays, inventoryEveryMinutes:
// the field names are a contract other tests write.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-inventory-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'probe.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCOPES = [
  'okta.apiTokens.read',
  'okta.apps.read',
  'okta.idps.read',
  'okta.eventHooks.read',
  'okta.logStreams.read',
  'okta.agentPools.read',
];
const org = (extra: Record<string, unknown> = {}) => ({
  id: 'org',
  clientId: '0oa...',
  privateKeyFile: 'probe.pem',
  scopes: SCOPES,
  inventory: true,
  ...extra,
});

function parse(file: Record<string, unknown>, mode: ConfigMode = 'cli') {
  return parseConfig(
    { orgUrl: 'https://acme.okta.com', ...file },
    { mode, baseDir: dir, env: { S: 'secret-value-xyz' } },
  );
}
const errors = (file: Record<string, unknown>, mode: ConfigMode = 'cli'): string[] => {
  const result = parse(file, mode);
  return result.ok ? [] : result.errors;
};

/** The four settings the inventory reads, as the parsed config holds them. */
const settingsOf = ({
  expiryWarnDays,
  apiTokenWarnDays,
  inventoryEveryMinutes,
  inventoryMaxApps,
}: ProbeConfig): Record<string, number> => ({
  expiryWarnDays,
  apiTokenWarnDays,
  inventoryEveryMinutes,
  inventoryMaxApps,
});

describe('inventory on the org server', () => {
  it("accepts the issue's own example, with the defaults 30, 7, 60 and 200", () => {
    const result = parse({ servers: [org()] });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.probe.servers[0]?.inventory).toBe(true);
    expect(settingsOf(result.config.probe)).toEqual({
      expiryWarnDays: 30,
      apiTokenWarnDays: 7,
      inventoryEveryMinutes: 60,
      inventoryMaxApps: 200,
    });
  });

  it(
    'reads expiryWarnDays, apiTokenWarnDays, inventoryEveryMinutes and inventoryMaxApps at the top level, and ' +
      'hands them to the Lambda',
    () => {
      const result = parse(
        {
          servers: [org({ authMethod: 'private_key_jwt', privateKeyFile: undefined })],
          expiryWarnDays: 45,
          apiTokenWarnDays: 10,
          inventoryEveryMinutes: 120,
          inventoryMaxApps: 50,
        },
        'deploy',
      );

      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(settingsOf(result.config.probe)).toEqual({
        expiryWarnDays: 45,
        apiTokenWarnDays: 10,
        inventoryEveryMinutes: 120,
        inventoryMaxApps: 50,
      });
      const lambda = resolvedOf(result.config, new Map([['org', 'arn:aws:secretsmanager:us-east-1:1:secret:x']]));
      expect(lambda.probe).toMatchObject({
        expiryWarnDays: 45,
        apiTokenWarnDays: 10,
        inventoryEveryMinutes: 120,
        inventoryMaxApps: 50,
        servers: [{ inventory: true }],
      });
    },
  );

  it(
    'refuses it on a custom server, without any inventory scope, or with a client secret, naming the field and ' +
      'the fix',
    () => {
      expect(
        errors({
          servers: [
            {
              id: 'default',
              clientId: 'c',
              scopes: ['probe'],
              audience: 'api://default',
              clientSecretEnv: 'S',
              inventory: true,
            },
          ],
        }),
      ).toEqual([expect.stringMatching(/^servers\[0\]\.inventory: only for the Org AS \(id "org"\)/)]);
      expect(errors({ servers: [org({ scopes: ['okta.users.read'] })] })).toEqual([
        expect.stringMatching(
          /^servers\[0\]\.inventory: needs at least one of the scopes okta\.apiTokens\.read, .*the narrowest admin role that reads them \(docs\/inventory\.md/,
        ),
      ]);
      expect(errors({ servers: [org({ privateKeyFile: undefined, clientSecretEnv: 'S' })] })).toEqual([
        expect.stringMatching(/^servers\[0\]\.inventory: needs private_key_jwt/),
      ]);
    },
  );

  it(
    'refuses an apiTokenWarnDays of 30 or more (every token in use has about 30 days left) and other ' +
      'out-of-range values',
    () => {
      expect(errors({ servers: [org()], apiTokenWarnDays: 30 })).toEqual([
        'apiTokenWarnDays: 30 is out of range: use an integer from 1 to 29 (days)',
      ]);
      expect(errors({ servers: [org()], inventoryEveryMinutes: 1, expiryWarnDays: '30' })).toEqual([
        'expiryWarnDays: expected an integer (days) from 1 to 365, got a string (write 30 without quotes)',
        'inventoryEveryMinutes: 1 is out of range: use an integer from 5 to 1440 (minutes)',
      ]);
    },
  );

  it('false leaves it off', () => {
    const result = parse({ servers: [org({ inventory: false })] });

    expect(result.ok && result.config.probe.servers[0]?.inventory).toBe(undefined);
  });
});
