// What the probe keeps between runs besides the journeys: with the inventory's api-tokens check, the
// Lambda may read and write one SSM parameter, /<prefix>/kept/api-tokens (the tokens it saw expiring, which Okta's
// list drops once they go), named to it by KEPT_STATE_PATH; without that check, neither the variable nor the grant.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { exampleConfig, resources, synthTemplate } from './helpers';
import { samlCatalogueConfig, userSignInsConfig } from '../support/configs';

const P = 'okta-synthetics';

/** The example's org server reading the inventory, with the token scope or without it. */
function withInventory(scopes: readonly string[]): Record<string, unknown> {
  const config = exampleConfig();
  const servers = (config.servers as Record<string, unknown>[]).map((s) =>
    s.id === 'org' ? { ...s, inventory: true, scopes: [...(s.scopes as string[]), ...scopes] } : s,
  );
  return { ...config, servers };
}
const ssmWrites = (template: Template) =>
  resources(template, 'AWS::IAM::Policy')
    .flatMap(
      ([, r]) => (r.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
    )
    .filter((st) => JSON.stringify(st.Action).includes('ssm:PutParameter'));

describe("the kept records' SSM parameter", () => {
  it(
    'with api-tokens in the plan: KEPT_STATE_PATH, and Get/Put on /<prefix>/kept/api-tokens alone; the stack ' +
      'creates no parameter',
    () => {
      const template = synthTemplate(withInventory(['okta.apiTokens.read', 'okta.logStreams.read']));
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ KEPT_STATE_PATH: `/${P}/kept` }) },
      });
      const writes = ssmWrites(template);
      expect(writes.map((st) => st.Action)).toEqual([['ssm:GetParameter', 'ssm:PutParameter']]);
      const arns = JSON.stringify(writes[0]?.Resource);
      expect(arns).toContain(`:parameter/${P}/kept/api-tokens"`);
      expect(arns).not.toContain('*');
      expect(resources(template, 'AWS::SSM::Parameter')).toEqual([]);
    },
  );

  it('without the api-tokens check (the inventory without its scope, or none): no variable, no grant', () => {
    for (const config of [withInventory(['okta.logStreams.read']), exampleConfig()]) {
      const template = synthTemplate(config);
      expect(ssmWrites(template)).toEqual([]);
      const env = resources(template, 'AWS::Lambda::Function').map(([, r]) =>
        JSON.stringify(r.Properties.Environment ?? {}),
      );
      expect(env.some((e) => e.includes('KEPT_STATE_PATH'))).toBe(false);
    }
  });
});

describe("the listed SAML apps' record", () => {
  it('with app-certificates and listed SAML apps: Get/Put on /<prefix>/kept/saml-listed-apps, which it writes', () => {
    const saml = samlCatalogueConfig(1);
    const config = { ...withInventory(['okta.apps.read']), signIn: saml.signIn, samlApps: saml.samlApps };
    const arns = JSON.stringify(ssmWrites(synthTemplate(config)).map((st) => st.Resource));
    expect(arns).toContain(`:parameter/${P}/kept/saml-listed-apps"`);
    const without = JSON.stringify(ssmWrites(synthTemplate({ ...config, samlApps: [] })).map((st) => st.Resource));
    expect(without).not.toContain('saml-listed-apps');
  });
});

describe("the System Log's cursors", () => {
  it('with userSignIns: Get/Put on its own cursor beside the system-log one, so a cold start resumes its poll', () => {
    const template = synthTemplate(userSignInsConfig());
    const arns = JSON.stringify(ssmWrites(template).map((st) => st.Resource));
    expect(arns).toContain(`:parameter/${P}/kept/system-log-cursor"`);
    expect(arns).toContain(`:parameter/${P}/kept/user-sign-ins-cursor"`);
  });
});
