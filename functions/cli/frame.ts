// The frame every okta-synthetics command runs in: one io type, one exit-code table, one kind of usage error
// and one argument parser (node:util parseArgs, strict, its errors turned into one line naming the fix). A
// command throws UsageError; runCommand prints it the same way for every command and returns EXIT.usage.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../text/did-you-mean';
import { wrapBlock } from '../text/wrap';

export const NAME = 'okta-synthetics';

/** What a command writes to and reads from. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Which streams are a terminal, and its width; absent for pipes and tests. Colour and wrapping follow it. */
  readonly terminal?: Terminal;
}

interface Terminal {
  readonly stdout: boolean;
  readonly stderr: boolean;
  /** stdout's width in columns, when it is a terminal. */
  readonly columns?: number;
}

/** Colour on a stream only when it is a terminal and NO_COLOR is unset (https://no-color.org). */
export function useColor(io: Pick<CommandIo, 'terminal' | 'env'>, stream: 'stdout' | 'stderr'): boolean {
  return io.terminal?.[stream] === true && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '');
}

/** stdout's width when it is a terminal; undefined for a pipe. */
export function terminalColumns(io: Pick<CommandIo, 'terminal'>): number | undefined {
  return io.terminal?.stdout === true ? io.terminal.columns : undefined;
}

/**
 * The command could not do its work, for a reason of the place it runs in, not of the command line nor of what it
 * checks: no AWS credentials, AWS unreachable or refusing, a history folder it cannot write. Judged before any
 * request is sent, so nothing is half done. `report` gives it too when there is nothing to report on (no run in the
 * period, no history folder, a day file it cannot read): not 1, which says a target was missed.
 */
export const EXIT_COULD_NOT_RUN = 3;

/** Exit codes of every command, one meaning each; 70 is EX_SOFTWARE from sysexits.h. */
export const EXIT = {
  /** Everything checked passed or only warned (run, demo), or the command did what was asked. */
  ok: 0,
  /** A check failed (run, demo), or what the command tried was refused (notify-test). */
  checksFailed: 1,
  /** Bad command line or configuration: nothing was done. */
  usage: 2,
  couldNotRun: EXIT_COULD_NOT_RUN,
  /** A bug in okta-synthetics. */
  internal: 70,
} as const;

/** A mistake on the command line: exit 2 with the message and a pointer to the command's help. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Whose --help to point at (undefined: the top-level help). */
    readonly command?: string,
  ) {
    super(message);
  }
}

/**
 * The command as a message tells the user to type it again. Installed (`npm install -g .`: the name on PATH), its
 * name; otherwise (through npm in the clone, or `node bin/okta-synthetics.mjs`, where the bare name makes the shell
 * answer "command not found") `npx --no-install okta-synthetics`, which runs the clone's copy: a bare
 * `npx okta-synthetics` outside the clone asks the public registry for a package of that name, and the name is not
 * ours there, so anyone could publish it.
 */
export function selfCommand(env: NodeJS.ProcessEnv): string {
  const npm = env.npm_command !== undefined || env.npm_lifecycle_event !== undefined;
  return !npm && onPath(NAME, env.PATH) ? NAME : `npx --no-install ${NAME}`;
}

/** Whether a shell given `path` (PATH) finds an executable `name`. */
function onPath(name: string, path: string | undefined): boolean {
  return (path ?? '').split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * A usage message's width: a terminal's first width, whatever stderr is (a message that lists the fields or the
 * options ran to 600 columns).
 */
const MESSAGE_WIDTH = 80;

/** The command could not run where it is (EXIT_COULD_NOT_RUN): the message names the cause and the fix. */
export class CouldNotRunError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Runs a command; a UsageError becomes its message, the pointer to the help, and EXIT.usage; a CouldNotRunError
 * its message and EXIT_COULD_NOT_RUN.
 */
export async function runCommand(io: FailureIo, command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (error) {
    const code = commandFailure(error, io);
    if (code === undefined) throw error;
    return code;
  }
}

/** Where a failure is said, and the environment that tells how to name the command (`selfCommand`). */
type FailureIo = Pick<CommandIo, 'stderr' | 'terminal'> & { readonly env?: NodeJS.ProcessEnv };

/**
 * A UsageError or CouldNotRunError said on stderr, with its exit code; undefined for anything else (a bug). The help
 * it points to is named as the command runs here: "okta-synthetics" alone on no PATH is "command not found".
 */
export function commandFailure(error: unknown, io: FailureIo): number | undefined {
  if (error instanceof CouldNotRunError) {
    // Piped, one line unwrapped: a cron's log or a service manager's journal reads it, and a grep finds it whole. On a
    // terminal, a person reads it: wrapped at 80 columns like every other message.
    const said = `${NAME}: ${error.message}`;
    io.stderr(`${io.terminal?.stderr === true ? wrapBlock(said, MESSAGE_WIDTH) : said}\n`);
    return EXIT_COULD_NOT_RUN;
  }
  if (!(error instanceof UsageError)) return undefined;
  io.stderr(
    `${wrapBlock(`${NAME}: ${error.message}`, MESSAGE_WIDTH)}\nRun "${selfCommand(io.env ?? {})}` +
      `${error.command !== undefined ? ` ${error.command}` : ''} --help" for usage.\n`,
  );
  return EXIT.usage;
}

/** node:util parseArgs in strict mode, its errors turned into one-line usage errors with suggestions. */
export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args: negativeValuesJoined(args, options), options, strict: true, allowPositionals: false })
      .values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const known = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
      const hint = didYouMean(
        quoted,
        known.filter((k) => k.startsWith('--')),
      );
      throw new UsageError(
        `${command}: unknown option ${quoted}${hint ? ` (did you mean ${hint}?)` : `; the options are ${known.join(', ')}`}`,
        command,
      );
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(
        `${command}: unexpected argument "${quoted}"${command === 'run' ? ' (the file goes after --config)' : ''}`,
        command,
      );
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      // "Option '-c, --config <value>' argument missing" / "Option '--json' does not take an argument"
      const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
      const takesValue = Object.entries(options).some(([name, o]) => `--${name}` === option && o.type === 'string');
      throw new UsageError(
        takesValue
          ? `${command}: ${option} needs a value (${option} ${VALUE_NAMES[option.slice(2)] ?? 'VALUE'})`
          : `${command}: ${option} takes no value`,
        command,
      );
    }
    throw new UsageError(`${command}: ${message.split('. ')[0] ?? message}`, command);
  }
}

/** What an option's value is, for "--config needs a value (--config FILE)". */
const VALUE_NAMES: Readonly<Record<string, string>> = {
  config: 'FILE',
  out: 'FILE',
  junit: 'FILE',
  'config-dir': 'DIR',
  scenario: 'NAME',
  check: 'NAME',
  server: 'ID',
  region: 'REGION',
  org: 'URL',
  'preview-org': 'URL',
  severity: 'warn|page',
  'fail-on': 'warn',
  profile: 'NAME',
};

/**
 * "--duration-ms -5" as "--duration-ms=-5": parseArgs takes a value starting with "-" for an option, so the
 * command would say the value is missing instead of judging it (and naming the range).
 */
function negativeValuesJoined(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    if (arg.startsWith('--') && options[arg.slice(2)]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}
