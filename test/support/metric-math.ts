// The part of CloudWatch's metric math that the stack's alarms use (numbers, metric ids, + - * /, comparisons that
// give 1 or 0, IF, FILL, ABS, MIN, MAX), evaluated on one period's values. The simulated deployment reads each
// alarm's expression from the synthesized template and evaluates it here, so the fake never holds a second copy of
// what lib/ builds: a function or operator it does not know is an error, never a silent 0.

type Values = Readonly<Record<string, number | undefined>>;
/** A metric's value in the period: undefined when it has no datapoint (FILL gives it one). */
type Node = (values: Values) => number | undefined;

const FUNCTIONS: Record<string, (args: (number | undefined)[]) => number | undefined> = {
  IF: ([condition, then, otherwise]) => (condition === undefined ? undefined : condition !== 0 ? then : otherwise),
  FILL: ([value, fill]) => value ?? fill,
  ABS: ([value]) => (value === undefined ? undefined : Math.abs(value)),
  MIN: (args) => (args.some((a) => a === undefined) ? undefined : Math.min(...(args as number[]))),
  MAX: (args) => (args.some((a) => a === undefined) ? undefined : Math.max(...(args as number[]))),
};
const ARITY: Record<string, number | undefined> = { IF: 3, FILL: 2, ABS: 1 };

const BINARY: Record<string, { readonly rank: number; readonly apply: (a: number, b: number) => number }> = {
  '>=': { rank: 1, apply: (a, b) => Number(a >= b) },
  '<=': { rank: 1, apply: (a, b) => Number(a <= b) },
  '>': { rank: 1, apply: (a, b) => Number(a > b) },
  '<': { rank: 1, apply: (a, b) => Number(a < b) },
  '==': { rank: 1, apply: (a, b) => Number(a === b) },
  '!=': { rank: 1, apply: (a, b) => Number(a !== b) },
  '+': { rank: 2, apply: (a, b) => a + b },
  '-': { rank: 2, apply: (a, b) => a - b },
  '*': { rank: 3, apply: (a, b) => a * b },
  '/': { rank: 3, apply: (a, b) => a / b },
};

const TOKEN = /\s*(>=|<=|==|!=|[-+*/(),<>]|\d+(?:\.\d+)?|[A-Za-z_]\w*)/y;

/** Parses a metric math expression once; the result evaluates it on a period's metric values. */
export function parseMetricMath(expression: string): (values: Values) => number | undefined {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (expression.slice(TOKEN.lastIndex).trim() === '') break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (match === null) throw new Error(`metric math: cannot read "${expression.slice(at)}" in ${expression}`);
    tokens.push(match[1]!);
  }
  let i = 0;
  const expect = (token: string): void => {
    if (tokens[i] !== token)
      throw new Error(`metric math: expected "${token}" at token ${i} of ${expression}, got ${tokens[i] ?? 'the end'}`);
    i += 1;
  };
  const primary = (): Node => {
    const token = tokens[i++];
    if (token === undefined) throw new Error(`metric math: ${expression} ends early`);
    if (token === '(') {
      const inner = binary(0);
      expect(')');
      return inner;
    }
    if (token === '-') {
      const operand = primary();
      return (v) => {
        const x = operand(v);
        return x === undefined ? undefined : -x;
      };
    }
    if (/^\d/.test(token)) {
      const n = Number(token);
      return () => n;
    }
    if (tokens[i] === '(') {
      const fn = FUNCTIONS[token];
      if (fn === undefined)
        throw new Error(`metric math: the fake does not know ${token}() (in ${expression}): teach it`);
      i += 1;
      const args: Node[] = [];
      if (tokens[i] !== ')') {
        for (;;) {
          args.push(binary(0));
          if (tokens[i] !== ',') break;
          i += 1;
        }
      }
      expect(')');
      const arity = ARITY[token];
      if (arity !== undefined && args.length !== arity)
        throw new Error(`metric math: ${token}() takes ${arity} arguments, got ${args.length} in ${expression}`);
      return (v) => fn(args.map((a) => a(v)));
    }
    if (!/^[a-z]\w*$/.test(token)) throw new Error(`metric math: unexpected "${token}" in ${expression}`);
    return (v) => v[token];
  };
  const binary = (minRank: number): Node => {
    let left = primary();
    for (;;) {
      const op = BINARY[tokens[i] ?? ''];
      if (op === undefined || op.rank < minRank) return left;
      i += 1;
      const right = binary(op.rank + 1);
      const l = left;
      left = (v) => {
        const a = l(v);
        const b = right(v);
        return a === undefined || b === undefined ? undefined : op.apply(a, b);
      };
    }
  };
  const root = binary(0);
  if (i !== tokens.length)
    throw new Error(`metric math: unexpected "${tokens[i]}" after ${tokens.slice(0, i).join(' ')} in ${expression}`);
  return root;
}
