// The never-healing replication stall of scripts/bench/quorum-deploy.ts (`--stall`), in real time: replication of the
// verdict table stopped a minute before the Org server goes down, and kept stopped through Okta's fix and the OK, so
// the OK comes from the home region's backstop alone (every region sees its peers stale: no latch). The fix lands at
// several seconds of the UTC minute, the one the backstop's Minimum per minute reads. Per case it logs what each region
// published (PutMetricData's QuorumFailing, by its Timestamp and arrival), the runs, and the backstop's evaluations
// around the fix: the evidence of which round cleared which minute. Replication resumes after each case is measured.
import { setTimeout as sleep } from 'node:timers/promises';
import { DIMENSIONS, QUORUM_FAILING_METRIC, QUORUM_REGION_DIMENSION } from '../../functions/contract';
import type { Datapoint } from '../../test/support/quorum-aws';
import { DEPLOY_REGIONS, type Deployment } from '../../test/support/quorum-deployment';
import type { StallRow } from './stall-table';

const MIN = 60_000;
/** The backstop pages a stalled outage within 4 minutes at most (section w's goal): the bench waits a minute more. */
const PAGE_LIMIT_MS = 5 * MIN;
/** How long the bench waits for the OK before it writes "never". */
const OK_LIMIT_MS = 4 * MIN;
/** How long after the page the outage lasts at least: every region has seen it fail for a while, as in a real one. */
const HELD_AFTER_PAGE_MS = 20_000;

const utcSecond = (at: number): number => Math.floor((at % MIN) / 1000);
const clock = (at: number): string => new Date(at).toISOString().slice(14, 23);

/** Waits until `second` seconds into a UTC minute, at least `leadMs` from now. */
async function untilUtcSecond(second: number, leadMs: number): Promise<void> {
  const earliest = Date.now() + leadMs;
  const minute = Math.ceil((earliest - second * 1000) / MIN);
  await sleep(Math.max(0, minute * MIN + second * 1000 - Date.now()));
}

/** Polls `check` every 200 ms until it holds or `limitMs` passes: the benches' wait for a page or an OK. */
export async function waitFor(check: () => boolean, limitMs: number): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (check()) return true;
    await sleep(200);
  }
  return check();
}

/** A region's QuorumFailing of the Org server: every region publishes to the home region, its own by a dimension. */
const isOrgFailing = (point: Datapoint, region: string): boolean =>
  point.name === QUORUM_FAILING_METRIC &&
  point.dimensions.split(',').includes(`${DIMENSIONS.Server}=org`) &&
  point.dimensions.split(',').includes(`${QUORUM_REGION_DIMENSION}=${region}`);

/** What each region published, the runs, and the backstop's evaluations from `from` to `to`: the case's evidence. */
function evidence(d: Deployment, from: number, to: number, log: (line: string) => void): void {
  for (const region of DEPLOY_REGIONS) {
    const points = d.quorum.datapoints
      .filter((p) => isOrgFailing(p, region) && p.at >= from && p.at <= to)
      .map(
        (p) =>
          `${clock(p.at)}=${p.value}${p.receivedAt - p.at > 20_000 ? `(+${((p.receivedAt - p.at) / 1000).toFixed(0)}s)` : ''}`,
      );
    const runs = d.invocations
      .filter((r) => r.region === region && r.startedAt + r.elapsedMs >= from && r.startedAt <= to)
      .map(
        (r) =>
          `${clock(r.startedAt)}+${(r.elapsedMs / 1000).toFixed(1)}s${r.cold ? ' cold' : ''} ${r.quorum?.rounds ?? '?'} rounds` +
          `${r.error !== undefined ? ` ${r.error}` : ''}` +
          ` [${r.failures.filter((f) => f.startsWith('org/')).join(' ')}]`,
      );
    log(`  ${region} QuorumFailing(org): ${points.join(' ') || 'none'}`);
    log(`  ${region} runs ended in it: ${runs.join('; ') || 'none'}`);
  }
  for (const e of d.quorum.evaluations.filter((x) => x.at >= from && x.at <= to + 30_000 && x.alarm.includes('-org-')))
    log(`  backstop at ${clock(e.at)} read ${clock(e.minute)}: ${e.value ?? 'no data'} -> ${e.state}`);
}

/** One case: the stall a minute ahead, the outage until the page and a while after, the fix at `fixUtcS`. */
export async function stallCase(d: Deployment, fixUtcS: number, log: (line: string) => void): Promise<StallRow> {
  const page = `${d.prefix}-org-page`;
  d.quorum.stall(true);
  log(`stall: replication stopped; the fix will come at UTC second ${fixUtcS}`);
  await sleep(MIN);
  const start = Date.now();
  d.sim.intercepts = [
    {
      server: 'org',
      endpoint: '*',
      answer: {
        kind: 'html',
        status: 503,
        title: 'Service Unavailable',
        message: 'The service is temporarily unavailable. Please try again later.',
      },
    },
  ];
  log(`stall: Org server down at UTC second ${utcSecond(start)}`);
  const own = (from: number, state: 'ALARM' | 'OK') =>
    d.quorum.messages.filter((m) => m.alarm === page && m.state === state && m.at >= from);
  await waitFor(() => own(start, 'ALARM').length > 0, PAGE_LIMIT_MS);
  const paged = own(start, 'ALARM')[0];
  await untilUtcSecond(fixUtcS, HELD_AFTER_PAGE_MS);
  const fix = Date.now();
  // Okta answers again; replication stays stopped.
  d.sim.intercepts = [];
  log(
    `stall: fixed at ${clock(fix)}${paged ? `, paged after ${((paged.at - start) / 1000).toFixed(1)} s` : ', never paged'}`,
  );
  const allOk = (): boolean =>
    DEPLOY_REGIONS.every((region) => {
      const last = d.quorum.messages.filter((m) => m.region === region && m.alarm === page && m.at >= start).at(-1);
      return last === undefined || last.state === 'OK';
    });
  const ok = await waitFor(allOk, OK_LIMIT_MS);
  const lastOk = own(fix, 'OK').at(-1);
  const end = Date.now();
  log(`stall: ${ok && lastOk ? `OK ${((lastOk.at - fix) / 1000).toFixed(1)} s after the fix` : 'no OK'}`);
  evidence(d, fix - 35_000, end, log);
  const firstClean = Object.fromEntries(
    DEPLOY_REGIONS.map((region) => {
      const point = d.quorum.datapoints.find((p) => isOrgFailing(p, region) && p.at >= fix && p.value === 0);
      return [region, point === undefined ? undefined : (point.at - fix) / 1000];
    }),
  );
  d.quorum.stall(false);
  log('stall: replication resumed after the measure');
  await sleep(20_000);
  return {
    faultUtcS: utcSecond(start),
    fixUtcS: utcSecond(fix),
    ...(paged !== undefined && { pageS: (paged.at - start) / 1000 }),
    ...(ok && lastOk !== undefined && { okS: (lastOk.at - fix) / 1000 }),
    pages: own(start, 'ALARM').filter((m) => m.at <= end).length,
    firstClean,
  };
}
