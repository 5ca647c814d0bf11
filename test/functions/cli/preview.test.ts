// `run` with a "preview" block, through the built CLI against two loopback orgs: each verdict of the pair table,
// and that Preview never changes the exit code a page would.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSimulatorConfig } from '../../../sim/config';
import { startSimulator, type ScenarioName, type Simulator } from '../../../sim/server';
import { closedPort } from '../../support/closed-port';
import { buildOnce, runCli } from './helpers';

let dir: string;
const started: Simulator[] = [];

beforeAll(async () => {
  await buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-preview-'));
});
afterAll(async () => {
  await Promise.all(started.map((sim) => sim.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function sim(scenario: ScenarioName): Promise<Simulator> {
  const made = await startSimulator({ scenario, port: 0 });
  started.push(made);
  return made;
}

/**
 * Production's config: its two servers, the custom one asking probe.read and probe.write; with a Preview block
 * naming the other org's own apps and credentials, and `custom` set on the custom server's entry.
 */
async function twoOrgs(
  production: Simulator,
  preview: Simulator | string,
  custom: Record<string, unknown> = {},
  journey = false,
): Promise<string> {
  const folder = mkdtempSync(join(dir, 'case-'));
  const written = JSON.parse(readFileSync(await writeSimulatorConfig(production, folder), 'utf8')) as {
    servers: Record<string, unknown>[];
    signIn: Record<string, unknown>[];
  };
  const servers = written.servers.map(({ authorize: _a, resources: _r, ...server }) =>
    server.id === production.clients.custom.serverId ? { ...server, scopes: ['probe.read', 'probe.write'] } : server,
  );
  const previewFolder = mkdtempSync(join(dir, 'preview-'));
  const other = typeof preview === 'string' ? production : preview;
  await writeSimulatorConfig(other, previewFolder);
  const config = {
    ...written,
    servers,
    signIn: journey ? written.signIn.filter((j) => j.id === 'portal') : [],
    samlApps: [],
    preview: {
      orgUrl: typeof preview === 'string' ? preview : preview.url,
      // The simulator's release notes feed: a test never reads help.okta.com.
      releaseNotesUrl: production.releaseNotesUrl,
      servers: {
        org: {
          clientId: other.clients.org.clientId,
          privateKeyFile: join(previewFolder, 'probe-key.pem'),
          keyId: other.clients.org.keyId,
        },
        [production.clients.custom.serverId]: {
          authorizationServerId: other.clients.custom.serverId,
          clientId: other.clients.custom.clientId,
          clientSecret: other.clients.custom.clientSecret,
          ...custom,
        },
      },
      ...(journey && {
        signIn: {
          portal: {
            clientId: other.clients.signIn.portal.clientId,
            redirectUri: other.clients.signIn.portal.redirectUri,
            username: other.clients.signIn.portalUser.username,
            secretsFile: join(previewFolder, 'portal-user.json'),
          },
        },
      }),
    },
  };
  const file = join(folder, 'two-orgs.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

/** The fields `keys` of `record`, and no other. */
const pick = (record: Record<string, unknown>, ...keys: string[]): Record<string, unknown> =>
  Object.fromEntries(keys.map((key) => [key, record[key]]));

interface JsonPreview {
  preview: { unavailable?: string; pairs: { target: string; check: string; verdict: string; text?: string }[] };
}

describe('run probes the Preview org beside Production', () => {
  it('a custom scope dropped in Preview only: "Fails in Preview since <time>: Production next", exit 0', async () => {
    const config = await twoOrgs(await sim('healthy'), await sim('missing-scope'));
    const { code, stdout } = await runCli(['run', '--config', config]);
    expect(stdout).toMatch(/^Preview: http:\/\/127\.0\.0\.1:\d+ \(warnings only, never a page\)$/m);
    // The text wraps at the terminal's width: its words are read as one line.
    expect(oneLine(stdout)).toMatch(
      /WARN Fails in Preview since \S+: Production next\. default validate: MISSING_SCOPE/,
    );
    // The release it started with, named from the simulator's Preview release notes (its newest, two days old).
    expect(oneLine(stdout)).toMatch(
      /release 2026\.48\.0 \(Okta's Preview release notes, \d{4}-\d\d-\d\d\), the newest/,
    );
    expect(stdout).not.toMatch(/^ {2}FAIL /m);
    expect(code).toBe(0);

    const json = await runCli(['run', '--config', config, '--json']);
    const pairs = (JSON.parse(json.stdout) as JsonPreview).preview.pairs;
    expect(pairs.find((p) => p.check === 'validate')).toMatchObject({ target: 'default', verdict: 'preview-ahead' });
    expect(pairs.find((p) => p.check === 'token')).toMatchObject({ verdict: 'mirrors' });
    expect(json.code).toBe(0);
  });

  it('Preview\'s edge down: one "Preview unavailable" warning, no pair, exit 0', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const config = await twoOrgs(await sim('healthy'), down);
    const { code, stdout } = await runCli(['run', '--config', config, '--json']);
    const { preview } = JSON.parse(stdout) as JsonPreview;
    expect(preview.unavailable).toMatch(
      /^Preview unavailable: http:\/\/127\.0\.0\.1:\d+ answered no check \(NETWORK_ERROR\)/,
    );
    expect(preview.pairs).toEqual([]);
    expect(code).toBe(0);
    const text = await runCli(['run', '--config', config]);
    expect(text.stdout.match(/Preview unavailable/g)).toHaveLength(1);
  });

  it('Production down, Preview passing: Production\'s own verdict and exit code, with "Preview passes"', async () => {
    const config = await twoOrgs(await sim('server-error'), await sim('healthy'));
    const { code, stdout } = await runCli(['run', '--config', config]);
    expect(stdout).toMatch(/^ {2}FAIL {2}token .*OKTA_SERVER_ERROR/m);
    expect(oneLine(stdout)).toMatch(
      /INFO Preview passes default token: the cause of OKTA_SERVER_ERROR is Production's own/,
    );
    expect(code).toBe(1);
  });

  it('a Preview config that no longer mirrors Production: said for that check, never "Production next"', async () => {
    const config = await twoOrgs(await sim('healthy'), await sim('healthy'), {
      issuer: 'https://preview-login.acme.example/oauth2/default',
    });
    const { code, stdout } = await runCli(['run', '--config', config, '--json']);
    const pairs = (JSON.parse(stdout) as JsonPreview).preview.pairs;
    const told = pairs.filter((p) => p.text !== undefined);
    expect(told.length).toBeGreaterThan(0);
    for (const pair of told) {
      expect(pair).toMatchObject({ target: 'default', verdict: 'not-mirrored' });
      expect(pair.text).toMatch(/^Preview no longer mirrors Production for default \S+: its Preview entry sets issuer/);
    }
    expect(code).toBe(0);
  });

  it("the Preview org's own synthetic user signs in, and the journey pairs with Production's", async () => {
    const config = await twoOrgs(await sim('healthy'), await sim('healthy'), {}, true);
    const { code, stdout, stderr } = await runCli(['run', '--config', config, '--json']);
    const pairs = (JSON.parse(stdout) as JsonPreview).preview.pairs;
    expect(pairs.find((p) => p.target === 'portal' && p.check === 'sign-in')).toMatchObject({
      production: 'pass',
      preview: 'pass',
      verdict: 'mirrors',
    });
    expect(pairs.filter((p) => p.text !== undefined)).toEqual([]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it("a Preview finding never pages: the exit code, --junit, the --history line are Production's alone", async () => {
    const production = await sim('healthy');
    const preview = await sim('missing-scope');
    const withPreview = await twoOrgs(production, preview);
    // The same config without its preview block, beside it (its files are named relative to it).
    const alone = join(dirname(withPreview), 'production.json');
    const { preview: _preview, ...productionOnly } = JSON.parse(readFileSync(withPreview, 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(alone, JSON.stringify(productionOnly));
    const outputs = async (config: string) => {
      const history = mkdtempSync(join(dir, 'history-'));
      const junit = join(history, 'junit.xml');
      const { code } = await runCli(['run', '--config', config, '--junit', junit, '--history', history]);
      const lines = readdirSync(history)
        .filter((name) => name.endsWith('.jsonl'))
        .map((name) => readFileSync(join(history, name), 'utf8'))
        .join('');
      const xml = readFileSync(junit, 'utf8');
      // What a CI system and the availability report read: each case's verdict, and each run line's counts.
      const cases = [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*?(?:\/>|>\s*<(\w+))/g)].map(
        ([, server, check, inner]) => `${server} ${check} ${inner ?? 'pass'}`,
      );
      const verdicts = lines
        .trim()
        .split('\n')
        .map((line) => {
          const run = JSON.parse(line) as Record<string, unknown> & { servers: { id: string; up: number }[] };
          return {
            ...pick(run, 'passed', 'failed', 'skipped', 'failures'),
            servers: run.servers.map(({ id, up }) => ({ id, up })),
          };
        });
      return { code, xml, lines, cases, verdicts };
    };
    const both = await outputs(withPreview);
    const productionAlone = await outputs(alone);
    // The Preview org fails a check (its scope dropped), yet nothing Production's outputs hold says so.
    expect(both.code).toBe(0);
    expect(both.code).toBe(productionAlone.code);
    expect(both.cases).toHaveLength(Number(/<testsuites [^>]*tests="(\d+)"/.exec(both.xml)?.[1]));
    expect(both.cases).toEqual(productionAlone.cases);
    expect(both.xml).not.toContain('<failure');
    expect(both.xml).not.toContain(preview.url);
    expect(both.lines).not.toContain(preview.url);
    expect(both.lines).not.toContain('MISSING_SCOPE');
    expect(both.verdicts).toEqual(productionAlone.verdicts);
    expect(both.verdicts).toEqual([expect.objectContaining({ failed: 0, failures: [] })]);
  });
});

describe('plan with a "preview" block', () => {
  it("says where the deployed Preview org runs, what warns, its secrets and its runs' cost, as cost does", async () => {
    const example = JSON.parse(readFileSync(join(process.cwd(), 'okta-synthetics.example.json'), 'utf8')) as object;
    const file = join(mkdtempSync(join(dir, 'plan-')), 'deployed.json');
    const preview = {
      orgUrl: 'https://acme.oktapreview.com',
      servers: { org: { clientId: '0oaPREVIEW', privateKeyEnv: 'OKTA_PREVIEW_ORG_KEY' } },
    };
    writeFileSync(file, JSON.stringify({ ...example, preview }));
    const { code, stdout } = await runCli(['plan', '--config', file]);
    expect(code).toBe(0);
    expect(oneLine(stdout)).toContain(
      'Preview org (preview): https://acme.oktapreview.com, probed by the schedule okta-synthetics-preview every 5 ' +
        'min in us-east-1 only, and by run beside Production. Its failures warn, never page: ' +
        'okta-synthetics-preview-ahead-warn, okta-synthetics-preview-unavailable-warn notify the warn topic',
    );
    expect(oneLine(stdout)).toContain('Preview secrets the stack creates: okta-synthetics/preview/org;');
    expect(stdout).not.toMatch(/does not probe it yet|probed by "run" only/);
    const json = await runCli(['plan', '--config', file, '--json']);
    const planned = (JSON.parse(json.stdout) as { preview: { monthlyUsd: number; runsPerMonth: number } }).preview;
    expect(planned).toMatchObject({
      orgUrl: 'https://acme.oktapreview.com',
      everyMinutes: 5,
      runsPerMonth: 8640,
      secrets: ['okta-synthetics/preview/org'],
    });
    const cost = JSON.parse((await runCli(['cost', '--config', file, '--json'])).stdout) as {
      regions: { lines: { item: string; monthly: number; quantity: number }[] }[];
    };
    const lines = cost.regions.flatMap((r) => r.lines).filter((l) => l.item.startsWith('Preview:'));
    expect(lines.find((l) => l.item === 'Preview: Lambda requests (arm64)')?.quantity).toBe(8640);
    const billed = lines.reduce((sum, l) => sum + l.monthly, 0);
    expect(planned.monthlyUsd).toBe(Math.round(billed * 100) / 100);
  });
});

interface PageJson {
  overall: string;
  preview?: { state: string; text: string };
}

/** `status-page` over `history` into a new folder: its exit code, stderr, index.html and status.json. */
async function statusPage(
  history: string,
): Promise<{ code: number | null; stderr: string; html: string; json: PageJson }> {
  const out = mkdtempSync(join(dir, 'site-'));
  const { code, stderr } = await runCli(['status-page', '--history', history, '--out', out]);
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  return { code, stderr, html, json: JSON.parse(readFileSync(join(out, 'status.json'), 'utf8')) as PageJson };
}

describe('status-page shows the Preview org on a line of its own', () => {
  it('run --history keeps the comparison beside the runs, never in them; the page tells it', async () => {
    const preview = await sim('missing-scope');
    const config = await twoOrgs(await sim('healthy'), preview);
    const history = mkdtempSync(join(dir, 'history-'));
    expect((await runCli(['run', '--config', config, '--history', history])).code).toBe(0);
    const runLines = readdirSync(history)
      .filter((name) => name.endsWith('.jsonl'))
      .map((name) => readFileSync(join(history, name), 'utf8'))
      .join('');
    expect(runLines).not.toContain(preview.url);
    // A second run keeps the failure's first run as its since.
    const kept = (): { checkedAt: string; ahead: { since: string }[] } =>
      JSON.parse(readFileSync(join(history, 'kept', 'preview-summary.json'), 'utf8')) as {
        checkedAt: string;
        ahead: { since: string }[];
      };
    const first = kept().checkedAt;
    expect((await runCli(['run', '--config', config, '--history', history])).code).toBe(0);
    expect(kept().checkedAt).not.toBe(first);
    expect(kept().ahead[0]?.since).toBe(first);

    const page = await statusPage(history);
    expect(page.code).toBe(0);
    expect(page.json.preview?.state).toBe('ahead');
    expect(page.json.preview?.text).toMatch(
      new RegExp(
        '^1 check fails in Preview only, Production next: the validate check of default: Granted scope missing ' +
          '\\(MISSING_SCOPE\\), since \\d{4}-\\d\\d-\\d\\d ',
      ),
    );
    expect(page.html).toContain('Nothing is broken for users today');
    // The page's overall state is the one it has without any Preview summary kept.
    rmSync(join(history, 'kept', 'preview-summary.json'));
    const without = await statusPage(history);
    expect(without.json.preview?.state).toBe('not-checked');
    expect(page.json.overall).toBe(without.json.overall);
  });

  it('a hand-edited summary is said and skipped, never shown', async () => {
    const config = await twoOrgs(await sim('healthy'), await sim('healthy'));
    const history = mkdtempSync(join(dir, 'history-'));
    expect((await runCli(['run', '--config', config, '--history', history])).code).toBe(0);
    expect((await statusPage(history)).json.preview?.state).toBe('mirrors');
    const kept = join(history, 'kept', 'preview-summary.json');
    const summary = JSON.parse(readFileSync(kept, 'utf8')) as Record<string, unknown>;
    const forged = [
      { target: '<script>alert(1)</script>', check: 'x', code: 'INVALID_SCOPE', since: summary.checkedAt },
    ];
    writeFileSync(kept, JSON.stringify({ ...summary, ahead: forged }));
    const page = await statusPage(history);
    expect(page.code).toBe(0);
    expect(oneLine(page.stderr)).toMatch(/preview-summary\.json is not a Preview summary of ours: skipped/);
    expect(page.html).not.toContain('alert(1)');
    expect(page.json.preview?.state).toBe('not-checked');
  });
});
