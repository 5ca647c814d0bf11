// Section q of BENCHMARKS.md (`npm run bench:faults`): Okta traffic under faults that never end, over simulated days
// on a fake clock, against what `plan` states. Each day runs the probe's own rules as the probe applies them, one run a
// minute: the journey's guard (sign-in/guard.ts: the lease, the back-offs, the early run) on a memory store, with
// Okta's answers scripted, and a group's selection (saml/group/select.ts) over 1,000 apps. No request leaves the
// process: what is counted is what the probe would send.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signInsPerHour } from '../../functions/cli/plan';
import { samlLoad, worstShare } from '../../functions/plan/saml-load';
import type { GroupApp, KeptApp } from '../../functions/probe/saml/group/apps';
import { selectShare } from '../../functions/probe/saml/group/select';
import { forgetUsedSteps, openJourney, type GuardContext, type OpenJourney } from '../../functions/probe/sign-in/guard';
import { createMemoryStateStore } from '../../functions/probe/sign-in/store';
import { fail, pass } from '../../functions/probe/verdict';
import type { ProbeConfig, SignInConfig, UserCredential } from '../../functions/types';
import type { ServerContext } from '../../functions/probe/context';
import { FAULTS_HEADING, withSection } from './doc-section';
import { seeded } from '../../test/support/seeded';

const T0 = Date.parse('2026-11-23T00:00:00Z');
const MIN = 60_000;
const DAYS = 3;
const EVERY = 5;
const signIn = {
  id: 'portal',
  flow: 'authn',
  username: 'synthetic.user@acme.example',
  everyMinutes: EVERY,
} as SignInConfig;

interface Day {
  /** Passwords sent, each hour of the days. */
  readonly perHour: number[];
  /** Passwords Okta refused (SIGN_IN_REJECTED) and TOTP codes it refused, over the days. */
  readonly refused: number;
  readonly codesRefused: number;
}

type Step = (open: OpenJourney) => Promise<void>;

/** One run a minute for DAYS days; `answer` plays Okta for each journey that opens. */
async function days(credential: UserCredential, orgFailing: boolean, answer: Step): Promise<Day> {
  forgetUsedSteps();
  const store = createMemoryStateStore();
  const perHour = new Array<number>(DAYS * 24).fill(0);
  for (let minute = 0; minute < DAYS * 24 * 60; minute += 1) {
    const now = T0 + minute * MIN;
    const ctx: GuardContext = {
      signIn,
      orgUrl: 'https://acme.okta.com',
      // Okta's answer as the guard sees it pass: the flow's judge reads it, the guard only that the password left.
      server: { now: () => now, exchange: () => Promise.resolve(ANSWER(now)) } as unknown as ServerContext,
      journeyState: store,
      endsBy: now + 50_000,
      sleep: () => Promise.resolve(true),
      orgFailing: () => Promise.resolve(orgFailing ? 'default/token OKTA_SERVER_ERROR' : undefined),
    };
    const open = await openJourney(ctx, credential);
    if (!('facts' in open)) continue;
    perHour[Math.floor(minute / 60)]! += 1;
    // The password leaves through the guard's exchange, as every flow sends it: the guard records it ahead.
    await open.exchange({
      method: 'POST',
      url: 'https://acme.okta.com/api/v1/authn',
      json: { username: signIn.username, password: credential.password },
    });
    await answer(open);
  }
  return { perHour, refused: counted.refused, codesRefused: counted.codes };
}

const counted = { refused: 0, codes: 0 };

const ANSWER = (now: number): unknown => ({
  ok: true,
  response: {
    status: 200,
    headers: {},
    body: '{}',
    bodyTruncated: false,
    requestId: null,
    timings: { total: 1 },
    receivedAt: now,
  },
});

async function wrongPasswordWith429s(): Promise<Day> {
  const random = seeded(46);
  counted.refused = 0;
  counted.codes = 0;
  return days({ kind: 'user', password: 'Wr0ng-H0rse' }, false, async (open) => {
    // One answer in five a 429 (Okta's rate limit), the rest "wrong password".
    const limited = random() < 0.2;
    if (!limited) counted.refused += 1;
    const verdict = limited ? fail('RATE_LIMITED', 'E0000047') : fail('SIGN_IN_REJECTED', 'E0000004');
    open.facts.passwordStep({ accepted: false, verdict });
    await open.finish({ judgement: verdict }, []);
  });
}

async function clockSkewed(): Promise<Day> {
  counted.refused = 0;
  counted.codes = 0;
  return days({ kind: 'user', password: 'Corr3ct-H0rse', totpSecret: 'JBSWY3DPEHPK3PXP' }, false, async (open) => {
    open.facts.passwordStep({ accepted: true });
    const step = await open.facts.totpStep();
    if (step === undefined) return;
    // 45 s ahead: Okta refuses every code; the journey's answers show the skew, so it is CLOCK_SKEW.
    counted.codes += 1;
    const verdict = fail('CLOCK_SKEW', "the local clock is 45 s ahead of Okta's");
    open.facts.totpAnswer({ accepted: false, verdict });
    await open.finish({ judgement: verdict }, []);
  });
}

async function orgCheckFailing(): Promise<Day> {
  counted.refused = 0;
  counted.codes = 0;
  return days({ kind: 'user', password: 'Corr3ct-H0rse' }, true, async (open) => {
    open.facts.passwordStep({ accepted: true });
    await open.finish({ judgement: pass() }, []);
  });
}

