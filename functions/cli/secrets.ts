// `okta-synthetics secrets put --config FILE`: puts every secret the deployed stack created and waits for (each
// server's credential, each sign-in journey's user), with the names the stack gave them (lib/probe-secrets.ts:
// <prefix>/<id>), in one command instead of one `aws secretsmanager put-secret-value` per secret. Each value comes
// from the file the stack's Put output names (keys/okta-probe-<id>.pem, .secret, -user.json, beside the config) or,
// in a terminal, from a prompt that echoes nothing. A value is judged as the probe will judge it (the Lambda's own
// toCredential / toUserCredential) before it is put: a wrong file is refused naming the file, never quoting it.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfigFile, type LoadedConfig } from '../config/parse';
import { isObject } from '../config/readers';
import { credentialFileName, defaultSecretName, previewCredentialFileName, previewSecretName } from '../config/schema';
import { previewDeployment } from '../plan/preview';
import { toCredential, toUserCredential } from '../credentials/secrets-manager';
import { userSecretFileName, userSecretShape } from '../credentials/user-secret';
import { INPUT_FILES, readRegularFile } from '../read-file';
import {
  AWS_REGIONS_HELP,
  AWS_OPTIONS,
  awsTargets,
  clientConfig,
  describeAwsFailure,
  requireAwsCredentials,
  type AwsTarget,
} from './aws';
import { EXIT, NAME, parseCommandArgs, selfCommand, UsageError, type CommandIo, type Options } from './frame';
import { renderConfigErrors } from './render';

const SECRETS_HELP = `Usage: ${NAME} secrets put --config FILE [--only ID ...] [--region R]
         [--profile NAME]

Puts every secret the deployed stack created and waits for: each server's
credential (its private key or client secret) and each sign-in journey's user
(its JSON: password, totpSecret, clientSecret), under the names the stack gave
them. Each value is read from a file beside FILE: a server's privateKeyFile
where the config names one, else the file the stack's Put output names
(keys/okta-probe-<id>.pem, keys/okta-probe-<id>.secret,
keys/okta-probe-<id>-user.json); or, in a terminal, asked for without echo. It
is checked as the probe will read it before it is put; nothing is printed.
A secret the config names with secretName is yours, and left as it is. With
several regions in the config, each region's stack gets its copy, unless
--region names one. With "preview", the Preview org's secrets too (ids
preview/<id>, files keys/okta-probe-preview-<id>...), in the home region only.

  -c, --config FILE   the configuration the stack was deployed from
      --only ID       only this server's or journey's secret (repeat for more)
${AWS_REGIONS_HELP}
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  only: { type: 'string', multiple: true },
  ...AWS_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** One secret the stack created: whose, its name, the file its value is read from, and how a value is judged. */
interface ExpectedSecret {
  readonly id: string;
  readonly secretId: string;
  /** Relative to the config's folder, as the stack's Put output names it. */
  readonly file: string;
  /** What to type at a prompt (one line each): a server's single value, or the user's members. */
  readonly asks: readonly string[];
  /** The text to put from what was read or typed, or why it is refused (never quoting it). */
  readonly judge: (value: string) => { readonly value: string } | { readonly problem: string };
  /** The one region whose stack created it (the Preview org's: the home region); undefined: every region's. */
  readonly region?: string;
}

/** How one org's secrets are named: Production's as the stack names them, or the Preview org's apart. */
interface SecretNaming {
  /** The id --only and the output show: the server's or journey's, "preview/<id>" for the Preview org's. */
  readonly label: (id: string) => string;
  readonly secretName: (prefix: string, id: string) => string;
  readonly credentialFile: typeof credentialFileName;
  readonly userFile: (id: string) => string;
  readonly region?: string;
}

const PRODUCTION: SecretNaming = {
  label: (id) => id,
  secretName: defaultSecretName,
  credentialFile: credentialFileName,
  userFile: userSecretFileName,
};

/** The Preview org's secrets as lib/probe-secrets.ts names them, in the home region alone. */
function previewNaming(config: LoadedConfig): SecretNaming {
  const home = previewDeployment(config)?.region ?? undefined;
  return {
    label: (id) => `preview/${id}`,
    secretName: previewSecretName,
    credentialFile: previewCredentialFileName,
    userFile: (id) => userSecretFileName(`preview-${id}`),
    ...(home !== undefined && { region: home }),
  };
}

/** How a value is asked for when its file is missing: undefined when there is no terminal to ask in. */
type AskHidden = (question: string) => Promise<string>;

export interface SecretsDeps {
  readonly client?: (target: AwsTarget) => SecretsManagerClient;
  /** Asks without echo; absent: asked on the terminal when stdin is one, else the file is required. */
  readonly ask?: AskHidden;
}

/**
 * The secrets the stack created for this config, in config order: the servers', then the journeys' users; with
 * `preview`, then the Preview org's.
 */
function expectedSecrets(config: LoadedConfig, keyFiles: ReadonlyMap<string, string>): ExpectedSecret[] {
  const preview = config.preview;
  return [
    ...orgSecrets(config.probe, config.deploy.prefix, keyFiles, PRODUCTION),
    ...(preview === undefined ? [] : orgSecrets(preview.probe, config.deploy.prefix, new Map(), previewNaming(config))),
  ];
}

/** One org's secrets the stack created, named as `naming` says. */
function orgSecrets(
  probe: LoadedConfig['probe'],
  prefix: string,
  keyFiles: ReadonlyMap<string, string>,
  naming: SecretNaming,
): ExpectedSecret[] {
  const where = naming.region === undefined ? {} : { region: naming.region };
  const servers = probe.servers.flatMap((server): ExpectedSecret[] => {
    const credential = server.credential;
    if (credential.kind !== 'secrets_manager' || credential.secretId !== undefined) return [];
    const secretId = naming.secretName(prefix, server.id);
    const key = credential.secretKind === 'private_key_jwt';
    return [
      {
        id: naming.label(server.id),
        secretId,
        ...where,
        // The key file the config names for the CLI is the key: the stack's default name only where it names none.
        file:
          (key ? (keyFiles.get(server.id) ?? credential.keyFile) : undefined) ??
          naming.credentialFile(server.id, credential.secretKind),
        asks: [key ? `the private key of "${server.id}" (a PEM file's path)` : `the client secret of "${server.id}"`],
        judge: (value) => {
          const judged = toCredential(server, secretId, credential.secretKind, value);
          // The detail's "put it with ..." is the probe's advice; here the value is being put.
          return judged.kind === credential.secretKind
            ? { value: value.trim() }
            : {
                problem:
                  'detail' in judged ? (judged.detail.split('; put it with')[0] ?? judged.detail) : 'not a credential',
              };
        },
      },
    ];
  });
  return [...servers, ...userSecrets(probe, prefix, naming)];
}

