// The certificate check: days to expiry of the org URL's certificate, judged from the answers the run got.
import { describe, expect, it } from 'vitest';
import { judgeCertificate } from '../../../../functions/probe/servers/certificate';
import type { HttpResponse } from '../../../../functions/probe/http';
import { CERTIFICATE_WARN_DAYS } from '../../../../functions/contract';
import { reportMetrics } from '../../../../functions/probe/metrics';
import { judged } from '../../../../functions/probe/verdict';
import { toCheckResult } from '../../../../functions/probe/results';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const DAY = 86_400_000;

function answer(validTo?: number): HttpResponse {
  return {
    status: 200,
    headers: {},
    body: '{}',
    bodyTruncated: false,
    requestId: 'req-cert',
    timings: { total: 5 },
    receivedAt: NOW,
    ...(validTo !== undefined ? { certificate: { validTo, subject: 'acme.okta.com' } } : {}),
  };
}

/** The judgement as the engine reports it, under the first server. */
const judge = (responses: HttpResponse[], orgUrl = 'https://acme.okta.com') =>
  toCheckResult({ server: 'org', check: 'certificate' }, judged(judgeCertificate({ orgUrl, responses, now: NOW })));

describe('judgeCertificate', () => {
  it('passes with the days left, and publishes them as the gauge (no CheckSuccess: the gauge is the check)', () => {
    const result = judge([answer(), answer(NOW + 90 * DAY)]);
    expect(result).toMatchObject({
      status: 'pass',
      observed: { daysToExpiry: 90, expiresAt: '2027-02-20T12:00:00.000Z', subject: 'acme.okta.com' },
    });
    expect(reportMetrics([result])).toEqual([
      { name: 'TlsCertificateDaysToExpiry', unit: 'None', dimensions: { Server: 'org' }, value: 90 },
    ]);
  });

  it(
    `fails under ${CERTIFICATE_WARN_DAYS} days with TLS_CERT_EXPIRING, the date and the request id of the ` + `answer`,
    () => {
      const result = judge([answer(NOW + 10.26 * DAY)]);
      expect(result.status).toBe('fail');
      expect(result.diagnosis).toMatchObject({
        code: 'TLS_CERT_EXPIRING',
        requestId: 'req-cert',
        detail: expect.stringContaining('expires in 10.2 days'),
      });
      expect(judge([answer(NOW + (CERTIFICATE_WARN_DAYS - 0.05) * DAY)]).status).toBe('fail');
      expect(judge([answer(NOW + CERTIFICATE_WARN_DAYS * DAY)]).status).toBe('pass');
    },
  );

  it('says an expired certificate has expired', () => {
    expect(judge([answer(NOW - 2 * DAY)]).diagnosis?.detail).toContain('expired 2 days ago');
  });

  it('does not apply to a plain-http org URL (the simulator), and is skipped when the org did not answer', () => {
    expect(judge([answer()], 'http://127.0.0.1:8080')).toMatchObject({ status: 'n/a' });
    expect(judge([])).toMatchObject({ status: 'skip', skipReason: expect.stringContaining('no answer') });
    expect(judge([answer()])).toMatchObject({ status: 'n/a', skipReason: expect.stringContaining('no certificate') });
  });
});
