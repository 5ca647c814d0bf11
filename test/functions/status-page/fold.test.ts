// The status page's model: each run line folded in, each part's state, since and fault owner, the caller's sentence,
// staleness, escaping, the bounds a forged line or a thousand apps meet, and a stored model read back as hostile.
import { describe, expect, it } from 'vitest';
import type { RunLogFailure, RunLogLine, RunLogProvisioningApp } from '../../../functions/contract';
import { foldRunLine } from '../../../functions/status-page/fold';
import { renderStatusHtml } from '../../../functions/status-page/html';
import { STATUS_JSON_VERSION, statusJson, type StatusJson } from '../../../functions/status-page/json';
import {
  MOST_GROUP_APPS,
  MOST_PARTS,
  MOST_PROVISIONING_APPS,
  type StatusModel,
} from '../../../functions/status-page/model';
import { readStatusModel } from '../../../functions/status-page/read';
import { watchedOf } from '../../../functions/status-page/watched';
import type { ProbeConfig } from '../../../functions/types';
import { goodRunLine } from '../../support/run-line-fixture';

const START = Date.parse('2026-10-01T08:00:00.000Z');
const iso = (minute: number): string => new Date(START + minute * 60_000).toISOString();

/** A run at `minute` with these targets up or down and these failures; everything Okta says planted as a secret. */
function run(minute: number, servers: Record<string, 0 | 1>, failures: Partial<RunLogFailure>[] = []): RunLogLine {
  return {
    ...goodRunLine,
    startedAt: iso(minute),
    servers: Object.entries(servers).map(([id, up]) => ({ id, up, ms: 100 })),
    failures: failures.map((f) => ({
      server: 'default',
      check: 'token',
      code: 'OKTA_SERVER_ERROR',
      summary: 'OKTA-SUMMARY-TEXT',
      remedy: 'OKTA-REMEDY-TEXT',
      detail: 'client_secret=PLANTED-SECRET',
      oktaReason: 'OKTA-REASON-TEXT',
      requestId: 'req1',
      ...f,
    })) as RunLogFailure[],
  };
}

function fold(lines: readonly RunLogLine[]): StatusModel {
  let model: StatusModel | undefined;
  for (const line of lines) model = foldRunLine(model, line);
  return model as StatusModel;
}

const partOf = (model: StatusModel, id: string) => model.parts.find((p) => p.id === id && p.kind !== 'api');
const jsonAt = (model: StatusModel, minute: number): StatusJson => statusJson(model, new Date(START + minute * 60_000));

