// The top-level `userSignIns` block: real users' sign-ins judged from the System Log. It reads the log with the
// "org" server's token, so it needs that server with "systemLog": true, and rides on it (ServerConfig.userSignIns) as
// the log's other checks do. The field names are a contract.
import { ORG_SERVER_ID, USER_SIGN_INS } from '../contract';
import type { ServerConfig, UserSignInsConfig } from '../types';
import { checkUnknownFields, isObject, readNumber, typeName, type Json, type Problems } from './readers';

const FIELDS = ['_comment', 'minEvents', 'failureRate'];

/** The block as written, each absent setting its default; undefined when absent (or wrong: the problem says why). */
function readBlock(raw: Json, problems: Problems): UserSignInsConfig | undefined {
  const value = raw.userSignIns;
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    problems.add(
      'userSignIns',
      `expected an object ({} for the defaults, or { "minEvents": ${USER_SIGN_INS.minEvents}, "failureRate": ` +
        `${USER_SIGN_INS.failureRate} }), got ${typeName(value)}`,
    );
    return undefined;
  }
  const before = problems.list.length;
  checkUnknownFields(value, FIELDS, 'userSignIns', problems);
  const minEvents = readNumber(value, 'minEvents', problems, {
    min: 1,
    max: 100_000,
    integer: true,
    unit: 'sign-ins',
    parent: 'userSignIns',
  });
  const failureRate = readFailureRate(value, problems);
  if (problems.list.length > before) return undefined;
  return {
    minEvents: minEvents ?? USER_SIGN_INS.minEvents,
    failureRate: failureRate ?? USER_SIGN_INS.failureRate,
  };
}

/** A fraction: 20 (a percent) is the likely slip, and the message says what to write instead. */
function readFailureRate(value: Json, problems: Problems): number | undefined {
  const rate = value.failureRate;
  if (typeof rate === 'number' && rate > 1 && rate <= 100) {
    problems.add(
      'userSignIns.failureRate',
      `${rate} is above 1: failureRate is a fraction of the people who tried (write ${rate / 100} for ${rate} %)`,
    );
    return undefined;
  }
  if (rate === 0) {
    problems.add(
      'userSignIns.failureRate',
      '0 would fail every app with one failure: use a fraction above 0, e.g. 0.2',
    );
    return undefined;
  }
  return readNumber(value, 'failureRate', problems, {
    min: 0,
    max: 1,
    unit: 'fraction of distinct users',
    parent: 'userSignIns',
  });
}

/** The servers with the block carried by the "org" server, which must read the System Log. */
export function withUserSignIns(
  raw: Json,
  servers: readonly ServerConfig[] | undefined,
  problems: Problems,
): ServerConfig[] | undefined {
  const block = readBlock(raw, problems);
  if (servers === undefined || block === undefined) return servers === undefined ? undefined : [...servers];
  const org = servers.find((s) => s.id === ORG_SERVER_ID);
  if (org?.systemLog !== true) {
    problems.add(
      'userSignIns',
      org === undefined
        ? 'reads the System Log with the "org" server\'s token: add a server with "id": "org" and ' +
            '"systemLog": true (docs/system-log.md, "What to grant"), or remove userSignIns'
        : 'reads the System Log with the "org" server\'s token: add "systemLog": true to it (and okta.logs.read ' +
            'to its scopes), or remove userSignIns',
    );
    return [...servers];
  }
  return servers.map((s) => (s.id === ORG_SERVER_ID ? { ...s, userSignIns: block } : s));
}
