// What real users' sign-ins cost through Okta's Log Streaming (userSignIns.eventSource), a million events: EventBridge
// ingests each, SQS takes each from EventBridge and hands them to the aggregator in batches, the aggregator's Lambda
// tallies them, DynamoDB keeps the tallies and the probe reads its window. The aggregator's compute and write units are
// measured (BENCHMARKS.md section z, `npm run bench:sign-in-stream`); the rest follows from the prices.
import { AGGREGATOR_MEMORY_MB, PROVISIONING_STREAM, USER_SIGN_INS } from '../contract';
import { PRICES } from './prices';

/** Measured at 100k events a day (BENCHMARKS.md section z): the aggregator's time and the tallies' write units. */
const STREAM_MEASURED = {
  /** ms of the aggregator's compute a million events, one process (3,476 ms for a day of 100k). */
  aggregatorMsPerMillion: 34_760,
  /** DynamoDB write units (1 KB each) of the per-minute parts, a million events (4,319 for a day of 100k). */
  writeUnitsPerMillion: 43_190,
  /** The aggregator's memory, GB, as the stack sets it. */
  lambdaGb: AGGREGATOR_MEMORY_MB / 1024,
} as const;

/**
 * Bytes of a counted event's hashed uuid in the aggregator's record of what it counted (12 characters and a space):
 * Okta delivers at least once, so each batch records its events and reads its minutes' records first.
 */
const COUNTED_BYTES_PER_EVENT = 13;
/**
 * A batch commits each minute in one TransactWriteItems (its tallies, its uuids and the minute's head), so each event
 * is counted exactly once: "Transactional write requests use two write request units per 1 KB" (DynamoDB on-demand
 * pricing), and the minute's records are read strongly consistent, a read unit per 4 KB where an eventually
 * consistent read costs half. Why a commit per minute and not a conditional write per event:
 * docs/decisions/sign-in-stream.md.
 */
const COMMIT = { writeFactor: 2, headUnits: 1, readUnitsPer4Kb: 1 } as const;

/** The cost of a million streamed events, by service, USD. */
export interface StreamCost {
  readonly eventBridge: number;
  readonly sqs: number;
  readonly lambda: number;
  readonly dynamo: number;
  readonly total: number;
}

/**
 * A million events' AWS cost. SQS: EventBridge's SendMessage per event, and Lambda's ReceiveMessage and
 * DeleteMessageBatch of up to 10 messages each. Lambda: the measured compute, and a batch a minute at most (the 60 s
 * window; fewer events than a minute's batch still make one invocation). DynamoDB: the measured writes, and each
 * run's reads of the window (the writes' bytes read back, half a read unit per 4 KB, eventually consistent); and each
 * batch's record of the uuids it counted and the minute's head, written with its tallies in one transaction (twice
 * the units), after a strongly consistent Query of its minutes' records.
 */
export function streamCostPerMillion(scheduleMinutes: number, eventsPerDay = 100_000): StreamCost {
  const { aggregatorMsPerMillion, writeUnitsPerMillion, lambdaGb } = STREAM_MEASURED;
  const eventBridge = PRICES.eventBridgePartnerEvent.usd;
  const sqs = ((1_000_000 + 2 * 100_000) / PRICES.sqsRequest.per) * PRICES.sqsRequest.usd;
  const minutesPerMillion = (1_000_000 / eventsPerDay) * 1440;
  const invocations = Math.min(1_000_000, minutesPerMillion);
  const lambda =
    (aggregatorMsPerMillion / 1000) * lambdaGb * PRICES.lambdaArmGbSecond.usd +
    (invocations / PRICES.lambdaRequest.per) * PRICES.lambdaRequest.usd;
  const runs = minutesPerMillion / scheduleMinutes;
  const readUnits =
    runs * 0.5 * Math.ceil(((writeUnitsPerMillion / minutesPerMillion) * USER_SIGN_INS.windowMinutes) / 4);
  // A batch a minute commits its tallies, that minute's events' uuids and the minute's head in one transaction, after
  // a consistent read of the minute's records (usually a few KB).
  const countedBytes = (1_000_000 / minutesPerMillion) * COUNTED_BYTES_PER_EVENT;
  const countedWrites = minutesPerMillion * (Math.ceil(countedBytes / 1024) + COMMIT.headUnits);
  const countedReads = minutesPerMillion * COMMIT.readUnitsPer4Kb * Math.max(1, Math.ceil(countedBytes / 4096));
  const writes = COMMIT.writeFactor * (writeUnitsPerMillion + countedWrites);
  const dynamo =
    (writes / PRICES.dynamoWriteRequest.per) * PRICES.dynamoWriteRequest.usd +
    ((readUnits + countedReads) / PRICES.dynamoReadRequest.per) * PRICES.dynamoReadRequest.usd;
  return { eventBridge, sqs, lambda, dynamo, total: eventBridge + sqs + lambda + dynamo };
}

