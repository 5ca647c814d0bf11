// One core for the Preview run of the CLI (`run` with a preview block, --history) and of the deployed function
// (PREVIEW_EVENT): the same sequence of runs told through both sides gives the same "since", the same once-a-day
// reads of Okta's release notes and the same words. Each CLI run here is a new process (a cron run), so what it
// carries from one run to the next is what it keeps beside --history, never this process's memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KEPT_KEYS, KEPT_RECORD_MAX_CHARS, type CheckName, type DiagnosisCode } from '../../../functions/contract';
import type { PreviewConfig } from '../../../functions/config/preview-shape';
import type { ResolvedConfig } from '../../../functions/config/resolved';
import { invocationLogger } from '../../../functions/lambda/log';
import { fetchPreviewReleases } from '../../../functions/probe/feed/preview-releases';
import { productionRecord } from '../../../functions/report/preview-record';
import { textLogger } from '../../../functions/text/logger';
import type { CheckResult, Report } from '../../../functions/types';
import { createMemoryCache } from '../../../functions/cache/read-through';

const T0 = Date.parse('2026-11-20T06:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PREVIEW_ORG = 'https://acme.oktapreview.com';

/** Okta's feed on loopback: one release, its reads counted. */
let feed: Server;
let feedUrl = '';
let feedReads = 0;
beforeAll(async () => {
  feed = createServer((_, res) => {
    feedReads += 1;
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(
      '<rss><channel><item><title>Okta Identity Engine - Version 2026.47.0. Deployed on November 18, 2026.</title>' +
        `<pubDate>${new Date(T0 - 2 * 24 * HOUR).toUTCString()}</pubDate></item></channel></rss>`,
    );
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/rss/preview.xml`;
});
afterAll(() => new Promise<void>((resolve) => feed.close(() => resolve())));
afterEach(() => vi.useRealTimers());

const result = (server: string, check: CheckName, code?: DiagnosisCode): CheckResult =>
  code === undefined
    ? { server, check, status: 'pass', diagnosis: null, latencyMs: 10 }
    : { server, check, status: 'fail', latencyMs: 10, diagnosis: { code, summary: code, remedy: '', requestId: null } };

/** What the Preview org did in a run: its validate check ahead of Production, passing, or the org unreachable. */
type Outcome = 'ahead' | 'pass' | 'unreachable';
const previewChecks: Record<Outcome, CheckResult[]> = {
  ahead: [result('ausPreview', 'token'), result('ausPreview', 'validate', 'MISSING_SCOPE')],
  pass: [result('ausPreview', 'token'), result('ausPreview', 'validate')],
  unreachable: [result('ausPreview', 'token', 'NETWORK_ERROR'), result('ausPreview', 'validate', 'NETWORK_ERROR')],
};
const report = (orgUrl: string, at: number, checks: CheckResult[]): Report => ({
  startedAt: new Date(at).toISOString(),
  durationMs: 100,
  orgUrl,
  checks,
  metrics: [],
});
const production = (at: number) =>
  report('https://acme.okta.com', at, [result('default', 'token'), result('default', 'validate')]);

const previewConfig = (): PreviewConfig => ({
  probe: { servers: [], signIn: [] } as unknown as PreviewConfig['probe'],
  everyMinutes: 5,
  pairs: { ausPreview: 'default' },
  diverging: {},
  releaseNotesUrl: feedUrl,
});

/** What a side told of one run: each pair's words, and how many times it read the feed. */
interface Told {
  readonly texts: readonly string[];
  readonly feedReads: number;
}

/** The CLI side: each run a new process (a cron run) with --history and the Preview org's state folder. */
function cliSide() {
  const history = mkdtempSync(join(tmpdir(), 'preview-step-history-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'preview-step-state-'));
  return {
    dirs: [history, stateDir],
    async run(at: number, outcome: Outcome): Promise<Told> {
      vi.resetModules();
      const { previewComparison } = await import('../../../functions/cli/preview-run');
      const before = feedReads;
      const { compared } = await previewComparison(
        production(at),
        {
          config: previewConfig(),
          history,
          stateDir,
          report: report(PREVIEW_ORG, at, previewChecks[outcome]),
          secrets: [],
        },
        textLogger(() => undefined),
      );
      return { texts: (compared?.pairs ?? []).flatMap((p) => p.text ?? []), feedReads: feedReads - before };
    },
  };
}

/** The deployed side: Production's run keeps its verdicts, then the Preview event runs with the kept records. */
function lambdaSide() {
  const records = new Map<string, unknown>();
  const kept = {
    where: (key: string) => key,
    read: async (key: string) => records.get(key),
    write: async (key: string, value: unknown) => void records.set(key, value),
  };
  const config = previewConfig();
  return {
    async run(at: number, outcome: Outcome): Promise<Told> {
      const { runPreview } = await import('../../../functions/lambda/preview-run');
      records.set(KEPT_KEYS.previewProduction, productionRecord(production(at), config, KEPT_RECORD_MAX_CHARS));
      const lines: string[] = [];
      const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
      const before = feedReads;
      try {
        await runPreview({ preview: config, deploy: { scheduleMinutes: 1 } } as unknown as ResolvedConfig, {
          secrets: { resolve: async () => new Map(), resolveUsers: async () => new Map(), invalidate: () => undefined },
          cache: createMemoryCache(),
          kept,
          publish: async () => undefined,
          runProbe: async () => report(PREVIEW_ORG, at, previewChecks[outcome]),
          deadline: at + MINUTE,
          now: () => at,
          fetchReleases: fetchPreviewReleases,
          log: invocationLogger({ awsRequestId: 'preview-step' }),
        });
      } finally {
        write.mockRestore();
      }
      const line = lines.map((l) => JSON.parse(l) as { pairs?: { text: string }[] }).find((l) => l.pairs !== undefined);
      return { texts: (line?.pairs ?? []).map((p) => p.text), feedReads: feedReads - before };
    },
  };
}

/** Fails in Preview since <time>, from a pair's words. */
const sinceIn = (told: Told): string | undefined => /Fails in Preview since (\S+):/.exec(told.texts[0] ?? '')?.[1];

const RUNS: readonly (readonly [number, Outcome])[] = [
  [T0, 'ahead'],
  [T0 + 5 * MINUTE, 'ahead'],
  [T0 + 10 * MINUTE, 'unreachable'],
  [T0 + 15 * MINUTE, 'ahead'],
  [T0 + 25 * HOUR, 'ahead'],
  [T0 + 25 * HOUR + 5 * MINUTE, 'pass'],
  [T0 + 25 * HOUR + 10 * MINUTE, 'ahead'],
];

describe('the Preview run, one core for the CLI and the deployed function', () => {
  it('tells the same since, reads the feed on the same runs and says the same words, through both sides', async () => {
    const cli = cliSide();
    const lambda = lambdaSide();
    try {
      const told: { cli: Told; lambda: Told }[] = [];
      for (const [at, outcome] of RUNS) {
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(at);
        told.push({ cli: await cli.run(at, outcome), lambda: await lambda.run(at, outcome) });
        vi.useRealTimers();
      }
      for (const [i, { cli: c, lambda: l }] of told.entries()) expect(c, `run ${i + 1}`).toEqual(l);
      const iso = (at: number) => new Date(at).toISOString();
      // A run that reached nothing says nothing of the checks: the failure goes on from where it began.
      expect(told.map(({ cli: c }) => sinceIn(c))).toEqual([
        iso(T0),
        iso(T0),
        undefined,
        iso(T0),
        iso(T0),
        undefined,
        iso(T0 + 25 * HOUR + 10 * MINUTE),
      ]);
      // Once a day, and again when a failure began after the kept read.
      expect(told.map(({ cli: c }) => c.feedReads)).toEqual([1, 0, 0, 0, 1, 0, 1]);
      expect(told[0]?.cli.texts[0]).toContain('2026.47.0');
    } finally {
      for (const dir of cli.dirs) rmSync(dir, { recursive: true, force: true });
    }
  });

  it("carries a failure's since across a run that reached nothing, in a new CLI process as deployed", async () => {
    const cli = cliSide();
    try {
      const told: Told[] = [];
      for (const [at, outcome] of RUNS.slice(0, 4)) {
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(at);
        told.push(await cli.run(at, outcome));
        vi.useRealTimers();
      }
      expect(sinceIn(told[3]!)).toBe(new Date(T0).toISOString());
    } finally {
      for (const dir of cli.dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});
