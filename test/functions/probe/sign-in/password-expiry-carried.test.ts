// password-expiry reads the journey's run: when the journey repeated its last verdict (not due, or held), so does the
// password's warning, labelled carried like the journey's, never a fresh verdict on the password.
import { describe, expect, it } from 'vitest';
import { JOURNEY_RUNNERS, type JourneyCheckContext } from '../../../../functions/probe/runners';
import type { SignInRun } from '../../../../functions/probe/sign-in/journey';

const contextOf = (run: SignInRun) => ({ need: () => Promise.resolve(run) }) as unknown as JourneyCheckContext;

describe('password-expiry of a carried journey', () => {
  it('is carried from when the journey judged it', async () => {
    const judged = await JOURNEY_RUNNERS['password-expiry'](
      contextOf({ judgement: { diagnosis: null }, passwordExpiresInDays: 3, carried: { judgedAt: 1_800_000_000_000 } }),
    );
    expect(judged.carried).toEqual({ judgedAt: 1_800_000_000_000 });
    expect(judged.judgement).toMatchObject({ diagnosis: { code: 'PASSWORD_EXPIRING' } });
  });

  it('is fresh when the journey ran', async () => {
    const judged = await JOURNEY_RUNNERS['password-expiry'](
      contextOf({ judgement: { diagnosis: null }, passwordExpiresInDays: null }),
    );
    expect(judged.carried).toBeUndefined();
  });
});
