// Runs in a fresh node process, bundled like the Lambda: loads the handler bundle (its SDK clients and all),
// then one cold and three warm probe cycles against the simulator config given, and prints what it cost.
// argv: <handler bundle path> <probe config path>
import { pathToFileURL } from 'node:url';
import { loadConfigFile } from '../../functions/config/parse';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../../functions/credentials/local';
import { runProbe } from '../../functions/probe/engine';
import { isHealthy } from '../../functions/probe/results';
import { createMemoryCache } from '../../functions/cache/read-through';

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

const [handlerBundle, configPath] = process.argv.slice(2);
if (handlerBundle === undefined || configPath === undefined)
  throw new Error('usage: memory-child <handler bundle> <config>');

const rssAtStartKb = process.resourceUsage().maxRSS;
let cpu = process.cpuUsage();
const t0 = performance.now();
await import(pathToFileURL(handlerBundle).href);
const loadMs = performance.now() - t0;
const loadCpuMs = cpuMs(process.cpuUsage(cpu));

const loaded = loadConfigFile(configPath, 'cli', {}, { credentialFiles: LOCAL_CREDENTIAL_FILES });
if (!loaded.ok) throw new Error(loaded.errors.join('; '));
const { probe } = loaded.config;
const credentials = resolveLocalCredentials(probe, {});
const cache = createMemoryCache();

cpu = process.cpuUsage();
const cold = await runProbe(probe, { credentials, cache });
const coldCpuMs = cpuMs(process.cpuUsage(cpu));
// Warm: the median of three, the first of them still JIT-compiling.
const warmRuns: Array<{ ms: number; cpuMs: number }> = [];
for (let i = 0; i < 3; i++) {
  cpu = process.cpuUsage();
  const report = await runProbe(probe, { credentials, cache });
  warmRuns.push({ ms: report.durationMs, cpuMs: cpuMs(process.cpuUsage(cpu)) });
}
const middle = <T>(values: T[], key: (v: T) => number): number => values.map(key).sort((a, b) => a - b)[1] ?? NaN;

process.stdout.write(
  JSON.stringify({
    rssAtStartKb,
    maxRssKb: process.resourceUsage().maxRSS,
    heapUsedKb: Math.round(process.memoryUsage().heapUsed / 1024),
    loadMs,
    loadCpuMs,
    coldMs: cold.durationMs,
    coldCpuMs,
    coldPassed: cold.checks.every(isHealthy),
    warmMs: middle(warmRuns, (r) => r.ms),
    warmCpuMs: middle(warmRuns, (r) => r.cpuMs),
  }),
);
process.exit(0);
