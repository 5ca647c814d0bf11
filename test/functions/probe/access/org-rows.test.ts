// `plan --org`'s questions to the org about the access assertions' rows, against the simulator on loopback: each
// distinct app, user, group and zone asked once on a token of its own scope, a few at a time; Okta's 404 E0000007
// refuses the field; our grant, a 429, Okta's 5xx or no answer leaves it "not checked", never refused.
import { afterEach, describe, expect, it } from 'vitest';
import { ACCESS_ASSERTIONS } from '../../../../functions/contract';
import { loadConfigFile } from '../../../../functions/config/parse';
import { resolveLocalCredentials } from '../../../../functions/credentials/local';
import { askRowsOfOrg } from '../../../../functions/probe/access/org-rows';
import { serverEndpoints } from '../../../../functions/probe/endpoints';
import { send, type HttpOutcome } from '../../../../functions/probe/http';
import type { Exchange } from '../../../../functions/probe/context';
import type { AccessAssertion } from '../../../../functions/types';
import { SIM_ACCESS } from '../../../../sim/access';
import { writeSimulatorConfig } from '../../../../sim/config';
import type { ScenarioName } from '../../../../sim/scenarios';
import { useSimulator } from '../../../support/simulator';
import { useTempDir } from '../../../support/temp-dir';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-access-org-');
afterEach(() => {
  sim().scenario = 'healthy';
});

