// The status page's model: each run line folded in, each part's state, since and fault owner, the caller's sentence,
// staleness, escaping, the bounds a forged line or a thousand apps meet, and a stored model read back as hostile.
import { describe, expect, it } from 'vitest';
import type { RunLogFailure, RunLogLine, RunLogProvisioningApp } from '../../../functions/contract';
import { foldRunLine } from '../../../functions/status-page/fold';
import { renderStatusHtml } from '../../../functions/status-page/html';
import { STATUS_JSON_VERSION, statusJson, type StatusJson } from '../../../functions/status-page/json';
import {
  MOST_CATALOGUE_APPS,
  MOST_GROUP_APPS,
  MOST_LABEL,
  MOST_PARTS,
  MOST_PROVISIONING_APPS,
  MOST_RUNS,
  type StatusModel,
} from '../../../functions/status-page/model';
import { PAGE_SCRIPT } from '../../../functions/status-page/page-style';
import { readStatusModel } from '../../../functions/status-page/read';
import { catalogueOf, watchedOf } from '../../../functions/status-page/watched';
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

  it('proves a server working from a run of some servers, never from a run of some checks', () => {
    const model = fold([run(5, { default: 0 }, [{ server: 'default' }])]);
    expect(partOf(model, 'default')).toMatchObject({ state: 'failing', since: iso(5) });
    const servers = foldRunLine(model, { ...run(6, { default: 1 }), covered: { servers: ['default'] } });
    expect(partOf(servers, 'default')).toMatchObject({ state: 'ok', since: iso(6) });
    const checks = foldRunLine(model, { ...run(6, { default: 1 }), covered: { checks: ['token'] } });
    expect(partOf(checks, 'default')).toMatchObject({ state: 'failing', since: iso(5) });
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

  it("folds a section's working entries past 20, and never its failing ones", () => {
    const servers = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, 1 as const]));
    const html = (n: number) =>
      renderStatusHtml(fold([run(0, { ...servers(n), bad: 0 }, [{ server: 'bad' }])]), new Date(START));
    expect(html(20)).not.toContain('<details>');
    const folded = html(21);
    expect(folded).toContain('<details><summary>21 ');
    expect(folded.indexOf('bad')).toBeLessThan(folded.indexOf('<details>'));
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
          detail: `"${a.label ?? a.app}": 3 failed calls for pat.leaver@example.com`,
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
    label: 'Snowflake',
    id: SNOWFLAKE,
    state: 'failing',
    cause: 'credential',
    status: 'fail',
    code: 'PROVISIONING_CREDENTIAL_FAILED',
  };
  const boxLeavers: RunLogProvisioningApp = {
    label: 'Box',
    id: '0oa1box00000000000a',
    state: 'works',
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
        label: i === 0 ? '<script>alert(1)</script> (EU)' : `App ${i}`,
        id: `0oa${String(i).padStart(17, '0')}`,
        state: 'failing',
        status: 'fail',
        code: i % 2 === 0 ? 'PROVISIONING_APP_UNREACHABLE' : 'PROVISIONING_APP_RATE_LIMITED',
      }),
    );
    const model = fold([provisioningRun(0, apps)]);
    const part = provisioningOf(model);
    expect(part?.apps).toHaveLength(MOST_PROVISIONING_APPS);
    expect(part?.moreApps).toBe(200 - MOST_PROVISIONING_APPS);
    // A label holding parentheses keeps them whole: the label is a field of its own.
    expect(part?.apps?.map((a) => a.label)).toContain('<script>alert(1)</script> (EU)');
    const html = renderStatusHtml(model, new Date(START + 60_000));
    expect(html).toContain('Okta cannot keep accounts in 200 apps');
    expect(html).toContain('and 190 more');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; (EU)');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Tell callers: App 1 is slowing Okta down and Okta keeps retrying');
    expect(html.length).toBeLessThan(renderStatusHtml(fold([provisioningRun(0, [])]), new Date(START)).length + 9000);
  });

  it("names an app by its line's label field, counting an older line's text, a bad code and a shared label", () => {
    const entries: RunLogProvisioningApp[] = [
      { label: 'Slack', id: '0oa1slack00000000001', status: 'fail', code: 'PROVISIONING_APP_UNREACHABLE' },
      { label: 'Slack', id: '0oa1slack00000000002', status: 'fail', code: 'PROVISIONING_APP_UNREACHABLE' },
      // A label that looks like an item's text is a label: nothing is parsed out of it.
      { label: 'Workday (0oa1work) : failing', id: '0oa1work', status: 'fail', code: 'PROVISIONING_CONFIGURATION' },
      // A line written before the fields: its text is never parsed back for a name; the app is counted.
      { app: 'Jira (0oa1jira0000000000a): failing (credential)', status: 'fail', code: 'PROVISIONING_FAILING' },
      { label: 'Forged', id: '0oa1forged0000000000a', status: 'fail', code: 'NOT_A_CODE' },
      // Disabled, or working with one user's data refused: never a failing app on the page.
      { label: 'Zoom', id: '0oa1zoom', state: 'connection disabled', status: 'n/a' },
      { label: 'Box', id: '0oa1box', state: 'works', status: 'pass', usersRefused: 1, pushes: 4, deactivations: 0 },
    ];
    const part = provisioningOf(fold([provisioningRun(0, entries, 5)]));
    expect(part?.apps?.map((a) => a.label)).toEqual(['Slack', 'Workday (0oa1work) : failing']);
    expect(part?.moreApps).toBe(3);
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

describe('foldRunLine and the access assertions', () => {
  const weakened = {
    server: 'org',
    check: 'access-assertion',
    code: 'ACCESS_WEAKENED',
    item: 'finance-remote (app 0oafinance0000000x7a)',
  } as const;

  it('leaves them out: the help desk is not their audience, even a weakened one that pages', () => {
    const model = fold([run(0, { org: 1 }), run(1, { org: 1 }, [weakened])]);
    expect(partOf(model, 'org')).toMatchObject({ state: 'ok', since: iso(0) });
    expect(JSON.stringify(statusJson(model, new Date(START + 60_000)))).not.toContain('finance-remote');
    // The org server down for its token: the token's failure is told, never the access finding beside it.
    const down = foldRunLine(model, run(2, { org: 0 }, [{ server: 'org', check: 'token' }, weakened]));
    expect(partOf(down, 'org')).toMatchObject({ state: 'failing', fault: { code: 'OKTA_SERVER_ERROR' } });
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

  it('without a config names each part by its id, and a SAML app that never failed reads as a server', () => {
    const model = fold([run(0, { default: 1, salesforce: 1 })]);
    expect(partOf(model, 'default')).toMatchObject({ kind: 'server', id: 'default' });
    expect(partOf(model, 'salesforce')).toMatchObject({ kind: 'server', id: 'salesforce' });
    expect(model.parts.map((p) => p.name)).toEqual(model.parts.map(() => undefined));
  });

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

describe("a catalogue's every app, by label", () => {
  const at = START + 60_000;
  /** A kept record as the group writes it (probe/saml/group/apps.ts): checked at `minute`, `code` null passed. */
  const kept = (minute: number | undefined, code: string | null | undefined, label?: string, notRun?: 'skip') => ({
    first: START - 60_000,
    seen: START,
    ...(minute !== undefined && { at: START + minute * 60_000 }),
    ...(code !== undefined && { code }),
    ...(notRun !== undefined && { notRun }),
    ...(label !== undefined && { found: { appId: `0oa${label.length}`, label } }),
  });

  it("names each app by Okta's label, the config's name or id, with what its own last check found by then", () => {
    const records = new Map<string, unknown>([
      ['0oa1', kept(0, null, 'Salesforce')],
      ['0oa2', kept(0, 'SAML_AUDIENCE_MISMATCH', 'Workday')],
      ['0oa3', kept(0, 'INVALID_CLIENT', 'Our own client')],
      ['0oa4', kept(0, null, 'Skipped app', 'skip')],
      ['0oa5', kept(5, null, 'Checked after the page')],
      ['0oa6', kept(undefined, undefined, 'Never checked')],
      ['0oa7', kept(0, null, `  Long\n${'x'.repeat(500)}`)],
      ['0oa8', 'not a record'],
      ['crm', kept(0, null)],
      ['listed-only', { first: 'yesterday' }],
      // Gone: a listed app the config no longer lists, an app the catalogue has not held for three days.
      ['dropped-from-config', kept(0, null)],
      ['0oa9', { ...kept(0, null, 'Gone from the catalogue'), seen: START - 3 * 24 * 60 * 60_000 }],
    ]);
    const listed = [{ id: 'crm', name: 'CRM <prod>' }, { id: 'listed-only' }, { id: 'new-app', name: 'New app' }];
    const apps = catalogueOf(records, listed, at);
    expect(apps.map((app) => `${app.label.slice(0, 20)}:${app.state}`)).toEqual([
      'CRM <prod>:ok',
      'Checked after the pa:unknown',
      `Long ${'x'.repeat(15)}:ok`,
      'Never checked:unknown',
      'New app:unknown',
      'Our own client:unknown',
      'Salesforce:ok',
      'Skipped app:unknown',
      'Workday:failing',
      'listed-only:unknown',
    ]);
    expect(Math.max(...apps.map((app) => app.label.length))).toBe(MOST_LABEL);
    // An unreadable record of an app no config lists is not named by Okta's app id.
    expect(apps.some((app) => app.label.startsWith('0oa'))).toBe(false);
  });

  it('shows every app on the page under its catalogue, working ones included, escaped, and in status.json', () => {
    const catalogue = catalogueOf(
      new Map<string, unknown>([
        ['0oa1', kept(0, null, 'Salesforce')],
        ['0oa2', kept(0, null, '<img src=x onerror=alert(1)>')],
        ['0oa3', kept(0, 'SAML_AUDIENCE_MISMATCH', 'Workday')],
      ]),
      [],
      at,
    );
    const probe = { servers: [{ id: 'default' }], samlGroups: [{ id: 'portal-saml', name: 'Portal apps' }] };
    const watched = watchedOf(probe as unknown as ProbeConfig).map((w) =>
      w.kind === 'saml-group' ? { ...w, catalogue } : w,
    );
    const item = {
      server: 'portal-saml',
      check: 'saml-apps',
      item: 'Workday',
      code: 'SAML_AUDIENCE_MISMATCH',
    } as const;
    const model = foldRunLine(undefined, run(1, { default: 1 }, [item]), watched);
    const html = renderStatusHtml(model, new Date(at + 60_000));
    expect(html).toContain('All 3 apps of Portal apps by name');
    // The group fails now, so each list is what was last known, with when its apps were checked.
    expect(html).toMatch(
      /last known: 2 ✓ passed their last check at 2026-10-01 08:00 UTC:<\/p><ul class="labels">[^]*Salesforce<\/li>/,
    );
    expect(html).toMatch(
      /last known: 1 ✗ did not pass its last check at 2026-10-01 08:00 UTC:<\/p><ul class="labels"><li>Workday<\/li>/,
    );
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    const group = statusJson(model, new Date(at)).parts.find((p) => p.kind === 'saml-group');
    expect(group?.catalogue?.map((app) => app.label)).toEqual([
      '<img src=x onerror=alert(1)>',
      'Salesforce',
      'Workday',
    ]);
    // The group judged, each app's state is what its last check found; stale, every app is unknown now.
    expect(group?.catalogue?.map((app) => [app.state, app.lastKnownState])).toEqual([
      ['ok', 'ok'],
      ['ok', 'ok'],
      ['failing', 'failing'],
    ]);
    const stale = statusJson(model, new Date(at + 60 * 60_000)).parts.find((p) => p.kind === 'saml-group');
    expect(stale?.catalogue?.map((app) => [app.state, app.lastKnownState])).toEqual([
      ['unknown', 'ok'],
      ['unknown', 'ok'],
      ['unknown', 'failing'],
    ]);
  });

  it('keeps the first MOST_CATALOGUE_APPS of a larger catalogue and counts the rest', () => {
    const catalogue = Array.from({ length: MOST_CATALOGUE_APPS + 5 }, (_, i) => ({
      label: `App ${String(i).padStart(5, '0')}`,
      state: 'ok' as const,
    }));
    const watched = [{ id: 'big', kind: 'saml-group' as const, catalogue }];
    const model = foldRunLine(undefined, run(0, { default: 1 }), watched);
    const group = model.parts.find((p) => p.id === 'big');
    expect(group?.catalogue).toHaveLength(MOST_CATALOGUE_APPS);
    expect(group?.moreCatalogue).toBe(5);
    expect(renderStatusHtml(model, new Date(START))).toContain('and 5 more, not named here');
    expect(readStatusModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
    const forged = (apps: unknown): unknown => ({
      ...model,
      parts: model.parts.map((p) => (p.id === 'big' ? { ...p, catalogue: apps } : p)),
    });
    expect(readStatusModel(forged([...catalogue, ...catalogue]))).toBeUndefined();
    expect(readStatusModel(forged([{ label: 'x'.repeat(MOST_LABEL + 1), state: 'ok' }]))).toBeUndefined();
    expect(readStatusModel(forged([{ label: 'A', state: 'green' }]))).toBeUndefined();
    expect(readStatusModel(forged([{ label: 'A', state: 'ok', extra: 1 }]))).toBeUndefined();
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

  it('says overall stale above every state, else the worst: failing, then unknown, then ok', () => {
    const failing = fold([run(0, { default: 0, org: 1 }, [{ server: 'default' }])]);
    const unknown = fold([
      run(0, { default: 1, org: 0 }, [{ server: 'org', code: 'INVALID_CLIENT', httpStatus: 401 }]),
    ]);
    expect(partOf(unknown, 'org')?.state).toBe('unknown');
    expect([failing, unknown, model].map((m) => jsonAt(m, 1).overall)).toEqual(['failing', 'unknown', 'ok']);
    expect([failing, unknown, model].map((m) => jsonAt(m, 10).overall)).toEqual(['stale', 'stale', 'stale']);
  });

  it('counts the runs it folded, capped at a million', () => {
    expect(fold([run(0, { default: 1 }), run(1, { default: 1 })]).runs).toBe(2);
    expect(foldRunLine({ ...model, runs: MOST_RUNS }, run(1, { default: 1 })).runs).toBe(1_000_000);
  });

  it("its inline script turns the page stale in the viewer's browser past five minutes, or on a time unread", () => {
    const staleAt = (lastRun: string, now: number): boolean => {
      const classes = new Set<string>();
      const body = { getAttribute: () => lastRun, classList: { add: (c: string) => classes.add(c) } };
      const clock = { now: () => now, parse: Date.parse };
      new Function('document', 'setInterval', 'Date', PAGE_SCRIPT)({ body }, () => 0, clock);
      return classes.has('stale');
    };
    expect(staleAt(iso(0), START + 4 * 60_000)).toBe(false);
    expect(staleAt(iso(0), START + 6 * 60_000)).toBe(true);
    expect(staleAt('not a time', START)).toBe(true);
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

  it('reads back a part that went unknown after it worked: when it last worked is history the page keeps', () => {
    const unknown = fold([
      run(0, { default: 1 }),
      run(1, { default: 0 }, [{ code: 'INVALID_CLIENT', httpStatus: 401 }]),
    ]);
    expect(partOf(unknown, 'default')).toMatchObject({ state: 'unknown', lastOkAt: iso(0) });
    const kept = JSON.parse(JSON.stringify(unknown)) as { parts: Record<string, unknown>[] };
    expect(readStatusModel(kept)).toEqual(unknown);
    // A last-worked time after the model's last run is a forgery, as a part's since is.
    const forged = { ...kept, parts: kept.parts.map((p) => (p['id'] === 'default' ? { ...p, lastOkAt: iso(60) } : p)) };
    expect(readStatusModel(forged)).toBeUndefined();
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
