// The code registry is the one meaning of each code: every view that tells page or warn agrees with the stack's
// alarms for every code of every family (pageOnLeavers and the judges' per-finding severities included), one failure
// has one state and owner in every view, and no view keeps a set of codes, tests a code's prefix or compares owners
// outside the registry.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeComparisons, type CodeComparison } from '../support/code-comparisons';
import { root, sources } from '../support/imports';
import { describe, expect, it } from 'vitest';
import { CHECKS, DIAGNOSIS_CODES, type CheckName, type DiagnosisCode, type Severity } from '../../functions/contract';
import { junitReport } from '../../functions/cli/junit';
import { asReading, CODES, codeRow, codesWhere, isUnjudged, previewOwnSetup } from '../../functions/diagnosis/registry';
import { unreadWhy } from '../../functions/probe/integrations/domains';
import { Out } from '../../functions/probe/integrations/judge';
import { judgeRefusal } from '../../functions/probe/sign-in/lockout';
import { outcomeOfCode, refusalAfter, totpOutcomeOfCode } from '../../functions/probe/sign-in/state';
import { canRefine } from '../../functions/probe/system-log/reasons';
import { verdictOf } from '../../functions/plan/verdict';
import { failureSeverity as localSeverity } from '../../functions/notify/local-alarms';
import { checkOutputs, gaugesOf } from '../../functions/plan/outputs';
import { outcomeOf, toCheckResult } from '../../functions/probe/results';
import { toFailure } from '../../functions/probe/http/failure';
import { inventoryFinding } from '../../functions/probe/okta/management-read';
import { fail, finding } from '../../functions/probe/verdict';
import { invocationResult, runLogLine } from '../../functions/report/run-line';
import { catalogueOf } from '../../functions/status-page/watched';
import type { Report, ServerConfig } from '../../functions/types';

const ORG = 'org';
const servers = (pageOnLeavers: boolean): ServerConfig[] =>
  [{ id: ORG, provisioning: { pageOnLeavers } }] as unknown as ServerConfig[];

/** The severity of the check's CheckSuccess alarm when its runbook names `code` beside a gauge alarm's. */
function successNaming(check: CheckName, code: DiagnosisCode): Severity[] {
  const success = checkOutputs(check).find((output) => output.kind === 'success');
  return success?.kind === 'success' && success.alarm.runbook.causes.includes(code) ? [success.alarm.severity] : [];
}

/**
 * What the deployed stack wakes for a failure of `check` with `code`: the gauge alarm the judge counted it into (its
 * runbook names the code; of two, the one of the finding's severity, the check's own CheckSuccess alarm one of them
 * when it names the code too: one slow render warns, a window of them pages), paging where the server's setting says
 * (member-alarms.ts), else the check's CheckSuccess alarm; an information-only check has no alarm: a warning.
 */
function stackSeverity(check: CheckName, code: DiagnosisCode, found: Severity | undefined, server: ServerConfig) {
  const gauge = gaugesOf(check)
    .flatMap((gauge) => gauge.alarms)
    .filter((alarm) => alarm.runbook.causes.includes(code))
    .map((alarm) => (alarm.pagesWhen?.(server) === true ? 'page' : alarm.severity));
  const alarms = gauge.length > 0 ? [...gauge, ...successNaming(check, code)] : gauge;
  if (alarms.length > 1) return found ?? (alarms.includes('warn') ? 'warn' : 'page');
  if (alarms.length === 1) return alarms[0];
  const success = checkOutputs(check).find((output) => output.kind === 'success');
  return success?.kind === 'success' ? success.alarm.severity : 'warn';
}

