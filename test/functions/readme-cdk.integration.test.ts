// The deploy steps (README.md and docs/deploying.md) against what the CDK CLI of the lockfile and a synth really say:
// spawns the CDK CLI and synthesizes, so it runs in the integration lane (test/lanes.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialFileName } from '../../functions/config/schema';
import { exampleConfig, synthTemplate } from '../lib/helpers';
import { generatedBlock } from '../../scripts/docs';
import { alarmKindName, everyAlarmBuild, everyAlarmConfig } from '../../scripts/reference';

const ROOT = join(import.meta.dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const deployingPage = readFileSync(join(ROOT, 'docs/deploying.md'), 'utf8');
/** Every doc a deploy command is shown in. */
const docs = `${readme}\n${deployingPage}`;

/** The CDK CLI of the lockfile, without a terminal (so it never checks npm for a newer version). */
function cdk(args: string[]): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/aws-cdk/bin/cdk'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CDK_DISABLE_VERSION_CHECK: '1', NO_COLOR: '1' },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('the deploy steps, against the CDK CLI in the lockfile', () => {
  it('every option of every `npx --no-install cdk` command they show is one that command accepts', () => {
    const commands = [...docs.matchAll(/npx --no-install cdk (\w+)([^`\n]*)/g)].map(([, command = '', rest = '']) => ({
      command,
      options: rest.match(/(?<=\s)--?[a-z][\w-]*/g) ?? [],
    }));
    expect(commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(['bootstrap', 'diff', 'deploy', 'synth', 'destroy']),
    );
    const help = new Map(
      [...new Set(commands.map((c) => c.command))].map((command) => [command, cdk([command, '--help']).out]),
    );
    const unknown = commands.flatMap(({ command, options }) =>
      options
        .filter((option) => !new RegExp(`(^|[\\s,])${option}([\\s,]|$)`, 'm').test(help.get(command) ?? ''))
        .map((option) => `cdk ${command} ${option}`),
    );
    expect(unknown).toEqual([]);
  });

  it('states the exit code `cdk synth` really gives on a bad config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-readme-'));
    try {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ ...exampleConfig(), scheduleMinutes: 0 }));
      const { status, out } = cdk(['synth', '-c', `config=${bad}`, '-o', join(dir, 'out')]);
      expect(out).toContain('scheduleMinutes: 0 is out of range');
      expect(deployingPage).toMatch(
        new RegExp(
          `npx --no-install cdk synth -c config=okta-synthetics\\.json .*every bad field is listed, exit ${status}\n`,
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the put-secret output and the key file the stack really prints, the file init names', () => {
    const outputs = Object.entries(
      (synthTemplate(exampleConfig()).toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs,
    );
    const put = outputs.find(([name]) => name.startsWith('ProbeSecretorgPut'));
    expect(put?.[1].Value).toContain(`file://${credentialFileName('org', 'private_key_jwt')}`);
    const deploying = deployingPage;
    expect(deploying).toContain(`\`${put?.[0] ?? ''}\``);
    expect(deploying).toContain('`ProbeSecret<id>Put…`');
    expect(deploying).toContain(`--secret-string file://${credentialFileName('org', 'private_key_jwt')}`);
  });

  it(
    "docs/alarms.md's alarm list is the synthesized stack's: every alarm the deployment with every feature " +
      'creates, no other',
    () => {
      const resources = Object.values(
        (
          synthTemplate(everyAlarmBuild(exampleConfig())).toJSON() as {
            Resources: Record<string, { Type: string; Properties?: { AlarmName?: unknown } }>;
          }
        ).Resources,
      );
      const named = alarmKindName(everyAlarmConfig());
      const synthesized = new Set(
        resources
          .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' || r.Type === 'AWS::CloudWatch::CompositeAlarm')
          .map((r) => named(String(r.Properties?.AlarmName))),
      );
      const block = generatedBlock(readFileSync(join(ROOT, 'docs/alarms.md'), 'utf8'), 'alarm-list') ?? '';
      const documented = new Set([...block.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] ?? ''));
      expect(synthesized.size).toBeGreaterThan(20);
      expect([...documented].sort()).toEqual([...synthesized].sort());
    },
    120_000,
  );
});
