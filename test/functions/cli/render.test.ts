import { describe, expect, it } from 'vitest';
import {
  ATTENTION_LISTED,
  ITEMS_LISTED,
  renderConfigErrors,
  renderReport,
  renderWidth,
} from '../../../functions/cli/render';
import type { CheckItem, CheckResult, Report } from '../../../functions/types';
import { CHECKS } from '../../../functions/contract';

const pass = (server: string, check: CheckResult['check'], latencyMs: number | null = 12): CheckResult => ({
  server,
  check,
  status: 'pass',
  latencyMs,
  diagnosis: null,
});

const report = (checks: CheckResult[]): Report => ({
  startedAt: '2025-01-01T00:00:00.000Z',
  durationMs: 345.6,
  orgUrl: 'https://acme.okta.com',
  checks,
  metrics: [],
});

const failingToken: Extract<CheckResult, { status: 'fail' }> = {
  server: 'org',
  check: 'token',
  status: 'fail',
  latencyMs: 88,
  diagnosis: {
    code: 'ORG_AS_REQUIRES_PRIVATE_KEY_JWT',
    summary: 'The Org authorization server accepts client credentials only with private_key_jwt.',
    remedy: 'Give the app a key pair (Public key / Private key) and configure privateKeyFile.',
    requestId: 'reqABC123',
    detail:
      'invalid_client: Client Credentials requests to the Org Authorization Server must use the ' +
      'private_key_jwt token_endpoint_auth_method.',
    httpStatus: 401,
    oktaError: 'invalid_client',
  },
};
const skippedIntrospect: CheckResult = {
  server: 'org',
  check: 'introspect',
  status: 'skip',
  skipReason: 'no token (token failed)',
  latencyMs: null,
  diagnosis: null,
};

