// Each AWS call the probe's stores make is bounded by the run's end as well as its own cap: the stores are kept across
// warm invocations, so they ask the run's end (RunEnd) at each call. The clock is injected (Date frozen) and the
// budget read from the timeout each call asks for: nothing here waits.
import { BatchWriteItemCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunEnd } from '../../../functions/deadline';
import { createDynamoCatalogueStore } from '../../../functions/lambda/catalogue-dynamodb';
import { SSM_CALL_TIMEOUT_MS, ssmParameters } from '../../../functions/lambda/journey-state-ssm';
import { EC2_CALL_TIMEOUT_MS, readOwnVpc } from '../../../functions/lambda/own-vpc';
import { readKey } from '../../../functions/lambda/provisioning-dynamodb';
import { StoreError } from '../../../functions/probe/kept-store';
import { createDynamoSignInTallyStore } from '../../../functions/lambda/sign-in-tallies-dynamodb';

const ssm = mockClient(SSMClient);
const dynamo = mockClient(DynamoDBClient);
const ec2 = mockClient(EC2Client);
const secrets = mockClient(SecretsManagerClient);
// The unit lane shares a worker between files (vitest.config.ts): a stub left on a client's prototype would answer the
// next file's calls.
afterAll(() => [ssm, dynamo, ec2, secrets].forEach((stub) => stub.restore()));

const NOW = Date.parse('2026-11-22T03:10:00.000Z');
const region = { region: 'eu-west-1' };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  ssm.reset();
  dynamo.reset();
  ec2.reset();
  secrets.reset();
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '{}', Version: 1 } });
  dynamo.on(QueryCommand).resolves({ Items: [] });
  secrets.on(GetSecretValueCommand).resolves({ SecretString: 'k'.repeat(32) });
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24' }] });
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ CidrBlock: '10.0.0.0/16' }] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Each store's one read, with the run's end it is given. */
const reads: readonly (readonly [string, number, (runEnd: RunEnd) => Promise<unknown>])[] = [
  [
    'the SSM parameters (journeys, kept records)',
    SSM_CALL_TIMEOUT_MS,
    (end) => ssmParameters(new SSMClient(region), end).get('p'),
  ],
  [
    "the SAML groups' DynamoDB catalogue (and the provisioning ledger)",
    SSM_CALL_TIMEOUT_MS,
    (end) => createDynamoCatalogueStore('t', { client: new DynamoDBClient(region), runEnd: end }).read('g'),
  ],
  [
    "the sign-ins' tallies",
    SSM_CALL_TIMEOUT_MS,
    (end) => createDynamoSignInTallyStore('t', { client: new DynamoDBClient(region), runEnd: end }).read([1]),
  ],
  ["the provisioning ledger's key", SSM_CALL_TIMEOUT_MS, (end) => readKey(new SecretsManagerClient(region), 's', end)],
  ["the probe's own VPC", EC2_CALL_TIMEOUT_MS, (end) => readOwnVpc(['subnet-1'], new EC2Client(region), end)],
];

describe("an AWS call of the probe's stores", () => {
  it.each(reads)("gets the run's remaining time when it is under the call's cap: %s", async (_what, cap, read) => {
    const timeouts = vi.spyOn(AbortSignal, 'timeout');
    await read(() => NOW + 700);
    await read(() => Infinity);
    const asked = timeouts.mock.calls.map(([ms]) => ms);
    // The own VPC makes two calls a read; every other store one.
    const calls = asked.length / 2;
    expect(asked).toEqual([...Array<number>(calls).fill(700), ...Array<number>(calls).fill(cap)]);
  });

  it("is not sent once the run's end has passed: the store says why, the own VPC's read names it", async () => {
    const late: RunEnd = () => NOW - 1;
    await expect(ssmParameters(new SSMClient(region), late).get('p')).rejects.toMatchObject({ name: 'DeadlineError' });
    expect(await readOwnVpc(['subnet-1'], new EC2Client(region), late)).toEqual({ unread: 'DeadlineError' });
    expect([ssm.calls().length, ec2.calls().length]).toEqual([0, 0]);
  });

  it("gives up a batch write's retry whose pause would outlive the run, saying how many items it leaves", async () => {
    // A busy table leaves every item unprocessed; the pause is the test's own, moving the frozen clock.
    dynamo.on(BatchWriteItemCommand).callsFake((input: { RequestItems?: unknown }) => ({
      UnprocessedItems: input.RequestItems,
    }));
    const paused: number[] = [];
    const wait = (ms: number): Promise<void> => {
      paused.push(ms);
      vi.setSystemTime(Date.now() + ms);
      return Promise.resolve();
    };
    const store = createDynamoCatalogueStore('t', {
      client: new DynamoDBClient(region),
      runEnd: () => NOW + 250,
      wait,
    });
    const apps = new Map(['a', 'b', 'c'].map((app) => [app, { at: NOW }] as const));
    await expect(store.write('g', apps, [])).rejects.toThrow(
      new StoreError(
        "t: 3 item(s) not written: the run ends in 150 ms, before retry 2's pause of 200 ms is over (the table's " +
          'capacity)',
      ),
    );
    // The first retry's pause (100 ms) fits before the run's end; the second's (200 ms of the 150 left) is not taken.
    expect(paused).toEqual([100]);
    expect(Date.now()).toBeLessThanOrEqual(NOW + 250);
    expect(dynamo.commandCalls(BatchWriteItemCommand)).toHaveLength(2);
  });

  it('sends a batch write again after each pause while the run has time, up to its last retry', async () => {
    dynamo.on(BatchWriteItemCommand).callsFake((input: { RequestItems?: unknown }) => ({
      UnprocessedItems: input.RequestItems,
    }));
    const paused: number[] = [];
    const wait = (ms: number): Promise<void> => (paused.push(ms), Promise.resolve());
    const store = createDynamoCatalogueStore('t', {
      client: new DynamoDBClient(region),
      runEnd: () => NOW + 700,
      wait,
    });
    await expect(store.write('g', new Map([['a', {}]]), [])).rejects.toThrow(
      "t: 1 item(s) not written after 3 retries (the table's capacity)",
    );
    expect(paused).toEqual([100, 200, 400]);
    expect(dynamo.commandCalls(BatchWriteItemCommand)).toHaveLength(4);
  });
});