describe('foldRunLine', () => {
  const salesforce = { server: 'salesforce', check: 'saml', code: 'SAML_AUDIENCE_MISMATCH' } as const;

  it('tells each part its state, since when, and whose fault a failure is', () => {
    const lines = [
      run(0, { default: 1, salesforce: 1 }),
      run(1, { default: 1, salesforce: 0 }, [salesforce]),
      run(2, { default: 1, salesforce: 0 }, [salesforce]),
      run(3, { default: 0, salesforce: 1 }, [{ code: 'OKTA_SERVER_ERROR', httpStatus: 503 }]),
      run(4, { default: 1, salesforce: 1 }),
    ];
    const at2 = fold(lines.slice(0, 3));
    expect(partOf(at2, 'salesforce')).toMatchObject({
      kind: 'saml-app',
      state: 'failing',
      since: iso(1),
      fault: { code: 'SAML_AUDIENCE_MISMATCH', owner: 'org' },
    });
    expect(partOf(at2, 'default')).toMatchObject({ kind: 'server', state: 'ok', since: iso(0) });
    const at3 = fold(lines.slice(0, 4));
    expect(partOf(at3, 'default')).toMatchObject({ state: 'failing', since: iso(3), fault: { owner: 'okta' } });
    expect(partOf(at3, 'salesforce')).toMatchObject({ state: 'ok', since: iso(3) });
    const end = fold(lines);
    expect(end.parts.filter((p) => p.state !== 'ok')).toEqual([]);
    expect(partOf(end, 'default')).toMatchObject({ since: iso(4), checkedAt: iso(4) });
    expect(end).toMatchObject({ lastRunAt: iso(4), runs: 5 });
  });

  it("says our monitoring's own credential judged nothing (unknown), and Okta's feed incident is Okta's", () => {
    const model = fold([
      run(0, { default: 0 }, [
        { code: 'INVALID_CLIENT', httpStatus: 401 },
        { server: 'okta', check: 'status', code: 'OKTA_STATUS_DEGRADED' },
      ]),
    ]);
    expect(partOf(model, 'default')).toMatchObject({ state: 'unknown', fault: { owner: 'probe' } });
    expect(partOf(model, 'okta')).toMatchObject({ kind: 'okta', state: 'failing', fault: { owner: 'okta' } });
    const parts = jsonAt(model, 1).parts;
    expect(parts.find((p) => p.id === 'okta')?.caller).toMatch(/^Okta reports an incident on status\.okta\.com/);
    expect(parts.find((p) => p.id === 'default')?.caller).toMatch(/^Our monitoring cannot check sign-in for apps/);
  });

  it("reads the caller a sentence from the table by owner and kind, never Okta's words", () => {
    const model = fold([run(0, { salesforce: 0 }, [salesforce])]);
    const json = JSON.stringify(jsonAt(model, 1));
    expect(jsonAt(model, 1).parts.find((p) => p.id === 'salesforce')?.caller).toBe(
      'salesforce sign-in is failing because of a setting on our side; IT is on it. Resetting the password will ' +
        'not help: ask the caller to try again later and use another way in meanwhile if they have one.',
    );
    const html = renderStatusHtml(model, new Date(START + 60_000));
    for (const text of [json, html]) {
      for (const okta of ['OKTA-SUMMARY-TEXT', 'OKTA-REMEDY-TEXT', 'PLANTED-SECRET', 'OKTA-REASON-TEXT', 'req1'])
        expect(text).not.toContain(okta);
    }
    expect(html).toContain('SAML audience');
  });

  it('ignores a line no newer than its last run; a limited run changes only what it covered', () => {
    const model = fold([run(5, { default: 1, salesforce: 0 }, [salesforce])]);
    expect(foldRunLine(model, run(4, { default: 0 }))).toBe(model);
    const limited = foldRunLine(model, { ...run(6, { default: 1 }), covered: { servers: ['default'] } });
    expect(partOf(limited, 'salesforce')).toMatchObject({ state: 'failing', since: iso(5) });
    const full = foldRunLine(model, run(7, { default: 1 }));
    expect(partOf(full, 'salesforce')).toMatchObject({ state: 'unknown', since: iso(7) });
  });

  it('groups a catalogue: its failing apps named up to the bound, the rest counted, the label escaped', () => {
    const apps = Array.from({ length: 2000 }, (_, i) => ({
      server: 'catalogue',
      check: 'saml-apps',
      code: 'SAML_ISSUER_MISMATCH',
      item: i === 0 ? '<script>alert(1)</script>' : `App ${String(i).padStart(4, '0')}`,
    })) as Partial<RunLogFailure>[];
    const model = fold([run(0, { default: 1 }, apps)]);
    const group = model.parts.find((p) => p.kind === 'saml-group');
    expect(group?.apps).toHaveLength(MOST_GROUP_APPS);
    expect(group?.moreApps).toBe(2000 - MOST_GROUP_APPS);
    const html = renderStatusHtml(model, new Date(START + 60_000));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('and 1950 more');
    expect(JSON.stringify(model).length).toBeLessThan(20_000);
  });

  it('names no app of a catalogue failing for a warning of what is ahead (a certificate expiring)', () => {
    const model = fold([
      run(0, {}, [
        { server: 'catalogue', check: 'saml-apps', code: 'SAML_CERT_EXPIRING', item: 'Expiring' },
        { server: 'catalogue', check: 'saml-apps', code: 'SAML_AUDIENCE_MISMATCH', item: 'Broken' },
      ]),
    ]);
    expect(model.parts.find((p) => p.kind === 'saml-group')?.apps?.map((a) => a.label)).toEqual(['Broken']);
  });

  it('keeps at most MOST_PARTS parts however many targets a line names, the failing first', () => {
    const servers = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`s${i}`, 1 as const]));
    const failures = Array.from({ length: 500 }, (_, i) => ({ server: `g${i}`, check: 'saml-apps', item: 'x' }));
    const model = fold([
      run(0, { ...servers, bad: 0 }, [...(failures as Partial<RunLogFailure>[]), { server: 'bad' }]),
    ]);
    expect(model.parts.length).toBe(MOST_PARTS);
    expect(model.parts.filter((p) => p.state === 'failing').length).toBe(501);
  });
});

