// Every alarm name of a deployment, in one place: built here for the plan and the stack, parsed here
// for the notifier and `status`, checked here for `plan`, `cost` and `cdk synth` (deploy-rules.ts). Names are
// predictable so runbooks, dashboards and people can find them:
//   `${prefix}-${server}-${check}`        a check's CheckSuccess alarm (a journey's checks use its signIn id)
//   `${prefix}-${server}-${gauge alarm}`  a gauge alarm (suffixes in the contract's GAUGES)
//   `${prefix}-${server}-${severity}`     a server's page or warn composite: what notifies people
//   `${prefix}-${liveness name}`          the deployment's own: the probe's, the notifier's, the alarm states'
//                                         dead letters (named in the contract's deployment.ts, so the config
//                                         refuses their words as ids without the plan)
// Pure and CDK-free: the notifier's bundle imports it.
import { SEVERITIES, type Severity } from '../contract';

/** CloudWatch's longest alarm name, characters. */
export const MAX_ALARM_NAME_LENGTH = 255;

/** A member alarm of a server: a check's (suffix = the check) or a gauge's (suffix = the gauge alarm's name). */
export function memberAlarmName(prefix: string, server: string, suffix: string): string {
  return `${prefix}-${server}-${suffix}`;
}

/** A server's page or warn composite: the alarm that notifies people about that server. */
export function compositeAlarmName(prefix: string, server: string, severity: Severity): string {
  return `${prefix}-${server}-${severity}`;
}

/**
 * Every alarm of this deployment AND of any deployment whose prefix extends it (`okta-synthetics-*` also matches
 * `okta-synthetics-staging-...`). Only for read permissions, never to route or match alarm changes: those use
 * exact names (notificationRoutes).
 */
export function anyAlarmOf(prefix: string): string {
  return `${prefix}-*`;
}

/** Server and severity of a composite (`${prefix}-${server}-${severity}`); server is the whole rest otherwise. */
export function parseAlarmName(name: string, prefix: string): { server: string; severity: Severity | null } {
  const rest = name.startsWith(`${prefix}-`) ? name.slice(prefix.length + 1) : name;
  const severity = SEVERITIES.find((s) => rest.endsWith(`-${s}`)) ?? null;
  return { server: severity === null ? rest : rest.slice(0, -(severity.length + 1)), severity };
}

/**
 * The id (of `ids`: servers, journeys, the status feed) whose alarm this is: the longest id the name starts with
 * (`org-clock-...` belongs to server "org-clock", not to "org"); of equal ones the later. Undefined for the
 * deployment's own alarms.
 */
export function alarmOwner(name: string, prefix: string, ids: readonly string[]): string | undefined {
  let owner: { id: string; index: number } | undefined;
  ids.forEach((id, index) => {
    if (!name.startsWith(`${prefix}-${id}-`)) return;
    if (owner === undefined || id.length >= owner.id.length) owner = { id, index };
  });
  return owner?.id;
}

/** An id that names alarms, and the config field to change when its names clash or grow too long. */
export interface AlarmNameOwner {
  readonly id: string;
  readonly field: string;
}

/**
 * Problems with a deployment's alarm names, naming the field to change: two alarms with one name (server
 * "org-clock" beside "org" and its "clock" check, say) would overwrite each other in CloudWatch, and a name over
 * 255 characters fails the deploy.
 */
export function alarmNameProblems(
  prefix: string,
  owners: readonly AlarmNameOwner[],
  names: readonly string[],
): string[] {
  const ids = owners.map((o) => o.id);
  // Of equal ids the later owner is the one to rename; alarmOwner picks the later of equal ones, by index.
  const fieldOf = (name: string): string => {
    const id = alarmOwner(name, prefix, ids);
    if (id === undefined) return 'prefix';
    const matching = owners.filter((o) => o.id === id);
    return matching[matching.length - 1]?.field ?? 'prefix';
  };
  const clashes = new Map<string, string[]>();
  const tooLong = new Map<string, string>();
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) clashes.set(fieldOf(name), [...(clashes.get(fieldOf(name)) ?? []), name]);
    seen.add(name);
    if (name.length > MAX_ALARM_NAME_LENGTH && !tooLong.has(fieldOf(name))) tooLong.set(fieldOf(name), name);
  }
  return [
    ...[...clashes].map(([field, clashing]) => {
      const more = clashing.length > 1 ? ` and ${clashing.length - 1} more` : '';
      return (
        `${field}: its alarms would share names with another server's or journey's ("${clashing[0]}"${more}), ` +
        `and CloudWatch keeps one alarm per name; change the id`
      );
    }),
    ...[...tooLong].map(
      ([field, name]) =>
        `${field}: the alarm name "${name.slice(0, 60)}..." has ${name.length} characters, CloudWatch allows ${MAX_ALARM_NAME_LENGTH}; ` +
        `shorten the id or the prefix`,
    ),
  ];
}
