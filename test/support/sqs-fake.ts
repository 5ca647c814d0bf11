// An SQS standard queue with a redrive policy, and the metrics SQS publishes of it, as the SQS Developer Guide
// describes them: NumberOfMessagesSent counts the messages added to a queue by a send, and "if you send a message to a
// dead-letter queue manually, it is captured by this metric. However, messages that are moved to a dead-letter queue
// as a result of failed processing attempts aren't captured by this metric"; ApproximateNumberOfMessagesVisible is the
// messages available for retrieval, the move included (aws-behaviour.md, "Limits and metrics"). A message received
// maxReceiveCount times and not deleted is moved to the dead-letter queue when it is next received.
import type { Published } from './published-metrics';

interface Message {
  readonly id: number;
  receives: number;
}

export interface FakeQueue {
  readonly name: string;
  readonly messages: Message[];
}

export interface SqsFake {
  /** SendMessage: n messages added to `queue` at `minute`. */
  send(queue: string, n: number, minute: number): void;
  /**
   * A consumer (Lambda's event source mapping) receives every visible message of `queue` at `minute` and fails them
   * all: none deleted. A message past its queue's maxReceiveCount is moved to the dead-letter queue instead.
   */
  receiveAndFail(queue: string, minute: number): void;
  /** Each queue's metrics, one datapoint a minute for [0, minutes), as SQS publishes them. */
  metrics(minutes: number): Published[];
}

/** Queues by name, each with its dead-letter queue and maxReceiveCount when it has a redrive policy. */
export function sqsFake(
  redrive: ReadonlyMap<string, { readonly deadLetterQueue: string; readonly maxReceiveCount: number }>,
): SqsFake {
  const queues = new Map<string, Message[]>();
  const sent: { queue: string; minute: number; n: number }[] = [];
  /** Each minute's visible count per queue, as it stood at the minute's end. */
  const visible = new Map<string, Map<number, number>>();
  let next = 0;
  const of = (name: string): Message[] => queues.get(name) ?? (queues.set(name, []), queues.get(name)!);
  const record = (minute: number): void => {
    for (const [name, list] of queues) {
      const byMinute = visible.get(name) ?? new Map<number, number>();
      byMinute.set(minute, list.length);
      visible.set(name, byMinute);
    }
  };
  return {
    send(queue, n, minute) {
      for (let i = 0; i < n; i += 1) of(queue).push({ id: next++, receives: 0 });
      sent.push({ queue, minute, n });
      record(minute);
    },
    receiveAndFail(queue, minute) {
      const policy = redrive.get(queue);
      const list = of(queue);
      for (const message of [...list]) {
        if (policy !== undefined && message.receives >= policy.maxReceiveCount) {
          // The redrive: SQS moves it itself, no SendMessage.
          list.splice(list.indexOf(message), 1);
          of(policy.deadLetterQueue).push({ id: message.id, receives: 0 });
          continue;
        }
        message.receives += 1;
      }
      record(minute);
    },
    metrics(minutes) {
      const out: Published[] = [];
      for (const name of queues.keys()) {
        const dimensions = { QueueName: name };
        let count = 0;
        for (let minute = 0; minute < minutes; minute += 1) {
          count = visible.get(name)?.get(minute) ?? count;
          const at = { namespace: 'AWS/SQS', dimensions, minute };
          out.push({ ...at, name: 'ApproximateNumberOfMessagesVisible', value: count });
          const added = sent.filter((s) => s.queue === name && s.minute === minute).reduce((n, s) => n + s.n, 0);
          out.push({ ...at, name: 'NumberOfMessagesSent', value: added });
        }
      }
      return out;
    },
  };
}
