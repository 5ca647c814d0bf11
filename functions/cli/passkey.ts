// `okta-synthetics passkey enroll --config FILE --journey ID`: enrolls a software passkey for a journey's user, as the
// Sign-In Widget enrolls one in a browser. The journey signs in over IDX with its password and its TOTP factor (the
// journey's own flow, under its own state: a password Okta refused is never sent again), chooses Passkeys (FIDO2
// WebAuthn) where Okta offers its enrollment (select-authenticator-enroll), and answers enroll-authenticator with
// attestation "none" (functions/credentials/attestation.ts). Only once Okta accepted it is the passkey file written,
// mode 0600, never over an existing one without --force. The private key is never printed: every output is scrubbed.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { loadConfigFile } from '../config/parse';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../credentials/local';
import { resolveLocalUsers, readUserSecretFile } from '../credentials/user-secrets';
import { userCredentialValues, secretValues } from '../credentials/secret-values';
import { userSecretFileName } from '../credentials/user-secret';
import { createPasskey, PROBE_AAGUID, type NewPasskey } from '../credentials/attestation';
import { runProbe } from '../probe/engine';
import { cliJourneyState } from './journey-state-home';
import type { JourneyStateStore, PromotionSkips } from '../journey-state';
import { journeyStateProblem } from '../probe/sign-in/state-bounds';
import type { ProbeConfig, Report, SignInConfig, UserCredentialResult } from '../types';
import {
  EXIT,
  NAME,
  parseCommandArgs,
  terminalColumns,
  UsageError,
  useColor,
  type CommandIo,
  type Options,
} from './frame';
import {
  displayNames,
  jsonReport,
  renderConfigErrors,
  renderConfigWarnings,
  renderReport,
  renderWidth,
} from './render';
import { harLines, userStateDir } from './run';
import { harFolder, writeHarFiles } from './har-files';
import { HarCapture } from '../har/capture';
import { AWS_HELP, AWS_OPTIONS } from './aws';
import { stackSkipsReader, type DynamoOf, type StackSkips, type StackSkipsReader } from './passkey-stack';
import { wrap } from '../text/wrap';
import { shellWord, wrapCommand } from '../text/shell-word';

