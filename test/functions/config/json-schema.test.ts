// The JSON Schema for editors comes from the same field table as the validator: the committed file is current,
// the configs we ship and write validate against it, and a field the validator refuses is refused there too.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/config/parse';
import { SERVER_FIELDS, TOP_FIELDS } from '../../../functions/config/schema';
import { SCHEMA_FILE, schemaText } from '../../../scripts/config-schema';
import { simulatorConfigJson } from '../../../sim/config';
import { startSimulator } from '../../../sim/server';
import { EXAMPLE_CONFIG_PATH } from '../../support/configs';

const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('okta-synthetics.schema.json', () => {
  it('is what scripts/config-schema.ts generates (regenerate: npm run docs)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });

  it('accepts the committed example (which names it in $schema) and the config the simulator writes', async () => {
    const example = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
    expect(example.$schema).toBe('./okta-synthetics.schema.json');
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    const sim = await startSimulator({ port: 0 });
    try {
      expect(validate(simulatorConfigJson(sim, 'probe-key.pem')), JSON.stringify(validate.errors)).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it('refuses, like the validator, a field neither knows', () => {
    const example = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as { servers: Record<string, unknown>[] };
    const typo = { ...example, servers: [{ ...example.servers[0], scope: ['okta.users.read'] }, example.servers[1]] };
    expect(validate(typo)).toBe(false);
    expect(
      validate.errors?.some((e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'scope'),
    ).toBe(true);
    const parsed = parseConfig(typo, { mode: 'deploy', baseDir: '.' });
    expect(parsed.ok ? [] : parsed.errors).toContainEqual(
      expect.stringMatching(/^servers\[0\]\.scope: unknown field \(did you mean scopes\?\)/),
    );
  });

  it("takes vpc as one region's subnets or a map of region to them, and refuses an entry the validator refuses", () => {
    const example = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
    const subnets = { subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'] };
    for (const vpc of [subnets, { 'us-east-1': subnets, 'eu-west-1': subnets }]) {
      expect(validate({ ...example, vpc }), JSON.stringify(validate.errors)).toBe(true);
      expect(parseConfig({ ...example, vpc }, { mode: 'deploy', baseDir: '.' }).ok).toBe(true);
    }
    const wrong = { ...example, vpc: { 'us-east-1': { subnetIds: subnets.subnetIds } } };
    expect(validate(wrong)).toBe(false);
    const parsed = parseConfig(wrong, { mode: 'deploy', baseDir: '.' });
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      expect.stringMatching(/^vpc\.us-east-1\.securityGroupIds: required/),
    ]);
  });

  it('refuses a "browser" journey past 360 minutes, as the validator and synth do; an API journey runs daily', () => {
    const example = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
    const journey = {
      id: 'page',
      server: 'default',
      flow: 'browser',
      clientId: '0oa8f5p9w3PoRt4L35d7',
      redirectUri: 'https://portal.acme.example/login/callback',
      username: 'synthetic@acme.example',
      passwordEnv: 'PAGE_PASSWORD',
      totpSecretEnv: 'PAGE_TOTP',
    };
    const every = (flow: string, everyMinutes: number) => ({
      ...example,
      signIn: [{ ...journey, flow, everyMinutes }],
    });
    expect(validate(every('browser', 360)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(every('idx', 1440)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(every('browser', 361))).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/signIn/0/everyMinutes' && e.keyword === 'maximum')).toBe(
      true,
    );
    const parsed = parseConfig(every('browser', 361), { mode: 'deploy', baseDir: '.' });
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      expect.stringMatching(
        /^signIn\[0\]\.everyMinutes: 361 is too long for a "browser" journey: .*set it to 360 or less$/,
      ),
    ]);
    expect(validate({ ...example, preview: { orgUrl: 'https://acme.oktapreview.com', everyMinutes: 361 } })).toBe(
      false,
    );
  });

  it('describes exactly the fields the validator accepts', () => {
    const properties = schema.properties as Record<string, { items?: { properties?: Record<string, unknown> } }>;
    expect(Object.keys(properties)).toEqual(TOP_FIELDS);
    expect(Object.keys(properties.servers?.items?.properties ?? {})).toEqual(SERVER_FIELDS);
  });
});