/** One org's journeys' user secrets the stack created. */
function userSecrets(probe: LoadedConfig['probe'], prefix: string, naming: SecretNaming): ExpectedSecret[] {
  const where = naming.region === undefined ? {} : { region: naming.region };
  return (probe.signIn ?? []).flatMap((signIn): ExpectedSecret[] => {
    if (signIn.secrets.from !== 'secrets_manager' || signIn.secrets.secretId !== undefined) return [];
    const secretId = naming.secretName(prefix, signIn.id);
    return [
      {
        id: naming.label(signIn.id),
        secretId,
        ...where,
        file: naming.userFile(signIn.id),
        asks: [
          `the password of "${signIn.id}"'s user`,
          `its TOTP secret (base32; empty if it has none)`,
          ...(signIn.confidential ? ['the client secret of its app'] : []),
        ],
        judge: (value) => {
          const judged = toUserCredential(signIn.id, secretId, value);
          return judged.kind === 'user'
            ? { value: value.trim() }
            : {
                problem:
                  `${judged.detail.split('; put it with')[0] ?? judged.detail} ` +
                  `(${userSecretShape(signIn.confidential)})`,
              };
        },
      },
    ];
  });
}

export async function runSecrets(args: string[], io: CommandIo, deps: SecretsDeps = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(SECRETS_HELP);
    return EXIT.ok;
  }
  if (sub !== 'put')
    throw new UsageError(
      `secrets: unknown subcommand "${sub}"; the one there is: ${selfCommand(io.env)} secrets put --config FILE`,
      'secrets',
    );
  const values = parseCommandArgs('secrets', rest, OPTIONS);
  if (values.help === true) {
    io.stdout(SECRETS_HELP);
    return EXIT.ok;
  }
  if (values.config === undefined)
    throw new UsageError(
      'secrets put: --config FILE is required (the configuration the stack was deployed from)',
      'secrets',
    );
  const loaded = loadConfigFile(values.config, 'deploy', io.env);
  if (!loaded.ok) {
    io.stderr(renderConfigErrors(loaded.errors, values.config, { color: false }));
    return EXIT.usage;
  }
  const chosen = chosenSecrets(loaded.config, values.only, values.config);
  if (chosen.length === 0) {
    io.stdout(
      `secrets put: the stack created no secret for ${values.config} (every credential is named with secretName)\n`,
    );
    return EXIT.ok;
  }
  // Each region's stack reads its own copy of every secret: all of them, unless --region names one.
  const targets = await awsTargets('secrets put', values, loaded.config.deploy, io);
  const folder = dirname(values.config);
  const ask = deps.ask ?? terminalAsk(io);
  // Every value is read and judged before anything is put: one mistake leaves nothing half done.
  const { ready, problems } = await readAndJudge(chosen, folder, ask);
  if (problems.length > 0) {
    io.stderr(
      `secrets put: nothing was put; ${problems.length === 1 ? 'one secret is' : `${problems.length} secrets are`} ` +
        `not ready:\n${problems.map((p) => `  - ${p}\n`).join('')}`,
    );
    return EXIT.usage;
  }
  let failed = 0;
  for (const target of targets) failed += await putIn(target, ready, deps, io);
  if (failed > 0) return EXIT.couldNotRun;
  io.stdout(
    `The probe reads them on its next run (within a minute); "${selfCommand(io.env)} status --config ` +
      `${values.config}" shows it.\n`,
  );
  return EXIT.ok;
}

