// `npm run grafana-dashboard [-- --config FILE --out FILE]`: writes the Grafana dashboard (for Grafana's CloudWatch
// data source) of a configuration, the same graphs and log tables as its CloudWatch dashboard
// (functions/plan/dashboard-graphs.ts, dashboard-tables.ts), the Preview row included when the config has one.
// Without options, docs/grafana/okta-synthetics.json from the committed example, which `npm run docs` also writes and
// test/functions/plan/grafana-dashboard.test.ts holds to the code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatConfigErrors, loadConfigFile } from '../functions/config/parse';
import { grafanaDashboard } from '../functions/plan/grafana-dashboard';

export const GRAFANA_FILE = new URL('../docs/grafana/okta-synthetics.json', import.meta.url);
const EXAMPLE = fileURLToPath(new URL('../okta-synthetics.example.json', import.meta.url));

/** The dashboard's file text for a configuration file (the example by default). */
export function grafanaText(configPath = EXAMPLE): string {
  // Credentials are the CLI's, not the dashboard's: their files are never read.
  const loaded = loadConfigFile(configPath, 'deploy', process.env, { readCredentials: false });
  if (!loaded.ok) throw new Error(formatConfigErrors(loaded.errors, configPath));
  return `${JSON.stringify(grafanaDashboard(loaded.config), null, 2)}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { config: { type: 'string' }, out: { type: 'string' } } });
  const out = values.out ?? fileURLToPath(GRAFANA_FILE);
  try {
    const text = grafanaText(values.config);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    process.stdout.write(`wrote ${out}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
