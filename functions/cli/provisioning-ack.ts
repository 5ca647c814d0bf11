// `okta-synthetics provisioning ack`: an admin's word that an app's leavers were dealt with by hand (the account
// deactivated in the app, the task on Dashboard > Tasks done without being marked), so the provisioning-health check
// stops counting them. Every open leaver of the app first seen at or before --before (default now) is closed; a later
// failure opens a new one. The ledger acted on is the CLI's (--history DIR, the folder `run --history` keeps it in)
// or the deployed stack's (--config FILE --stack: its DynamoDB table, with AWS credentials allowed dynamodb:Query and
// BatchWriteItem on it). Nothing is sent to Okta. Not the plan's provisioning.ts, which names the SAML apps that
// would create the synthetic user an account.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { provisioningKeySecretName, provisioningTableName } from '../contract';
import type { ProvisioningStore } from '../kept-state';
import { acknowledge, readLedger, type LeaverLedger } from '../probe/provisioning';
import { storeFailure } from '../probe/kept-store';
import { loadOrExplain } from './load-config';
import { EXIT, parseCommandArgs, runCommand, UsageError, type CommandIo, type Options } from './frame';
import { AWS_HELP, AWS_OPTIONS, awsTarget, clientConfig, requireAwsCredentials } from './aws';
import { createFileProvisioningStore } from './provisioning-state-file';
import { wrap } from '../text/wrap';

const USAGE = `Usage: okta-synthetics provisioning ack --app APPID [--before TIME]
         (--history DIR | --config FILE --stack [--region R] [--profile NAME])

Closes the open leavers of one app that an admin dealt with by hand: the
accounts deactivated in the app, the tasks on Dashboard > Tasks done. Every
leaver of the app first seen at or before --before is closed; a later
failed deactivation opens a new one. Leavers are never named: the command
says how many it closed. Nothing is sent to Okta.

      --app APPID       the app's Okta id (0oa...), as the report names it
      --before TIME     ISO 8601 (default now): leavers first seen later stay
      --history DIR     the folder "run --history DIR" keeps its state in
  -c, --config FILE     with --stack: the configuration the stack was deployed
                        with (its prefix names the table)
      --stack           act on the deployed stack's ledger (DynamoDB); needs
                        AWS credentials allowed dynamodb:Query and
                        dynamodb:BatchWriteItem on <prefix>-provisioning
${AWS_HELP}

Exit codes: 0 done (also when none was open), 2 usage or configuration error,
3 could not run (the ledger unreadable, no AWS credentials).
`;

const OPTIONS = {
  app: { type: 'string' },
  before: { type: 'string' },
  history: { type: 'string' },
  config: { type: 'string', short: 'c' },
  stack: { type: 'boolean' },
  ...AWS_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** An app id as Okta writes one: what the ledger is keyed by. */
const APP_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface AckDeps {
  /** The stack's DynamoDB client of a region and profile (tests point it at a loopback fake). */
  readonly dynamo?: (region: string, profile?: string) => DynamoDBClient;
  readonly now?: () => number;
}

export function runProvisioningCommand(argv: string[], io: CommandIo, deps: AckDeps = {}): Promise<number> {
  return runCommand(io, () => provisioningCommand(argv, io, deps));
}

async function provisioningCommand(argv: string[], io: CommandIo, deps: AckDeps): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(USAGE);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (sub !== 'ack')
    throw new UsageError(`provisioning: unknown subcommand "${sub}"; the one there is is "ack"`, 'provisioning');
  const values = parseCommandArgs('provisioning ack', rest, OPTIONS);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const usage = (message: string): UsageError => new UsageError(`provisioning ack: ${message}`, 'provisioning');
  if (values.app === undefined || !APP_ID.test(values.app))
    throw usage("--app APPID is required: the app's Okta id (0oa...), as the report names it");
  const now = deps.now?.() ?? Date.now();
  const before = values.before === undefined ? now : Date.parse(values.before);
  if (!Number.isFinite(before) || before > now)
    throw usage(
      `--before must be an ISO 8601 time not in the future, e.g. 2026-05-01T12:00:00Z, got "${values.before}"`,
    );
  const store = await ledgerStore(values, io, deps);
  if (store === null) return EXIT.usage;
  return ack(store, values.app, before, now, io);
}

/** The ledger the flags name: the CLI's folder, or the deployed stack's table. */
async function ledgerStore(
  values: { history?: string; config?: string; stack?: boolean; region?: string; profile?: string },
  io: CommandIo,
  deps: AckDeps,
): Promise<ProvisioningStore | null> {
  if ((values.history === undefined) === (values.stack !== true))
    throw new UsageError(
      "provisioning ack: name one ledger: --history DIR (the CLI's) or --config FILE --stack (the stack's)",
      'provisioning',
    );
  if (values.history !== undefined) return createFileProvisioningStore(values.history);
  if (values.config === undefined)
    throw new UsageError('provisioning ack: --stack needs --config FILE (its prefix names the table)', 'provisioning');
  const loaded = loadOrExplain(values.config, io);
  if (loaded === null) return null;
  const { deploy } = loaded.config;
  const target = await awsTarget('provisioning ack', values, deploy, io);
  const client = deps.dynamo?.(target.region, target.profile) ?? new DynamoDBClient(clientConfig(target));
  await requireAwsCredentials('provisioning ack', client, target);
  const { createDynamoProvisioningStore } = await import('../lambda/provisioning-dynamodb');
  // Acknowledging needs no hashing key: the secret is never read here.
  return createDynamoProvisioningStore(provisioningTableName(deploy.prefix), provisioningKeySecretName(deploy.prefix), {
    dynamo: client,
  });
}

async function ack(store: ProvisioningStore, app: string, before: number, now: number, io: CommandIo): Promise<number> {
  let kept: LeaverLedger | { damaged: string };
  try {
    kept = readLedger({ version: 1, apps: Object.fromEntries(await store.read()) }, now);
  } catch (error) {
    io.stderr(lines(`provisioning ack: ${store.where()} not read (${storeFailure(error, 'read')})`));
    return EXIT.couldNotRun;
  }
  if ('damaged' in kept) {
    io.stderr(lines(`provisioning ack: ${store.where()} is damaged (${kept.damaged.slice(0, 200)}); nothing changed`));
    return EXIT.couldNotRun;
  }
  const { ledger, acknowledged, dropped } = acknowledge(kept, app, before);
  if (acknowledged === 0 && !dropped) {
    io.stdout(
      lines(`No open leaver of app ${app} first seen by ${new Date(before).toISOString()} in ${store.where()}.`),
    );
    return EXIT.ok;
  }
  const entry = ledger.apps[app];
  try {
    await store.write(new Map(entry === undefined ? [] : [[app, entry]]), entry === undefined ? [app] : []);
  } catch (error) {
    io.stderr(
      lines(`provisioning ack: ${store.where()} not written (${storeFailure(error, 'write')}); nothing changed`),
    );
    return EXIT.couldNotRun;
  }
  io.stdout(
    lines(
      `Closed ${acknowledged} open leaver${acknowledged === 1 ? '' : 's'} of app ${app} first seen by ` +
        `${new Date(before).toISOString()}` +
        (dropped ? ', and the uncounted ones the full ledger dropped' : '') +
        ` (${store.where()}). A later failed deactivation opens a new one.`,
    ),
  );
  return EXIT.ok;
}

/** A message within 80 columns, wrapped between words (a path longer than a line stands alone on its own). */
function lines(text: string): string {
  return `${wrap(text, 80, '').join('\n')}\n`;
}
