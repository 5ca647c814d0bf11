// Okta's Log Streaming as the sign-ins' queue delivers it: each System Log event the simulator makes
// (sim/user-sign-ins.ts, in Okta's size and shape: sim/log-event-shape.ts) in an EventBridge event envelope
// (EventBridge user guide, "Amazon EventBridge events": version, id, detail-type, source, account, time, region,
// resources, detail), the envelope the body of an SQS message (Lambda's SQS event: Records[].messageId, body). Okta's
// partner source names the source; its detail-type is not documented in a source we hold, and neither the rule nor the
// aggregator reads it.
import { oktaShaped } from '../../sim/log-event-shape';
import { userSignInEvents } from '../../sim/user-sign-ins';

/** Okta names the source by the org's subdomain (help.okta.com "Add an AWS EventBridge log stream"). */
export const EVENT_SOURCE = 'aws.partner/okta.com/acme/okta-synthetics';

/** One SQS message of the queue, its body the EventBridge event around `detail`. */
export function streamMessage(detail: unknown, n: number): { messageId: string; body: string } {
  const envelope = {
    version: '0',
    id: `0f3e1c5a-0000-4000-8000-${String(n).padStart(12, '0')}`,
    'detail-type': 'SystemLog',
    source: EVENT_SOURCE,
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'eu-west-1',
    resources: [],
    detail,
  };
  return { messageId: `msg-${n}`, body: JSON.stringify(envelope) };
}

/** The simulated org's sign-in events of [since, until) with a fault, as SQS messages in batches of `size`. */
export function streamBatches(
  fault: Parameters<typeof userSignInEvents>[0],
  synthetic: readonly string[],
  since: number,
  until: number,
  size = 10_000,
): { Records: { messageId: string; body: string }[] }[] {
  const messages = userSignInEvents(fault, synthetic, since, until).map((event, n) =>
    streamMessage(oktaShaped(event), n),
  );
  const batches: { Records: { messageId: string; body: string }[] }[] = [];
  for (let at = 0; at < messages.length; at += size) batches.push({ Records: messages.slice(at, at + size) });
  return batches;
}
