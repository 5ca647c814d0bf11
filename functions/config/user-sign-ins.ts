// The top-level `userSignIns` block: real users' sign-ins judged from the System Log. It reads the log with the
// "org" server's token, so it needs that server with "systemLog": true, and rides on it (ServerConfig.userSignIns) as
// the log's other checks do. The field names are a contract.
import { USER_SIGN_INS } from '../contract';
import type { UserSignInsConfig } from '../types';
import { orgServerAbsent, type OrgBlock } from './org-block';
import { isObject, readLevel, typeName, type Json, type Problems } from './readers';
import { TOP_SCHEMA } from './schema';

/**
 * The block's fields and rules. eventSource's pattern is a partner event source of Okta's Log Streaming as AWS names
 * it: "aws.partner/okta.com/<your Okta subdomain>/<name>" (help.okta.com "Add an AWS EventBridge log stream": the
 * subdomain, as in acme of acme.okta.com, not the org's id; EventBridge's partner event source names are
 * `aws.partner/<partner>/...`, at most 256 characters of letters, digits and . - _ /).
 */
const FIELDS = TOP_SCHEMA.userSignIns.properties;
const PATH = 'userSignIns';

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
  const { minEvents, failureRate, eventSource } = readLevel(value, FIELDS, problems, {
    parent: PATH,
    fields: {
      minEvents: { unit: 'sign-ins' },
      failureRate: { unit: 'fraction of distinct users', refuse: notAFraction },
      // Not a name at all: the same advice, not only "expected a non-empty string".
      eventSource: {
        advice: eventSourceAdvice,
        refuse: (source) => (typeof source === 'string' && source !== '' ? undefined : eventSourceAdvice(source)),
      },
    },
  });
  if (problems.list.length > before) return undefined;
  return {
    minEvents: minEvents ?? USER_SIGN_INS.minEvents,
    failureRate: failureRate ?? USER_SIGN_INS.failureRate,
    ...(eventSource !== undefined && { eventSource }),
  };
}

/** The partner event source's name, as the EventBridge console shows it once Okta created it. */
function eventSourceAdvice(source: unknown): string {
  return (
    "expected the partner event source Okta's Log Streaming created, " +
    `"aws.partner/okta.com/<your Okta subdomain>/<name>" (EventBridge console > Partner event sources), got ${typeof source === 'string' ? JSON.stringify(source.slice(0, 80)) : typeName(source)}: ` +
    'add an "Amazon EventBridge" log stream in Okta (Reports > Log Streaming), copy the source name, or remove ' +
    'eventSource to poll the System Log'
  );
}

/** A fraction: 20 (a percent) is the likely slip, and the message says what to write instead. */
function notAFraction(rate: unknown): string | undefined {
  if (typeof rate === 'number' && rate > 1 && rate <= 100)
    return `${rate} is above 1: failureRate is a fraction of the people who tried (write ${rate / 100} for ${rate} %)`;
  if (rate === 0) return '0 would fail every app with one failure: use a fraction above 0, e.g. 0.2';
  return undefined;
}

/** The block as the "org" server carries it (org-block.ts). */
export const USER_SIGN_INS_BLOCK: OrgBlock<'userSignIns'> = {
  field: PATH,
  read: readBlock,
  absent: orgServerAbsent('userSignIns', 'docs/system-log.md, "What to grant"'),
};
