// The simulated deployments and outages the quorum's benches share (scripts/bench/quorum.ts, section t, and its
// sweeps, quorum-sweeps.ts): each deployment's page composites as synthesized, an outage of each kind at a phase of
// the minute, and what a run's notifications say of its page and its OK.
import { App } from 'aws-cdk-lib';
import { stackQuorum, type StackQuorum } from '../../functions/config/quorum';
import { buildApp } from '../../lib/build-app';
import { flatTemplate } from '../../test/lib/helpers';
import { alarmModel, evaluate } from '../../test/support/alarm-rules';
import { exampleConfig, TEST_ENV, writeConfig } from '../../test/support/configs';
import type { PageRule, Scenario, SimResult } from './quorum-sim';

export const MIN = 60_000;

/** A deployment's page composites, synthesized with cdk-nag, as rules over their members in ALARM. */
export function synthesizedRule(regions: readonly string[]): Deployment {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  // The example as it is: one region gets the fast path by default, several the quorum.
  const result = buildApp(app, { configPath: writeConfig({ ...exampleConfig(), regions }), env: TEST_ENV });
  if (!result.ok || result.config.deploy.quorum === null)
    throw new Error(result.ok ? 'no quorum' : result.errors.join('; '));
  app.synth();
  const prefix = result.config.deploy.prefix;
  const models = new Map(result.stacks.map((stack) => [stack.region, alarmModel(flatTemplate(stack))]));
  const rule: PageRule = (region, target, members) => {
    const model = models.get(region);
    if (model === undefined) throw new Error(`no stack in ${region}`);
    return (
      evaluate(model, new Set([...members].map((m) => `${prefix}-${m}`))).get(`${prefix}-${target}-page`) === 'ALARM'
    );
  };
  const [first = TEST_ENV.CDK_DEFAULT_REGION] = regions;
  return { rule, settings: stackQuorum(result.config.deploy.quorum, first) };
}

export const always = (): 'ok' => 'ok';
export const between = (t: number, from: number, to: number): boolean => t >= from && t < to;

export const outageStart = (phaseS: number): number => 5 * MIN + phaseS * 1000;

/** An outage from 5 min + phase to 10 min + phase + 17 s (the fix at another phase than the start). */
export type OutageKind = '5xx' | 'refused' | 'flapping' | 'token' | 'flapping40' | 'policy';

export function outage(
  kind: OutageKind,
  phaseS: number,
  extra: Partial<Scenario> = {},
): Scenario & { start: number; fix: number } {
  const start = outageStart(phaseS);
  // Flapping 40 s failing and 40 s answering, four times over: fixed when the fourth answering spell ends.
  const fix = kind === 'flapping40' ? start + 4 * 80_000 : 10 * MIN + ((phaseS + 17) % 60) * 1000;
  if (kind === 'token')
    return {
      name: 'outage (token)',
      minutes: 14,
      start,
      fix,
      okta: () => 'up',
      tokenDown: (t) => between(t, start, fix),
      path: always,
      ...extra,
    };
  if (kind === 'policy')
    return {
      name: 'configuration (policy)',
      minutes: 14,
      start,
      fix,
      okta: () => 'up',
      policyDenies: (t) => between(t, start, fix),
      path: always,
      ...extra,
    };
  if (kind === 'flapping40')
    return {
      name: 'outage (flapping 40 s)',
      minutes: 14,
      start,
      fix,
      okta: (t) => (between(t, start, fix) && Math.floor((t - start) / 40_000) % 2 === 0 ? '5xx' : 'up'),
      path: always,
      ...extra,
    };
  // Flapping: every request 5xx for 30 s, then answered for 30 s, until the fix.
  const okta = (t: number): 'up' | '5xx' | 'refused' =>
    !between(t, start, fix)
      ? 'up'
      : kind === 'flapping'
        ? Math.floor((t - start) / 30_000) % 2 === 0
          ? '5xx'
          : 'up'
        : kind;
  return { name: `outage (${kind})`, minutes: 14, start, fix, okta, path: always, ...extra };
}

/** A synthesized deployment: its page composites' rule and the quorum's settings its regions run. */
export interface Deployment {
  readonly rule: PageRule;
  readonly settings: StackQuorum;
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
export const firstAlarm = (r: SimResult, after: number): number | undefined =>
  r.notifications.find((n) => n.state === 'ALARM' && n.at >= after)?.at;
/**
 * How long after the fix every page composite was OK for good: the last message, when each composite's last one is
 * OK (0 when that came before the fix, as in a flapping outage that ended answering); undefined when one stays in
 * ALARM.
 */
export function allOk(r: SimResult, fix: number): number | undefined {
  const last = new Map<string, SimResult['notifications'][number]>();
  for (const n of r.notifications) last.set(`${n.region}/${n.target}`, n);
  const finals = [...last.values()];
  if (finals.length === 0 || finals.some((n) => n.state === 'ALARM')) return undefined;
  return Math.max(fix, ...finals.map((n) => n.at));
}
