// `passkey enroll --stack`: what a deployed journey's runs spent of Okta's passkey promotion. Deployed, the runs answer
// its "Maybe later" as the CLI's do, and count each in the journey's state (JourneyState.promotionSkips), which the
// stack keeps in its table (<prefix>-journey-state, in the region that runs the journey): the CLI's state folder knows
// none of them. Read only, one GetItem: the item is the probe's, written under its lease, and a damaged one is told,
// never replaced. The table's key lets the account's principals use it through DynamoDB, as IAM allows them
// (docs/decisions/journey-state-table.md): the caller needs dynamodb:GetItem on the table and kms:Decrypt on its key.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { journeyTableName } from '../contract';
import type { DeploySettings } from '../config/schema';
import type { PromotionSkips } from '../journey-state';
import { journeyRegion } from '../plan/journey-region';
import { journeyStateProblem } from '../probe/sign-in/state-bounds';
import type { SignInConfig } from '../types';
import { awsTarget, clientConfig, describeAwsFailure, requireAwsCredentials, type AwsTarget } from './aws';
import type { CommandIo } from './frame';

/** What the deployed journey's state told of the promotion: its skips (none counted: undefined), or why nothing. */
export type StackSkips =
  | { readonly where: string; readonly skips: PromotionSkips | undefined }
  | { readonly where: string; readonly problem: string };

/** The deployed journey's skips, read when asked: after the sign-in, only when Okta offered nothing. */
export type StackSkipsReader = () => Promise<StackSkips>;

/** The stack's DynamoDB client of a region and profile (tests point it at a loopback fake). */
export type DynamoOf = (region: string, profile?: string) => DynamoDBClient;

/**
 * The reader of `journey`'s deployed state, its AWS credentials resolved now: a command that cannot read the stack
 * stops before anything is sent to Okta.
 */
export async function stackSkipsReader(
  journey: SignInConfig,
  deploy: DeploySettings,
  how: { readonly flags: { region?: string; profile?: string }; readonly io: CommandIo; readonly dynamo?: DynamoOf },
): Promise<StackSkipsReader> {
  const region = how.flags.region ?? journeyRegion(journey, deploy);
  const target = await awsTarget('passkey enroll', { ...how.flags, region }, deploy, how.io);
  const client = how.dynamo?.(target.region, target.profile) ?? new DynamoDBClient(clientConfig(target));
  await requireAwsCredentials('passkey enroll', client, target);
  const table = journeyTableName(deploy.prefix);
  return () => readStackSkips(client, table, journey.id, target);
}

async function readStackSkips(client: DynamoDBClient, table: string, id: string, target: AwsTarget) {
  const where = `the DynamoDB table ${table} in ${target.region} (journey ${id})`;
  try {
    const { peekDynamoState } = await import('../lambda/journey-state-dynamodb');
    const stored = await peekDynamoState(table, id, client);
    if (stored.damaged !== undefined) return { where, problem: `its state is damaged (${stored.damaged})` };
    if (stored.state === undefined) return { where, skips: undefined };
    // Read as every reader of the state reads it (state-bounds.ts): a state out of its bounds tells nothing.
    const problem = journeyStateProblem(stored.state, Date.now());
    return problem === undefined ? { where, skips: stored.state.promotionSkips } : { where, problem };
  } catch (error) {
    return { where, problem: `not read: ${describeAwsFailure(error, target)}` };
  }
}