describe('foldRunLine of provisioning to the apps', () => {
  const SNOWFLAKE = '0oa1snow0000000000a';
  /** A run of the provisioning-health check: these apps named as its item names them, `failing` counted in all. */
  function provisioningRun(minute: number, apps: RunLogProvisioningApp[], failing = apps.length): RunLogLine {
    const named = apps.slice(0, 10);
    return {
      ...run(
        minute,
        { org: 1 },
        apps.map((a) => ({
          server: 'org',
          check: 'provisioning-health',
          item: SNOWFLAKE,
          code: a.code as RunLogFailure['code'],
          // What the check's detail and Okta's reason hold never reaches the page: only the label and the code do.
          detail: `"${a.app}": 3 failed calls for pat.leaver@example.com`,
        })),
      ),
      provisioningHealth: {
        appsFailing: failing,
        openLeavers: 0,
        apps: named,
        ...(apps.length > named.length && { more: apps.length - named.length }),
      },
    };
  }
  const snowflake: RunLogProvisioningApp = {
    app: `Snowflake (${SNOWFLAKE}): failing (credential)`,
    status: 'fail',
    code: 'PROVISIONING_CREDENTIAL_FAILED',
  };
  const boxLeavers: RunLogProvisioningApp = {
    app: 'Box (0oa1box00000000000a): works',
    status: 'warn',
    code: 'PROVISIONING_LEAVERS_OPEN',
    openLeavers: 2,
  };
  const provisioningOf = (model: StatusModel) => model.parts.find((p) => p.kind === 'provisioning');

  it('names each failing app by its label with its cause, since when, and a line for callers; clears with it', () => {
    const lines = [
      provisioningRun(0, []),
      provisioningRun(1, [snowflake, boxLeavers], 1),
      provisioningRun(2, [snowflake, boxLeavers], 1),
      provisioningRun(3, [boxLeavers], 0),
    ];
    expect(provisioningOf(fold(lines.slice(0, 1)))).toMatchObject({ id: 'provisioning', state: 'ok' });
    const failing = fold(lines.slice(0, 3));
    expect(provisioningOf(failing)).toMatchObject({
      state: 'failing',
      since: iso(1),
      fault: { code: 'PROVISIONING_CREDENTIAL_FAILED', owner: 'org' },
      // Box's leavers alone stop no caller: IT's, on the dashboard, not a line for the help desk.
      apps: [
        { label: 'Snowflake', state: 'failing', since: iso(1), fault: { code: 'PROVISIONING_CREDENTIAL_FAILED' } },
      ],
    });
    const json = jsonAt(failing, 3);
    const part = json.parts.find((p) => p.kind === 'provisioning');
    expect(part?.caller).toMatch(/^Okta cannot create, change or remove accounts in the apps listed: a new joiner/);
    expect(part?.apps?.named[0]?.caller).toBe(
      'New joiners may not get a Snowflake account, and leavers may keep theirs: IT is fixing it. A caller without ' +
        'Snowflake access waits for that fix; resetting the password will not help.',
    );
    const html = renderStatusHtml(failing, new Date(START + 3 * 60_000));
    expect(html).toContain('Okta cannot keep accounts in 1 app');
    expect(html).toContain('Tell callers: New joiners may not get a Snowflake account');
    for (const text of [html, JSON.stringify(json)])
      for (const never of [SNOWFLAKE, 'pat.leaver', 'failed calls', 'OKTA-REASON-TEXT', 'Box'])
        expect(text).not.toContain(never);
    const cleared = provisioningOf(fold(lines));
    expect(cleared).toMatchObject({ state: 'ok', since: iso(3) });
    expect(cleared?.apps).toBeUndefined();
    expect(readStatusModel(JSON.parse(JSON.stringify(failing)))).toEqual(failing);
  });

  it('names the first MOST_PROVISIONING_APPS of 200 failing apps and counts the rest: the page stays small', () => {
    const apps = Array.from(
      { length: 200 },
      (_, i): RunLogProvisioningApp => ({
        app: `${i === 0 ? '<script>alert(1)</script> (EU)' : `App ${i}`} (0oa${String(i).padStart(17, '0')}): failing`,
        status: 'fail',
        code: i % 2 === 0 ? 'PROVISIONING_APP_UNREACHABLE' : 'PROVISIONING_APP_RATE_LIMITED',
      }),
    );
    const model = fold([provisioningRun(0, apps)]);
    const part = provisioningOf(model);
    expect(part?.apps).toHaveLength(MOST_PROVISIONING_APPS);
    expect(part?.moreApps).toBe(200 - MOST_PROVISIONING_APPS);
    // A label holding parentheses keeps them; only Okta's id after it is dropped.
    expect(part?.apps?.map((a) => a.label)).toContain('<script>alert(1)</script> (EU)');
    const html = renderStatusHtml(model, new Date(START + 60_000));
    expect(html).toContain('Okta cannot keep accounts in 200 apps');
    expect(html).toContain('and 190 more');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; (EU)');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Tell callers: App 1 is slowing Okta down and Okta keeps retrying');
    expect(html.length).toBeLessThan(renderStatusHtml(fold([provisioningRun(0, [])]), new Date(START)).length + 9000);
  });

  it('names an app by its label alone, counting an entry it cannot read and a second app of the same label', () => {
    const entries: RunLogProvisioningApp[] = [
      {
        app: 'Slack (0oa1slack00000000001): failing (unreachable)',
        status: 'fail',
        code: 'PROVISIONING_APP_UNREACHABLE',
      },
      {
        app: 'Slack (0oa1slack00000000002): failing (unreachable)',
        status: 'fail',
        code: 'PROVISIONING_APP_UNREACHABLE',
      },
      { app: 'Workday', status: 'fail', code: 'PROVISIONING_CONFIGURATION' },
      { app: 'Forged (0oa1forged0000000000a): failing', status: 'fail', code: 'NOT_A_CODE' },
    ];
    const part = provisioningOf(fold([provisioningRun(0, entries)]));
    expect(part?.apps?.map((a) => a.label)).toEqual(['Slack', 'Workday']);
    expect(part?.moreApps).toBe(2);
  });

  it("keeps the part through a run that did not judge it, and tells the check's own failure by its owner", () => {
    const model = fold([provisioningRun(0, [snowflake], 1), run(1, { org: 1 })]);
    expect(provisioningOf(model)).toMatchObject({ state: 'failing', since: iso(0), checkedAt: iso(0) });
    const outage = foldRunLine(
      model,
      run(2, { org: 0 }, [{ server: 'org', check: 'provisioning-health', code: 'OKTA_SERVER_ERROR' }]),
    );
    expect(provisioningOf(outage)).toMatchObject({ state: 'failing', since: iso(2), fault: { owner: 'okta' } });
    expect(provisioningOf(outage)?.apps).toBeUndefined();
    expect(jsonAt(outage, 2).parts.find((p) => p.kind === 'provisioning')?.caller).toMatch(
      /^Account set-up in our apps is failing because of a problem at Okta/,
    );
    const ours = foldRunLine(
      outage,
      run(3, { org: 1 }, [{ server: 'org', check: 'provisioning-health', code: 'ORG_SCOPE_NOT_GRANTED' }]),
    );
    expect(provisioningOf(ours)).toMatchObject({ state: 'unknown', fault: { owner: 'probe' } });
  });
});

