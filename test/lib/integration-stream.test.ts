// The stack with integration health on Okta's Log Streaming (userSignIns.eventSource): the sign-ins' rule carries the
// integrations' event types too (each family by a prefix, as the polling filter's `sw`), and the aggregator is told to
// count them; without the block, the rule and the aggregator are the sign-ins' alone.
import { describe, expect, it } from 'vitest';
import { INTEGRATION_EVENT_FILTERS, INTEGRATION_STREAM_ENV, SIGN_IN_EVENT_TYPES } from '../../functions/contract';
import { resources, synthTemplate } from './helpers';
import { userSignInsConfig } from '../support/configs';

const SOURCE = 'aws.partner/okta.com/acme/okta-synthetics';

/** The rule's event types and the aggregator's environment, of a template. */
function streamOf(template: ReturnType<typeof synthTemplate>) {
  const [[, rule] = ['', { Properties: {} }]] = resources(template, 'AWS::Events::Rule').filter(([, r]) =>
    JSON.stringify(r.Properties.EventPattern ?? {}).includes('eventType'),
  );
  const aggregator = resources(template, 'AWS::Lambda::Function').find(([, r]) =>
    String(r.Properties.FunctionName).endsWith('-sign-ins'),
  );
  const pattern = rule.Properties.EventPattern as { detail: { eventType: unknown[] } };
  const env = (aggregator?.[1].Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables;
  return { eventTypes: pattern.detail.eventType, env: env ?? {} };
}

describe('integration health on the stream', () => {
  const streamed = { ...userSignInsConfig({ eventSource: SOURCE }), integrationHealth: {} };

  it("carries the integrations' events on the sign-ins' rule and tells the aggregator to count them", () => {
    const { eventTypes, env } = streamOf(synthTemplate(streamed));
    expect(eventTypes).toEqual([
      ...SIGN_IN_EVENT_TYPES,
      ...INTEGRATION_EVENT_FILTERS.eq,
      ...INTEGRATION_EVENT_FILTERS.sw.map((prefix) => ({ prefix })),
    ]);
    expect(eventTypes).toContainEqual({ prefix: 'system.sms.send_' });
    expect(env[INTEGRATION_STREAM_ENV]).toBe('1');
  });

  it('leaves the rule and the aggregator to the sign-ins without the block', () => {
    const { eventTypes, env } = streamOf(synthTemplate({ ...streamed, integrationHealth: undefined }));
    expect(eventTypes).toEqual([...SIGN_IN_EVENT_TYPES]);
    expect(env[INTEGRATION_STREAM_ENV]).toBeUndefined();
  });
});
