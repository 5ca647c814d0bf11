// A group or policy rule in error named from whatever its event carries: the catalogue gives these events' targets no
// type, so a rule typed otherwise than the simulator's, or named only in debugData, is still named; one the event
// does not name is said so, never "unknown".
import { describe, expect, it } from 'vitest';
import {
  isSkipped,
  readIntegrationEvent,
  type IntegrationEvent,
} from '../../../../functions/probe/integrations/events';
import { judgeIntegrations } from '../../../../functions/probe/integrations/judge';

const USER = { id: '00u1person00000x7', type: 'User', displayName: 'Pat Person', alternateId: 'pat@acme.example' };
const GROUP = { id: '00g1engineers000x7', type: 'UserGroup', displayName: 'Engineers' };
const POLICY = { id: '00p1policy000000x7', type: 'PolicyEntity', displayName: 'Default Policy' };

function told(eventType: string, target: readonly object[], debugData: object = {}): string[] {
  const read = readIntegrationEvent({
    uuid: `u-${eventType}`,
    published: '2026-03-02T10:00:00.000Z',
    eventType,
    outcome: { result: 'FAILURE' },
    target,
    debugContext: { debugData },
  });
  expect(isSkipped(read)).toBe(false);
  return judgeIntegrations([read as IntegrationEvent], Date.parse('2026-03-02T10:15:00.000Z')).told.map(
    (t) => t.finding.detail ?? '',
  );
}

describe('a rule in error, named from what its event carries', () => {
  it('names a group rule from a target of a type of its own, beside the group and the user', () => {
    const rule = { id: '0pr1grouprule000x7', type: 'MembershipRule', displayName: 'Engineers by department' };
    expect(told('group.user_membership.rule.error', [USER, GROUP, rule])).toEqual([
      'group rule "Engineers by department" (0pr1grouprule000x7): in error or invalidated',
    ]);
  });

  it("names a group rule by debugData's rule id when no target is the rule", () => {
    expect(
      told('group.user_membership.rule.invalidate', [USER, GROUP], {
        triggered_by_group_rule_id: '0pr1grouprule000x7',
      }),
    ).toEqual(['group rule (0pr1grouprule000x7): in error or invalidated']);
  });

  it('names a policy rule typed otherwise than PolicyRule, never the policy that holds it', () => {
    const rule = { id: '0pr1signonrule00x7', type: 'SignOnPolicyRule', displayName: 'Office network' };
    expect(told('policy.rule.invalidate', [POLICY, rule])).toEqual([
      'policy rule "Office network" (0pr1signonrule00x7): invalidated by Okta',
    ]);
  });

  it('says a rule the event does not name is unnamed, never a rule called "unknown"', () => {
    expect(told('group.user_membership.rule.error', [USER, GROUP])).toEqual([
      'a group rule (the event named neither its name nor its id): in error or invalidated',
    ]);
  });
});