describe('foldRunLine with what the config watches', () => {
  const probe = {
    servers: [
      { id: 'default', name: 'Default', resources: [{}], userSignIns: {} },
      { id: 'org', name: undefined },
    ],
    signIn: [{ id: 'workforce', name: 'Employees' }],
    samlApps: [{ id: 'salesforce', name: 'Salesforce <CRM>' }],
    samlGroups: [{ id: 'catalogue', name: 'Every app' }],
  } as unknown as ProbeConfig;

  it('names each part by kind and name, and lists the catalogue, the APIs and real users before any fails', () => {
    const model = foldRunLine(undefined, run(0, { default: 1, org: 1, workforce: 1, salesforce: 1 }), watchedOf(probe));
    const kinds = model.parts.map((p) => `${p.kind}/${p.id}:${p.state}:${p.name ?? ''}`);
    expect(kinds).toEqual([
      'okta/okta:ok:',
      'journey/workforce:ok:Employees',
      'saml-app/salesforce:ok:Salesforce <CRM>',
      'saml-group/catalogue:ok:Every app',
      'server/default:ok:Default',
      'server/org:ok:',
      'api/default:ok:Default',
      'user-sign-ins/user-sign-ins:ok:',
    ]);
    const html = renderStatusHtml(model, new Date(START));
    expect(html).toContain('Salesforce &lt;CRM&gt;');
    expect(html).not.toContain('<CRM>');
  });
});

