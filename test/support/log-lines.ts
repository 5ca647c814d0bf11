// Every test file's setup (vitest.config.ts setupFiles): the JSON log lines the Lambda handlers write (notifier,
// probe, aggregator: {"level": ...}, to the console or to stdout) are held while a test runs, never printed for a
// test that passes (`npm test` printed 29 of them, some "level":"ERROR", from passing tests: noise that hides a real
// one), and printed under a failing test, where they explain it. Anything else written is untouched.
import { beforeEach } from 'vitest';

/** A structured log line as the handlers write it: one JSON object opening with its level. */
export const JSON_LOG_LINE = /^\s*\{"level":"[A-Z]+"/;

interface Held {
  lines: string[];
}

const HELD = Symbol.for('okta-synthetics.test.held-log-lines');
const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/** The lines held for the running test: one buffer per worker, whichever file's setup installed it. */
export function heldLogLines(): Held {
  const global = globalThis as { [HELD]?: Held };
  if (global[HELD] === undefined) {
    const held: Held = { lines: [] };
    global[HELD] = held;
    // Installed once per worker: unit files share theirs (isolate: false) and run this setup each.
    for (const method of METHODS) {
      const write = console[method].bind(console);
      console[method] = (...args: unknown[]) => {
        if (typeof args[0] === 'string' && JSON_LOG_LINE.test(args[0])) held.lines.push(args.map(String).join(' '));
        else write(...args);
      };
    }
    // The Lambdas' logger writes its lines to stdout whole (functions/lambda/log.ts): held alike, one line a chunk.
    const writeOut = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' && JSON_LOG_LINE.test(chunk)) {
        held.lines.push(chunk.replace(/\n$/, ''));
        return true;
      }
      return writeOut(chunk, ...rest);
    }) as typeof process.stdout.write;
  }
  return global[HELD];
}

beforeEach((context) => {
  const held = heldLogLines();
  held.lines = [];
  context.onTestFailed(() => {
    if (held.lines.length > 0) process.stderr.write(`Log lines of the failed test:\n${held.lines.join('\n')}\n`);
  });
});
