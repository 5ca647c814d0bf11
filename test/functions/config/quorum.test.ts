import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../functions/config/parse';
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
  it('is on with two or more regions, two agreeing, checks every 20 s counted 45 s, the first region home', () => {
    const result = load({ regions: REGIONS });
    expect(result.ok && result.config.deploy.quorum).toEqual({ agree: 2, checkEverySeconds: 20, freshSeconds: 45, homeRegion: 'us-east-1', regions: REGIONS });
  });

  it('is off with one region unless asked for, and then one region agrees', () => {
    const off = load({ regions: ['us-east-1'] });
    expect(off.ok && off.config.deploy.quorum).toBeNull();
    const on = load({ regions: ['us-east-1'], quorum: {} });
    expect(on.ok && on.config.deploy.quorum).toMatchObject({ agree: 1, homeRegion: 'us-east-1' });
  });

  it('takes agree, checkEverySeconds, freshSeconds and homeRegion as given', () => {
    const result = load({ regions: REGIONS, quorum: { agree: 3, checkEverySeconds: 15, freshSeconds: 40, homeRegion: 'eu-west-1' } });
    expect(result.ok && result.config.deploy.quorum).toMatchObject({ agree: 3, checkEverySeconds: 15, freshSeconds: 40, homeRegion: 'eu-west-1' });
  });

  it('refuses agree 1 with several regions, more than the regions, and names the field and the fix', () => {
    expect(errors({ regions: REGIONS, quorum: { agree: 1 } })).toEqual([expect.stringMatching(/^quorum\.agree: must be at least 2 with 3 regions: one region's own trouble/)]);
    expect(errors({ regions: REGIONS, quorum: { agree: 4 } })).toEqual([expect.stringMatching(/^quorum\.agree: 4 is out of range: use an integer from 1 to 3/)]);
  });

  it('refuses a homeRegion outside regions, a freshness not above the check interval, a schedule other than 1 min and an unknown field', () => {
    expect(errors({ regions: REGIONS, quorum: { homeRegion: 'us-west-2' } })).toEqual([expect.stringMatching(/^quorum\.homeRegion: "us-west-2" is not in regions/)]);
    expect(errors({ regions: REGIONS, quorum: { checkEverySeconds: 25, freshSeconds: 20 } })).toEqual([expect.stringMatching(/^quorum\.freshSeconds: 20 s must exceed quorum\.checkEverySeconds \(25 s\).*use 55/)]);
    expect(errors({ regions: REGIONS, scheduleMinutes: 5 })).toEqual([expect.stringMatching(/^quorum: the fast path checks within one-minute runs: set scheduleMinutes to 1/)]);
    expect(errors({ regions: REGIONS, quorum: { agreeing: 2 } })[0]).toMatch(/^quorum\.agreeing: unknown field/);
    expect(errors({ regions: REGIONS, quorum: 2 })).toEqual([expect.stringMatching(/^quorum: expected an object like \{ "agree": 2 \}, got/)]);
  });
});