/** Every (check, code) an alarm names, with the severities its judge may give it. */
const cases = CHECKS.flatMap((check) => {
  const named = [...new Set(gaugesOf(check).flatMap((gauge) => gauge.alarms.flatMap((a) => a.runbook.causes)))];
  // A code no gauge alarm names falls to the CheckSuccess alarm: one of each family stands for the rest.
  const other = DIAGNOSIS_CODES.filter((code) => !named.includes(code) && codeRow(code).severity === 'alarm');
  return [...named, ...other.slice(0, 3)].flatMap((code) =>
    (codeRow(code).severity === 'per finding' ? (['page', 'warn'] as const) : [undefined]).flatMap((found) =>
      [false, true].map((pageOnLeavers) => ({ check, code, found, pageOnLeavers })),
    ),
  );
});

describe('page or warn: the CLI, JUnit, the run line and the local alarms say what the stack wakes', () => {
  it.each(cases)('$check $code (judge: $found, pageOnLeavers: $pageOnLeavers)', (c) => {
    const config = servers(c.pageOnLeavers);
    const expected = stackSeverity(c.check, c.code, c.found, config[0] as ServerConfig);
    const result = toCheckResult(
      { server: ORG, check: c.check },
      { judgement: { diagnosis: finding(c.code, c.found === undefined ? {} : { severity: c.found }) } },
      { orgUrl: 'https://acme.okta.com', host: 'acme.okta.com', secrets: [], servers: config },
    );
    const report: Report = {
      startedAt: '2026-11-27T06:00:00.000Z',
      durationMs: 10,
      orgUrl: 'https://acme.okta.com',
      checks: [result],
      metrics: [],
    };
    const line = runLogLine(report);
    expect({
      cli: outcomeOf(result) === 'fail' ? 'page' : 'warn',
      junit: junitReport(report).includes(`<failure type="${c.code}"`) ? 'page' : 'warn',
      invocation: invocationResult(report).checks[0]?.outcome === 'fail' ? 'page' : 'warn',
      runLine: localSeverity(line.failures[0] as (typeof line.failures)[number], config),
      statusPage: verdictOf(c.check, c.code, undefined, undefined, line.failures[0]?.severity).severity,
    }).toEqual({ cli: expected, junit: expected, invocation: expected, runLine: expected, statusPage: expected });
  });

  it('a code two alarms of different severity name is decided per finding; one a setting makes page, by it', () => {
    for (const check of CHECKS) {
      const alarms = gaugesOf(check).flatMap((gauge) => gauge.alarms);
      for (const code of new Set(alarms.flatMap((a) => a.runbook.causes))) {
        const naming = alarms.filter((a) => a.runbook.causes.includes(code));
        const severities = new Set([...naming.map((a) => a.severity), ...successNaming(check, code)]);
        if (severities.size > 1 && check !== 'status')
          expect([code, codeRow(code).severity]).toEqual([code, 'per finding']);
        if (naming.some((a) => a.pagesWhen !== undefined))
          expect([code, codeRow(code).severity]).toEqual([code, 'setting']);
      }
    }
  });
});

describe('a refused scope, a missing role, a throttled bucket: one answer for every reading', () => {
  it.each<[DiagnosisCode, string]>([
    ['ORG_SCOPE_NOT_GRANTED', 'SCOPE_NOT_GRANTED'],
    ['SCOPE_REQUIRES_CONSENT', 'SCOPE_NOT_GRANTED'],
    // Undefined on the server that was asked: a scope refused all the same, as the inventory's session always took it.
    ['INVALID_SCOPE', 'SCOPE_NOT_GRANTED'],
    ['ADMIN_ROLE_MISSING', 'ROLE_MISSING'],
    ['RATE_LIMITED', 'THROTTLED'],
    ['OKTA_CONCURRENCY_LIMITED', 'THROTTLED'],
  ])("%s is the System Log's and the inventory's %s", (code, kind) => {
    expect(asReading(code, 'system-log')).toBe(`SYSTEM_LOG_${kind}`);
    expect(inventoryFinding(finding(code), 'GET /api/v1/apps').code).toBe(`INVENTORY_${kind}`);
  });

  it('any other answer stays what it is', () => {
    expect(asReading('OKTA_SERVER_ERROR', 'system-log')).toBe('OKTA_SERVER_ERROR');
    expect(inventoryFinding(finding('TIMEOUT'), 'GET /api/v1/apps').code).toBe('TIMEOUT');
  });
});