const PASSKEY_HELP = `Usage: ${NAME} passkey enroll --config FILE --journey ID [--out FILE]
         [--force] [--json] [--har DIR] [--stack [--region R] [--profile NAME]]

Enrolls a software passkey (FIDO2 WebAuthn, attestation "none") for the user
of the "idx" journey ID: it signs in with the user's password and TOTP code,
chooses Passkeys where Okta offers their enrollment, and writes the passkey
file (mode 0600) only once Okta accepted it. Then set "authenticator":
"passkey" on the journey (docs/passkey.md).

  -c, --config FILE   the probe configuration
      --journey ID    the signIn[] entry whose user enrolls the passkey
      --out FILE      where to write the passkey (default: the journey's
                      passkeyFile, else keys/okta-probe-<ID>-passkey.json
                      beside FILE)
      --force         replace a passkey file that is already there
      --json          print the sign-in's report as one JSON document
      --har DIR       write the failed sign-in's sanitized HTTP trace there
      --stack         when Okta offers no enrollment, also tell the passkey
                      prompts the deployed journey's runs skipped (its state
                      in <prefix>-journey-state; needs AWS credentials allowed
                      dynamodb:GetItem on it and kms:Decrypt on its key)
${AWS_HELP}
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  journey: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  har: { type: 'string' },
  json: { type: 'boolean' },
  stack: { type: 'boolean' },
  ...AWS_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export async function runPasskey(args: string[], io: CommandIo, deps: { dynamo?: DynamoOf } = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(PASSKEY_HELP);
    return EXIT.ok;
  }
  if (sub !== 'enroll')
    throw new UsageError(`passkey: unknown subcommand "${sub}"; the one there is: enroll`, 'passkey');
  const values = parseCommandArgs('passkey enroll', rest, OPTIONS);
  if (values.help) {
    io.stdout(PASSKEY_HELP);
    return EXIT.ok;
  }
  if (values.config === undefined || values.journey === undefined)
    throw new UsageError('passkey enroll: --config FILE and --journey ID are both required', 'passkey');
  const loaded = loadConfigFile(values.config, 'cli', io.env, { credentialFiles: LOCAL_CREDENTIAL_FILES });
  if (!loaded.ok) {
    io.stderr(renderConfigErrors(loaded.errors, values.config, { color: useColor(io, 'stderr') }));
    return EXIT.usage;
  }
  io.stderr(renderConfigWarnings(loaded.warnings, values.config, { color: useColor(io, 'stderr') }));
  const probe = loaded.config.probe;
  const journey = enrollingJourney(probe, values.journey);
  const out = resolve(values.out ?? journey.passkeyFile ?? join(dirname(values.config), passkeyFileName(journey.id)));
  // Nothing is sent when the file could not be written after: an enrollment Okta keeps and nobody holds is a leak.
  if (existsSync(out) && values.force !== true)
    throw new UsageError(
      `passkey enroll: ${out} is already there: nothing was sent. Move it away, or add --force to replace it (the ` +
        'passkey it holds stays enrolled in Okta until removed: Directory > People > [user] > Security methods)',
      'passkey',
    );
  const stack =
    values.stack === true
      ? await stackSkipsReader(journey, loaded.config.deploy, { flags: values, io, ...deps })
      : undefined;
  return enroll(probe, io, {
    journey,
    out,
    config: values.config,
    json: values.json === true,
    ...(values.har !== undefined && { har: harFolder(values.har) }),
    ...(stack !== undefined && { stack }),
  });
}

/** The journey named, if it is one that can enroll: an "idx" journey. */
function enrollingJourney(probe: ProbeConfig, id: string): SignInConfig {
  const journeys = probe.signIn ?? [];
  const journey = journeys.find((j) => j.id === id);
  if (journey === undefined)
    throw new UsageError(
      `passkey enroll: --journey "${id}" is not a signIn[] entry of the config (its journeys: ` +
        `${journeys.map((j) => `"${j.id}"`).join(', ') || 'none'})`,
      'passkey',
    );
  if (journey.flow !== 'idx')
    throw new UsageError(
      `passkey enroll: journey "${id}" has flow "${journey.flow}": only Identity Engine's IDX API ("flow": "idx") ` +
        'enrolls a passkey',
      'passkey',
    );
  return journey;
}

const passkeyFileName = (id: string): string => `keys/okta-probe-${id}-passkey.json`;

interface Enrolling {
  readonly journey: SignInConfig;
  readonly out: string;
  readonly config: string;
  readonly json: boolean;
  readonly har?: string;
  /** The deployed journey's skips (--stack). */
  readonly stack?: StackSkipsReader;
}