describe('renderReport', () => {
  it("heads a block with the config's display name, the id and kind beside it; the id alone without one", () => {
    const text = renderReport(report([pass('aus1payments', 'token'), pass('org', 'token')]), {
      names: new Map([['aus1payments', 'Payments API (prod)']]),
    });
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'Payments API (prod)  (aus1payments, custom authorization server)',
        'org  (Org authorization server)',
      ]),
    );
  });

  it("shows Okta's System Log reason and what changed before, under the failure they explain", () => {
    const explained: CheckResult = {
      ...failingToken,
      diagnosis: {
        ...(failingToken.diagnosis as NonNullable<CheckResult['diagnosis']>),
        systemLog: {
          reason: 'app.oauth2.token.grant FAILURE: invalid_client',
          changes: [
            "a client credential (key or secret) of app 'Probe' was deactivated by admin@acme.example 2 " +
              'minutes before token began failing',
          ],
        },
      },
    };

    const text = renderReport(report([explained]), { width: 400 });

    expect(text).toContain("Okta's System Log: app.oauth2.token.grant FAILURE: invalid_client");
    expect(text).toContain(
      "Changed before: a client credential (key or secret) of app 'Probe' was deactivated by " +
        'admin@acme.example 2 minutes before token began failing',
    );
  });

  it('shows each check with status, latency and code, and under a failure its summary, remedy and request id', () => {
    const text = renderReport(
      report([pass('org', 'discovery'), failingToken, skippedIntrospect, pass('okta', 'status', 40)]),
    );
    const lines = text.split('\n');
    expect(lines).toContain('org  (Org authorization server)');
    expect(lines).toContain('okta  (Okta status feed)');
    expect(text).toMatch(/^ {2}PASS {2}discovery {4}\s+12 ms$/m);
    expect(text).toMatch(/^ {2}FAIL {2}token\s+88 ms {2}ORG_AS_REQUIRES_PRIVATE_KEY_JWT$/m);
    expect(text).toMatch(/^ {2}SKIP {2}introspect\s+skipped: no token \(token failed\)$/m);
    expect(text.replace(/\s+/g, ' ')).toContain(
      'The Org authorization server accepts client credentials only with private_key_jwt.',
    );
    expect(text).toContain('Fix: Give the app a key pair');
    expect(text).toContain('Okta answered: HTTP 401 invalid_client');
    expect(text).toContain('Okta request id: reqABC123');
    expect(lines.filter(Boolean).at(-1)).toBe('2 passed, 1 failed, 1 skipped in 346 ms');
  });

  // Every journey and SAML app was once labelled "(custom authorization server)".
  it(
    "labels each block by what its checks are: a server, a journey, a SAML app, the status feed, the org's own " +
      'reads',
    () => {
      const lines = renderReport(
        report([
          pass('org', 'token'),
          pass('org', 'inventory', null),
          pass('default', 'token'),
          pass('portal', 'sign-in'),
          pass('salesforce', 'saml'),
          pass('okta', 'status'),
        ]),
      ).split('\n');
      expect(lines).toContain("org  (Org authorization server; the org's inventory)");
      expect(lines).toContain('default  (custom authorization server)');
      expect(lines).toContain('portal  (sign-in journey)');
      expect(lines).toContain('salesforce  (SAML app)');
      expect(lines).toContain('okta  (Okta status feed)');
    },
  );

  it('keeps the latency column in place for every check name of the registry, the longest included', () => {
    // From the registry, never a hand-picked list: a check added with a longer name is covered the day it is added.
    const text = renderReport(report(CHECKS.map((check) => pass('org', check, 5))));
    expect(text.split('\n').filter((l) => l.includes('PASS'))).toHaveLength(CHECKS.length);
    const ends = text
      .split('\n')
      .filter((l) => l.includes('PASS'))
      .map((l) => l.indexOf(' ms'));
    expect(new Set(ends).size).toBe(1);
  });

  it("writes a code's cause and fix once in the report, however many checks report it", () => {
    // rate-limited: one outage failed seven checks, and the same fix was printed seven times.
    const same = ['org', 'default', 'payments'].map((server) => ({ ...failingToken, server }));
    const text = renderReport(report(same), { color: false, width: 100 });
    expect(text.split('Fix: Give the app a key pair')).toHaveLength(2);
    expect(text.match(/Cause and fix: as for ORG_AS_REQUIRES_PRIVATE_KEY_JWT above/g)).toHaveLength(2);
    // Each check keeps what it observed, and its request id.
    expect(text.match(/Okta request id: reqABC123/g)).toHaveLength(3);
  });

  it('puts the failure explanation under its own check, not elsewhere', () => {
    const text = renderReport(report([failingToken, pass('org', 'clock')]));
    const lines = text.split('\n');
    const fail = lines.findIndex((l) => l.includes('FAIL'));
    const requestId = lines.findIndex((l) => l.includes('Okta request id'));
    const clock = lines.findIndex((l) => l.includes('clock'));
    expect(fail).toBeLessThan(requestId);
    expect(requestId).toBeLessThan(clock);
  });

  it('omits the request id line when Okta gave none, and wraps the explanation within the width', () => {
    const long: CheckResult = {
      ...failingToken,
      diagnosis: { ...failingToken.diagnosis, requestId: null, remedy: 'word '.repeat(60).trim() },
    };
    const text = renderReport(report([long]), { width: 60 });
    expect(text).not.toContain('Okta request id');
    const explanation = text.split('\n').filter((line) => line.startsWith(' '.repeat(8)));
    expect(explanation.length).toBeGreaterThan(3);
    for (const line of explanation) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('uses no escape codes unless colour is asked for, and strips control characters from Okta text', () => {
    const hostile: CheckResult = {
      ...failingToken,
      diagnosis: { ...failingToken.diagnosis, detail: 'evil\u001b[2Jclear' },
    };
    const plain = renderReport(report([hostile]));
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('evil[2Jclear');
    const colored = renderReport(report([hostile]), { color: true });
    expect(colored).toContain('\u001b[31mFAIL\u001b[0m');
    expect(colored).not.toContain('\u001b[2J');
  });

  it('names how a journey signed in and each step with its time, whole and wrapped, with no control character', () => {
    const steps = Array.from({ length: 9 }, (_, i) => `step${i} (Okta\u001b[31m label) ${100 + i} ms`).join(' > ');
    const signIn: CheckResult = {
      ...pass('portal', 'sign-in', 1830),
      observed: { flow: 'idx', authenticators: 'password + Google Authenticator', steps: 'x > y', stepTimes: steps },
    };
    const text = renderReport(report([signIn]), { width: 80 });
    expect(text).not.toContain('\u001b');
    expect(text.split('\n').every((line) => line.length <= 80)).toBe(true);
    const lines = text.split('\n');
    const head = lines.findIndex((l) => l.includes('PASS  sign-in'));
    expect(lines[head]).toMatch(/PASS {2}sign-in +1830 ms {2}flow=idx$/);
    expect(lines[head + 1]).toBe(`${' '.repeat(21)}Signed in with: password + Google Authenticator`);
    // Every step and its time, never cut at the line's end as the other facts are.
    const said = text.replace(/\s+/g, ' ');
    for (let i = 0; i < 9; i++) expect(said).toContain(`step${i} (Okta[31m label) ${100 + i} ms`);
    const failed: CheckResult = {
      ...failingToken,
      server: 'portal',
      check: 'sign-in',
      observed: { authenticators: 'password', stepTimes: 'interact 9 ms' },
    };
    expect(renderReport(report([failed]), { width: 80 })).toContain('Answered Okta with: password');
  });

  it('shows observed facts on a passing check', () => {
    const check: CheckResult = { ...pass('org', 'rate-limit', null), observed: { headroomPercent: 87, limit: 1200 } };
    expect(renderReport(report([check]))).toMatch(/PASS {2}rate-limit\s+headroomPercent=87 limit=1200/);
  });

  it('cuts observed facts that would overflow the width', () => {
    const check: CheckResult = { ...pass('org', 'keys'), observed: { kids: 'k'.repeat(200) } };
    const line = renderReport(report([check]), { width: 80 })
      .split('\n')
      .find((l) => l.includes('PASS'));
    expect(line).toMatch(/kids=k+…$/);
    expect(line?.length).toBe(80);
  });

  it('cuts observed facts after a whole word, never inside one ("usabl…")', () => {
    const facts = { note: 'the key store holds no usable signing key for this server at all today' };
    const check: CheckResult = { ...pass('org', 'keys'), observed: facts };
    const line = renderReport(report([check]), { width: 80 })
      .split('\n')
      .find((l) => l.includes('PASS'));
    expect(line).toMatch(/ [a-z]+…$/);
    const [shown = ''] = /note=(.*)…$/.exec(line ?? '')?.slice(1) ?? [];
    expect(facts.note.startsWith(shown)).toBe(true);
    expect(facts.note[shown.length]).toBe(' ');
    expect(line?.length).toBeLessThanOrEqual(80);
  });

  it('wraps why a check was skipped or does not apply under its columns, whole, within the width', () => {
    const reason = 'the org URL is plain http (a local simulator): there is no certificate to read at all';
    const na: CheckResult = { ...pass('org', 'certificate', null), status: 'n/a', skipReason: reason, diagnosis: null };
    const lines = renderReport(report([na]), { width: 80 }).split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    const at = lines.findIndex((l) => l.includes('N/A'));
    expect(
      lines
        .slice(at, at + 3)
        .join(' ')
        .replace(/\s+/g, ' '),
    ).toContain(`not applicable: ${reason}`);
  });
});

