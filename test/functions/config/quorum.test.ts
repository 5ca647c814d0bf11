import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
import { QUORUM_DEFAULTS, stackQuorum } from '../../../functions/config/quorum';
import { QUORUM_SCHEMA } from '../../../functions/config/quorum-shape';
import { fastPageWithinSeconds } from '../../../functions/plan/quorum';
import { alarmTiming } from '../../../functions/plan/alarm-timing';
import { resolvedOf } from '../../support/server-configs';
import { exampleConfig, writeConfig } from '../../support/configs';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

function load(raw: Record<string, unknown>) {
  return loadConfigFile(writeConfig({ ...exampleConfig(), ...raw }), 'deploy', {});
}
function errors(raw: Record<string, unknown>): string[] {
  const result = load(raw);
  return result.ok ? [] : result.errors;
}

describe('quorum', () => {
  it("states in the configuration reference the page times the plan promises, at the code's defaults", () => {
    const page = fastPageWithinSeconds(QUORUM_DEFAULTS.checkEverySeconds);
    const { checkEverySeconds } = QUORUM_SCHEMA.properties;
    expect(QUORUM_SCHEMA.description).toContain(`it pages within ${page} s`);
    expect(QUORUM_SCHEMA.description).toContain(`within ${alarmTiming(1).pageWithinMinutes} min`);
    expect(checkEverySeconds.description).toContain(
      `from ${checkEverySeconds.minimum} to ${checkEverySeconds.maximum} (default ` +
        `${QUORUM_DEFAULTS.checkEverySeconds}: ${60 / QUORUM_DEFAULTS.checkEverySeconds} a minute; a page within ` +
        `${page} s)`,
    );
  });

  it('is on with two or more regions, two agreeing, checks every 7.5 s counted 45 s, the first region home', () => {
    const result = load({ regions: REGIONS });
    expect(result.ok && result.config.deploy.quorum).toEqual({
      agree: 2,
      checkEverySeconds: 7.5,
      freshSeconds: 45,
      homeRegion: 'us-east-1',
      regions: REGIONS,
    });
  });

  it('is on by default with one region or none named and one-minute runs, one region agreeing', () => {
    for (const regions of [['us-east-1'], []]) {
      const on = load({ regions });
      expect(on.ok && on.config.deploy.quorum).toMatchObject({ agree: 1, checkEverySeconds: 7.5, freshSeconds: 45 });
    }
    const asked = load({ regions: ['us-east-1'], quorum: true });
    expect(asked.ok && asked.config.deploy.quorum).toMatchObject({ agree: 1, homeRegion: 'us-east-1' });
  });

  it('names no home when no regions are named: the one stack resolves its own region where it is known', () => {
    const none = load({ regions: [] });
    expect(none.ok && none.config.deploy.quorum).toEqual({
      agree: 1,
      checkEverySeconds: 7.5,
      freshSeconds: 45,
      regions: [],
    });
    if (!none.ok || none.config.deploy.quorum === null) throw new Error('no quorum');
    // No sentinel ships to the Lambda: it resolves the quorum with its own region, the only one and the home.
    expect(stackQuorum(none.config.deploy.quorum, 'eu-west-1')).toMatchObject({
      homeRegion: 'eu-west-1',
      regions: ['eu-west-1'],
    });
    const three = load({ regions: REGIONS, quorum: { homeRegion: 'eu-west-1' } });
    if (!three.ok || three.config.deploy.quorum === null) throw new Error('no quorum');
    expect(stackQuorum(three.config.deploy.quorum, 'ap-southeast-2')).toMatchObject({
      homeRegion: 'eu-west-1',
      regions: REGIONS,
    });
    expect(errors({ regions: [], quorum: { homeRegion: 'us-west-2' } })).toEqual([
      expect.stringMatching(/^quorum\.homeRegion: "us-west-2" names a region, but the config lists no "regions"/),
    ]);
  });

  it("refuses a sixth region: the backstop's metric math would pass CloudWatch's 10 metrics in an alarm", () => {
    const six = [...REGIONS, 'us-west-2', 'eu-central-1', 'ap-northeast-1'];
    expect(errors({ regions: six })).toEqual([
      expect.stringMatching(/^regions: 6 regions: .*CloudWatch allows at most 10 metrics in an alarm, so at most 5 /),
    ]);
    expect(errors({ regions: six.slice(0, 5) })).toEqual([]);
    // Without the fast path there is no backstop, and no limit of its own.
    expect(errors({ regions: six, quorum: false })).toEqual([]);
  });

  it('is off with "quorum": false (or null), with one region or several', () => {
    for (const regions of [['us-east-1'], REGIONS]) {
      for (const quorum of [false, null]) {
        const off = load({ regions, quorum });
        expect(off.ok && off.config.deploy.quorum).toBeNull();
      }
    }
  });

  it(
    'is off, not an error, with one region on a schedule other than 1 min: a config valid before the fast path ' +
      'stays valid',
    () => {
      const five = load({ regions: ['us-east-1'], scheduleMinutes: 5 });
      expect(five.ok && five.config.deploy.quorum).toBeNull();
      expect(five.ok && five.warnings).toEqual([]);
    },
  );

  it('hands the Lambda the fast path as the stack resolved it: null when off, its settings when on', () => {
    const read = (raw: Record<string, unknown>) => {
      const deployed = load(raw);
      if (!deployed.ok) throw new Error(deployed.errors.join('; '));
      const secrets = new Map([
        ['org', 'okta-synthetics/org'],
        ['default', 'okta-synthetics/default'],
      ]);
      return resolvedOf(deployed.config, secrets).deploy.quorum;
    };
    expect(read({ regions: ['us-east-1'], quorum: false })).toBeNull();
    expect(read({ regions: ['us-east-1'], scheduleMinutes: 5 })).toBeNull();
    expect(read({ regions: ['us-east-1'] })).toMatchObject({ agree: 1, regions: ['us-east-1'] });
  });

  it('takes agree, checkEverySeconds, freshSeconds and homeRegion as given', () => {
    const result = load({
      regions: REGIONS,
      quorum: { agree: 3, checkEverySeconds: 20, freshSeconds: 40, homeRegion: 'eu-west-1' },
    });
    expect(result.ok && result.config.deploy.quorum).toMatchObject({
      agree: 3,
      checkEverySeconds: 20,
      freshSeconds: 40,
      homeRegion: 'eu-west-1',
    });
  });

  it("takes a check every 7.5 s, the default on the minute's grid, and refuses a shorter one naming the range", () => {
    const given = load({ regions: REGIONS, quorum: { checkEverySeconds: 7.5 } });
    expect(given.ok && given.config.deploy.quorum?.checkEverySeconds).toBe(7.5);
    expect(errors({ regions: REGIONS, quorum: { checkEverySeconds: 7 } })).toEqual([
      expect.stringMatching(/^quorum\.checkEverySeconds: 7 is out of range: use a number from 7\.5 to 30/),
    ]);
  });

  it(
    'takes a check every whole or half second, one that does not divide the minute too, and refuses one between, ' +
      'naming the two nearest',
    () => {
      for (const checkEverySeconds of [8.5, 13, 29.5]) {
        const given = load({ regions: REGIONS, quorum: { checkEverySeconds, freshSeconds: 90 } });
        expect(given.ok && given.config.deploy.quorum?.checkEverySeconds).toBe(checkEverySeconds);
      }
      // Each was taken before: 16.1 s is 16100.000000000002 ms a round, 7.51 s made the plan say "22.509999999999998 s"
      // and 29.9 s (with freshSeconds 20) asked for a freshSeconds of 64.8, which freshSeconds (an integer) refuses.
      for (const [given, below, above] of [
        [7.7, 7.5, 8],
        [7.51, 7.5, 8],
        [16.1, 16, 16.5],
        [29.9, 29.5, 30],
      ] as const)
        expect(errors({ regions: REGIONS, quorum: { checkEverySeconds: given } })).toEqual([
          `quorum.checkEverySeconds: ${given} is not a multiple of 0.5: use ${below} or ${above} (a number from 7.5 ` +
            'to 30 in steps of 0.5, seconds between checks within a run)',
        ]);
    },
  );

  it('refuses agree 1 with several regions, more than the regions, and names the field and the fix', () => {
    expect(errors({ regions: REGIONS, quorum: { agree: 1 } })).toEqual([
      expect.stringMatching(/^quorum\.agree: must be at least 2 with 3 regions: one region's own trouble/),
    ]);
    expect(errors({ regions: REGIONS, quorum: { agree: 4 } })).toEqual([
      expect.stringMatching(/^quorum\.agree: 4 is out of range: use an integer from 1 to 3/),
    ]);
  });

  it(
    'refuses a homeRegion outside regions, a freshness not above the check interval, a schedule other than 1 ' +
      'min and an unknown field',
    () => {
      expect(errors({ regions: REGIONS, quorum: { homeRegion: 'us-west-2' } })).toEqual([
        expect.stringMatching(/^quorum\.homeRegion: "us-west-2" is not in regions/),
      ]);
      expect(errors({ regions: REGIONS, quorum: { checkEverySeconds: 25, freshSeconds: 20 } })).toEqual([
        expect.stringMatching(/^quorum\.freshSeconds: 20 s must exceed quorum\.checkEverySeconds \(25 s\).*use 55/),
      ]);
      expect(errors({ regions: REGIONS, scheduleMinutes: 5 })).toEqual([
        expect.stringMatching(
          /^quorum: the fast path checks within one-minute runs: set scheduleMinutes to 1 \(it is 5\), or set "quorum": false to page from each region on its own alarms/,
        ),
      ]);
      expect(errors({ regions: ['us-east-1'], scheduleMinutes: 5, quorum: {} })).toEqual([
        expect.stringMatching(
          /^quorum: .*set scheduleMinutes to 1 \(it is 5\), or set "quorum": false to page on the schedule's own alarms/,
        ),
      ]);
      expect(errors({ regions: REGIONS, quorum: { agreeing: 2 } })[0]).toMatch(/^quorum\.agreeing: unknown field/);
      expect(errors({ regions: REGIONS, quorum: 2 })).toEqual([
        expect.stringMatching(
          /^quorum: expected an object like \{ "agree": 2 \}, true for the defaults, or false to turn the fast path off; got/,
        ),
      ]);
    },
  );
});