/**
 * Each server's privateKeyFile as the file writes it (relative to the file's folder, as the CLI reads it): a deploy
 * config keeps it beside the stack's secret, and the parsed config holds only the secret.
 */
function privateKeyFiles(file: string): Map<string, string> {
  const files = new Map<string, string>();
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  const servers: unknown = isObject(raw) ? raw.servers : undefined;
  for (const server of Array.isArray(servers) ? servers : [])
    if (isObject(server) && typeof server.id === 'string' && typeof server.privateKeyFile === 'string')
      files.set(server.id, server.privateKeyFile);
  return files;
}

/** The secrets --only names, each refused when it is not a server or journey, or not a secret the stack created. */
function chosenSecrets(config: LoadedConfig, only: readonly string[] | undefined, file: string): ExpectedSecret[] {
  const all = expectedSecrets(config, privateKeyFiles(file));
  const ids = (probe: LoadedConfig['probe'], label: (id: string) => string): string[] =>
    [...probe.servers, ...(probe.signIn ?? [])].map((s) => label(s.id));
  const named = [
    ...ids(config.probe, PRODUCTION.label),
    ...(config.preview === undefined ? [] : ids(config.preview.probe, previewNaming(config).label)),
  ];
  for (const id of only ?? []) {
    if (!named.includes(id))
      throw new UsageError(
        `secrets put: --only "${id}" is not a server or journey of ${file}; they are ${named.join(', ')}`,
        'secrets',
      );
    if (!all.some((s) => s.id === id))
      throw new UsageError(
        `secrets put: --only "${id}": its secret is named with secretName, so the stack did not create it; ` +
          `put it where you keep it`,
        'secrets',
      );
  }
  return only === undefined ? all : all.filter((s) => only.includes(s.id));
}

/** Each secret's value read and judged: those ready to put, and what is wrong with the others. */
async function readAndJudge(
  chosen: readonly ExpectedSecret[],
  folder: string,
  ask: Parameters<typeof valueOf>[2],
): Promise<{ ready: { secret: ExpectedSecret; value: string }[]; problems: string[] }> {
  const ready: { secret: ExpectedSecret; value: string }[] = [];
  const problems: string[] = [];
  for (const secret of chosen) {
    const read = await valueOf(secret, folder, ask);
    if ('problem' in read) {
      problems.push(`${secret.id}: ${read.problem}`);
      continue;
    }
    const judged = secret.judge(read.value);
    if ('problem' in judged) problems.push(`${secret.id} (${read.from}): ${judged.problem}`);
    else ready.push({ secret, value: judged.value });
  }
  return { ready, problems };
}