describe('renderConfigErrors', () => {
  it('lists every problem under the file name and highlights the field path in colour', () => {
    const errors = ['servers[0].clientID: unknown field (did you mean clientId?)', 'orgUrl: must use https'];
    expect(renderConfigErrors(errors, 'probe.json')).toBe(
      'probe.json: 2 problems\n  - servers[0].clientID: unknown field (did you mean clientId?)\n  - orgUrl: ' +
        'must use https\n',
    );
    expect(renderConfigErrors(errors, 'probe.json', { color: true })).toContain(
      '\u001b[1mservers[0].clientID\u001b[0m:',
    );
  });
});

describe('renderReport --compact', () => {
  it(
    'prints one line per check, then each distinct diagnosis once with every check and request id that ' +
      'reported it',
    () => {
      const sameOnDefault: CheckResult = {
        ...failingToken,
        server: 'default',
        diagnosis: { ...failingToken.diagnosis, requestId: 'reqDEF456' },
      };
      const text = renderReport(report([pass('org', 'discovery'), failingToken, skippedIntrospect, sameOnDefault]), {
        compact: true,
      });
      const lines = text.split('\n');
      expect(lines.filter((l) => /^ {2}(PASS|FAIL|SKIP|N\/A) /.test(l))).toHaveLength(4);
      expect(lines).toContainEqual(
        expect.stringMatching(/^ {2}FAIL {2}org {6}token +88 ms {2}ORG_AS_REQUIRES_PRIVATE_KEY_JWT$/),
      );
      expect(text.split('Fix: Give the app a key pair').length - 1).toBe(1);
      expect(text).toMatch(/Reported by: org\/token \(reqABC123\), default\/token \(reqDEF456\)/);
    },
  );

  it('renders at the terminal width, kept between 60 and 160 columns; 80 when not a terminal', () => {
    expect(renderWidth(undefined)).toBe(80);
    expect(renderWidth(40)).toBe(60);
    expect(renderWidth(120)).toBe(120);
    expect(renderWidth(300)).toBe(160);
    // The explanations under a failure wrap at the width (the check's own line is kept whole).
    const wrapped = (width: number) =>
      renderReport(report([failingToken]), { width })
        .split('\n')
        .filter((l) => l.startsWith('      '));
    expect(Math.max(...wrapped(60).map((l) => l.length))).toBeLessThanOrEqual(60);
    expect(wrapped(60).length).toBeGreaterThan(wrapped(160).length);
  });
});

