// The notifier's message builder: what an on-call engineer reads, built from the alarm and the probe's run lines.
import { describe, expect, it } from 'vitest';
import { RUN_LOG_MESSAGE, type RunLogFailure, type RunLogLine } from '../../../functions/contract';
import { adminConsoleUrl, buildMessage, MAX_SUBJECT_LENGTH } from '../../../functions/notify/message';
import { parseAlarmName } from '../../../functions/plan/alarm-names';
import { verdictOf } from '../../../functions/plan/verdict';
import { traceUrl } from '../../../functions/notify/links';
import { webhookBody } from '../../../functions/notify/webhooks';

const PREFIX = 'okta-synthetics';

function run(startedAt: string, failures: RunLogFailure[]): RunLogLine {
  return {
    level: failures.length > 0 ? 'WARN' : 'INFO',
    message: RUN_LOG_MESSAGE,
    startedAt,
    durationMs: 900,
    orgUrl: 'https://acme.okta.com',
    passed: 10,
    failed: failures.length,
    skipped: 0,
    failures,
    metrics: { published: 20, emf: 0 },
  };
}

function failure(
  check: RunLogFailure['check'],
  code: RunLogFailure['code'],
  detail?: string,
  server = 'default',
): RunLogFailure {
  return {
    server,
    check,
    code,
    summary: `${code} summary`,
    remedy: `${code} remedy`,
    requestId: `req-${code}`,
    ...(detail !== undefined ? { detail } : {}),
  };
}

const alarm = (state: string, name = `${PREFIX}-default-page`) => ({
  alarmName: name,
  state,
  reason: 'Composite alarm rule evaluated to TRUE',
  timestamp: '2026-11-22T03:10:00.000Z',
  previousTimestamp: '2026-11-22T02:20:00.000Z',
});