/**
 * Puts each ready secret in one region; returns how many failed. A secret named by its ARN lives in one region only:
 * it is put there and nowhere else.
 */
async function putIn(
  target: AwsTarget,
  ready: readonly { readonly secret: ExpectedSecret; readonly value: string }[],
  deps: SecretsDeps,
  io: CommandIo,
): Promise<number> {
  const here = ready.filter(({ secret }) => {
    const arnRegion = /^arn:[^:]+:secretsmanager:([^:]+):/.exec(secret.secretId)?.[1];
    const only = arnRegion ?? secret.region;
    return only === undefined || only === target.region;
  });
  if (here.length === 0) return 0;
  const client = deps.client?.(target) ?? (await defaultClient(target));
  await requireAwsCredentials('secrets put', client, target);
  const { PutSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  let failed = 0;
  for (const { secret, value } of here) {
    try {
      await client.send(new PutSecretValueCommand({ SecretId: secret.secretId, SecretString: value }));
      io.stdout(`put ${secret.secretId} (${secret.id}) in ${target.region}\n`);
    } catch (error) {
      failed += 1;
      io.stderr(
        `secrets put: ${secret.secretId} (${secret.id}) in ${target.region}: ${describeAwsFailure(error, target)}\n`,
      );
    }
  }
  return failed;
}

async function defaultClient(target: AwsTarget): Promise<SecretsManagerClient> {
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  return new SecretsManagerClient({ maxAttempts: 3, ...clientConfig(target) });
}

/** The secret's value: its file beside the config, else what is typed at a prompt that echoes nothing. */
async function valueOf(
  secret: ExpectedSecret,
  folder: string,
  ask: AskHidden | undefined,
): Promise<{ value: string; from: string } | { problem: string }> {
  const path = resolve(folder, secret.file);
  if (existsSync(path)) {
    const read = readRegularFile(path, INPUT_FILES.secrets);
    return 'problem' in read
      ? { problem: `cannot read ${path} (${read.problem})` }
      : { value: read.bytes.toString('utf8'), from: path };
  }
  if (ask === undefined)
    return {
      problem: `no file ${path}, and no terminal to ask in: write the file (mode 600), or run this in a terminal`,
    };
  const answers: string[] = [];
  for (const question of secret.asks) answers.push(await ask(`${question}: `));
  if (secret.file.endsWith('-user.json')) {
    const [password = '', totpSecret = '', clientSecret] = answers;
    return {
      value: JSON.stringify({
        password,
        ...(totpSecret !== '' && { totpSecret }),
        ...(clientSecret !== undefined && { clientSecret }),
      }),
      from: 'typed',
    };
  }
  const [answer = ''] = answers;
  // A private key is pasted as a path: a PEM's many lines do not fit a prompt.
  if (secret.file.endsWith('.pem')) {
    const read = readRegularFile(answer.trim(), INPUT_FILES.secrets);
    return 'problem' in read
      ? { problem: `cannot read ${answer.trim()} (${read.problem})` }
      : { value: read.bytes.toString('utf8'), from: answer.trim() };
  }
  return { value: answer, from: 'typed' };
}

/**
 * A prompt on the terminal that echoes nothing (the typed characters are read in raw mode); none without a terminal.
 */
function terminalAsk(io: CommandIo): AskHidden | undefined {
  const stdin = process.stdin;
  if (io.terminal?.stderr !== true || stdin.isTTY !== true) return undefined;
  return (question) =>
    new Promise((resolve, reject) => {
      io.stderr(question);
      let typed = '';
      stdin.setRawMode(true);
      stdin.resume();
      stdin.setEncoding('utf8');
      const done = (): void => {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        io.stderr('\n');
      };
      const onData = (chunk: string): void => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n') {
            done();
            resolve(typed);
            return;
          }
          if (char === '\u0003') {
            done();
            reject(new UsageError('secrets put: stopped (Ctrl-C); nothing was put', 'secrets'));
            return;
          }
          typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
        }
      };
      stdin.on('data', onData);
    });
}
