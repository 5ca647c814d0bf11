// An answer without X-Okta-Request-Id did not come from Okta, which sends one on every answer: a body that is not the
// endpoint's JSON is then a proxy's, a captive portal's or our network's, never told as Okta's nor paging as Okta's.
// The registry decides it (MALFORMED_RESPONSE's row names the code it is without Okta's request id), and every view
// reads the verdict.
import { describe, expect, it } from 'vitest';
import { codeRow } from '../../../functions/diagnosis/registry';
import { judgeTokenResponse } from '../../../functions/probe/okta/token';
import { judgeStatus } from '../../../functions/probe/feed/status';
import { verdictOf } from '../../../functions/plan/verdict';
import { answer, NOW } from './fixtures';

const custom = { orgServer: false, authMethod: 'client_secret_basic' as const };
const unsigned = (status: number, body: unknown) => ({ ...answer(status, body), requestId: null });

describe('a malformed answer without an Okta request id', () => {
  it("is Okta's with Okta's request id: its owner Okta, failing", () => {
    const code = judgeTokenResponse(custom, answer(200, 'not json')).diagnosis?.code;
    expect(code).toBe('MALFORMED_RESPONSE');
    expect(verdictOf('token', code!)).toMatchObject({ owner: 'okta', state: 'failing' });
  });

  it("is not Okta's without one: ours to check (a proxy, a captive portal), never a page told as Okta's", () => {
    const verdict = judgeTokenResponse(custom, unsigned(200, '<html>Sign in to the hotel Wi-Fi</html>'));
    const code = verdict.diagnosis!.code;
    expect(code).not.toBe('MALFORMED_RESPONSE');
    expect(verdict.diagnosis).toMatchObject({ httpStatus: 200, requestId: null });
    expect(verdictOf('token', code)).toMatchObject({ owner: 'probe', state: 'unknown' });
    // The registry says so: the row of MALFORMED_RESPONSE names the code, whose row is ours, at the edge.
    expect(codeRow('MALFORMED_RESPONSE').withoutRequestId).toBe(code);
    expect(codeRow(code)).toMatchObject({ owner: 'probe', layer: 'edge' });
  });

  it("keeps the status feed's own reading: a status page never carries Okta's request id", () => {
    expect(judgeStatus(unsigned(200, 'not a feed'), NOW).diagnosis?.code).toBe('MALFORMED_RESPONSE');
  });
});
