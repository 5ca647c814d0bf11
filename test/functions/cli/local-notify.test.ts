// `run --history` with localNotifications against the simulator and a loopback webhook receiver: one
// message per change of state, the diagnosis in it, nothing during maintenance, and never a secret or a crash.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/main';
import { STATE_FILE } from '../../../functions/cli/local-notify';
import { writeSimulatorConfig } from '../../../sim/config';
import { useSimulator } from '../../support/simulator';
import { captureIo } from './helpers';
import { useWebhookReceiver } from '../../support/notifier-doubles';

const sim = useSimulator();
const hook = useWebhookReceiver<Record<string, unknown>>();
const { received } = hook;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-notify-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  received.length = 0;
  hook.answer.status = 200;
  sim().scenario = 'healthy';
});

const ROUTING_KEY = 'R0uTiNgKeY0123456789abcdefABCDEF';

async function configWithChannels(name: string): Promise<string> {
  const path = await writeSimulatorConfig(sim(), join(dir, name));
  const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  file.localNotifications = [
    { kind: 'slack', url: '${TEST_SLACK_URL}' },
    { kind: 'pagerduty', routingKey: '${TEST_PD_KEY}', url: `${hook.base()}/pagerduty`, severities: ['page'] },
  ];
  writeFileSync(path, JSON.stringify(file));
  return path;
}

const env = () => ({ TEST_SLACK_URL: `${hook.base()}/slack`, TEST_PD_KEY: ROUTING_KEY });

async function run(config: string, history: string): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(env());
  const code = await main(['run', '--config', config, '--history', history], io);
  return { code, out: io.out(), err: io.err() };
}

describe('run --history with localNotifications', () => {
  it(
    'tells an outage once per channel, with the diagnosis, ' + 'and its recovery once; a healthy run tells nothing',
    async () => {
      const config = await configWithChannels('outage');
      const history = join(dir, 'outage-history');
      expect((await run(config, history)).code).toBe(0);
      expect(received).toEqual([]);

      sim().scenario = 'no-access-policy';
      const failing = await run(config, history);
      expect(failing.code).toBe(1);
      expect(received.map((r) => r.path).sort()).toEqual(['/pagerduty', '/slack']);
      const slack = received.find((r) => r.path === '/slack')?.body.text as string;
      expect(slack).toContain('ALARM');
      expect(slack).toContain('NO_ACCESS_POLICY');
      expect(slack).toContain('X-Okta-Request-Id');
      const pd = received.find((r) => r.path === '/pagerduty')?.body;
      expect(pd).toMatchObject({
        routing_key: ROUTING_KEY,
        event_action: 'trigger',
        payload: { severity: 'critical' },
      });
      const dedup = pd?.dedup_key;

      received.length = 0;
      await run(config, history);
      expect(received).toEqual([]);

      sim().scenario = 'healthy';
      await run(config, history);
      expect(received.map((r) => r.path).sort()).toEqual(['/pagerduty', '/slack']);
      expect(received.find((r) => r.path === '/slack')?.body.text).toMatch(/OK .*recovered/);
      expect(received.find((r) => r.path === '/pagerduty')?.body).toEqual({
        routing_key: ROUTING_KEY,
        event_action: 'resolve',
        dedup_key: dedup,
      });
    },
  );

  it(
    'sends nothing while DIR/maintenance holds an open ' + 'window, and tells what is still failing when it ends',
    async () => {
      const config = await configWithChannels('maintenance');
      const history = join(dir, 'maintenance-history');
      await run(config, history);
      writeFileSync(
        join(history, 'maintenance'),
        `${new Date(Date.now() + 3_600_000).toISOString()} Okta maintenance, CHG-42\n`,
      );
      sim().scenario = 'no-access-policy';
      await run(config, history);
      await run(config, history);
      expect(received).toEqual([]);
      writeFileSync(join(history, 'maintenance'), `${new Date(Date.now() - 60_000).toISOString()} over\n`);
      await run(config, history);
      expect(received.map((r) => r.path).sort()).toEqual(['/pagerduty', '/slack']);
    },
  );

  it(
    'sends, then records: a state file that cannot be written never withholds a page, nor sends it twice in ' +
      'one process',
    async () => {
      const config = await configWithChannels('unwritable');
      const history = join(dir, 'unwritable-history');
      // The state file's place is taken by a folder: every write of it fails, as on a full disk.
      mkdirSync(join(history, STATE_FILE), { recursive: true });
      sim().scenario = 'no-access-policy';
      const first = await run(config, history);
      expect(received.map((r) => r.path).sort()).toEqual(['/pagerduty', '/slack']);
      expect(first.err).toMatch(/notifications\.json could not be written \(.*\): the alarms were sent all the same/);
      received.length = 0;
      await run(config, history);
      expect(received).toEqual([]);
    },
  );

  it('a channel that answers an error is told at the next run, and the run itself is not affected', async () => {
    const config = await configWithChannels('retry');
    const history = join(dir, 'retry-history');
    sim().scenario = 'no-access-policy';
    hook.answer.status = 500;
    const first = await run(config, history);
    expect(first.code).toBe(1);
    expect(first.out).toContain('NO_ACCESS_POLICY');
    expect(first.err).toMatch(
      /slack \(TEST_SLACK_URL\) answered HTTP 500; ALARM of okta-synthetics-\S+-page is sent again at the next run/,
    );
    received.length = 0;
    hook.answer.status = 200;
    await run(config, history);
    expect(received.map((r) => r.path).sort()).toEqual(['/pagerduty', '/slack']);
  });

  it('refuses a webhook URL written into the file, naming the field, never quoting the value', async () => {
    const path = await writeSimulatorConfig(sim(), join(dir, 'literal'));
    const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const secretUrl = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
    file.localNotifications = [{ kind: 'slack', url: secretUrl }];
    writeFileSync(path, JSON.stringify(file));
    const io = captureIo(env());
    expect(await main(['run', '--config', path, '--history', join(dir, 'x')], io)).toBe(2);
    expect(io.err().replace(/\s+/g, ' ')).toMatch(
      /localNotifications\[0\]\.url: must be a reference to an environment variable such as "\$\{SLACK_WEBHOOK_URL\}"/,
    );
    expect(io.err().replace(/\s+/g, ' ')).not.toContain('XXXXXXXX');
  });

  it('an unset variable stops the run before anything is probed, naming the field and the variable', async () => {
    const config = await configWithChannels('unset');
    const before = sim().requests.length;
    const io = captureIo({ TEST_SLACK_URL: `${hook.base()}/slack` });
    expect(await main(['run', '--config', config, '--history', join(dir, 'unset-history')], io)).toBe(2);
    expect(io.err().replace(/\s+/g, ' ')).toContain(
      'localNotifications[1].routingKey: the environment variable TEST_PD_KEY is not set',
    );
    expect(sim().requests.length).toBe(before);
  });

  it('keeps its state in DIR/notifications.json, with no secret in it', async () => {
    const config = await configWithChannels('state');
    const history = join(dir, 'state-history');
    sim().scenario = 'no-access-policy';
    await run(config, history);
    const state = readFileSync(join(history, STATE_FILE), 'utf8');
    expect(state).toContain('"ALARM"');
    expect(state).not.toContain(ROUTING_KEY);
    expect(state).not.toContain(hook.base());
  });
});