/** The journey run once with the enrollment, the file written once Okta accepted the passkey, and what to do next. */
async function enroll(probe: ProbeConfig, io: CommandIo, how: Enrolling): Promise<number> {
  const { journey } = how;
  // It signs in with its password and TOTP code: never with a passkey file it may not have yet. Due now, whatever its
  // cadence: the rest of its state (a refused password, the last TOTP step) holds as for a run.
  const signIn: SignInConfig = { ...journey, everyMinutes: 0 };
  delete (signIn as { authenticator?: string }).authenticator;
  delete (signIn as { passkeyFile?: string }).passkeyFile;
  const only: ProbeConfig = { ...probe, signIn: [signIn], samlApps: [], samlGroups: [] };
  const users = usersOf(only, io, how.config);
  const credentials = resolveLocalCredentials(only, io.env);
  const scrubbed: string[] = [];
  let made: NewPasskey | undefined;
  const state = userStateDir(only, io);
  const capture = how.har === undefined ? undefined : new HarCapture();
  const journeyState = cliJourneyState(only, { history: undefined, userDir: state, env: io.env });
  const report = await runProbe(only, {
    ...(capture !== undefined && { har: capture }),
    credentials,
    users,
    scrubbed,
    checks: new Set(['sign-in']),
    journeyState,
    enrollPasskey: (activation) => {
      made = createPasskey(activation, new URL(probe.orgUrl).origin);
      return made.credentials;
    },
  });
  const secrets = [...secretValues(credentials), ...userSecretsOf(users), ...scrubbed, ...passkeySecrets(made)];
  if (capture !== undefined && how.har !== undefined)
    io.stderr(harLines(writeHarFiles(report, capture, secrets, how.har), renderWidth(terminalColumns(io))));
  const check = report.checks.find((c) => c.server === journey.id && c.check === 'sign-in');
  const enrolled = check?.status === 'pass' && check.diagnosis === null ? made : undefined;
  if (enrolled !== undefined) writePasskeyFile(how.out, enrolled.file);
  // Offered nothing (no activation was ever answered): what the journey's runs spent of the promotion, if any.
  const offeredNothing = check?.diagnosis?.code === 'PASSKEY_ENROLLMENT_NOT_OFFERED';
  const spent: Spent = offeredNothing
    ? { local: await promotionSkipsOf(journeyState, journey.id), stack: await how.stack?.(), asked: true }
    : { local: undefined, stack: undefined, asked: false };
  const text = enrollText(report, { enrolled, spent, secrets, probe }, how, io);
  // Scrubbed already (jsonReport, renderReport); what nextSteps adds holds no secret: ids, paths, AAGUID.
  io.stdout(text);
  return enrolled === undefined ? EXIT.checksFailed : EXIT.ok;
}

/** The command's output: the sign-in's report, then the new passkey's next steps or what the runs spent. */
function enrollText(
  report: Report,
  {
    enrolled,
    spent,
    secrets,
    probe,
  }: { enrolled: NewPasskey | undefined; spent: Spent; secrets: string[]; probe: ProbeConfig },
  how: Enrolling,
  io: CommandIo,
): string {
  const width = renderWidth(terminalColumns(io));
  return how.json
    ? jsonReport(
        {
          ...report,
          ...(enrolled !== undefined && { passkey: facts(enrolled, how.out) }),
          ...(spent.local !== undefined && { promotionSkips: skipsFacts(spent.local) }),
          ...(spent.stack !== undefined && { stackPromotionSkips: stackFacts(spent.stack) }),
        } as Report,
        secrets,
      )
    : renderReport(report, {
        color: useColor(io, 'stdout'),
        width,
        compact: false,
        secrets,
        names: displayNames(probe),
      }) +
        (enrolled === undefined ? '' : nextSteps(enrolled, how, width)) +
        spentLines(spent, how, width);
}

/**
 * The promotion's skips the journey's state counted, read back as every reader of it does (state-bounds.ts): a state
 * out of its bounds, or one that cannot be read, tells nothing.
 */
