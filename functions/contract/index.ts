// The contract between what the probe emits (functions/) and what the stack watches (lib/). No imports from outside
// this folder (test/architecture.test.ts): both sides depend on it and on nothing of each other, so an alarm can
// never watch a metric nobody emits, and a diagnosis code can never be documented but not produced. One file per
// kind of fact: names, shared settings, the latency alarm, diagnosis codes, the Lambdas' deployment
// contract, the run line, and the Logs Insights queries over it.
export * from './admin-roles';
export * from './deployment';
export * from './diagnosis-codes';
export * from './latency-alarm';
export * from './names';
export * from './queries';
export * from './run-log';
export * from './settings';
export * from './quorum';