describe('buildMessage', () => {
  it("a page's subject names the failure that paged, as verdictOf tells it, never a warning the run also had", () => {
    // An expiring certificate warns (its alarm), a refused client pages: the run line lists the warning first.
    const warned = failure('certificate', 'TLS_CERT_EXPIRING');
    const paged = failure('token', 'INVALID_CLIENT');
    expect([verdictOf('certificate', warned.code).severity, verdictOf('token', paged.code).severity]).toEqual([
      'warn',
      'page',
    ]);
    const runs = [run('2026-11-22T03:09:00.000Z', [warned, paged])];
    expect(buildMessage({ change: alarm('ALARM'), prefix: PREFIX, runs }).subject).toContain('INVALID_CLIENT');
    expect(buildMessage({ change: alarm('ALARM', `${PREFIX}-default-warn`), prefix: PREFIX, runs }).subject).toContain(
      'TLS_CERT_EXPIRING',
    );
  });

  it('an access assertion weakened pages the org, naming the row, what was expected and what Okta matches now', () => {
    const detail =
      'finance-remote: expected Finance apps › Remote, ALLOW, phishing-resistant; Okta matches Finance apps › ' +
      'Remote, ALLOW, password only (password only where phishing-resistant was expected); simulated for groups ' +
      '00gfinance0000000x7a: declared by the row, not observed';
    const weakened = {
      ...failure('access-assertion', 'ACCESS_WEAKENED', detail, 'org'),
      item: 'finance-remote (app 0oafinance0000000x7a)',
    };
    expect(verdictOf('access-assertion', 'ACCESS_WEAKENED').severity).toBe('page');
    const runs = [run('2026-11-22T03:09:00.000Z', [weakened])];
    const message = buildMessage({ change: alarm('ALARM', `${PREFIX}-org-page`), prefix: PREFIX, runs });
    expect(message.subject).toContain('ACCESS_WEAKENED');
    expect(message.text).toContain(`Observed: ${detail}`);
  });

  it("links a failure's sanitized HTTP trace through the console; the resource check's answer is not Okta's", () => {
    const key = 'har/2026-11-22/2026-11-22T03-09-00-000Z-default-resource.har';
    const f = { ...failure('resource', 'RESOURCE_TOKEN_REJECTED'), requestId: null, har: `s3://traces-1a2b/${key}` };
    const runs = [run('2026-11-22T03:09:00.000Z', [f])];
    const message = buildMessage({
      change: alarm('ALARM', `${PREFIX}-default-warn`),
      prefix: PREFIX,
      runs,
      traceUrl: (uri) => traceUrl('eu-west-1', uri),
    });
    expect(message.text).toContain(
      "  HTTP trace (sanitized HAR, of your own API's answer, not Okta's): https://eu-west-1.console.aws.amazon.com/" +
        's3/object/' +
        `traces-1a2b?region=eu-west-1&prefix=${encodeURIComponent(key)}`,
    );
    expect(message.text).toContain("  X-Okta-Request-Id: none (the answer was your API's, not Okta's)");
    // Without a link maker (no region), or for anything but an s3:// address, no line.
    expect(buildMessage({ change: alarm('ALARM', `${PREFIX}-default-warn`), prefix: PREFIX, runs }).text).not.toContain(
      'HTTP trace',
    );
    expect(traceUrl('eu-west-1', 'https://evil.example/x')).toBeUndefined();
  });

  it("ALARM: the page carries Okta's System Log reason and the admin change before the failure", () => {
    const change =
      "rule 'Probe client credentials' of policy 'Default' was deactivated by admin@acme.example 3 minutes " +
      'before token began failing (policy.rule.deactivate; Security > API > Authorization Servers > default ' +
      '> Access Policies)';
    const f = {
      ...failure('token', 'NO_ACCESS_POLICY'),
      oktaReason: 'app.oauth2.as.token.grant FAILURE: no_matching_policy',
      changes: [change],
    };
    const message = buildMessage({
      change: alarm('ALARM'),
      prefix: PREFIX,
      runs: [run('2026-11-22T03:09:00.000Z', [f])],
      dashboardUrl: 'https://console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/okta',
    });

    // Okta's words are data: a dotted name that could read as a host is defanged, never a link.
    expect(message.text).toContain("  Okta's System Log: app.oauth2.as.token[.]grant FAILURE: no_matching_policy");
    expect(message.text).toContain(
      `  Changed before: ${change.replace('admin@acme.example', 'admin@acme[.]example').replace('policy.rule.deactivate', 'policy.rule[.]deactivate')}`,
    );
  });

  it(
    'ALARM: subject names server, code and observed detail; body has summary, remedy, request id, streak and ' +
      'links',
    () => {
      const f = failure('validate', 'AUDIENCE_MISMATCH', 'token aud api://payments, expected api://default');
      const runs = [
        run('2026-11-22T03:08:00.000Z', [f]),
        run('2026-11-22T03:07:00.000Z', [f]),
        run('2026-11-22T03:06:00.000Z', []),
        run('2026-11-22T03:09:00.000Z', [f]),
      ];
      const message = buildMessage({
        change: alarm('ALARM'),
        prefix: PREFIX,
        runs,
        dashboardUrl: 'https://console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/okta',
      });
      expect(message.subject).toBe(
        'ALARM okta-synthetics/default: AUDIENCE_MISMATCH (token aud api://payments, expected api://default)',
      );
      expect(message.text).toContain('validate: AUDIENCE_MISMATCH');
      expect(message.text).toContain('Remedy: AUDIENCE_MISMATCH remedy');
      expect(message.text).toContain('X-Okta-Request-Id: req-AUDIENCE_MISMATCH');
      expect(message.text).toContain('Failing since 2026-11-22T03:07:00.000Z, 3 consecutive runs');
      expect(message.text).toContain('https://acme-admin.okta.com/admin/oauth2/as');
      expect(message.text).toContain('dashboards/dashboard/okta');
    },
  );

  it('names the server by its display name too, read from the alarm description the stack wrote', () => {
    const runs = [run('2026-11-22T03:09:00.000Z', [failure('token', 'INVALID_CLIENT', 'observed x')])];
    const described = {
      ...alarm('ALARM'),
      description: 'Authorization server "default" (Payments API) of https://acme.okta.com: unavailable',
    };
    expect(buildMessage({ change: described, prefix: PREFIX, runs }).subject).toBe(
      'ALARM okta-synthetics/default (Payments API): INVALID_CLIENT (observed x)',
    );
    // Another target's name is never borrowed.
    const other = {
      ...alarm('ALARM'),
      description: 'Authorization server "org" (Org AS) of https://acme.okta.com: unavailable',
    };
    expect(buildMessage({ change: other, prefix: PREFIX, runs }).subject).toBe(
      'ALARM okta-synthetics/default: INVALID_CLIENT (observed x)',
    );
  });

  it.each([
    ['discovery', 'AUTH_SERVER_NOT_FOUND'],
    ['keys', 'NO_SIGNING_KEYS'],
    ['token', 'INVALID_CLIENT'],
    ['introspect', 'TOKEN_INACTIVE'],
    ['authorize', 'REDIRECT_URI_MISMATCH'],
    ['status', 'OKTA_STATUS_DEGRADED'],
  ] as const)("ALARM on %s: names %s from that check, only for the alarm's server", (check, code) => {
    const runs = [
      run('2026-11-22T03:09:00.000Z', [
        failure(check, code, 'observed x'),
        failure('token', 'TIMEOUT', 'other server', 'org'),
      ]),
    ];
    const message = buildMessage({ change: alarm('ALARM'), prefix: PREFIX, runs });
    expect(message.subject).toBe(`ALARM okta-synthetics/default: ${code} (observed x)`);
    expect(message.text).toContain(`${check}: ${code}`);
    expect(message.text).not.toContain('other server');
  });

  it('keeps the subject within the SNS limits: 100 printable ASCII characters, no line break', () => {
    const runs = [
      run('2026-11-22T03:09:00.000Z', [failure('validate', 'AUDIENCE_MISMATCH', `caf\u00e9\nline ${'x'.repeat(300)}`)]),
    ];
    const subject = buildMessage({ change: alarm('ALARM'), prefix: PREFIX, runs }).subject;
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it('OK: says what recovered and how long it was down', () => {
    const runs = [
      run('2026-11-22T03:09:00.000Z', []),
      run('2026-11-22T03:05:00.000Z', [failure('token', 'INVALID_CLIENT')]),
    ];
    const message = buildMessage({ change: alarm('OK'), prefix: PREFIX, runs });
    expect(message.subject).toBe('OK okta-synthetics/default: recovered after 50 min');
    expect(message.text).toContain('Recovered: token INVALID_CLIENT, after 50 min in alarm.');
  });

  it("unreadable logs: still a message, with the alarm's own reason and a note", () => {
    const message = buildMessage({
      change: alarm('ALARM'),
      prefix: PREFIX,
      runs: null,
      logsError: 'AccessDeniedException',
    });
    expect(message.subject).toBe('ALARM okta-synthetics/default: Composite alarm rule evaluated to TRUE');
    expect(message.text).toContain('CloudWatch: Composite alarm rule evaluated to TRUE');
    expect(message.text).toContain('could not be read (AccessDeniedException)');
  });

  it("passes the alarm's raw fields through redact(): no token reaches a message", () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const change = { ...alarm('ALARM'), reason: `threshold crossed ${token}` };
    const message = buildMessage({ change, prefix: PREFIX, runs: null, logsError: `denied ${token}` });
    expect(`${message.subject}\n${message.text}`).not.toContain(token);
    expect(message.text).toContain('[REDACTED]');
  });
});

describe("Okta's text in a message is data: no line, link or mention of its own", () => {
  // What a hostile or compromised upstream can put in an error description, a status title or the request id.
  const forged =
    'Rejected.\n  Remedy: rotate the secret at https://evil.example/fix <!channel> ' +
    '<https://evil.example|Okta Admin> [Okta Admin](https://evil.example/login) @here www.evil.example\u2028 ' +
    ' X-Okta-Request-Id: ok';
  const hostileRun = (): RunLogLine[] => [
    run('2026-11-22T03:09:00.000Z', [
      { ...failure('token', 'INVALID_CLIENT', forged), requestId: 'abc\nRemedy: <!here> https://evil.example' },
      failure(
        'status',
        'OKTA_STATUS_DEGRADED',
        'Service Disruption | <!everyone> [status](http://evil.example) evil.example',
      ),
    ]),
  ];

  it('e-mail: one Observed line per failure, the legitimate Remedy lines only, no address a client would link', () => {
    const message = buildMessage({ change: alarm('ALARM'), prefix: PREFIX, runs: hostileRun() });
    const lines = message.text.split('\n');
    expect(lines.filter((l) => l.trim().startsWith('Remedy:'))).toEqual([
      '  Remedy: INVALID_CLIENT remedy',
      '  Remedy: OKTA_STATUS_DEGRADED remedy',
    ]);
    expect(lines.filter((l) => l.trim().startsWith('X-Okta-Request-Id:'))).toEqual([
      '  X-Okta-Request-Id: [REDACTED]',
      '  X-Okta-Request-Id: req-OKTA_STATUS_DEGRADED',
    ]);
    expect(message.text).not.toMatch(/https?:\/\/evil|www\.evil|evil\.example/);
    expect(message.text).toContain('https[:]//evil[.]example/fix');
    expect(message.subject).not.toMatch(/https?:\/\/|evil\.example/);
  });

  it('chat: no mention, no Slack or Markdown link, no new line, in the description, title or summary', () => {
    const { chat } = buildMessage({ change: alarm('ALARM'), prefix: PREFIX, runs: hostileRun() });
    const shown = [chat.content.title, chat.content.description, chat.metadata.summary].join('\n');
    expect(shown).not.toMatch(/<!|<https?:|<at>|\]\(|@here|@everyone|@channel|https?:\/\/evil|evil\.example/);
    expect(chat.content.description.split('\n').filter((l) => l.trim().startsWith('Remedy:'))).toHaveLength(2);
    // Okta's words stay readable, inside a code span that neither Slack nor Teams formats.
    expect(chat.content.description).toContain(
      'Observed: `Rejected. Remedy: rotate the secret at https[:]//evil[.]example/fix',
    );
  });

  it('keeps what Okta normally says as it is: scopes, api:// audiences, sentences', () => {
    const detail = 'Custom scopes are not allowed for this request. aud was api://payments, scope okta.users.read.';
    const message = buildMessage({
      change: alarm('ALARM'),
      prefix: PREFIX,
      runs: [run('2026-11-22T03:09:00.000Z', [failure('token', 'INVALID_SCOPE', detail)])],
    });
    expect(message.text).toContain(
      'Observed: Custom scopes are not allowed for this request. aud was api://payments, scope okta.users[.]read.',
    );
  });
});

describe("'&' in Okta's text, raw or already escaped, in every medium the notifier renders", () => {
  // A raw ampersand, and text that is already entity-escaped: a client that decodes entities would show the
  // second as a mention and a Slack link.
  const detail = 'AT&T proxy said &lt;!channel&gt; &lt;https://evil.example|Okta&gt; &amp;amp; done';
  const message = (): ReturnType<typeof buildMessage> =>
    buildMessage({
      change: alarm('ALARM'),
      prefix: PREFIX,
      runs: [run('2026-11-22T03:09:00.000Z', [failure('token', 'INVALID_CLIENT', detail)])],
    });

  it('e-mail (plain text): every character as Okta sent it, the address defanged', () => {
    const { text, subject } = message();
    expect(text).toContain(
      'Observed: AT&T proxy said &lt;!channel&gt; &lt;https[:]//evil[.]example|Okta&gt; &amp;amp; done',
    );
    expect(subject).toContain('AT&T proxy said &lt;!channel&gt;');
  });

  it(
    'chat (Slack mrkdwn and Teams Markdown, one payload): no raw &, so no entity either client could decode ' +
      'into < > or &',
    () => {
      const { chat } = message();
      for (const shown of [chat.content.title, chat.content.description, chat.metadata.summary]) {
        const okta = shown.slice(shown.indexOf('AT')).split('\n')[0] ?? '';
        expect(okta).toContain('proxy said');
        expect(okta).not.toMatch(/&|<|>/);
      }
      // Still readable: each & a full-width look-alike, in a code span on its own line.
      expect(chat.content.description).toContain(
        'Observed: `AT\uff06T proxy said \uff06lt;!channel\uff06gt; ' +
          '\uff06lt;https[:]//evil[.]example|Okta\uff06gt; \uff06amp;amp; done`',
      );
      expect(chat.content.title).toContain('AT\uff06T proxy said \uff06lt;!channel\uff06gt;');
    },
  );

  it("an alarm's reason and description are data: no mention or link of theirs reaches chat or e-mail", () => {
    // Anyone allowed SetAlarmState or PutMetricAlarm writes them, not only the stack.
    const { chat, text, subject } = buildMessage({
      change: {
        ...alarm('ALARM', `${PREFIX}-dlq`),
        reason: 'Fixed <!channel> see https://evil.example/x',
        description: 'Read the queue & fix it.\n<!here> [login](https://evil.example/phish)',
      },
      prefix: PREFIX,
      runs: [],
    });
    for (const out of [chat.content.description, chat.content.title]) {
      expect(out).not.toContain('<!channel>');
      expect(out).not.toContain('<!here>');
      expect(out).not.toContain('](');
    }
    // Plain-text e-mail has no mentions; a link is what a mail client would make of it.
    for (const out of [chat.content.description, chat.content.title, text, subject])
      expect(out).not.toContain('https://evil.example');
    // Still readable, line by line.
    expect(text).toContain('Read the queue');
    expect(text).toContain('fix it.');
  });
});

describe("an alarm's name and description are data wherever the message quotes them", () => {
  // The display name and the journey's subject are read from the description, the server from the alarm's name: all
  // written by whoever may PutMetricAlarm, and quoted in the subject, the title and the first lines.
  const cases = [
    {
      alarmName: `${PREFIX}-default-page`,
      description: 'Authorization server "default" (<!channel> https://evil.example/x) of https://acme.okta.com',
      server: 'default',
    },
    {
      alarmName: `${PREFIX}-portal-page`,
      description:
        'Sign-in journey "portal": synthetic user <!channel> at app <https://evil.example/x|Okta> through server ' +
        'default.',
      server: 'portal',
    },
    { alarmName: `${PREFIX}-<!here>https://evil.example/x-page`, server: '<!here>https://evil.example/x' },
  ];
  it.each(cases)('$alarmName: no mention or link in e-mail, chat, Slack, Teams or PagerDuty', (c) => {
    for (const state of ['ALARM', 'OK']) {
      const message = buildMessage({
        change: { ...alarm(state, c.alarmName), ...(c.description !== undefined && { description: c.description }) },
        prefix: PREFIX,
        runs: [run('2026-11-22T03:09:00.000Z', [failure('token', 'INVALID_CLIENT', undefined, c.server)])],
      });
      const input = { change: alarm(state, c.alarmName), severity: 'page' as const, server: c.server, message };
      const bodies = (['slack', 'teams', 'pagerduty', 'webhook'] as const).map((kind) =>
        JSON.stringify(webhookBody(kind, { ...input, orgUrl: 'https://acme.okta.com' }, 'key')),
      );
      const chat = [message.chat.content.title, message.chat.content.description, message.chat.metadata.summary];
      for (const out of [...chat, ...bodies.slice(0, 2)]) {
        expect(out).not.toMatch(/<!|<https?:|https?:\/\/evil/);
      }
      // Plain text has no mentions; an address stays readable, never a link. PagerDuty's dedup_key is the alarm's
      // name as an identifier, never shown as text.
      const { dedup_key: _key, ...pagerDuty } = JSON.parse(bodies[2] ?? '{}') as Record<string, unknown>;
      for (const out of [message.subject, message.text, JSON.stringify(pagerDuty)])
        expect(out).not.toContain('https://evil');
    }
  });
});

describe('helpers', () => {
  it('parses server and severity from a composite name', () => {
    expect(parseAlarmName('okta-synthetics-my-server-warn', PREFIX)).toEqual({ server: 'my-server', severity: 'warn' });
    expect(parseAlarmName('okta-synthetics-default-page', PREFIX)).toEqual({ server: 'default', severity: 'page' });
  });

  it('builds the Admin Console address from orgUrl, and refuses a non-URL', () => {
    expect(adminConsoleUrl('https://acme.oktapreview.com')).toBe('https://acme-admin.oktapreview.com/admin/oauth2/as');
    expect(adminConsoleUrl('not a url')).toBeNull();
    // A custom URL domain has no -admin twin: login-admin.acme.com was made up.
    expect(adminConsoleUrl('https://login.acme.com')).toBeNull();
    expect(adminConsoleUrl('https://acme.okta-emea.com')).toBe('https://acme-admin.okta-emea.com/admin/oauth2/as');
  });
});

describe("a failure's HTTP trace, by whose answer it holds", () => {
  it("sends Okta's to Okta Support, and the resource check's (the admin's own API) to its owner", () => {
    const at = 's3://traces-1a2b/har/2026-11-22/x.har';
    const message = buildMessage({
      change: alarm('ALARM'),
      prefix: PREFIX,
      runs: [run('2026-11-22T03:09:00.000Z', [{ ...failure('token', 'OKTA_SERVER_ERROR'), har: at }])],
      traceUrl: (uri) => traceUrl('eu-west-1', uri),
    });
    expect(message.text).toContain('  HTTP trace (sanitized HAR, for Okta Support): https://');
  });
});
