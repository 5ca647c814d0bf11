// `npm run pictures`: the README's pictures, made from the product itself so that they stay true, and photographed in
// a real browser (Debian's headless chromium, through playwright-core):
// - a page as e-mail and in Slack: `run --history` against the simulator, healthy and then in an outage (the custom
//   server's /token answering 500), with a generic webhook and a Slack channel in localNotifications, received on
//   loopback: the e-mail is the notifier's message (subject and text, what SNS e-mails), the Slack picture its Slack
//   body (mrkdwn), laid out as Slack lays out an app's message;
// - the dashboard: the widgets lib/dashboard.ts builds for the committed example (read from the stack's dashboard
//   body), each at its place on CloudWatch's 24-column grid, filled with a simulated day's values. It is the
//   product's layout drawn here, not the AWS console;
// - the architecture, drawn as HTML.
// Run with no network but loopback (the simulator and the receiver listen on 127.0.0.1).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { CfnDashboard } from 'aws-cdk-lib/aws-cloudwatch';
import { main } from '../functions/cli/main';
import { buildApp, EXAMPLE_CONFIG_PATH } from '../lib/build-app';
import { startSimulator } from '../sim/server';
import { writeSimulatorConfig } from '../sim/config';
import { ROOT } from './docs';
import { DIAGNOSES } from '../functions/diagnosis/table';
import {
  architectureHtml,
  dashboardHtml,
  emailHtml,
  PICTURES,
  slackHtml,
  type DayFailure,
  type Widget,
} from './pictures-html';

type PictureFile = (typeof PICTURES)[number]['file'];

interface Received {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** A loopback receiver for the run's webhooks: every body it is posted, by path. */
async function receiver(): Promise<{ server: Server; base: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req
      .setEncoding('utf8')
      .on('data', (chunk: string) => (text += chunk))
      .on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
        res.writeHead(200).end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** The notifier's page for a simulated outage: the generic webhook's message (e-mail) and the Slack channel's body. */
async function outagePage(dir: string): Promise<{ subject: string; text: string; slack: string }> {
  const sim = await startSimulator();
  const hooks = await receiver();
  try {
    const path = await writeSimulatorConfig(sim, join(dir, 'sim'));
    const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    file.localNotifications = [
      { kind: 'slack', url: '${PICTURES_SLACK_URL}' },
      { kind: 'webhook', url: '${PICTURES_WEBHOOK_URL}' },
    ];
    writeFileSync(path, JSON.stringify(file));
    const env = { PICTURES_SLACK_URL: `${hooks.base}/slack`, PICTURES_WEBHOOK_URL: `${hooks.base}/webhook` };
    const io = { stdout: () => {}, stderr: () => {}, env };
    const history = join(dir, 'history');
    await main(['run', '--config', path, '--history', history], io);
    sim.scenario = 'server-error';
    hooks.received.length = 0;
    await main(['run', '--config', path, '--history', history], io);
    const webhook = hooks.received.find((r) => r.path === '/webhook')?.body;
    const slack = hooks.received.find((r) => r.path === '/slack')?.body.text;
    if (webhook === undefined || typeof slack !== 'string') throw new Error('pictures: the outage sent no page');
    return { subject: String(webhook.subject), text: String(webhook.text), slack };
  } finally {
    await new Promise((resolve) => hooks.server.close(resolve));
    await sim.close();
  }
}

/** The committed example's dashboard widgets as the stack builds them, its tokens named plainly. */
export function exampleWidgets(): Widget[] {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const result = buildApp(app, {
    configPath: EXAMPLE_CONFIG_PATH,
    env: { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'us-east-1' },
  });
  if (!result.ok) throw new Error(`pictures: ${result.errors.join('; ')}`);
  const [stack] = result.stacks;
  const cfn = stack?.node.findAll().find((c): c is CfnDashboard => c instanceof CfnDashboard);
  if (stack === undefined || cfn === undefined) throw new Error('pictures: the example has no dashboard');
  const body = Stack.of(cfn).resolve(cfn.dashboardBody) as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'us-east-1')).join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
}

/** The outage's failure as the dashboard's failures table shows it: its diagnosis's remedy, the page's request id. */
function dayFailure(text: string): DayFailure {
  return {
    server: 'default',
    check: 'token',
    code: 'OKTA_SERVER_ERROR',
    remedy: DIAGNOSES.OKTA_SERVER_ERROR.remedy,
    requestId: /X-Okta-Request-Id: (\S+)/.exec(text)?.[1] ?? '',
  };
}

/** Photographs each page of HTML at its width, the whole height, into docs/pictures/. */
async function photograph(pages: ReadonlyMap<PictureFile, string>, dir: string): Promise<void> {
  const { launchChromium } = await import('../test/support/browser');
  const browser = await launchChromium();
  try {
    const out = join(ROOT.pathname, 'docs/pictures');
    mkdirSync(out, { recursive: true });
    for (const { file, width } of PICTURES) {
      const html = pages.get(file);
      if (html === undefined) continue;
      const page = await browser.newPage({ viewport: { width, height: 100 }, deviceScaleFactor: 1 });
      const local = join(dir, `${file}.html`);
      writeFileSync(local, html);
      await page.goto(pathToFileURL(local).href);
      await page.screenshot({ path: join(out, file), fullPage: true });
      await page.close();
      process.stdout.write(`Wrote docs/pictures/${file}\n`);
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-pictures-'));
  try {
    const page = await outagePage(dir);
    const pages = new Map<PictureFile, string>([
      ['page-email.png', emailHtml(page.subject, page.text)],
      ['page-slack.png', slackHtml(page.slack)],
      ['dashboard.png', dashboardHtml(exampleWidgets(), dayFailure(page.text))],
      ['architecture.png', architectureHtml()],
    ]);
    await photograph(pages, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
