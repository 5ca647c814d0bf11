// The integration-health check when the System Log cannot be read this run (429): with nothing read beside it (no hook
// list, no domain asked for), the check stays a skip, never a pass and never "not seen".
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../../functions/types';
import { LogSession } from '../../../../functions/probe/okta/log-session';
import { runIntegrationHealth } from '../../../../functions/probe/integrations/run';
import { createMemoryKeptStore } from '../../../../functions/probe/kept-store';
import { logReader, logToken, scriptedLogOrg } from '../../../support/log-org';
import { createMemoryCache } from '../../../../functions/cache/read-through';

const NOW = Date.parse('2026-11-25T10:30:30Z');
const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

/** /api/v1/logs answering 429 E0000047, its bucket spent. */
const throttled = {
  ok: true as const,
  response: {
    status: 429,
    headers: {
      'content-type': 'application/json',
      'x-rate-limit-limit': '120',
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(Math.ceil(NOW / 1000) + 60),
    },
    body: JSON.stringify({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
    }),
    bodyTruncated: false,
    requestId: 'reqThrottled',
    timings: { total: 5 },
    receivedAt: NOW,
  },
};

describe('integration health with the System Log unread', () => {
  it('stays a skip when nothing beside the log was read or found', async () => {
    const org = scriptedLogOrg(logReader(privateKeyPem), privateKeyPem, [throttled], logToken(NOW), () => NOW);
    const server = { ...logReader(privateKeyPem), integrationHealth: {} } as ServerConfig;
    const judged = await runIntegrationHealth(
      {
        ...org.ctx,
        server,
        config: { orgUrl: 'https://acme.okta.com' },
        cache: createMemoryCache(),
        kept: createMemoryKeptStore(),
        now: () => NOW,
      } as Parameters<typeof runIntegrationHealth>[0],
      new LogSession(org.ctx, []),
    );
    expect(judged.judgement).toMatchObject({ notRun: 'skip', reason: expect.stringMatching(/^system-log failed: /) });
    expect(JSON.stringify(judged)).not.toMatch(/not seen|"diagnosis":null/);
  });
});