describe('renderReport: a group of SAML apps', () => {
  const item = (
    name: string,
    status: CheckItem['status'],
    lastChecked: string | null,
    carried: boolean,
    code?: CheckItem['code'],
  ): CheckItem => ({ item: name, status, lastChecked, carried, ...(code !== undefined && { code }) });
  const group = (items: CheckItem[], observed: Record<string, string | number> = {}): CheckResult => ({
    server: 'portal-saml',
    check: 'saml-apps',
    status: 'pass',
    latencyMs: null,
    diagnosis: null,
    observed,
    items,
  });
  const at = (minute: number) => `2026-11-23T20:${String(minute).padStart(2, '0')}:00.000Z`;

  it('keeps a long app name and its facts whole, wrapped under the name within the width, never cut', () => {
    // Cut at 40 characters, "Salesforce Production EU sandbox 0012" and "... 0013" read the same.
    const long = 'Salesforce Production EU (sandbox for the payments team of the finance division) 0012';
    const text = renderReport(report([group([item(long, 'fail', at(10), false, 'SAML_CERT_EXPIRING')])]), {
      width: 80,
    });
    expect(text.replace(/\s+/g, ' ')).toContain(long);
    expect(text).toMatch(/SAML_CERT_EXPIRING {1,2}checked 2026-11-23 20:10:00/);
    expect(text.split('\n').filter((l) => l.length > 80)).toEqual([]);
  });

  it('lists every app of a small group, with when each was last checked and whether it was carried', () => {
    const text = renderReport(
      report([
        group([
          item('mail', 'pass', at(10), false),
          item('crm', 'pass', at(5), true),
          item('hr', 'unchecked', null, true),
        ]),
      ]),
      { width: 200 },
    );

    expect(text).toMatch(/PASS {2}mail {2}checked 2026-11-23 20:10:00 \(this run\)/);
    expect(text).toMatch(/PASS {2}crm {3}checked 2026-11-23 20:05:00 \(carried\)/);
    expect(text).toMatch(/---- {2}hr {4}not checked yet/);
    expect(text).not.toContain('Of ');
  });

  it(
    'lists only the apps that fail or warn in a catalogue, counts the others by what became of them, and says ' +
      'why some were left',
    () => {
      const items = [
        item('app-0007', 'fail', at(30), false, 'SAML_AUDIENCE_MISMATCH'),
        item('app-0011', 'warn', at(20), true, 'SAML_CERT_EXPIRING'),
        ...Array.from({ length: 10 }, (_, i) => item(`fresh-${i}`, 'pass', at(30), false)),
        ...Array.from({ length: 10 }, (_, i) => item(`kept-${i}`, 'pass', at(10 + i), true)),
        ...Array.from({ length: 8 }, (_, i) => item(`new-${i}`, 'unchecked', null, true)),
      ];
      const text = renderReport(report([group(items, { leftBecause: 'the SSO bucket had 374 of 750 left' })]), {
        width: 400,
      });

      expect(text).toContain('FAIL  app-0007  SAML_AUDIENCE_MISMATCH');
      expect(text).toContain('WARN  app-0011  SAML_CERT_EXPIRING');
      expect(text).not.toMatch(/fresh-|kept-|new-/);
      expect(text).toContain(
        'Of the other 28 apps: 10 passed this run, 10 carried from earlier runs (the oldest checked 2026-11-23 ' +
          '20:10), 8 not checked yet; every app, with when it was last checked: run --json',
      );
      expect(text).toContain('Left for the next run: the SSO bucket had 374 of 750 left');
    },
  );

  it('names at most ATTENTION_LISTED failing apps and counts the rest', () => {
    const items = Array.from({ length: ATTENTION_LISTED + 5 }, (_, i) =>
      item(`down-${String(i).padStart(2, '0')}`, 'fail', at(30), false, 'SAML_SIGNATURE_INVALID'),
    );
    const text = renderReport(report([group(items)]), { width: 200 });

    expect(text.match(/FAIL {2}down-/g)).toHaveLength(ATTENTION_LISTED);
    expect(text).toContain('and 5 more that fail or warn');
    expect(ITEMS_LISTED).toBeLessThan(items.length);
  });
});