async function promotionSkipsOf(store: JourneyStateStore, id: string): Promise<PromotionSkips | undefined> {
  try {
    const { state } = await store.read(id);
    if (state === undefined || journeyStateProblem(state, Date.now()) !== undefined) return undefined;
    return state.promotionSkips;
  } catch {
    return undefined;
  }
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** What the runs spent of the promotion: this machine's (its state folder), and the deployed ones' (--stack). */
interface Spent {
  readonly local: PromotionSkips | undefined;
  readonly stack: StackSkips | undefined;
  /** Okta offered nothing, so the skips were looked for. */
  readonly asked: boolean;
}

const skipsFacts = (skips: PromotionSkips) => ({ count: skips.count, since: isoDate(skips.since) });

/** --json's account of the deployed runs' skips: the count (0: none counted), or why it is unknown. */
const stackFacts = (stack: StackSkips) =>
  'problem' in stack
    ? { where: stack.where, problem: stack.problem }
    : { where: stack.where, ...(stack.skips === undefined ? { count: 0 } : skipsFacts(stack.skips)) };

/** The skips told after the report, each source by name; a deployed journey's not read (no --stack) said so. */
function spentLines(spent: Spent, how: Enrolling, width: number): string {
  if (!spent.asked) return '';
  const lines: string[] = [];
  if (spent.local !== undefined) lines.push(skipsLine('The runs', spent.local));
  const { stack } = spent;
  if (stack !== undefined && 'problem' in stack)
    lines.push(`The deployed journey's skips are unknown: ${stack.where}: ${stack.problem}.`);
  else if (stack !== undefined)
    lines.push(
      stack.skips === undefined
        ? `The deployed journey's runs (${stack.where}) have skipped no passkey prompt.`
        : skipsLine(`The deployed journey's runs (${stack.where})`, stack.skips),
    );
  else if (how.journey.secrets.from === 'secrets_manager')
    lines.push(
      "The deployed journey's runs count the prompts they skip in the stack's journey state, not read here: add " +
        '--stack to tell them.',
    );
  return lines.map((line) => `\n${wrap(line, width, '').join('\n')}\n`).join('');
}

/** What `who` spent of the promotion, in this org's count: Okta's answer shows none of its own. */
function skipsLine(who: string, skips: PromotionSkips): string {
  return (
    `${who} have skipped Okta's passkey prompt ${skips.count} time${skips.count === 1 ? '' : 's'} since ` +
    `${isoDate(skips.since)} (the journey's state counts each "Maybe later"): a skip limit (skipCount) at or below ` +
    `${skips.count} has ended the promotion for the synthetic user; a cooldown BY_DURATION hides it after each.`
  );
}

/**
 * The passkey file, mode 0600 from its creation: never a moment when others could read the key. A file replaced
 * (--force) is removed first, since a mode given to an existing file is not applied.
 */
function writePasskeyFile(file: string, value: unknown): void {
  // A folder made here is the owner's only, as init makes keys/: the default 0755 let others list the key files.
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  rmSync(file, { force: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

/** What the --json report adds of the new passkey: never its key. */
function facts(made: NewPasskey, out: string): Record<string, string> {
  return { file: out, credentialId: made.passkey.credentialId, rpId: made.passkey.rpId, aaguid: PROBE_AAGUID };
}

/** The users to sign in with: the CLI's, and a deployed journey's from the file `secrets put` reads. */
function usersOf(probe: ProbeConfig, io: CommandIo, config: string): Map<string, UserCredentialResult> {
  const users = resolveLocalUsers(probe, io.env);
  for (const journey of probe.signIn ?? []) {
    if (journey.secrets.from !== 'secrets_manager') continue;
    const file = join(dirname(config), userSecretFileName(journey.id));
    const read = existsSync(file) ? readUserSecretFile(file, file) : undefined;
    if (read === undefined || 'problem' in read)
      throw new UsageError(
        `passkey enroll: journey "${journey.id}" reads its user from Secrets Manager; enrolling signs in here, ` +
          `with the user's JSON in ${file} (the file "secrets put" reads): ${read?.problem ?? 'it is not there'}`,
        'passkey',
      );
    users.set(journey.id, read.credential);
  }
  return users;
}

const userSecretsOf = (users: ReadonlyMap<string, UserCredentialResult>): string[] =>
  [...users.values()].flatMap((u) => (u.kind === 'user' ? userCredentialValues(u) : []));

/** The new private key in each form it takes (PEM, the JWK's d): scrubbed as every user's passkey is. */
const passkeySecrets = (made: NewPasskey | undefined): string[] =>
  made === undefined ? [] : [made.passkey.privateKeyPem, String(made.file.privateKey.d ?? '')].filter(Boolean);

/** Where the passkey went, what the journey's config and a deployed stack need, and what the org must allow. */
function nextSteps(made: NewPasskey, how: Enrolling, width: number): string {
  const { journey, out, config } = how;
  const shown = isAbsolute(config) ? out : relative(process.cwd(), out);
  const para = (text: string): string[] => wrap(text, width, '');
  const item = (text: string): string[] =>
    wrap(text, width, '  ').map((line, i) => (i === 0 ? `- ${line.slice(2)}` : line));
  const set = journey.authenticator === 'passkey' && journey.passkeyFile === out;
  const lines = [
    '',
    ...para(
      `Passkey enrolled for journey "${journey.id}" (${journey.username}): credential ${made.passkey.credentialId}, ` +
        `RP ID ${made.passkey.rpId}, AAGUID ${PROBE_AAGUID}.`,
    ),
    ...para(`Written to ${shown} (mode 0600; keep it out of version control).`),
    ...(set ? [] : para(`Set on signIn "${journey.id}": "authenticator": "passkey", "passkeyFile": "${shown}".`)),
    ...para(whenUsed(journey, set)),
    ...(journey.secrets.from === 'secrets_manager' ? deployedHint(journey.id, shown, config, width) : []),
    '',
    'What the org must allow (Security > Authenticators):',
    // Okta prompts for an optional authenticator only after a required one is enrolled (help.okta.com, "Authenticator
    // enrollment policies"), or through the passkey promotion: Optional alone brings no offer.
    ...item(
      'Enrollment: the passkey promotion ("Prompt users to enroll a passkey", Passkeys optional), or a rule of the ' +
        'authenticator enrollment policy for a group holding only the synthetic user with Passkeys (FIDO2 WebAuthn) ' +
        'Required and no grace period.',
    ),
    ...item(
      `Passkeys (FIDO2 WebAuthn) > Actions > Edit: no AAGUID allowlist, or one that lists ${PROBE_AAGUID} ` +
        '(Actions > AAGUID list > Add custom AAGUID, without an attestation certificate); no attestation ' +
        'requirement (this authenticator attests "none").',
    ),
    '',
  ];
  return lines.join('\n');
}

/**
 * When the journey's runs sign in with the passkey. This sign-in (the password and a TOTP code) is the journey's last
 * verdict in the state it shares with the runs; a run repeats a verdict only of the authenticator its config names.
 */
function whenUsed(journey: SignInConfig, set: boolean): string {
  return set
    ? `The journey's next run signs in with the passkey, whatever its everyMinutes: this enrollment's TOTP sign-in ` +
        'is not repeated as its verdict.'
    : `Until then the journey's runs answer with the TOTP code, and a scheduled run repeats this enrollment's ` +
        `sign-in (password + TOTP) until the journey is due (everyMinutes ${journey.everyMinutes}); the first run ` +
        'with "authenticator": "passkey" signs in with the passkey at once.';
}

/** A deployed journey's passkey goes into its user's secret: the put file gets it, and `secrets put` sends it. */
function deployedHint(id: string, passkeyFile: string, config: string, width: number): string[] {
  const userFile = join(dirname(config), userSecretFileName(id));
  const [file, user, next] = [shellWord(passkeyFile), shellWord(userFile), shellWord(`${userFile}.new`)];
  return [
    ...wrap(
      'Deployed, the passkey is the "passkey" member of the user\'s secret. Add it to the file "secrets put" reads, ' +
        'and put it; the deployed journey signs in with it from its first run after the put and a deploy with ' +
        '"authenticator": "passkey":',
      width,
      '',
    ),
    ...wrapCommand(
      ['jq', '--slurpfile', 'p', file, "'. + {passkey: $p[0]}'", user, '>', next, '&&', 'mv', next, user],
      width - 2,
    ).map((line) => `  ${line}`),
    ...wrapCommand([NAME, 'secrets', 'put', '--config', shellWord(config), '--only', id], width - 2).map(
      (line) => `  ${line}`,
    ),
  ];
}
