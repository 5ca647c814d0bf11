// A config with a "preview" block deploys: the stack synthesizes, and says in a warning that it does not probe the
// Preview org (the CLI's run does), so that nobody takes the deployed block for a Preview org watched.
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { build, exampleConfig } from './helpers';

const preview = {
  orgUrl: 'https://acme.oktapreview.com',
  servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
};

describe('the stack with a preview block', () => {
  it('synthesizes and warns that the Preview org is probed by run only', () => {
    const { result } = build({ ...exampleConfig(), preview });
    expect(result.ok).toBe(true);
    const [stack] = result.ok ? result.stacks : [];
    Annotations.fromStack(stack!).hasWarning(
      '*',
      Match.stringLikeRegexp('preview: https://acme.oktapreview.com is probed by "run" only; this stack does not'),
    );
  });

  it('says nothing of a Preview org without the block', () => {
    const { result } = build(exampleConfig());
    const [stack] = result.ok ? result.stacks : [];
    Annotations.fromStack(stack!).hasNoWarning('*', Match.stringLikeRegexp('Preview org'));
  });
});