describe('one failure, one state and one owner', () => {
  it("a SAML app of a catalogue met with Okta's read-only mode is UNKNOWN, as the group's line tells it", () => {
    const at = Date.parse('2026-11-27T06:00:00.000Z');
    const record = { first: at, at, seen: at, code: 'OKTA_READ_ONLY_MODE', found: { appId: '0oa1', label: 'Payroll' } };
    const [app] = catalogueOf(new Map([['0oa1', record]]), [], at);
    expect(app?.state).toBe(verdictOf('saml-apps', 'OKTA_READ_ONLY_MODE').state);
    expect(app?.state).toBe('unknown');
  });

  it('every code has a row, and the Preview own setup is derived from its subjects alone', () => {
    expect(Object.keys(CODES).sort()).toEqual([...DIAGNOSIS_CODES].sort());
    for (const code of DIAGNOSIS_CODES)
      expect([code, previewOwnSetup(code)]).toEqual([
        code,
        ['app', 'grant', 'credential', 'user', 'store', 'ids'].includes(codeRow(code).subject ?? ''),
      ]);
  });
});

/** The registry's own files: the only place a code's meaning is written, and verdictOf, its one answer. */
const REGISTRY = [
  /^functions\/diagnosis\/(registry|code-row|faults|table|text)\.ts$/,
  /^functions\/diagnosis\/codes\//,
];
const VERDICT = /^functions\/plan\/(verdict|outputs)\.ts$/;

/**
 * What stands outside the registry for a reason, by file and rule. The contract's list of the codes (and of the
 * resource check's) is the contract itself; the app's refusal sentences are built from the run's evidence.
 */
const ALLOWED: Readonly<Record<string, readonly CodeComparison['rule'][]>> = {
  'functions/contract/diagnosis-codes.ts': ['a set or list of codes'],
  // The app's refusal told by its cause: each sentence built from the evidence Okta gave the app (an ID token's aud,
  // an assertion's certificate), which a row cannot hold; the causes themselves are the registry's rows.
  'functions/probe/sign-in/app-judge.ts': ['a table keyed by codes'],
};

const MAY_DECIDE = new RegExp(`owner|failureSeverity|startsWith|${DIAGNOSIS_CODES.join('|')}`);

/**
 * Every decision by a code's or an owner's name in the shipped code outside the registry and verdictOf; `read` gives a
 * file's text (the file on disk, or one planted in memory).
 */
function comparisonsOutside(
  files: readonly string[],
  read: (file: string) => string = (file) => readFileSync(join(root, file), 'utf8'),
): string[] {
  return (
    files
      .filter((file) => !REGISTRY.some((pattern) => pattern.test(file)) && !VERDICT.test(file))
      .map((file) => [file, read(file)] as const)
      // Parsing is the cost: a file that names no code, no owner and no failureSeverity decides by none.
      .filter(([, text]) => MAY_DECIDE.test(text))
      .flatMap(([file, text]) =>
        codeComparisons(file, text)
          .filter((found) => !(ALLOWED[file] ?? []).includes(found.rule))
          .map((found) => `${found.rule}: ${found.where}`),
      )
  );
}