/**
 * Bytes of a provisioning event's stored reduction in JSON (uuid, type, action, app id and label, hashed user, class):
 * 303 to 317 measured on Okta-shaped events (test/functions/probe/provisioning/fixtures.ts), a long label more.
 */
const PROVISIONING_REDUCTION_BYTES = 350;

/**
 * A million provisioning events through the same rule and aggregator (with "provisioning" and
 * userSignIns.eventSource): EventBridge, SQS and the aggregator's compute as a sign-in's; DynamoDB: each reduction
 * written in its minute's transaction (two units a KB) with its hashed uuid, and read back, eventually consistent, by
 * every run whose read reaches it: a warm probe reads from PROVISIONING_STREAM.lateMinutes before its last read, so
 * each event about (late minutes + schedule) / schedule times. Cold starts read further back, not counted.
 */
export function provisioningStreamCostPerMillion(scheduleMinutes: number): StreamCost {
  const { eventBridge, sqs, lambda } = streamCostPerMillion(scheduleMinutes);
  const kb = (1_000_000 * (PROVISIONING_REDUCTION_BYTES + COUNTED_BYTES_PER_EVENT)) / 1024;
  const writes = COMMIT.writeFactor * kb;
  const readsPerEvent = (PROVISIONING_STREAM.lateMinutes + scheduleMinutes) / scheduleMinutes;
  const reads = 0.5 * ((1_000_000 * PROVISIONING_REDUCTION_BYTES * readsPerEvent) / 4096);
  const dynamo =
    (writes / PRICES.dynamoWriteRequest.per) * PRICES.dynamoWriteRequest.usd +
    (reads / PRICES.dynamoReadRequest.per) * PRICES.dynamoReadRequest.usd;
  return { eventBridge, sqs, lambda, dynamo, total: eventBridge + sqs + lambda + dynamo };
}

/**
 * Integration health's busy hour on the stream, measured (BENCHMARKS.md section ae, `npm run bench:integrations`):
 * 65,040 events through the aggregator in 21,161 ms at 512 MB, stored as 2,520 write units of counts (a row a minute
 * and integration) and hashed uuids.
 */
const INTEGRATION_MEASURED = { events: 65_040, aggregatorMs: 21_161, writeUnits: 2_520 } as const;

/**
 * A million integration events through the sign-ins' rule and aggregator (with "integrationHealth" and
 * userSignIns.eventSource), beyond EventBridge: Okta streams every System Log event with no filtering (help.okta.com,
 * "Log Streaming"), so the bus bills these events whether or not the rule takes them (eventBridge is 0 here). SQS as a
 * sign-in's; the aggregator's compute and the counts' write units as section ae measured them. The probe's read of the
 * counts each run does not grow with the events (about 250 KB for a busy hour's 1,500 rows) and is not counted.
 */
export function integrationStreamCostPerMillion(scheduleMinutes: number): StreamCost {
  const { sqs } = streamCostPerMillion(scheduleMinutes);
  const scale = 1_000_000 / INTEGRATION_MEASURED.events;
  const lambda =
    ((INTEGRATION_MEASURED.aggregatorMs * scale) / 1000) * STREAM_MEASURED.lambdaGb * PRICES.lambdaArmGbSecond.usd;
  const dynamo =
    ((INTEGRATION_MEASURED.writeUnits * scale) / PRICES.dynamoWriteRequest.per) * PRICES.dynamoWriteRequest.usd;
  return { eventBridge: 0, sqs, lambda, dynamo, total: sqs + lambda + dynamo };
}