/** SSO requests an hour of a group of 1,000 apps, 50 of them failing for good, a session every 5 minutes. */
function samlFailing(): { perHour: number[]; healthyPerHour: number[] } {
  const catalogue: GroupApp[] = Array.from({ length: 1000 }, (_, i) => ({
    id: `app-${i}`,
    found: { appId: `0oa${String(i).padStart(17, '0')}`, label: `App ${i}` },
  }));
  const failing = new Set(catalogue.filter((_, i) => i % 20 === 0).map((a) => a.id));
  const run = (broken: ReadonlySet<string>): number[] => {
    const kept = new Map<string, KeptApp>();
    const perHour = new Array<number>(DAYS * 24).fill(0);
    for (let minute = 0; minute < DAYS * 24 * 60; minute += EVERY) {
      const now = T0 + minute * MIN;
      const { apps } = selectShare(catalogue, kept, now, {
        everyMinutes: 60,
        journeyEveryMinutes: EVERY,
        expiryWarnDays: 30,
      });
      perHour[Math.floor(minute / 60)]! += apps.length;
      for (const app of apps)
        kept.set(app.id, {
          at: now,
          first: kept.get(app.id)?.first ?? now,
          seen: now,
          code: broken.has(app.id) ? 'SAML_AUDIENCE_MISMATCH' : null,
        });
    }
    return perHour;
  };
  return { perHour: run(failing), healthyPerHour: run(new Set()) };
}

const max = (values: readonly number[]): number => Math.max(...values);
const mean = (values: readonly number[]): number =>
  Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 10) / 10;

async function main(): Promise<void> {
  const started = performance.now();
  const planned = signInsPerHour(signIn.id, EVERY, 1);
  const wrong = await wrongPasswordWith429s();
  const skew = await clockSkewed();
  const org = await orgCheckFailing();
  const saml = samlFailing();
  const probe = {
    signIn: [{ ...signIn, server: 'default' }],
    samlGroups: [{ id: 'catalogue', signIn: 'portal', everyMinutes: 60, concurrency: 4 }],
    samlApps: Array.from({ length: 1000 }, (_, i) => ({ id: `app-${i}`, signIn: 'portal', group: 'catalogue' })),
  } as unknown as ProbeConfig;
  const load = samlLoad(probe, 1).groups[0]!;
  const ssoPlanned = Math.round(load.perMinute.sso * 60);
  const ssoWorst = worstShare(load.share) * (60 / EVERY);
  const section = [
    FAULTS_HEADING,
    '',
    `\`npm run bench:faults\` (scripts/bench/faults.ts), ${new Date().toISOString().slice(0, 10)}, ${Math.round(performance.now() - started)} ` +
      `ms: ${DAYS} simulated days each, one run a minute on a fake clock, ` +
      (`the journey every ${EVERY} minutes through the probe's own guard (lease, back-offs, early run) on a ` +
        `memory store with Okta's answers scripted, `) +
      ("and a group of 1,000 apps (everyMinutes 60) through the probe's own selection. Nothing is sent: each " +
        'figure is what the probe would send. ') +
      (`\`plan\` says, for this journey: ${planned.perHour} sign-ins an hour, ${planned.worstPerHour} at ` +
        `worst; for the group: ${load.share} apps a session, ${ssoPlanned} SSO requests an hour, ${ssoWorst} ` +
        `at worst.`),
    '',
    '| Fault, for good | Sign-ins an hour (most; mean) | `plan` | SSO requests an hour (most; mean) | `plan` ' +
      '| Okta refused |',
    '|---|---|---|---|---|---|',
    `| A wrong password, one answer in five a 429 (seeded) | ${max(wrong.perHour)}; ${mean(wrong.perHour)} | ${planned.perHour} ` +
      `(${planned.worstPerHour} at worst) | - | - | ${wrong.refused} password(s) in ${DAYS} days |`,
    `| The clock 45 s ahead (MFA user) | ${max(skew.perHour)}; ${mean(skew.perHour)} | ${planned.perHour} (${planned.worstPerHour} ` +
      `at worst) | - | - | ${skew.codesRefused} TOTP code(s) in ${DAYS} days |`,
    `| A check of the org failing (\`default/token\`), the journey passing | ${max(org.perHour)}; ${mean(org.perHour)} ` +
      `| ${planned.perHour} (${planned.worstPerHour} at worst) | - | - | none |`,
    `| 50 of 1,000 SAML apps failing | - | - | ${max(saml.perHour)}; ${mean(saml.perHour)} | ${ssoPlanned} (${ssoWorst} ` +
      `at worst) | - |`,
    `| (healthy group, for comparison) | - | - | ${max(saml.healthyPerHour)}; ${mean(saml.healthyPerHour)} | ${ssoPlanned} ` +
      `| - |`,
    '',
    'Before this bound, the failing org check signed in on every run (60 an hour) and each failing app was ' +
      'checked in every session (84 + 50 a session, 1,608 an hour).',
    '',
  ].join('\n');
  const file = join(import.meta.dirname, '..', '..', 'BENCHMARKS.md');
  const doc = await readFile(file, 'utf8');
  await writeFile(file, withSection(doc, FAULTS_HEADING, section));
  process.stdout.write(`${section}\n`);
}

await main();
