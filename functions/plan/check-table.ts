// The check registry: every fact about a check that is not its code, one row each (check-row.ts says what a row
// holds), written by family under rows/. The engine runs its graph; the plan, the alarms, the dashboard, cost and
// the CLI read it, and outputs.ts derives every metric, alarm and widget from its rows. The runners
// (functions/probe/runners.ts) sit in a map typed against it, so a check without a runner, or a runner without a
// row, does not compile.
// Pure data and type imports only: lib/, plan and cost read it at synth without loading the probe.
import { CHECKS, type CheckName } from '../contract';
import type { CheckRow } from './check-row';
import { ACCESS_ROWS } from './rows/access';
import { AUTHORIZATION_SERVER_ROWS } from './rows/authorization-server';
import { INVENTORY_ROWS } from './rows/inventory';
import { SAML_ROWS } from './rows/saml';
import { SAML_GROUP_ROWS } from './rows/saml-groups';
import { SIGN_IN_ROWS } from './rows/sign-in';
import { STATUS_FEED_ROWS } from './rows/status-feed';
import { SYSTEM_LOG_ROWS } from './rows/system-log';

export { CHECK_FAMILIES, isOrgServer, type CheckFamily, type CheckRow } from './check-row';

export const CHECK_TABLE = {
  ...AUTHORIZATION_SERVER_ROWS,
  ...STATUS_FEED_ROWS,
  ...SYSTEM_LOG_ROWS,
  ...ACCESS_ROWS,
  ...INVENTORY_ROWS,
  ...SIGN_IN_ROWS,
  ...SAML_ROWS,
  ...SAML_GROUP_ROWS,
} as const satisfies Readonly<Record<CheckName, CheckRow>>;

/** A check's row, typed as the interface (the table's literal types are for the type-level helpers below). */
export const checkRow = (check: CheckName): CheckRow => CHECK_TABLE[check];

type Table = typeof CHECK_TABLE;
/** The checks with an HTTP exchange of their own (CheckLatency); also the endpoints classify.ts tells apart. */
export type TimedCheck = { [C in CheckName]: Table[C]['timed'] extends true ? C : never }[CheckName];
/** The checks of the status feed, run once a run. */
export type FeedCheck = { [C in CheckName]: Table[C]['target'] extends 'feed' ? C : never }[CheckName];
/** The checks of a synthetic user's journey (signIn), run per journey. */
export type JourneyCheck = { [C in CheckName]: Table[C]['target'] extends 'journey' ? C : never }[CheckName];
/** The checks of a SAML app (samlApps), run per app in its journey's session. */
export type SamlCheck = { [C in CheckName]: Table[C]['target'] extends 'saml' ? C : never }[CheckName];
/** The checks of a group of SAML apps (samlGroups), run per group in its journey's sessions. */
export type SamlGroupCheck = { [C in CheckName]: Table[C]['target'] extends 'saml-group' ? C : never }[CheckName];
export type ServerCheck = Exclude<CheckName, FeedCheck | JourneyCheck | SamlCheck | SamlGroupCheck>;

export const isTimed = (check: CheckName): check is TimedCheck => CHECK_TABLE[check].timed;

/**
 * The checks whose failure makes a server unavailable in a run (`downtime`), in report order: the availability
 * report and the run line's `servers[].up` both read this list.
 */
export const AVAILABILITY_CHECKS: readonly CheckName[] = CHECKS.filter((check) => checkRow(check).downtime === true);

/** The checks whose latency is their target's `ms` in the run line (`runLineLatency`). */
export const RUN_LINE_LATENCY_CHECKS: readonly CheckName[] = CHECKS.filter(
  (check) => checkRow(check).runLineLatency === true,
);

/** The checks judged from Okta's System Log itself (`fromSystemLog`): the log look-up does not explain them. */
export const SYSTEM_LOG_CHECKS: readonly CheckName[] = CHECKS.filter((check) => checkRow(check).fromSystemLog === true);

/**
 * The checks a fast round of the quorum makes (`fastRound`): every server is asked for a client-credentials token,
 * checked as the full run does (validate for a custom server's JWT, introspect for the Org server's opaque token), and
 * /authorize is called without a user. The engine adds what they need (keys, from its cache).
 */
export const FAST_CHECKS: ReadonlySet<CheckName> = new Set(
  CHECKS.filter((check) => checkRow(check).fastRound !== undefined),
);

/** The fast round's checks that send Okta a request each round (`fastRound: 'asks'`): what its rounds ask of Okta. */
export const FAST_REQUEST_CHECKS: ReadonlySet<CheckName> = new Set(
  CHECKS.filter((check) => checkRow(check).fastRound === 'asks'),
);
