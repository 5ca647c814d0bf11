// Shared arrangements of the hardening tests: the simulator behind a hostile server, configs for a
// standalone hostile server, and the invariants every faulty run must keep.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type Dispatcher } from 'undici';
import { expect } from 'vitest';
import { publishes } from '../../functions/plan/outputs';
import { loadConfigFile } from '../../functions/config/parse';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../functions/credentials/local';
import { checkRow } from '../../functions/plan/check-table';
import { plannedChecks, plannedMetrics } from '../../functions/plan/checks';
import type { CheckName, DiagnosisCode } from '../../functions/contract';
import type { CredentialResult, ProbeConfig, Report } from '../../functions/types';
import { writeSimulatorConfig } from '../../sim/config';
import type { Simulator } from '../../sim/server';

export interface Arranged {
  readonly config: ProbeConfig;
  readonly credentials: ReadonlyMap<string, CredentialResult>;
}

/** The product's own config for a healthy run against `sim`, loaded and resolved as the CLI does. */
export async function simulatorProbe(sim: Simulator, overrides: Partial<ProbeConfig> = {}): Promise<Arranged> {
  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-hardening-'));
  const path = await writeSimulatorConfig(sim, dir);
  const loaded = loadConfigFile(path, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  // The servers' checks: the synthetic users' journeys have hardening tests of their own (sign-in-secrets.test.ts).
  const config = { ...loaded.config.probe, signIn: [], ...overrides };
  return { config, credentials: resolveLocalCredentials(config, {}) };
}

/**
 * A dispatcher that sends every request to `origin` (the hostile server) with its path unchanged: the probe
 * keeps the simulator's URLs (so issuers and assertion audiences still match) while the hostile server
 * chooses, path by path, to misbehave or to forward.
 */
export function via(origin: string): Dispatcher {
  return new Agent().compose((dispatch) => (options, handler) => dispatch({ ...options, origin }, handler));
}

/** A PKCS#8 RSA private key made for the test. */
export function testPrivateKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

export interface StandaloneFiles {
  readonly dir: string;
  readonly configPath: string;
  readonly json: Record<string, unknown>;
}

/**
 * A CLI config whose org is `orgUrl` (a standalone hostile server, nothing behind it): an Org AS with a key
 * file and a custom AS with a client secret, the status feed on the same host.
 */
export function standaloneConfig(
  orgUrl: string,
  secrets: { privateKeyPem: string; clientSecret: string },
  timeoutMs = 1000,
): StandaloneFiles {
  const dir = mkdtempSync(join(tmpdir(), 'okta-synthetics-hostile-'));
  writeFileSync(join(dir, 'key.pem'), secrets.privateKeyPem, { mode: 0o600 });
  const json = {
    orgUrl,
    statusPageUrl: `${orgUrl}/status/feed`,
    timeoutMs,
    servers: [
      {
        id: 'org',
        clientId: '0oaHostileOrg000000x1',
        privateKeyFile: 'key.pem',
        keyId: 'hostile-kid',
        scopes: ['okta.users.read'],
      },
      {
        id: 'default',
        clientId: '0oaHostileCustom000x2',
        clientSecret: secrets.clientSecret,
        scopes: ['probe.read'],
        audience: 'api://default',
        authorize: { redirectUri: 'http://127.0.0.1:9/callback' },
      },
    ],
  };
  const configPath = join(dir, 'okta-synthetics.json');
  writeFileSync(configPath, JSON.stringify(json, null, 2));
  return { dir, configPath, json };
}

/** Every planned check reported exactly once, and metrics produced for every check that ran. */
export function expectCompleteReport(report: Report, config: ProbeConfig): void {
  const key = (c: { server: string; check: string }): string => `${c.server}/${c.check}`;
  expect(report.checks.map(key).sort()).toEqual(plannedChecks(config).map(key).sort());
  const planned = new Set(plannedMetrics(config).map((m) => `${m.name} ${JSON.stringify(m.dimensions)}`));
  for (const metric of report.metrics)
    expect(planned.has(`${metric.name} ${JSON.stringify(metric.dimensions)}`)).toBe(true);
  for (const check of report.checks.filter(
    (c) => c.status !== 'skip' && c.status !== 'n/a' && publishes(c.check, 'success'),
  )) {
    expect(
      report.metrics.some(
        (m) => m.name === 'CheckSuccess' && m.dimensions.Server === check.server && m.dimensions.Check === check.check,
      ),
      key(check),
    ).toBe(true);
  }
  for (const check of report.checks) {
    // pass, fail with a diagnosis, or skipped with why: never a silent half-state
    if (check.status === 'skip' || check.status === 'n/a') expect(check.skipReason).toBeTruthy();
    else expect(check.diagnosis === null, key(check)).toBe(check.status === 'pass');
  }
}

/**
 * A fault on every path, as it reaches one server: each planned check of the server whose row needs no other
 * check's run opens with a request of its own, so it must fail with the fault's diagnosis (`code` and `detail`, or
 * what `codeOf` says for a check that reads the fault its own way). Read from the registry, so a
 * check added there is held to it without a list to update. The checks that need one read what those got, and
 * may rightly fail, skip or pass (the clock reads a 429's Date): their tests say which.
 */
export function expectFaultOnFirstRequests(
  report: Report,
  config: ProbeConfig,
  server: string,
  code: DiagnosisCode,
  options: { codeOf?: Partial<Record<CheckName, DiagnosisCode>>; detail?: RegExp } = {},
): void {
  const firstHand = plannedChecks(config).filter((p) => p.server === server && checkRow(p.check).needs.length === 0);
  expect(firstHand.length, `${server} has checks that open with a request`).toBeGreaterThan(0);
  for (const { check } of firstHand) {
    const result = checkOf(report, server, check);
    expect({ check, status: result.status, code: result.diagnosis?.code }).toEqual({
      check,
      status: 'fail',
      code: options.codeOf?.[check] ?? code,
    });
    if (options.detail && options.codeOf?.[check] === undefined)
      expect(result.diagnosis?.detail, `${server}/${check}`).toMatch(options.detail);
  }
}

export function checkOf(report: Report, server: string, check: string): Report['checks'][number] {
  const found = report.checks.find((c) => c.server === server && c.check === check);
  if (found === undefined) throw new Error(`no ${server}/${check} in the report`);
  return found;
}

/** Stack-trace lines ("    at fn (file:1:2)") must never reach a user. */
export const STACK_LINE = /^\s{4}at /m;