describe('staleness', () => {
  const model = fold([run(0, { default: 1 })]);

  it('is fresh up to five minutes after the last run and stale after, claiming nothing works', () => {
    expect(jsonAt(model, 5)).toMatchObject({ stale: false, overall: 'ok', version: STATUS_JSON_VERSION });
    const stale = jsonAt(model, 10);
    expect(stale).toMatchObject({ stale: true, overall: 'stale', staleAfterSeconds: 300 });
    expect(stale.parts.map((p) => p.state)).toEqual(stale.parts.map(() => 'unknown'));
    expect(stale.parts.every((p) => p.lastKnownState === 'ok' && /monitoring has stopped/.test(p.caller))).toBe(true);
    expect(renderStatusHtml(model, new Date(START + 10 * 60_000))).toMatch(/<body class="stale"/);
    expect(renderStatusHtml(model, new Date(START + 4 * 60_000))).toMatch(/<body class="fresh"/);
  });

  it('refreshes itself every minute, tells the time of the last run and links status.okta.com', () => {
    const html = renderStatusHtml(model, new Date(START + 60_000));
    expect(html).toContain('<meta http-equiv="refresh" content="60">');
    expect(html).toContain('<a href="https://status.okta.com/">status.okta.com</a>');
    expect(html).toContain('2026-10-01 08:00 UTC');
  });

  it('embeds the last run for the inline script, allowed by its hash, and a noscript line', () => {
    const html = renderStatusHtml(model, new Date(START));
    expect(html).toContain(`data-last-run="${iso(0)}"`);
    expect(html).toMatch(/content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
    expect(html).toContain('<noscript>');
    expect(html).not.toMatch(/<(link|script|img|iframe)[^>]+(src|href)="(?!data:)/);
  });
});

describe('readStatusModel', () => {
  const model = fold([
    run(0, { default: 1, salesforce: 0 }, [salesforce_()]),
    run(1, { default: 1 }, [{ server: 'cat', check: 'saml-apps', item: 'A', code: 'SAML_USER_NOT_ASSIGNED' }]),
  ]);
  function salesforce_(): Partial<RunLogFailure> {
    return { server: 'salesforce', check: 'saml', code: 'SAML_AUDIENCE_MISMATCH' };
  }
  const stored = (): Record<string, unknown> => JSON.parse(JSON.stringify(model)) as Record<string, unknown>;

  it('reads back what it stored, the model, and never status.json (a rendering at a time)', () => {
    expect(readStatusModel(stored())).toEqual(model);
    const document = JSON.parse(JSON.stringify(statusJson(model, new Date(START + 30 * 60_000)))) as StatusJson;
    expect(document.stale).toBe(true);
    expect(readStatusModel(document)).toBeUndefined();
  });

  it('refuses a forged or out-of-bounds model as a whole', () => {
    const part = (model.parts[0] as object) ?? {};
    const forgeries: unknown[] = [
      null,
      '{}',
      { ...stored(), version: 1 },
      { ...stored(), extra: 1 },
      { ...stored(), lastRunAt: 'yesterday' },
      { ...stored(), orgUrl: 'javascript:alert(1)' },
      { ...stored(), runs: -1 },
      { ...stored(), parts: [{ ...part, state: 'green' }] },
      { ...stored(), parts: [{ ...part, id: '<b>' }] },
      { ...stored(), parts: [{ ...part, since: iso(60) }] },
      { ...stored(), parts: [{ ...part, checkedAt: iso(60), since: iso(60) }] },
      { ...stored(), parts: [part, part] },
      { ...stored(), parts: [{ ...part, fault: { code: 'NOT_A_CODE', owner: 'org' } }] },
      { ...stored(), parts: Array.from({ length: MOST_PARTS + 1 }, (_, i) => ({ ...part, id: `p${i}` })) },
      { ...stored(), parts: [{ ...part, apps: [{ label: 'x'.repeat(500), state: 'failing', since: iso(0) }] }] },
      JSON.parse(`{"__proto__":{"polluted":1},${JSON.stringify(stored()).slice(1)}`),
    ];
    for (const forged of forgeries) expect(readStatusModel(forged)).toBeUndefined();
  });
});
