// The three-region quorum the quorum's tests decide with: us-east-1 home, two of three agreeing, the defaults' cadence.
import type { StackQuorum } from '../../functions/config/quorum';

export const THREE_REGIONS: StackQuorum = {
  agree: 2,
  checkEverySeconds: 20,
  freshSeconds: 45,
  homeRegion: 'us-east-1',
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
};