describe("no decision by a code's or an owner's name stands outside the registry (the TypeScript syntax tree)", () => {
  it('none in functions/, lib/ or bin/', () => {
    const files = ['functions', 'lib', 'bin'].flatMap((dir) => sources(dir, /\.ts$/));
    expect(comparisonsOutside(files)).toEqual([]);
  });

  // The guard as the first test runs it, exemptions included: planted in a file of the status page and in the one
  // file still allowed a table keyed by codes, each fails it; in the registry's own files, none does.
  it("fails on a planted `code === 'X' || code === 'Y'` and `.owner === 'okta'` in a file outside the registry", () => {
    const planted =
      "import type { DiagnosisCode } from '../contract';\n" +
      'export const edge = (code: DiagnosisCode) => code === "TIMEOUT" || code === "NETWORK_ERROR";\n' +
      "export const oktas = (part: { fault?: { owner: string } }) => part.fault?.owner === 'okta';\n";
    const files = [
      'functions/status-page/planted.ts',
      'functions/probe/sign-in/app-judge.ts',
      'functions/diagnosis/codes/planted.ts',
    ];
    const found = comparisonsOutside(files, () => planted).map((where) => where.replace(/:\d+: .*/, ''));
    expect(found).toEqual([
      'codes compared: functions/status-page/planted.ts',
      'an owner compared: functions/status-page/planted.ts',
      'codes compared: functions/probe/sign-in/app-judge.ts',
      'an owner compared: functions/probe/sign-in/app-judge.ts',
    ]);
  });

  it('every file the rules allow or call the registry exists', () => {
    const files = new Set(sources('functions', /\.ts$/));
    for (const file of Object.keys(ALLOWED)) expect([file, files.has(file)]).toEqual([file, true]);
    for (const pattern of [...REGISTRY, VERDICT])
      expect([pattern.source, [...files].some((file) => pattern.test(file))]).toEqual([pattern.source, true]);
  });

  // Planted in memory, as each was or might be written: every spelling fails the rule, whatever its layout.
  it.each<[CodeComparison['rule'], string]>([
    ['codes compared', "if (code === 'NETWORK_ERROR' || code === 'TIMEOUT') return host;"],
    ['codes compared', "const told = f.code !== 'SIGN_IN_REJECTED' && (f.code !== 'USER_NOT_FOUND');"],
    ['codes compared', "const said = code === 'NETWORK_BLOCKLISTED' ? a : code === 'NETWORK_POLICY_BLOCKED' ? b : c;"],
    ['a switch on codes', "switch (found.code) { case 'TIMEOUT': case 'NETWORK_ERROR': return 1; }"],
    ['an owner compared', "if (part.fault?.owner === 'okta') return x;"],
    ['an owner compared', "const ours = 'probe' !== row.owner;"],
    ['an owner compared', "return ownerOf(record.code as DiagnosisCode) === 'probe' ? 'unknown' : 'failing';"],
    ['an owner compared', "const { owner } = codeRow(code); if (owner == 'org') go();"],
    ['an owner compared', "switch (verdict.owner) { case 'okta': return 1; }"],
    ['a set or list of codes', "const EDGE_CODES: ReadonlySet<DiagnosisCode> = new Set([\n  'NETWORK_ERROR',\n]);"],
    ['a set or list of codes', "if ((['TIMEOUT', 'NETWORK_ERROR'] as const).includes(code)) retry();"],
    ['a table keyed by codes', "const SAID: Partial<Record<DiagnosisCode, string>> = { TIMEOUT: 'slow' };"],
    ['a code-prefix test', "if (found.code.startsWith('INVENTORY_')) return x;"],
    [
      'failureSeverity called',
      "import { failureSeverity } from '../../plan/outputs';\n" +
        "const pages = failureSeverity('saml-apps', code) === 'page';",
    ],
  ])('fails on a planted %s: %s', (rule, planted) => {
    const source = planted.startsWith('import')
      ? planted
      : `import type { DiagnosisCode } from '../contract';\nexport function f(code: DiagnosisCode) {\n${planted}\n}\n`;
    expect(codeComparisons('functions/planted.ts', source).map((found) => found.rule)).toContain(rule);
  });

  it('fails on a planted comparison in a file of its own, and not on one decision about one code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'planted-'));
    try {
      const planted = join(dir, 'planted.ts');
      writeFileSync(planted, "export const edge = (code: string) => code === 'TIMEOUT' || code === 'NETWORK_ERROR';\n");
      expect(codeComparisons(planted, readFileSync(planted, 'utf8')).map((found) => found.rule)).toEqual([
        'codes compared',
      ]);
      // A judge acting on the one finding it made (refetch the keys on UNKNOWN_SIGNING_KEY) decides on no set.
      const one = "export const refetch = (code: string) => code === 'UNKNOWN_SIGNING_KEY';\n";
      expect(codeComparisons('functions/one.ts', one)).toEqual([]);
      // Okta's own words that share a code's name (a user's status PASSWORD_EXPIRED) are not the codes' table.
      const status = "switch (status) { case 'PASSWORD_EXPIRED': return 1; case 'LOCKED_OUT': return 2; }";
      expect(codeComparisons('functions/status.ts', `export function g(status: string) { ${status} }`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a TLS error is classified once: the probe's requests and the hooks' handshakes agree", () => {
  it.each([
    'CERT_SIGNATURE_FAILURE',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'ERR_SSL_BAD_RECORD',
  ])('%s is a certificate or handshake failure, never a network one', (code) => {
    const error = Object.assign(new Error('handshake'), { code });
    expect(toFailure(error, { total: 1 }).kind).toBe('tls');
  });
});

describe("plan reads a code's meaning from its row, its alarms' likely causes included", () => {
  const plan = sources('functions/plan');
  const codeName = new RegExp(`'(?:${DIAGNOSIS_CODES.join('|')})'`);

  it("no code name stands in functions/plan/: each alarm's `causes` are the codes whose row names the alarm", () => {
    expect(plan.filter((file) => codeName.test(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });

  it("every alarm a code's row names exists, and each alarm's key (a check's or a gauge alarm's name) is one", () => {
    const keys = CHECKS.flatMap((check) =>
      checkOutputs(check).flatMap((output) =>
        output.kind === 'success' ? [check] : output.kind === 'gauge' ? output.gauge.alarms.map((a) => a.name) : [],
      ),
    );
    expect(keys.length).toBe(new Set(keys).size);
    const named = DIAGNOSIS_CODES.flatMap((code) => (codeRow(code).alarms ?? []).map((alarm) => `${code} ${alarm}`));
    expect(named.filter((pair) => !keys.includes(pair.split(' ')[1] as string))).toEqual([]);
    expect(named.length).toBeGreaterThan(100);
  });

  it("no alarm's description names as a likely cause a code its row keeps from firing it", () => {
    const idle = CHECKS.flatMap((check) =>
      checkOutputs(check).flatMap((output) => {
        const runbooks =
          output.kind === 'success'
            ? [output.alarm.runbook]
            : output.kind === 'gauge'
              ? output.gauge.alarms.map((alarm) => alarm.runbook)
              : [];
        return runbooks.flatMap((runbook) => runbook.causes.filter(isUnjudged).map((code) => `${check} ${code}`));
      }),
    );
    expect(idle).toEqual([]);
  });

  it("a finding that judged nothing is its row's, whatever check tells it: unknown, a warning, no CheckSuccess", () => {
    for (const check of ['saml', 'saml-certificate', 'sign-in'] as const) {
      expect(verdictOf(check, 'SAML_NO_SESSION')).toEqual({ state: 'unknown', owner: 'probe', severity: 'warn' });
      expect(verdictOf(check, 'OKTA_READ_ONLY_MODE')).toMatchObject({ state: 'unknown', severity: 'warn' });
    }
    // Our own Chromium (none, a full /tmp, a crash) judged nothing of the page: a warning of ours, never a page.
    expect(verdictOf('sign-in', 'BROWSER_UNAVAILABLE')).toEqual({ state: 'unknown', owner: 'probe', severity: 'warn' });
    expect(codesWhere((row) => row.unjudged === true)).toEqual([
      'IDP_ROUTING_REDIRECT',
      'BROWSER_UNAVAILABLE',
      'SAML_NO_SESSION',
      'SAML_STEP_UP_REQUIRED',
    ]);
  });
});

describe("a judge's reading of a code is its row's: the journey's outcomes, the System Log's refinement", () => {
  it('a refused password is retold only as a code whose row says the user cannot sign in (`password`: account)', () => {
    const refused = fail('SIGN_IN_REJECTED', 'Okta refused the password');
    const retold = ['LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED', 'PASSWORD_EXPIRED', 'STAGED', 'PROVISIONED', 'RECOVERY']
      .map((status) => judgeRefusal(refused, { status, requestId: null }, 'org').diagnosis?.code)
      .filter((code): code is DiagnosisCode => code !== undefined);
    expect(new Set(retold.map((code) => codeRow(code).password))).toEqual(new Set(['account']));
    expect(outcomeOfCode('SIGN_IN_REJECTED')).toBe('refused');
    for (const code of retold) expect([code, outcomeOfCode(code)]).toEqual([code, 'blocked']);
  });

  it('an answer that judged no secret is backed off at both steps and held never, by its row', () => {
    for (const code of codesWhere((row) => row.secretUnjudged === true)) {
      expect([code, outcomeOfCode(code), totpOutcomeOfCode(code)]).toEqual([code, 'blocked', 'blocked']);
      expect(refusalAfter(undefined, 'blocked', code, 'fp', 0).until).toBe(0);
    }
  });

  it("the System Log refines a code only within the OAuth error its row shares, or from the row's catch-all", () => {
    expect(canRefine('NO_ACCESS_POLICY', 'NETWORK_ZONE_DENIED')).toBe(true);
    expect(canRefine('REQUEST_REJECTED', 'CLAIM_EVALUATION_FAILED')).toBe(true);
    expect(canRefine('INVALID_SCOPE', 'SCOPE_REQUIRES_CONSENT')).toBe(false);
    for (const from of DIAGNOSIS_CODES)
      for (const to of DIAGNOSIS_CODES) {
        const shared = codeRow(from).sharedAnswer;
        const expected =
          from === to ||
          codeRow(from).generic === true ||
          (shared !== undefined && shared === codeRow(to).sharedAnswer);
        if (canRefine(from, to) !== expected) expect([from, to, canRefine(from, to)]).toEqual([from, to, expected]);
      }
  });

  it("the domains' unread read is worded by what Okta refused (the row's `refusal`), else by the code's title", () => {
    for (const code of codesWhere((row) => row.refusal === 'scope'))
      expect([code, unreadWhy(code)]).toEqual([code, 'okta.domains.read is not granted to the app']);
    for (const code of codesWhere((row) => row.refusal === 'role'))
      expect([code, unreadWhy(code)]).toEqual([code, "the app's admin role does not read custom domains"]);
    for (const code of codesWhere((row) => row.refusal === 'throttled')) expect(unreadWhy(code)).toMatch(/^throttled /);
    expect(unreadWhy('MALFORMED_RESPONSE')).toBe(
      'Okta answered with a success status but a body that is not the JSON document the endpoint defines',
    );
  });
});

describe("an integration's item says what verdictOf says of its finding", () => {
  const codes = [
    ...new Set(gaugesOf('integration-health').flatMap((gauge) => gauge.alarms.flatMap((a) => a.runbook.causes))),
  ];
  it.each(codes.flatMap((code) => (['page', 'warn'] as const).map((judge) => ({ code, judge }))))(
    '$code told as $judge',
    ({ code, judge }) => {
      const out = new Out();
      out.tell(code, judge, 'hook h1', 'a finding', '2026-11-27T06:00:00.000Z');
      const verdict = verdictOf('integration-health', code, undefined, undefined, judge);
      const status = verdict.state === 'failing' && verdict.severity === 'page' ? 'fail' : 'warn';
      expect({ told: out.told[0]?.severity, item: out.items[0]?.status }).toEqual({
        told: verdict.severity,
        item: status,
      });
    },
  );
});