/** The rows asked of the simulated org under `scenario`, with the requests it saw. */
async function ask(
  scenario: ScenarioName,
  {
    rows = (written) => [...written],
    answer = (outcome) => outcome,
  }: {
    readonly rows?: (written: readonly AccessAssertion[]) => AccessAssertion[];
    /** What the reader is told of each answer (a 429, a 503, no answer). */
    readonly answer?: (outcome: HttpOutcome, url: string) => HttpOutcome;
  } = {},
) {
  sim().scenario = scenario;
  const loaded = loadConfigFile(await writeSimulatorConfig(sim(), dir()), 'cli', {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const { probe } = loaded.config;
  const org = probe.servers.find((s) => s.id === 'org')!;
  sim().resetRequests();
  sim().resetRateLimits();
  const asked = await askRowsOfOrg({
    server: { ...org, accessAssertions: rows(org.accessAssertions ?? []) },
    orgServer: true,
    endpoints: serverEndpoints(probe.orgUrl, 'org'),
    credential: resolveLocalCredentials(probe, {}).get('org'),
    exchange: async (req: Parameters<Exchange>[0]) =>
      answer(await send({ ...req, timeoutMs: probe.timeoutMs }), req.url),
    now: Date.now,
  });
  return { asked, requests: sim().requests.map((r) => `${r.method} ${r.path}`), peak: sim().peakInFlight };
}

const outcomes = (asked: Awaited<ReturnType<typeof ask>>['asked']): string[] =>
  asked.fields.map((f) => `${f.outcome} ${f.field}`);

describe("the healthy demo's rows", () => {
  it('are all found: each distinct value asked once, a token per scope, a few at a time, nobody signs in', async () => {
    const { asked, requests, peak } = await ask('healthy');
    expect(outcomes(asked)).toEqual([
      'found accessAssertions[0].app',
      'found accessAssertions[0].groups[0]',
      'found accessAssertions[1].app',
      'found accessAssertions[1].groups[0]',
      'found accessAssertions[1].zone',
      'found accessAssertions[2].app',
      'found accessAssertions[2].groups[0]',
    ]);
    expect(requests.filter((r) => r.startsWith('GET /api/v1/')).sort()).toEqual([
      `GET /api/v1/apps/${SIM_ACCESS.financeApp}`,
      `GET /api/v1/groups/${SIM_ACCESS.contractorsGroup}`,
      `GET /api/v1/groups/${SIM_ACCESS.financeGroup}`,
      `GET /api/v1/zones/${SIM_ACCESS.officeZone}`,
    ]);
    // One token for each scope read: okta.apps.read, okta.groups.read, okta.networkZones.read (no row names a user).
    expect(requests.filter((r) => r === 'POST /oauth2/v1/token')).toHaveLength(3);
    expect(requests.filter((r) => /authn|idp\/idx|authorize|simulate/.test(r))).toEqual([]);
    expect(peak).toBeLessThanOrEqual(ACCESS_ASSERTIONS.orgLookupsInFlight);
    expect(asked.secrets).toHaveLength(3);
  });
});

describe('a value the org does not have', () => {
  it('refuses its field with the fix: an unknown user, group, zone, app id or label', async () => {
    const { asked, peak } = await ask('access-healthy', {
      rows: ([remote, office, denied]) => [
        { ...remote!, user: '00uunknown000000x7a0' },
        { ...office!, zone: 'nzooffice00000000x7b' },
        { ...denied!, groups: [SIM_ACCESS.contractorsGroup, '00gnobody000000000x7'] },
        { ...denied!, id: 'typo-id', app: '0oafinance0000000x7b' },
        { ...denied!, id: 'typo-label', app: 'Finanse' },
        { ...denied!, id: 'by-label', app: 'Finance' },
      ],
    });
    const refused = asked.fields.filter((f) => f.outcome === 'refused').map((f) => `${f.field}: ${f.words}`);
    expect(refused).toEqual([
      "accessAssertions[0].user: 00uunknown000000x7a0 is no user of this org: copy the person's 00u... id from " +
        'Directory > People > [person], in the address',
      "accessAssertions[1].zone: nzooffice00000000x7b is no network zone of this org: copy the zone's nzo... id " +
        "from Security > Networks > [zone], in the address, or give the row's ip instead",
      "accessAssertions[2].groups[1]: 00gnobody000000000x7 is no group of this org: copy the group's 00g... id " +
        'from Directory > Groups > [group], in the address',
      "accessAssertions[3].app: 0oafinance0000000x7b is no app of this org: copy the app's 0oa... id from " +
        'Applications > Applications > [app], in the address, or write its label',
      expect.stringMatching(/^accessAssertions\[4\]\.app: .*no app of the org is labelled "Finanse"/),
    ]);
    // The label that is one app's passes, found by the run's own look-up.
    expect(outcomes(asked)).toContain('found accessAssertions[5].app');
    expect(asked.fields.filter((f) => f.outcome === 'unchecked')).toEqual([]);
    // The labels are read before the ids, so they add nothing to what is in flight at once.
    expect(peak).toBeLessThanOrEqual(ACCESS_ASSERTIONS.orgLookupsInFlight);
  });
});

describe('a value the org could not be asked of', () => {
  it('is not checked when the scope is not granted, naming it; the other kinds are still read', async () => {
    const { asked } = await ask('inventory-scope-apps');
    const apps = asked.fields.filter((f) => f.field.endsWith('.app'));
    expect(apps.map((f) => f.outcome)).toEqual(['unchecked', 'unchecked', 'unchecked']);
    expect(apps[0]!.words).toMatch(/^not checked: okta\.apps\.read is not granted to the "org" server's app \(/);
    expect(apps[0]!.words).toMatch(
      /our setup, not the row's: grant it in Applications > Applications > \[app\] > Okta API Scopes$/,
    );
    expect(asked.fields.filter((f) => !f.field.endsWith('.app')).map((f) => f.outcome)).toEqual([
      'found',
      'found',
      'found',
      'found',
    ]);
  });

  it('is not checked when the app holds no admin role that reads it, advising the narrowest role', async () => {
    const { asked } = await ask('admin-role-missing');
    expect(asked.fields.map((f) => f.outcome)).toEqual(Array<string>(7).fill('unchecked'));
    const group = asked.fields.find((f) => f.field.includes('.groups['));
    expect(group?.words).toMatch(/^not checked: the "org" server's app may not read it \(/);
    expect(group?.words).toMatch(
      /our setup, not the row's: give the app Read-only Administrator, or a custom admin role with okta\.groups\.read/,
    );
  });

  it.each([
    ['429', 429, /^not checked: GET \/api\/v1\/groups\/\{id\}: .*\(HTTP 429\); not the row's fault/],
    ['503', 503, /^not checked: GET \/api\/v1\/groups\/\{id\}: .*\(HTTP 503\); not the row's fault/],
    ['404 without Okta’s envelope', 404, /^not checked: GET \/api\/v1\/groups\/\{id\}: .*\(HTTP 404\)/],
  ])('is not checked on a %s, never refused', async (_name, status, words) => {
    const { asked } = await ask('healthy', {
      answer: (outcome, url) =>
        url.includes('/api/v1/groups/') && outcome.ok
          ? {
              ok: true,
              response: {
                ...outcome.response,
                status,
                headers: { 'content-type': 'text/html' },
                body: '<html>not here</html>',
              },
            }
          : outcome,
    });
    const groups = asked.fields.filter((f) => f.field.includes('.groups['));
    expect(groups.map((f) => f.outcome)).toEqual(['unchecked', 'unchecked', 'unchecked']);
    expect(groups[0]!.words).toMatch(words);
    expect(asked.fields.filter((f) => f.outcome === 'refused')).toEqual([]);
  });

  it('is not checked when Okta never answers, and no token is ever in the words', async () => {
    const { asked } = await ask('healthy', {
      answer: (outcome, url) =>
        url.includes('/api/v1/zones/') && outcome.ok
          ? { ok: false, failure: { kind: 'network', message: 'socket hang up', timings: outcome.response.timings } }
          : outcome,
    });
    const zone = asked.fields.find((f) => f.field.endsWith('.zone'));
    expect(zone).toMatchObject({
      outcome: 'unchecked',
      words: expect.stringMatching(/^not checked: .*socket hang up/),
    });
    const words = asked.fields.map((f) => f.words ?? '').join('\n');
    for (const token of asked.secrets) expect(words).not.toContain(token);
  });
});
