// One device per journey: the `DT` cookie Okta sets to remember a browser, kept with the journey's state in both stores
// (the CLI's file, the Lambda's SSM parameters over an in-memory SSM) and sent back at every run, so that an org with
// new-device notifications e-mails the synthetic user once, not at every run. Each case is a simulated day of runs
// every 5 minutes against the simulator on loopback, on a faked clock (no real waits), every run a new process (a new
// store object). In the integration lane for its weight alone (a thousand journeys, a flushed file write each).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileStateStore, JOURNEY_STATE_DIR } from '../../../../functions/cli/journey-state-file';
import type { JourneyState, JourneyStateStore } from '../../../../functions/journey-state';
import { createSsmStateStore } from '../../../../functions/lambda/journey-state-ssm';
import type { Exchange, ServerContext } from '../../../../functions/probe/context';
import { send } from '../../../../functions/probe/http';
import { forgetUsedSteps } from '../../../../functions/probe/sign-in/guard';
import { runSignIn } from '../../../../functions/probe/sign-in/journey';
import { createMemoryStateStore } from '../../../../functions/probe/sign-in/store';
import { passed } from '../../../../functions/probe/verdict';
import { simJourney, simServerContext, useSimulator } from '../../../support/simulator';
import { ssmFake } from '../../../support/ssm-fake';
import { useTempDir } from '../../../support/temp-dir';

const sim = useSimulator();
const dir = useTempDir('okta-synthetics-device-cookie-');
afterEach(() => {
  vi.useRealTimers();
});

const MIN = 60_000;
const DAY_RUNS = (24 * 60) / 5;
/** Each day on days of its own: the simulator remembers the TOTP steps its users used, as Okta does. */
let clock = Date.parse('2026-12-01T02:00:00.000Z');
const newDay = (): number => (clock += 2 * 24 * 60 * MIN);

/**
 * Where a new process finds the journey's state; "none": a store each run starts empty (a probe that keeps nothing).
 */
type StoreKind = 'file' | 'SSM' | 'none';
const SSM_PATH = '/okta-synthetics/journey-state';

function placeOf(kind: StoreKind): { open: () => JourneyStateStore; state: (id: string) => JourneyState } {
  if (kind === 'file') {
    const root = join(dir(), kind);
    return {
      open: () => createFileStateStore(root),
      state: (id) =>
        (JSON.parse(readFileSync(join(root, JOURNEY_STATE_DIR, `${id}.json`), 'utf8')) as { state: JourneyState })
          .state,
    };
  }
  if (kind === 'SSM') {
    const client = ssmFake();
    return {
      open: () => createSsmStateStore(SSM_PATH, { client: client() }),
      state: (id) => JSON.parse(client.parameters.get(`${SSM_PATH}/${id}`)?.value ?? '{}') as JourneyState,
    };
  }
  return { open: () => createMemoryStateStore(), state: () => ({}) };
}

interface Day {
  /** New-device sign-ins the simulated org counted at each run. */
  readonly newDevices: readonly number[];
  /** Requests each run sent to Okta. */
  readonly requests: readonly number[];
  readonly allPassed: boolean;
  /** The journey's state at the day's end, as its store holds it. */
  readonly state: JourneyState;
  /** Every value the runs kept among their secrets (scrubbed from every report). */
  readonly secrets: ReadonlySet<string>;
}

async function day(flow: 'authn' | 'idx', kind: StoreKind, runs = DAY_RUNS): Promise<Day> {
  const journey = simJourney(sim(), flow);
  const { credential } = journey;
  // A journey of its own per case: its X-Device-Token (derived from its id) is new to the simulated org.
  const signIn = { ...journey.signIn, id: `${journey.signIn.id}-${kind}` };
  const place = placeOf(kind);
  const newDevices: number[] = [];
  const requests: number[] = [];
  const secrets = new Set<string>();
  let allPassed = true;
  const START = newDay();
  vi.useFakeTimers({ toFake: ['Date'], now: START });
  for (let run = 0; run < runs; run += 1) {
    vi.setSystemTime(START + run * 5 * MIN);
    forgetUsedSteps();
    let sent = 0;
    const exchange: Exchange = (req) => {
      sent += 1;
      return send({ ...req, timeoutMs: 5_000 });
    };
    const server: ServerContext = simServerContext(sim(), exchange);
    const before = sim().newDeviceSignIns();
    const result = await runSignIn({
      signIn,
      orgUrl: sim().url,
      server,
      credential,
      journeyState: place.open(),
      sleep: () => Promise.resolve(true),
    });
    newDevices.push(sim().newDeviceSignIns() - before);
    requests.push(sent);
    allPassed &&= passed(result);
    for (const secret of result.secrets ?? []) secrets.add(secret);
  }
  vi.useRealTimers();
  return { newDevices, requests, allPassed, state: place.state(signIn.id), secrets };
}

const sum = (list: readonly number[]): number => list.reduce((n, x) => n + x, 0);

describe('one device per journey: the DT cookie kept with the journey state', () => {
  it.each([
    ['authn', 'file'],
    ['authn', 'SSM'],
    ['idx', 'file'],
    ['idx', 'SSM'],
  ] as const)(
    '%s journey, %s store: a day of runs signs in as a new device once, then as the known one, for no request more',
    async (flow, kind) => {
      const { newDevices, requests, allPassed, state, secrets } = await day(flow, kind);
      expect(allPassed).toBe(true);
      expect(newDevices[0]).toBe(1);
      expect(sum(newDevices.slice(1))).toBe(0);
      // Keeping the device costs no request: every run sends what the first sent.
      expect(new Set(requests)).toEqual(new Set([requests[0]]));
      const dt = state.deviceCookies?.DT;
      expect(dt).toMatch(/^DI[A-Za-z0-9]{23}$/);
      // The same device all day, and a secret of every run that sent it.
      expect(secrets.has(dt ?? '')).toBe(true);
      expect(JSON.stringify(state.last)).not.toContain(dt);
    },
    60_000,
  );

  it(
    'a probe that keeps no state is a new device at every ' + 'run of an authn journey: the count the DT cookie ends',
    async () => {
      const { newDevices, allPassed } = await day('authn', 'none', 24);
      expect(allPassed).toBe(true);
      expect(sum(newDevices)).toBe(24);
    },
    60_000,
  );

  it(
    "hands the DT cookie to the journey's SAML apps with the session, so their SSO walk comes from the same " +
      'device',
    async () => {
      const { signIn, credential } = simJourney(sim(), 'authn');
      const store = createMemoryStateStore();
      const sessions: string[] = [];
      const exchange: Exchange = (req) => send({ ...req, timeoutMs: 5_000 });
      for (const at of [0, 5 * MIN].map((d) => newDay() + d)) {
        vi.useFakeTimers({ toFake: ['Date'], now: at });
        const server: ServerContext = simServerContext(sim(), exchange);
        await runSignIn({
          signIn,
          orgUrl: sim().url,
          server,
          credential,
          journeyState: store,
          handOver: (session) => Promise.resolve(void (session.kind === 'open' && sessions.push(session.cookie))),
        });
        vi.useRealTimers();
      }
      const kept = (await store.read('portal')).state?.deviceCookies?.DT;
      expect(sessions).toHaveLength(2);
      expect(sessions.every((cookie) => cookie.startsWith('sid=') && cookie.includes(`; DT=${kept}`))).toBe(true);
    },
    30_000,
  );
});
