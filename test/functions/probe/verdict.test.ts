import { describe, expect, it } from 'vitest';
import { fail, pass, withFoundRequest } from '../../../functions/probe/verdict';

describe('withFoundRequest', () => {
  it("keeps the earlier finding's request id and status on the retold verdict, whatever its own said", () => {
    const retold = withFoundRequest(fail('CLOCK_SKEW', 'clock ahead', { skewSeconds: 90 }), {
      requestId: 'reqRefused',
      httpStatus: 400,
    });
    expect(retold.diagnosis).toMatchObject({ code: 'CLOCK_SKEW', requestId: 'reqRefused', httpStatus: 400 });
    expect(retold.diagnosis?.detail).toBe('clock ahead');
    expect(retold.observed).toEqual({ skewSeconds: 90 });
  });

  it('leaves out a status the finding never had, and leaves a pass a pass', () => {
    const retold = withFoundRequest(fail('CLOCK_SKEW'), { requestId: null });
    expect(retold.diagnosis).not.toHaveProperty('httpStatus');
    expect(retold.diagnosis?.requestId).toBeNull();
    expect(withFoundRequest(pass(), { requestId: 'r', httpStatus: 400 })).toEqual(pass());
  });
});
