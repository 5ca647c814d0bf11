// Writes the README's picture of the availability report: a simulated month (sim/month.ts) with an outage of each
// cause, the probe down and a maintenance window, rendered by the report's own HTML view and photographed by a
// real browser (Debian's chromium, headless). Rerun: npx --no-install tsx scripts/report-screenshot.ts [chromium
// binary]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeAvailability } from '../functions/report/availability';
import { renderAvailabilityHtml } from '../functions/report/html';
import { monthPeriod } from '../functions/report/period';
import { simulateMonth, type MonthScenario } from '../sim/month';

export const SCREENSHOT_MONTH: MonthScenario = {
  month: '2026-10',
  orgUrl: 'https://acme.okta.com',
  servers: ['org', 'default', 'payments', 'partners', 'mobile', 'internal'],
  events: [
    {
      kind: 'failure',
      servers: '*',
      from: '2026-10-06T14:21:00Z',
      minutes: 9,
      check: 'token',
      code: 'OKTA_SERVER_ERROR',
      httpStatus: 503,
    },
    {
      kind: 'failure',
      servers: ['payments', 'partners'],
      from: '2026-10-21T09:02:00Z',
      minutes: 4,
      check: 'discovery',
      code: 'TIMEOUT',
    },
    {
      kind: 'failure',
      servers: ['payments'],
      from: '2026-10-13T16:40:00Z',
      minutes: 38,
      check: 'token',
      code: 'CLAIM_EVALUATION_FAILED',
      httpStatus: 400,
    },
    {
      kind: 'failure',
      servers: ['mobile'],
      from: '2026-10-27T11:15:00Z',
      minutes: 22,
      check: 'authorize',
      code: 'REDIRECT_URI_MISMATCH',
      httpStatus: 400,
    },
    {
      kind: 'failure',
      servers: ['internal'],
      from: '2026-10-17T03:00:00Z',
      minutes: 12,
      check: 'token',
      code: 'SECRETS_UNAVAILABLE',
    },
    { kind: 'probe-down', from: '2026-10-09T22:10:00Z', minutes: 47 },
    { kind: 'maintenance', from: '2026-10-24T01:00:00Z', minutes: 60, reason: 'IdP cut-over' },
  ],
};

const out = join(process.cwd(), 'docs/availability-report.png');
const chromium = process.argv[2] ?? 'chromium';
const lines = simulateMonth(SCREENSHOT_MONTH);
const report = computeAvailability(lines, {
  period: monthPeriod(SCREENSHOT_MONTH.month, Date.parse('2026-11-02T00:00:00Z')),
  servers: SCREENSHOT_MONTH.servers,
});
const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-shot-'));
try {
  const page = join(dir, 'report.html');
  writeFileSync(page, renderAvailabilityHtml(report));
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--window-size=1280,1440',
      `--screenshot=${out}`,
      `file://${page}`,
    ],
    { stdio: 'ignore' },
  );
  process.stdout.write(`Wrote ${out} from ${lines.length} simulated runs\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
