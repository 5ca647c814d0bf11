// Config of where alarms go: https endpoints per severity (PagerDuty, Opsgenie, webhooks) and chat channels.
// Every problem names the field and the fix; a URL carrying an integration key never reaches the template.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/config/parse';

function parse(extra: Record<string, unknown>) {
  return parseConfig(
    {
      orgUrl: 'https://acme.okta.com',
      servers: [{ id: 'default', clientId: '0oa1', scopes: ['api:read'], audience: 'api://default', secretName: 'okta-synthetics/default', authMethod: 'client_secret_basic' }],
      ...extra,
    },
    { mode: 'deploy', baseDir: '.' },
  );
}

function errorsOf(extra: Record<string, unknown>): string[] {
  const result = parse(extra);
  return result.ok ? [] : result.errors;
}

describe('alarmEndpoints', () => {
  it('reads https URLs and secret references per severity', () => {
    const result = parse({ alarmEndpoints: { page: ['https://hooks.example.com/okta', { secretName: 'pagerduty-url' }], warn: [] } });
    expect(result.ok && result.config.deploy.alarmEndpoints).toEqual({
      page: [{ kind: 'url', url: 'https://hooks.example.com/okta' }, { kind: 'secret', secretName: 'pagerduty-url' }],
      warn: [],
    });
  });

  it.each([
    ['https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue'],
    ['https://api.opsgenie.com/v1/json/cloudwatch?apiKey=eb243592-faa2-4ba2-a551q-1afdf565c889'],
  ])('refuses %s in clear: its key would be written into the template', (url) => {
    const [error] = errorsOf({ alarmEndpoints: { page: [url] } });
    expect(error).toMatch(/^alarmEndpoints\.page\[0\]: this URL carries an integration key.*store the URL in Secrets Manager and write \{ "secretName": "<its name>" \}/);
    expect(error).not.toContain('0123456789abcdef');
    expect(error).not.toContain('eb243592');
  });

  it('names the field and the fix for each mistake', () => {
    expect(errorsOf({ alarmEndpoints: { pages: [] } })).toEqual(["alarmEndpoints.pages: unknown field (did you mean page?)"]);
    expect(errorsOf({ alarmEndpoints: { page: 'https://x.example.com' } })).toEqual([expect.stringMatching(/^alarmEndpoints\.page: expected an array/)]);
    expect(errorsOf({ alarmEndpoints: { warn: ['http://hooks.example.com/x'] } })).toEqual([expect.stringMatching(/^alarmEndpoints\.warn\[0\]: must use https/)]);
    expect(errorsOf({ alarmEndpoints: { page: [{ secret: 'x' }] } })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^alarmEndpoints\.page\[0\]\.secretName: required/)]),
    );
    expect(errorsOf({ alarmEndpoints: [] })).toEqual([expect.stringMatching(/^alarmEndpoints: expected an object like/)]);
  });
});

describe('chat', () => {
  it('reads Slack and Teams channels; severities default to both', () => {
    const result = parse({
      chat: {
        slack: [{ workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }],
        teams: [{ teamId: 'team-1', channelId: '19:abc@thread.tacv2', tenantId: 'tenant-1', severities: ['page'] }],
      },
    });
    expect(result.ok && result.config.deploy.chat).toEqual({
      slack: [{ workspaceId: 'T0123ABCD', channelId: 'C0123ABCD', severities: ['page', 'warn'] }],
      teams: [{ teamId: 'team-1', channelId: '19:abc@thread.tacv2', tenantId: 'tenant-1', severities: ['page'] }],
    });
  });

  it('names the missing id and where to find it, and refuses an unknown severity', () => {
    const errors = errorsOf({ chat: { slack: [{ workspaceId: 'T0123ABCD', severities: ['critical'] }], teams: [{ teamId: 't', channelId: 'c' }] } });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^chat\.slack\[0\]\.channelId: required: the Slack channel id \(C\.\.\.\)/),
        expect.stringMatching(/^chat\.slack\[0\]\.severities\[0\]: "critical" is not a severity; use "page" or "warn"/),
        expect.stringMatching(/^chat\.teams\[0\]\.tenantId: required: the Microsoft Entra tenant id/),
      ]),
    );
    expect(errorsOf({ chat: { discord: [] } })).toEqual([expect.stringMatching(/^chat\.discord: /)]);
  });
});
