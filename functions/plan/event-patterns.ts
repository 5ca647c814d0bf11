// EventBridge rules whose event pattern grows with the config, split so each fits EventBridge's quota: the
// notifier's and the alarm states' rules (exact alarm names) and the sign-ins stream's rule (the event types of
// userSignIns, provisioning and integrationHealth together). Pure, without CDK: the stack builds one rule per group,
// and the deploy rule 'event-patterns' (deploy-rules.ts) judges the same groups for `plan` and `cdk synth` alike.
import { INTEGRATION_EVENT_FILTERS, ORG_SERVER_ID, PROVISIONING_EVENT_TYPES, SIGN_IN_EVENT_TYPES } from '../contract';

/**
 * EventBridge quotas (eb-quota.html), "Event pattern size": 2,048 characters at most for one rule's pattern. Past
 * it PutRule fails, so CloudFormation fails to create the rule and rolls the stack back. Adjustable on request, so
 * never relied on beyond the default.
 */
export const MAX_EVENT_PATTERN_LENGTH = 2048;

/** Room left for how CloudFormation serializes the pattern (spacing), characters. */
const PATTERN_MARGIN = 64;

/**
 * `values` in groups whose patterns (`patternOf`) each fit EventBridge's quota, in order: one rule per group. A value
 * whose pattern alone passes `max` is a group of its own (eventPatternProblems refuses it).
 */
export function patternGroups<T>(
  values: readonly T[],
  patternOf: (group: readonly T[]) => object,
  max = MAX_EVENT_PATTERN_LENGTH - PATTERN_MARGIN,
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  for (const value of values) {
    if (current.length > 0 && JSON.stringify(patternOf([...current, value])).length > max) {
      groups.push(current);
      current = [];
    }
    current.push(value);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** An event type as a pattern matches it: itself, or a family by its prefix (EventBridge content filtering). */
type EventTypeMatch = string | { readonly prefix: string };

/** The part of a config the sign-ins stream's rule is built from. */
interface StreamedConfig {
  readonly probe: {
    readonly servers: readonly {
      readonly id: string;
      readonly userSignIns?: { readonly eventSource?: string };
      readonly integrationHealth?: unknown;
    }[];
  };
}

/** The "org" server, which alone reads the System Log's streamed events. */
function orgServer(config: StreamedConfig) {
  return config.probe.servers.find((s) => s.id === ORG_SERVER_ID);
}

/** The partner event source of the "org" server's userSignIns, or undefined without one. */
export function signInEventSource(config: StreamedConfig): string | undefined {
  return orgServer(config)?.userSignIns?.eventSource;
}

/**
 * The integration-health event types as an EventBridge pattern's values, when the config judges integrations: each
 * type as itself, each family (the polling filter's `sw`) as a prefix match.
 */
export function integrationPattern(config: StreamedConfig): EventTypeMatch[] {
  if (orgServer(config)?.integrationHealth === undefined) return [];
  return [...INTEGRATION_EVENT_FILTERS.eq, ...INTEGRATION_EVENT_FILTERS.sw.map((prefix) => ({ prefix }))];
}

/** The pattern of one sign-ins rule: Okta's events of these types. */
export function signInsPattern(eventTypes: readonly EventTypeMatch[]) {
  return { detail: { eventType: [...eventTypes] } };
}

/** The block that brings each part of the sign-ins rule's event types, for the words of a refusal. */
const STREAM_BLOCKS = 'userSignIns.eventSource, provisioning and integrationHealth';

/**
 * The sign-ins stream's rules, one group of event types each, none without userSignIns.eventSource: the sign-in
 * types, with `provisioning` its types (`provisioned`: whether the probe judges provisioning, as the stack decides
 * it), with integrationHealth its types and families. The three together passed 2,048 characters in one pattern.
 */
export function signInsRuleGroups(config: StreamedConfig, provisioned: boolean): EventTypeMatch[][] {
  if (signInEventSource(config) === undefined) return [];
  const types: EventTypeMatch[] = [
    ...SIGN_IN_EVENT_TYPES,
    ...(provisioned ? PROVISIONING_EVENT_TYPES : []),
    ...integrationPattern(config),
  ];
  return patternGroups(types, signInsPattern);
}

/** A rule's name and its pattern's length, as a refusal names them. */
interface RulePattern {
  readonly rule: string;
  readonly length: number;
}

/** The blocks that fill a rule's pattern: the stream's event types, or the alarms a notifier rule names. */
function blocksOf(rule: string): string {
  return /-sign-ins(-\d+)?$/.test(rule) ? STREAM_BLOCKS : 'servers, signIn, samlApps (the alarms the rule names)';
}

/**
 * The one wording of an event pattern past EventBridge's quota, for the deploy rule and the template's judge (`where`:
 * the template and resource, when judged there).
 */
export function eventPatternProblem(rule: RulePattern, where = ''): string {
  return (
    `${where}${blocksOf(rule.rule)}: the EventBridge rule ${rule.rule}'s event pattern would be ${rule.length} ` +
    `characters, past EventBridge's ${MAX_EVENT_PATTERN_LENGTH} ("Event pattern size", EventBridge quotas), so ` +
    `CloudFormation would fail to create it and roll the stack back; turn one of these blocks off, or report it: ` +
    `the stack splits its rules at the limit and this one could not be split`
  );
}

/** The sign-ins rules' patterns past the quota (a single event type too long to split), for `plan` and synth. */
export function eventPatternProblems(config: StreamedConfig, provisioned: boolean, prefix: string): string[] {
  return signInsRuleGroups(config, provisioned).flatMap((group, index) => {
    const length = JSON.stringify(signInsPattern(group)).length;
    return length <= MAX_EVENT_PATTERN_LENGTH
      ? []
      : [eventPatternProblem({ rule: signInsRuleName(prefix, index), length })];
  });
}

/** The name of the sign-ins stream's rule `index` (0: the first, whose name the stack has always used). */
export function signInsRuleName(prefix: string, index: number): string {
  return `${prefix}-sign-ins${index === 0 ? '' : `-${index + 1}`}`;
}
