// Config of where alarms go: https endpoints per severity (PagerDuty, Opsgenie, webhooks) and chat channels.
// Every problem names the field and the fix; a URL carrying an integration key never reaches the template.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/config/parse';

function parse(extra: Record<string, unknown>) {
  return parseConfig(
    {
      orgUrl: 'https://acme.okta.com',
      servers: [
        {
          id: 'default',
          clientId: '0oa1',
          scopes: ['api:read'],
          audience: 'api://default',
          secretName: 'okta-synthetics/default',
          authMethod: 'client_secret_basic',
        },
      ],
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
    const result = parse({
      alarmEndpoints: { page: ['https://hooks.example.com/okta', { secretName: 'pagerduty-url' }], warn: [] },
    });
    expect(result.ok && result.config.deploy.alarmEndpoints).toEqual({
      page: [
        { kind: 'url', url: 'https://hooks.example.com/okta' },
        { kind: 'secret', secretName: 'pagerduty-url' },
      ],
      warn: [],
    });
  });

  it.each([
    ['https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue'],
    ['https://api.opsgenie.com/v1/json/cloudwatch?apiKey=eb243592-faa2-4ba2-a551q-1afdf565c889'],
  ])('refuses %s in clear: its key would be written into the template', (url) => {
    const [error] = errorsOf({ alarmEndpoints: { page: [url] } });
    expect(error).toMatch(
      /^alarmEndpoints\.page\[0\]: this URL carries an integration key.*store the URL in Secrets Manager and write \{ "secretName": "<its name>" \}/,
    );
    expect(error).not.toContain('0123456789abcdef');
    expect(error).not.toContain('eb243592');
  });

  it('names the field and the fix for each mistake', () => {
    expect(errorsOf({ alarmEndpoints: { pages: [] } })).toEqual([
      'alarmEndpoints.pages: unknown field (did you mean page?)',
    ]);
    expect(errorsOf({ alarmEndpoints: { page: 'https://x.example.com' } })).toEqual([
      expect.stringMatching(/^alarmEndpoints\.page: expected an array/),
    ]);
    expect(errorsOf({ alarmEndpoints: { warn: ['http://hooks.example.com/x'] } })).toEqual([
      expect.stringMatching(/^alarmEndpoints\.warn\[0\]: must use https/),
    ]);
    expect(errorsOf({ alarmEndpoints: { page: [{ secret: 'x' }] } })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^alarmEndpoints\.page\[0\]\.secretName: required/)]),
    );
    expect(errorsOf({ alarmEndpoints: [] })).toEqual([
      expect.stringMatching(/^alarmEndpoints: expected an object like/),
    ]);
  });
});

describe('chat', () => {
  it('reads Slack and Teams channels; severities default to both', () => {
    const result = parse({
      chat: {
        slack: [{ workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }],
        teams: [
          {
            teamId: 'e3b0c442-98fc-1c14-9afb-f4c8996fb924',
            channelId: '19:abc@thread.tacv2',
            tenantId: '8f14e45f-ceea-467a-9575-0e8d2c1d2b3a',
            severities: ['page'],
          },
        ],
      },
    });
    expect(result.ok && result.config.deploy.chat).toEqual({
      slack: [{ workspaceId: 'T0123ABCD', channelId: 'C0123ABCD', severities: ['page', 'warn'] }],
      teams: [
        {
          teamId: 'e3b0c442-98fc-1c14-9afb-f4c8996fb924',
          channelId: '19%3Aabc%40thread.tacv2',
          tenantId: '8f14e45f-ceea-467a-9575-0e8d2c1d2b3a',
          severities: ['page'],
        },
      ],
    });
  });

  it('refuses ids CloudFormation would refuse, saying where the right one is', () => {
    const errors = errorsOf({
      chat: {
        slack: [{ workspaceId: 'acme', channelId: '#okta-alerts' }],
        teams: [{ teamId: 'Platform', channelId: 'General', tenantId: 'acme.onmicrosoft.com' }],
      },
    });
    expect(errors).toEqual([
      expect.stringMatching(/^chat\.slack\[0\]\.workspaceId: "acme" is not a Slack workspace id/),
      expect.stringMatching(/^chat\.slack\[0\]\.channelId: "#okta-alerts" is not a Slack channel id: .*not the #name/),
      expect.stringMatching(/^chat\.teams\[0\]\.teamId: "Platform" is not a Teams team id: a GUID/),
      expect.stringMatching(
        /^chat\.teams\[0\]\.channelId: "General" is not a Teams channel id: like 19:abc123@thread\.tacv2/,
      ),
      expect.stringMatching(/^chat\.teams\[0\]\.tenantId: "acme\.onmicrosoft\.com" is not a Microsoft Entra tenant id/),
    ]);
  });

  it('names the missing id and where to find it, and refuses an unknown severity', () => {
    const errors = errorsOf({
      chat: {
        slack: [{ workspaceId: 'T0123ABCD', severities: ['critical'] }],
        teams: [{ teamId: 'e3b0c442-98fc-1c14-9afb-f4c8996fb924', channelId: '19:c@thread.tacv2' }],
      },
    });
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

describe('namespace', () => {
  it('gives a deployment with a prefix of its own a namespace of its own, so two orgs never share datapoints', () => {
    const ns = (extra: Record<string, unknown>) => {
      const result = parse(extra);
      return result.ok ? result.config.deploy.namespace : result.errors;
    };
    expect(ns({})).toBe('OktaSynthetics');
    expect(ns({ prefix: 'okta-preview' })).toBe('OktaSynthetics/okta-preview');
    expect(ns({ prefix: 'okta-preview', namespace: 'Identity/Okta' })).toBe('Identity/Okta');
  });
});
