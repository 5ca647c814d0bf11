// `passkey enroll --stack`: when Okta offers no enrollment, the command tells the passkey prompts the deployed
// journey's runs skipped, read from the stack's journey-state table (on the loopback AWS fake) as the probe keeps it:
// a skip limit the Lambda's runs spent ends the promotion, and the CLI's own state folder knows none of those skips.
// A state that cannot be read is said to be unknown, never a count of 0.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPasskey } from '../../../functions/cli/passkey';
import { JOURNEY_TABLE, journeyTableName } from '../../../functions/contract';
import { createDynamoStateStore } from '../../../functions/lambda/journey-state-dynamodb';
import type { Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { IDX_JOURNEY } from '../../../sim/idx-scenarios';
import { fakeClientConfig, startAwsFake, type AwsFake } from '../../support/aws-fake';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { captureIo } from './helpers';

const sim = useSimulator({ scenario: 'idx-passkey-enroll-optional' });
const temp = useTempDir('okta-synthetics-passkey-stack-');
const TABLE = journeyTableName('okta-synthetics');
let aws: AwsFake;
beforeAll(async () => {
  aws = await startAwsFake({ quotas: false });
});
afterAll(() => aws.close());

const dynamo = (): DynamoDBClient => new DynamoDBClient(fakeClientConfig(aws));
const SINCE = Date.parse('2026-11-20T08:00:00.000Z');

/**
 * `passkey enroll` with `args` on an org that offers no enrollment (Passkeys optional, no promotion). One state folder
 * for every call: each waits out the TOTP step the one before used, as Okta refuses a code twice.
 */
async function offeredNothing(args: string[]) {
  const dir = mkdtempSync(join(temp(), 'cfg-'));
  const config = await writeSimulatorConfig(sim(), dir);
  const io = captureIo({ XDG_STATE_HOME: join(temp(), 'state') });
  const all = ['enroll', '--config', config, '--journey', IDX_JOURNEY, '--out', join(dir, 'none.json'), ...args];
  const code = await runPasskey(all, io, { dynamo });
  expect(code, io.out() + io.err()).toBe(1);
  return io.out();
}

describe('passkey enroll --stack, offered nothing', () => {
  it('says the count is unknown when the stored state is damaged, and leaves the item as it was', async () => {
    await createDynamoStateStore(TABLE, { client: dynamo() }).write(IDX_JOURNEY, {
      promotionSkips: { count: 1, since: SINCE },
    });
    const key = `${IDX_JOURNEY}|state`;
    const damaged = { ...aws.dynamoTables.get(TABLE)?.get(key), [JOURNEY_TABLE.state]: { S: '{"trunc' } };
    aws.dynamoTables.get(TABLE)?.set(key, damaged as never);
    const text = (await offeredNothing(['--stack', '--region', 'us-east-1'])).replace(/\s+/g, ' ');
    expect(text).toContain("The deployed journey's skips are unknown: the DynamoDB table");
    expect(text).toMatch(/its state is damaged \(its state holds no JSON object\)/);
    expect(aws.dynamoTables.get(TABLE)?.get(key)).toEqual(damaged);
  });

  it("tells the deployed runs' skips from the stack's table, within 80 columns; --json carries them", async () => {
    const store = createDynamoStateStore(TABLE, { client: dynamo() });
    await store.write(IDX_JOURNEY, { promotionSkips: { count: 2, since: SINCE } });
    const text = await offeredNothing(['--stack', '--region', 'us-east-1']);
    expect(text.replace(/\s+/g, ' ')).toContain(
      `The deployed journey's runs (the DynamoDB table ${TABLE} in us-east-1 (journey ${IDX_JOURNEY})) have ` +
        "skipped Okta's passkey prompt 2 times since 2026-11-20",
    );
    expect(text.split('\n').filter((line) => line.length > 80 && / ./.test(line.trim()))).toEqual([]);
    // Read, never written: the item is the probe's.
    const writes = aws.calls.filter((c) => c.operation === 'dynamodb.PutItem').length;
    const json = JSON.parse(await offeredNothing(['--stack', '--region', 'us-east-1', '--json'])) as Report & {
      stackPromotionSkips?: unknown;
      promotionSkips?: unknown;
    };
    expect(json.stackPromotionSkips).toEqual({
      where: `the DynamoDB table ${TABLE} in us-east-1 (journey ${IDX_JOURNEY})`,
      count: 2,
      since: '2026-11-20',
    });
    expect(json.promotionSkips).toBeUndefined();
    expect(aws.calls.filter((c) => c.operation === 'dynamodb.PutItem').length).toBe(writes);
  });

  it('without --stack reads no table and tells no deployed count', async () => {
    const calls = aws.calls.length;
    const text = await offeredNothing([]);
    expect(text).not.toContain('deployed journey');
    expect(aws.calls.length).toBe(calls);
  });
});
