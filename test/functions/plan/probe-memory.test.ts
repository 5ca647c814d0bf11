// The probe's memory for a config: a third free above the peak the config is expected to reach (BENCHMARKS.md e2, h,
// p), a multiple of 16 MB from 128; the config's memoryMb overrides it, and a bad one is refused with the fix.
import { describe, expect, it } from 'vitest';
import { parseConfig, type LoadedConfig } from '../../../functions/config/parse';
import {
  expectedPeakMb,
  LAMBDA_MEMORY_MB,
  memoryLoad,
  probeMemory,
  probeMemoryForPeak,
  USABLE_SHARE,
} from '../../../functions/plan/probe-memory';
import { DEFAULT_DISCOVERED_APPS } from '../../../functions/plan/saml-load';
import {
  exampleConfig,
  journeyConfig,
  provisioningConfig,
  samlCatalogueConfig,
  userSignInsConfig,
} from '../../support/configs';

const parse = (raw: unknown) => parseConfig(raw, { mode: 'deploy', baseDir: '.' });
const loaded = (raw: unknown): LoadedConfig => {
  const result = parse(raw);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
};
const errorsOf = (raw: unknown): string[] => {
  const result = parse(raw);
  return result.ok ? [] : [...result.errors];
};

describe("the probe's memory, sized from the config", () => {
  it('gives the example config 176 MB, a third free above its expected peak, and says so', () => {
    const memory = probeMemory(loaded(exampleConfig()));
    expect(memory.mb).toBe(176);
    expect(memory.configured).toBe(false);
    expect(memory.expectedPeakMb).toBeLessThanOrEqual(176 * USABLE_SHARE);
    // 160 MB, the next size down, would not keep a third free.
    expect(memory.expectedPeakMb).toBeGreaterThan(160 * USABLE_SHARE);
    expect(memory.reason).toBe(
      '176 MB: a third free above the expected peak of 114 MiB (2 servers, 0 journeys, 0 SAML apps)',
    );
  });

  it('grows with the catalogue: 1,000 SAML apps need more than one, and one journey more than none', () => {
    const one = probeMemory(loaded(samlCatalogueConfig(1)));
    const thousand = probeMemory(loaded(samlCatalogueConfig(1000)));
    expect(one.mb).toBeGreaterThan(176);
    expect(thousand.mb).toBeGreaterThan(one.mb);
    expect(thousand.reason).toContain('2 journeys, 1000 SAML apps');
    expect(thousand.expectedPeakMb).toBeLessThanOrEqual(thousand.mb * USABLE_SHARE);
    expect(probeMemory(loaded(journeyConfig())).mb).toBeGreaterThan(176);
  });

  it("holds what grows with the org at its bound: real users' sign-ins and provisioning each add their term", () => {
    const base = probeMemory(loaded(exampleConfig()));
    const signIns = probeMemory(loaded(userSignInsConfig()));
    const provisioning = probeMemory(loaded(provisioningConfig()));
    const both = probeMemory(loaded({ ...provisioningConfig(), userSignIns: {} }));
    // Section ad: 200,000 sign-in records hold 59.5 MiB, 50,000 provisioning reductions 17.2 MiB.
    expect(signIns.expectedPeakMb - base.expectedPeakMb).toBeGreaterThanOrEqual(59.5);
    expect(provisioning.expectedPeakMb - base.expectedPeakMb).toBeGreaterThanOrEqual(17.2);
    expect(both.expectedPeakMb).toBe(base.expectedPeakMb + 60 + 18);
    expect(both.mb).toBeGreaterThanOrEqual(both.expectedPeakMb / USABLE_SHARE);
    expect(both.reason).toContain("real users' sign-ins, provisioning");
  });

  it('counts a group that discovers its apps as the 1,000 apps plan and cost assume', () => {
    const base = journeyConfig();
    const servers = (base.servers as Record<string, unknown>[]).map((s) =>
      s.id === 'org' ? { ...s, scopes: [...(s.scopes as string[]), 'okta.apps.read'] } : s,
    );
    const raw = {
      ...base,
      servers,
      samlGroups: [{ id: 'catalogue', signIn: 'portal', discover: { labelPrefix: 'Acme ' } }],
    };
    expect(memoryLoad(loaded(raw)).samlApps).toBe(DEFAULT_DISCOVERED_APPS);
  });

  it('grows with the servers, never below 128 MB nor above 10,240 MB, always a multiple of 16', () => {
    expect(expectedPeakMb({ servers: 90, journeys: 0, samlApps: 0 })).toBeGreaterThan(
      expectedPeakMb({ servers: 2, journeys: 0, samlApps: 0 }),
    );
    expect(probeMemoryForPeak(1)).toBe(LAMBDA_MEMORY_MB.min);
    expect(probeMemoryForPeak(100_000)).toBe(LAMBDA_MEMORY_MB.max);
    for (const peak of [85.4, 113.5, 114, 120, 150.02, 700])
      expect(probeMemoryForPeak(peak) % 16, String(peak)).toBe(0);
    // Exactly two thirds used is a third free.
    expect(probeMemoryForPeak(176 * USABLE_SHARE)).toBe(176);
  });

  it("honours the config's memoryMb, and says when it leaves less than a third free", () => {
    const more = probeMemory(loaded({ ...exampleConfig(), memoryMb: 1024 }));
    expect(more).toMatchObject({ mb: 1024, configured: true, reason: '1024 MB, set by memoryMb in the config' });
    const less = probeMemory(loaded({ ...exampleConfig(), memoryMb: 128 }));
    expect(less.mb).toBe(128);
    expect(less.reason).toBe(
      '128 MB, set by memoryMb in the config, below the 176 MB that keeps a third free above the expected 114 MiB',
    );
    expect(probeMemory(loaded({ ...exampleConfig(), memoryMb: null })).mb).toBe(176);
  });

  it('refuses a memoryMb Lambda would not take, naming the field and the fix', () => {
    for (const memoryMb of [127, 10_241, 200.5, '256', 0, -1]) {
      expect(errorsOf({ ...exampleConfig(), memoryMb }), String(memoryMb)).toEqual([
        expect.stringMatching(/^memoryMb: .*128 to 10240, or null to size it from the config/),
      ]);
    }
  });
});
