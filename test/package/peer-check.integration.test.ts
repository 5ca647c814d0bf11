// In the integration lane only because lib/ is: the unit lane reaches no file of it (test/lanes.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PEER_FLOORS, peerProblems, withinCaret } from '../../lib/peer-check';

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
};
/** The peers every consumer needs: the optional ones (Chromium's, for a browser journey) are asked for by the synth. */
const REQUIRED_PEERS = Object.fromEntries(
  Object.entries(PACKAGE.peerDependencies).filter(([name]) => PACKAGE.peerDependenciesMeta[name]?.optional !== true),
);

describe("the consumer's aws-cdk-lib and constructs", () => {
  it("are checked against the floors package.json's peer ranges start at, which the repository tests with", () => {
    expect(Object.fromEntries(Object.entries(PEER_FLOORS).map(([name, floor]) => [name, `^${floor}`]))).toEqual(
      REQUIRED_PEERS,
    );
    for (const name of Object.keys(PEER_FLOORS))
      expect(PACKAGE.devDependencies[name]).toBe(PACKAGE.peerDependencies[name]);
  });

  it('accepts a version within the caret range and refuses one below it or of another major', () => {
    expect(withinCaret('2.276.0', '2.276.0')).toBe(true);
    expect(withinCaret('2.300.1', '2.276.0')).toBe(true);
    expect(withinCaret('2.276.3-rc.1', '2.276.0')).toBe(true);
    expect(withinCaret('2.275.9', '2.276.0')).toBe(false);
    expect(withinCaret('3.0.0', '2.276.0')).toBe(false);
    expect(withinCaret('1.999.0', '2.276.0')).toBe(false);
    expect(withinCaret('latest', '2.276.0')).toBe(false);
  });

  it('names each peer out of range or missing, with its version and what to install', () => {
    const problems = peerProblems((name) => (name === 'aws-cdk-lib' ? '2.100.0' : undefined));
    expect(problems).toEqual([
      'aws-cdk-lib is 2.100.0; okta-synthetics/cdk needs ^2.276.0: npm install aws-cdk-lib@^2.276.0',
      'constructs is not installed; okta-synthetics/cdk needs ^10.8.1: npm install constructs@^10.8.1',
    ]);
    expect(peerProblems((name) => PEER_FLOORS[name])).toEqual([]);
  });
});

describe('the optional peers a browser journey deploys with', () => {
  it('are the versions the repository tests with', () => {
    for (const [name, meta] of Object.entries(PACKAGE.peerDependenciesMeta)) {
      expect(meta.optional, name).toBe(true);
      expect(PACKAGE.devDependencies[name], name).toBe(PACKAGE.peerDependencies[name]);
    }
  });
});
