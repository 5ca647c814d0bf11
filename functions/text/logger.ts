// One logger per invocation (a Lambda's, the CLI's run): the invocation's context appended once as keys, the run's
// secrets registered once, and every line scrubbed of them and of the patterns every text gets (text/redact.ts)
// inside the logger, so no call can print a secret whether or not it thinks of one. Powertools' Logger lives in the
// module scope and keeps its appended keys across warm invocations until reset (resetKeys / clearState); a new
// Logger per invocation carries nothing of the last one's (its request id, its secrets), so there is no reset to
// forget.
import { redactAll } from './redact';

type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/** What one call asks written, before its format: the invocation's keys and the call's own fields apart. */
export interface LogRecord {
  readonly level: LogLevel;
  readonly message: string;
  readonly keys: Readonly<Record<string, unknown>>;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A line's text from its record (JSON for Lambda, the message alone for the CLI's stderr); scrubbed after. */
type LogFormat = (record: LogRecord) => string;

export class Logger {
  readonly #keys: Record<string, unknown> = {};
  /** The live list: the engine grows it (ProbeOptions.scrubbed) with the tokens and SSO secrets it obtains. */
  readonly #secrets: string[] = [];

  readonly #format: LogFormat;
  readonly #write: (text: string) => void;

  constructor(format: LogFormat, write: (text: string) => void) {
    this.#format = format;
    this.#write = write;
  }

  /** Keys every later line of this invocation carries; an undefined value is left out. */
  appendKeys(keys: Readonly<Record<string, unknown>>): void {
    for (const [key, value] of Object.entries(keys)) if (value !== undefined) this.#keys[key] = value;
  }

  /** The run's secrets, registered once: every line after (and the outputs that read `secrets`) is scrubbed of them. */
  registerSecrets(values: Iterable<string>): void {
    for (const value of values) if (value !== '' && !this.#secrets.includes(value)) this.#secrets.push(value);
  }

  /**
   * Every secret registered, as one live list: handed to the engine as ProbeOptions.scrubbed, it is the list the run
   * grows and the one its report, traces and run line are scrubbed with too.
   */
  get secrets(): string[] {
    return this.#secrets;
  }

  info(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.#line('INFO', message, fields);
  }

  warn(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.#line('WARN', message, fields);
  }

  error(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.#line('ERROR', message, fields);
  }

  /**
   * A line whose fields the caller already scrubbed with this logger's `secrets` (the run line: runLogLine scrubs each
   * of its texts with that live list): the message and the invocation's keys are scrubbed here, the fields are not
   * scrubbed twice. A 90-server worst-case run line (490 KB) scrubbed again took 0.34 to 0.97 s on 2 busy cores (load
   * 8, scripts/bench/run-line-scrub.ts), at the finish that a run's margin counts.
   */
  scrubbedLine(level: LogLevel, message: string, fields: Readonly<Record<string, unknown>>): void {
    const scrubbed = redactAll({ message, keys: { ...this.#keys } }, [...new Set(this.#secrets)]);
    this.#write(this.#format({ level, ...scrubbed, fields }));
  }

  #line(level: LogLevel, message: string, fields: Readonly<Record<string, unknown>>): void {
    // redactAll, not redact: a line (the Preview run's, a stack) may hold texts longer than one detail's cap.
    const scrubbed = redactAll({ message, keys: { ...this.#keys }, fields }, [...new Set(this.#secrets)]);
    this.#write(this.#format({ level, ...scrubbed }));
  }
}

/** The CLI's run's logger: the message alone on `write` (stderr), as the CLI always said it, scrubbed all the same. */
export function textLogger(write: (text: string) => void): Logger {
  return new Logger(({ message }) => message, write);
}
