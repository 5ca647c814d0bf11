// localNotifications: every secret a ${VAR} reference, kept unexpanded, refused with the field named and
// the value never quoted; the stack reads the same file without needing the variables.
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigMode } from '../../../functions/config/parse';
import { PAGERDUTY_EVENTS_URL } from '../../../functions/config/local-notifications';
import { TOP_SCHEMA } from '../../../functions/config/schema';

const base = (localNotifications: unknown) => ({
  orgUrl: 'https://acme.okta.com',
  servers: [
    {
      id: 'default',
      clientId: '0oa-custom',
      scopes: ['probe'],
      audience: 'api://default',
      clientSecretEnv: 'OKTA_SECRET',
      secretName: 'probe/default',
    },
  ],
  localNotifications,
});

function parse(raw: unknown, mode: ConfigMode = 'cli', env: NodeJS.ProcessEnv = { OKTA_SECRET: 's3cret' }) {
  return parseConfig(raw, { mode, baseDir: '/tmp', env });
}

describe('localNotifications', () => {
  it(
    "keeps each ${VAR} as the variable's name, unexpanded " + 'even when it is set, with both severities by default',
    () => {
      const result = parse(
        base([
          { kind: 'slack', url: '${SLACK_URL}' },
          { kind: 'pagerduty', routingKey: '${PD_KEY}', severities: ['page'] },
        ]),
        'cli',
        { OKTA_SECRET: 's3cret', SLACK_URL: 'https://hooks.slack.com/services/T/B/secret' },
      );
      expect(result.ok && result.config.localNotifications).toEqual([
        { kind: 'slack', variable: 'SLACK_URL', severities: ['page', 'warn'] },
        { kind: 'pagerduty', variable: 'PD_KEY', url: PAGERDUTY_EVENTS_URL, severities: ['page'] },
      ]);
      expect(JSON.stringify(result)).not.toContain('hooks.slack.com');
    },
  );

  it('the stack reads the same file without the variables set', () => {
    const result = parse(base([{ kind: 'teams', url: '${TEAMS_URL}' }]), 'deploy', {});
    expect(result.ok).toBe(true);
  });

  it.each([
    [
      [{ kind: 'slack', url: 'https://hooks.slack.com/services/T0/B0/ABCDEFGHIJKLMNOP' }],
      'localNotifications[0].url: must be a reference to an environment variable such as "${SLACK_WEBHOOK_URL}"',
      'ABCDEFGHIJKLMNOP',
    ],
    [
      [{ kind: 'pagerduty', routingKey: 'R0UTINGKEYVALUE0123' }],
      'localNotifications[0].routingKey: must be a reference to an environment variable such as ' +
        '"${PAGERDUTY_ROUTING_KEY}"',
      'R0UTINGKEYVALUE0123',
    ],
    [
      [{ kind: 'pagerduty', routingKey: 'prefix-${PD}' }],
      'localNotifications[0].routingKey: must be a reference',
      'prefix-',
    ],
    [
      [{ kind: 'email', url: '${X}' }],
      'localNotifications[0].kind: expected one of slack, teams, pagerduty, webhook, got "email"',
      undefined,
    ],
    [
      [{ url: '${X}' }],
      "localNotifications[0].kind: required: the channel's kind, one of slack, teams, pagerduty, webhook",
      undefined,
    ],
    // The declared pattern (editors) never took outer spaces; the reader trimmed them, and now refuses them too.
    [
      [{ kind: 'pagerduty', routingKey: ' ${PD} ' }],
      'localNotifications[0].routingKey: must be a reference to an environment variable such as ' +
        '"${PAGERDUTY_ROUTING_KEY}", not the value',
      undefined,
    ],
    [
      [{ kind: 'teams', url: 'https://acme.webhook.office.com/webhookb2/S3CRETvalue0123' }],
      'localNotifications[0].url: must be a reference to an environment variable such as "${TEAMS_WEBHOOK_URL}"',
      'S3CRETvalue0123',
    ],
    [[{ kind: 'slack', url: 7 }], 'localNotifications[0].url: expected a non-empty string, got a number', undefined],
    [[{ kind: 'slack' }], 'localNotifications[0].url: required: the webhook URL', undefined],
    [[{ kind: 'slack', url: '${X}', severities: ['critical'] }], '"critical" is not a severity', undefined],
    [
      [{ kind: 'slack', url: '${X}', routingKey: '${Y}' }],
      'localNotifications[0].routingKey: unknown field',
      undefined,
    ],
    [
      [{ kind: 'pagerduty', routingKey: '${Y}', url: 'http://events.example.com/v2/enqueue' }],
      'localNotifications[0].url: expected the https address',
      undefined,
    ],
    [{ kind: 'slack' }, 'localNotifications: expected an array of channels', undefined],
  ])('refuses %j naming the field', (value, message, neverQuoted) => {
    const result = parse(base(value));
    expect(result.ok).toBe(false);
    const errors = result.ok ? '' : result.errors.join('\n');
    expect(errors).toContain(message);
    if (neverQuoted !== undefined) expect(errors).not.toContain(neverQuoted);
  });
});

describe("a pagerduty channel's Events API address, by its declaration", () => {
  const advice =
    "localNotifications[0].url: expected the https address of PagerDuty's Events API v2, e.g. " +
    `"${PAGERDUTY_EVENTS_URL}" (EU service region: "https://events.eu.pagerduty.com/v2/enqueue")`;
  const errorsOf = (url: string): string[] => {
    const result = parse(base([{ kind: 'pagerduty', routingKey: '${PD}', url }]));
    return result.ok ? [] : result.errors;
  };

  it('is refused by editors where the validator refuses it, with the message it gave', () => {
    // The declaration took any string: editors passed an address without its scheme, or with a password in it.
    const pattern = new RegExp(TOP_SCHEMA.localNotifications.items.properties.url.pattern, 'u');
    const samples = [
      PAGERDUTY_EVENTS_URL,
      'https://events.eu.pagerduty.com/v2/enqueue',
      'http://127.0.0.1:9000/enqueue',
      'events.pagerduty.com/v2/enqueue',
      'http://events.pagerduty.com/v2/enqueue',
      'https://user:pw@events.pagerduty.com/v2/enqueue',
      'https://events.pagerduty.com/v2/enqueue now',
    ];
    for (const url of samples) expect(pattern.test(url), url).toBe(errorsOf(url).length === 0);
    for (const url of samples.slice(3)) expect(errorsOf(url), url).toEqual([advice]);
    // Which form a kind takes is the reader's rule: the declaration takes a webhook's ${VAR}, a pagerduty channel not.
    expect(pattern.test('${PD_URL}')).toBe(true);
    expect(errorsOf('${PD_URL}')).toEqual([advice]);
  });
});
