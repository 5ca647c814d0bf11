// The backstop's metric math as synthesized, evaluated by the simulated deployment's evaluator (test/support/
// metric-math.ts): what it says for the minutes that matter, and that the evaluator reads CloudWatch's grammar as
// CloudWatch does (precedence, FILL of a missing metric, an unknown function refused rather than read as 0).
import { describe, expect, it } from 'vitest';
import { parseMetricMath } from '../support/metric-math';
import { build, exampleConfig, flatTemplate } from './helpers';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

function backstopExpression(): string {
  const { app, result } = build({ ...exampleConfig(), regions: REGIONS });
  if (!result.ok) throw new Error(result.errors.join('; '));
  app.synth();
  const home = result.stacks.find((s) => s.region === REGIONS[0]);
  if (home === undefined) throw new Error('no home stack');
  const alarm = Object.values(flatTemplate(home).findResources('AWS::CloudWatch::Alarm')).find(
    (r) => r.Properties.AlarmName === 'okta-synthetics-org-quorum-backstop',
  );
  const math = (alarm?.Properties.Metrics as { Expression?: string }[] | undefined)?.find(
    (m) => m.Expression !== undefined,
  );
  if (math?.Expression === undefined) throw new Error('no backstop expression');
  return math.Expression;
}

describe('metric math as the simulated deployment evaluates it', () => {
  it('reads precedence, comparisons and FILL as CloudWatch does', () => {
    expect(parseMetricMath('1+2*3')({})).toBe(7);
    expect(parseMetricMath('(1+2)*3')({})).toBe(9);
    expect(parseMetricMath('a+b >= 2')({ a: 1, b: 1 })).toBe(1);
    expect(parseMetricMath('FILL(a,0)+1')({ a: undefined })).toBe(1);
    expect(parseMetricMath('a+1')({ a: undefined })).toBeUndefined();
    expect(parseMetricMath('IF(a > 0, 5, -1)')({ a: 0 })).toBe(-1);
  });

  it('refuses what it does not know instead of reading it as 0', () => {
    expect(() => parseMetricMath('ANOMALY_DETECTION_BAND(m1)')).toThrow(/does not know ANOMALY_DETECTION_BAND/);
    expect(() => parseMetricMath('a +')).toThrow(/ends early/);
    expect(() => parseMetricMath('a b')).toThrow(/unexpected "b"/);
  });
});

describe('the synthesized backstop (3 regions, agree 2)', () => {
  const backstop = parseMetricMath(backstopExpression());
  const minute = (failing: (0 | 1 | undefined)[], healthy: (0 | 1 | undefined)[]): number | undefined =>
    backstop(Object.fromEntries([...failing.map((v, i) => [`f${i}`, v]), ...healthy.map((v, i) => [`h${i}`, v])]));

  it('counts nothing while the home region and a quorum of fast paths are healthy: the latch pages then', () => {
    expect(minute([1, 1, 1], [1, 1, 1])).toBe(0);
  });

  it(
    'counts nothing while two fast paths are healthy without the home region: another region acts as home and ' +
      'pages',
    () => {
      expect(minute([1, 1, 0], [0, 1, 1])).toBe(0);
      expect(minute([undefined, 1, 1], [undefined, 1, 1])).toBe(0);
    },
  );

  it(
    'counts the failing regions when too few fast paths are ' + 'healthy to reach a quorum: the latches cannot page',
    () => {
      expect(minute([1, 1, undefined], [1, 0, undefined])).toBe(2);
      expect(minute([undefined, 1, 1], [undefined, 1, 0])).toBe(2);
    },
  );

  it("stays under the threshold for one region's own trouble", () => {
    expect(minute([0, 1, 0], [0, 0, 0])).toBe(1);
  });
});
