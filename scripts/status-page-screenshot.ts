// Writes docs/status-page.png, the picture of the help desk's status page in the docs and the README: a morning of
// runs (a SAML app's wrong audience, Okta's 5xx on a server, a catalogue's failing apps), folded by the page's own
// model, rendered by its own HTML and photographed by Debian's Chromium, headless, at a laptop's width.
// Rerun: npm run screenshot:status-page
import { join } from 'node:path';
import type { RunLogFailure, RunLogLine } from '../functions/contract';
import { foldRunLine } from '../functions/status-page/fold';
import { renderStatusHtml } from '../functions/status-page/html';
import type { StatusModel } from '../functions/status-page/model';
import type { WatchedPart } from '../functions/status-page/watched';
import { launchChromium } from '../test/support/browser';

const START = Date.parse('2026-10-06T08:00:00.000Z');
const WATCHED: readonly WatchedPart[] = [
  { id: 'workforce', kind: 'journey', name: 'Employees (password + Okta Verify)' },
  { id: 'portal', kind: 'journey', name: 'Customer portal' },
  { id: 'salesforce', kind: 'saml-app', name: 'Salesforce' },
  { id: 'workday', kind: 'saml-app', name: 'Workday' },
  { id: 'catalogue', kind: 'saml-group', name: 'All SAML apps (1,140)' },
  { id: 'default', kind: 'server', name: 'Default (apps and APIs)' },
  { id: 'payments', kind: 'server', name: 'Payments' },
  { id: 'payments', kind: 'api', name: 'Payments' },
];

function line(minute: number, down: readonly string[], failures: readonly Partial<RunLogFailure>[]): RunLogLine {
  const ids = ['workforce', 'portal', 'salesforce', 'workday', 'default', 'payments'];
  return {
    level: failures.length > 0 ? 'WARN' : 'INFO',
    message: 'okta-synthetics run',
    startedAt: new Date(START + minute * 60_000).toISOString(),
    durationMs: 2100,
    orgUrl: 'https://acme.okta.com',
    passed: 40,
    failed: failures.length,
    skipped: 0,
    servers: ids.map((id) => ({ id, up: down.includes(id) ? 0 : 1, ms: 300 })),
    failures: failures.map((f) => ({
      server: 'default',
      check: 'token',
      code: 'OKTA_SERVER_ERROR',
      summary: '',
      remedy: '',
      requestId: null,
      ...f,
    })) as RunLogFailure[],
    metrics: { published: 0, emf: 0 },
  };
}

const CATALOGUE = ['Zoom', 'Box', 'Jira <Cloud>'].map((item) => ({
  server: 'catalogue',
  check: 'saml-apps',
  code: 'SAML_CERT_EXPIRING',
  item,
}));

function screenshotModel(): StatusModel {
  const audience = { server: 'salesforce', check: 'saml', code: 'SAML_AUDIENCE_MISMATCH' } as const;
  const lines = [
    line(0, [], []),
    line(12, ['salesforce'], [audience]),
    line(
      31,
      ['salesforce', 'payments'],
      [audience, { server: 'payments', code: 'OKTA_SERVER_ERROR', httpStatus: 503 }],
    ),
    line(44, ['salesforce', 'payments'], [
      audience,
      { server: 'payments', code: 'OKTA_SERVER_ERROR', httpStatus: 503 },
      { server: 'catalogue', check: 'saml-apps', code: 'SAML_USER_NOT_ASSIGNED', item: 'Expensify' },
      { server: 'catalogue', check: 'saml-apps', code: 'SAML_ACS_URL_MISMATCH', item: 'Greenhouse' },
      ...CATALOGUE,
    ] as Partial<RunLogFailure>[]),
  ];
  let model: StatusModel | undefined;
  for (const l of lines) model = foldRunLine(model, l, WATCHED);
  return model as StatusModel;
}

async function main(): Promise<void> {
  const model = screenshotModel();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 }, deviceScaleFactor: 1 });
    // Built a minute after the last run, and the viewer's clock there too: the page as the help desk sees it live.
    const at = new Date(Date.parse(model.lastRunAt) + 60_000);
    await page.clock.setFixedTime(at);
    await page.setContent(renderStatusHtml(model, at));
    await page.screenshot({ path: join(import.meta.dirname, '..', 'docs', 'status-page.png'), fullPage: true });
  } finally {
    await browser.close();
  }
}

await main();
